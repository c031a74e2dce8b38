"""Find prose in the bundled data that was copied from the seed documents.

Facts may carry over from ``../shared/seeds/``; sentences may not. A prose string is
flagged when one of its sentences or clauses of :data:`MIN_CHARS` characters or more
appears word for word (case and whitespace folded) in a seed, or when a seed's sentence
or clause of that length appears inside it.

Used three ways: by ``tests/library/test_own_words.py`` (the guard), by ``build.py``
(which refuses to write copied prose), and by hand::

    python scripts/build_data/copycheck.py [DATA_DIR] [SEEDS_DIR]

which prints every copied piece with its file and field and exits 1 if there is one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

MIN_CHARS = 40
PROSE_KEYS = {"summary", "notes", "why", "why_it_matters", "blurb", "description", "note"}
_SPACE = re.compile(r"\s+")
_CLAUSE = re.compile(r"(?<=[.!?;:,()\u2014])\s+|\s+[\u2013\u2014-]\s+|\n")


def fold(text: str) -> str:
    """Lower case, every run of white space one space, markdown emphasis and links dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("*", "").replace("`", "")
    return _SPACE.sub(" ", text.lower()).strip()


def pieces(text: str) -> Iterator[str]:
    """Sentences and clauses of ``text`` (folded) at least :data:`MIN_CHARS` long."""
    for raw in _CLAUSE.split(text):
        piece = fold(raw).strip(" .,;:!?()\"'")
        if len(piece) >= MIN_CHARS:
            yield piece
    # whole sentences too (a clause split can cut a copied sentence into short halves)
    for raw in re.split(r"(?<=[.!?])\s+|\n", text):
        piece = fold(raw).strip(" .,;:!?()\"'")
        if len(piece) >= MIN_CHARS:
            yield piece


class Seeds:
    """The seed documents, folded once, with their own sentences and clauses."""

    def __init__(self, folder: Path) -> None:
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        self.folded = "\n".join(fold(t) for t in texts)
        self.pieces = sorted(
            {p for t in texts for line in t.splitlines() for p in pieces(line)}, key=len
        )

    def copied(self, text: str) -> list[str]:
        """The pieces of ``text`` that are copied from a seed (empty: our own words)."""
        found = [p for p in pieces(text) if p in self.folded]
        mine = fold(text)
        found += [p for p in self.pieces if p in mine and p not in found]
        return found


def prose(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) for every prose string in a loaded YAML value."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(item, str) and (key in PROSE_KEYS or path.startswith("notes")):
                yield where, item
            else:
                yield from prose(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from prose(item, f"{path}[{i}]")


def scan(data: Path, seeds: Seeds) -> Iterator[tuple[Path, str, str]]:
    """(file, field, copied piece) for every copied piece in the data folder's YAML."""
    for file in sorted(data.rglob("*.yaml")):
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
        for where, text in prose(doc):
            for piece in seeds.copied(text):
                yield file, where, piece


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[2]
    data = Path(argv[0]) if argv else root / "data"
    seeds = Seeds(Path(argv[1]) if len(argv) > 1 else root.parent / "shared" / "seeds")
    hits = list(scan(data, seeds))
    for file, where, piece in hits:
        print(f"{file.relative_to(data)}: {where}: {piece!r}")
    files = {f for f, _, _ in hits}
    print(f"{len(hits)} copied pieces in {len(files)} files", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
