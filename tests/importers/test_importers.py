"""Importers: each format on its fixture and on a document it was not written against,
merge semantics (match by arXiv id / name / title, no silent overwrite, idempotence),
the command's exit codes, and an end-to-end run through ``python -m papertui import``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from papertui.importers import bibtex, markdown_table, reading_list
from papertui.importers.base import ImportedPaper, month_number, parse_date
from papertui.importers.cli import run_import
from papertui.importers.folder import read_folder
from papertui.importers.merge import Matcher, merge_all
from papertui.library.loader import load_library
from papertui.library.writer import dump_paper

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"

ERAS = """\
- id: early
  name: Early
  start: 1990
  end: 2016
- id: transformer
  name: Transformer
  start: 2017
  end: 2020
- id: scaling
  name: Scaling
  start: 2020
"""


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def by_short(papers: list[ImportedPaper]) -> dict[str, ImportedPaper]:
    return {p.short: p for p in papers}


def curated_folder(root: Path) -> Path:
    """A small hand-curated data folder: BERT (with arXiv id) and a Transformer paper."""
    (root / "papers").mkdir(parents=True)
    (root / "eras.yaml").write_text(ERAS, encoding="utf-8")
    bert = {
        "id": "bert",
        "short": "BERT",
        "title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "date": "2018-10",
        "era": "transformer",
        "summary": "Our own curated summary of BERT.",
        "links": {"arxiv": "1810.04805"},
        "sources": ["archive"],
    }
    transformer = {
        "id": "transformer",
        "short": "Transformer",
        "title": "Attention Is All You Need",
        "date": "2017-06",
        "era": "transformer",
        "tags": ["Architecture"],
        "sources": ["archive"],
    }
    for paper in (bert, transformer):
        (root / "papers" / f"{paper['id']}.yaml").write_text(dump_paper(paper), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.yaml"))
    }


def load_paper(root: Path, paper_id: str) -> dict[str, object]:
    data = yaml.safe_load((root / "papers" / f"{paper_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def assert_loads_cleanly(root: Path) -> int:
    result = load_library(root)
    assert [str(p) for p in result.problems] == []
    return len(result.library)


# --- shared helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("June 2017", "2017-06"),
        ("Jun 2017", "2017-06"),
        ("Februray 2024", "2024-02"),
        ("2019", "2019"),
        ("2017-06", "2017-06"),
        ("2017/6/1", "2017-06-01"),
        ("", ""),
        ("March 20222", None),
        ("soon", None),
    ],
)
def test_parse_date(raw: str, expected: str | None) -> None:
    assert parse_date(raw) == expected


def test_month_number_accepts_names_abbreviations_numbers() -> None:
    assert [month_number(m) for m in ("oct", "October", "10", "Sept.", "xyz")] == [10, 10, 10, 9, 0]


# --- markdown-table ---------------------------------------------------------------------


def test_markdown_table_fixture() -> None:
    result = markdown_table.parse(fixture("papers_explained.md"))
    shorts = [p.short for p in result.papers]
    assert len(result.papers) == 11
    assert shorts.count("XLM-Roberta") == 2  # the duplicated row is parsed; merge dedupes it
    papers = by_short(result.papers)
    assert papers["Transformer"].date == "2017-06"
    assert papers["Transformer"].tags == ("Language Models",)
    assert papers["Transformer"].explainer.endswith("papers-explained-01-transformer")
    # a link in any column is kept, under what it is: the "Code" column's is the code
    assert papers["Transformer"].other_links == {"code": "https://github.com/example/transformer"}
    assert papers["Transformer"].url == ""
    assert papers["BERT"].arxiv == "1810.04805"  # version suffix v2 dropped
    assert papers["ViT"].date == "2021-02"  # "Februray" typo
    assert papers["ViT"].tags == ("Vision Transformers",)
    assert papers["Layer Normalisation"].tags == ("Normalisation Layers",)  # innermost heading
    assert papers["Layer Normalisation"].date == ""  # a table without a date column
    assert [(p.line, "March 20222" in p.message) for p in result.problems] == [(15, True)]


def test_markdown_table_unseen_awesome_list() -> None:
    """An Awesome-LLM style list: Date first, Institute and keywords columns, full titles in
    the "Paper" column, a second table with Year / bold Name / Title / Links."""
    result = markdown_table.parse(fixture("unseen_awesome_llm.md"))
    assert result.problems == []
    assert len(result.papers) == 10
    papers = {p.title: p for p in result.papers}
    attention = papers["Attention Is All You Need"]
    assert (attention.arxiv, attention.date, attention.org) == ("1706.03762", "2017-06", "Google")
    assert attention.tags == ("Milestone Papers", "Transformers")
    bert = papers[
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    ]
    assert bert.short == "BERT"
    assert bert.url == "https://aclanthology.org/N19-1423.pdf"
    assert papers["Training language models to follow instructions with human feedback"].arxiv == (
        "2203.02155"
    )
    sparse = by_short(result.papers)["Sparse Transformer"]  # bold name, separate Title column
    assert sparse.title == "Generating Long Sequences with Sparse Transformers"
    assert (sparse.date, sparse.arxiv) == ("2019", "1904.10509")
    assert sparse.other_links == {"code": "https://github.com/openai/sparse_attention"}
    assert by_short(result.papers)["Reformer"].url.startswith("https://openreview.net/")


# --- reading-list -----------------------------------------------------------------------


def test_reading_list_fixture() -> None:
    result = reading_list.parse(fixture("reading_list.md"))
    assert result.problems == []
    papers = by_short(result.papers)
    assert [p.arxiv for p in result.papers] == [
        "2106.09685",
        "2012.13255",
        "2002.05202",
        "2406.18665",
        "1706.03762",
    ]
    lora = papers["LoRA"]
    assert lora.title == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora.date == "2021-06"
    assert lora.note.splitlines() == [
        "- Fine-tunes with far fewer trainable parameters",
        "- The weight update has a low intrinsic rank",
    ]
    intrinsic = result.papers[1]
    assert intrinsic.date == "2020-12" and intrinsic.note.startswith("Pre-trained models")
    assert papers["RouteLLM"].note == ""
    assert all(p.tags == () for p in result.papers)  # the lone h1 is the title, not a tag


def test_reading_list_unseen_plain_links_and_paragraphs() -> None:
    """Setext headings, numbered items with paragraph notes, a mid-sentence arXiv link,
    .pdf links with versions, a non-paper link and a paper listed twice."""
    result = reading_list.parse(fixture("unseen_reading_list.md"))
    assert result.problems == []
    assert [p.arxiv for p in result.papers] == [
        "1902.00751",
        "2101.00190",
        "2104.08691",
        "2205.14135",
        "2101.00190",
    ]
    adapters = result.papers[0]
    assert adapters.tags == ("Parameter-efficient fine-tuning",)
    assert "bottleneck layers" in adapters.note
    assert "Compare with LoRA" in adapters.note  # the inline LoRA link is a note, not a paper
    flash = result.papers[3]
    assert flash.tags == ("Attention",)
    assert flash.note == "tiling so attention never materialises the full matrix in HBM."
    assert "Illustrated" not in flash.note  # a sibling blog item is nobody's note


# --- bibtex -----------------------------------------------------------------------------


def test_bibtex_fixture_decodes_latex_and_finds_arxiv_ids() -> None:
    result = bibtex.parse(fixture("references.bib"))
    assert [(p.line, "end of file" in p.message) for p in result.problems] == [(36, True)]
    first, attention, ddpm, bert = result.papers
    assert first.title == "Causality for Machine Learning: a view from Schölkopf's Tübingen"
    assert first.authors == ("Bernhard Schölkopf", "Aurélien Géron", "Jean-François Dupont")
    assert (first.date, first.arxiv) == ("2019-11", "1911.10500")  # eprint v2 dropped
    assert first.tags == ("causality", "representation learning")
    assert first.summary == "A short abstract about causality."
    assert (attention.arxiv, attention.url, attention.date) == ("1706.03762", "", "2017")
    assert (ddpm.arxiv, ddpm.date) == ("2006.11239", "2020-06")  # from the arXiv DOI
    assert (bert.arxiv, bert.short) == ("1810.04805", "BERT")  # Google Scholar style journal


def test_bibtex_unseen_zotero_export() -> None:
    """A Zotero / BibLaTeX export: tabs, @string macros, @inproceedings/@misc/@online,
    quoted values, shorttitle, date=, eprinttype=arxiv, {\\L} and {\\'e} accents."""
    result = bibtex.parse(fixture("unseen_zotero.bib"))
    assert result.problems == []
    papers = {p.title: p for p in result.papers}
    assert len(papers) == 5
    attention = papers["Attention is all you need"]
    assert attention.date == "2017-12" and attention.arxiv == ""
    assert "Łukasz Kaiser" in attention.authors and len(attention.authors) == 8
    clip = papers["Learning Transferable Visual Models From Natural Language Supervision"]
    assert (clip.short, clip.arxiv, clip.date) == ("CLIP", "2103.00020", "2021-02")
    assert clip.url == ""  # the URL is the arXiv page, kept as links.arxiv only
    lecun = papers["Gradient-based learning applied to document recognition"]
    assert lecun.authors[0] == "Y. Lecun" and lecun.date == "1998-11"
    llama = papers["LLaMA: Open and Efficient Foundation Language Models"]
    assert (llama.short, llama.date, llama.arxiv) == ("LLaMA", "2023-02-27", "2302.13971")
    assert "Timothée Lacroix" in llama.authors and "Baptiste Rozière" in llama.authors
    assert papers["Generative Adversarial Nets"].arxiv == "1406.2661"


# --- merge ------------------------------------------------------------------------------


def test_merge_by_arxiv_fills_empty_fields_and_never_overwrites(tmp_path: Path) -> None:
    root = curated_folder(tmp_path / "data")
    folder = read_folder(root)
    imported = ImportedPaper(
        line=7,
        short="BERT",
        title="BERT (imported title)",
        date="2018-10",
        authors=("Jacob Devlin",),
        summary="An imported summary that differs.",
        arxiv="1810.04805",
        note="read it twice",
        tags=("NLP",),
    )
    report = merge_all(folder, [imported], source="reading-list", label="list.md")
    assert report.merged == ["bert"] and report.new == []
    written, problems = folder.write()
    assert problems == [] and written == [root / "papers" / "bert.yaml"]
    bert = load_paper(root, "bert")
    assert bert["summary"] == "Our own curated summary of BERT."  # kept
    assert bert["title"].startswith("BERT: Pre-training")  # kept
    assert bert["authors"] == ["Jacob Devlin"]  # was empty: filled
    assert bert["tags"] == ["NLP"]
    assert bert["notes"] == {"reading-list": "read it twice"}
    assert bert["sources"] == ["archive", "reading-list"]
    kept = "\n".join(report.kept)
    assert "list.md:7: bert: kept existing summary" in kept
    assert "list.md:7: bert: kept existing title" in kept
    assert len(report.kept) == 2
    assert_loads_cleanly(root)


def test_merge_by_title_similarity_and_short_name(tmp_path: Path) -> None:
    folder = read_folder(curated_folder(tmp_path / "data"))
    by_title = ImportedPaper(line=1, short="Attention", title="Attention is all you need.")
    by_name = ImportedPaper(line=2, short="transformer", date="2017")
    matcher = Matcher(folder.records)
    assert matcher.find(by_title) is not None
    assert matcher.find(by_title) is matcher.find(by_name)


def test_merge_does_not_pair_different_numbers_years_or_arxiv_ids(tmp_path: Path) -> None:
    folder = read_folder(curated_folder(tmp_path / "data"))
    matcher = Matcher(folder.records)
    title = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert matcher.find(ImportedPaper(line=1, title=title + " 2")) is None
    assert matcher.find(ImportedPaper(line=1, short="BERT", date="2023")) is None
    assert matcher.find(ImportedPaper(line=1, title=title, arxiv="2101.00001")) is None
    assert matcher.find(ImportedPaper(line=1, title=title.lower())) is not None


def test_new_papers_get_unique_ids_and_era_by_year(tmp_path: Path) -> None:
    root = curated_folder(tmp_path / "data")
    folder = read_folder(root)
    papers = [
        ImportedPaper(line=1, short="BERT", date="2024-01", title="Another BERT, much later"),
        ImportedPaper(line=2, short="Old Net", date="1991"),
        ImportedPaper(line=3, short="Mid", date="2020-05"),
        ImportedPaper(line=4, short="No Date"),
    ]
    report = merge_all(folder, papers, source="user", label="x")
    assert report.new == ["bert-2", "old-net", "mid"]
    assert [s.split(": ", 1)[1] for s in report.skipped] == [
        "No Date: no date, and no existing paper matches"
    ]
    folder.write()
    eras = {i: load_paper(root, i)["era"] for i in report.new}
    # first era containing the year (2020 is in both transformer and scaling). A paper older
    # than every era would be filed under the first one and fail check's era-years rule.
    assert eras == {"bert-2": "scaling", "old-net": "early", "mid": "transformer"}
    assert_loads_cleanly(root)


def test_sequence_files_are_rewritten_as_sequences(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "papers").mkdir(parents=True)
    (root / "eras.yaml").write_text(ERAS, encoding="utf-8")
    docs = [
        {"id": "a", "short": "A", "title": "Paper A", "date": "2018", "era": "transformer"},
        {"id": "b", "short": "B", "title": "Paper B", "date": "2019", "era": "transformer"},
    ]
    seq = "".join(
        "".join(
            ("- " if i == 0 else "  ") + ln + "\n"
            for i, ln in enumerate(dump_paper(d).splitlines())
        )
        for d in docs
    )
    (root / "papers" / "many.yaml").write_text(seq, encoding="utf-8")
    folder = read_folder(root)
    merge_all(folder, [ImportedPaper(line=1, short="B", summary="new")], source="user", label="x")
    folder.write()
    data = yaml.safe_load((root / "papers" / "many.yaml").read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == ["a", "b"] and data[1]["summary"] == "new"
    assert assert_loads_cleanly(root) == 2


# --- the command ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name", "parsed"),
    [
        ("markdown-table", "papers_explained.md", 11),
        ("markdown-table", "unseen_awesome_llm.md", 10),
        ("reading-list", "reading_list.md", 5),
        ("reading-list", "unseen_reading_list.md", 5),
        ("bibtex", "references.bib", 4),
        ("bibtex", "unseen_zotero.bib", 5),
    ],
)
def test_import_is_idempotent_and_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str, parsed: int
) -> None:
    root = curated_folder(tmp_path / "data")
    first = run_import(fmt, str(FIXTURES / name), str(root))
    out = capsys.readouterr().out
    assert f"{parsed} parsed" in out
    assert first in (0, 3)
    after_first = snapshot(root)
    assert_loads_cleanly(root)
    second = run_import(fmt, str(FIXTURES / name), str(root))
    out = capsys.readouterr().out
    assert snapshot(root) == after_first
    assert second == first
    assert " 0 new, " in out and "(0 changed)" in out and "wrote 0 files" in out


def test_import_report_counts_and_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = curated_folder(tmp_path / "data")
    code = run_import("markdown-table", str(FIXTURES / "papers_explained.md"), str(root))
    out = capsys.readouterr().out
    assert code == 3  # imported with warnings: "March 20222", two undated layers
    assert "papers_explained.md:15: BERTopic: 'March 20222' is not a date" in out
    assert "papers_explained.md:30: Layer Normalisation: no date" in out
    # Transformer + BERT merge into the curated papers; the second XLM-Roberta row merges
    assert "11 parsed, 5 new, 3 merged" in out
    transformer = load_paper(root, "transformer")
    assert transformer["tags"] == ["Architecture", "Language Models"]
    assert transformer["sources"] == ["archive", "user"]
    assert "explainer" in transformer["links"]  # type: ignore[operator]
    assert "kept existing summary" not in out  # descriptions are not copied by default
    assert (root / "papers" / "command-r.yaml").exists()
    assert (root / "papers" / "command-r-plus.yaml").exists()  # "+" is not lost


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = curated_folder(tmp_path / "data")
    before = snapshot(root)
    code = run_import("bibtex", str(FIXTURES / "unseen_zotero.bib"), str(root), dry_run=True)
    out = capsys.readouterr().out
    assert code == 0
    assert snapshot(root) == before
    assert "dry run, would write 5 files" in out  # 4 new + the curated Transformer


def test_new_folder_is_started_and_non_data_folder_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "fresh"
    assert run_import("reading-list", str(FIXTURES / "reading_list.md"), str(fresh)) == 0
    assert yaml.safe_load((fresh / "eras.yaml").read_text(encoding="utf-8"))[0]["start"] == 2017
    assert assert_loads_cleanly(fresh) == 5
    assert load_paper(fresh, "lora")["notes"] == {
        "user": "- Fine-tunes with far fewer trainable parameters\n"
        "- The weight update has a low intrinsic rank"
    }
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "notes.txt").write_text("not a data folder", encoding="utf-8")
    assert run_import("reading-list", str(FIXTURES / "reading_list.md"), str(stray)) == 2
    assert "not a papertui data folder" in capsys.readouterr().err
    assert sorted(p.name for p in stray.iterdir()) == ["notes.txt"]


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_import("csv", str(FIXTURES / "reading_list.md"), str(tmp_path / "d")) == 2
    assert run_import("bibtex", str(tmp_path / "missing.bib"), str(tmp_path / "d")) == 2
    bad_source = run_import("bibtex", str(FIXTURES / "references.bib"), str(tmp_path), source="A B")
    assert bad_source == 2
    err = capsys.readouterr().err
    assert "unknown format 'csv'" in err and "no such file" in err and "--source" in err
    assert not (tmp_path / "d").exists()


def test_imported_text_is_sanitised(tmp_path: Path) -> None:
    doc = "| Paper | Date |\n|---|---|\n| Evil\x1b[31mName | 2020 |\n"
    result = markdown_table.parse(doc)
    assert result.papers[0].short == "Evil\u241b[31mName"


def test_end_to_end_via_python_m_papertui(tmp_path: Path) -> None:
    root = curated_folder(tmp_path / "data")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    runs = [
        ("bibtex", "unseen_zotero.bib"),
        ("reading-list", "unseen_reading_list.md"),
        ("markdown-table", "unseen_awesome_llm.md"),
    ]
    for fmt, name in runs:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "papertui",
                "import",
                fmt,
                str(FIXTURES / name),
                "--out",
                str(root),
                "--source",
                "reading-list",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "parsed" in proc.stdout.splitlines()[-1]
    count = assert_loads_cleanly(root)
    result = load_library(root)
    attention = [p for p in result.library if p.arxiv == "1706.03762"]
    assert len(attention) == 1 and attention[0].id == "transformer"  # all three merged into it
    assert count == len({p.title.casefold() for p in result.library})
    assert "reading-list" in attention[0].sources


def test_title_that_only_repeats_the_short_name_is_upgraded_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "data"
    table = (
        "## PEFT\n\n| Paper | Date |\n|---|---|\n| [LoRA](https://example.org/lora) | July 2021 |\n"
    )
    (tmp_path / "table.md").write_text(table, encoding="utf-8")
    assert run_import("markdown-table", str(tmp_path / "table.md"), str(root)) == 0
    assert load_paper(root, "lora")["title"] == "LoRA"
    capsys.readouterr()
    assert run_import("reading-list", str(FIXTURES / "reading_list.md"), str(root)) == 0
    out = capsys.readouterr().out
    lora = load_paper(root, "lora")
    assert lora["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora["date"] == "2021-07"  # curated (non-empty) date kept ...
    assert "lora: kept existing date (imported value differs: '2021-06')" in out  # ... loudly
    assert "lora: title was only the short name 'LoRA', now" in out
    # the arXiv id's month disagrees with the curated date: reported, not added (check's rule)
    assert "lora: kept existing arxiv (imported value differs: '2106.09685 (its month" in out
    assert "2 fields kept" in out  # date, arxiv; the replaced placeholder title is not "kept"
    assert lora["links"] == {"url": "https://example.org/lora"}
    assert "era 'papers' widened to 2017-" in out  # Attention (2017) predates the first era
    assert assert_loads_cleanly(root) == 5


def test_reading_list_title_then_labelled_arxiv_link() -> None:
    doc = (
        "- **Attention Is All You Need** ([arXiv](https://arxiv.org/abs/1706.03762v5)) - the one\n"
        "- Deep Residual Learning for Image Recognition: [pdf](https://arxiv.org/pdf/1512.03385)\n"
        "- See [this survey](https://arxiv.org/abs/2402.06196) some day\n"
    )
    result = reading_list.parse(doc)
    assert [(p.title, p.arxiv) for p in result.papers] == [
        ("Attention Is All You Need", "1706.03762"),
        ("Deep Residual Learning for Image Recognition", "1512.03385"),
    ]  # "See [this survey](arXiv)": the link neither leads nor is a bare label
    assert [p.note for p in result.papers] == ["the one", ""]


def test_document_without_papers_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_import("bibtex", str(FIXTURES / "reading_list.md"), str(tmp_path / "d"))
    assert code == 1
    assert "no papers found (is it really bibtex?)" in capsys.readouterr().out
    assert not (tmp_path / "d").exists()
