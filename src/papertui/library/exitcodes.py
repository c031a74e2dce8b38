"""The exit status of every papertui command, in one place (Textual-free core).

Here in the library because every layer returns them (``papertui check`` and the app at the
top, ``papertui import`` in :mod:`papertui.importers`, which may import only the library).
README.md ("Exit codes") documents the same table.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0  # done; nothing wrong
    PROBLEMS = 1  # check: problems found; import: failed (nothing usable, or not written)
    CRASH = 1  # the app crashed (the traceback is in a crash log); an alias of PROBLEMS
    USAGE = 2  # usage error: bad arguments, missing or unreadable data folder, not a terminal
    WARNINGS = 3  # import: imported, but some entries or fields were read in part or left out


SIGNAL_BASE = 128  # the app ended by signal N exits with 128 + N (SIGINT 130, SIGTERM 143)


def after_signal(signum: int) -> int:
    """The exit status after signal ``signum`` (the shell's convention)."""
    return SIGNAL_BASE + signum


__all__ = ["SIGNAL_BASE", "ExitCode", "after_signal"]
