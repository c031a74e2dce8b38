"""Parsers for the four seed documents (../shared/seeds/00N_*.txt).

Each parser returns plain records; merging, curation and writing happen in build.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), start=1)}
MONTHS["februray"] = 2  # typo in the source


def find_seed(seeds: Path, prefix: str) -> Path:
    found = sorted(seeds.glob(f"{prefix}_*.txt"))
    if not found:
        raise FileNotFoundError(f"no seed {prefix}_*.txt in {seeds}")
    return found[0]


# --------------------------------------------------------------------------- 001 archive


@dataclass
class ArchivePaper:
    short: str
    title: str
    era_name: str
    authors_raw: str
    org: str
    date: str
    summary: str
    why: str = ""
    tags_raw: str = ""
    has_related: bool = False
    has_builds_on: bool = False


@dataclass
class ArchiveEra:
    name: str
    start: int
    end: int
    blurb: str


@dataclass
class Archive:
    eras: list[ArchiveEra] = field(default_factory=list)
    papers: list[ArchivePaper] = field(default_factory=list)


_ERA_RANGE = re.compile(r"^(\d{4}) – (\d{4})$")
_BYLINE = re.compile(r"^(.*)·(.*)·(\d{4}(?:-\d{2})?)$")


def parse_archive(path: Path) -> Archive:
    """Parse the web archive dump: era headers, then paper blocks starting with '📄'.

    A paper block is: 📄short / title / era name / byline / summary / [Why It Matters / text]
    / [tags line] / [Related Models:] / [Builds on:]. One block (Mistral 7B) lost its first
    three lines; it starts at the byline and is returned with an empty short name.
    """
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    out = Archive()
    era_names: set[str] = set()
    i = 0
    # era headers: name, "YYYY – YYYY", blurb
    for j in range(len(lines) - 2):
        m = _ERA_RANGE.match(lines[j + 1])
        if m:
            out.eras.append(ArchiveEra(lines[j], int(m[1]), int(m[2]), lines[j + 2]))
            era_names.add(lines[j])
    cur: ArchivePaper | None = None
    state = ""
    while i < len(lines):
        ln = lines[i]
        byline = _BYLINE.match(ln)
        if ln.startswith("📄") or (byline and (cur is None or state != "head")):
            if ln.startswith("📄"):
                short, title, era = ln[1:].strip(), lines[i + 1], lines[i + 2]
                byline = _BYLINE.match(lines[i + 3])
                i += 4
            else:  # headless block (lost heading)
                short, title, era = "", "", ""
                i += 1
            assert byline, f"no byline near line {i}: {lines[i - 1]!r}"
            cur = ArchivePaper(
                short=short,
                title=title,
                era_name=era,
                authors_raw=byline[1].strip(),
                org=byline[2].strip(),
                date=byline[3],
                summary=lines[i],
            )
            out.papers.append(cur)
            i += 1
            state = "body"
            continue
        if cur is None:
            i += 1
            continue
        if ln == "Why It Matters":
            cur.why = lines[i + 1]
            i += 2
            continue
        if ln == "Related Models:":
            cur.has_related = True
        elif ln == "Builds on:":
            cur.has_builds_on = True
        elif ln in era_names and i + 1 < len(lines) and _ERA_RANGE.match(lines[i + 1]):
            i += 3
            continue
        elif not cur.tags_raw and not ln.endswith(".") and len(ln) < 60:
            cur.tags_raw = ln
        i += 1
    return out


# --------------------------------------------------------------------------- 002 notes


@dataclass
class Note:
    category: str
    tldr: str


def parse_notes(path: Path) -> list[Note]:
    """Category lines end with a count ("Computer Vision 3"); the lines after are TLDRs."""
    notes: list[Note] = []
    category = ""
    remaining = 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        ln = raw.strip()
        if not ln:
            continue
        m = re.match(r"^(.*\S) (\d+)$", ln)
        if m and remaining == 0 and len(ln) < 60:
            category, remaining = m[1], int(m[2])
            continue
        if remaining:
            notes.append(Note(category, ln))
            remaining -= 1
    return notes


# --------------------------------------------------------------------------- 003 reading list


@dataclass
class ReadingItem:
    title: str
    arxiv: str
    notes: str


_RL_HEAD = re.compile(r"^> \[(.+)\]\((https?://arxiv\.org/(?:abs|pdf)/([0-9.]+?)(?:v\d+)?)\)\s*$")


def parse_reading_list(path: Path) -> list[ReadingItem]:
    items: list[ReadingItem] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = _RL_HEAD.match(raw.strip())
        if m:
            items.append(ReadingItem(m[1].strip(), m[3], ""))
            continue
        if raw.startswith(">>") and items:
            text = raw[2:].strip()
            cur = items[-1]
            cur.notes = f"{cur.notes}\n{text}" if cur.notes else text
    return items


# --------------------------------------------------------------------------- 004 tables


@dataclass
class TableRow:
    section: str  # top-level section (## heading)
    subsection: str  # ### heading or ""
    name: str
    url: str
    date_raw: str
    description: str
    line: int  # 1-based source line


def parse_month_year(text: str) -> str:
    """'June 2017' -> '2017-06'; 'March 20222' (typo) -> '2022-03'; '' -> ''."""
    m = re.match(r"^\s*([A-Za-z]+)\s+(\d{4})", text)
    if not m:
        return ""
    month = MONTHS[m[1].lower()]
    return f"{m[2]}-{month:02d}"


def parse_tables(path: Path) -> list[TableRow]:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(path.read_text(encoding="utf-8"))
    rows: list[TableRow] = []
    heads: list[str] = []
    cells: list[str] = []
    link = ""
    line = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            heads = [*heads[: level - 1], tokens[i + 1].content]
            heads += [""] * (level - len(heads))
        elif tok.type == "tr_open":
            cells, link = [], ""
            line = (tok.map[0] + 1) if tok.map else 0
        elif tok.type == "inline" and tokens[i - 1].type == "td_open":
            if not cells:
                for child in tok.children or []:
                    if child.type == "link_open" and not link:
                        link = str(child.attrs.get("href", ""))
                text = "".join(
                    c.content for c in (tok.children or []) if c.type in ("text", "code_inline")
                )
                cells.append(text.strip())
            else:
                cells.append(tok.content.strip())
        elif tok.type == "tr_close" and cells:
            section = heads[1] if len(heads) > 1 else ""
            sub = heads[2] if len(heads) > 2 else ""
            rows.append(
                TableRow(
                    section=section,
                    subsection=sub,
                    name=cells[0],
                    url=link,
                    date_raw=cells[1] if len(cells) > 1 else "",
                    description=cells[2] if len(cells) > 2 else "",
                    line=line,
                )
            )
    return rows
