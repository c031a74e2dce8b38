"""Searching from the UI: each query form, ranking, highlighting, errors, empty state."""

from __future__ import annotations

import pytest

from papertui.search.engine import Engine, Sort, View
from papertui.search.query import parse_query
from papertui.tui.widgets import ResultList, StatusLine

from .conftest import make_app, ready, search, settle


def shown(screen: object) -> list[str]:
    from papertui.tui.screens.main import MainScreen

    assert isinstance(screen, MainScreen)
    return list(screen.query_one(ResultList).ids)


async def test_start_shows_every_paper_by_date() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        ids = shown(screen)
        assert len(ids) == 13
        assert ids[0] == "backprop" and ids[-1] == "ridley-sparse"
        status = screen.query_one(StatusLine).render()
        assert "Showing 13 of 13" in str(status)
        assert screen.current == "backprop"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("attn is all", ["transformer"]),
        ("tag:Attention", ["bahdanau", "transformer"]),
        ("era:scaling", ["scaling-laws", "gpt3", "ridley-sparse"]),
        ("author:hinton", ["backprop"]),
        ("org:openai", ["gpt2", "scaling-laws", "gpt3"]),
        ("year:2017", ["transformer"]),
        (
            "year:2017..2020",
            [
                "transformer",
                "bert",
                "gpt2",
                "relay",
                "roberta",
                "camembert",
                "scaling-laws",
                "gpt3",
            ],
        ),
        ('tag:"Language Models" year:2019 bert', ["roberta", "camembert"]),
    ],
)
async def test_each_query_form(query: str, expected: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, query)
        assert screen.view.query == query
        assert shown(screen) == expected
        assert screen.current == expected[0]
        assert f"Showing {len(expected)} of 13" in str(screen.query_one(StatusLine).render())


async def test_ranking_exact_before_fuzzy_and_ridley_is_not_relay() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "bert")
        assert shown(screen)[:3] == ["bert", "roberta", "camembert"]
        screen = await search(pilot, "ridley")
        assert shown(screen) == ["ridley-sparse"]
        screen = await search(pilot, "eric")  # accent-insensitive: Éric
        assert shown(screen) == ["camembert"]


async def test_matched_characters_are_highlighted() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "attn is all")
        row = screen.query_one(ResultList).render_row(0, 80)
        assert "Attention Is All You Need" in row.plain
        title_at = row.plain.index("Attention")
        styled = [
            (s.start - title_at, s.end - title_at) for s in row.spans if "underline" in str(s.style)
        ]
        assert (0, 3) in styled  # "Att" of "Attention"


async def test_query_error_is_shown_inline() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "year:abc")
        status = str(screen.query_one(StatusLine).render())
        assert "year:abc is not a year" in status
        assert len(shown(screen)) == 13  # the bad filter is ignored, nothing breaks


async def test_empty_state_names_the_query_and_the_way_out() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "xyzzy")
        results = screen.query_one(ResultList)
        assert results.count == 0
        assert results.empty_message.plain == "No papers match 'xyzzy' \u2014 Esc clears the search"
        assert screen.current is None


async def test_sort_key_cycles_relevance_date_newest_title() -> None:
    """s: relevance, date, date newest first, title, each from the top of the list; S
    reverses the order shown (issue 16 item 9)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultList)
        results.focus()
        await pilot.press("j", "j", "j")
        await pilot.press("s")
        await settle(pilot)
        assert screen.view.sort == Sort.DATE and not screen.reversed
        assert results.cursor == 0
        oldest = shown(screen)
        await pilot.press("s")
        await settle(pilot)
        assert screen.view.sort == Sort.DATE and screen.reversed
        assert shown(screen) == oldest[::-1]
        assert "newest first" in str(screen.query_one(StatusLine).render())
        await pilot.press("j", "j", "s")
        await settle(pilot)
        assert screen.view.sort == Sort.TITLE and not screen.reversed
        titles = [screen.library.papers[i].title for i in shown(screen)]  # type: ignore[union-attr]
        assert titles == sorted(titles, key=str.casefold)
        assert results.cursor == 0 and screen.current == shown(screen)[0]
        await pilot.press("S")
        await settle(pilot)
        reversed_titles = [screen.library.papers[i].title for i in shown(screen)]  # type: ignore[union-attr]
        assert reversed_titles == titles[::-1]
        await pilot.press("s")
        await settle(pilot)
        assert screen.view.sort == Sort.RELEVANCE and not screen.reversed


async def test_type_ahead_before_loading_is_kept() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"attn")  # possibly before the loader has finished
        screen = await ready(pilot)
        assert screen.query_one("#search").value == "attn"  # type: ignore[attr-defined]
        assert screen.view.query == "attn"
        assert "transformer" in shown(screen)[:2]


async def test_stale_search_results_are_dropped() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        from papertui.search.engine import View
        from papertui.tui.messages import SearchFinished

        assert screen.engine is not None
        old = screen.engine.run(View(query="xyzzy"))
        screen.post_message(SearchFinished(screen.searches.generation - 1, old))
        await settle(pilot)
        assert len(shown(screen)) == 13


async def test_text_filter_searches_summaries_and_an_empty_search_counts_them() -> None:
    """Issue 16 item 8: ``text:`` finds words of the summaries; free text that finds no
    name or title says how many summaries mention it."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "text:zero-shot")
        assert shown(screen) == ["gpt2"]
        screen = await search(pilot, "zero-shot")
        assert shown(screen) == []
        message = screen.query_one(ResultList).empty_message.plain
        assert "1 paper mentions it in the summary" in message and "text:zero-shot" in message


async def test_a_big_library_points_to_the_text_filter_without_counting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counting summaries decodes every paper: above SUMMARY_HINT_MAX papers an empty
    search only says where to look (no worker, no paper decoded for it)."""
    from papertui.tui.screens import results as results_module

    monkeypatch.setattr(results_module, "SUMMARY_HINT_MAX", 5)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "zero-shot")
        assert shown(screen) == []
        message = screen.query_one(ResultList).empty_message.plain
        assert "look in the summaries" in message and "text:zero-shot" in message
        assert "mentions" not in message
        assert screen.summaries is not None and screen.summaries._texts is None


async def test_text_filters_are_resolved_in_the_search_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Resolving ``text:`` folds every summary once (seconds at 100k): where searches run
    in a worker, so does that, never on the UI thread."""
    import threading

    from papertui.tui.screens import searches as searches_module
    from papertui.tui.screens.main import MainScreen

    monkeypatch.setattr(searches_module, "INLINE_SEARCH_MAX", 0)  # every search: a worker
    on_ui: list[bool] = []
    original = MainScreen.with_texts

    def spy(self: MainScreen, view: View) -> View:
        if parse_query(view.query).texts:  # the box's text before "text:x" costs nothing
            on_ui.append(threading.current_thread() is threading.main_thread())
        return original(self, view)

    monkeypatch.setattr(MainScreen, "with_texts", spy)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "text:zero-shot")
        assert shown(screen) == ["gpt2"]
        assert on_ui and not any(on_ui)


async def where_searched(
    monkeypatch: pytest.MonkeyPatch, typed: list[str], budget: float
) -> tuple[list[tuple[str, bool]], list[str]]:
    """A big library's searches (every library is big: ``INLINE_SEARCH_MAX`` 0) for each
    of ``typed`` (the box's text replaced by typing it, key by key), after the engine's
    warm-up, with ``budget`` as ``INLINE_BUDGET``: (query, run on the UI thread) each,
    and the papers shown at the end."""
    import threading

    from papertui.tui.screens import searches as searches_module

    monkeypatch.setattr(searches_module, "INLINE_SEARCH_MAX", 0)
    monkeypatch.setattr(searches_module, "INLINE_BUDGET", budget)
    ran: list[tuple[str, bool]] = []
    original = Engine.run

    def spy(self: Engine, view: View, *args: object, **kwargs: object) -> object:
        ran.append((view.query, threading.current_thread() is threading.main_thread()))
        return original(self, view, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "run", spy)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        for _ in range(50):  # the engine warms in a worker after the first paint
            if screen.searches._warm:
                break
            await pilot.pause(0.05)
        assert screen.searches._warm
        ran.clear()
        for text in typed:
            if text.startswith(screen.view.query) and screen.view.query:
                await pilot.press(*text[len(screen.view.query) :])
            elif screen.view.query.startswith(text):  # shorter: backspaces
                await pilot.press(*["backspace"] * (len(screen.view.query) - len(text)))
            else:
                await search(pilot, text)
            await settle(pilot)
        return ran, shown(screen)


async def test_a_big_library_searches_on_the_ui_thread_when_the_search_only_narrows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Handing a search to a worker costs a key 2-3 ms at 1M papers: a search that only
    narrows a cheap one runs where the key is handled, one frame for both."""
    ran, papers = await where_searched(monkeypatch, ["gpt"], budget=1.0)
    assert ran == [("g", True), ("gp", True), ("gpt", True)]
    assert papers[:2] == ["gpt2", "gpt3"]


async def test_a_search_that_does_not_narrow_goes_to_a_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A backspace widens the search: its cost is not known, so a worker runs it; the
    next key narrows that one again."""
    ran, papers = await where_searched(monkeypatch, ["gpt", "gp", "gpt"], budget=1.0)
    assert ran[3:] == [("gp", False), ("gpt", True)]
    assert papers[:2] == ["gpt2", "gpt3"]


async def test_a_search_after_a_slow_one_goes_to_a_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing took at most a budget of -1 s: every search is a worker's, as before."""
    ran, papers = await where_searched(monkeypatch, ["gpt"], budget=-1.0)
    assert ran == [("g", False), ("gp", False), ("gpt", False)]
    assert papers[:2] == ["gpt2", "gpt3"]


async def test_filters_the_engine_does_not_resolve_stay_off_the_ui_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``text:`` (every summary folded the first time) and lineage filters go to a worker
    even while they narrow a cheap search; so does a personal filter (its sets of ids)."""
    ran, _papers = await where_searched(
        monkeypatch, ["bert", "bert text:x", "desc:bert", "desc:bert g", "is:read"], 1.0
    )
    on_ui = {query for query, ui in ran if ui}
    assert "bert" in on_ui
    filtered = {q for q, _ui in ran if (p := parse_query(q)).texts or p.lineage or p.personal}
    assert {"bert text:x", "desc:bert", "desc:bert g", "is:read"} <= filtered
    assert not filtered & on_ui  # ("is:rea", still typed, filters nothing: on the UI)
