"""Command-palette providers (ctrl+p): jump to a paper, toggle a tag, filter to an era.

Providers read the live state from the main screen they were opened on. Data strings are
shown only as safe ``Content`` (``Matcher.highlight`` parses markup, so it is never given
data); paper search reuses the app's one search engine.

Order (the palette sorts every provider's hits by score): a paper whose short name or
title is the query (1.0), then tags and eras named exactly (0.99) or by a prefix (0.95),
papers whose name or title starts with the query, the rest of the papers in the engine's
order, scattered-letter tag and era matches (at most 0.6, scored by :func:`scattered` in
linear time, never by Textual's matcher), Textual's generic commands
(scaled by :data:`GENERIC_WEIGHT`), and last the tags with no paper under the current
filters. Each paper is one line (no help line; the palette does not wrap).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.system_commands import SystemCommandsProvider

from papertui.library.fold import normalize
from papertui.tui.safetext import safe_text

if TYPE_CHECKING:
    from papertui.tui.screens.main import MainScreen

PAPER_HITS = 20
EXACT, NAMED, PREFIX = 1.0, 0.99, 0.95
SCATTERED = 0.6  # the most a scattered-letter match of a tag or era scores
GENERIC_WEIGHT = 0.3  # Textual's own commands (theme, keys, quit...) after ours
EMPTY_WEIGHT = 0.05  # a tag with no paper under the current filters: last


def below(ceiling: float, score: float) -> float:
    """A matcher's score (unbounded: Textual adds bonuses) squeezed under ``ceiling``,
    order kept."""
    return ceiling * score / (1 + score) if score > 0 else 0.0


def scattered(query: str, text: str) -> float:
    """How well the query's letters (case-folded, spaces ignored) appear in order in
    ``text``: 0 when they do not all appear, up to 1 for letters close together near the
    start. One pass forward and one back over ``text``: Textual's fuzzy matcher tries every
    combination of letter positions, so three scattered letters against a 10 kB tag in
    someone's data froze the palette, and the app, for minutes."""
    letters = [ch for ch in query.casefold() if not ch.isspace()]
    hay = text.casefold()
    if not letters:
        return 0.0
    at = -1
    for letter in letters:  # leftmost end of a match
        at = hay.find(letter, at + 1)
        if at < 0:
            return 0.0
    end = start = at
    for letter in reversed(letters[:-1]):  # the latest start before that end: tightest
        start = hay.rfind(letter, 0, start)
    span = end - start + 1
    return len(letters) / span * (0.5 + 0.5 / (1 + start / 20))


def closeness(query: str, names: Iterable[str]) -> float | None:
    """:data:`NAMED` when the query is one of ``names``, :data:`PREFIX` when one starts
    with it (folded, punctuation-loose), else ``None``."""
    wanted = normalize(query)
    if not wanted:
        return None
    folded = [normalize(name) for name in names]
    if wanted in folded:
        return NAMED
    if any(name.startswith(wanted) for name in folded):
        return PREFIX
    return None


class GenericCommands(SystemCommandsProvider):
    """Textual's generic commands (theme, keys, screenshot, quit), ranked after ours."""

    async def search(self, query: str) -> Hits:
        async for hit in super().search(query):
            if isinstance(hit, Hit):
                yield dataclasses.replace(hit, score=below(GENERIC_WEIGHT, hit.score))


def _main_screen(provider: Provider) -> MainScreen | None:
    from papertui.tui.screens.main import MainScreen

    screen = provider.screen
    return screen if isinstance(screen, MainScreen) else None


class PaperCommands(Provider):
    """Type part of a title, short name or author to jump to that paper."""

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None or screen.library is None or not query.strip():
            return
        from papertui.search.engine import View

        engine = await asyncio.to_thread(screen.searches.ensure_engine)
        results = await asyncio.to_thread(engine.run, View(query=query))
        library = screen.library
        for rank, paper_id in enumerate(results.ids[:PAPER_HITS]):
            paper = library.get(paper_id)
            if paper is None:
                continue
            score = 0.9 - 0.4 * rank / PAPER_HITS  # the engine's order, below exact names
            near = closeness(query, (paper.short, paper.title))
            if near == NAMED:
                score = EXACT
            elif near == PREFIX:
                score = 0.97 - 0.001 * rank
            display = Content.assemble(
                Content("Paper: ").stylize("$text-muted"),
                safe_text(paper.short, "bold"),
                " ",
                safe_text(paper.title),
                Content(f" ({paper.date[:4]})").stylize("$text-muted"),
            )
            yield Hit(  # one line: no help line under it
                score,
                display,
                partial(screen.jump_to, paper.id, record_origin=False),
                text=display.plain,
            )


class _ChoiceCommands(Provider):
    """A fixed list of choices from the main screen's state; picking one calls ``_pick``."""

    DISCOVER_LIMIT: int | None = None

    def _hits(self, screen: MainScreen) -> Sequence[tuple[Any, Content, str]]:
        raise NotImplementedError

    def _names(self, screen: MainScreen, key: Any) -> tuple[str, ...]:
        """The names the query may give exactly (``key`` itself by default)."""
        return (str(key),) if key is not None else ()

    def _weight(self, screen: MainScreen, key: Any) -> float:
        return 1.0

    def _pick(self, screen: MainScreen, key: Any) -> None:
        raise NotImplementedError

    async def discover(self) -> Hits:
        screen = _main_screen(self)
        if screen is None or screen.library is None:
            return
        for key, display, text in self._hits(screen)[: self.DISCOVER_LIMIT]:
            yield DiscoveryHit(display, partial(self._pick, screen, key), text=text)

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None or screen.library is None:
            return
        for key, display, text in self._hits(screen):
            score = closeness(query, (*self._names(screen, key), text))
            if score is None:
                found = scattered(query, text)  # never Textual's matcher on data
                # between Textual's commands (below GENERIC_WEIGHT) and SCATTERED
                score = GENERIC_WEIGHT + (SCATTERED - GENERIC_WEIGHT) * found if found else 0.0
            if score > 0:
                score *= self._weight(screen, key)
                yield Hit(score, display, partial(self._pick, screen, key), text=text)


class TagCommands(_ChoiceCommands):
    """Toggle a tag facet by name."""

    DISCOVER_LIMIT = 50

    def _pick(self, screen: MainScreen, key: Any) -> None:
        screen.toggle_tag(key)

    def _weight(self, screen: MainScreen, key: Any) -> float:
        counts = screen.results.tag_counts if screen.results is not None else {}
        if key in screen.view.tags or counts.get(key, 0):
            return 1.0
        return EMPTY_WEIGHT  # no paper under the current filters has it

    def _hits(self, screen: MainScreen) -> list[tuple[str, Content, str]]:
        assert screen.library is not None
        counts = screen.results.tag_counts if screen.results is not None else {}
        out = []
        for tag in screen.library.tags:
            verb = "Remove tag filter" if tag in screen.view.tags else "Filter by tag"
            display = Content.assemble(
                Content(f"{verb}: ").stylize("$text-muted"),
                safe_text(tag, "bold"),
                Content(f" ({counts.get(tag, 0)})").stylize("$text-muted"),
            )
            out.append((tag, display, f"{verb}: {tag}"))
        return out


class EraCommands(_ChoiceCommands):
    """Filter to an era (or back to every era)."""

    def _pick(self, screen: MainScreen, key: Any) -> None:
        screen.set_era(key)

    def _names(self, screen: MainScreen, key: Any) -> tuple[str, ...]:
        era = screen.library.era(key) if key is not None and screen.library else None
        return (era.id, era.name) if era is not None else ()

    def _hits(self, screen: MainScreen) -> list[tuple[str | None, Content, str]]:
        assert screen.library is not None
        out: list[tuple[str | None, Content, str]] = []
        for era in screen.library.eras:
            display = Content.assemble(
                Content("Show era: ").stylize("$text-muted"),
                safe_text(era.name, "bold"),
                Content(f" {era.span}").stylize("$text-muted"),
            )
            out.append((era.id, display, f"Show era: {era.name} {era.span}"))
        if screen.view.era is not None:
            out.append((None, Content("Show every era"), "Show every era"))
        return out
