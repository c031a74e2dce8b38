"""Fault injection for reading data someone else wrote (issue 19; audit 4, 6, 7, 12, 18, 20, 22).

Special files never hang or eat memory; ``papers -> /`` is not walked; the raw output of
``papertui check`` and ``papertui import`` never carries ESC, C1, BEL or a bidi control,
whatever the file names, YAML tags, BibTeX keys and fields hold (hypothesis, bounded).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertui.cli import main
from papertui.importers import bibtex
from papertui.library.exitcodes import ExitCode
from papertui.library.loader import load_library

DATA = Path(__file__).resolve().parents[2] / "data"
# What must never reach a terminal from data: ESC, BEL and the other C0 controls but
# newline, C1 (8-bit CSI/OSC...), bidi embedding/override/isolate controls and marks.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x9b31m\x9d0;X\x07\u202e\u2066\x00\r"


def small_data(root: Path) -> Path:
    (root / "papers").mkdir(parents=True)
    (root / "eras.yaml").write_text("- id: e\n  name: E\n  start: 2000\n", encoding="utf-8")
    (root / "papers" / "p.yaml").write_text(
        "id: p\nshort: P\ntitle: A paper\ndate: 2020\nera: e\n", encoding="utf-8"
    )
    return root


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-P", "-m", "papertui", *args], capture_output=True, timeout=timeout
    )


def assert_clean(raw: bytes) -> None:
    text = raw.decode("utf-8", errors="surrogateescape")
    found = FORBIDDEN.search(text)
    assert found is None, f"raw {found.group()!r} in output: {text[:300]!r}"


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_symlink_to_a_device_is_one_problem(tmp_path: Path, target: str) -> None:
    """Audit 4: ``papers/zero.yaml -> /dev/zero`` ate 10 GB."""
    root = small_data(tmp_path / "d")
    (root / "papers" / "zero.yaml").symlink_to(target)
    started = time.monotonic()
    done = run_cli("check", "--data", str(root), timeout=30)
    assert time.monotonic() - started < 20
    assert done.returncode == ExitCode.PROBLEMS
    assert b"zero.yaml:1:1: not a regular file" in done.stdout


def test_a_fifo_and_a_device_file_are_refused_without_hanging(tmp_path: Path) -> None:
    """Audit 6: ``mkfifo papers/pipe.yaml`` blocked check, the app and import forever."""
    root = small_data(tmp_path / "d")
    os.mkfifo(root / "papers" / "pipe.yaml")
    if os.geteuid() == 0:
        os.mknod(root / "papers" / "dev.yaml", 0o600 | 0o020000, os.makedev(1, 5))  # /dev/zero
    result = load_library(root)
    assert len(result.library) == 1
    assert {p.message for p in result.problems} == {"not a regular file"}
    done = run_cli("import", "bibtex", str(_bib(tmp_path, "k", "T")), "--out", str(root))
    assert done.returncode in (ExitCode.OK, ExitCode.PROBLEMS, ExitCode.WARNINGS), done.stderr
    assert b"not a regular file" in done.stdout


def test_papers_symlinked_to_root_is_not_walked(tmp_path: Path) -> None:
    """Audit 20: ``papers -> /`` walked the whole file system."""
    root = small_data(tmp_path / "d")
    shutil.rmtree(root / "papers")
    (root / "papers").symlink_to("/")
    started = time.monotonic()
    result = load_library(root)
    assert time.monotonic() - started < 5
    assert [p.message for p in result.problems] == [
        "cannot read folder: a symbolic link out of the data folder, not followed"
    ]
    inside = small_data(tmp_path / "e")  # a link that stays inside the folder is fine
    (inside / "papers").rename(inside / "real")
    (inside / "papers").symlink_to("real")
    assert len(load_library(inside).library) == 1


def _bib(tmp_path: Path, key: str, title: str, extra: str = "") -> Path:
    path = tmp_path / "h.bib"
    path.write_text(f"@article{{{key}, title={{{title}}}, year={{2020}}{extra}}}\n", "utf-8")
    return path


def test_hostile_names_tags_and_keys_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    """Audit 7: a file name, a YAML tag and a BibTeX key set the pane title and clipboard."""
    root = small_data(tmp_path / "d")
    (root / "papers" / "x.yaml").write_text(
        "id: x\nshort: X\ntitle: !<tag:%1B]52;c;cHduZWQ=%07%1B]0;PWNED%07> hi\n"
        "date: 2020\nera: e\n",
        encoding="utf-8",
    )
    (root / "papers" / f"{HOSTILE.replace(chr(0), '')}y.yaml").write_text("", encoding="utf-8")
    os.close(os.open(os.fsencode(root / "papers") + b"/\xff\x9b.yaml", os.O_CREAT | os.O_WRONLY))
    done = run_cli("check", "--data", str(root))
    assert done.returncode == ExitCode.PROBLEMS
    assert_clean(done.stdout + done.stderr)
    assert "\u241b]0;PWNED\u2407".encode() in done.stdout  # shown, made visible
    key = HOSTILE.replace("\x00", "").replace("\r", "").replace(",", "")
    bib = _bib(tmp_path, key, key, ", url={javascript:alert(1)}")
    for extra in ([], ["--dry-run"]):
        done = run_cli("import", "bibtex", str(bib), "--out", str(tmp_path / "new"), *extra)
        assert b"Traceback" not in done.stderr
        assert_clean(done.stdout + done.stderr)


def test_a_javascript_url_is_not_imported(tmp_path: Path) -> None:
    """Audit 18: ``url={javascript:alert(1)}`` was written into links.url."""
    out = tmp_path / "new"
    done = run_cli(
        "import",
        "bibtex",
        str(_bib(tmp_path, "j", "JS", ", url={javascript:x}")),
        "--out",
        str(out),
    )
    assert done.returncode == ExitCode.WARNINGS  # imported, the URL left out
    assert b"is not an http(s) URL, left out" in done.stdout
    assert not load_library(out).problems
    assert "javascript" not in "".join(p.read_text() for p in (out / "papers").glob("*.yaml"))


def test_a_10_mb_bibtex_field_is_cut_not_quadratic() -> None:
    """Audit 12: one 10 MB abstract took about 25 minutes (quadratic LaTeX decoding)."""
    doc = "@article{b, title={Big}, year={2020}, abstract={" + "word " * 2_000_000 + "}}\n"
    started = time.monotonic()
    result = bibtex.parse(doc)
    assert time.monotonic() - started < 15
    assert len(result.papers) == 1
    assert len(result.papers[0].summary) <= bibtex.MAX_FIELD_CHARS
    assert any("were cut" in p.message for p in result.problems)


# --- fuzz (hypothesis, bounded so the suite stays fast) ------------------------------------

_NASTY = st.sampled_from(list("\x1b\x07\x9b\x9d\x85\u202e\u2066\u200b\u00ad\x00\r\n\t\x7f"))
_TEXT = st.lists(st.one_of(_NASTY, st.characters(codec="utf-8")), max_size=40).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=_TEXT, title=_TEXT, tag=_TEXT)
def test_fuzz_check_output_is_clean(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], name: str, title: str, tag: str
) -> None:
    root = tmp_path / "fz"
    shutil.rmtree(root, ignore_errors=True)
    small_data(root)
    safe_name = name.replace("/", "_").replace("\x00", "") or "n"
    quoted_tag = "".join(f"%{b:02X}" for b in tag.encode("utf-8"))
    body = f"id: q\nshort: Q\ntitle: !<tag:{quoted_tag}> {title!r}\ndate: 2020\nera: e\n"
    try:
        (root / "papers" / f"{safe_name[:100]}.yaml").write_text(body, encoding="utf-8")
    except OSError:
        return  # a name the file system refuses
    capfdbinary.readouterr()
    code = main(["check", "--data", str(root)])
    out = capfdbinary.readouterr()
    assert code in (ExitCode.OK, ExitCode.PROBLEMS)
    assert_clean(out.out + out.err)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(key=_TEXT, title=_TEXT, field=_TEXT)
def test_fuzz_import_output_is_clean(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], key: str, title: str, field: str
) -> None:
    doc = tmp_path / "f.bib"
    doc.write_text(
        f"@article{{{key}, title={{{title}}}, year={{2020}}, note={{{field}}}, "
        f"url={{{field}}}}}\n@misc{{{key}x, year={{{field}}}}}\n",
        encoding="utf-8",
        errors="surrogatepass",
    )
    capfdbinary.readouterr()
    code = main(["import", "bibtex", str(doc), "--out", str(tmp_path / "o"), "--dry-run"])
    out = capfdbinary.readouterr()
    assert code in (ExitCode.OK, ExitCode.PROBLEMS, ExitCode.USAGE, ExitCode.WARNINGS)
    assert_clean(out.out + out.err)
