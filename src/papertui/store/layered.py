"""The cache of a layered collection (``--data base --data mine``; Textual-free core).

Each folder keeps its own cache (:func:`papertui.store.load.load_cached`). Merging them
(:func:`papertui.library.layers.merge_layers`) reads every paper of every layer and the
merged library needs a search index of its own: about ten seconds at 100k papers. So the
merged result is cached too, with its search index and word index, in the same file
format, under a key made of every layer's key in order: a warm layered start decodes one
file, like a single folder, and a change in any layer (or in their order) is a miss.

The app's first paint trusts the layered cache without a look at the layers' sources
(:func:`load_layers_quick`) and checks it in the background, as for one folder
(:mod:`papertui.store.fresh`).

Which folder a paper came from is not stored: every paper records the file it was read
from, which lies under exactly one layer's ``papers/`` folder (:class:`FileOrigin`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from papertui.library.datafolder import PAPERS_DIR
from papertui.library.layers import Layered, merge_layers
from papertui.library.model import Library, Paper
from papertui.library.paths import cache_dir
from papertui.store.columns import build_index, build_words, remember
from papertui.store.format import Key, Progress, encode, make_key, scan_sources, write
from papertui.store.load import OnDamage, load_cached
from papertui.store.reader import decode, decode_unverified

LAYERS_PREFIX = "layers-"  # cache files of layered collections: layers-<digest>.msgpack


class FileOrigin(Mapping[str, int]):
    """Paper id -> index of the layer it came from, read off the paper's own file (the
    longest layer ``papers/`` folder it lies in), one paper at a time: asking about the
    paper on screen never decodes the other papers of a lazily loaded library."""

    def __init__(self, library: Library, folders: Sequence[Path]) -> None:
        self._papers = library.papers
        homes = [(f"{folder / PAPERS_DIR}{os.sep}", n) for n, folder in enumerate(folders)]
        self._homes = sorted(homes, key=lambda home: -len(home[0]))

    def __getitem__(self, paper_id: str) -> int:
        paper = self._papers.get(paper_id)
        if paper is not None:
            for prefix, index in self._homes:
                if paper.file.startswith(prefix):
                    return index
        raise KeyError(paper_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._papers)

    def __len__(self) -> int:
        return len(self._papers)


def layered_key(keys: Sequence[Key]) -> Key:
    """One key for the layers' keys, in order: every layer's sources, each path prefixed
    with its layer's position, so a file moved between layers is a change too."""
    first = keys[0]
    sources = [
        (f"{n}:{source[0]}", *source[1:]) for n, key in enumerate(keys) for source in key.sources
    ]
    folders = "\x00".join(key.data_dir for key in keys)
    return Key(first.schema, first.version, first.model, folders, sources)


def layered_cache_path(folders: Sequence[Path]) -> Path:
    """Where the merged cache of ``folders`` (in this order, as spelled) lives."""
    spelled = "\x00".join(f"{folder.resolve()}\x01{folder}" for folder in folders)
    digest = hashlib.blake2b(spelled.encode("utf-8", "surrogateescape"), digest_size=10)
    return cache_dir() / f"{LAYERS_PREFIX}{digest.hexdigest()}.msgpack"


def load_layers(
    folders: Sequence[Path], progress: Progress | None = None, on_damage: OnDamage | None = None
) -> Layered:
    """The layered collection of ``folders`` (earliest first): from its own cache when no
    layer changed, else each folder through its cache, merged, and the merge cached. One
    folder is exactly :func:`~papertui.store.load.load_cached`. ``on_damage``: as there."""
    folders = tuple(folders)
    if len(folders) == 1:
        return Layered(load_cached(folders[0], progress, on_damage), folders)
    key = layered_key([make_key(folder, scan_sources(folder)) for folder in folders])
    path = layered_cache_path(folders)
    cached = decode(path, key, reload=_reloader(folders, on_damage))
    if cached is not None:
        return Layered(cached, folders, FileOrigin(cached.library, folders))
    layered = _merge(folders, progress)
    library = layered.result.library
    index = build_index(library)
    words = build_words(index)
    remember(library, index, words)
    again = layered_key([make_key(folder, scan_sources(folder)) for folder in folders])
    if again == key:  # no layer changed while it was read
        write(path, encode(layered.result, key, index, words))
    return layered


def load_layers_quick(
    folders: Sequence[Path], progress: Progress | None = None, on_damage: OnDamage | None = None
) -> tuple[Layered, int | None]:
    """:func:`load_layers` for the app's first paint, as
    :func:`~papertui.store.load.load_quick` for one folder: the layered cache of these
    folders is used without stat-ing any layer's sources, and its stamp (body CRC) is
    returned with it for the background check (:mod:`papertui.store.fresh`); ``None``
    when the layers were loaded and checked as :func:`load_layers` does."""
    folders = tuple(folders)
    if len(folders) > 1 and all(folder.is_dir() for folder in folders):
        expected = layered_key([make_key(folder, []) for folder in folders])
        path = layered_cache_path(folders)
        found = decode_unverified(path, expected, _reloader(folders, on_damage))
        if found is not None:
            result, stamp = found
            return Layered(result, folders, FileOrigin(result.library, folders)), stamp
    return load_layers(folders, progress, on_damage), None


def _reloader(
    folders: tuple[Path, ...], on_damage: OnDamage | None
) -> Callable[[], Mapping[str, Paper] | None]:
    def reload() -> Mapping[str, Paper] | None:
        if on_damage is not None:
            on_damage()  # the caller reloads (the app: in the background)
            return None
        return _merge(folders, None).result.library.papers

    return reload


def _merge(folders: Sequence[Path], progress: Progress | None) -> Layered:
    return merge_layers([(folder, load_cached(folder, progress)) for folder in folders])


__all__ = [
    "LAYERS_PREFIX",
    "FileOrigin",
    "layered_cache_path",
    "layered_key",
    "load_layers",
    "load_layers_quick",
]
