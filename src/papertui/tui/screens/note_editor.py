"""The note editor: a TextArea in a modal. ctrl+s saves; Esc closes, asking first when the
note was changed (``y`` discards, ``n`` or Esc goes back to the text)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from papertui.library.sanitize import clean

HINT = Content("ctrl+s save \u00b7 Esc close")
ASK = Content("Discard your changes?  y discard \u00b7 n keep editing \u00b7 ctrl+s save").stylize(
    "bold"
)


class DiscardPrompt(Static, can_focus=True):
    """Focused while the editor asks whether to discard: y / n / Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "screen.discard", "Discard", show=False, id="note.discard"),
        Binding(
            "n,escape", "screen.keep_editing", "Keep editing", show=False, id="note.keep-editing"
        ),
    ]


class NoteEditor(ModalScreen[str | None]):
    """Edits ``note``; dismisses with the new text (saved) or None (nothing to save)."""

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical {
        width: 90%; max-width: 100; height: 80%; max-height: 30;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NoteEditor TextArea { height: 1fr; }
    NoteEditor #note-hint { height: 1; color: $text-muted; }
    NoteEditor DiscardPrompt { height: 1; display: none; }
    NoteEditor.-asking DiscardPrompt { display: block; }
    NoteEditor.-asking #note-hint { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "close", "Close", id="note.close"),
    ]

    def __init__(self, heading: Content, note: str, *, read_only: bool = False) -> None:
        super().__init__()
        self.heading = heading
        self.original = clean(note, multiline=True)  # the user's own text, but still
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, id="note-heading")
            yield TextArea(self.original, id="note-text", soft_wrap=True, read_only=self.read_only)
            hint = HINT
            if self.read_only:
                hint = Content("Read-only: the reading state cannot be written \u00b7 Esc close")
            yield Static(hint, id="note-hint")
            yield DiscardPrompt(ASK, id="note-ask")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        self.set_focus(area)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        if self.read_only:
            self.dismiss(None)
        else:
            self.dismiss(self.text if self.text != self.original else None)

    def action_close(self) -> None:
        if self.read_only or self.text == self.original:
            self.dismiss(None)
            return
        self.add_class("-asking")
        self.set_focus(self.query_one(DiscardPrompt))

    def action_discard(self) -> None:
        self.dismiss(None)

    def action_keep_editing(self) -> None:
        self.remove_class("-asking")
        self.set_focus(self.query_one(TextArea))
