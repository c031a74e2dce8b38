"""Helpers of the importer tests: a copy of the bundled data to import into, and what
``papertui check`` and the written files say afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from papertui.library.checks import check_lineage
from papertui.library.loader import load_library

DATA = Path(__file__).resolve().parents[2] / "data"


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
