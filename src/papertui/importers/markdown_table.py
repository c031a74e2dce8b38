"""``markdown-table``: Markdown tables of any common shape, under any headings.

The document is parsed with markdown-it-py (CommonMark + its table extension, inline HTML
read for ``<br>`` and ``<a href>``). Rules:

- Each table row is one paper. Columns are recognised by their header text when it is a
  known one (case and punctuation ignored): name (Paper, Name, Model, ...), title (Title),
  date (Date, Year, Published, Month), summary (Description, Summary, TL;DR, ...), authors,
  org (Institute, Organisation, ...), tags (Tags, Keywords, Topic), link (Link, URL, arXiv,
  PDF), explainer (Blog, Article, Post). Columns whose header says nothing are recognised by
  what their cells hold: dates, arXiv or other links, lists of person names, and the
  longest words-only text (the title). A name of five words or more, or "Name: subtitle",
  is taken as the full title (short name: the part before the colon, else the title).
- A cell "1) Title  what it does" (two spaces or a line break after the title, or a bold
  title then a dash or colon: "1) **Title** - what it does") keeps the title apart (the
  numbering dropped); the rest is a description, which goes to ``summary`` only with
  ``--with-descriptions`` (the command drops summaries otherwise).
- Links anywhere in the row, several to a cell ("[Paper](…), [Code](…), [Tweet](…)"): an
  arXiv link becomes ``links.arxiv`` (version dropped), a blog host or a "Blog" label
  ``links.explainer``, a link labelled or hosted as the paper ("Paper", "PDF",
  openreview.net, doi.org ...) ``links.url``; the others are kept by what they are
  (:func:`~papertui.importers.table_roles.link_kind`: ``code``, ``project``, ``data``,
  ``video``, ``social``; see ``library.fields.OTHER_LINKS``), the first of each kind; a link
  that says nothing about itself becomes ``links.url`` when no paper link did.
- The date comes from the date column, else from the arXiv id's YYMM, else from the nearest
  heading above the table that holds a year ("## 2023", "### March 2024",
  "... (June 23 - June 29) - 2025"; a month in an inner heading and a year in an outer one
  combine); under a heading with a month but no year, the year the table's arXiv-dated rows
  of that month share. ``ImportedPaper.date_source`` says which.
- The innermost heading above a table becomes the row's tag (unless it is only a date),
  except a document's only level-1 heading, which is its title.
- What cannot be read is reported as ``line: message`` and the rest of the row is kept: a
  date that is no date ("March 20222"), an author list with a stray comma ("Ramón y Cajal,
  Santiago," is read as Santiago Ramón y Cajal).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from papertui.importers.base import (
    ImportedPaper,
    ImportProblem,
    ParseResult,
    looks_like_title,
    parse_date,
    short_from_title,
    text,
)
from papertui.importers.table_roles import (
    Cell,
    column_roles,
    content_roles,
    heading_date,
    heading_month,
    is_date_heading,
    is_explainer,
    link_kind,
)
from papertui.library.fold import title_key
from papertui.library.ids import arxiv_from_url, date_from_arxiv

EXPLAINER_LABELS = frozenset({"blog", "blogpost", "explainer", "article", "explanation"})

_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,4}[.)]|[-*\u2022])\s+")
_GAP = re.compile(r"\s{2,}|\n")
_NUMBERED_LEAD = re.compile(r"\s*(?:\(?\d{1,4}[.)])?\s*")  # "1) " before a bold title
_LEAD_GAP = re.compile(r"[ \t]*(?:[-\u2013\u2014:|][ \t]+|\n|$)")  # after it
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.I)
_BREAK = re.compile(r"<br\s*/?>|</p>|</div>|</li>", re.I)
MAX_CELL = 2_000  # characters of one cell that are read (a "title" of 100k letters is cut)
LONG_TABLE = 500  # body rows after which a table's rows are read one line at a time
_PIPE_ROW = re.compile(r"^ {0,3}\|")
_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_INLINE_MARK = re.compile(r"[\\`*_\[\]<>&!~]")  # a cell without these is plain text


@dataclass(slots=True)
class _Table:
    line: int
    tag: str
    headings: list[str]  # outermost first
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    more: range = range(0)  # 0-based lines of a long table's further rows (see _long_tables)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _cell(children: list[Token] | None) -> Cell:
    """The text, parts and links of one table cell's inline children. A bold lead followed
    by a dash or colon ("1) **Title** - what it does") is a part of its own."""
    raw: list[str] = []
    links: list[tuple[str, str]] = []
    stack: list[tuple[str, list[str]]] = []
    before: str | None = ""  # the text before a bold lead, while it is only numbering
    lead: list[int] = []  # where the bold lead starts and ends in the joined text
    size = 0
    for child in children or []:
        piece = ""
        if child.type == "strong_open" and not lead and before is not None:
            lead.append(size)
            continue
        if child.type == "strong_close" and len(lead) == 1:
            lead.append(size)
            continue
        if child.type in ("text", "code_inline"):
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            piece = "\n"
        elif child.type == "html_inline":
            anchor = _HREF.search(child.content)
            if anchor:
                links.append((anchor.group(1), ""))
            piece = "\n" if _BREAK.search(child.content) else ""
        elif child.type == "image":
            piece = " ".join(c.content for c in child.children or [])
        elif child.type == "link_open":
            stack.append((str(child.attrs.get("href", "")), []))
            continue
        elif child.type == "link_close" and stack:
            href, inner = stack.pop()
            links.append((href, " ".join("".join(inner).split())))
            continue
        if stack:
            stack[-1][1].append(piece)
        raw.append(piece)
        size += len(piece)
        if before is not None and not lead:
            before = before + piece if _NUMBERED_LEAD.fullmatch(before + piece) else None
    joined = "".join(raw)[:MAX_CELL]
    gap = _LEAD_GAP.match(joined, lead[1]) if len(lead) == 2 else None
    if gap is not None:  # "**Title** - what it does": the title is a part of its own
        joined = joined[: lead[1]] + "\n" + joined[gap.end() :]
    parts = [" ".join(p.split()) for p in _GAP.split(joined)]
    return Cell(" ".join(joined.split()), [p for p in parts if p], links)


def _long_tables(lines: list[str]) -> dict[int, range]:
    """0-based header line -> the body lines after the first, of every table longer than
    :data:`LONG_TABLE` rows whose every line starts with a pipe and that ends at a blank line
    or the end. Those lines are blanked before markdown-it sees the document (a 100k-row
    table would cost it a dozen tokens a cell) and read by :func:`_more_rows` instead, with
    markdown-it's own cell rules; a table markdown-it does not see there (in a code block)
    never asks for them."""
    found: dict[int, range] = {}
    i = 0
    while i < len(lines) - 2:
        if not (_PIPE_ROW.match(lines[i]) and _DELIMITER.match(lines[i + 1])):
            i += 1
            continue
        end = i + 2
        while end < len(lines) and _PIPE_ROW.match(lines[end]):
            end += 1
        if end - (i + 2) > LONG_TABLE and (end == len(lines) or not lines[end].strip()):
            found[i] = range(i + 3, end)
        i = end
    return found


def _split_row(line: str) -> list[str]:
    """A table line's cells as markdown-it splits them: unescaped pipes, ``\\|`` a pipe."""
    cells = re.split(r"(?<!\\)\|", line.strip(" \t"))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return [c.replace("\\|", "|").strip(" \t") for c in cells]


def _more_rows(table: _Table, lines: list[str], md: MarkdownIt) -> Iterator[tuple[int, list[Cell]]]:
    """The rows of ``table.more``, one line at a time (a plain cell is not parsed at all)."""
    width = len(table.header)
    for index in table.more:
        cells: list[Cell] = []
        for raw in (_split_row(lines[index]) + [""] * width)[:width]:
            if _INLINE_MARK.search(raw):
                tokens = md.parseInline(raw)
                cells.append(_cell(tokens[0].children if tokens else None))
            else:
                plain = raw[:MAX_CELL]
                parts = [" ".join(p.split()) for p in _GAP.split(plain)]
                cells.append(Cell(" ".join(plain.split()), [p for p in parts if p], []))
        yield index + 1, cells


def _tables(tokens: list[Token], long: dict[int, range] | None = None) -> list[_Table]:
    h1_count = sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1")
    headings: list[tuple[int, str]] = []  # (level, text) stack
    tables: list[_Table] = []
    current: _Table | None = None
    row: list[Cell] | None = None
    in_head = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            level = int(tok.tag[1:])
            title = _cell(tokens[i + 1].children).text
            headings = [h for h in headings if h[0] < level]
            if not (level == 1 and h1_count == 1):
                headings.append((level, title))
        elif tok.type == "table_open":
            line = tok.map[0] + 1 if tok.map else 0
            names = [h[1] for h in headings]
            tag = next((h for h in reversed(names) if not is_date_heading(h)), "")
            tag = tag if names and tag == names[-1] else ""
            current = _Table(line=line, tag=tag, headings=names)
            current.more = (long or {}).get(line - 1, range(0))
            tables.append(current)
        elif tok.type == "table_close":
            current = None
        elif tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and current is not None:
            row = []
            if not in_head:
                current.rows.append((tok.map[0] + 1 if tok.map else current.line, row))
        elif tok.type == "inline" and row is not None and current is not None:
            cell = _cell(tok.children)
            if in_head:
                current.header.append(cell.text)
            else:
                row.append(cell)
        elif tok.type == "tr_close":
            row = None
    return tables


def _title_part(cell: Cell) -> tuple[str, str]:
    """(title, description) of a name cell: "1) Title  what it does"."""
    parts = [p for p in cell.parts if not _NUMBERED_LEAD.fullmatch(p)] or [""]
    first = _NUMBERING.sub("", parts[0]).strip()
    return text(first), text(" ".join(parts[1:]))


def read_authors(raw: str, line: int, problems: list[ImportProblem]) -> tuple[str, ...]:
    """The names of an authors cell; a stray or inverted comma is repaired and reported."""
    raw = text(raw)
    if not raw:
        return ()
    separator = ";" if ";" in raw else ","
    pieces = [p.strip() for p in raw.replace(" and ", separator).split(separator)]
    names = [p for p in pieces if p and p.casefold().rstrip(".") != "et al"]
    stray = len(names) < len([p for p in pieces if p.casefold().rstrip(".") != "et al"])
    if separator == ";":
        names = [" ".join(reversed([w.strip() for w in n.split(",", 1)])) for n in names]
    elif len(names) % 2 == 0 and names and all(len(n.split()) == 1 for n in names[1::2]):
        # "Last, First, Last, First": every other piece is a lone given name
        names = [f"{first} {last}" for last, first in zip(names[::2], names[1::2], strict=True)]
        stray = True
    if stray:
        problems.append(
            ImportProblem(line, f"authors: {raw!r} has a stray comma; read as {', '.join(names)}")
        )
    return tuple(text(n) for n in names if text(n))


def _row_paper(
    table: _Table, roles: dict[str, int], line: int, cells: list[Cell], result: ParseResult
) -> ImportedPaper:
    def cell(role: str) -> Cell | None:
        index = roles.get(role)
        return cells[index] if index is not None and index < len(cells) else None

    paper = ImportedPaper(line=line, tags=(text(table.tag),) if table.tag else ())
    name, title = cell("name"), cell("title")
    paper.short, description = _title_part(name or title or Cell("", [], []))
    if title is not None and name is not None:
        paper.title, described = _title_part(title)
        description = description or described
    elif looks_like_title(paper.short):  # a "Paper" column holding full titles
        paper.title, paper.short = paper.short, short_from_title(paper.short)
        paper.derived_short = True
    summary = cell("summary")
    paper.summary = text(summary.text) if summary else description
    ordered = [c for c in (name, title, cell("link"), cell("explainer")) if c is not None]
    ordered += [c for c in cells if all(c is not o for o in ordered)]
    unnamed = ""  # the first link that says nothing about itself
    for href, label in (h for c in ordered for h in c.links):
        arxiv = arxiv_from_url(href)
        kind = link_kind(href, label) if not arxiv else "arxiv"
        if arxiv:
            paper.arxiv = paper.arxiv or arxiv
        elif is_explainer(href) or title_key(label) in EXPLAINER_LABELS:
            paper.explainer = paper.explainer or text(href)
        elif not href.startswith(("http://", "https://")):
            continue
        elif kind == "url":
            paper.url = paper.url or text(href)
        elif kind:
            paper.other_links.setdefault(kind, text(href))
        else:
            unnamed = unnamed or text(href)
    paper.url = paper.url or unnamed
    authors, org, tags = cell("authors"), cell("org"), cell("tags")
    paper.org = text(org.text) if org else ""
    if tags is not None:
        extra = (text(t) for t in tags.text.replace(";", ",").split(","))
        paper.tags = tuple(dict.fromkeys([*paper.tags, *(t for t in extra if t)]))
    if authors is not None:
        paper.authors = read_authors(authors.text, line, result.problems)
    return paper


def _date(paper: ImportedPaper, raw: str | None, table: _Table, result: ParseResult) -> None:
    """Set ``paper.date`` and ``date_source``: the date column, the arXiv id, a heading."""
    if raw:
        date = parse_date(raw)
        if date is None:
            msg = f"{paper.name}: {raw!r} is not a date (want e.g. 'June 2017' or 2017-06)"
            result.problems.append(ImportProblem(paper.line, msg))
        elif date:
            paper.date, paper.date_source = date, "date column"
            return
    if paper.arxiv and date_from_arxiv(paper.arxiv):
        paper.date, paper.date_source = date_from_arxiv(paper.arxiv), "arXiv id"
        return
    date, heading = heading_date(table.headings)
    if date:
        paper.date, paper.date_source = date, f"heading {heading!r}"


def parse(source: str) -> ParseResult:
    """Every table row of ``source`` that names something, as an :class:`ImportedPaper`."""
    result = ParseResult()
    md = _parser()
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    long = _long_tables(lines)
    if long:
        lines_seen = list(lines)
        for held in long.values():
            lines_seen[held.start : held.stop] = [""] * len(held)
        source = "\n".join(lines_seen)
    for table in _tables(md.parse(source), long):
        rows = itertools.chain(table.rows, _more_rows(table, lines, md))
        head = list(itertools.islice(rows, 200))  # what the columns hold, from a sample
        width = max([len(table.header), *(len(c) for _, c in head)])
        roles = content_roles(column_roles(table.header), [c for _, c in head], width)
        date_cell = roles.get("date")
        first = len(result.papers)
        for line, cells in itertools.chain(head, rows):
            paper = _row_paper(table, roles, line, cells, result)
            if not paper.short:
                if any(c.text for c in cells):
                    result.problems.append(ImportProblem(line, "row has no paper name, skipped"))
                continue
            raw_date = (
                cells[date_cell].text if date_cell is not None and date_cell < len(cells) else ""
            )
            _date(paper, raw_date, table, result)
            result.papers.append(paper)
        _year_from_neighbours(result.papers[first:], table)
    return result


def _year_from_neighbours(papers: list[ImportedPaper], table: _Table) -> None:
    """Undated rows under a heading that names a month but no year ("Top papers of the week
    (December 25 - December 31)") take the year its arXiv-dated rows of that month share."""
    month, heading = heading_month(table.headings)
    undated = [p for p in papers if not p.date]
    if not month or not undated:
        return
    years = Counter(
        p.date[:4] for p in papers if p.date_source == "arXiv id" and p.date[5:7] == f"{month:02d}"
    )
    if not years:
        return
    year = years.most_common(1)[0][0]
    for paper in undated:
        paper.date = f"{year}-{month:02d}"
        paper.date_source = f"heading {heading!r}, the year of the table's arXiv ids"
