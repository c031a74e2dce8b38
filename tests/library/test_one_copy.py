"""One copy of each concept, checked from the library's side: the exit codes, the paper
field table, the arXiv id grammar and the source ids each live in one module that every
command uses (the importers' side is in tests/importers/test_import_concepts.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import papertui
from papertui.library import fields, schema, writer
from papertui.library.exitcodes import ExitCode, after_signal
from papertui.library.ids import arxiv_from_text, date_from_arxiv, is_arxiv_id
from papertui.library.loader import parse_papers
from papertui.library.problems import Problem
from papertui.library.writer import dump_paper

SRC = Path(papertui.__file__).parent  # the installed package (a wheel in CI)
REPO = Path(__file__).resolve().parents[2]  # the checkout: README, ARCHITECTURE
README = REPO / "README.md"

# --- exit codes ------------------------------------------------------------------------------


def test_no_module_keeps_its_own_exit_codes() -> None:
    """cli.py, check.py, importers/cli.py and tui/run.py each had EXIT_* constants."""
    own = re.compile(r"^\s*EXIT_[A-Z]+\s*=\s*\d", re.M)
    offenders = [
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if own.search(p.read_text("utf-8"))
    ]
    assert offenders == []
    bare = re.compile(r"\b128 \+ [a-z_]")  # code, not "128 + N" in prose
    assert [p.name for p in SRC.rglob("*.py") if bare.search(p.read_text("utf-8"))] == []


def test_readme_documents_the_exit_codes() -> None:
    section = README.read_text("utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+(?: \+ N)?) \|", section, re.M)
    assert rows == [str(int(c)) for c in sorted(set(ExitCode))] + ["128 + N"]
    assert after_signal(2) == 130 and after_signal(15) == 143


def test_commands_return_the_shared_codes(tmp_path: Path) -> None:
    from papertui.check import run_check
    from papertui.importers.cli import run_import

    missing = str(tmp_path / "missing")
    assert run_check(missing) is ExitCode.USAGE
    assert run_import("csv", missing, missing) is ExitCode.USAGE


# --- the paper field table ------------------------------------------------------------------


def _architecture_example() -> dict[str, object]:
    text = (REPO / "ARCHITECTURE.md").read_text("utf-8")
    block = text.split("### `papers/<id>.yaml`", 1)[1].split("```yaml\n", 1)[1].split("```")[0]
    loaded = yaml.safe_load(block)
    assert isinstance(loaded, dict)
    return loaded


def test_one_field_table_for_schema_writer_and_architecture() -> None:
    assert writer.PAPER_KEYS is fields.PAPER_KEYS
    assert (schema.REQUIRED, schema.OPTIONAL) == (fields.REQUIRED, fields.OPTIONAL)
    assert list(_architecture_example()) == list(fields.PAPER_KEYS)
    assert list(_architecture_example()["links"]) == list(fields.LINK_FIELDS)  # type: ignore[call-overload]


def test_writer_order_is_what_the_schema_accepts() -> None:
    """Every field the writer emits loads back without an 'unknown field' problem."""
    paper = {k: v for k, v in _architecture_example().items() if k != "builds_on"}
    problems: list[Problem] = []
    parsed = parse_papers(dump_paper(paper), "bert.yaml", "bert", problems)
    assert problems == [] and len(parsed) == 1


# --- source ids -----------------------------------------------------------------------------


def test_one_tuple_of_source_ids() -> None:
    assert schema.KNOWN_SOURCES is fields.KNOWN_SOURCES
    text = (REPO / "ARCHITECTURE.md").read_text("utf-8")
    listed = re.findall(r"`([a-z-]+)`", text.split("Source ids:", 1)[1].split("\n\n", 1)[0])
    assert tuple(listed) == fields.KNOWN_SOURCES


# --- the arXiv id grammar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "found"),
    [
        # the importers took any case and wrote 'HEP-TH/9901001', which the schema rejects
        ("arXiv:HEP-TH/9901001v2", "hep-th/9901001"),
        ("https://arxiv.org/abs/Math.gt/0309136", "math.GT/0309136"),
        # the schema accepts a long subject class; the importers did not find it at all
        ("https://arxiv.org/abs/cond-mat.mes-hall/0101001", "cond-mat.mes-hall/0101001"),
        ("https://arxiv.org/pdf/1810.04805v3.pdf", "1810.04805"),
        ("10.48550/arXiv.2103.00020", "2103.00020"),
        ("https://arxiv.org/abs/1810.048051", ""),  # six digits: not an id
    ],
)
def test_an_imported_arxiv_id_is_one_the_schema_accepts(written: str, found: str) -> None:
    assert arxiv_from_text(written) == found
    if found:
        assert is_arxiv_id(found)
        date = date_from_arxiv(found)  # check's first-version rule: the date is the id's month
        paper = {"id": "p", "short": "P", "title": "P", "date": date, "era": "e"}
        problems: list[Problem] = []
        parse_papers(dump_paper({**paper, "links": {"arxiv": found}}), "p.yaml", "p", problems)
        assert problems == []


@pytest.mark.parametrize("bad", ["a.-/1234567", "hep-th/990100", "HEP-TH/9901001", "1810.048"])
def test_the_schema_rejects_what_the_finders_never_produce(bad: str) -> None:
    assert not is_arxiv_id(bad)
