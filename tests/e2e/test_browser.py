"""papertui in a real browser: ``papertui serve`` + headless Chromium (Playwright).

Skipped, with the reason, where Playwright or a system Chromium is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import browser, open_tab, why_no_browser
from .serving import REPO, serve, wait_until

pytestmark = pytest.mark.browser

TINY = REPO / "tests" / "data" / "tiny"


@pytest.fixture(scope="module", autouse=True)
def _browser_ready() -> None:
    reason = why_no_browser()
    if reason:
        pytest.skip(reason)


def test_search_and_follow_a_builds_on_link(tmp_path: Path) -> None:
    with serve(TINY) as served, browser(tmp_path / "profile") as context:
        tab, _ = open_tab(context, served.url)
        first = tab.wait_for("Showing 13 of 13")
        assert "Papers" in first and "Traceback" not in first
        tab.press("/")
        tab.type("author:devlin")
        searched = tab.wait_for("Showing 1 of 13")
        assert "BERT" in searched and "Backprop" not in searched
        tab.press("Enter", "Enter")  # leave the box, open BERT
        tab.wait_for("Devlin")
        # the detail panel: Tab into it, j to its first link, Enter follows it
        tab.press("Tab", "j", "Enter")  # j picks the first link in view
        walked = tab.wait_for("Vaswani")
        tab.wait_for("Devlin", gone=True)
        assert "Attention" in walked
        tab.page.screenshot(path=str(tmp_path / "walked-to-transformer.png"))
        tab.press("[")
        back = tab.wait_for("Devlin")
        assert "Vaswani" not in back
        tab.page.screenshot(path=str(tmp_path / "back-at-bert.png"))
        assert (tmp_path / "walked-to-transformer.png").stat().st_size > 10_000
        assert len(served.sessions()) == 1
        tab.page.close()  # closing the tab ends its papertui
        assert wait_until(lambda: not served.sessions(), 15), served.sessions()


def test_two_tabs_are_two_independent_sessions(tmp_path: Path) -> None:
    with serve(TINY) as served, browser(tmp_path / "profile") as context:
        one, _ = open_tab(context, served.url)
        two, _ = open_tab(context, served.url)
        one.wait_for("Showing 13 of 13")
        one.press("/")
        one.type("author:devlin")
        one.wait_for("Showing 1 of 13")
        assert "Showing 13 of 13" in two.screen()  # the other tab did not move
        assert len(served.sessions()) == 2
