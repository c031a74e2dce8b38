"""Read a data folder (``eras.yaml`` + ``papers/**/*.yaml``) into a :class:`Library`.

Textual-free core. The format is described in ARCHITECTURE.md. Every problem is reported
as a :class:`Problem` (``file:line:col: message``, 1-based) and loading carries on: one
bad file, or one bad field, never hides the good papers.

File names in problems are ``str(data_dir / relative_path)``, i.e. relative to wherever
``data_dir`` was given from (``papertui check --data x`` prints ``x/papers/bert.yaml:...``).

A paper is kept when its required fields (id, short, title, date, era) are valid; a bad
optional field is reported and left empty. A paper whose id is already taken is reported
(naming both places) and skipped, as is a paper whose era is not in ``eras.yaml`` (unless
no era loaded at all: then the eras file's own problem is reported once and papers kept).

Files are capped at :data:`MAX_FILE_BYTES`; YAML safety (duplicate keys aside) is in
:mod:`papertui.library.yamlsafe`, the schema in :mod:`papertui.library.schema`. The garbage
collector is paused during a load; ``gc.freeze()`` afterwards is the application's call.
"""

from __future__ import annotations

import gc
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from papertui.library.datafiles import compose_top, parse_eras, parse_orgs, parse_tags
from papertui.library.datafolder import (
    ERAS_FILE,
    ORGS_FILE,
    PAPERS_DIR,
    TAGS_FILE,
    LoadResult,
    paper_file_names,
    paper_files,
)
from papertui.library.fastpath import fast_papers
from papertui.library.model import Era, Library, Paper
from papertui.library.positions import Positions
from papertui.library.problems import Problem
from papertui.library.readahead import ReadAhead
from papertui.library.schema import FileChecker, PaperFields
from papertui.library.vocab import OrgVocabulary, TagVocabulary
from papertui.library.yamlsafe import MappingNode, SequenceNode

MAX_FILE_BYTES = 8 * 1024 * 1024  # generated collections (a sequence of papers) stay under this
PROGRESS_EVERY = 256  # paper files between progress calls
PROGRESS_SECONDS = 0.2  # ... or this long, whichever comes first
Seen = dict[str, tuple[int, int, int, int]]  # a file read: (size, mtime_ns, inode, ctime_ns)


def _read_capped(fd: int, size_hint: int) -> bytes:
    """At most ``MAX_FILE_BYTES + 1`` bytes of ``fd`` (the size cap holds while reading),
    read with ``os.read``: no file object per file (a cold load reads a million)."""
    chunks: list[bytes] = []
    left = MAX_FILE_BYTES + 1
    want = min(max(size_hint + 1, 64 * 1024), left)
    while left > 0:
        asked = min(want, left)
        chunk = os.read(fd, asked)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        if len(chunk) < asked and MAX_FILE_BYTES + 1 - left == size_hint:
            break  # the whole file as stat'd, and a short read: its end (no read for EOF)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_text(
    path: Path | str, display: str, problems: list[Problem], seen: Seen | None = None
) -> str | None:
    """The file's text (UTF-8, optional BOM), or ``None`` after reporting why not (not a
    regular file, larger than :data:`MAX_FILE_BYTES`, not UTF-8, empty). ``seen`` gets
    ``display``'s (size, mtime_ns, inode, ctime_ns) from the descriptor it was read from:
    what the load cache's key records for the text it read (:mod:`papertui.store.build`)."""
    try:
        # O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if seen is not None:
                seen[display] = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
            if not stat.S_ISREG(info.st_mode):
                problems.append(Problem(display, 1, 1, "not a regular file"))
                return None
            # Check the size first: read(MAX_FILE_BYTES + 1) would allocate 8 MiB a file;
            # then read in chunks and stop at the cap, should the file grow while we read.
            data = b""
            too_big = info.st_size > MAX_FILE_BYTES
            if not too_big:
                data = _read_capped(fd, info.st_size)
                too_big = len(data) > MAX_FILE_BYTES
        finally:
            os.close(fd)
    except OSError as exc:
        problems.append(Problem(display, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    if too_big:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        problems.append(Problem(display, 1, 1, f"file is larger than {limit} MiB; split it"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        problems.append(Problem(display, line, col, f"not UTF-8 (byte 0x{byte:02X})"))
        return None
    if not text or text.isspace():  # not text.strip(), without its copy
        problems.append(Problem(display, 1, 1, "file is empty"))
        return None
    return text


def read_yaml(
    path: Path, display: str, problems: list[Problem]
) -> MappingNode | SequenceNode | None:
    """The composed top node of a data file, through the loader's guards (:func:`read_text`,
    then :func:`papertui.library.yamlsafe.compose`), or ``None`` after reporting why not.
    ``papertui import`` reads the folder it merges into through this, as the loader does."""
    text = read_text(path, display, problems)
    return None if text is None else compose_top(text, display, problems)


def read_vocabularies(
    data_dir: Path, problems: list[Problem], seen: Seen | None = None
) -> tuple[TagVocabulary | None, OrgVocabulary | None]:
    """The folder's optional ``tags.yaml`` and ``orgs.yaml`` (``seen``: as :func:`read_text`)."""
    tags = orgs = None
    tags_path, orgs_path = data_dir / TAGS_FILE, data_dir / ORGS_FILE
    if tags_path.is_file():
        text = read_text(tags_path, str(tags_path), problems, seen)
        tags = parse_tags(text, str(tags_path), problems) if text is not None else None
    if orgs_path.is_file():
        text = read_text(orgs_path, str(orgs_path), problems, seen)
        orgs = parse_orgs(text, str(orgs_path), problems) if text is not None else None
    return tags, orgs


def parse_papers(
    text: str,
    display: str,
    stem: str | None,
    problems: list[Problem],
    *,
    tags: TagVocabulary | None = None,
    orgs: OrgVocabulary | None = None,
    fast: bool = False,
) -> list[PaperFields]:
    """Paper fields from one paper file: one mapping (whose id must equal ``stem``) or a
    sequence of mappings. Era ids are not checked here (see :func:`load_library`).

    With ``fast``, a file without problems may be read by :mod:`.fastpath`, whose fields
    have no id and era positions ((0, 0)): :func:`positions` finds them when needed."""
    if fast:
        found = fast_papers(text, display, stem, tags, orgs)
        if found is not None:
            return found
    node = compose_top(text, display, problems)
    if node is None:
        return []
    checker = FileChecker(display, problems, tags=tags, orgs=orgs)
    if isinstance(node, MappingNode):
        fields = checker.paper(node, stem)
        return [fields] if fields is not None else []
    if not node.value:
        checker.error(node, "expected a paper mapping or a sequence of papers, found []")
    found = []
    for item in node.value:
        fields = checker.paper(item, None)
        if fields is not None:
            found.append(fields)
    return found


Progress = Callable[[int, int], None]
FileResult = tuple[list[Problem], list[PaperFields]]
Vocabularies = tuple[TagVocabulary | None, OrgVocabulary | None]
# Parses paper files (given as the strings of their paths), in order: the built-in one
# file after another, or a process pool's.
Mapper = Callable[[list[str], Vocabularies], Iterator[FileResult]]


def parse_file(path: Path, vocabularies: Vocabularies, seen: Seen | None = None) -> FileResult:
    """One paper file's problems and papers (the fast path first): what a worker does.
    ``seen``: as :func:`read_text`."""
    problems: list[Problem] = []
    display = str(path)
    text = read_text(path, display, problems, seen)
    if text is None:
        return problems, []
    tags, orgs = vocabularies
    return problems, parse_papers(
        text, display, path.stem, problems, tags=tags, orgs=orgs, fast=True
    )


def parse_in_order(files: list[str], vocabularies: Vocabularies) -> Iterator[FileResult]:
    return (parse_file(Path(path), vocabularies) for path in files)


def load_library(
    data_dir: Path,
    progress: Progress | None = None,
    *,
    mapper: Mapper | None = None,
    seen: Seen | None = None,
    listed: Callable[[Path], list[str] | None] | None = None,
) -> LoadResult:
    """Load every era and every good paper of ``data_dir``; report every problem.

    ``progress(done, total)`` is called every :data:`PROGRESS_EVERY` paper files (at least
    every :data:`PROGRESS_SECONDS`) and at the end (from the loading thread). The garbage
    collector is paused during the load (it allocates many long-lived objects and no
    cycles); freezing the result with ``gc.freeze()`` is left to the application.
    ``mapper`` parses the paper files (:func:`parse_in_order` by default; the cache build
    passes a process pool's, :mod:`papertui.store.build`). ``seen`` gets the stat of
    ``eras.yaml`` and the vocabularies as they were read (:func:`read_text`); the
    mapper's files are its own business. ``listed(papers_dir)``: the paper files as
    :func:`paper_file_names` lists them, from a listing just made (``None``: list them).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(data_dir, progress, mapper or parse_in_order, seen, listed)
    finally:
        if enabled:
            gc.enable()


def _load(
    data_dir: Path,
    progress: Progress | None,
    mapper: Mapper,
    seen: Seen | None,
    listed: Callable[[Path], list[str] | None] | None = None,
) -> LoadResult:
    problems: list[Problem] = []
    if not data_dir.is_dir():
        what = "is not a folder" if data_dir.exists() else "not found"
        problems.append(Problem(str(data_dir), 1, 1, f"data folder {what}"))
        return LoadResult(Library.build((), ()), tuple(problems))

    eras_path = data_dir / ERAS_FILE
    eras: list[Era] = []
    if eras_path.is_file():
        text = read_text(eras_path, str(eras_path), problems, seen)
        if text is not None:
            eras = parse_eras(text, str(eras_path), problems)
    else:
        problems.append(Problem(str(eras_path), 1, 1, f"missing {ERAS_FILE}"))

    tag_vocab, org_vocab = read_vocabularies(data_dir, problems, seen)
    papers_dir = data_dir / PAPERS_DIR
    papers: list[Paper] = []
    if not papers_dir.is_dir():
        problems.append(Problem(str(papers_dir), 1, 1, f"missing {PAPERS_DIR}/ folder"))
    else:

        def unreadable(exc: OSError) -> None:
            where = str(exc.filename or papers_dir)
            problems.append(Problem(where, 1, 1, f"cannot read folder: {exc.strerror or exc}"))

        era_ids = {era.id for era in eras}
        era_of = {era.id: era for era in eras}
        first: dict[str, PaperFields] = {}
        files = listed(papers_dir) if listed is not None else None
        if files is None:
            files = paper_file_names(papers_dir, unreadable)
        vocabularies = (tag_vocab, org_vocab)

        def reparse(file: str) -> list[PaperFields]:
            ignored: list[Problem] = []
            text = read_text(Path(file), file, ignored)
            if text is None:
                return []
            return parse_papers(
                text, file, Path(file).stem, ignored, tags=tag_vocab, orgs=org_vocab
            )

        positions = Positions(reparse)
        reported = time.monotonic()
        # files not in memory are asked of the disk ahead of the parse (.readahead)
        with ReadAhead(files, MAX_FILE_BYTES) as ahead:
            results = mapper(files, vocabularies)
            for done, (file_problems, found) in enumerate(results):
                ahead.done = done
                if progress is not None:
                    # every PROGRESS_EVERY files, and at least every PROGRESS_SECONDS: a big
                    # shard (1,000 papers in one file) takes about 0.25 s on its own
                    now = time.monotonic()
                    if done % PROGRESS_EVERY == 0 or now - reported >= PROGRESS_SECONDS:
                        reported = now
                        progress(done, len(files))
                problems.extend(file_problems)
                for fields in found:
                    paper = fields.paper
                    display = paper.file
                    era = era_of.get(paper.era)
                    if era_ids and era is None:  # no eras at all: reported once
                        line, col = positions.of(fields).era_pos
                        msg = f"unknown era {paper.era!r}"
                        if eras:
                            msg += f" (eras: {', '.join(sorted(era_ids))})"
                        problems.append(Problem(display, line, col, msg))
                        continue
                    if era is not None and not era.contains_year(paper.year):
                        line, col = positions.of(fields).era_pos
                        msg = (
                            f"era {paper.era!r} covers {era.span}, "
                            f"but the paper is from {paper.year}"
                        )
                        problems.append(Problem(display, line, col, msg))
                    if paper.id in first:
                        line, col = positions.of(fields).id_pos
                        there = positions.of(first[paper.id])
                        where = f"{there.paper.file}:{there.id_pos[0]}:{there.id_pos[1]}"
                        msg = f"paper id {paper.id!r} is already defined at {where}"
                        problems.append(Problem(display, line, col, msg))
                        continue
                    first[paper.id] = fields
                    papers.append(paper)
        if progress is not None:
            progress(len(files), len(files))
        # a million papers' fields and positions: let go of before the library is built
        del first, positions, results
    parents = tag_vocab.parents_by_name() if tag_vocab is not None else {}
    return LoadResult(Library.build(eras, papers, parents), tuple(problems))


__all__ = [
    "LoadResult",
    "Problem",
    "Seen",
    "load_library",
    "paper_files",
    "parse_eras",
    "parse_file",
    "parse_in_order",
    "parse_orgs",
    "parse_papers",
    "parse_tags",
    "read_text",
    "read_vocabularies",
    "read_yaml",
]
