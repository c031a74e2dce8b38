"""Pilot tests of the personal layer's keys: r * n v space e y, and the is: filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from papertui.personal.state import PersonalState
from papertui.tui.screens.export_dialog import ExportDialog
from papertui.tui.screens.note_editor import NoteEditor
from papertui.tui.widgets import ResultList

from .conftest import make_app, ready, search, settle


def _state() -> PersonalState:
    return PersonalState()  # the test's private XDG_STATE_HOME (conftest)


def _row(screen: object, index: int) -> str:
    results = screen.query_one(ResultList)  # type: ignore[attr-defined]
    return str(results.render_row(index, 60).plain)


async def test_r_star_and_badges() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        first = screen.query_one(ResultList).highlighted_id
        assert first is not None
        assert not _row(screen, 0).startswith("  \u00b7 ")  # no column until it is used
        await pilot.press("r")
        assert _state().get(first).status == "reading"
        await pilot.press("r", "asterisk")
        assert _state().get(first).status == "read" and _state().get(first).starred
        assert _row(screen, 0).startswith(" *\u2713 ")
        await pilot.press("r", "asterisk")
        assert _state().get(first).status == "unread" and not _state().get(first).starred
        await pilot.press("j", "asterisk")  # the key acts on the row the cursor is on now
        second = screen.query_one(ResultList).ids[1]
        assert _state().get(second).starred


async def test_note_editor_saves_and_asks_before_discarding() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        paper = screen.query_one(ResultList).highlighted_id
        assert paper is not None
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"gates")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and _state().get(paper).note == "gates"
        assert _row(screen, 0).startswith("  \u00b7\u270e")
        await pilot.press("n", "x", "escape")
        assert isinstance(app.screen, NoteEditor) and app.screen.has_class("-asking")
        await pilot.press("n")  # keep editing
        assert not app.screen.has_class("-asking")
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press("escape", "y")  # discard
        await settle(pilot)
        assert app.screen is screen and _state().get(paper).note == "gates"
        await pilot.press("n", "escape")  # unchanged: closes at once
        assert app.screen is screen


async def test_marks_export_and_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        ids = list(screen.query_one(ResultList).ids)
        await pilot.press("v", "j", "space")
        assert list(screen.marks) == ids[:2]
        assert _row(screen, 0).startswith("+ ") and _row(screen, 1).startswith("+ ")
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        box = app.screen.query_one(Input)
        box.value = str(tmp_path / "marks.bib")
        await pilot.press("enter")
        await settle(pilot)
        text = (tmp_path / "marks.bib").read_text()
        assert text.count("@") == 2 and f"{{{ids[0]}," in text
        await pilot.press("space")  # unmark the second: one left
        await pilot.press("e")
        app.screen.query_one(Input).value = str(tmp_path / "one.json")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "one.json").read_text().count('"id"') == 1
        await pilot.press("e", "escape")
        assert app.screen is screen
        await pilot.press("y")
        assert copied and copied[0].startswith("@") and f"{{{ids[1]}," in copied[0]


async def test_nothing_marked_exports_the_list(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search(pilot, "year:2019")
        shown = list(screen.query_one(ResultList).ids)
        await pilot.press("enter")  # leave the box: back to the list
        await pilot.press("e")
        app.screen.query_one(Input).value = str(tmp_path / "list.md")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "list.md").read_text().count("- **") == len(shown)


async def test_personal_filters_in_the_search_box() -> None:
    state = _state()
    state.toggle_star("bert")
    state.set_status("lstm", "read")
    state.set_note("gpt2", "zero-shot!")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "is:starred")
        assert list(screen.query_one(ResultList).ids) == ["bert"]
        screen = await search(pilot, "is:read")
        assert list(screen.query_one(ResultList).ids) == ["lstm"]
        screen = await search(pilot, "note:zero")
        assert list(screen.query_one(ResultList).ids) == ["gpt2"]
        screen = await search(pilot, "is:unread year:2018..2019")
        ids = list(screen.query_one(ResultList).ids)
        assert "bert" in ids and "gpt2" in ids
        other = _state()  # another session stars a paper: the next search sees it
        other.toggle_star("gpt2")
        screen = await search(pilot, "is:starred")
        assert set(screen.query_one(ResultList).ids) == {"bert", "gpt2"}


async def test_read_only_state_says_so_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    _state().toggle_star("bert")
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        messages = [n.message for n in app._notifications]
        assert sum("read-only" in m for m in messages) == 1
        await pilot.press("asterisk")
        await settle(pilot)
        assert any(n.title == "Not saved" for n in app._notifications)
        assert screen.app.is_running
