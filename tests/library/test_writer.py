"""papertui.library.writer.dump_paper: canonical order, block style, quoting, round-trip."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from papertui.library.writer import PAPER_KEYS, dump_paper

FULL: dict[str, Any] = {
    "sources": ["archive", "explained"],
    "notes": {"reading-list": "- first bullet\n- second: with colon"},
    "links": {"explainer": "https://example.org/a#b", "arxiv": "1810.04805"},
    "builds_on": [
        "transformer",
        {"id": "elmo", "why": "contextual word representations"},
        {"id": "gpt", "type": "uses-component", "why": "the Transformer decoder"},
    ],
    "related": ["RoBERTa", "ALBERT"],
    "why_it_matters": "Made pretraining then fine-tuning the default recipe for NLP.",
    "summary": (
        "An encoder-only Transformer pretrained with masked language modelling and "
        "next-sentence prediction; fine-tuned, it set the state of the art on GLUE and SQuAD."
    ),
    "tags": ["Language Models", "Transformer"],
    "org": "Google AI Language",
    "authors_truncated": True,
    "authors": ["Jacob Devlin", "Ming-Wei Chang"],
    "released": "2018-11",
    "era": "transformer",
    "date": "2018-10",
    "title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    "short": "BERT",
    "part_of": "bert-family",
    "kind": "paper",
    "id": "bert",
}


def test_round_trips_and_uses_canonical_order() -> None:
    text = dump_paper(FULL)
    loaded = yaml.safe_load(text)
    assert loaded == {k: FULL[k] for k in PAPER_KEYS}
    assert list(loaded) == list(PAPER_KEYS)
    assert text.endswith("\n")


def test_block_style_and_folded_long_strings() -> None:
    text = dump_paper(FULL)
    assert "{" not in text and "[" not in text  # no flow collections
    assert "summary: >-\n" in text
    assert "  reading-list: |-\n" in text
    assert all(len(line) <= 100 for line in text.splitlines())


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("date", "2018"),
        ("date", "2018-10-05"),
        ("short", "yes"),
        ("short", "null"),
        ("short", "1.5"),
        ("title", "Colon: at start, # hash, 'quotes' and \"double\""),
        ("title", "- starts with a dash"),
        ("title", "@at and `backtick` and *star"),
        ("summary", "x" * 90 + "  two spaces then  more " + "y" * 40),
        ("summary", " leading space and long enough to be folded otherwise " + "z" * 60),
        ("summary", "Ünïcödé — dashes “quotes” and emoji 📄 " * 5),
    ],
)
def test_scalars_that_need_quoting_round_trip_as_strings(key: str, value: str) -> None:
    fields = {"id": "p", "short": "P", "title": "T", "date": "2020", "era": "e", key: value}
    assert yaml.safe_load(dump_paper(fields))[key] == value


def test_arxiv_id_stays_a_string() -> None:
    fields = {"id": "p", "short": "P", "title": "T", "date": "2020-01", "era": "e"}
    fields["links"] = {"arxiv": "2001.08210"}
    assert yaml.safe_load(dump_paper(fields))["links"]["arxiv"] == "2001.08210"


def test_empty_values_are_dropped() -> None:
    fields = {
        "id": "p",
        "short": "P",
        "title": "T",
        "date": "2020",
        "era": "e",
        "authors": [],
        "org": "",
        "links": {"arxiv": ""},
        "notes": {},
        "builds_on": [{"id": "q", "why": ""}],
    }
    assert yaml.safe_load(dump_paper(fields)) == {
        "id": "p",
        "short": "P",
        "title": "T",
        "date": "2020",
        "era": "e",
        "builds_on": ["q"],
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"id": "p", "short": "P", "title": "T", "date": "2020"},  # no era
        {"id": "p", "short": "P", "title": "T", "date": "2020", "era": "e", "colour": "red"},
        {"id": "p", "short": "P", "title": "T", "date": "2020", "era": "e", "links": {"doi": "x"}},
        {
            "id": "p",
            "short": "P",
            "title": "T",
            "date": "2020",
            "era": "e",
            "builds_on": [{"x": 1}],
        },
    ],
)
def test_bad_fields_are_rejected(fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        dump_paper(fields)


def test_long_urls_are_not_folded() -> None:
    url = "https://example.org/" + "a" * 100 + "#anchor"
    fields = {"id": "p", "short": "P", "title": "T", "date": "2020", "era": "e"}
    text = dump_paper({**fields, "links": {"explainer": url}})
    assert f"explainer: {url}\n" in text
    assert yaml.safe_load(text)["links"]["explainer"] == url
