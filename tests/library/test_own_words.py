"""The bundled data is in our own words: no prose string holds a sentence or clause of 40+
characters found verbatim (case and white space folded) in a seed document."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


def copycheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "copycheck", REPO / "scripts" / "build_data" / "copycheck.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seeds() -> object:
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        pytest.skip(f"the seed documents are not beside the checkout ({SEEDS})")
    return copycheck().Seeds(SEEDS)


def test_no_prose_in_data_is_copied_from_a_seed(seeds: object) -> None:
    hits = [
        f"{f.name}: {where}: {piece!r}"
        for f, where, piece in copycheck().scan(REPO / "data", seeds)
    ]
    assert hits == []


def test_the_guard_catches_a_copied_sentence_and_a_copied_clause(seeds: object) -> None:
    seed_text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    sentence = next(
        line.strip() for line in seed_text.splitlines() if len(line.strip()) > 60 and "." in line
    )
    check = copycheck()
    assert check.Seeds.copied(seeds, f"Our words first. {sentence}") != []
    assert check.Seeds.copied(seeds, f"Our words first, {sentence.upper()}") != []
    assert (
        check.Seeds.copied(seeds, "A sentence written here, for this test, by nobody else.") == []
    )
