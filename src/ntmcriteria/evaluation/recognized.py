"""Recognitions in a frame: ``recognition.<set id or tier>`` columns (see
:mod:`ntmcriteria.core.recognitions`), read as the year of each row's recognition."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.errors import Problem

if TYPE_CHECKING:
    from .columns import UnitTable

__all__ = ["NOT_RECOGNISED", "recognised", "recognition_years"]

#: no recognition on the row; 0 is a recognition whose year is not known
NOT_RECOGNISED = -1
_YES = {"đạt", "có", "yes", "true"}


def recognition_years(
    frame: pd.DataFrame,
    columns: Mapping[str, Hashable],
    origin: str,
    lines: Sequence[int] | None,
    problems: list[Problem],
) -> dict[str, npt.NDArray[np.int64]]:
    """For each ``recognition.<key>`` column, the year of each row's recognition (0: the year is
    not known, the cell says "Đạt"; :data:`NOT_RECOGNISED`: an empty cell)."""
    found: dict[str, npt.NDArray[np.int64]] = {}
    for key, column in columns.items():
        years = np.full(len(frame), NOT_RECOGNISED, dtype=np.int64)
        for position, cell in enumerate(frame[column].tolist()):
            if cell is None or (isinstance(cell, float) and np.isnan(cell)):
                continue
            text = str(cell).strip()
            if not text:
                continue
            if text.lower() in _YES:
                years[position] = 0
            elif text.removesuffix(".0").isdigit() and 1900 < int(text.removesuffix(".0")) < 2200:
                years[position] = int(text.removesuffix(".0"))
            else:
                line = int(lines[position]) if lines is not None else position + 1
                problems.append(
                    Problem(
                        f"/recognition.{key}",
                        f"expected the year of the recognition (or Đạt), got {text!r}",
                        file=origin,
                        line=line,
                        message_vi=f"cần năm được công nhận (hoặc Đạt), không phải {text!r}",
                    )
                )
        found[key] = years
    return found


def recognised(table: UnitTable, set_id: str, tier: str, rows: Any) -> npt.NDArray[np.bool_]:
    """Rows recognised as meeting ``set_id`` (or its ``tier``) by their assessment year."""
    chosen = slice(None) if rows is None else rows
    years = table.years[chosen]
    found = np.zeros(len(years), dtype=bool)
    named = table.recognitions.get(set_id)
    if named is None:
        named = table.recognitions.get(tier)
    if named is None:
        return found
    given = named[chosen]
    matched: npt.NDArray[np.bool_] = (given == 0) | (
        (given > 0) & ((years == 0) | (given <= years))
    )
    return matched
