"""``papertui export`` and ``papertui state`` on the tiny fixture data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from papertui.exportcli import run_export, run_state
from papertui.importers import bibtex as bibtex_import
from papertui.personal.state import PersonalState

TINY = Path(__file__).resolve().parent.parent / "data" / "tiny"


@pytest.fixture(autouse=True)
def _private_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _run(query: str, fmt: str = "bibtex") -> str:
    out, err = io.StringIO(), io.StringIO()
    assert run_export(str(TINY), query, fmt, out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def test_export_query_as_bibtex_reimports() -> None:
    text = _run("year:2018..2019")
    papers = bibtex_import.parse(text).papers
    assert papers and all(p.date[:4] in ("2018", "2019") for p in papers)
    assert "\x1b" not in text and "\t" not in text


def test_export_personal_filters_and_formats() -> None:
    state = PersonalState()
    state.toggle_star("bert")
    state.set_note("lstm", "gates!")
    assert json.loads(_run("is:starred", "csl-json"))[0]["id"] == "bert"
    md = _run("has:note", "markdown")
    assert md.startswith("- **LSTM**") and "Note: gates!" in md
    assert _run("is:starred bert-nothing-matches") == ""


def test_export_bad_query_and_missing_data(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_export(str(TINY), "is:done", "bibtex", out=io.StringIO(), err=err) == 2
    assert "is:done" in err.getvalue()
    assert run_export(str(tmp_path / "no"), "", "bibtex", out=io.StringIO(), err=err) == 2


def test_state_lists_orphans() -> None:
    state = PersonalState()
    state.toggle_star("bert")
    state.toggle_star("not-in-the-data")
    out = io.StringIO()
    assert run_state(str(TINY), out=out, err=io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert "2 starred" in lines[1]
    assert lines[-2:] == [f"1 orphaned (not in {TINY}; kept):", "  not-in-the-data"]
