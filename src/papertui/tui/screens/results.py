"""Showing a search's results on the main screen: the list, the status line, the era and
tag counts a frame later, the empty-list message and the sort order (a mixin of
:class:`~papertui.tui.screens.main.MainScreen`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.content import Content
from textual.worker import get_current_worker

from papertui.search.engine import Results, Sort, View
from papertui.search.matching import highlight_spans
from papertui.search.query import parse_query
from papertui.search.views import counts_ready
from papertui.tui.messages import FacetsCounted, SummaryCount
from papertui.tui.oneshot import once
from papertui.tui.safetext import safe_text
from papertui.tui.screens.searches import INLINE_SEARCH_MAX
from papertui.tui.widgets import EraTree, ResultList, StatusLine, TagFacets

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from papertui.library.loader import Problem
    from papertui.library.model import Library
    from papertui.search.summaries import SummaryText
    from papertui.tui.screens.searches import Searches

    _Base = Screen[None]
else:
    _Base = object

# Papers up to which a search that finds no name or title counts the summaries that
# mention its text. The first count decodes and folds every paper's long texts (a worker,
# about 1 s and 50 MB at this size); at 100k that is 0.4 GB kept, at 1M minutes and GBs,
# so bigger libraries only point to ``text:``.
SUMMARY_HINT_MAX = 20_000

SORT_CYCLE = ((Sort.RELEVANCE, False), (Sort.DATE, False), (Sort.DATE, True), (Sort.TITLE, False))
FACETS_DEBOUNCE = 0.06  # seconds: while typing, era and tag counts follow in a later frame


class ResultsMixin(_Base):
    """The results half of the main screen, for a screen with the attributes below."""

    library: Library | None
    results: Results | None
    searches: Searches
    current: str | None
    reversed: bool
    view: View
    problems: tuple[Problem, ...]
    summaries: SummaryText | None
    _to_top: bool
    _facets_timer: Timer | None

    def run_search(self) -> None: ...  # pragma: no cover - MainScreen's

    if TYPE_CHECKING:  # PersonalMixin's (a stub here would hide it: this mixin comes first)

        def with_personal(self, view: View) -> View: ...

    def resolved(self, view: View) -> View:
        """``view`` with its personal and ``text:`` filters resolved into ids."""
        return self.with_texts(self.with_personal(view))

    def with_texts(self, view: View) -> View:
        """``view`` with its ``text:`` filters resolved into ids (safe in a worker)."""
        texts = parse_query(view.query).texts
        if not texts or self.summaries is None:
            return view
        found = self.summaries.find(texts)
        return replace(view, within=found if view.within is None else view.within & found)

    if TYPE_CHECKING:  # PersonalMixin's, later in MainScreen's MRO: no stub at run time

        def update_personal_counts(self) -> None: ...

        def start_personal(self) -> None: ...

    def _set_current(
        self, paper_id: str | None, *, debounce: bool, delay: float | None = None
    ) -> None: ...  # pragma: no cover - MainScreen's

    def _show_results(self, results: Results) -> None:
        assert self.library is not None
        previous = self.results
        self.results = results
        view = results.view
        same_query = previous is not None and previous.view.query == view.query
        to_top, self._to_top = self._to_top, False
        result_list = self.query_one(ResultList)
        result_list.show(
            self.library,
            results.ids[::-1] if self.reversed else results.ids,
            query=results.query.text,
            highlighter=highlight_spans,  # of the query's free text, parsed once
            keep=self.current if same_query and not to_top else None,
            empty_message=self._empty_message(view),
        )
        if not results.ids:
            self._count_in_summaries(results)
        if self._facets_timer is not None:
            self._facets_timer.stop()
            self._facets_timer = None
        if previous is None or same_query:  # first results, or a filter changed: now
            self._update_facets()
        if previous is None:
            # Warm the engine's lazy indexes once the first results are painted: a thread
            # started earlier holds the GIL against that first paint.
            self.call_after_refresh(self.searches.start_warming)
            self.call_after_refresh(self.start_personal)  # then the reading state
        else:  # typing: the list and status show this frame, the sidebar counts the next
            self._facets_timer = self.set_timer(FACETS_DEBOUNCE, self._update_facets)
        era = self.library.era(view.era) if view.era else None
        self.query_one(StatusLine).show(
            len(results.ids),
            results.total,
            sort=self._sort_name(view.sort),
            era=era.name if era else view.era,
            tags=sorted(view.tags, key=str.casefold),
            errors=results.query.errors,
            problems=len(self.problems),
            notes=results.notes,
        )
        if not results.ids and self.current is not None:
            self._set_current(None, debounce=True)

    def _update_facets(self) -> None:
        """Era and tag counts of the current results: made in a worker when they are not
        yet (a big library; ``FacetsCounted`` comes back), then shown."""
        self._facets_timer = None
        results = self.results
        if results is None:
            return
        small = self.library is not None and len(self.library) <= INLINE_SEARCH_MAX
        if small or (counts_ready(results.era_counts) and counts_ready(results.tag_counts)):
            self._show_facets()
            return

        self.run_worker(
            once(self._count_facets, results),
            thread=True,
            exclusive=True,
            group="facets",
            exit_on_error=False,
        )

    def _count_facets(self, results: Results) -> None:
        """On the worker thread: the era and tag counts, made here, not on the UI."""
        _ = len(results.era_counts), len(results.tag_counts)
        if not get_current_worker().is_cancelled:
            self.post_message(FacetsCounted(results))

    def on_facets_counted(self, message: FacetsCounted) -> None:
        if message.results is self.results:
            self._show_facets()

    def _show_facets(self) -> None:
        if self.results is None:
            return
        view = self.results.view
        paths = self.library.tag_path if self.library is not None else None
        self.query_one(TagFacets).show(self.results.tag_counts, view.tags, paths)
        self.query_one(EraTree).update_counts(self.results.era_counts, view.era)
        self.update_personal_counts()

    def _count_in_summaries(self, results: Results) -> None:
        """Count, in a worker, the summaries that mention an empty search's free text
        (:class:`SummaryCount` comes back; the message says so then)."""
        query, summaries = results.query, self.summaries
        if not query.text or query.texts or summaries is None or self.library is None:
            return
        if len(self.library) > SUMMARY_HINT_MAX:
            return
        work = once(self._count_summaries, summaries, query.text, results.view.query)
        self.run_worker(work, thread=True, exclusive=True, group="summaries", exit_on_error=False)

    def _count_summaries(self, summaries: SummaryText, text: str, asked: str) -> None:
        """On the worker thread: how many summaries mention ``text`` (typed as ``asked``)."""
        found = len(summaries.find([text]))
        if found and not get_current_worker().is_cancelled:
            self.post_message(SummaryCount(asked, found))

    def on_summary_count(self, message: SummaryCount) -> None:
        results = self.results
        if results is None or results.ids or results.view.query != message.query:
            return  # another search since
        result_list = self.query_one(ResultList)
        result_list.empty_message = self._empty_message(results.view, message.found)
        result_list.refresh()

    def _empty_message(self, view: View, found: int = 0) -> Content:
        if view.query.strip():
            query = parse_query(view.query)
            big = self.library is not None and len(self.library) > SUMMARY_HINT_MAX
            if query.text and not query.texts and big:  # not counted: point to text:
                return Content.assemble(
                    "No names or titles match '",
                    safe_text(query.text, "bold"),
                    "' \u2014 search ",
                    safe_text(_text_filter(query.text), "bold"),
                    " to look in the summaries",
                )
            if found:  # nothing in the names and titles: say what the summaries hold
                return Content.assemble(
                    "No names or titles match '",
                    safe_text(query.text, "bold"),
                    f"' \u2014 {found} {'papers mention' if found != 1 else 'paper mentions'}"
                    " it in the summary: search ",
                    safe_text(_text_filter(query.text), "bold"),
                )
            return Content.assemble(
                "No papers match '",
                safe_text(view.query.strip(), "bold"),
                "' \u2014 Esc clears the search",
            )
        if view.tags or view.era:
            return Content("No papers have all these filters \u2014 Esc clears them")
        return Content("No papers in this collection")

    def _sort_name(self, sort: Sort) -> str:
        if not self.reversed:
            return str(sort)
        return "date, newest first" if sort == Sort.DATE else f"{sort}, reversed"

    def action_cycle_sort(self) -> None:
        now = (self.view.sort, self.reversed)
        index = SORT_CYCLE.index(now) if now in SORT_CYCLE else -1
        sort, self.reversed = SORT_CYCLE[(index + 1) % len(SORT_CYCLE)]
        self._sorted(sort)

    def action_reverse_sort(self) -> None:
        self.reversed = not self.reversed
        self._sorted(self.view.sort)

    def _sorted(self, sort: Sort) -> None:
        """Show the results in a new order, from the top of the list."""
        self._to_top = True
        self.view = replace(self.view, sort=sort)
        if self.results is not None and self.results.view.sort == sort:
            self._show_results(replace(self.results, view=self.view))  # only reversed
        else:
            self.run_search()


def _text_filter(text: str) -> str:
    """The ``text:`` filter for ``text`` (quoted when it has several words)."""
    return f'text:"{text}"' if " " in text else f"text:{text}"
