"""Outcome statuses and the law that combines them.

An indicator is achieved, not achieved, without data, not applicable, or not encoded (the set
gives no threshold). Criteria, sets and rules combine their parts so that any "not achieved"
makes the whole not achieved; otherwise any "no data" or "not encoded" leaves it undetermined;
otherwise it is achieved. "Not applicable" parts are left out; a whole made only of them is
itself not applicable.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .text import Text

__all__ = ["Status", "combine"]


class Status(enum.Enum):
    """The status of an indicator, criterion, set or rule."""

    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"
    NOT_APPLICABLE = "not_applicable"
    NOT_ENCODED = "not_encoded"
    UNDETERMINED = "undetermined"

    @property
    def label(self) -> Text:
        """The status as a report writes it: ``Đạt`` / ``Achieved``."""
        return _LABELS[self]

    @property
    def is_open(self) -> bool:
        """Whether more data or a threshold could still change this status."""
        return self in (Status.NO_DATA, Status.NOT_ENCODED, Status.UNDETERMINED)

    def __str__(self) -> str:
        return self.value


_LABELS = {
    Status.ACHIEVED: Text("Đạt", "Achieved"),
    Status.NOT_ACHIEVED: Text("Chưa đạt", "Not achieved"),
    Status.NO_DATA: Text("Chưa có số liệu", "No data"),
    Status.NOT_APPLICABLE: Text("Không áp dụng", "Not applicable"),
    Status.NOT_ENCODED: Text("Chưa mã hóa ngưỡng", "Threshold not encoded"),
    Status.UNDETERMINED: Text("Chưa xác định", "Undetermined"),
}


def combine(statuses: Iterable[Status], *, aggregate: bool = True) -> Status:
    """Combine parts' statuses.

    With ``aggregate=True`` (criteria, sets, rules) an open part gives ``UNDETERMINED``. With
    ``aggregate=False`` (the parts of one indicator's requirement) the most telling open status is
    kept: ``NO_DATA`` before ``NOT_ENCODED`` before ``UNDETERMINED``.
    """
    present = set(statuses) - {Status.NOT_APPLICABLE}
    if not present:
        return Status.NOT_APPLICABLE
    if Status.NOT_ACHIEVED in present:
        return Status.NOT_ACHIEVED
    open_statuses = present & {Status.NO_DATA, Status.NOT_ENCODED, Status.UNDETERMINED}
    if open_statuses:
        if aggregate:
            return Status.UNDETERMINED
        for status in (Status.NO_DATA, Status.NOT_ENCODED, Status.UNDETERMINED):
            if status in open_statuses:
                return status
    return Status.ACHIEVED
