"""Command line: ``papertui [--data DIR]``, ``check``, ``import``, ``search``, ``show``,
``stats``, ``lineage``, ``path``, ``export``, ``state``, ``serve``, ``completion`` and the
man page (:func:`man_page`).

Kept import-cheap: each sub-command imports what it needs only when it runs, so
``papertui --version`` and ``papertui check`` never import Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from papertui import __version__
from papertui.library.exitcodes import ExitCode, after_signal
from papertui.library.fields import KNOWN_SOURCES, SOURCE_USER
from papertui.library.sanitize import CleanStream

if TYPE_CHECKING:
    from papertui.config.load import Config


# ``papertui import`` formats: one line each, with an example (the parsers themselves are
# imported only when an import runs: papertui.importers.cli.PARSERS, tested to agree).
IMPORT_FORMATS = {
    "markdown-table": (
        "Markdown tables in any column order (dates: column, arXiv id, heading)",
        "papertui import markdown-table list.md --out data",
    ),
    "reading-list": (
        "Markdown with arXiv links, and notes under them",
        "papertui import reading-list reading.md --out data --source reading-list",
    ),
    "bibtex": (
        "BibTeX or BibLaTeX, LaTeX accents decoded",
        "papertui import bibtex refs.bib --out data --dry-run",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papertui",
        description="A keyboard-first terminal explorer for research papers.",
    )
    parser.add_argument("--version", action="version", version=f"papertui {__version__}")
    data_help = (
        "data folder; give it again to layer another folder over it (default: "
        "$PAPERTUI_DATA, then `data` in the config file, else the bundled papers)"
    )
    parser.add_argument("--data", metavar="DIR", action="append", help=data_help)
    parser.add_argument("--no-mouse", action="store_true", help="do not enable mouse tracking")
    config_help = (
        "config file (default: $PAPERTUI_CONFIG, else $XDG_CONFIG_HOME/papertui/config.toml)"
    )
    parser.add_argument("--config", metavar="PATH", help=config_help)
    theme_help = "theme by name (default: $PAPERTUI_THEME, then `theme` in the config file)"
    parser.add_argument("--theme", metavar="NAME", help=theme_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="validate the data and its lineage, print every problem",
        epilog=f"exit status: {ExitCode.OK} no problems, {ExitCode.PROBLEMS} problems found, "
        f"{ExitCode.USAGE} usage error (e.g. the data folder is missing or unreadable)",
    )
    check.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)

    imp = sub.add_parser(
        "import",
        help="convert another paper list into papertui YAML",
        description="Merge another paper list into a data folder. Formats:\n"
        + "\n".join(
            f"  {name:<15} {what}\n  {'':<15} e.g. {example}"
            for name, (what, example) in IMPORT_FORMATS.items()
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("format", choices=list(IMPORT_FORMATS), help="one of the formats above")
    imp.add_argument("file", help="the document to import ('-' for standard input)")
    out_help = "data folder to merge into (a new or empty folder starts a new data folder)"
    imp.add_argument("--out", metavar="DIR", required=True, help=out_help)
    src_help = f"source id recorded in the papers' sources and notes: {', '.join(KNOWN_SOURCES)}"
    src_help += f" (default: {SOURCE_USER})"
    imp.add_argument("--source", metavar="ID", default=SOURCE_USER, help=src_help)
    dry_help = (
        "print a table of what would happen (new / merged / skipped, why) and what "
        "`papertui check` would find in the result; write nothing"
    )
    imp.add_argument("--dry-run", action="store_true", help=dry_help)
    desc_help = (
        "copy the document's descriptions and abstracts into summary "
        "(default: never copy other people's prose)"
    )
    imp.add_argument("--with-descriptions", action="store_true", help=desc_help)
    imp.epilog = (
        "exit status (with --dry-run: what the import would return):\n"
        f"  {ExitCode.OK}  imported, nothing to report\n"
        f"  {ExitCode.WARNINGS}  imported with warnings: an entry or field read in part or left "
        "out, a paper\n     skipped, a tag or org not in the vocabulary, a new `papertui check`"
        " problem\n     (each printed as file:line: message, naming the paper to look at)\n"
        f"  {ExitCode.PROBLEMS}  failed: nothing usable in the document, or the files could not"
        " be written\n"
        f"  {ExitCode.USAGE}  usage error: unknown format, no such file, DIR not a data folder"
    )

    scripting_epilog = (
        "data on standard output, messages on standard error; exit status: "
        f"{ExitCode.OK} found, {ExitCode.PROBLEMS} nothing matched, {ExitCode.USAGE} usage error"
    )
    search = sub.add_parser(
        "search",
        help="print the papers a query finds, as the result list shows them",
        description="Run a search with the explorer's grammar and ranking: free text, "
        "tag:X, era:X, author:X, org:X, year:2017, year:2017..2020.",
        epilog=scripting_epilog,
    )
    search.add_argument("query", nargs="*", help="the query (words are joined by spaces)")
    search.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)
    search.add_argument("--json", action="store_true", help="one JSON document")
    search.add_argument("--sort", choices=["relevance", "date", "title"], default="relevance")
    search.add_argument("--limit", type=int, default=0, metavar="N", help="at most N papers")

    show = sub.add_parser("show", help="print every field of one paper", epilog=scripting_epilog)
    show_id = show.add_argument("paper_id", metavar="ID", help="the paper's id")
    show_id.completer = _complete_ids  # type: ignore[attr-defined]
    show.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)
    show.add_argument("--json", action="store_true", help="one JSON document")

    stats = sub.add_parser(
        "stats", help="print counts per era, tag and year", epilog=scripting_epilog
    )
    stats.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)
    stats.add_argument("--json", action="store_true", help="one JSON document")

    completion = sub.add_parser(
        "completion",
        help="print the shell completion script (sub-commands, options, paper ids)",
        description="Load it from your shell's start-up file, for example "
        'eval "$(papertui completion bash)" in ~/.bashrc, or '
        "papertui completion fish | source in config.fish.",
    )
    completion.add_argument("shell", choices=["bash", "zsh", "fish"])
    config = sub.add_parser(
        "config",
        help="the config file: where it is, every setting and where it came from, check it",
        description="path: the file read (it need not exist); show: every setting and its "
        "source (flag, environment, file:line, default); validate: every problem as "
        "file:line: key: message, with the keymap's ids and keys and the theme checked too; "
        "keys: every binding id and its keys.",
        epilog=f"exit status: {ExitCode.OK} fine, {ExitCode.PROBLEMS} problems found",
    )
    config.add_argument("action", choices=["path", "show", "validate", "keys"])
    config.add_argument("--config", metavar="PATH", dest="sub_config", help=config_help)
    from papertui.lineage_cli import add_parsers

    add_parsers(sub, data_help)
    # -- the personal layer (issue 13): papertui.exportcli ---------------------------------
    exp = sub.add_parser("export", help="print the papers a query finds as BibTeX and more")
    exp.add_argument("--query", default="", help="a search, as typed in the app (e.g. is:starred)")
    exp.add_argument("--format", choices=["bibtex", "csl-json", "markdown"], default="bibtex")
    exp.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)
    state = sub.add_parser("state", help="where the reading state lives; its orphaned ids")
    state.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)
    serve = sub.add_parser(
        "serve",
        help="serve papertui to web browsers (one process per tab)",
        epilog=f"exit status: {ExitCode.OK} stopped, {ExitCode.USAGE} usage error (a port in "
        "use, a host that is not an address, a data folder that fails to load)",
    )
    serve.add_argument("--data", metavar="DIR", dest="sub_data", action="append", help=data_help)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    public_help = "allow a --host that is not a loopback address (anyone who reaches it gets in)"
    serve.add_argument("--public", action="store_true", help=public_help)
    return parser


def _complete_ids(prefix: str, parsed_args: argparse.Namespace, **_: object) -> list[str]:
    """Paper ids for shell completion (from the load cache: milliseconds when warm)."""
    from papertui.store.folders import open_folders

    data = getattr(parsed_args, "sub_data", None) or getattr(parsed_args, "data", None)
    library = open_folders(data).result.library
    return [pid for pid in library.papers if pid.startswith(prefix)]


def man_page() -> str:
    """The man page (roff), generated from the argument parser (argparse-manpage)."""
    from argparse_manpage.manpage import Manpage

    parser = build_parser()
    data = {
        "project_name": "papertui",
        "prog": "papertui",
        "version": __version__,
        "description": "keyboard-first terminal explorer for the history of research papers",
        "url": "https://github.com/papertui/papertui",
        "manual_section": 1,
        "manual_title": "papertui manual",
    }
    return str(Manpage(parser, _data=data))


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


COMMANDS = (
    *("check", "import", "search", "show", "stats", "lineage", "path", "completion"),
    *("export", "state", "config"),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Every command prints through
    :class:`papertui.library.sanitize.CleanStream` (no terminal control from the data reaches
    the terminal) and ends in one line and an :class:`ExitCode`, never a traceback; a reader
    that leaves (``papertui search ... | head``) ends it as SIGPIPE would."""
    _standard_fds()
    try:
        return _main(argv)
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes
        return after_signal(signal.SIGPIPE)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions: answer and exit
        import argcomplete

        argcomplete.autocomplete(parser)
    real = (sys.stdout, sys.stderr)
    sys.stdout, sys.stderr = CleanStream(real[0]), CleanStream(real[1])
    try:
        args = parser.parse_args(argv)
        config = _config(args)
        data = [str(folder) for folder in config.data_folders]  # layered, earliest first
        if args.command in COMMANDS:
            if args.command == "config":
                from papertui.configcli import run_config

                return run_config(args.action, config)
            if config.problems and args.command != "completion":
                print(
                    f"papertui: {len(config.problems)} problem(s) in the configuration, "
                    "ignored (papertui config validate)",
                    file=sys.stderr,
                )
            return _run_command(args, data)
    finally:
        sys.stdout, sys.stderr = real  # the app writes to the terminal itself
        sys.stdout.flush()
    if args.command == "serve":
        from papertui.tui.serve import run_serve

        return run_serve(data, host=args.host, port=args.port, public=args.public)
    from papertui.tui.run import run_app

    return run_app(config)


def _config(args: argparse.Namespace) -> Config:
    """The settled configuration: these flags > environment > config file > defaults."""
    from papertui.config.load import load_config

    data = getattr(args, "sub_data", None) or args.data
    flags = {
        "data": (data,) if isinstance(data, str) else tuple(data or ()),
        "theme": args.theme,
        "mouse": False if args.no_mouse else None,
    }
    return load_config(getattr(args, "sub_config", None) or args.config, flags=flags)


def _run_command(args: argparse.Namespace, data: list[str]) -> int:
    try:
        if args.command == "check":
            from papertui.check import run_check

            return run_check(data or None)
        if args.command in ("search", "show", "stats"):
            from papertui import scripting

            if args.command == "search":
                query = " ".join(args.query)
                return scripting.run_search(
                    data, query, as_json=args.json, sort=args.sort, limit=args.limit
                )
            if args.command == "show":
                return scripting.run_show(data, args.paper_id, as_json=args.json)
            return scripting.run_stats(data, as_json=args.json)
        if args.command == "completion":
            from argcomplete.shell_integration import shellcode

            sys.stdout.write(shellcode(["papertui"], shell=args.shell))
            return ExitCode.OK
        if args.command in ("lineage", "path"):
            from papertui.lineage_cli import run

            args.sub_data = data  # the folder settled by flag, environment or config
            return run(args)
        if args.command in ("export", "state"):
            from papertui.exportcli import run_export, run_state

            if args.command == "state":
                return run_state(data)
            return run_export(data, args.query, args.format)
        from papertui.importers.cli import run_import

        return run_import(
            args.format,
            args.file,
            args.out,
            source=args.source,
            dry_run=args.dry_run,
            with_descriptions=args.with_descriptions,
        )
    except BrokenPipeError:
        raise  # main() ends it as SIGPIPE would
    except (MemoryError, RecursionError, OSError, ValueError) as exc:
        # a last resort: every known failure is reported where it happens
        print(f"papertui {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ExitCode.PROBLEMS
    except KeyboardInterrupt:
        print(f"papertui {args.command}: interrupted", file=sys.stderr)
        return after_signal(signal.SIGINT)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
