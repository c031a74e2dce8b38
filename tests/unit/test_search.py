"""Normalisation, the search index and the ranking tiers (papertui.search)."""

from __future__ import annotations

import pytest

from papertui import search
from papertui.model import Era, Library, Paper
from papertui.search import SearchIndex, WordIndex, fold, fold_map, normalize


def test_fold_is_case_and_accent_insensitive() -> None:
    assert fold("Schölkopf") == "scholkopf"
    assert fold("ÉCOLE Normale") == "ecole normale"
    assert fold("Straße") == "strasse"
    assert fold("Łukasz") == "łukasz"  # a letter of its own, no decomposition
    assert fold("ﬁne") == "fine"  # compatibility ligature


def test_normalize_collapses_punctuation() -> None:
    assert normalize("  BERT: Pre-training,  of_Deep ") == "bert pre training of deep"
    assert normalize("GPT-2") == normalize("gpt 2") == "gpt 2"
    assert normalize("!!!") == ""


def test_fold_map_points_back_to_the_original() -> None:
    text = "Scho\u0308lkopf Straße É"
    folded, starts, ends = fold_map(text)
    assert folded == "scholkopf strasse e"
    assert len(starts) == len(ends) == len(folded)
    o = folded.index("o")
    assert text[starts[o] : ends[o]] == "o\u0308"  # the accent goes with its letter
    s1 = folded.index("ss")
    assert text[starts[s1] : ends[s1]] == "ß" == text[starts[s1 + 1] : ends[s1 + 1]]
    assert text[starts[-1] : ends[-1]] == "É"


def paper(pid: str, short: str, title: str, date: str = "2020", **kw: object) -> Paper:
    return Paper(id=pid, short=short, title=title, date=date, era="e", **kw)  # type: ignore[arg-type]


@pytest.fixture
def tiers() -> SearchIndex:
    papers = [
        paper("people-sub", "Alpha", "Nothing here", authors=("Manet Sunnet",)),
        paper("people-prefix", "Beta", "Nothing here", org="Netflix Research"),
        paper("title-sub", "Gamma", "A Subnet Story"),
        paper("title-word", "Delta", "The Network Effect"),
        paper("short-prefix", "NetGAN", "Graphs"),
        paper("exact", "Net", "Zeta", date="2021"),
        paper("title-start", "Eta", "Networks everywhere"),
    ]
    return SearchIndex.build(Library.build([Era("e", "E", 2000, None)], papers))


def ranked(index: SearchIndex, query: str) -> list[str]:
    hits = search.substring_hits(index.hay, query, None)
    keys = sorted(search.substring_keys(index, query, hits))
    return [index.ids[search.key_paper(k)] for k in keys]


def test_substring_tiers_in_order(tiers: SearchIndex) -> None:
    assert ranked(tiers, "net") == [
        "exact",
        "short-prefix",
        "title-start",  # title prefix: position 0 of the title
        "title-word",
        "people-prefix",
        "title-sub",
        "people-sub",
    ]


def test_substring_hits_narrow_within_candidates(tiers: SearchIndex) -> None:
    all_net = search.substring_hits(tiers.hay, "net", None)
    assert search.substring_hits(tiers.hay, "netw", all_net) == search.substring_hits(
        tiers.hay, "netw", None
    )
    # no match across fields: the separators are never in a query
    assert search.substring_hits(tiers.hay, "alpha nothing", None) == []


def test_word_index_prefix_and_abbreviation(tiers: SearchIndex) -> None:
    words = WordIndex.build(tiers)
    prefixed = [words.words[0][k] for k in words.prefix_words(0, "net")]
    assert prefixed == ["net", "netgan", "network", "networks"]
    abbrev = [words.words[0][k] for k in words.subsequence_words(0, "ntwk")]
    assert abbrev == ["network", "networks"]
    assert words.subsequence_words(0, "xyz") == []
    people = [words.words[1][k] for k in words.prefix_words(1, "net")]
    assert people == ["netflix"]


def test_token_keys_need_every_token(tiers: SearchIndex) -> None:
    words = WordIndex.build(tiers)
    keys = search.token_keys(words, ["ntwk", "effect"], set(), None)
    assert [tiers.ids[search.key_paper(k)] for k in keys] == ["title-word"]
    assert search.token_keys(words, ["ntwk", "graphs"], set(), None) == []
    # excluded papers (already stronger hits) are left out
    title_word = tiers.ids.index("title-word")
    assert search.token_keys(words, ["ntwk", "effect"], {title_word}, None) == []


def test_token_score_prefers_prefix_over_abbreviation(tiers: SearchIndex) -> None:
    words = WordIndex.build(tiers)
    keys = search.token_keys(words, ["ntwks"], set(), None)
    assert [tiers.ids[search.key_paper(k)] for k in keys] == ["title-start"]
    keys = search.token_keys(words, ["netw"], set(), None)
    order = [tiers.ids[search.key_paper(k)] for k in keys]
    assert set(order) == {"title-start", "title-word"}
    assert all(search.key_tier(k) == search.TIER_TOKENS for k in keys)


@pytest.mark.parametrize(
    ("query", "text", "hit"),
    [
        ("tranformer", " attention is all you need \x1f transformer ", True),
        ("transfromer", " reformer the efficient transformer ", True),
        ("ridley", " relay backpropagation for effective learning ", False),
        ("qqqqqqqq", " transformer ", False),
    ],
)
def test_fuzzy_cutoff(query: str, text: str, hit: bool) -> None:
    keys = search.fuzzy_keys([text], query, [0])
    assert bool(keys) is hit
    if hit:
        assert search.key_tier(keys[0]) == search.TIER_FUZZY


def test_fuzzy_needs_five_characters() -> None:
    assert search.fuzzy_keys([" attention "], "atnt", [0]) == []
    assert search.fuzzy_cutoff("abcde") < search.fuzzy_cutoff("abcdefghij") < 100
