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
from papertui.tui.widgets import ResultList, StatusLine

from .conftest import TINY, main, ready


def test_files_read_counts_then_names_the_index() -> None:
    assert files_read(0, 100_000) == "0 of 100,000 files"
    assert files_read(12_496, 100_000) == "12,496 of 100,000 files"
    assert files_read(100_000, 100_000) == "all read, indexing"


async def test_a_cold_load_says_when_the_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    real, report = PaperTUI._show_progress, PaperTUI._load_progress

    def record(self: PaperTUI, text: Content, indexing: bool = False) -> None:
        shown.append(text.plain)
        real(self, text, indexing)

    def late(self: PaperTUI, done: int, total: int) -> None:
        screen_up(self)  # before the app's loop runs, progress has nowhere to go
        report(self, done, total)

    monkeypatch.setattr(PaperTUI, "_show_progress", record)
    monkeypatch.setattr(PaperTUI, "_load_progress", late)
    data = Path(shutil.copytree(TINY, tmp_path / "data"))  # no cache yet: parsed
    app = PaperTUI(data)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
    assert shown, "no progress was shown"
    assert shown[-1].startswith("Loading papers\u2026 ")
    assert shown[-1] == "Loading papers\u2026 all read, indexing"


def screen_up(app: PaperTUI) -> None:
    """On the load thread: wait (up to 5 s) for the main screen. The tiny folder is read
    before the screen is up, where progress shows nowhere (a bool read across threads;
    the app makes the screen after the load has begun)."""
    for _ in range(500):
        screen = getattr(app, "main_screen", None)
        if screen is not None and screen.is_mounted:
            return
        time.sleep(0.01)


async def test_the_empty_list_says_why_a_cold_load_takes_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the files are read (no cache yet), the list says so once instead of repeating
    the status line's "Loading papers"; the first results replace it."""
    listed: list[str] = []
    real, report = PaperTUI._show_progress, PaperTUI._load_progress

    def record(self: PaperTUI, text: Content, indexing: bool = False) -> None:
        real(self, text, indexing)
        listed.extend(r.empty_message.plain for r in self.main_screen.query(ResultList))

    def late(self: PaperTUI, done: int, total: int) -> None:
        screen_up(self)
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


async def test_the_status_line_counts_the_seconds_of_indexing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once every file is read, the indexes and the cache take a while (25 s at 1M papers):
    the status line counts the seconds so that the start does not look stuck, and stops
    once the papers are shown."""
    report = PaperTUI._load_progress

    def slow(self: PaperTUI, done: int, total: int) -> None:
        screen_up(self)
        report(self, done, total)
        if done >= total:  # a big folder's indexing, on the loading thread
            time.sleep(2.4)

    monkeypatch.setattr(PaperTUI, "_load_progress", slow)
    data = Path(shutil.copytree(TINY, tmp_path / "data"))
    app = PaperTUI(data)
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(300):
            await pilot.pause(0.05)
            seen.add(str(main(pilot).query_one(StatusLine).render()))
            if main(pilot).results is not None:
                break
        await ready(pilot)
        assert "Loading papers\u2026 all read, indexing (1 s)" in seen
        assert "Loading papers\u2026 all read, indexing (2 s)" in seen
        await pilot.pause(1.3)  # past another tick: the count has stopped
        assert str(main(pilot).query_one(StatusLine).render()).startswith("Showing ")


async def test_files_counted_after_an_indexing_stop_its_count() -> None:
    """Layered folders load one after the other: once the first is indexed, the second's
    files are counted, and the first's seconds must not overwrite them."""
    app = PaperTUI(TINY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        status = screen.query_one(StatusLine)
        screen.show_load_progress(Content("Loading papers\u2026 all read, indexing"), True)
        await pilot.pause(1.3)
        assert str(status.render()) == "Loading papers\u2026 all read, indexing (1 s)"
        screen.show_load_progress(Content("Loading papers\u2026 0 of 5 files"))
        await pilot.pause(1.3)
        assert str(status.render()) == "Loading papers\u2026 0 of 5 files"
