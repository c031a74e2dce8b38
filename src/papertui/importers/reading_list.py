"""``reading-list``: Markdown with arXiv links, each followed by notes.

Parsed with markdown-it-py. A paper starts wherever a paragraph, list item or heading
*begins* with a link to arXiv (``arxiv.org/abs|pdf|html/ID`` or the DOI
``10.48550/arXiv.ID``), or begins with a title followed by an arXiv link labelled only
"paper", "arXiv", "PDF"... (``**Title** ([arXiv](https://arxiv.org/abs/ID))``), whatever
blockquote level it sits in (``>``, ``>>``). The link text (or that title) is the title;
the arXiv id (version suffix such as ``v1`` dropped) gives the date (its year and month).
Everything up to the next paper is its note: text after the link on the same line, then
following paragraphs and bullet items nested below it (kept as ``- item`` lines). When the
paper's link sits in a list item, the note ends with that item: a sibling item that is not
an arXiv paper (a blog post, say) is nobody's note. Headings between papers end a note and
become the following papers' tag. arXiv links in the middle of a sentence stay in the note.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from papertui.importers.base import (
    ImportedPaper,
    ImportProblem,
    ParseResult,
    block,
    inline_text,
    short_from_title,
    text,
)
from papertui.library.fold import title_key
from papertui.library.ids import arxiv_from_url, date_from_arxiv

_SEPARATORS = " \t-\u2013\u2014:|\u00b7"
# Link texts that label a link rather than name the paper: "Title [arXiv](...)".
_LABELS = frozenset({"arxiv", "paper", "pdf", "abs", "abstract", "link", "arxivpdf", "preprint"})


def _link_end(items: list[Token], start: int) -> int:
    """Index just past the ``link_close`` matching the ``link_open`` at ``start``."""
    depth, j = 1, start + 1
    while j < len(items) and depth:
        depth += {"link_open": 1, "link_close": -1}.get(items[j].type, 0)
        j += 1
    return j


def _leading_link(children: list[Token] | None) -> tuple[str, str, list[Token]] | None:
    """(href, title, children after the link) when the inline starts a paper entry.

    Either the inline *starts* with the link (its text is the title), or it starts with the
    title followed by a link labelled only "paper", "arXiv", "pdf"... on the same line.
    """
    items = list(children or [])
    i = 0
    while i < len(items) and (
        items[i].type in ("strong_open", "em_open", "softbreak")
        or (items[i].type == "text" and not items[i].content.strip())
    ):
        i += 1
    if i < len(items) and items[i].type == "link_open":
        end = _link_end(items, i)
        return str(items[i].attrs.get("href", "")), inline_text(items[i + 1 : end - 1]), items[end:]
    first = next((k for k in range(i, len(items)) if items[k].type == "link_open"), None)
    if first is None:
        return None
    end = _link_end(items, first)
    if title_key(inline_text(items[first + 1 : end - 1])) not in _LABELS:
        return None
    title = inline_text(items[:first]).strip(_SEPARATORS + "([*_")
    return str(items[first].attrs.get("href", "")), title, items[end:]


def _rest_text(rest: list[Token]) -> str:
    return inline_text(rest).strip(_SEPARATORS + ")*_")


def parse(source: str) -> ParseResult:
    """One :class:`ImportedPaper` per leading arXiv link, with the notes that follow it."""
    result = ParseResult()
    tokens = MarkdownIt("commonmark").parse(source)
    current: ImportedPaper | None = None
    notes: list[str] = []
    tag = ""
    list_depth = 0
    paper_depth = 0  # list nesting of the current paper's link
    in_heading = False
    is_title = False
    h1_count = sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1")

    def finish() -> None:
        if current is not None:
            current.note = block("\n".join(notes))
            result.papers.append(current)

    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        if current is not None and (
            (tok.type == "list_item_open" and list_depth <= paper_depth) or list_depth < paper_depth
        ):  # the paper's own list item ended: a sibling item is not its note
            finish()
            current, notes = None, []
        elif tok.type == "heading_open":
            in_heading = True
            is_title = tok.tag == "h1" and h1_count == 1  # a lone h1 is the document's title
        elif tok.type == "heading_close":
            in_heading = False
        if tok.type != "inline":
            continue
        line = tok.map[0] + 1 if tok.map else 0
        lead = _leading_link(tok.children)
        arxiv = arxiv_from_url(lead[0]) if lead else ""
        if lead is not None and arxiv:
            finish()
            href, title, rest = lead
            title = text(title)
            if not title:
                result.problems.append(ImportProblem(line, f"link to {href} has no title, skipped"))
                current = None
                notes = []
                continue
            current = ImportedPaper(
                line=line,
                short=short_from_title(title),
                derived_short=True,
                title=title,
                arxiv=arxiv,
                date=date_from_arxiv(arxiv),
                tags=(text(tag),) if tag else (),
            )
            notes = [_rest_text(rest)] if _rest_text(rest) else []
            paper_depth = list_depth
            if not current.date:
                result.problems.append(ImportProblem(line, f"{arxiv!r} is not a valid arXiv id"))
            continue
        if in_heading and lead is None:
            finish()
            current, notes = None, []
            tag = "" if is_title else inline_text(tok.children)
            continue
        if current is not None:
            body = inline_text(tok.children)
            if body:
                depth = list_depth - paper_depth  # bullets nested below the paper's own item
                notes.append(f"{'  ' * (depth - 1)}- {body}" if depth > 0 else body)
    finish()
    return result
