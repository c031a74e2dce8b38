"""One copy of each concept: ``papertui import`` and ``papertui check`` (and the loader)
share the library's title key, data folder walk, guarded YAML reading, arXiv id grammar,
era rule, source ids and exit codes. Each test is a case where the two copies disagreed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from papertui.importers.base import ImportedPaper
from papertui.importers.cli import run_import
from papertui.importers.folder import Record, read_folder
from papertui.importers.merge import Matcher
from papertui.library.checks import check_lineage
from papertui.library.exitcodes import ExitCode
from papertui.library.fold import title_key
from papertui.library.loader import load_library
from papertui.library.model import Era, Library, Paper, era_for_year

# --- title normalisation ---------------------------------------------------------------------


def test_greek_letters_are_different_keys() -> None:
    assert title_key("α-Net") != title_key("β-Net")
    assert title_key("α-Net") == title_key("Α net")  # case still folds


def test_undecomposable_latin_letters_are_spelled_not_dropped() -> None:
    assert title_key("Łukasz") == "lukasz"
    assert title_key("XLM-RoBERTa") == title_key("XLM Roberta") == "xlmroberta"
    assert title_key("Command R+") != title_key("Command R")


def _check_says_duplicate(first: str, second: str) -> bool:
    papers = [
        Paper(id=f"p{n}", short=f"P{n}", title=t, date="2020", era="e", file=f"p{n}.yaml")
        for n, t in enumerate((first, second))
    ]
    library = Library.build([Era("e", "E", 2000, None)], papers)
    return any("likely duplicate" in p.message for p in check_lineage(library))


def _import_says_duplicate(first: str, second: str) -> bool:
    fields = {"id": "p0", "short": "P0", "title": first, "date": "2020", "era": "e"}
    matcher = Matcher([Record(Path("p0.yaml"), fields)])
    return matcher.find(ImportedPaper(line=1, title=second, date="2020")) is not None


@pytest.mark.parametrize(
    ("first", "second", "duplicate"),
    [
        ("α-Net", "β-Net", False),  # import said "net" == "net"
        ("Schölkopf Nets", "Scholkopf Nets", True),  # check kept the ö
        ("Łukasz Net", "Lukasz Net", True),  # import dropped the Ł
        ("Attention Is All You Need", "attention is all you need!", True),
        ("GPT-3", "GPT-4", False),
    ],
)
def test_check_and_import_agree_on_a_duplicate(first: str, second: str, duplicate: bool) -> None:
    assert _check_says_duplicate(first, second) is duplicate
    assert _import_says_duplicate(first, second) is duplicate


# --- the data folder: walked and read as the loader does ---------------------------------------

ERAS = """\
- id: early
  name: Early
  start: 1990
  end: 2016
- id: transformer
  name: Transformer
  start: 2017
"""
BERT = """\
id: bert
short: BERT
title: 'BERT: Pre-training of Deep Bidirectional Transformers'
date: 2018-10
era: transformer
links:
  arxiv: '1810.04805'
"""
TABLE = """\
| Paper | Date | Link |
|---|---|---|
| BERT | 2018-10 | [arXiv](https://arxiv.org/abs/1810.04805) |
"""


def data_folder(root: Path) -> Path:
    (root / "papers").mkdir(parents=True)
    (root / "eras.yaml").write_text(ERAS, encoding="utf-8")
    (root / "papers" / "bert.yaml").write_text(BERT, encoding="utf-8")
    return root


def test_hidden_paper_files_are_ignored_by_import_as_by_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_folder(tmp_path / "data")
    # an editor's backup of BERT and a hidden folder: the loader never sees them
    (root / "papers" / ".bert-draft.yaml").write_text(BERT, encoding="utf-8")
    (root / "papers" / ".trash").mkdir()
    (root / "papers" / ".trash" / "old.yaml").write_text(BERT.replace("bert", "old"), "utf-8")
    loaded = load_library(root)
    assert set(loaded.library.papers) == {"bert"} and loaded.problems == ()
    folder = read_folder(root)
    assert [r.path.name for r in folder.records] == ["bert.yaml"]
    assert folder.stems == {"bert"}
    (tmp_path / "t.md").write_text(TABLE.replace("2018-10", "2018-10-11"), encoding="utf-8")
    assert run_import("markdown-table", str(tmp_path / "t.md"), str(root)) == ExitCode.OK
    assert "2 papers" not in capsys.readouterr().out
    assert yaml.safe_load((root / "papers" / "bert.yaml").read_text("utf-8"))["date"] == (
        "2018-10"  # the visible file was the one merged into (its date kept)
    )
    assert (root / "papers" / ".bert-draft.yaml").read_text("utf-8") == BERT


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True)
)  # 8 levels of 10: 10**8 nodes once the aliases are expanded


def test_alias_bomb_in_the_out_folder_is_reported_not_expanded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_folder(tmp_path / "data")
    bomb = root / "papers" / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    assert any("alias bomb" in p.message for p in load_library(root).problems)  # check's view
    (tmp_path / "t.md").write_text(TABLE, encoding="utf-8")
    started = time.monotonic()
    code = run_import("markdown-table", str(tmp_path / "t.md"), str(root))
    assert time.monotonic() - started < 5  # PyYAML's own loader spent 663 MB and minutes here
    out = capsys.readouterr().out
    assert code == ExitCode.WARNINGS  # imported; the unreadable file reported
    assert f"{bomb}:1:1: aliases expand to" in out and "left untouched" in out
    assert bomb.read_text(encoding="utf-8") == ALIAS_BOMB


def test_alias_bomb_import_stays_small_under_a_memory_limit(tmp_path: Path) -> None:
    """The same import in a child process capped at 1 GiB of address space above what the
    interpreter uses after its imports: expanding the bomb would not fit."""
    pytest.importorskip("resource")
    root = data_folder(tmp_path / "data")
    (root / "papers" / "bomb.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    (tmp_path / "t.md").write_text(TABLE, encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import resource, sys
        from papertui.importers.cli import run_import
        import papertui.library.loader, rapidfuzz.process, markdown_it
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (used + 2**30, used + 2**30))
        sys.exit(run_import("markdown-table", {str(tmp_path / "t.md")!r}, {str(root)!r}))
        """
    )
    if not Path("/proc/self/statm").exists():
        pytest.skip("needs /proc to measure the interpreter")
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == ExitCode.WARNINGS, done.stderr
    assert "alias bomb" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    root = data_folder(tmp_path / "data")
    os.mkfifo(root / "papers" / "pipe.yaml")  # opening it for reading would wait forever
    problems = [str(p) for p in load_library(root).problems]
    assert problems == [f"{root / 'papers' / 'pipe.yaml'}:1:1: not a regular file"]
    folder = read_folder(root)
    assert folder.warnings == [problems[0] + " (left untouched)"]
    assert [r.fields["id"] for r in folder.records] == ["bert"]


# --- eras -------------------------------------------------------------------------------------


def test_era_for_year_rule() -> None:
    eras = [Era("a", "A", 1990, 2000), Era("b", "B", 1995, 2010), Era("c", "C", 2015, None)]
    pick = {y: (e.id if (e := era_for_year(eras, y)) else None) for y in (1980, 1997, 2012, 2030)}
    assert pick == {1980: "a", 1997: "a", 2012: "b", 2030: "c"}
    assert era_for_year([], 2000) is None


def test_import_uses_only_the_eras_the_loader_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_folder(tmp_path / "data")
    # 'start: true' is a boolean: the loader rejects the era, the importer read it as year 1
    bogus = "- id: bogus\n  name: Bogus\n  start: true\n"
    (root / "eras.yaml").write_text(bogus + ERAS, encoding="utf-8")
    loader_says = [p.message for p in load_library(root).problems]
    assert any("expected a year" in m for m in loader_says)
    (tmp_path / "t.md").write_text("| Paper | Date |\n|---|---|\n| LeNet | 1998 |\n", "utf-8")
    code = run_import("markdown-table", str(tmp_path / "t.md"), str(root))
    assert code == ExitCode.WARNINGS  # imported; the bad era is reported
    assert "start: expected a year" in capsys.readouterr().out
    assert yaml.safe_load((root / "papers" / "lenet.yaml").read_text("utf-8"))["era"] == "early"


# --- source ids -------------------------------------------------------------------------------


def test_import_records_only_source_ids_check_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = data_folder(tmp_path / "data")
    (tmp_path / "t.md").write_text(TABLE.replace("BERT", "ELMo"), encoding="utf-8")
    # any slug used to pass, and 'sources: [mylist]' then failed papertui check
    code = run_import("markdown-table", str(tmp_path / "t.md"), str(root), source="mylist")
    assert code == ExitCode.USAGE
    assert "'mylist' is not a source id (archive, notes" in capsys.readouterr().err
    assert sorted(p.name for p in (root / "papers").iterdir()) == ["bert.yaml"]
    code = run_import("markdown-table", str(tmp_path / "t.md"), str(root), source="explained")
    assert code == ExitCode.OK
    assert load_library(root).problems == ()
