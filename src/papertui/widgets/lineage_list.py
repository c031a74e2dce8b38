"""A keyboard-enterable list of linked papers ("Builds on", "Built upon by").

Lineage lists are short (a handful of links), so an ``OptionList`` is fine here. Each
option's id is the paper id; Enter posts :class:`ShowPaper`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from papertui.messages import ShowPaper
from papertui.model import Paper
from papertui.safetext import safe_text


class LineageList(OptionList):
    """Linked papers; Enter jumps to the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    HELP = """
## Lineage
**Enter** jumps to the highlighted paper; **[** / **]** go back and forward.
"""

    def show(self, papers: Sequence[tuple[Paper, str]]) -> None:
        """Replace the options with ``(paper, reason)`` pairs; unfocusable when empty."""
        options = []
        for paper, reason in papers:
            prompt = Content.assemble(
                safe_text(paper.short, "bold"),
                Content(f" {paper.date[:4]} ").stylize("$text-muted"),
                safe_text(paper.title),
            )
            if reason:
                prompt = Content.assemble(prompt, "\n  ", safe_text(reason, "italic $text-muted"))
            options.append(Option(prompt, id=paper.id))
        # can_focus rather than disabled: no restyle (CSS re-apply) on every paper change.
        self.can_focus = bool(options)
        if not options:
            options.append(Option(Content("none").stylize("italic $text-muted"), disabled=True))
        self.set_options(options)
        self.highlighted = 0 if self.can_focus else None

    @property
    def paper_ids(self) -> list[str]:
        return [option.id for option in self.options if option.id is not None]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(ShowPaper(event.option.id))
