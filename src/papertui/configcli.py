"""``papertui config path | show | validate``: the configuration file, from the shell.

``show`` prints every setting as TOML with where its value came from (``--theme``,
``$PAPERTUI_THEME``, ``file:LINE``, ``default``); ``validate`` prints every problem as
``file:line: key: message`` (the keymap's binding ids and key names and the theme are
checked against Textual, so it imports Textual; ``path`` and ``show`` do not); ``keys``
lists every binding id with its keys (the default, or the keymap's).
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from papertui.config.load import Config
from papertui.config.schema import SETTINGS
from papertui.library.exitcodes import ExitCode


def run_config(action: str, config: Config, out: TextIO | None = None) -> int:
    out = out if out is not None else sys.stdout
    if action == "path":
        print(config.path, file=out)
        state = "exists" if config.exists else "does not exist (every setting has its default)"
        print(f"papertui config: from {config.path_source}; {state}", file=sys.stderr)
        return ExitCode.OK
    if action == "show":
        _show(config, out)
        return ExitCode.OK
    if action == "keys":
        from papertui.tui.configure import binding_ids  # Textual: the bindings live there

        keymap = config.keymap
        for binding_id, binding in sorted(binding_ids().items()):
            keys = keymap.get(binding_id, binding.key)
            mark = "  # remapped" if binding_id in keymap else ""
            print(f"{binding_id:<24} {keys:<32} {binding.description}{mark}", file=out)
        return ExitCode.OK
    problems = [str(problem) for problem in config.problems]
    from papertui.tui.configure import extra_problems  # Textual: only to validate

    problems += [str(problem) for problem in extra_problems(config)]
    for line in problems:
        print(line, file=out)
    where = f"{config.path}" if config.exists else f"{config.path} (not found: defaults)"
    print(f"checked {where}: {len(problems)} problem{'s' * (len(problems) != 1)}", file=out)
    return ExitCode.PROBLEMS if problems else ExitCode.OK


def _show(config: Config, out: TextIO) -> None:
    print(f"# {config.path} ({'found' if config.exists else 'not found'})", file=out)
    for setting in SETTINGS:
        value = config.values[setting.key]
        source = config.sources[setting.key]
        if setting.kind == "table":
            print(f"\n[{setting.key}]  # {source}", file=out)
            for key, keys in sorted(value.items()):
                print(f"{json.dumps(key)} = {json.dumps(keys)}", file=out)
            continue
        if setting.kind == "folders":
            text = json.dumps(list(value))
        elif setting.kind == "bool":
            text = "true" if value else "false"
        else:
            text = json.dumps(value)
        print(f"{setting.key} = {text}  # {source}", file=out)
