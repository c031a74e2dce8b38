"""Neutralise terminal-hostile characters in data text (Textual-free core).

Every string that comes from data passes through :func:`clean` at load time, so the
search index, the clipboard and exports never carry escape sequences; the UI's
``papertui.tui.safetext`` helper applies it again before anything reaches the screen
(it is idempotent: ``clean(clean(s)) == clean(s)``).

Rules (replace, never drop, so a strange title stays visibly strange):

- C0 controls (U+0000-U+001F) become their Control Pictures (U+2400-U+241F), e.g.
  ESC -> "␛", NUL -> "␀", BEL -> "␇". In multi-line text ``\\n`` is kept and ``\\r\\n`` /
  a lone ``\\r`` become ``\\n``; in single-line text every line break becomes a space.
  ``\\t`` becomes a space.
- DEL becomes "␡".
- C1 controls (U+0080-U+009F, e.g. the 8-bit CSI U+009B and OSC U+009D), bidi embedding /
  override / isolate controls and invisible direction marks, deprecated format controls
  (U+206A-U+206F), interlinear annotation controls, the BOM / zero-width no-break space,
  the zero-width space (U+200B), word joiner (U+2060), soft hyphen (U+00AD),
  the non-characters U+FFFE/U+FFFF and lone surrogates (which cannot even be encoded as
  UTF-8) become a visible ``⟨U+XXXX⟩`` tag.
- U+2028/U+2029 (line/paragraph separators) become a newline (multi-line) or a space.

Everything else is kept: CJK, emoji with ZWJ (U+200D) and variation selectors,
combining marks, and printable text that merely *looks* like markup (``[bold]``,
``[@click=...]``): markup is neutralised by never parsing data as markup, not here.
"""

from __future__ import annotations

import io
import os
import re
from typing import TextIO

__all__ = ["CleanStream", "clean", "one_line"]

# Bidi embedding/override/isolate controls and invisible direction marks.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Other invisible format controls that have no business in a title or note, and the
# invisible characters that make two different strings look the same: the zero-width
# space, word joiner, Mongolian vowel separator and soft hyphen (ZWJ and ZWNJ are kept:
# emoji sequences and several scripts need them).
_FORMAT = "\u00ad\u180e\u200b\u2060\u206a-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff"
_SURROGATES = "\ud800-\udfff"
_TAGGED = re.compile(f"[\u0080-\u009f{_BIDI}{_FORMAT}{_SURROGATES}]")
_C0 = re.compile("\r\n|[\x00-\x1f\x7f\u2028\u2029]")
_NEEDS_WORK = re.compile(f"[\x00-\x1f\x7f-\u009f{_BIDI}{_FORMAT}{_SURROGATES}\u2028\u2029]")

_BREAKS = frozenset({"\n", "\r", "\r\n", "\u2028", "\u2029"})


def _tag(match: re.Match[str]) -> str:
    return f"\u27e8U+{ord(match.group()):04X}\u27e9"


def _c0_multiline(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _BREAKS:
        return "\n"
    return _c0_picture(ch)


def _c0_single_line(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _BREAKS:
        return " "
    return _c0_picture(ch)


def _c0_picture(ch: str) -> str:
    if ch == "\t":
        return " "
    if ch == "\x7f":
        return "\u2421"
    return chr(0x2400 + ord(ch))


def clean(text: str, *, multiline: bool = False) -> str:
    """Return ``text`` with every control, DEL, C1, bidi and format control made visible."""
    if not _NEEDS_WORK.search(text):
        return text
    tagged = _TAGGED.sub(_tag, text)
    return _C0.sub(_c0_multiline if multiline else _c0_single_line, tagged)


def one_line(text: str) -> str:
    """:func:`clean` for one-line contexts: line breaks become spaces, space runs collapse."""
    return " ".join(clean(text).split())


class CleanStream(io.TextIOBase):
    """A text stream for the command line that writes everything through :func:`clean`
    (multi-line): ``papertui check`` and ``papertui import`` print file names, YAML tags,
    BibTeX keys and parser messages through it, so no ESC, C1, BEL or bidi control reaches
    the terminal, whoever wrote the data.

    A reader that goes away (``papertui check | head``: ``BrokenPipeError``) ends the output
    quietly: later writes are dropped and the file descriptor is pointed at ``/dev/null``
    so the interpreter's exit-time flush cannot fail either. The command still finishes
    and returns its own exit status.
    """

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self._raw = raw
        self._gone = False

    @property
    def raw(self) -> TextIO:
        return self._raw

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._raw.isatty()

    def fileno(self) -> int:
        return self._raw.fileno()

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                self._raw.write(clean(text, multiline=True))
            except BrokenPipeError:
                self._closed_by_reader()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._raw.flush()
            except BrokenPipeError:
                self._closed_by_reader()

    def _closed_by_reader(self) -> None:
        self._gone = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._raw.fileno())
            os.close(devnull)
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
