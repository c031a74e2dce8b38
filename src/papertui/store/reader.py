"""Reading the load cache back: header, checks, lazy papers and the search columns
(Textual-free core). The file layout itself is :mod:`papertui.store.format`.

Anything that does not check out (foreign magic, a key that does not match, a size, a
checksum or a digest that is wrong, a record that fails to decode) is a cache miss:
``None``, and the load parses the YAML again. A paper record found damaged after
start-up (a flipped byte, or a file cut or emptied under the running app: nothing is
memory-mapped, so that is a short read, never a ``SIGBUS``; :mod:`papertui.store.records`)
deletes the file and asks ``reload`` for the papers from the YAML.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import zlib
from array import array
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import msgspec

from papertui.library.datafolder import (
    LoadResult,
)
from papertui.library.model import Library, Paper
from papertui.search.index import SearchIndex
from papertui.search.ranking import WordIndex
from papertui.search.texts import Texts
from papertui.store import format as fmt
from papertui.store import records
from papertui.store.checked import CheckedColumns
from papertui.store.columns import (
    Buffers,
    remember,
    unpack_index,
    unpack_words,
    views,
)
from papertui.store.lazypapers import (
    LazyEdges,
    LazyGroups,
    LazyPapers,
)

Reload = Callable[[], Mapping[str, Paper] | None]


def _arrays(codes: str, blobs: Sequence[bytes | memoryview]) -> list[array[int]]:
    out = []
    for code, blob in zip(codes, blobs, strict=True):
        values = array(code)
        values.frombytes(blob)
        out.append(values)
    return out


def _library(
    body: fmt.Body,
    columns: Buffers,
    blob: records.RecordFile | memoryview,
    path: Path,
    reload: Reload | None,
) -> Library:
    """The library from the body and its arrays in the columns section (each a short call
    into C: the UI thread waits on none of them for long, even at a million papers)."""
    cols = views(body.library_columns, columns)
    if set(cols) != set(fmt.LIBRARY_COLUMNS):
        raise ValueError("the library's columns are not all there")
    ids = Texts.from_bytes(cols["ids"], cols["id_starts"], keep_bytes=False)
    order, offsets, crcs = _arrays("IQI", (cols["order"], cols["offsets"], cols["crcs"]))

    def on_corrupt() -> Mapping[str, Paper] | None:
        _forget(path)
        return reload() if reload is not None else None

    papers = LazyPapers(ids, order, offsets, crcs, blob, on_corrupt=on_corrupt)
    names = tuple(f.name for f in dataclasses.fields(Library))
    if names != fmt._LIBRARY_FIELDS:  # the model changed shape: fall back to the slow build
        return Library.build(body.eras, papers.values(), body.tag_parents)

    def groups(keys: list[str], what: str) -> LazyGroups:
        starts, flat = _arrays("QI", (cols[f"{what}_starts"], cols[f"{what}_flat"]))
        return LazyGroups(ids, keys, starts, flat)

    edges = ("edge_keys", "edge_slot", "edge_starts", "edge_flat")
    keys, slot, starts, flat = _arrays("IiQI", [cols[name] for name in edges])
    fields: dict[str, Any] = {
        "eras": tuple(body.eras),
        "papers": papers,
        "by_era": groups(body.era_keys, "era"),
        "by_tag": groups(body.tag_keys, "tag"),
        "built_upon_by": LazyEdges(papers, keys, slot, starts, flat),
        "_era_index": MappingProxyType({era.id: era for era in body.eras}),
        "tag_parents": MappingProxyType(body.tag_parents),
    }
    return Library(**fields)


def read_header(data: bytes) -> tuple[fmt.Header, int] | None:
    """The header (its key with the source list) and the offset of the body, or ``None``
    if this is no cache of ours. ``data``: the file from its start, at least to the body."""
    view = memoryview(data)
    return header_from(lambda offset, n: view[offset : offset + n])


def header_from(read: Callable[[int, int], bytes | memoryview]) -> tuple[fmt.Header, int] | None:
    """:func:`read_header` of a file read through ``read(offset, size)`` (short at its end)."""
    start = len(fmt.MAGIC) + fmt._LEN.size
    prefix = bytes(read(0, start))
    if len(prefix) < start or not prefix.startswith(fmt.MAGIC):
        return None
    (size,) = fmt._LEN.unpack_from(prefix, len(fmt.MAGIC))
    if size > fmt.MAX_HEADER:
        return None
    try:
        header = msgspec.msgpack.decode(read(start, size), type=fmt.Header)
        listed = read(start + size, header.sources_size)
        if len(listed) != header.sources_size:
            return None
        header.key.sources = msgspec.msgpack.decode(listed, type=list[fmt.Source])
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    return header, start + size + header.sources_size


def _matches(key: fmt.Key, expected: fmt.Key) -> bool:
    """The same folder, format and model (the source lists are compared apart)."""
    return (key.schema, key.version, key.model, key.data_dir) == (
        expected.schema,
        expected.version,
        expected.model,
        expected.data_dir,
    )


class _Source:
    """The cache's bytes: an open file (read with ``pread``, see :mod:`papertui.store.records`)
    or a buffer in memory (a cache the build could not write and handed over instead)."""

    def __init__(self, fd: int | None, data: bytes | None = None) -> None:
        self.fd = fd
        self.data = memoryview(data if data is not None else b"")
        self.size = os.fstat(fd).st_size if fd is not None else len(self.data)

    def read(self, offset: int, size: int) -> bytes | memoryview:
        if self.fd is None:
            return self.data[offset : offset + size]
        return records.read_at(self.fd, size, offset)

    def blob(self, offset: int, size: int) -> records.RecordFile | memoryview:
        """The paper records: a :class:`RecordFile` keeps its own descriptor (a duplicate,
        sharing the lock) for as long as the papers live."""
        if self.fd is None:
            return self.data[offset : offset + size]
        return records.RecordFile(os.dup(self.fd), offset, size)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


Blob = records.RecordFile | memoryview


def _read(
    source: _Source, expected: fmt.Key, sources: bool = True
) -> tuple[bytes, CheckedColumns, Blob, int] | None:
    """fmt.Body, columns and paper blob of a cache that matches ``expected`` (its source
    list too unless ``sources`` is False: the quick warm start), and the body's CRC; a stale
    cache costs one small read. The body and the columns are read into memory (the columns
    summed in a thread when big); the paper records stay in the file until asked for."""
    lead = len(fmt.MAGIC) + fmt._LEN.size
    prefix = bytes(source.read(0, lead))
    if len(prefix) < lead or not prefix.startswith(fmt.MAGIC):
        return None
    (size,) = fmt._LEN.unpack_from(prefix, len(fmt.MAGIC))
    if size > fmt.MAX_HEADER:
        return None
    raw = bytes(source.read(lead, size))
    if len(raw) != size:
        return None
    try:
        header = msgspec.msgpack.decode(raw, type=fmt.Header)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    del raw
    if not _matches(header.key, expected):
        return None
    start = lead + size
    if sources:  # the quick warm start skips the list unread (60 MB at a million files)
        listed = source.read(start, header.sources_size)
        if len(listed) != header.sources_size:
            return None
        try:
            if msgspec.msgpack.decode(listed, type=list[fmt.Source]) != expected.sources:
                return None
        except (msgspec.DecodeError, msgspec.ValidationError):
            return None
        del listed
    start += header.sources_size
    body = bytes(source.read(start, header.body_size))
    end = start + header.body_size + header.columns_size + header.blob_size
    if len(body) != header.body_size or source.size != end:
        return None
    if zlib.crc32(body) != header.body_crc:
        return None
    at = start + header.body_size
    size = header.columns_size
    columns = CheckedColumns(
        lambda offset, n: source.read(at + offset, n),
        size,
        header.columns_digest,
        body,
        size >= fmt.DIGEST_THREAD_FROM,
    )
    blob = source.blob(at + header.columns_size, header.blob_size)
    return body, columns, blob, header.body_crc


def _forget(path: Path) -> None:
    """A damaged record was found: drop the cache so the next start rebuilds it."""
    with contextlib.suppress(OSError):
        path.unlink()


def decode(path: Path, expected: fmt.Key, reload: Reload | None = None) -> LoadResult | None:
    """The library cached at ``path`` for the sources ``expected``, or ``None`` (a miss).
    ``reload()`` gives the papers from the YAML should a record turn out damaged later."""
    found = decode_unverified(path, expected, reload, sources=True)
    return None if found is None else found[0]


def decode_unverified(
    path: Path, expected: fmt.Key, reload: Reload | None = None, *, sources: bool = False
) -> tuple[LoadResult, int] | None:
    """:func:`decode` trusting the cached source list (``sources`` False): the cache
    must only be of the same folder, format and model as ``expected``. Returns the body's
    CRC with it, which names this cache for :mod:`papertui.store.fresh`'s later check."""
    fd = records.open_cache(path)
    if fd is None:
        return None
    source = _Source(fd)
    try:
        found = _decode(source, path, expected, reload, sources)
        if found is not None:
            records.mark_used(fd)
        return found
    except OSError:
        return None
    finally:
        source.close()  # the columns are read by now; the records keep their own


def decode_bytes(
    data: bytes,
    path: Path,
    expected: fmt.Key,
    reload: Reload | None = None,
    *,
    sources: bool = True,
) -> LoadResult | None:
    """:func:`decode` for a cache held in memory (built, but not written to ``path``);
    ``sources`` False: as :func:`decode_unverified`."""
    found = _decode(_Source(None, data), path, expected, reload, sources)
    return None if found is None else found[0]


def _decode(
    source: _Source, path: Path, expected: fmt.Key, reload: Reload | None, sources: bool
) -> tuple[LoadResult, int] | None:
    found = _read(source, expected, sources)
    if found is None:
        return None
    packed, checked, blob, stamp = found
    found = None
    try:
        body = msgspec.msgpack.decode(packed, type=fmt.Body)
        del packed
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    finally:
        columns = checked.valid()
    if columns is None:
        return None  # a damaged columns section: rebuild
    try:
        result = LoadResult(_library(body, columns, blob, path, reload), tuple(body.problems))
    except (KeyError, IndexError, ValueError):
        return None
    index = _decode_index(body, columns, len(result.library))
    words = None
    if index is not None and len(index) >= fmt.WORDS_FROM:
        words = _decode_words(body, columns)
    remember(result.library, index, words)
    return result, stamp


def _decode_words(body: fmt.Body, columns: Buffers) -> WordIndex | None:
    if not body.words or body.words_print != fmt.words_fingerprint():
        return None  # the engine builds its own, lazily
    try:
        return unpack_words(body.words, body.words_columns, columns)
    except (msgspec.DecodeError, msgspec.ValidationError, KeyError, TypeError, ValueError):
        return None


def _decode_index(body: fmt.Body, columns: Buffers, n: int) -> SearchIndex | None:
    if not body.index or body.index_print != fmt.index_fingerprint():
        return None  # the engine builds its own
    try:
        index = unpack_index(body.index, body.index_columns, columns)
    except (msgspec.DecodeError, msgspec.ValidationError, IndexError, ValueError):
        return None
    return index if len(index) == n else None


__all__ = ["Reload", "decode", "decode_bytes", "decode_unverified", "header_from", "read_header"]
