"""One copy of each concept: ``papertui import`` and ``papertui check`` (and the loader)
share the library's title key, data folder walk, guarded YAML reading, arXiv id grammar,
era rule, source ids and exit codes. Each test is a case where the two copies disagreed."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.importers.base import ImportedPaper
from papertui.importers.folder import Record
from papertui.importers.merge import Matcher
from papertui.library.checks import check_lineage
from papertui.library.fold import title_key
from papertui.library.model import Era, Library, Paper

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
