"""Fault injection for ``papertui import`` (issue 19, audit findings 2, 3, 10, 17, 19).

Every case starts from a copy of the bundled data (or a fresh folder in ``tmp_path``) and asks:
does each paper file end old or new (never cut), does the command end in one line and a
documented exit code (never a traceback), and does a second writer lose nothing?
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from papertui.importers.cli import run_import
from papertui.library import safewrite
from papertui.library.exitcodes import ExitCode
from papertui.library.loader import load_library
from papertui.library.safewrite import folder_lock

DATA = Path(__file__).resolve().parents[2] / "data"
ENTRY = (
    "@article{{v, title={{BERT: Pre-training of Deep Bidirectional Transformers for Language "
    "Understanding}}, year={{2018}}, eprint={{1810.04805}}, archivePrefix={{arXiv}}, "
    "keywords={{{tags}}}}}\n"
)


def data_copy(tmp_path: Path) -> Path:
    """The bundled data without its tags.yaml: free-text tags, so the imported keywords
    below always change (and rewrite) a paper file instead of being left off."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    (root / "tags.yaml").unlink()
    return root


def bib(tmp_path: Path, tags: str, name: str = "m.bib") -> Path:
    path = tmp_path / name
    path.write_text(ENTRY.format(tags=tags), encoding="utf-8")
    return path


def big_table(tmp_path: Path, rows: int) -> Path:
    lines = ["| Paper | Date | Description | Link |", "|---|---|---|---|"]
    lines += [
        f"| Paper number {i} | 2020-01 | description {i} | https://example.org/{i} |"
        for i in range(rows)
    ]
    lines.append(
        "| Attention Is All You Need | 2017-06 | the Transformer, again | "
        "https://arxiv.org/abs/1706.03762 |"
    )
    path = tmp_path / "big.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def assert_every_file_whole(root: Path) -> None:
    """Each paper file parses and holds a paper; no half-written file is visible."""
    for path in (root / "papers").rglob("*.yaml"):
        if path.name.startswith("."):
            continue
        doc = yaml.safe_load(path.read_bytes())
        assert isinstance(doc, dict | list) and doc, f"{path} is cut or empty"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-P", "-m", "papertui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Audit 2: a full disk cut transformer.yaml to 4,096 bytes. Now ENOSPC at the sync
    leaves every file as it was, no temporary file, one line and exit 1."""
    root = data_copy(tmp_path)
    before = snapshot(root)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safewrite.os, "fsync", full)
    tags = ", ".join(f"Keyword number {i}" for i in range(300))
    code = run_import("bibtex", str(bib(tmp_path, tags)), str(root))
    out = capsys.readouterr()
    assert code == ExitCode.PROBLEMS
    assert snapshot(root) == before
    assert "No space left on device" in out.out and "left as it was" in out.out
    assert not [p for p in root.rglob("*.tmp")]


def _can_mount_tmpfs(where: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)], capture_output=True
    )
    return done.returncode == 0


def test_a_real_full_disk_leaves_the_curated_file_whole(tmp_path: Path) -> None:
    """Audit 2 as the audit ran it: a 16 MiB tmpfs filled up, then an import."""
    mnt = tmp_path / "full"
    if not _can_mount_tmpfs(mnt):
        pytest.skip("needs root and a working 'mount -t tmpfs' for a small full disk")
    try:
        root = mnt / "data"
        shutil.copytree(DATA, root)
        fd = os.open(mnt / "filler", os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        before = snapshot(root)
        tags = ", ".join(f"Keyword number {i}" for i in range(300))
        done = run_cli("import", "bibtex", str(bib(tmp_path, tags)), "--out", str(root))
        assert done.returncode in (ExitCode.PROBLEMS, ExitCode.USAGE), done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert snapshot(root) == before
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


@pytest.mark.parametrize("moment", [0.4, 0.8, 1.2, 1.6, 2.0])
def test_kill_9_at_any_moment_leaves_files_old_or_new(tmp_path: Path, moment: float) -> None:
    """Audit 3: kill -9 of an import left an empty paper file. Now every file parses,
    and the next import sweeps the hidden temporary file a kill can leave."""
    root = data_copy(tmp_path)
    table = big_table(tmp_path, 3000)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-P",
            "-m",
            "papertui",
            "import",
            "markdown-table",
            str(table),
            "--out",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(moment * random.uniform(0.8, 1.2))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert_every_file_whole(root)
    assert not load_library(root).problems or all(
        "papers/" in p.file for p in load_library(root).problems
    )
    done = run_cli("import", "bibtex", str(bib(tmp_path, "after-kill")), "--out", str(root))
    assert done.returncode in (ExitCode.OK, ExitCode.PROBLEMS), done.stderr
    assert not list(root.rglob(".*.tmp"))


def test_a_second_writer_waits_and_loses_nothing(tmp_path: Path) -> None:
    """Audit 19: two imports at once, the second one's change was lost. Now the second one
    waits for the folder's lock, then merges into what the first one wrote."""
    root = data_copy(tmp_path)
    b_file = bib(tmp_path, "TagFromB", "b.bib")
    with folder_lock(root):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-P",
                "-m",
                "papertui",
                "import",
                "bibtex",
                str(b_file),
                "--out",
                str(root),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)
        assert proc.poll() is None  # B waits
        # A writes meanwhile, as a first import would under its lock (flock is per open
        # file, so this process cannot run a second import of its own while it holds it)
        paper = root / "papers" / "bert.yaml"
        text = paper.read_text(encoding="utf-8").replace("tags: [", "tags: [TagFromA, ", 1)
        safewrite.write_atomic(paper, text)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "waiting for another import" in err
    text = (root / "papers" / "bert.yaml").read_text(encoding="utf-8")
    assert "TagFromA" in text and "TagFromB" in text


def _one_line_no_traceback(done: subprocess.CompletedProcess[str], code: int) -> None:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert len(done.stderr.strip().splitlines()) <= 1


def test_papers_is_a_file(tmp_path: Path) -> None:
    root = data_copy(tmp_path)
    shutil.rmtree(root / "papers")
    (root / "papers").write_text("x", encoding="utf-8")
    done = run_cli("import", "bibtex", str(bib(tmp_path, "t")), "--out", str(root))
    _one_line_no_traceback(done, ExitCode.USAGE)
    assert "is not a folder" in done.stderr


def test_out_under_a_file_or_read_only(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    done = run_cli("import", "bibtex", str(bib(tmp_path, "t")), "--out", str(blocker / "new"))
    _one_line_no_traceback(done, ExitCode.USAGE)
    assert "cannot write there" in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_out(tmp_path: Path) -> None:
    root = data_copy(tmp_path)
    for folder in (root, root / "papers"):
        folder.chmod(0o555)
    try:
        done = run_cli("import", "bibtex", str(bib(tmp_path, "t")), "--out", str(root))
        _one_line_no_traceback(done, ExitCode.USAGE)
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        done = run_cli("import", "bibtex", str(bib(tmp_path, "t")), "--out", str(ro / "new"))
        _one_line_no_traceback(done, ExitCode.USAGE)
    finally:
        for folder in (root, root / "papers", tmp_path / "ro"):
            folder.chmod(0o755)


def test_deep_and_huge_eras_are_problems_not_tracebacks(tmp_path: Path) -> None:
    """Audit 9/10: eras.yaml nested 3,000 deep or with a 5,000-digit year."""
    for tail in (
        "- id: d\n  name: " + "[" * 3000 + "]" * 3000 + "\n  start: 2000\n",
        "- id: h\n  name: H\n  start: " + "1" * 5000 + "\n",
    ):
        root = data_copy(tmp_path / str(len(tail)))
        with open(root / "eras.yaml", "a", encoding="utf-8") as fh:
            fh.write(tail)
        done = run_cli("import", "bibtex", str(bib(tmp_path, "t")), "--out", str(root))
        assert done.returncode == ExitCode.WARNINGS, done.stderr  # imported; the era reported
        assert "Traceback" not in done.stderr + done.stdout
        check = run_cli("check", "--data", str(root))
        assert check.returncode == ExitCode.PROBLEMS, check.stderr
        assert "Traceback" not in check.stderr + check.stdout


def test_closed_or_broken_stdout(tmp_path: Path) -> None:
    """Audit 10 and 17: ``import … | true`` and ``check >&-``."""
    many = tmp_path / "many.bib"
    many.write_text("".join(f"@article{{k{i}, year={{2020}}}}\n" for i in range(3000)))
    shell = (
        f"{sys.executable} -P -m papertui import bibtex {many} --out {tmp_path / 'n'} "
        "--dry-run | true"
    )
    done = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    for args in (
        ["check", "--data", str(DATA)],
        ["import", "bibtex", str(many), "--out", str(tmp_path / "n2"), "--dry-run"],
    ):
        done = subprocess.run(
            [sys.executable, "-P", "-m", "papertui", *args],
            stdout=None,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            close_fds=True,
            preexec_fn=lambda: os.close(1),
        )
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode in (ExitCode.OK, ExitCode.PROBLEMS)
