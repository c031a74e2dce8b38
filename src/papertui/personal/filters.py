"""The personal filters of the search box, resolved against the state (core).

``papertui.search.query`` parses ``is:read``, ``is:unread``, ``is:reading``,
``is:starred``, ``has:note`` and ``note:word`` into ``Query.personal`` as ``(key, value)``
pairs; :func:`restrict` turns them into the id sets the search engine restricts to
(``View.within`` / ``View.without``), so the engine never sees the state. Several personal
filters must all hold (AND), like the other field filters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from papertui.library.fold import normalize
from papertui.personal.entry import NOTED, Entries, Entry, entry_of

__all__ = ["Restriction", "restrict"]


@dataclass(frozen=True, slots=True)
class Restriction:
    """Papers allowed: in ``within`` (``None``: any) and not in ``without``."""

    within: frozenset[str] | None = None
    without: frozenset[str] = frozenset()


def _test(key: str, value: str, entry: Entry) -> bool:
    if key == "is":
        if value == "starred":
            return entry.starred
        return entry.status == value
    if key == "has":  # has:note
        return bool(entry.note.strip())
    needle = normalize(value)  # note:word
    return bool(needle) and needle in normalize(entry.note)


def restrict(filters: Sequence[tuple[str, str]], entries: Mapping[str, Entry]) -> Restriction:
    """The papers passing every filter. Papers with no entry are unread, unstarred and have
    no note, so ``is:unread`` is the one filter that passes them: it becomes ``without``
    (the papers known not to be unread) instead of a list of every other paper."""
    if not filters:
        return Restriction()
    if isinstance(entries, Entries):  # a state's: no Entry per paper
        return _restrict_codes(filters, entries.codes, entries.notes)
    default = Entry()
    passes_default = all(_test(k, v, default) for k, v in filters)
    if passes_default:  # only is:unread (possibly repeated)
        failing = frozenset(
            pid for pid, e in entries.items() if not all(_test(k, v, e) for k, v in filters)
        )
        return Restriction(without=failing)
    return Restriction(
        within=frozenset(
            pid for pid, e in entries.items() if all(_test(k, v, e) for k, v in filters)
        )
    )


def _restrict_codes(
    filters: Sequence[tuple[str, str]], codes: Mapping[str, int], notes: Mapping[str, str]
) -> Restriction:
    """:func:`restrict` over a state's compact columns: which of the 16 codes pass is
    decided once, then each paper is one set lookup; ``note:`` words walk the notes only."""
    plain = [(k, v) for k, v in filters if k != "note"]
    words = [v for k, v in filters if k == "note"]
    passing = {
        code
        for code in range(16)
        if code & 3 != 3  # three statuses: 0, 1, 2
        and all(_test(k, v, entry_of(code, "x" if code & NOTED else "")) for k, v in plain)
    }
    if words:
        return Restriction(
            within=frozenset(
                pid
                for pid, note in notes.items()
                if codes.get(pid) in passing
                and all(_test("note", word, Entry(note=note)) for word in words)
            )
        )
    if 0 in passing:  # papers with no entry pass (is:unread): list those that do not
        return Restriction(without=frozenset(pid for pid, c in codes.items() if c not in passing))
    return Restriction(within=frozenset(pid for pid, c in codes.items() if c in passing))
