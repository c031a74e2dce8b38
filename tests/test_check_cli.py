"""``papertui check`` end to end, through ``python -m papertui`` in a subprocess."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papertui import __version__

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loader"
TINY = Path(__file__).resolve().parent / "data" / "tiny"
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): \S")


def papertui(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "PAPERTUI_DATA"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "papertui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
    )


def test_clean_data_exits_0_with_only_the_summary() -> None:
    root = FIXTURES / "good"
    run = papertui("check", "--data", str(root))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        f"checked {root}: 3 papers, 2 eras, 3 tags, 3 builds-on edges, 0 problems"
    ]
    assert run.stderr == ""


def test_problems_exit_1_sorted_by_file_and_line_then_the_summary() -> None:
    root = FIXTURES / "mixed"
    run = papertui("check", "--data", str(root))
    assert run.returncode == 1
    *problems, summary = run.stdout.splitlines()
    assert summary == f"checked {root}: 8 papers, 1 era, 2 tags, 2 builds-on edges, 39 problems"
    assert len(problems) == 39
    keys = []
    for line in problems:
        match = PROBLEM.match(line)
        assert match, line
        keys.append((match["file"], int(match["line"]), int(match["col"])))
    assert keys == sorted(keys)
    assert f"{root}/papers/empty.yaml:1:1: file is empty" in problems
    assert f"{root}/papers/latin1.yaml:2:11: not UTF-8 (byte 0xE9)" in problems


def test_load_and_lineage_problems_are_listed_together() -> None:
    root = FIXTURES / "lineage"
    run = papertui("check", "--data", str(root))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[-1] == f"checked {root}: 12 papers, 1 era, 0 tags, 7 builds-on edges, 6 problems"
    assert lines[1] == (
        f"{root}/papers/cycle-a.yaml:6:13: lineage cycle: cycle-a -> cycle-b -> cycle-c -> cycle-a"
    )


def test_a_broken_file_is_one_problem_with_its_dangling_links_under_it(tmp_path: Path) -> None:
    """Issue 16 item 12: one broken file read as three problems, its two dangling links
    first; now the cause comes first, says what follows from it, and counts once."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    path = data / "papers" / "transformer.yaml"
    path.write_text(path.read_text().replace("title: Attention", "title: [Attention"))
    run = papertui("check", "--data", str(data))
    assert run.returncode == 1
    cause, *links, summary = run.stdout.splitlines()
    assert cause.startswith(f"{data}/papers/transformer.yaml:4:5: YAML syntax")
    assert cause.endswith("; 2 links to 'transformer' dangle because of it:")
    assert links == [
        f"  {data}/papers/bert.yaml:13:5: builds_on 'transformer':"
        " no paper with that id in the collection",
        f"  {data}/papers/gpt2.yaml:11:13: builds_on 'transformer':"
        " no paper with that id in the collection",
    ]
    assert summary.endswith(", 1 problem (2 links dangling because of it)")


def test_missing_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    run = papertui("check", "--data", str(tmp_path / "nope"))
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip() == f"papertui check: data folder {tmp_path / 'nope'} does not exist"


def test_data_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    run = papertui("check", "--data", str(tmp_path / "f"))
    assert run.returncode == 2
    assert "is not a folder" in run.stderr


def test_bad_option_is_a_usage_error() -> None:
    run = papertui("check", "--no-such-option")
    assert run.returncode == 2
    assert "unrecognized arguments" in run.stderr


def test_environment_variable_and_global_option_choose_the_folder() -> None:
    root = str(FIXTURES / "lineage")
    by_env = papertui("check", env={"PAPERTUI_DATA": root})
    by_global = papertui("--data", root, "check")
    assert by_env.returncode == by_global.returncode == 1
    assert by_env.stdout == by_global.stdout
    assert by_env.stdout.splitlines()[-1].startswith(f"checked {root}: 12 papers")


def test_check_help_documents_exit_status() -> None:
    run = papertui("check", "--help")
    assert run.returncode == 0
    assert "2 usage error" in " ".join(run.stdout.split())


def test_version() -> None:
    run = papertui("--version")
    assert run.returncode == 0
    assert run.stdout.strip() == f"papertui {__version__}"


def test_check_never_imports_textual() -> None:
    code = (
        "import sys, io\n"
        "from papertui.check import run_check\n"
        f"status = run_check({str(FIXTURES / 'good')!r}, out=io.StringIO())\n"
        "print(status, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["0", "False"]


def test_closed_output_pipe_stops_quietly(tmp_path: Path) -> None:
    """`papertui check | head -1` must not end in a BrokenPipeError traceback."""
    (tmp_path / "eras.yaml").write_text("- {id: a, name: A, start: 2000}\n")
    papers = tmp_path / "papers"
    papers.mkdir()
    for i in range(3000):  # ~250 kB of problem lines: more than a pipe buffer holds
        (papers / f"empty-{i:04d}.yaml").write_text("")
    env = {k: v for k, v in os.environ.items() if k != "PAPERTUI_DATA"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "papertui", "check", "--data", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert first == f"{papers}/empty-0000.yaml:1:1: file is empty\n"
    assert stderr == ""


def test_unreadable_data_folder_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """As root every folder is readable, so the permission answer is simulated here."""
    from papertui import check

    monkeypatch.setattr(os, "access", lambda path, mode: False)
    out, err = io.StringIO(), io.StringIO()
    root = FIXTURES / "good"
    assert check.run_check(str(root), out=out, err=err) == 2
    assert out.getvalue() == ""
    assert err.getvalue() == f"papertui check: data folder {root} cannot be read\n"


def test_check_in_a_checkout_checks_its_data_not_the_installed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16 item 13: after ``pip install .`` the bundled data is a copy; ``papertui
    check`` run in the checkout checks the checkout's ``data`` and says so first."""
    import shutil

    from papertui.check import run_check

    tiny = Path(__file__).resolve().parent / "data" / "tiny"

    checkout = tmp_path / "checkout"
    shutil.copytree(tiny, checkout / "data")
    (checkout / "pyproject.toml").write_text('[project]\nname = "papertui"\n')
    monkeypatch.chdir(checkout)
    monkeypatch.delenv("PAPERTUI_DATA", raising=False)
    out, err = io.StringIO(), io.StringIO()
    run_check(None, out=out, err=err)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("checking ") and "this checkout's data" in lines[0]
    assert lines[-1].startswith(f"checked {Path.cwd() / 'data'}: 13 papers")


def test_import_help_describes_each_format_with_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from papertui.cli import IMPORT_FORMATS, main
    from papertui.importers.cli import PARSERS

    assert list(IMPORT_FORMATS) == list(PARSERS)  # one list of formats, two places agree
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    for name in PARSERS:
        assert f"e.g. papertui import {name} " in out
        assert any(ln.strip().startswith(name + " ") for ln in out.splitlines())


def test_import_help_documents_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11: `import --help` says what each exit status means, one code a line."""
    from papertui.cli import main
    from papertui.library.exitcodes import ExitCode

    with pytest.raises(SystemExit):
        main(["import", "--help"])
    lines = [ln.strip() for ln in capsys.readouterr().out.split("exit status", 1)[1].splitlines()]
    for code, words in (
        (ExitCode.OK, "imported, nothing to report"),
        (ExitCode.WARNINGS, "imported with warnings"),
        (ExitCode.PROBLEMS, "failed"),
        (ExitCode.USAGE, "usage error"),
    ):
        assert any(ln.startswith(f"{int(code)}  {words}") for ln in lines), (code, lines)
