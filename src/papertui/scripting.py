"""``papertui search | show | stats``: what the explorer knows, for scripts (no Textual).

Data goes to standard output, messages to standard error. Each command prints plain,
pipe-friendly lines by default (tab-separated, one record a line, every data string through
:func:`~papertui.library.sanitize.one_line`) and one JSON document with ``--json``.

``search`` runs the TUI's own engine on the same grammar (free text, ``tag:``, ``era:``,
``author:``, ``org:``, ``year:``) with the same default sort, so it prints the ids the
result list shows, in the same order. Exit status: 0 with results (or a paper shown),
1 when nothing matched (as grep), 2 for a usage error (no such data folder or paper).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from papertui.library.exitcodes import ExitCode
from papertui.library.sanitize import one_line

if TYPE_CHECKING:
    from papertui.library.layers import Layered
    from papertui.library.model import Library, Paper
    from papertui.store.folders import Data

SEARCH_SORTS = ("relevance", "date", "title")


def _load(data: Data, err: TextIO) -> Layered | None:
    """The papers of the data folders (layered when there are several), or ``None`` after
    saying on ``err`` which folder cannot be read."""
    from papertui.store.folders import FolderError, open_folders

    try:
        layers = open_folders(data)
    except FolderError as problem:
        print(f"papertui: {problem}", file=err)
        return None
    if layers.result.problems:
        count = len(layers.result.problems)
        print(
            f"papertui: {count} data problem{'s' if count != 1 else ''} "
            "(the papers that loaded are used; `papertui check` lists them)",
            file=err,
        )
    return layers


def paper_record(library: Library, paper: Paper) -> dict[str, Any]:
    """Every field of ``paper`` as JSON-ready values (the ``show --json`` record)."""
    era = library.era(paper.era)
    return {
        "id": paper.id,
        "kind": paper.kind,
        "part_of": paper.part_of or None,
        "short": paper.short,
        "title": paper.title,
        "date": paper.date,
        "released": paper.released or None,
        "era": paper.era,
        "era_name": era.name if era else None,
        "authors": list(paper.authors),
        "authors_truncated": paper.authors_truncated,
        "org": paper.org or None,
        "tags": list(library.own_tags(paper)),
        "summary": paper.summary,
        "why_it_matters": paper.why_it_matters or None,
        "builds_on": [
            {"id": link.target, "type": link.type or None, "why": link.reason or None}
            for link in paper.builds_on
        ],
        "built_upon_by": [p.id for p in library.built_upon(paper.id)],
        "links": {
            k: v
            for k, v in (
                ("arxiv", paper.arxiv),
                ("explainer", paper.explainer),
                ("url", paper.url),
                *paper.other_links,
            )
            if v
        },
        "notes": dict(paper.notes),
        "sources": list(paper.sources),
    }


def _streams(out: TextIO | None, err: TextIO | None) -> tuple[TextIO, TextIO]:
    """Where to write: data goes to the real standard output, around the command line's
    :class:`~papertui.library.sanitize.CleanStream`, whose cleaning would turn the tab
    between fields into a space; every data string here is already one_line'd, and the
    JSON encoder escapes every control character."""
    from papertui.library.sanitize import CleanStream

    out = out if out is not None else sys.stdout
    if isinstance(out, CleanStream):
        out = out.raw
    return out, err if err is not None else sys.stderr


def _dump(value: object, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=True, indent=2)
    out.write("\n")


def run_search(
    data: Data,
    query: str,
    *,
    as_json: bool = False,
    sort: str = "relevance",
    limit: int = 0,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    from papertui.search.engine import Sort, View
    from papertui.store.folders import engine_for

    out, err = _streams(out, err)
    layers = _load(data, err)
    if layers is None:
        return ExitCode.USAGE
    library = layers.result.library
    engine = engine_for(library)
    results = engine.run(View(query=query, sort=Sort(sort)))
    ids = list(results.ids)
    for error in results.query.errors:  # e.g. an unknown field, as the status line says it
        print(f"papertui search: {one_line(error)}", file=err)
    shown = ids[:limit] if limit > 0 else ids
    papers = [library.papers[i] for i in shown]
    if as_json:
        _dump(
            {
                "query": query,
                "total": len(ids),
                "results": [
                    {
                        "id": p.id,
                        "short": p.short,
                        "title": p.title,
                        "date": p.date,
                        "era": p.era,
                        "authors": list(p.authors),
                        "tags": list(library.own_tags(p)),
                    }
                    for p in papers
                ],
            },
            out,
        )
    else:
        for p in papers:
            out.write("\t".join(one_line(s) for s in (p.id, p.date, p.short, p.title)) + "\n")
    return ExitCode.OK if ids else ExitCode.PROBLEMS


def run_show(
    data: Data,
    paper_id: str,
    *,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = _streams(out, err)
    layers = _load(data, err)
    if layers is None:
        return ExitCode.USAGE
    library = layers.result.library
    paper = library.get(paper_id)
    if paper is None:
        from papertui.library.vocab import closest

        near = closest(paper_id, list(library.papers))
        hint = f" (closest: {one_line(near)})" if near else ""
        print(f"papertui show: no paper {one_line(paper_id)!r}{hint}", file=err)
        return ExitCode.USAGE
    record = paper_record(library, paper)
    if len(layers.folders) > 1:  # which of the layered folders it came from
        folder = layers.folder_of(paper.id)
        record["data_folder"] = str(folder) if folder is not None else None
    if as_json:
        _dump(record, out)
        return ExitCode.OK
    for key, value in record.items():
        if value in (None, [], {}, ""):
            continue
        if key == "builds_on":
            text = ", ".join(e["id"] + (f" ({e['type']})" if e["type"] else "") for e in value)
        elif key == "links" or key == "notes":
            text = "; ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        out.write(f"{key}\t{one_line(text)}\n")
    return ExitCode.OK


def run_stats(
    data: Data,
    *,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = _streams(out, err)
    layers = _load(data, err)
    if layers is None:
        return ExitCode.USAGE
    library = layers.result.library
    years = Counter(p.year for p in library)
    stats: dict[str, Any] = {
        "papers": len(library),
        "edges": library.edge_count,
        "eras": {era.id: library.era_size(era.id) for era in library.eras},
        "tags": {tag: len(ids) for tag, ids in library.by_tag.items()},
        "years": {str(y): years[y] for y in sorted(years)},
    }
    if as_json:
        _dump(stats, out)
        return ExitCode.OK
    out.write(f"papers\t{stats['papers']}\nedges\t{stats['edges']}\n")
    for section in ("eras", "tags", "years"):
        for name, count in stats[section].items():
            out.write(f"{section[:-1]}\t{one_line(name)}\t{count}\n")
    return ExitCode.OK


__all__ = ["SEARCH_SORTS", "paper_record", "run_search", "run_show", "run_stats"]
