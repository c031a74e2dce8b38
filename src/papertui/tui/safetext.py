"""The one path from data text to the screen.

Every widget that shows a data-derived string (titles, authors, tags, notes, error text)
gets it as :class:`textual.content.Content` built here, never as a ``str``: ``Content``
is never parsed as markup, and :func:`papertui.library.sanitize.clean` has neutralised control,
C1 and bidi characters first (again: the loader already did it, but error text and
user input do not all come from the loader, and ``clean`` is idempotent).
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from papertui.library.sanitize import clean, one_line

__all__ = ["is_web_url", "safe_link", "safe_plain", "safe_text"]


def safe_text(text: str, style: str | Style = "", *, multiline: bool = False) -> Content:
    """Literal, inert ``Content`` for a data string (optionally with a Textual style).

    ``style`` is *our* style (e.g. ``"bold"`` or ``"$accent"``), never data.
    Single-line text has line breaks turned into spaces and runs of spaces collapsed.
    """
    cleaned = clean(text, multiline=True) if multiline else safe_plain(text)
    content = Content(cleaned)
    return content.stylize(style) if style else content


def safe_plain(text: str) -> str:
    """The one-line text :func:`safe_text` shows, as a ``str``: for a widget that draws
    its rows as segments itself (a segment's text is literal, never markup)."""
    return one_line(text)


def is_web_url(url: str) -> bool:
    """True for an ``http://`` or ``https://`` URL with a host and no spaces or controls."""
    lowered = url.lower()
    for scheme in ("https://", "http://"):
        if lowered.startswith(scheme):
            rest = url[len(scheme) :]
            if not rest or rest.startswith("/"):
                return False
            return url.isprintable() and clean(url) == url and not any(c.isspace() for c in url)
    return False


def safe_link(url: str, label: str | None = None, style: str | Style = "") -> Content:
    """``Content`` showing ``label`` (default: the URL itself) as a terminal hyperlink (OSC 8).

    Only web URLs (see :func:`is_web_url`) become links; anything else is shown as plain,
    inert text, so a ``javascript:`` or ``file:`` value in the data stays just text.
    """
    content = safe_text(url if label is None else label, style)
    if not is_web_url(url):
        return content
    return content.stylize(Style(link=url))
