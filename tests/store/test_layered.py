"""The layered collection's own cache (``--data base --data mine``): a warm layered start
decodes one file, with its search index, and any change in any layer is a miss."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papertui.library import layers
from papertui.search.engine import Engine, View
from papertui.store import layered
from papertui.store.columns import search_index
from papertui.store.folders import engine_for
from papertui.store.layered import layered_cache_path, load_layers

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TINY, tmp_path / "base"))


def merges(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the merges of layers from now on (a warm layered load does none)."""
    calls: list[int] = []
    real = layers.merge_layers

    def counted(results: object) -> object:
        calls.append(1)
        return real(results)  # type: ignore[arg-type]

    monkeypatch.setattr(layered, "merge_layers", counted)
    return calls


def test_a_second_load_is_the_cached_merge_with_its_search_index(
    base: Path, overlay: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_layers([base, overlay])
    assert layered_cache_path([base, overlay]).is_file()
    calls = merges(monkeypatch)
    warm = load_layers([base, overlay])
    assert calls == []  # decoded from the layered cache, not merged again
    assert sorted(warm.result.library.papers) == sorted(cold.result.library.papers)
    assert [p.message for p in warm.result.problems] == [p.message for p in cold.result.problems]
    assert "my-bert" in warm.result.library.built_upon_by["bert"]
    library = warm.result.library
    assert search_index(library) is not None and len(search_index(library) or ()) == len(library)
    found = engine_for(library).run(View(query="bert")).ids
    assert list(found) == list(Engine(cold.result.library).run(View(query="bert")).ids)


def test_which_folder_a_paper_came_from_survives_the_cache(base: Path, overlay: Path) -> None:
    load_layers([base, overlay])
    warm = load_layers([base, overlay])
    assert warm.folder_of("my-bert") == overlay
    assert warm.folder_of("bert") == base  # the earlier definition is the one kept
    assert warm.folder_of("no-such-paper") is None


def test_a_change_in_a_later_layer_is_a_miss(
    base: Path, overlay: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_layers([base, overlay])
    (overlay / "papers" / "my-gpt.yaml").write_text(
        "id: my-gpt\nshort: MyGPT\ntitle: My GPT\ndate: 2020\nera: transformer\n",
        encoding="utf-8",
    )
    calls = merges(monkeypatch)
    again = load_layers([base, overlay])
    assert calls == [1] and "my-gpt" in again.result.library


def test_a_change_in_an_earlier_layer_is_a_miss(base: Path, overlay: Path) -> None:
    load_layers([base, overlay])
    (base / "papers" / "gpt3.yaml").unlink()
    again = load_layers([base, overlay])
    assert "gpt3" not in again.result.library and "my-bert" in again.result.library


def test_the_order_of_the_layers_is_part_of_the_key(base: Path, overlay: Path) -> None:
    load_layers([base, overlay])
    swapped = load_layers([overlay, base])
    assert swapped.folder_of("bert") == overlay  # now the first definition is mine's
    assert layered_cache_path([base, overlay]) != layered_cache_path([overlay, base])


def test_a_damaged_layered_cache_is_rebuilt(base: Path, overlay: Path) -> None:
    load_layers([base, overlay])
    path = layered_cache_path([base, overlay])
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    again = load_layers([base, overlay])
    assert "my-bert" in again.result.library and "bert" in again.result.library
    assert again.result.library.papers["my-bert"].title == "My distilled BERT"


def test_one_folder_uses_its_own_cache_only(base: Path) -> None:
    one = load_layers([base])
    assert one.folders == (base,) and not layered_cache_path([base]).exists()


# -- the app's first paint: the layered cache trusted, then checked in the background ------


def no_scan(*_args: object) -> object:
    raise AssertionError("a layer's sources were stat'ed before the first paint")


def test_the_quick_layered_load_trusts_the_merged_cache(
    base: Path, overlay: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, stamp = layered.load_layers_quick([base, overlay])
    assert stamp is None  # no cache yet: loaded (and checked) as load_layers does
    calls = merges(monkeypatch)
    monkeypatch.setattr(layered, "scan_sources", no_scan)
    warm, stamp = layered.load_layers_quick([base, overlay])
    assert stamp is not None and calls == []
    assert sorted(warm.result.library.papers) == sorted(first.result.library.papers)
    assert warm.folder_of("my-bert") == overlay  # which folder a paper came from, as before


def test_the_background_check_of_layers_finds_a_change_in_any_layer_and_rebuilds(
    base: Path, overlay: Path
) -> None:
    from papertui.store import fresh, refresh

    load_layers([base, overlay])
    _, stamp = layered.load_layers_quick([base, overlay])
    assert stamp is not None
    assert not fresh.check_layers([base, overlay], stamp).stale
    paper = (overlay / "papers" / "my-bert.yaml").read_text(encoding="utf-8")
    (overlay / "papers" / "my-gpt.yaml").write_text(
        paper.replace("my-bert", "my-gpt").replace("MyBERT", "MyGPT"), encoding="utf-8"
    )
    verdict = fresh.check_layers([base, overlay], stamp)
    assert verdict.stale and verdict.changed == 1 and verdict.key is not None
    found = refresh.refresh([((base, overlay), stamp)])  # the child checks and rebuilds
    assert found.stale and found.cached and found.changed == 1
    again, new_stamp = layered.load_layers_quick([base, overlay])
    assert new_stamp not in (None, stamp)
    assert "my-gpt" in again.result.library.papers
    assert refresh.refresh([((base, overlay), new_stamp)]) == refresh.Refreshed()
