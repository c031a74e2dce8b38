"""Suite-wide fixtures."""

from __future__ import annotations

import shutil
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


TINY = Path(__file__).resolve().parent / "data" / "tiny"


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    """A second data folder to layer over ``tests/data/tiny``: one new paper that builds on
    TINY's BERT, and a copy of TINY's BERT (an id the earlier folder already has)."""
    folder = tmp_path / "mine"
    (folder / "papers").mkdir(parents=True)
    (folder / "papers" / "my-bert.yaml").write_text(
        "id: my-bert\nshort: MyBERT\ntitle: My distilled BERT\ndate: 2019-05\n"
        "era: transformer\nbuilds_on: [bert]\n",
        encoding="utf-8",
    )
    shutil.copy(TINY / "papers" / "bert.yaml", folder / "papers" / "bert.yaml")
    return folder
