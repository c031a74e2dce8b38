"""The export dialog: the user names a file; its extension picks the format
(``.bib`` BibTeX, ``.json`` CSL-JSON, ``.md`` Markdown). Enter exports, Esc cancels.

A file that exists is never replaced without asking: Enter then shows "Replace it?"
(``y`` replaces, ``n`` or Esc goes back to the name). A name that exists but is not a
regular file (a folder, a FIFO, a symlink) is refused. The write itself is atomic."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from papertui.personal.export import format_for_path
from papertui.tui.safetext import safe_text

NAMES = {"bibtex": "BibTeX", "csl-json": "CSL-JSON", "markdown": "Markdown"}
DEFAULT_NAME = "papertui-export.bib"


class ReplacePrompt(Static, can_focus=True):
    """Focused while the dialog asks whether to replace an existing file: y / n / Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "screen.replace", "Replace", show=False, id="export.replace"),
        Binding("n,escape", "screen.keep_name", "Choose another name", id="export.keep-name"),
    ]


class ExportDialog(ModalScreen[tuple[Path, str] | None]):
    """Asks for a file name; dismisses with ``(path, format)`` or None."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 90%; max-width: 90; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ExportDialog #export-format { color: $text-muted; }
    ExportDialog ReplacePrompt { height: auto; display: none; text-style: bold; }
    ExportDialog.-asking ReplacePrompt { display: block; }
    ExportDialog.-asking #export-format { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel")
    ]

    def __init__(self, count: int, which: str, *, start: Path | None = None) -> None:
        super().__init__()
        self.count = count
        self.which = which
        self.start = start if start is not None else Path(os.getcwd()) / DEFAULT_NAME
        self.chosen: tuple[Path, str] | None = None  # waiting for "Replace it?"

    def compose(self) -> ComposeResult:
        papers = f"{self.count} paper{'s' if self.count != 1 else ''} {self.which}"
        with Vertical():
            yield Static(Content(f"Export {papers} to:").stylize("bold"), id="export-title")
            yield Input(str(self.start), id="export-path")
            yield Static(self._describe(str(self.start)), id="export-format")
            yield ReplacePrompt(id="export-ask")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @staticmethod
    def _describe(value: str) -> Content:
        fmt = format_for_path(value.strip())
        if fmt is None:
            return Content("End the name in .bib (BibTeX), .json (CSL-JSON) or .md (Markdown)")
        return Content(f"As {NAMES[fmt]} \u00b7 Enter export \u00b7 Esc cancel")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#export-format", Static).update(self._describe(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        fmt = format_for_path(value)
        status = self.query_one("#export-format", Static)
        if not value or fmt is None:
            status.update(self._describe(value).stylize("bold"))
            return
        path = Path(value).expanduser()
        if not path.parent.is_dir():
            status.update(safe_text(f"No such folder: {path.parent}", "bold"))
            return
        if path.is_symlink() or (path.exists() and not path.is_file()):
            status.update(safe_text(f"{path} exists and is not a regular file", "bold"))
            return
        self.chosen = (path, fmt)
        if not path.exists():
            self.dismiss(self.chosen)
            return
        ask = self.query_one(ReplacePrompt)
        ask.update(
            Content.assemble(
                safe_text(str(path)),
                " exists. Replace it?  y replace \u00b7 n choose another name",
            )
        )
        self.add_class("-asking")
        self.set_focus(ask)

    def action_replace(self) -> None:
        if self.chosen is not None:
            self.dismiss(self.chosen)

    def action_keep_name(self) -> None:
        self.chosen = None
        self.remove_class("-asking")
        self.set_focus(self.query_one(Input))

    def action_cancel(self) -> None:
        self.dismiss(None)
