"""Rebuild the bundled data: facts from the seed documents, every word from our own files.

    python scripts/build_data/build.py --out DIR [--data DIR] [--seeds DIR] [--verbose]
    python scripts/build_data/build.py --check [--data DIR] [--seeds DIR] [--verbose]

What comes from where (see data/README.md, "Provenance"):

  FACTS, from the seeds ../shared/seeds/001..004 (parsed by seeds.py) and catalog.txt:
    which paper each seed mentions (`sources`, and which `notes` keys a paper may have),
    title, date, arXiv id, explainer links, the archive's byline (surnames, organisation).
    catalog.txt (ours) names each paper, matches the seeds' records to it and corrects
    their facts. Where a curated paper file states a fact differently (a reviewed
    correction), the file wins; --verbose lists every such difference.
  WORDS AND CURATION, only from files of ours:
    data/papers/<id>.yaml, the curated record (read when present): summary, why_it_matters,
    notes values, builds_on (ids, types, reasons), authors, tags, kind, part_of, released,
    era, org, related. Fallbacks for a paper that has no file yet: texts.yaml (summaries),
    lineage.txt (edges), authors.txt (authors), eras.py (era rule). A seed sentence is never
    a fallback: a paper with no curated summary gets none.
  data/eras.yaml, data/tags.yaml and data/orgs.yaml are hand-edited and copied unchanged.

The copy guard: before writing anything, every prose string of the output (summaries,
why_it_matters, notes, edge reasons, era blurbs, tag descriptions) goes through copycheck.py;
if any sentence or clause is copied from a seed, the build lists file, field and piece and
exits 1 with nothing written. There is no switch to skip it.

Output: DIR/eras.yaml, DIR/tags.yaml, DIR/orgs.yaml and DIR/papers/<id>.yaml (stale paper
files in DIR/papers are removed). DIR may not be the curated data folder itself: write
elsewhere and diff. Deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import copycheck  # noqa: E402
import eras as era_rules  # noqa: E402
import seeds  # noqa: E402

SOURCE_ORDER = ("archive", "notes", "reading-list", "explained")

# The curation spec's format (data/README.md): key order, and the closed vocabularies.
PAPER_KEYS = (
    "id", "kind", "part_of", "short", "title", "date", "released", "era", "authors",
    "authors_truncated", "org", "tags", "summary", "why_it_matters", "related", "builds_on",
    "links", "notes", "sources",
)  # fmt: skip
KINDS = ("paper", "report", "model", "concept", "dataset", "benchmark", "survey")
EDGE_TYPES = (
    "extends", "successor", "uses-component", "fine-tunes", "distils", "scales-up",
    "replaces", "data-from", "adapts",
)  # fmt: skip
LINK_KEYS = ("arxiv", "explainer", "url")
FACT_KEYS = ("short", "title", "date", "org", "arxiv", "explainer", "url", "sources")

# The archive's "Related Models:" lists were lost in the copy; restored from the real
# families (names are facts). Used only when the curated file has no `related`.
ARCHIVE_RELATED = {
    "gpt-1": ["GPT-2", "GPT-3"],
    "bert": ["RoBERTa", "ALBERT", "DistilBERT", "ELECTRA"],
    "gpt-2": ["GPT-1", "GPT-3"],
    "whisper": ["Whisper large-v2", "Whisper large-v3"],
    "sparse-moe": ["GShard", "Switch Transformers", "Mixtral"],
    "scaling-laws": ["Chinchilla"],
    "llama": ["Llama 2", "Alpaca", "Vicuna"],
    "llama-2": ["Code Llama", "Llama 2 Long", "Llama 3"],
    "imagen": ["Imagen Video", "Parti"],
    "dpo": ["IPO", "KTO", "ORPO", "SimPO"],
    "rag": ["REALM", "RETRO", "Atlas"],
    "chain-of-thought": ["Self-Consistency", "Zero-shot CoT", "Tree of Thoughts"],
}

# The archive gives surnames ("Vaswani et al."); the full names, for papers with no file.
FULL_NAMES = {
    "Rumelhart": "David E. Rumelhart", "Hinton": "Geoffrey E. Hinton",
    "Williams": "Ronald J. Williams", "Hochreiter": "Sepp Hochreiter",
    "Schmidhuber": "Jürgen Schmidhuber", "Mikolov": "Tomas Mikolov",
    "Sutskever": "Ilya Sutskever", "Vinyals": "Oriol Vinyals", "Le": "Quoc V. Le",
    "Bahdanau": "Dzmitry Bahdanau", "Cho": "Kyunghyun Cho", "Bengio": "Yoshua Bengio",
    "Vaswani": "Ashish Vaswani", "Radford": "Alec Radford", "Devlin": "Jacob Devlin",
    "Raffel": "Colin Raffel", "Liu": "Yinhan Liu", "Brown": "Tom B. Brown",
    "Shazeer": "Noam Shazeer", "Shoeybi": "Mohammad Shoeybi", "Kaplan": "Jared Kaplan",
    "Fedus": "William Fedus", "Hoffmann": "Jordan Hoffmann", "Jiang": "Albert Q. Jiang",
    "Su": "Jianlin Su", "Frantar": "Elias Frantar", "Ainslie": "Joshua Ainslie",
    "Saharia": "Chitwan Saharia", "Christiano": "Paul Christiano", "Bai": "Yuntao Bai",
    "Ouyang": "Long Ouyang", "Wei": "Jason Wei", "Yao": "Shunyu Yao",
}  # fmt: skip

# Archive blocks that lost their heading, identified by their byline (authors, org).
HEADLESS = {("Jiang et al.", "Mistral AI"): "mistral-7b"}


def norm(name: str) -> str:
    """Matching key: lower case, letters and digits only ('GPT 2' == 'GPT-2' == 'gpt2')."""
    return re.sub(r"[^0-9a-z]", "", name.casefold().replace("+", "plus"))


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------- inputs


@dataclass
class Entry:
    """A catalog line plus the seed records attached to it (facts only)."""

    id: str
    short: str
    date: str
    era: str
    org: str
    arxiv: str
    title: str
    aliases: list[str]
    line: int
    sources: set[str] = field(default_factory=set)
    archive: seeds.ArchivePaper | None = None
    archive_era: str = ""
    rows: list[seeds.TableRow] = field(default_factory=list)


def load_catalog(path: Path) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) == 7:
            parts.append("")
        if len(parts) != 8:
            raise SystemExit(f"{path.name}:{n}: expected 8 fields, got {len(parts)}: {raw!r}")
        pid, short, date, era, org, arxiv, title, aliases = parts
        if pid in entries:
            raise SystemExit(f"{path.name}:{n}: duplicate id {pid}")
        entries[pid] = Entry(
            pid, short, date, era, org, arxiv, title,
            [a.strip() for a in aliases.split(";") if a.strip()], n,
        )  # fmt: skip
    return entries


def alias_index(entries: dict[str, Entry]) -> dict[str, str]:
    index: dict[str, str] = {}
    for e in entries.values():
        for name in (e.id, e.short, e.title, *e.aliases):
            key = norm(name)
            if key and index.setdefault(key, e.id) != e.id:
                raise SystemExit(f"catalog: name {name!r} is claimed by {index[key]} and {e.id}")
    return index


def load_lineage(path: Path) -> dict[str, list[dict[str, str]]]:
    """Lines 'child: target [type] (why); target2' -> {child: [{id, type, why}, ...]}."""
    edges: dict[str, list[dict[str, str]]] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        child, _, rest = line.partition(":")
        if not rest.strip():
            raise SystemExit(f"{path.name}:{n}: no targets: {raw!r}")
        child = child.strip()
        for part in rest.split(";"):
            m = re.match(r"^\s*([a-z0-9][a-z0-9-]*)\s*(?:\[([a-z-]+)\])?\s*(?:\((.*)\))?\s*$", part)
            if not m:
                raise SystemExit(f"{path.name}:{n}: bad edge {part!r}")
            edge = {"id": m[1], "type": m[2] or "", "why": (m[3] or "").strip()}
            if any(e["id"] == edge["id"] for e in edges.get(child, [])):
                raise SystemExit(f"{path.name}:{n}: duplicate edge {child} -> {edge['id']}")
            edges.setdefault(child, []).append(edge)
    return edges


def load_authors(path: Path) -> dict[str, list[str]]:
    """Lines 'id: Name; Name' -> {id: [names]}."""
    out: dict[str, list[str]] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pid, _, names = line.partition(":")
        if pid.strip() in out or not names.strip():
            raise SystemExit(f"{path.name}:{n}: duplicate or empty entry {raw!r}")
        out[pid.strip()] = [x.strip() for x in names.split(";") if x.strip()]
    return out


def load_curated(papers_dir: Path, problems: list[str]) -> dict[str, dict[str, Any]]:
    """The curated paper files, by id (a file that does not parse is a problem)."""
    curated: dict[str, dict[str, Any]] = {}
    for path in sorted(papers_dir.glob("*.yaml")):
        where = f"papers/{path.name}"
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(f"{where}: does not parse: {str(exc).splitlines()[0]}")
            continue
        if not isinstance(doc, dict) or doc.get("id") != path.stem:
            problems.append(f"{where}: not a paper mapping whose id is {path.stem!r}")
            continue
        unknown = set(doc) - set(PAPER_KEYS)
        if unknown:
            problems.append(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        curated[path.stem] = doc
    return curated


def gather(seeds_dir: Path, entries: dict[str, Entry]) -> list[str]:
    """Attach every seed record to its catalog entry; return problems (unmatched records)."""
    index = alias_index(entries)
    problems: list[str] = []
    archive = seeds.parse_archive(seeds.find_seed(seeds_dir, "001"))
    for ap in archive.papers:
        pid = HEADLESS.get((ap.authors_raw, ap.org)) if not ap.short else index.get(norm(ap.short))
        if pid is None:
            problems.append(f"001: no catalog entry for {ap.short!r} / {ap.title!r}")
            continue
        e = entries[pid]
        e.archive, e.archive_era = ap, era_rules.era_id_for_archive_name(ap.era_name)
        e.sources.add("archive")
    for row in seeds.parse_tables(seeds.find_seed(seeds_dir, "004")):
        pid = index.get(norm(row.name))
        if pid is None:
            problems.append(f"004:{row.line}: no catalog entry for {row.name!r}")
            continue
        entries[pid].rows.append(row)
        entries[pid].sources.add("explained")
    by_arxiv = {e.arxiv: e.id for e in entries.values() if e.arxiv}
    for item in seeds.parse_reading_list(seeds.find_seed(seeds_dir, "003")):
        pid = by_arxiv.get(item.arxiv) or index.get(norm(item.title))
        if pid is None:
            problems.append(f"003: no catalog entry for {item.title!r} ({item.arxiv})")
            continue
        if entries[pid].arxiv != item.arxiv:
            problems.append(f"003: {pid} has arXiv {entries[pid].arxiv!r}, list says {item.arxiv}")
        entries[pid].sources.add("reading-list")
    notes = seeds.parse_notes(seeds.find_seed(seeds_dir, "002"))
    matches = [
        ln.split("#")[0].strip()
        for ln in (HERE / "notes_match.txt").read_text(encoding="utf-8").splitlines()
        if ln.split("#")[0].strip()
    ]
    if len(matches) != len(notes):
        problems.append(f"002: {len(notes)} TLDRs but notes_match.txt has {len(matches)} lines")
    for pid in matches:
        if pid not in entries:
            problems.append(f"002: notes_match.txt names unknown id {pid!r}")
            continue
        entries[pid].sources.add("notes")
    return problems


# --------------------------------------------------------------------------- facts


def seed_date(e: Entry) -> str:
    if e.date:
        return e.date
    if e.archive and len(e.archive.date) >= 7:
        return e.archive.date
    for row in e.rows:
        d = seeds.parse_month_year(row.date_raw)
        if d:
            return d
    if e.archive:
        return e.archive.date
    raise SystemExit(f"catalog:{e.line}: {e.id} has no date from any source")


def seed_explainers(e: Entry) -> tuple[str, str]:
    """A paper listed in two 004 sections has two explainers: the dedicated article is the
    explainer, the other (a section of a review article) becomes links.url."""
    urls = list(dict.fromkeys(r.url for r in e.rows if r.url))
    urls.sort(key=lambda u: "-review-" in u)
    if len(urls) > 2:
        raise SystemExit(f"{e.id}: more than two explainer links: {urls}")
    explainer, other = [*urls, "", ""][:2]
    return explainer, other


def seed_facts(e: Entry) -> dict[str, Any]:
    explainer, other = seed_explainers(e)
    return {
        "short": e.short or (e.archive.short if e.archive else e.rows[0].name),
        "title": e.title,
        "date": seed_date(e),
        "org": (e.archive.org if e.archive else "") or e.org,
        "arxiv": e.arxiv,
        "explainer": explainer,
        "url": other,
        "sources": [s for s in SOURCE_ORDER if s in e.sources],
    }


def archive_authors(raw: str) -> list[str]:
    names = [n.strip() for n in raw.replace(" et al.", "").split(",") if n.strip()]
    return [FULL_NAMES.get(n, n) for n in names]


# --------------------------------------------------------------------------- one paper


def edge_of(item: Any) -> dict[str, str]:
    if isinstance(item, str):
        return {"id": item, "type": "", "why": ""}
    if isinstance(item, dict) and "id" in item:
        return {
            "id": str(item["id"]),
            "type": str(item.get("type") or ""),
            "why": str(item.get("why") or ""),
        }
    raise ValueError(f"bad builds_on entry {item!r}")


def build_paper(
    pid: str,
    e: Entry | None,
    cur: dict[str, Any] | None,
    fallback: dict[str, Any],
    spans: dict[str, tuple[int, int | None]],
    diffs: list[str],
) -> dict[str, Any]:
    """The output record of one paper: facts from the seeds, the rest from our files."""
    cur = cur or {}
    facts = seed_facts(e) if e else {}
    cur_links = cur.get("links") or {}

    def fact(key: str, curated: Any, fill: bool = True) -> Any:
        """The curated file's value (a reviewed correction) or else the seeds'; `fill=False`
        for a fact a curator may drop on purpose (a doubtful arXiv id or organisation)."""
        seeded = facts.get(key)
        if seeded not in (None, "", []) and curated != seeded and (cur or curated):
            diffs.append(f"{pid}: {key}: seeds/catalog {seeded!r}, curated file {curated!r}")
        if curated not in (None, "", []) or (cur and not fill):
            return curated
        return seeded

    date = str(fact("date", cur.get("date")) or "")
    era = cur.get("era")
    if not era and e is not None:
        year = int(date[:4])
        # the catalog's topic override, then the archive's era, if the era covers the year
        fits = [x for x in (e.era, e.archive_era) if x and era_rules.within(spans, x, year)]
        era = fits[0] if fits else era_rules.era_for([r.section for r in e.rows], year, spans)
    if cur:
        authors = cur.get("authors") or []
    elif pid in fallback["authors"]:
        authors = fallback["authors"][pid]
    else:
        authors = archive_authors(e.archive.authors_raw) if e and e.archive else []
    text = fallback["texts"].get(pid, {}) if not cur else {}
    if cur:
        edges = [edge_of(x) for x in cur.get("builds_on") or []]
    else:
        edges = [dict(x) for x in fallback["lineage"].get(pid, [])]
    links = {
        "arxiv": fact("arxiv", cur_links.get("arxiv"), fill=False),
        "explainer": fact("explainer", cur_links.get("explainer")),
        "url": fact("url", cur_links.get("url")),
    }
    sources = fact("sources", cur.get("sources")) or []
    # notes: a key only for a source that mentions the paper, a value only in our words
    notes = {str(k): v for k, v in (cur.get("notes") or {}).items() if v}
    return {
        "id": pid,
        "kind": cur.get("kind"),
        "part_of": cur.get("part_of"),
        "short": fact("short", cur.get("short")),
        "title": fact("title", cur.get("title")),
        "date": date,
        "released": cur.get("released"),
        "era": era,
        "authors": authors,
        "authors_truncated": cur.get("authors_truncated"),
        "org": fact("org", cur.get("org"), fill=False),
        "tags": cur.get("tags") or [],
        "summary": cur.get("summary") or text.get("summary", ""),
        "why_it_matters": cur.get("why_it_matters") or text.get("why", ""),
        "related": cur.get("related") or (ARCHIVE_RELATED.get(pid, []) if not cur else []),
        "builds_on": edges,
        "links": links,
        "notes": notes,
        "sources": sources,
    }


# --------------------------------------------------------------------------- checks


class Vocab:
    """The hand-edited vocabularies: eras (with years), tags, organisations."""

    def __init__(self, data: Path, problems: list[str]) -> None:
        self.texts = {n: (data / n).read_text(encoding="utf-8") for n in self.FILES}
        self.eras = yaml.safe_load(self.texts["eras.yaml"]) or []
        self.tags = yaml.safe_load(self.texts["tags.yaml"]) or []
        self.orgs = yaml.safe_load(self.texts["orgs.yaml"]) or []
        self.spans = {e["id"]: (int(e["start"]), e.get("end")) for e in self.eras}
        self.tag_ids = {t["id"] for t in self.tags}
        self.org_names = {o["name"] for o in self.orgs}
        self.org_span = {o["name"]: (o.get("since"), o.get("until")) for o in self.orgs}
        self.org_fold: dict[str, str] = {}
        for o in self.orgs:
            for name in (o["name"], *(o.get("aliases") or [])):
                owner = self.org_fold.setdefault(fold(str(name)), o["name"])
                if owner != o["name"]:
                    problems.append(f"orgs.yaml: {name!r} belongs to {owner} and {o['name']}")
        for t in self.tags:
            if t.get("parent") and t["parent"] not in self.tag_ids:
                problems.append(f"tags.yaml: {t['id']}: unknown parent {t['parent']!r}")

    FILES = ("eras.yaml", "tags.yaml", "orgs.yaml")


def first_month(p: dict[str, Any]) -> str:
    """The earliest public month of a paper: its date, or its release when that came first
    (a model out before its report; the same month is never "later")."""
    return min(str(x)[:7] for x in (p["date"], p.get("released")) if x)


def last_month(p: dict[str, Any]) -> str:
    return max(str(x)[:7] for x in (p["date"], p.get("released")) if x)


def same_document(papers: dict[str, dict[str, Any]], a: str, b: str) -> bool:
    """Whether a and b are a whole and its part, or two parts of one whole (they share the
    document's title and arXiv id)."""
    pa, pb = papers[a]["part_of"], papers[b]["part_of"]
    return pa == b or pb == a or bool(pa and pa == pb)


def validate(
    papers: dict[str, dict[str, Any]], vocab: Vocab
) -> tuple[list[str], dict[str, list[str]]]:
    """Structural problems (fatal) and curation warnings (by kind; the curators' to-do)."""
    problems: list[str] = []
    warn: dict[str, list[str]] = {}

    def w(kind: str, msg: str) -> None:
        warn.setdefault(kind, []).append(msg)

    seen_title: dict[str, str] = {}
    seen_arxiv: dict[str, str] = {}
    for pid, p in papers.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", pid):
            problems.append(f"{pid}: bad id")
        for key in ("short", "title", "date", "era"):
            if not p.get(key):
                problems.append(f"{pid}: no {key}")
        if not re.fullmatch(r"\d{4}(-\d{2})?(-\d{2})?", str(p["date"])):
            problems.append(f"{pid}: bad date {p['date']!r}")
        if p["kind"] and p["kind"] not in KINDS:
            problems.append(f"{pid}: unknown kind {p['kind']!r}")
        if p["part_of"] and p["part_of"] not in papers:
            problems.append(f"{pid}: part_of unknown {p['part_of']!r}")
        if p["era"] not in vocab.spans:
            problems.append(f"{pid}: unknown era {p['era']!r}")
        elif not era_rules.within(vocab.spans, p["era"], int(str(p["date"])[:4])):
            w("date outside its era", f"{pid}: {p['date']} is outside era {p['era']}")

        key = str(p["title"]).casefold()
        if key in seen_title and not same_document(papers, pid, seen_title[key]):
            w("same title", f"{pid}: same title as {seen_title[key]}")
        seen_title.setdefault(key, pid)
        arxiv = p["links"].get("arxiv")
        if arxiv:
            if not re.fullmatch(r"\d{4}\.\d{4,5}", str(arxiv)):
                problems.append(f"{pid}: bad arXiv id {arxiv}")
            elif arxiv in seen_arxiv and not same_document(papers, pid, seen_arxiv[arxiv]):
                w("same arXiv id", f"{pid}: same arXiv id as {seen_arxiv[arxiv]}")
            seen_arxiv.setdefault(arxiv, pid)
        if not p["sources"]:
            w("no source", f"{pid}: no seed mentions it")
        for key in p["notes"]:
            if key not in p["sources"]:
                w("notes key not a source of the paper", f"{pid}: notes.{key}")
        for tag in p["tags"]:
            if tag not in vocab.tag_ids:
                w("tag not in tags.yaml", f"{pid}: tag {tag!r}")
        if not p["tags"]:
            w("no tags", pid)
        if not p["summary"]:
            w("no summary", pid)
        org = p["org"]
        since, until = vocab.org_span.get(org, (None, None))
        month = str(p["date"])[:7]
        if (since and month < str(since)) or (until and month > str(until)):
            w("org name not in use at the paper's date", f"{pid}: {org!r} in {month}")
        if org and org not in vocab.org_names:
            canon = vocab.org_fold.get(fold(str(org)))
            if canon:
                w("org is an alias", f"{pid}: org {org!r} is spelt {canon!r}")
            else:
                w("org not in orgs.yaml", f"{pid}: org {org!r}")
        for edge in p["builds_on"]:
            target = papers.get(edge["id"])
            if edge["type"] and edge["type"] not in EDGE_TYPES:
                problems.append(f"{pid}: edge to {edge['id']} has unknown type {edge['type']!r}")
            if not edge["type"] or not edge["why"]:
                w("edge without type or why", f"{pid} -> {edge['id']}")
            if target is None:
                problems.append(f"{pid}: builds on unknown {edge['id']}")
            elif edge["id"] == pid:
                problems.append(f"{pid}: builds on itself")
            elif first_month(target) > last_month(p):
                later = f"{edge['id']} ({first_month(target)})"
                problems.append(f"{pid} ({last_month(p)}) builds on later {later}")
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for edge in papers[node]["builds_on"]:
            t = edge["id"]
            if t not in papers:
                continue
            if state.get(t) == 1:
                problems.append("cycle: " + " -> ".join([*path, node, t]))
            elif t not in state:
                visit(t, [*path, node])
        state[node] = 2

    for pid in papers:
        if pid not in state:
            visit(pid, [])
    return problems, warn


def copied_prose(
    papers: dict[str, dict[str, Any]], vocab: Vocab, seed_docs: copycheck.Seeds
) -> list[str]:
    """Every copied piece in the prose about to be written: 'file: field: piece'."""
    docs: list[tuple[str, Any]] = [(n, yaml.safe_load(vocab.texts[n])) for n in vocab.FILES]
    docs += [(f"papers/{pid}.yaml", record(p)) for pid, p in papers.items()]
    found = [
        f"{name}: {where}: {piece!r}"
        for name, doc in docs
        for where, text in copycheck.prose(doc)
        for piece in seed_docs.copied(text)
    ]
    return list(dict.fromkeys(found))  # a clause can also be a whole sentence: once each


# --------------------------------------------------------------------------- writing


class _Flow(list[str]):
    """A list written in flow style ([a, b]): tags."""


class _Dumper(yaml.SafeDumper):
    fold = True


def _represent_str(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    style = None
    if "\n" in data:
        style = "|"
    elif dumper.fold and len(data) > 80 and " " in data and data == data.strip():
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: _Dumper, data: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(data), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


class _PlainDumper(_Dumper):
    fold = False


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, dict)) and not value)


def record(p: dict[str, Any]) -> dict[str, Any]:
    """The paper as written: canonical key order, empty values dropped."""
    out: dict[str, Any] = {}
    for key in PAPER_KEYS:
        value = p.get(key)
        if _empty(value):
            continue
        if key == "authors_truncated":
            out[key] = bool(value)
        elif key in ("authors", "related", "sources"):
            out[key] = [str(v) for v in value]
        elif key == "tags":
            out[key] = _Flow(str(v) for v in value)
        elif key == "builds_on":
            out[key] = [{k: str(v) for k, v in edge.items() if v} for edge in value]
        elif key in ("links", "notes"):
            kept = {str(k): str(v) for k, v in value.items() if not _empty(v)}
            if kept:
                out[key] = kept
        else:
            out[key] = str(value)
    return out


def dump(p: dict[str, Any]) -> str:
    fields = record(p)
    plain = {k: list(v) if isinstance(v, _Flow) else v for k, v in fields.items()}
    for dumper in (_Dumper, _PlainDumper):
        text = yaml.dump(
            fields, Dumper=dumper, sort_keys=False, default_flow_style=False,
            allow_unicode=True, width=92, indent=2,
        )  # fmt: skip
        if yaml.safe_load(text) == plain:
            return text
    raise ValueError(f"paper {p['id']!r} does not round-trip through YAML")  # pragma: no cover


def write(out: Path, papers: dict[str, dict[str, Any]], vocab: Vocab) -> None:
    out_papers = out / "papers"
    out_papers.mkdir(parents=True, exist_ok=True)
    for name in vocab.FILES:
        (out / name).write_text(vocab.texts[name], encoding="utf-8")
    wanted = {f"{pid}.yaml" for pid in papers}
    for stale in out_papers.glob("*.yaml"):
        if stale.name not in wanted:
            stale.unlink()
    for pid, p in papers.items():
        text = dump(p)
        path = out_papers / f"{pid}.yaml"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    ap.add_argument("--data", type=Path, default=REPO / "data", help="the curated data folder")
    ap.add_argument("--out", type=Path, help="where to write the rebuilt data folder")
    ap.add_argument("--check", action="store_true", help="validate only, write nothing")
    ap.add_argument("--verbose", action="store_true", help="list every warning and fact diff")
    args = ap.parse_args(argv)
    if not args.check and args.out is None:
        ap.error("give --out DIR (or --check)")
    if args.out is not None and args.out.resolve() == args.data.resolve():
        ap.error("--out must not be the curated data folder: write elsewhere and diff")

    problems: list[str] = []
    entries = load_catalog(HERE / "catalog.txt")
    problems += gather(args.seeds, entries)
    curated = load_curated(args.data / "papers", problems)
    vocab = Vocab(args.data, problems)
    fallback = {
        "texts": yaml.safe_load((HERE / "texts.yaml").read_text(encoding="utf-8")) or {},
        "lineage": load_lineage(HERE / "lineage.txt"),
        "authors": load_authors(HERE / "authors.txt"),
    }
    for name, table in fallback.items():
        problems += [f"{name}: unknown paper {k}" for k in table if k not in entries]
    diffs: list[str] = []
    ids = sorted(set(entries) | set(curated))
    papers = {
        pid: build_paper(pid, entries.get(pid), curated.get(pid), fallback, vocab.spans, diffs)
        for pid in ids
    }
    found, warn = validate(papers, vocab)
    problems += found
    copied = copied_prose(papers, vocab, copycheck.Seeds(args.seeds))

    only_curated = len(set(curated) - set(entries))
    print(
        f"{len(papers)} papers: {len(curated)} curated files ({only_curated} with no seed), "
        f"{len(papers) - len(curated)} from the seeds and our fallback tables only",
        file=sys.stderr,
    )
    if diffs:
        kinds = Counter(d.split(": ")[1] for d in diffs)
        listed = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        print(f"facts the curated files correct: {listed}", file=sys.stderr)
        if args.verbose:
            print("\n".join(f"  {d}" for d in diffs), file=sys.stderr)
    for kind, items in sorted(warn.items()):
        print(f"warning: {kind}: {len(items)}", file=sys.stderr)
        if args.verbose:
            print("\n".join(f"  {i}" for i in items), file=sys.stderr)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s)", file=sys.stderr)
    if copied:
        print("\n".join(copied), file=sys.stderr)
        files = len({c.split(": ")[0] for c in copied})
        print(
            f"refused: {len(copied)} copied piece(s) in {files} file(s) would be written; "
            "rewrite them in our own words",
            file=sys.stderr,
        )
    if problems or copied:
        print("nothing written", file=sys.stderr)
        return 1
    if args.check:
        print(f"ok: {len(papers)} papers, no copied prose")
        return 0
    write(args.out, papers, vocab)
    print(f"wrote {len(papers)} papers, eras, tags and orgs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
