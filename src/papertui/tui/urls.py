"""Opening a paper's URL without hurting SSH users.

``App.open_url`` calls ``webbrowser.open`` in the event loop: over SSH that either does
nothing or starts a console browser (lynx, w3m, ``$BROWSER``) on the same terminal,
freezing and overwriting the UI. :func:`open_or_show_url` instead:

- shows the URL in a dialog (as an OSC 8 terminal hyperlink *and* as selectable text)
  and copies it with OSC 52 (``App.copy_to_clipboard``) when a browser must not start:
  over SSH, without a graphical display, or when the only browser is a console one;
- otherwise starts the graphical browser in a thread, so the UI never blocks.

Only ``http``/``https`` URLs are ever copied or opened.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from textual.app import App

from papertui.library.sanitize import one_line
from papertui.tui.lifecycle import over_ssh
from papertui.tui.safetext import is_web_url

Action = Literal["opened", "shown", "refused"]


def may_start_browser(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True only for a local session with a graphical display (never over SSH)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if over_ssh(env):
        return False
    if platform in ("darwin", "win32", "cygwin"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def graphical_browser() -> webbrowser.BaseBrowser | None:
    """The browser ``webbrowser`` would use, unless it is a console one.

    ``webbrowser.GenericBrowser`` runs its command on our terminal and waits for it (that
    is how console browsers and ``$BROWSER`` are registered); background/graphical
    browsers are other classes.
    """
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    if type(browser) is webbrowser.GenericBrowser:
        return None
    return browser


def run_open_command(command: str, url: str) -> bool:
    """Start the configured ``open_command`` on ``url`` (never through a shell: ``{url}``
    is replaced inside one argument, or the URL is added as the last one); True if it
    started and did not fail within a second."""
    import shlex
    import subprocess

    try:
        words = shlex.split(command)
    except ValueError:
        return False
    args = [word.replace("{url}", url) for word in words]
    if not any("{url}" in word for word in words):
        args.append(url)
    try:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    try:
        return process.wait(timeout=1.0) == 0
    except subprocess.TimeoutExpired:
        return True  # still running: a browser that stays in front


def open_or_show_url(app: App[Any], url: str) -> Action:
    """Open ``url`` in a local graphical browser, or show + copy it (see module doc).

    Returns what happened: ``"opened"`` (a browser start was requested in a thread),
    ``"shown"`` (dialog shown, URL copied) or ``"refused"`` (not a web URL: a warning).
    """
    return open_or_show_links(app, [("Link", url)])


def open_or_show_links(app: App[Any], links: Sequence[tuple[str, str]]) -> Action:
    """Like :func:`open_or_show_url` for a paper's ``(label, url)`` links: one web link is
    opened (or shown and copied); several are offered in the dialog to choose from, the
    first copied at once when no browser may start."""
    from papertui.tui.widgets.link_dialog import LinkDialog

    web = [(label, url) for label, url in links if is_web_url(url)]
    if not web:
        bad = next((url for _label, url in links), "")
        app.notify(
            f"Not a web link, not opened: {one_line(bad)[:200]}",
            severity="warning",
            markup=False,
        )
        return "refused"

    command = str(getattr(app, "open_command", "") or "")

    def launch(url: str) -> None:
        def start() -> None:
            if command:  # the user's own `open_command` (config.toml)
                if not run_open_command(command, url):
                    app.call_from_thread(show, f"Could not run {one_line(command)[:80]}", [url])
                return
            browser = graphical_browser()
            ok = False
            if browser is not None:
                try:
                    ok = browser.open(url, new=2)
                except Exception:
                    ok = False
            if not ok:
                app.call_from_thread(show, "Could not start a graphical browser", [url])

        app.run_worker(start, thread=True, exclusive=False, group="open-url", exit_on_error=False)
        app.notify(f"Opening {one_line(url)[:200]}", markup=False)

    def show(reason: str, urls: Sequence[str] | None = None) -> None:
        shown = web if urls is None else [item for item in web if item[1] in urls]
        app.copy_to_clipboard(shown[0][1])
        app.push_screen(LinkDialog(shown, reason, copied=True))

    if not command and not may_start_browser():
        show("Over SSH: open a link on your own machine" if over_ssh() else "No display")
        return "shown"
    if len(web) > 1:
        app.push_screen(LinkDialog(web, "Open which link?", copied=False, opener=launch))
        return "shown"
    launch(web[0][1])
    return "opened"
