"""parse_query: field filters, quoting, years and free text."""

from __future__ import annotations

import pytest

from papertui.search.query import Query, parse_query


def test_empty_query() -> None:
    assert parse_query("") == Query()
    assert parse_query("   ").is_empty


def test_free_text_only_collapses_whitespace() -> None:
    q = parse_query("  attn   is all ")
    assert q.text == "attn is all"
    assert not q.has_filters


def test_field_filters_and_free_text_combine() -> None:
    q = parse_query("tag:vision bert author:devlin org:Google era:transformer pretraining")
    assert q.text == "bert pretraining"
    assert q.tags == ("vision",)
    assert q.authors == ("devlin",)
    assert q.orgs == ("Google",)
    assert q.eras == ("transformer",)
    assert q.errors == ()


def test_keys_are_case_insensitive() -> None:
    q = parse_query("TAG:nlp Author:Hinton ERA:deep YEAR:2012")
    assert q.tags == ("nlp",)
    assert q.authors == ("Hinton",)
    assert q.eras == ("deep",)
    assert (q.year_min, q.year_max) == (2012, 2012)


def test_quoted_values_and_phrases() -> None:
    q = parse_query('tag:"Language  Models" author:"Geoffrey Hinton" "deep residual"')
    assert q.tags == ("Language Models",)
    assert q.authors == ("Geoffrey Hinton",)
    assert q.text == "deep residual"


def test_unterminated_quote_runs_to_the_end() -> None:
    q = parse_query('resnet tag:"Computer Vis')
    assert q.tags == ("Computer Vis",)
    assert q.text == "resnet"


def test_repeated_filters_accumulate() -> None:
    q = parse_query("tag:a tag:b era:x era:y")
    assert q.tags == ("a", "b")
    assert q.eras == ("x", "y")


def test_empty_value_while_typing_is_ignored() -> None:
    q = parse_query("bert tag:")
    assert q.tags == ()
    assert q.text == "bert"
    assert q.errors == ()


def test_unknown_keys_stay_free_text() -> None:
    q = parse_query("BERT: pre-training http://x.org")
    assert q.text == "BERT: pre-training http://x.org"
    assert not q.has_filters


@pytest.mark.parametrize(
    ("raw", "low", "high"),
    [
        ("year:2017", 2017, 2017),
        ("year:2017..2020", 2017, 2020),
        ("year:2017..", 2017, None),
        ("year:..2020", None, 2020),
    ],
)
def test_year_forms(raw: str, low: int | None, high: int | None) -> None:
    q = parse_query(raw)
    assert (q.year_min, q.year_max) == (low, high)
    assert q.errors == ()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("year:abc", "year:abc is not a year"),
        ("year:20x7..2020", "'20x7' is not a year"),
        ("year:2020..2017", "empty range"),
        ("year:..", "needs a year"),
        ("year:12345", "is not a year"),
    ],
)
def test_invalid_years_are_reported_and_ignored(raw: str, fragment: str) -> None:
    q = parse_query(f"resnet {raw}")
    assert q.year_min is None and q.year_max is None
    assert len(q.errors) == 1
    assert fragment in q.errors[0]
    assert q.text == "resnet"


def test_unknown_fields_warn_and_list_the_fields() -> None:
    q = parse_query("foo:bar attention")
    assert q.text == "foo:bar attention"
    assert len(q.errors) == 1 and "foo:" in q.errors[0] and "author:" in q.errors[0]
    q = parse_query("autor:")
    assert "did you mean author:" in q.errors[0]
    assert parse_query("BERT: pre-training http://x.org").errors == ()
