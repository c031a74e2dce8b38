"""Every use of Textual's private API, in one place.

Each function or class here leans on a Textual internal for which the public API has no
equivalent; its docstring says why. ``tests/tui/test_textual_private.py`` holds one
canary test per internal (it exists, has the signature we call it with, and still does
what we rely on), so a Textual upgrade that changes one fails there, by name, instead of
as a strange bug in a widget. No other module of papertui may touch Textual's private
names (a test greps for them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Input


def set_scroll_extent(pane: ScrollView, size: Size) -> None:
    """Give ``pane`` the scroll extent ``size`` without a layout.

    The public way is assigning ``virtual_size``, a reactive declared with
    ``layout=True``: every assignment lays out the whole screen, which is most of a
    keystroke's cost for a pane that repaints on every key. A pane whose size never
    depends on its content needs no layout, only the scroll limits recomputed: that is
    what Textual's own ``Widget._scroll_update`` does after a layout (scrollbar sizes,
    ``scroll_x``/``scroll_y`` clamped to the new extent). No public method does it alone.
    """
    pane.set_reactive(ScrollView.virtual_size, size)
    pane._scroll_update(size)


def forward_key(widget: Widget, key: events.Key) -> None:
    """Deliver a copy of ``key`` to ``widget`` as if the app had forwarded it there.

    ``widget.post_message(key)`` is not enough: an input event that is not marked as
    forwarded bubbles back up to the app, whose ``on_event`` treats it as a new key from
    the terminal and dispatches it again (typed twice). ``app.post_message`` would
    reorder it behind keys already queued at the app. ``Widget._forward_event`` marks
    the event forwarded and posts it, which is what the app does for every key.
    """
    widget._forward_event(events.Key(key.key, key.character))


class QuietInput(Input):
    """An ``Input`` of fixed size whose typing lays out nothing but itself.

    ``Input._watch_value`` (the private watcher Textual runs before any public
    ``watch_value``, so a public watcher comes too late) assigns
    ``virtual_size = Size(content_width, 1)`` on every change, a reactive that lays out
    the whole screen. A box of fixed size (one row, full width) only needs its scroll
    extent and a repaint: set that extent quietly first, so Textual's assignment finds
    the value unchanged and requests no layout, then let Textual's watcher do the rest
    (suggestions, validation, ``Input.Changed``).
    """

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        self.refresh()
        super()._watch_value(value)


def install_exception_handler(app: App[Any], on_error: Callable[[Exception], None]) -> None:
    """Call ``on_error`` instead of printing Textual's crash report for ``app``.

    Textual routes every unhandled exception (message handlers, compose, timers, workers
    with ``exit_on_error``) to ``App._handle_exception``, which renders a Rich traceback
    with ``show_locals=True`` and prints it after restoring the terminal: data on the
    screen. There is no public hook. The replacement keeps the rest of what that method
    does: return code 1, the first exception noted (``run_test`` re-raises it), and an
    orderly close of the app's message loop.
    """

    def handle_exception(error: Exception) -> None:
        on_error(error)
        app._return_code = 1
        if app._exception is None:
            app._exception = error
            app._exception_event.set()
        app._close_messages_no_wait()

    setattr(app, "_handle_exception", handle_exception)  # noqa: B010
