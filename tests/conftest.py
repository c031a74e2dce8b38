"""Suite-wide fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _private_cache_dir(_session_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app loads through papertui.store.load: keep the suite's caches out of ~/.cache
    (one folder for the session, so the shared fixture data stays warm between tests)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache_dir))
    return _session_cache_dir
