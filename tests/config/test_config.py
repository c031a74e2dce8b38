"""config.toml: precedence, provenance, and every mistake named with file, key and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from papertui.cli import main
from papertui.config.load import find_line, load_config
from papertui.config.remembered import remember_theme, remembered_theme
from papertui.config.themes import read_theme_files

GOOD = """# mine
theme = "nord"
sort = "date"
sidebar = false
data = ["~/a", "/b"]

[keymap]
"main.cycle-sort" = "S"
"list.cursor-down" = ["j", "n"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_sets_every_value_and_says_where_from(tmp_path: Path) -> None:
    config = load_config(str(write(tmp_path, GOOD)), env={})
    assert config.problems == []
    assert (config.theme, config.sort, config.sidebar) == ("nord", "date", False)
    assert config.data_folders == (Path("~/a").expanduser(), Path("/b"))
    assert config.keymap == {"main.cycle-sort": "S", "list.cursor-down": "j,n"}
    assert config.sources["theme"] == "file:2"
    assert config.sources["keymap"] == "file:7"
    assert config.sources["mouse"] == "default"


def test_flag_beats_environment_beats_file_beats_default(tmp_path: Path) -> None:
    path = str(write(tmp_path, GOOD))
    env = {"PAPERTUI_THEME": "gruvbox", "PAPERTUI_DATA": "/x:/y"}
    config = load_config(path, env=env)
    assert (config.theme, config.sources["theme"]) == ("gruvbox", "$PAPERTUI_THEME")
    assert config.data_folders == (Path("/x"), Path("/y"))
    config = load_config(path, env=env, flags={"theme": "dracula", "data": ("/z",)})
    assert (config.theme, config.sources["theme"]) == ("dracula", "--theme")
    assert config.data_folders == (Path("/z"),)
    assert load_config(str(tmp_path / "none.toml"), env={}).theme == "textual-dark"


def test_the_config_file_is_found_by_flag_env_then_xdg(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    (xdg / "papertui").mkdir(parents=True)
    (xdg / "papertui" / "config.toml").write_text('theme = "nord"\n')
    assert load_config(env={"XDG_CONFIG_HOME": str(xdg)}).theme == "nord"
    other = write(tmp_path, 'theme = "dracula"\n')
    env = {"XDG_CONFIG_HOME": str(xdg), "PAPERTUI_CONFIG": str(other)}
    assert load_config(env=env).path_source == "$PAPERTUI_CONFIG"
    assert load_config(env=env).theme == "dracula"
    missing = load_config(str(tmp_path / "nope.toml"), env=env)
    assert [p.message for p in missing.problems] == ["no such file (from --config)"]


def test_unknown_keys_and_wrong_types_name_file_key_line_and_the_closest(tmp_path: Path) -> None:
    text = 'theme = "nord"\nsrot = "date"\nsidebar = "no"\nsort = "dat"\n[keymap]\nx = 3\n'
    path = write(tmp_path, text)
    config = load_config(str(path), env={})
    shown = [str(p) for p in config.problems]
    assert shown == [
        f"{path}:2: srot: unknown key (did you mean 'sort'?)",
        f"{path}:3: sidebar: expected true or false, got a string ('no')",
        f"{path}:4: sort: expected one of relevance, date, title, got 'dat' (did you mean 'date'?)",
        f"{path}:6: keymap.x: expected a key or keys ('ctrl+r' or 'j,down'), got an integer (3)",
    ]
    # the good values are kept, the bad ones are defaults
    assert (config.theme, config.sort, config.sidebar) == ("nord", "relevance", True)


def test_broken_toml_is_ignored_whole_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n\nsort = \n')
    config = load_config(str(path), env={})
    assert config.theme == "textual-dark"
    (problem,) = config.problems
    assert (problem.line, problem.message.endswith("file ignored")) == (3, True)


def test_find_line_knows_tables_dotted_and_quoted_keys() -> None:
    text = 'a = 1\n[keymap]\n"main.sort" = "S"\nkeymap2 = 1\n'
    assert find_line(text, ("keymap", "main.sort")) == 3
    assert find_line(text, ("keymap",)) == 2
    assert find_line('keymap."app.quit" = "x"\n', ("keymap", "app.quit")) == 1


def test_a_theme_picked_in_the_app_is_remembered_until_the_config_changes(tmp_path: Path) -> None:
    state = tmp_path / "ui.json"
    assert remember_theme("nord", "textual-dark", state) == ""
    assert remembered_theme("textual-dark", state) == "nord"
    assert remembered_theme("gruvbox", state) is None  # the file's theme changed: it wins


def test_theme_files_are_checked(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('name = "a"\nprimary = "#ff0000"\n')
    (tmp_path / "b.toml").write_text('name = "b"\nprimry = "#ff0000"\n')
    themes, problems = read_theme_files(tmp_path)
    assert [t.fields["name"] for t in themes] == ["a"]
    assert str(problems[0]).endswith("b.toml:2: primry: unknown key (did you mean 'primary'?)")


def test_config_commands(tmp_path: Path, capsys: object) -> None:
    path = write(tmp_path, GOOD + '"main.nope" = "x"\n"app.help" = "ctrl+hh"\n')
    assert main(["--config", str(path), "config", "path"]) == 0
    assert main(["--config", str(path), "--theme", "dracula", "config", "show"]) == 0
    assert main(["--config", str(path), "config", "validate"]) == 1
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert f"{path}\n" in out
    assert 'theme = "dracula"  # --theme' in out
    assert 'sort = "date"  # file:3' in out
    assert f"{path}:10: keymap.main.nope: no binding has this id" in out
    assert f"{path}:11: keymap.app.help: unknown key 'hh'" in out
    assert main(["--config", str(path), "config", "keys"]) == 0
    assert "main.cycle-sort          S" in capsys.readouterr().out  # type: ignore[attr-defined]


def test_a_missing_config_imports_no_toml_parser(tmp_path: Path) -> None:
    code = (
        "import sys; from papertui.config.load import load_config\n"
        f"load_config(env={{'XDG_CONFIG_HOME': {str(tmp_path)!r}}})\n"
        "print('tomllib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip() == "False"
