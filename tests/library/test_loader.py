"""The YAML loader: real fixture folders under tests/fixtures/loader/, one per case."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.library import loader
from papertui.library.loader import LoadResult, Problem, load_library
from papertui.library.model import Link
from papertui.library.yamlsafe import MAX_DEPTH, YamlError, compose

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "loader"
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): \S")

# Every problem in tests/fixtures/loader/mixed, as "path-below-the-folder:line:col: message".
MIXED_PROBLEMS = [
    "papers/Bad_Slug.yaml:1:5: id: 'Bad_Slug' is not an id (use a-z, 0-9 and '-')",
    "papers/alias-bomb.yaml:1:1: aliases expand to 102,908,585 nodes"
    " (limit 100,000 extra): alias bomb?",
    "papers/bad-builds-on.yaml:7:31: builds_on entry: unknown field 'extra'",
    "papers/bad-builds-on.yaml:8:5: builds_on entry: expected a string, found a number (quote it)",
    "papers/bad-builds-on.yaml:9:5: builds_on entry: missing required field 'id'",
    "papers/bad-builds-on.yaml:10:5: builds_on lists 'good-one' twice (first at line 7)",
    "papers/bad-builds-on.yaml:11:5: builds_on lists 'good-one' twice (first at line 7)",
    "papers/bad-date-month.yaml:4:7: date: '2018-13' is not a real date (month must be in 1..12)",
    "papers/bad-date-text.yaml:4:7: date: expected YYYY, YYYY-MM or YYYY-MM-DD",
    "papers/bad-date-time.yaml:4:7: date: expected YYYY, YYYY-MM or YYYY-MM-DD",
    "papers/bad-links.yaml:7:10: links.arxiv: drop the version ('1706.03762')",
    "papers/bad-links.yaml:8:14: links.explainer: expected an http(s) URL",
    "papers/bad-links.yaml:9:3: links: unknown field 'pdf'",
    "papers/bad-notes.yaml:7:3: notes: unknown field 'blog'",
    "papers/bad-notes.yaml:8:10: notes.notes: expected a string, found a list",
    "papers/bad-notes.yaml:9:20: sources: unknown source 'twitter'"
    " (known: archive, notes, reading-list, explained, user)",
    "papers/bad-notes.yaml:10:21: tags: 'NLP' is listed twice",
    "papers/bad-notes.yaml:11:1: paper: keys must be plain names, found a merge key (<<)",
    "papers/broken-link.yaml:1:1: cannot read file: No such file or directory",
    "papers/comments-only.yaml:1:1: file is empty (no YAML document)",
    "papers/control-char.yaml:3:12: character U+001B is not allowed in YAML"
    " (write it as an escape inside double quotes)",
    "papers/deep.yaml:6:70: nesting deeper than 64 levels",
    "papers/dup-key.yaml:6:1: duplicate key 'title' (first at line 3, column 1)",
    "papers/empty.yaml:1:1: file is empty",
    "papers/latin1.yaml:2:11: not UTF-8 (byte 0xE9)",
    "papers/missing-required.yaml:1:1: missing required field 'date'",
    "papers/missing-required.yaml:1:1: missing required field 'title'",
    "papers/recursive.yaml:6:7: recursive alias",
    "papers/scalar.yaml:1:1: expected a mapping or a sequence",
    "papers/stem-mismatch.yaml:1:5: id 'other-name' does not match the file name 'stem-mismatch'",
    "papers/sub/good-one.yaml:1:5: paper id 'good-one' is already defined at"
    " {root}/papers/good-one.yaml:1:5",
    "papers/syntax.yaml:4:5: YAML syntax: while parsing a flow sequence,"
    " did not find expected ',' or ']'",
    "papers/two-docs.yaml:3:1: YAML syntax: expected a single document in the stream,"
    " but found another document",
    "papers/unknown-era.yaml:5:6: unknown era 'stone-age' (eras: transformer)",
    "papers/unknown-field.yaml:6:1: paper: unknown field 'venue'",
    "papers/wrong-types.yaml:2:8: short: expected a string, found a boolean (quote it)",
    "papers/wrong-types.yaml:3:8: title: expected a string, found a number (quote it)",
    "papers/wrong-types.yaml:6:7: tags: expected a list of strings, found a string",
    "papers/wrong-types.yaml:7:16: authors entry: expected a string, found a mapping",
]


def lines(result: LoadResult) -> list[str]:
    return sorted(str(p) for p in result.problems)


def expected(root: Path, rows: list[str]) -> list[str]:
    return sorted(f"{root}/{row.format(root=root)}" for row in rows)


# -- a good folder ----------------------------------------------------------------------------


def test_good_folder_loads_every_paper_without_problems() -> None:
    result = load_library(FIXTURES / "good")
    assert result.problems == ()
    lib = result.library
    assert [e.id for e in lib.eras] == ["deep-learning", "transformer"]
    assert lib.eras[1].end is None and lib.eras[0].blurb == "GPUs and big labelled data"
    assert sorted(lib.papers) == ["resnet", "seq2seq", "transformer"]


def test_good_paper_fields_are_read_and_typed() -> None:
    root = FIXTURES / "good"
    paper = load_library(root).library.papers["transformer"]
    assert paper.title == "Attention Is All You Need"
    assert paper.date == "2017-06"
    assert paper.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert paper.org == "Google Brain"
    assert paper.tags == ("Transformer", "Attention")
    assert paper.summary == "Replaces recurrence with attention."
    assert paper.why_it_matters == "Everything after builds on it.\nSecond line."
    assert paper.related == ("BERT", "GPT")
    assert paper.builds_on == (Link("resnet"), Link("seq2seq", "encoder-decoder framing"))
    assert [(link.line, link.col) for link in paper.builds_on] == [(16, 5), (17, 5)]
    assert paper.arxiv == "1706.03762"  # written unquoted: a YAML float, kept as written
    assert paper.explainer == "https://example.org/transformer"
    assert paper.notes == (("reading-list", "- read it twice"),)
    assert paper.sources == ("archive", "reading-list")
    assert paper.file == f"{root}/papers/transformer.yaml"
    assert paper.line == 1


def test_year_only_date_null_optional_field_and_url() -> None:
    paper = load_library(FIXTURES / "good").library.papers["seq2seq"]
    assert paper.date == "2014"
    assert paper.org == ""  # "org:" with no value means no org
    assert paper.url == "https://example.org/seq2seq"
    assert paper.arxiv == "1409.3215"


def test_bom_subfolder_full_date_and_sanitised_title() -> None:
    root = FIXTURES / "good"
    paper = load_library(root).library.papers["resnet"]
    assert paper.file == f"{root}/papers/vision/resnet.yaml"
    assert paper.date == "2015-12-10"
    # "\e[1m" in a double-quoted YAML string is a real ESC: it must arrive inert.
    assert paper.title == "Deep Residual Learning for Image Recognition \u241b[1m"
    assert "\x1b" not in paper.title


# -- a folder mixing good and bad files ------------------------------------------------------


def test_mixed_folder_reports_every_problem_with_its_position() -> None:
    root = FIXTURES / "mixed"
    result = load_library(root)
    assert lines(result) == expected(root, MIXED_PROBLEMS)


def test_mixed_folder_still_loads_the_good_papers() -> None:
    root = FIXTURES / "mixed"
    papers = load_library(root).library.papers
    assert set(papers) == {
        "good-one",
        "good-two",
        "dup-key",  # duplicate key reported; the first value is kept
        "unknown-field",
        "other-name",  # id/file-name mismatch is reported, the paper is kept
        "bad-builds-on",
        "bad-links",
        "bad-notes",
    }
    assert papers["dup-key"].title == "First title"
    assert papers["good-one"].file == f"{root}/papers/good-one.yaml"  # the first definition wins
    assert papers["bad-links"].arxiv == "" and papers["bad-links"].explainer == ""
    assert [link.target for link in papers["bad-builds-on"].builds_on] == ["good-one"]
    assert papers["bad-builds-on"].builds_on[0].reason == "fine"
    assert papers["bad-notes"].sources == ("archive",) and papers["bad-notes"].notes == ()
    assert papers["bad-notes"].tags == ("NLP", "Vision") and papers["bad-notes"].org == ""


def test_every_problem_is_file_line_col_message_one_based() -> None:
    result = load_library(FIXTURES / "mixed")
    assert result.problems
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1
        text = str(problem)
        assert text == f"{problem.file}:{problem.line}:{problem.col}: {problem.message}"
        assert PROBLEM_LINE.match(text), text


def test_file_names_are_relative_to_the_data_folder_as_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(FIXTURES)
    result = load_library(Path("mixed"))
    assert "mixed/papers/empty.yaml:1:1: file is empty" in lines(result)


def test_ignores_hidden_and_non_yaml_files() -> None:
    files = loader.paper_files(FIXTURES / "mixed" / "papers")
    names = {f.name for f in files}
    assert ".hidden.yaml" not in names and "readme.txt" not in names
    assert "good-one.yaml" in names and files == sorted(files, key=lambda f: f.parts)


# -- collections, eras, folders -------------------------------------------------------------


def test_a_file_may_hold_a_sequence_of_papers() -> None:
    root = FIXTURES / "collection"
    result = load_library(root)
    assert sorted(result.library.papers) == ["gen-one", "gen-two"]
    assert result.library.papers["gen-two"].line == 7
    assert result.library.papers["gen-two"].date == "2021-02-03"
    file = f"{root}/papers/generated.yaml"
    assert lines(result) == [
        f"{file}:13:3: paper: expected a mapping, found a string",
        f"{file}:14:3: missing required field 'title'",
        f"{file}:18:7: paper id 'gen-one' is already defined at {file}:2:7",
    ]


def test_bad_eras_are_reported_and_good_ones_kept() -> None:
    root = FIXTURES / "bad-eras"
    result = load_library(root)
    eras = f"{root}/eras.yaml"
    assert lines(result) == sorted(
        [
            f"{eras}:4:8: end: 1940 is before start 1950",
            f"{eras}:9:3: era 'ok' is already defined at {eras}:5:3",
            f"{eras}:12:3: era: missing required field 'id'",
            f"{eras}:16:10: start: expected a year like 2017, found a string",
            f"{eras}:21:3: era: unknown field 'colour'",
            f"{root}/papers/in-old.yaml:5:6: unknown era 'old' (eras: ok, open)",
        ]
    )
    assert [(e.id, e.start, e.end) for e in result.library.eras] == [
        ("ok", 2000, 2010),
        ("open", 2011, None),
    ]
    assert list(result.library.papers) == ["in-ok"]


def test_eras_file_of_the_wrong_shape() -> None:
    root = FIXTURES / "eras-mapping"
    assert lines(load_library(root)) == [
        f"{root}/eras.yaml:1:1: eras.yaml must be a sequence of eras ('- id: ...')",
        f"{root}/papers:1:1: missing papers/ folder",
    ]


def test_missing_eras_file_is_reported_once_and_papers_kept() -> None:
    root = FIXTURES / "no-eras"
    result = load_library(root)
    assert lines(result) == [f"{root}/eras.yaml:1:1: missing eras.yaml"]
    assert list(result.library.papers) == ["base"]


def test_missing_papers_folder() -> None:
    root = FIXTURES / "no-papers"
    result = load_library(root)
    assert lines(result) == [f"{root}/papers:1:1: missing papers/ folder"]
    assert len(result.library.eras) == 1


def test_missing_data_folder(tmp_path: Path) -> None:
    result = load_library(tmp_path / "nowhere")
    assert lines(result) == [f"{tmp_path}/nowhere:1:1: data folder not found"]
    assert len(result.library) == 0


def test_data_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert lines(load_library(tmp_path / "file")) == [
        f"{tmp_path}/file:1:1: data folder is not a folder"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any folder")
def test_unreadable_sub_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "eras.yaml").write_text("- {id: a, name: A, start: 2000}\n")
    locked = tmp_path / "papers" / "locked"
    locked.mkdir(parents=True)
    locked.chmod(0)
    try:
        result = load_library(tmp_path)
    finally:
        locked.chmod(0o755)
    assert [p.message for p in result.problems] == ["cannot read folder: Permission denied"]


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    (tmp_path / "eras.yaml").write_text("- {id: a, name: A, start: 2000}\n")
    (tmp_path / "papers").mkdir()
    big = tmp_path / "papers" / "big.yaml"
    big.write_text("id: big\nsummary: " + "x" * (2 * 1024 * 1024) + "\n")
    assert lines(load_library(tmp_path)) == [f"{big}:1:1: file is larger than 2 MiB; split it"]


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    load_library(FIXTURES / "good", progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)


def test_progress_is_reported_by_time_as_well(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big shards (1,000 papers a file) are few files: progress also follows the clock."""
    import papertui.library.loader as loader_module

    clock = iter(range(0, 1000, 1))  # each look at the clock is a second later
    monkeypatch.setattr(loader_module.time, "monotonic", lambda: float(next(clock)))
    calls: list[tuple[int, int]] = []
    load_library(FIXTURES / "good", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]  # well under PROGRESS_EVERY files


# -- hostile YAML ----------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [50_000, 300_000])
def test_absurd_nesting_does_not_crash_the_c_composer(tmp_path: Path, levels: int) -> None:
    """libyaml's composer recurses in C and segfaults at 20k-40k levels on an 8 MiB stack."""
    (tmp_path / "eras.yaml").write_text("- {id: a, name: A, start: 2000}\n")
    (tmp_path / "papers").mkdir()
    deep = tmp_path / "papers" / "deep.yaml"
    deep.write_text("tags: " + "[" * levels + "]" * levels + "\n")
    code = (
        "import sys, pathlib; from papertui.library.loader import load_library\n"
        "r = load_library(pathlib.Path(sys.argv[1]))\n"
        "print('\\n'.join(str(p) for p in r.problems))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr  # a crash would be -11 (SIGSEGV)
    assert run.stdout.strip() == f"{deep}:1:{7 + MAX_DEPTH - 1}: nesting deeper than 64 levels"


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("a: &r [*r]\n", 1, 4, "recursive alias"),
        ("a: &r {k: *r}\n", 1, 4, "recursive alias"),
        ("x: " + "[" * 100 + "]" * 100, 1, 67, f"nesting deeper than {MAX_DEPTH} levels"),
        ("- " * 100 + "x\n", 1, 129, f"nesting deeper than {MAX_DEPTH} levels"),
    ],
)
def test_hostile_documents_are_refused_by_both_composers(
    pure: bool, text: str, line: int, col: int, message: str
) -> None:
    with pytest.raises(YamlError) as info:
        compose(text, pure=pure)
    assert (info.value.line, info.value.col, info.value.message) == (line, col, message)


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_alias_bomb_is_refused_and_modest_aliases_allowed(pure: bool) -> None:
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    prev = "a"
    for name in "bcdefg":
        rows.append(f"{name}: &{name} [" + ", ".join(["*" + prev] * 9) + "]")
        prev = name
    with pytest.raises(YamlError, match="alias bomb"):
        compose("\n".join(rows) + "\n", pure=pure)
    node = compose("a: &x [1, 2]\nb: *x\nc: *x\n", pure=pure)
    assert node is not None and node.value[1][1] is node.value[2][1]


def test_too_many_aliases_are_refused() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 1_001) + "]\n"
    with pytest.raises(YamlError, match="more than 1000 aliases"):
        compose(text)


def test_problem_is_a_plain_value() -> None:
    problem = Problem("f.yaml", 3, 7, "bad")
    assert str(problem) == "f.yaml:3:7: bad"
    assert problem == Problem("f.yaml", 3, 7, "bad")


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_fast_resolver_gives_the_safe_loaders_tags(pure: bool) -> None:
    import yaml

    text = (
        "- [1, 0x1f, 1_000, -3, 1.5, .inf, .NaN, 1e3, 1706.03762, 2018, 2018-10, 2018-10-05]\n"
        "- [2018-10-05T10:00:00Z, yes, No, true, off, null, ~, '', x, '1', \"2\", =, <<]\n"
        "- {a: b, ? [c]: d, '': e, 12: f}\n"
        "- [2018-10-05, yes, null, x]\n"  # the same values again, now from the memo
    )

    def tags(node: yaml.Node) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            return [node.tag]
        pairs = node.value if isinstance(node, yaml.SequenceNode) else [*sum(node.value, ())]
        return [node.tag, *(t for child in pairs for t in tags(child))]

    reference = yaml.compose(text, Loader=yaml.SafeLoader if pure else yaml.CSafeLoader)
    assert reference is not None
    node = compose(text, pure=pure)
    assert node is not None
    assert tags(node) == tags(reference)
    assert "tag:yaml.org,2002:timestamp" in tags(node) and "tag:yaml.org,2002:bool" in tags(node)


def test_nesting_made_deep_by_an_alias_is_refused() -> None:
    shallow = "[" * 40 + "x" + "]" * 40
    text = f"a: &a {shallow}\nb: {'[' * 40}*a{']' * 40}\n"
    with pytest.raises(YamlError, match=f"nesting deeper than {MAX_DEPTH} levels"):
        compose(text)


def test_co_authors_may_share_a_name_but_tags_may_not_repeat() -> None:
    problems: list[Problem] = []
    text = "id: x\nshort: X\ntitle: T\ndate: 2020\nera: e\nauthors: [Wei Wang, Wei Wang]\n"
    found = loader.parse_papers(text + "tags: [A, B, A]\n", "x.yaml", "x", problems)
    assert [str(p) for p in problems] == ["x.yaml:7:14: tags: 'A' is listed twice"]
    assert found[0].paper.authors == ("Wei Wang", "Wei Wang")
    assert found[0].paper.tags == ("A", "B")


def test_the_loaders_fast_path_agrees_with_the_sanitiser() -> None:
    """schema.string() skips sanitize.clean for printable text with no space runs: that is
    only right while clean() leaves every printable character alone. Checked for all of
    Unicode, so a future sanitiser rule for a printable character fails here."""
    from papertui.library.sanitize import clean, one_line

    printable = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
    assert clean(printable) == printable
    assert clean(printable, multiline=True) == printable
    words = printable.replace(" ", "")
    assert one_line(f"{words[:5000]} {words[5000:]}") == f"{words[:5000]} {words[5000:]}"


def test_empty_sequences_are_reported() -> None:
    problems: list[Problem] = []
    assert loader.parse_papers("[]\n", "p.yaml", "p", problems) == []
    assert loader.parse_eras("# none yet\n[]\n", "eras.yaml", problems) == []
    assert [str(p) for p in problems] == [
        "p.yaml:1:1: expected a paper mapping or a sequence of papers, found []",
        "eras.yaml:2:1: eras.yaml lists no eras",
    ]


def test_unreadable_sub_folder_is_reported_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as the permission test above, for root (who can read anything)."""
    (tmp_path / "eras.yaml").write_text("- {id: a, name: A, start: 2000}\n")
    locked = tmp_path / "papers" / "locked"
    locked.mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = load_library(tmp_path)
    assert lines(result) == [f"{locked}:1:1: cannot read folder: Permission denied"]
