"""Layered data folders on the command line: ``--data base --data overlay`` means the same
collection to every command that reads papers (issue 21 item 6), not just the app and check."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from papertui import exportcli, scripting
from papertui.cli import main
from papertui.store.folders import FolderError, checked_folders, open_folders
from papertui.tui.serve import check_data, session_command

TINY = Path(__file__).resolve().parent / "data" / "tiny"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("PAPERTUI_DATA", raising=False)
    monkeypatch.setenv("PAPERTUI_CONFIG", str(tmp_path / "no-config.toml"))


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_finds_papers_of_both_folders_in_one_ranking(
    overlay: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "search", "bert", "--data", str(TINY), "--data", str(overlay))
    ids = [line.split("\t")[0] for line in out.splitlines()]
    assert code == 0 and "my-bert" in ids and "bert" in ids and "first data folder" not in err
    assert ids.count("bert") == 1  # the conflicting copy is not a second paper


def test_show_says_which_folder_a_paper_came_from(
    overlay: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        capsys, "show", "my-bert", "--json", "--data", str(TINY), "--data", str(overlay)
    )
    record = json.loads(out)
    assert code == 0 and record["data_folder"] == str(overlay)
    _, out, _ = cli(capsys, "show", "bert", "--json", "--data", str(TINY), "--data", str(overlay))
    assert json.loads(out)["data_folder"] == str(TINY)  # the earlier definition is kept
    assert "my-bert" in json.loads(out)["built_upon_by"]  # an edge across the layers
    _, out, _ = cli(capsys, "show", "bert", "--json", "--data", str(TINY))
    assert "data_folder" not in json.loads(out)  # one folder: nothing to say


def test_stats_count_both_folders(overlay: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, one, _ = cli(capsys, "stats", "--json", "--data", str(TINY))
    _, two, _ = cli(capsys, "stats", "--json", "--data", str(TINY), "--data", str(overlay))
    assert json.loads(two)["papers"] == json.loads(one)["papers"] + 1


def test_lineage_and_path_cross_the_layers(
    overlay: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layered = ("--data", str(TINY), "--data", str(overlay))
    code, out, _ = cli(capsys, "lineage", "my-bert", "--format", "json", *layered)
    assert code == 0 and "transformer" in out  # my-bert -> bert -> ... -> transformer
    code, out, _ = cli(capsys, "path", "my-bert", "transformer", *layered)
    assert code == 0 and "MyBERT" in out and "not connected" not in out


def test_export_runs_the_query_over_both_folders(overlay: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = exportcli.run_export(
        [str(TINY), str(overlay)],
        "distilled",
        "markdown",
        out=out,
        err=err,
        state_path=overlay.parent / "state.db",
    )
    assert code == 0 and "My distilled BERT" in out.getvalue()


def test_a_missing_later_folder_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    gone = tmp_path / "gone"
    code = scripting.run_stats([str(TINY), str(gone)], out=out, err=err)
    assert code == 2 and str(gone) in err.getvalue() and out.getvalue() == ""
    with pytest.raises(FolderError, match="does not exist"):
        checked_folders([str(TINY), str(gone)])


def test_serve_runs_every_session_on_all_the_folders(overlay: Path) -> None:
    folders = check_data([str(TINY), str(overlay)])
    argv = session_command(folders)
    assert argv[-4:] == ["--data", str(TINY.absolute()), "--data", str(overlay.absolute())]


def test_one_folder_is_the_plain_cached_load(capsys: pytest.CaptureFixture[str]) -> None:
    layers = open_folders(str(TINY))
    assert layers.folders == (TINY,) and "bert" in layers.result.library
