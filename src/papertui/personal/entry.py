"""What the user recorded about a paper: :class:`Entry`, and the compact code a state keeps
per paper id instead of one object each (the status's index in ``STATUSES``, plus
``STARRED`` and ``NOTED`` bits), so 10k rows load with one ``dict()`` over a cursor."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

__all__ = [
    "EMPTY",
    "NOTED",
    "STARRED",
    "STATUSES",
    "STATUS_MARKS",
    "Entries",
    "Entry",
    "code_of",
    "entry_of",
]

STATUSES = ("unread", "reading", "read")
STATUS_MARKS = {"unread": "\u00b7", "reading": "\u25d0", "read": "\u2713"}  # · ◐ ✓


class Entry(NamedTuple):
    """What the user recorded about one paper (built on demand from the compact columns)."""

    status: str = "unread"
    starred: bool = False
    note: str = ""

    @property
    def is_default(self) -> bool:
        return self.status == "unread" and not self.starred and not self.note


EMPTY = Entry()

# The compact column kept per paper id: the status's index in STATUSES, then flag bits.
STARRED = 4
NOTED = 8
CODES_SQL = (
    "SELECT id, (CASE status WHEN 'reading' THEN 1 WHEN 'read' THEN 2 ELSE 0 END)"
    " | (CASE WHEN starred != 0 THEN 4 ELSE 0 END) | (CASE WHEN note != '' THEN 8 ELSE 0 END)"
    " FROM papers"
)


def entry_of(code: int, note: str = "") -> Entry:
    return Entry(STATUSES[code & 3], bool(code & STARRED), note)


def code_of(entry: Entry) -> int:
    return STATUSES.index(entry.status) | (STARRED * entry.starred) | (NOTED * bool(entry.note))


class Entries(Mapping[str, Entry]):
    """``{paper id: Entry}`` over the compact columns; an Entry is built only when read."""

    __slots__ = ("_codes", "_notes")

    def __init__(self, codes: Mapping[str, int], notes: Mapping[str, str]) -> None:
        self._codes = codes
        self._notes = notes

    def __getitem__(self, paper_id: str) -> Entry:
        return entry_of(self._codes[paper_id], self._notes.get(paper_id, ""))

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._codes

    @property
    def codes(self) -> Mapping[str, int]:
        return self._codes

    @property
    def notes(self) -> Mapping[str, str]:
        return self._notes
