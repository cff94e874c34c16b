"""Vectorised reading of the common text forms of shares and quantities (pyarrow kernels).

Reports write most values in a few forms: ``"669/836 hộ"``, ``"1.789/2.150 hộ"``, ``"85 %"``,
``"52,15 triệu đồng/người/năm"``. For a text column of a ratio or quantity measure, these forms
are matched and converted by pyarrow's compute kernels (RE2 regular expressions, string-to-float
casts) over the whole column at once; every distinct unit is checked once by the same functions
the scalar reader uses. What the fast forms do not cover, or what they would refuse (``900/836``,
an unknown unit, a share without a unit), is left to the scalar reader, cell by distinct cell, so
that every value is read as an observation file reads it and every refusal says the same thing.

The floats are not all correctly rounded (a share is a division, then a change of unit), so such
a column is marked ``approximate``: values next to a threshold are decided again on their exact
value (see :mod:`ntmcriteria.evaluation.plan`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.numbers import MAX_NUMBER_CHARS
from ..core.units import UnitError, compatible, conversion_factor, dimensions, normalize_unit
from ..core.values import MeasureKind
from ..criteria.model import Measure

__all__ = ["FAST_MINIMUM", "read_text_column"]

#: below this many rows the distinct-cell reader is as fast and simpler
FAST_MINIMUM = 256
#: a number in Vietnamese notation, as the scalar reader accepts it
_NUMBER = r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def read_text_column(measure: Measure, series: pd.Series) -> tuple[FloatArray, BoolArray] | None:
    """The values of the cells in the fast forms (in the measure's unit), and which cells those
    are; None when the column is not text of a ratio or quantity measure, or pyarrow is missing.

    Blank cells count as read (no data: ``NaN``).
    """
    if measure.kind not in (MeasureKind.RATIO, MeasureKind.QUANTITY) or len(series) < FAST_MINIMUM:
        return None
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ModuleNotFoundError:  # pragma: no cover - pyarrow comes with the pandas extra
        return None
    if pd.api.types.infer_dtype(series, skipna=True) != "string":
        return None
    array = pa.array(series, type=pa.string(), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):  # pandas' own arrow strings
        array = array.combine_chunks()
    text = pc.utf8_trim_whitespace(array)
    values = np.full(len(series), np.nan)
    read = _bools(pc.fill_null(pc.equal(text, ""), True))
    if measure.kind is MeasureKind.RATIO:
        _ratios(measure, text, values, read, pa, pc)
    if not read.all():
        _quantities(measure, text, values, read, pa, pc)
    return values, read


def _bools(array: Any) -> BoolArray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _split(text: Any, pattern: str, pc: Any, *, optional: bool = False) -> tuple[Any, Any]:
    """The part before the first ``pattern`` and the rest. Where there is no ``pattern`` both
    are null, or with ``optional`` the text and null."""
    found = pc.match_substring(text, pattern)
    parts = pc.split_pattern(pc.if_else(found, text, None), pattern, max_splits=1)
    head = pc.list_element(parts, 0)
    if optional:
        head = pc.if_else(pc.fill_null(found, False), head, text)
    return head, pc.list_element(parts, 1)


def _numbers(strings: Any, pa: Any, pc: Any) -> tuple[FloatArray, BoolArray]:
    """Vietnamese number strings (``1.789``, ``52,15``) as floats (correctly rounded), and which
    strings are such numbers."""
    # a number longer than the scalar reader takes is left to it, to be refused there
    short = _bools(pc.fill_null(pc.less_equal(pc.utf8_length(strings), MAX_NUMBER_CHARS), True))
    digits = _bools(pc.fill_null(pc.utf8_is_digit(strings), False)) & short
    present = _bools(strings.is_valid())
    if np.array_equal(digits, present):  # plain whole numbers (or nothing): cast them as they are
        try:
            numbers = pc.cast(strings, pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:  # digits of another script: left to the scalar reader
            pass
        else:
            return np.asarray(numbers, dtype=np.float64), digits
    valid = _bools(pc.fill_null(pc.match_substring_regex(strings, _NUMBER), False)) & short
    kept = pc.if_else(pa.array(valid), strings, None)
    kept = pc.replace_substring(pc.replace_substring(kept, ".", ""), ",", ".")
    numbers = pc.cast(kept, pa.float64()).to_numpy(zero_copy_only=False)
    return np.asarray(numbers, dtype=np.float64), valid


def _units(units: Any, pa: Any, pc: Any) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Each cell's unit as an index into the distinct units (normalised); "" for none."""
    encoded = pc.dictionary_encode(pc.utf8_trim_whitespace(pc.fill_null(units, "")))
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return indices, [normalize_unit(u) for u in encoded.dictionary.to_pylist()]


def _unit_ok(unit: str) -> bool:
    try:
        dimensions(unit)
    except UnitError:
        return False
    return True


def _ratios(
    measure: Measure, text: Any, values: FloatArray, read: BoolArray, pa: Any, pc: Any
) -> None:
    """``a/b [unit]``: the share a ÷ b, for a count unit the reader knows, 0 ≤ a ≤ b, b > 0."""
    head, rest = _split(text, "/", pc)
    den_text, unit = _split(rest, " ", pc, optional=True)
    numerator, num_ok = _numbers(head, pa, pc)
    denominator, den_ok = _numbers(den_text, pa, pc)
    indices, units = _units(unit, pa, pc)
    known = np.array([u == "" or _unit_ok(u) for u in units], dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        fine = num_ok & den_ok & ~read & known[indices]
        fine &= (denominator > 0) & (numerator >= 0) & (numerator <= denominator)
        share = numerator / denominator * float(conversion_factor("", measure.unit))
    values[fine] = share[fine]
    read |= fine


def _quantities(
    measure: Measure, text: Any, values: FloatArray, read: BoolArray, pa: Any, pc: Any
) -> None:
    """``number unit``, in a unit convertible to the measure's (a share between 0 and 100 %)."""
    spaced = pc.replace_substring(text, "%", " %")
    head, unit = _split(spaced, " ", pc)
    number, ok = _numbers(head, pa, pc)
    indices, units = _units(unit, pa, pc)
    factors = np.array([_factor(u, measure) for u in units], dtype=np.float64)
    converted = number * factors[indices]
    with np.errstate(invalid="ignore"):
        fine = ok & ~read & ~np.isnan(converted)
        if measure.kind is MeasureKind.RATIO:
            whole = float(1 / conversion_factor(measure.unit, ""))
            fine &= (converted >= 0) & (converted <= whole)
    values[fine] = converted[fine]
    read |= fine


def _factor(unit: str, measure: Measure) -> float:
    """The factor from ``unit`` to the measure's unit; NaN when the reader would refuse it."""
    if not unit or not _unit_ok(unit):
        return float("nan")  # a number without its unit is refused by the reader
    try:
        if not compatible(unit, measure.unit):
            return float("nan")
        return float(conversion_factor(unit, measure.unit))
    except UnitError:
        return float("nan")
