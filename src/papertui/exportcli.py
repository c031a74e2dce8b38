"""``papertui export`` and ``papertui state`` (never import Textual).

``papertui export --query '…' --format bibtex|csl-json|markdown`` prints the papers the
query finds (the same search as the app, personal filters such as ``is:starred``
included) on standard output. ``papertui state`` says where the reading state lives, what
it holds, and which recorded ids are not in the data (orphans, kept). Every line printed
goes through :func:`papertui.library.sanitize.clean`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from papertui.library.exitcodes import ExitCode
from papertui.library.paths import resolve_data_dir
from papertui.library.sanitize import clean


def _data_dir(command: str, data: str | None, err: TextIO) -> Path | None:
    data_dir = resolve_data_dir(data)
    if not data_dir.is_dir() or not os.access(data_dir, os.R_OK | os.X_OK):
        what = "is not a readable folder" if data_dir.exists() else "does not exist"
        print(clean(f"papertui {command}: data folder {data_dir} {what}"), file=err)
        return None
    return data_dir


def run_export(
    data: str | None,
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
    from papertui.search.engine import Engine, View
    from papertui.search.query import parse_query
    from papertui.store.load import load_cached, search_index, search_words

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    data_dir = _data_dir("export", data, err)
    if data_dir is None:
        return ExitCode.USAGE
    library = load_cached(data_dir).library
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
    # the index cached with the library, as the app and `papertui search` use it
    engine = Engine(library, index=search_index(library), words=search_words(library))
    ids = engine.run(view).ids
    papers = [p for p in map(library.get, ids) if p is not None]
    text = export(fmt, papers, state.get if state is not None else None)
    try:
        out.write(clean(text, multiline=True))
        out.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return ExitCode.OK


def run_state(
    data: str | None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    state_path: Path | None = None,
) -> int:
    from papertui.personal.state import PersonalState
    from papertui.store.load import load_cached

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    data_dir = _data_dir("state", data, err)
    if data_dir is None:
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
    orphans = state.orphans(load_cached(data_dir).library.papers)
    if orphans:
        lines.append(f"{len(orphans)} orphaned (not in {data_dir}; kept):")
        lines += [f"  {pid}" for pid in orphans]
    for line in lines:
        print(clean(line), file=out)
    return ExitCode.OK
