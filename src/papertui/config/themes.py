"""User theme files: ``$XDG_CONFIG_HOME/papertui/themes/*.toml`` (or beside ``--config``).

One theme a file, the fields of Textual's ``Theme``::

    name = "paper"            # required: what `theme = "paper"` names
    primary = "#88c0d0"       # required
    dark = true
    background = "#1e2127"
    variables = { "footer-key-foreground" = "#ffcc00" }

Keys and types are checked here (with file, key and line, as ``config.toml`` is); the
colours themselves are parsed by :mod:`papertui.tui.theming`, which builds the themes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papertui.config.load import MAX_CONFIG_BYTES, ConfigProblem, _hint, find_line

COLOURS = (
    *("primary", "secondary", "warning", "error", "success", "accent"),
    *("foreground", "background", "surface", "panel", "boost"),
)
ALLOWED = {"name": str, "dark": bool, "variables": dict, **dict.fromkeys(COLOURS, str)}


@dataclass
class ThemeFile:
    path: Path
    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def read_theme_files(folder: Path) -> tuple[list[ThemeFile], list[ConfigProblem]]:
    """Every ``*.toml`` in ``folder`` (sorted), with the problems of the bad ones."""
    themes: list[ThemeFile] = []
    problems: list[ConfigProblem] = []
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError:
        return themes, problems  # no themes folder: nothing to do
    import tomllib

    for path in paths:
        try:
            data = path.read_bytes()[: MAX_CONFIG_BYTES + 1]
            text = data.decode("utf-8")
            table = tomllib.loads(text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(ConfigProblem(str(path), 1, "", f"theme ignored: {exc}"))
            continue
        theme = ThemeFile(path)
        ok = True
        for key, value in table.items():
            line = find_line(text, (key,))
            kind = ALLOWED.get(key)
            if kind is None:
                hint = _hint(key, list(ALLOWED))
                problems.append(ConfigProblem(str(path), line, key, f"unknown key{hint}"))
                ok = False
            elif not isinstance(value, kind):
                problems.append(ConfigProblem(str(path), line, key, f"expected {kind.__name__}"))
                ok = False
            else:
                theme.fields[key] = value
                theme.lines[key] = line
        for required in ("name", "primary"):
            if required not in theme.fields and ok:
                problems.append(ConfigProblem(str(path), 1, required, "missing"))
                ok = False
        if ok:
            themes.append(theme)
    return themes, problems
