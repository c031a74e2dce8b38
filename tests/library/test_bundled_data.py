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
    """One entry per document: a part (``part_of``) shares its whole's title and arXiv id."""
    papers = [p for p in _library() if not p.part_of]
    titles = Counter(title_words(p.title) for p in papers)
    assert [t for t, n in titles.items() if n > 1] == []
    arxiv = Counter(p.arxiv for p in papers if p.arxiv)
    assert [a for a, n in arxiv.items() if n > 1] == []
    assert all(re.fullmatch(r"\d{4}\.\d{4,5}", a) for a in arxiv)
    shorts = Counter(_norm(p.short) for p in _library())
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
    # each TLDR's paper keeps a note of ours (the facts, never the seed's sentences)
    notes = [dict(p.notes).get("notes", "") for p in _by_source("notes")]
    assert len(notes) == len(tldrs) and all(notes)
    assert not set(notes) & set(tldrs)


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


# ------------------------------------------------------------------ curation (issue 20)


def test_every_edge_has_a_type_and_a_reason() -> None:
    edges = [(p.id, link) for p in _library() for link in p.builds_on]
    assert len(edges) >= 800
    assert [pid for pid, link in edges if not link.type or not link.reason] == []


def test_most_papers_carry_two_to_four_tags_from_the_vocabulary() -> None:
    library = _library()
    papers = list(library)
    counts = Counter(len(library.own_tags(p)) for p in papers)
    assert counts[0] == 0
    assert sum(n for k, n in counts.items() if 2 <= k <= 4) / len(papers) >= 0.8
    assert max(counts) <= 5


def test_a_single_name_is_a_single_author_a_team_or_a_list_marked_cut() -> None:
    single = [p for p in _library() if len(p.authors) == 1 and not p.authors_truncated]
    # genuinely single-author papers and teams only (checked by hand, issue 20)
    assert len(single) <= 30, [p.id for p in single]
    assert "Google DeepMind" not in {a for p in _library() for a in p.authors}
    transformer = _library().papers["transformer"]
    assert transformer.authors[:2] == ("Ashish Vaswani", "Noam Shazeer")
    assert len(transformer.authors) == 8


def test_the_review_s_duplicates_are_parts_of_one_document() -> None:
    papers = _library().papers
    parts = {
        "llama-3-1-multimodal": "llama-3-1",
        "tabular-resnet": "ft-transformer",
        "phi-4-multimodal": "phi-4-mini",
        "redpajama-v2": "redpajama",
        "gemini-1-5-flash": "gemini-1-5",
        "h2o-danube2": "h2o-danube",
        "pixmo": "molmo",
        "multi-head-attention": "transformer",
        "scaled-dot-product-attention": "transformer",
    }
    assert {pid: papers[pid].part_of for pid in parts} == parts
    assert papers["multi-head-attention"].kind == "concept"


def test_the_review_s_missing_edges_are_there_and_its_wrong_ones_gone() -> None:
    library = _library()
    wanted = [
        ("beit", "dall-e"),
        ("clip", "resnet"),
        ("blip-2", "clip"),
        ("transformer", "adam"),
        ("mixtral-8x7b", "switch-transformers"),
        ("convnext", "vit"),
        ("gopher", "scaling-laws"),
        ("instructblip", "vicuna"),
        ("orca", "gpt-4"),
    ]
    for child, parent in wanted:
        assert parent in {p.id for p in library.builds_on(child)}, (child, parent)
    assert "dse" not in {p.id for p in library.builds_on("colpali")}
    assert "mixtral-8x22b" not in {p.id for p in library.builds_on("mistral-large-2")}


def test_the_bundled_data_is_found_without_a_data_flag() -> None:
    """``papertui`` with no --data opens data/ of the checkout (or of the wheel)."""
    from papertui.library.paths import bundled_data_dir

    found = bundled_data_dir()  # the checkout's data/ (editable) or the wheel's copy of it
    assert (found / "eras.yaml").read_bytes() == (DATA / "eras.yaml").read_bytes()
    assert len(list((found / "papers").glob("*.yaml"))) == len(
        list((DATA / "papers").glob("*.yaml"))
    )


def test_a_parent_tag_finds_its_children_s_papers() -> None:
    library = _library()
    moe = set(library.by_tag["Mixture of Experts (MoE)"])
    assert len(moe) >= 8
    assert moe <= set(library.by_tag["Architectures"])
    assert library.tag_path("Mixture of Experts (MoE)") == (
        "Architectures",
        "Mixture of Experts (MoE)",
    )
    mixtral = library.papers["mixtral-8x7b"]
    assert "Architectures" in mixtral.tags and "Architectures" not in library.own_tags(mixtral)
