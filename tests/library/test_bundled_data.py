"""The bundled data/: loads clean, lineage is sound, and every source's papers are present.

The source-sampling tests read the seed documents at test time from ``../shared/seeds``
beside the repository (where CI and the work tree keep them); only those tests skip, with
a reason, when the seeds are not there.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from papertui.library.checks import check_lineage
from papertui.library.fold import title_words
from papertui.library.loader import load_library
from papertui.library.model import Library, Paper

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"

# The archive papers whose entry had no "Builds on:" section (genuine roots in the archive).
ARCHIVE_ROOTS = {"backprop", "word2vec", "gans", "rlhf"}

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed documents not found at {SEEDS} (they live beside the repo)"
)


@cache
def _load() -> tuple[Library, tuple[str, ...]]:
    result = load_library(DATA)
    return result.library, tuple(str(p) for p in result.problems)


def _library() -> Library:
    return _load()[0]


def _seed(prefix: str) -> str:
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold().replace("+", "plus"))


def _by_source(source: str) -> list[Paper]:
    return [p for p in _library() if source in p.sources]


# ------------------------------------------------------------------ loads clean


def test_loads_at_least_500_papers_with_no_problems() -> None:
    library, problems = _load()
    assert problems == ()
    assert len(library) >= 500
    assert len(library) == len(list((DATA / "papers").rglob("*.yaml")))  # no id lost to a duplicate


def test_lineage_check_is_clean() -> None:
    assert [str(p) for p in check_lineage(_library())] == []


def test_every_era_is_used_and_every_paper_era_exists() -> None:
    library = _library()
    era_ids = {era.id for era in library.eras}
    assert {p.era for p in library} <= era_ids
    archive_eras = {"Pre-Transformer", "Transformer", "Scaling", "Architecture", "Diffusion"}
    archive_eras |= {"Alignment", "Reasoning"}
    assert archive_eras <= {era.name for era in library.eras}
    assert all(library.by_era.get(e) for e in era_ids), "an era without papers"


def test_no_duplicate_ids_titles_or_arxiv_ids() -> None:
    papers = list(_library())
    titles = Counter(title_words(p.title) for p in papers)
    assert [t for t, n in titles.items() if n > 1] == []
    arxiv = Counter(p.arxiv for p in papers if p.arxiv)
    assert [a for a, n in arxiv.items() if n > 1] == []
    assert all(re.fullmatch(r"\d{4}\.\d{4,5}", a) for a in arxiv)
    shorts = Counter(_norm(p.short) for p in papers)
    assert [s for s, n in shorts.items() if n > 1] == []


def test_every_paper_has_a_source_and_a_summary() -> None:
    known = {"archive", "notes", "reading-list", "explained"}
    for paper in _library():
        assert paper.sources and set(paper.sources) <= known, paper.id
        assert paper.summary, paper.id


# ------------------------------------------------------------------ lineage targets


def test_at_least_85_percent_of_papers_since_2017_build_on_another() -> None:
    library = _library()
    recent = [p for p in library if p.year >= 2017]
    linked = [p for p in recent if library.builds_on(p.id)]
    assert len(linked) / len(recent) >= 0.85, f"{len(linked)}/{len(recent)}"


def test_archive_papers_have_edges_except_the_archive_roots() -> None:
    library = _library()
    archive = _by_source("archive")
    assert len(archive) == 46
    unlinked = {p.id for p in archive if not library.builds_on(p.id)}
    assert unlinked <= ARCHIVE_ROOTS


def test_well_known_edges() -> None:
    library = _library()
    expected = {
        "roberta": "bert",
        "llama-2": "llama",
        "mask-rcnn": "faster-rcnn",
        "gpt-2": "gpt-1",
        "mixtral-8x7b": "mistral-7b",
        "instructgpt": "gpt-3",
    }
    for child, parent in expected.items():
        assert parent in {p.id for p in library.builds_on(child)}, (child, parent)
        assert child in {p.id for p in library.built_upon(parent)}, (child, parent)


# ------------------------------------------------------------------ every source present


@needs_seeds
def test_archive_papers_present_with_their_builds_on_sections() -> None:
    text = _seed("001")
    library = _library()
    titles = {_norm(p.title): p for p in library}
    blocks = re.split(r"\n📄", text)[1:]
    assert len(blocks) >= 45  # one entry lost its heading (Mistral 7B, checked below)
    for block in blocks:
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        paper = titles.get(_norm(lines[1]))
        assert paper is not None, f"archive title missing: {lines[1]!r}"
        assert "archive" in paper.sources
        # the block's own "Builds on:" section ends before the next heading-less entry
        own = block.split("Jiang et al.·Mistral AI")[0]
        if "Builds on:" in own:
            assert library.builds_on(paper.id), f"{paper.id} lost its builds-on edges"
    mistral = library.get("mistral-7b")
    assert mistral is not None and "archive" in mistral.sources
    assert library.builds_on("mistral-7b")


@needs_seeds
def test_notes_tldrs_are_all_kept() -> None:
    lines = [ln.strip() for ln in _seed("002").splitlines() if ln.strip()]
    first_category = next(i for i, ln in enumerate(lines) if re.search(r"\D \d+$", ln))
    tldrs = [ln for ln in lines[first_category:] if not re.search(r"\D \d+$", ln)]
    assert len(tldrs) >= 20
    kept = {dict(p.notes).get("notes", "") for p in _by_source("notes")}
    for tldr in tldrs:
        assert tldr in kept, tldr
    assert len(_by_source("notes")) == len(tldrs)


@needs_seeds
def test_reading_list_papers_have_their_arxiv_ids_and_titles() -> None:
    items = re.findall(
        r"^> \[(.+)\]\(https?://arxiv\.org/(?:abs|pdf)/([\d.]+?)(?:v\d+)?\)", _seed("003"), re.M
    )
    assert len(items) >= 25
    by_arxiv = {p.arxiv: p for p in _library() if p.arxiv}
    for title, arxiv in items:
        paper = by_arxiv.get(arxiv)
        assert paper is not None, f"reading list arXiv {arxiv} missing"
        assert "reading-list" in paper.sources
        assert _norm(paper.title) == _norm(title)


@needs_seeds
def test_explained_rows_are_all_present() -> None:
    rows = re.findall(r"^\s*\|\s*\[([^\]]+)\]\((https?://[^)]+)\)", _seed("004"), re.M)
    assert len(rows) >= 450
    # a paper listed in two sections keeps the second explainer as its other link
    explainers = {u for p in _by_source("explained") for u in (p.explainer, p.url)}
    missing = sorted({url for _, url in rows} - explainers)
    assert missing == []
    titles = {_norm(p.title) for p in _library()}
    shorts = {_norm(p.short) for p in _library()}
    sampled = ["Attention Is All You Need", "Mask R-CNN", "Segment Anything", "LLaMA", "ColPali"]
    for name in sampled:
        assert _norm(name) in titles | shorts, name
    # the repeated XLM-Roberta row is one paper
    assert sum(1 for p in _library() if _norm(p.short) == "xlmroberta") == 1
