"""papertui.search.unlocked: big ASCII texts made strings with the GIL released."""

from __future__ import annotations

import pytest

from papertui.search import unlocked
from papertui.search.texts import Texts


def test_an_ascii_text_is_the_same_string_as_decoding_it() -> None:
    data = b"attention is all you need | vaswani shazeer\n" * 1000
    made = unlocked.ascii_text(data)
    assert made is not None, "CPython on Linux: the released copy is available"
    expected = data.decode("ascii")
    assert made == expected
    assert hash(made) == hash(expected)
    assert made.isascii() and len(made) == len(expected)
    assert made.find("shazeer", 100) == expected.find("shazeer", 100)
    assert {made: 1}[expected] == 1


@pytest.mark.parametrize("data", [b"caf\xc3\xa9 au lait", b"\xff\xfe", b"tab\t\x80"])
def test_a_text_that_is_not_ascii_is_left_to_the_usual_decode(data: bytes) -> None:
    assert unlocked.ascii_text(data) is None


def test_the_empty_text_and_buffers_that_are_not_bytes() -> None:
    assert unlocked.ascii_text(b"") == ""
    assert unlocked.ascii_text(memoryview(b"abc")) is None  # type: ignore[arg-type]


def test_texts_from_bytes_uses_it_for_big_texts_only_and_agrees() -> None:
    items = [f"paper {k} | a title | someone" for k in range(200_000)]
    text, starts = Texts.of(items).to_bytes()
    assert len(text) >= unlocked.FROM
    big = Texts.from_bytes(text, starts)
    assert big == Texts.of(items) and big[123_456] == items[123_456]
    small = Texts.from_bytes(*Texts.of(["é", "b"]).to_bytes())
    assert list(small) == ["é", "b"]
