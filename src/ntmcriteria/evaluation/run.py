"""A compiled plan's nodes run on columns of units (numpy): a status code for each row.

The exactness of the column comparisons is explained at :class:`~ntmcriteria.evaluation.plan.
Threshold`: floats, with an exact re-check next to the threshold.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.status import CODE_OF, Status, at_least_parts, for_each_sex_codes
from .columns import UnitTable
from .plan import OPS, Const, EachSex, Flag, Node, Parts, Threshold

__all__ = ["Codes", "Rows", "row_count", "run", "take"]

Codes = npt.NDArray[np.int8]
Rows = npt.NDArray[np.int64]

ACHIEVED = CODE_OF[Status.ACHIEVED]
NOT_ACHIEVED = CODE_OF[Status.NOT_ACHIEVED]
NO_DATA = CODE_OF[Status.NO_DATA]
# A comparison with a missing value (NaN) is False, so a missing value is first decided "not
# achieved" (1); adding the missing mask makes it "no data" (2) in one pass, without a masked
# assignment (about 5× faster).
assert NO_DATA == NOT_ACHIEVED + 1
#: relative distance to a threshold within which a converted float is decided again exactly
_BAND = 1e-12


def take(array: npt.NDArray[Any], rows: Rows | None) -> npt.NDArray[Any]:
    """``array`` at ``rows`` (``None``: every row, without a copy)."""
    return array if rows is None else array[rows]


def row_count(table: UnitTable, rows: Rows | None) -> int:
    return table.size if rows is None else len(rows)


def run(node: Node, table: UnitTable, rows: Rows | None) -> Codes:
    """The status code of ``node`` on each of ``rows`` of ``table`` (None: every row)."""
    if isinstance(node, Const):
        return np.full(row_count(table, rows), node.code, dtype=np.int8)
    if isinstance(node, Threshold):
        return _threshold(node, table, rows)
    if isinstance(node, Flag):
        column = table.column(node.measure)
        result = _codes(take(column.value, rows) == (1.0 if node.wanted else 0.0))
        result += take(column.missing, rows).view(np.int8)  # not achieved → no data (above)
        return result
    if isinstance(node, Parts):
        codes = [run(part, table, rows) for part in node.parts]
        return at_least_parts(node.needed, codes, row_count(table, rows), aggregate=False)
    if isinstance(node, EachSex):
        return for_each_sex_codes(
            run(node.overall, table, rows),
            run(node.male, table, rows),
            run(node.female, table, rows),
        )
    raise TypeError(f"no column run for {type(node).__name__}")


def _threshold(node: Threshold, table: UnitTable, rows: Rows | None) -> Codes:
    column = table.column(node.measure)
    values = take(column.value, rows)
    limit = float(node.threshold)
    with np.errstate(invalid="ignore"):
        result = _codes(OPS[node.op](values, limit))
    near: npt.NDArray[np.bool_] | None
    if column.floats == "approximate":
        with np.errstate(invalid="ignore"):
            near = np.abs(values - limit) <= _BAND * max(abs(limit), 1e-300)
    elif column.floats == "exact":
        near = None if Fraction(limit) == node.threshold else values == limit
    elif column.floats == "rounded" or not node.short_decimal:
        near = values == limit
    else:
        near = None
    if near is not None and near.any():
        positions = np.flatnonzero(near)
        exact = column.exact(positions if rows is None else rows[positions])
        result[positions] = [
            ACHIEVED if OPS[node.op](value, node.threshold) else NOT_ACHIEVED for value in exact
        ]
    # no re-check touched a missing value (nothing is near NaN): not achieved → no data (above)
    result += take(column.missing, rows).view(np.int8)
    return result


def _codes(met: npt.NDArray[np.bool_]) -> Codes:
    """5 (achieved) where ``met``, 1 (not achieved) elsewhere."""
    codes = met.view(np.int8) * np.int8(4)
    codes += np.int8(1)
    return codes
