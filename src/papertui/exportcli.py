"""``papertui export`` and ``papertui state`` (never import Textual).

``papertui export --query '…' --format bibtex|csl-json|markdown`` prints the papers the
query finds (the same search as the app, personal filters such as ``is:starred``
included) on standard output. ``papertui state`` says where the reading state lives, what
it holds, and which recorded ids are not in the data (orphans, kept). Every line printed
goes through :func:`papertui.library.sanitize.clean`.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from papertui.library.exitcodes import ExitCode
from papertui.library.sanitize import clean

if TYPE_CHECKING:
    from papertui.library.layers import Layered
    from papertui.store.folders import Data


def _open(command: str, data: Data, err: TextIO) -> Layered | None:
    """The layered data folders, or ``None`` after saying which one cannot be read."""
    from papertui.store.folders import FolderError, open_folders

    try:
        return open_folders(data)
    except FolderError as problem:
        print(clean(f"papertui {command}: {problem}"), file=err)
        return None


def run_export(
    data: Data,
    query: str,
    fmt: str,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    state_path: Path | None = None,
) -> int:
    from papertui.personal.export import export
    from papertui.personal.filters import restrict
    from papertui.personal.state import PersonalState
    from papertui.search.engine import View
    from papertui.search.query import parse_query
    from papertui.store.folders import engine_for

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    layers = _open("export", data, err)
    if layers is None:
        return ExitCode.USAGE
    library = layers.result.library
    parsed = parse_query(query)
    for error in parsed.errors:
        print(clean(f"papertui export: {error}"), file=err)
    if parsed.errors:
        return ExitCode.USAGE
    view = View(query=query)
    state = None
    if parsed.personal or fmt == "markdown":
        state = PersonalState(state_path)
        if state.problem and parsed.personal:
            print(clean(f"papertui export: {state.problem}"), file=err)
        found = restrict(parsed.personal, state.entries)
        view = replace(view, within=found.within, without=found.without)
    engine = engine_for(library)  # the index cached with the library, as the app uses it
    ids = engine.run(view).ids
    papers = [p for p in map(library.get, ids) if p is not None]
    text = export(fmt, papers, state.get if state is not None else None)
    out.write(clean(text, multiline=True))  # a reader that leaves: cli.main ends it as SIGPIPE
    out.flush()
    return ExitCode.OK


def run_state(
    data: Data,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    state_path: Path | None = None,
) -> int:
    from papertui.personal.state import PersonalState

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    layers = _open("state", data, err)
    if layers is None:
        return ExitCode.USAGE
    state = PersonalState(state_path)
    for message in (state.notice, state.problem):
        if message:
            print(clean(message), file=err)
    entries = state.entries
    lines = [
        f"state: {state.path} (journal: {state.journal or 'none'})",
        f"{sum(e.status == 'read' for e in entries.values())} read, "
        f"{sum(e.status == 'reading' for e in entries.values())} reading, "
        f"{sum(e.starred for e in entries.values())} starred, "
        f"{sum(bool(e.note) for e in entries.values())} with a note",
    ]
    orphans = state.orphans(layers.result.library.papers)
    if orphans:
        where = ", ".join(str(folder) for folder in layers.folders)
        lines.append(f"{len(orphans)} orphaned (not in {where}; kept):")
        lines += [f"  {pid}" for pid in orphans]
    for line in lines:
        print(clean(line), file=out)
    return ExitCode.OK
