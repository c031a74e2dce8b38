"""Command line: ``papertui [--data DIR]``, ``papertui check``, ``papertui import``,
``papertui serve``.

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

    serve = sub.add_parser(
        "serve",
        help="serve papertui to web browsers (one process per tab)",
        epilog=f"exit status: {ExitCode.OK} stopped, {ExitCode.USAGE} usage error (a port in "
        "use, a host that is not an address, a data folder that fails to load)",
    )
    serve.add_argument("--data", metavar="DIR", dest="sub_data", help=data_help)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    public_help = "allow a --host that is not a loopback address (anyone who reaches it gets in)"
    serve.add_argument("--public", action="store_true", help=public_help)
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
    if args.command == "serve":
        from papertui.tui.serve import run_serve

        return run_serve(data, host=args.host, port=args.port, public=args.public)
    from papertui.tui.run import run_app

    return run_app(data, mouse=not args.no_mouse)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
