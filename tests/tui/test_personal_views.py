"""Pilot tests of where the reading state shows: the sidebar counts, the detail panel, the
orphans in the ! list, and the export dialog's question before it replaces a file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from papertui.personal.state import PersonalState
from papertui.tui.screens.export_dialog import ExportDialog, ReplacePrompt
from papertui.tui.screens.problems import ProblemsScreen
from papertui.tui.widgets import PaperDetail, PersonalFacets, ResultList, TextRows

from .conftest import make_app, ready, search, settle, until


def _state() -> PersonalState:
    return PersonalState()  # the test's private XDG_STATE_HOME (conftest)


def _counts(screen: object) -> dict[str, int]:
    pane = screen.query_one(PersonalFacets)  # type: ignore[attr-defined]
    assert pane.display
    rows = [str(pane.render_row(i, 30).plain) for i in range(pane.count)]
    assert [row.split()[-1] for row in rows] == [f"{n:,}" for n in pane.counts.values()]
    return dict(pane.counts)


async def test_sidebar_counts_follow_the_search_and_toggle_filters() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert not screen.query_one(PersonalFacets).display  # nothing recorded yet
        total = len(screen.query_one(ResultList).ids)
        await pilot.press("r")  # the first paper: reading
        await settle(pilot)
        first = screen.query_one(ResultList).ids[0]
        assert _counts(screen) == {
            "is:unread": total - 1,
            "is:reading": 1,
            "is:read": 0,
            "is:starred": 0,
            "has:note": 0,
        }
    state = _state()
    state.set_status("lstm", "read")
    state.toggle_star("bert")
    state.set_note("bert", "masked LM")
    state.set_status("gpt2", "read")
    state.toggle_star("not-in-the-data")  # an orphan is never counted
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        total = len(screen.query_one(ResultList).ids)
        assert _counts(screen) == {
            "is:unread": total - 3,
            "is:reading": 1,
            "is:read": 2,
            "is:starred": 1,
            "has:note": 1,
        }
        screen = await search(pilot, "year:2019")  # live with the other filters
        shown = set(screen.query_one(ResultList).ids)
        assert "gpt2" in shown and "lstm" not in shown
        counts = _counts(screen)
        assert counts["is:read"] == 1 and counts["is:unread"] == len(shown) - 1 - (first in shown)
        await pilot.press("enter")  # back to the list; then the Reading pane
        screen.set_focus(screen.query_one(PersonalFacets))
        await pilot.press("j", "j", "enter")  # "Read": adds is:read to the search
        await settle(pilot)
        assert screen.query_one(Input).value == "year:2019 is:read"
        assert list(screen.query_one(ResultList).ids) == ["gpt2"]
        assert _counts(screen)["is:read"] == 1
        await pilot.press("space")  # again: the filter goes
        await settle(pilot)
        assert screen.query_one(Input).value == "year:2019"


async def test_detail_shows_status_star_and_the_note_neutralised() -> None:
    state = _state()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        paper = screen.query_one(ResultList).highlighted_id
        assert paper is not None
        detail = screen.query_one(PaperDetail)
        assert "Yours:" not in detail.plain_text  # nothing recorded: nothing shown
        await pilot.press("r", "r", "asterisk")
        await settle(pilot)
        assert "Yours: \u2713 read \u00b7 * starred" in detail.plain_text
        long = "word " * 40
        state.set_note(paper, f"first line\n\x1b[31mred\x1b[0m [b]markup[/b] \u202eevil\n{long}")
        # another session's write: seen at the next check (every REFRESH_EVERY, 2 s)
        await until(pilot, lambda: "Your note" in detail.plain_text, seconds=15)
        await settle(pilot)
        text = detail.plain_text
        assert "Your note\nfirst line" in text and "[b]markup[/b]" in text
        assert "\x1b" not in text and "\u202e" not in text
        width = detail.scrollable_content_region.width
        rows = [line.plain for line, _ in detail._lines]
        assert all(len(row) <= width for row in rows)
        assert sum("word word" in row for row in rows) >= 2  # the long line wraps


async def test_orphaned_state_ids_are_listed_under_bang() -> None:
    _state().set_status("not-in-the-data", "read")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        messages = [n.message for n in app._notifications]
        assert any("1 paper in your reading state is not in this data" in m for m in messages)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        rows = app.screen.query_one(TextRows)
        text = [str(rows.render_row(i, 200).plain) for i in range(rows.count)]
        assert any("not-in-the-data is not in this data (kept)" in row for row in text)
        assert _state().get("not-in-the-data").status == "read"  # kept


async def test_export_asks_before_replacing_a_file(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("keep me\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one(Input).value = str(target)
        await pilot.press("enter")
        assert dialog.has_class("-asking") and isinstance(dialog.focused, ReplacePrompt)
        assert "exists. Replace it?" in str(dialog.query_one(ReplacePrompt).render())
        await pilot.press("n")  # choose another name: back in the box, nothing written
        assert not dialog.has_class("-asking") and isinstance(dialog.focused, Input)
        assert target.read_text() == "keep me\n"
        await pilot.press("enter", "escape")  # Esc at the question: back to the name too
        assert app.screen is dialog and isinstance(dialog.focused, Input)
        await pilot.press("escape")  # Esc in the box cancels the export
        assert app.screen is screen and target.read_text() == "keep me\n"
        await pilot.press("e")
        app.screen.query_one(Input).value = str(tmp_path)  # a folder: refused
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog) and not app.screen.has_class("-asking")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert app.screen is screen
        assert target.read_text().count("@") == len(screen.query_one(ResultList).ids)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left
