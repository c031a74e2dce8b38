"""The terminal UI on Textual: app, screens, widgets, palette, messages and the process edge.

Owns the app (:mod:`.app`, :mod:`.safeapp`, ``app.tcss``), the screens (:mod:`.screens`)
and widgets (:mod:`.widgets`, one per file), the command palette (:mod:`.commands`), the
typed messages (:mod:`.messages`), the ONE path from data text to screen
(:mod:`.safetext`), links and browsers (:mod:`.urls`), the run loop and process lifecycle
(:mod:`.run`, :mod:`.lifecycle`) and every use of Textual's private API
(:mod:`.textual_private`).

May import: everything in papertui's core packages, Textual, Rich. Nothing imports it
but the command line (:mod:`papertui.cli`).
"""
