"""Where the configuration lives: ``--config PATH`` > ``$PAPERTUI_CONFIG`` >
``$XDG_CONFIG_HOME/papertui/config.toml`` (``~/.config/papertui/config.toml``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

CONFIG_ENV = "PAPERTUI_CONFIG"
CONFIG_FILE = "config.toml"
THEMES_DIR = "themes"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/papertui`` (XDG on every platform, as posting and elia do)."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".config"
    return root / "papertui"


def config_path(flag: str | None = None, env: Mapping[str, str] | None = None) -> tuple[Path, str]:
    """The config file to read and why that one: ``("--config")``, ``$PAPERTUI_CONFIG`` or
    ``default``. The file need not exist."""
    env = os.environ if env is None else env
    if flag:
        return Path(flag).expanduser(), "--config"
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser(), f"${CONFIG_ENV}"
    return config_dir(env) / CONFIG_FILE, "default"
