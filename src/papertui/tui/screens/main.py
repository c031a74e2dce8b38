"""The main screen: the controller that owns the state and binds it down to the widgets.

State: the library and its search engine, the current ``View`` (query, era, tags, sort),
the latest ``Results``, the paper shown in the detail panel, and the navigation history.
Widgets post requests up (``ShowPaper``, ``ToggleTag``, ``ToggleEra``...); searches run in
an exclusive thread worker and come back as ``SearchFinished``, stale ones dropped
(:mod:`.searches`); jumps and the back/forward trail are :mod:`.trail`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from papertui.library.consequences import not_loaded
from papertui.library.history import History
from papertui.search.engine import Engine, Results, Sort, View
from papertui.search.summaries import SummaryText
from papertui.tui.messages import (
    ClearTags,
    LibraryFailed,
    LibraryLoaded,
    PaperHighlighted,
    SearchFinished,
    ShowPaper,
    ToggleEra,
    ToggleTag,
)
from papertui.tui.screens.freshness import FreshnessMixin
from papertui.tui.screens.lineage_keys import LineageKeysMixin
from papertui.tui.screens.personal import PersonalMixin
from papertui.tui.screens.results import ResultsMixin
from papertui.tui.screens.searches import Searches
from papertui.tui.screens.trail import TRAIL_ACTIONS, TrailMixin
from papertui.tui.screens.typing import TypeToSearchMixin
from papertui.tui.widgets import (
    Breadcrumb,
    EraTree,
    KeyBar,
    PaperDetail,
    PersonalFacets,
    ResultList,
    SearchBar,
    StatusLine,
    TagFacets,
)

if TYPE_CHECKING:
    from pathlib import Path

    from papertui.library.loader import Problem
    from papertui.library.model import Library

# s cycles these (sort, reversed); S reverses whatever order is shown
NARROW_WIDTH = 110  # below this the sidebar hides behind `f`
DETAIL_DEBOUNCE = 0.05  # seconds: the detail follows the cursor after a pause
TYPING_DEBOUNCE = 0.15  # seconds: ... and the search results after a typing pause


class MainScreen(
    ResultsMixin,
    FreshnessMixin,
    PersonalMixin,
    TrailMixin,
    LineageKeysMixin,
    TypeToSearchMixin,
    Screen[None],
):
    """Era tree and tags | search, status and results | detail panel."""

    AUTO_FOCUS = "#results"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", key_display="/", id="main.focus-search"),
        *TrailMixin.TRAIL_BINDINGS,
        *LineageKeysMixin.LINEAGE_BINDINGS,
        Binding("S", "reverse_sort", "Reverse", show=False, id="main.reverse-sort"),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            tooltip="Sort by relevance, date (oldest, newest first) or title",
            id="main.cycle-sort",
        ),
        Binding(
            "f",
            "toggle_sidebar",
            "Show/hide filters",
            tooltip="Show or hide the eras and tags",
            id="main.toggle-sidebar",
        ),
        Binding(
            "escape",
            "back_out",
            "Back out",
            show=False,
            tooltip="Clear the search, then the filters, then leave the pane",
            id="main.back-out",
        ),
        Binding(
            "exclamation_mark",
            "show_problems",
            "Load problems",
            show=False,
            id="main.show-problems",
        ),
        *PersonalMixin.PERSONAL_BINDINGS,  # r * n v e y (issue 13)
    ]

    def __init__(self, preload: Callable[[], Message | None] | None = None) -> None:
        """``preload``, called once at mount, may return the load's result if it is
        ready (:class:`LibraryLoaded` or :class:`LibraryFailed`): the first paint then
        shows the papers. Otherwise the result arrives later as a message."""
        super().__init__()
        self._preload = preload
        self.library: Library | None = None
        self.searches = Searches(self)
        self.view = View()
        self.results: Results | None = None
        self.current: str | None = None
        self.history: History[str] = History()
        self.link_cursors: dict[str, int] = {}
        self.problems: tuple[Problem, ...] = ()
        self.data_dir: Path | None = None  # where the problems' files are
        self._detail_timer: Timer | None = None
        self._facets_timer: Timer | None = None
        self.summaries: SummaryText | None = None  # text: filters (search/summaries.py)
        self.reversed = False  # the results shown last to first (newest first, S)
        self._to_top = False  # the next results start at the top (a new sort order)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Content("papertui").stylize("bold"), id="header")
        yield Breadcrumb(id="breadcrumb")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield EraTree(id="eras")
                yield TagFacets(id="tags")
                yield PersonalFacets(id="mine")
            with Vertical(id="centre"):
                yield SearchBar(id="search")
                yield StatusLine(id="status")
                yield ResultList(id="results")
            with Vertical(id="detail-pane"):
                yield PaperDetail(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        titles = {
            "#eras": "Eras",
            "#tags": "Tags",
            "#mine": "Reading",
            "#centre": "Papers",
            "#detail-pane": "Detail",
        }
        for selector, title in titles.items():
            self.query_one(selector).border_title = Content(title)
        self.query_one(StatusLine).show_loading()
        results = self.query_one(ResultList)
        results.empty_message = Content("Loading papers\u2026").stylize("italic")
        results.refresh()
        self.query_one(Breadcrumb).show((), -1)
        # Follow the box's value directly, not through Input.Changed: the key and its
        # results then reach the screen in the same frame (one repaint per keystroke).
        self.watch(self.query_one(SearchBar), "value", self._search_text, init=False)
        self.open_personal()  # the reading state (screens/personal.py)
        config = getattr(self.app, "config", None)
        if config is not None:  # config.toml: the first sort, the sidebar shown or hidden
            self.view = replace(self.view, sort=Sort(config.sort))
            self.set_class(not config.sidebar, "-nosidebar")
        message = self._preload() if self._preload is not None else None
        if isinstance(message, LibraryLoaded):
            self.on_library_loaded(message)
        elif isinstance(message, LibraryFailed):
            self.on_library_failed(message)

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.has_class("narrow"):
            self.set_class(narrow, "narrow")
            self.refresh_bindings()  # the key bar says Show or Hide

    # -- loading ------------------------------------------------------------------------

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        result = message.result
        self.replacing(self.library)  # screens/freshness.py: given back after a reload
        self.searches.reset(result.library)  # a reload (data changed on disk) too
        self.library, self.results = result.library, None
        self.summaries = SummaryText(result.library)
        self.problems = tuple(result.problems)
        self.data_dir = message.data_dir
        layers = message.layers
        detail = self.query_one(PaperDetail)
        detail.not_loaded = frozenset(not_loaded(self.problems, result.library.papers))
        if layers is not None and len(layers.folders) > 1:
            detail.folder_of = layers.folder_of
        self.query_one(EraTree).set_library(result.library, self._era_children)
        self.show_counts(result.library)  # screens/freshness.py
        self.run_search()
        self.personal_loaded(result.library)
        self.fresh_loaded(message)  # screens/freshness.py
        if self.problems:
            count = len(self.problems)
            text = f"{count} problem{'s' if count != 1 else ''} in the data; press ! to list them"
            self.notify(text, title="Data problems", severity="warning", markup=False)

    @property
    def engine(self) -> Engine | None:
        """The search engine, once a search or the palette has built it."""
        return self.searches.engine

    # -- searching ----------------------------------------------------------------------

    def run_search(self) -> None:
        """Search for the current view (:meth:`Searches.run`); older searches are cancelled."""
        if self.library is None:
            return
        try:
            # text: filters fold every summary once (seconds at 100k): in the worker
            results = self.searches.run(self.with_personal(self.view), self.with_texts)
        except Exception as error:  # as a failed worker would report it
            text = f"{type(error).__name__}: {error}"
            self.notify(text, title="Search failed", severity="error", markup=False)
            return
        if results is not None:
            self._show_results(results)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = f"{type(event.worker.error).__name__}: {event.worker.error}"
            self.notify(error, title="Search failed", severity="error", markup=False)

    def on_search_finished(self, message: SearchFinished) -> None:
        if self.searches.is_stale(message):
            return  # a newer search is on its way
        self._show_results(message.results)

    def _era_children(self, era_id: str) -> Sequence[str]:
        """The papers of ``era_id`` that match the current search and tags, by date."""
        return self.searches.era_children(self.resolved(self.view), era_id)

    def _search_text(self, value: str) -> None:
        if value != self.view.query:
            self.view = replace(self.view, query=value)
            self.run_search()

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self._search_text(event.value)  # already followed, unless the watch missed it

    def on_toggle_tag(self, message: ToggleTag) -> None:
        self.toggle_tag(message.tag)

    def on_clear_tags(self, message: ClearTags) -> None:
        if self.view.tags:
            self.view = replace(self.view, tags=frozenset())
            self.run_search()

    def on_toggle_era(self, message: ToggleEra) -> None:
        self.set_era(None if self.view.era == message.era_id else message.era_id)

    def toggle_tag(self, tag: str) -> None:
        """Add ``tag`` to the AND-combined tag filter, or remove it."""
        self.view = replace(self.view, tags=self.view.tags ^ {tag})
        self.run_search()

    def set_era(self, era_id: str | None) -> None:
        """Filter to ``era_id`` (``None``: every era)."""
        self.view = replace(self.view, era=era_id)
        self.run_search()

    # -- the highlighted paper (jumps and the history: TrailMixin) --------------------------

    def on_paper_highlighted(self, message: PaperHighlighted) -> None:
        # Debounced: holding j or typing re-renders the detail once, after the burst
        # (longer while typing: keys come slower than key repeat).
        delay = TYPING_DEBOUNCE if message.new_results else DETAIL_DEBOUNCE
        self._set_current(message.paper_id, debounce=True, delay=delay)

    def _set_current(
        self, paper_id: str | None, *, debounce: bool, delay: float | None = None
    ) -> None:
        self.current = paper_id
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if debounce:
            wait = DETAIL_DEBOUNCE if delay is None else delay
            self._detail_timer = self.set_timer(wait, self._update_detail)
        else:
            self._update_detail()

    def _update_detail(self) -> None:
        self._detail_timer = None
        self.query_one(PaperDetail).show(self.library, self.current)
        if len(self.history):
            self._show_trail()  # the trail brackets the paper shown, or none

    def on_show_paper(self, message: ShowPaper) -> None:
        self.jump_to(message.paper_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TRAIL_ACTIONS:
            return self.check_trail_action(action)
        return self.check_personal_action(action)

    def key_description(self, binding: Binding) -> str:
        """The key bar's text for ``binding``: ``f`` says whether it shows or hides."""
        if binding.action == "toggle_sidebar":
            hidden = self.has_class("-nosidebar") or (
                self.has_class("narrow") and not self.has_class("-sidebar")
            )
            if self.has_class("narrow") and hidden:
                return "Filters"  # 80 columns: room for "? Help" at the end
            return "Show filters" if hidden else "Hide filters"
        return binding.description

    # -- keys ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(SearchBar))

    def action_toggle_sidebar(self) -> None:
        if self.has_class("narrow"):
            self.toggle_class("-sidebar")
            showing = self.has_class("-sidebar")
        else:
            self.toggle_class("-nosidebar")
            showing = not self.has_class("-nosidebar")
        self.refresh_bindings()  # the key bar says Show or Hide
        if showing:
            self.set_focus(self.query_one(EraTree))
        elif self.focused is None or self.query_one("#sidebar") in self.focused.ancestors:
            self.set_focus(self.query_one(ResultList))

    def action_back_out(self) -> None:
        """Esc: clear the search, then the filters, then leave the focused pane."""
        search = self.query_one(SearchBar)
        if search.value:
            search.value = ""  # Input.Changed runs the search
            return
        if self.view.tags or self.view.era:
            self.view = replace(self.view, tags=frozenset(), era=None)
            self.run_search()
            return
        if self.has_class("narrow") and self.has_class("-sidebar"):
            self.remove_class("-sidebar")
            self.set_focus(self.query_one(ResultList))
            return
        result_list = self.query_one(ResultList)
        if self.focused is not result_list:
            self.set_focus(result_list)

    def action_show_problems(self) -> None:
        from papertui.tui.screens.problems import ProblemsScreen

        if not self.problems and not self.orphan_ids:  # say so; never a search for "!"
            self.notify("No load problems: every file loaded cleanly", title="Problems")
            return
        self.app.clear_notifications()  # the "press ! to list them" toast has done its job
        papers = self.library.papers if self.library is not None else None
        orphans = (self.orphan_ids, self.personal.path if self.personal is not None else None)
        self.app.push_screen(ProblemsScreen(self.problems, self.data_dir, papers, orphans=orphans))
