"""History[T]: browser semantics for back/forward."""

from __future__ import annotations

import pytest

from papertui.library.history import History


def test_empty_history_cannot_move() -> None:
    history: History[str] = History()
    assert history.current is None
    assert history.back() is None
    assert history.forward() is None
    assert not history.can_go_back
    assert not history.can_go_forward
    assert history.trail == ()
    assert history.index == -1


def test_back_and_forward_walk_the_trail() -> None:
    history: History[str] = History()
    for item in "abcde":
        history.visit(item)
    assert history.current == "e"
    assert [history.back() for _ in range(4)] == ["d", "c", "b", "a"]
    assert history.back() is None
    assert history.current == "a"
    assert not history.can_go_back
    assert history.can_go_forward
    assert [history.forward() for _ in range(4)] == ["b", "c", "d", "e"]
    assert history.forward() is None
    assert not history.can_go_forward


def test_new_visit_after_back_drops_forward_entries() -> None:
    history: History[str] = History()
    for item in "abcd":
        history.visit(item)
    history.back()
    history.back()
    history.visit("x")
    assert history.trail == ("a", "b", "x")
    assert history.current == "x"
    assert not history.can_go_forward
    assert history.back() == "b"


def test_revisiting_current_is_a_no_op() -> None:
    history: History[str] = History()
    history.visit("a")
    history.visit("a")
    assert history.trail == ("a",)
    assert len(history) == 1


def test_revisiting_current_after_back_truncates_forward() -> None:
    history: History[str] = History()
    for item in "abc":
        history.visit(item)
    history.back()
    history.visit("b")
    assert history.trail == ("a", "b")
    assert not history.can_go_forward


def test_limit_drops_the_oldest_entries() -> None:
    history: History[int] = History(limit=3)
    for item in range(5):
        history.visit(item)
    assert history.trail == (2, 3, 4)
    assert history.index == 2
    assert history.back() == 3


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError):
        History(limit=0)


def test_clear_forgets_everything() -> None:
    history: History[str] = History()
    history.visit("a")
    history.clear()
    assert history.current is None
    assert len(history) == 0
