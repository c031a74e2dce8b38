"""Parse the search box: field filters plus free text.

Grammar (whitespace separates terms; ``"..."`` quotes a value or a phrase)::

    tag:X       the paper has tag X (repeatable: every tag must match, AND)
    era:X       the paper is in era X, given by id or name (repeatable: any of them, OR)
    author:X    X is part of one of the paper's author names (repeatable: AND)
    org:X       X is part of the paper's organisation (repeatable: AND)
    year:2017   year:2017..2020   year:2017..   year:..2020   (the last one given wins)
    anc:X       ancestors of paper X (what it builds on, at any depth); anc:X:2 within 2 steps
    desc:X      descendants of paper X (what builds on it); desc:X:2 within 2 steps
    is:read  is:unread  is:reading  is:starred  has:note  note:word   (personal, AND)
    text:X      X is in the paper's summary, why-it-matters or notes (repeatable: AND)

Free text splits letters from digits (``gpt4`` is ``gpt 4``, ``resnet50`` is
``resnet 50``), as the index splits names and titles (:func:`split_digits`), so ``gpt4``
finds GPT-4 and ``llama2`` Llama 2.

``anc:``/``desc:`` take the words after them up to the next ``key:`` filter as the paper
reference (``desc:attn is all year:2020..``), so free text goes before them; the engine
resolves the reference (see :mod:`papertui.search.lineagefilter`).

Keys are case-insensitive (``TAG:`` works). A value may be quoted: ``tag:"Language Models"``;
an unterminated quote runs to the end of the box, so a half-typed query still parses. A key
with an empty value (``tag:`` while typing) is ignored. Anything else, including unknown
``key:value`` words such as ``BERT:``, is free text; a lowercase unknown key with a value
(``foo:bar``) or close to a field (``autor:``) also adds a warning listing the fields.
A bad year never raises: it is reported in :attr:`Query.errors` as a readable message
and that filter is ignored.

The personal filters (``is:``, ``has:``, ``note:``) are only parsed here, into
:attr:`Query.personal`; the screen resolves them against the user's state
(:mod:`papertui.personal.filters`) and hands the engine the resulting id sets, so the
search stays free of the state.

How the values match is the engine's business (see :mod:`papertui.search.engine`); this module only
splits the text. It is part of the Textual-free core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches

__all__ = [
    "FIELD_KEYS",
    "PERSONAL_KEYS",
    "LineageTerm",
    "Query",
    "parse_query",
    "split_digits",
    "split_digits_many",
]

_DIGITS = re.compile(r"\d+")


def _is_letter(ch: str) -> bool:
    """What ``[^\\W\\d_]`` matches: a word character but a digit or ``_``."""
    return ch.isalnum() and not ch.isdecimal()


def _spaced(run: re.Match[str]) -> str:
    text, (start, end) = run.string, run.span()
    before = " " if start and _is_letter(text[start - 1]) else ""
    after = " " if end < len(text) and _is_letter(text[end]) else ""
    return f"{before}{run.group()}{after}"


def split_digits(text: str) -> str:
    """A space between a letter and a digit next to each other: "gpt4o" -> "gpt 4 o".
    Applied to the free text and to the index's names and titles alike (twice a paper in a
    cold build: runs of digits are found by a pattern that starts with one, which the
    regex engine scans for at C speed, instead of a look-behind tried at every character)."""
    return _DIGITS.sub(_spaced, text) if _DIGITS.search(text) else text


def split_digits_many(texts: list[str]) -> list[str]:
    """``[split_digits(t) for t in texts]`` in one pass over them joined (a NUL, which is
    no letter, keeps their edges apart)."""
    big = "\x00".join(texts)
    if big.count("\x00") != len(texts) - 1:  # a NUL inside a text: one by one
        return list(map(split_digits, texts))
    return split_digits(big).split("\x00") if texts else []


# -- personal filters (issue 13): resolved against the state by the screen ---------------
PERSONAL_KEYS = ("is", "has", "note")
IS_VALUES = ("read", "unread", "reading", "starred")
HAS_VALUES = ("note",)


def _personal(key: str, value: str) -> tuple[str, str] | str:
    """``(key, value)`` for a personal filter, or an error message."""
    if key == "note":
        return key, value
    allowed = IS_VALUES if key == "is" else HAS_VALUES
    word = value.casefold()
    if word in allowed:
        return key, word
    return f"{key}:{value} is not a filter (use {', '.join(f'{key}:{v}' for v in allowed)})"


# -- end of personal filters --------------------------------------------------------------


FIELD_KEYS = ("tag", "era", "author", "org", "year", "anc", "desc", "text", *PERSONAL_KEYS)
_LINEAGE_KEYS = {"anc": "up", "desc": "down"}
_DEPTH = re.compile(r"^(?P<ref>.*?)\s*:(?P<depth>\d{1,3})$")


@dataclass(frozen=True, slots=True)
class LineageTerm:
    """``anc:X`` (``up``) or ``desc:X`` (``down``), with an optional depth (``desc:X:2``)."""

    direction: str
    ref: str
    depth: int | None = None

    @property
    def shown(self) -> str:
        key = "anc" if self.direction == "up" else "desc"
        return f"{key}:{self.ref}" + (f":{self.depth}" if self.depth is not None else "")


# One term: optional ``key:`` then a quoted value (maybe unterminated) or a bare word.
_TERM = re.compile(
    r"""
    (?:(?P<key>[A-Za-z]+):)?
    (?:
        "(?P<quoted>[^"]*)(?:"|$)
      | (?P<bare>[^\s"]*)
    )
    """,
    re.VERBOSE,
)
_YEAR = re.compile(r"\d{1,4}")


@dataclass(frozen=True, slots=True)
class Query:
    text: str = ""  # free text left after field filters are removed
    tags: tuple[str, ...] = ()  # tag:x (repeatable, AND)
    eras: tuple[str, ...] = ()  # era:x (matches era id or name; several = any of them)
    authors: tuple[str, ...] = ()  # author:x
    orgs: tuple[str, ...] = ()  # org:x
    year_min: int | None = None  # year:2017 or year:2017..2020 (open ends allowed)
    year_max: int | None = None
    errors: tuple[str, ...] = ()  # human-readable problems, e.g. "year:abc is not a year"
    lineage: tuple[LineageTerm, ...] = ()  # anc:X / desc:X (every one must hold, AND)
    personal: tuple[tuple[str, str], ...] = ()  # ("is", "read"), ("note", "word")... (AND)
    texts: tuple[str, ...] = ()  # text:x, in the summaries (resolved by the screen, AND)

    @property
    def has_filters(self) -> bool:
        """True when any field filter (not the free text) is active."""
        return bool(
            self.tags
            or self.eras
            or self.authors
            or self.orgs
            or self.year_min is not None
            or self.year_max is not None
            or bool(self.lineage)
            or bool(self.personal)
            or bool(self.texts)
        )

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.has_filters


def _parse_year(value: str) -> tuple[int | None, int | None] | str:
    """``(min, max)`` for a year value, or an error message."""
    shown = f"year:{value}"
    if ".." in value:
        low_text, _, high_text = value.partition("..")
        if not low_text and not high_text:
            return f"{shown} needs a year on at least one side of '..'"
        bounds: list[int | None] = []
        for part in (low_text, high_text):
            if not part:
                bounds.append(None)
            elif _YEAR.fullmatch(part):
                bounds.append(int(part))
            else:
                return f"{shown}: {part!r} is not a year (use year:2017 or year:2017..2020)"
        low, high = bounds
        if low is not None and high is not None and low > high:
            return f"{shown} is an empty range ({low} is after {high})"
        return low, high
    if _YEAR.fullmatch(value):
        year = int(value)
        return year, year
    return f"{shown} is not a year (use year:2017 or year:2017..2020)"


def _unknown_field(key: str, value: str) -> str | None:
    """A warning for ``key:value`` with an unknown lowercase key, unless it is a URL
    (``http://``) or a short name's colon (``BERT:``, no value, unlike any field)."""
    close = get_close_matches(key.lower(), FIELD_KEYS, n=1, cutoff=0.6)
    if not key.islower() or value.startswith("/") or (not value and not close):
        return None
    fields = ", ".join(f"{name}:" for name in FIELD_KEYS)
    hint = f"did you mean {close[0]}:? " if close else ""
    return f"{key}: is not a field; {hint}fields are {fields}"


def parse_query(raw: str) -> Query:
    """Split ``raw`` into field filters and free text. Never raises."""
    fields: dict[str, list[str]] = {"tag": [], "era": [], "author": [], "org": [], "text": []}
    words: list[str] = []
    errors: list[str] = []
    year_min: int | None = None
    year_max: int | None = None
    lineage: list[LineageTerm] = []
    personal: list[tuple[str, str]] = []
    pos, end = 0, len(raw)
    while pos < end:
        if raw[pos].isspace():
            pos += 1
            continue
        match = _TERM.match(raw, pos)
        assert match is not None  # the pattern can match the empty string
        if match.end() == pos:  # a lone '"' or similar: take one character as text
            words.append(raw[pos])
            pos += 1
            continue
        pos = match.end()
        key = (match.group("key") or "").lower()
        quoted = match.group("quoted")
        value = (quoted if quoted is not None else match.group("bare") or "").strip()
        if key and key not in FIELD_KEYS:
            # Not a filter ("BERT:" or "http://x"): keep the whole term as free text, and
            # say so when it looks like a mistyped field ("autor:x", "foo:bar", "autor:").
            text = match.group(0).replace('"', " ").strip()
            if text:
                words.append(text)
            if (warning := _unknown_field(match.group("key"), value)) is not None:
                errors.append(warning)
            continue
        if not key:
            if value:
                words.append(value)
            continue
        if not value:
            continue  # "tag:" while typing: nothing to filter on yet
        if key in _LINEAGE_KEYS:
            pos, term = _lineage_term(raw, pos, _LINEAGE_KEYS[key], value)
            if term.ref:
                lineage.append(term)
            continue
        if key == "year":
            parsed = _parse_year(value)
            if isinstance(parsed, str):
                errors.append(parsed)
            else:
                year_min, year_max = parsed
            continue
        if key in PERSONAL_KEYS:
            found = _personal(key, " ".join(value.split()))
            if isinstance(found, str):
                errors.append(found)
            else:
                personal.append(found)
            continue
        fields[key].append(" ".join(value.split()))
    return Query(
        text=" ".join(split_digits(" ".join(words)).split()),
        tags=tuple(fields["tag"]),
        eras=tuple(fields["era"]),
        authors=tuple(fields["author"]),
        orgs=tuple(fields["org"]),
        year_min=year_min,
        year_max=year_max,
        errors=tuple(errors),
        lineage=tuple(lineage),
        personal=tuple(personal),
        texts=tuple(fields["text"]),
    )


def _lineage_term(raw: str, pos: int, direction: str, value: str) -> tuple[int, LineageTerm]:
    """The reference of ``anc:``/``desc:``: ``value`` plus the plain words after it, up to
    the next field filter; a trailing ``:N`` is the depth."""
    words = [value]
    while True:
        rest = pos
        while rest < len(raw) and raw[rest].isspace():
            rest += 1
        match = _TERM.match(raw, rest)
        if rest >= len(raw) or match is None or match.end() == rest:
            break
        if (match.group("key") or "").lower() in FIELD_KEYS or match.group("quoted") is not None:
            break
        words.append(match.group(0))
        pos = match.end()
    ref = " ".join(" ".join(words).split())
    depth: int | None = None
    found = _DEPTH.match(ref)
    if found:
        ref, depth = found.group("ref"), int(found.group("depth"))
    return pos, LineageTerm(direction, ref, depth)
