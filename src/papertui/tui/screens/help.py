"""Help generated from the live bindings of the screen it was opened from.

Nothing here is typed by hand except the short HELP texts of the widgets: the key table
is read from ``Screen.active_bindings`` at the moment ``?`` is pressed, so it always
matches what the keys really do in the focused pane.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

# Inherited scrolling bindings that do nothing useful in papertui's panes.
NOISE = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})

INTRO = """
# papertui keys
Everything works from the keyboard. **Tab** / **shift+Tab** move between panes,
**ctrl+p** opens the command palette (papers, tags, eras), **q** quits.
"""


def key_table(bindings: Iterable[ActiveBinding], key_display: Callable[[Binding], str]) -> Content:
    """One line per action: its keys and description; unavailable actions dimmed."""
    keys_of: dict[tuple[str, str], list[str]] = {}
    enabled: dict[tuple[str, str], bool] = {}
    for active in bindings:
        binding = active.binding
        if not binding.description or binding.system or binding.action in NOISE:
            continue
        ident = (binding.action, binding.description)
        shown = key_display(binding)
        keys = keys_of.setdefault(ident, [])
        if shown not in keys:
            keys.append(shown)
        enabled[ident] = enabled.get(ident, False) or active.enabled
    lines = []
    for ident, keys in keys_of.items():
        style = "" if enabled[ident] else "$text-disabled"
        keys_text = Content(", ".join(keys)[:22].ljust(22)).stylize(f"bold $text-accent {style}")
        lines.append(Content.assemble(keys_text, " ", Content(ident[1]).stylize(style)))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The live key table plus the focused pane's own help."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.dismiss"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, id="help.bottom"),
        Binding(
            "space,pagedown,ctrl+f,ctrl+d",
            "scroll('page_down')",
            "Page down",
            show=False,
            id="help.page-down",
        ),
        Binding(
            "pageup,ctrl+b,ctrl+u", "scroll('page_up')", "Page up", show=False, id="help.page-up"
        ),
    ]

    def __init__(self, table: Content, pane_help: str) -> None:
        super().__init__()
        self._table = table
        self._pane_help = pane_help

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(INTRO)
            yield Label(Content("Keys active here").stylize("bold"))
            yield Static(self._table, id="help-keys")
            if self._pane_help:
                yield Markdown(self._pane_help, id="help-pane")
            yield Label(Content("Esc, q or ? closes this help").stylize("italic $text-muted"))

    def action_scroll(self, where: str) -> None:
        """j/k, g/G and the page keys scroll the help, as in less."""
        box = self.query_one("#help-box", VerticalScroll)
        moves = {
            "down": lambda: box.scroll_down(animate=False),
            "up": lambda: box.scroll_up(animate=False),
            "home": lambda: box.scroll_home(animate=False),
            "end": lambda: box.scroll_end(animate=False),
            "page_down": lambda: box.scroll_page_down(animate=False),
            "page_up": lambda: box.scroll_page_up(animate=False),
        }
        moves[where]()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
