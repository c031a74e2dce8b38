"""Audit 9: a 5,000-digit year in eras.yaml was a ``ValueError`` (Python's int limit) and
the app showed 0 papers. Now it is one problem on that era and every other paper loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from papertui.library.loader import load_library

TINY = Path(__file__).parents[1] / "data" / "tiny"


def test_a_5000_digit_year_is_one_problem_and_the_papers_still_load(tmp_path: Path) -> None:
    before = load_library(TINY)
    root = tmp_path / "data"
    shutil.copytree(TINY, root)
    with open(root / "eras.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: huge\n  name: Huge\n  start: " + "1" * 5000 + "\n")
    after = load_library(root)
    assert len(after.library.papers) == len(before.library.papers) > 0
    messages = [p.message for p in after.problems if p not in before.problems]
    assert any("5000 digits" in m for m in messages), messages
    assert all(len(m) < 300 for m in messages), "the number is not quoted whole"
