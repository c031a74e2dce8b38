"""The status line: "Showing N of M", the sort, the active filters and query errors."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from papertui.tui.safetext import safe_text


class StatusLine(Static):
    """One line under the search box."""

    def show_loading(self) -> None:
        self.update(Content("Loading papers\u2026").stylize("italic"))

    def show(
        self,
        shown: int,
        total: int,
        *,
        sort: str,
        era: str | None,
        tags: Sequence[str],
        errors: Sequence[str],
        problems: int,
        notes: Sequence[str] = (),
    ) -> None:
        parts = [
            Content.assemble(
                Content("Showing ").stylize("$text-muted"),
                Content(f"{shown:,}").stylize("bold"),
                Content(" of ").stylize("$text-muted"),
                Content(f"{total:,}").stylize("bold"),
            ),
        ]
        if era:
            parts.append(Content.assemble(Content("era: ").stylize("$text-muted"), safe_text(era)))
        if tags:
            parts.append(
                Content.assemble(
                    Content("tags: ").stylize("$text-muted"), safe_text(" + ".join(tags))
                )
            )
        if problems:
            noun = "problem" if problems == 1 else "problems"
            parts.append(Content(f"\u26a0 {problems} load {noun} (!)").stylize("$text-warning"))
        for note in notes:  # e.g. which paper desc:X picked
            parts.append(safe_text(note, "$text-accent"))
        for error in errors:
            parts.append(safe_text(f"\u26a0 {error}", "bold $text-error"))
        parts.append(Content(f"sort: {sort}").stylize("$text-muted"))  # last: least needed
        self.update(Content(" \u00b7 ").join(parts), layout=False)
