"""code_counts: the codes of the results, whichever side is smaller."""

from __future__ import annotations

import numpy as np

from papertui.search.codecounts import code_counts
from papertui.search.paperids import PaperIds

IDS = [f"p{i}" for i in range(10)]
POSITION = {pid: n for n, pid in enumerate(IDS)}.get


def _ids(order: object) -> PaperIds:
    return PaperIds(order, IDS, lambda pid: POSITION(pid, -1))


def _counts(ids: object, codes: dict[str, int]) -> dict[int, int]:
    where = {pid: POSITION(pid, -1) for pid in codes}
    return dict(code_counts(ids, codes, where))  # type: ignore[arg-type]


def test_every_paper_counts_the_codes_in_the_library() -> None:
    codes = {"p1": 2, "p2": 2, "p3": 4, "gone": 2}  # "gone": an orphan, never counted
    assert _counts(_ids(range(10)), codes) == {2: 2, 4: 1}


def test_a_long_result_list_is_masked() -> None:
    codes = {"p1": 2, "p5": 6, "p9": 1, "gone": 2}
    order = np.array([9, 5, 3, 2, 0], np.int64)  # longer than the codes: the numpy path
    assert _counts(_ids(order), codes) == {6: 1, 1: 1}


def test_a_short_result_list_is_walked() -> None:
    codes = {f"p{i}": 8 for i in range(10)}
    assert _counts(_ids(np.array([4, 7], np.int64)), codes) == {8: 2}
    assert _counts(["p1", "x"], {"p1": 3}) == {3: 1}
    assert _counts(_ids(np.array([], np.int64)), codes) == {}
    assert _counts(_ids(range(10)), {}) == {}
