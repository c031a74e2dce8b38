"""The benchmark corpus generator writes valid, deterministic data in our real layout."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from papertui.library.loader import load_library

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "gen_corpus.py"


def generate(n: int, out: Path, *extra: str) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), str(n), str(out), *extra], check=True, capture_output=True
    )


def digest(folder: Path) -> str:
    h = hashlib.blake2b()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def test_1k_corpus_loads_with_zero_problems(tmp_path: Path) -> None:
    out = tmp_path / "c1k"
    lines = tmp_path / "lines.txt"
    generate(1000, out, "--lines", str(lines))
    files = sorted((out / "papers").iterdir())
    assert len(files) == 1000, "below 10k: one file per paper"
    result = load_library(out)
    assert result.problems == ()
    lib = result.library
    assert len(lib) == 1000
    assert len(lib.eras) == 8
    assert sum(len(ids) for ids in lib.by_era.values()) == 1000
    assert all(Path(p.file).stem == p.id for p in lib)
    for paper in lib:
        assert paper.authors and paper.tags and paper.summary
        assert lib.era(paper.era) is not None and lib.era(paper.era).contains_year(paper.year)
        for target in lib.builds_on(paper.id):
            assert target.date[:4] <= paper.date[:4]
    assert lib.edge_count > 500, "lineage links are realistic, not empty"
    assert sum(1 for p in lib if p.arxiv) > 500
    assert len(lines.read_text(encoding="utf-8").splitlines()) == 1000


def test_sharded_layout_loads_with_zero_problems(tmp_path: Path) -> None:
    out = tmp_path / "sharded"
    generate(1000, out, "--shard", "300")
    assert sorted(p.name for p in (out / "papers").iterdir()) == [
        "0000.yaml",
        "0001.yaml",
        "0002.yaml",
        "0003.yaml",
    ]
    result = load_library(out)
    assert result.problems == ()
    assert len(result.library) == 1000


def test_output_is_deterministic_and_seeded(tmp_path: Path) -> None:
    generate(300, tmp_path / "a")
    generate(300, tmp_path / "b")
    generate(300, tmp_path / "c", "--seed", "7")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    assert load_library(tmp_path / "c").problems == ()


def test_sizes_accept_suffixes(tmp_path: Path) -> None:
    generate(1, tmp_path / "one", "--shard", "0")
    assert len(load_library(tmp_path / "one").library) == 1
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        from gen_corpus import parse_size  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(SCRIPT.parent))
    assert parse_size("10k") == 10_000
    assert parse_size("1m") == 1_000_000
    assert parse_size("2500") == 2500
