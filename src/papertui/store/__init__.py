"""The load cache: a data folder parsed once, read back in milliseconds (Textual-free core).

Owns the cache file format (:mod:`.format`) and reading it back (:mod:`.reader`), its raw
search columns (:mod:`.columns`), the lazily decoded papers (:mod:`.lazypapers`), when the
cache is used and how a cold load runs (:mod:`.load`), the child process of a big cold load
(:mod:`.child` starts ``python -P -m papertui.store.build``, :mod:`.build` is that entry
point) and the hand-over of a result computed on another thread (:mod:`.handover`).

May import: :mod:`papertui.library`, :mod:`papertui.search` (the indexes it stores), the
standard library, msgspec. Never Textual, Rich or :mod:`papertui.tui`.
"""
