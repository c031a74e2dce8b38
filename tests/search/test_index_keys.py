"""The search index from papers' keys made elsewhere (a cold build's workers) is the index.

``SearchIndex.build(library, keys)`` takes each paper's normalised short name, title and
authors and its casefolded title (``paper_keys``) made in groups, in other processes; the
result must be the index ``SearchIndex.build(library)`` makes, field for field, whatever
the grouping: a part's title still gains its whole's short name, and a paper whose keys are
missing has them made again.
"""

from __future__ import annotations

from papertui.library.model import Era, Library, Paper
from papertui.search.index import SearchIndex, paper_keys


def library() -> Library:
    era = Era(id="modern", name="Modern", start=2000, end=None)
    papers = [
        Paper(
            id="gpt-4",
            short="GPT-4",
            title="GPT-4 Technical Report",
            date="2023-03",
            era="modern",
            authors=("OpenAI",),
            org="OpenAI",
            tags=("Language",),
        ),
        Paper(
            id="gpt-4-vision",
            short="GPT-4V",
            title="Vision",
            date="2023-03",
            era="modern",
            part_of="gpt-4",
        ),
        Paper(
            id="aaron",
            short="Äaron2",
            title="Über die Straße: Æsthetic ﬁnal ΣΊΣΥΦΟΣ",
            date="2019-11-02",
            era="modern",
            authors=("Aäron van den Oord", "Łukasz Kaiser"),
            org="DeepMind",
        ),
        Paper(id="old", short="Old", title="An old one", date="2001", era="unknown-era"),
        Paper(id="zeta", short="Z", title="a title", date="2001", era="modern", tags=("X",)),
    ]
    return Library.build([era], papers)


def test_keys_made_in_groups_give_the_same_index() -> None:
    lib = library()
    papers = list(lib)
    keys = {}
    for group in (papers[:2], papers[2:3], papers[3:]):  # as the workers' groups
        keys.update({id(p): k for p, k in zip(group, paper_keys(group), strict=True)})
    index = SearchIndex.build(lib, keys)
    assert index == SearchIndex.build(lib)
    part = index.hay[index.position("gpt-4-vision")]
    assert part.split("\x1f")[1] == " vision gpt 4 "  # the part's title + its whole's short


def test_the_keys_are_used_when_given() -> None:
    lib = library()
    papers = list(lib)
    keys = {id(p): k for p, k in zip(papers, paper_keys(papers), strict=True)}
    marked = {n: (f"{s} mark", t, a, f) for n, (s, t, a, f) in keys.items()}
    index = SearchIndex.build(lib, marked)
    assert all(" mark " in hay for hay in index.hay)


def test_a_missing_key_makes_them_all_again() -> None:
    lib = library()
    papers = list(lib)
    keys = {id(p): k for p, k in zip(papers, paper_keys(papers), strict=True)}
    marked = {n: (f"{s} mark", t, a, f) for n, (s, t, a, f) in keys.items()}
    del marked[id(papers[0])]
    index = SearchIndex.build(lib, marked)
    assert index == SearchIndex.build(lib)
    assert not any(" mark " in hay for hay in index.hay)
