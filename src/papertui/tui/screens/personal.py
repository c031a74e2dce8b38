"""The main screen's personal layer: read status, stars, notes, marks and exports.

:class:`PersonalMixin` owns the :class:`~papertui.personal.state.PersonalState` and the
marks (``v``/space), binds the keys ``r`` ``*`` ``n`` ``v`` ``e`` ``y``, hands the result
list a badge per row (mark, star, status, note: ``+*✓✎``, readable without colour), and turns the
search box's ``is:``/``has:``/``note:`` filters into the id sets of ``View.within`` /
``View.without`` (:mod:`papertui.personal.filters`), so the engine stays free of the state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from papertui.personal.export import STATUS_MARKS, bibtex, export, write_file
from papertui.personal.filters import restrict
from papertui.personal.state import PersonalState, StateUnavailable
from papertui.search.engine import View
from papertui.search.query import parse_query
from papertui.tui.safetext import safe_text
from papertui.tui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from textual.screen import Screen

    from papertui.library.model import Library, Paper

    _Base = Screen[None]
else:
    _Base = object

PERSONAL_ACTIONS = frozenset(
    {"cycle_status", "toggle_star", "edit_note", "toggle_mark", "copy_bibtex"}
)
NOTE_MARK = "\u270e"
REFRESH_EVERY = 2.0  # seconds between checks for another session's writes (one PRAGMA)


class PersonalMixin(_Base):
    """Mixed into :class:`~papertui.tui.screens.main.MainScreen` (which has ``library``,
    ``view``, ``current`` and ``run_search``)."""

    PERSONAL_BINDINGS: ClassVar[list[BindingType]] = [
        # off the key bar (at 80 columns "? Help" must still fit); ? lists them all
        Binding(
            "r",
            "cycle_status",
            "Read",
            tooltip="Cycle unread, reading, read",
            show=False,
            id="main.cycle-status",
        ),
        Binding(
            "asterisk", "toggle_star", "Star", key_display="*", show=False, id="main.toggle-star"
        ),
        Binding(
            "n",
            "edit_note",
            "Note",
            tooltip="Write a note on the paper",
            show=False,
            id="main.edit-note",
        ),
        Binding(
            "v,space",
            "toggle_mark",
            "Mark",
            tooltip="Mark papers to export",
            show=False,
            id="main.toggle-mark",
        ),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Export the marks (or the list) to a file",
            show=False,
            id="main.export",
        ),
        Binding("y", "copy_bibtex", "Copy BibTeX", show=False, id="main.copy-bibtex"),
    ]

    library: Library | None
    view: View
    current: str | None
    personal: PersonalState | None = None
    marks: dict[str, None]

    def run_search(self) -> None: ...  # pragma: no cover - MainScreen's

    # -- state ---------------------------------------------------------------------------

    def open_personal(self, path: Path | None = None) -> None:
        """At mount: open the user's state on a thread after the first paint (quick_check
        and a 10k-row load cost ~20 ms that start-up need not wait for)."""
        self.marks = {}

        def start() -> None:
            self.run_worker(
                partial(self._open_state, path), thread=True, group="personal", exit_on_error=False
            )

        self.call_after_refresh(start)

    def _open_state(self, path: Path | None) -> None:
        """On the worker thread; the state is handed to the UI thread when open."""
        state = PersonalState(path)
        try:
            self.app.call_from_thread(self._state_ready, state)
        except RuntimeError:  # the app closed meanwhile
            state.close()

    def _state_ready(self, state: PersonalState) -> None:
        """Say once if the state is read-only or was reset; repaint the badges."""
        self.personal = state
        for text, severity in ((state.notice, "warning"), (state.problem, "error")):
            if text:
                self.notify(text, title="Reading state", severity=severity, markup=False)  # type: ignore[arg-type]
        if self.library is not None:
            self.personal_loaded(self.library)
        self.set_interval(REFRESH_EVERY, self._other_session)
        self._changed()

    def close_personal(self) -> None:
        if self.personal is not None:
            self.personal.close()

    def personal_loaded(self, library: Library) -> None:
        """After a load: say how many recorded papers are not in this data (kept)."""
        if self.personal is None:
            return
        orphans = self.personal.orphans(library.papers)
        if orphans:
            n = len(orphans)
            text = (
                f"{n} paper{'s' if n != 1 else ''} in your reading state "
                f"{'are' if n != 1 else 'is'} not in this data (kept; `papertui state` lists them)"
            )
            self.notify(text, title="Reading state", markup=False)

    def badge(self, paper_id: str) -> str:
        """Four cells: marked ``+``, starred ``*``, status ``·`` ``◐`` ``✓``, note ``✎``."""
        entry = self.personal.get(paper_id) if self.personal is not None else None
        mark = "+" if paper_id in self.marks else " "
        if entry is None:
            return f"{mark} {STATUS_MARKS['unread']} "
        star = "*" if entry.starred else " "
        note = NOTE_MARK if entry.note else " "
        return f"{mark}{star}{STATUS_MARKS[entry.status]}{note}"

    def with_personal(self, view: View) -> View:
        """``view`` with its personal filters resolved into ids (the engine's part)."""
        filters = parse_query(view.query).personal
        if not filters or self.personal is None:
            return replace(view, within=None, without=frozenset())
        found = restrict(filters, self.personal.entries)
        return replace(view, within=found.within, without=found.without)

    def _other_session(self) -> None:
        if self.personal is not None and self.personal.refresh():
            self._changed()

    def _changed(self) -> None:
        """Repaint the badges; a search filtering on the state runs again.

        The badge column appears once there is something to show (a mark, a status, a
        star or a note): until then the titles keep its five columns."""
        used = bool(self.marks) or bool(self.personal is not None and self.personal.entries)
        results = self.query_one(ResultList)
        results.badges = self.badge if used else None
        results.invalidate_rows()
        if parse_query(self.view.query).personal:
            self.run_search()

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
        paper = self.target()
        if paper is None:
            return
        self.app.copy_to_clipboard(bibtex([paper]))
        text = f"Copied the BibTeX of {paper.short} (OSC 52; your terminal must allow it)"
        self.notify(text, timeout=3, markup=False)
