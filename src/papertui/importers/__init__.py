"""Importers: turn other people's paper lists into papertui YAML (core, no Textual).

``papertui import FORMAT FILE --out DIR`` parses FILE with one of

- :mod:`~papertui.importers.markdown_table` (awesome-list tables under headings),
- :mod:`~papertui.importers.reading_list` (Markdown with arXiv links and notes),
- :mod:`~papertui.importers.bibtex` (BibTeX / BibLaTeX, LaTeX accents decoded),

each producing :class:`~papertui.importers.base.ImportedPaper` records, then merges them into
the data folder with :mod:`~papertui.importers.merge` (by arXiv id, then name, then title
similarity; curated fields are never overwritten silently). :func:`run_import` is the command.

May import: :mod:`papertui.library` (the model, the data folder walk, safe YAML, the
writer), the standard library, markdown-it-py, bibtexparser, rapidfuzz. Never Textual, Rich,
:mod:`papertui.search`, :mod:`papertui.store` or :mod:`papertui.tui`.
"""

from __future__ import annotations

from papertui.importers.base import ImportedPaper, ImportProblem, ParseResult
from papertui.importers.cli import run_import

__all__ = ["ImportProblem", "ImportedPaper", "ParseResult", "run_import"]
