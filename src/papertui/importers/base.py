"""What every importer produces, and the small parsing helpers they share (core, no Textual).

An importer turns one document into a :class:`ParseResult`: the papers it found (as
:class:`ImportedPaper`, already passed through :func:`papertui.library.sanitize.clean`) and the
problems it met, each with the 1-based line of the document where the parser knows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token
from rapidfuzz import fuzz, process

from papertui.library.fold import title_words
from papertui.library.sanitize import clean, one_line

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ABBR = {m[:3]: i for i, m in enumerate(MONTHS, 1)}
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?\s*$")
_WORD = re.compile(r"[A-Za-z]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class ImportedPaper:
    """One paper as read from an imported document; empty fields mean "not given"."""

    line: int  # 1-based line in the document (0 when unknown)
    short: str = ""  # short name, e.g. "BERT"
    title: str = ""  # full title; "" when the document only gives a name
    date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    authors: tuple[str, ...] = ()
    org: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    arxiv: str = ""  # without version
    url: str = ""
    explainer: str = ""
    other_links: dict[str, str] = field(default_factory=dict)  # fields.OTHER_LINKS key -> URL
    note: str = ""  # kept under the import's source id in ``notes``
    derived_short: bool = False  # True when ``short`` was made from the title, not given
    date_source: str = ""  # where the date came from ("date column", "arXiv id", "heading ...")

    @property
    def name(self) -> str:
        return self.short or self.title


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something the parser could not use; ``line`` is 1-based, 0 when unknown."""

    line: int
    message: str

    def format(self, label: str) -> str:
        return f"{label}:{self.line}: {self.message}" if self.line else f"{label}: {self.message}"


@dataclass(slots=True)
class ParseResult:
    papers: list[ImportedPaper] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def text(value: Any) -> str:
    """A single-line, sanitised, whitespace-collapsed string."""
    return one_line(str(value)) if value is not None else ""


def block(value: str) -> str:
    """A multi-line sanitised string with trailing spaces and blank edges removed."""
    lines = [ln.rstrip() for ln in clean(value, multiline=True).split("\n")]
    return "\n".join(lines).strip("\n")


def month_number(word: str) -> int:
    """1-12 for a month name, abbreviation, typo ("Februray") or number; 0 if none."""
    word = word.strip().strip(".").casefold()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else 0
    if len(word) >= 3 and word[:3] in _MONTH_ABBR:
        return _MONTH_ABBR[word[:3]]
    if len(word) >= 4:
        best = process.extractOne(word, MONTHS, scorer=fuzz.ratio, score_cutoff=75)
        if best is not None:
            return int(best[2]) + 1
    return 0


def parse_date(raw: str) -> str | None:
    """ "June 2017", "Jun 2017", "2017", "2017-06", "2017/6/1" -> YYYY[-MM[-DD]]; None if bad.

    Returns "" for an empty cell, ``None`` when there is text that is not a date.
    """
    raw = raw.strip()
    if not raw:
        return ""
    iso = _ISO.match(raw)
    if iso:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
        if not _YEAR.fullmatch(year):
            return None
        if month is None:
            return year
        if not 1 <= int(month) <= 12:
            return None
        if day is None:
            return f"{year}-{int(month):02d}"
        return f"{year}-{int(month):02d}-{int(day):02d}" if 1 <= int(day) <= 31 else None
    years = _YEAR.findall(raw)
    leftover = _YEAR.sub(" ", raw)
    if len(years) != 1 or re.search(r"\d{3,}", leftover):
        return None
    months = [m for m in (month_number(w) for w in _WORD.findall(leftover)) if m]
    return f"{years[0]}-{months[0]:02d}" if months else years[0]


def inline_text(children: list[Token] | None) -> str:
    """The visible text of a markdown-it inline token's children (formatting dropped)."""
    parts: list[str] = []
    for child in children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child.children))
    return " ".join("".join(parts).split())


def links_in(children: list[Token] | None) -> list[tuple[str, str]]:
    """``(href, link text)`` for every link among an inline token's children, in order."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, list[Token]]] = []
    for child in children or []:
        if child.type == "link_open":
            stack.append((str(child.attrs.get("href", "")), []))
        elif child.type == "link_close" and stack:
            href, inner = stack.pop()
            found.append((href, inline_text(inner)))
        elif stack:
            stack[-1][1].append(child)
    return found


def looks_like_title(name: str) -> bool:
    """A "name" that is really a full title: five words or more, or "Name: subtitle"."""
    return len(name.split()) >= 5 or short_from_title(name) != name


def short_from_title(title: str) -> str:
    """A short name for a full title: the part before a colon when short, else the title."""
    head, sep, _ = title.partition(":")
    if sep and 0 < len(head.split()) <= 4 and len(head) <= 30:
        return head.strip()
    return title


def slugify(value: str, *, max_len: int = 60) -> str:
    """An id matching ``[a-z0-9][a-z0-9-]*`` for a short name ("GPT-2" -> "gpt-2"): the
    ASCII letters and digits of :func:`~papertui.library.fold.title_words`."""
    slug = "-".join(_NOT_SLUG.sub(" ", title_words(value)).split())
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "paper"
