"""Lineage over small graphs: trees with caps, diamonds, cycles, chains, common ancestors."""

from __future__ import annotations

from papertui.library.lineage import connect, edge, link, neighbours, tree, within
from papertui.library.model import Era, Library, Link, Paper

ERAS = (Era("e", "E", 1900, None),)


def lib(edges: dict[str, list[str]], extra: tuple[str, ...] = ()) -> Library:
    """``edges``: id -> the ids it builds on (typed ``extends`` with a reason)."""
    ids = dict.fromkeys([*edges, *(t for ts in edges.values() for t in ts), *extra])
    papers = [
        Paper(
            id=pid,
            short=pid.upper(),
            title=f"T {pid}",
            date=f"20{n:02d}",
            era="e",
            builds_on=tuple(Link(t, f"{pid} on {t}", "extends") for t in edges.get(pid, [])),
        )
        for n, pid in enumerate(ids)
    ]
    return Library.build(ERAS, papers)


# d builds on b and c, both build on a (a diamond); x is on its own.
DIAMOND = {"d": ["b", "c"], "b": ["a"], "c": ["a"]}


def shape(t: object) -> list[tuple[str, str, int]]:
    return [(r.kind, r.paper_id, r.depth) for r in t.rows]  # type: ignore[attr-defined]


def test_ancestors_of_a_diamond_show_the_shared_paper_once_then_as_a_reference() -> None:
    t = tree(lib(DIAMOND, ("x",)), "d", "up")
    assert shape(t) == [
        ("root", "d", 0),
        ("paper", "b", 1),
        ("paper", "a", 2),
        ("paper", "c", 1),
        ("ref", "a", 2),
    ]
    assert t.papers == 3


def test_descendants_and_edge_type_and_reason() -> None:
    library = lib(DIAMOND)
    t = tree(library, "a", "down")
    assert shape(t) == [
        ("root", "a", 0),
        ("paper", "b", 1),
        ("paper", "d", 2),
        ("paper", "c", 1),
        ("ref", "d", 2),
    ]
    found = link(library, "down", t.rows[1])
    assert found is not None and (found.type, found.reason) == ("extends", "b on a")
    assert link(library, "down", t.rows[0]) is None  # the root has no edge
    assert edge(library, "d", "c") == Link("c", "d on c", "extends")
    assert edge(library, "a", "d") is None


def test_a_diamond_is_shown_in_full_at_its_shallowest_place() -> None:
    # e builds on a directly and via b: a is expanded under e (depth 1), not under b.
    library = lib({"e": ["b", "a"], "b": ["a"], "a": ["z"]})
    t = tree(library, "e", "up")
    assert shape(t) == [
        ("root", "e", 0),
        ("paper", "b", 1),
        ("ref", "a", 2),
        ("paper", "a", 1),
        ("paper", "z", 2),
    ]


def test_cycles_never_loop() -> None:
    library = lib({"a": ["b"], "b": ["c"], "c": ["a"]})
    t = tree(library, "a", "up", depth=50)
    assert shape(t) == [("root", "a", 0), ("paper", "b", 1), ("paper", "c", 2), ("cycle", "a", 3)]
    assert within(library, "a", "up") == {"b", "c"}
    assert connect(library, "a", "c").chain == ("a", "b", "c")


def test_self_loop_is_ignored() -> None:
    library = lib({"a": ["a", "b"]})
    assert shape(tree(library, "a", "up")) == [("root", "a", 0), ("paper", "b", 1)]


def test_depth_cap_counts_hidden_children() -> None:
    library = lib({"a": ["b"], "b": ["c"], "c": ["d", "e"]})
    t = tree(library, "a", "up", depth=2)
    assert shape(t) == [("root", "a", 0), ("paper", "b", 1), ("paper", "c", 2)]
    assert t.rows[-1].hidden == 2 and t.deeper
    assert tree(library, "a", "up", depth=0).rows[0].hidden == 1
    assert not tree(library, "a", "up", depth=9).deeper


def test_branch_cap_says_how_many_more() -> None:
    library = lib({k: ["root"] for k in "abcde"})
    t = tree(library, "root", "down", branch=2)
    assert shape(t)[:3] == [("root", "root", 0), ("paper", "a", 1), ("paper", "b", 1)]
    more = t.rows[-1]
    assert (more.kind, more.more, more.paper_id, more.depth) == ("more", 3, "root", 1)
    assert not t.rows[2].last  # "… 3 more" follows it


def test_branch_cap_bounds_the_breadth_first_homes() -> None:
    # z is a child of hidden c under the cap, but also reachable under a: shown under a.
    library = lib({"a": ["r"], "b": ["r"], "c": ["r"], "z": ["c", "a"]})
    t = tree(library, "r", "down", branch=2, depth=3)
    assert ("paper", "z", 2) in shape(t)


def test_max_rows_stops_a_huge_tree() -> None:
    library = lib({f"p{i}": ["r"] for i in range(50)})
    t = tree(library, "r", "down", branch=100, max_rows=10)
    assert len(t.rows) == 10 and t.truncated


def test_unknown_root_is_empty() -> None:
    assert tree(lib(DIAMOND), "nope", "up").rows == ()
    assert not connect(lib(DIAMOND), "nope", "a").connected


def test_within_depth() -> None:
    library = lib({"a": ["b"], "b": ["c"], "c": ["d"]})
    assert within(library, "a", "up", 1) == {"b"}
    assert within(library, "a", "up", 2) == {"b", "c"}
    assert within(library, "d", "down") == {"a", "b", "c"}
    assert within(library, "d", "down", 0) == frozenset()


def test_shortest_chain_in_either_direction() -> None:
    library = lib({"d": ["b", "c"], "b": ["a"], "c": ["x"], "x": ["a"]})
    up = connect(library, "d", "a")
    assert up.chain == ("d", "b", "a") and up.a_builds_on_b and up.connected
    down = connect(library, "a", "d")
    assert down.chain == ("d", "b", "a") and not down.a_builds_on_b


def test_common_ancestors_are_the_nearest_ones() -> None:
    # b and c both build on a; a builds on r (also common, but further: left out).
    library = lib({"b": ["a"], "c": ["a"], "a": ["r"]})
    conn = connect(library, "b", "c")
    assert conn.chain == () and conn.connected
    assert [c.id for c in conn.common] == ["a"]
    assert conn.common[0].from_a == ("b", "a") and conn.common[0].from_b == ("c", "a")
    assert conn.common[0].distance == 2


def test_disconnected_parts() -> None:
    library = lib({"b": ["a"], "y": ["x"]})
    conn = connect(library, "b", "y")
    assert not conn.connected and conn.chain == () and conn.common == ()


def test_neighbours_drop_repeated_links() -> None:
    library = lib({"b": ["a", "a"]})
    assert neighbours(library, "b", "up") == ("a",)
    assert neighbours(library, "a", "down") == ("b",)


def test_ancestor_rows_carry_the_edge_of_the_paper_above() -> None:
    library = lib(DIAMOND)
    row = tree(library, "d", "up").rows[1]
    assert link(library, "up", row) == Link("b", "d on b", "extends")
