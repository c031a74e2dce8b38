"""The postings answers (search/postings.py) against the haystack scans they replace.

The engine answers 1-2 letters, one word and several words from the word index's
postings; the scans (``ranking.substring_search``) are the old way and stay the
reference. Every query here, typed one key at a time as a user would (so the engine's
narrowing works), must give the same results both ways: typos, field names being typed,
one and two letters, phrases.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from papertui.library.model import Era, Library, Paper
from papertui.search import postings, ranking
from papertui.search.engine import Engine, View
from papertui.search.index import SearchIndex
from papertui.search.wordindex import WordIndex

WORDS = (  # noqa: SIM905 - a sentence reads better than a list
    "transformer transformers translation attention diffusion residual network networks "
    "resnet convolutional generative adversarial author authors retrieval a an of on the "
    "for is all you need learning deep neural language models model 50 gpt 4 v2 ana banana "
    "re red redress tag era year org"
).split()
PEOPLE = "Hinton LeCun Bengio Vaswani Shazeer Tan Le He Kaiming Ashish Noam Ana Tagore".split()  # noqa: SIM905
SHORTS = ["ResNet-50", "ResNet", "GPT-4", "BERT", "T5", "Transformer-XL", "Transformer", "Net"]


def library(n: int, seed: int, accents: bool = False) -> Library:
    rng = random.Random(seed)
    people = [*PEOPLE, "Schölkopf", "Łukasz", "深度"] if accents else PEOPLE
    papers = [
        Paper(
            id=f"p{i}",
            short=rng.choice([*SHORTS, f"M{i}", f"Net{i % 7}"]),
            title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9))).title(),
            date=f"{2000 + i % 25}-01",
            era="all",
            authors=tuple(
                f"{rng.choice(people)} {rng.choice(people)}" for _ in range(rng.randint(0, 3))
            ),
            org=rng.choice(["", "Google Research", "MIT", "Netflix"]),
        )
        for i in range(n)
    ]
    return Library.build([Era("all", "All", 1990, None)], papers)


def scan_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the engine scan the haystacks as before the postings answers."""
    monkeypatch.setattr(postings, "word_keys", lambda *args: None)
    monkeypatch.setattr(postings, "phrase_keys", lambda *args: None)
    monkeypatch.setattr(Engine, "_word_start", _scanned_word_start)


def _scanned_word_start(self: Engine, text: str) -> Any:
    _, keys = ranking.substring_search(
        self.index.hay, self._facets.people_at, text, None, word_start=True
    )
    return keys & ranking.IDX_MASK


QUERIES = [
    "attention",
    "transfromer",  # a typo
    "transformrs",
    "author:hinton",  # a field name being typed, then its value
    "authors",
    "tag:rl bert",
    "era:all net",
    "org:mit res",
    "diffusion models",
    "diffusion mdoels",
    "resnet 50",
    "gpt 4",
    "a b",
    "an of the",
    "banana",
    "ana",
    "re",
    "r",
    "4",
    "le he",
    "netw",
    "net",
    "transformer x",
    "zzz",
    "schölkopf",
    "深度",
]


def typed(queries: list[str]) -> Iterator[str]:
    for query in queries:
        for k in range(1, len(query) + 1):
            yield query[:k]


# how each paper's best score is found: postings sorted by paper, or spread over all papers
ALWAYS_SORTED, ALWAYS_SPREAD = 0, 1 << 40


@pytest.mark.parametrize(
    ("n", "accents", "share"),
    [
        (700, False, None),
        (700, True, None),
        (3000, False, None),
        (700, True, ALWAYS_SORTED),
        (3000, False, ALWAYS_SORTED),
        (3000, False, ALWAYS_SPREAD),
    ],
)
def test_the_engine_answers_as_the_scans_did(
    monkeypatch: pytest.MonkeyPatch, n: int, accents: bool, share: int | None
) -> None:
    if share is not None:
        monkeypatch.setattr(postings, "_SPARSE_SHARE", share)
    lib = library(n, seed=n, accents=accents)
    fast = Engine(lib)
    fast.warm()
    texts = list(typed(QUERIES))
    got = [list(fast.run(View(query=q)).ids) for q in texts]
    with monkeypatch.context() as patch:
        scan_only(patch)
        slow = Engine(lib)
        slow.warm()
        want = [list(slow.run(View(query=q)).ids) for q in texts]
    for text, a, b in zip(texts, got, want, strict=True):
        assert a == b, text
    assert sum(map(len, got)) > 10 * len(texts)  # the queries do find papers


@pytest.mark.parametrize("share", [ALWAYS_SORTED, ALWAYS_SPREAD])
def test_phrases_agree_with_the_scan_on_every_pair_of_words(
    monkeypatch: pytest.MonkeyPatch, share: int
) -> None:
    monkeypatch.setattr(postings, "_SPARSE_SHARE", share)
    index = SearchIndex.build(library(400, seed=3))
    words = WordIndex.build(index)
    people = np.asarray(index.people_at)
    joined = ranking.Joined.build(index.hay)
    vocabulary = sorted({w for g in (0, 1) for w in words.words[g] if w.isalnum()})
    rng = random.Random(5)
    phrases = {
        f"{a[k:]} {b[:j]}"
        for a in vocabulary
        for b in rng.sample(vocabulary, 4)
        for k in (0, 1)
        for j in (1, 2, len(b))
        if a[k:] and b[:j]
    }
    phrases |= {"diffusion models the", "a b c", "of the", "le he", "mit", "google research"}
    checked = 0
    for phrase in sorted(phrases):
        fast = postings.phrase_keys(words, index.hay, people, phrase, len(index))
        if " " not in phrase:
            assert fast is None
            continue
        assert fast is not None, phrase
        slow = ranking.substring_search(index.hay, people, phrase, None, joined)
        assert fast[0].tolist() == slow[0].tolist(), phrase
        assert fast[1].tolist() == slow[1].tolist(), phrase
        checked += len(slow[0])
    assert checked > 1000


def test_phrases_need_an_ascii_haystack() -> None:
    index = SearchIndex.build(library(50, seed=1, accents=True))
    words = WordIndex.build(index)
    found = postings.phrase_keys(words, index.hay, np.asarray(index.people_at), "le he", 50)
    assert found is None  # the engine scans instead (test above: same results)
