"""Build the bundled data/ from the four seed documents plus the curated tables here.

    .venv/bin/python scripts/build_data/build.py [--seeds DIR] [--out DATA_DIR] [--check]

Inputs (all reviewable text):
  ../shared/seeds/001..004   the sources (parsed by seeds.py)
  catalog.txt                one line per paper: id, short, date/era fixes, org, arXiv id,
                             title, aliases
  texts.yaml                 summaries in our own words (archive papers, 002/003-only papers)
  notes_match.txt            which paper each TLDR of the notes (002) belongs to
  lineage.txt                builds_on edges with short reasons
  authors.txt                authors of non-archive papers (only names we are sure of)
  eras.py                    the eras and the era assignment rule
Output: data/eras.yaml and data/papers/<id>.yaml, written with papertui.library.writer.dump_paper.
Deterministic: same inputs, same bytes. Stale paper files are removed.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

import eras as era_rules  # noqa: E402
import seeds  # noqa: E402

from papertui.library.writer import dump_paper  # noqa: E402

SOURCE_ORDER = ("archive", "notes", "reading-list", "explained")

# The archive's tag vocabulary (its tag lines run the tags together: "MultimodalScaling LawsRLHF").
ARCHIVE_TAGS = (
    "Attention", "Autoregressive", "Transformer", "Masked LM", "Zero-Shot", "Scaling Laws",
    "Few-Shot", "Multimodal", "Speech Recognition", "MoE", "Distillation", "Open Weight", "RLHF",
    "Instruction Tuning", "Long Context", "Diffusion", "Text-to-Image", "Constitutional AI",
    "Tool Use", "Chain-of-Thought", "Reasoning", "Agentic", "Test-Time Compute",
)  # fmt: skip

# The archive's "Related Models:" lists were lost in the copy; restored from the real families.
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

# The archive gives surnames ("Vaswani et al."); these are the full names we are sure of.
FULL_NAMES = {
    "Rumelhart": "David E. Rumelhart",
    "Hinton": "Geoffrey E. Hinton",
    "Williams": "Ronald J. Williams",
    "Hochreiter": "Sepp Hochreiter",
    "Schmidhuber": "Jürgen Schmidhuber",
    "Mikolov": "Tomas Mikolov",
    "Sutskever": "Ilya Sutskever",
    "Vinyals": "Oriol Vinyals",
    "Le": "Quoc V. Le",
    "Bahdanau": "Dzmitry Bahdanau",
    "Cho": "Kyunghyun Cho",
    "Bengio": "Yoshua Bengio",
    "Vaswani": "Ashish Vaswani",
    "Radford": "Alec Radford",
    "Devlin": "Jacob Devlin",
    "Raffel": "Colin Raffel",
    "Liu": "Yinhan Liu",
    "Brown": "Tom B. Brown",
    "Shazeer": "Noam Shazeer",
    "Shoeybi": "Mohammad Shoeybi",
    "Kaplan": "Jared Kaplan",
    "Fedus": "William Fedus",
    "Hoffmann": "Jordan Hoffmann",
    "Jiang": "Albert Q. Jiang",
    "Su": "Jianlin Su",
    "Frantar": "Elias Frantar",
    "Ainslie": "Joshua Ainslie",
    "Saharia": "Chitwan Saharia",
    "Christiano": "Paul Christiano",
    "Bai": "Yuntao Bai",
    "Ouyang": "Long Ouyang",
    "Wei": "Jason Wei",
    "Yao": "Shunyu Yao",
}

# Archive blocks that lost their heading, identified by their byline (authors, org).
HEADLESS = {("Jiang et al.", "Mistral AI"): "mistral-7b"}

# Light clean-up of the one-line descriptions of 004 (typos in the source).
DESCRIPTION_FIXES = {
    "exteded": "extended", "Instrustion": "instruction", "om better": "on better",
    "  ": " ", " ,": ",", "trained by finetuning": "trained by fine-tuning",
    "employees late interaction": "employs late interaction",
    "Successor of Command R+": "Successor of Command R",
}  # fmt: skip


def norm(name: str) -> str:
    """Matching key: lower case, letters and digits only ('GPT 2' == 'GPT-2' == 'gpt2')."""
    return re.sub(r"[^0-9a-z]", "", name.casefold().replace("+", "plus"))


@dataclass
class Entry:
    id: str
    short: str
    date: str
    era: str
    org: str
    arxiv: str
    title: str
    aliases: list[str]
    line: int
    # gathered from the sources
    sources: set[str] = field(default_factory=set)
    archive: seeds.ArchivePaper | None = None
    archive_era: str = ""
    rows: list[seeds.TableRow] = field(default_factory=list)
    note: str = ""
    reading: str = ""


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


def split_tags(raw: str) -> list[str]:
    tags: list[str] = []
    rest = raw
    vocab = sorted(ARCHIVE_TAGS, key=len, reverse=True)
    while rest:
        hit = next((t for t in vocab if rest.startswith(t)), None)
        if hit is None:
            raise SystemExit(f"archive tags {raw!r}: cannot split at {rest!r}")
        tags.append(hit)
        rest = rest[len(hit) :]
    return tags


def archive_authors(raw: str) -> list[str]:
    names = [n.strip() for n in raw.replace(" et al.", "").split(",") if n.strip()]
    return [FULL_NAMES.get(n, n) for n in names]


def clean_description(text: str) -> str:
    out = " ".join(text.split())
    for bad, good in DESCRIPTION_FIXES.items():
        out = out.replace(bad, good)
    out = out.strip()
    if out and out[-1] not in ".!?":
        out += "."
    return out[0].upper() + out[1:] if out else out


def load_lineage(path: Path) -> dict[str, list[dict[str, str]]]:
    """Lines 'child: target (why); target2' -> {child: [{id, why}, ...]}."""
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
            m = re.match(r"^\s*([a-z0-9][a-z0-9-]*)\s*(?:\((.*)\))?\s*$", part)
            if not m:
                raise SystemExit(f"{path.name}:{n}: bad edge {part!r}")
            edge = {"id": m[1], "why": (m[2] or "").strip()}
            if any(e["id"] == edge["id"] for e in edges.get(child, [])):
                raise SystemExit(f"{path.name}:{n}: duplicate edge {child} -> {edge['id']}")
            edges.setdefault(child, []).append(edge)
    return edges


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
        entries[pid].reading = item.notes
        entries[pid].sources.add("reading-list")
    notes = seeds.parse_notes(seeds.find_seed(seeds_dir, "002"))
    matches = [
        ln.split("#")[0].strip()
        for ln in (HERE / "notes_match.txt").read_text(encoding="utf-8").splitlines()
        if ln.split("#")[0].strip()
    ]
    if len(matches) != len(notes):
        problems.append(f"002: {len(notes)} TLDRs but notes_match.txt has {len(matches)} lines")
    for note, pid in zip(notes, matches, strict=False):
        if pid not in entries:
            problems.append(f"002: unknown id {pid!r} for TLDR {note.tldr[:40]!r}")
            continue
        entries[pid].note = note.tldr
        entries[pid].sources.add("notes")
    return problems


def paper_date(e: Entry) -> str:
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


def paper_tags(e: Entry) -> list[str]:
    tags: list[str] = []
    if e.archive and e.archive.tags_raw:
        tags += split_tags(e.archive.tags_raw)
    for row in e.rows:
        tags += [t for t in (row.section, row.subsection) if t]
    return list(dict.fromkeys(tags))


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


def build_fields(
    e: Entry,
    texts: dict[str, dict[str, str]],
    edges: list[dict[str, str]],
    authors: list[str],
) -> dict[str, Any]:
    date = paper_date(e)
    sections = [r.section for r in e.rows]
    era = e.archive_era or e.era or era_rules.era_for(sections, int(date[:4]))
    text = texts.get(e.id, {})
    summary = text.get("summary", "")
    if not summary and e.rows:
        summary = clean_description(e.rows[0].description)
    # A paper listed in two 004 sections has two explainers: the dedicated article is the
    # explainer, the other (a section of a review article) is kept as the other link.
    urls = list(dict.fromkeys(r.url for r in e.rows if r.url))
    urls.sort(key=lambda u: "-review-" in u)
    if len(urls) > 2:
        raise SystemExit(f"{e.id}: more than two explainer links: {urls}")
    explainer, other = [*urls, "", ""][:2]
    notes = {}
    if e.note:
        notes["notes"] = e.note
    if e.reading:
        notes["reading-list"] = e.reading
    return {
        "id": e.id,
        "short": e.short or (e.archive.short if e.archive else e.rows[0].name),
        "title": e.title,
        "date": date,
        "era": era,
        "authors": archive_authors(e.archive.authors_raw) if e.archive else authors,
        "org": (e.archive.org if e.archive else "") or e.org,
        "tags": paper_tags(e),
        "summary": summary,
        "why_it_matters": text.get("why", ""),
        "related": ARCHIVE_RELATED.get(e.id, []),
        "builds_on": edges,
        "links": {"arxiv": e.arxiv, "explainer": explainer, "url": other},
        "notes": notes,
        "sources": [s for s in SOURCE_ORDER if s in e.sources],
    }


def validate(papers: dict[str, dict[str, Any]]) -> list[str]:
    """Structural checks the loader/checker also make: ids, titles, arXiv, lineage."""
    problems: list[str] = []
    seen_title: dict[str, str] = {}
    seen_arxiv: dict[str, str] = {}
    for pid, p in papers.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", pid):
            problems.append(f"{pid}: bad id")
        key = p["title"].casefold()
        if key in seen_title:
            problems.append(f"{pid}: same title as {seen_title[key]}")
        seen_title.setdefault(key, pid)
        arxiv = p["links"].get("arxiv")
        if arxiv:
            if not re.fullmatch(r"\d{4}\.\d{4,5}", arxiv):
                problems.append(f"{pid}: bad arXiv id {arxiv}")
            if arxiv in seen_arxiv:
                problems.append(f"{pid}: same arXiv id as {seen_arxiv[arxiv]}")
            seen_arxiv.setdefault(arxiv, pid)
        if not p["sources"]:
            problems.append(f"{pid}: no source mentions it (catalog entry unused)")
        for edge in p["builds_on"]:
            target = papers.get(edge["id"])
            if target is None:
                problems.append(f"{pid}: builds on unknown {edge['id']}")
            elif edge["id"] == pid:
                problems.append(f"{pid}: builds on itself")
            else:
                n = min(len(target["date"]), len(p["date"]), 7)
                if target["date"][:n] > p["date"][:n]:
                    later = f"{edge['id']} ({target['date']})"
                    problems.append(f"{pid} ({p['date']}) builds on later {later}")
    # cycles
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
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    ap.add_argument("--out", type=Path, default=REPO / "data")
    ap.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = ap.parse_args(argv)

    entries = load_catalog(HERE / "catalog.txt")
    problems = gather(args.seeds, entries)
    texts = yaml.safe_load((HERE / "texts.yaml").read_text(encoding="utf-8"))
    lineage = load_lineage(HERE / "lineage.txt")
    problems += [f"lineage: unknown paper {c}" for c in lineage if c not in entries]
    authors = load_authors(HERE / "authors.txt")
    problems += [f"authors.txt: unknown paper {a}" for a in authors if a not in entries]
    problems += [
        f"authors.txt: {a} is an archive paper (the archive gives its authors)"
        for a in authors
        if a in entries and entries[a].archive
    ]
    papers = {
        pid: build_fields(e, texts, lineage.get(pid, []), authors.get(pid, []))
        for pid, e in sorted(entries.items())
    }
    problems += [f"texts.yaml: unknown paper {t}" for t in texts if t not in entries]
    problems += validate(papers)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    if args.check:
        print(f"ok: {len(papers)} papers")
        return 0
    out_papers = args.out / "papers"
    out_papers.mkdir(parents=True, exist_ok=True)
    (args.out / "eras.yaml").write_text(era_rules.eras_yaml(), encoding="utf-8")
    wanted = {f"{pid}.yaml" for pid in papers}
    for stale in out_papers.glob("*.yaml"):
        if stale.name not in wanted:
            stale.unlink()
    for pid, fields in papers.items():
        text = dump_paper(fields)
        path = out_papers / f"{pid}.yaml"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    print(f"wrote {len(papers)} papers and {len(era_rules.ERAS)} eras to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
