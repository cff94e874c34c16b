"""A table's rows as :class:`~ntmcriteria.Observations`, read as the frame path reads them
(numbers in their column's unit), so the explained path can be run on any row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..criteria.model import Measure
from .column_cells import frame_cell, number_unit, python_cell
from .columns import UnitTable

__all__ = ["observations_from_frame", "row_values"]


def row_values(table: UnitTable, position: int, measures: Sequence[Measure]) -> dict[str, Any]:
    """One row as the ``values`` of :meth:`Observations.from_dict` (numbers with their unit)."""
    values: dict[str, Any] = {}
    for measure in measures:
        spec = table.measure_columns.get(measure.id)
        if spec is None:
            continue
        column, header_unit = spec
        cell = frame_cell(measure, python_cell(table.frame[column].iloc[position]))
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            unit = header_unit if header_unit is not None else number_unit(measure)
            values[measure.id] = {"value": cell, "unit": unit} if unit is not None else cell
        elif header_unit is not None:
            values[measure.id] = {"value": cell, "unit": header_unit}
        else:
            values[measure.id] = cell
    return values


def observations_from_frame(
    units: UnitTable,
    measures: Sequence[Measure],
    villages: UnitTable | None = None,
    village_measures: Sequence[Measure] = (),
) -> list[Any]:
    """Each row as :class:`~ntmcriteria.Observations`, read as the frame path reads it.

    Numbers carry their column's unit (the bracketed one, or the measure's), so the scalar
    path sees exactly the values the frame path decides on; villages join their commune.
    """
    from ..observations.model import Observations

    children: dict[int, list[dict[str, Any]]] = {}
    if villages is not None and villages.parents is not None:
        village_names = villages.names
        for position in range(villages.size):
            name = village_names[position]
            data = _row_data(villages, position, name, village_measures, village=True)
            children.setdefault(int(villages.parents[position]), []).append(data)
    found = []
    names = units.names
    for position in range(units.size):
        data = _row_data(units, position, names[position], measures, village=False)
        if position in children:
            data["villages"] = children[position]
        found.append(
            Observations.from_dict(data, number_style=units.style, origin=units.origin, sets=None)
        )
    return found


def _row_data(
    table: UnitTable, position: int, name: str, measures: Sequence[Measure], *, village: bool
) -> dict[str, Any]:
    unit: dict[str, Any] = {"name": str(name), "level": table.level}
    region = table.regions[position]
    if region is not None:
        unit["region"] = region
    data: dict[str, Any] = {"unit": unit, "values": row_values(table, position, measures)}
    year = int(table.years[position])
    if year and not village:
        data["year"] = year
    context = {
        fact: values[position]
        for fact, values in table.facts.items()
        if values[position] is not None
    }
    if context:
        data["context"] = context
    choices = {
        key: values[position]
        for key, values in table.choices.items()
        if values[position] is not None
    }
    if choices:
        data["choices"] = choices
    recognitions = [
        {"set" if "/" in key else "tier": key, **({"year": int(year)} if year > 0 else {})}
        for key, years in table.recognitions.items()
        if (year := years[position]) >= 0
    ]
    if recognitions:
        data["recognitions"] = recognitions
    return data
