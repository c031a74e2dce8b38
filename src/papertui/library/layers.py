"""Layered data folders: ``--data base --data mine`` (Textual-free core).

A later folder may add papers, eras and tags, and its papers may build on the papers of
an earlier one; it never replaces anything. A paper (or era) id that an earlier folder
already defines is a problem (listed by ``papertui check`` and the app's ``!``), and the
earlier definition is kept. A later folder need not have an ``eras.yaml`` of its own.

Each folder is loaded (and cached) on its own; :func:`merge_layers` joins the results and
says which folder every paper came from (:attr:`Layered.origin`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from papertui.library.datafolder import ERAS_FILE, PAPERS_DIR, LoadResult
from papertui.library.model import Era, Library, Paper
from papertui.library.problems import Problem


@dataclass(frozen=True, slots=True)
class Layered:
    result: LoadResult
    folders: tuple[Path, ...]
    origin: Mapping[str, int] = field(default_factory=dict)  # paper id -> index in folders

    def folder_of(self, paper_id: str) -> Path | None:
        index = self.origin.get(paper_id)
        return self.folders[index] if index is not None else None


def _paper_file(folder: Path, paper_id: str) -> str:
    path = folder / PAPERS_DIR / f"{paper_id}.yaml"
    return str(path if path.is_file() else folder / PAPERS_DIR)


def merge_layers(layers: Sequence[tuple[Path, LoadResult]]) -> Layered:
    """One library from the folders' results, earliest first (see the module's rules)."""
    if len(layers) == 1:
        folder, result = layers[0]
        return Layered(result, (folder,))
    eras: dict[str, Era] = {}
    era_home: dict[str, Path] = {}
    papers: dict[str, Paper] = {}
    origin: dict[str, int] = {}
    parents: dict[str, str] = {}
    problems: list[Problem] = []
    for index, (folder, result) in enumerate(layers):
        for problem in result.problems:
            if index and problem.message == f"missing {ERAS_FILE}":
                continue  # a layer may add papers to the eras of the folders below it
            problems.append(problem)
        for era in result.library.eras:
            if era.id in eras:
                if era != eras[era.id]:
                    home = era_home[era.id] / ERAS_FILE
                    msg = f"era {era.id!r} is already defined in {home}; that one is kept"
                    problems.append(Problem(str(folder / ERAS_FILE), 1, 1, msg))
                continue
            eras[era.id] = era
            era_home[era.id] = folder
        for paper_id, paper in result.library.papers.items():
            if paper_id in papers:
                first = layers[origin[paper_id]][0]
                msg = (
                    f"paper id {paper_id!r} is already defined in the data folder {first} "
                    "(a later folder may add papers, never replace them); that one is kept"
                )
                problems.append(Problem(_paper_file(folder, paper_id), 1, 1, msg))
                continue
            papers[paper_id] = paper
            origin[paper_id] = index
        for tag, parent in result.library.tag_parents.items():
            parents.setdefault(tag, parent)
    kept: list[Paper] = []
    for paper_id, paper in papers.items():
        if origin[paper_id] and eras and paper.era not in eras:  # as the loader: skipped
            folder = layers[origin[paper_id]][0]
            msg = f"unknown era {paper.era!r} (eras: {', '.join(sorted(eras))})"
            problems.append(Problem(_paper_file(folder, paper_id), 1, 1, msg))
            del origin[paper_id]
            continue
        kept.append(paper)
    library = Library.build(eras.values(), kept, parents)
    folders = tuple(folder for folder, _result in layers)
    return Layered(LoadResult(library, tuple(problems)), folders, origin)
