"""The child process of a big cold load: ``python -P -m papertui.store.build DATA_DIR``.

Parses the folder, builds the search indexes and writes the load cache
(:func:`papertui.store.load.build_cache`), printing ``done total`` progress lines on stdout
for :func:`papertui.store.child.build_in_child`. Exit status 0 when the cache was written;
3 when it could not be (a full or read-only cache folder) and was written to stdout
instead, as a ``cache SIZE`` line and SIZE bytes, so the app reads it from there rather than
parsing the folder a second time; 1 when nothing could be built.
"""

from __future__ import annotations

import sys
from pathlib import Path

from papertui.store.child import HANDBACK, HANDED_BACK
from papertui.store.load import build_cache


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m papertui.store.build DATA_DIR", file=sys.stderr)
        return 2

    def report(done: int, total: int) -> None:
        print(done, total, flush=True)

    handed: list[int] = []

    def hand_back(blob: bytes) -> None:
        out = sys.stdout.buffer
        out.write(b"%s %d\n" % (HANDBACK, len(blob)))
        out.write(blob)
        out.flush()
        handed.append(len(blob))

    if build_cache(Path(args[0]), report, hand_back):
        return 0
    return HANDED_BACK if handed else 1


if __name__ == "__main__":
    raise SystemExit(main())
