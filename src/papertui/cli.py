"""Command line: ``papertui [--data DIR]``, ``papertui check``, ``papertui import``,
``papertui export``, ``papertui state``.

Kept import-cheap: each sub-command imports what it needs only when it runs, so
``papertui --version`` and ``papertui check`` never import Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from papertui import __version__
from papertui.library.exitcodes import ExitCode
from papertui.library.fields import KNOWN_SOURCES, SOURCE_USER


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papertui",
        description="A keyboard-first terminal explorer for research papers.",
    )
    parser.add_argument("--version", action="version", version=f"papertui {__version__}")
    data_help = "data folder (default: $PAPERTUI_DATA, else the bundled papers)"
    parser.add_argument("--data", metavar="DIR", help=data_help)
    parser.add_argument("--no-mouse", action="store_true", help="do not enable mouse tracking")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="validate the data and its lineage, print every problem",
        epilog=f"exit status: {ExitCode.OK} no problems, {ExitCode.PROBLEMS} problems found, "
        f"{ExitCode.USAGE} usage error (e.g. the data folder is missing or unreadable)",
    )
    check.add_argument("--data", metavar="DIR", dest="sub_data", help=data_help)

    imp = sub.add_parser("import", help="convert another paper list into papertui YAML")
    imp.add_argument("format", choices=["markdown-table", "reading-list", "bibtex"])
    imp.add_argument("file", help="the document to import ('-' for standard input)")
    out_help = "data folder to merge into (a new or empty folder starts a new data folder)"
    imp.add_argument("--out", metavar="DIR", required=True, help=out_help)
    src_help = f"source id recorded in the papers' sources and notes: {', '.join(KNOWN_SOURCES)}"
    src_help += f" (default: {SOURCE_USER})"
    imp.add_argument("--source", metavar="ID", default=SOURCE_USER, help=src_help)
    dry_help = "report what would change, write nothing"
    imp.add_argument("--dry-run", action="store_true", help=dry_help)

    # -- the personal layer (issue 13): papertui.exportcli ---------------------------------
    exp = sub.add_parser("export", help="print the papers a query finds as BibTeX and more")
    exp.add_argument("--query", default="", help="a search, as typed in the app (e.g. is:starred)")
    exp.add_argument("--format", choices=["bibtex", "csl-json", "markdown"], default="bibtex")
    exp.add_argument("--data", metavar="DIR", dest="sub_data", help=data_help)
    state = sub.add_parser("state", help="where the reading state lives; its orphaned ids")
    state.add_argument("--data", metavar="DIR", dest="sub_data", help=data_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    data = getattr(args, "sub_data", None) or args.data
    if args.command == "check":
        from papertui.check import run_check

        return run_check(data)
    if args.command == "import":
        from papertui.importers.cli import run_import

        return run_import(
            args.format, args.file, args.out, source=args.source, dry_run=args.dry_run
        )
    if args.command in ("export", "state"):
        from papertui.exportcli import run_export, run_state

        if args.command == "state":
            return run_state(data)
        return run_export(data, args.query, args.format)
    from papertui.tui.run import run_app

    return run_app(data, mouse=not args.no_mouse)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
