"""Where things live: the data folder, and the user's cache and state directories (core)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "papertui"
DATA_ENV = "PAPERTUI_DATA"


def bundled_data_dir() -> Path:
    """The data shipped with papertui: inside the wheel, or the checkout's ``data/``."""
    here = Path(__file__).resolve().parents[1]  # the papertui package
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "data"  # editable install / source checkout


def resolve_data_dir(cli_value: str | None) -> Path:
    """``--data DIR`` wins, then ``$PAPERTUI_DATA``, then the bundled data."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return bundled_data_dir()


def unusable(folder: Path) -> str | None:
    """Why ``folder`` cannot be read as a data folder (one clean line naming it), or
    ``None`` when it can: what every command says before it reads anything."""
    from papertui.library.sanitize import one_line

    shown = one_line(str(folder))
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        return f"data folder {shown} {what}"
    if not os.access(folder, os.R_OK | os.X_OK):
        return f"data folder {shown} cannot be read"
    return None


def checkout_data_dir(cwd: Path) -> Path | None:
    """``cwd/data`` when ``cwd`` is a papertui checkout with its data folder (a
    ``pyproject.toml`` naming papertui beside ``data/eras.yaml``), else ``None``: after
    ``pip install .`` the bundled data is a copy, and ``papertui check`` run in the
    checkout should check the paper the user just added there."""
    data = cwd / "data"
    project = cwd / "pyproject.toml"
    try:
        if not (data / "eras.yaml").is_file() or not project.is_file():
            return None
        if 'name = "papertui"' not in project.read_text(encoding="utf-8", errors="replace"):
            return None
    except OSError:
        return None
    return data


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
