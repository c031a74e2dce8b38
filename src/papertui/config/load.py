"""Read ``config.toml`` and settle every setting: flag > environment > file > default.

tomllib gives values but no positions, so each problem's line is found in the text
(:func:`find_line`). A file that does not parse is ignored whole; a bad setting falls back
to its default while the good ones are kept; an unknown key names the closest valid one.
Nothing here raises on a bad file: :attr:`Config.problems` says what was wrong, and the
app starts on the rest (and says so).

A missing file costs one ``stat``; ``tomllib`` is imported only when there is a file.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papertui.config.locate import config_path
from papertui.config.schema import BY_KEY, SETTINGS, Setting

MAX_CONFIG_BYTES = 1024 * 1024
BINDING_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")
_KEY_PART = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([A-Za-z0-9_-]+)")
_ASSIGN = re.compile(r"\s*((?:\"(?:[^\"\\]|\\.)*\"|'[^']*'|[A-Za-z0-9_.\- ]+?)+)\s*=")
_TABLE = re.compile(r"\s*\[\[?\s*(.+?)\s*\]\]?\s*(#.*)?$")


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass
class Config:
    """The settled settings, where each came from, and what was wrong with the file."""

    path: Path
    path_source: str  # "--config", "$PAPERTUI_CONFIG" or "default"
    exists: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # key -> "default", "file:LINE"...
    problems: list[ConfigProblem] = field(default_factory=list)
    text: str = ""

    def line_of(self, *keys: str) -> int:
        return find_line(self.text, keys)

    def problem(self, keys: Sequence[str], message: str) -> ConfigProblem:
        """A problem with a setting, placed where its value came from."""
        source = self.sources.get(keys[0], "default")
        if source.startswith("file"):
            return ConfigProblem(str(self.path), self.line_of(*keys), ".".join(keys), message)
        return ConfigProblem(source, 0, ".".join(keys), message)

    @property
    def data_folders(self) -> tuple[Path, ...]:
        return tuple(Path(folder).expanduser() for folder in self.values["data"])

    @property
    def theme(self) -> str:
        return str(self.values["theme"])

    @property
    def sort(self) -> str:
        return str(self.values["sort"])

    @property
    def sidebar(self) -> bool:
        return bool(self.values["sidebar"])

    @property
    def mouse(self) -> bool:
        return bool(self.values["mouse"])

    @property
    def open_command(self) -> str:
        return str(self.values["open_command"])

    @property
    def keymap(self) -> dict[str, str]:
        return dict(self.values["keymap"])


def defaults(path: Path | None = None) -> Config:
    """A configuration with every default (no file read)."""
    config = Config(path or Path("config.toml"), "default")
    for setting in SETTINGS:
        config.values[setting.key] = setting.default
        config.sources[setting.key] = "default"
    return config


def load_config(
    flag_path: str | None = None,
    *,
    flags: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
) -> Config:
    """Every setting, from (highest first) ``flags`` (given on the command line: a value of
    ``None`` or ``()`` means not given), the environment, the config file, the defaults."""
    env = os.environ if env is None else env
    path, path_source = config_path(flag_path, env)
    config = defaults(path)
    config.path_source = path_source
    _read_file(config)
    for setting in SETTINGS:
        if setting.env and env.get(setting.env):
            raw = env[setting.env]
            value: object = raw.split(os.pathsep) if setting.kind == "folders" else raw
            _settle(config, setting, value, f"${setting.env}")
    for key, value in (flags or {}).items():
        if value is not None and value != ():
            setting = BY_KEY[key]
            _settle(config, setting, value, setting.flag or "flag")
    return config


def _settle(config: Config, setting: Setting, value: object, source: str) -> None:
    """Use ``value`` for ``setting`` if it is the right type; else report it, keep the old."""
    saved = config.sources.get(setting.key)
    config.sources[setting.key] = source
    if setting.kind == "table" and isinstance(value, dict):  # one bad entry, not the table
        good: dict[str, str] = {}
        for entry, keys in value.items():
            one, why = check_value(setting, {entry: keys})
            if why or not isinstance(one, dict):
                config.problems.append(config.problem((setting.key, entry), why))
            else:
                good.update(one)
        value = good
    checked, message = check_value(setting, value)
    if message:
        config.problems.append(config.problem((setting.key,), message))
        config.sources[setting.key] = saved or "default"
        return
    config.values[setting.key] = checked


def check_value(setting: Setting, value: object) -> tuple[object, str]:
    """``(value, "")`` when ``value`` fits ``setting`` (normalised), else ``(None, why)``."""
    kind = setting.kind
    if kind == "bool":
        if isinstance(value, bool):
            return value, ""
        return None, f"expected true or false, got {_shown(value)}"
    if kind == "str":
        if not isinstance(value, str):
            return None, f"expected a string, got {_shown(value)}"
        if setting.choices and value not in setting.choices:
            return None, f"expected one of {', '.join(setting.choices)}, got {value!r}" + _hint(
                value, setting.choices
            )
        return value, ""
    if kind == "folders":
        folders = [value] if isinstance(value, str) else value
        if not isinstance(folders, list | tuple) or not all(
            isinstance(f, str) and f for f in folders
        ):
            return None, f"expected a folder or a list of folders, got {_shown(value)}"
        return tuple(folders), ""
    if not isinstance(value, dict):  # table: the keymap
        return None, f"expected a table of binding id = key, got {_shown(value)}"
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        if isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.strip():
            return None, f"expected a key or keys ('ctrl+r' or 'j,down'), got {_shown(keys)}"
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
    return keymap, ""


def _shown(value: object) -> str:
    names: dict[type, str] = {bool: "a boolean", int: "an integer", float: "a number"}
    names.update({str: "a string", list: "an array", dict: "a table"})
    name_of = names.get(type(value), "")
    return f"{name_of or type(value).__name__} ({value!r})"[:120]


def _hint(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _read_file(config: Config) -> None:
    path = config.path
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        if config.path_source != "default":  # asked for by name: say it is missing
            config.problems.append(
                ConfigProblem(str(path), 0, "", f"no such file (from {config.path_source})")
            )
        return
    except OSError as exc:
        config.problems.append(ConfigProblem(str(path), 0, "", f"cannot read: {exc.strerror}"))
        return
    config.exists = True
    if len(data) > MAX_CONFIG_BYTES:
        config.problems.append(ConfigProblem(str(path), 1, "", "larger than 1 MiB, ignored"))
        return
    import tomllib

    try:
        text = data.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        config.problems.append(ConfigProblem(str(path), 1, "", "not UTF-8, ignored"))
        return
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        config.problems.append(ConfigProblem(str(path), line, "", f"{message}; file ignored"))
        return
    config.text = text
    for key, value in table.items():
        setting = BY_KEY.get(key)
        if setting is None:
            hint = _hint(key, list(BY_KEY))
            config.problems.append(
                ConfigProblem(str(path), config.line_of(key), key, f"unknown key{hint}")
            )
            continue
        _settle(config, setting, value, f"file:{config.line_of(key)}")


def find_line(text: str, keys: Sequence[str]) -> int:
    """The 1-based line where the key path ``keys`` is set or its table opens (1 if not
    found): ``("keymap", "main.sort")`` finds ``"main.sort" = ...`` under ``[keymap]``,
    ``keymap."main.sort" = ...`` and ``[keymap]`` itself, in that order of preference."""
    want = tuple(keys)
    table: tuple[str, ...] = ()
    best = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            header = _TABLE.match(stripped)
            table = _split_key(header.group(1)) if header else ()
            if table == want:
                return number
            if table == want[: len(table)] and table and not best:
                best = number
            continue
        assign = _ASSIGN.match(raw)
        if assign is None:
            continue
        full = table + _split_key(assign.group(1))
        if full[: len(want)] == want or want[: len(full)] == full:
            return number
    return best or 1


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(a or b or c for a, b, c in _KEY_PART.findall(text))
