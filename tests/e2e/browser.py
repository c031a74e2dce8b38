"""Drive ``papertui serve`` in headless Chromium (Playwright, the system's chromium).

Reading the screen: textual-serve's page draws with xterm.js on a canvas (WebGL or 2D), so
there is no text in the DOM. An init script catches the page's terminal object as it is
built (the first assignment of ``fitAddon`` on it) and keeps it as ``window.__papertui``;
the screen text is then read through xterm's public buffer API
(``terminal.buffer.active.getLine(y).translateToString()``), which is exactly what xterm
paints.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true});
    if (this.terminal && !window.__papertui) { window.__papertui = this; }
  },
  get() { return undefined; },
});
"""

SCREEN_TEXT = """
() => {
  const t = window.__papertui && window.__papertui.terminal;
  if (!t) { return ""; }
  const buffer = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}
"""


def find_chromium() -> str | None:
    return next((p for name in CHROMIUM_NAMES if (p := shutil.which(name))), None)


def why_no_browser() -> str | None:
    """A reason to skip, or None when Playwright can drive a system Chromium here."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install '.[test]')"
    if find_chromium() is None:
        return "no chromium on PATH (apt-get install chromium; .ci/run does it as root)"
    return None


class Tab:
    """One browser tab on the served app."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def screen(self) -> str:
        return str(self.page.evaluate(SCREEN_TEXT))

    def wait_for(self, text: str, timeout: float = 30, gone: bool = False) -> str:
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while time.monotonic() < deadline:
            screen = self.screen()
            if (text in screen) != gone:
                return screen
            time.sleep(0.05)
        what = "to go" if gone else "to appear"
        raise AssertionError(f"waited {timeout}s for {text!r} {what}; the screen:\n{screen}")

    def press(self, *keys: str, pause: float = 0.25) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            time.sleep(pause)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=30)


@contextmanager
def browser(profile: Path, size: tuple[int, int] = (1280, 800)) -> Iterator[Any]:
    """A persistent Chromium context on a fresh profile folder."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=find_chromium(),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": size[0], "height": size[1]},
        )
        try:
            # the page links a web font; with no network it would only delay onload
            context.route("https://fonts.googleapis.com/**", lambda route: route.abort())
            context.add_init_script(CATCH_TERMINAL)
            yield context
        finally:
            context.close()


def open_tab(context: Any, url: str, first_text: str = "Showing") -> tuple[Tab, float]:
    """A new tab on ``url``; returns it and the ms from navigation to ``first_text``."""
    page = context.new_page()
    start = time.monotonic()
    page.goto(url + "/")
    tab = Tab(page)
    tab.wait_for(first_text, timeout=60)
    painted_ms = (time.monotonic() - start) * 1000
    page.click(".textual-terminal")  # keyboard focus to xterm's input
    return tab, painted_ms
