"""The result list's rows: one lookup of the shared styles per repaint, texts kept by id
only for the library they came from, the query's free text marked, and rows drawn as
segments exactly as their ``Content`` would draw."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip

from papertui.library.model import Era, Library, Paper
from papertui.search.matching import highlight_spans
from papertui.tui.widgets import ResultList
from papertui.tui.widgets.result_list import BADGE_WIDTH, MATCH_STYLE, SHORT_WIDTH, YEAR_WIDTH
from papertui.tui.widgets.rowdiff import changed_end
from papertui.tui.widgets.thumb import THUMB
from papertui.tui.widgets.virtual_list import content_strip

from .conftest import repaints_of

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


def cells(strip: Strip) -> list[tuple[str, object]]:
    """Each character of ``strip`` with its style: two strips that differ only in where
    their segments split compare equal."""
    return [(char, segment.style) for segment in strip for char in segment.text]


def as_content(paper: Paper, width: int, badges: Callable[[str], str] | None) -> Content:
    """A row as ``Content`` would lay it out (``truncate`` and ``assemble``): the oracle."""

    def marked(text: str, cut: int) -> Content:
        content = Content(text)
        for start, end in highlight_spans(text, "attention"):
            content = content.stylize(MATCH_STYLE, start, end)
        return content.truncate(cut, ellipsis=True, pad=True)

    parts: list[Content | str] = []
    if badges is not None:
        parts += [Content(badges(paper.id)[:BADGE_WIDTH].ljust(BADGE_WIDTH)), " "]
        width -= BADGE_WIDTH + 1
    short_width = min(SHORT_WIDTH, max(6, width // 5))
    title_width = max(1, width - short_width - YEAR_WIDTH - 2)
    year = Content(paper.date[:4]).stylize("$text-muted")
    parts += [marked(paper.short, short_width), " ", marked(paper.title, title_width), " ", year]
    return Content.assemble(*parts)


async def test_rows_drawn_as_segments_are_what_their_content_would_draw() -> None:
    titles = [
        "Attention Is All You Need",  # fits, one match
        "A very long title about attention that goes on past the column's end, attention",
        "注意力机制 attention 就是你所需要的一切 注意力机制 注意力机制 注意力机制 注意力",  # wide
        "attention" * 12,  # a match cut by the ellipsis
    ]
    papers = [
        Paper(f"p{n}", "ATTENTION-SHORT-NAME" if n % 2 else "Att", title, "2017-06", "e")
        for n, title in enumerate(titles)
    ]
    lib = Library.build((ERA,), papers)
    async with Host().run_test(size=(70, 10)) as pilot:
        rows = pilot.app.query_one(ResultList)
        for badges in (None, lambda paper_id: "*" if paper_id == "p1" else ""):
            rows.badges = badges
            rows.show(lib, [p.id for p in papers], query="attention", highlighter=highlight_spans)
            await pilot.pause()
            frame = rows.frame()
            for index in range(len(papers)):
                for style in (frame.row, frame.cursor):
                    for width in (8, 31, 60):
                        drawn = rows.row_strip(index, width, style)
                        expected = as_content(papers[index], width, badges)
                        content = content_strip(rows, expected, width, style)
                        assert drawn.cell_length == width
                        assert cells(drawn) == cells(content), (index, width)
                        assert rows.render_row(index, width).plain == expected.plain
        marked = {segment.style for segment in rows.row_strip(0, 60, frame.row)}
        assert len(marked) == 3  # the row's own style, the match and the muted year


async def test_new_rows_repaint_only_the_cells_they_change() -> None:
    async with Host().run_test(size=(60, 10)) as pilot:
        rows = pilot.app.query_one(ResultList)
        lib = library("Attention", count=40)
        ids = [paper.id for paper in lib]
        rows.show(lib, ids, query="pap", highlighter=highlight_spans)
        await pilot.pause()
        height = rows.scrollable_content_region.height
        before = [rows.render_line(y) for y in range(height)]  # as painted
        asked = repaints_of(rows)
        rows.show(lib, ids, query="pape", highlighter=highlight_spans)  # one letter more
        after = [rows.render_line(y) for y in range(height)]
        changed = {y for y in range(height) if before[y] != after[y]}
        assert len(changed) == height - 1  # "Paper n" rows: one more letter marked
        assert sorted(region.y for region in asked) == sorted(changed)
        for region in asked:
            assert region.width == changed_end(list(before[region.y]), list(after[region.y]))
            assert region.width < rows.size.width  # the rest of the row is not written
        asked.clear()
        rows.show(lib, ids, query="pape", highlighter=highlight_spans)  # the same rows
        assert asked == []
        await pilot.pause()
        assert [rows.render_line(y) for y in range(height)] == after
