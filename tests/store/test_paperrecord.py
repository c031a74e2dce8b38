"""A worker's records made without the papers are the papers' records, byte for byte."""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

import msgspec
import pytest

from papertui.library import fastpath, loader
from papertui.library.datafolder import paper_files
from papertui.library.fastpath import fast_parse
from papertui.library.model import Link, Paper
from papertui.store import build
from papertui.store.paperrecord import LinkRecord, PaperRecord

DATA = Path(__file__).resolve().parents[2] / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loader"
ENCODE = msgspec.msgpack.Encoder().encode


@pytest.mark.parametrize(("record", "model"), [(PaperRecord, Paper), (LinkRecord, Link)])
def test_the_record_types_declare_the_models_fields(record: type, model: type) -> None:
    ours = [(f.name, f.default) for f in msgspec.structs.fields(record)]
    theirs = [(f.name, f.default) for f in dataclasses.fields(model)]
    theirs = [(n, msgspec.NODEFAULT if d is dataclasses.MISSING else d) for n, d in theirs]
    assert ours == theirs


def test_a_paper_and_its_record_encode_alike() -> None:
    link = Link("t", "because", "extends", line=3, col=5)
    paper = Paper("a", "A", "T", "2020-01", "e", ("X",), builds_on=(link,), line=2, file="f")
    record = PaperRecord(
        "a",
        "A",
        "T",
        "2020-01",
        "e",
        ("X",),
        builds_on=(LinkRecord("t", "because", "extends", 3, 5),),
        line=2,
        file="f",
    )
    assert ENCODE(record) == ENCODE(paper)
    assert msgspec.msgpack.decode(ENCODE(record), type=Paper) == paper


@pytest.mark.skipif(not fastpath.available(), reason="yaml-rs is not installed")
def test_every_bundled_paper_encodes_the_same_from_its_checked_values() -> None:
    vocabularies = loader.read_vocabularies(DATA, [])
    files = paper_files(DATA / "papers")
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        records = fast_parse(text, str(path), path.stem, *vocabularies, PaperRecord, LinkRecord)
        papers = fast_parse(text, str(path), path.stem, *vocabularies, Paper, Link)
        assert records is not None and papers is not None, path
        assert [ENCODE(r) for r in records] == [ENCODE(p) for p in papers]
        assert [(b.line, b.col) for p in papers for b in p.builds_on] == [
            (b.line, b.col) for r in records for b in r.builds_on
        ]


@pytest.mark.parametrize("folder", ["mixed", "good", "lineage", "collection"])
def test_parse_records_is_parse_file_encoded(folder: str) -> None:
    """Fast-path files and the composer's alike: the same problems, the same records (with
    their CRC), the positions the loader needs for a composed paper."""
    data = FIXTURES / folder
    vocabularies = loader.read_vocabularies(data, [])
    files = paper_files(data / "papers")
    assert files
    got = build.parse_records([str(path) for path in files], vocabularies)
    assert len(got) == len(files)
    for path, (problems, found, stat) in zip(files, got, strict=True):
        want_problems, fields = loader.parse_file(path, vocabularies)
        assert problems == want_problems
        assert [bytes(raw) for raw, _crc, _id, _era in found] == [ENCODE(f.paper) for f in fields]
        assert [crc for _raw, crc, _id, _era in found] == [
            zlib.crc32(ENCODE(f.paper)) for f in fields
        ]
        assert [(i, e) for _raw, _crc, i, e in found] == [(f.id_pos, f.era_pos) for f in fields]
        seen: loader.Seen = {}
        loader.read_text(path, str(path), [], seen)
        assert stat == seen.get(str(path))  # its stat as read (none: it could not be opened)


@pytest.mark.parametrize(
    "name", ["bert.yaml", "a.b.yaml", ".hidden", "noext", "x.", "dir.d/p.yaml", "/abs/q.yml"]
)
def test_stem_is_paths(name: str) -> None:
    assert build._stem(name) == Path(name).stem


def test_the_listing_as_strings_is_the_paths_as_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papertui.library.datafolder import paper_file_names

    papers = tmp_path / "papers"
    (papers / "sub" / "deeper").mkdir(parents=True)
    (papers / ".hidden").mkdir()
    for name in ("b.yaml", "a.yaml", "sub/c.yaml", "sub/deeper/d.yaml", ".x.yaml", "e.yml"):
        (papers / name).write_text("x")
    (papers / ".hidden" / "f.yaml").write_text("x")
    monkeypatch.chdir(tmp_path)
    for top in (papers, Path("papers"), Path("./papers/"), FIXTURES / "mixed" / "papers"):
        names = paper_file_names(top)
        assert names == [str(path) for path in paper_files(top)]
        assert names == [str(top.joinpath(*Path(n).relative_to(top).parts)) for n in names]
    assert [Path(n).relative_to(papers).as_posix() for n in paper_file_names(papers)] == [
        "a.yaml",
        "b.yaml",
        "sub/c.yaml",
        "sub/deeper/d.yaml",
    ]
