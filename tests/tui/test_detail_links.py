"""Issue 16 item 6: one row per link, type-to-find, jumping between the two sections."""

from __future__ import annotations

import shutil
from pathlib import Path

from papertui.library.fields import OTHER_LINKS
from papertui.library.model import Paper
from papertui.tui.widgets import PaperDetail
from papertui.tui.widgets.detail_blocks import body_blocks

from .conftest import TINY, make_app, ready, settle


def _link_rows(detail: PaperDetail, link: int) -> list[str]:
    return [content.plain for content, index in detail._lines if index == link]


async def test_each_link_is_one_row_and_the_highlighted_one_says_why() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("transformer")
        await settle(pilot)
        detail = screen.query_one(PaperDetail)
        for index in range(len(detail.link_ids)):  # no cursor: one row each, with the year
            rows = _link_rows(detail, index)
            assert len(rows) == 1, rows
        assert "2018" in _link_rows(detail, 2)[0]  # BERT's year
        detail.focus()
        await pilot.press("j", "j", "j")  # BERT, which builds on the Transformer
        rows = _link_rows(detail, 2)
        assert len(rows) >= 2 and rows[0].strip().startswith("BERT 2018")
        assert "the encoder half" in " ".join(rows[1:])
        assert len(_link_rows(detail, 1)) == 1  # the others stay one row


async def test_type_to_find_and_section_keys() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("transformer")
        await settle(pilot)
        detail = screen.query_one(PaperDetail)
        assert detail.link_ids == ["bahdanau", "seq2seq", "bert", "gpt2"]
        detail.focus()
        await pilot.press("J")  # to the first "Built upon by" link
        assert detail.link_ids[detail.link_cursor] == "bert"
        await pilot.press("K")  # back to the first "Builds on" link
        assert detail.link_ids[detail.link_cursor] == "bahdanau"
        await pilot.press("right_curly_bracket")
        assert detail.link_ids[detail.link_cursor] == "bert"
        await pilot.press("t", "g", "p")  # find: letters go to the find, not the keys
        assert detail.link_ids[detail.link_cursor] == "gpt2"
        assert detail.finding == "gp"
        await pilot.press("escape")  # stops finding, stays on the paper
        assert detail.finding is None and screen.focused is detail
        await pilot.press("t", "s", "e", "q", "enter")
        await settle(pilot)
        assert detail.paper_id == "seq2seq"


def test_every_link_key_has_its_row() -> None:
    """Issue 11: an imported paper's code, project, data, video and social links are shown."""
    links = tuple((key, f"https://e.org/{key}") for key in OTHER_LINKS)
    paper = Paper("p", "P", "A paper", "2020", "era", url="https://e.org/u", other_links=links)
    shown = [b.content.plain for b in body_blocks(paper, ())]
    for key, label in OTHER_LINKS.items():
        assert f"{label}: https://e.org/{key}" in shown
    assert shown.index("Web: https://e.org/u") < shown.index("Code: https://e.org/code")


async def test_a_cut_author_list_says_et_al(tmp_path: Path) -> None:
    """Issue 16 item 11: a list marked ``authors_truncated`` never reads as complete."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    bert = data / "papers" / "bert.yaml"
    bert.write_text(bert.read_text().replace("\nauthors:", "\nauthors_truncated: true\nauthors:"))
    app = make_app(data)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("bert")
        await settle(pilot)
        text = screen.query_one(PaperDetail).plain_text
        assert "Kenton Lee, Kristina Toutanova et al. (first 4 of more)" in text
        screen.jump_to("roberta")  # a complete list: no "et al."
        await settle(pilot)
        assert "et al." not in screen.query_one(PaperDetail).plain_text


async def test_a_section_jump_shows_the_section_from_its_heading() -> None:
    """J on a long detail put the first "Built upon by" link on the last row, the rest of
    the section below the fold; now the section starts at the top of the panel."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("transformer")
        await settle(pilot)
        detail = screen.query_one(PaperDetail)
        screen.set_focus(detail)
        await pilot.press("J")
        await settle(pilot)
        first = len(detail.builds_on_ids)
        assert detail.link_cursor == first
        assert all(detail._in_view(i) for i in range(first, len(detail.link_ids)))
        heading = detail._link_rows[first][0] - 1
        assert detail._lines[heading][0].plain.strip() == "Built upon by"
        assert int(detail.scroll_offset.y) == min(heading, int(detail.max_scroll_y))
