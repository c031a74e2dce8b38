"""Hostile data through every field the UI shows: no crash, no action, literal text visible.

Data: ``tests/data/hostile`` (see its ``generate.py``): each string class (markup, action
links, OSC title / OSC 52 / CSI / C1 escapes, NUL+DEL, bidi, wide CJK + ZWJ emoji, ``$``
variables, 10 kB) sits in every field of one paper, behind a field marker such as
``HX04-title``. One Pilot run per class captures the screens (cached); each class x field
pair is then its own test case.

Every capture also asserts that the composed screen holds no raw control character (what
would reach the terminal) and that no action ran (the app is running, nothing exited).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from papertui.tui.app import PaperTUI
from papertui.tui.messages import LibraryFailed
from papertui.tui.safetext import safe_text
from papertui.tui.widgets import PaperDetail

from .conftest import ready, settle
from .hostile import (
    CLASS_IDS,
    CLASSES,
    ERA_NAMES,
    HOSTILE,
    raw_controls,
    screen_text,
    visible,
)

SIZE = (200, 60)
LONG = "h-long"


@dataclass
class Capture:
    screens: dict[str, str] = field(default_factory=dict)  # step -> screen text
    rendered: str = ""  # plain text of the detail panel (incl. off-screen parts)
    search_value: str = ""
    problems: dict[str, list[str]] = field(default_factory=dict)  # step -> what went wrong


CAPTURES: dict[str, Capture] = {}

CLICKED = ("h02-action", "h03-link-markup")  # the classes that could make live links
CLICK_TARGETS = (
    "#detail",
    "#results",
    "#tags",
    "#eras",
    "#breadcrumb",
    "#status",
    "#header",
)


def _check(app: PaperTUI, capture: Capture, step: str) -> None:
    text = screen_text(app)
    capture.screens[step] = text
    problems = capture.problems.setdefault(step, [])
    bad = raw_controls(text)
    if bad:
        problems.append(f"raw control characters on screen: {sorted(set(bad))}")
    if not app.is_running or app.return_code is not None:
        problems.append(f"the app stopped (return code {app.return_code})")


def _detail_render(app: PaperTUI) -> str:
    return app.screen.query_one(PaperDetail).plain_text


async def _quick_settle(pilot: Pilot[int]) -> None:
    """Search workers done and their results painted (no detail debounce needed)."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _capture_all() -> None:
    """One app run over every class (a run per class would cost ~10x more)."""
    app = PaperTUI(HOSTILE)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await ready(pilot)
        start = Capture()
        _check(app, start, "start")
        box = screen.query_one("#search", Input)
        for marker, paper_id, payload in CLASSES:
            capture = CAPTURES[paper_id] = Capture(screens=dict(start.screens))
            capture.problems["start"] = start.problems["start"]

            screen.jump_to(paper_id)
            await settle(pilot)
            _check(app, capture, "detail")
            capture.rendered = _detail_render(app)

            if paper_id in CLICKED:  # data-derived widgets must never run an action
                for target in CLICK_TARGETS:
                    await pilot.click(target, offset=(2, 0))
                    await pilot.click(target, offset=(12, 1))
                await settle(pilot)
                _check(app, capture, "clicks")
                while len(app.screen_stack) > 1:  # a click may legitimately open a dialog
                    app.pop_screen()
                    await pilot.pause()

            box.focus()
            box.value = ""
            box.post_message(events.Paste(f"{marker}-search {payload}"))
            await _quick_settle(pilot)
            capture.search_value = box.value
            _check(app, capture, "search")
            box.value = ""
            await _quick_settle(pilot)

        for marker, paper_id, payload in CLASSES:
            app.clear_notifications()
            screen.post_message(LibraryFailed(f"{marker}-error {payload}"))
            await _quick_settle(pilot)
            _check(app, CAPTURES[paper_id], "error")


async def captured(paper_id: str) -> Capture:
    if paper_id not in CAPTURES:
        await _capture_all()
    return CAPTURES[paper_id]


# (field, step whose screen shows it)
DETAIL_FIELDS = ["title", "short", "author", "org", "tag", "summary", "why", "related", "note"]


def _cases() -> list[tuple[str, str]]:
    cases = []
    for index, paper_id in enumerate(CLASS_IDS):
        fields = [*DETAIL_FIELDS, "result-row", "tag-facet", "search", "error"]
        if index > 0:
            fields += ["because", "builds-on"]
        if index < len(CLASS_IDS) - 1:
            fields.append("built-upon")
        cases += [(paper_id, name) for name in fields]
    return cases


def _needle(paper_id: str, name: str) -> tuple[str, str, bool]:
    """(step, text that must be visible, may it be off-screen in the detail's render)."""
    index = CLASS_IDS.index(paper_id)
    marker, _pid, payload = CLASSES[index]
    if name in DETAIL_FIELDS:
        return "detail", f"{marker}-{name} {visible(payload)}", name != "title"
    if name == "because":
        return "detail", f"{marker}-because {visible(payload)}", True
    if name == "builds-on":
        prev_marker, _p, prev_payload = CLASSES[index - 1]
        return "detail", f"{prev_marker}-short {visible(prev_payload, 3)}", True
    if name == "built-upon":
        next_marker, _p, next_payload = CLASSES[index + 1]
        return "detail", f"{next_marker}-short {visible(next_payload, 3)}", True
    if name == "result-row":
        return "detail", f"{marker}-short {visible(payload, 1)}", False
    if name == "tag-facet":
        return "start", f"{marker}-tag {visible(payload, 2)}", False
    if name == "search":
        return "search", f"{marker}-search {visible(payload)}", False
    if name == "error":
        return "error", f"{marker}-error {visible(payload, 4)}", False
    raise AssertionError(name)


@pytest.mark.parametrize(("paper_id", "name"), _cases())
async def test_hostile_field_is_literal_and_inert(paper_id: str, name: str) -> None:
    capture = await captured(paper_id)
    step, needle, may_be_off_screen = _needle(paper_id, name)
    for checked in ("start", "detail", "clicks", step):
        assert capture.problems.get(checked, []) == [], checked
    on_screen = needle in capture.screens[step]
    if paper_id == LONG and name == "search":
        # the box scrolls to its cursor: the start is in the value, the end on screen
        assert capture.search_value.startswith(needle)
        assert capture.search_value.rstrip()[-12:] in capture.screens[step]
    elif paper_id == LONG and may_be_off_screen:
        # the 10 kB title pushes the rest of the detail panel below the fold
        assert on_screen or needle in capture.rendered, needle
    elif step == "detail" and not on_screen and name != "result-row":
        # the detail panel wraps at spaces: the whole text is what it draws, and the
        # field's first word is on screen
        assert needle in capture.rendered, needle
        if name != "because":  # a link's reason shows while the link is highlighted
            assert needle.split(" ")[0] in capture.screens[step], needle
    else:
        assert on_screen, f"{needle!r} not on screen:\n{capture.screens[step]}"


@pytest.mark.parametrize("paper_id", CLASS_IDS)
async def test_pasted_search_text_is_kept_but_sanitised(paper_id: str) -> None:
    capture = await captured(paper_id)
    assert raw_controls(capture.search_value) == []
    marker = CLASSES[CLASS_IDS.index(paper_id)][0]
    assert capture.search_value.startswith(f"{marker}-search")


@pytest.mark.parametrize("era_index", range(len(ERA_NAMES)))
async def test_era_names_are_literal(era_index: int) -> None:
    capture = await captured(CLASS_IDS[0])
    marker, _sep, rest = ERA_NAMES[era_index].partition(" ")
    # the name gives way before its count and years (issue 16): its start is literal
    assert f"{marker} {visible(rest, 3)}" in capture.screens["start"]


async def test_typed_markup_in_the_search_box_is_literal() -> None:
    app = PaperTUI(HOSTILE)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await ready(pilot)
        box = screen.query_one("#search", Input)
        box.focus()
        await pilot.press(*"[/] [@click=app.quit]q[/]")
        await settle(pilot)
        assert box.value == "[/] [@click=app.quit]q[/]"
        assert "[/] [@click=app.quit]q[/]" in screen_text(app)
        assert app.is_running and app.return_code is None


async def test_error_text_from_broken_files_is_literal() -> None:
    app = PaperTUI(HOSTILE)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await ready(pilot)
        assert len(screen.problems) == 3
        screen.action_show_problems()
        await settle(pilot)
        text = screen_text(app)
        assert raw_controls(text) == []
        assert "HXER-source [/] [@click=app.quit]Q[/] \u241b]0;PWNED-ERR\u2407" in text
        assert "HXER-key [bold]k[/] \u241b]52;c;cHduZWQ=\u2407" in text
        assert "x-raw-escape.yaml:3:14" in text
        full = app.screen.query_one("#problem-full", Static)
        shown = sorted(screen.problems, key=lambda p: p.sort_key)  # by place, as check does
        first, second = (safe_text(str(p)).plain for p in shown[:2])
        assert str(full.render()) == first
        await pilot.press("down")
        await settle(pilot)
        assert str(full.render()) == second
        for _ in range(3):
            await pilot.click("#problem-rows", offset=(4, 1))
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_allowed_empty_fields() -> None:
    """A paper with only the required fields (no org, empty authors and tags) shows fine."""
    app = PaperTUI(HOSTILE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.jump_to("h-empty")
        await settle(pilot)
        text = screen_text(app)
        assert "HXEM-title only required fields" in text
        assert "HXEM-short" in text
        assert raw_controls(text) == []
        assert app.is_running and app.return_code is None
