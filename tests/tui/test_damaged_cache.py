"""A damaged cache record is reloaded in the background (issue 22 item 3): the app keeps
answering keys while the papers are read again from the YAML, the status line says what
happened, and the repaired library is swapped in."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from papertui.library.datafolder import LoadResult
from papertui.store import format as fmt
from papertui.store import load
from papertui.store import refresh as refresh_module
from papertui.store.lazypapers import LazyPapers
from papertui.store.reader import read_header
from papertui.tui.app import PaperTUI
from papertui.tui.messages import LibraryLoaded
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets import SearchBar

from .conftest import main
from .test_fresh_reload import ERAS, status_text, until, write_paper

IDS = ("alpha", "beta", "gamma")


def damage_every_record(data: Path) -> None:
    """Flip one byte in each paper record of the folder's cache (in place)."""
    path = fmt.cache_path(data)
    raw = bytearray(path.read_bytes())
    found = read_header(bytes(raw))
    assert found is not None
    header, start = found
    blob = start + header.body_size + header.columns_size
    for at in range(blob, len(raw), 7):
        raw[at] ^= 0x20
    path.write_bytes(bytes(raw))


@pytest.fixture
def damaged_folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    (data / "eras.yaml").write_text(ERAS, encoding="utf-8")
    for pid in IDS:
        write_paper(data, pid)
    load.load_cached(data)
    damage_every_record(data)
    return data


async def test_a_damaged_record_is_reloaded_in_the_background_and_said(
    damaged_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    parsed_on: list[int] = []
    real = load._parse

    def gated(data_dir: Path, progress: fmt.Progress | None) -> LoadResult:
        parsed_on.append(threading.get_ident())
        assert gate.wait(30)  # the test looks at the app while the YAML is being read
        return real(data_dir, progress)

    monkeypatch.setattr(load, "_parse", gated)
    # the freshness check would find the dropped cache and rebuild it too: not this test's
    monkeypatch.setattr(refresh_module, "refresh", lambda *_args: refresh_module.Refreshed())
    app = PaperTUI(damaged_folder)
    async with app.run_test(size=(120, 30)) as pilot:
        ui_thread = threading.get_ident()
        await until(pilot, lambda: main(pilot).results is not None)
        screen = main(pilot)
        first = screen.library
        assert first is not None and isinstance(first.papers, LazyPapers)  # from the cache
        await until(pilot, lambda: bool(parsed_on))  # the detail read a damaged record
        assert parsed_on[0] != ui_thread  # the YAML is read off the UI thread
        await until(pilot, lambda: "cache damaged: reading the YAML" in status_text(pilot))
        assert not fmt.cache_path(damaged_folder).exists()  # the damaged cache is dropped
        # the app still answers keys meanwhile
        screen.query_one(SearchBar).focus()
        await pilot.press("b", "e")
        await until(pilot, lambda: screen.results is not None and screen.results.view.query == "be")
        assert screen.results is not None and screen.results.ids == ["beta"]
        assert screen.library is first
        gate.set()
        await until(pilot, lambda: screen.library is not first)
        await until(pilot, lambda: "papers read again from the YAML" in status_text(pilot))
        assert screen.library is not None and sorted(screen.library.papers) == list(IDS)
        assert screen.library.papers["beta"].title == "Paper beta"  # readable again
        assert screen.results is not None and screen.results.view.query == "be"


async def test_the_command_line_still_reloads_on_the_spot(damaged_folder: Path) -> None:
    """Without an ``on_damage`` hook (every command), a damaged record is answered from
    the YAML at once, as before."""
    result = load.load_cached(damaged_folder)
    assert isinstance(result.library.papers, LazyPapers)
    assert result.library.papers["beta"].title == "Paper beta"


async def test_a_freshness_check_running_meanwhile_does_not_swap_in_too(
    damaged_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check that follows the first paint finds the dropped cache stale and rebuilds
    it; its news is moot while the damaged cache is read again: one swap, one note."""
    checking, parsing = threading.Event(), threading.Event()
    checked: list[refresh_module.Refreshed] = []
    real_refresh, real_parse = refresh_module.refresh, load._parse

    def gated_refresh(*args: object) -> refresh_module.Refreshed:
        assert checking.wait(30)
        found = real_refresh(*args)  # type: ignore[arg-type]
        checked.append(found)
        return found

    def gated_parse(data_dir: Path, progress: fmt.Progress | None) -> LoadResult:
        assert parsing.wait(30)
        return real_parse(data_dir, progress)

    monkeypatch.setattr(refresh_module, "refresh", gated_refresh)
    monkeypatch.setattr(load, "_parse", gated_parse)
    loads: list[LibraryLoaded] = []
    real_loaded = MainScreen.on_library_loaded

    def counted(screen: MainScreen, message: LibraryLoaded) -> None:
        loads.append(message)
        real_loaded(screen, message)

    monkeypatch.setattr(MainScreen, "on_library_loaded", counted)
    app = PaperTUI(damaged_folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: "cache damaged: reading the YAML" in status_text(pilot))
        checking.set()  # the check runs now, and finds the cache gone: stale
        await until(pilot, lambda: bool(checked))
        assert checked[0].stale
        await pilot.pause(0.2)
        assert "data changed on disk" not in status_text(pilot)
        parsing.set()
        await until(pilot, lambda: "papers read again from the YAML" in status_text(pilot))
        await pilot.pause(0.3)
        assert len(loads) == 2 and loads[1].damaged  # the first paint, then the repair only
