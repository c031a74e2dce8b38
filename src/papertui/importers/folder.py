"""Read and rewrite a data folder for merging (core, no Textual).

Paper files are read *raw* (PyYAML's BaseLoader: every scalar stays the string written, so
``arxiv: 1706.03760`` or ``date: 2018`` survive a rewrite untouched) and only files whose
papers actually change are written back, through :func:`papertui.library.writer.dump_paper`.
A file that does not parse is reported and never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from papertui.library.writer import dump_paper

_RAW_LOADER: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml
ERAS_FILE = "eras.yaml"
PAPERS_DIR = "papers"


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
class EraSpan:
    id: str
    start: int
    end: int | None


@dataclass(slots=True)
class DataFolder:
    root: Path
    eras: list[EraSpan] = field(default_factory=list)
    files: list[PaperFile] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # every paper file stem, readable or not
    warnings: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        return [r for f in self.files for r in f.records]

    def era_for(self, year: int) -> str:
        """The era of a new paper dated ``year``.

        The first era (in eras.yaml order) whose start..end contains the year; else the era
        that started most recently before it; else (older than every era) the earliest era.
        """
        for era in self.eras:
            if era.start <= year and (era.end is None or year <= era.end):
                return era.id
        before = [e for e in self.eras if e.start <= year]
        if before:
            return max(before, key=lambda e: e.start).id
        return min(self.eras, key=lambda e: e.start).id

    def add(self, paper_id: str, fields: dict[str, Any]) -> Record:
        path = self.root / PAPERS_DIR / f"{paper_id}.yaml"
        record = Record(path, fields, changed=True)
        self.files.append(PaperFile(path, [record], sequence=False))
        self.stems.add(paper_id)
        return record

    def write(self) -> tuple[list[Path], list[str]]:
        """Write every file with a changed paper; return (written paths, problems)."""
        written: list[Path] = []
        problems: list[str] = []
        for paper_file in self.files:
            if not any(r.changed for r in paper_file.records):
                continue
            try:
                docs = [dump_paper(r.fields) for r in paper_file.records]
            except ValueError as exc:
                problems.append(f"{paper_file.path}: not rewritten: {exc}")
                continue
            text = "".join(_as_item(d) for d in docs) if paper_file.sequence else docs[0]
            paper_file.path.parent.mkdir(parents=True, exist_ok=True)
            paper_file.path.write_text(text, encoding="utf-8")
            written.append(paper_file.path)
        return written, problems


def _as_item(doc: str) -> str:
    lines = doc.splitlines()
    return "".join(("- " if i == 0 else "  ") + ln + "\n" for i, ln in enumerate(lines))


def _eras(path: Path, folder: DataFolder) -> None:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        folder.warnings.append(f"{path}: cannot read eras: {exc}")
        return
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(item.get("start"), int) and item.get("id"):
            end = item.get("end")
            folder.eras.append(
                EraSpan(str(item["id"]), item["start"], end if isinstance(end, int) else None)
            )
    if not folder.eras:
        folder.warnings.append(f"{path}: no usable era (need id and start)")


def read_folder(root: Path) -> DataFolder:
    """Read ``root/eras.yaml`` and every ``root/papers/**/*.yaml`` (raw)."""
    folder = DataFolder(root)
    if (root / ERAS_FILE).is_file():
        _eras(root / ERAS_FILE, folder)
    papers = root / PAPERS_DIR
    paths = sorted(papers.rglob("*.yaml")) if papers.is_dir() else []
    for path in paths:
        folder.stems.add(path.stem)
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_RAW_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            folder.warnings.append(f"{path}: unreadable, left untouched: {first}")
            continue
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
