"""``SafeApp``: the App base class that keeps data inert and the layout sane.

- ``notify`` sanitises every message and title (``Toast`` renders ``markup=False``
  messages as ``Content(message)``, which would pass ESC, C1 and bidi controls from an
  error text straight to the terminal) and never parses markup for them: notifications
  carry error and data text.
- Below :data:`~papertui.tui.widgets.too_small.MIN_WIDTH` x ``MIN_HEIGHT`` the
  :class:`~papertui.tui.widgets.too_small.TooSmall` screen covers the UI.
- An alt+letter that nothing binds is Esc then the letter (Esc, q typed quickly).
- ``o`` opens the current paper's link through :func:`papertui.tui.urls.open_or_show_url`
  (never a browser over SSH: the URL is shown, linked and copied). A screen may bind
  ``o`` itself; screen bindings win over the app's.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.events import Event, Key, Resize
from textual.notifications import SeverityLevel

from papertui.library.fields import OTHER_LINKS
from papertui.library.sanitize import clean, one_line
from papertui.tui.textual_private import forward_key
from papertui.tui.widgets.too_small import check_size

ReturnType = TypeVar("ReturnType")

NOTIFY_MAX_CHARS = 500


class SafeApp(App[ReturnType]):
    """Base class of ``PaperTUI`` (see module doc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open_link", "Open link", show=False, id="app.open-link"),
    ]

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

    async def on_event(self, event: Event) -> None:
        """An unbound alt+letter is Esc then the letter: Esc followed quickly by a key
        (within the terminal's escape delay, common over SSH) arrives as one alt+key."""
        if (
            isinstance(event, Key)
            and not event.is_forwarded
            and event.key.startswith("alt+")
            and event.character is not None
            and len(event.character) == 1
            and event.character.isprintable()
            and event.key not in self.screen.active_bindings
        ):
            name = event.key.removeprefix("alt+")
            if name.startswith("shift+"):
                name = event.character
            target = self.focused or self.screen
            # Both to the same pane, in order: Esc may move the focus, and every pane
            # passes on a key that arrives after it lost the focus.
            forward_key(target, Key("escape", "\x1b"))
            forward_key(target, Key(name, event.character))
            return
        if isinstance(event, Key) and not event.is_forwarded:
            route = getattr(self.screen, "route_key", None)  # MainScreen.route_key
            if route is not None and route(event):
                return
        await super().on_event(event)

    def on_mount(self) -> None:
        self.call_after_refresh(check_size, self)

    def on_resize(self, event: Resize) -> None:
        check_size(self, event.size)

    def current_paper_links(self) -> list[tuple[str, str]]:
        """The links of the paper the active screen shows, as (label, URL), arXiv first."""
        for screen in reversed(self.screen_stack):
            library = getattr(screen, "library", None)
            paper_id = getattr(screen, "current", None)
            if library is not None and isinstance(paper_id, str):
                paper = library.get(paper_id)
                if paper is not None:
                    links = [
                        ("arXiv", str(paper.arxiv_url)),
                        ("Explainer", str(paper.explainer)),
                        ("Web", str(paper.url)),
                        *((OTHER_LINKS.get(k, k), str(u)) for k, u in paper.other_links),
                    ]
                    return [(label, url) for label, url in links if url]
        return []

    def current_paper_url(self) -> str:
        """The first link of the paper the active screen shows (arXiv first), or ``""``."""
        links = self.current_paper_links()
        return links[0][1] if links else ""

    def action_open_link(self) -> None:
        from papertui.tui.urls import open_or_show_links

        links = self.current_paper_links()
        if not links:
            self.notify("This paper has no link", severity="warning")
            return
        open_or_show_links(self, links)
