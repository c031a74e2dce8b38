"""Which editor opens a problem's file, and how it is told the line (issue 16 item 12)."""

from __future__ import annotations

import pytest

from papertui.tui.editor import editor_command, open_at
from papertui.tui.lifecycle import WEB_DRIVER


def test_visual_wins_over_editor_and_is_split_as_a_shell_would() -> None:
    env = {"VISUAL": "code --wait", "EDITOR": "vi"}
    assert editor_command(env) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'/opt/my editor/ed'"}) == ["/opt/my editor/ed"]


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"EDITOR": "  "},
        {"EDITOR": "vi 'unbalanced"},
        {"EDITOR": "vi", "TEXTUAL_DRIVER": WEB_DRIVER},
    ],
)
def test_no_editor_unset_unusable_or_in_a_browser_session(env: dict[str, str]) -> None:
    assert editor_command(env) is None


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        (["vim"], ["vim", "+12", "p.yaml"]),
        (["/usr/bin/nano"], ["/usr/bin/nano", "+12", "p.yaml"]),
        (["code", "--wait"], ["code", "--wait", "--goto", "p.yaml:12:5"]),
        (["hx"], ["hx", "p.yaml:12:5"]),
    ],
)
def test_the_line_is_given_the_way_each_editor_takes_it(
    editor: list[str], expected: list[str]
) -> None:
    assert open_at(editor, "p.yaml", 12, 5) == expected
