"""The status line never cuts the filter list or a warning (issue 16)."""

from __future__ import annotations

from papertui.tui.widgets import ResultList, StatusLine

from .conftest import make_app, ready, repaints_of, search, settle


async def test_filters_and_warnings_are_never_cut_at_80x24() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        screen.set_era("transformer")
        screen.toggle_tag("Language Models")
        screen.toggle_tag("Attention")
        await settle(pilot)
        await search(pilot, "year:abc")  # a query error: a warning in the status line
        status = screen.query_one(StatusLine)
        lines = [strip.text for strip in status.render_lines(status.region.reset_offset)]
        text = " ".join(line.strip() for line in lines)
        assert "era: Transformer" in text
        assert "tags: Attention + Language Models" in text
        assert "\u26a0" in text and "year" in text
        assert "\u2026" not in text  # nothing cut


async def test_one_line_when_it_fits() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await settle(pilot)
        status = screen.query_one(StatusLine)
        assert status.size.height == 1
        assert "sort: relevance" in str(status.render())


async def test_an_unknown_field_warns_with_the_field_list() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "autor:vaswani")
        status = str(screen.query_one(StatusLine).render())
        assert "autor: is not a field" in status and "author:" in status


async def test_a_long_warning_and_the_empty_list_hint_wrap_whole_at_80x24() -> None:
    """Filters, a warning and a free-text query at once need three lines at 80x24; the
    warning's end and the empty list's hint (how many summaries mention the word) were
    cut."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        screen.toggle_tag("Language Models")
        screen.toggle_tag("Attention")
        await settle(pilot)
        await search(pilot, "year:abc layers")
        status = screen.query_one(StatusLine)
        lines = [strip.text for strip in status.render_lines(status.region.reset_offset)]
        text = " ".join(line.strip() for line in lines)
        assert "tags: Attention + Language Models" in text
        assert text.endswith("(use year:2017 or year:2017..2020)"), lines
        results = screen.query_one(ResultList)
        rows = [results.render_line(y).text.strip() for y in range(4)]
        hint = " ".join(row for row in rows if row)
        assert hint.startswith("No names or titles match 'layers'")
        assert hint.endswith("search text:layers"), rows


async def test_the_same_status_again_repaints_nothing_but_after_a_message_it_does() -> None:
    """Typing on often keeps the count: the same status is not sent again. A message
    shown in between (the load's progress, an error) does not stay behind it."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await settle(pilot)
        status = screen.query_one(StatusLine)
        shown = str(status.render())
        repaints = repaints_of(status)
        status._show_again()
        assert repaints == [] and str(status.render()) == shown
        status.update("Checking the data folder")
        status._show_again()
        assert repaints and str(status.render()) == shown
