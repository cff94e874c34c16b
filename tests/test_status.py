from __future__ import annotations

from ntmcriteria.status import Status, combine


def test_any_failure_fails() -> None:
    assert combine([Status.ACHIEVED, Status.NOT_ACHIEVED, Status.NO_DATA]) is Status.NOT_ACHIEVED


def test_open_parts_leave_the_whole_undetermined() -> None:
    assert combine([Status.ACHIEVED, Status.NO_DATA]) is Status.UNDETERMINED
    assert combine([Status.ACHIEVED, Status.NOT_ENCODED]) is Status.UNDETERMINED
    assert combine([Status.ACHIEVED, Status.NO_DATA], aggregate=False) is Status.NO_DATA
    assert combine([Status.NOT_ENCODED, Status.UNDETERMINED], aggregate=False) is Status.NOT_ENCODED


def test_not_applicable_parts_are_left_out() -> None:
    assert combine([Status.ACHIEVED, Status.NOT_APPLICABLE]) is Status.ACHIEVED
    assert combine([Status.NOT_APPLICABLE]) is Status.NOT_APPLICABLE
    assert combine([]) is Status.NOT_APPLICABLE


def test_labels_and_openness() -> None:
    assert Status.ACHIEVED.label.vi == "Đạt"
    assert Status.NOT_ACHIEVED.label.en == "Not achieved"
    assert Status.NO_DATA.is_open and not Status.NOT_ACHIEVED.is_open
