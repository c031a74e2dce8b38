"""The problems screen (issue 16 item 12): a paper file that did not load is one problem
with the links that dangle because of it under it, as ``papertui check`` prints them;
Enter opens the file at the line in ``$EDITOR``; ``?`` shows the screen's keys."""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from papertui.tui.app import PaperTUI
from papertui.tui.lifecycle import WEB_DRIVER
from papertui.tui.screens.help import HelpScreen
from papertui.tui.screens.problems import ProblemsScreen
from papertui.tui.widgets import PaperDetail, TextRows

from .conftest import TINY, make_app, ready, settle


def broken_copy(tmp_path: Path) -> Path:
    """The tiny folder with transformer.yaml broken (bert and gpt2 build on it)."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    path = data / "papers" / "transformer.yaml"
    path.write_text(path.read_text().replace("title: Attention", "title: [Attention"))
    return data


def fake_editor(tmp_path: Path) -> tuple[Path, Path]:
    """A script that records its arguments, one a line; and where it writes them."""
    record = tmp_path / "argv.txt"
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(record)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n"
    )
    script.chmod(0o755)
    return script, record


def suspended(app: PaperTUI) -> list[str]:
    """Record App.suspend (the headless test driver cannot suspend)."""
    calls: list[str] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        calls.append("suspended")
        yield
        calls.append("resumed")

    app.suspend = suspend  # type: ignore[method-assign]
    return calls


async def open_problems(pilot: Pilot[int]) -> ProblemsScreen:
    await ready(pilot)
    await pilot.press("exclamation_mark")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProblemsScreen)
    return screen


def rows_of(screen: ProblemsScreen) -> list[str]:
    rows = screen.query_one(TextRows)
    return [rows.render_row(i, 200).plain for i in range(rows.count)]


def toasts(app: PaperTUI) -> list[str]:
    return [note.message for note in app._notifications]


async def test_the_broken_file_is_one_problem_with_its_dangling_links_under_it(
    tmp_path: Path,
) -> None:
    app = make_app(broken_copy(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_problems(pilot)
        title = str(screen.query_one("#problems-title", Label).render())
        assert title == "1 problem in the data (2 links dangle because of it)"
        cause, *links = rows_of(screen)
        assert cause.startswith("papers/transformer.yaml:4:5: YAML syntax")
        assert cause.endswith("; 2 links to 'transformer' dangle because of it")
        assert links == [
            "  \u21b3 papers/bert.yaml:13:5: builds_on 'transformer':"
            " no paper with that id in the collection",
            "  \u21b3 papers/gpt2.yaml:11:13: builds_on 'transformer':"
            " no paper with that id in the collection",
        ]
        await pilot.press("j")
        full = str(screen.query_one("#problem-full", Static).render())
        assert full.endswith(f"(because {tmp_path}/data/papers/transformer.yaml:4 did not load)")


async def test_enter_opens_the_file_at_the_line_in_the_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = broken_copy(tmp_path)
    script, record = fake_editor(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = make_app(data)
    calls = suspended(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_problems(pilot)
        await pilot.press("j", "enter")  # the link in bert.yaml
        await settle(pilot)
        assert record.read_text().splitlines() == ["+13", str(data / "papers" / "bert.yaml")]
        assert calls == ["suspended", "resumed"]
        assert any("the data may have changed" in text for text in toasts(app))


async def test_without_an_editor_enter_says_which_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = broken_copy(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app(data)
    calls = suspended(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_problems(pilot)
        assert "which file and line" in str(screen.query_one("#problems-hint", Label).render())
        await pilot.press("enter")
        await settle(pilot)
        where = f"{data / 'papers' / 'transformer.yaml'}:4"
        assert any(text.startswith(f"Open {where} in your editor") for text in toasts(app))
        assert calls == []


async def test_a_browser_session_never_starts_the_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = broken_copy(tmp_path)
    script, record = fake_editor(tmp_path)
    monkeypatch.setenv("VISUAL", str(script))
    app = make_app(data)
    calls = suspended(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)  # as under papertui serve
        await open_problems(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert not record.exists()
        assert calls == []
        assert any(text.startswith("Open ") for text in toasts(app))


async def test_question_mark_shows_the_problems_screens_keys(tmp_path: Path) -> None:
    app = make_app(broken_copy(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_problems(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).render())
        assert "Open the file at the line in $EDITOR" in keys
        assert "## Problems" in str(app.screen.query_one("#help-pane").source)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_a_link_to_a_paper_that_did_not_load_is_shown_not_lost(tmp_path: Path) -> None:
    data = broken_copy(tmp_path)
    gpt2 = data / "papers" / "gpt2.yaml"
    gpt2.write_text(gpt2.read_text().replace("[transformer]", "[transformer, gpt1]"))
    app = make_app(data)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("gpt2")
        await settle(pilot)
        detail = screen.query_one(PaperDetail)
        text = detail.plain_text
        assert "transformer (not loaded)" in text
        assert "gpt1 (not in the collection)" in text
        assert detail.builds_on_ids == []  # shown, but not a link to follow
        screen.set_focus(detail)
        await pilot.press("j", "enter")  # the first link: Scaling Laws (Built upon by)
        await settle(pilot)
        assert detail.paper_id == "scaling-laws"
