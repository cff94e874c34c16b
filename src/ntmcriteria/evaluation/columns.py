"""A frame of units read once into typed columns, one per measure.

A :class:`UnitTable` holds what the plan needs of every row: the assessment year, the region, the
context facts, the choices, and — read on first use, then kept — each measure's values as a float
array in the measure's unit (``NaN`` is "no data"; a yes/no is 1 or 0, a level its rank).

Columns follow the tabular observation format (``docs/observations.md``): ``unit``, ``region``,
``year``, ``context.<fact>``, ``choice.<key>``, and one column per measure, ``<measure>`` or
``<measure> [unit]``. Numbers in a measure column are in the bracketed unit, or else in the
measure's own unit (``85`` in a ``%`` column is 85 %: the column says what its numbers are).
Strings are read exactly as observation files are (``"669/836 hộ"``, ``"52,15 triệu
đồng/người/năm"``, ``"Đạt"``, ``"mức độ 2"``): each distinct string once, by the same reader.
Every value that does not fit its measure is reported with its row and column before anything is
decided; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.errors import ObservationError, Problem
from ..core.units import NumberStyle, UnitError, conversion_factor, normalize_unit, to_fraction
from ..core.values import MeasureKind, Observed
from ..criteria.model import Measure
from ..observations.files import (
    RECOGNITION_FIELDS,
    RECOGNITION_PREFIX,
    UNIT_COLUMNS,
    _column_key,
)
from ..observations.reading import Reading, _observe, _Refused
from .column_cells import (
    as_float,
    as_fraction,
    frame_cell,
    number_unit,
    python_cell,
    python_number,
    read_facts,
    read_strings,
    read_years,
)
from .recognized import recognition_years
from .text import read_text_column

__all__ = ["MeasureColumn", "UnitTable"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_EXTRAS = ("source", "note", "claimed", "claimed_threshold", "stated", "error")


@attrs.define(slots=True)
class MeasureColumn:
    """One measure's values for every row of a table, read once.

    ``value`` is a float in the measure's unit (1/0 for a yes/no, the rank for a level), ``NaN``
    for no data. ``exact`` gives the exact value of chosen rows, for the re-check of values next
    to a threshold. ``floats`` says how the floats relate to the exact values: ``"given"`` (the
    numbers of the frame, whose exact value is their shortest decimal), ``"exact"`` (read from
    text, and every one exactly the value read), ``"rounded"`` (the nearest float to the value
    read) or ``"approximate"`` (a unit converted in floats: within a few units in the last
    place).
    """

    measure: Measure
    value: FloatArray
    exact: Callable[[IntArray], list[Fraction]]
    floats: Literal["given", "exact", "rounded", "approximate"] = "given"
    #: where there is no data
    missing: npt.NDArray[np.bool_] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.missing = np.isnan(self.value)


@attrs.define(slots=True, eq=False)
class UnitTable:
    """The rows of a frame (communes, or villages keyed to their commune) as typed columns."""

    frame: pd.DataFrame
    style: NumberStyle
    origin: str
    level: str
    years: IntArray
    regions: npt.NDArray[Any]
    levels: npt.NDArray[Any] | None
    facts: dict[str, npt.NDArray[Any]]
    choices: dict[str, npt.NDArray[Any]]
    measure_columns: dict[str, tuple[Hashable, str | None]]
    #: for villages: the row of the parent commune in the communes' table
    parents: IntArray | None = None
    #: the line of each row in the file it came from (None: rows are numbered from 1)
    lines: Sequence[int] | None = None
    #: False when every row has the same region (no ``region`` column): nothing to group by
    regions_vary: bool = True
    #: ``recognition.<set id or tier>`` columns: the year of each row's recognition
    recognitions: dict[str, IntArray] = attrs.field(factory=dict)
    _columns: dict[tuple[str, str, str, tuple[str, ...]], MeasureColumn] = attrs.field(factory=dict)

    @property
    def size(self) -> int:
        return len(self.frame)

    @property
    def names(self) -> npt.NDArray[Any]:
        """The units' names: the ``unit`` column, or else the index labels."""
        if "unit" in self.frame.columns:
            return read_strings(self.frame["unit"])
        return np.asarray(self.frame.index.astype(str), dtype=object)

    def line(self, position: int) -> int:
        """The line of a row in its file, or its 1-based number (as readers number frame rows)."""
        return int(self.lines[position]) if self.lines is not None else position + 1

    # --- construction ---------------------------------------------------------------------------

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        year: int | None,
        style: NumberStyle,
        level: str,
        origin: str = "frame",
        lines: Sequence[int] | None = None,
    ) -> UnitTable:
        if not isinstance(frame, pd.DataFrame):
            raise ObservationError(
                [Problem("", f"expected a pandas DataFrame, got {type(frame).__name__}")]
            )
        problems: list[Problem] = []
        size = len(frame)
        measure_columns: dict[str, tuple[Hashable, str | None]] = {}
        facts: dict[str, npt.NDArray[Any]] = {}
        choices: dict[str, npt.NDArray[Any]] = {}
        recognition_columns: dict[str, Hashable] = {}
        for column in frame.columns:
            text = str(column)
            key = _column_key(text)
            if key in UNIT_COLUMNS:
                continue
            if key.startswith("context."):
                facts[key[len("context.") :]] = read_facts(
                    frame[column], style, text, origin, problems, lines
                )
                continue
            if key.startswith("choice."):
                choices[key[len("choice.") :]] = read_strings(frame[column])
                continue
            if key.startswith(RECOGNITION_PREFIX):
                rest = key[len(RECOGNITION_PREFIX) :]
                if rest.rpartition(".")[2] not in RECOGNITION_FIELDS:  # the year; the rest: text
                    recognition_columns[rest] = column
                continue
            if "." in key and key.rsplit(".", 1)[1] in _EXTRAS:
                continue  # what a report says of a value: audited on the scalar path only
            unit = text.strip()[len(key) :].strip()
            header_unit = unit[1:-1].strip() if unit.startswith("[") else None
            if key in measure_columns:
                problems.append(Problem(f"/{text}", f"a second column for {key!r}", file=origin))
                continue
            measure_columns[key] = (column, header_unit)
        years = np.zeros(size, dtype=np.int64)
        if year is not None:
            if isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 2200:
                raise ObservationError(
                    [Problem("/year", f"expected a year such as 2024, got {year!r}")]
                )
            years[:] = year
        elif "year" in frame.columns:
            years = read_years(frame["year"], origin, problems, lines)
        regions = (
            read_strings(frame["region"])
            if "region" in frame.columns
            else np.full(size, None, dtype=object)
        )
        levels = read_strings(frame["level"]) if "level" in frame.columns else None
        recognitions = recognition_years(frame, recognition_columns, origin, lines, problems)
        if problems:
            raise ObservationError(problems, subject=origin)
        return cls(
            frame,
            style,
            origin,
            level,
            years,
            regions,
            levels,
            facts,
            choices,
            measure_columns,
            lines=lines,
            regions_vary="region" in frame.columns,
            recognitions=recognitions,
        )

    # --- values -----------------------------------------------------------------------------------

    def unused(self, measures: Mapping[str, Measure]) -> list[str]:
        """Measure columns that no measure of a set reads."""
        return sorted(key for key in self.measure_columns if key not in measures)

    def column(self, measure: Measure) -> MeasureColumn:
        """The typed values of ``measure`` (read on first use; raises ObservationError)."""
        key = (measure.id, measure.kind.value, measure.unit, measure.levels)
        found = self._columns.get(key)
        if found is None:
            found = self._read(measure)
            self._columns[key] = found
        return found

    def _read(self, measure: Measure) -> MeasureColumn:
        spec = self.measure_columns.get(measure.id)
        if spec is None:
            empty = np.full(self.size, np.nan)
            return MeasureColumn(measure, empty, lambda rows: [])
        column, header_unit = spec
        series = self.frame[column]
        problems: list[Problem] = []
        if pd.api.types.is_bool_dtype(series.dtype):
            result = self._booleans(measure, series, header_unit, problems)
        elif pd.api.types.is_numeric_dtype(series.dtype):
            result = self._numbers(measure, series, header_unit, problems)
        else:
            result = self._cells(measure, series, header_unit, problems)
        if problems:
            raise ObservationError(problems, subject=self.origin)
        return result

    def _problem(self, column: Hashable, position: int, exc: Exception) -> Problem:
        vi = exc.vi if isinstance(exc, _Refused | UnitError) else f"không đọc được giá trị: {exc}"
        return Problem(
            f"/values/{column}", str(exc), file=self.origin, line=self.line(position), message_vi=vi
        )

    def _observe(self, measure: Measure, value: Any, unit: str | None) -> Observed:
        if isinstance(value, str):
            value = value.strip()
        return _observe(measure, Reading(value, unit), self.style)

    def _booleans(
        self, measure: Measure, series: pd.Series, unit: str | None, problems: list[Problem]
    ) -> MeasureColumn:
        if measure.kind is not MeasureKind.BOOLEAN:
            # the reader refuses a yes/no for any other measure: say it at the first one
            present = np.flatnonzero(series.notna().to_numpy())
            if present.size:
                position = int(present[0])
                try:
                    self._observe(measure, bool(series.iloc[position]), unit)
                except (UnitError, _Refused) as exc:
                    problems.append(self._problem(series.name, position, exc))
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return MeasureColumn(measure, values, lambda rows: [Fraction(int(values[r])) for r in rows])

    def _numbers(
        self, measure: Measure, series: pd.Series, header_unit: str | None, problems: list[Problem]
    ) -> MeasureColumn:
        raw = series.to_numpy(dtype=np.float64, na_value=np.nan)
        kind = measure.kind
        unit = normalize_unit(header_unit) if header_unit is not None else measure.unit
        # a comparison is False on a missing value (NaN), so bounds need no mask of the present
        # values; tests true on NaN (``!=``) do
        factor, unit_fits = Fraction(1), True
        if kind not in (MeasureKind.BOOLEAN, MeasureKind.LEVEL):
            try:
                factor = conversion_factor(unit, measure.unit)
            except UnitError:
                unit_fits = False
        values = raw * float(factor) if factor != 1 else raw
        if kind is MeasureKind.BOOLEAN:
            # 1 and 0 are yes and no (a boolean column with gaps becomes floats in pandas); the
            # reader refuses any other number
            suspicious = ~np.isnan(raw) & (values != 0) & (values != 1)
        elif not unit_fits:
            suspicious = ~np.isnan(raw)  # the reader says why the unit does not fit the measure
        elif kind is MeasureKind.LEVEL:
            top = len(measure.levels) if measure.levels else np.inf
            suspicious = ~np.isnan(raw) & (
                (values != np.floor(values)) | (values < 1) | (values > top)
            )
        elif kind is MeasureKind.COUNT:
            suspicious = ~np.isnan(raw) & ((values != np.floor(values)) | (values < 0))
            suspicious |= np.isinf(values)
        elif kind is MeasureKind.RATIO:
            # a share is between 0 and 100 %; given floats compare exactly with short bounds,
            # converted ones next to a bound are left to the reader's exact check
            whole = 1 / conversion_factor(measure.unit, "")
            top = float(whole)
            if factor == 1 and Fraction(repr(top)) == whole:
                suspicious = (values < 0) | (values > top)
            else:
                near = 1e-9 * top
                suspicious = (values < near) | (values > top - near)
            suspicious |= np.isinf(values)
        else:
            suspicious = np.isinf(values)
        reader_unit = unit if kind not in (MeasureKind.BOOLEAN, MeasureKind.LEVEL) else header_unit
        checked = np.flatnonzero(suspicious)
        if checked.size and values is raw:
            values = raw.copy()
        for position in checked:
            cell = python_number(raw[position])
            try:
                observed = self._observe(measure, cell, reader_unit)
            except (UnitError, _Refused) as exc:
                problems.append(self._problem(series.name, int(position), exc))
                continue
            values[position] = as_float(observed)

        def exact(rows: IntArray) -> list[Fraction]:
            return [to_fraction(python_number(raw[r])) * factor for r in rows]

        return MeasureColumn(measure, values, exact, "given" if factor == 1 else "approximate")

    def _cells(
        self, measure: Measure, series: pd.Series, header_unit: str | None, problems: list[Problem]
    ) -> MeasureColumn:
        fast = (
            read_text_column(measure, series)
            if header_unit is None and self.style == "vi"
            else None
        )
        if fast is None:
            values, exact_of, floats_exact = self._distinct(
                measure, series, header_unit, problems, None
            )

            def exact(rows: IntArray) -> list[Fraction]:
                return [exact_of(int(r)) for r in rows]

            return MeasureColumn(measure, values, exact, "exact" if floats_exact else "rounded")
        values, read = fast
        rest = np.flatnonzero(~read)
        if rest.size:
            found, _, _ = self._distinct(measure, series, header_unit, problems, rest)
            values[rest] = found

        style = self.style  # the closure keeps no reference to the table (no cycle to collect)

        def exact_fast(rows: IntArray) -> list[Fraction]:
            cells = [cell.strip() for cell in series.iloc[rows].tolist()]
            return [as_fraction(_observe(measure, Reading(c, header_unit), style)) for c in cells]

        return MeasureColumn(measure, values, exact_fast, "approximate")

    def _distinct(
        self,
        measure: Measure,
        series: pd.Series,
        header_unit: str | None,
        problems: list[Problem],
        positions: IntArray | None,
    ) -> tuple[FloatArray, Callable[[int], Fraction], bool]:
        """Each distinct cell (of ``positions``, or all) read once by the scalar reader; and
        whether every float is exactly the value read."""
        subset = series if positions is None else series.iloc[positions]
        codes, uniques = pd.factorize(subset, use_na_sentinel=True)
        floats = np.full(len(uniques) + 1, np.nan)  # the last slot is "no data" (code -1)
        exact_values: list[Fraction] = [Fraction(0)] * (len(uniques) + 1)
        bad: dict[int, Exception] = {}
        for index, cell in enumerate(uniques):
            cell = frame_cell(measure, python_cell(cell))
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            cell_unit = header_unit
            if header_unit is None and isinstance(cell, int | float) and not isinstance(cell, bool):
                cell_unit = number_unit(measure)
            try:
                observed = self._observe(measure, cell, cell_unit)
            except (UnitError, _Refused) as exc:
                bad[index] = exc
                continue
            floats[index] = as_float(observed)
            exact_values[index] = as_fraction(observed)
        if bad:
            for local in np.flatnonzero(np.isin(codes, list(bad))):
                position = int(local if positions is None else positions[local])
                problems.append(self._problem(series.name, position, bad[codes[local]]))

        def exact(row: int) -> Fraction:
            return exact_values[int(codes[row])]

        floats_exact = all(
            Fraction(float(f)) == e
            for f, e in zip(floats[:-1], exact_values, strict=False)
            if f == f
        )
        return floats[codes], exact, floats_exact  # code -1 picks the last slot
