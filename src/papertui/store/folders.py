"""The data folders a command reads, checked, loaded and layered (Textual-free core).

Every command that reads papers (the app, ``search``, ``show``, ``stats``, ``lineage``,
``path``, ``export``, ``state``, ``serve`` and shell completion) goes through
:func:`open_folders`, so ``--data base --data mine`` (or ``data = [...]`` in the config
file) means the same layered collection everywhere; :func:`engine_for` gives the search
engine over the index cached with it, as the app's list uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.library.layers import Layered
from papertui.library.paths import resolve_data_dir, unusable

if TYPE_CHECKING:
    from papertui.library.model import Library
    from papertui.search.engine import Engine

Data = str | Sequence[str] | None  # one folder, several (layered, earliest first), or default


class FolderError(Exception):
    """A data folder that cannot be read: the message names it, in one clean line."""


def data_folders(data: Data) -> list[Path]:
    """The folders ``data`` names, earliest first; none means the default folder
    (``$PAPERTUI_DATA``, else the bundled papers)."""
    if isinstance(data, str):
        data = [data]
    named = [value for value in data or () if value]
    return [resolve_data_dir(value) for value in named] or [resolve_data_dir(None)]


def checked_folders(data: Data) -> list[Path]:
    """:func:`data_folders`, each one readable, else :class:`FolderError` for the first
    that is not."""
    folders = data_folders(data)
    for folder in folders:
        problem = unusable(folder)
        if problem is not None:
            raise FolderError(problem)
    return folders


def open_folders(data: Data) -> Layered:
    """The papers of every folder ``data`` names, layered (through each folder's cache,
    and the layered collection's own; :func:`papertui.store.load.load_layers`)."""
    from papertui.store.layered import load_layers

    return load_layers(checked_folders(data))


def engine_for(library: Library) -> Engine:
    """The search engine over ``library``, on the search index and word index loaded (or
    built) with it, as the app's list and every command use it."""
    from papertui.search.engine import Engine
    from papertui.store.columns import search_index, search_words

    return Engine(library, index=search_index(library), words=search_words(library))


__all__ = [
    "Data",
    "FolderError",
    "checked_folders",
    "data_folders",
    "engine_for",
    "open_folders",
]
