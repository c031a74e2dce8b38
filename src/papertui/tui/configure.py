"""The configuration, applied to the app: keymap, themes, and what was wrong with them.

Everything a user can get wrong is found here at start-up (and by ``papertui config
validate``), not on the first key press: a binding id that does not exist (with the
closest one), a key name Textual would never send, a theme name nobody defined, a user
theme file with a colour that does not parse. Each is a
:class:`~papertui.config.load.ConfigProblem` with the file and line; the app shows them in
one notification and runs on the rest.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.keys import Keys

from papertui.config.load import Config, ConfigProblem
from papertui.config.locate import THEMES_DIR
from papertui.config.themes import read_theme_files

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
SKIPPED_MODULES = ("papertui.tui.serve",)  # textual-serve: not part of the app


@cache
def binding_ids() -> dict[str, Binding]:
    """Every binding id in papertui's screens and widgets -> its binding (by walking the
    modules of :mod:`papertui.tui`, so a new binding is covered without a list to keep)."""
    from textual.dom import DOMNode

    import papertui.tui as package

    found: dict[str, Binding] = {}
    for info in pkgutil.walk_packages(package.__path__, "papertui.tui."):
        if info.name in SKIPPED_MODULES:
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or not cls.__module__.startswith("papertui."):
                continue
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    found.setdefault(binding.id, binding)
    return found


def unbound() -> list[str]:
    """``module.Class: key -> action`` of every papertui binding without an id."""
    binding_ids()  # imports every module
    from textual.dom import DOMNode

    import papertui.tui as package

    missing = []
    for info in pkgutil.walk_packages(package.__path__, "papertui.tui."):
        if info.name in SKIPPED_MODULES:
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == info.name:
                for binding in cls.__dict__.get("BINDINGS", ()):
                    if not isinstance(binding, Binding) or not binding.id:
                        missing.append(f"{info.name}.{name}: {binding!r}")
    return missing


@cache
def _key_names() -> frozenset[str]:
    return frozenset(key.value for key in Keys)


def key_problem(key: str) -> str:
    """Why Textual would never send ``key`` ("" when it may)."""
    *mods, name = key.split("+")
    bad = [mod for mod in mods if mod not in MODIFIERS]
    if bad:
        return f"unknown modifier {bad[0]!r} in {key!r} (modifiers: {', '.join(sorted(MODIFIERS))})"
    if len(name) == 1 or name in _key_names():
        return ""
    try:
        unicodedata.lookup(name.replace("_", " "))  # question_mark, exclamation_mark, ...
    except KeyError:
        pass
    else:
        return ""
    close = difflib.get_close_matches(name, sorted(_key_names()), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {name!r}{hint}"


def closest_id(wrong: str, ids: Iterable[str]) -> str:
    """The binding id nearest to ``wrong``: same scope first (``main.sortt`` ->
    ``main.cycle-sort``), by rapidfuzz's weighted ratio."""
    from rapidfuzz import fuzz, process

    scope, _dot, action = wrong.rpartition(".")
    pool = [i for i in ids if i.rpartition(".")[0] == scope] or list(ids)
    actions = {i.rpartition(".")[2]: i for i in pool}
    found = process.extractOne(action, list(actions), scorer=fuzz.partial_ratio)
    return actions[str(found[0])] if found else ""


def keymap_problems(config: Config) -> tuple[dict[str, str], list[ConfigProblem]]:
    """The usable part of the configured keymap, and a problem for each bad entry."""
    ids = binding_ids()
    good: dict[str, str] = {}
    problems: list[ConfigProblem] = []
    for binding_id, keys in config.keymap.items():
        where = ("keymap", binding_id)
        if binding_id not in ids:
            hint = f" (did you mean {closest_id(binding_id, ids)!r}?; papertui config keys)"
            problems.append(config.problem(where, f"no binding has this id{hint}"))
            continue
        why = next((key_problem(k) for k in keys.split(",") if key_problem(k)), "")
        if why:
            problems.append(config.problem(where, why))
            continue
        good[binding_id] = keys
    return good, problems


def user_themes(config: Config) -> tuple[list[Theme], list[ConfigProblem]]:
    """The themes in the ``themes/`` folder beside the config file."""
    from textual.color import Color, ColorParseError
    from textual.theme import Theme

    files, problems = read_theme_files(config.path.parent / THEMES_DIR)
    themes: list[Theme] = []
    for theme_file in files:
        fields: dict[str, Any] = dict(theme_file.fields)
        bad = False
        for key, value in fields.items():
            if key in ("name", "dark", "variables"):
                continue
            try:
                Color.parse(value)
            except ColorParseError:
                line = theme_file.lines[key]
                msg = f"not a colour: {value!r}"
                problems.append(ConfigProblem(str(theme_file.path), line, key, msg))
                bad = True
        if not bad:
            themes.append(Theme(**fields))
    return themes, problems


def theme_problem(config: Config, names: list[str]) -> ConfigProblem | None:
    if config.theme in names:
        return None
    close = difflib.get_close_matches(config.theme, names, n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (themes: {', '.join(sorted(names))})"
    return config.problem(("theme",), f"no theme has this name{hint}")


def extra_problems(config: Config) -> list[ConfigProblem]:
    """What only Textual can tell: keymap ids and keys, the theme, user theme files."""
    from textual.theme import BUILTIN_THEMES

    _keymap, problems = keymap_problems(config)
    themes, theme_problems = user_themes(config)
    problems += theme_problems
    names = [*BUILTIN_THEMES, *(theme.name for theme in themes)]
    problem = theme_problem(config, names)
    if problem is not None:
        problems.append(problem)
    return problems


def apply_config(app: App[Any], config: Config) -> list[ConfigProblem]:
    """Register the user's themes, pick the theme (a palette choice remembered over the
    configured one), set the keymap's good entries; return every problem found."""
    from papertui.config.remembered import remembered_theme

    problems = list(config.problems)
    themes, theme_problems = user_themes(config)
    problems += theme_problems
    for theme in themes:
        app.register_theme(theme)
    names = list(app.available_themes)
    problem = theme_problem(config, names)
    if problem is not None:
        problems.append(problem)
    else:
        app.theme = config.theme
    remembered = remembered_theme(config.theme)
    if remembered in names:
        app.theme = remembered
    if config.keymap:  # checked by keymap_problems on a thread at mount (~190 ms of imports)
        app.set_keymap(config.keymap)
    return problems
