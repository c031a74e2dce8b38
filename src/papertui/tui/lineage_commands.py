"""Command-palette entries for lineage: open the lineage screen, mark, show the path.

They call the main screen's own actions (``l``, ``m``, ``p``), so the palette and the keys
do the same thing. No data text is shown: the entries are fixed phrases.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

SCATTERED = 0.6  # as commands.SCATTERED: below names typed exactly or as a prefix

ENTRIES = (
    ("lineage", "Lineage: ancestors and descendants of this paper (l)"),
    ("mark", "Lineage: mark this paper for a path (m)"),
    ("path", "Lineage: path from the marked paper to this one (p)"),
)


class LineageCommands(Provider):
    def _actions(self) -> list[tuple[str, str]]:
        from papertui.tui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen) or screen.current is None:
            return []
        return list(ENTRIES)

    def _run(self, action: str) -> None:
        from papertui.tui.screens.main import MainScreen

        screen = self.screen
        if isinstance(screen, MainScreen):
            getattr(screen, f"action_{action}")()

    async def discover(self) -> Hits:
        for action, text in self._actions():
            yield DiscoveryHit(text, partial(self._run, action), text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, text in self._actions():
            score = matcher.match(text)
            if score > 0:  # a few scattered letters: after papers, tags and eras named
                score = SCATTERED * score / (1 + score)
                yield Hit(score, matcher.highlight(text), partial(self._run, action), text=text)
