"""The screens of papertui: the main explorer and its modal helpers."""
