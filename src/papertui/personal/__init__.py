"""The personal layer: read status, stars, notes, marks' exports (Textual-free core).

Owns the per-user state database (:mod:`.state`: SQLite under the XDG state directory,
keyed by paper id, safe with two sessions), the ``is:``/``has:``/``note:`` filters resolved
against it (:mod:`.filters`) and the BibTeX, CSL-JSON and Markdown exports
(:mod:`.export`).

May import: the standard library, bibtexparser and :mod:`papertui.library`. Never Textual,
Rich, or the search, store or tui packages (the screen passes the filters' id sets to the
search engine, which knows nothing of the state).
"""
