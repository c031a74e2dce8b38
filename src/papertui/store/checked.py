"""The columns section read back, one buffer per column, and checked (Textual-free core).

:mod:`papertui.store.reader` hands :class:`CheckedColumns` the section's place and digest and
the (not yet decoded) body, whose index and word index name the columns' places; it reads
each column into its own buffer and sums the section as it goes. The columns are unpacked
by :mod:`papertui.store.columns`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

import msgspec

from papertui.store.columns import Buffers, Span, Where
from papertui.store.format import Body, columns_hasher

__all__ = ["CheckedColumns", "spans_of"]


@functools.cache
def _layout_type() -> type[msgspec.Struct]:
    """:class:`~papertui.store.format.Body` with only the columns' places decoded: every
    other field is skipped (``msgspec.Raw``): ~10 ms at a million papers."""
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for field in msgspec.structs.fields(Body):
        kind: Any = Where if field.name.endswith("_columns") else msgspec.Raw
        if field.required:
            fields.append((field.name, kind))
        else:
            fields.append((field.name, kind, {} if kind is Where else msgspec.Raw()))
    return msgspec.defstruct("Layout", fields, array_like=True)


def spans_of(body: bytes | memoryview) -> list[Span] | None:
    """Where the body says the library's, index's and word index's columns lie, in order; ``None``
    if it does not decode."""
    try:
        layout = msgspec.msgpack.decode(body, type=_layout_type())
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    places: set[Span] = set()
    for name in ("library_columns", "index_columns", "words_columns"):
        places.update(getattr(layout, name).values())
    return sorted(places)


class CheckedColumns:
    """The columns section, read one column at a time and checked against its digest
    (:func:`~papertui.store.format.columns_hasher`, fed column by column). No copy of the
    whole section is made: each column gets its own buffer, so the index's text and number
    columns, once decoded or copied, are freed and only the word index's buffers stay (at a
    million papers: ~235 MB less resident than one section-sized buffer kept alive by the
    views into it). A big section is read and summed in a thread while the body is decoded:
    ``pread`` and the hasher release the GIL, and no buffer is ever zero-filled first (a
    450 MB ``bytearray`` held the GIL for ~0.28 s at a million papers, a stall of the UI
    while a changed library was loaded)."""

    def __init__(
        self,
        read: Callable[[int, int], bytes | memoryview],
        size: int,
        digest: int,
        body: bytes,
        thread: bool,
    ) -> None:
        self.expected = digest
        self.data: dict[Span, bytes | memoryview] | None = None
        self.thread: threading.Thread | None = None
        if not thread:
            self._load(read, size, body)
            return
        self.thread = threading.Thread(
            target=self._load, args=(read, size, body), name="papertui-columns", daemon=True
        )
        self.thread.start()

    def _load(self, read: Callable[[int, int], bytes | memoryview], size: int, body: bytes) -> None:
        spans = spans_of(body)
        if spans is None:
            return
        data: dict[Span, bytes | memoryview] = {}
        hasher, at = columns_hasher(), 0
        try:
            last = len(spans)
            for k, (start, end) in enumerate([*spans, (size, size)]):  # last: the section's end
                if not at <= start <= end <= size:
                    return  # overlapping, or outside the section: not a cache of ours
                for lo, hi, keep in ((at, start, False), (start, end, k < last)):
                    part = read(lo, hi - lo)  # a gap no column claims is summed, not kept
                    if len(part) != hi - lo:
                        return  # a short read: the file was cut
                    hasher.update(part)
                    if keep:
                        data[(lo, hi)] = part
                at = end
        except OSError:
            return
        if hasher.intdigest() == self.expected:
            self.data = data

    def valid(self) -> Buffers | None:
        """Every column once the digest is known to match (waits for it), else None."""
        if self.thread is not None:
            self.thread.join()
        return self.data
