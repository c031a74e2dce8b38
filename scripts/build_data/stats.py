"""Print figures about the bundled data (computed, for the issue note and reviews).

.venv/bin/python scripts/build_data/stats.py [DATA_DIR]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from papertui.library.checks import check_lineage  # noqa: E402
from papertui.library.loader import load_library  # noqa: E402


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "data"
    result = load_library(data)
    lib = result.library
    papers = list(lib)
    print(f"papers: {len(papers)}   load problems: {len(result.problems)}   "
          f"lineage problems: {len(check_lineage(lib))}")  # fmt: skip
    sources = Counter(s for p in papers for s in p.sources)
    print("per source:", ", ".join(f"{s} {n}" for s, n in sources.most_common()))
    multi = sum(1 for p in papers if len(p.sources) > 1)
    print(f"in more than one source: {multi}")
    print("per era:")
    for era in lib.eras:
        print(f"  {era.id:<16} {era.name:<24} {era.span:<10} {len(lib.by_era.get(era.id, ())):>4}")
    edges = sum(len(lib.builds_on(p.id)) for p in papers)
    with_why = sum(1 for p in papers for link in p.builds_on if link.reason)
    print(f"builds_on edges: {edges} ({with_why} with a reason)")
    recent = [p for p in papers if p.year >= 2017]
    linked = [p for p in recent if lib.builds_on(p.id)]
    print(f"2017+ papers with >=1 edge: {len(linked)}/{len(recent)} "
          f"= {100 * len(linked) / len(recent):.1f}%")  # fmt: skip
    roots = sorted(p.id for p in recent if not lib.builds_on(p.id))
    print(f"2017+ roots: {', '.join(roots)}")
    print(f"papers with arXiv id: {sum(1 for p in papers if p.arxiv)}")
    print(f"papers with explainer link: {sum(1 for p in papers if p.explainer)}")
    print(f"papers with authors: {sum(1 for p in papers if p.authors)}, "
          f"with org: {sum(1 for p in papers if p.org)}")  # fmt: skip
    print(f"tags: {len(lib.tags)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
