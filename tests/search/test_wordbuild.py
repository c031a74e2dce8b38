"""The word index built with less Python per word equals, byte for byte, the old build."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from wordindex_reference import reference_build, reference_counts

from papertui.library.loader import load_library
from papertui.library.model import Era, Library, Paper
from papertui.search import wordbuild
from papertui.search.charcounts import CharCounts
from papertui.search.index import SearchIndex
from papertui.search.wordindex import WordIndex

BUNDLED = Path(__file__).parents[2] / "data"
SYLLABLES = "trans form er at ten tion dif fu sion res net gpt ber ta lla ma deep le arn ing"
NAMES = ["Geoffrey Hinton", "Yann LeCun", "Bernhard Schölkopf", "Łukasz Kaiser", "李 飞飞", "Ana"]


def synthetic(n: int, seed: int = 11) -> Library:
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES.split()) for _ in range(rng.randint(1, 6)))

    papers = [
        Paper(
            id=f"s{i:05d}",
            short=rng.choice([word().title(), f"{word()}-{rng.randint(1, 99)}", "X", word() * 9]),
            title=" ".join(word() for _ in range(rng.randint(1, 14))),
            date=f"{1990 + i % 35}-{1 + i % 12:02d}",
            era="all",
            authors=tuple(rng.choice(NAMES) for _ in range(rng.randint(0, 5))),
            org=rng.choice(["", "MIT", "Google DeepMind", "Université de Montréal"]),
        )
        for i in range(n)
    ]
    return Library.build([Era("all", "All", 1900, None)], papers)


def same_state(index: SearchIndex) -> None:
    fast, old = WordIndex.build(index).to_state(), reference_build(index).to_state()
    assert fast.keys() == old.keys()
    for key in old:
        assert fast[key] == old[key], key


def test_the_bundled_data_gives_the_old_word_index() -> None:
    library = load_library(BUNDLED).library
    assert len(library) > 100
    same_state(SearchIndex.build(library))


def test_a_synthetic_library_of_10k_gives_the_old_word_index() -> None:
    index = SearchIndex.build(synthetic(10_000))
    assert not index.hay.text.isascii()  # the non-ASCII chunks are measured word by word
    same_state(index)


def test_an_ascii_library_and_wide_positions_give_the_old_word_index() -> None:
    ascii_only = [
        Paper(
            id=f"a{i}",
            short=f"A{i}",
            title=("word " * (i * 40 + 1)).strip(),
            date="2000",
            era="all",
        )
        for i in range(400)
    ]  # haystacks past 65,536 characters: int32 positions
    index = SearchIndex.build(Library.build([Era("all", "All", 1900, None)], ascii_only))
    assert index.hay.text.isascii()
    same_state(index)
    assert WordIndex.build(index).to_state()["positions.wide"] == 1


@pytest.mark.parametrize("n", [0, 1, 7])
def test_tiny_libraries_give_the_old_word_index(n: int) -> None:
    same_state(SearchIndex.build(synthetic(n, seed=n)))


def test_letter_counts_match_the_old_ones() -> None:
    index = SearchIndex.build(synthetic(3_000, seed=2))
    for chunk in (1, 7, 20_000):
        new = CharCounts.build(index.hay, chunk=chunk).counts
        assert new.tolist() == reference_counts(index.hay, chunk=chunk).counts.tolist()


def test_postings_of_texts_with_runs_of_spaces() -> None:
    texts = ["", " ", "  a  b ", "a", "b a a", "é  é", " x"]
    got = wordbuild.postings(iter(texts), len(texts), None)
    words = sorted({w for t in texts for w in t.split(" ")})
    assert got[0] == words
    assert got[1][-1] == sum(t.count(" ") + 1 for t in texts)
