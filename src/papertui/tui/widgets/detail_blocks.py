"""The detail panel's paragraphs: title and metadata, fields, summary and notes, and the
"Builds on" / "Built upon by" links, built as :class:`Block` rows from a paper (the
widget, :mod:`papertui.tui.widgets.paper_detail`, wraps, scrolls and navigates them).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from textual.content import Content

from papertui.library.fields import OTHER_LINKS
from papertui.library.fold import fold
from papertui.library.model import Library, Link, Paper
from papertui.personal.entry import STATUS_MARKS, Entry
from papertui.tui.safetext import safe_link, safe_text

LABEL = "bold $text-secondary"
MUTED = "italic $text-muted"
NONE = Content("none").stylize(MUTED)
EMPTY = Content("No paper selected").stylize(MUTED)


def link_to(child: Paper, target: str) -> Link | None:
    return next((link for link in child.builds_on if link.target == target), None)


def edge_text(link: Link | None) -> str:
    """ "type: reason" of a builds-on edge, or whichever of the two the data gives."""
    if link is None:
        return ""
    return ": ".join(part for part in (link.type, link.reason) if part)


def field_row(name: str, value: Content) -> Content:
    return Content.assemble(safe_text(name, LABEL), Content(": ").stylize(LABEL), value)


def section(name: str, body: Content) -> Content:
    return Content.assemble(safe_text(name, LABEL), "\n", body)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the panel; ``link`` is its index in the panel's links, if any."""

    content: Content
    link: int | None = None
    indent: int = 0
    more: Content | None = None  # a link's edge type and reason: under it when highlighted
    find: str = ""  # a link's folded name and title, for type-to-find


GAP = Block(Content(""))


def head_blocks(library: Library, paper: Paper) -> list[Block]:
    era = library.era(paper.era)
    era_text = safe_text(f"{era.name} ({era.span})" if era else paper.era)
    dot = Content(" \u00b7 ").stylize("$text-muted")
    date = paper.date + (f" (released {paper.released})" if paper.released else "")
    meta = Content.assemble(
        safe_text(paper.short, "bold $text-accent"), dot, safe_text(date), dot, era_text
    )
    if paper.kind != "paper":
        meta = Content.assemble(meta, dot, safe_text(paper.kind, "italic"))
    blocks = [Block(safe_text(paper.title, "bold")), Block(meta)]
    whole = library.get(paper.part_of) if paper.part_of else None
    if whole is not None:
        of = Content.assemble(safe_text(whole.short, "bold"), " ", safe_text(whole.title))
        blocks.append(Block(field_row("Part of", of)))
    return blocks


def body_blocks(paper: Paper, tags: tuple[str, ...]) -> list[Block]:
    parts: list[Content] = []
    if paper.authors:
        names = ", ".join(paper.authors)
        if paper.authors_truncated:  # never present a cut list as complete
            names += f" et al. (first {len(paper.authors)} of more)"
        parts.append(field_row("Authors", safe_text(names)))
    if paper.org:
        parts.append(field_row("Org", safe_text(paper.org)))
    if tags:
        parts.append(field_row("Tags", safe_text(", ".join(tags), "$text-primary")))
    if paper.related:
        parts.append(field_row("Related models", safe_text(", ".join(paper.related))))
    if paper.arxiv:
        parts.append(field_row("arXiv", safe_link(paper.arxiv_url, style="underline")))
    if paper.explainer:
        parts.append(field_row("Explainer", safe_link(paper.explainer, style="underline")))
    if paper.url:
        parts.append(field_row("Web", safe_link(paper.url, style="underline")))
    for key, url in paper.other_links:
        parts.append(field_row(OTHER_LINKS.get(key, key), safe_link(url, style="underline")))
    if paper.summary:
        parts.append(section("Summary", safe_text(paper.summary, multiline=True)))
    if paper.why_it_matters:
        why = safe_text(paper.why_it_matters, multiline=True)
        parts.append(section("Why it matters", why))
    for source, note in paper.notes:
        parts.append(section(f"Notes ({source})", safe_text(note, multiline=True)))
    if paper.sources:
        parts.append(field_row("Sources", safe_text(", ".join(paper.sources), "$text-muted")))
    return [Block(part) for part in parts] if parts else [Block(NONE)]


def mine_blocks(entry: Entry) -> list[Block]:
    """The user's own state of the paper: status and star on a line, then the note."""
    state = f"{STATUS_MARKS[entry.status]} {entry.status}"
    if entry.starred:
        state += " \u00b7 * starred"
    blocks = [Block(field_row("Yours", safe_text(state, "$text-accent")))]
    if entry.note:
        blocks.append(Block(section("Your note", safe_text(entry.note, multiline=True))))
    return blocks


def lineage_blocks(
    title: str,
    papers: Sequence[tuple[Paper, str]],
    first: int,
    missing: Sequence[tuple[str, str]] = (),
) -> list[Block]:
    """A link list; ``missing``: (id, why) of links to no paper, shown but not visited."""
    blocks = [GAP, Block(Content(title).stylize(LABEL))]
    for offset, (paper, reason) in enumerate(papers):
        row = Content.assemble(
            safe_text(paper.short, "bold"),
            Content(f" {paper.date[:4]} ").stylize("$text-muted"),
            safe_text(paper.title),
        )
        more = safe_text(reason, MUTED) if reason else None
        find = f"{fold(paper.short)}\n{fold(paper.title)}"
        blocks.append(Block(row, link=first + offset, indent=2, more=more, find=find))
    for target, why in missing:
        row = Content.assemble(safe_text(target, "bold $text-muted"), Content(f" ({why})"))
        blocks.append(Block(row.stylize(MUTED), indent=2))
    if not papers and not missing:
        blocks.append(Block(NONE, indent=2))
    return blocks


# -- layout of the rows ---------------------------------------------------------------


def paper_blocks(
    library: Library,
    paper: Paper,
    folder: object | None = None,
    not_loaded: Collection[str] = (),
    mine: Entry | None = None,
) -> tuple[list[Block], list[str], list[str]]:
    """Every paragraph of ``paper``'s panel, and the ids of its two link lists in the order
    ``j`` visits them (``folder``: where it came from, when data folders are layered;
    ``mine``: the user's reading state of it, shown unless it is the default).

    A link to no paper is not lost: it is listed by id, "(not loaded)" when its file did
    not load (``not_loaded``: those ids), else "(not in the collection)"."""
    reasons = {link.target: edge_text(link) for link in paper.builds_on}
    builds_on = library.builds_on(paper.id)
    built_upon = library.built_upon(paper.id)
    blocks = head_blocks(library, paper)
    if folder is not None:  # layered data folders: say which one it came from
        blocks.append(Block(field_row("Folder", safe_text(str(folder), "$text-muted"))))
    if mine is not None and not mine.is_default:
        blocks += [GAP, *mine_blocks(mine)]
    blocks += [GAP, *body_blocks(paper, library.own_tags(paper))]
    links = [(p, reasons.get(p.id, "")) for p in builds_on]
    missing = [
        (link.target, "not loaded" if link.target in not_loaded else "not in the collection")
        for link in paper.builds_on
        if link.target != paper.id and link.target not in library.papers
    ]
    blocks += lineage_blocks("Builds on", links, 0, missing)
    links = [(p, edge_text(link_to(p, paper.id))) for p in built_upon]
    blocks += lineage_blocks("Built upon by", links, len(builds_on))
    return blocks, [p.id for p in builds_on], [p.id for p in built_upon]
