"""No data string ever reaches a markup parser.

1. Dynamic: every markup parser Textual and Rich have (``Content.from_markup`` and
   ``textual.markup.to_content``, which ``visualize`` uses for any ``str`` given to a
   widget; ``rich.markup.render``, which ``Text.from_markup`` and ``Console.render_str``
   use) is spied on while a Pilot session
   walks the hostile data: every paper, the search box, the problems screen, help, a
   notification, the link dialog. None of the strings parsed may contain data.
2. Static: an AST scan of the UI code for the ways a ``str`` slips into a markup-parsing
   widget: f-strings / concatenations / ``str()`` handed to ``Label``, ``Static``,
   ``Option``, ``update``, ``Tree.add``; ``notify`` without ``markup=False``; any
   ``markup=True``; ``Content.from_markup`` / ``Text.from_markup`` on anything but a
   literal.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import rich.console
import rich.markup
import textual.markup
from rich.text import Text
from textual import events
from textual.content import Content
from textual.widgets import Input, Label

from papertui.tui.app import PaperTUI
from papertui.tui.messages import LibraryFailed
from papertui.tui.urls import open_or_show_url

from .conftest import ready, settle
from .hostile import CLASSES, DATA_MARKERS, HOSTILE, raw_controls, screen_text

SRC = Path(__file__).resolve().parents[2] / "src" / "papertui" / "tui"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every string handed to a markup parser."""
    seen: list[str] = []

    def spy(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(markup: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(str(markup))
            return original(markup, *args, **kwargs)

        return wrapper

    original_from_markup = Content.from_markup.__func__  # type: ignore[attr-defined]

    def from_markup(cls: type[Content], markup: Any, **variables: object) -> Content:
        if isinstance(markup, str):  # Content passes through unparsed
            seen.append(markup)
        return original_from_markup(cls, markup, **variables)  # type: ignore[no-any-return]

    monkeypatch.setattr(Content, "from_markup", classmethod(from_markup))
    monkeypatch.setattr(textual.markup, "to_content", spy(textual.markup.to_content))
    monkeypatch.setattr(rich.markup, "render", spy(rich.markup.render))
    monkeypatch.setattr(rich.console, "render_markup", spy(rich.console.render_markup))
    yield seen


def _data_in(seen: list[str]) -> list[str]:
    return [s for s in seen if any(marker in s for marker in DATA_MARKERS)]


def test_the_spies_catch_a_str_label(parsed: list[str]) -> None:
    """Control: a ``str`` given to a widget is seen by the spies (so the test can fail)."""
    Content.from_markup("HX99 plain")
    Label("HX98 [b]label[/b]").render()
    Text.from_markup("HX97 rich")
    assert _data_in(parsed) == ["HX99 plain", "HX98 [b]label[/b]", "HX98 [b]label[/b]", "HX97 rich"]


async def test_no_data_reaches_a_markup_parser(
    parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")  # links: dialog
    app = PaperTUI(HOSTILE)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        screen = await ready(pilot)
        for _marker, paper_id, _payload in CLASSES:
            screen.jump_to(paper_id)
            await settle(pilot)
        await pilot.press("tab", "down", "down", "enter")  # walk a lineage link
        await settle(pilot)
        await pilot.press("left_square_bracket")  # and back
        await settle(pilot)
        box = screen.query_one("#search", Input)
        box.focus()
        box.post_message(events.Paste(f"HX-search {CLASSES[4][2]}"))
        await settle(pilot)
        box.value = ""
        await pilot.press(*"HX [b]typed[/b]")
        await settle(pilot)
        box.value = ""
        await settle(pilot)
        screen.action_show_problems()
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        screen.post_message(LibraryFailed(f"HX-error {CLASSES[2][2]}"))
        app.notify(f"HX-note {CLASSES[0][2]}")
        await settle(pilot)
        open_or_show_url(app, "https://example.org/HX-link/[b]x[/b]")
        await settle(pilot)
        app.pop_screen()
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.action_command_palette()  # papers, tags and eras from the data as palette hits
        await settle(pilot)
        expected = {"HX0": "HX04-tag \u241b]0;PWNED-TITLE\u2407after", "HXE": "HXE1-era [/]"}
        for query, literal in expected.items():
            await pilot.press(*query)
            await pilot.pause(0.4)  # the palette searches after a short delay
            await settle(pilot)
            palette_text = screen_text(app)
            assert raw_controls(palette_text) == []
            assert literal in palette_text, palette_text
            for _ in query:
                await pilot.press("backspace")
        await pilot.press("escape")
        await settle(pilot)
        await app.screen.mount(Label("[b]control[/b]"))  # our own markup: must be seen
        await settle(pilot)
        assert app.is_running and app.return_code is None
    assert "[b]control[/b]" in parsed, "the spies are not wired to Textual's parser"
    assert _data_in(parsed) == []


# ---------------------------------------------------------------- static scan

TARGETS = {"Label", "Static", "Option", "update", "add", "add_leaf", "set_label", "Button"}


def _is_texty(node: ast.expr) -> bool:
    """An expression that builds a ``str`` from parts (likely data)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in {"str", "repr", "format"}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in {"format", "join"} and isinstance(node.func.value, ast.Constant)
    return False


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _violations(path: Path, root: Path = SRC.parents[1]) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        where = f"{path.relative_to(root)}:{node.lineno}"
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        markup = keywords.get("markup")
        if isinstance(markup, ast.Constant) and markup.value is True:
            yield f"{where}: markup=True"
        if name == "notify" and not (isinstance(markup, ast.Constant) and markup.value is False):
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and "[" not in str(first.value)):
                yield f"{where}: notify() without markup=False"
        if name == "from_markup" and node.args and not isinstance(node.args[0], ast.Constant):
            yield f"{where}: from_markup() on a non-literal"
        if name in TARGETS and node.args and _is_texty(node.args[0]):
            yield f"{where}: {name}() given a built str (use safe_text / Content)"


def test_ui_code_never_hands_built_strings_to_markup_widgets() -> None:
    ui = [*SRC.joinpath("widgets").glob("*.py"), *SRC.joinpath("screens").glob("*.py")]
    files = sorted([*ui, SRC / "app.py", SRC / "safeapp.py", SRC / "urls.py"])
    assert len(files) > 5
    problems = [v for path in files for v in _violations(path)]
    assert problems == []


def test_static_scan_flags_the_bad_patterns(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Label(f'{paper.title}')\n"
        "self.notify(error)\n"
        "Static(x, markup=True)\n"
        "Content.from_markup(title)\n"
        "node.add(paper.title + ' x')\n"
        "self.notify(error, markup=False)\n"
        "Label(safe_text(paper.title))\n"
    )
    found = list(_violations(sample, tmp_path))
    assert len(found) == 5, found
