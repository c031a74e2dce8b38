"""Problems that follow from another one (Textual-free core).

A paper file that does not load (a YAML syntax error, a missing required field) leaves
every ``builds_on`` link to its id dangling. Listed one per line, sorted by file, those
links come first and bury their one cause: ``papertui check`` printed nine problems for
one broken file, and the app (which lists only what the loader reported) one. Both now
report the cause once, with the links that dangle because of it grouped under it
(:func:`group`), and count one problem.

A paper's id equals its file's stem (``papers/<id>.yaml``), so a load problem in a paper
file whose stem is no loaded id names the paper that did not load (:func:`not_loaded`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from papertui.library.datafolder import PAPERS_DIR
from papertui.library.model import Link, Paper
from papertui.library.problems import Problem

_YAML = frozenset({".yaml", ".yml"})


def problem_at(paper: Paper, message: str, link: Link | None = None) -> Problem:
    """A problem at ``link``'s ``builds_on`` entry when its position is known, else at
    ``paper``."""
    if link is not None and link.line:
        return Problem(paper.file, link.line, link.col or 1, message)
    return Problem(paper.file, paper.line or 1, 1, message)


def dangling_link(paper: Paper, link: Link) -> Problem:
    """The one wording of a ``builds_on`` link to no paper in the collection."""
    msg = f"builds_on {link.target!r}: no paper with that id in the collection"
    return problem_at(paper, msg, link)


@dataclass(frozen=True, slots=True)
class Reported:
    """A problem as reported: ``problem``, and the links to ``target`` (the id of the
    paper that did not load) that dangle because of it, each a problem of its own."""

    problem: Problem
    target: str = ""
    follow: tuple[Problem, ...] = ()

    @property
    def consequence(self) -> str:
        """ "N links to 'id' dangle because of it", or "" when nothing follows."""
        n = len(self.follow)
        if not n:
            return ""
        return f"{n} link{'s' if n != 1 else ''} to {self.target!r} dangle because of it"

    def __str__(self) -> str:
        more = self.consequence
        return f"{self.problem}; {more}" if more else str(self.problem)


def not_loaded(problems: Iterable[Problem], papers: Collection[str]) -> dict[str, Problem]:
    """Paper id -> the first problem of its file (``papers/**/<id>.yaml``), for every
    paper file with a problem whose paper is not among the loaded ``papers``."""
    found: dict[str, Problem] = {}
    for problem in sorted(problems, key=lambda p: p.sort_key):
        path = PurePath(problem.file)
        if path.suffix not in _YAML or PAPERS_DIR not in path.parent.parts:
            continue
        if path.stem not in papers and path.stem not in found:
            found[path.stem] = problem
    return found


def links_to(papers: Mapping[str, Paper], targets: Collection[str]) -> dict[str, list[Problem]]:
    """Target id -> the dangling-link problems of every ``builds_on`` link to it.

    It visits every paper (a lazily decoded library decodes them all), so the app calls
    it off the event loop and only when some paper did not load."""
    found: dict[str, list[Problem]] = {}
    if not targets:
        return found
    for paper in papers.values():
        for link in paper.builds_on:
            if link.target in targets and link.target not in papers:
                found.setdefault(link.target, []).append(dangling_link(paper, link))
    return found


def group(problems: Sequence[Problem], papers: Mapping[str, Paper]) -> list[Reported]:
    """``problems`` sorted by place, each dangling link to a paper that did not load moved
    under the problem of that paper's file (and found there if ``problems`` lacked it:
    the app's list holds only the loader's problems)."""
    causes = not_loaded(problems, papers.keys())
    follow = links_to(papers, causes.keys())
    moved = {p for links in follow.values() for p in links}
    target_of = {cause: target for target, cause in causes.items()}
    reported = []
    for problem in sorted(problems, key=lambda p: p.sort_key):
        if problem in moved:
            continue
        target = target_of.get(problem, "")
        links = tuple(sorted(follow.get(target, ()), key=lambda p: p.sort_key))
        reported.append(Reported(problem, target if links else "", links))
    return reported


__all__ = [
    "Reported",
    "dangling_link",
    "group",
    "links_to",
    "not_loaded",
    "problem_at",
]
