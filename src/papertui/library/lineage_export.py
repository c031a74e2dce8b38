"""A lineage tree or a connection as Mermaid, Graphviz DOT, Markdown, JSON or text (core).

Every data string passes through :func:`papertui.library.sanitize.one_line` and is then
escaped for its format, so no output carries a control character, a line break from the
data or an unbalanced quote. Used by ``papertui lineage`` / ``papertui path`` and by the
lineage screen's export.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from papertui.library.lineage import Connection, Row, Tree, link
from papertui.library.model import Library, Link
from papertui.library.sanitize import one_line

__all__ = ["FORMATS", "connection_json", "connection_text", "render", "row_label"]

FORMATS = ("markdown", "mermaid", "dot", "json")


def _name(library: Library, pid: str) -> str:
    paper = library.get(pid)
    if paper is None:
        return one_line(pid)
    return one_line(f"{paper.short} ({paper.date[:4]})")


def _edge_text(edge: Link | None) -> str:
    if edge is None:
        return ""
    return one_line(": ".join(part for part in (edge.type, edge.reason) if part))


def row_label(library: Library, row: Row, edge: Link | None = None) -> str:
    """One row as plain text (no tree lines) with its ``edge`` (:func:`lineage.link`):
    "BERT (2018) - extends: reason"."""
    if row.kind == "more":
        return f"\u2026 {row.more} more"
    text = _name(library, row.paper_id)
    if row.kind == "ref":
        text = f"\u21aa {text} (in full at depth {row.seen_at})"
    elif row.kind == "cycle":
        text = f"\u21ba {text} (cycle)"
    elif row.hidden:
        text += f" (+{row.hidden})"
    how = _edge_text(edge)
    return f"{text} \u2014 {how}" if how else text


def render(library: Library, tree: Tree, fmt: str) -> str:
    """``tree`` in ``fmt`` (one of :data:`FORMATS`), ending with a newline."""
    if fmt == "markdown":
        return _markdown(library, tree)
    if fmt == "mermaid":
        return _mermaid(library, tree)
    if fmt == "dot":
        return _dot(library, tree)
    if fmt == "json":
        return json.dumps(_json(library, tree), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def _title(library: Library, tree: Tree) -> str:
    what = "Ancestors" if tree.direction == "up" else "Descendants"
    return f"{what} of {_name(library, tree.root)}, depth {tree.depth}"


def _markdown(library: Library, tree: Tree) -> str:
    md = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})
    lines = [f"# {_title(library, tree).translate(md)}", ""]
    for row in tree.rows:
        if row.kind == "root":
            continue
        label = row_label(library, row, link(library, tree.direction, row))
        lines.append("  " * (row.depth - 1) + "- " + label.translate(md))
    if tree.truncated:
        lines.append("")
        lines.append(f"(stopped after {len(tree.rows)} rows)")
    return "\n".join(lines) + "\n"


def _edges(tree: Tree) -> list[tuple[Row, str, str]]:
    """(row, from, to) for every edge in builds-on direction (the builder points at what it
    builds on), ``more`` rows as edges to a placeholder."""
    out: list[tuple[Row, str, str]] = []
    for row in tree.rows:
        if row.kind == "root":
            continue
        if row.kind == "more":
            out.append((row, row.paper_id, f"more:{row.paper_id}"))
        elif tree.direction == "up":
            out.append((row, row.parent, row.paper_id))
        else:
            out.append((row, row.paper_id, row.parent))
    return out


def _node_ids(tree: Tree) -> dict[str, str]:
    nodes: dict[str, str] = {}
    for row in tree.rows:
        key = f"more:{row.paper_id}" if row.kind == "more" else row.paper_id
        nodes.setdefault(key, f"n{len(nodes)}")
    return nodes


def _mermaid_text(text: str) -> str:
    # Inside "..." Mermaid reads entity codes; a quote or # would end or start one.
    return one_line(text).replace("#", "#35;").replace('"', "#quot;")


def _mermaid(library: Library, tree: Tree) -> str:
    nodes = _node_ids(tree)
    more = {row.paper_id: row.more for row in tree.rows if row.kind == "more"}
    lines = ["flowchart BT" if tree.direction == "up" else "flowchart TB"]
    lines.append(f"  %% {_mermaid_text(_title(library, tree))}")
    for key, node in nodes.items():
        label = f"… {more[key[5:]]} more" if key.startswith("more:") else _name(library, key)
        lines.append(f'  {node}["{_mermaid_text(label)}"]')
    for row, src, dst in _edges(tree):
        if row.kind == "more":
            arrow = "-.->" if tree.direction == "up" else "<-.-"
            lines.append(f"  {nodes[src]} {arrow} {nodes[dst]}")
            continue
        edge = link(library, tree.direction, row)
        label = _mermaid_text(edge.type) if edge and edge.type else ""
        lines.append(
            f'  {nodes[src]} -->|"{label}"| {nodes[dst]}'
            if label
            else f"  {nodes[src]} --> {nodes[dst]}"
        )
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return '"' + one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(library: Library, tree: Tree) -> str:
    nodes = _node_ids(tree)
    more = {row.paper_id: row.more for row in tree.rows if row.kind == "more"}
    lines = [
        "digraph lineage {",
        f"  label={_dot_text(_title(library, tree))};",
        "  rankdir=BT;" if tree.direction == "up" else "  rankdir=TB;",
        "  node [shape=box];",
    ]
    for key, node in nodes.items():
        if key.startswith("more:"):
            lines.append(f"  {node} [label={_dot_text(f'… {more[key[5:]]} more')}, style=dashed];")
        else:
            lines.append(f"  {node} [label={_dot_text(_name(library, key))}];")
    for row, src, dst in _edges(tree):
        attrs = ""
        edge = link(library, tree.direction, row)
        if row.kind == "more":
            attrs = " [style=dashed]"
        elif edge is not None and (edge.type or edge.reason):
            attrs = f" [label={_dot_text(edge.type)}, tooltip={_dot_text(_edge_text(edge))}]"
        lines.append(f"  {nodes[src]} -> {nodes[dst]}{attrs};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _paper_json(library: Library, pid: str) -> dict[str, Any]:
    paper = library.get(pid)
    if paper is None:
        return {"id": one_line(pid)}
    return {
        "id": paper.id,
        "short": one_line(paper.short),
        "title": one_line(paper.title),
        "date": paper.date,
    }


def _json(library: Library, tree: Tree) -> dict[str, Any]:
    rows = []
    for row in tree.rows:
        item: dict[str, Any] = {"kind": row.kind, "id": row.paper_id, "depth": row.depth}
        if row.parent:
            item["parent"] = row.parent
        edge = link(library, tree.direction, row)
        if edge is not None:
            item["type"] = one_line(edge.type)
            item["reason"] = one_line(edge.reason)
        if row.more:
            item["more"] = row.more
        if row.hidden:
            item["hidden"] = row.hidden
        rows.append(item)
    ids = dict.fromkeys(r.paper_id for r in tree.rows)
    return {
        "root": tree.root,
        "direction": tree.direction,
        "depth": tree.depth,
        "branch": tree.branch,
        "truncated": tree.truncated,
        "papers": {pid: _paper_json(library, pid) for pid in ids},
        "rows": rows,
    }


def _chain_lines(library: Library, chain: tuple[str, ...]) -> list[str]:
    from papertui.library.lineage import edge

    lines = [f"  {_name(library, chain[0])} [{one_line(chain[0])}]"]
    for child, parent in itertools.pairwise(chain):
        link = edge(library, child, parent)
        how = ""
        if link is not None:
            how = one_line(": ".join(p for p in (link.type, link.reason) if p))
        lines.append(f"    builds on{(' (' + how + ')') if how else ''}")
        lines.append(f"  {_name(library, parent)} [{one_line(parent)}]")
    return lines


def connection_text(library: Library, conn: Connection) -> str:
    """The chain and the nearest common ancestors as plain text lines."""
    a, b = _name(library, conn.a), _name(library, conn.b)
    if not conn.connected:
        return f"{a} and {b} are not connected\n"
    lines: list[str] = []
    if conn.chain:
        first, last = (a, b) if conn.a_builds_on_b else (b, a)
        steps = len(conn.chain) - 1
        lines.append(f"{first} builds on {last} in {steps} step{'s' * (steps != 1)}:")
        lines.extend(_chain_lines(library, conn.chain))
    if conn.common:
        if lines:
            lines.append("")
        lines.append(f"nearest common ancestors of {a} and {b}:")
        for common in conn.common:
            via_a = " \u2192 ".join(_name(library, p) for p in common.from_a)
            via_b = " \u2192 ".join(_name(library, p) for p in common.from_b)
            lines.append(f"  {_name(library, common.id)}: {via_a} | {via_b}")
    return "\n".join(lines) + "\n"


def connection_json(library: Library, conn: Connection) -> str:
    data = {
        "a": conn.a,
        "b": conn.b,
        "connected": conn.connected,
        "chain": list(conn.chain),
        "a_builds_on_b": conn.a_builds_on_b,
        "common": [
            {"id": c.id, "from_a": list(c.from_a), "from_b": list(c.from_b)} for c in conn.common
        ],
        "papers": {
            pid: _paper_json(library, pid)
            for pid in dict.fromkeys(
                [
                    conn.a,
                    conn.b,
                    *conn.chain,
                    *(p for c in conn.common for p in c.from_a + c.from_b),
                ]
            )
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
