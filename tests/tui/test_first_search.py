"""The first search runs on the load thread and arrives with the library: the screen shows
its results without a search of its own (100k papers, cache warm: -50 ms to the first
results), unless the view changed meanwhile or that search failed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from papertui.config.load import load_config
from papertui.search.engine import Engine, Sort, View
from papertui.tui import app as app_module
from papertui.tui.app import PaperTUI
from papertui.tui.screens import searches as searches_module
from papertui.tui.widgets import ResultList

from .conftest import TINY, ready, settle

Ran = list[tuple[View, str]]


def spied(monkeypatch: pytest.MonkeyPatch) -> Ran:
    """Every engine search from now on: its view and the thread it ran on. Every library
    is big (``INLINE_SEARCH_MAX`` 0): a search the screen runs itself goes to a worker."""
    monkeypatch.setattr(searches_module, "INLINE_SEARCH_MAX", 0)
    ran: Ran = []
    original = Engine.run

    def spy(self: Engine, view: View, *args: object, **kwargs: object) -> object:
        ran.append((view, threading.current_thread().name))
        return original(self, view, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "run", spy)
    return ran


async def test_the_first_results_are_the_load_threads_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran = spied(monkeypatch)
    app = PaperTUI(TINY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert ran[0] == (View(), "papertui-load")
        assert [view for view, _ in ran].count(View()) == 1  # the screen did not search again
        assert screen.results is not None and screen.results.view == View()
        assert screen.engine is not None and screen.searches.engine is screen.engine
        shown = list(screen.query_one(ResultList).ids)
        assert len(shown) == 13 and shown == list(screen.engine.run(View()).ids)


async def test_the_configured_sort_is_searched_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = spied(monkeypatch)
    path = tmp_path / "config.toml"
    path.write_text('sort = "title"\n', encoding="utf-8")
    app = PaperTUI(TINY, config=load_config(str(path), env={}))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert ran[0] == (View(sort=Sort.TITLE), "papertui-load")
        assert screen.view.sort is Sort.TITLE
        assert [view for view, _ in ran].count(View(sort=Sort.TITLE)) == 1
        assert screen.library is not None
        titles = [screen.library.papers[i].title.casefold() for i in screen.results.ids]  # type: ignore[union-attr]
        assert titles == sorted(titles)


async def test_keys_typed_before_the_load_are_searched_by_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The load's search is for an empty box; "attn" typed while it ran is searched anew."""
    ran = spied(monkeypatch)
    loaded = threading.Event()
    load = PaperTUI._load

    def slow(self: PaperTUI, *args: object, **kwargs: object) -> object:
        loaded.wait(5)  # until the keys are in the box
        return load(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PaperTUI, "_load", slow)
    app = PaperTUI(TINY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"attn")
        loaded.set()
        screen = await ready(pilot)
        await settle(pilot)
        assert screen.results is not None and screen.results.view.query == "attn"
        assert (View(query="attn"), "papertui-load") not in ran
        assert any(view.query == "attn" for view, _ in ran)
        assert "transformer" in list(screen.query_one(ResultList).ids)[:2]


async def test_a_first_search_that_fails_leaves_the_search_to_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran = spied(monkeypatch)

    def broken(*_args: object) -> object:
        raise RuntimeError("the first search failed")

    monkeypatch.setattr(app_module, "first_search", broken)
    app = PaperTUI(TINY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert [thread for view, thread in ran if view == View()][:1] != ["papertui-load"]
        assert View() in [view for view, _ in ran]  # the screen searched itself
        assert len(list(screen.query_one(ResultList).ids)) == 13
