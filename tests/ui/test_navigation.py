"""Lineage jumps, history (back/forward, browser semantics), breadcrumb, Esc layering."""

from __future__ import annotations

from textual.widgets import Input

from papertui.widgets import Breadcrumb, LineageList, PaperDetail, ResultList

from .conftest import make_app, ready, search, settle


async def open_paper(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Search, then Enter on the top result (a recorded jump)."""
    screen = await search(pilot, query)
    await pilot.press("enter")  # search box -> results
    assert isinstance(screen.focused, ResultList)
    await pilot.press("enter")  # open the highlighted paper
    await settle(pilot)


async def follow(pilot, list_id: str, paper_id: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a lineage list, move to ``paper_id`` with j, press Enter."""
    screen = pilot.app.screen
    lineage = screen.query_one(list_id, LineageList)
    lineage.focus()
    await pilot.pause()
    ids = lineage.paper_ids
    for _ in range(ids.index(paper_id)):
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)


async def test_follow_builds_on_and_built_upon_links() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_paper(pilot, "bert")
        screen = pilot.app.screen
        assert screen.current == "bert"  # type: ignore[attr-defined]
        detail = screen.query_one(PaperDetail)
        assert detail.paper_id == "bert"
        assert screen.query_one("#builds-on", LineageList).paper_ids == ["transformer"]
        assert screen.query_one("#built-upon", LineageList).paper_ids == ["roberta"]

        await follow(pilot, "#built-upon", "roberta")
        assert detail.paper_id == "roberta"
        assert screen.query_one("#builds-on", LineageList).paper_ids == ["bert"]

        await follow(pilot, "#builds-on", "bert")
        await follow(pilot, "#builds-on", "transformer")
        assert detail.paper_id == "transformer"
        assert screen.query_one("#builds-on", LineageList).paper_ids == ["bahdanau", "seq2seq"]
        assert screen.query_one("#built-upon", LineageList).paper_ids == ["bert", "gpt2"]
        history = screen.history  # type: ignore[attr-defined]
        assert list(history.trail) == ["bert", "roberta", "bert", "transformer"]


async def test_back_and_forward_across_five_jumps_with_new_jump_after_back() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_paper(pilot, "camembert")
        screen = pilot.app.screen
        chain = ["roberta", "bert", "transformer", "bahdanau", "seq2seq"]
        for target in chain:  # five jumps down the builds-on chain
            await follow(pilot, "#builds-on", target)
        history = screen.history  # type: ignore[attr-defined]
        assert list(history.trail) == ["camembert", *chain]
        detail = screen.query_one(PaperDetail)
        assert screen.check_action("forward", ()) is None  # greyed out at the end
        assert screen.check_action("back", ()) is True

        screen.query_one(ResultList).focus()
        expected_back = ["bahdanau", "transformer", "bert", "roberta", "camembert"]
        keys = ["left_square_bracket", "backspace", "alt+left", "left_square_bracket", "backspace"]
        for key, expected in zip(keys, expected_back, strict=True):
            await pilot.press(key)
            await settle(pilot)
            assert detail.paper_id == expected
        assert screen.check_action("back", ()) is None  # greyed out at the start
        await pilot.press("left_square_bracket")  # nothing further back
        await settle(pilot)
        assert detail.paper_id == "camembert"

        await pilot.press("right_square_bracket", "alt+right")
        await settle(pilot)
        assert detail.paper_id == "bert"
        assert history.can_go_forward

        # A new jump after going back drops the forward entries (browser semantics).
        await follow(pilot, "#built-upon", "roberta")
        assert list(history.trail) == ["camembert", "roberta", "bert", "roberta"]
        assert not history.can_go_forward
        assert screen.check_action("forward", ()) is None
        crumb = str(screen.query_one(Breadcrumb).render())
        assert "CamemBERT \u203a RoBERTa \u203a BERT \u203a [RoBERTa]" in crumb


async def test_backspace_in_search_box_edits_text_not_history() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_paper(pilot, "bert")
        await follow(pilot, "#built-upon", "roberta")
        screen = await search(pilot, "gpt")
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "gp"
        assert screen.history.current == "roberta"


async def test_escape_backs_out_one_layer_at_a_time() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        screen.set_era("transformer")
        screen.toggle_tag("Language Models")
        await settle(pilot)
        await search(pilot, "bert")
        assert len(screen.query_one(ResultList).ids) == 3
        box = screen.query_one("#search", Input)

        await pilot.press("escape")  # 1: clear the search
        await settle(pilot)
        assert box.value == ""
        assert screen.view.era == "transformer" and screen.view.tags == {"Language Models"}
        assert len(screen.query_one(ResultList).ids) == 4

        await pilot.press("escape")  # 2: clear the filters
        await settle(pilot)
        assert screen.view.era is None and not screen.view.tags
        assert len(screen.query_one(ResultList).ids) == 13
        assert screen.focused is box

        await pilot.press("escape")  # 3: leave the search box for the results
        await settle(pilot)
        assert isinstance(screen.focused, ResultList)


async def test_type_to_search_from_the_result_list() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert isinstance(screen.focused, ResultList)
        await pilot.press("r", "e", "l", "a", "y")  # r is unbound: it starts a search
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "relay"
        assert next(iter(screen.query_one(ResultList).ids)) == "relay"


async def test_cursor_keys_move_the_highlight_and_detail() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultList)
        await pilot.press("j", "j", "down")
        await settle(pilot)
        assert results.cursor == 3 and screen.current == "bahdanau"
        await pilot.press("k")
        await settle(pilot)
        assert screen.current == "seq2seq"
        await pilot.press("G")
        await settle(pilot)
        assert screen.current == "ridley-sparse"
        assert screen.query_one(PaperDetail).paper_id == "ridley-sparse"
        await pilot.press("g")
        await settle(pilot)
        assert screen.current == "backprop"
        await pilot.press("pagedown")
        await settle(pilot)
        assert results.cursor == 12  # a page is taller than the 13 rows
        assert len(screen.history) == 0  # moving the cursor is not a jump
