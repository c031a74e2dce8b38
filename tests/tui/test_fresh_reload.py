"""A warm start paints from the cache at once, then swaps in data changed on disk and says
so (issue 22 item 4): the app never keeps showing a stale library."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from papertui.library.model import Library
from papertui.store import load
from papertui.tui.app import PaperTUI
from papertui.tui.screens import freshness
from papertui.tui.screens.searches import Searches
from papertui.tui.widgets import StatusLine

from .conftest import GatedCheck, main, until

ERAS = "- id: modern\n  name: Modern\n  start: 2010\n"
PAPER = 'id: {id}\nshort: {id}\ntitle: "Paper {id}"\ndate: "2015-03"\nera: modern\n'


def write_paper(folder: Path, pid: str) -> None:
    (folder / "papers" / f"{pid}.yaml").write_text(PAPER.format(id=pid), encoding="utf-8")


def status_text(pilot: Pilot[int]) -> str:
    return str(main(pilot).query_one(StatusLine).render())


@pytest.fixture
def changed_folder(tmp_path: Path) -> Path:
    """A data folder with a warm cache of two papers, and a third added since."""
    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    (data / "eras.yaml").write_text(ERAS, encoding="utf-8")
    for pid in ("alpha", "beta"):
        write_paper(data, pid)
    load.load_cached(data)
    write_paper(data, "gamma")
    return data


async def test_cached_data_first_then_the_changed_library_and_a_note(
    changed_folder: Path, gated_check: GatedCheck
) -> None:
    checked = gated_check.checked
    app = PaperTUI(changed_folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main(pilot).results is not None)
        screen = main(pilot)
        assert screen.library is not None and sorted(screen.library.papers) == ["alpha", "beta"]
        assert "Showing 2 of 2" in status_text(pilot)  # painted from the (stale) cache
        await until(pilot, lambda: bool(checked))  # the check started after the paint
        assert [folder for folder, _stamp in checked[0]] == [changed_folder]
        gated_check.gate.set()
        await until(pilot, lambda: screen.library is not None and len(screen.library) == 3)
        await until(pilot, lambda: "reloaded" in status_text(pilot))
        text = status_text(pilot)
        assert "Showing 3 of 3" in text or "3/3" in text  # the short form beside the note
        assert "data changed on disk: reloaded 1 file" in text
        assert screen.results is not None and "gamma" in screen.results.ids
        await pilot.press("slash", "g")  # the next search drops the note
        await until(pilot, lambda: "reloaded" not in status_text(pilot))


async def test_unchanged_data_is_checked_and_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    (data / "eras.yaml").write_text(ERAS, encoding="utf-8")
    write_paper(data, "alpha")
    load.load_cached(data)
    app = PaperTUI(data)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main(pilot).results is not None)
        screen = main(pilot)
        library = screen.library
        await pilot.app.workers.wait_for_complete()  # the check ran and found nothing
        await pilot.pause()
        assert screen.library is library
        assert "disk" not in status_text(pilot)


def libraries_with(pid: str) -> int:
    """Libraries alive in this process that hold ``pid`` (frozen ones made visible: a
    load freezes what it made, so a replaced library's cycles would otherwise hide). One
    being given back (store/reclaim.py empties it attribute by attribute, ``papers`` then
    ``None``) holds nothing any more."""
    gc.unfreeze()
    try:
        return sum(
            1
            for o in gc.get_objects()
            if isinstance(o, Library) and o.papers is not None and pid in o.papers
        )
    finally:
        gc.freeze()


async def test_the_library_a_reload_replaced_is_given_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every reload used to keep the library it replaced (the start-up hand-over kept the
    # first; the load's gc.freeze kept the cycles of the others): ~90 MiB each at 100k
    monkeypatch.setattr(freshness, "RECLAIM_AFTER", 0.05)
    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    (data / "eras.yaml").write_text(ERAS, encoding="utf-8")
    write_paper(data, "reclaimone")
    load.load_cached(data)
    write_paper(data, "reclaimtwo")  # the background check finds it and reloads
    app = PaperTUI(data)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = main(pilot)
        await until(pilot, lambda: screen.library is not None and len(screen.library) == 2)
        await until(pilot, lambda: "reloaded" in status_text(pilot))
        await pilot.pause(0.3)  # past RECLAIM_AFTER
        await until(pilot, lambda: libraries_with("reclaimone") == 1)
        assert screen.library is not None and "reclaimtwo" in screen.library.papers


async def test_the_old_library_is_not_collected_while_the_user_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the collection holds the GIL (~0.1 s at 1M papers): it waits for a pause in the typing
    monkeypatch.setattr(freshness, "RECLAIM_AFTER", 0.05)
    calls: list[float] = []
    monkeypatch.setattr(freshness, "reclaim", lambda: calls.append(time.monotonic()) or 0)
    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    (data / "eras.yaml").write_text(ERAS, encoding="utf-8")
    write_paper(data, "typedone")
    load.load_cached(data)
    write_paper(data, "typedtwo")
    typing = [time.monotonic() + 3600]  # every search looks as if a key came just now
    real_run = Searches.run

    def run(self: Searches, *args: Any, **kwargs: Any) -> Any:
        results = real_run(self, *args, **kwargs)
        self.last_run = typing[0]
        return results

    monkeypatch.setattr(Searches, "run", run)
    app = PaperTUI(data)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = main(pilot)
        await until(pilot, lambda: "reloaded" in status_text(pilot))
        await pilot.pause(0.5)  # ten tries' worth
        assert calls == []
        typing[0] = screen.searches.last_run = 0.0  # the user stopped typing
        await until(pilot, lambda: bool(calls))
