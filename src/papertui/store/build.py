"""The child process of a big cold load: ``python -P -m papertui.store.build DATA_DIR``.

Parses the folder, builds the search indexes and writes the load cache
(:func:`papertui.store.load.build_cache`), printing ``done total`` progress lines on stdout
for :func:`papertui.store.child.build_in_child`. Exit status 0 when the cache was written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from papertui.store.load import build_cache


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m papertui.store.build DATA_DIR", file=sys.stderr)
        return 2

    def report(done: int, total: int) -> None:
        print(done, total, flush=True)

    return 0 if build_cache(Path(args[0]), report) else 1


if __name__ == "__main__":
    raise SystemExit(main())
