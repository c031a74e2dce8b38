"""Search: from the text in the box to ranked, filtered results (Textual-free core).

Owns query parsing (:mod:`.query`), match highlighting (:mod:`.matching`; folding is
:mod:`papertui.library.fold`), the preprocessed index
(:mod:`.index`), strings as buffers (:mod:`.texts`), the word index (:mod:`.wordindex`),
letter counts for the fuzzy prefilter (:mod:`.charcounts`), tiers and the fuzzy ranking
(:mod:`.tiers`, :mod:`.ranking`), result id lists (:mod:`.paperids`), era/year/tag facets
(:mod:`.facets`), views and results (:mod:`.views`) and the engine that runs a view
(:mod:`.engine`).

May import: :mod:`papertui.library`, the standard library, rapidfuzz, numpy. Never
Textual, Rich, :mod:`papertui.store` or :mod:`papertui.tui`.
"""
