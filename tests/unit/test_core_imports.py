"""The core (model, loader, search, history, cache, ...) must never import Textual."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "papertui.model",
    "papertui.sanitize",
    "papertui.paths",
    "papertui.history",
    "papertui.handover",
    "papertui.cachebuild",
    "papertui.writer",
    "papertui.query",
    "papertui.search",
    "papertui.ranking",
    "papertui.texts",
    "papertui.tiers",
    "papertui.wordindex",
    "papertui.charcounts",
    "papertui.paperids",
    "papertui.facets",
    "papertui.cachecolumns",
    "papertui.engine",
    "papertui.importers",
    "papertui.importers.cli",
    "papertui.importers.merge",
    "papertui.cache",
    "papertui.lazypapers",
    "papertui.problems",
    "papertui.yamlsafe",
    "papertui.schema",
    "papertui.loader",
    "papertui.datafolder",
    "papertui.checks",
    "papertui.check",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core imported Textual modules: {out}"
