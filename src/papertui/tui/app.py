"""The papertui Textual app: thin. It loads the data in a worker and shows the main screen."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen

from papertui.store.handover import Handover
from papertui.tui.messages import LibraryFailed, LibraryLoaded
from papertui.tui.safeapp import SafeApp
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets import StatusLine

if TYPE_CHECKING:
    from textual.command import Provider

    from papertui.library.loader import LoadResult  # at run time only the load worker imports it

NO_BLINK_ENV = "PAPERTUI_NO_BLINK"  # tests and snapshots: a steady cursor
PRELOAD_WAIT = 0.1  # seconds the screen may wait at mount for a load that is almost done


def load_data(data_dir: Path, progress: Callable[[int, int], None] | None = None) -> LoadResult:
    """The one call that turns a data folder into a library (through the load cache)."""
    from papertui.store.load import load_cached

    return load_cached(data_dir, progress)


# Palette providers and the help screen are imported when first used: `textual.command`
# and the help screen's Markdown (markdown-it) cost ~150 ms of start-up otherwise.
def _paper_commands() -> type[Provider]:
    from papertui.tui.commands import PaperCommands

    return PaperCommands


def _tag_commands() -> type[Provider]:
    from papertui.tui.commands import TagCommands

    return TagCommands


def _era_commands() -> type[Provider]:
    from papertui.tui.commands import EraCommands

    return EraCommands


def _generic_commands() -> type[Provider]:
    from papertui.tui.commands import GenericCommands

    return GenericCommands


def _lineage_commands() -> type[Provider]:
    from papertui.tui.lineage_commands import LineageCommands

    return LineageCommands


class PaperTUI(SafeApp[int]):
    """A keyboard-first explorer for research papers and their lineage."""

    CSS_PATH = "app.tcss"
    TITLE = "papertui"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        _generic_commands,  # Textual's own, ranked after ours
        _paper_commands,
        _tag_commands,
        _era_commands,
        _lineage_commands,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Quit papertui"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),  # as in any CLI
        Binding("question_mark,f1", "help", "Help", key_display="?", tooltip="Keys and tips"),
    ]

    def __init__(self, data_dir: Path, *, mouse: bool = True) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.mouse = mouse
        self.cursor_blink = not os.environ.get(NO_BLINK_ENV)
        self._progress_shown = 0.0
        # The load starts with the app, before Textual's own start-up. With a warm cache
        # it is done when the main screen mounts (or very soon after): the screen takes
        # it then and paints once, with papers, instead of empty and then again.
        self._loading = Handover(self._load, self._deliver)
        self.main_screen = MainScreen(preload=lambda: self._loading.take(PRELOAD_WAIT))

    def get_default_screen(self) -> Screen[None]:
        return self.main_screen

    def _load(self) -> LibraryLoaded | LibraryFailed:
        """On the load thread: the library, or why it could not be loaded."""
        try:
            result = load_data(self.data_dir, self._load_progress)
        except Exception as error:  # an unreadable folder must not kill the UI
            return LibraryFailed(f"{type(error).__name__}: {error}")
        return LibraryLoaded(result, self.data_dir)

    def _deliver(self, message: LibraryLoaded | LibraryFailed) -> None:
        """From the load thread, when the load outlasted :data:`PRELOAD_WAIT`: post the
        result to the main screen through the app's loop (a screen's ``post_message``
        from another thread needs its app, which only the running loop provides)."""
        with contextlib.suppress(RuntimeError):  # the app has already closed
            self.call_from_thread(self.main_screen.post_message, message)

    def _load_progress(self, done: int, total: int) -> None:
        """From the load worker while YAML is parsed (cold cache): show how far it got."""
        now = time.monotonic()
        if now - self._progress_shown < 0.1 and done < total:
            return
        self._progress_shown = now
        text = Content(f"Loading papers\u2026 {done:,} of {total:,} files").stylize("italic")
        with contextlib.suppress(RuntimeError):  # the app is already closing
            self.call_from_thread(self._show_progress, text)

    def _show_progress(self, text: Content) -> None:
        """On the UI thread; before the main screen is composed there is nowhere to show it."""
        for status in self.main_screen.query(StatusLine):
            status.update(text)

    async def action_quit(self) -> None:
        self.exit(0)

    def action_help(self) -> None:
        """Show the keys that work right now, and the focused pane's own help."""
        from papertui.tui.screens.help import HelpScreen, key_table

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        screen = self.screen
        table = key_table(screen.active_bindings.values(), self.get_key_display)
        pane_help = ""
        widget = screen.focused
        for node in (widget, *widget.ancestors) if widget is not None else ():
            pane_help = getattr(node, "HELP", "") or ""
            if pane_help or isinstance(node, Screen):
                break
        self.push_screen(HelpScreen(table, pane_help))
