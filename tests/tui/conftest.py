"""Shared helpers for the Pilot and snapshot tests: the tiny fixture app, settled."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerCancelled

from papertui.store import refresh as refresh_module
from papertui.tui.app import NO_BLINK_ENV, PaperTUI
from papertui.tui.screens.main import MainScreen

TINY = Path(__file__).resolve().parent.parent / "data" / "tiny"


@pytest.fixture(autouse=True)
def _steady_ui(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """No blinking cursor, no animations, a private load cache: deterministic screens."""
    monkeypatch.setenv(NO_BLINK_ENV, "1")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("xdg-state")))
    yield


def repaints_of(widget: Widget) -> list[Region]:
    """The regions ``widget`` is asked to repaint from now on (``widget.refresh``'s; a call
    with none, a repaint of the whole widget, adds its whole region)."""
    asked: list[Region] = []
    original = widget.refresh

    def record(*regions: Region, **kwargs: bool) -> Widget:
        asked.extend(regions or [widget.size.region])
        return original(*regions, **kwargs)

    widget.refresh = record  # type: ignore[method-assign]
    return asked


def make_app(data: Path = TINY) -> PaperTUI:
    return PaperTUI(data)


async def _workers_done(pilot: Pilot[int]) -> None:
    # A newer search cancelling an older one is expected, not an error.
    with contextlib.suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()


async def settle(pilot: Pilot[int]) -> None:
    """Wait for the loader and every search worker, then for the debounced detail."""
    for _ in range(3):
        await _workers_done(pilot)
        await pilot.pause()
    await pilot.pause(0.2)  # the detail panel waits TYPING_DEBOUNCE after new results
    await _workers_done(pilot)
    await pilot.pause()


def main(pilot: Pilot[int]) -> MainScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def until(pilot: Pilot[int], done: Callable[[], bool], seconds: float = 30.0) -> None:
    """Wait (however slow the host, up to ``seconds``) until ``done()``."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")


async def ready(pilot: Pilot[int]) -> MainScreen:
    """Settle until the library is loaded and the first results are shown."""
    for _ in range(50):
        await settle(pilot)
        if main(pilot).results is not None:
            break
    screen = main(pilot)
    assert screen.results is not None, "the library never loaded"
    return screen


async def search(pilot: Pilot[int], text: str) -> MainScreen:
    """Focus the search box, replace its text by typing ``text``, settle."""
    screen = main(pilot)
    await pilot.press("slash")
    box = screen.query_one("#search")
    from textual.widgets import Input

    assert isinstance(box, Input)
    box.value = ""
    await pilot.press(*text) if text else None
    await settle(pilot)
    return screen


@dataclass
class GatedCheck:
    """The background freshness check, held back until ``gate`` is set (so a test sees
    the first paint from the cache first); ``checked`` gets the stamps it was asked for."""

    gate: threading.Event = field(default_factory=threading.Event)
    checked: list[Sequence[tuple[object, int]]] = field(default_factory=list)


@pytest.fixture
def gated_check(monkeypatch: pytest.MonkeyPatch) -> GatedCheck:
    held = GatedCheck()
    real = refresh_module.refresh

    def gated(stamps: Sequence[tuple[object, int]], *args: object) -> refresh_module.Refreshed:
        held.checked.append(stamps)
        assert held.gate.wait(30)  # the test looks at the first paint before the check runs
        return real(stamps, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh_module, "refresh", gated)
    return held
