"""The one path from data text to the screen.

Every widget that shows a data-derived string (titles, authors, tags, notes, error text)
gets it as :class:`textual.content.Content` built here, never as a ``str``: ``Content``
is never parsed as markup, and :func:`papertui.sanitize.clean` has neutralised control,
C1 and bidi characters first.
"""

from __future__ import annotations

from textual.content import Content

from papertui.sanitize import clean


def safe_text(text: str, style: str = "", *, multiline: bool = False) -> Content:
    """Literal, inert ``Content`` for a data string (optionally with a Textual style)."""
    cleaned = clean(text, multiline=multiline) if multiline else " ".join(clean(text).split())
    content = Content(cleaned)
    return content.stylize(style) if style else content
