"""Engine.run / Engine.highlight on the fixed fixture library (tests/fixtures/search)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from papertui.library.model import Era, Library, Paper
from papertui.search import matching
from papertui.search.engine import Engine, Sort, View

FIXTURE = Path(__file__).parent.parent / "fixtures" / "search" / "library.yaml"


def load_fixture() -> Library:
    raw: dict[str, Any] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    eras = [Era(**e) for e in raw["eras"]]
    papers = [
        Paper(**{**p, "authors": tuple(p.get("authors", ())), "tags": tuple(p.get("tags", ()))})
        for p in raw["papers"]
    ]
    return Library.build(eras, papers)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_fixture())


def ids(engine: Engine, query: str = "", **kw: Any) -> list[str]:
    return list(engine.run(View(query=query, **kw)).ids)


# -- free text ranking -----------------------------------------------------------------------


def test_attn_is_all_finds_attention_is_all_you_need_first(engine: Engine) -> None:
    assert ids(engine, "attn is all")[0] == "transformer"


def test_ranking_tiers_for_transformer(engine: Engine) -> None:
    found = ids(engine, "transformer")
    # exact short name, then short-name prefix, then title word prefixes (by position),
    # and "Reformer: The Efficient Transformer" has it late in the title.
    assert found[:2] == ["transformer", "transformer-xl"]
    assert set(found) == {"transformer", "transformer-xl", "bert", "vit", "reformer"}
    assert found.index("bert") > 1 and found.index("vit") > 1


def test_exact_short_name_beats_everything(engine: Engine) -> None:
    assert ids(engine, "bert")[0] == "bert"  # RoBERTa also contains "bert"
    assert ids(engine, "BERT") == ids(engine, "bert")


def test_substring_in_title_beats_author_substring(engine: Engine) -> None:
    # "former" is inside short names (Transformer, Reformer) - no author has it.
    found = ids(engine, "former")
    assert found[0] == "reformer" or found[0].startswith("transformer")
    assert "bert" in found  # "Transformers" in BERT's title


def test_author_and_org_are_searched(engine: Engine) -> None:
    assert ids(engine, "hinton") == ["alexnet"]
    assert ids(engine, "deepmind") == ["chinchilla"]


def test_accent_insensitive_both_ways(engine: Engine) -> None:
    assert ids(engine, "scholkopf") == ["svm-kernels"]
    assert ids(engine, "Schölkopf") == ["svm-kernels"]
    # Ł has no decomposition; it is spelled "l". Reformer lists him second, so it leads.
    assert ids(engine, "lukasz") == ["reformer", "transformer"]
    assert ids(engine, "cafe") == ["ridley-scale"]


def test_ridley_does_not_match_relay(engine: Engine) -> None:
    assert ids(engine, "ridley") == ["ridley-scale"]
    without = Library.build(
        load_fixture().eras, [p for p in load_fixture() if p.id != "ridley-scale"]
    )
    assert list(Engine(without).run(View(query="ridley")).ids) == []


def test_typo_finds_transformer_but_after_real_hits(engine: Engine) -> None:
    found = ids(engine, "tranformer")
    assert found and found[0] in {"transformer", "transformer-xl"}
    assert "transformer" in found


def test_short_queries_match_word_starts_only(engine: Engine) -> None:
    # "xl" is inside no word start except Transformer-XL's "XL"
    assert ids(engine, "xl") == ["transformer-xl"]
    # "rt" is inside "BERT"/"RoBERTa" but starts no word
    assert ids(engine, "rt") == []
    assert ids(engine, "rtx") == []


def test_abbreviations_only_when_real_hits_are_scarce(monkeypatch: pytest.MonkeyPatch) -> None:
    lib = load_fixture()

    def text(pid: str) -> str:
        p = lib.papers[pid]
        return " ".join((p.short, p.title, *p.authors, p.org)).lower()

    # few real hits: "lan" also abbreviates words such as "Learning" (l..a..n)
    loose = list(Engine(lib).run(View(query="lan")).ids)
    monkeypatch.setattr(matching, "STRONG_ENOUGH", 2)  # now the real hits are plenty
    strict = list(Engine(lib).run(View(query="lan")).ids)
    assert strict and all("lan" in text(i) for i in strict)
    assert len(loose) > len(strict) and loose[: len(strict)] == strict
    assert any("lan" not in text(i) for i in loose)


def test_loose_match_does_not_bury_real_one(engine: Engine) -> None:
    # "residual" is a real word in ResNet's title: it must come first.
    assert ids(engine, "residual")[0] == "resnet"
    assert ids(engine, "resid")[0] == "resnet"


def test_nonsense_finds_nothing(engine: Engine) -> None:
    assert ids(engine, "zzqxv") == []
    assert ids(engine, "qqqqqqqq") == []


def test_token_order_does_not_matter(engine: Engine) -> None:
    assert ids(engine, "need attention")[0] == "transformer"
    assert ids(engine, "image recog")[0] in {"resnet", "vit"}


def test_punctuation_is_loose(engine: Engine) -> None:
    assert ids(engine, "gpt 3") == ["gpt-3"]
    assert ids(engine, "gpt-3") == ["gpt-3"]
    assert ids(engine, "transformer xl")[0] == "transformer-xl"


# -- filters -----------------------------------------------------------------------------------


def test_tag_filter_exact_after_normalising(engine: Engine) -> None:
    found = ids(engine, "tag:computer-vision")
    assert set(found) == {"alexnet", "relay", "resnet", "vit"}


def test_tag_filter_prefix_when_no_exact_tag(engine: Engine) -> None:
    assert set(ids(engine, "tag:lang")) == set(ids(engine, 'tag:"Language Models"'))


def test_tag_filters_and(engine: Engine) -> None:
    assert ids(engine, 'tag:transformer tag:"computer vision"') == ["vit"]
    assert ids(engine, "tag:nosuchtag") == []


def test_era_by_id_or_name(engine: Engine) -> None:
    by_id = ids(engine, "era:deep-learning")
    assert set(by_id) == {"alexnet", "relay", "resnet"}
    assert ids(engine, 'era:"Deep Learning"') == by_id
    assert ids(engine, "era:deep") == by_id  # prefix


def test_author_org_year_filters(engine: Engine) -> None:
    assert ids(engine, "author:kaiser") == ["transformer", "reformer"]
    assert ids(engine, "author:łukasz") == ["transformer", "reformer"]
    assert set(ids(engine, "org:google")) == {"transformer", "bert", "vit", "reformer"}
    assert ids(engine, "year:2012") == ["alexnet"]
    assert ids(engine, "year:..1990") == ["perceptron"]
    # same date (2022-03): title order breaks the tie
    assert ids(engine, "year:2022..") == ["ridley-scale", "chinchilla"]


def test_invalid_year_is_reported_and_ignored(engine: Engine) -> None:
    res = engine.run(View(query="year:20x5 resnet"))
    assert list(res.ids) == ["resnet"]
    assert res.query.errors


def test_filters_and_free_text_compose(engine: Engine) -> None:
    assert ids(engine, "org:google attention") == ["transformer"]
    assert ids(engine, "transformer", era="scaling") == []
    assert ids(engine, "language", tags=frozenset({"Scaling"})) == ["gpt-3", "chinchilla"]


def test_view_tags_and_era(engine: Engine) -> None:
    res = engine.run(View(era="transformer", tags=frozenset({"Language Models"})))
    assert list(res.ids) == ["transformer", "bert", "transformer-xl", "roberta", "gpt-3"]
    assert res.total == 14
    # era counts ignore the selected era but honour the tags
    assert res.era_counts == {
        "foundations": 0,
        "deep-learning": 0,
        "transformer": 5,
        "scaling": 1,
    }
    assert res.tag_counts["Language Models"] == 5
    assert res.tag_counts["Transformer"] == 4
    assert "Computer Vision" not in res.tag_counts


def test_counts_are_made_on_first_use_and_then_kept(engine: Engine) -> None:
    """The results come back before their era and tag counts are made (views.LazyCounts):
    the screen shows the list first and counts in a worker."""
    from papertui.search.views import counts_ready

    res = engine.run(View(query="language", era="transformer"))
    assert not counts_ready(res.era_counts) and not counts_ready(res.tag_counts)
    assert res.era_counts["transformer"] == len(res.ids)  # the counts are right when read
    assert sum(res.tag_counts.values()) >= len(res.ids) > 0
    assert counts_ready(res.era_counts) and counts_ready(res.tag_counts)
    assert counts_ready(engine.run(View()).era_counts)  # every paper: counted at load


def test_unknown_era_selects_nothing(engine: Engine) -> None:
    res = engine.run(View(era="nope"))
    assert list(res.ids) == []
    assert sum(res.era_counts.values()) == 14


# -- sorting -----------------------------------------------------------------------------------


def test_no_text_relevance_is_date_order(engine: Engine) -> None:
    found = ids(engine)
    assert found[0] == "perceptron" and found[-1] in {"chinchilla", "ridley-scale"}
    lib = engine.library
    dates = [lib.papers[i].date for i in found]
    assert dates == sorted(dates)


def test_sort_date_oldest_first_and_title(engine: Engine) -> None:
    by_date = ids(engine, "transformer", sort=Sort.DATE)
    lib = engine.library
    assert [lib.papers[i].date for i in by_date] == sorted(lib.papers[i].date for i in by_date)
    by_title = ids(engine, "transformer", sort=Sort.TITLE)
    titles = [lib.papers[i].title.casefold() for i in by_title]
    assert titles == sorted(titles)
    assert set(by_title) == set(by_date) == set(ids(engine, "transformer"))


# -- incremental narrowing and threads ----------------------------------------------------------


def test_incremental_typing_gives_same_results_as_fresh_engine() -> None:
    lib = load_fixture()
    typing = Engine(lib)
    for word in ("transformer", "attn is all", "resnet", "schol", "language models"):
        for n in range(1, len(word) + 1):
            assert list(typing.run(View(query=word[:n])).ids) == list(
                Engine(lib).run(View(query=word[:n])).ids
            ), word[:n]
        for n in range(len(word), 0, -1):  # backspacing hits the cache
            assert list(typing.run(View(query=word[:n])).ids) == list(
                Engine(lib).run(View(query=word[:n])).ids
            ), word[:n]


def test_text_hits_are_kept_by_their_bytes_not_a_fixed_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first letter's hits are megabytes at 1M papers and a longer text's a few KB: the
    cache keeps texts until their arrays pass a byte budget, oldest out first."""
    import papertui.search.texthits as texthits

    typing = Engine(load_fixture())
    for n in range(1, len("transformer") + 1):
        typing.run(View(query="transformer"[:n]))
    kept = list(typing._cache)
    assert kept[0] == "t" and len(kept) == len("transformer")  # more than the old six
    assert list(typing.run(View(query="t")).ids)  # a hit: "t" is now the newest
    assert list(typing._cache)[-1] == "t"
    budget = typing._cache.nbytes() - 1
    monkeypatch.setattr(texthits, "BYTES", budget)
    typing.run(View(query="resnet"))  # over budget: the oldest texts go, not "t"
    left = list(typing._cache)
    assert left[-1] == "resnet" and "t" in left and "tr" not in left
    assert typing._cache.nbytes() <= budget
    monkeypatch.setattr(texthits, "BYTES", 0)
    typing.run(View(query="bert"))
    assert list(typing._cache) == ["bert"]  # the newest stays, whatever its size


def test_run_is_thread_safe(engine: Engine) -> None:
    expected = {q: ids(engine, q) for q in ("t", "tr", "tra", "attn", "bert", "hinton")}
    errors: list[str] = []

    def worker() -> None:
        for _ in range(30):
            for q, want in expected.items():
                if ids(engine, q) != want:
                    errors.append(q)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_index_pickles_and_from_index_gives_same_results() -> None:
    lib = load_fixture()
    first = Engine(lib)
    index = pickle.loads(pickle.dumps(first.index))
    words = pickle.loads(pickle.dumps(first.words))
    again = Engine.from_index(lib, index, words)
    for q in ("attn is all", "tag:lang", "hinton", "tranformer"):
        assert list(again.run(View(query=q)).ids) == list(first.run(View(query=q)).ids)


# -- highlight ---------------------------------------------------------------------------------


def spans_text(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_highlight_substring(engine: Engine) -> None:
    title = "Deep Residual Learning for Image Recognition"
    assert spans_text(title, engine.highlight(title, "resid")) == ["Resid"]
    assert engine.highlight(title, "tag:vision") == []  # filters are not free text


def test_highlight_short_query_only_at_word_starts(engine: Engine) -> None:
    title = "The Network Effect of the Net"
    assert spans_text(title, engine.highlight(title, "ne")) == ["Ne", "Ne"]
    assert spans_text(title, engine.highlight(title, "net")) == ["Net", "Net"]
    assert spans_text(title, engine.highlight(title, "ork")) == ["ork"]


def test_highlight_tokens_and_abbreviation(engine: Engine) -> None:
    title = "Attention Is All You Need"
    got = spans_text(title, engine.highlight(title, "attn is all"))
    assert got == ["Att", "n", "Is", "All"]


def test_highlight_maps_back_through_accents(engine: Engine) -> None:
    name = "Bernhard Schölkopf"
    assert spans_text(name, engine.highlight(name, "scholk")) == ["Schölk"]
    decomposed = "Scho\u0308lkopf"  # o + combining diaeresis
    assert spans_text(decomposed, engine.highlight(decomposed, "scho")) == ["Scho\u0308"]
    cafe = "Café Reasoning"
    assert spans_text(cafe, engine.highlight(cafe, "cafe")) == ["Café"]
    assert spans_text("Łukasz Kaiser", engine.highlight("Łukasz Kaiser", "lukasz")) == ["Łukasz"]


def test_highlight_abbreviation_of_a_typo(engine: Engine) -> None:
    title = "Reformer: The Efficient Transformer"
    # "tranformer" holds the letters of "Transformer" in order: an abbreviation match
    assert spans_text(title, engine.highlight(title, "tranformer")) == ["Tran", "former"]


def test_highlight_fuzzy_window(engine: Engine) -> None:
    title = "Reformer: The Efficient Transformer"
    assert engine.highlight(title, "zzqxv") == []
    got = spans_text(title, engine.highlight(title, "transfromer"))  # swapped letters
    assert len(got) == 1 and "ransf" in got[0]


def test_swapped_letters_typo_is_found_by_fuzzy(engine: Engine) -> None:
    found = ids(engine, "transfromer")
    assert "transformer" in found and "transformer-xl" in found
    assert "relay" not in found


def test_result_ids_behave_like_a_sequence(engine: Engine) -> None:
    res = engine.run(View(query="transformer"))
    ids_ = res.ids
    as_list = list(ids_)
    assert len(ids_) == len(as_list) == 5
    assert ids_[0] == as_list[0] and ids_[-1] == as_list[-1]
    assert ids_[1:3] == as_list[1:3]
    assert ids_ == as_list and ids_ == tuple(as_list)
    assert ids_ != as_list[:-1]
    assert ids_.index(as_list[3]) == 3
    assert ids_.index(as_list[3], 2) == 3
    with pytest.raises(ValueError):
        ids_.index(as_list[0], 1)
    with pytest.raises(ValueError):
        ids_.index("no-such-paper")
    assert as_list[2] in ids_ and "alexnet" not in ids_
    assert bool(ids_) and not engine.run(View(query="zzqxv")).ids
    assert "transformer" in repr(ids_)


def test_first_screen_does_not_import_numpy() -> None:
    """numpy costs ~0.2 s to import; showing every paper (the first screen) skips it."""
    code = (
        "import sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_engine import load_fixture\n"
        "from papertui.search.engine import Engine, View, Sort\n"
        "res = Engine(load_fixture()).run(View(sort=Sort.DATE))\n"
        "assert len(res.ids) == 14 and res.ids[0] == 'perceptron' and res.era_counts\n"
        "assert res.ids.index('transformer') == 5 and 'bert' in res.ids\n"
        "print('numpy' in sys.modules)\n"
    )
    here = str(Path(__file__).parent)
    out = subprocess.run(
        [sys.executable, "-c", code, here], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


@pytest.mark.parametrize(
    ("few", "share", "numpy_from"),
    [(500, 8, 10**9), (0, 10**9, 10**9), (0, 1, 10**9), (10**9, 8, 10**9), (500, 8, 0)],
)
def test_counts_agree_with_a_plain_recount_on_a_bigger_library(
    monkeypatch: pytest.MonkeyPatch, few: int, share: int, numpy_from: int
) -> None:
    """Every counting path (small/medium/large result sets, the whole library with and
    without numpy) against a Counter recount."""
    from collections import Counter

    from papertui.search import facets

    monkeypatch.setattr(facets, "FEW_RESULTS", few)
    monkeypatch.setattr(facets, "BIG_SHARE", share)
    monkeypatch.setattr(facets, "COUNT_WITH_NUMPY", numpy_from)

    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"]
    tags = ["T0", "T1", "T2", "T3", "T4", "T5"]
    eras = [Era("old", "Old", 1990, 2009), Era("new", "New", 2010, None)]
    papers = [
        Paper(
            id=f"p{i}",
            short=f"{words[i % 8].title()}{i}",
            title=f"{words[i % 8]} {words[(i * 3) % 8]} {words[(i * 5) % 7]} study",
            date=f"{1990 + i % 30}-{1 + i % 12:02d}",
            era="old" if 1990 + i % 30 < 2010 else "new",
            authors=(f"Author {words[i % 5]}",),
            tags=tuple(tags[(i * k) % 6] for k in range(1 + i % 3)),
        )
        for i in range(4000)
    ]
    lib = Library.build(eras, papers)
    engine = Engine(lib)
    for query in ("", "alpha", "omega sigma", "kappa12", "tag:T1", "p3", "zzzz"):
        for era in (None, "new"):
            res = engine.run(View(query=query, era=era))
            found = [lib.papers[i] for i in res.ids]
            assert res.tag_counts == {
                t: c for t, c in sorted(Counter(t for p in found for t in p.tags).items())
            }, (query, era)
            if era is None:
                assert res.era_counts == {
                    e.id: sum(1 for p in found if p.era == e.id) for e in eras
                }, query


@pytest.mark.parametrize(
    "query",
    [
        "author:hinton",
        'author:"Geoffrey E. Hinton"',
        "author:kaiser org:google",
        "org:univ",
        'org:"max planck"',
        "author:!!!",
        "transformer author:kaiser",
        "attn is all",
        "tranformer",
        "t",
        "la",
    ],
)
def test_warm_and_cold_engines_agree(query: str) -> None:
    lib = load_fixture()
    cold = Engine(lib)
    warm = Engine(lib)
    warm.warm()
    assert list(warm.run(View(query=query)).ids) == list(cold.run(View(query=query)).ids)


def test_a_part_is_found_through_its_whole_s_short_name(tmp_path: Path) -> None:
    from papertui.library.model import Era, Library, Paper

    whole = Paper(id="big", short="Bigformer", title="A Big Report", date="2020", era="e")
    part = Paper(
        id="head", short="Headnet", title="A Big Report", date="2020", era="e", part_of="big"
    )
    other = Paper(id="x", short="Other", title="Something else", date="2021", era="e")
    library = Library.build([Era("e", "E", 2000, None)], [whole, part, other])
    ids = list(Engine(library).run(View(query="bigformer")).ids)
    assert ids[0] == "big" and "head" in ids and "x" not in ids
