"""Merge imported papers into a data folder without silently overwriting curated fields.

Matching, in order (the first hit wins):
1. same arXiv id (versions ignored);
2. same short name: the imported name equals an existing paper's short name, title, or the
   part of its title before a colon (compared by :func:`papertui.library.fold.title_key`, as
   ``papertui check`` compares titles: "XLM-RoBERTa" == "XLM Roberta", "α-Net" != "β-Net");
3. similar title: rapidfuzz ``ratio``/``token_sort_ratio`` >= 92 on normalised titles,
   and the numbers in both titles equal (so "GPT-3" never matches "GPT-4").
Rules 2 and 3 never pair papers whose arXiv ids differ or whose years are more than one apart,
unless the first authors agree (same last name and first initial once folded): then up to
:data:`~papertui.importers.matching.REPRINT_YEARS` apart is one paper (a reprint, a journal
version). The same full title (three words or more) with no authors on one side to compare
is also one paper up to that many years apart, and the report asks the user to confirm it
("merged by its title alone"). Every rule is a look-up (:mod:`papertui.importers.matching`),
so matching costs the same per row in a folder of any size.

On a match, fields the existing paper leaves empty are filled; a non-empty field is kept,
and when the imported value differs a "kept existing" line says so. One exception, also
reported: a title that merely repeats the short name (what a name-only table row gets) is
replaced by an imported full title. Tags and ``sources``
are unions (the import's source id is added); the note goes under the source id unless
that note exists already. A paper that matches nothing becomes ``papers/<slug>.yaml``
(slug from the short name, made unique with -2, -3...), in the era chosen by
:meth:`DataFolder.era_for`. A new paper needs a date; undated rows that match nothing are
reported and skipped. Importing the same document twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from papertui.importers.base import ImportedPaper, slugify
from papertui.importers.folder import DataFolder
from papertui.importers.matching import Matcher, arxiv_of, links_of, year_of
from papertui.importers.subject import SubjectProfile
from papertui.importers.vocab import Spelling
from papertui.library.fields import OTHER_LINKS
from papertui.library.fold import title_key, title_words
from papertui.library.ids import date_from_arxiv
from papertui.library.schema import is_web_url


@dataclass(slots=True)
class MergeReport:
    parsed: int = 0
    new: list[str] = field(default_factory=list)  # ids of papers added
    merged: list[str] = field(default_factory=list)  # ids of existing papers matched
    changed: list[str] = field(default_factory=list)  # ids whose file content changed
    kept: list[str] = field(default_factory=list)  # "kept existing" lines
    replaced: list[str] = field(default_factory=list)  # placeholder titles replaced
    skipped: list[str] = field(default_factory=list)  # papers that could not be added
    by_date: list[str] = field(default_factory=list)  # new papers whose era is by date only
    eras: dict[str, str] = field(default_factory=dict)  # new paper id -> its era id
    rows: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, action, what, why
    refused: list[str] = field(default_factory=list)  # imported values left out (bad URLs)
    vocabulary: list[str] = field(default_factory=list)  # tags / orgs not in the vocabulary
    reprints: list[str] = field(default_factory=list)  # merged by the title alone: confirm
    respelled: list[str] = field(default_factory=list)  # authors in the folder's spelling


def _same(field_name: str, old: Any, new: Any) -> bool:
    if field_name in ("title", "short"):
        return title_words(str(old)) == title_words(str(new))
    if field_name == "date":
        a, b = str(old), str(new)
        return a.startswith(b) or b.startswith(a)
    if field_name == "authors":
        return [title_key(str(a)) for a in old] == [title_key(str(b)) for b in new]
    if field_name in ("url", "explainer", *OTHER_LINKS):
        return str(old).rstrip("/") == str(new).rstrip("/")
    return " ".join(str(old).split()) == " ".join(str(new).split())


def _shorten(value: Any, limit: int = 70) -> str:
    shown = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    shown = " ".join(shown.split())
    return repr(shown if len(shown) <= limit else shown[: limit - 1] + "\u2026")


def _fill(fields: dict[str, Any], key: str, value: Any, keep: list[tuple[str, Any]]) -> None:
    """Set ``fields[key]`` if empty; else remember a differing imported value."""
    if not value:
        return
    old = fields.get(key)
    if not old:
        fields[key] = list(value) if isinstance(value, tuple) else value
    elif not _same(key, old, value):
        keep.append((key, value))


def _placeholder_title(fields: dict[str, Any]) -> bool:
    """A title that only repeats the short name (what a name-only table row gets)."""
    title = str(fields.get("title") or "")
    return bool(title) and title_key(title) == title_key(str(fields.get("short") or ""))


def merge_paper(fields: dict[str, Any], paper: ImportedPaper, source: str) -> list[tuple[str, Any]]:
    """Merge ``paper`` into raw ``fields`` in place; return the (field, value) pairs kept out."""
    keep: list[tuple[str, Any]] = []
    if not paper.derived_short:
        _fill(fields, "short", paper.short, keep)
    if (
        paper.title
        and _placeholder_title(fields)
        and title_key(paper.title) != title_key(str(fields["title"]))
    ):  # never a case-folded variant of the curated title
        fields["title"] = paper.title  # reported by merge_all as a replaced placeholder
    _fill(fields, "title", paper.title, keep)
    _fill(fields, "date", paper.date, keep)
    _fill(fields, "authors", paper.authors, keep)
    _fill(fields, "org", paper.org, keep)
    _fill(fields, "summary", paper.summary, keep)
    links = dict(links_of(fields))
    month = date_from_arxiv(paper.arxiv) if paper.arxiv else ""
    date = str(fields.get("date") or "")
    if month and not links.get("arxiv") and date and not _same("date", date, month):
        # check wants the date to be the arXiv id's first version: the curated date wins,
        # so the id is reported, not added
        keep.append(("arxiv", f"{paper.arxiv} (its month {month} is not the date {date})"))
        paper.arxiv = ""
    for key in ("arxiv", "url", "explainer"):
        _fill(links, key, getattr(paper, key), keep)
    for key in OTHER_LINKS:
        _fill(links, key, paper.other_links.get(key, ""), keep)
    if links:
        fields["links"] = links
    tags = list(fields.get("tags") or [])
    tags += [t for t in paper.tags if t not in tags]
    if tags:
        fields["tags"] = tags
    if paper.note:
        notes = dict(fields.get("notes") or {})
        note_kept: list[tuple[str, Any]] = []
        _fill(notes, source, paper.note, note_kept)
        keep += [(f"notes.{source}", value) for _, value in note_kept]
        fields["notes"] = notes
    sources = list(fields.get("sources") or [])
    if source not in sources:
        fields["sources"] = [*sources, source]
    return keep


def _refuse_bad_links(paper: ImportedPaper, where: str, report: MergeReport) -> None:
    """Leave out (and report) every link ``check`` would refuse: javascript:, file: ..."""
    links = {"url": paper.url, "explainer": paper.explainer, **paper.other_links}
    for key, link in links.items():
        if link and not is_web_url(link):
            report.refused.append(
                f"{where}: {paper.name}: {key} {_shorten(link)} is not an http(s) URL, left out"
            )
            if key in ("url", "explainer"):
                setattr(paper, key, "")
            else:
                del paper.other_links[key]


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def first_version(paper: ImportedPaper) -> str:
    """The date of a new paper: its arXiv id's month when the two disagree (a list's date is
    often a later publication; ``check`` wants the first public version)."""
    month = date_from_arxiv(paper.arxiv) if paper.arxiv else ""
    if month and not (paper.date or "").startswith(month[: len(paper.date or "")]):
        return month
    return paper.date or month


def new_paper_fields(paper_id: str, paper: ImportedPaper, era: str, source: str) -> dict[str, Any]:
    links = {"arxiv": paper.arxiv, "url": paper.url, "explainer": paper.explainer}
    links.update(paper.other_links)
    return {
        "id": paper_id,
        "short": paper.short or paper.title,
        "title": paper.title or paper.short,
        "date": first_version(paper),
        "era": era,
        "authors": list(paper.authors),
        "org": paper.org,
        "tags": list(paper.tags),
        "summary": paper.summary,
        "links": {k: v for k, v in links.items() if v},
        "notes": {source: paper.note} if paper.note else {},
        "sources": [source],
    }


def merge_all(
    folder: DataFolder,
    papers: list[ImportedPaper],
    *,
    source: str,
    label: str,
    progress: Callable[[int, int], None] | None = None,
) -> MergeReport:
    """Merge every imported paper into ``folder`` (in memory; call ``folder.write()`` after).
    ``progress(done, total)`` is called every 1,000 papers."""
    report = MergeReport(parsed=len(papers))
    matcher = Matcher(folder.records)
    profile = SubjectProfile(folder.eras, (r.fields for r in folder.records))
    spelling = Spelling(folder.tags, folder.orgs, (r.fields for r in folder.records))
    for done, paper in enumerate(papers):
        if progress is not None and done % 1000 == 0 and done:
            progress(done, len(papers))
        spelling.apply(paper)
        where = f"{label}:{paper.line}" if paper.line else label
        _refuse_bad_links(paper, where, report)
        record = matcher.find(paper)
        if record is not None:
            before = repr(record.fields)
            old_title = record.fields.get("title")
            kept = merge_paper(record.fields, paper, source)
            paper_id = str(record.fields.get("id") or record.path.stem)
            if record.fields.get("title") != old_title and old_title:
                report.replaced.append(
                    f"{where}: {paper_id}: title was only the short name {old_title!r}, "
                    f"now {_shorten(record.fields['title'])}"
                )
            if repr(record.fields) != before:
                record.changed = True
                report.changed.append(paper_id)
                matcher.learn(record)
            report.merged.append(paper_id)
            how = (
                "same arXiv id" if paper.arxiv and paper.arxiv == arxiv_of(record) else "same title"
            )
            if matcher.reprint:
                how = "same title, no authors"
                report.reprints.append(f"{where}: {paper_id}: {matcher.reprint}")
            report.rows.append((paper.line, "merged", paper_id, f"{how}; {len(kept)} fields kept"))
            for key, value in kept:
                report.kept.append(
                    f"{where}: {paper_id}: kept existing {key} "
                    f"(imported value differs: {_shorten(value)})"
                )
            continue
        year = year_of(first_version(paper))
        if year is None or not folder.eras:
            why = "no date" if year is None else "no era to put it in"
            report.skipped.append(f"{where}: {paper.name}: {why}, and no existing paper matches")
            report.rows.append((paper.line, "skipped", paper.name, why))
            continue
        paper_id = _unique_id(slugify(paper.short or paper.title), folder.stems)
        subject = profile.scores(paper.tags, paper.title or paper.short)
        era = folder.era_for(year, subject)
        holding = [e.id for e in folder.eras if e.contains_year(year)]
        if len(holding) > 1 and era not in subject:
            report.by_date.append(
                f"{where}: {paper_id}: era {era!r} by date only (its subject matches none of "
                f"{', '.join(holding)}); move it if it belongs to a topical era"
            )
        report.eras[paper_id] = era
        dated = f"{first_version(paper)} ({paper.date_source or 'given'})"
        report.rows.append((paper.line, "new", paper_id, f"era {era}, date {dated}"))
        fields = new_paper_fields(paper_id, paper, era, source)
        matcher.learn(folder.add(paper_id, fields))
        report.new.append(paper_id)
    report.vocabulary = spelling.report(label)
    report.respelled = spelling.respellings(label)
    return report
