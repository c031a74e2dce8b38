"""Era tree and tag facets: filtering, AND-combined tags, live counts, lazy expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.tui.widgets import EraTree, ResultList, StatusLine, TagFacets
from papertui.tui.widgets.era_tree import CAP

from .conftest import TINY, make_app, ready, search, settle


async def test_enter_on_an_era_filters_to_it_and_again_clears() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(EraTree)
        tree.focus()
        await pilot.pause()
        tree.move_cursor_to_line(1)  # Transformer
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view.era == "transformer"
        ids = list(screen.query_one(ResultList).ids)
        assert ids == ["transformer", "bert", "gpt2", "relay", "roberta", "camembert"]
        assert "era: Transformer" in str(screen.query_one(StatusLine).render())
        assert tree.count_of("early") == 4  # other eras keep their counts
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view.era is None
        assert len(screen.query_one(ResultList).ids) == 13


async def test_era_counts_follow_the_search() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "org:openai")
        tree = screen.query_one(EraTree)
        assert (tree.count_of("early"), tree.count_of("transformer"), tree.count_of("scaling")) == (
            0,
            1,
            2,
        )
        labels = [str(node.label) for node in tree.root.children]
        assert labels[2].startswith("Scaling (2)")
        scaling = tree.root.children[2]
        scaling.expand()  # expanding lists only the era's papers that match the search
        await settle(pilot)
        assert [n.data.paper_id for n in scaling.children if n.data] == ["scaling-laws", "gpt3"]


async def test_a_big_library_counts_eras_and_tags_in_a_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Above INLINE_SEARCH_MAX papers the counts are made off the UI thread, after the
    list is shown, and still reach the sidebar."""
    import threading

    from papertui.search import facets
    from papertui.tui.screens import results, searches

    monkeypatch.setattr(results, "INLINE_SEARCH_MAX", 0)
    monkeypatch.setattr(searches, "INLINE_SEARCH_MAX", 0)
    on_ui: list[bool] = []
    original = facets.Facets.era_counts

    def spy(self: facets.Facets, order: object) -> dict[str, int]:
        on_ui.append(threading.current_thread() is threading.main_thread())
        return original(self, order)

    monkeypatch.setattr(facets.Facets, "era_counts", spy)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await search(pilot, "org:openai")
        tree = screen.query_one(EraTree)
        assert (tree.count_of("early"), tree.count_of("scaling")) == (0, 2)
        assert screen.query_one(TagFacets)._rows  # the tags follow too
        assert on_ui and not any(on_ui)


async def test_expanding_an_era_lists_its_matching_papers() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(EraTree)
        tree.focus()
        await pilot.pause()
        tree.move_cursor_to_line(0)
        await pilot.press("space")
        await settle(pilot)
        early = tree.root.children[0]
        children = [n.data.paper_id for n in early.children if n.data]
        # Date order; "2014-09" sorts before "2014-09-01".
        assert children == ["backprop", "lstm", "seq2seq", "bahdanau"]
        await pilot.press("j", "enter")  # Enter on a paper jumps to it
        await settle(pilot)
        assert screen.current == "backprop"
        assert screen.history.current == "backprop"
        await pilot.press("h")  # collapse: children are dropped again
        await settle(pilot)
        assert not early.is_expanded and not early.children


async def test_era_expansion_is_capped_with_a_more_node() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(EraTree)
        many = [f"p{i}" for i in range(CAP * 2 + 5)]
        tree._children_for = lambda era_id: many
        assert screen.library is not None
        real = screen.library.papers
        # Any id the library knows works for the label; reuse one paper for all.
        tree._library = type(
            "Lib",
            (),
            {"get": lambda self, pid: real["bert"], "era": screen.library.era, "by_era": {}},
        )()
        node = tree.root.children[1]
        node.expand()
        await settle(pilot)
        assert len(node.children) == CAP + 1
        more = node.children[-1]
        assert more.data is not None and more.data.kind == "more"
        assert str(more.label) == f"\u2026 {CAP + 5} more"
        tree.select_node(more)
        await settle(pilot)
        assert len(node.children) == 2 * CAP + 1
        assert str(node.children[-1].label) == "\u2026 5 more"


async def test_tags_combine_with_and_and_counts_follow() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        facets = screen.query_one(TagFacets)
        assert facets.count_of("Language Models") == 6
        assert facets.count_of("Transformer") == 4
        facets.focus()
        await pilot.pause()
        facets.cursor = facets.tags.index("Language Models")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view.tags == {"Language Models"}
        assert len(screen.query_one(ResultList).ids) == 6
        assert facets.count_of("Transformer") == 3  # counts follow the result set
        assert facets.count_of("Attention") is None  # no longer in the results
        assert facets.tags[0] == "Language Models"  # selected tags are listed first

        facets.cursor = facets.tags.index("Transformer")
        await pilot.press("space")
        await settle(pilot)
        assert screen.view.tags == {"Language Models", "Transformer"}
        assert list(screen.query_one(ResultList).ids) == ["bert", "gpt2", "roberta"]
        status = str(screen.query_one(StatusLine).render())
        assert "tags: Language Models + Transformer" in status

        facets.cursor = facets.tags.index("Language Models")  # clear one at a time
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view.tags == {"Transformer"}
        assert len(screen.query_one(ResultList).ids) == 4

        await pilot.press("x")  # clear all
        await settle(pilot)
        assert not screen.view.tags
        assert len(screen.query_one(ResultList).ids) == 13


async def test_era_plus_two_tags_plus_search_compose() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        screen.set_era("transformer")
        screen.toggle_tag("Language Models")
        screen.toggle_tag("Transformer")
        await settle(pilot)
        assert list(screen.query_one(ResultList).ids) == ["bert", "gpt2", "roberta"]
        await search(pilot, "robert")
        assert list(screen.query_one(ResultList).ids) == ["roberta"]


async def test_list_keys_in_the_era_tree_move_and_do_not_start_a_search() -> None:
    """j/k and g/G work in the era tree as in the other lists (an unbound letter would
    fall through to type-to-search)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(EraTree)
        tree.focus()
        await settle(pilot)
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line > 0
        await pilot.press("g")
        assert tree.cursor_line == 0
        await pilot.press("j", "j", "k")
        assert tree.cursor_line == 1
        await settle(pilot)
        assert screen.focused is tree and screen.query_one("#search").value == ""  # type: ignore[attr-defined]


async def test_tag_facets_draw_the_vocabulary_as_a_tree_and_a_parent_finds_children(
    tmp_path: Path,
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    (data / "tags.yaml").write_text(
        "- {id: models, name: Models}\n"
        "- {id: lm, name: Language Models, parent: models}\n"
        "- {id: vision, name: Vision}\n",
        encoding="utf-8",
    )
    for paper in (data / "papers").rglob("*.yaml"):
        text = paper.read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if not ln.startswith("tags:")]
        tag = "lm" if "transformer" in text.lower() else "vision"
        paper.write_text("\n".join([*lines, f"tags: [{tag}]", ""]), encoding="utf-8")
    app = make_app(data)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        facets = screen.query_one(TagFacets)
        assert facets.tags == ["Models", "Language Models", "Vision"]  # child under parent
        row = facets.render_row(1, 30).plain
        assert row.startswith("  ") and "Language Models" in row
        assert facets.count_of("Models") == facets.count_of("Language Models") > 0
        facets.focus()
        await pilot.press("home", "enter")  # filter on the parent
        await settle(pilot)
        assert len(screen.query_one(ResultList).ids) == facets.count_of("Language Models")
