"""``papertui lineage ID`` and ``papertui path ID ID`` (never imports Textual).

A paper is named by its id; a short name, a title or a few words also work (the search
ranking picks the best match and standard error says which paper it picked). Every data
string in the output passes through ``sanitize.one_line`` (see
:mod:`papertui.library.lineage_export`).

Exit status: 0 success (``path``: the papers are connected), 1 ``path`` only: the two
papers are not connected, 2 usage error (no such paper, the data folder is missing or
unreadable; the message goes to standard error).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from papertui.library.exitcodes import ExitCode

if TYPE_CHECKING:
    from papertui.library.model import Library
    from papertui.store.folders import Data


EPILOG = (
    "exit status: 0 success, 1 (path only) the papers are not connected, "
    "2 usage error (no such paper, data folder missing or unreadable)"
)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], data_help: str) -> None:
    """Add ``lineage`` and ``path`` to the ``papertui`` sub-command parsers."""
    from papertui.library.lineage import DEFAULT_BRANCH, DEFAULT_DEPTH
    from papertui.library.lineage_export import FORMATS

    lin = sub.add_parser(
        "lineage",
        help="print a paper's ancestors or descendants (Mermaid, DOT, Markdown, JSON)",
        epilog=EPILOG,
    )
    lin.add_argument("paper", metavar="ID", help="paper id (or a name: the best match is used)")
    way = lin.add_mutually_exclusive_group()
    way.add_argument("--up", dest="down", action="store_false", help="ancestors (default)")
    way.add_argument("--down", dest="down", action="store_true", help="descendants")
    lin.set_defaults(down=False)
    lin.add_argument("--depth", type=int, default=DEFAULT_DEPTH, metavar="N", help="depth cap")
    lin.add_argument(
        "--branch", type=int, default=DEFAULT_BRANCH, metavar="N", help="children per paper"
    )
    lin.add_argument("--format", choices=FORMATS, default="markdown")
    lin.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)

    path = sub.add_parser(
        "path",
        help="the shortest builds-on chain between two papers and their common ancestors",
        epilog=EPILOG,
    )
    path.add_argument("a", metavar="ID")
    path.add_argument("b", metavar="ID")
    path.add_argument("--format", choices=("text", "json"), default="text")
    path.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)


class _Usage(Exception):
    pass


def _load(data: Data) -> Library:
    from papertui.store.folders import FolderError, open_folders

    try:
        return open_folders(data).result.library
    except FolderError as problem:
        raise _Usage(str(problem)) from None


def _paper(library: Library, ref: str, err: TextIO) -> str:
    from papertui.library.sanitize import one_line
    from papertui.search.lineagefilter import resolve
    from papertui.store.folders import engine_for

    if ref in library.papers:
        return ref
    engine = engine_for(library)
    resolved = resolve(library, ref, engine._rank_ids)
    if resolved.paper_id is None:
        raise _Usage(one_line(f"no paper matches {ref!r}"))
    if not resolved.exact:
        paper = library.papers[resolved.paper_id]
        print(one_line(f"papertui: {ref!r} is {paper.short} ({paper.id})"), file=err)
    return resolved.paper_id


def run(args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``lineage`` or ``path`` for parsed ``args``; return the exit status."""
    from papertui.library import lineage
    from papertui.library.lineage_export import connection_json, connection_text, render

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    data = getattr(args, "sub_data", None) or args.data
    try:
        library = _load(data)
        if args.command == "lineage":
            if args.depth < 0 or args.branch < 1:
                raise _Usage("--depth must be 0 or more and --branch 1 or more")
            root = _paper(library, args.paper, err)
            way: lineage.Direction = "down" if args.down else "up"
            tree = lineage.tree(library, root, way, depth=args.depth, branch=args.branch)
            text, status = render(library, tree, args.format), ExitCode.OK
        else:
            a, b = _paper(library, args.a, err), _paper(library, args.b, err)
            conn = lineage.connect(library, a, b)
            show = connection_json if args.format == "json" else connection_text
            text = show(library, conn)
            status = ExitCode.OK if conn.connected else ExitCode.PROBLEMS
    except _Usage as problem:
        print(f"papertui {args.command}: {problem}", file=err)
        return ExitCode.USAGE
    out.write(text)  # `papertui lineage x | head`: cli.main ends it as SIGPIPE would
    out.flush()
    return status
