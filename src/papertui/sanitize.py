"""Neutralise terminal-hostile characters in data text (Textual-free core).

Every string that comes from data passes through :func:`clean` at load time, so the
search index, the clipboard and exports never carry escape sequences; the UI's
``papertui.safetext`` helper applies it again before anything reaches the screen.

Rules (replace, never drop, so a strange title stays visibly strange):
- C0 controls (U+0000-U+001F) become their Control Pictures (U+2400-U+241F), e.g. ESC -> "␛";
  in multi-line text ``\\n`` is kept, and ``\\t`` becomes a space.
- DEL becomes "␡".
- C1 controls (U+0080-U+009F), bidi embedding/override/isolate controls and other
  invisible direction marks become a visible ``⟨U+XXXX⟩`` tag.
- U+2028/U+2029 (line/paragraph separators) become a newline (multi-line) or a space.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TAGGED = re.compile(f"[\u0080-\u009f{_BIDI}\ufeff]")
_C0 = re.compile("[\x00-\x1f\x7f\u2028\u2029]")
_NEEDS_WORK = re.compile(f"[\x00-\x1f\x7f-\u009f{_BIDI}\u2028\u2029\ufeff]")


def _tag(match: re.Match[str]) -> str:
    return f"\u27e8U+{ord(match.group()):04X}\u27e9"


def clean(text: str, *, multiline: bool = False) -> str:
    """Return ``text`` with every control, DEL, C1 and bidi control made visible and inert."""
    if not _NEEDS_WORK.search(text):
        return text

    def c0(match: re.Match[str]) -> str:
        ch = match.group()
        if ch in "\n\u2028\u2029":
            return "\n" if multiline else " "
        if ch == "\t" or (ch == "\r" and multiline):
            return " " if ch == "\t" else ""
        if ch == "\x7f":
            return "\u2421"
        return chr(0x2400 + ord(ch))

    return _C0.sub(c0, _TAGGED.sub(_tag, text))


def one_line(text: str) -> str:
    """:func:`clean` for single-line contexts: newlines become spaces, runs of spaces collapse."""
    return " ".join(clean(text).split())
