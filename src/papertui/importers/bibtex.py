"""``bibtex``: BibTeX / BibLaTeX exports (Google Scholar, Zotero, Mendeley, arXiv, DBLP...).

Parsed by bibtexparser v2 with its middlewares: ``LatexDecodingMiddleware`` (accents such as
``{\\"o}``, ``\\'{e}``, ``{\\c{c}}`` become ö, é, ç; braced groups are kept until names are
split so ``{Google Brain}`` stays one name), then ``SeparateCoAuthors`` and ``SplitNameParts``.
Field mapping:

- ``title`` -> title (protective braces removed); ``shorttitle`` -> short name, else the part
  of the title before a colon when it is short, else the title.
- ``author`` -> authors as "First von Last, Jr" (``others`` dropped).
- ``year`` + ``month`` (``oct``, ``October``, ``10``) or BibLaTeX ``date`` -> date; with no
  year, an arXiv id's year and month.
- arXiv id from ``eprint`` (with ``archivePrefix``/``eprinttype`` arXiv, or an id-looking
  eprint), a ``url``/``doi`` of arXiv (``10.48550/arXiv.X``) or a ``journal`` such as
  "arXiv preprint arXiv:1706.03762"; version suffixes are dropped.
- ``url`` (unless it is the arXiv page) -> ``links.url``; ``abstract`` -> summary;
  ``keywords`` (comma or semicolon separated) -> tags.
Entries bibtexparser cannot parse are reported with their line.
"""

from __future__ import annotations

import logging
from typing import Any

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

from papertui.importers.base import (
    ImportedPaper,
    ImportProblem,
    ParseResult,
    month_number,
    parse_date,
    short_from_title,
    text,
)
from papertui.library.ids import arxiv_from_text, arxiv_from_url, date_from_arxiv

SKIPPED_TYPES = frozenset({"string", "preamble", "comment"})
# pylatexenc's LaTeX decoding is quadratic in a field's length (1 MB: 15 s, 10 MB: about
# 25 minutes): a longer field is cut to this many characters before it is decoded.
MAX_FIELD_CHARS = 20_000


class _CappedLatexDecoding(middlewares.LatexDecodingMiddleware):
    """LaTeX decoding with every string cut to :data:`MAX_FIELD_CHARS` first; ``cut``
    counts the strings that were cut."""

    def __init__(self) -> None:
        super().__init__(keep_braced_groups=True)
        self.cut = 0

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if len(python_string) > MAX_FIELD_CHARS:
            self.cut += 1
            python_string = python_string[:MAX_FIELD_CHARS]
        return super()._transform_python_value_string(python_string)


def _plain(value: Any) -> str:
    """A field value as one clean line, braces used for case protection removed."""
    return text(str(value).replace("{", "").replace("}", ""))


def _name(parts: Any) -> str:
    if isinstance(parts, str):
        return _plain(parts)
    first = " ".join(parts.first)
    von = " ".join(parts.von)
    last = " ".join(parts.last)
    jr = " ".join(parts.jr)
    full = " ".join(p for p in (first, von, last) if p)
    return _plain(f"{full}, {jr}" if jr else full)


def _date(fields: dict[str, Any], arxiv: str) -> str:
    if fields.get("date"):  # BibLaTeX
        parsed = parse_date(_plain(fields["date"]))
        if parsed:
            return parsed
    year = _plain(fields.get("year", ""))
    if year.isdigit() and len(year) == 4:
        month = month_number(_plain(fields.get("month", "")))
        return f"{year}-{month:02d}" if month else year
    return date_from_arxiv(arxiv) if arxiv else ""


def _arxiv(fields: dict[str, Any]) -> str:
    prefix = _plain(fields.get("archiveprefix") or fields.get("eprinttype") or "").casefold()
    eprint = _plain(fields.get("eprint", ""))
    if eprint and prefix in ("", "arxiv"):
        found = arxiv_from_text(eprint)
        if found:
            return found
    for key in ("url", "doi", "journal", "note", "howpublished", "booktitle"):
        value = _plain(fields.get(key, ""))
        found = arxiv_from_url(value) or arxiv_from_text(value)
        if found:
            return found
    return ""


def _entry_paper(line: int, fields: dict[str, Any]) -> ImportedPaper:
    title = _plain(fields.get("title", ""))
    arxiv = _arxiv(fields)
    url = _plain(fields.get("url", ""))
    authors = fields.get("author", [])
    if isinstance(authors, str):
        authors = [authors]
    keywords = _plain(fields.get("keywords", "")).replace(";", ",")
    short = _plain(fields.get("shorttitle", ""))
    return ImportedPaper(
        line=line,
        short=short or short_from_title(title),
        derived_short=not short,
        title=title,
        date=_date(fields, arxiv),
        authors=tuple(n for n in (_name(a) for a in authors) if n and n.casefold() != "others"),
        tags=tuple(dict.fromkeys(t for t in (text(k) for k in keywords.split(",")) if t)),
        summary=text(fields.get("abstract", "")),
        arxiv=arxiv,
        url="" if arxiv and arxiv_from_url(url) == arxiv else url,
    )


def _failure(block: Any) -> str:
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or str(error or "")
    lines = [ln.strip() for ln in str(reason).splitlines() if ln.strip()]
    return lines[0] if lines else "could not be parsed"


def parse(source: str) -> ParseResult:
    """Every entry with a title, as an :class:`ImportedPaper`; bad blocks as problems."""
    result = ParseResult()
    log = logging.getLogger("bibtexparser")
    level = log.level
    log.setLevel(logging.ERROR)  # its warnings about bad blocks are reported below instead
    decoding = _CappedLatexDecoding()
    try:
        library = parse_string(
            source,
            append_middleware=[
                decoding,
                middlewares.SeparateCoAuthors(),
                middlewares.SplitNameParts(),
            ],
        )
    finally:
        log.setLevel(level)
    entries = list(library.entries)
    if decoding.cut:
        message = f"{decoding.cut} field(s) longer than {MAX_FIELD_CHARS:,} characters were cut"
        result.problems.append(ImportProblem(0, message))
    for failed in library.failed_blocks:
        line = int(getattr(failed, "start_line", None) or 0) + 1
        message = f"bibtex: {_failure(failed)}"
        if isinstance(failed, DuplicateBlockKeyBlock) and isinstance(
            failed.ignore_error_block, Entry
        ):
            entries.append(failed.ignore_error_block)
            message += " (imported anyway)"
        result.problems.append(ImportProblem(line, message))
    entries.sort(key=lambda e: e.start_line or 0)
    for entry in entries:
        line = int(entry.start_line or 0) + 1
        if entry.entry_type.casefold() in SKIPPED_TYPES:
            continue
        fields = {f.key.casefold(): f.value for f in entry.fields}
        paper = _entry_paper(line, fields)
        if not paper.title:
            message = f"@{entry.entry_type}{{{entry.key}}} has no title, skipped"
            result.problems.append(ImportProblem(line, message))
            continue
        if not paper.date and (fields.get("year") or fields.get("date")):
            raw = _plain(fields.get("year") or fields.get("date"))
            result.problems.append(ImportProblem(line, f"{entry.key}: {raw!r} is not a date"))
        result.papers.append(paper)
    result.problems.sort(key=lambda p: p.line)
    return result
