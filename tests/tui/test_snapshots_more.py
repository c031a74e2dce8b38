"""Snapshots of the link dialog, the problems screen, a wide terminal and 16 colours
(issue 16: the suite covers the dialogs and the terminals people bring).

Each test says what a person should see; the data is the fixed tiny fixture (a copy with
one broken file for the problems screen, named relative to the working folder so the
snapshot does not depend on where it ran). Regenerate deliberately with
``pytest tests/tui/test_snapshots_more.py --snapshot-update``, and look at them.
"""

from __future__ import annotations

import inspect
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style
from textual.pilot import Pilot

from papertui.tui.app import PaperTUI

from .conftest import TINY, make_app, ready, search, settle

SSH = "10.0.0.1 5000 10.0.0.2 22"


def _sixteen(style: Style | None) -> Style | None:
    """``style`` with its colours as a 16-colour terminal shows them."""
    if style is None:
        return None
    color, bgcolor = style.color, style.bgcolor
    return style + Style.from_color(
        color.downgrade(ColorSystem.STANDARD) if color is not None else None,
        bgcolor.downgrade(ColorSystem.STANDARD) if bgcolor is not None else None,
    )


class SixteenColours(PaperTUI):
    """The app as a 16-colour terminal (TERM=xterm, no COLORTERM) shows it: every colour
    of the screenshot downgraded to the standard palette, as Rich does on output."""

    CSS_PATH = str(Path(inspect.getfile(PaperTUI)).with_name("app.tcss"))  # not beside us

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        width, height = self.size
        console = Console(
            width=width,
            height=height,
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            record=True,
            legacy_windows=False,
            safe_box=False,
        )
        segments: list[Segment] = []
        for y, strip in enumerate(self.screen._compositor.render_strips()):
            if y:
                segments.append(Segment.line())
            segments += [Segment(s.text, _sixteen(s.style)) for s in strip]
        console.print(Segments(segments), end="")
        return console.export_svg(title=title or self.title)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_link_dialog(snap_compare: Any, monkeypatch: pytest.MonkeyPatch, size: Any) -> None:
    """`o` on the Transformer over SSH: a dialog listing arXiv and Explainer with their
    URLs, the second chosen (j), copied; the keys to choose, open and copy below."""
    monkeypatch.setenv("SSH_CONNECTION", SSH)

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)
        await search(pilot, "attention is all")
        await pilot.press("enter", "o")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_problems_screen(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, size: Any
) -> None:
    """`!` with transformer.yaml broken: "1 problem in the data (2 links dangle because
    of it)", the YAML error with the two links to 'transformer' (in bert.yaml and
    gpt2.yaml) under it, the first shown in full; Enter says which file and line to open
    (no $EDITOR here)."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    broken = data / "papers" / "transformer.yaml"
    broken.write_text(broken.read_text().replace("title: Attention", "title: [Attention"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)
        pilot.app.clear_notifications()
        await pilot.press("exclamation_mark")
        await settle(pilot)

    app = make_app(Path("data"))
    assert snap_compare(app, terminal_size=size, run_before=before)


def test_wide_terminal(snap_compare: Any) -> None:
    """160x50: eras and tags on the left, the list with whole titles, the detail on the
    right: `transformer` found the Transformer (highlighted, its fields and both link
    lists in the detail) and BERT."""

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)
        await search(pilot, "transformer")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_sixteen_colours(snap_compare: Any, size: Any) -> None:
    """The default theme in a 16-colour terminal: the highlighted row, the focused pane's
    border, the key bar and muted text all still distinct."""

    async def before(pilot: Pilot[int]) -> None:
        await ready(pilot)

    assert snap_compare(SixteenColours(TINY), terminal_size=size, run_before=before)


def test_detail_under_no_color(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR=1 at 120x40 with the detail focused on RoBERTa and its first link
    highlighted (bold/reverse, no colour)."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def before(pilot: Pilot[int]) -> None:
        screen = await ready(pilot)
        screen.jump_to("roberta")
        await settle(pilot)
        from papertui.tui.widgets import PaperDetail

        detail = screen.query_one(PaperDetail)
        screen.set_focus(detail)
        await pilot.press("j")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=before)
