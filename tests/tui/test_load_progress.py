"""What the status line says while a cold load runs: files read, then the index being built
(issue 22: at 1M papers the index and the cache take half a minute after the last file)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from textual.content import Content

from papertui.tui.app import PaperTUI
from papertui.tui.screens.freshness import NO_CACHE, files_read
from papertui.tui.widgets import ResultList

from .conftest import TINY, main, ready


def test_files_read_counts_then_names_the_index() -> None:
    assert files_read(0, 100_000) == "0 of 100,000 files"
    assert files_read(12_496, 100_000) == "12,496 of 100,000 files"
    assert files_read(100_000, 100_000) == "all read, indexing"


async def test_a_cold_load_says_when_the_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    real = PaperTUI._show_progress

    def record(self: PaperTUI, text: Content) -> None:
        shown.append(text.plain)
        real(self, text)

    monkeypatch.setattr(PaperTUI, "_show_progress", record)
    data = Path(shutil.copytree(TINY, tmp_path / "data"))  # no cache yet: parsed
    app = PaperTUI(data)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
    assert shown, "no progress was shown"
    assert shown[-1].startswith("Loading papers\u2026 ")
    assert shown[-1] == "Loading papers\u2026 all read, indexing"


async def test_the_empty_list_says_why_a_cold_load_takes_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the files are read (no cache yet), the list says so once instead of repeating
    the status line's "Loading papers"; the first results replace it."""
    listed: list[str] = []
    real, report = PaperTUI._show_progress, PaperTUI._load_progress

    def record(self: PaperTUI, text: Content) -> None:
        real(self, text)
        listed.extend(r.empty_message.plain for r in self.main_screen.query(ResultList))

    def late(self: PaperTUI, done: int, total: int) -> None:
        # the tiny folder is read before the screen is up, where progress shows nowhere:
        # the loading thread waits for it (a bool read across threads)
        for _ in range(500):
            if self.main_screen.is_mounted:
                break
            time.sleep(0.01)
        report(self, done, total)

    monkeypatch.setattr(PaperTUI, "_show_progress", record)
    monkeypatch.setattr(PaperTUI, "_load_progress", late)
    data = Path(shutil.copytree(TINY, tmp_path / "data"))
    app = PaperTUI(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # the results' own message from now on (shown should a search find nothing)
        assert main(pilot).query_one(ResultList).empty_message.plain != NO_CACHE
    assert listed and set(listed) == {NO_CACHE}
