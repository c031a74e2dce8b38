"""The screens of papertui: the main explorer (:mod:`.main`, with its searches in
:mod:`.searches` and its jumps and back/forward trail in :mod:`.trail`) and its modal
helpers."""
