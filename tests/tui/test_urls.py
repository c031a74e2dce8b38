"""open_or_show_url: never a browser over SSH; show + copy + hyperlink instead."""

from __future__ import annotations

import threading
import webbrowser
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.style import Style
from textual.widgets import Static

from papertui.tui import urls
from papertui.tui.urls import may_start_browser, open_or_show_url
from papertui.tui.widgets.link_dialog import LinkDialog

URL = "https://arxiv.org/abs/1706.03762"


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host")


class FakeBrowser(webbrowser.BackgroundBrowser):
    def __init__(self, ok: bool = True) -> None:
        super().__init__("fake")
        self.ok = ok
        self.calls: list[tuple[str, Any]] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.calls.append((url, threading.current_thread() is threading.main_thread()))
        return self.ok


@pytest.fixture
def no_real_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*_args: object, **_kwargs: object) -> bool:
        raise AssertionError("webbrowser must not be used here")

    monkeypatch.setattr(webbrowser, "open", forbidden)
    monkeypatch.setattr(webbrowser, "get", forbidden)


def test_policy() -> None:
    assert not may_start_browser({"SSH_CONNECTION": "a b c d", "DISPLAY": ":0"}, "linux")
    assert not may_start_browser({"SSH_TTY": "/dev/pts/1"}, "darwin")
    assert not may_start_browser({}, "linux")
    assert may_start_browser({"DISPLAY": ":0"}, "linux")
    assert may_start_browser({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert may_start_browser({}, "darwin")


def _dialog_text(dialog: LinkDialog) -> str:
    return "\n".join(str(static.render()) for static in dialog.query(Static))


async def test_over_ssh_shows_copies_and_links(
    monkeypatch: pytest.MonkeyPatch, no_real_browser: None
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    monkeypatch.setenv("DISPLAY", ":0")
    app = Host()
    async with app.run_test() as pilot:
        assert open_or_show_url(app, URL) == "shown"
        await pilot.pause()
        assert isinstance(app.screen, LinkDialog)
        assert app.clipboard == URL
        assert URL in _dialog_text(app.screen)
        link = app.screen.query_one("#link-url", Static).render()
        assert any(isinstance(s.style, Style) and s.style.link == URL for s in link.spans)
        app.copy_to_clipboard("")
        await pilot.press("c")
        assert app.clipboard == URL
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinkDialog)
        assert app.is_running


async def test_no_display_shows_instead_of_console_browser(
    monkeypatch: pytest.MonkeyPatch, no_real_browser: None
) -> None:
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(urls.sys, "platform", "linux")
    monkeypatch.setenv("BROWSER", "lynx")
    app = Host()
    async with app.run_test() as pilot:
        assert open_or_show_url(app, URL) == "shown"
        await pilot.pause()
        assert isinstance(app.screen, LinkDialog)
        assert app.clipboard == URL


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "file:///etc/passwd", "https://x.org/\x1b]0;t\x07", ""]
)
async def test_non_web_urls_are_refused(bad: str, no_real_browser: None) -> None:
    app = Host()
    async with app.run_test() as pilot:
        assert open_or_show_url(app, bad) == "refused"
        await pilot.pause()
        assert not isinstance(app.screen, LinkDialog)
        assert app.clipboard == ""
        assert app.is_running


async def test_local_display_opens_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    fake = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda *a: fake)
    app = Host()
    async with app.run_test() as pilot:
        assert open_or_show_url(app, URL) == "opened"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert fake.calls == [(URL, False)]  # called once, off the main thread
        assert not isinstance(app.screen, LinkDialog)


async def test_console_browser_is_never_run(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    console = webbrowser.GenericBrowser("lynx")
    ran: list[str] = []
    monkeypatch.setattr(console, "open", lambda url, *a, **k: ran.append(url) or True)
    monkeypatch.setattr(webbrowser, "get", lambda *a: console)
    app = Host()
    async with app.run_test() as pilot:
        open_or_show_url(app, URL)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ran == []
        assert isinstance(app.screen, LinkDialog)
        assert app.clipboard == URL


async def test_o_shows_the_current_papers_link_over_ssh(
    monkeypatch: pytest.MonkeyPatch, no_real_browser: None
) -> None:
    from .conftest import make_app, ready, settle

    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        screen.jump_to("transformer")
        await settle(pilot)
        screen.query_one("#results").focus()
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LinkDialog)
        assert app.clipboard == "https://arxiv.org/abs/1706.03762"
        assert "https://arxiv.org/abs/1706.03762" in _dialog_text(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and app.is_running
