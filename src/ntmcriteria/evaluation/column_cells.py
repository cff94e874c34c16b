"""The cells of a frame column, each distinct cell read once: numbers, text, facts and years.

Helpers of :mod:`.columns` (the typed columns of a frame of units) and of :mod:`.rows` (a row back
to observations): a bare number's unit, a yes/no cell, a numpy scalar as a Python value, and the
factorized readers of text, context facts and years, which report each bad cell with its row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.errors import Problem
from ..core.units import NumberStyle, UnitError, to_fraction
from ..core.values import MeasureKind, Observed
from ..criteria.model import Measure
from ..criteria.requirements import FactValue
from ..observations.files import _fact

IntArray = npt.NDArray[np.int64]


def number_unit(measure: Measure) -> str | None:
    """The unit of a bare number in a measure column: the measure's own (None for yes/no, level)."""
    if measure.kind in (MeasureKind.BOOLEAN, MeasureKind.LEVEL):
        return None
    return measure.unit


def frame_cell(measure: Measure, cell: Any) -> Any:
    """A frame's cell as the reader takes it: 1 and 0 in a yes/no column are yes and no."""
    if (
        measure.kind is MeasureKind.BOOLEAN
        and isinstance(cell, int | float)
        and not isinstance(cell, bool)
        and cell in (0, 1)
    ):
        return bool(cell)
    return cell


def python_number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 2**53 else float(value)


def python_cell(value: Any) -> Any:
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bytes):
        try:
            value = item()
        except (TypeError, ValueError):
            return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def as_fraction(observed: Observed) -> Fraction:
    if observed.quantity is not None:
        return observed.quantity.magnitude
    if observed.flag is not None:
        return Fraction(int(observed.flag))
    assert observed.level is not None
    return Fraction(observed.level)


def as_float(observed: Observed) -> float:
    return float(as_fraction(observed))


def read_strings(series: pd.Series) -> npt.NDArray[Any]:
    """Text cells, stripped, with None for blanks (each distinct cell read once)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=object)
    for index, cell in enumerate(uniques.tolist()):
        cell = python_cell(cell)
        text = None if cell is None else str(cell).strip()
        table[index] = text or None
    table[len(uniques)] = None
    found: npt.NDArray[Any] = table[codes]
    return found


def read_facts(
    series: pd.Series,
    style: NumberStyle,
    column: str,
    origin: str,
    problems: list[Problem],
    lines: Sequence[int] | None,
) -> npt.NDArray[Any]:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    read: list[FactValue | None] = []
    for index, cell in enumerate(uniques):
        cell = python_cell(cell)
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            read.append(None)
            continue
        value = _fact(cell.strip() if isinstance(cell, str) else cell, style)
        if isinstance(value, bool | str):
            read.append(value)
            continue
        try:
            read.append(to_fraction(value, style))
        except UnitError as exc:
            position = int(np.flatnonzero(codes == index)[0])
            line = int(lines[position]) if lines is not None else position + 1
            problems.append(Problem(f"/{column}", str(exc), file=origin, line=line))
            read.append(None)
    table = np.empty(len(read) + 1, dtype=object)
    table[: len(read)] = read
    table[len(read)] = None
    found: npt.NDArray[Any] = table[codes]
    return found


def read_years(
    series: pd.Series, origin: str, problems: list[Problem], lines: Sequence[int] | None
) -> IntArray:
    """The year of each row (0 where none is given), each distinct cell read once."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    table = np.zeros(len(uniques) + 1, dtype=np.int64)
    for index, raw in enumerate(uniques.tolist()):
        cell = python_cell(raw)
        if isinstance(cell, str):
            cell = cell.strip()
            if not cell:
                continue
            if cell.isdigit():
                cell = int(cell)
        if isinstance(cell, bool) or not isinstance(cell, int) or not 1900 < cell < 2200:
            for position in np.flatnonzero(codes == index):
                line = int(lines[int(position)]) if lines is not None else int(position) + 1
                problems.append(
                    Problem(
                        "/year",
                        f"expected a year such as 2024, got {cell!r}",
                        file=origin,
                        line=line,
                        message_vi=f"năm đánh giá phải là một năm như 2024, không phải {cell!r}",
                    )
                )
            continue
        table[index] = cell
    found: IntArray = table[codes]
    return found
