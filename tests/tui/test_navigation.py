"""Lineage jumps, history (back/forward, browser semantics), breadcrumb, Esc layering."""

from __future__ import annotations

from textual.widgets import Input

from papertui.tui.widgets import Breadcrumb, PaperDetail, ResultList

from .conftest import make_app, ready, search, settle


async def open_paper(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Search, then Enter on the top result (a recorded jump)."""
    screen = await search(pilot, query)
    await pilot.press("enter")  # search box -> results
    assert isinstance(screen.focused, ResultList)
    await pilot.press("enter")  # open the highlighted paper
    await settle(pilot)


async def follow(pilot, section: str, paper_id: str) -> None:  # type: ignore[no-untyped-def]
    """Focus the detail panel, move to ``paper_id`` in ``section`` with j, press Enter."""
    detail = pilot.app.screen.query_one(PaperDetail)
    detail.focus()
    await pilot.pause()
    ids = detail.builds_on_ids if section == "builds-on" else detail.built_upon_ids
    first = 0 if section == "builds-on" else len(detail.builds_on_ids)
    target = first + ids.index(paper_id)
    for _ in range(20):  # no cursor yet (-1, a new paper) or Back restored one
        if detail.link_cursor == target:
            break
        await pilot.press("j" if detail.link_cursor < target else "k")
    assert detail.link_ids[detail.link_cursor] == paper_id
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
        assert detail.builds_on_ids == ["transformer"]
        assert detail.built_upon_ids == ["roberta"]

        await follow(pilot, "built-upon", "roberta")
        assert detail.paper_id == "roberta"
        assert detail.builds_on_ids == ["bert"]

        await follow(pilot, "builds-on", "bert")
        await follow(pilot, "builds-on", "transformer")
        assert detail.paper_id == "transformer"
        assert detail.builds_on_ids == ["bahdanau", "seq2seq"]
        assert detail.built_upon_ids == ["bert", "gpt2"]
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
            await follow(pilot, "builds-on", target)
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
        await follow(pilot, "built-upon", "roberta")
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
        await follow(pilot, "built-upon", "roberta")
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

        await pilot.press("escape")  # 1: clear the search and return to the results
        await settle(pilot)
        assert box.value == ""
        assert screen.view.era == "transformer" and screen.view.tags == {"Language Models"}
        assert len(screen.query_one(ResultList).ids) == 4
        assert isinstance(screen.focused, ResultList)

        await pilot.press("escape")  # 2: clear the filters
        await settle(pilot)
        assert screen.view.era is None and not screen.view.tags
        assert len(screen.query_one(ResultList).ids) == 13

        await pilot.press("slash", "escape")  # 3: an empty search box: back to the results
        await settle(pilot)
        assert isinstance(screen.focused, ResultList)


async def test_type_to_search_from_the_result_list() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert isinstance(screen.focused, ResultList)
        await pilot.press("b", "a", "h", "d", "a")  # b is unbound: it starts a search
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "bahda"
        assert next(iter(screen.query_one(ResultList).ids)) == "bahdanau"


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


async def test_detail_keys_walk_links_scroll_text_and_reset_per_paper() -> None:
    """In the detail panel j/k move between links (scrolling to them); past the last
    link j scrolls on, above the first k scrolls back to the title and drops the cursor;
    a new paper starts at its top with no cursor; a click picks a link."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("transformer")
        await settle(pilot)
        detail = screen.query_one(PaperDetail)
        assert detail.link_ids == ["bahdanau", "seq2seq", "bert", "gpt2"]
        assert detail.scroll_y == 0
        detail.focus()
        await settle(pilot)
        assert detail.link_cursor == -1 and detail.scroll_y == 0
        for expected in ("bahdanau", "seq2seq", "bert", "gpt2"):  # the first j: the first
            await pilot.press("j")
            assert detail.link_ids[detail.link_cursor] == expected
        bottom = detail.scroll_y
        await pilot.press("j")  # no link further down: the text scrolls instead
        assert detail.link_cursor == 3 and detail.scroll_y >= bottom
        for _ in range(3):
            await pilot.press("k")
        assert detail.link_cursor == 0
        for _ in range(60):  # above the first link: scroll back up to the title
            await pilot.press("k")
        assert detail.link_cursor == -1 and detail.scroll_y == 0

        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        assert detail.paper_id == "bert" and screen.current == "bert"
        assert detail.link_cursor == -1 and detail.link_ids == ["transformer", "roberta"]
        await pilot.press("enter")  # no cursor: nothing is followed
        await settle(pilot)
        assert detail.paper_id == "bert"

        await pilot.press("G")  # bottom of the text: the last link's rows are on screen
        await settle(pilot)
        row = next(i for i, (_, link) in enumerate(detail._lines) if link == 1)
        await pilot.click(PaperDetail, offset=(4, row - int(detail.scroll_y)))
        assert detail.link_cursor == 1
        await pilot.press("enter")
        await settle(pilot)
        assert detail.paper_id == "roberta"

        await pilot.press("left_square_bracket")  # Back restores bert's link cursor
        await settle(pilot)
        assert detail.paper_id == "bert" and detail.link_cursor == 1
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert detail.paper_id == "transformer" and detail.link_cursor == 2
        await pilot.press("g", "enter")  # the cursor scrolled out of view: not followed
        await settle(pilot)
        assert detail.paper_id == "transformer"


async def test_enter_in_a_detail_without_links_does_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        root = next(
            p.id
            for p in screen.library
            if not screen.library.builds_on(p.id) and not screen.library.built_upon(p.id)
        )
        screen.jump_to(root)
        await settle(pilot)
        detail = screen.query_one(PaperDetail)
        assert detail.link_ids == [] and "none" in detail.plain_text
        trail = list(screen.history.trail)
        detail.focus()
        await pilot.press("j", "enter")
        await settle(pilot)
        assert screen.current == root and list(screen.history.trail) == trail


async def test_a_jump_from_the_detail_moves_the_list_cursor_and_focus_reveals_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultList)
        last = results.ids[-1]  # far below the fold in date order
        assert results.cursor == 0 and results.scroll_y == 0
        screen.query_one(PaperDetail).focus()
        screen.jump_to(last)
        await settle(pilot)
        assert results.highlighted_id == last
        assert results.scroll_y == 0  # the list in the background did not scroll
        results.focus()
        await settle(pilot)
        visible = range(int(results.scroll_y), int(results.scroll_y) + results.size.height)
        assert results.cursor in visible


def _burst(app, keys: str) -> None:  # type: ignore[no-untyped-def]
    """Queue keys back to back, as a fast typist or a pasted burst over ssh delivers them
    (the pilot waits between keys, which hides focus changes that lag behind)."""
    from textual import events

    names = {"/": "slash", "\r": "enter", " ": "space", "\x1b": "escape"}
    for ch in keys:
        app.post_message(events.Key(names.get(ch, ch), ch if ch != "\r" else None))


async def test_keys_right_after_a_focus_change_land_in_the_new_pane() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("bert")
        await settle(pilot)
        screen.query_one(PaperDetail).focus()
        await settle(pilot)
        _burst(app, "/bert")  # "/" then the query at once: nothing lost, no 's'ort etc.
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "bert"
        assert screen.view.sort == "relevance"

        _burst(app, "\rj")  # Enter leaves the box; the j right after moves the cursor
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "bert"
        assert screen.query_one(ResultList).cursor == 1

        screen.query_one(PaperDetail).focus()
        await settle(pilot)
        _burst(app, "xlnet")  # type-to-search from the detail panel, as from the list
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "bertxlnet"


async def test_bound_letters_right_after_slash_are_typed_not_run() -> None:
    """ "/lstm" in one read from the results list: "l" (lineage) and "s" (sort) are keys of
    the list's screen. Handed to the list before "/" had moved the focus, they opened
    nothing and sorted nothing but were lost, and the box got "tm" (seen in tmux). The
    app now moves the focus as it takes "/" from the terminal."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        results = screen.query_one(ResultList)
        screen.set_focus(results)
        await settle(pilot)
        sort = screen.view.sort
        _burst(app, "/lstm")
        await settle(pilot)
        assert pilot.app.screen is screen  # no lineage screen
        assert screen.query_one("#search", Input).value == "lstm"
        assert screen.view.sort == sort
        _burst(app, "\x1b")  # Esc: the box is cleared and the list focused again
        await settle(pilot)
        assert screen.focused is results
        _burst(app, "ts")  # type-to-search: "t" is no key, "s" is, right behind it
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "ts"


async def test_esc_clearing_a_search_keeps_the_trail_and_the_detail_together() -> None:
    """Issue 16 item 10: after Esc clears the search the detail still shows the paper the
    trail brackets; when the list moves the detail on, the trail brackets nothing."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_paper(pilot, "roberta")
        screen = pilot.app.screen
        crumb = screen.query_one(Breadcrumb)
        assert "[RoBERTa]" in str(crumb.render())
        await search(pilot, "gpt")
        await pilot.press("escape")  # clears the search
        await settle(pilot)
        assert screen.query_one(Input).value == ""
        detail = screen.query_one(PaperDetail)
        # Esc shows the list from its top: the detail follows it, the trail brackets none
        assert detail.paper_id == screen.current == "backprop"
        assert "RoBERTa" in str(crumb.render()) and "[" not in str(crumb.render())


async def test_the_search_box_shows_its_focus() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        box = screen.query_one(Input)
        unfocused = box.styles.background
        await pilot.press("slash")
        await settle(pilot)
        assert screen.focused is box
        assert box.styles.background != unfocused and box.styles.text_style.bold
