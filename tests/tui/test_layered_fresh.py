"""Layered folders paint from their merged cache at once and are checked in the background
like one folder (issue 22 item 4): a change in a layer is swapped in and said."""

from __future__ import annotations

import shutil
from pathlib import Path

from papertui.store.layered import load_layers
from papertui.tui.app import PaperTUI

from .conftest import TINY, GatedCheck, main
from .test_fresh_reload import status_text, until


async def test_layers_paint_from_their_cache_then_swap_in_a_change(
    tmp_path: Path, overlay: Path, gated_check: GatedCheck
) -> None:
    base = Path(shutil.copytree(TINY, tmp_path / "base"))
    before = len(load_layers([base, overlay]).result.library)  # the merged cache, warm
    paper = (overlay / "papers" / "my-bert.yaml").read_text(encoding="utf-8")
    (overlay / "papers" / "my-gpt.yaml").write_text(
        paper.replace("my-bert", "my-gpt").replace("MyBERT", "MyGPT"), encoding="utf-8"
    )
    checked = gated_check.checked
    app = PaperTUI(base, layers=(overlay,))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main(pilot).results is not None)
        screen = main(pilot)
        assert screen.library is not None and len(screen.library) == before  # the cache's
        assert "my-gpt" not in screen.library.papers
        await until(pilot, lambda: bool(checked))  # the check started after the paint
        assert [folders for folders, _stamp in checked[0]] == [(base, overlay)]
        gated_check.gate.set()
        await until(pilot, lambda: screen.library is not None and len(screen.library) > before)
        await until(pilot, lambda: "data changed on disk: reloaded 1 file" in status_text(pilot))
        assert screen.library is not None and "my-gpt" in screen.library.papers
