"""What ``config.toml`` may contain: every setting, its type, default and environment variable."""

from __future__ import annotations

from dataclasses import dataclass

SORTS = ("relevance", "date", "title")
DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    kind: str  # "str", "bool", "folders", "table"
    default: object
    help: str
    choices: tuple[str, ...] = ()
    env: str = ""  # the environment variable that overrides the file
    flag: str = ""  # the command-line option that overrides everything


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data",
        "folders",
        (),
        "data folders, later ones layered over earlier ones (default: the bundled papers)",
        env="PAPERTUI_DATA",
        flag="--data",
    ),
    Setting(
        "theme",
        "str",
        DEFAULT_THEME,
        "a Textual theme by name (textual-dark, textual-ansi, nord, ...) or a user theme",
        env="PAPERTUI_THEME",
        flag="--theme",
    ),
    Setting("sort", "str", "relevance", "the result list's first sort", choices=SORTS),
    Setting("sidebar", "bool", True, "show the eras and tags pane at start (wide windows)"),
    Setting("mouse", "bool", True, "enable mouse tracking", flag="--no-mouse"),
    Setting(
        "open_command",
        "str",
        "",
        "command that opens a link, {url} replaced by the URL (default: the system browser, "
        "never over SSH)",
    ),
    Setting("keymap", "table", {}, 'binding id = key(s), e.g. "main.sort" = "S"'),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}
