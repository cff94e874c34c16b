"""Status codes of the frame path: the codes, the columns of one set, and the array helpers the
composition rules use (exact share tests, choices)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ..core.status import CODE_OF, Status, at_least_parts
from ..core.units import conversion_factor
from ..criteria.composition import (
    VillageQuota,
)
from ..criteria.model import CriteriaSet

if TYPE_CHECKING:
    pass

__all__ = ["SetColumns"]


Codes = npt.NDArray[np.int8]


Rows = npt.NDArray[np.int64]


NA = CODE_OF[Status.NOT_APPLICABLE]


ACHIEVED = CODE_OF[Status.ACHIEVED]


NOT_ACHIEVED = CODE_OF[Status.NOT_ACHIEVED]


NO_DATA = CODE_OF[Status.NO_DATA]


NOT_ENCODED = CODE_OF[Status.NOT_ENCODED]


UNDETERMINED = CODE_OF[Status.UNDETERMINED]


@attrs.define(slots=True)
class SetColumns:
    """The codes of one set on some rows of a table: one array per indicator, criterion and
    condition (each with a code per row), and the set's."""

    criteria_set: CriteriaSet
    size: int
    indicator_ids: list[str]
    indicators: list[Codes]
    criterion_ids: list[str]
    criteria: list[Codes]
    counted: list[bool]
    condition_ids: list[str] = attrs.field(factory=list)
    conditions: list[Codes] = attrs.field(factory=list)
    status: Codes = attrs.field(factory=lambda: np.empty(0, dtype=np.int8))


def take_rows(rows: Rows | None, positions: Rows) -> Rows:
    """The table rows at ``positions`` among ``rows`` (None: every row)."""
    return positions if rows is None else rows[positions]


def _share_codes(rule: VillageQuota, evaluated: SetColumns) -> Codes:
    """Each village: every criterion's share of achieved indicators meets ``each_criterion``."""
    assert rule.each_criterion is not None
    threshold = rule.each_criterion.value.magnitude * _share_factor(rule)
    holds = _integer_compare(rule.each_criterion.op, threshold)
    statuses = []
    start = 0
    size = evaluated.size
    for criterion in evaluated.criteria_set.criteria():
        width = len(criterion.indicators)
        parts = evaluated.indicators[start : start + width]
        start += width
        achieved = np.zeros(size, dtype=np.int64)
        applicable = np.zeros(size, dtype=np.int64)
        still_open = np.zeros(size, dtype=np.int64)
        for part in parts:
            achieved += part == ACHIEVED
            applicable += part != NA
            still_open += (part == NO_DATA) | (part == NOT_ENCODED) | (part == UNDETERMINED)
        low = holds(achieved, applicable)
        high = holds(achieved + still_open, applicable)
        status = np.where(low, ACHIEVED, np.where(high, UNDETERMINED, NOT_ACHIEVED))
        statuses.append(np.where(applicable == 0, NA, status).astype(np.int8))
    return at_least_parts(None, statuses, size)


def _share_factor(rule: VillageQuota) -> Fraction:
    assert rule.each_criterion is not None
    return conversion_factor(rule.each_criterion.value.unit, "")


def _integer_compare(
    op: str, threshold: Fraction
) -> Callable[[npt.NDArray[Any], npt.NDArray[Any]], npt.NDArray[np.bool_]]:
    """``part / whole op threshold``, exactly: ``part × q op p × whole`` for ``threshold = p/q``."""
    p, q = threshold.numerator, threshold.denominator

    def compare(part: npt.NDArray[Any], whole: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
        left, right = part.astype(np.int64) * q, whole.astype(np.int64) * p
        result = {
            ">=": left >= right,
            ">": left > right,
            "<=": left <= right,
            "<": left < right,
            "==": left == right,
        }[op]
        return np.asarray(result & (whole > 0))

    return compare


def _chosen_or_any(chosen: npt.NDArray[Any], codes_by_name: dict[str, Codes], size: int) -> Codes:
    """The chosen option's code where one is chosen, else any of them."""
    result = at_least_parts(1, list(codes_by_name.values()), size)
    for name, codes in codes_by_name.items():
        picked = chosen == name
        result[picked] = codes[picked]
    return result
