"""A modal list of every load problem, as ``file:line:col: message`` (safe text).

Rows name files relative to the data folder so the message fits; the highlighted
problem is also shown in full below the list, wrapped, with its absolute path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from papertui.library.problems import Problem
from papertui.tui.safetext import safe_text
from papertui.tui.widgets import TextRows


def short_location(problem: Problem, data_dir: Path | None) -> str:
    """``problem`` as text, its file relative to ``data_dir`` when it lies inside it."""
    if data_dir is not None:
        try:
            relative = Path(problem.file).relative_to(data_dir)
        except ValueError:
            pass
        else:
            return str(Problem(str(relative), problem.line, problem.col, problem.message))
    return str(problem)


class ProblemsScreen(ModalScreen[None]):
    """Every problem the loader reported; the good papers stay usable behind it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close", id="problems.dismiss"),
    ]

    def __init__(
        self,
        problems: Sequence[Problem],
        data_dir: Path | None = None,
        *,
        orphans: tuple[Sequence[str], Path | None] = ((), None),
    ) -> None:
        """``orphans``: the ids in the reading state that are not in the data (kept), and
        the state's file; listed after the data's problems."""
        super().__init__()
        self._problems = problems
        self._data_dir = data_dir
        self._orphans, self._state_path = orphans

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box"):
            count, kept = len(self._problems), len(self._orphans)
            parts = [f"{count} problem{'s' if count != 1 else ''} in the data"] if count else []
            if kept:
                papers = f"{kept} paper{'s' if kept != 1 else ''}"
                parts.append(f"{papers} of your reading state not in this data (kept)")
            title = " \u00b7 ".join(parts) + " (Esc closes)"
            yield Label(Content(title).stylize("bold"))
            if self._data_dir is not None:
                yield Label(Content.assemble("in ", safe_text(str(self._data_dir))))
            yield TextRows(id="problem-rows")
            yield Static(id="problem-full")

    def on_mount(self) -> None:
        rows = self.query_one(TextRows)
        shown = [short_location(p, self._data_dir) for p in self._problems]
        shown += [f"reading state: {pid} is not in this data (kept)" for pid in self._orphans]
        rows.show([safe_text(line) for line in shown])
        rows.focus()
        self._show_full(0)

    def on_text_rows_highlighted(self, event: TextRows.Highlighted) -> None:
        event.stop()
        self._show_full(event.index)

    def _show_full(self, index: int) -> None:
        full = self.query_one("#problem-full", Static)
        if 0 <= index < len(self._problems):
            full.update(safe_text(str(self._problems[index])))
        elif 0 <= index - len(self._problems) < len(self._orphans):
            pid = self._orphans[index - len(self._problems)]
            where = f" in {self._state_path}" if self._state_path is not None else ""
            text = (
                f"{pid}: recorded in your reading state{where} but not in this data; its"
                " status, star and note are kept (`papertui state` lists them)"
            )
            full.update(safe_text(text))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
