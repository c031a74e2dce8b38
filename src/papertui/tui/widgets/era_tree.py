"""The era tree: eras in order with year range and live count, papers on demand.

Era nodes are added once; an era's papers are added only when it is expanded (and removed
when it is collapsed), ``CAP`` at a time with a "… N more" node, so even a 100k-paper era
never creates more than a few hundred tree nodes. Enter on an era toggles it as a filter,
space (or ``l``/right) expands it; Enter on a paper jumps to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.style import Style as RichStyle
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.style import Style
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from papertui.library.model import Library
from papertui.tui.messages import ShowPaper, ToggleEra
from papertui.tui.safetext import safe_text

CAP = 200

ChildrenFor = Callable[[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class EraNode:
    """What a tree node stands for."""

    kind: Literal["era", "paper", "more"]
    era_id: str
    paper_id: str = ""
    offset: int = 0  # for "more": index of the next child to add


def content_to_text(content: Content) -> Text:
    """Convert safe ``Content`` to a literal Rich ``Text`` (``Tree`` labels are Rich text).

    The text is never parsed as markup; only our own span styles are carried over.
    """
    text = Text(content.plain, no_wrap=True, end="")
    for span in content.spans:
        style = span.style
        if isinstance(style, Style):
            text.stylize(style.rich_style, span.start, span.end)
        elif not style.startswith("$"):
            text.stylize(RichStyle.parse(style), span.start, span.end)
    return text


LABEL_INDENT = 2  # the expand arrow and a space


class EraTree(Tree[EraNode]):
    """Eras with their live counts; expanding an era lists its matching papers lazily."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="eras.cursor-down"),
        Binding("k", "cursor_up", "Up", show=False, id="eras.cursor-up"),
        Binding("l,right", "expand", "Expand era", show=False, id="eras.expand"),
        Binding("h,left", "collapse", "Collapse era", show=False, id="eras.collapse"),
        Binding("home,g", "first", "First", show=False, id="eras.first"),
        Binding("end,G", "last", "Last", show=False, id="eras.last"),
    ]

    HELP = """
## Eras
**Enter** on an era filters the results to it (again to clear).
**space** or **l** expands an era to its papers; **h** collapses it.
**Enter** on a paper jumps to it.
"""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Text("Eras"), id=id, classes=classes)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._library: Library | None = None
        self._children_for: ChildrenFor | None = None
        self._counts: Mapping[str, int] = {}
        self._selected: str | None = None
        self._era_nodes: dict[str, TreeNode[EraNode]] = {}

    def process_label(self, label: str | Text) -> Text:
        """Labels are never parsed as markup (Tree's default would parse a ``str``)."""
        if isinstance(label, str):
            return Text(label, no_wrap=True, end="")
        return label

    def action_first(self) -> None:
        self.cursor_line = 0

    def action_last(self) -> None:
        self.cursor_line = self.last_line

    def set_library(self, library: Library, children_for: ChildrenFor) -> None:
        """Build one node per era; ``children_for(era_id)`` lists an era's matching papers."""
        self._library = library
        self._children_for = children_for
        self.clear()
        self._era_nodes = {}
        for era in library.eras:
            node = self.root.add(self._era_label(era.id), EraNode("era", era.id), allow_expand=True)
            self._era_nodes[era.id] = node
        self.root.expand()

    def update_counts(self, counts: Mapping[str, int], selected: str | None) -> None:
        """Relabel every era; expanded eras are collapsed (their papers changed)."""
        self._counts = counts
        self._selected = selected
        for era_id, node in self._era_nodes.items():
            if node.is_expanded:
                node.collapse()
                node.remove_children()
            label = self._era_label(era_id)
            if label != node.label:  # unchanged labels cost nothing
                node.set_label(label)

    def count_of(self, era_id: str) -> int:
        return self._counts.get(era_id, 0)

    def _era_label(self, era_id: str) -> Text:
        assert self._library is not None
        era = self._library.era(era_id)
        name = era.name if era is not None else era_id
        span = era.span if era is not None else ""
        picked = era_id == self._selected
        count = self._counts.get(era_id)
        if count is None:  # before the first results: the library's own count
            count = self._library.era_size(era_id)
        mark = "\u25c9 " if picked else ""
        tail = Content.assemble(Content(f" ({count})"), Content(f" {span}").stylize("dim"))
        title = safe_text(name, "bold" if picked else "")
        # The name gives way, never the count or the years: "Retrieval & Emb… (30) 2019–".
        room = self.scrollable_content_region.width - LABEL_INDENT - len(mark) - tail.cell_length
        if room > 0 and title.cell_length > room:
            title = title.truncate(max(room, 4), ellipsis=True)
        return content_to_text(Content.assemble(mark, title, tail))

    def on_resize(self, event: Resize) -> None:
        if self._library is not None:
            for era_id, node in self._era_nodes.items():
                label = self._era_label(era_id)
                if label != node.label:
                    node.set_label(label)

    def _fill_era(self, node: TreeNode[EraNode], era_id: str, start: int) -> None:
        assert self._library is not None and self._children_for is not None
        ids = self._children_for(era_id)
        end = min(len(ids), start + CAP)
        for paper_id in ids[start:end]:
            paper = self._library.get(paper_id)
            if paper is None:
                continue
            label = Content.assemble(
                safe_text(paper.short), Content(f" {paper.date[:4]}").stylize("dim")
            )
            node.add_leaf(content_to_text(label), EraNode("paper", era_id, paper_id))
        if end < len(ids):
            more = Content(f"\u2026 {len(ids) - end} more").stylize("italic")
            node.add_leaf(content_to_text(more), EraNode("more", era_id, offset=end))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[EraNode]) -> None:
        event.stop()
        data = event.node.data
        if data is not None and data.kind == "era" and not event.node.children:
            self._fill_era(event.node, data.era_id, 0)

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed[EraNode]) -> None:
        event.stop()
        data = event.node.data
        if data is not None and data.kind == "era":
            event.node.remove_children()

    def on_tree_node_selected(self, event: Tree.NodeSelected[EraNode]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data.kind == "era":
            self.post_message(ToggleEra(data.era_id))
        elif data.kind == "paper":
            self.post_message(ShowPaper(data.paper_id))
        else:
            parent = event.node.parent
            event.node.remove()
            if parent is not None:
                self._fill_era(parent, data.era_id, data.offset)

    def _cursor_era(self) -> TreeNode[EraNode] | None:
        node = self.cursor_node
        while node is not None and (node.data is None or node.data.kind != "era"):
            node = node.parent
        return node

    def action_expand(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand and not node.is_expanded:
            node.expand()

    def action_collapse(self) -> None:
        node = self._cursor_era()
        if node is not None and node.is_expanded:
            node.collapse()
            self.move_cursor(node)
