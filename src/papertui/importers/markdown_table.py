"""``markdown-table``: awesome-list style Markdown tables under headings.

The document is parsed with markdown-it-py (CommonMark + its table extension); nothing here
looks at raw lines. Rules:

- Each table row is one paper. Columns are recognised by their header text (case and
  punctuation ignored): name (Paper, Name, Model, Method, Layer, Short), title (Title),
  date (Date, Year, Published, Month), summary (Description, Summary, TL;DR, Notes,
  Abstract, Contribution), authors (Authors), org (Institute, Organisation, Affiliation),
  tags (Tags, Keywords, Topic: comma-separated, added to the heading's tag),
  link (Link, URL, arXiv, PDF, Paper link),
  explainer (Explainer, Explanation, Blog, Article, Post). Unknown columns are ignored;
  if no column looks like a name, the first column is the name. A name of five words or
  more, or "Name: subtitle", is taken as the full title (short name: the part before the
  colon, else the title).
- The name cell's first link gives the paper's link: an arXiv link becomes ``links.arxiv``
  (version dropped), a blog host (medium.com, substack.com, ...) ``links.explainer``,
  anything else ``links.url``. An arXiv link in any other cell also gives the arXiv id.
- The innermost heading above a table becomes the row's tag, except a document's only
  level-1 heading, which is its title.
- A date that cannot be read ("March 20222") is reported with its line and left empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from papertui.importers.base import (
    ImportedPaper,
    ImportProblem,
    ParseResult,
    inline_text,
    links_in,
    looks_like_title,
    parse_date,
    short_from_title,
    text,
)
from papertui.library.fold import title_key
from papertui.library.ids import arxiv_from_url

# Header keys (see title_key) recognised for each field, most specific first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "explainer": ("explainer", "explanation", "explained", "blog", "blogpost", "article", "post"),
    "link": ("link", "links", "url", "arxiv", "pdf", "paperlink", "paperurl", "source"),
    "title": ("title", "papertitle", "fulltitle"),
    "name": ("paper", "name", "model", "method", "layer", "short", "papername", "modelname"),
    "date": ("date", "year", "published", "month", "released", "releasedate", "publicationdate"),
    "summary": (
        "description",
        "summary",
        "tldr",
        "notes",
        "note",
        "abstract",
        "contribution",
        "comment",
        "comments",
        "keyidea",
    ),
    "authors": ("authors", "author", "by"),
    "org": (
        "org",
        "organisation",
        "organization",
        "institute",
        "institution",
        "affiliation",
        "lab",
    ),
    "tags": ("tags", "tag", "keywords", "keyword", "topic", "topics", "category"),
}
EXPLAINER_HOSTS = (
    "medium.com",
    "towardsdatascience.com",
    "substack.com",
    "jalammar.github.io",
    "lilianweng.github.io",
)


@dataclass(slots=True)
class _Cell:
    text: str
    links: list[tuple[str, str]]


@dataclass(slots=True)
class _Table:
    line: int
    tag: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[_Cell]]] = field(default_factory=list)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def column_roles(header: list[str]) -> dict[str, int]:
    """Map field name -> column index from the header cells; first match wins."""
    roles: dict[str, int] = {}
    keys = [title_key(h) for h in header]
    for role, names in COLUMNS.items():
        for index, key in enumerate(keys):
            if key in names and index not in roles.values():
                roles.setdefault(role, index)
    if "name" not in roles and "title" not in roles and header:
        free = [i for i in range(len(header)) if i not in roles.values()]
        if free:
            roles["name"] = free[0]
    return roles


def _is_explainer(url: str) -> bool:
    host = (urlsplit(url).hostname or "").casefold()
    return any(host == h or host.endswith("." + h) for h in EXPLAINER_HOSTS)


def _tables(tokens: list[Token]) -> list[_Table]:
    h1_count = sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1")
    headings: list[tuple[int, str]] = []  # (level, text) stack
    tables: list[_Table] = []
    current: _Table | None = None
    row: list[_Cell] | None = None
    in_head = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            level = int(tok.tag[1:])
            title = inline_text(tokens[i + 1].children)
            headings = [h for h in headings if h[0] < level]
            if not (level == 1 and h1_count == 1):
                headings.append((level, title))
        elif tok.type == "table_open":
            line = tok.map[0] + 1 if tok.map else 0
            current = _Table(line=line, tag=headings[-1][1] if headings else "")
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
            cell = _Cell(inline_text(tok.children), links_in(tok.children))
            if in_head:
                current.header.append(cell.text)
            else:
                row.append(cell)
        elif tok.type == "tr_close":
            row = None
    return tables


def _row_paper(
    table: _Table, roles: dict[str, int], line: int, cells: list[_Cell]
) -> ImportedPaper:
    def cell(role: str) -> _Cell | None:
        index = roles.get(role)
        return cells[index] if index is not None and index < len(cells) else None

    paper = ImportedPaper(line=line, tags=(text(table.tag),) if table.tag else ())
    name, title = cell("name"), cell("title")
    paper.short = text((name or title or _Cell("", [])).text)
    if title is not None and name is not None:
        paper.title = text(title.text)
    elif looks_like_title(paper.short):  # a "Paper" column holding full titles
        paper.title, paper.short = paper.short, short_from_title(paper.short)
        paper.derived_short = True
    for source in (name, title, cell("link")):
        for href, _label in source.links if source else []:
            arxiv = arxiv_from_url(href)
            if arxiv and not paper.arxiv:
                paper.arxiv = arxiv
            elif not arxiv and _is_explainer(href) and not paper.explainer:
                paper.explainer = text(href)
            elif not arxiv and not paper.url:
                paper.url = text(href)
    explainer = cell("explainer")
    if explainer is not None and explainer.links and not paper.explainer:
        paper.explainer = text(explainer.links[0][0])
    for other in cells:  # an arXiv link anywhere in the row
        for href, _label in other.links:
            if not paper.arxiv and arxiv_from_url(href):
                paper.arxiv = arxiv_from_url(href)
    summary, authors, org, tags = cell("summary"), cell("authors"), cell("org"), cell("tags")
    paper.summary = text(summary.text) if summary else ""
    paper.org = text(org.text) if org else ""
    if tags is not None:
        extra = (text(t) for t in tags.text.replace(";", ",").split(","))
        paper.tags = tuple(dict.fromkeys([*paper.tags, *(t for t in extra if t)]))
    if authors is not None and authors.text:
        names = authors.text.replace(" and ", ",").replace(";", ",").split(",")
        paper.authors = tuple(a for a in (text(n) for n in names) if a and a != "et al.")
    return paper


def parse(source: str) -> ParseResult:
    """Every table row of ``source`` that names something, as an :class:`ImportedPaper`."""
    result = ParseResult()
    for table in _tables(_parser().parse(source)):
        roles = column_roles(table.header)
        for line, cells in table.rows:
            paper = _row_paper(table, roles, line, cells)
            if not paper.short:
                if any(c.text for c in cells):
                    result.problems.append(ImportProblem(line, "row has no paper name, skipped"))
                continue
            date_cell = roles.get("date")
            raw_date = (
                cells[date_cell].text if date_cell is not None and date_cell < len(cells) else ""
            )
            date = parse_date(raw_date)
            if date is None:
                msg = (
                    f"{paper.short}: {raw_date!r} is not a date (want e.g. 'June 2017' or 2017-06)"
                )
                result.problems.append(ImportProblem(line, msg))
            else:
                paper.date = date
            result.papers.append(paper)
    return result
