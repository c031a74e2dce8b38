"""A modal list of every load problem, as ``file:line:col: message`` (safe text).

Rows name files relative to the data folder so the message fits; the highlighted
problem is also shown in full below the list, wrapped, with its absolute path. A paper
file that did not load is one row saying how many ``builds_on`` links dangle because of
it, with those links under it (:func:`papertui.library.consequences.group`, as
``papertui check`` prints them). Enter opens the highlighted file at its line in
``$VISUAL``/``$EDITOR``, the app suspended meanwhile; without an editor, or in a session
served to a browser, it says which file and line to open.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from papertui.library.consequences import Reported, group, not_loaded
from papertui.library.model import Paper
from papertui.library.problems import Problem
from papertui.tui.editor import editor_command, open_at
from papertui.tui.safetext import safe_text
from papertui.tui.widgets import TextRows

MUTED = "$text-muted"


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

    HELP = """
## Problems
Every problem found while loading the data, as *file:line:col: message*. A paper file
that did not load comes with the links to it that dangle because of it, listed under it.

- **j** / **k**, **g** / **G**, page keys: move; the highlighted problem is shown in full
- **Enter** or **e**: open the file at that line in `$VISUAL` or `$EDITOR` (papertui
  waits while it runs); without one, or in a browser session, it says what to open
- **?**: this help; **Esc**, **q** or **!**: close
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close", id="problems.dismiss"),
        Binding("e", "open_file", "Open the file at the line in $EDITOR", id="problems.open"),
        # a modal screen hides the app's bindings: ? is the app's help, from here
        Binding("question_mark,f1", "app.help", "Help", key_display="?", id="problems.help"),
    ]

    def __init__(
        self,
        problems: Sequence[Problem],
        data_dir: Path | None = None,
        papers: Mapping[str, Paper] | None = None,
        *,
        orphans: tuple[Sequence[str], Path | None] = ((), None),
    ) -> None:
        """``orphans``: the ids in the reading state that are not in the data (kept), and
        the state's file; listed after the data's problems."""
        super().__init__()
        self._problems = problems
        self._data_dir = data_dir
        self._papers: Mapping[str, Paper] = papers if papers is not None else {}
        self._orphans, self._state_path = orphans
        # each row's problem and its group, or the id of an orphaned reading-state entry
        self._rows: list[tuple[Problem, Reported] | str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box"):
            yield Label(id="problems-title")
            if self._data_dir is not None:
                yield Label(Content.assemble("in ", safe_text(str(self._data_dir))))
            yield TextRows(id="problem-rows")
            yield Static(id="problem-full")
            yield Label(self._hint(), id="problems-hint")

    def on_mount(self) -> None:
        self.query_one(TextRows).focus()
        if not_loaded(self._problems, self._papers):
            # the links to a paper that did not load are found by visiting every paper
            # (a lazily decoded library decodes them all): off the loop, listed meanwhile
            self._show([Reported(p) for p in sorted(self._problems, key=lambda p: p.sort_key)])
            self.run_worker(self._group, thread=True, exclusive=True, group="problems")
        else:
            self._show(group(self._problems, self._papers))

    def _group(self) -> None:
        reported = group(self._problems, self._papers)
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
            self.app.call_from_thread(self._show, reported)

    def _hint(self) -> Content:
        if editor_command() is None:
            text = "Enter: which file and line to open · ? keys · Esc closes"
        else:
            text = "Enter: open the file at the line in $EDITOR · ? keys · Esc closes"
        return Content(text).stylize(f"italic {MUTED}")

    def _title(self, reported: Sequence[Reported]) -> Content:
        count, kept = len(reported), len(self._orphans)
        parts: list[Content] = []
        if count or not kept:
            title = Content(f"{count} problem{'s' if count != 1 else ''} in the data")
            parts.append(title.stylize("bold"))
            links = sum(len(r.follow) for r in reported)
            if links:
                which = "it" if sum(1 for r in reported if r.follow) == 1 else "them"
                more = f" ({links} link{'s' if links != 1 else ''} dangle because of {which})"
                parts.append(Content(more).stylize(MUTED))
        if kept:
            papers = f"{kept} paper{'s' if kept != 1 else ''}"
            state = Content(f"{papers} of your reading state not in this data (kept)")
            parts.append(Content(" \u00b7 " if parts else "").stylize(MUTED))
            parts.append(state.stylize("bold"))
        return Content.assemble(*parts)

    def _show(self, reported: Sequence[Reported]) -> None:
        if not self.is_attached:  # closed while the links were being found
            return
        self.query_one("#problems-title", Label).update(self._title(reported))
        rows: list[Content] = []
        self._rows = []
        for item in reported:
            head = safe_text(short_location(item.problem, self._data_dir))
            if item.follow:
                head = Content.assemble(head, safe_text(f"; {item.consequence}", "bold"))
            rows.append(head)
            self._rows.append((item.problem, item))
            for link in item.follow:
                where = safe_text(short_location(link, self._data_dir))
                rows.append(Content.assemble(Content("  \u21b3 ").stylize(MUTED), where))
                self._rows.append((link, item))
        for pid in self._orphans:
            rows.append(safe_text(f"reading state: {pid} is not in this data (kept)"))
            self._rows.append(pid)
        view = self.query_one(TextRows)
        view.show(rows)
        self._show_full(view.cursor)

    def on_text_rows_highlighted(self, event: TextRows.Highlighted) -> None:
        event.stop()
        self._show_full(event.index)

    def on_text_rows_selected(self, event: TextRows.Selected) -> None:
        event.stop()
        self.action_open_file()

    def _show_full(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        full = self.query_one("#problem-full", Static)
        if isinstance(row, str):  # an orphaned reading-state entry
            where = f" in {self._state_path}" if self._state_path is not None else ""
            text = (
                f"{row}: recorded in your reading state{where} but not in this data; its"
                " status, star and note are kept (`papertui state` lists them)"
            )
            full.update(safe_text(text))
            return
        problem, item = row
        if problem is item.problem:
            full.update(safe_text(str(item)))
        else:  # a link that dangles because its target's file did not load
            cause = item.problem
            full.update(safe_text(f"{problem}\n(because {cause.file}:{cause.line} did not load)"))

    def action_open_file(self) -> None:
        """Open the highlighted problem's file at its line in the user's editor, or say
        which file and line to open."""
        index = self.query_one(TextRows).cursor
        if not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        if isinstance(row, str):
            self.notify(
                "Not a file of the data: an entry of your reading state (papertui state)",
                title="Problem",
                markup=False,
            )
            return
        problem = row[0]
        where = f"{problem.file}:{problem.line}"
        editor = editor_command()
        if editor is None:
            self.notify(
                f"Open {where} in your editor (set $EDITOR, in a terminal session, to open"
                " it from here)",
                title="Problem",
                markup=False,
            )
            return
        path = str(Path(problem.file).absolute())  # never taken for an option or +LINE
        command = open_at(editor, path, problem.line, problem.col)
        try:
            with self.app.suspend():
                status = subprocess.run(command, check=False).returncode
        except SuspendNotSupported:
            self.notify(f"Open {where} in your editor", title="Problem", markup=False)
            return
        except OSError as error:
            why = error.strerror or str(error)
            self.notify(
                f"Could not start {editor[0]}: {why}; open {where}",
                title="Problem",
                severity="error",
                markup=False,
            )
            return
        said = f" (it exited with status {status})" if status else ""
        self.notify(
            f"Edited {where}{said}; the data may have changed: quit and start papertui again"
            " (or run papertui check) to see the change",
            title="Problem",
            markup=False,
        )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
