"""A paper file that does not load is one problem; the links to it that dangle because of
it are grouped under it (issue 16 item 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

from papertui.library.checks import check_lineage
from papertui.library.consequences import Reported, group, not_loaded
from papertui.library.loader import load_library
from papertui.library.problems import Problem

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"


def broken_copy(tmp_path: Path) -> Path:
    """The tiny folder with transformer.yaml broken (bert and gpt2 build on it)."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    path = data / "papers" / "transformer.yaml"
    text = path.read_text()
    path.write_text(text.replace("title: Attention", "title: [Attention"))
    return data


def test_the_broken_file_comes_first_with_its_dangling_links_under_it(tmp_path: Path) -> None:
    data = broken_copy(tmp_path)
    result = load_library(data)
    problems = [*result.problems, *check_lineage(result.library)]
    assert len(problems) == 3  # the cause and two links, listed apart before the fix
    reported = group(problems, result.library.papers)
    assert len(reported) == 1
    (only,) = reported
    assert only.problem.file == str(data / "papers" / "transformer.yaml")
    assert only.target == "transformer"
    assert [Path(p.file).name for p in only.follow] == ["bert.yaml", "gpt2.yaml"]
    assert str(only).endswith("; 2 links to 'transformer' dangle because of it")
    # the app's list (the loader's problems only) is grouped the same way
    assert group(result.problems, result.library.papers) == reported


def test_a_dangling_link_with_no_broken_file_stays_a_problem_of_its_own() -> None:
    problems = [Problem("d/papers/a.yaml", 3, 5, "builds_on 'x': no paper with that id")]
    assert group(problems, {}) == [Reported(problems[0])]


def test_only_paper_files_whose_paper_did_not_load_are_causes() -> None:
    problems = [
        Problem("d/eras.yaml", 1, 1, "bad era"),  # not a paper file
        Problem("d/papers/ok.yaml", 4, 1, "a bad optional field"),  # loaded all the same
        Problem("d/papers/sub/gone.yml", 9, 1, "second problem"),
        Problem("d/papers/sub/gone.yml", 2, 3, "first problem"),
        Problem("d/papers/notes.txt", 1, 1, "not YAML"),
    ]
    found = not_loaded(problems, {"ok"})
    assert found == {"gone": Problem("d/papers/sub/gone.yml", 2, 3, "first problem")}
