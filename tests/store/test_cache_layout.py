"""Schema 11's layout: the source list is its own section after the header (a trusted warm
start never reads it), and the library's arrays are columns (checked with the section)."""

from __future__ import annotations

from pathlib import Path

import msgspec

from papertui.search.texts import Texts
from papertui.store import format as cache_format
from papertui.store import load, reader

from .test_cache import data  # noqa: F401  (the fixture)


def _layout(path: Path) -> tuple[bytearray, cache_format.Header, int]:
    raw = bytearray(path.read_bytes())
    lead = len(cache_format.MAGIC) + cache_format._LEN.size
    (size,) = cache_format._LEN.unpack_from(raw, len(cache_format.MAGIC))
    header = msgspec.msgpack.decode(bytes(raw[lead : lead + size]), type=cache_format.Header)
    return raw, header, lead + size


def test_the_source_list_follows_the_header_and_only_a_checked_load_reads_it(
    data: Path,  # noqa: F811
) -> None:
    expected = load.load_cached(data)
    path = cache_format.cache_path(data)
    raw, header, listed_at = _layout(path)
    assert header.key.sources == []  # not in the header itself
    listed = msgspec.msgpack.decode(
        bytes(raw[listed_at : listed_at + header.sources_size]), type=list[cache_format.Source]
    )
    key = cache_format.make_key(data, cache_format.scan_sources(data))
    assert listed == key.sources and len(listed) >= 5
    found = reader.read_header(bytes(raw))
    assert found is not None and found[0].key == key
    assert found[1] == listed_at + header.sources_size  # where the body starts

    # garbage of the same size in place of the list: a checked load misses, a quick
    # (trusting) load never looks at it and gives the same library
    raw[listed_at : listed_at + header.sources_size] = b"\xc1" * header.sources_size
    path.write_bytes(bytes(raw))
    assert reader.decode(path, key) is None
    quick = reader.decode_unverified(path, key)
    assert quick is not None
    library = quick[0].library
    assert list(library.papers) == list(expected.library.papers)
    assert library.papers["gamma"].title == expected.library.papers["gamma"].title
    assert dict(library.by_era) == dict(expected.library.by_era)
    assert dict(library.built_upon_by) == dict(expected.library.built_upon_by)


def test_the_ids_are_one_text_and_the_arrays_are_checked_columns(
    data: Path,  # noqa: F811
) -> None:
    expected = load.load_cached(data)
    path = cache_format.cache_path(data)
    key = cache_format.make_key(data, cache_format.scan_sources(data))
    found = reader.decode(path, key)
    assert found is not None
    ids = found.library.papers.ids  # type: ignore[attr-defined]
    assert isinstance(ids, Texts) and list(ids) == list(expected.library.papers)

    raw, header, listed_at = _layout(path)
    body_at = listed_at + header.sources_size
    body = msgspec.msgpack.decode(
        bytes(raw[body_at : body_at + header.body_size]), type=cache_format.Body
    )
    assert set(body.library_columns) == set(cache_format.LIBRARY_COLUMNS)
    start, _end = body.library_columns["crcs"]
    columns_at = body_at + header.body_size
    raw[columns_at + start] ^= 0xFF  # one byte of the record CRCs: the section's CRC fails
    path.write_bytes(bytes(raw))
    assert reader.decode(path, key) is None
    assert reader.decode_unverified(path, key) is None


def test_era_sizes_come_from_the_groups_without_making_their_tuples(
    data: Path,  # noqa: F811
) -> None:
    built = load.load_cached(data).library  # parsed: plain tuples
    cached = load.load_cached(data).library  # from the cache: LazyGroups
    groups = cached.by_era
    for era in cached.eras:
        expected = len(built.by_era.get(era.id, ()))
        assert cached.era_size(era.id) == built.era_size(era.id) == expected
    assert cached.era_size("no-such-era") == built.era_size("no-such-era") == 0
    assert groups._done == {}  # type: ignore[attr-defined]  # no tuple was made
