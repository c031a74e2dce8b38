"""What ``papertui check`` says about a data folder, now or after an import that is not
written yet (``papertui import --dry-run``; core, no Textual).

:func:`would_be_problems` builds the would-be folder in a temporary folder: every file
the import leaves alone is hard-linked there (copied where a link is impossible: another
file system), every file it would write is written there by the import's own writer
(:meth:`~papertui.importers.folder.DataFolder.write`, so the check sees exactly the bytes a
real import would write), and the folder is loaded and checked as ``papertui check`` does.
The user's folder is only read. Problem paths are given back as paths of the real folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from papertui.importers.folder import DataFolder, PaperFile, Record
from papertui.library.checks import check_lineage
from papertui.library.datafolder import ERAS_FILE, PAPERS_DIR, VOCABULARY_FILES, paper_files
from papertui.library.loader import load_library


def check_problems(root: Path) -> set[tuple[str, str]]:
    """(file, message) of every problem ``papertui check`` reports in ``root``."""
    result = load_library(root)
    found = [*result.problems, *check_lineage(result.library)]
    return {(p.file, p.message) for p in found}


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _rebased(folder: DataFolder, dest: Path) -> DataFolder:
    def moved(path: Path) -> Path:
        return dest / path.relative_to(folder.root)

    files = []
    for old in folder.files:
        records = [Record(moved(r.path), r.fields, r.changed) for r in old.records]
        files.append(PaperFile(moved(old.path), records, old.sequence))
    return DataFolder(dest, folder.eras, files, eras_text=folder.eras_text, eras_dirty=True)


def would_be_problems(folder: DataFolder) -> tuple[set[tuple[str, str]], list[str]]:
    """(problems of the folder as the merge left it in memory, write problems)."""
    written = {f.path for f in folder.files if any(r.changed for r in f.records)}
    with tempfile.TemporaryDirectory(prefix="papertui-dry-run-") as temp:
        dest = Path(temp) / "data"
        dest.mkdir()
        sources = [folder.root / ERAS_FILE, *(folder.root / n for n in VOCABULARY_FILES)]
        papers = folder.root / PAPERS_DIR
        sources += paper_files(papers) if papers.is_dir() else []
        for source in sources:
            own_eras = source.name == ERAS_FILE and folder.eras_text is not None
            if source.is_file() and source not in written and not own_eras:
                _link_or_copy(source, dest / source.relative_to(folder.root))
        copy = _rebased(folder, dest)
        copy.eras_dirty = folder.eras_text is not None  # the eras as the import would leave them
        _, failed = copy.write(durable=False)  # a throw-away folder: no fsync
        found = check_problems(dest)
    here = str(folder.root)  # the temporary folder's paths, in files and messages alike
    return {(f.replace(str(dest), here), m.replace(str(dest), here)) for f, m in found}, [
        line.replace(str(dest), here) for line in failed
    ]
