"""Personal filters (parsed in search.query, resolved here) and the exports."""

from __future__ import annotations

import json
from pathlib import Path

from bibtexparser.entrypoint import parse_string

from papertui.importers import bibtex as bibtex_import
from papertui.library.model import Paper
from papertui.personal.export import bibtex, csl_json, format_for_path, markdown, write_file
from papertui.personal.filters import restrict
from papertui.personal.state import Entry
from papertui.search.query import parse_query

ENTRIES = {
    "a": Entry("read", True, "Great intro to attention"),
    "b": Entry("reading", False, ""),
    "c": Entry("unread", True, ""),
}


def test_query_parses_personal_filters() -> None:
    q = parse_query('bert is:read IS:Starred has:note note:"an idea" year:2018')
    assert q.text == "bert"
    assert q.personal == (("is", "read"), ("is", "starred"), ("has", "note"), ("note", "an idea"))
    assert q.year_min == 2018 and q.has_filters
    bad = parse_query("is:done has:stars")
    assert bad.personal == () and len(bad.errors) == 2
    assert "is:read" in bad.errors[0]
    assert parse_query("is:").personal == ()


def test_restrict() -> None:
    def within(text: str) -> frozenset[str] | None:
        return restrict(parse_query(text).personal, ENTRIES).within

    assert within("is:read") == {"a"}
    assert within("is:starred") == {"a", "c"}
    assert within("is:reading") == {"b"}
    assert within("has:note") == {"a"}
    assert within("note:ATTENTION") == {"a"}
    assert within("is:starred is:unread") == {"c"}
    unread = restrict(parse_query("is:unread").personal, ENTRIES)
    assert unread.within is None and unread.without == {"a", "b"}
    assert restrict((), ENTRIES).within is None


def test_restrict_on_a_state_agrees_with_the_entries(tmp_path: Path) -> None:
    from papertui.personal.state import PersonalState

    state = PersonalState(tmp_path / "s.sqlite3")
    for pid, entry in ENTRIES.items():
        state.set_status(pid, entry.status)
        state.set_starred(pid, entry.starred)
        state.set_note(pid, entry.note)
    queries = ["is:read", "is:starred", "is:reading", "has:note", "note:ATTENTION"]
    queries += ["is:starred is:unread", "is:unread", "is:unread has:note", "note:nothing"]
    queries += ["is:read note:attention", "is:unread is:read"]
    for text in queries:
        filters = parse_query(text).personal
        assert restrict(filters, state.entries) == restrict(filters, dict(ENTRIES)), text


PAPERS = [
    Paper(
        id="transformer",
        short="Transformer",
        title="Attention Is All You Need",
        date="2017-06",
        era="t",
        authors=("Ashish Vaswani", "Noam Shazeer", "Łukasz Kaiser"),
        tags=("attention", "nlp"),
        summary="Self-attention & no recurrence: 100% parallel_ish {x}.",
        arxiv="1706.03762",
    ),
    Paper(
        id="weird",
        short="W&B",
        title="A $5 Title with #hash and {braces}",
        date="2020",
        era="t",
        authors=("Jane Doe, Jr", "Google Brain"),
        authors_truncated=True,
        url="https://example.org/w",
    ),
]


def test_bibtex_round_trips_through_bibtexparser() -> None:
    text = bibtex(PAPERS)
    library = parse_string(text)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == ["transformer", "weird"]
    first = {f.key: f.value for f in library.entries[0].fields}
    assert first["eprint"] == "1706.03762" and first["archiveprefix"] == "arXiv"
    assert bibtex(PAPERS) == text  # stable


def test_bibtex_round_trips_through_our_importer() -> None:
    result = bibtex_import.parse(bibtex(PAPERS))
    assert result.problems == []
    one, two = result.papers
    assert one.title == "Attention Is All You Need"
    assert one.authors == PAPERS[0].authors
    assert one.date == "2017-06" and one.arxiv == "1706.03762"
    assert one.short == "Transformer" and one.tags == ("attention", "nlp")
    assert one.summary == PAPERS[0].summary
    assert two.title == "A $5 Title with #hash and braces"
    assert two.authors == ("Jane Doe, Jr", "Google Brain")
    assert two.date == "2020" and two.url == "https://example.org/w"


def test_csl_json_and_markdown() -> None:
    items = json.loads(csl_json(PAPERS))
    assert items[0]["id"] == "transformer"
    assert items[0]["author"][0] == {"family": "Vaswani", "given": "Ashish"}
    assert items[0]["issued"] == {"date-parts": [[2017, 6]]}
    assert items[0]["DOI"] == "10.48550/arXiv.1706.03762"
    md = markdown(PAPERS, lambda pid: ENTRIES.get(pid, Entry()))
    assert "- **Transformer** (2017): Attention Is All You Need" in md
    assert "<https://arxiv.org/abs/1706.03762>" in md
    assert "\\{braces\\}" not in md and "W&B" in md


def test_format_for_path_and_write_file(tmp_path: Path) -> None:
    assert format_for_path("x.BIB") == "bibtex"
    assert format_for_path("x.json") == "csl-json"
    assert format_for_path("x.md") == "markdown"
    assert format_for_path("x.txt") is None
    target = tmp_path / "out.bib"
    write_file(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]
