"""The lineage screen, driven by its keys on the tiny fixture data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from papertui.tui.screens.lineage import ExportScreen, LineageScreen, PathScreen
from papertui.tui.widgets.lineage_tree import LineageTree

from .conftest import main, make_app, ready, settle


def lineage_screen(pilot: Pilot[int]) -> LineageScreen:
    screen = pilot.app.screen
    assert isinstance(screen, LineageScreen)
    return screen


def lines(pilot: Pilot[int]) -> list[str]:
    tree = lineage_screen(pilot).query_one(LineageTree)
    return [tree.content_at(i).plain for i in range(tree.count)]


async def open_on(pilot: Pilot[int], paper_id: str) -> LineageScreen:
    await ready(pilot)
    main(pilot).jump_to(paper_id)
    await settle(pilot)
    await pilot.press("l")
    await pilot.pause()
    return lineage_screen(pilot)


async def test_ancestors_descendants_and_depth_keys() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_on(pilot, "bert")
        shown = lines(pilot)
        assert shown[0].startswith("0 BERT")
        first = "1 \u2514\u2500 Transformer 2017"
        assert any(first in s and "the encoder half" in s for s in shown)
        assert any("\u21aa Seq2Seq" in s and "(see depth 2)" in s for s in shown)  # a diamond
        assert screen.lineage is not None and screen.lineage.depth == 3
        await pilot.press("minus")
        assert screen.state.depth == 2 and len(lines(pilot)) < len(shown)
        await pilot.press("plus", "plus")
        assert screen.state.depth == 4
        assert any("Backprop" in s for s in lines(pilot))
        await pilot.press("d")
        assert screen.state.direction == "down"
        title = screen.query_one("#lineage-title", Static).render()
        assert "Descendants of BERT" in str(title)
        await pilot.press("a")
        assert screen.state.direction == "up"


async def test_enter_jumps_and_joins_the_trail() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_on(pilot, "bert")
        await pilot.press("down", "enter")  # Transformer
        await settle(pilot)
        screen = main(pilot)
        assert pilot.app.screen is screen and screen.current == "transformer"
        await pilot.press("left_square_bracket")  # Back
        await settle(pilot)
        assert screen.current == "bert"


async def test_mark_and_path() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_on(pilot, "bert")
        await pilot.press("m")  # marks BERT (the root row)
        assert screen.state.marked == "bert"
        await pilot.press("down", "down")  # Bahdanau Attention
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PathScreen)
        text = str(pilot.app.screen.query_one("#path-text", Static).render())
        assert text.startswith("BERT (2018) builds on Bahdanau Attention (2014) in 2 steps:")
        await pilot.press("escape")
        assert pilot.app.screen is screen


async def test_path_from_the_main_screen_and_escape_back() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main(pilot)
        screen.jump_to("bert")
        await settle(pilot)
        await pilot.press("m")
        screen.jump_to("lstm")
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PathScreen)
        await pilot.press("escape")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LineageScreen)
        await pilot.press("escape")
        assert pilot.app.screen is screen and screen.current == "lstm"


@pytest.mark.parametrize(("name", "start"), [("out.md", "# Ancestors"), ("out.dot", "digraph")])
async def test_export_to_a_named_file(tmp_path: Path, name: str, start: str) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_on(pilot, "bert")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExportScreen)
        pilot.app.screen.query_one(Input).value = str(tmp_path / name)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LineageScreen)
        assert (tmp_path / name).read_text().startswith(start)


async def test_export_never_writes_through_a_symlink(tmp_path: Path) -> None:
    """The export is written atomically (temporary file, fsync, rename), as every write
    of a user's file: a name that is a symlink is refused, and its target kept."""
    target = tmp_path / "kept.md"
    target.write_text("keep me\n")
    (tmp_path / "out.md").symlink_to(target)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_on(pilot, "bert")
        await pilot.press("x")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = str(tmp_path / "out.md")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LineageScreen)
        assert any("Could not write" in str(n.message) for n in pilot.app._notifications)
    assert target.read_text() == "keep me\n"
    assert (tmp_path / "out.md").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.md", "out.md"]


def test_lineage_snapshot(snap_compare: Any) -> None:
    """BERT's ancestors at 80x24: depth, tree lines, edge types and reasons, a reference."""

    async def before(pilot: Pilot[int]) -> None:
        await open_on(pilot, "bert")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=before)


async def test_branch_cap_more_row_is_not_a_jump_and_only_drawn_rows_are_built() -> None:
    """20 papers build on a hub: 12 rows, then "… 8 more" (Enter does nothing there); a
    long tree is drawn a screenful at a time (tree lines worked out only that far)."""
    from textual.app import App

    from papertui.library.model import Era, Library, Link, Paper
    from papertui.tui.screens.lineage import LineageState

    kids = [f"k{n:02d}" for n in range(20)]
    papers = [Paper("hub", "Hub", "The hub", "2000", "e")]
    papers += [Paper(k, k.upper(), f"T {k}", "2001", "e", builds_on=(Link("hub"),)) for k in kids]
    papers += [  # ten grandchildren under each child: 1 + 12 * 11 + 1 rows
        Paper(f"{k}-{n}", f"{k}-{n}", f"T {k} {n}", "2002", "e", builds_on=(Link(k),))
        for k in kids
        for n in range(10)
    ]
    library = Library.build((Era("e", "E", 1900, None),), papers)
    picked: list[str | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            state = LineageState(direction="down", depth=2)
            self.push_screen(LineageScreen(library, "hub", state), picked.append)

    async with Host().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LineageScreen)
        tree = screen.query_one(LineageTree)
        assert tree.count == 134 and len(tree._prefixes._done) < 40
        await pilot.press("G")  # the last row
        assert tree.content_at(tree.count - 1).plain.endswith("\u2514\u2500 \u2026 8 more")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen and picked == []
        await pilot.press("k", "enter")  # the row above: the last grandchild of the 12th child
        await pilot.pause()
        assert picked == ["k11-9"]
