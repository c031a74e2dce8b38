"""The user's configuration file and remembered choices (Textual-free core).

Owns where the file is (:mod:`.locate`), what it may contain (:mod:`.schema`), reading
and checking it with file, key and line (:mod:`.load`), user theme files
(:mod:`.themes`) and the small state file that remembers a theme picked in the app
(:mod:`.remembered`).

May import: the standard library, platformdirs and :mod:`papertui.library`. Never
Textual or Rich: ``papertui config validate`` and the start-up path read it before
Textual is imported. :mod:`papertui.tui` builds on it.
"""
