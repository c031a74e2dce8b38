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


def test_a_view_of_an_ascii_string_is_its_bytes_without_a_copy() -> None:
    text = "".join(f"paper {k} | title\n" for k in range(1000))
    view = unlocked.ascii_view(text)
    assert view is not None and view.readonly
    assert bytes(view) == text.encode("ascii")
    owner = view.obj
    del text  # the view keeps the string alive
    assert bytes(view[:8]) == b"paper 0 " and view.obj is owner
    assert unlocked.ascii_view("naïve") is None


def test_big_texts_read_from_bytes_drop_the_buffer_and_view_themselves() -> None:
    items = [f"paper {k} | a title | someone" for k in range(200_000)]
    text, starts = Texts.of(items).to_bytes()
    texts = Texts.from_bytes(text, starts)
    data = texts.ascii_bytes()
    assert data is not None and data is not text  # not the cache's buffer, kept twice
    assert bytes(data) == text
    small = Texts.of(["abc", "de"])
    assert small.ascii_bytes() is not None and bytes(small.ascii_bytes() or b"") == b"abc\nde\n"
    assert Texts.of(["é"]).ascii_bytes() is None
