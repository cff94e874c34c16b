"""Sweeps: how many units achieve each part of a set as one value or one threshold moves.

``sweep(set, frame, measure="households_hygienic_facilities_rate", values=[80, 85, 90])`` sets
the measure's value of every unit to each value in turn; ``sweep(set, frame, requirement="17.8",
thresholds=["≥ 80 %", "≥ 85 %", "≥ 90 %"])`` changes the indicator's threshold (a number keeps
the comparison and unit of the set's own). Both run through the frame path
(:func:`ntmcriteria.evaluate_frame`) — a threshold sweep reads the frame once and evaluates it
once per step — and return a tidy :class:`SweepFrame`: one row per step and part (the set, each
condition, criterion and indicator) with how many units achieve it, do not, have no data for it,
or are otherwise open. ``.plot()`` draws the count achieved per step.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError, check_year
from ..core.text import check_lang
from ..criteria.model import CriteriaSet
from ..criteria.requirements import Compare
from .frame import _prepare
from .frame_codes import ACHIEVED, NA, NO_DATA, NOT_ACHIEVED, Codes, SetColumns

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["SweepFrame", "sweep"]

COLUMNS = [
    "step",
    "value",
    "level",
    "id",
    "achieved",
    "not_achieved",
    "no_data",
    "open",
    "not_applicable",
    "units",
]


class SweepFrame(pd.DataFrame):  # type: ignore[misc]  # pandas is untyped here
    """The tidy result of :func:`sweep` (a DataFrame) with a :meth:`plot` of its own."""

    _metadata: ClassVar[list[str]] = ["swept"]

    @property
    def _constructor(self) -> Any:
        return pd.DataFrame  # a slice is a plain frame

    def plot(self, parts: Sequence[str] | None = None, lang: str = "vi", ax: Any = None) -> Any:
        """Units achieving the set (and ``parts``: ids of criteria or indicators) per step."""
        from .charts import pyplot

        lang = check_lang(lang)
        plt = pyplot()
        if ax is None:
            _figure, ax = plt.subplots(figsize=(7, 4))
        chosen = self[(self["level"] == "set") | self["id"].isin(list(parts or ()))]
        for (level, ident), rows in chosen.groupby(["level", "id"], sort=False):
            label = ("Bộ tiêu chí" if lang == "vi" else "Set") if level == "set" else ident
            ax.plot(rows["value"].astype(str), rows["achieved"], marker="o", label=label)
        swept = getattr(self, "swept", "")
        ax.set_xlabel(swept)
        ax.set_ylabel("Số đơn vị đạt" if lang == "vi" else "Units achieving")
        ax.legend(fontsize="small")
        return ax


def _counts(columns: SetColumns, step: int, value: Any, set_id: str) -> list[dict[str, Any]]:
    rows = []
    parts: list[tuple[str, str, Codes]] = [("set", set_id, columns.status)]
    for level, ids, columns_of in (
        ("condition", columns.condition_ids, columns.conditions),
        ("criterion", columns.criterion_ids, columns.criteria),
        ("indicator", columns.indicator_ids, columns.indicators),
    ):
        parts += [(level, i, c) for i, c in zip(ids, columns_of, strict=True)]
    size = columns.size
    for level, ident, codes in parts:
        tally = np.bincount(codes.astype(np.int64), minlength=8)
        achieved, failed = int(tally[ACHIEVED]), int(tally[NOT_ACHIEVED])
        no_data, not_applicable = int(tally[NO_DATA]), int(tally[NA])
        rows.append(
            {
                "step": step,
                "value": value,
                "level": level,
                "id": ident,
                "achieved": achieved,
                "not_achieved": failed,
                "no_data": no_data,
                "open": size - achieved - failed - no_data - not_applicable,
                "not_applicable": not_applicable,
                "units": size,
            }
        )
    return rows


def _threshold(criteria_set: CriteriaSet, indicator_id: str, value: Any) -> Any:
    """A threshold as the set writes it: a number takes the set's own comparison and unit."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        return value
    try:
        current = criteria_set.indicator(indicator_id).requirement
    except KeyError:
        return value  # with_requirements names the unknown indicator
    if not isinstance(current, Compare):
        raise ArgumentError(
            f"indicator {indicator_id}: its requirement is not one comparison; give each "
            'threshold in full ("≥ 90 %")'
        )
    return {"op": current.op, "value": value, "unit": current.value.unit or None}


def sweep(
    criteria_set: CriteriaSet | str,
    frame: pd.DataFrame,
    *,
    measure: str | None = None,
    values: Sequence[Any] | None = None,
    requirement: str | None = None,
    thresholds: Sequence[Any] | None = None,
    year: int | None = None,
    villages: pd.DataFrame | None = None,
    registry: Registry | None = None,
) -> SweepFrame:
    """Evaluate ``frame`` once per step of a value (``measure`` and ``values``: numbers in the
    measure's unit, or strings as observation files write them) or of a threshold
    (``requirement``, an indicator number, and ``thresholds``); a tidy :class:`SweepFrame`.

    >>> import pandas as pd
    >>> import ntmcriteria as ntm
    >>> frame = pd.DataFrame(
    ...     {"unit": ["A", "B"], "year": 2024,
    ...      "households_hygienic_facilities_rate [%]": [86.0, 91.0]}
    ... )
    >>> table = ntm.sweep(
    ...     "example/xa-ntm-trich/2022-2025", frame, requirement="17.8", thresholds=[85, 90, 95]
    ... )
    >>> table.query('id == "17.8"')["achieved"].tolist()
    [2, 1, 0]
    """
    from .dask_frames import is_dask, sweep_dask

    if is_dask(frame):  # a lazy Dask table: each partition counted, then summed
        options = {
            "measure": measure,
            "values": values,
            "requirement": requirement,
            "thresholds": thresholds,
            "year": year,
        }
        steps = list(values if values is not None else thresholds or ())
        return sweep_dask(  # type: ignore[no-any-return]
            sweep, COLUMNS, criteria_set, frame, options, registry, steps
        )
    check_year(year)
    by_value = measure is not None or values is not None
    by_threshold = requirement is not None or thresholds is not None
    if by_value == by_threshold:
        raise ArgumentError(
            "sweep one thing: measure= and values=, or requirement= and thresholds="
        )
    rows: list[dict[str, Any]] = []
    if by_threshold:
        if requirement is None or not thresholds:
            raise ArgumentError("a threshold sweep needs requirement= and thresholds=")
        session, base, units, village_table = _prepare(
            criteria_set, frame, year, villages, registry, "vi", "frame", None
        )
        session.units, session.villages = units, village_table
        for step, threshold in enumerate(thresholds):
            derived = base.with_requirements(
                {requirement: _threshold(base, requirement, threshold)}
            )
            rows += _counts(session.evaluate(derived, units, None), step, threshold, base.id)
        swept = f"{requirement}"
    else:
        if measure is None or not values:
            raise ArgumentError("a value sweep needs measure= and values=")
        session, base, units, _ = _prepare(
            criteria_set, frame, year, villages, registry, "vi", "frame", None
        )
        if measure not in base.measures:
            raise ArgumentError(f"set {base.id!r} has no measure {measure!r}")
        unit = base.measures[measure].unit
        kept = [c for c in frame.columns if c != measure and not str(c).startswith(f"{measure} [")]
        for step, value in enumerate(values):
            numeric = isinstance(value, int | float | Fraction) and not isinstance(value, bool)
            column = f"{measure} [{unit}]" if numeric and unit else measure
            changed = frame[kept].assign(**{column: float(value) if numeric else value})
            session, _, units, village_table = _prepare(
                base, changed, year, villages, registry, "vi", "frame", None
            )
            session.units, session.villages = units, village_table
            rows += _counts(session.evaluate(base, units, None), step, value, base.id)
        swept = measure
    out = SweepFrame(rows, columns=COLUMNS)
    out.swept = swept
    out.attrs["set_id"] = base.id
    out.attrs["swept"] = swept
    return out
