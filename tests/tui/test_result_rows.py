"""The result list's rows: one lookup of the shared styles per repaint, texts kept by id
only for the library they came from, and the query's free text marked."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from papertui.library.model import Era, Library, Paper
from papertui.search.matching import highlight_spans
from papertui.tui.widgets import ResultList
from papertui.tui.widgets.thumb import THUMB

ERA = Era("e", "E", 1900, None)


def library(title: str, count: int = 1) -> Library:
    papers = [Paper("p0", "P0", title, "2001", "e")]
    papers += [Paper(f"p{n}", f"P{n}", f"Paper {n}", "2002", "e") for n in range(1, count)]
    return Library.build((ERA,), papers)


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield ResultList()


async def test_a_repaint_looks_the_shared_styles_up_once_and_draws_what_each_row_would() -> None:
    async with Host().run_test(size=(60, 10)) as pilot:
        rows = pilot.app.query_one(ResultList)
        lib = library("Attention", count=40)
        rows.show(lib, [paper.id for paper in lib], query="paper")
        await pilot.pause()
        looked_up: list[str | None] = []
        real = rows.get_visual_style

        def counted(*names: str, partial: bool = False) -> object:
            looked_up.append(names[0] if names else None)
            return real(*names, partial=partial)

        rows.get_visual_style = counted  # type: ignore[assignment,method-assign]
        rows._strips.clear()
        height = rows.scrollable_content_region.height
        strips = rows.render_lines(Region(0, 0, rows.size.width, height))
        # three styles (row, cursor, thumb) for the whole repaint, not one or two a row
        assert len(looked_up) == 3 and height > 3
        one_by_one = [rows.render_line(y).text for y in range(height)]
        assert [strip.text for strip in strips] == one_by_one
        assert strips[0].text.endswith(THUMB)  # 40 rows in 10: the thumb is at the top
        assert not strips[height - 1].text.endswith(THUMB)
        assert "Paper 1" in strips[1].text


async def test_rows_of_a_new_library_show_its_texts_not_the_old_ones() -> None:
    async with Host().run_test(size=(60, 10)) as pilot:
        rows = pilot.app.query_one(ResultList)
        rows.show(library("Old title"), ["p0"])
        await pilot.pause()
        assert "Old title" in rows.render_line(0).text
        rows.show(library("New title"), ["p0"])  # a reload: the same id, new texts
        await pilot.pause()
        assert "New title" in rows.render_line(0).text


async def test_the_free_text_is_marked_in_the_title() -> None:
    async with Host().run_test(size=(60, 10)) as pilot:
        rows = pilot.app.query_one(ResultList)
        lib = library("Attention Is All You Need")
        rows.show(lib, ["p0"], query="need", highlighter=highlight_spans)
        await pilot.pause()
        title = rows.render_row(0, 50)
        marked = [title.plain[span.start : span.end] for span in title.spans]
        assert "Need" in marked
