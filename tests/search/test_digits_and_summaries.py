"""Issue 16 item 8: letter/digit boundaries (``gpt4`` finds GPT-4) and ``text:``."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.library.model import Era, Library, Paper
from papertui.search.engine import Engine, View
from papertui.search.query import parse_query, split_digits, split_digits_many
from papertui.search.summaries import SummaryText


def paper(pid: str, short: str, title: str, date: str = "2020", **kw: object) -> Paper:
    return Paper(id=pid, short=short, title=title, date=date, era="e", **kw)  # type: ignore[arg-type]


LIBRARY = Library.build(
    [Era("e", "E", 2000, None)],
    [
        paper("gpt4", "GPT-4", "GPT-4 Technical Report", "2023"),
        paper("gpt4o", "GPT-4o", "Hello GPT-4o", "2024"),
        paper("gpt", "GPT", "Improving Language Understanding", "2018"),
        paper("resnet", "ResNet", "Deep Residual Learning", "2015"),
        paper("resnet50", "ResNet-50", "ResNet-50 Baselines", "2016"),
        paper("llama", "LLaMA", "Open and Efficient Foundation Models", "2023"),
        paper("llama2", "Llama 2", "Open Foundation and Fine-Tuned Chat Models", "2023"),
        paper("word2vec", "Word2Vec", "Efficient Estimation of Word Representations", "2013"),
        paper(
            "distil",
            "DistilBERT",
            "A smaller BERT",
            "2019",
            summary="Knowledge distillation halves the model.",
        ),
        paper("other", "Other", "Nothing", "2019", why_it_matters="Mentions distillation too."),
    ],
)


def test_split_digits() -> None:
    assert split_digits("gpt4o") == "gpt 4 o"
    assert split_digits("resnet50") == "resnet 50"
    assert split_digits("2017") == "2017"
    assert parse_query("llama2 year:2023").text == "llama 2"
    assert split_digits("α4β x²3 Ⅷ1 ٣a _1 a_1") == "α 4 β x² 3 Ⅷ 1 ٣ a _1 a_1"


# the first definition: a space at every letter/digit edge, by look-around
_EDGE = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_MIXED = st.text(st.sampled_from("ab z_-  0159٣٤²³ⅧⅫαβ\u0301\x00\n") | st.characters(), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_split_digits_is_the_look_around_definition(text: str) -> None:
    """The digit-run scan puts spaces exactly where the look-around pattern did, for any
    text: Unicode digits and letters, superscripts and Roman numerals (word characters
    that are neither), marks, underscores."""
    assert split_digits(text) == _EDGE.sub(" ", text)


def test_letters_and_digits_typed_together_find_the_spaced_name_first() -> None:
    engine = Engine(LIBRARY)
    for query, first in (
        ("gpt4", "gpt4"),
        ("resnet50", "resnet50"),
        ("llama2", "llama2"),
        ("GPT-4", "gpt4"),
        ("word2vec", "word2vec"),
        ("word2", "word2vec"),
    ):
        ids = engine.run(View(query=query)).ids
        assert ids and ids[0] == first, (query, list(ids))


def test_text_filter_finds_summaries_and_notes() -> None:
    summaries = SummaryText(LIBRARY)
    assert summaries.find(["distillation"]) == {"distil", "other"}
    assert summaries.find(["knowledge distillation"]) == {"distil"}
    assert summaries.find(["nothing"]) == frozenset()
    assert parse_query('text:"knowledge distillation" bert').texts == ("knowledge distillation",)


@settings(max_examples=200, deadline=None)
@given(st.lists(_MIXED, max_size=6))
def test_split_digits_many_is_split_digits_of_each(texts: list[str]) -> None:
    """Joined for one pass, the texts' edges stay apart (a NUL inside one included)."""
    assert split_digits_many(texts) == [split_digits(t) for t in texts]
