"""The detail panel: everything about one paper, plus its lineage as enterable lists.

It re-renders only when the paper changes (the screen calls :meth:`show` after the
result list, debounced while typing), with two ``Static`` bodies and two short lists,
so a cursor move costs a few milliseconds.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Label, Static

from papertui.model import Library, Paper
from papertui.safetext import safe_link, safe_text
from papertui.widgets.lineage_list import LineageList

LABEL = "bold $text-secondary"
NONE = Content("none").stylize("italic $text-muted")


def _field(name: str, value: Content) -> Content:
    return Content.assemble(safe_text(name, LABEL), Content(": ").stylize(LABEL), value)


def _section(name: str, body: Content) -> Content:
    return Content.assemble(safe_text(name, LABEL), "\n", body)


class _Block(Static):
    """A text block of the panel. When its height changes, Textual's layout pass also
    sets its virtual size, a layout reactive, asking for a second screen-wide layout
    that a leaf text block does not need (nothing is arranged inside it)."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class PaperDetail(VerticalScroll):
    """Title, metadata, text, links, then "Builds on" and "Built upon by"."""

    HELP = """
## Detail
Tab into **Builds on** / **Built upon by** and press **Enter** to follow a link.
**[** / **]** (or Backspace, alt+left / alt+right) go back and forward.
"""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper_id: str | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A new paper changes the scrollable height: the layout that found it has already
        # placed the children, so update the scroll extent (and scrollbar) without asking
        # for another layout; a scrollbar appearing or going still lays out again.
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def compose(self) -> ComposeResult:
        yield _Block(Content("No paper selected"), id="detail-head")
        yield _Block(Content(""), id="detail-body")
        yield Label(Content("Builds on").stylize("bold"), classes="lineage-title")
        yield LineageList(id="builds-on")
        yield Label(Content("Built upon by").stylize("bold"), classes="lineage-title")
        yield LineageList(id="built-upon")

    def show(self, library: Library | None, paper_id: str | None) -> None:
        """Show ``paper_id`` (no-op when it is already shown)."""
        if paper_id == self.paper_id and paper_id is not None:
            return
        self.paper_id = paper_id
        paper = library.get(paper_id) if library is not None and paper_id else None
        head = self.query_one("#detail-head", Static)
        body = self.query_one("#detail-body", Static)
        builds_on = self.query_one("#builds-on", LineageList)
        built_upon = self.query_one("#built-upon", LineageList)
        with self.app.batch_update():
            if paper is None or library is None:
                head.update(Content("No paper selected").stylize("italic $text-muted"))
                body.update(Content(""))
                builds_on.show(())
                built_upon.show(())
                return
            head.update(self._head(library, paper))
            body.update(self._body(paper))
            reasons = {link.target: link.reason for link in paper.builds_on}
            builds_on.show([(p, reasons.get(p.id, "")) for p in library.builds_on(paper.id)])
            built_upon.show([(p, "") for p in library.built_upon(paper.id)])
            self.scroll_home(animate=False)

    @staticmethod
    def _head(library: Library, paper: Paper) -> Content:
        era = library.era(paper.era)
        era_text = safe_text(f"{era.name} ({era.span})" if era else paper.era)
        meta = Content.assemble(
            safe_text(paper.short, "bold $text-accent"),
            Content(" \u00b7 ").stylize("$text-muted"),
            safe_text(paper.date),
            Content(" \u00b7 ").stylize("$text-muted"),
            era_text,
        )
        return Content.assemble(safe_text(paper.title, "bold"), "\n", meta)

    @staticmethod
    def _body(paper: Paper) -> Content:
        parts: list[Content] = []
        if paper.authors:
            parts.append(_field("Authors", safe_text(", ".join(paper.authors))))
        if paper.org:
            parts.append(_field("Org", safe_text(paper.org)))
        if paper.tags:
            parts.append(_field("Tags", safe_text(", ".join(paper.tags), "$text-primary")))
        if paper.related:
            parts.append(_field("Related models", safe_text(", ".join(paper.related))))
        links = []
        if paper.arxiv:
            links.append(_field("arXiv", safe_link(paper.arxiv_url, style="underline")))
        if paper.explainer:
            links.append(_field("Explainer", safe_link(paper.explainer, style="underline")))
        if paper.url:
            links.append(_field("Web", safe_link(paper.url, style="underline")))
        parts.extend(links)
        if paper.summary:
            parts.append(_section("Summary", safe_text(paper.summary, multiline=True)))
        if paper.why_it_matters:
            why = safe_text(paper.why_it_matters, multiline=True)
            parts.append(_section("Why it matters", why))
        for source, note in paper.notes:
            parts.append(_section(f"Notes ({source})", safe_text(note, multiline=True)))
        if paper.sources:
            parts.append(_field("Sources", safe_text(", ".join(paper.sources), "$text-muted")))
        return Content("\n").join(parts) if parts else NONE
