"""Issue 11: importers that survive the lists people really keep. Every import here goes
into a copy of the bundled data (or a fresh folder) and ``papertui check`` must stay clean,
or the import must name the papers to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from papertui.importers.cli import run_import
from papertui.library.checks import check_lineage
from papertui.library.loader import load_library

DATA = Path(__file__).resolve().parents[2] / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"


def data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


def problems(root: Path) -> list[str]:
    result = load_library(root)
    return [str(p) for p in [*result.problems, *check_lineage(result.library)]]


def paper(root: Path, paper_id: str) -> dict[str, object]:
    data = yaml.safe_load((root / "papers" / f"{paper_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- eras: by date and subject ----------------------------------------------------------------


def test_era_by_subject_and_date_and_widening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_copy(tmp_path)
    doc = write(
        tmp_path,
        "eras.md",
        "| Title | Date |\n|---|---|\n"
        "| Momentum schedules for stochastic optimisers revisited | 2018-05 |\n"
        "| Denoising diffusion for tiny sprites | 2018-07 |\n"
        "| A logical calculus of nerve nets, retold | 1943 |\n",
    )
    run_import("markdown-table", str(doc), str(root))
    out = capsys.readouterr().out
    eras = {
        p.title: p.era
        for p in load_library(root).library
        if p.date in ("2018-05", "2018-07", "1943")
    }
    assert eras["Momentum schedules for stochastic optimisers revisited"] == "transformer"
    assert eras["Denoising diffusion for tiny sprites"] == "diffusion"
    assert eras["A logical calculus of nerve nets, retold"] == "pre-transformer"
    assert "era 'pre-transformer' widened to 1943-2016" in out
    assert "era 'transformer' by date only" in out  # the optimiser paper: named, not guessed
    assert problems(root) == []
    assert "# The eras of papertui's bundled data" in (root / "eras.yaml").read_text("utf-8")
