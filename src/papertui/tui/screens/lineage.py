"""The lineage screen (``l``): a paper's ancestors or descendants as a tree, and paths.

Keys: ``a``/``d`` ancestors/descendants, ``+``/``-`` raise/lower the depth cap, Enter
jumps to the highlighted paper (the main screen records it in the back/forward trail),
``m`` marks the highlighted paper, ``p`` shows the path from the marked paper to the
highlighted one, ``x`` exports the tree to a file the user names, Esc goes back.

The screen owns the state (:class:`LineageState`, kept by the main screen between
visits); :class:`~papertui.tui.widgets.lineage_tree.LineageTree` only draws rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from papertui.library import lineage
from papertui.library.lineage_export import connection_text, render
from papertui.library.model import Library
from papertui.library.safewrite import write_atomic
from papertui.tui.safetext import safe_text
from papertui.tui.widgets.key_bar import KeyBar
from papertui.tui.widgets.lineage_tree import LineageTree

MAX_DEPTH = 30
EXTENSIONS = {".md": "markdown", ".mmd": "mermaid", ".dot": "dot", ".gv": "dot", ".json": "json"}


@dataclass(slots=True)
class LineageState:
    """What the lineage screen remembers between visits (owned by the main screen)."""

    direction: lineage.Direction = "up"
    depth: int = lineage.DEFAULT_DEPTH
    marked: str | None = None


def path_text(library: Library, a: str, b: str) -> str:
    return connection_text(library, lineage.connect(library, a, b))


class PathScreen(ModalScreen[None]):
    """The chain between two papers, or their nearest common ancestors."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "dismiss", "Close", id="lineage.path-close")
    ]
    DEFAULT_CSS = """
    PathScreen { align: center middle; }
    PathScreen > VerticalScroll {
        width: 90%; height: auto; max-height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(safe_text(self._text.rstrip("\n"), multiline=True), id="path-text")
            yield Label(Content("Esc closes").stylize("italic $text-muted"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class ExportScreen(ModalScreen[Path | None]):
    """Ask for a file name; its extension picks the format."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="lineage.export-cancel")
    ]
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 90%; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self._suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Export to file (.md .mmd .dot .json), Enter saves"))
            yield Input(value=self._suggestion, id="export-name")
            yield Label(Content("Esc cancels").stylize("italic $text-muted"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        self.dismiss(Path(name).expanduser() if name else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LineageScreen(Screen[str | None]):
    """Ancestors or descendants of one paper; dismisses with the paper to jump to."""

    AUTO_FOCUS = "LineageTree"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,l", "close", "Back", key_display="Esc", id="lineage.close"),
        Binding(
            "a",
            "direction('up')",
            "Anc",
            tooltip="Ancestors: what it builds on",
            id="lineage.ancestors",
        ),
        Binding(
            "d",
            "direction('down')",
            "Desc",
            tooltip="Descendants: what builds on it",
            id="lineage.descendants",
        ),
        Binding("plus,equals_sign", "depth(1)", "Deeper", key_display="+", id="lineage.deeper"),
        Binding(
            "minus",
            "depth(-1)",
            "Less",
            key_display="-",
            tooltip="Shallower",
            id="lineage.shallower",
        ),
        Binding("m", "mark", "Mark", id="lineage.mark"),
        Binding("p", "path", "Path", id="lineage.path"),
        Binding("x", "export", "Save", tooltip="Export the tree to a file", id="lineage.export"),
    ]
    DEFAULT_CSS = """
    LineageScreen #lineage-title { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    LineageScreen #lineage-status { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, library: Library, root: str, state: LineageState) -> None:
        super().__init__()
        self.library = library
        self.root = root
        self.state = state
        self.lineage: lineage.Tree | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lineage-title")
        yield LineageTree(id="lineage-tree")
        yield Static(id="lineage-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_tree()

    # -- state -> widgets ------------------------------------------------------------

    def refresh_tree(self) -> None:
        state = self.state
        self.lineage = lineage.tree(self.library, self.root, state.direction, depth=state.depth)
        self.query_one(LineageTree).show(self.library, self.lineage)
        paper = self.library.get(self.root)
        what = "Ancestors of " if state.direction == "up" else "Descendants of "
        self.query_one("#lineage-title", Static).update(
            Content.assemble(
                Content(what).stylize("bold"),
                safe_text(paper.short if paper else self.root, "bold $text-accent"),
                Content(f"  depth {state.depth}").stylize("$text-muted"),
                Content("  (+ deeper, - shallower)" if self.lineage.deeper else "").stylize(
                    "$text-muted"
                ),
            )
        )
        self._show_status()

    def _show_status(self, extra: Content | None = None) -> None:
        tree = self.lineage
        count = tree.papers if tree else 0
        noun = "paper" if count == 1 else "papers"
        parts = [Content(f"{count} {noun}")]
        if tree is not None and tree.truncated:
            parts.append(Content(f"stopped at {len(tree.rows)} rows").stylize("$text-warning"))
        marked = self.library.get(self.state.marked) if self.state.marked else None
        if marked is not None:
            parts.append(Content.assemble(Content("marked: "), safe_text(marked.short, "bold")))
        if extra is not None:
            parts.append(extra)
        self.query_one("#lineage-status", Static).update(Content(" \u00b7 ").join(parts))

    def _highlighted(self) -> str:
        tree = self.query_one(LineageTree)
        row = tree.row_at(tree.cursor)
        return row.paper_id if row is not None else self.root

    # -- keys ------------------------------------------------------------------------

    def on_lineage_tree_selected(self, event: LineageTree.Selected) -> None:
        self.dismiss(event.row.paper_id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_direction(self, direction: str) -> None:
        self.state.direction = "down" if direction == "down" else "up"
        self.refresh_tree()

    def action_depth(self, step: int) -> None:
        depth = min(max(self.state.depth + step, 1), MAX_DEPTH)
        if depth != self.state.depth:
            self.state.depth = depth
            self.refresh_tree()

    def action_mark(self) -> None:
        self.state.marked = self._highlighted()
        self._show_status(Content("p on another paper shows the path").stylize("$text-muted"))

    def action_path(self) -> None:
        marked = self.state.marked
        if marked is None or marked not in self.library:
            self.notify("Mark a paper with m first", severity="warning", markup=False)
            return
        self.app.push_screen(PathScreen(path_text(self.library, marked, self._highlighted())))

    def action_export(self) -> None:
        way = "ancestors" if self.state.direction == "up" else "descendants"
        name = f"lineage-{self.root}-{way}.md"
        self.app.push_screen(ExportScreen(name), self._export_to)

    def _export_to(self, path: Path | None) -> None:
        if path is None or self.lineage is None:
            return
        fmt = EXTENSIONS.get(path.suffix.lower(), "markdown")
        try:  # temporary file, fsync, rename: never half a file, never through a symlink
            write_atomic(path, render(self.library, self.lineage, fmt))
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}", severity="error", markup=False)
            return
        self._show_status(safe_text(f"saved {fmt} to {path}", "$text-success"))
