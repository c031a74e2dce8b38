"""``SafeApp``: the App base class that keeps data inert and the layout sane.

- ``notify`` sanitises every message and title (``Toast`` renders ``markup=False``
  messages as ``Content(message)``, which would pass ESC, C1 and bidi controls from an
  error text straight to the terminal) and never parses markup for them: notifications
  carry error and data text.
- Below :data:`~papertui.widgets.too_small.MIN_WIDTH` x ``MIN_HEIGHT`` the
  :class:`~papertui.widgets.too_small.TooSmall` screen covers the UI.
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import App
from textual.events import Resize
from textual.notifications import SeverityLevel

from papertui.sanitize import clean, one_line
from papertui.widgets.too_small import check_size

ReturnType = TypeVar("ReturnType")

NOTIFY_MAX_CHARS = 500


class SafeApp(App[ReturnType]):
    """Base class of ``PaperTUI`` (see module doc)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        text = clean(message, multiline=True)
        if len(text) > NOTIFY_MAX_CHARS:
            text = text[: NOTIFY_MAX_CHARS - 1] + "\u2026"
        super().notify(
            text, title=one_line(title), severity=severity, timeout=timeout, markup=False
        )

    def on_mount(self) -> None:
        self.call_after_refresh(check_size, self)

    def on_resize(self, event: Resize) -> None:
        check_size(self, event.size)
