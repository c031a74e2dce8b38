"""Exports of a list of papers: BibTeX, CSL-JSON and Markdown (core).

* **BibTeX** is written with bibtexparser. The citation key is the paper's id (a slug,
  unique in the collection and unchanged between exports, so a document citing
  ``\\cite{attention-is-all-you-need}`` keeps working). An arXiv paper is ``@misc`` with
  ``eprint`` and ``archivePrefix = {arXiv}``; the title is brace-protected against case
  changes and LaTeX specials are escaped. ``papertui import bibtex`` reads it back.
* **CSL-JSON** (for Zotero, pandoc-citeproc) uses the same ids; arXiv papers get
  ``publisher: arXiv``, ``number`` and the arXiv DOI.
* **Markdown**: one bullet per paper, with its link and, when the state is given, the
  read status, star and note.

Data strings were cleaned at load (:mod:`papertui.library.sanitize`); callers printing an
export run it through :func:`papertui.library.sanitize.clean` once more.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from papertui.library.model import Paper
from papertui.library.safewrite import write_atomic
from papertui.personal.entry import STATUS_MARKS, Entry

__all__ = [
    "FORMATS",
    "bibtex",
    "bibtex_entry",
    "csl_json",
    "export",
    "format_for_path",
    "markdown",
    "write_file",
]

FORMATS = ("bibtex", "csl-json", "markdown")
EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json", ".md": "markdown"}

_LATEX_SPECIALS = re.compile(r"[\\{}&%$#_~^]")
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

StateOf = Callable[[str], Entry]


def format_for_path(path: str | Path) -> str | None:
    """The export format a file name asks for (``.bib``, ``.json``, ``.md``), else None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def _latex(text: str) -> str:
    return _LATEX_SPECIALS.sub(lambda m: _LATEX.get(m.group(), "\\" + m.group()), text)


def _bib_name(name: str) -> str:
    """One author for an ``and``-separated list: a name with a comma or " and " in it is
    braced whole, so BibTeX does not split or reorder it."""
    escaped = _latex(name)
    if "," in name or " and " in f" {name.casefold()} ":
        return "{" + escaped + "}"
    return escaped


def bibtex_entry(paper: Paper) -> Any:
    """A bibtexparser ``Entry`` for ``paper``."""
    from bibtexparser.model import Entry as BibEntry
    from bibtexparser.model import Field

    fields: list[tuple[str, str]] = [("title", "{" + _latex(paper.title) + "}")]
    if paper.authors:
        names = [_bib_name(a) for a in paper.authors]
        if paper.authors_truncated:
            names.append("others")
        fields.append(("author", " and ".join(names)))
    fields.append(("year", paper.date[:4]))
    if len(paper.date) >= 7:
        fields.append(("month", str(int(paper.date[5:7]))))  # biblatex wants an integer
    if paper.short and paper.short != paper.title:
        fields.append(("shorttitle", "{" + _latex(paper.short) + "}"))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
        fields.append(("url", paper.arxiv_url))
    elif paper.url:
        fields.append(("url", paper.url))
    if paper.org:
        fields.append(("institution", _latex(paper.org)))
    if paper.tags:
        fields.append(("keywords", _latex(", ".join(paper.tags))))
    if paper.summary:
        fields.append(("abstract", _latex(paper.summary)))
    kind = "misc" if paper.arxiv or paper.kind != "paper" else "article"
    return BibEntry(kind, paper.id, [Field(k, v) for k, v in fields])


def bibtex(papers: Iterable[Paper]) -> str:
    """A BibTeX file, one entry per paper, keyed by paper id."""
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library as BibLibrary
    from bibtexparser.writer import BibtexFormat

    library = BibLibrary()
    seen: set[str] = set()
    for paper in papers:
        if paper.id not in seen:  # a key once: ids are unique, but a list may repeat one
            seen.add(paper.id)
            library.add(bibtex_entry(paper))
    layout = BibtexFormat()  # type: ignore[no-untyped-call]
    layout.indent = "  "  # spaces: the same text in a file and on a sanitised stdout
    return str(write_string(library, bibtex_format=layout))


def _csl_name(name: str) -> dict[str, str]:
    parts = name.rsplit(" ", 1)
    if len(parts) == 1 or "," in name:
        return {"literal": name}
    return {"family": parts[1], "given": parts[0]}


def csl_item(paper: Paper) -> dict[str, Any]:
    date_parts = [int(p) for p in paper.date.split("-")]
    item: dict[str, Any] = {
        "id": paper.id,
        "type": "article" if paper.arxiv else "document",
        "title": paper.title,
        "issued": {"date-parts": [date_parts]},
    }
    if paper.short and paper.short != paper.title:
        item["title-short"] = paper.short
    if paper.authors:
        item["author"] = [_csl_name(a) for a in paper.authors]
    if paper.arxiv:
        item.update(
            {
                "publisher": "arXiv",
                "number": f"arXiv:{paper.arxiv}",
                "DOI": f"10.48550/arXiv.{paper.arxiv}",
                "URL": paper.arxiv_url,
            }
        )
    elif paper.url:
        item["URL"] = paper.url
    if paper.tags:
        item["keyword"] = ", ".join(paper.tags)
    if paper.summary:
        item["abstract"] = paper.summary
    return item


def csl_json(papers: Iterable[Paper]) -> str:
    return json.dumps([csl_item(p) for p in papers], ensure_ascii=False, indent=2) + "\n"


_MD_SPECIALS = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    return _MD_SPECIALS.sub(r"\\\1", text)


def markdown(papers: Iterable[Paper], state_of: StateOf | None = None) -> str:
    lines: list[str] = []
    for paper in papers:
        head = f"- **{_md(paper.short)}** ({paper.date[:4]}): {_md(paper.title)}"
        link = paper.arxiv_url or paper.url
        if link and " " not in link and ">" not in link:
            head += f" <{link}>"
        if paper.authors:
            authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
            head += f"  \n  {_md(authors)}"
        if state_of is not None:
            entry = state_of(paper.id)
            marks = f"{STATUS_MARKS[entry.status]} {entry.status}"
            if entry.starred:
                marks = "\\* starred, " + marks
            head += f"  \n  {marks}"
            if entry.note:
                note = "  \n  ".join(_md(line) for line in entry.note.splitlines())
                head += f"  \n  Note: {note}"
        lines.append(head)
    return "\n".join(lines) + ("\n" if lines else "")


def export(fmt: str, papers: Sequence[Paper], state_of: StateOf | None = None) -> str:
    """``papers`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "bibtex":
        return bibtex(papers)
    if fmt == "csl-json":
        return csl_json(papers)
    if fmt == "markdown":
        return markdown(papers, state_of)
    raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (:func:`papertui.library.safewrite.write_atomic`:
    a temporary file beside it, fsync, then a rename): an interrupted export never leaves
    half a file where a good one was, and a target that is not a regular file is refused.
    Whether to replace an existing file is the caller's question (the export dialog asks)."""
    write_atomic(path.expanduser(), text)
