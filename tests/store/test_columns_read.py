"""The columns section is read one column per buffer and checked as a whole (issue 22
item 5): a damaged or malformed section is a miss, and what the word index keeps is its
own columns, not views into a section-sized buffer (the index's columns are freed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.store import format as cache_format
from papertui.store import load
from papertui.store.checked import CheckedColumns, spans_of
from papertui.store.format import columns_hasher

from .test_cache import data  # noqa: F401  (the fixture)


def test_each_column_is_its_own_buffer_and_only_the_word_index_keeps_any(
    data: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cache_format, "WORDS_FROM", 0)  # the word index comes from the cache
    monkeypatch.setattr(cache_format, "DIGEST_THREAD_FROM", 0)  # and through the thread
    load.load_cached(data)
    warm = load.load_cached(data)
    words = load.search_words(warm.library)
    assert words is not None and load.search_index(warm.library) is not None
    kept = [v for v in words.raw.values() if isinstance(v, bytes | memoryview)]
    assert kept
    for buffer in kept:  # nothing bigger than the column itself stays alive
        view = memoryview(buffer)
        owner = view.obj if isinstance(buffer, memoryview) else buffer
        assert memoryview(owner).nbytes == view.nbytes


def _section(columns: list[bytes]) -> tuple[bytes, list[tuple[int, int]]]:
    spans, at = [], 0
    for column in columns:
        spans.append((at, at + len(column)))
        at += len(column)
    return b"".join(columns), spans


def _digest(section: bytes) -> int:
    hasher = columns_hasher()
    hasher.update(section)
    return hasher.intdigest()


def _checked(section: bytes, body: bytes, digest: int | None = None) -> CheckedColumns:
    expected = _digest(section) if digest is None else digest
    return CheckedColumns(
        lambda at, n: section[at : at + n], len(section), expected, body, thread=False
    )


def _body(where: dict[str, tuple[int, int]]) -> bytes:
    body = cache_format.Body([], [], [], [], {})
    body.index_columns = where
    return cache_format.msgspec.msgpack.encode(body)


def test_columns_are_checked_as_one_section_gaps_included() -> None:
    section, spans = _section([b"alpha", b"bravo-charlie", b"delta", b""])
    where = {"a": spans[0], "c": spans[2], "d": spans[3]}  # the middle column is no one's:
    body = _body(where)  # summed all the same; "d" is empty, at the very end
    assert spans_of(body) == [spans[0], spans[2], spans[3]]
    found = _checked(section, body).valid()
    assert found is not None and set(found) == {spans[0], spans[2], spans[3]}
    assert bytes(found[spans[2]]) == b"delta"
    damaged = section[:8] + b"X" + section[9:]  # a flipped byte in the gap
    assert _checked(damaged, body, _digest(section)).valid() is None


def test_overlapping_or_outlying_columns_are_a_miss() -> None:
    section, _spans = _section([b"0123456789"])
    assert _checked(section, _body({"a": (0, 6), "b": (4, 10)})).valid() is None
    assert _checked(section, _body({"a": (0, 11)})).valid() is None
    assert _checked(section, b"\xc1 not msgpack").valid() is None
