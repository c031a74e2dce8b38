"""``View.within`` / ``View.without``: the personal filters' id sets, applied by the engine
together with everything else (the engine never sees the state)."""

from __future__ import annotations

from pathlib import Path

from papertui.library.loader import load_library
from papertui.search.engine import Engine, Sort, View

TINY = Path(__file__).resolve().parent.parent / "data" / "tiny"


def test_within_and_without_combine_with_the_rest() -> None:
    engine = Engine(load_library(TINY).library)
    everything = list(engine.run(View()).ids)
    within = frozenset({"bert", "gpt2", "lstm", "unknown-id"})
    assert set(engine.run(View(query="is:starred", within=within)).ids) == within - {"unknown-id"}
    assert list(engine.run(View(within=frozenset())).ids) == []
    left = list(engine.run(View(query="is:unread", without=frozenset({"bert"}))).ids)
    assert left == [i for i in everything if i != "bert"]
    text = list(engine.run(View(query="bert is:starred", within=within)).ids)
    assert text[0] == "bert" and "roberta" not in text
    dated = engine.run(View(query="is:read year:..2000", within=within, sort=Sort.TITLE))
    assert list(dated.ids) == ["lstm"]
