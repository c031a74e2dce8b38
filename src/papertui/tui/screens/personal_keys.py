"""The personal layer's keys: ``r`` ``*`` ``n`` ``v`` on the highlighted paper (the
detail panel's), each written to the reading state at once; mixed into
:class:`~papertui.tui.screens.personal.PersonalMixin` (which opens the state, counts and
paints it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from papertui.personal.entry import STATUS_MARKS
from papertui.tui.safetext import safe_text
from papertui.tui.screens.personal_export import ExportMixin
from papertui.tui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from papertui.library.model import Library, Paper
    from papertui.personal.state import PersonalState

PERSONAL_ACTIONS = frozenset(
    {"cycle_status", "toggle_star", "edit_note", "toggle_mark", "copy_bibtex"}
)


class PersonalKeysMixin(ExportMixin):
    """The keys that change the reading state or the marks."""

    library: Library | None
    personal: PersonalState | None
    marks: dict[str, None]
    current: str | None

    def _changed(self) -> None: ...  # pragma: no cover - PersonalMixin's

    # -- the paper a key acts on ----------------------------------------------------------------

    def target(self) -> Paper | None:
        """The highlighted paper (the detail panel's)."""
        if self.library is None:
            return None
        results = self.query_one(ResultList)
        # In the list its cursor wins: ``current`` follows it a message later, and a key
        # typed right after j must act on the row the cursor is on now.
        paper_id = results.highlighted_id if self.focused is results else None
        paper_id = paper_id or self.current or results.highlighted_id
        return self.library.get(paper_id) if paper_id else None

    def check_personal_action(self, action: str) -> bool | None:
        if action in PERSONAL_ACTIONS:
            return True if self.target() is not None else None
        return True

    def _opening(self) -> bool:
        if self.personal is None:
            self.notify("The reading state is still opening", timeout=2, markup=False)
        return self.personal is None

    def _write(self, what: str, change: str) -> None:
        from papertui.personal.state import StateUnavailable  # loaded by the worker already

        paper = self.target()
        if paper is None or self._opening() or self.personal is None:
            return
        try:
            if change == "status":
                entry = self.personal.cycle_status(paper.id)
                text = f"{STATUS_MARKS[entry.status]} {entry.status}"
            else:
                entry = self.personal.toggle_star(paper.id)
                text = "* starred" if entry.starred else "not starred"
        except StateUnavailable as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        self.notify(f"{paper.short}: {text}", title=what, timeout=2, markup=False)
        self._changed()

    # -- keys ----------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        self._write("Read status", "status")

    def action_toggle_star(self) -> None:
        self._write("Star", "star")

    def action_edit_note(self) -> None:
        from papertui.tui.screens.note_editor import NoteEditor

        paper = self.target()
        if paper is None or self._opening() or self.personal is None:
            return
        paper_id = paper.id
        note = self.personal.get(paper_id).note

        def save(text: str | None) -> None:
            from papertui.personal.state import StateUnavailable

            if text is None or self.personal is None:
                return
            try:
                self.personal.set_note(paper_id, text)
            except StateUnavailable as error:
                self.notify(str(error), title="Note not saved", severity="error", markup=False)
                return
            self.notify("Note saved", timeout=2, markup=False)
            self._changed()

        heading = Content.assemble("Note on ", safe_text(paper.short, "bold"))
        self.app.push_screen(NoteEditor(heading, note, read_only=not self.personal.writable), save)

    def action_toggle_mark(self) -> None:
        paper = self.target()
        if paper is None:
            return
        if paper.id in self.marks:
            del self.marks[paper.id]
        else:
            self.marks[paper.id] = None
        self._changed()
        n = len(self.marks)
        text = f"{n} marked for export (e)" if n else "No marks: e exports the list"
        self.notify(text, timeout=2, markup=False)
