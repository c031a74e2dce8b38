"""A big ASCII text made a ``str`` without holding the GIL for the copy (Textual-free core).

``str(data, "utf-8")`` of the search haystacks read from the load cache (130 MB at a
million papers) holds the GIL for 55–60 ms, most of it page faults as the new string's
memory is first touched: when a changed library is swapped in, the UI thread waits that
long. :func:`ascii_text` makes the same string in two steps: CPython's ``PyUnicode_New``
allocates an ASCII string of the right length (nothing touched yet), then libc's
``memcpy``, called through :mod:`ctypes` (which releases the GIL around a foreign call),
fills it. That is the documented way to build a string in C ("fill it before it is
shared"): nobody else can see the string until it is returned. Whether the bytes are
ASCII is checked first with a numpy reduction, which releases the GIL too.

:func:`ascii_view` is the way back without a copy: a read-only view of an ASCII string's
characters (they are its ASCII bytes), for numpy to read; the view keeps the string alive.
So the haystacks need not be held twice, as a string and as the bytes they came from (130
MB more at a million papers).

Only CPython on a platform with a C library qualifies, and the string layout is checked
once on a small string before any big one is made; anywhere else (or for a text that is
not ASCII) the answer is ``None`` and the caller decodes the usual way.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Any

__all__ = ["FROM", "ascii_text", "ascii_view"]

FROM = 1 << 22  # bytes: shorter texts are decoded the usual way (a few ms at most)
_PROBE = b"papertui: ascii probe 0123456789"


@functools.cache
def _tools() -> tuple[Any, Any, int] | None:
    """``PyUnicode_New``, ``memcpy`` and where an ASCII string's characters start, once
    they are proven on a probe; ``None`` where this cannot work."""
    if sys.implementation.name != "cpython":
        return None
    try:
        new = ctypes.pythonapi.PyUnicode_New
        new.restype = ctypes.py_object
        new.argtypes = (ctypes.c_ssize_t, ctypes.c_uint32)
        copy = ctypes.CDLL(None).memcpy
        copy.restype = ctypes.c_void_p
        copy.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
    except (AttributeError, OSError):
        return None
    head = sys.getsizeof("") - 1  # a compact ASCII string: its header, then the characters
    probe = new(len(_PROBE), 127)
    if sys.getsizeof(probe) != head + len(_PROBE) + 1:
        return None  # not the layout this relies on: never write into it
    copy(id(probe) + head, _address(_PROBE), len(_PROBE))
    if probe != _PROBE.decode("ascii") or hash(probe) != hash(_PROBE.decode("ascii")):
        return None
    return new, copy, head


def _address(data: bytes) -> int | None:
    return ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value


def _is_ascii(data: bytes) -> bool:
    import numpy as np  # the engine imports it anyway; only big texts come here

    return not data or int(np.frombuffer(data, np.uint8).max()) < 0x80


def ascii_text(data: bytes) -> str | None:
    """``data.decode("ascii")`` with the GIL released while the characters are checked and
    copied, or ``None`` (not ASCII, or not possible here: decode it the usual way)."""
    tools = _tools()
    if tools is None or not isinstance(data, bytes) or not _is_ascii(data):
        return None
    new, copy, head = tools
    text = new(len(data), 127)
    if len(data):
        copy(id(text) + head, _address(data), len(data))
    made: str = text
    return made


def ascii_view(text: str) -> memoryview | None:
    """The characters of the ASCII string ``text`` as a read-only byte view (no copy; the
    view keeps ``text`` alive), or ``None`` (not ASCII, or not possible here)."""
    tools = _tools()
    if tools is None or not text.isascii() or type(text) is not str:
        return None
    if sys.getsizeof(text) != tools[2] + len(text) + 1:
        return None  # not a compact string: its characters are elsewhere
    chars = (ctypes.c_char * len(text)).from_address(id(text) + tools[2])
    chars._text = text  # type: ignore[attr-defined]  # the memory's owner lives with the view
    return memoryview(chars).cast("B").toreadonly()
