"""The breadcrumb: the history trail, current entry marked, forward entries dimmed."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from papertui.tui.safetext import safe_text

SEPARATOR = Content(" \u203a ").stylize("$text-muted")  # ›
MAX_SHOWN = 7


class Breadcrumb(Static):
    """One line: ``Trail: Transformer › BERT › [RoBERTa] › CamemBERT`` (current in brackets)."""

    def show(self, names: Sequence[str], index: int) -> None:
        """``names`` is the trail (short names), ``index`` the current position (-1:
        the paper shown is not on the trail; nothing is bracketed)."""
        if (tuple(names), index) == getattr(self, "_shown", None):
            return  # unchanged: no repaint
        self._shown = (tuple(names), index)
        if not names:
            self.update(
                Content("Trail: Enter on a paper or a lineage link starts one").stylize(
                    "$text-muted"
                )
            )
            return
        start = max(0, min(index - MAX_SHOWN + 2, len(names) - MAX_SHOWN))
        crumbs: list[Content] = []
        if start > 0:
            crumbs.append(Content("\u2026").stylize("$text-muted"))
        for position in range(start, min(len(names), start + MAX_SHOWN)):
            name = names[position]
            if position == index:  # brackets too, for NO_COLOR and screen readers
                crumbs.append(Content.assemble("[", safe_text(name, "bold reverse"), "]"))
            elif position > index:
                crumbs.append(safe_text(name, "$text-muted"))
            else:
                crumbs.append(safe_text(name))
        if start + MAX_SHOWN < len(names):
            crumbs.append(Content("\u2026").stylize("$text-muted"))
        label = Content("Trail: ").stylize("bold")
        self.update(Content.assemble(label, SEPARATOR.join(crumbs)), layout=False)
