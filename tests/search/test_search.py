"""Normalisation, the search index and the ranking tiers (papertui.search.index)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.library import fold as search_fold
from papertui.library.fold import fold, fold_map, normalize
from papertui.library.model import Era, Library, Paper
from papertui.search import matching, postings, ranking
from papertui.search.index import SearchIndex
from papertui.search.ranking import WordIndex


def test_fold_is_case_and_accent_insensitive() -> None:
    assert fold("Schölkopf") == "scholkopf"
    assert fold("ÉCOLE Normale") == "ecole normale"
    assert fold("Straße") == "strasse"
    assert fold("Łukasz") == "lukasz"  # no decomposition: spelled in ASCII
    assert fold("Ærø") == "aero"
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


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127)))
def test_fold_map_of_ascii_is_the_same_as_character_by_character(text: str) -> None:
    assert fold_map(text) == search_fold.fold_map_by_character(text)


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
        paper("first-author", "Omega", "Nothing", authors=("Nettie Doe",)),
    ]
    return SearchIndex.build(Library.build([Era("e", "E", 2000, None)], papers))


def ranked(index: SearchIndex, query: str) -> list[str]:
    _, keys = ranking.substring_search(index.hay, np.asarray(index.people_at), query, None)
    return [index.ids[ranking.key_paper(k)] for k in keys]


def test_substring_tiers_in_order(tiers: SearchIndex) -> None:
    assert ranked(tiers, "net") == [
        "exact",
        "short-prefix",
        "title-start",  # title prefix: position 0 of the title
        "title-word",
        "first-author",  # the first author's name starts with it (position 0 of people)
        "people-prefix",
        "title-sub",
        "people-sub",
    ]


def test_substring_search_narrows_within_candidates(tiers: SearchIndex) -> None:
    people = np.asarray(tiers.people_at)
    all_net, _ = ranking.substring_search(tiers.hay, people, "net", None)
    narrowed, keys = ranking.substring_search(tiers.hay, people, "netw", all_net)
    fresh, fresh_keys = ranking.substring_search(tiers.hay, people, "netw", None)
    assert narrowed.tolist() == fresh.tolist() and len(fresh) == 2
    assert keys.tolist() == fresh_keys.tolist()
    # no match across fields: the separators are never in a query
    assert ranking.substring_search(tiers.hay, people, "alpha nothing", None)[0].tolist() == []


def test_word_index_prefix_and_abbreviation(tiers: SearchIndex) -> None:
    words = WordIndex.build(tiers)
    net = sorted(tiers.ids[i] for i in words.prefix_papers(0, "net").tolist())
    assert net == ["exact", "short-prefix", "title-start", "title-word"]
    abbrev = [words.words[0][k] for k in words.abbreviation_words(0, "ntwk")]
    assert abbrev == ["network", "networks"]
    assert words.abbreviation_words(0, "xyz") == []
    assert len(words.abbreviation_papers(0, "xyz")) == 0
    people = sorted(tiers.ids[i] for i in words.prefix_papers(1, "net").tolist())
    assert people == ["first-author", "people-prefix"]


def none(index: SearchIndex) -> npt.NDArray[np.bool_]:
    return np.zeros(len(index), np.bool_)


def test_token_search_needs_every_token(tiers: SearchIndex) -> None:
    words = WordIndex.build(tiers)
    keys = ranking.token_search(words, ["ntwk", "effect"], none(tiers))
    assert [tiers.ids[ranking.key_paper(k)] for k in keys] == ["title-word"]
    assert len(ranking.token_search(words, ["ntwk", "graphs"], none(tiers))) == 0
    # excluded papers (already stronger hits) are left out
    exclude = none(tiers)
    exclude[tiers.ids.index("title-word")] = True
    assert len(ranking.token_search(words, ["ntwk", "effect"], exclude)) == 0


def test_token_score_prefers_prefix_over_abbreviation(tiers: SearchIndex) -> None:
    words = WordIndex.build(tiers)
    keys = ranking.token_search(words, ["ntwks"], none(tiers))
    assert [tiers.ids[ranking.key_paper(k)] for k in keys] == ["title-start"]
    # "eff" abbreviates nothing but starts "Effect"; "ntw" abbreviates "network(s)" only
    keys = ranking.token_search(words, ["ntw", "netw"], none(tiers))
    assert {tiers.ids[ranking.key_paper(k)] for k in keys} == {"title-start", "title-word"}
    assert all(ranking.key_tier(k) == ranking.TIER_TOKENS for k in keys)
    papers = Library.build(
        [Era("e", "E", 2000, None)],
        [paper("abbrev", "A", "Networks"), paper("prefix", "B", "Ntwk tools")],
    )
    index = SearchIndex.build(papers)
    keys = ranking.token_search(WordIndex.build(index), ["ntwk"], none(index))
    assert [index.ids[ranking.key_paper(k)] for k in keys] == ["prefix", "abbrev"]


@pytest.mark.parametrize(
    ("query", "text", "hit"),
    [
        ("tranformer", " attention is all you need \x1f transformer ", True),
        ("transfromer", " reformer the efficient transformer ", True),
        ("ridley", " relay backpropagation for effective learning ", False),
        # a one-swap match ("resent") in the middle of a word is not a typo of "resnet"
        ("resnet", " learning representations by back propagating errors ", False),
        ("bransformer", " reformer the efficient transformer ", True),  # first-letter slip
        ("hitnon", " alex krizhevsky \x1e geoffrey hinton \x1f toronto ", True),  # swap
        ("qqqqqqqq", " transformer ", False),
    ],
)
def test_fuzzy_cutoff(query: str, text: str, hit: bool) -> None:
    keys = ranking.fuzzy_search([text], query, [0])
    assert (len(keys) > 0) is hit
    if hit:
        assert ranking.key_tier(keys[0]) == ranking.TIER_FUZZY


def test_fuzzy_needs_six_characters() -> None:
    assert len(ranking.fuzzy_search([" attention "], "atnt", [0])) == 0
    assert len(ranking.fuzzy_search([" relative position "], "relay", [0])) == 0
    assert matching.fuzzy_cutoff("abcde") < matching.fuzzy_cutoff("abcdefghij") < 100


@pytest.mark.parametrize("query", ["net", "netw", "alpha", "research", "zzz", "ne"])
def test_joined_scan_matches_per_paper_scan(tiers: SearchIndex, query: str) -> None:
    people = np.asarray(tiers.people_at)
    joined = ranking.Joined.build(tiers.hay)
    plain_hits, plain_keys = ranking.substring_search(tiers.hay, people, query, None)
    fast_hits, fast_keys = ranking.substring_search(tiers.hay, people, query, None, joined)
    assert fast_hits.tolist() == plain_hits.tolist()
    assert fast_keys.tolist() == plain_keys.tolist()
    within = list(range(0, len(tiers), 2))
    narrowed, _ = ranking.substring_search(tiers.hay, people, query, within, joined)
    assert narrowed.tolist() == [i for i in plain_hits.tolist() if i % 2 == 0]


def test_normalize_many_equals_normalize() -> None:
    texts = [
        "Łukasz Kaiser",
        "Schölkopf",
        "ÆSIR Œuvre",
        "İstanbul",
        "Straße",
        "x—y’z",
        "a_b",
        "ﬁne",
        "",
        "  GPT-2:  Language  ",
        "Plain ASCII title",
    ]
    assert search_fold.normalize_many(texts) == [normalize(t) for t in texts]
    ascii_only = ["A: b", "", "c--d", "  e  "]
    assert search_fold.normalize_many(ascii_only) == [normalize(t) for t in ascii_only]
    assert search_fold.normalize_many(["has\x00nul", "x"]) == [normalize("has\x00nul"), "x"]


def test_char_counts_prefilter_never_drops_a_fuzzy_match() -> None:
    hay = [
        " transformer \x1f attention is all you need \x1f ashish vaswani \x1f google ",
        " resnet \x1f deep residual learning \x1f kaiming he \x1f microsoft ",
        " qqq \x1f quick queries \x1f q \x1f q ",
        " relay \x1f relay backpropagation \x1f li shen \x1f ucas ",
        " \x1f \x1f \x1f ",
    ]
    counts = ranking.CharCounts.build(hay, chunk=2)  # several chunks
    assert counts.counts.shape == (5, 36)
    assert counts.counts[2][ord("q") - ord("a")] == 7
    everyone = np.arange(len(hay))
    for query in ("tranformer", "transfromer", "resdual", "qqqqqq", "ridley", "zzqxvw", "vaswnai"):
        full = ranking.fuzzy_search(hay, query, everyone.tolist())
        kept = counts.may_match(query, everyone)
        filtered = ranking.fuzzy_search(hay, query, kept.tolist())
        assert filtered.tolist() == full.tolist(), query
    # it does prune: nothing here has five z/q/x/v/w letters for "zzqxvw"
    assert len(counts.may_match("zzqxvw", everyone)) < len(hay)
    assert counts.may_match("qqqqqq", everyone).tolist() == [2]


@pytest.mark.parametrize("query", ["n", "ne", "a", "z", "th"])
def test_word_start_search_agrees_with_the_scan(tiers: SearchIndex, query: str) -> None:
    people = np.asarray(tiers.people_at)
    scanned = ranking.substring_search(tiers.hay, people, query, None, word_start=True)
    order = postings.word_start_order(WordIndex.build(tiers), query, len(tiers))
    assert order.tolist() == (scanned[1] & ranking.IDX_MASK).tolist()
    assert sorted(order.tolist()) == scanned[0].tolist()


def test_word_index_state_round_trips_through_msgpack(tiers: SearchIndex) -> None:
    import msgspec

    words = WordIndex.build(tiers)
    state = msgspec.msgpack.decode(msgspec.msgpack.encode(words.to_state()))
    again = WordIndex.from_state(state)
    assert again.words == words.words and again.shorts == words.shorts
    assert again.joined == words.joined and again.starts == words.starts
    for group in (0, 1):
        assert again.offsets[group].tolist() == words.offsets[group].tolist()
        assert again.flat[group].tolist() == words.flat[group].tolist()
    assert again.short_papers.tolist() == words.short_papers.tolist()
    assert words.letters is not None and again.letters is not None
    assert again.letters.counts.tolist() == words.letters.counts.tolist()
    assert words.letters.counts.tolist() == ranking.CharCounts.build(tiers.hay).counts.tolist()
    assert (
        postings.word_start_order(again, "n", len(tiers)).tolist()
        == postings.word_start_order(words, "n", len(tiers)).tolist()
    )
    with pytest.raises(ValueError):
        WordIndex.from_state({**state, "version": -1})


def test_index_columns_round_trip_and_refuse_a_mismatch(tiers: SearchIndex) -> None:
    small, big = tiers.to_columns()
    again = SearchIndex.from_columns(small, {k: memoryview(v) for k, v in big.items()})
    assert again == tiers
    assert again.position("exact") == tiers.ids.index("exact") and again.position("nope") == -1
    k = tiers.position("people-prefix")
    assert again.org_of(k) == "netflix research" and again.authors_of(k) == ""
    assert again.authors_of(tiers.position("people-sub")) == "manet sunnet"
    with pytest.raises(ValueError):
        SearchIndex.from_columns(small, {**big, "years": big["years"][:-8]})
    with pytest.raises(ValueError):
        SearchIndex.from_columns({**small, "version": -1}, big)
    with pytest.raises(ValueError):
        SearchIndex.from_columns(small, {k: v for k, v in big.items() if k != "hay"})


@pytest.mark.parametrize("query", ["net", "ne", "netw", "sun", "nothing here", "research", "zz"])
def test_prefix_mask_only_saves_finds(tiers: SearchIndex, query: str) -> None:
    people = np.asarray(tiers.people_at)
    words = WordIndex.build(tiers)
    mask = words.prefix_mask(query.split(" ")[0], len(tiers))
    everyone = list(range(len(tiers)))
    plain = ranking.substring_search(
        tiers.hay, people, query, None, ranking.Joined.build(tiers.hay)
    )
    masked = ranking.substring_search(tiers.hay, people, query, everyone, may_prefix=mask)
    unmasked = ranking.substring_search(tiers.hay, people, query, everyone)
    assert masked[0].tolist() == plain[0].tolist() == unmasked[0].tolist()
    assert masked[1].tolist() == plain[1].tolist() == unmasked[1].tolist()


def test_postings_know_where_every_word_occurs() -> None:
    papers = [
        paper("a", "Net", "Über α-βeta 深度学习 networks, networks", authors=("Anna Netto", "Bo")),
        paper("b", "ResNet-50", "Deep residual learning", org="Microsoft Research"),
        paper("c", "X", "internet of nets", authors=("Jan Kinnet",), date="2019"),
        paper("d", "Y", "nothing to see", date="2018"),
    ]
    index = SearchIndex.build(Library.build([Era("e", "E", 2000, None)], papers))
    words = WordIndex.build(index)
    people = np.asarray(index.people_at)
    joined = ranking.Joined.build(index.hay)
    vocabulary = {w for g in (0, 1) for w in words.words[g]}
    queries = {w[a:b] for w in vocabulary for a in range(len(w)) for b in range(a + 3, len(w) + 1)}
    assert {"net", "度学习", "βeta", "esearc"} <= queries
    for query in sorted(queries | {"zzz", "twork"}):
        fast = postings.word_keys(words, people, query, len(index))
        assert fast is not None
        slow = ranking.substring_search(index.hay, people, query, None, joined)
        assert fast[0].tolist() == slow[0].tolist(), query
        assert fast[1].tolist() == slow[1].tolist(), query
    state = words.to_state()
    assert postings.word_keys(WordIndex.from_state(state), people, "net", len(index)) is not None
    without = {k: v for k, v in state.items() if not k.startswith("positions")}
    assert postings.word_keys(WordIndex.from_state(without), people, "net", len(index)) is None


def test_engine_results_do_not_depend_on_the_word_index() -> None:
    papers = [
        paper(f"p{i}", f"Model{i}", f"{w} networks for {v} learning", authors=(f"Ann {v}",))
        for i, (w, v) in enumerate(
            [("deep", "vision"), ("residual", "speech"), ("sparse", "vision"), ("net", "text")] * 5
        )
    ]
    lib = Library.build([Era("e", "E", 2000, None)], papers)
    from papertui.search.engine import Engine, View

    queries = ("net", "netw", "networks", "ision", "resid", "ann", "learn", "ann vis", "ann v")
    phrases = ("eep networks f", "networks for vision l", "for s", "ks for", "net t", "ep n", "p x")
    for query in queries + phrases:
        plain = Engine(lib)  # no word index yet: scans the text
        warm = Engine(lib)
        warm.warm()  # word index built: postings and positions
        assert list(warm.run(View(query=query)).ids) == list(plain.run(View(query=query)).ids)


def test_fuzzy_search_in_chunks_and_stopping() -> None:
    hay = [
        " transformer \x1f attention is all you need \x1f ashish vaswani \x1f google ",
        " resnet \x1f deep residual learning \x1f kaiming he \x1f microsoft ",
        " tranformers \x1f a typo \x1f x \x1f y ",
        " relay \x1f relay backpropagation \x1f li shen \x1f ucas ",
        " transformers \x1f more \x1f z \x1f w ",
    ]
    everyone = list(range(len(hay)))
    whole = ranking.fuzzy_search(hay, "transfromer", everyone)
    chunked = ranking.fuzzy_search(hay, "transfromer", everyone, chunk=2)
    assert whole is not None and chunked is not None
    assert sorted(ranking.key_paper(k) for k in whole) == [0, 4]
    assert chunked.tolist() == whole.tolist()
    asked: list[int] = []

    def stop_after_one() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert ranking.fuzzy_search(hay, "transfromer", everyone, stop_after_one, chunk=2) is None
    assert len(asked) == 2, "asked before each chunk, stopped at the second"


def test_a_stopped_run_is_not_cached() -> None:
    from papertui.search.engine import Engine, View

    papers = [paper(f"p{i}", f"M{i}", t) for i, t in enumerate(["Transformers", "Convolutions"])]
    engine = Engine(Library.build([Era("e", "E", 2000, None)], papers))
    stopped = engine.run(View(query="transfromers"), stop=lambda: True)
    assert list(stopped.ids) == []  # the fuzzy pass was skipped
    assert list(engine.run(View(query="transfromers")).ids) == ["p0"]  # ...and not cached


def test_prefold_fills_the_fold_cache_used_by_highlighting() -> None:
    from papertui.library.fold import fold_map, prefold

    texts = [f"Prefolded Title Number {i} Über" for i in range(5)]
    prefold(texts)
    before = fold_map.cache_info()
    for text in texts:
        fold_map(text)
    after = fold_map.cache_info()
    assert after.hits - before.hits == len(texts) and after.misses == before.misses
