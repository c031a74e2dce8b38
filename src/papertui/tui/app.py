"""The papertui Textual app: thin. It loads the data in a worker and shows the main screen."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen

from papertui.store.handover import Handover
from papertui.tui.messages import CacheDamaged, LibraryChanged, LibraryFailed, LibraryLoaded
from papertui.tui.safeapp import SafeApp
from papertui.tui.screens.freshness import all_read, files_read
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets.search_bar import NO_BLINK_ENV as NO_BLINK_ENV  # for tests

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.theme import Theme

    from papertui.config.load import Config
    from papertui.store.format import Progress

PRELOAD_WAIT = 0.1  # seconds the screen may wait at mount for a load that is almost done


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
        Binding("q", "quit", "Quit", tooltip="Quit papertui", id="app.quit"),
        Binding(
            "ctrl+c", "quit", "Quit", show=False, priority=True, id="app.interrupt"
        ),  # as in any CLI
        Binding(  # the terminal is raw, so the shell's ctrl+z needs a binding (audit 23)
            "ctrl+z", "suspend_process", "Suspend", show=False, id="app.suspend"
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            key_display="?",
            tooltip="Keys and tips",
            id="app.help",
        ),
    ]

    def __init__(
        self,
        data_dir: Path,
        *,
        mouse: bool = True,
        config: Config | None = None,
        layers: Sequence[Path] = (),
    ) -> None:
        """``layers``: more data folders over ``data_dir`` (:mod:`papertui.library.layers`);
        ``config``: the settled configuration (keymap, theme, sort, sidebar)."""
        super().__init__()
        self.data_dir = data_dir
        self.folders = (data_dir, *layers)
        self.mouse = mouse
        self.config = config
        self.config_problems: list[str] = []
        self.open_command = ""
        if config is not None:
            from papertui.tui.configure import apply_config

            self.config_problems = [str(problem) for problem in apply_config(self, config)]
            self.open_command = config.open_command
        self._progress_shown = 0.0
        self._repairs = 0  # reloads after a damaged cache record: a freshness check's news
        self._repairing = False  # about the library read before is moot from then on
        # The load starts with the app, before Textual's own start-up. With a warm cache
        # it is done when the main screen mounts (or very soon after): the screen takes
        # it then and paints once, with papers, instead of empty and then again.
        self._loading = Handover(self._load, self._deliver)
        self.main_screen = MainScreen(preload=lambda: self._loading.take(PRELOAD_WAIT))

    def get_default_screen(self) -> Screen[None]:
        return self.main_screen

    def _load(
        self, quick: bool = True, progress: Progress | None = None
    ) -> LibraryLoaded | LibraryFailed:
        """On the load thread: the library, or why it could not be loaded. ``quick``: one
        folder's cache is trusted without a look at the sources
        (:func:`~papertui.store.load.load_quick`), and :meth:`check_fresh` checks it in the
        background; so is the merged cache of layered folders
        (:func:`~papertui.store.layered.load_layers_quick`). A cached paper
        record found damaged later is reloaded in the background (:meth:`_cache_damaged`)."""
        progress = progress or self._load_progress
        damaged = self._cache_damaged
        try:
            if len(self.folders) > 1:
                from papertui.store.layered import load_layers, load_layers_quick

                stamp = None
                if quick:
                    layered, stamp = load_layers_quick(self.folders, progress, damaged)
                else:
                    layered = load_layers(self.folders, progress, damaged)
                checks = () if stamp is None else ((self.folders, stamp),)
                return LibraryLoaded(layered.result, self.data_dir, layered, unchecked=checks)
            from papertui.store.load import load_cached, load_quick

            if not quick:
                return LibraryLoaded(load_cached(self.data_dir, progress, damaged), self.data_dir)
            loaded = load_quick(self.data_dir, progress, damaged)
        except Exception as error:  # an unreadable folder must not kill the UI
            return LibraryFailed(f"{type(error).__name__}: {error}")
        unchecked = () if loaded.stamp is None else ((self.data_dir, loaded.stamp),)
        return LibraryLoaded(loaded.result, self.data_dir, unchecked=unchecked)

    def check_fresh(self, unchecked: Sequence[tuple[Path | tuple[Path, ...], int]]) -> None:
        """After the first paint: check the folders whose cache was trusted unchecked
        (:mod:`papertui.store.fresh`, in a child process) and reload what changed."""
        self.run_worker(
            partial(self._refresh, tuple(unchecked)),
            thread=True,
            group="fresh",
            exit_on_error=False,
        )

    def _refresh(self, unchecked: tuple[tuple[Path | tuple[Path, ...], int], ...]) -> None:
        """On a worker thread: the check, then the reload when the data changed."""
        from papertui.store.refresh import refresh

        def stale() -> None:
            if not self._repairs:
                self._post(LibraryChanged())

        found = refresh(unchecked, stale, self._reload_progress)
        if self._repairs:  # the library checked was found damaged and is read again from
            return  # the sources (checked: no later freshness check): that result wins
        if not found.stale:
            self._post(LibraryChanged(stale=False))
            return
        message = self._load(quick=found.cached)  # the child's cache, or the sources
        if isinstance(message, LibraryLoaded):
            message.unchecked = ()  # just checked (or loaded from the sources)
            message.reloaded = found.changed
        self._post(message)

    def _cache_damaged(self) -> None:
        """From whichever thread read a damaged paper record (the UI thread drawing the
        detail, a search worker): the cache file is gone already; reload the papers from
        the YAML in the background, as a cold start does, and say so. Until then the
        damaged papers are unavailable and the rest of the library works as before."""
        self.post_message(CacheDamaged())  # thread-safe, and never waits for the UI thread

    def on_cache_damaged(self, _message: CacheDamaged) -> None:
        if self._repairing:
            return
        from papertui.store.refresh import stop_children

        self._repairs += 1
        self._repairing = True
        stop_children()  # a freshness check's rebuild would only do the same work again
        self.main_screen.post_message(LibraryChanged(damaged=True))
        self.notify(
            "A cached paper record was damaged: the cache is dropped and the papers are "
            "read again from the YAML in the background.",
            title="Cache damaged",
            severity="warning",
            markup=False,
        )
        self.run_worker(self._reload_damaged, thread=True, group="fresh", exit_on_error=False)

    def _reload_damaged(self) -> None:
        """On a worker thread: the folders read again (no cache: the child process of a
        cold load for a big folder), with progress, then swapped in."""

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - self._progress_shown >= 0.1 or done == total:
                self._progress_shown = now
                self._post(LibraryChanged(done=done, total=total, damaged=True))

        try:
            message = self._load(quick=False, progress=progress)
        finally:
            self._repairing = False
        if isinstance(message, LibraryLoaded):
            message.reloaded = -1
            message.damaged = True
        self._post(message)

    def _reload_progress(self, done: int, total: int) -> None:
        if self._repairs:
            return
        now = time.monotonic()
        if now - self._progress_shown >= 0.1 or done == total:
            self._progress_shown = now
            self._post(LibraryChanged(done=done, total=total))

    def _post(self, message: Message) -> None:
        """From a thread: a message to the main screen, through the app's loop."""
        with contextlib.suppress(RuntimeError):  # the app has already closed
            self.call_from_thread(self.main_screen.post_message, message)

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
        text = Content(f"Loading papers\u2026 {files_read(done, total)}").stylize("italic")
        with contextlib.suppress(RuntimeError):  # the app is already closing
            self.call_from_thread(self._show_progress, text, all_read(done, total))

    def _show_progress(self, text: Content, indexing: bool = False) -> None:
        """On the UI thread; before the main screen is composed there is nowhere to show it."""
        self.main_screen.show_load_progress(text, indexing)

    def on_mount(self) -> None:
        if self.config is not None and self.config.keymap:
            self.run_worker(self._check_keymap, thread=True, group="config", exit_on_error=False)
        else:
            self._say_config_problems()
        self._shown_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.app_resume_signal.subscribe(self, self._resumed)

    def _resumed(self, _app: object) -> None:
        """Back from ctrl+z (``fg``): Textual restores the terminal but paints nothing until
        something changes, so the screen stayed blank; paint it all."""
        self.call_later(self.refresh, layout=True)

    def _check_keymap(self) -> None:
        """On a thread at start-up: the keymap's ids and key names (importing every screen
        to know the ids costs ~190 ms, so not before the first paint)."""
        from papertui.tui.configure import keymap_problems

        assert self.config is not None
        _good, problems = keymap_problems(self.config)
        self.config_problems += [str(problem) for problem in problems]
        self.call_from_thread(self._say_config_problems)

    def _say_config_problems(self) -> None:
        if self.config_problems:  # said once, at start-up, not on the first key press
            count = len(self.config_problems)
            head = f"{count} config problem{'s' * (count != 1)}, those settings use defaults"
            head += " (papertui config validate):"
            text = "\n".join([head, *self.config_problems[:4]])
            if count > 4:
                text += f"\n... and {count - 4} more"
            self.notify(text, severity="warning", timeout=12, markup=False)

    _shown_theme = ""

    def _theme_changed(self, theme: Theme) -> None:
        """A theme picked in the palette is remembered (:mod:`papertui.config.remembered`)."""
        if self.config is None or theme.name == self._shown_theme:
            return
        from papertui.config.remembered import remember_theme

        self._shown_theme = theme.name
        why = remember_theme(theme.name, self.config.theme)
        if why:
            self.notify(why, severity="warning", markup=False)

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
