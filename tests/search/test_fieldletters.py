"""author:/org: values from the letter bits and the people postings agree with a scan."""

from __future__ import annotations

import pytest

from papertui.library.fold import normalize
from papertui.library.model import Era, Library, Paper
from papertui.search.engine import Engine, View
from papertui.search.fieldletters import FieldLetters

NAMES = ["Geoffrey Hinton", "Yann LeCun", "Łukasz Kaiser", "Ashish Vaswani", "Kaiming He 2"]


@pytest.fixture(scope="module")
def library() -> Library:
    papers = [
        Paper(
            id=f"p{i}",
            short=f"P{i}",
            title=f"Paper {i}",
            date="2020",
            era="all",
            authors=tuple(NAMES[(i * k) % 5] for k in range(i % 3)),
            org=["Google", "Meta AI", "", "Université de Montréal"][i % 4],
        )
        for i in range(60)
    ]
    return Library.build([Era("all", "All", 1990, None)], papers)


@pytest.mark.parametrize("field", ["author", "org"])
@pytest.mark.parametrize(
    "value", ["h", "K", "2", "e", "z", "l", "hin", "kai", "ogl", "montreal", "he 2", "n k", "ai"]
)
def test_field_filter_agrees_with_a_scan(library: Library, field: str, value: str) -> None:
    cold = Engine(library)  # no warm-up: the per-paper scan
    warm = Engine(library)
    warm.warm()
    query = f"{field}:{value}"
    assert list(warm.run(View(query=query)).ids) == list(cold.run(View(query=query)).ids)
    if " " in value:
        return  # names are joined by a separator in the index: the cold engine is the truth
    expected = [
        p.id
        for p in library
        if normalize(value) in normalize(" ".join(p.authors) if field == "author" else p.org)
    ]
    assert sorted(warm.run(View(query=query)).ids) == sorted(expected)


def test_answers_only_letters_and_digits() -> None:
    assert FieldLetters.answers("h") and FieldLetters.answers("7")
    assert not FieldLetters.answers("hi") and not FieldLetters.answers("é")
