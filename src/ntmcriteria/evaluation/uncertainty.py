"""How sure is a verdict? Monte Carlo over the errors of the values.

``ntm.monte_carlo(observations, "hatinh/xa-ntm/2022-2025", errors={"income_per_capita":
"± 2 triệu đồng/người/năm", "households_hygienic_facilities_rate": {"relative": 0.05}},
draws=10_000, seed=1)`` draws every uncertain value ``draws`` times, evaluates all the draws at
once through the frame path (:func:`ntmcriteria.evaluate_frame`: one unit a row) and returns, for
the set, each condition, criterion and indicator, the probability of being achieved, not achieved
and open. Without a set, every tier in force for the unit is drawn (a ``tier`` column says which).
The same seed gives the same figures.

An error is, per measure id:

- a number or ``"± x"`` / ``"± x unit"``: a normal error with that standard deviation, in the
  value's unit (or the unit written);
- ``{"sd": x}`` (the same), ``{"relative": r}`` (standard deviation r × the value),
  ``{"uniform": [low, high]}`` or ``{"triangular": [low, mode, high]}`` (the value itself is
  drawn from that range, in the measure's unit);
- for a yes/no value, ``{"probability": p}``: achieved with probability p;
- a function ``f(rng, n)`` returning ``n`` draws in the measure's unit.

Draws of a share stay within 0–100 %, of a count or a quantity at or above zero (whole numbers for
counts). Values without an error keep their value in every draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError, check_year
from ..core.status import Status
from ..core.values import MeasureKind
from ..criteria.model import CriteriaSet, Measure
from ..observations.model import Observations
from ..observations.writing import observations_to_rows
from .frame import evaluate_frame
from .uncertainty_frames import _bounded, _deviation

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["MAX_DRAWS", "MAX_FRAME_ROWS", "monte_carlo"]

#: the most draws of one unit (a frame of that many rows is built and evaluated at once)
MAX_DRAWS = 1_000_000
#: the most rows (units × draws) a pandas frame of units is drawn to at once
MAX_FRAME_ROWS = 20_000_000

Sampler = Callable[[np.random.Generator, int], Any]


def _base_value(observations: Observations, measure: Measure) -> float | None:
    observed = observations.observe(measure)
    if observed is None or observed.quantity is None:
        return None
    quantity = observed.quantity
    if quantity.unit and measure.unit and quantity.unit != measure.unit:
        quantity = quantity.to(measure.unit)
    return float(quantity.magnitude)


def _sampler(measure: Measure, spec: Any, base: float | None) -> Sampler:
    """A function drawing ``n`` values of ``measure`` in its unit from an error ``spec``."""
    if callable(spec):
        return spec  # type: ignore[no-any-return]
    if measure.kind is MeasureKind.BOOLEAN:
        if isinstance(spec, Mapping) and set(spec) == {"probability"}:
            p = float(spec["probability"])
            if not 0 <= p <= 1:
                raise ArgumentError(f"{measure.id}: a probability is between 0 and 1, not {p}")
            return lambda rng, n: rng.random(n) < p
        raise ArgumentError(f"{measure.id}: a yes/no value takes {{probability: p}}")
    if isinstance(spec, Mapping):
        if set(spec) == {"uniform"}:
            low, high = _bounds(measure, spec["uniform"], 2)
            return lambda rng, n: rng.uniform(low, high, n)
        if set(spec) == {"triangular"}:
            low, mode, high = _bounds(measure, spec["triangular"], 3)
            return lambda rng, n: rng.triangular(low, mode, high, n)
        if set(spec) == {"relative"}:
            if base is None:
                raise ArgumentError(f"{measure.id}: a relative error needs the value")
            spec = abs(base) * float(spec["relative"])
        elif set(spec) == {"sd"}:
            spec = spec["sd"]
        else:
            raise ArgumentError(
                f"{measure.id}: an error is sd, relative, uniform, triangular or probability: "
                f"{sorted(spec)}"
            )
    sd = _deviation(measure, spec)
    if base is None:
        raise ArgumentError(f"{measure.id}: an error around a value needs the value")
    centre = base
    return lambda rng, n: rng.normal(centre, sd, n)


def _bounds(measure: Measure, given: Any, count: int) -> list[float]:
    """``count`` numbers in increasing order (low, [mode,] high), or an ArgumentError."""
    shape = "[low, high]" if count == 2 else "[low, mode, high]"
    if isinstance(given, str | bytes) or not isinstance(given, Sequence) or len(given) != count:
        raise ArgumentError(f"{measure.id}: expected {shape}, got {given!r}")
    try:
        numbers = [float(x) for x in given]
    except (TypeError, ValueError):
        raise ArgumentError(f"{measure.id}: expected numbers {shape}, got {given!r}") from None
    if any(not math.isfinite(x) for x in numbers) or numbers != sorted(numbers):
        raise ArgumentError(f"{measure.id}: expected {shape} in increasing order, got {given!r}")
    if numbers[0] == numbers[-1]:
        raise ArgumentError(f"{measure.id}: {shape} is an empty range: {given!r}")
    return numbers


def _frames(
    observations: Observations,
    measures: Mapping[str, Measure],
    errors: Mapping[str, Any],
    draws: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The unit ``draws`` times (and its villages under each draw), uncertain values drawn."""
    _header, rows = observations_to_rows([observations])
    own = rows[0]
    # every column is built once: a value not drawn is one category repeated (no string copied
    # ``draws`` times), a drawn one an array
    columns: dict[str, Any] = {
        column: pd.Categorical.from_codes(
            np.zeros(draws, dtype=np.int8), categories=[value], validate=False
        )
        for column, value in own.items()
        if value is not None
    }
    name = observations.unit.name
    labels = [f"{name} #{i}" for i in range(draws)]
    columns["unit"] = labels
    for measure_id, spec in errors.items():
        measure = measures.get(measure_id)
        if measure is None:
            raise ArgumentError(f"no set drawn here has a measure {measure_id!r}")
        sampler = _sampler(measure, spec, _base_value(observations, measure))
        drawn = sampler(rng, draws)
        for dropped in [c for c in columns if c == measure_id or c.startswith(f"{measure_id} [")]:
            del columns[dropped]
        if measure.kind is MeasureKind.BOOLEAN:
            columns[measure_id] = np.where(np.asarray(drawn, dtype=bool), "Đạt", "Không")
        else:
            column = f"{measure_id} [{measure.unit}]" if measure.unit else measure_id
            columns[column] = _bounded(measure, drawn)
    base = pd.DataFrame(columns)
    villages = None
    if len(rows) > 1:
        members = pd.DataFrame(rows[1:])
        villages = members.loc[np.tile(members.index.to_numpy(), draws)].reset_index(drop=True)
        villages["parent"] = np.repeat(labels, len(members))
    return base, villages


def _counts(column: pd.Series) -> dict[Any, int]:
    """How many rows hold each status (a categorical column is counted from its codes)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        tally = np.bincount(codes[codes >= 0], minlength=len(column.cat.categories))
        return {category: int(n) for category, n in zip(column.cat.categories, tally, strict=True)}
    return {key: int(n) for key, n in column.value_counts().items()}


def _probabilities(evaluated: pd.DataFrame, set_id: str) -> pd.DataFrame:
    rows = []
    columns = [("set", set_id, "status")] + [
        (column.split(":", 1)[0], column.split(":", 1)[1], column)
        for column in evaluated.columns
        if ":" in column
    ]
    size = len(evaluated)
    for level, ident, column in columns:
        counts = _counts(evaluated[column])
        achieved = counts.get(Status.ACHIEVED.value, 0)
        failed = counts.get(Status.NOT_ACHIEVED.value, 0)
        not_applicable = counts.get(Status.NOT_APPLICABLE.value, 0)
        rows.append(
            {
                "set_id": set_id,
                "level": level,
                "id": ident,
                "achieved": achieved / size,
                "not_achieved": failed / size,
                "open": (size - achieved - failed - not_applicable) / size,
                "not_applicable": not_applicable / size,
            }
        )
    return pd.DataFrame(rows)


def monte_carlo(
    observations: Observations | pd.DataFrame | Any,
    criteria_set: CriteriaSet | str | None = None,
    *,
    errors: Mapping[str, Any] | None = None,
    draws: int = 10_000,
    seed: int | None = None,
    year: int | None = None,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """The probability that the set (every tier in force without one) and each of its parts
    is achieved when the values carry ``errors`` (see the module's text); a DataFrame with
    ``set_id``, ``level`` (set, condition, criterion, indicator), ``id``, ``achieved``,
    ``not_achieved``, ``open`` and ``not_applicable``.

    With a pandas or Dask DataFrame of units (one a row) and a set, one row per unit: the
    probability that the set (``status``) and each part is achieved
    (:mod:`ntmcriteria.evaluation.uncertainty_frames`); a Dask frame gives a lazy result.

    >>> import ntmcriteria as ntm
    >>> unit = ntm.Observations.from_yaml(ntm.example_path("ky-chau-2022.yaml"))
    >>> table = ntm.monte_carlo(
    ...     unit,
    ...     "hatinh/xa-ntm/2022-2025",
    ...     errors={"income_per_capita": "± 8 triệu đồng/người/năm"},
    ...     draws=2_000,
    ...     seed=1
    ... )
    >>> table.query('id == "10" and level == "indicator"')["achieved"].round(2).tolist()
    [0.95]
    """
    from ..packs.registry import registry as installed
    from .assess import sets_in_force
    from .dask_frames import is_dask
    from .frame import _reachable
    from .session import resolve_set
    from .uncertainty_frames import monte_carlo_frame

    check_year(year)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ArgumentError(f"seed: a whole number of at least 0, or None, not {seed!r}")
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise ArgumentError(f"draws: a whole number from 1 to {MAX_DRAWS:,}, not {draws!r}")
    found = registry or installed()
    if isinstance(observations, pd.DataFrame) or is_dask(observations):  # many units
        if criteria_set is None:
            raise ArgumentError("monte_carlo over a frame of units needs the set")
        the_set = resolve_set(criteria_set, found)
        rows = len(observations) if isinstance(observations, pd.DataFrame) else 0
        if rows * draws > MAX_FRAME_ROWS:
            raise ArgumentError(
                f"{rows:,} units × {draws:,} draws is beyond {MAX_FRAME_ROWS:,} rows at once: "
                "draw fewer times, or use a Dask frame (partition by partition)"
            )
        return monte_carlo_frame(
            the_set, observations, dict(errors or {}), draws, seed, year, registry, is_dask
        )
    if not isinstance(observations, Observations):
        raise ArgumentError("monte_carlo needs the unit's Observations, or a frame of units")
    if criteria_set is None:
        sets = sets_in_force(observations, found, year)
        if not sets:
            raise ArgumentError(f"no set in force for {observations.unit.name}")
    else:
        sets = [resolve_set(criteria_set, found)]
    reached = {each.id: _reachable(each, found.get) for each in sets}  # each set and its parts
    given = dict(errors or {})
    unknown = sorted(set(given) - {m for r in reached.values() for s in r for m in s.measures})
    if unknown:
        raise ArgumentError(f"no set drawn here has a measure {unknown[0]!r}")
    rng = np.random.default_rng(seed)
    stated = {k: r.error for k, r in observations.values.items() if r.error is not None}
    errors = {**stated, **given}  # the file's errors, then the ones given
    results = []
    for each in sets:
        measures: dict[str, Measure] = {}
        for part in reached[each.id]:
            if part.level == each.level:
                measures.update(part.measures)
        relevant = {k: v for k, v in errors.items() if k in measures}
        frame, villages = _frames(observations, measures, relevant, draws, rng)
        evaluated = evaluate_frame(
            each, frame, year, villages=villages, registry=registry, origin="monte-carlo"
        )
        table = _probabilities(evaluated, each.id)
        table.insert(1, "tier", each.tier)
        results.append(table)
    out = pd.concat(results, ignore_index=True)
    out.attrs["draws"] = draws
    out.attrs["seed"] = seed
    return out
