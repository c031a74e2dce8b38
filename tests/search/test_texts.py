"""papertui.search.texts.Texts: many strings as one joined text plus offsets."""

from __future__ import annotations

import pickle
from array import array

import pytest

from papertui.search.texts import Texts


def test_texts_behave_like_the_list_they_were_built_from() -> None:
    items = ["alpha", "", "gamma delta", "é ü"]
    texts = Texts.of(items)
    assert len(texts) == 4
    assert list(texts) == items
    assert [texts[k] for k in range(4)] == items
    assert texts[-1] == "é ü" and texts[1:3] == ["", "gamma delta"]
    assert texts.pick([3, 0]) == ["é ü", "alpha"]
    assert texts == items and texts == tuple(items) and texts != items[:3]
    assert texts.text == "alpha\n\ngamma delta\né ü\n"
    with pytest.raises(IndexError):
        texts[4]


def test_texts_round_trip_through_bytes_and_pickle() -> None:
    texts = Texts.of(["x", "ünïcode", "z"])
    again = Texts.from_bytes(*texts.to_bytes())
    assert again == texts and list(again) == ["x", "ünïcode", "z"]
    assert pickle.loads(pickle.dumps(texts)) == texts
    text, starts = texts.to_bytes()
    assert Texts.from_bytes(memoryview(text), memoryview(starts)) == texts


def test_empty_texts_and_mismatched_offsets() -> None:
    assert list(Texts.of([])) == [] and len(Texts.of([])) == 0
    with pytest.raises(ValueError):
        Texts("abc\n", array("q", [0, 2]))  # does not end at the text's end
    with pytest.raises(ValueError):
        Texts.from_bytes(b"ab\n", array("q", [0, 5]).tobytes())


def test_ascii_bytes_are_the_cached_buffer_or_one_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    cached = Texts.of(["one", "two"])
    buffer = memoryview(cached.to_bytes()[0])
    again = Texts.from_bytes(buffer, cached.to_bytes()[1])
    assert again.ascii_bytes() is buffer  # the load cache's own bytes: no copy
    assert bytes(cached.ascii_bytes() or b"") == b"one\ntwo\n"
    assert cached.ascii_bytes() is cached.ascii_bytes()  # encoded once
    assert Texts.of(["naïve"]).ascii_bytes() is None  # offsets would not match bytes
    assert pickle.loads(pickle.dumps(again)).ascii_bytes() == b"one\ntwo\n"
    monkeypatch.setattr("papertui.search.texts.ENCODE_UP_TO", 4)
    view = Texts.of(["big", "text"]).ascii_bytes()  # the string's own characters: no copy
    assert isinstance(view, memoryview) and bytes(view) == b"big\ntext\n"
    monkeypatch.setattr("papertui.search.texts.ascii_view", lambda _text: None)  # no view here
    assert Texts.of(["big", "text"]).ascii_bytes() is None  # no second copy of a big text


@pytest.mark.parametrize("piece", [3, 1 << 16])
def test_pick_in_runs_equals_item_by_item(monkeypatch: pytest.MonkeyPatch, piece: int) -> None:
    monkeypatch.setattr("papertui.search.texts.PIECE", piece)
    items = [f"id-{k}" for k in range(2_000)] + ["", "x"] * 10
    texts = Texts.of(items)
    cases = [
        list(range(100, 1_500)),  # one run (an era's papers)
        [*range(0, 300), *range(700, 1_000), 1_999, *range(2_000, 2_020)],  # a few runs
        list(range(1_999, -1, -3)),  # scattered, backwards
        [5] * 300,  # the same item again
    ]
    for positions in cases:
        assert texts.pick(positions) == [items[p] for p in positions]
    with_newline = Texts("a\nb\n" * 300, array("q", range(0, 1_201, 4)))  # items "a\nb"
    assert with_newline.pick(range(300)) == ["a\nb"] * 300
