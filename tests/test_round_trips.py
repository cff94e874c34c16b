"""Every bundled example survives a round trip through every format with every field intact.

A field is compared by what it means, not by how it is spelled: ``"83,2"`` with the unit ``%``
and ``"83,2 %"`` are one stated share, ``"13,1"`` and 131/10 one numerator. Everything else —
the unit, the context, choices, villages, sources, notes, claims, quoted thresholds — must come
back exactly.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES

import ntmcriteria as ntm
from ntmcriteria.core.numbers import format_number, to_fraction
from ntmcriteria.core.units import UnitError, compatible, parse_quantity, parse_ratio
from ntmcriteria.observations.reading import Reading

FORMATS = ["yaml", "json", "csv", "xlsx"]


def _number(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return to_fraction(value) if not isinstance(value, Fraction) else value


def _value(value: Any, unit: str | None) -> Any:
    """A value with its unit as one meaning: (number, unit), a ratio, or the text/flag itself."""
    if isinstance(value, bool) or value is None:
        return value
    text = str(value) if not isinstance(value, int | float | Fraction) else None
    if text is not None:
        ratio = parse_ratio(text)
        if ratio is not None:
            return ("ratio", *ratio)
    written = text if text is not None else format_number(_number(value), "vi", 12)
    try:
        number, written_unit = parse_quantity(written + (f" {unit}" if unit else ""))
    except UnitError:
        return (text, unit)
    return (number, written_unit)


def meaning(reading: Reading) -> tuple[Any, ...]:
    counted = reading.numerator is not None
    return (
        _value(reading.value, reading.unit if not counted or _share(reading.unit) else None),
        _number(reading.numerator),
        _number(reading.denominator),
        reading.unit if counted and not _share(reading.unit) else None,
        reading.source,
        reading.note,
        reading.claimed,
        reading.claimed_threshold,
        reading.error,
    )


def _share(unit: str | None) -> bool:
    return unit is not None and compatible(unit, "%")


def unit_meaning(unit: ntm.Observations) -> tuple[Any, ...]:
    return (
        unit.unit,
        unit.year,
        unit.set_id,
        dict(unit.context),
        dict(unit.choices),
        unit.recognitions,
        {key: meaning(reading) for key, reading in unit.values.items()},
        [unit_meaning(village) for village in unit.villages],
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_round_trips_through_every_format(
    tmp_path: Path, example: Path, fmt: str
) -> None:
    original = ntm.read_observations(example)
    written = ntm.write_observations(original, tmp_path / f"{example.stem}.{fmt}")
    again = ntm.read_observations(written)
    assert [unit_meaning(u) for u in again] == [unit_meaning(u) for u in original]
    # and a second trip changes nothing at all, spelling included
    twice = ntm.read_observations(ntm.write_observations(again, tmp_path / f"again.{fmt}"))
    assert [u.to_dict() for u in twice] == [u.to_dict() for u in again]
