"""The search index as it was built before the build went a chunk of papers at a time
(commit f6e351c, ``SearchIndex.build``): the reference the lean build must equal, column
for column, in ``test_index_build.py`` and ``tests/store/test_lean_build.py``."""

from __future__ import annotations

import operator
from array import array
from itertools import accumulate, chain, repeat
from operator import attrgetter

from papertui.library.fold import NAME_SEP, normalize, normalize_many
from papertui.library.model import Library
from papertui.search.index import FIELD_SEP, SearchIndex, _casefold_many, _drop_dashes
from papertui.search.query import split_digits
from papertui.search.texts import Texts


def reference_build(library: Library) -> SearchIndex:
    """``SearchIndex.build`` as it was."""
    papers = list(library)
    n = len(papers)
    folded_titles = _casefold_many(list(map(attrgetter("title"), papers)))
    by_title = sorted(range(n), key=folded_titles.__getitem__)
    title_of = [0] * n
    for rank, i in enumerate(by_title):
        title_of[i] = rank
    dates = map(attrgetter("date"), papers)  # "YYYY[-MM[-DD]]" -> YYYYMMDD
    day = map(operator.itemgetter(slice(0, 10)), map(operator.add, dates, repeat("-00-00")))
    day_number = list(map(int, map(_drop_dashes, day)))
    order = sorted(by_title, key=day_number.__getitem__)  # stable: date, then title
    papers = list(map(papers.__getitem__, order))
    title_rank = list(map(title_of.__getitem__, order))
    titles = list(map(attrgetter("title"), papers))
    # a part (a concept, a model in a report) is found through its whole's short name
    wholes = library.papers
    titles = [
        f"{t} {whole.short}" if p.part_of and (whole := wholes.get(p.part_of)) else t
        for p, t in zip(papers, titles, strict=True)
    ]
    # "GPT-4", "GPT4" and the query "gpt4" all read "gpt 4" (query.split_digits)
    shorts = list(map(split_digits, normalize_many(list(map(attrgetter("short"), papers)))))
    norm_titles = list(map(split_digits, normalize_many(titles)))
    raw_orgs = list(map(attrgetter("org"), papers))
    distinct_orgs = list(dict.fromkeys(raw_orgs))  # few organisations, many papers
    org_of = dict(zip(distinct_orgs, normalize_many(distinct_orgs), strict=True))
    orgs = list(map(org_of.__getitem__, raw_orgs))
    sep = f" {NAME_SEP} "
    authors = normalize_many(list(map(sep.join, map(attrgetter("authors"), papers))))
    hay = [
        f" {s} {FIELD_SEP} {t} {FIELD_SEP} {a} {FIELD_SEP} {o} "
        for s, t, a, o in zip(shorts, norm_titles, authors, orgs, strict=True)
    ]
    people_at = [len(s) + len(t) + 7 for s, t in zip(shorts, norm_titles, strict=True)]
    era_ids = [era.id for era in library.eras]
    era_names = {era.id: era.name for era in library.eras}
    era_pos = {eid: k for k, eid in enumerate(era_ids)}
    paper_eras = list(map(attrgetter("era"), papers))
    for eid in sorted(set(paper_eras) - set(era_pos)):
        era_pos[eid] = len(era_ids)
        era_ids.append(eid)
    tag_names = sorted(library.by_tag)
    tag_pos = {t: k for k, t in enumerate(tag_names)}
    tag_cache: dict[tuple[str, ...], tuple[int, ...]] = {}

    def tag_numbers(tags: tuple[str, ...]) -> tuple[int, ...]:
        got = tag_cache.get(tags)
        if got is None:
            got = tag_cache[tags] = tuple(tag_pos[t] for t in tags if t in tag_pos)
        return got

    tags_of = list(map(tag_numbers, map(attrgetter("tags"), papers)))
    ids = list(map(attrgetter("id"), papers))
    return SearchIndex(
        ids=Texts.of(ids),
        hay=Texts.of(hay),
        people_at=array("q", people_at),
        years=array(
            "q",
            map(int, map(operator.itemgetter(slice(0, 4)), map(attrgetter("date"), papers))),
        ),
        era_of=array("q", map(era_pos.__getitem__, paper_eras)),
        era_ids=era_ids,
        era_keys=[(normalize(e), normalize(era_names.get(e, e))) for e in era_ids],
        tag_starts=array("q", accumulate(map(len, tags_of), initial=0)),
        tag_flat=array("q", chain.from_iterable(tags_of)),
        tag_names=tag_names,
        tag_keys=[normalize(t) for t in tag_names],
        title_rank=array("q", title_rank),
        id_order=array("q", sorted(range(n), key=ids.__getitem__)),
    )
