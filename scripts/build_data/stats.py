"""Print figures about the bundled data (computed, for the issue note and reviews).

    python scripts/build_data/stats.py [DATA_DIR]

Reads the YAML directly (eras.yaml, tags.yaml, orgs.yaml, papers/*.yaml), so it also counts
the fields the app does not read yet (kind, part_of, edge types). `papertui check` is the
app's own checker.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def edges_of(p: dict[str, Any]) -> list[dict[str, str]]:
    return [e if isinstance(e, dict) else {"id": e} for e in p.get("builds_on") or []]


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "data"
    eras = load(data / "eras.yaml") or []
    tags = {t["id"] for t in load(data / "tags.yaml") or []}
    orgs = load(data / "orgs.yaml") or []
    names = {o["name"] for o in orgs}
    aliases = {  # folded: a name spelt in another case counts as an alias too
        " ".join(str(a).casefold().split())
        for o in orgs
        for a in [o["name"], *(o.get("aliases") or [])]
    }
    papers: dict[str, dict[str, Any]] = {}
    bad: list[str] = []
    for path in sorted((data / "papers").glob("*.yaml")):
        try:
            papers[path.stem] = load(path)
        except yaml.YAMLError:
            bad.append(path.name)
    ps = list(papers.values())
    print(f"papers: {len(ps)}   files that do not parse: {len(bad)} {' '.join(bad)}")
    kinds = Counter(p.get("kind") or "paper" for p in ps)
    print("per kind:", ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    parts = [p for p in ps if p.get("part_of")]
    print(f"parts (part_of): {len(parts)}, of {len({p['part_of'] for p in parts})} wholes")
    sources = Counter(s for p in ps for s in p.get("sources") or [])
    print("per source:", ", ".join(f"{s} {n}" for s, n in sources.most_common()))
    print(f"in more than one source: {sum(1 for p in ps if len(p.get('sources') or []) > 1)}")
    print("per era:")
    by_era = Counter(p.get("era") for p in ps)
    for era in eras:
        span = f"{era['start']}-{era['end'] or ''}"
        print(f"  {era['id']:<16} {era['name']:<24} {span:<10} {by_era.get(era['id'], 0):>4}")
    outside = []
    for p in ps:
        era = next((e for e in eras if e["id"] == p.get("era")), None)
        year = int(str(p.get("date"))[:4])
        if era is None or year < era["start"] or (era["end"] and year > era["end"]):
            outside.append(p["id"])
    print(f"papers whose date is outside their era: {len(outside)} {' '.join(outside)}")

    edges = [(p["id"], e) for p in ps for e in edges_of(p)]
    typed = sum(1 for _, e in edges if e.get("type") and e.get("why"))
    print(f"builds_on edges: {len(edges)} ({typed} with type and why, "
          f"{sum(1 for _, e in edges if e.get('why'))} with a why)")  # fmt: skip
    types = Counter(e.get("type") or "(none)" for _, e in edges)
    print("  per type:", ", ".join(f"{t} {n}" for t, n in types.most_common()))
    missing = sorted({e["id"] for _, e in edges if e["id"] not in papers})
    print(f"  edges to unknown ids: {len(missing)} {' '.join(missing)}")
    recent = [p for p in ps if int(str(p.get("date"))[:4]) >= 2017]
    linked = [p for p in recent if edges_of(p)]
    if recent:
        print(f"2017+ papers with >=1 edge: {len(linked)}/{len(recent)} "
              f"= {100 * len(linked) / len(recent):.1f}%")  # fmt: skip
    roots = sorted(p["id"] for p in recent if not edges_of(p) and not p.get("part_of"))
    print(f"2017+ roots (parts excluded): {len(roots)}: {', '.join(roots)}")

    n_tags = Counter(len(p.get("tags") or []) for p in ps)
    print("tags per paper:", ", ".join(f"{k}: {n}" for k, n in sorted(n_tags.items())))
    unknown_tags = sorted({t for p in ps for t in p.get("tags") or [] if t not in tags})
    print(f"  tags not in tags.yaml: {len(unknown_tags)}; tags.yaml: {len(tags)} tags, "
          f"{len({t for p in ps for t in p.get('tags') or []} & tags)} used")  # fmt: skip
    authors = [len(p.get("authors") or []) for p in ps]
    print(f"authors: with some {sum(1 for n in authors if n)}, with one "
          f"{sum(1 for n in authors if n == 1)}, with none {sum(1 for n in authors if not n)}, "
          f"truncated lists {sum(1 for p in ps if p.get('authors_truncated'))}")  # fmt: skip
    with_org = [p for p in ps if p.get("org")]
    alias = [p for p in with_org if p["org"] not in names
             and " ".join(p["org"].casefold().split()) in aliases]  # fmt: skip
    unknown = [p for p in with_org if p["org"] not in names and p not in alias]
    print(f"org: {len(with_org)} papers, {len({p['org'] for p in with_org})} distinct; "
          f"an alias {len(alias)}, not in orgs.yaml {len(unknown)}")  # fmt: skip
    links = [p.get("links") or {} for p in ps]
    print(f"papers with arXiv id: {sum(1 for x in links if x.get('arxiv'))}, "
          f"with explainer link: {sum(1 for x in links if x.get('explainer'))}")  # fmt: skip
    print(f"with why_it_matters: {sum(1 for p in ps if p.get('why_it_matters'))}, "
          f"with notes: {sum(1 for p in ps if p.get('notes'))}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
