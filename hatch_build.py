"""Build hook: generate the man page from the argument parser and install it.

The page is written by ``papertui.cli.man_page`` (argparse-manpage) into the build folder
and shipped as ``share/man/man1/papertui.1`` (so ``man papertui`` works in a venv whose
``share/man`` is on MANPATH, and for system installs).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ManPageHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from papertui.cli import man_page
        finally:
            sys.path.pop(0)
        out = root / "build" / "man" / "papertui.1"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(man_page(), encoding="utf-8")
        build_data.setdefault("shared_data", {})[str(out)] = "share/man/man1/papertui.1"
