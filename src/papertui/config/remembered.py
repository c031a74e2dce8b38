"""The theme picked in the app (command palette), remembered in a small state file.

``$XDG_STATE_HOME/papertui/ui.json``: ``{"theme": "nord", "over": "textual-dark"}``. The
user's ``config.toml`` is never rewritten (it keeps its comments). ``over`` is the
configured theme the choice was made over: when the configured theme changes later (the
file is edited, ``--theme`` or ``$PAPERTUI_THEME`` is given), the configuration wins again.
Written with :func:`papertui.library.safewrite.write_atomic`.
"""

from __future__ import annotations

import json
from pathlib import Path

from papertui.library.paths import state_dir

STATE_FILE = "ui.json"


def state_path() -> Path:
    return state_dir() / STATE_FILE


def remembered_theme(configured: str, path: Path | None = None) -> str | None:
    """The theme picked in the app over ``configured``, if there is one."""
    path = path or state_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("over") != configured:
        return None
    theme = data.get("theme")
    return theme if isinstance(theme, str) and theme else None


def remember_theme(theme: str, configured: str, path: Path | None = None) -> str:
    """Remember ``theme``; ``""`` when done, else why not (one line)."""
    from papertui.library.safewrite import write_atomic

    path = path or state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"theme": theme, "over": configured}) + "\n")
    except OSError as exc:
        return f"cannot remember the theme in {path}: {exc.strerror or exc}"
    return ""
