"""What the cells of a paper table hold: which column is the title, the date, the authors
or the links, by header or by content, and which link is the paper's (Textual-free core).
Used by :mod:`papertui.importers.markdown_table`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from papertui.importers.base import MONTHS, parse_date
from papertui.library.fold import title_key

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


PAPER_HOSTS = (
    "openreview.net",
    "aclanthology.org",
    "doi.org",
    "proceedings.mlr.press",
    "papers.nips.cc",
    "proceedings.neurips.cc",
    "openaccess.thecvf.com",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "nature.com",
    "science.org",
    "semanticscholar.org",
)
PAPER_LABELS = frozenset({"paper", "pdf", "arxiv", "abs", "abstract", "preprint", "link"})
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
MONTH_WORD = re.compile(r"[A-Za-z]{3,9}")
NAME = re.compile(r"^[^\W\d_][\w.'\u2019-]*(?: [^\W\d_][\w.'\u2019-]*){0,4}$")


@dataclass(slots=True)
class Cell:
    text: str  # one line, formatting dropped
    parts: list[str]  # the text split at line breaks and runs of two spaces
    links: list[tuple[str, str]]


def column_roles(header: list[str]) -> dict[str, int]:
    """Map field name -> column index from the header cells; first match wins."""
    roles: dict[str, int] = {}
    keys = [title_key(h) for h in header]
    for role, names in COLUMNS.items():
        for index, key in enumerate(keys):
            if key in names and index not in roles.values():
                roles.setdefault(role, index)
    return roles


def is_date(value: str) -> bool:
    return bool(value) and bool(parse_date(value)) and bool(YEAR.search(value))


def is_authors(value: str) -> bool:
    names = [n.strip() for n in re.split(r",|;| and ", value) if n.strip()]
    names = [n for n in names if n.casefold() not in ("et al", "et al.")]
    return bool(names) and all(NAME.match(n) and 2 <= len(n.split()) <= 4 for n in names)


def content_roles(roles: dict[str, int], rows: list[list[Cell]], width: int) -> dict[str, int]:
    """``roles`` completed from what the cells of the unclaimed columns hold."""
    roles = dict(roles)
    sample = rows[:200]
    free = [i for i in range(width) if i not in roles.values()]

    def share(index: int, test: Callable[[Cell], bool]) -> float:
        cells = [r[index] for r in sample if index < len(r) and r[index].text]
        if not cells:
            return 0.0
        return sum(1 for c in cells if test(c)) / len(cells)

    for role, test in (
        ("date", lambda c: is_date(c.text)),
        ("authors", lambda c: is_authors(c.text)),
    ):
        if role not in roles:
            best = max(
                free,
                key=lambda i: (share(i, test), share(i, lambda c: "," in c.text)),
                default=None,
            )
            if best is not None and share(best, test) >= 0.5:
                roles[role] = best
                free.remove(best)
    if "name" not in roles and "title" not in roles:

        def wordiness(index: int) -> float:
            cells = [r[index] for r in sample if index < len(r)]
            texts = [(c.parts[0] if c.parts else "") for c in cells]
            words = [t for t in texts if t and not t.startswith(("http://", "https://"))]
            return sum(len(t.split()) for t in words) / max(1, len(cells))

        best = max(free, key=wordiness, default=None)
        if best is not None and wordiness(best) > 0:
            roles["name"] = best
    return roles


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""


def on_host(url: str, hosts: tuple[str, ...]) -> bool:
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in hosts)


def is_explainer(url: str) -> bool:
    return on_host(url, EXPLAINER_HOSTS)


def heading_date(headings: list[str]) -> tuple[str, str]:
    """(YYYY[-MM], the heading it came from) from the innermost headings holding a year
    (a month in an inner heading joins a year in an outer one); ("", "") when none does."""
    month, year, source = 0, "", ""
    for heading in reversed(headings):
        if not month:
            month = month_in(heading)
            source = heading if month else source
        years = set(YEAR.findall(heading))
        if len(years) == 1:
            year, source = years.pop(), heading if not month or not source else source
            if heading != source:
                source = f"{source} / {heading}"
            break
        if len(years) > 1:
            return "", ""
    if not year:
        return "", ""
    return (f"{year}-{month:02d}" if month else year), source


def month_in(heading: str) -> int:
    """1-12 for the first month name ("June", "Jun", "Sept") in a heading, else 0."""
    for word in MONTH_WORD.findall(heading):
        low = word.casefold()
        found = next((n for n, m in enumerate(MONTHS, 1) if m.startswith(low)), 0)
        if found and (len(low) >= 3 and (low in MONTHS or len(low) <= 4)):
            return found
    return 0


def heading_month(headings: list[str]) -> tuple[int, str]:
    """(month, heading) of the innermost heading naming a month; (0, "") when none does."""
    for heading in reversed(headings):
        month = month_in(heading)
        if month:
            return month, heading
    return 0, ""


def is_date_heading(heading: str) -> bool:
    words = [w for w in re.split(r"[^\w]+", heading) if w]
    return bool(words) and all(
        w.isdigit() or any(m.startswith(w.casefold()) for m in MONTHS) for w in words
    )


# What a link is, for the keys of ``links`` (library.fields.OTHER_LINKS): by host, else by
# the words of its label ("[Code]", "[Tweet]", "[Project page]").
LINK_KINDS: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...] = (
    (
        "social",
        ("twitter.com", "x.com", "linkedin.com", "bsky.app", "threads.net", "mastodon.social"),
        frozenset({"tweet", "thread", "twitter", "x", "post", "toot", "linkedin"}),
    ),
    (
        "video",
        ("youtube.com", "youtu.be", "vimeo.com"),
        frozenset({"video", "talk", "youtube", "recording", "lecture"}),
    ),
    (
        "code",
        ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org"),
        frozenset({"code", "github", "repo", "repository", "implementation", "source"}),
    ),
    (
        "data",
        ("kaggle.com", "zenodo.org"),
        frozenset({"data", "dataset", "datasets", "benchmark", "download"}),
    ),
    (
        "project",
        (),
        frozenset({"project", "projectpage", "website", "homepage", "demo", "page", "site"}),
    ),
)


def link_kind(href: str, label: str) -> str:
    """``url`` for the paper itself, a key of ``OTHER_LINKS`` for what else it is, or ""."""
    if on_host(href, PAPER_HOSTS) or title_key(label) in PAPER_LABELS or href.endswith(".pdf"):
        return "url"
    if on_host(href, ("huggingface.co",)) and "/datasets/" in href:
        return "data"
    for kind, hosts, _labels in LINK_KINDS:
        if on_host(href, hosts):
            return kind
    for kind, _hosts, labels in LINK_KINDS:
        if title_key(label) in labels:
            return kind
    return ""
