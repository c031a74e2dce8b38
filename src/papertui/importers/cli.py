"""``papertui import FORMAT FILE --out DIR [--source ID] [--dry-run]`` (core, no Textual).

Reads FILE ('-' = standard input) with the FORMAT's importer, merges the papers into the data
folder DIR (see :mod:`papertui.importers.merge` for the rules) and prints a report: parse
problems as ``file:line: message``, every curated field kept over a differing imported value,
papers that could not be added, and a one-line summary.

DIR must be a papertui data folder (it has ``eras.yaml``), or a folder that does not exist
yet or is empty: then a new data folder is started with a one-era ``eras.yaml`` ("papers",
from the oldest imported year, open-ended). A non-empty folder without ``eras.yaml`` is
refused, so a mistyped path never gets papers sprinkled into it.

Descriptions and abstracts go to ``summary`` only with ``with_descriptions``
(``--with-descriptions``): by default other people's prose is never copied. ``--dry-run``
prints a table of what would happen (new / merged / skipped, with why), checks the would-be
folder as ``papertui check`` does (:mod:`papertui.importers.preview`: built in a temporary
folder) and names every problem the import would add, and writes nothing. A
long import shows its progress on standard error when that is a terminal.

After writing, the folder is checked as ``papertui check`` does; a problem that was not
there before the import is printed with the paper it is about.

Exit status (:class:`~papertui.library.exitcodes.ExitCode`): 0 imported, nothing to report;
3 imported with warnings (an entry, field or tag read in part or left out, a paper skipped,
an unreadable file in DIR, a new check problem; a widened era or an era chosen by date
only is reported but is no warning); 1 failed (nothing usable in the document, or the
files could not be written); 2 usage error (unknown format, missing file, bad DIR).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from papertui.importers import bibtex, markdown_table, reading_list
from papertui.importers.base import ImportProblem, ParseResult
from papertui.importers.folder import DataFolder, default_eras_yaml, read_folder
from papertui.importers.merge import MergeReport, first_version, merge_all
from papertui.importers.preview import check_problems, would_be_problems
from papertui.library.datafolder import ERAS_FILE, PAPERS_DIR
from papertui.library.exitcodes import ExitCode
from papertui.library.fields import KNOWN_SOURCES, SOURCE_USER
from papertui.library.model import Era
from papertui.library.safewrite import LOCK_FILE, folder_lock, sweep_temp_files

DEFAULT_SOURCE = SOURCE_USER

PARSERS: dict[str, Callable[[str], ParseResult]] = {
    "markdown-table": markdown_table.parse,
    "reading-list": reading_list.parse,
    "bibtex": bibtex.parse,
}


def _read(file: str) -> tuple[str, str]:
    """(label for messages, text); raises OSError / UnicodeDecodeError."""
    if file == "-":
        return "<stdin>", sys.stdin.read()
    return file, Path(file).read_text(encoding="utf-8-sig")


def _refusal(out: Path) -> str | None:
    """Why ``out`` cannot be imported into, or ``None``."""
    papers = out / PAPERS_DIR
    if papers.is_symlink() or (papers.exists() and not papers.is_dir()):
        return f"{papers} is not a folder (a file or a symbolic link); papers go in a real folder"
    if (out / ERAS_FILE).is_file():
        return None
    if out.exists() and (not out.is_dir() or any(n != LOCK_FILE for n in os.listdir(out))):
        return (
            f"{out} is not a papertui data folder (no {ERAS_FILE}); give a data folder, "
            "or a new or empty folder to start one"
        )
    return None


def _open_folder(out: Path, result: ParseResult) -> tuple[DataFolder, str | None] | str:
    """The folder to merge into and, for a new folder, its eras.yaml text; or an error."""
    refused = _refusal(out)
    if refused is not None:
        return refused
    if (out / ERAS_FILE).is_file():
        return read_folder(out), None
    years = [int(d[:4]) for d in map(first_version, result.papers) if d]
    first = min(years) if years else 2000
    folder = DataFolder(out, eras=[Era("papers", "Papers", first, None)])
    folder.eras_text, folder.eras_dirty = default_eras_yaml(first), True
    return folder, folder.eras_text


def _print_report(
    label: str, result: ParseResult, folder: DataFolder, report: MergeReport, stream: TextIO
) -> None:
    for problem in result.problems:
        print(problem.format(label), file=stream)
    for line in [
        *folder.warnings,
        *folder.widened,
        *report.by_date,
        *report.refused,
        *report.vocabulary,
        *report.respelled,
        *report.skipped,
        *report.replaced,
        *report.reprints,
        *report.kept,
    ]:
        print(line, file=stream)


def run_import(
    fmt: str,
    file: str,
    out: str,
    *,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    with_descriptions: bool = False,
) -> int:
    """Import ``file`` (format ``fmt``) into the data folder ``out``; return the exit status."""
    parser = PARSERS.get(fmt)
    if parser is None:
        print(
            f"papertui import: unknown format {fmt!r} (use {', '.join(PARSERS)})", file=sys.stderr
        )
        return ExitCode.USAGE
    if source not in KNOWN_SOURCES:
        known = ", ".join(KNOWN_SOURCES)
        print(f"papertui import: --source {source!r} is not a source id ({known})", file=sys.stderr)
        return ExitCode.USAGE
    try:
        label, document = _read(file)
    except FileNotFoundError:
        print(f"papertui import: {file}: no such file", file=sys.stderr)
        return ExitCode.USAGE
    except (OSError, UnicodeDecodeError) as exc:
        print(f"papertui import: {file}: cannot read: {exc}", file=sys.stderr)
        return ExitCode.USAGE if isinstance(exc, OSError) else ExitCode.PROBLEMS
    result = parser(document)
    if not with_descriptions:
        for paper in result.papers:
            paper.summary = ""
    if not result.papers and not result.problems:
        hint = f"no papers found (is it really {fmt}?)"
        result.problems.append(ImportProblem(0, hint))
    out_dir = Path(out)
    if dry_run or (not result.papers and not out_dir.exists()):  # nothing to write
        return _merge(label, result, out, source=source, dry_run=dry_run)
    try:
        refused = _refusal(out_dir)  # before the lock file is made in a stranger's folder
        if refused is not None:
            print(f"papertui import: {refused}", file=sys.stderr)
            return ExitCode.USAGE
        if not out_dir.exists() and not out_dir.is_symlink():
            out_dir.mkdir(parents=True)
        # the whole read-merge-write under the folder's lock: a second import waits, then
        # merges into what this one wrote
        with folder_lock(out_dir, on_wait=lambda: _waiting(out)):
            return _merge(label, result, out, source=source, dry_run=False)
    except OSError as exc:
        print(f"papertui import: {out}: cannot write there: {_why(exc)}", file=sys.stderr)
        return ExitCode.USAGE


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _waiting(out: str) -> None:
    print(f"papertui import: waiting for another import into {out} to finish", file=sys.stderr)


def _progress(done: int, total: int) -> None:
    print(f"\rpapertui import: {done:,} of {total:,} papers merged", end="", file=sys.stderr)


def _dry_run_table(label: str, report: MergeReport, stream: TextIO) -> None:
    rows = sorted(report.rows, key=lambda r: r[0])
    width = max((len(r[2]) for r in rows), default=4)
    width = min(max(width, 5), 48)
    print(f"{'line':>6}  {'would':<8} {'paper':<{width}}  why", file=stream)
    for line, action, what, why in rows:
        shown = what if len(what) <= width else what[: width - 1] + "\u2026"
        print(f"{line:>6}  {action:<8} {shown:<{width}}  {why}", file=stream)


def _merge(label: str, result: ParseResult, out: str, *, source: str, dry_run: bool) -> int:
    """Read, merge and (unless ``dry_run``) write; the caller holds the folder's lock."""
    opened = _open_folder(Path(out), result)
    if isinstance(opened, str):
        print(f"papertui import: {opened}", file=sys.stderr)
        return ExitCode.USAGE
    folder, new_eras = opened
    before = check_problems(folder.root) if (folder.root / ERAS_FILE).is_file() else set()
    tty = sys.stderr.isatty() and len(result.papers) >= 1000
    report = merge_all(
        folder, result.papers, source=source, label=label, progress=_progress if tty else None
    )
    if tty:
        print(file=sys.stderr)
    written: list[Path] = []
    write_problems: list[str] = []
    if not dry_run and (report.new or report.changed):
        sweep_temp_files(folder.root)  # a killed import's leftovers (we hold the lock)
        written, write_problems = folder.write()
    _print_report(label, result, folder, report, sys.stdout)
    for line in write_problems:
        print(line)
    new_problems: list[tuple[str, str]] = []
    if written and not write_problems:
        new_problems = sorted(check_problems(folder.root) - before)
        for file, message in new_problems:
            print(f"{file}: check: {message} (new after this import: look at this paper)")
    if dry_run:
        _dry_run_table(label, report, sys.stdout)
        if report.new or report.changed:
            would, failed = would_be_problems(folder)
            new_problems = sorted(would - before)
            for line in failed:
                print(f"dry run: {line}")
            for file, message in new_problems:
                print(f"{file}: check: {message} (would be new after this import: look at it)")
    fields_kept = len(report.kept)
    summary = (
        f"{label}: {report.parsed} parsed, {len(report.new)} new, {len(report.merged)} merged "
        f"({len(set(report.changed))} changed), {fields_kept} fields kept, "
        f"{len(report.skipped)} skipped, {len(result.problems)} problems"
    )
    papers_written = [p for p in written if p.name != ERAS_FILE]
    if dry_run:
        files = len({r.path for r in folder.records if r.changed})  # new papers included
        summary += f"; dry run, would write {files} files into {out}"
        verdict = "pass" if not new_problems else f"find {len(new_problems)} new problems"
        summary += f"; check would {verdict}"
    else:
        summary += f"; wrote {len(papers_written)} files into {out}"
        if new_eras is not None and written:
            summary += f" (new data folder, one era in {ERAS_FILE})"
        if written:
            summary += f"; check: {len(new_problems)} new problems"
    print(summary)
    if write_problems or not (report.new or report.merged):
        return ExitCode.PROBLEMS  # not written, or nothing in the document was usable
    warned = (
        result.problems
        or report.skipped
        or report.refused
        or report.vocabulary
        or folder.warnings
        or new_problems
    )
    return ExitCode.WARNINGS if warned else ExitCode.OK
