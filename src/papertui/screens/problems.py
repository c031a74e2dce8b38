"""A modal list of every load problem, as ``file:line:col: message`` (safe text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from papertui.safetext import safe_text
from papertui.widgets import TextRows


class ProblemsScreen(ModalScreen[None]):
    """Every problem the loader reported; the good papers stay usable behind it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close"),
    ]

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__()
        self._problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box"):
            count = len(self._problems)
            title = f"{count} problem{'s' if count != 1 else ''} in the data (Esc closes)"
            yield Label(Content(title).stylize("bold"))
            yield TextRows(id="problem-rows")

    def on_mount(self) -> None:
        rows = self.query_one(TextRows)
        rows.show([safe_text(problem) for problem in self._problems])
        rows.focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
