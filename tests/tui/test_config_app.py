"""The configuration in the running app: a remapped key works and is what help and the key
bar show; bad entries are reported at start-up; layered folders; the theme is remembered."""

from __future__ import annotations

from pathlib import Path

from papertui.config.load import load_config
from papertui.search.engine import Sort
from papertui.tui.app import PaperTUI
from papertui.tui.configure import unbound
from papertui.tui.widgets import KeyBar, PaperDetail, ResultList

from .conftest import TINY, ready, settle


def configured(tmp_path: Path, text: str, *layers: Path) -> PaperTUI:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(str(path), env={})
    return PaperTUI(TINY, config=config, layers=layers)


def test_every_binding_has_an_id() -> None:
    assert unbound() == []


async def test_a_remapped_key_drives_the_action_and_shows_everywhere(tmp_path: Path) -> None:
    app = configured(tmp_path, '[keymap]\n"main.cycle-sort" = "o"\n"app.open-link" = "O"\n')
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        screen.query_one(ResultList).focus()
        assert "s" not in screen.active_bindings  # the old key is free (it types a search)
        await pilot.press("o")
        await settle(pilot)
        assert screen.view.sort == Sort.DATE
        assert " o Sort " in screen.query_one(KeyBar).render().plain
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = " ".join(str(s.render()) for s in app.screen.query("*"))
        assert app.screen is not screen and "Sort" in help_text


async def test_bad_entries_are_reported_at_start_up(tmp_path: Path) -> None:
    text = 'sort = "date"\ncolour = 1\n[keymap]\n"main.cycle-sortt" = "o"\n"app.help" = "ctrl+hh"\n'
    app = configured(tmp_path, text)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        (note,) = list(app._notifications)
        assert "3 config problems" in note.message
        assert "config.toml:4: keymap.main.cycle-sortt: no binding has this id" in note.message
        assert "did you mean 'main.cycle-sort'" in note.message
        assert screen.view.sort == Sort.DATE  # the good settings are in use


async def test_a_theme_picked_in_the_app_is_remembered(tmp_path: Path) -> None:
    app = configured(tmp_path, 'theme = "nord"\n')
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"  # what the palette's "Change theme" does
        await pilot.pause()
    again = configured(tmp_path, 'theme = "nord"\n')
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert again.theme == "gruvbox"


async def test_layered_folders_add_papers_and_report_conflicts(
    tmp_path: Path, overlay: Path
) -> None:
    app = configured(tmp_path, "", overlay)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.library is not None and "my-bert" in screen.library
        assert "my-bert" in screen.library.built_upon_by["bert"]
        (conflict,) = [p for p in screen.problems if "already defined" in p.message]
        assert conflict.file == str(overlay / "papers" / "bert.yaml")
        screen.jump_to("my-bert")
        await settle(pilot)
        assert f"Folder: {overlay}" in screen.query_one(PaperDetail).plain_text
