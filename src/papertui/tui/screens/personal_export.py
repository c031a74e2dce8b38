"""The main screen's exports: ``e`` writes the marks (or the result list) to a file, asking
before it replaces one; ``y`` copies the highlighted paper's BibTeX (OSC 52). A mixin of
:class:`~papertui.tui.screens.main.MainScreen`, beside :mod:`.personal`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.tui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from textual.screen import Screen

    from papertui.library.model import Library, Paper
    from papertui.personal.state import PersonalState

    _Base = Screen[None]
else:
    _Base = object


class ExportMixin(_Base):
    """For a screen with ``library``, ``personal``, ``marks`` and ``target()``."""

    library: Library | None
    personal: PersonalState | None
    marks: dict[str, None]

    def target(self) -> Paper | None: ...  # pragma: no cover - PersonalMixin's

    def export_papers(self) -> tuple[list[Paper], str]:
        """The marks (in date order), else the current result list; and what they are."""
        if self.library is None:
            return [], ""
        if self.marks:
            papers = [p for p in map(self.library.get, self.marks) if p is not None]
            papers.sort(key=lambda p: (p.date, p.title.casefold()))
            return papers, "marked"
        ids: Sequence[str] = self.query_one(ResultList).ids
        return [p for p in map(self.library.get, ids) if p is not None], "in the list"

    def action_export(self) -> None:
        from papertui.tui.screens.export_dialog import ExportDialog

        papers, which = self.export_papers()
        if not papers:
            self.notify("Nothing to export", severity="warning", markup=False)
            return

        def write(choice: tuple[Path, str] | None) -> None:
            from papertui.personal.export import export, write_file

            if choice is None:
                return
            path, fmt = choice
            personal = self.personal
            state_of = personal.get if personal is not None else None
            try:
                write_file(path, export(fmt, papers, state_of))
            except OSError as error:
                text = f"Could not write {path}: {error.strerror or error}"
                self.notify(text, title="Export failed", severity="error", markup=False)
                return
            n = len(papers)
            self.notify(f"Wrote {n} paper{'s' if n != 1 else ''} to {path}", markup=False)

        self.app.push_screen(ExportDialog(len(papers), which), write)

    def action_copy_bibtex(self) -> None:
        from papertui.personal.export import bibtex

        paper = self.target()
        if paper is None:
            return
        self.app.copy_to_clipboard(bibtex([paper]))
        text = f"Copied the BibTeX of {paper.short} (OSC 52; your terminal must allow it)"
        self.notify(text, timeout=3, markup=False)
