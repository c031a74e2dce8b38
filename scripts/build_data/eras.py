"""The era assignment rule for papers that have no curated file yet (data/README.md).

The eras themselves (ids, names, years, blurbs) live in data/eras.yaml, edited by hand; the
build passes their year spans in. A curated paper file names its own era.
"""

from __future__ import annotations

Spans = dict[str, tuple[int, int | None]]  # era id -> (first year, last year or None)

# The archive's (001) era names.
ARCHIVE_ERA_IDS = {
    "Pre-Transformer": "pre-transformer",
    "Transformer": "transformer",
    "Scaling": "scaling",
    "Architecture": "architecture",
    "Diffusion": "diffusion",
    "Alignment": "alignment",
    "Reasoning": "reasoning",
}

# Rule step 3: topic of a 004 section -> era (sections not listed fall through to the date).
SECTION_ERA = {
    "Convolutional Neural Networks": "computer-vision",
    "Object Detection": "computer-vision",
    "Region-based Convolutional Neural Networks": "computer-vision",
    "Vision Transformers": "computer-vision",
    "Multi Modal Language Models": "multimodal",
    "Retrieval and Representation Learning": "retrieval",
    "Document AI": "document-ai",
    "Layout Transformers": "document-ai",
    "Parameter Efficient Fine Tuning": "architecture",
    "Compression, Pruning, Quantization": "architecture",
    "LLMs For Math": "reasoning",
    "LLM Training": "alignment",
}


def within(spans: Spans, era: str, year: int) -> bool:
    """Whether ``year`` falls inside the era's years (an open era has no last year)."""
    if era not in spans:
        return False
    start, end = spans[era]
    return start <= year and (end is None or year <= end)


def date_era(year: int) -> str:
    """Rule step 4: the main chronological line (breaks the overlap of 2020)."""
    if year <= 2016:
        return "pre-transformer"
    if year <= 2019:
        return "transformer"
    if year <= 2023:
        return "scaling"
    return "frontier"


def era_id_for_archive_name(name: str) -> str:
    return ARCHIVE_ERA_IDS[name] if name else ""


def era_for(sections: list[str], year: int, spans: Spans) -> str:
    """Step 3 (a topical section whose era covers the year), else step 4 (the date)."""
    for section in sections:
        era = SECTION_ERA.get(section)
        if era and within(spans, era, year):
            return era
    return date_era(year)
