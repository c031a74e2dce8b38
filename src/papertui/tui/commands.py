"""Command-palette providers (ctrl+p): jump to a paper, toggle a tag, filter to an era.

Providers read the live state from the main screen they were opened on. Data strings are
shown only as safe ``Content`` (``Matcher.highlight`` parses markup, so it is never given
data); paper search reuses the app's one search engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from papertui.tui.safetext import safe_text

if TYPE_CHECKING:
    from papertui.tui.screens.main import MainScreen

PAPER_HITS = 20


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
            display = Content.assemble(
                Content("Paper: ").stylize("$text-muted"),
                safe_text(paper.short, "bold"),
                " ",
                safe_text(paper.title),
                Content(f" ({paper.date[:4]})").stylize("$text-muted"),
            )
            yield Hit(
                1.0 - rank / (PAPER_HITS + 1),
                display,
                partial(screen.jump_to, paper.id),
                text=display.plain,
                help="Jump to this paper (recorded in the history)",
            )


class _ChoiceCommands(Provider):
    """A fixed list of choices from the main screen's state; picking one calls ``_pick``."""

    DISCOVER_LIMIT: int | None = None

    def _hits(self, screen: MainScreen) -> Sequence[tuple[Any, Content, str]]:
        raise NotImplementedError

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
        matcher = self.matcher(query)
        for key, display, text in self._hits(screen):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, display, partial(self._pick, screen, key), text=text)


class TagCommands(_ChoiceCommands):
    """Toggle a tag facet by name."""

    DISCOVER_LIMIT = 50

    def _pick(self, screen: MainScreen, key: Any) -> None:
        screen.toggle_tag(key)

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
