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


@pytest.mark.parametrize("extra", ["", "深度 学习 ü7"])  # ASCII haystacks, and UTF-8 ones
def test_the_bits_are_the_letters_and_digits_each_field_holds(extra: str) -> None:
    """Each paper's bit per letter and digit, for its authors and for its organisation,
    is set exactly when the field's normalised text holds that character."""
    papers = [
        Paper(
            id=f"p{i}",
            short=f"P{i}",
            title=f"Paper {i} zebra",  # letters in the title are no author's
            date="2020",
            era="all",
            authors=tuple(NAMES[(i * k) % 5] + (extra if k == 1 else "") for k in range(i % 3)),
            org=["Google", "Meta AI 9", "", "Université de Montréal", extra][i % 5],
        )
        for i in range(45)
    ]
    library = Library.build([Era("all", "All", 1990, None)], papers)
    engine = Engine(library)
    letters = FieldLetters.build(engine.index)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    ids = list(engine.index.ids)
    for row, paper_id in enumerate(ids):
        paper = library.papers[paper_id]
        for field, text in (("author", " ".join(paper.authors)), ("org", paper.org)):
            held = set(normalize(text))
            want = sum(1 << k for k, c in enumerate(alphabet) if c in held)
            assert int(letters.bits[field][row]) == want, (paper_id, field, text)


def test_a_background_search_waits_for_the_letters_instead_of_scanning(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search in a worker (one given ``stop``) uses the letter bits even before the
    warm-up made them: it builds them, or waits for the warm-up's build, once. A search
    on the UI thread (no ``stop``) never waits: it scans."""
    import threading
    import time

    builds: list[int] = []
    real = FieldLetters.build

    def slow_build(index: object) -> FieldLetters:
        builds.append(1)
        time.sleep(0.2)  # long enough for the second caller to arrive meanwhile
        return real(index)  # type: ignore[arg-type]

    monkeypatch.setattr(FieldLetters, "build", staticmethod(slow_build))
    scanned = Engine(library)
    want = list(scanned.run(View(query="author:h")).ids)
    assert scanned._facets.letters is None and not builds, "the UI thread's search scans"

    engine = Engine(library)
    warming = threading.Thread(target=engine.warm)
    warming.start()
    time.sleep(0.05)  # the warm-up is building the letters
    got = list(engine.run(View(query="author:h"), stop=lambda: False).ids)
    warming.join()
    assert got == want
    assert len(builds) == 1, "the search waited for the warm-up's letters"
    assert engine._facets.letters is not None

    alone = Engine(library)  # no warm-up at all: the background search builds them
    assert list(alone.run(View(query="org:g"), stop=lambda: False).ids) == list(
        scanned.run(View(query="org:g")).ids
    )
    assert alone._facets.letters is not None and len(builds) == 2
