"""Which existing paper an imported one refers to (core, no Textual; used by
:mod:`papertui.importers.merge`, whose docstring gives the rules).

Every rule is a dictionary look-up, so an import costs the same per row into a folder of
100 papers or of 100,000: the arXiv id and the normalised names are keys; the fuzzy title
rule compares only the titles that share one of the imported title's two rarest words
(:meth:`Matcher.candidates`), never the whole folder. A title similar enough to pass the
92 cut-off shares nearly all its words, so only a title with a typo in both of its
rarest words can be missed, and the exact rules still find it by name or arXiv id.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process

from papertui.importers.base import ImportedPaper
from papertui.importers.folder import Record
from papertui.library.checks import author_key
from papertui.library.fold import title_key, title_words

TITLE_THRESHOLD = 92.0
REPRINT_YEARS = 3  # same title and first author (or no authors) this many years apart
MIN_TITLE_WORDS = 3  # a title alone is evidence only when it says more than "Dynamic programming"
CANDIDATES = 2_000  # a posting list this long is intersected with the next, not scanned
_NUMBER = re.compile(r"\d+")


def year_of(date: Any) -> int | None:
    text = str(date or "")
    return int(text[:4]) if text[:4].isdigit() else None


def links_of(fields: dict[str, Any]) -> dict[str, Any]:
    links = fields.get("links")
    return links if isinstance(links, dict) else {}


def arxiv_of(record: Record) -> str:
    return str(links_of(record.fields).get("arxiv") or "")


def _same_first_author(paper: ImportedPaper, record: Record) -> bool:
    authors = record.fields.get("authors")
    if not paper.authors or not isinstance(authors, list) or not authors:
        return False
    mine, theirs = author_key(paper.authors[0]), author_key(str(authors[0]))
    if mine is None or theirs is None:
        return False  # initials only or a team: the last names must then agree exactly
    return mine[1] == theirs[1] and mine[0][:1] == theirs[0][:1]


def _title_prefix(title: str) -> str:
    head, sep, _ = title.partition(":")
    return head if sep else ""


def _no_authors(paper: ImportedPaper, record: Record) -> bool:
    return not paper.authors or not record.fields.get("authors")


class Matcher:
    """Finds the existing record an imported paper refers to; learns new records as added.

    After :meth:`find`, :attr:`reprint` holds a line for the report when the match rests on
    the title alone (same full title, no authors on one side to compare, 2 to
    :data:`REPRINT_YEARS` years apart): the user is asked to confirm it."""

    def __init__(self, records: list[Record]) -> None:
        self.by_arxiv: dict[str, Record] = {}
        self.by_key: dict[str, list[Record]] = {}
        self.by_title: dict[str, list[Record]] = {}  # title_key of the full title
        self.titles: list[tuple[str, Record]] = []
        self.by_word: dict[str, set[int]] = {}  # title word -> indexes into titles
        self._known: set[tuple[int, str]] = set()  # (id(record), title words) learned
        self.reprint = ""
        for record in records:
            self.learn(record)

    def learn(self, record: Record) -> None:
        fields = record.fields
        arxiv = str(links_of(fields).get("arxiv") or "")
        if arxiv:
            known = self.by_arxiv.setdefault(arxiv, record)
            if known.fields.get("part_of") and not fields.get("part_of"):
                self.by_arxiv[arxiv] = record  # the whole document, not one of its parts
        title = str(fields.get("title") or "")
        for name in (str(fields.get("short") or ""), title, _title_prefix(title)):
            key = title_key(name)
            if key and record not in self.by_key.setdefault(key, []):
                self.by_key[key].append(record)
        words = title_words(title)
        if not words or (id(record), words) in self._known:
            return
        self._known.add((id(record), words))
        self.by_title.setdefault(words.replace(" ", ""), []).append(record)
        index = len(self.titles)
        self.titles.append((words, record))
        for word in set(words.split()):
            self.by_word.setdefault(word, set()).add(index)

    def _compatible(self, paper: ImportedPaper, record: Record, *, same_title: bool) -> bool:
        arxiv = arxiv_of(record)
        if paper.arxiv and arxiv and paper.arxiv != arxiv:
            return False
        mine, theirs = year_of(paper.date), year_of(record.fields.get("date"))
        if mine is None or theirs is None or abs(mine - theirs) <= 1:
            return True
        if abs(mine - theirs) > REPRINT_YEARS:
            return False
        # a reprint or journal version: same first author, a few years apart
        if _same_first_author(paper, record):
            return True
        if same_title and _no_authors(paper, record):
            self.reprint = (
                f"merged by its title alone ({mine} here, {theirs} in the folder; no authors "
                "to compare): a reprint or journal version? look at it"
            )
            return True
        return False

    def candidates(self, words: str) -> list[int]:
        """Indexes of the titles sharing one of ``words``' two rarest words (see module)."""
        postings = sorted(
            (self.by_word[w] for w in set(words.split()) if w in self.by_word), key=len
        )
        if not postings:
            return []
        found = set(postings[0])
        if len(found) > CANDIDATES:  # only common words: the titles holding all of them
            for more in postings[1:]:
                found &= more
                if len(found) <= CANDIDATES:
                    break
        elif len(postings) > 1 and len(postings[1]) <= CANDIDATES:
            found |= postings[1]
        return sorted(found)

    def find(self, paper: ImportedPaper) -> Record | None:
        self.reprint = ""
        if paper.arxiv and paper.arxiv in self.by_arxiv:
            return self.by_arxiv[paper.arxiv]
        full = title_words(paper.title) if paper.title else ""
        if len(full.split()) >= MIN_TITLE_WORDS:
            for record in self.by_title.get(full.replace(" ", ""), []):
                if self._compatible(paper, record, same_title=True):
                    return record
        self.reprint = ""
        for name in (paper.short, paper.title):
            for record in self.by_key.get(title_key(name), []) if name else []:
                if self._compatible(paper, record, same_title=False):
                    return record
        if not full:
            return None
        numbers = _NUMBER.findall(full)
        indexes = self.candidates(full)
        choices = [self.titles[i][0] for i in indexes]
        scores: dict[int, float] = {}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):  # C-level scans, cut off at 92
            for _, score, at in process.extract(
                full, choices, scorer=scorer, score_cutoff=TITLE_THRESHOLD, limit=None
            ):
                scores[indexes[at]] = max(score, scores.get(indexes[at], 0.0))
        best: tuple[float, Record] | None = None
        for index, score in scores.items():
            theirs, record = self.titles[index]
            if _NUMBER.findall(theirs) != numbers:
                continue
            if not self._compatible(paper, record, same_title=False):
                continue
            if best is None or score > best[0]:
                best = (score, record)
        return best[1] if best else None
