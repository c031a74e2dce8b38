"""Read and rewrite a data folder for merging (core, no Textual).

The folder is walked and read exactly as the loader does
(:func:`papertui.library.datafolder.paper_files`: hidden files skipped;
:func:`papertui.library.loader.read_yaml`: regular files only, size
cap, UTF-8, safe composing that refuses alias bombs and absurd nesting; eras through
:func:`papertui.library.loader.parse_eras`). Paper files are then kept *raw*: every scalar
stays the string written, so ``arxiv: 1706.03760`` or ``date: 2018`` survive a rewrite
untouched, and only files whose papers actually change are written back, through
:func:`papertui.library.writer.dump_paper`. A file the loader cannot read is reported
(``file:line:col: message``) and never touched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from papertui.library.datafolder import ERAS_FILE, PAPERS_DIR, paper_files
from papertui.library.loader import parse_eras, read_text, read_vocabularies, read_yaml
from papertui.library.model import Era, era_for_year
from papertui.library.problems import Problem
from papertui.library.safewrite import sync_folders, write_atomic
from papertui.library.vocab import OrgVocabulary, TagVocabulary
from papertui.library.writer import dump_paper
from papertui.library.yamlsafe import MappingNode, ScalarNode, SequenceNode, YamlError, compose


@dataclass(slots=True)
class Record:
    """One paper mapping of the folder, raw; ``changed`` marks it for rewriting."""

    path: Path
    fields: dict[str, Any]
    changed: bool = False


@dataclass(slots=True)
class PaperFile:
    path: Path
    records: list[Record]
    sequence: bool  # the file holds a YAML sequence of papers


@dataclass(slots=True)
class DataFolder:
    root: Path
    eras: list[Era] = field(default_factory=list)
    files: list[PaperFile] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # every paper file stem, readable or not
    warnings: list[str] = field(default_factory=list)
    eras_text: str | None = None  # eras.yaml as read (or as a new folder will start it)
    eras_dirty: bool = False  # eras.yaml must be (re)written: a new folder or a widened era
    widened: list[str] = field(default_factory=list)  # "era X now starts in 1943" lines
    tags: TagVocabulary | None = None  # tags.yaml, when the folder has one
    orgs: OrgVocabulary | None = None  # orgs.yaml, when the folder has one

    @property
    def records(self) -> list[Record]:
        return [r for f in self.files for r in f.records]

    def era_for(self, year: int, subject: Mapping[str, float] | None = None) -> str:
        """The era id of a new paper dated ``year``
        (:func:`papertui.library.model.era_for_year`, ``subject`` scores by era id). A year
        outside every era widens the era the rule picks (its ``start`` or ``end`` moves to
        the year, so ``check``'s era-years rule holds); :attr:`widened` says so."""
        era = era_for_year(self.eras, year, subject)
        if era is None:
            raise ValueError("the data folder has no era")
        if not era.contains_year(year):
            key = "start" if year < era.start else "end"
            text = _set_era_year(self.eras_text or "", era.id, key, year)
            if text is None:
                raise ValueError(f"cannot widen era {era.id!r} in {ERAS_FILE}")
            self.eras_text, self.eras_dirty = text, True
            wider = (
                dataclasses.replace(era, start=year)
                if key == "start"
                else dataclasses.replace(era, end=year)
            )
            self.eras = [wider if e.id == era.id else e for e in self.eras]
            span = f"{wider.start}-{wider.end if wider.end is not None else ''}"
            self.widened.append(
                f"{self.root / ERAS_FILE}: era {era.id!r} widened to {span} "
                f"(a paper from {year} is older or newer than every era)"
            )
        return era.id

    def add(self, paper_id: str, fields: dict[str, Any]) -> Record:
        path = self.root / PAPERS_DIR / f"{paper_id}.yaml"
        record = Record(path, fields, changed=True)
        self.files.append(PaperFile(path, [record], sequence=False))
        self.stems.add(paper_id)
        return record

    def write(self, *, durable: bool = True) -> tuple[list[Path], list[str]]:
        """Write every file with a changed paper, each one atomically
        (:func:`papertui.library.safewrite.write_atomic`); return (written paths, problems).
        The first file that cannot be written (full disk, read-only folder) stops the
        write: it and every later file keep their old contents, and one line says so.
        Each folder is fsynced once, after its files (``durable=False``: never, for a
        throw-away copy)."""
        written: list[Path] = []
        problems: list[str] = []
        if self.eras_dirty and self.eras_text is not None:
            try:
                write_atomic(self.root / ERAS_FILE, self.eras_text)
            except OSError as exc:
                why = exc.strerror or str(exc)
                return [], [f"{self.root / ERAS_FILE}: not written ({why}); no paper written"]
            written.append(self.root / ERAS_FILE)
        pending = [f for f in self.files if any(r.changed for r in f.records)]
        for done, paper_file in enumerate(pending):
            try:
                docs = [dump_paper(r.fields) for r in paper_file.records]
            except ValueError as exc:
                problems.append(f"{paper_file.path}: not rewritten: {exc}")
                continue
            text = "".join(_as_item(d) for d in docs) if paper_file.sequence else docs[0]
            try:
                paper_file.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(paper_file.path, text, durable=durable, sync_folder=False)
            except OSError as exc:
                left = len(pending) - done - 1
                more = f"; {left} more files not written" if left else ""
                why = exc.strerror or str(exc)
                problems.append(f"{paper_file.path}: not written ({why}), left as it was{more}")
                break
            written.append(paper_file.path)
        if durable:
            sync_folders(written)
        return written, problems


def _set_era_year(text: str, era_id: str, key: str, year: int) -> str | None:
    """``text`` (an eras.yaml) with era ``era_id``'s ``key`` (start or end) set to ``year``,
    edited in place so comments and layout stay; ``None`` when the era is not found."""
    try:
        root = compose(text)
    except YamlError:
        return None
    for item in root.value if isinstance(root, SequenceNode) else []:
        if not isinstance(item, MappingNode):
            continue
        pairs = {str(k.value): v for k, v in item.value if isinstance(k, ScalarNode)}
        era = pairs.get("id")
        if not isinstance(era, ScalarNode) or str(era.value) != era_id:
            continue
        value = pairs.get(key)
        if isinstance(value, ScalarNode) and value.start_mark.line == value.end_mark.line:
            start, end = value.start_mark.index, value.end_mark.index
            return text[:start] + str(year) + text[end:]
        if value is None and key == "end":  # no end: the era is open and holds the year
            return None
        return None
    return None


def _as_item(doc: str) -> str:
    lines = doc.splitlines()
    return "".join(("- " if i == 0 else "  ") + ln + "\n" for i, ln in enumerate(lines))


def _eras(path: Path, folder: DataFolder) -> None:
    problems: list[Problem] = []
    text = read_text(path, str(path), problems)
    if text is not None:
        folder.eras_text = text
        folder.eras = parse_eras(text, str(path), problems)
    folder.warnings.extend(str(p) for p in problems)
    if not folder.eras:
        folder.warnings.append(f"{path}: no usable era (need id, name and start)")


def _raw(node: Node) -> Any:
    """A composed node as plain values, every scalar the string written (the graph is
    already checked by :func:`papertui.library.yamlsafe.compose`: no bomb, no cycle)."""
    if isinstance(node, SequenceNode):
        return [_raw(item) for item in node.value]
    if isinstance(node, MappingNode):
        return {
            _raw(key) if isinstance(key, ScalarNode) else repr(_raw(key)): _raw(value)
            for key, value in node.value
        }
    return str(node.value)


def read_folder(root: Path) -> DataFolder:
    """Read ``root/eras.yaml`` and every ``root/papers/**/*.yaml`` the loader would read (raw)."""
    folder = DataFolder(root)
    if (root / ERAS_FILE).is_file():
        _eras(root / ERAS_FILE, folder)
    vocab_problems: list[Problem] = []
    folder.tags, folder.orgs = read_vocabularies(root, vocab_problems)
    folder.warnings.extend(str(p) for p in vocab_problems)
    papers = root / PAPERS_DIR

    def unreadable(exc: OSError) -> None:
        folder.warnings.append(
            f"{exc.filename or papers}: cannot read folder: {exc.strerror or exc}"
        )

    for path in paper_files(papers, unreadable) if papers.is_dir() else []:
        folder.stems.add(path.stem)
        problems: list[Problem] = []
        node = read_yaml(path, str(path), problems)
        if node is None:
            folder.warnings.extend(f"{p} (left untouched)" for p in problems)
            continue
        raw = _raw(node)
        items = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(i, dict) for i in items):
            folder.warnings.append(f"{path}: not a paper mapping, left untouched")
            continue
        records = [Record(path, dict(i)) for i in items]
        folder.files.append(PaperFile(path, records, sequence=isinstance(raw, list)))
        folder.stems.update(str(r.fields["id"]) for r in records if r.fields.get("id"))
    return folder


def default_eras_yaml(first_year: int) -> str:
    """The eras.yaml of a brand-new data folder: one open era from the oldest paper's year."""
    blurb = "Everything imported so far; split into eras as the collection grows"
    eras = [{"id": "papers", "name": "Papers", "start": first_year, "end": None, "blurb": blurb}]
    return yaml.safe_dump(eras, sort_keys=False, allow_unicode=True)
