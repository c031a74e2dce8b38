"""`o` over SSH: the dialog shows every link of the paper, readable, and lets the user choose."""

from __future__ import annotations

import pytest
from textual.containers import Vertical
from textual.widgets import Static

from papertui.tui.widgets.link_dialog import LinkDialog

from .conftest import make_app, ready, search

ARXIV = "https://arxiv.org/abs/1706.03762"
EXPLAINER = "https://example.org/illustrated-transformer"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_o_over_ssh_shows_the_links_and_a_hint(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await search(pilot, "attention is all")
        await pilot.press("enter", "o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        box = dialog.query_one(Vertical)
        assert box.size.width >= min(60, size[0] - 10)  # not a collapsed 4x2 box
        rows = dialog.query_one("#link-url", Static)
        assert rows.size.height >= 2
        text = str(rows.render())
        assert ARXIV in text and EXPLAINER in text
        assert "arXiv" in text and "Explainer" in text
        hint = str(dialog.query_one("#link-help", Static).render())
        assert "Esc" in hint and "copy" in hint
        assert app.clipboard == ARXIV  # the first is copied at once
        await pilot.press("j", "enter")  # choose the explainer: copied
        assert app.clipboard == EXPLAINER
        await pilot.press("1")
        assert app.clipboard == ARXIV
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinkDialog)
