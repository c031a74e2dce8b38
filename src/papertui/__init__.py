"""papertui: a keyboard-first terminal explorer for research papers."""

__version__ = "0.1.0"
