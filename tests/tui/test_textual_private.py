"""Canaries for the Textual internals papertui relies on (:mod:`papertui.tui.textual_private`).

One test per internal: it exists, takes what we pass it, and still does what we rely on.
When a Textual upgrade changes one of them, the test that fails names it; fix
``textual_private.py`` (or move to a public API that has appeared) rather than the test.
The last test keeps every other module of papertui off Textual's private names.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Input

import papertui
from papertui.tui import textual_private
from papertui.tui.textual_private import (
    QuietInput,
    forward_key,
    install_exception_handler,
    set_scroll_extent,
)

UPGRADE = "Textual {version} changed {what}: update papertui/tui/textual_private.py"


def _changed(what: str) -> str:
    import textual

    return UPGRADE.format(version=textual.__version__, what=what)


def _params(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


def _layout_requests(widget: Widget) -> list[bool]:
    """Record, on ``widget``, every ``refresh(layout=True)`` from now on."""
    seen: list[bool] = []
    refresh = widget.refresh

    def spy(*regions: Any, **options: Any) -> Any:
        if options.get("layout"):
            seen.append(True)
        return refresh(*regions, **options)

    widget.refresh = spy  # type: ignore[method-assign]
    return seen


class _Pane(ScrollView):
    DEFAULT_CSS = "_Pane { height: 10; scrollbar-size-vertical: 0; }"


class _PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Pane()


async def test_scroll_update_sets_the_scroll_extent_without_a_layout() -> None:
    assert _params(Widget._scroll_update) == ["self", "virtual_size"], _changed(
        "Widget._scroll_update(virtual_size)"
    )
    app = _PaneApp()
    async with app.run_test(size=(40, 20)) as pilot:
        pane = app.query_one(_Pane)
        set_scroll_extent(pane, Size(30, 100))
        await pilot.pause()
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert pane.scroll_y == 90, _changed("Widget._scroll_update (scroll limits)")
        layouts = _layout_requests(pane)
        set_scroll_extent(pane, Size(30, 40))
        assert pane.virtual_size == Size(30, 40)
        assert pane.max_scroll_y == 30 and pane.scroll_y == 30, _changed(
            "Widget._scroll_update: it no longer clamps the scroll to the new extent"
        )
        assert not layouts, _changed("Widget._scroll_update: it now asks for a layout")


class _Box(Input):
    pass


class _TwoBoxes(App[None]):
    def compose(self) -> ComposeResult:
        yield _Box(id="a")
        yield _Box(id="b")


async def test_forward_event_delivers_a_key_once_to_that_widget() -> None:
    assert _params(Widget._forward_event) == ["self", "event"], _changed(
        "Widget._forward_event(event)"
    )
    app = _TwoBoxes()
    async with app.run_test() as pilot:
        first, second = app.query_one("#a", Input), app.query_one("#b", Input)
        first.focus()
        await pilot.pause()
        forward_key(second, events.Key("x", "x"))
        await pilot.pause()
        await pilot.pause()
        assert (first.value, second.value) == ("", "x"), _changed(
            "Widget._forward_event: a forwarded key is lost, misrouted or typed twice"
        )


class _QuietApp(App[None]):
    box: type[Input] = QuietInput

    def __init__(self) -> None:
        super().__init__()
        self.changed: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.box()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.changed.append(event.value)


async def test_input_watch_value_is_the_private_watcher_that_sets_the_extent() -> None:
    assert "_watch_value" in Input.__dict__, _changed("Input._watch_value (gone)")
    assert _params(Input._watch_value) == ["self", "value"], _changed("Input._watch_value(value)")
    app = _QuietApp()
    async with app.run_test() as pilot:
        box = app.query_one(Input)
        box.focus()
        await pilot.pause()
        layouts = _layout_requests(box)
        await pilot.press("a", "b")
        await pilot.pause()
        assert box.value == "ab"
        assert app.changed == ["a", "ab"], _changed("Input._watch_value: no Input.Changed")
        assert box.virtual_size == Size(box.content_width, 1), _changed(
            "Input._watch_value: the extent it sets"
        )
        assert not layouts, _changed("Input._watch_value: typing now asks for a layout")


class _Quiet(Input):
    def on_key(self, event: events.Key) -> None:
        if event.key == "x":
            event.prevent_default()


class _DispatchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Quiet()


async def test_a_subclass_on_key_runs_before_input_on_key_and_can_stop_it() -> None:
    """Not private, but SearchBar relies on it: handlers run per class down the MRO."""
    app = _DispatchApp()
    async with app.run_test() as pilot:
        box = app.query_one(_Quiet)
        box.focus()
        await pilot.press("x", "y")
        await pilot.pause()
        assert box.value == "y", _changed("key dispatch: on_key no longer runs first")


class _Crash(App[None]):
    def on_key(self, event: events.Key) -> None:
        raise RuntimeError("boom")


async def test_handle_exception_is_what_textual_calls_on_an_unhandled_error() -> None:
    assert _params(App._handle_exception) == ["self", "error"], _changed(
        "App._handle_exception(error)"
    )
    app = _Crash()
    for name in ("_return_code", "_exception", "_exception_event"):
        assert hasattr(app, name), _changed(f"App.{name} (gone)")
    assert callable(getattr(app, "_close_messages_no_wait", None)), _changed(
        "App._close_messages_no_wait (gone)"
    )
    seen: list[Exception] = []
    install_exception_handler(app, seen.append)
    with pytest.raises(RuntimeError, match="boom"):  # run_test re-raises the noted error
        async with app.run_test() as pilot:
            await pilot.press("x")
            await pilot.pause()
    assert [str(error) for error in seen] == ["boom"], _changed(
        "App._handle_exception: Textual no longer calls it for a handler's exception"
    )
    assert app.return_code == 1


PRIVATE_NAMES = (
    "_forward_event",
    "_scroll_update",
    "_get_style",
    "_handle_exception",
    "textual.widgets._",
    "_return_code",
    "_close_messages_no_wait",
    "_exception_event",
    "def _watch_",
    "def _on_key",
)


def test_only_textual_private_uses_textual_internals() -> None:
    root = Path(papertui.__file__).parent
    allowed = Path(textual_private.__file__)
    offenders = [
        f"{path.relative_to(root)}: {name}"
        for path in sorted(root.rglob("*.py"))
        if path != allowed
        for name in PRIVATE_NAMES
        if name in path.read_text(encoding="utf-8")
    ]
    assert not offenders, "Textual internals outside tui/textual_private.py: " + ", ".join(
        offenders
    )
