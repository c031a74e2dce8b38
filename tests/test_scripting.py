"""``papertui search | show | stats | completion`` and the man page: data on stdout,
messages on stderr, JSON on request, the TUI's own ranking, neutralised text."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papertui import scripting
from papertui.cli import main, man_page

TINY = Path(__file__).resolve().parent / "data" / "tiny"
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


def run(fn: object, *args: object, **kw: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = fn(*args, out=out, err=err, **kw)  # type: ignore[operator]
    return int(code), out.getvalue(), err.getvalue()


def test_search_prints_the_ranked_ids_and_json_says_the_same() -> None:
    code, text, _ = run(scripting.run_search, str(TINY), "transformer")
    ids = [line.split("\t")[0] for line in text.splitlines()]
    assert code == 0 and ids[0] == "transformer" and len(ids) >= 2
    code, doc, _ = run(scripting.run_search, str(TINY), "transformer", as_json=True)
    parsed = json.loads(doc)
    assert [r["id"] for r in parsed["results"]] == ids and parsed["total"] == len(ids)


def test_search_with_no_match_exits_1_like_grep() -> None:
    code, text, _ = run(scripting.run_search, str(TINY), "zzqqxxnothing")
    assert (code, text) == (1, "")


def test_search_filters_and_limit() -> None:
    code, text, _ = run(scripting.run_search, str(TINY), "year:2017..2019", sort="date", limit=2)
    lines = text.splitlines()
    assert code == 0 and len(lines) == 2
    assert all("2017" <= line.split("\t")[1][:4] <= "2019" for line in lines)


def test_show_prints_every_field_and_an_unknown_id_names_the_closest() -> None:
    code, doc, _ = run(scripting.run_show, str(TINY), "bert", as_json=True)
    record = json.loads(doc)
    assert (
        code == 0
        and record["id"] == "bert"
        and "transformer" in [e["id"] for e in record["builds_on"]]
    )
    code, text, err = run(scripting.run_show, str(TINY), "bret")
    assert code == 2 and text == "" and "closest: bert" in err


def test_stats_counts_add_up() -> None:
    code, doc, _ = run(scripting.run_stats, str(TINY), as_json=True)
    stats = json.loads(doc)
    assert code == 0 and sum(stats["eras"].values()) == stats["papers"] == 13
    assert sum(stats["years"].values()) == stats["papers"]


def test_a_missing_data_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, text, err = run(scripting.run_stats, str(tmp_path / "nope"))
    assert code == 2 and text == "" and err.count("\n") == 1


def test_hostile_data_never_reaches_the_terminal_raw() -> None:
    for fn, args in (
        (scripting.run_search, ("",)),
        (scripting.run_stats, ()),
    ):
        _, text, err = run(fn, str(HOSTILE), *args)
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in text + err, (fn, repr(raw))


def test_search_prints_what_the_result_list_shows() -> None:
    """Same ids, same order as the TUI's list for the same query."""
    import asyncio

    from papertui.tui.app import PaperTUI
    from papertui.tui.widgets import ResultList

    async def tui_ids() -> list[str]:
        app = PaperTUI(TINY)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("/", *"attention")
            for _ in range(10):
                await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            return list(app.screen.query_one(ResultList).ids)

    listed = asyncio.run(tui_ids())
    _, text, _ = run(scripting.run_search, str(TINY), "attention")
    assert [line.split("\t")[0] for line in text.splitlines()] == listed and listed


def test_a_closed_pipe_is_not_a_traceback() -> None:
    shell = f"{sys.executable} -m papertui stats --data {TINY} | head -1"
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {shell}"], capture_output=True, text=True, timeout=60
    )
    assert done.stdout == "papers\t13\n"
    # the whole output may fit in the pipe before head leaves: 0, else SIGPIPE's 141
    assert "Traceback" not in done.stderr and done.returncode in (0, 141)


def test_completion_scripts_are_generated_for_three_shells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for shell, marker in (("bash", "complete "), ("zsh", "compdef"), ("fish", "complete ")):
        assert main(["completion", shell]) == 0
        assert marker in capsys.readouterr().out


def _complete(line: str, tmp_path: Path) -> list[str]:
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    subprocess.run(
        [sys.executable, "-m", "papertui"], env=env, capture_output=True, timeout=60, check=False
    )
    return [w.strip() for w in out.read_text().split("\n")] if out.exists() else []


def test_completion_offers_sub_commands_options_and_paper_ids(tmp_path: Path) -> None:
    assert {"search", "show", "stats"} <= set(_complete("papertui s", tmp_path))
    assert "bert" in _complete(f"papertui show --data {TINY} be", tmp_path)


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_loads_the_completion_script() -> None:
    script = f"source <({sys.executable} -m papertui completion bash) && complete -p papertui"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "papertui" in done.stdout


@pytest.mark.skipif(shutil.which("man") is None, reason="no man")
def test_the_man_page_renders_with_man(tmp_path: Path) -> None:
    page = tmp_path / "papertui.1"
    page.write_text(man_page(), encoding="utf-8")
    done = subprocess.run(
        ["man", "-l", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80"},
    )
    assert done.returncode == 0, done.stderr
    for word in ("papertui", "search", "completion", "--data"):
        assert word in done.stdout


def test_search_says_on_stderr_what_the_status_line_warns_about() -> None:
    _code, _text, err = run(scripting.run_search, str(TINY), "autor:devlin")
    assert err.startswith("papertui search: ") and err.count("\n") == 1
    assert "autor" in err and "author" in err  # the unknown field and the known ones
