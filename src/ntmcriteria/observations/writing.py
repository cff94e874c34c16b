"""Writing observations back: YAML, JSON (exact numbers), and the wide table (CSV, XLSX) the readers
read the same."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..core.errors import ArgumentError
from ..core.files import save_workbook, write_text_atomically
from ..core.numbers import check_number_style
from ..core.units import NumberStyle, format_number
from .files import EXTRAS, UNIT_COLUMNS, _format_of
from .model import Observations
from .reading import Reading

if TYPE_CHECKING:
    pass

__all__ = ["observations_to_rows", "write_observations"]


def _number_text(value: Any, style: NumberStyle) -> str:
    exact = (
        value
        if isinstance(value, Fraction)
        else Fraction(repr(value))
        if isinstance(value, float)
        else Fraction(value)
    )
    lang = "en" if style == "en" else "vi"
    for decimals in range(0, 13):
        if (exact * 10**decimals).denominator == 1:
            return (
                format_number(exact, lang, decimals=decimals, fixed=True)
                if decimals
                else (format_number(exact, lang))
            )
    return format_number(exact, lang, decimals=12)


def _cell_text(value: Any, style: NumberStyle) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Fraction | Decimal):
        return _number_text(value, style)
    return str(value)


def _is_share(unit: str | None) -> bool:
    from ..core.units import UnitError, compatible

    if unit is None:
        return False
    try:
        return compatible(unit, "%")
    except UnitError:
        return False


def _reading_cells(key: str, reading: Reading, style: NumberStyle) -> dict[str, str]:
    cells: dict[str, str] = {}
    if reading.numerator is not None and reading.denominator is not None:
        ratio = f"{_cell_text(reading.numerator, style)}/{_cell_text(reading.denominator, style)}"
        count_unit = reading.unit if reading.unit and not _is_share(reading.unit) else None
        cells[key] = f"{ratio} {count_unit}" if count_unit else ratio
        if reading.value is not None:
            stated = _cell_text(reading.value, style)
            bare = not isinstance(reading.value, str) or _bare_number(reading.value, style)
            if bare and reading.unit and _is_share(reading.unit):  # "83,2" with its unit "%"
                stated = f"{stated} {reading.unit}"
            cells[f"{key}.stated"] = stated
    elif reading.value is not None:
        text = _cell_text(reading.value, style)
        if reading.unit and not isinstance(reading.value, str | bool):
            text = f"{text} {reading.unit}"
        elif reading.unit and isinstance(reading.value, str):
            text = f"{text} {reading.unit}" if _bare_number(reading.value, style) else text
        cells[key] = text
    for extra in EXTRAS:
        value = getattr(reading, extra)
        if value is not None:
            cells[f"{key}.{extra}"] = (
                ("Đạt" if value else "Chưa đạt") if extra == "claimed" else str(value)
            )
    return cells


def _bare_number(text: str, style: NumberStyle) -> bool:
    from ..core.units import UnitError, parse_number

    try:
        parse_number(text, style)
    except UnitError:
        return False
    return True


def observations_to_rows(
    units: Sequence[Observations], style: NumberStyle = "vi"
) -> tuple[list[str], list[dict[str, str]]]:
    """The wide table of ``units`` (villages as rows with a ``parent``): header and rows."""
    rows: list[dict[str, str]] = []

    def add(observations: Observations, parent: str | None) -> None:
        row: dict[str, str] = {"unit": observations.unit.name}
        for key in ("level", "province", "region", "district", "code"):
            value = getattr(observations.unit, key)
            if value is not None:
                row[key] = value
        if observations.year is not None:
            row["year"] = str(observations.year)
        if parent is not None:
            row["parent"] = parent
        if observations.set_id is not None:
            row["set"] = observations.set_id
        for fact, value in observations.context.items():
            row[f"context.{fact}"] = _cell_text(value, style)
        for choice, value in observations.choices.items():
            row[f"choice.{choice}"] = value
        for recognition in observations.recognitions:
            column = f"recognition.{recognition.key}"
            row[column] = "Đạt" if recognition.year is None else str(recognition.year)
            for field in ("decision", "date", "issuer", "source"):
                if (text := getattr(recognition, field)) is not None:
                    row[f"{column}.{field}"] = text
        for key, reading in observations.values.items():
            row.update(_reading_cells(key, reading, style))
        rows.append(row)
        for village in observations.villages:
            add(village, observations.unit.name)

    for observations in units:
        add(observations, None)
    header: list[str] = []
    for row in rows:
        for column in row:
            if column not in header:
                header.append(column)
    fixed = [c for c in UNIT_COLUMNS if c in header]
    header = fixed + [c for c in header if c not in fixed]
    return header, rows


def write_observations(
    units: Observations | Sequence[Observations],
    path: str | Path,
    *,
    number_style: NumberStyle = "vi",
) -> Path:
    """Write units to a YAML, JSON, CSV or XLSX file (by extension); they read back the same.

    >>> import tempfile, pathlib
    >>> import ntmcriteria as ntm
    >>> units = ntm.read_observations(ntm.example_path("ky-chau-2022.yaml"))
    >>> path = ntm.write_observations(units, pathlib.Path(tempfile.mkdtemp()) / "ky-chau.csv")
    >>> ntm.read_observations(path)[0].values == units[0].values
    True
    """
    check_number_style(number_style)
    target = Path(path)
    kind = _format_of(target)
    listed = [units] if isinstance(units, Observations) else list(units)
    if kind in ("yaml", "json"):
        data: Any = [u.to_dict() for u in listed]
        if len(listed) == 1:
            data = data[0]
        data = _exact(data, number_style)
        if kind == "yaml":
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        else:
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return write_text_atomically(target, text)
    if any(unit.communes for unit in listed):
        raise ArgumentError(
            "units: a province with its communes is written as YAML or JSON; a CSV or XLSX table"
            " holds communes and their villages"
        )
    header, rows = observations_to_rows(listed, number_style)
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return write_text_atomically(target, buffer.getvalue())
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "observations"
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    return save_workbook(workbook, target)


def _exact(value: Any, style: NumberStyle) -> Any:
    """Plain data with exact numbers: floats that are not exact become Vietnamese strings."""
    if isinstance(value, Mapping):
        return {k: _exact(v, style) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v, style) for v in value]
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        if Fraction(repr(float(value))) == value:
            return float(value)
        return _number_text(value, style)
    return value
