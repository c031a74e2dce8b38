"""Opening a data file at a line in the user's editor (``$VISUAL``, else ``$EDITOR``).

Only from a terminal session: under ``papertui serve`` the app runs on the server, with
no terminal to hand over, and an editor started there would be invisible to the browser's
user (and left waiting). The command is split as a shell would (``code --wait``) but never
run through a shell; the file and line are arguments of their own.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import PurePath

from papertui.tui.lifecycle import served_to_browser

# Editors that take FILE:LINE:COL (after --goto for VS Code) instead of +LINE FILE.
_GOTO = frozenset({"code", "code-insiders", "codium", "cursor"})
_COLON = frozenset({"subl", "sublime_text", "hx", "helix", "zed"})


def editor_command(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor's command words, or None when none is set or the session is served to
    a browser."""
    env = os.environ if env is None else env
    if served_to_browser(env):
        return None
    for name in ("VISUAL", "EDITOR"):
        try:
            words = shlex.split(env.get(name, ""))
        except ValueError:  # an unbalanced quote: not a command we can run
            continue
        if words:
            return words
    return None


def open_at(editor: list[str], file: str, line: int, col: int = 1) -> list[str]:
    """The command that opens ``file`` at ``line`` (and ``col`` where the editor takes one).

    ``+LINE FILE`` is understood by vi, vim, nvim, nano, emacs, micro, kakoune, joe, ne and
    less; VS Code, Sublime, Helix and Zed take ``FILE:LINE:COL``."""
    name = PurePath(editor[0]).name.removesuffix(".exe")
    if name in _GOTO:
        return [*editor, "--goto", f"{file}:{line}:{col}"]
    if name in _COLON:
        return [*editor, f"{file}:{line}:{col}"]
    return [*editor, f"+{line}", file]


__all__ = ["editor_command", "open_at"]
