"""The configured ``open_command`` (config.toml): run without a shell, the URL one
argument, used even over SSH (the user chose it), and a failure shows the URL instead."""

from __future__ import annotations

import stat
import sys
import time
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from papertui.tui.urls import open_or_show_url, run_open_command
from papertui.tui.widgets.link_dialog import LinkDialog

URL = "https://arxiv.org/abs/1706.03762"


def recorder(tmp_path: Path, status: int = 0) -> tuple[Path, Path]:
    """A program that writes its arguments, one a line, to a file, then exits ``status``."""
    log = tmp_path / "argv.txt"
    script = tmp_path / "opener"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(log)!r}, 'w').write('\\n'.join(sys.argv[1:]))\nsys.exit({status})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


def wait_for(path: Path) -> list[str]:
    for _ in range(200):
        if path.exists() and path.stat().st_size:
            return path.read_text(encoding="utf-8").split("\n")
        time.sleep(0.02)
    raise AssertionError(f"{path} was never written")


def test_the_url_replaces_the_placeholder_inside_one_argument(tmp_path: Path) -> None:
    script, log = recorder(tmp_path)
    assert run_open_command(f"{script} --new-tab 'url={{url}}'", URL)
    assert wait_for(log) == ["--new-tab", f"url={URL}"]


def test_without_a_placeholder_the_url_is_the_last_argument(tmp_path: Path) -> None:
    script, log = recorder(tmp_path)
    assert run_open_command(f"{script} -x", URL)
    assert wait_for(log) == ["-x", URL]


def test_no_shell_ever_sees_the_url(tmp_path: Path) -> None:
    script, log = recorder(tmp_path)
    planted = tmp_path / "pwned"
    hostile = f"https://x.org/?q=1;touch {planted}&$(touch {planted})"
    assert run_open_command(str(script), hostile)
    assert wait_for(log) == [hostile] and not planted.exists()


def test_a_failing_missing_or_unparsable_command_is_false(tmp_path: Path) -> None:
    failing, _log = recorder(tmp_path, status=3)
    assert not run_open_command(str(failing), URL)
    assert not run_open_command(str(tmp_path / "no-such-program"), URL)
    assert not run_open_command("opener 'unbalanced", URL)


class Host(App[None]):
    def __init__(self, command: str) -> None:
        super().__init__()
        self.open_command = command

    def compose(self) -> ComposeResult:
        yield Static("host")


async def test_the_app_runs_the_users_command_even_over_ssh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    script, log = recorder(tmp_path)
    app = Host(str(script))
    async with app.run_test() as pilot:
        assert open_or_show_url(app, URL) == "opened"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert wait_for(log) == [URL]
        assert not isinstance(app.screen, LinkDialog)


async def test_a_command_that_fails_shows_and_copies_the_url(tmp_path: Path) -> None:
    script, _log = recorder(tmp_path, status=1)
    app = Host(str(script))
    async with app.run_test() as pilot:
        assert open_or_show_url(app, URL) == "opened"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LinkDialog)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "Could not run" in text and URL in text and app.clipboard == URL


def test_the_config_files_open_command_reaches_the_app(tmp_path: Path) -> None:
    from papertui.config.load import load_config
    from papertui.tui.app import PaperTUI

    path = tmp_path / "config.toml"
    path.write_text('open_command = "firefox --new-tab {url}"\n', encoding="utf-8")
    app = PaperTUI(Path("."), config=load_config(str(path), env={}))
    assert app.open_command == "firefox --new-tab {url}"
