"""``papertui check``: validate a data folder and its lineage (never imports Textual).

Prints every problem as ``file:line:col: message`` (sorted by file, then position) on
standard output, then one summary line. A paper file that did not load is one problem:
the ``builds_on`` links to its id that dangle because of it follow it, indented, and are
not counted again (:mod:`papertui.library.consequences`). Exit status: 0 clean, 1
problems found, 2 usage error (the data folder does not exist, is not a folder or cannot
be read; the message goes to standard error).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from papertui.library.exitcodes import ExitCode
from papertui.library.paths import DATA_ENV, checkout_data_dir, resolve_data_dir, unusable

if TYPE_CHECKING:
    from papertui.library.consequences import Reported
    from papertui.library.model import Library


def run_check(
    data: str | Sequence[str] | None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Check the data folder ``data`` (or the default one; several: layered, see
    :mod:`papertui.library.layers`); return the exit status."""
    from papertui.library.checks import check_lineage
    from papertui.library.consequences import group
    from papertui.library.layers import merge_layers
    from papertui.library.loader import load_library

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    given = [data] if data is None or isinstance(data, str) else list(data)
    folders = [resolve_data_dir(value) for value in given]
    if data is None and not os.environ.get(DATA_ENV):
        checkout = checkout_data_dir(Path.cwd())
        if checkout is not None and checkout.resolve() != folders[0].resolve():
            folders = [checkout]
            print(
                f"checking {checkout} (this checkout's data, not the installed copy;"
                " --data DIR checks another folder)",
                file=out,
            )
    for data_dir in folders:
        problem = unusable(data_dir)
        if problem is not None:
            print(f"papertui check: {problem}", file=err)
            return ExitCode.USAGE

    result = merge_layers([(folder, load_library(folder)) for folder in folders]).result
    data_dir = folders[0] if len(folders) == 1 else Path(" + ".join(map(str, folders)))
    library = result.library
    problems = group([*result.problems, *check_lineage(library)], library.papers)
    try:
        _report(out, data_dir, library, problems)
    except BrokenPipeError:  # e.g. `papertui check | head`: stop quietly
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the exit-time flush cannot fail again
    return ExitCode.PROBLEMS if problems else ExitCode.OK


def _report(out: TextIO, data_dir: Path, library: Library, problems: list[Reported]) -> None:
    for reported in problems:
        print(reported, end=":\n" if reported.follow else "\n", file=out)
        for link in reported.follow:
            print(f"  {link}", file=out)
    counts = [
        _plural(len(library), "paper"),
        _plural(len(library.eras), "era"),
        _plural(len(library.tags), "tag"),
        _plural(library.edge_count, "builds-on edge"),
        _plural(len(problems), "problem"),
    ]
    causes = [reported for reported in problems if reported.follow]
    if causes:
        links = sum(len(reported.follow) for reported in causes)
        which = "it" if len(causes) == 1 else "them"
        counts[-1] += f" ({_plural(links, 'link')} dangling because of {which})"
    print(f"checked {data_dir}: " + ", ".join(counts), file=out)
    out.flush()


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
