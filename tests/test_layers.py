"""The import layers, checked from the source: the core never imports Textual, imports go
one way (tui -> store -> search -> library; importers -> library) and no two modules import
each other. (import-linter checks the same contract in CI from ``pyproject.toml``; this test
walks the packages itself so that a new module is covered without a list to keep.)"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import papertui

ROOT = Path(papertui.__file__).parent
CORE_PACKAGES = ("library", "store", "search", "importers", "personal", "config")
# what each package may import from papertui (besides itself and the top-level __init__)
ALLOWED = {
    "library": set(),
    "search": {"library"},
    "store": {"library", "search"},
    "importers": {"library"},
    "personal": {"library"},
    "config": {"library"},
    "tui": {"library", "search", "store", "importers", "personal", "config"},
}


def package_of(name: str) -> str:
    """``papertui.search.engine`` -> ``search``; ``papertui`` -> ``""``."""
    return [*name.split("."), ""][1]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """Every module imported anywhere in the file (lazy imports inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {
            m
            for m in imports_of(path)
            if m in known and m != name and not name.startswith(m + ".")  # not its own package
        }
        for name, path in known.items()
    }


def test_every_module_belongs_to_a_package_that_says_what_it_owns() -> None:
    top = sorted(n for n in modules() if n.count(".") == 1)
    assert top == [
        "papertui.__main__",
        "papertui.check",
        "papertui.cli",
        "papertui.config",
        "papertui.configcli",
        "papertui.exportcli",
        "papertui.importers",
        "papertui.library",
        "papertui.lineage_cli",
        "papertui.personal",
        "papertui.scripting",
        "papertui.search",
        "papertui.store",
        "papertui.tui",
    ]
    for package in (*CORE_PACKAGES, "tui"):
        doc = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text()))
        assert doc and "import" in doc, f"papertui.{package} must say what it may import"


def test_imports_go_one_way() -> None:
    wrong = []
    for name, targets in graph().items():
        package = package_of(name)
        if package not in ALLOWED:
            continue  # cli, check, exportcli, __main__: the top may import anything
        for target in targets:
            other = package_of(target)
            if other not in (package, "") and other not in ALLOWED[package]:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_the_core_never_imports_textual_or_rich() -> None:
    wrong = [
        f"{name} -> {target}"
        for name, path in modules().items()
        if package_of(name) in CORE_PACKAGES
        for target in imports_of(path)
        if target.split(".")[0] in {"textual", "rich"}
    ]
    assert wrong == []


def test_no_two_modules_import_each_other() -> None:
    edges = graph()
    pairs = sorted(
        f"{a} <-> {b}" for a, targets in edges.items() for b in targets if a < b and a in edges[b]
    )
    assert pairs == []


def test_importing_the_whole_core_loads_no_textual() -> None:
    """The same, at run time: import every core module in a fresh interpreter."""
    core = [n for n in modules() if package_of(n) in CORE_PACKAGES and "__main__" not in n]
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core imported Textual modules: {out}"
