"""Lineage over a library's ``builds_on`` graph: trees, chains, common ancestors (core).

"Up" follows ``builds_on`` (a paper's ancestors: what it builds on, in the order written);
"down" follows the reverse edges (its descendants: what builds on it, oldest first).

* :func:`tree` lays out the ancestors or descendants of a paper as a list of rows in
  display order, with a depth cap and a branch cap (the rest of a node's children become
  one "… N more" row). A paper reachable along several routes (a *diamond*) is shown in
  full once, at its shallowest position (breadth-first, among the children shown), and
  every other time as a *reference* row; an edge back to a paper on the current route is
  a *cycle* row. Each paper is expanded at most once, so cycles never loop and the work is
  bounded by the rows shown.
* :func:`connect` finds the shortest builds-on chain between two papers in either
  direction, and their nearest common ancestors; :attr:`Connection.connected` is False
  when there is neither.
* :func:`within` is the set of ids within a depth (for the ``anc:``/``desc:`` filters).

Part of the Textual-free core: imports nothing from ``search``, ``store`` or ``tui``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from papertui.library.model import Library, Link

__all__ = [
    "Common",
    "Connection",
    "Direction",
    "Row",
    "Tree",
    "connect",
    "edge",
    "link",
    "neighbours",
    "tree",
    "within",
]

Direction = Literal["up", "down"]
RowKind = Literal["root", "paper", "ref", "cycle", "more"]

DEFAULT_DEPTH = 3
DEFAULT_BRANCH = 12
MAX_ROWS = 5000  # a hard bound on one tree, whatever the caps


def neighbours(library: Library, paper_id: str, direction: Direction) -> tuple[str, ...]:
    """The ids one step ``up`` (builds on) or ``down`` (built upon by), without repeats."""
    if direction == "up":
        return tuple(dict.fromkeys(p.id for p in library.builds_on(paper_id)))
    return tuple(dict.fromkeys(library.built_upon_by.get(paper_id, ())))


_EDGE_CACHE: list[tuple[Library, dict[str, list[str]], dict[str, tuple[str, ...]]]] = []


def _id_edges(library: Library) -> tuple[dict[str, list[str]], dict[str, tuple[str, ...]]]:
    """(child id -> the ids it builds on, parent id -> the ids built on it), ids only, made
    once per library (the latest one is kept). Walking a cached library's lazy papers
    instead made an unbounded ``anc:``/``desc:`` at 100k take over a second."""
    if _EDGE_CACHE and _EDGE_CACHE[0][0] is library:
        return _EDGE_CACHE[0][1], _EDGE_CACHE[0][2]
    up: dict[str, list[str]] = {}
    down: dict[str, tuple[str, ...]] = {}
    for parent, children in library.built_upon_by.items():
        down[parent] = tuple(children)
        for child in children:
            up.setdefault(child, []).append(parent)
    _EDGE_CACHE[:] = [(library, up, down)]
    return up, down


def _reach(library: Library, direction: Direction) -> Callable[[str], Sequence[str]]:
    """One step ``up`` or ``down`` by id, for the whole-graph walks (order not kept)."""
    up, down = _id_edges(library)
    table: dict[str, list[str]] | dict[str, tuple[str, ...]] = up if direction == "up" else down
    return lambda pid: table.get(pid, ())


def edge(library: Library, child: str, parent: str) -> Link | None:
    """The ``builds_on`` link by which ``child`` builds on ``parent`` (None if there is none)."""
    paper = library.get(child)
    if paper is None:
        return None
    for found in paper.builds_on:
        if found.target == parent:
            return found
    return None


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a lineage tree.

    ``kind``: ``root`` (the paper the tree is about), ``paper`` (shown in full), ``ref``
    (shown in full elsewhere in this tree), ``cycle`` (already on this route), ``more``
    (``more`` children left out by the branch cap; ``paper_id`` is their parent's).
    ``parent`` is the row's parent paper ("" for the root); :func:`link` finds the
    builds-on edge between them when it is wanted (a tree of thousands of rows shows a
    screenful, so the edges are not looked up while the tree is laid out).
    ``hidden`` counts children left out by the depth cap.
    """

    kind: RowKind
    paper_id: str
    depth: int
    parent: str = ""
    more: int = 0
    hidden: int = 0
    last: bool = True  # the last row among its siblings (for drawing tree lines)
    seen_at: int = 0  # ``ref``/``cycle``: the depth where the paper is shown in full


@dataclass(frozen=True, slots=True)
class Tree:
    root: str
    direction: Direction
    depth: int
    branch: int
    rows: tuple[Row, ...]
    truncated: bool = False  # stopped at MAX_ROWS

    @property
    def papers(self) -> int:
        """Distinct papers shown in full, the root excluded."""
        return sum(1 for row in self.rows if row.kind == "paper")

    @property
    def deeper(self) -> bool:
        """Some paper has children beyond the depth cap."""
        return any(row.hidden for row in self.rows)


def link(library: Library, direction: Direction, row: Row) -> Link | None:
    """The builds-on edge between ``row`` and its parent row in a ``direction`` tree (for
    ``down`` the edge is the child's, pointing at its parent); None for the root, a
    ``more`` row, or an edge the data does not have."""
    if not row.parent or row.kind == "more":
        return None
    if direction == "up":
        return edge(library, row.parent, row.paper_id)
    return edge(library, row.paper_id, row.parent)


_STEPS: list[tuple[Library, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = []
STEP_MEMO = 200_000  # remembered neighbour lists per direction (a few MB at most)


def _stepper(library: Library, direction: Direction) -> Callable[[str], tuple[str, ...]]:
    """:func:`neighbours`, remembered per library (the latest one) between trees: a depth
    change or a second visit asks the lazy edge tables of a cached library (a binary
    search each) only about the papers it has not met. Down uses the id table of the
    ``anc:``/``desc:`` filters when that is already built."""
    if not _STEPS or _STEPS[0][0] is not library:
        _STEPS[:] = [(library, {}, {})]
    memo = _STEPS[0][1] if direction == "up" else _STEPS[0][2]
    if len(memo) > STEP_MEMO:
        memo.clear()
    table: Mapping[str, Sequence[str]] | None = None
    if direction == "down" and _EDGE_CACHE and _EDGE_CACHE[0][0] is library:
        table = _EDGE_CACHE[0][2]
    elif direction == "down":
        table = library.built_upon_by

    def step(node: str) -> tuple[str, ...]:
        found = memo.get(node)
        if found is None:
            if table is None:
                found = neighbours(library, node, direction)
            else:
                found = tuple(dict.fromkeys(table.get(node, ())))
            memo[node] = found
        return found

    return step


def tree(
    library: Library,
    root: str,
    direction: Direction,
    *,
    depth: int = DEFAULT_DEPTH,
    branch: int = DEFAULT_BRANCH,
    max_rows: int = MAX_ROWS,
) -> Tree:
    """The ancestors (``up``) or descendants (``down``) of ``root`` as display rows."""
    depth = max(depth, 0)
    branch = max(branch, 1)
    if root not in library:
        return Tree(root, direction, depth, branch, ())
    step = _stepper(library, direction)

    # Breadth-first over the children that will be shown: where each paper is first met.
    home: dict[str, str] = {root: ""}
    level_of: dict[str, int] = {root: 0}
    frontier = [root]
    for level in range(depth):
        following: list[str] = []
        for node in frontier:
            for child in step(node)[:branch]:
                if child not in home:
                    home[child] = node
                    level_of[child] = level + 1
                    following.append(child)
        frontier = following
        if len(home) > max_rows:
            break

    rows: list[Row] = []
    expanded: set[str] = set()
    route: list[str] = []
    truncated = False

    def visit(node: str, parent: str, level: int, last: bool) -> None:
        nonlocal truncated
        if len(rows) >= max_rows:
            truncated = True
            return
        if parent and node in route:
            seen = level_of.get(node, 0)
            rows.append(Row("cycle", node, level, parent, last=last, seen_at=seen))
            return
        if parent and (node in expanded or home.get(node) != parent):
            seen = level_of.get(node, level)
            rows.append(Row("ref", node, level, parent, last=last, seen_at=seen))
            return
        expanded.add(node)
        children = step(node)
        hidden = len(children) if level >= depth else 0
        kind: RowKind = "paper" if parent else "root"
        rows.append(Row(kind, node, level, parent, hidden=hidden, last=last))
        if hidden:
            return
        visible = children[:branch]
        more = len(children) - len(visible)
        route.append(node)
        for i, child in enumerate(visible):
            visit(child, node, level + 1, last=i == len(visible) - 1 and not more)
        route.pop()
        if more and len(rows) < max_rows:
            rows.append(Row("more", node, level + 1, node, more=more))

    visit(root, "", 0, True)
    return Tree(root, direction, depth, branch, tuple(rows), truncated)


def within(
    library: Library, root: str, direction: Direction, depth: int | None = None
) -> frozenset[str]:
    """Ids reachable from ``root`` in at most ``depth`` steps (all when None), root excluded."""
    step = _reach(library, direction)
    seen = {root}
    frontier = [root]
    level = 0
    while frontier and (depth is None or level < depth):
        following: list[str] = []
        for node in frontier:
            for child in step(node):
                if child not in seen:
                    seen.add(child)
                    following.append(child)
        frontier = following
        level += 1
    seen.discard(root)
    return frozenset(seen)


def _distances(library: Library, start: str, direction: Direction) -> dict[str, str]:
    """Breadth-first parents: each reachable id -> the id it was reached from."""
    step = _reach(library, direction)
    parents: dict[str, str] = {start: ""}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in step(node):
            if nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return parents


def _route(parents: dict[str, str], end: str) -> tuple[str, ...]:
    chain = [end]
    while parents[chain[-1]]:
        chain.append(parents[chain[-1]])
    return tuple(reversed(chain))


@dataclass(frozen=True, slots=True)
class Common:
    """A common ancestor and the chains reaching it from each paper."""

    id: str
    from_a: tuple[str, ...]  # a, ..., id
    from_b: tuple[str, ...]  # b, ..., id

    @property
    def distance(self) -> int:
        return len(self.from_a) + len(self.from_b) - 2


@dataclass(frozen=True, slots=True)
class Connection:
    """How ``a`` and ``b`` are connected.

    ``chain`` is the shortest builds-on chain, each paper building on the next: from ``a``
    to ``b`` (``a_builds_on_b``) or from ``b`` to ``a``; empty when neither builds on the
    other. Only then, ``common`` holds the nearest common ancestors (none of them an
    ancestor of another), closest first.
    """

    a: str
    b: str
    chain: tuple[str, ...] = ()
    a_builds_on_b: bool = False
    common: tuple[Common, ...] = ()

    @property
    def connected(self) -> bool:
        return bool(self.chain or self.common)


def connect(library: Library, a: str, b: str, *, limit: int = 5) -> Connection:
    """The shortest chain between ``a`` and ``b`` and their nearest common ancestors."""
    if a not in library or b not in library:
        return Connection(a, b)
    if a == b:
        return Connection(a, b, chain=(a,), a_builds_on_b=True)
    up_a = _distances(library, a, "up")
    up_b = _distances(library, b, "up")
    chain: tuple[str, ...] = ()
    a_on_b = False
    if b in up_a:
        chain, a_on_b = _route(up_a, b), True
    elif a in up_b:
        chain = _route(up_b, a)
    if chain:  # every ancestor of the older one is shared: no news there
        return Connection(a, b, chain, a_on_b)
    shared = [pid for pid in up_a if pid in up_b and pid not in (a, b)]
    # Keep the nearest: drop a shared ancestor that another shared ancestor builds on.
    # One breadth-first walk from all their parents at once (not one walk each).
    covered: set[str] = set()
    queue = deque(n for pid in shared for n in neighbours(library, pid, "up"))
    while queue:
        node = queue.popleft()
        if node in covered:
            continue
        covered.add(node)
        queue.extend(neighbours(library, node, "up"))
    commons = [
        Common(pid, _route(up_a, pid), _route(up_b, pid)) for pid in shared if pid not in covered
    ]
    commons.sort(key=lambda c: (c.distance, c.id))
    return Connection(a, b, chain, a_on_b, tuple(commons[:limit]))


def ids_of(rows: Iterable[Row]) -> list[str]:
    """The distinct paper ids in ``rows`` (``more`` rows left out), in order."""
    return list(dict.fromkeys(r.paper_id for r in rows if r.kind != "more"))
