"""E2E: skip cleanly where the harness cannot run; print first-paint figures at the end."""

from __future__ import annotations

import pytest

from .harness import FIRST_PAINTS, why_not_runnable


@pytest.fixture(scope="session")
def harness_ready() -> None:
    reason = why_not_runnable()
    if reason:
        pytest.skip(reason)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIRST_PAINTS:
        terminalreporter.section("papertui over ssh: first paint (ms from launching ssh)")
        for scenario, ms in FIRST_PAINTS:
            terminalreporter.write_line(f"{scenario:<32} {ms:>6} ms")
