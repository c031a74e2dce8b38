"""The load cache's file format: key, header, body, columns, paper blob (Textual-free core).

When the cache is used and how a cold load is parsed: :mod:`papertui.store.load`.

Parsing YAML costs about 0.3 ms per paper here, so a big collection is parsed once and
the result (library *and* load problems) is stored in the user's cache directory as
msgpack (msgspec), then read back instead of the YAML while the sources are unchanged.

The file is ``<cache_dir>/library-<key>.msgpack``, ``<key>`` hashing the data folder's
absolute path (and the spelling it was given in, which problem messages use)::

    MAGIC | u32 header size | Header | sources | Body | columns | paper blob

The header holds the :class:`Key` (schema, papertui version, a fingerprint of the cached
types, the data folder) plus the sizes of the sources, body, columns and blob and the CRC-32
of the body and the XXH3-64 digest of the columns (hundreds of MB at a million papers:
XXH3 sums them ten times faster than CRC-32, which was a quarter of a warm start's read of
them). The key's ``(relative path, size, mtime_ns, inode, ctime_ns)`` list of
every source file (an edit that keeps the size and puts the mtime back still moves the
ctime, and an editor that saves by rename gives a new inode) is the *sources* section after
it: 60 MB at a million files, so a warm start that trusts the cache (and checks the folder
in the background) never reads or walks it, only skips it by its size. A cache is
trusted only if its key matches a fresh scan and the sizes and the CRCs check out; anything
else (stale, truncated, garbage, foreign version, a file added or removed) means the YAML
is parsed again and the cache rewritten atomically (temporary file + ``os.replace``). A
cache that cannot be written is skipped.

The body holds the eras, the ids (one text and its offsets, a
:class:`~papertui.search.texts.Texts`: a million id strings took 60 ms to decode, all
holding the GIL, and a full collection had to walk their list), the load problems and the
library's indexes as positions into the ids (so a warm load skips the sort). The search
engine's preprocessed :class:`~papertui.search.index.SearchIndex` and word index (seconds to
build at 100k; :func:`search_index` and :func:`search_words` hand them to the engine) are
raw buffers in the *columns* section, read into memory once (never memory-mapped: a file
cut under a running app must be a cache miss, not a ``SIGBUS``; :mod:`papertui.store.records`):
a warm start decodes the text columns once each (one ``str`` per column, not one per paper)
and views the number columns in place. Each paper is its own msgpack record in the blob,
read from the open file with ``os.pread`` and decoded (length- and CRC-checked) on first
access by :class:`~papertui.store.lazypapers.LazyPapers`: a warm start neither reads nor
builds the papers nobody looks at. A record that fails its check deletes the cache file
(the next start rebuilds it) and the papers are reloaded from the YAML.

How the cache is read back is :mod:`papertui.store.reader`; when it is used, and the GC
discipline of a load, :mod:`papertui.store.load`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import struct
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import msgspec
import xxhash

from papertui import __version__
from papertui.library.datafolder import LoadResult
from papertui.library.model import Era, Library, Link, Paper
from papertui.library.paths import cache_dir
from papertui.library.problems import Problem
from papertui.search.index import INDEX_VERSION, SearchIndex
from papertui.search.ranking import WORD_INDEX_VERSION, WordIndex
from papertui.search.texts import Texts
from papertui.store.columns import pack_index, pack_words, place
from papertui.store.lazypapers import pack_edges, pack_groups
from papertui.store.scan import Folder, Source, scan, scan_sources

SCHEMA = 12  # 9: sources carry inode and ctime; 10: and the header lists folder mtimes;
# 11: the source list is its own section after the header, the ids one text; 12: the
# columns are summed with XXH3-64, not CRC-32
MAGIC = b"papertui-cache\x00"
_LEN = struct.Struct("<I")
WORDS_FROM = 20_000  # smaller libraries build their word index in the engine's warm-up
# (milliseconds): decoding it here would import numpy (~0.1 s) before the first screen
DIGEST_THREAD_FROM = 1 << 22  # columns sections from 4 MiB are read and summed in a thread
_RECORD = msgspec.msgpack.Encoder().encode  # deterministic: a record is encoded twice
MAX_HEADER = 256 * 1024 * 1024  # the source list of a million files fits easily

Progress = Callable[[int, int], None]


class Key(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    """What a cache must match to be trusted."""

    schema: int
    version: str
    model: str
    data_dir: str
    sources: list[Source]


class Header(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    key: Key  # its sources are the section after the header (written as [] here)
    sources_size: int  # that section's size
    body_size: int
    body_crc: int  # zlib.crc32 of the body (each paper record has its own CRC)
    columns_size: int
    columns_digest: int  # columns_hasher()'s digest of the columns section
    blob_size: int
    folders: list[Folder] = []  # the folders scanned with the key (papertui.store.fresh)


class Body(msgspec.Struct, array_like=True):
    eras: list[Era]
    problems: list[Problem]
    era_keys: list[str]  # LazyGroups by era: the eras (starts and positions: columns)
    tag_keys: list[str]  # LazyGroups by tag: the tags
    # The library's arrays, in the columns section (read there with the GIL released; a
    # million papers' worth decoded from the body held it for 40 ms): LIBRARY_COLUMNS.
    library_columns: dict[str, tuple[int, int]]
    index: bytes = b""  # msgpack of the SearchIndex's small fields (b"": none)
    index_columns: dict[str, tuple[int, int]] = {}  # its buffers: start, end in columns
    index_print: str = ""  # index_fingerprint() it was written with
    words: bytes = b""  # msgpack of WordIndex.to_state()'s small entries (b"": none)
    words_columns: dict[str, tuple[int, int]] = {}  # its buffers
    words_print: str = ""  # words_fingerprint() it was written with
    tag_parents: dict[str, str] = {}  # the library's tag hierarchy (name -> parent name)


LIBRARY_COLUMNS = (
    *("ids", "id_starts"),  # the ids in library order, a Texts' to_bytes()
    "order",  # array("I"): positions of the ids in sorted order (for lookups)
    "offsets",  # array("Q"): where each paper's record starts and ends in the blob
    "crcs",  # array("I"): CRC-32 of each paper's record
    *("era_starts", "era_flat", "tag_starts", "tag_flat"),  # LazyGroups: "QI" each
    *("edge_keys", "edge_slot", "edge_starts", "edge_flat"),  # LazyEdges built_upon_by: "IiQI"
)

_LIBRARY_FIELDS = (
    *("eras", "papers", "by_era", "by_tag", "built_upon_by", "_era_index", "tag_parents"),
)


def model_fingerprint() -> str:
    """Changes whenever a cached type gains, loses or retypes a field."""
    return _fingerprint(Era, Link, Paper, Problem, Library)


def index_fingerprint() -> str:
    """Changes with the search index's shape; a mismatch drops only the cached index."""
    return _fingerprint(SearchIndex) + f"-{INDEX_VERSION}"


def words_fingerprint() -> str:
    """Changes with the word index's state format or the haystacks it is built from."""
    return f"{WORD_INDEX_VERSION}-{index_fingerprint()}"


def _fingerprint(*classes: type) -> str:
    parts = []
    for cls in classes:
        fields = ",".join(f"{f.name}:{f.type}" for f in dataclasses.fields(cls))
        parts.append(f"{cls.__name__}({fields})")
    return hashlib.blake2b(";".join(parts).encode(), digest_size=8).hexdigest()


def columns_hasher() -> xxhash.xxh3_64:
    """What sums the columns section, fed column by column (``update`` releases the GIL
    on big buffers: the reader sums a big section in a thread)."""
    return xxhash.xxh3_64()


def cache_path(data_dir: Path) -> Path:
    """Where the cache of ``data_dir`` lives (one file per data folder)."""
    key = f"{data_dir.resolve()}\x00{data_dir}"
    digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return cache_dir() / f"library-{digest}.msgpack"


def make_key(data_dir: Path, sources: list[Source]) -> Key:
    return Key(SCHEMA, __version__, model_fingerprint(), str(data_dir.resolve()), sources)


def _groups(
    groups: Mapping[str, Sequence[str]], where: dict[str, int]
) -> tuple[list[str], bytes, bytes]:
    keys, starts, flat = pack_groups(groups, where)
    return keys, starts.tobytes(), flat.tobytes()


def encode(
    result: LoadResult,
    key: Key,
    index: SearchIndex | None = None,
    words: WordIndex | None = None,
    folders: Sequence[Folder] = (),
) -> bytes:
    """The whole cache file for ``result`` (:func:`write_cache` writes it without ever
    holding it whole)."""
    return b"".join(sections(result, key, index, words, folders))


class Records(Protocol):
    """Paper records encoded already (:class:`papertui.store.spool.Spool`)."""

    def layout(self, papers: Sequence[Paper]) -> tuple[array[int], array[int]] | None: ...

    def chunks(self) -> Iterator[bytes]: ...


class PackedLibrary(msgspec.Struct):
    """The library's part of the cache: its body without the search indexes, its columns,
    the blob's size (a cold build packs it, then lets go of the papers: ``store.build``)."""

    body: Body
    columns: list[bytes | memoryview]
    count: int  # papers
    blob_size: int
    papers: list[Paper] | None  # None: the blob is the ``records`` packed with


def pack_library(result: LoadResult, records: Records | None = None) -> PackedLibrary:
    """``result``'s library for :func:`packed_sections`. ``records``: encoded already (by
    a cold build's workers), copied when they are the library's papers (else encoded)."""
    lib = result.library
    papers = list(lib.papers.values())
    ids = [p.id for p in papers]
    where = {pid: n for n, pid in enumerate(ids)}
    laid = records.layout(papers) if records is not None else None
    if laid is not None:
        offsets, crcs = laid
        total = offsets[-1]
    else:
        offsets, crcs, total = array("Q", [0]), array("I"), 0
        for paper in papers:
            data = _RECORD(paper)
            total += len(data)
            offsets.append(total)
            crcs.append(zlib.crc32(data))
    order = array("I", sorted(range(len(ids)), key=ids.__getitem__))
    era_keys, era_starts, era_flat = _groups(lib.by_era, where)
    tag_keys, tag_starts, tag_flat = _groups(lib.by_tag, where)
    edges = pack_edges(lib.built_upon_by, where, len(ids))
    del where
    columns: list[bytes | memoryview] = []  # a number column: a view of its array
    arrays = [*Texts.of(ids).to_bytes(), order.tobytes(), offsets.tobytes(), crcs.tobytes()]
    arrays += [era_starts, era_flat, tag_starts, tag_flat, *(a.tobytes() for a in edges)]
    body = Body(
        eras=list(lib.eras),
        problems=list(result.problems),
        era_keys=era_keys,
        tag_keys=tag_keys,
        library_columns=place(dict(zip(LIBRARY_COLUMNS, arrays, strict=True)), columns),
        tag_parents=dict(lib.tag_parents),
    )
    return PackedLibrary(body, columns, len(ids), total, None if laid is not None else papers)


def sections(
    result: LoadResult,
    key: Key,
    index: SearchIndex | None = None,
    words: WordIndex | None = None,
    folders: Sequence[Folder] = (),
    records: Records | None = None,
) -> Iterator[bytes | memoryview]:
    """The cache file's parts, in order: magic, header size, header, sources, body, each
    column, each paper record. Nothing is joined, and the paper records (the blob, half of
    the file) are encoded as they are written: a first pass only measures them.
    ``records``: as :func:`pack_library`."""
    yield from packed_sections(pack_library(result, records), key, index, words, folders, records)


def packed_sections(
    library: PackedLibrary,
    key: Key,
    index: SearchIndex | None = None,
    words: WordIndex | None = None,
    folders: Sequence[Folder] = (),
    records: Records | None = None,
    listed: Sequence[bytes] | None = None,
) -> Iterator[bytes | memoryview]:
    """:func:`sections` of a library packed already (which it leaves as it was: it may
    be written again). ``listed``: the sources section in pieces, the msgpack of the key's
    sources (then ``key.sources`` is not read); ``records``: those it was packed with."""
    body = msgspec.structs.replace(library.body)
    columns = list(library.columns)
    if index is not None and len(index) == library.count:
        with contextlib.suppress(TypeError):  # a field msgpack cannot hold: no cached index
            body.index, body.index_columns = pack_index(index, columns)
            body.index_print = index_fingerprint()
    if body.index and words is not None:
        with contextlib.suppress(TypeError):
            body.words, body.words_columns = pack_words(words, columns)
            body.words_print = words_fingerprint()
    packed = msgspec.msgpack.encode(body)
    del body
    digest = columns_hasher()
    for column in columns:
        digest.update(column)
    if listed is None:
        listed = [msgspec.msgpack.encode(key.sources)]
    header = Header(
        msgspec.structs.replace(key, sources=[]),
        sum(map(len, listed)),
        len(packed),
        zlib.crc32(packed),
        sum(map(len, columns)),
        digest.intdigest(),
        library.blob_size,
        list(folders),
    )
    head = msgspec.msgpack.encode(header)
    yield from (MAGIC, _LEN.pack(len(head)), head, *listed, packed)
    del listed, packed
    while columns:  # each one let go of as it is written
        yield columns.pop(0)
    if library.papers is None:
        if records is not None:
            yield from records.chunks()
        return
    for paper in library.papers:
        yield _RECORD(paper)


def write_cache(
    path: Path,
    result: LoadResult,
    key: Key,
    index: SearchIndex | None = None,
    words: WordIndex | None = None,
    folders: Sequence[Folder] = (),
    records: Records | None = None,
) -> bool:
    """Write the cache of ``result`` atomically, section by section (never the whole
    file in one buffer); False when it could not be written."""
    return write(path, sections(result, key, index, words, folders, records))


def write(path: Path, blob: bytes | Iterable[bytes | memoryview]) -> bool:
    """Write the cache (bytes, or its parts in order) atomically; False when it could not
    be written."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    parts = [blob] if isinstance(blob, bytes) else blob
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb", buffering=1 << 20) as fh:
            fh.writelines(parts)
        os.replace(tmp, path)
    except OSError:  # a cache we cannot write is simply not used
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True


__all__ = [
    "SCHEMA",
    "Folder",
    "Key",
    "PackedLibrary",
    "Progress",
    "Records",
    "Source",
    "cache_path",
    "encode",
    "make_key",
    "model_fingerprint",
    "pack_library",
    "packed_sections",
    "scan",
    "scan_sources",
    "sections",
    "write",
    "write_cache",
]
