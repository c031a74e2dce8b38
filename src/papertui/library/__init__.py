"""The paper library: what a paper is and how a data folder becomes one (Textual-free core).

Owns the model and the era rule (:mod:`.model`), the data folder's layout and walk
(:mod:`.datafolder`), safe YAML composing (:mod:`.yamlsafe`), the paper field table and
source ids (:mod:`.fields`), the arXiv id grammar (:mod:`.ids`), the file schema
(:mod:`.schema`, on the node checks of :mod:`.nodes`), the tag and organisation vocabularies
(:mod:`.vocab`), the loader and its guarded file reading (:mod:`.loader`), the exit codes of
every command (:mod:`.exitcodes`), the collection checks behind ``papertui check``
(:mod:`.checks`), the canonical YAML writer (:mod:`.writer`), atomic locked writes of a
user's files (:mod:`.safewrite`), text neutralising for the screen and the command line
(:mod:`.sanitize`), the one way text and titles are compared (:mod:`.fold`), XDG paths
(:mod:`.paths`), problems (:mod:`.problems`) and the back/forward trail (:mod:`.history`).

May import: the standard library, PyYAML, rapidfuzz, platformdirs. Never Textual or Rich,
and nothing else of papertui: every other package builds on this one.
"""
