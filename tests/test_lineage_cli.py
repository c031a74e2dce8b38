"""``papertui lineage`` and ``papertui path``: formats, neutralised data, exit codes."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from papertui.cli import main

ERAS = "- id: e\n  name: E\n  start: 1900\n"
# "evil" carries an escape sequence, quotes, a backslash and Markdown/Mermaid specials.
PAPERS = {
    "root": ("Root", "2001", []),
    "evil": (
        'E\\u001b[31m \\"q\\" \\\\ #1 [x]|y',
        "2002",
        [("root", "extends", 'why \\"so\\"\\nnext')],
    ),
    "mid": ("Mid", "2003", [("root", "adapts", "")]),
    "leaf": ("Leaf", "2004", [("evil", "", ""), ("mid", "fine-tunes", "weights")]),
    "lone": ("Lone", "2005", []),
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "papers").mkdir()
    (tmp_path / "eras.yaml").write_text(ERAS)
    for pid, (short, year, links) in PAPERS.items():
        lines = [f"id: {pid}", f'short: "{short}"', f"title: T {pid}", f"date: {year}", "era: e"]
        if links:
            lines.append("builds_on:")
            for target, kind, why in links:
                lines.append(f"  - id: {target}")
                if kind:
                    lines.append(f"    type: {kind}")
                if why:
                    lines.append(f'    why: "{why}"')
        (tmp_path / "papers" / f"{pid}.yaml").write_text("\n".join(lines) + "\n")
    return tmp_path


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def no_controls(text: str) -> None:
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), repr(text)


def test_markdown_tree_both_ways(data: Path) -> None:
    code, out, _ = cli("lineage", "leaf", "--data", str(data))
    assert code == 0
    no_controls(out)
    assert out.splitlines()[0] == "# Ancestors of Leaf (2004), depth 3"
    assert "- Mid (2003) \u2014 fine-tunes: weights" in out
    assert "\u21aa Root (2001) (in full at depth 2)" in out  # the diamond's second route
    code, out, _ = cli("lineage", "root", "--down", "--depth", "1", "--data", str(data))
    assert code == 0 and "Leaf" not in out and "(+1)" in out


def test_json_is_valid_and_neutralised(data: Path) -> None:
    code, out, _ = cli("lineage", "leaf", "--format", "json", "--data", str(data))
    assert code == 0
    tree = json.loads(out)
    assert tree["root"] == "leaf" and tree["direction"] == "up"
    assert "\x1b" not in json.dumps(tree, ensure_ascii=False)
    assert tree["papers"]["evil"]["short"].startswith("E\u241b[31m")
    reasons = [r.get("reason") for r in tree["rows"] if r["id"] == "evil"]
    assert reasons == ['why "so" next'] or "\n" not in str(reasons)


def test_mermaid_is_structurally_valid(data: Path) -> None:
    code, out, _ = cli("lineage", "root", "--down", "--format", "mermaid", "--data", str(data))
    assert code == 0
    no_controls(out)
    lines = out.splitlines()
    assert lines[0] == "flowchart TB"
    node = re.compile(r'^  n\d+\["[^"]*"\]$')
    link = re.compile(r'^  n\d+ (-->(\|"[^"|]*"\|)?|<-\.-|-\.->) n\d+$')
    declared = set()
    for line in lines[1:]:
        if line.startswith("  %%"):
            continue
        assert node.match(line) or link.match(line), line
        if node.match(line):
            declared.add(line.split("[")[0].strip())
        else:
            ends = re.findall(r"n\d+", line)
            assert set(ends) <= declared, line
    assert "#quot;q#quot;" in out  # a quote cannot end a label
    assert sum(1 for x in lines if "--> n0" in x or "| n0" in x) == 2  # evil and mid on root


def test_dot_renders_with_graphviz(data: Path, tmp_path: Path) -> None:
    code, out, _ = cli("lineage", "leaf", "--format", "dot", "--data", str(data))
    assert code == 0
    no_controls(out)
    assert out.startswith("digraph lineage {") and out.rstrip().endswith("}")
    assert '\\"q\\"' in out and "\\\\" in out
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("graphviz `dot` is not installed (.ci/run installs it)")
    done = subprocess.run([dot, "-Tsvg"], input=out, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "<svg" in done.stdout and "Leaf (2004)" in done.stdout


def test_path_chain_common_and_not_connected(data: Path) -> None:
    code, out, _ = cli("path", "leaf", "root", "--data", str(data))
    assert code == 0
    no_controls(out)
    assert out.splitlines()[0] == "Leaf (2004) builds on Root (2001) in 2 steps:"
    code, out, _ = cli("path", "evil", "mid", "--data", str(data))
    assert code == 0 and "nearest common ancestors" in out and "Root (2001):" in out
    code, out, _ = cli("path", "lone", "leaf", "--data", str(data))
    assert code == 1 and out == "Lone (2005) and Leaf (2004) are not connected\n"
    code, out, _ = cli("path", "root", "leaf", "--format", "json", "--data", str(data))
    assert code == 0 and json.loads(out)["chain"] == ["leaf", "evil", "root"]


def test_names_resolve_and_unknown_is_a_usage_error(data: Path) -> None:
    code, out, err = cli("path", "Leaf", "Lone", "--data", str(data))
    assert code == 1
    code, out, err = cli("lineage", "zzqqxx", "--data", str(data))
    assert code == 2 and "no paper matches 'zzqqxx'" in err and out == ""
    code, out, err = cli("lineage", "leaf", "--data", str(data / "missing"))
    assert code == 2 and "does not exist" in err
    code, out, err = cli("lineage", "leaf", "--depth", "-1", "--data", str(data))
    assert code == 2
