"""The vocabulary's typo search (search/typos.py) against the per-paper fuzzy pass."""

from __future__ import annotations

import random

import numpy as np
import pytest

from papertui.library.model import Era, Library, Paper
from papertui.search import ranking, typos
from papertui.search.engine import Engine, View
from papertui.search.matching import FUZZY_MIN_LENGTH

WORDS = (  # noqa: SIM905 - a sentence reads better than a list
    "transformer translation transfer attention diffusion residual network resnet "
    "convolutional generative adversarial retrieval augmented alignment reasoning at scale "
    "a of on the for is all you need learning deep neural language models 50 gpt 4 v2"
).split()
PEOPLE = "Hinton LeCun Bengio Vaswani Shazeer Tan Le He Kaiming Ashish Noam".split()  # noqa: SIM905


def library(n: int = 600, seed: int = 7) -> Library:
    rng = random.Random(seed)
    papers = [
        Paper(
            id=f"p{i}",
            short=rng.choice(["ResNet-50", "GPT-4", "BERT", "T5", f"M{i}", "Transformer-XL"]),
            title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9))).title(),
            date=f"{2000 + i % 25}-01",
            era="all",
            authors=tuple(
                f"{rng.choice(PEOPLE)} {rng.choice(PEOPLE)}" for _ in range(rng.randint(0, 3))
            ),
        )
        for i in range(n)
    ]
    return Library.build([Era("all", "All", 1990, None)], papers)


def typo(rng: random.Random, word: str) -> str:
    at = rng.randrange(len(word))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
    return rng.choice(
        [
            word[:at] + letter + word[at + 1 :],
            word[:at] + word[at + 1 :],
            word[:at] + letter + word[at:],
            word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
        ]
    )


def queries(engine: Engine, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [w for g in (0, 1) for w in engine.words.words[g] if w.isalnum() and len(w) > 3]
    found: set[str] = {"transfromer", "resnet50", "resent50", "attentoin", "gpt4vision"}
    while len(found) < count:
        word = rng.choice(vocabulary)
        if rng.random() < 0.4:  # glued to the next word: a window that runs on
            word += rng.choice(vocabulary)[: rng.randint(1, 4)]
        if rng.random() < 0.5:
            word = word[: rng.randint(4, len(word))]
        word = typo(rng, word)
        if rng.random() < 0.1:
            word = typo(rng, typo(rng, word)) + "abcdefgh"  # long: two typos allowed
        if len(word) >= FUZZY_MIN_LENGTH:
            found.add(word)
    return sorted(found)


@pytest.fixture(scope="module")
def engine() -> Engine:
    made = Engine(library())
    made.warm()
    return made


def keyed(keys: np.ndarray) -> dict[int, int]:
    return dict(zip((keys & ranking.IDX_MASK).tolist(), (keys >> 22).tolist(), strict=True))


def test_finds_every_paper_the_per_paper_pass_finds_with_its_score(engine: Engine) -> None:
    extra = 0
    for query in queries(engine, 250, seed=3):
        hits = engine._text_hits(query)
        pool = np.ones(len(engine.index), np.bool_)
        pool[hits.ranked] = False
        old = ranking.fuzzy_search(engine.index.hay, query, np.flatnonzero(pool).tolist())
        new = typos.fuzzy_keys(engine.words, engine.index.hay, engine.char_counts, query, pool)
        assert old is not None and new is not None
        before, after = keyed(old), keyed(new)
        assert {p: after.get(p) for p in before} == before, query
        assert not set(after) & set(hits.ranked.tolist()), query  # stronger hits stay out
        assert list(new) == sorted(new)
        extra += len(after) - len(before)
    assert extra < 250  # a few more at most: windows at a word start the old pass skipped


def test_a_pool_restricts_the_hits(engine: Engine) -> None:
    pool = np.zeros(len(engine.index), np.bool_)
    pool[::3] = True
    keys = typos.fuzzy_keys(engine.words, engine.index.hay, engine.char_counts, "transfromer", pool)
    assert keys is not None and len(keys)
    assert all(k % 3 == 0 for k in (keys & ranking.IDX_MASK).tolist())


def test_stop_gives_none(engine: Engine) -> None:
    pool = np.ones(len(engine.index), np.bool_)
    got = typos.fuzzy_keys(
        engine.words, engine.index.hay, engine.char_counts, "resent50", pool, stop=lambda: True
    )
    assert got is None


def test_the_engine_uses_it_from_vocabulary_from(monkeypatch: pytest.MonkeyPatch) -> None:
    lib = library(300, seed=11)
    plain = [list(Engine(lib).run(View(query=q)).ids) for q in ("transfromer", "resent50")]
    monkeypatch.setattr(typos, "VOCABULARY_FROM", 0)
    fast = Engine(lib)
    fast.warm()
    for query, before in zip(("transfromer", "resent50"), plain, strict=True):
        after = list(fast.run(View(query=query)).ids)
        assert after[: len(before)] == before or set(before) <= set(after)


def test_answers_one_word_long_enough_in_a_big_library() -> None:
    big = typos.VOCABULARY_FROM
    assert typos.answers("transfromer", big)
    assert not typos.answers("transfromer", big - 1)
    assert not typos.answers("diffusion modle", big)
    assert not typos.answers("abcde", big)  # 3 pieces of 2 letters need 6


@pytest.mark.parametrize("query", ["transformer", "abcdefghijklmnopq", "resnet"])
def test_pieces_cover_the_query(query: str) -> None:
    for parts in (3, 5):
        if len(query) < 2 * parts:
            continue
        cut = typos.pieces(query, parts)
        assert "".join(cut) == query and len(cut) == parts
        best = typos.best_pieces(query, parts, lambda piece: ord(piece[0]) * len(piece))
        assert best is not None and "".join(best) == query and len(best) == parts
        assert min(map(len, best)) >= typos.MIN_PIECE


def test_best_pieces_avoids_common_pieces() -> None:
    common = {"tr": 100, "ans": 100, "ra": 100}
    cut = typos.best_pieces("transfro", 3, lambda piece: common.get(piece, 1))
    assert cut is not None and not set(cut) & set(common)
    assert typos.best_pieces("abcde", 3, len) is None


def test_a_field_name_being_typed_is_not_fuzzy_matched() -> None:
    paper = Paper(id="a", short="AT", title="Autohr Tools", date="2020", era="all")
    engine = Engine(Library.build([Era("all", "All", 1990, None)], [paper]))
    assert list(engine.run(View(query="authro")).ids) == ["a"]  # a typo of "autohr"
    assert list(engine.run(View(query="author")).ids) == []  # "author:" on its way


@pytest.mark.parametrize("query", ["rezsero", "arezeor", "zeroshto", "resnet50", "arezero"])
def test_windows_running_on_into_the_next_word(query: str) -> None:
    """One typo and a space: the letter left out may sit before or after the space."""
    titles = ["Models Are Zero Shot Learners", "ResNet 50 Layers", "Are Zebras Robust"]
    papers = [
        Paper(id=f"p{i}", short=f"P{i}", title=title, date="2020", era="all")
        for i, title in enumerate(titles * 20)
    ]
    engine = Engine(Library.build([Era("all", "All", 1990, None)], papers))
    engine.warm()
    pool = np.ones(len(engine.index), np.bool_)
    pool[engine._text_hits(query).ranked] = False
    old = ranking.fuzzy_search(engine.index.hay, query, np.flatnonzero(pool).tolist())
    new = typos.fuzzy_keys(engine.words, engine.index.hay, engine.char_counts, query, pool)
    assert old is not None and new is not None
    before, after = keyed(old), keyed(new)
    assert before  # the per-paper pass finds these typos
    assert {p: after.get(p) for p in before} == before
