"""Command line: ``papertui [--data DIR]``, ``papertui check``, ``papertui import``.

Kept import-cheap: each sub-command imports what it needs only when it runs, so
``papertui --version`` and ``papertui check`` never import Textual.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from papertui import __version__
from papertui.library.exitcodes import ExitCode, after_signal
from papertui.library.fields import KNOWN_SOURCES, SOURCE_USER
from papertui.library.sanitize import CleanStream


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
    return parser


def _standard_fds() -> None:
    """Point a closed standard descriptor (``papertui check >&-``) at ``/dev/null``, so
    output is dropped instead of failing, and no file papertui opens later becomes fd 1."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. ``check``, ``import`` and argument errors print through
    :class:`papertui.library.sanitize.CleanStream` (no terminal control from the data reaches
    the terminal) and end in one line and an :class:`ExitCode`, never a traceback."""
    _standard_fds()
    real = (sys.stdout, sys.stderr)
    sys.stdout, sys.stderr = CleanStream(real[0]), CleanStream(real[1])
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        data = getattr(args, "sub_data", None) or args.data
        if args.command in ("check", "import"):
            return _run_command(args, data)
    finally:
        sys.stdout.flush()
        sys.stdout, sys.stderr = real  # the app writes to the terminal itself
    from papertui.tui.run import run_app

    return run_app(data, mouse=not args.no_mouse)


def _run_command(args: argparse.Namespace, data: str | None) -> int:
    try:
        if args.command == "check":
            from papertui.check import run_check

            return run_check(data)
        from papertui.importers.cli import run_import

        return run_import(
            args.format, args.file, args.out, source=args.source, dry_run=args.dry_run
        )
    except (MemoryError, RecursionError, OSError, ValueError) as exc:
        # a last resort: every known failure is reported where it happens
        print(f"papertui {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ExitCode.PROBLEMS
    except KeyboardInterrupt:
        print(f"papertui {args.command}: interrupted", file=sys.stderr)
        return after_signal(signal.SIGINT)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
