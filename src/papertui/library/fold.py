"""Text folding: the one way papertui compares text (Textual-free core).

NFKD, drop combining marks, casefold, and spell a few Latin letters that do not decompose
the way people type them (:func:`fold`); then every run of non-alphanumerics becomes one space
(:func:`normalize`). So "Schölkopf" is found by "scholkopf", "GPT-2" by "gpt 2" or "gpt-2",
"Łukasz" by "lukasz", and "α-Net" stays apart from "β-Net". The search index, highlighting,
``papertui check``'s duplicate titles and the importers' matching all use these functions;
titles are compared through :func:`title_words` / :func:`title_key` (check and import alike).
:func:`fold_map` keeps the way back from folded to displayed text, for highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

NAME_SEP = "\x1e"  # joins a paper's authors in the index; survives normalize_many
_NON_ALNUM = re.compile(r"[\W_]+")


# Latin letters that NFKD does not decompose, spelled the way people type them.
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
_LATIN_TABLE = str.maketrans(_LATIN)


def fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, strip combining marks, casefold, and
    spell a few undecomposable Latin letters in ASCII ("Łukasz" -> "lukasz")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if len(decomposed) < 500:
        decomposed = "".join([c for c in decomposed if not unicodedata.combining(c)])
    else:
        marks = [c for c in set(decomposed) if unicodedata.combining(c)]
        if marks:
            decomposed = re.sub("[" + re.escape("".join(marks)) + "]", "", decomposed)
    folded = decomposed.casefold()
    return folded if folded.isascii() else folded.translate(_LATIN_TABLE)


def normalize(text: str) -> str:
    """:func:`fold`, then runs of non-alphanumerics become one space; stripped."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def title_words(title: str) -> str:
    """The words of a title as compared by ``papertui check`` and ``papertui import``:
    :func:`normalize`, with "+" read as "plus" (so "Command R+" and "Command R" stay apart).
    "XLM-RoBERTa: Cross-lingual" -> "xlm roberta cross lingual"; "α-Net" -> "α net"."""
    return normalize(title.replace("+", " plus "))


def title_key(title: str) -> str:
    """:func:`title_words` without spaces: what makes two titles or names "the same"
    ("XLM-RoBERTa" == "XLM Roberta" -> "xlmroberta"; "Łukasz" -> "lukasz"; "α-Net" and
    "β-Net" differ)."""
    return title_words(title).replace(" ", "")


_ASCII_PUNCT = bytes(
    c if c >= 0x80 or chr(c).isalnum() or c in (0, 0x1E) else 0x20 for c in range(256)
)  # for bytes.translate on UTF-8: ASCII non-alphanumerics (but NUL, NAME_SEP) -> space


def normalize_many(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]`` at C speed, through one joined string.

    NAME_SEP (``\\x1e``) survives, so pre-joined author lists keep their separators.
    """
    if not texts:
        return []
    big = "\x00".join(texts)
    if big.count("\x00") != len(texts) - 1:  # a NUL inside a text: the slow way
        return [normalize(t) for t in texts]
    data = big.encode("ascii").lower() if big.isascii() else _fold_big(big).encode("utf-8")
    text = data.translate(_ASCII_PUNCT).decode("utf-8")
    while "  " in text:
        text = text.replace("  ", " ")
    text = text.replace(" \x00", "\x00").replace("\x00 ", "\x00").strip(" ")
    return text.split("\x00")


def _fold_big(big: str) -> str:
    """:func:`fold` for a long text, also turning non-ASCII non-alphanumerics into spaces.

    ``str.replace`` per distinct character runs at memchr speed, unlike a regex or
    ``str.translate`` over a non-ASCII string.
    """
    folded = unicodedata.normalize("NFKD", big).casefold()
    for ch in set(folded):
        if ch.isascii() or (ch.isalnum() and ch not in _LATIN):
            continue
        if unicodedata.combining(ch):
            folded = folded.replace(ch, "")
        else:
            folded = folded.replace(ch, _LATIN.get(ch, " "))
    return folded


FOLD_MAP_CACHE = 8192


def prefold(texts: Iterable[str]) -> None:
    """Fold ``texts`` now (off the keystroke), so highlighting them later is a cache hit;
    only as many as the cache keeps."""
    for text, _ in zip(texts, range(FOLD_MAP_CACHE), strict=False):
        fold_map(text)


@lru_cache(maxsize=FOLD_MAP_CACHE)  # the rows on screen are highlighted on every keystroke
def fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """Fold ``text`` character by character, keeping the way back (cached: read-only).

    Returns ``(folded, starts, ends)``: ``folded[j]`` came from ``text[starts[j]:ends[j]]``.
    ``ends`` runs over any following characters that fold to nothing (combining marks), so
    a span mapped back never splits a base letter from its accent.
    """
    if text.isascii():  # most titles: one lower-case character for each, in C
        return text.lower(), list(range(len(text))), list(range(1, len(text) + 1))
    return fold_map_by_character(text)


def fold_map_by_character(text: str) -> tuple[str, list[int], list[int]]:
    """:func:`fold_map`, one character at a time (what it does for any text not ASCII)."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        out = ch.lower() if ch.isascii() else fold(ch)
        if not out:
            if ends:  # a combining mark: attach it to the previous output character(s)
                last = ends[-1]
                for j in range(len(ends) - 1, -1, -1):
                    if ends[j] != last:
                        break
                    ends[j] = i + 1
            continue
        parts.append(out)
        starts.extend([i] * len(out))
        ends.extend([i + 1] * len(out))
    return "".join(parts), starts, ends


__all__ = [
    "NAME_SEP",
    "fold",
    "fold_map",
    "fold_map_by_character",
    "normalize",
    "normalize_many",
    "prefold",
    "title_key",
    "title_words",
]
