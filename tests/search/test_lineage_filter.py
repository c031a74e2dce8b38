"""``anc:``/``desc:`` in the search box: parsing, resolving, combining with other filters."""

from __future__ import annotations

from papertui.library.model import Era, Library, Link, Paper
from papertui.search.engine import Engine, View
from papertui.search.query import LineageTerm, parse_query

ERAS = (Era("old", "Old", 1900, 2016), Era("new", "New", 2017, None))


def _paper(pid: str, short: str, title: str, date: str, on: tuple[str, ...] = ()) -> Paper:
    era = "old" if date < "2017" else "new"
    tags = ("nlp",) if pid in {"bert", "gpt"} else ()
    links = tuple(Link(t, type="extends") for t in on)
    return Paper(pid, short, title, date, era, tags=tags, builds_on=links)


LIB = Library.build(
    ERAS,
    [
        _paper("lstm", "LSTM", "Long Short-Term Memory", "1997"),
        _paper("transformer", "Transformer", "Attention Is All You Need", "2017-06", ("lstm",)),
        _paper("bert", "BERT", "BERT: Pre-training", "2018-10", ("transformer",)),
        _paper("gpt", "GPT", "Improving Language Understanding", "2018-06", ("transformer",)),
        _paper("roberta", "RoBERTa", "A Robustly Optimized BERT", "2019-07", ("bert",)),
        _paper("alone", "Alone", "Unrelated", "2019"),
    ],
)


def run(query: str, era: str | None = None) -> tuple[set[str], tuple[str, ...], tuple[str, ...]]:
    r = Engine(LIB).run(View(query=query, era=era))
    return set(r.ids), r.notes, r.query.errors


def test_parse_lineage_terms() -> None:
    q = parse_query("desc:transformer:2 tag:nlp")
    assert q.lineage == (LineageTerm("down", "transformer", 2),) and q.tags == ("nlp",)
    assert q.has_filters
    q = parse_query("bert anc:attn is all year:2018..")
    assert q.text == "bert" and q.lineage == (LineageTerm("up", "attn is all"),)
    assert q.year_min == 2018
    assert parse_query("desc:").lineage == ()
    assert LineageTerm("down", "x", 2).shown == "desc:x:2"


def test_descendants_and_ancestors() -> None:
    assert run("desc:transformer")[0] == {"bert", "gpt", "roberta"}
    assert run("desc:transformer:1")[0] == {"bert", "gpt"}
    assert run("anc:roberta")[0] == {"bert", "transformer", "lstm"}
    assert run("anc:roberta:1")[0] == {"bert"}


def test_combined_with_filters_eras_and_text() -> None:
    assert run("desc:transformer tag:nlp")[0] == {"bert", "gpt"}
    assert run("desc:lstm", era="old")[0] == set()
    assert run("desc:lstm year:2019")[0] == {"roberta"}
    assert run("gpt desc:lstm")[0] == {"gpt"}
    assert run("anc:roberta desc:lstm")[0] == {"bert", "transformer"}


def test_era_counts_follow_the_lineage_filter() -> None:
    r = Engine(LIB).run(View(query="desc:lstm"))
    assert r.era_counts["new"] == 4 and r.era_counts["old"] == 0


def test_fuzzy_reference_says_which_paper_it_picked() -> None:
    ids, notes, errors = run("desc:attn is all")
    assert ids == {"bert", "gpt", "roberta"} and not errors
    assert notes == ("desc: Transformer (transformer)",)
    assert run("desc:BERT")[0] == {"roberta"}  # a short name


def test_unknown_reference_is_an_error_and_matches_nothing() -> None:
    ids, notes, errors = run("desc:zzqqxx")
    assert ids == set() and notes == () and errors == ("desc:zzqqxx matches no paper",)
