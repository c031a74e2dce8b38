"""Shared pieces of the hostile-data tests: the folder, its string classes, screen capture."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path
from types import ModuleType

from textual.app import App

from papertui.library.sanitize import one_line

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_generate", HOSTILE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _load_generator()
# (marker, paper id, raw payload) for every string class, plus the 10 kB one.
CLASSES: list[tuple[str, str, str]] = [
    (GENERATOR.marker(i), GENERATOR.paper_id(i), payload)
    for i, (_slug, payload) in enumerate(GENERATOR.CLASSES)
]
CLASSES.append((GENERATOR.marker(len(CLASSES)), "h-long", GENERATOR.LONG_PAYLOAD))
CLASS_IDS = [f"{paper_id}" for _m, paper_id, _p in CLASSES]
ERA_NAMES = [name for _id, name, _start, _end in GENERATOR.ERAS]

# Substrings that must never reach Textual's markup parser, nor the screen raw.
DATA_MARKERS = ("HX", "PWNED", "\u241b", "\u27e8U+")


def visible(payload: str, chars: int = 8) -> str:
    """The start of ``payload`` as the screen must show it (sanitised, literal)."""
    return one_line(payload)[:chars]


def screen_lines(app: App[object]) -> list[str]:
    """The composed screen, one string per row (what the terminal would show)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))


def raw_controls(text: str) -> list[str]:
    """Characters in ``text`` a terminal would act on (or that should have been tagged)."""
    bad = []
    for ch in text:
        code = ord(ch)
        if ch == "\n":
            continue
        if (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
            or unicodedata.category(ch) == "Cc"
        ):
            bad.append(f"U+{code:04X}")
    return bad
