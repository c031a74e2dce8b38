"""The arXiv id grammar, in one place (Textual-free core).

The schema validates ``links.arxiv`` with :func:`is_arxiv_id`; the importers find ids in
links and text with :func:`arxiv_from_url` / :func:`arxiv_from_text`, which return the
canonical spelling :func:`is_arxiv_id` accepts (so an imported id always passes
``papertui check``).

- new style: ``1810.04805`` (YYMM.NNNN until 2014, YYMM.NNNNN since 2015);
- old style: ``hep-th/9901001``, with an optional subject class, ``math.GT/0309136`` or
  ``cond-mat.mes-hall/0101001``: the archive and a long class lower-case, a two-letter
  class upper-case.

Versions (``v2``) are not part of an id: the finders drop them, the schema asks to.
"""

from __future__ import annotations

import re

NEW_STYLE = r"\d{4}\.\d{4,5}"
OLD_STYLE = r"[a-z]+(?:-[a-z]+)?(?:\.(?:[A-Z]{2}|[a-z]+(?:-[a-z]+)?))?/\d{7}"
_ID = rf"(?:{NEW_STYLE}|{OLD_STYLE})"
ARXIV_ID = re.compile(rf"{_ID}\Z")
ARXIV_VERSION = re.compile(r"(.*\d)v\d+\Z")  # an id written with its version

# Finders: any case (a URL or a citation may say HEP-TH/9901001), version dropped.
_FOUND = rf"({_ID})(?:v\d+)?(?!\d)"
_ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/{_FOUND}(?:\.pdf)?", re.IGNORECASE)
_ARXIV_DOI = re.compile(rf"10\.48550/arxiv\.{_FOUND}", re.IGNORECASE)
_ARXIV_BARE = re.compile(rf"^(?:arxiv:)?\s*{_FOUND}$", re.IGNORECASE)
_ARXIV_TEXT = re.compile(rf"\barxiv:\s*{_FOUND}", re.IGNORECASE)


def is_arxiv_id(text: str) -> bool:
    """True for an arXiv id in canonical spelling, without version."""
    return ARXIV_ID.match(text) is not None


def canonical_arxiv(text: str) -> str:
    """An id found in any case, spelled as :func:`is_arxiv_id` wants it, else ""."""
    if "/" in text:
        archive, number = text.split("/", 1)
        name, dot, subject = archive.partition(".")
        subject = subject.upper() if len(subject) == 2 else subject.lower()
        text = f"{name.lower()}{dot}{subject}/{number}"
    return text if is_arxiv_id(text) else ""


def arxiv_from_url(url: str) -> str:
    """The arXiv id (no version) in an arxiv.org or 10.48550 DOI link, else ""."""
    found = _ARXIV_URL.search(url) or _ARXIV_DOI.search(url)
    return canonical_arxiv(found.group(1)) if found else ""


def arxiv_from_text(value: str) -> str:
    """The arXiv id in ``1810.04805v2``, ``arXiv:1810.04805`` or a URL, else ""."""
    value = value.strip()
    found = _ARXIV_BARE.match(value) or _ARXIV_TEXT.search(value)
    return canonical_arxiv(found.group(1)) if found else arxiv_from_url(value)


def date_from_arxiv(arxiv: str) -> str:
    """``1810.04805`` -> ``2018-10``; ``hep-th/9901001`` -> ``1999-01`` (submission month)."""
    digits = arxiv.rsplit("/", 1)[-1]
    yy, mm = int(digits[:2]), int(digits[2:4])
    if not 1 <= mm <= 12:
        return ""
    year = 2000 + yy if yy < 91 else 1900 + yy
    return f"{year:04d}-{mm:02d}"


__all__ = [
    "ARXIV_ID",
    "ARXIV_VERSION",
    "arxiv_from_text",
    "arxiv_from_url",
    "canonical_arxiv",
    "date_from_arxiv",
    "is_arxiv_id",
]
