"""The main screen's personal layer: read status, stars, notes, marks and exports.

:class:`PersonalMixin` owns the :class:`~papertui.personal.state.PersonalState` and the
marks (``v``/space), binds the keys ``r`` ``*`` ``n`` ``v`` ``e`` ``y``, hands the result
list a badge per row (mark, star, status, note: ``+*✓✎``, readable without colour), shows
the reading counts in the sidebar and the paper's state in the detail panel, and turns the
search box's ``is:``/``has:``/``note:`` filters into the id sets of ``View.within`` /
``View.without`` (:mod:`papertui.personal.filters`), so the engine stays free of the state.

Start-up: nothing of the state is imported or opened before the first results are
painted. A thread worker then opens the database and reads it (two compact columns), posts
:class:`StateOpened`, and only then runs ``PRAGMA quick_check`` (it reads every page), posting
:class:`StateDamaged` if it finds damage. ``benchmarks/personal_startup.py`` measures it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from itertools import compress
from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType

from papertui.personal.entry import EMPTY, NOTED, STARRED, STATUS_MARKS
from papertui.search.engine import View
from papertui.search.paperids import PaperIds
from papertui.search.query import parse_query
from papertui.tui.messages import (
    StateDamaged,
    StateLocated,
    StateOpened,
    TogglePersonalFilter,
)
from papertui.tui.oneshot import once
from papertui.tui.screens.personal_keys import PersonalKeysMixin
from papertui.tui.widgets import PaperDetail, PersonalFacets, SearchBar
from papertui.tui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from pathlib import Path

    from papertui.library.model import Library
    from papertui.personal.entry import Entry
    from papertui.personal.state import PersonalState
    from papertui.search.engine import Results

NOTE_MARK = "\u270e"
LOCATE_CHUNK = 100  # ids looked up between two GIL hand-overs (~0.5 ms of bisections)
REFRESH_EVERY = 2.0  # seconds between checks for another session's writes (one PRAGMA)


class PersonalMixin(PersonalKeysMixin):
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
    results: Results | None
    orphan_ids: tuple[str, ...] = ()  # ids in the state, not in the data (kept; ! lists them)
    _where: dict[str, int]  # each state id's paper number in _where_of (-1: an orphan)
    _where_of: Library | None = None
    _where_generation = -1  # the state's generation whose ids _where holds
    _locating: Library | None = None
    _position: Callable[[str], int]

    def run_search(self) -> None: ...  # pragma: no cover - MainScreen's

    # -- state ---------------------------------------------------------------------------

    def open_personal(self, path: Path | None = None) -> None:
        """At mount: get ready to open the user's state (:meth:`start_personal`)."""
        self.marks = {}
        self._where = {}
        self._state_path = path
        self._state_started = False

    def start_personal(self) -> None:
        """After the first results are painted: open the state on a thread (earlier, its
        imports and reads would compete for the GIL with the library's load)."""
        if self._state_started:
            return
        self._state_started = True
        self.run_worker(
            partial(self._open_state, self._state_path),
            name="open",
            description="open the reading state",
            thread=True,
            group="personal",
            exit_on_error=False,
        )

    def _open_state(self, path: Path | None) -> None:
        """On the worker thread: open and read, hand the state over, then check the file."""
        from papertui.personal.state import PersonalState

        state = PersonalState(path, check=False)
        self.post_message(StateOpened(state))
        reason = state.check()  # reads every page: after the state is already in use
        if reason:
            self.post_message(StateDamaged(state, reason))

    def on_state_opened(self, message: StateOpened) -> None:
        """Say once if the state is read-only or was reset; repaint what shows it."""
        self.personal = state = cast("PersonalState", message.state)
        self._tell(state)
        if self.library is not None:
            self.personal_loaded(self.library)
        self.set_interval(REFRESH_EVERY, self._other_session)
        self._changed()

    def on_state_damaged(self, message: StateDamaged) -> None:
        """The background check found damage: move the file aside, start a new one."""
        if message.state is not self.personal or self.personal is None:
            return
        self.personal.reset(message.reason)
        self._tell(self.personal)
        self._changed()

    def _tell(self, state: PersonalState) -> None:
        for text, severity in ((state.notice, "warning"), (state.problem, "error")):
            if text:
                self.notify(text, title="Reading state", severity=severity, markup=False)  # type: ignore[arg-type]
        state.notice = None

    def close_personal(self) -> None:
        if self.personal is not None:
            self.personal.close()

    def personal_loaded(self, library: Library) -> None:
        """After a load, or once the state is open: the counts (which find the state's
        papers in the library first, on a worker)."""
        if self.personal is not None:
            self.update_personal_counts()

    def _start_locating(self, ids: Sequence[str]) -> None:
        """Find the state's papers in the library on a worker (a lookup by id is a
        bisection: 10k of them would hold the UI thread ~40 ms)."""
        library = self.library
        if self.personal is None or library is None or self._locating is library:
            return
        if not isinstance(ids, PaperIds):
            return
        self._locating = library
        work = once(self._locate, library, ids.position, list(self.personal.codes))
        self.run_worker(  # described: Textual would repr() the partial, 10k ids and all
            work,
            name="locate",
            description="find the reading state's papers",
            thread=True,
            group="personal-locate",
            exit_on_error=False,
        )

    def _locate(self, library: Library, position: Callable[[str], int], ids: list[str]) -> None:
        """On the worker thread: each id's paper number (-1: orphan), yielding the GIL."""
        where: dict[str, int] = {}
        for start in range(0, len(ids), LOCATE_CHUNK):
            where.update((pid, position(pid)) for pid in ids[start : start + LOCATE_CHUNK])
            time.sleep(0)  # hand the GIL to the UI thread between chunks
        self.post_message(StateLocated(library, where, position))

    def on_state_located(self, message: StateLocated) -> None:
        """Orphans are said once (kept; ``!`` lists them); the counts can show."""
        if message.library is not self.library or self.library is None:
            return
        self._where, self._where_of = message.where, self.library
        self._position = message.position
        where = self._where
        orphans = tuple(sorted(compress(where, map((0).__gt__, where.values()))))
        self.orphan_ids = orphans
        if orphans:
            n = len(orphans)
            text = (
                f"{n} paper{'s' if n != 1 else ''} in your reading state "
                f"{'are' if n != 1 else 'is'} not in this data (kept; press ! to list them)"
            )
            self.notify(text, title="Reading state", markup=False)
        self.update_personal_counts()

    def _located(self, codes: Mapping[str, int]) -> Mapping[str, int] | None:
        """``_where`` with any id written since it was made (a few: looked up here)."""
        library = self.library
        if library is None or self._where_of is not library:
            return None
        where, position = self._where, self._position
        if len(codes) > len(where) or self._where_generation != self._generation():
            missing = [pid for pid in codes if pid not in where]
            where.update((pid, position(pid)) for pid in missing)
            self._where_generation = self._generation()
        return where

    def _generation(self) -> int:
        return self.personal.generation if self.personal is not None else -1

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
        from papertui.personal.filters import restrict

        found = restrict(filters, self.personal.entries)
        return replace(view, within=found.within, without=found.without)

    def update_personal_counts(self) -> None:
        """The sidebar's reading counts over the current results (shown once used)."""
        pane = self.query_one(PersonalFacets)
        state, results = self.personal, self.results
        terms = [f"{key}:{value}" for key, value in parse_query(self.view.query).personal]
        where = self._located(state.codes) if state is not None else None
        if where is None and state is not None and results is not None:
            self._start_locating(results.ids)
        used = where is not None and state is not None and (bool(state.codes) or bool(terms))
        if pane.display != used:
            pane.display = used
        if not used or state is None or results is None or where is None:
            return
        from papertui.search.codecounts import code_counts

        counted = code_counts(results.ids, state.codes, where)
        reading = sum(n for code, n in counted.items() if code & 3 == 1)
        read = sum(n for code, n in counted.items() if code & 3 == 2)
        counts = {
            "is:unread": len(results.ids) - reading - read,
            "is:reading": reading,
            "is:read": read,
            "is:starred": sum(n for code, n in counted.items() if code & STARRED),
            "has:note": sum(n for code, n in counted.items() if code & NOTED),
        }
        pane.show(counts, terms)

    def on_toggle_personal_filter(self, message: TogglePersonalFilter) -> None:
        """Add the filter to the search box, or take it out (the box runs the search)."""
        box = self.query_one(SearchBar)
        words = box.value.split(" ")
        if message.term in words:
            box.value = " ".join(w for w in words if w != message.term).strip()
        else:
            box.value = f"{box.value.rstrip()} {message.term}".strip()

    def mine(self, paper_id: str) -> Entry | None:
        """The detail panel's view of a paper's state (None before the state is open)."""
        return self.personal.get(paper_id) if self.personal is not None else None

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
        detail = self.query_one(PaperDetail)
        detail.mine = self.mine
        shown = detail.paper_id
        if shown is not None and self.mine(shown) != (detail.entry_shown or EMPTY):
            detail.show(self.library, shown, again=True)  # its status, star or note changed
        if parse_query(self.view.query).personal:
            self.run_search()
        else:
            self.update_personal_counts()
