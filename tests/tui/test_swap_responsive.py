"""While a changed library is read back after the background check (issue 22 item 3:
the UI never stalls), the app keeps answering keys on the library it shows, and says a
reload is under way; the new library then replaces it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from papertui.store import load
from papertui.tui.app import PaperTUI
from papertui.tui.widgets import SearchBar

from .conftest import main
from .test_fresh_reload import changed_folder, status_text, until  # noqa: F401


async def test_keys_are_answered_while_the_changed_library_is_read(
    changed_folder: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = threading.Event()
    calls: list[int] = []
    real = load.load_quick

    def gated(*args: object) -> load.Quick:
        calls.append(threading.get_ident())
        if len(calls) > 1:  # the reload after the check, not the first load
            assert gate.wait(30)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "load_quick", gated)
    app = PaperTUI(changed_folder)
    async with app.run_test(size=(120, 30)) as pilot:
        ui_thread = threading.get_ident()
        await until(pilot, lambda: main(pilot).results is not None)
        screen = main(pilot)
        first = screen.library
        await until(pilot, lambda: len(calls) > 1)  # the check found gamma: reading back
        assert calls[1] != ui_thread
        await until(pilot, lambda: "data changed on disk: reloading" in status_text(pilot))
        screen.query_one(SearchBar).focus()
        await pilot.press("b", "e")
        await until(pilot, lambda: screen.results is not None and screen.results.view.query == "be")
        assert screen.results is not None and screen.results.ids == ["beta"]
        assert screen.library is first  # still the one on screen
        gate.set()
        await until(pilot, lambda: screen.library is not first)
        assert screen.library is not None and sorted(screen.library.papers) == [
            "alpha",
            "beta",
            "gamma",
        ]
        await until(pilot, lambda: "reloaded 1 file" in status_text(pilot))
