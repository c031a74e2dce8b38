"""The paper file's field table: the one list of fields, their canonical order, and the
source ids (Textual-free core; imports nothing).

The schema (:mod:`.schema`) accepts exactly these fields, the writer (:mod:`.writer`) emits
them in this order, ``papertui import`` records one of these source ids, and
ARCHITECTURE.md ("papers/<id>.yaml") shows the same order (a test compares them).
"""

from __future__ import annotations

# A paper mapping: the required fields, then the optional ones.
REQUIRED = ("id", "short", "title", "date", "era")
OPTIONAL = (
    *("kind", "part_of", "released", "authors", "authors_truncated", "org", "tags"),
    *("summary", "why_it_matters", "related", "builds_on", "links", "notes", "sources"),
)
# The canonical key order of a paper file (the writer's order, and ARCHITECTURE.md's).
PAPER_KEYS: tuple[str, ...] = (
    *("id", "kind", "part_of", "short", "title", "date", "released", "era", "authors"),
    *("authors_truncated", "org", "tags", "summary", "why_it_matters", "related"),
    *("builds_on", "links", "notes", "sources"),
)
assert sorted(PAPER_KEYS) == sorted((*REQUIRED, *OPTIONAL))
# The ``links`` mapping: the arXiv id, then http(s) URLs. ``url`` is the paper's own page
# (a PDF, a proceedings page) when there is no arXiv id, else any other landing page; the
# rest say what the link is, so a list's "[Paper] [Code] [Tweet]" keeps all three.
OTHER_LINKS: dict[str, str] = {  # key -> label, in the order shown and written
    "code": "Code",  # the source repository
    "project": "Project",  # a project page or demo
    "data": "Data",  # a data set or benchmark download
    "video": "Video",  # a talk or video
    "social": "Post",  # a social-media post or thread about it (a tweet)
}
LINK_FIELDS = ("arxiv", "explainer", "url", *OTHER_LINKS)
EDGE_FIELDS = ("id", "type", "why")  # a ``builds_on`` entry written as a mapping
TAG_FIELDS = ("id", "name", "description", "parent")  # a tag of tags.yaml
ERA_FIELDS = ("id", "name", "start", "end", "blurb")  # an era of eras.yaml

# Source ids: the entries of ``sources`` and the keys of ``notes``.
SOURCE_ARCHIVE = "archive"  # the web paper archive (eras, tags, lineage)
SOURCE_NOTES = "notes"  # opinionated paper notes with TLDRs
SOURCE_READING_LIST = "reading-list"  # reading list with arXiv links
SOURCE_EXPLAINED = "explained"  # the large Markdown table collection
SOURCE_USER = "user"  # added by hand or imported (the default of ``papertui import``)
KNOWN_SOURCES = (SOURCE_ARCHIVE, SOURCE_NOTES, SOURCE_READING_LIST, SOURCE_EXPLAINED, SOURCE_USER)
