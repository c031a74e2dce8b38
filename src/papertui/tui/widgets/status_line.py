"""The status line: "Showing N of M", the active filters, query errors and the sort.

One line; when the filters and warnings do not fit, the sort goes first, then the long
forms, then the line wraps to a second and more (a layout, only then): neither the filter
list nor a warning is cut.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.events import Resize
from textual.visual import VisualType
from textual.widgets import Static

from papertui.tui.safetext import safe_text

MAX_LINES = 4  # two tags, a warning and a narrow terminal need three


class StatusLine(Static):
    """One line under the search box."""

    _shown: (
        tuple[int, int, str, str | None, tuple[str, ...], tuple[str, ...], int, tuple[str, ...]]
        | None
    ) = None
    extra = ""  # a note after the search's own (e.g. the data changed on disk)
    _drawn: Content | None = None  # the status last shown by show()

    def set_extra(self, text: str) -> None:
        """Show ``text`` after the search's notes from now on ("": none)."""
        if text == self.extra:
            return
        self.extra = text
        self._show_again()

    def on_resize(self, event: Resize) -> None:
        self._show_again()

    def _show_again(self) -> None:
        """Lay the last status out again (a new width, or a new note after it)."""
        if self._shown is not None:
            shown, total, sort, era, tags, errors, problems, notes = self._shown
            self.show(
                shown,
                total,
                sort=sort,
                era=era,
                tags=tags,
                errors=errors,
                problems=problems,
                notes=notes,
            )

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content`` (the load's progress, an error: anything :meth:`show` did not
        lay out, so its next status is drawn whatever it is)."""
        self._drawn = None
        super().update(content, layout=layout)

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
        self._shown = (shown, total, sort, era, tuple(tags), tuple(errors), problems, tuple(notes))
        muted = "$text-muted"
        count = Content.assemble(
            Content("Showing ").stylize(muted),
            Content(f"{shown:,}").stylize("bold"),
            Content(" of ").stylize(muted),
            Content(f"{total:,}").stylize("bold"),
        )
        short_count = Content.assemble(
            Content(f"{shown:,}").stylize("bold"), Content(f"/{total:,}").stylize(muted)
        )
        filters: list[Content] = []
        if era:
            filters.append(Content.assemble(Content("era: ").stylize(muted), safe_text(era)))
        if tags:
            filters.append(
                Content.assemble(Content("tags: ").stylize(muted), safe_text(" + ".join(tags)))
            )
        extra = [self.extra] if self.extra else []
        filters += [safe_text(note, "$text-accent") for note in (*notes, *extra)]  # desc:X
        warnings = [safe_text(f"\u26a0 {error}", "bold $text-error") for error in errors]
        hint = short_hint = None
        if problems:
            noun = "problem" if problems == 1 else "problems"
            hint = Content(f"\u26a0 {problems} load {noun} (!)").stylize("$text-warning")
            short_hint = Content(f"\u26a0 {problems} (!)").stylize("$text-warning")
        sort_part = Content(f"sort: {sort}").stylize(muted)
        # Most useful first; what does not fit goes, least useful first (the sort, then
        # the long forms); the filters and warnings are never cut: they wrap to more lines.
        candidates = [
            [count, *filters, *warnings, *([hint] if hint else []), sort_part],
            [count, *filters, *warnings, *([hint] if hint else [])],
            [short_count, *filters, *warnings, *([short_hint] if short_hint else [])],
        ]
        width = self.content_region.width
        text = Content(" \u00b7 ").join(candidates[0])
        for parts in candidates:
            text = Content(" \u00b7 ").join(parts)
            if width <= 0 or text.cell_length <= width:
                break
        lines = 1 if width <= 0 else min(MAX_LINES, len(text.wrap(width)))
        if self.styles.height is None or self.styles.height.value != lines:
            self.styles.height = lines  # a layout, but only when a filter needs the 2nd line
        drawn = self._drawn
        if drawn is not None and drawn.plain == text.plain and drawn.spans == text.spans:
            return  # typing on often keeps the count: nothing to repaint or send
        self.update(text, layout=False)
        self._drawn = text
