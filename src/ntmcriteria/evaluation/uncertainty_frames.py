"""Monte Carlo for many units at once: a province's communes, each drawn ``draws`` times.

``ntm.monte_carlo(frame, set, errors=…, draws=…)`` — with a pandas or Dask DataFrame of units (one a
row, as :func:`ntmcriteria.evaluate_frame` reads them) in place of one unit's observations —
repeats each row ``draws`` times, draws the uncertain values around each row's own value,
evaluates all the draws through the frame path, and returns one row per unit: the probability
that the set, each condition, criterion and indicator is achieved (``status``,
``criterion:<id>``, …). A Dask DataFrame gives a lazy Dask result, partition by partition (each
partition drawn from its own seed, derived from ``seed`` and the partition's number).

An uncertain measure must be a numeric column (``<measure>`` or ``<measure> [unit]``, numbers in
the column's unit); the errors are those of :func:`ntmcriteria.monte_carlo` given in that unit
(a standard deviation, ``{"sd": x}``, ``{"relative": r}``) — a range (``uniform``, ``triangular``)
would replace every unit's value by the same draw, and is refused here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from ..core.status import Status
from ..core.units import conversion_factor, is_percent, parse_quantity
from ..core.values import MeasureKind
from ..criteria.model import CriteriaSet, Measure

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["monte_carlo_frame"]

_UNIT = "__ntm_unit"


def _deviation(measure: Measure, spec: Any) -> float:
    if isinstance(spec, str):
        text = spec.strip().lstrip("±").strip()
        magnitude, unit = parse_quantity(text)
        if unit and measure.unit and unit != measure.unit:
            if is_percent(unit) and not is_percent(measure.unit):
                raise ArgumentError(
                    f"{measure.id}: '{spec}' — for an error relative to the value write "
                    "{relative: 0.05}"
                )
            magnitude = magnitude * conversion_factor(unit, measure.unit)
        if magnitude < 0:
            raise ArgumentError(f"{measure.id}: a standard deviation is not negative: {spec!r}")
        return float(magnitude)
    if isinstance(spec, int | float | Fraction) and not isinstance(spec, bool):
        if not math.isfinite(float(spec)) or spec < 0:
            raise ArgumentError(
                f"{measure.id}: a standard deviation is a finite number, not negative: {spec!r}"
            )
        return float(spec)
    raise ArgumentError(f"{measure.id}: cannot read the error {spec!r}")


def _bounded(measure: Measure, draws: Any) -> Any:
    values = np.asarray(draws, dtype=float)
    if measure.kind is MeasureKind.RATIO and is_percent(measure.unit):
        return np.clip(values, 0.0, 100.0)
    if measure.kind is MeasureKind.COUNT:
        return np.maximum(np.rint(values), 0.0)
    return np.maximum(values, 0.0) if measure.kind is MeasureKind.QUANTITY else values


def _column(frame: pd.DataFrame, measure: Measure) -> tuple[str, str]:
    """The numeric column of ``measure`` in ``frame`` and its unit."""
    for column in frame.columns:
        name = str(column)
        if name == measure.id:
            return name, measure.unit
        if name.startswith(f"{measure.id} [") and name.endswith("]"):
            return name, name[len(measure.id) + 2 : -1]
    raise ArgumentError(f"{measure.id}: no column for this uncertain measure")


def _deviations(measure: Measure, spec: Any, base: Any, unit: str) -> Any:
    """The standard deviation of each row, in the column's unit."""
    if isinstance(spec, Mapping) and set(spec) == {"relative"}:
        relative = float(spec["relative"])
        if not np.isfinite(relative) or relative < 0:
            raise ArgumentError(f"{measure.id}: a relative error is a finite number ≥ 0")
        return np.abs(base) * relative
    if isinstance(spec, Mapping) and set(spec) == {"sd"}:
        spec = spec["sd"]
    if isinstance(spec, Mapping) or callable(spec):
        raise ArgumentError(
            f"{measure.id}: for many units an error is a standard deviation or {{relative: r}}"
        )
    deviation = _deviation(measure, spec)  # in the measure's unit
    if unit and measure.unit and unit != measure.unit:
        deviation *= float(conversion_factor(measure.unit, unit))
    return np.full(base.shape, deviation)


def _draw_partition(
    part: pd.DataFrame,
    criteria_set: CriteriaSet,
    errors: Mapping[str, Any],
    draws: int,
    seed: int | None,
    year: int | None,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    from .frame import evaluate_frame

    number = (partition_info or {}).get("number", 0)
    rng = np.random.default_rng(None if seed is None else [seed, number])
    size = len(part)
    expanded = part.loc[part.index.repeat(draws)].reset_index(drop=True)
    for measure_id, spec in errors.items():
        measure = criteria_set.measures[measure_id]
        column, unit = _column(part, measure)
        try:
            base = pd.to_numeric(part[column]).to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ArgumentError(
                f"{measure_id}: an uncertain measure needs a numeric column ({column!r})"
            ) from None
        deviation = np.repeat(_deviations(measure, spec, base, unit), draws)
        drawn = rng.normal(np.repeat(base, draws), deviation)
        expanded[column] = np.where(np.isnan(drawn), np.nan, _bounded(measure, drawn))
    evaluated = evaluate_frame(criteria_set, expanded, year, origin="monte-carlo")
    columns = ["status", *(c for c in evaluated.columns if ":" in str(c))]
    achieved = pd.DataFrame(
        {c: (evaluated[c].astype(str) == Status.ACHIEVED.value).to_numpy() for c in columns}
    )
    achieved[_UNIT] = np.repeat(np.arange(size), draws)
    probabilities = achieved.groupby(_UNIT, sort=True).mean()
    probabilities.index = part.index
    if "unit" in part.columns:
        probabilities.insert(0, "unit", part["unit"].to_numpy())
    return probabilities


def monte_carlo_frame(
    criteria_set: CriteriaSet,
    frame: Any,
    errors: Mapping[str, Any],
    draws: int,
    seed: int | None,
    year: int | None,
    registry: Registry | None,
    is_dask: Callable[[object], bool],
) -> Any:
    """Per-unit probabilities of a frame of units (see the module's text)."""
    unknown = sorted(set(errors) - set(criteria_set.measures))
    if unknown:
        raise ArgumentError(f"set {criteria_set.id!r} has no measure {unknown[0]!r}")
    if is_dask(frame):
        meta = _draw_partition(frame._meta, criteria_set, errors, 1, seed, year)
        return frame.map_partitions(
            _draw_partition, criteria_set, errors, draws, seed, year, meta=meta
        )
    return _draw_partition(frame, criteria_set, errors, draws, seed, year)
