"""``evaluate_frame``: one compiled plan run over every unit of a pandas DataFrame.

Rows are grouped by what the set's thresholds depend on (year, region when a threshold is by
region, the context facts the set reads); each group runs the plan compiled for its context, as
whole-column operations. Criteria, sets and composition rules combine the codes through the one
status algebra (:func:`ntmcriteria.status.at_least_codes`), so every verdict is the one
:func:`ntmcriteria.evaluate` gives for the same unit (a property test holds the two equal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.errors import ModelError, ObservationError, Problem
from ..core.numbers import check_number_style
from ..core.status import STATUS_OF_CODE
from ..core.units import NumberStyle
from ..criteria.composition import (
    AchievedSet,
    OutstandingField,
    VillageQuota,
    VillagesAchieving,
)
from ..criteria.model import CriteriaSet, Measure
from ..criteria.requirements import Relative
from ..observations.model import Observations
from .columns import UnitTable
from .frame_codes import ACHIEVED, NA, NO_DATA, NOT_ENCODED, Codes, SetColumns
from .frame_session import FrameSession
from .rows import observations_from_frame

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["FrameSession", "SetColumns", "evaluate_frame", "frame_observations"]


CATEGORIES = [status.value for status in STATUS_OF_CODE]


def evaluate_frame(
    criteria_set: CriteriaSet | str,
    frame: pd.DataFrame,
    year: int | None = None,
    *,
    villages: pd.DataFrame | None = None,
    registry: Registry | None = None,
    number_style: NumberStyle = "vi",
    origin: str = "frame",
    lines: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Evaluate every row of ``frame`` (one unit a row) against a criteria set.

    Columns are measure ids (``<measure>`` or ``<measure> [unit]``; numbers in the bracketed unit
    or the measure's own, or the strings observation files accept, such as ``"669/836 hộ"``),
    with ``unit``, ``year``, ``region``, ``level``, ``context.<fact>`` and ``choice.<key>``.
    ``year`` overrides the ``year`` column. ``villages`` holds the villages, one a row, each
    with a ``parent`` column naming its commune's ``unit`` (or index label).

    Returns one row per unit, on the frame's index: ``unit`` and ``year`` when given, the set's
    ``status``, the counts (``criteria_achieved``, ``criteria_applicable``,
    ``indicators_achieved``, ``indicators_applicable``, ``indicators_no_data``,
    ``indicators_not_encoded``), then ``criterion:<id>``, ``indicator:<id>`` and
    ``condition:<id>`` statuses (categoricals of the :class:`~ntmcriteria.Status` values).
    ``.attrs`` carries the set id, its content hash and the measure columns no measure of the set
    reads. A Dask DataFrame gives a lazy Dask DataFrame, each partition evaluated by the same
    plan (:mod:`ntmcriteria.evaluation.dask_frames`). Raises
    :class:`~ntmcriteria.ObservationError` listing every value that does not fit its measure,
    with its row and column, before anything is decided; ``origin`` names the file the rows came
    from and ``lines`` gives each row's line in it, for those messages.

    >>> import pandas as pd
    >>> import ntmcriteria as ntm
    >>> frame = pd.DataFrame(
    ...     {"unit": ["A", "B"], "households_hygienic_facilities_rate": ["700/836 hộ", "90 %"]}
    ... )
    >>> ntm.evaluate_frame(
    ...     "example/xa-ntm-trich/2022-2025", frame, year=2024)["indicator:17.8"].tolist(
    ... )
    ['not_achieved', 'achieved']
    """
    from .dask_frames import evaluate_dask, is_dask

    if is_dask(frame):  # a lazy Dask DataFrame, partition by partition
        return evaluate_dask(
            evaluate_frame,
            criteria_set,
            frame,
            year,
            villages=villages,
            registry=registry,
            number_style=number_style,
        )
    session, criteria_set, units, village_table = _prepare(
        criteria_set, frame, year, villages, registry, number_style, origin, lines
    )
    session.units, session.villages = units, village_table
    result = session.evaluate(criteria_set, units, None)
    return _to_frame(result, units)


def frame_observations(
    criteria_set: CriteriaSet | str,
    frame: pd.DataFrame,
    year: int | None = None,
    *,
    villages: pd.DataFrame | None = None,
    registry: Registry | None = None,
    number_style: NumberStyle = "vi",
    origin: str = "frame",
    lines: Sequence[int] | None = None,
) -> list[Observations]:
    """The rows of ``frame`` as :class:`~ntmcriteria.Observations`, read exactly as
    :func:`evaluate_frame` reads them (numbers in their column's unit), villages nested: to
    explain one row, ``ntm.evaluate(set, frame_observations(set, frame)[i])``.

    >>> import pandas as pd
    >>> import ntmcriteria as ntm
    >>> frame = pd.DataFrame({"unit": ["A"], "households_hygienic_facilities_rate": ["700/836 hộ"]})
    >>> [unit] = ntm.frame_observations("example/xa-ntm-trich/2022-2025", frame, year=2024)
    >>> ntm.evaluate("example/xa-ntm-trich/2022-2025", unit).indicators["17.8"].gap.describe()
    'cần tăng thêm 1,27 % (thêm 11 hộ, đạt 711/836)'
    """
    session, criteria_set, units, village_table = _prepare(
        criteria_set, frame, year, villages, registry, number_style, origin, lines
    )
    measures: dict[str, dict[str, Measure]] = {"commune": {}, "village": {}}
    for reached in _reachable(criteria_set, session.resolve):
        for measure in reached.measures.values():
            measures[reached.level].setdefault(measure.id, measure)
    return observations_from_frame(
        units,
        list(measures[criteria_set.level].values()),
        village_table,
        list(measures["village"].values()),
    )


def _prepare(
    criteria_set: CriteriaSet | str,
    frame: pd.DataFrame,
    year: int | None,
    villages: pd.DataFrame | None,
    registry: Registry | None,
    style: NumberStyle,
    origin: str,
    lines: Sequence[int] | None,
) -> tuple[FrameSession, CriteriaSet, UnitTable, UnitTable | None]:
    """The session, the set (looked up by id), and the tables of units and villages."""
    check_number_style(style)
    session = FrameSession(registry)
    if isinstance(criteria_set, str):
        criteria_set = session.resolve(criteria_set)
    if not isinstance(criteria_set, CriteriaSet):
        raise ModelError(
            [Problem("", f"expected a CriteriaSet or a set id, got {type(criteria_set).__name__}")]
        )
    units = UnitTable.from_frame(
        frame, year=year, style=style, level=criteria_set.level, origin=origin, lines=lines
    )
    village_table = _village_table(villages, units, style) if villages is not None else None
    return session, criteria_set, units, village_table


def _reachable(
    criteria_set: CriteriaSet, resolve: Callable[[str], CriteriaSet]
) -> list[CriteriaSet]:
    """The set and every set its rules and relative thresholds name, each once."""
    found: dict[str, CriteriaSet] = {}
    todo = [criteria_set]
    while todo:
        current = todo.pop()
        if current.id in found:
            continue
        found[current.id] = current
        names: list[str] = []
        rules = [c.rule for c in current.composition]
        rules += [i.rule for i in current.indicators() if i.rule is not None]
        for top in rules:
            for rule in top.walk():
                if isinstance(rule, AchievedSet | VillagesAchieving | VillageQuota):
                    names.append(rule.set_id)
                elif isinstance(rule, OutstandingField):
                    names.extend(rule.fields.values())
        for indicator in current.indicators():
            if indicator.requirement is not None:
                names += [r.set_id for r in indicator.requirement.walk() if isinstance(r, Relative)]
        todo += [current if n == current.id else resolve(n) for n in names if n not in found]
    return list(found.values())


def _village_table(villages: pd.DataFrame, units: UnitTable, style: NumberStyle) -> UnitTable:
    table = UnitTable.from_frame(
        villages, year=None, style=style, level="village", origin="villages"
    )
    if "parent" not in villages.columns:
        raise ObservationError(
            [Problem("/parent", "the villages need a 'parent' column naming their commune")],
            subject="villages",
        )
    problems = []
    positions: dict[str, int] = {}
    for index, name in enumerate(units.names.tolist()):
        if name in positions:  # villages name their commune: it must be one row
            problems.append(
                Problem(
                    "/unit",
                    f"unit {name!r} appears twice (also row {positions[name] + 1})",
                    file=units.origin,
                    line=units.line(index),
                )
            )
        positions[name] = index
    parents = np.full(table.size, -1, dtype=np.int64)
    seen: dict[tuple[int, str], int] = {}
    names = table.names.tolist()
    for index, parent in enumerate(villages["parent"].tolist()):
        where = None if parent is None else positions.get(str(parent).strip())
        if where is not None and (where, names[index]) in seen:
            problems.append(
                Problem(
                    "/unit",
                    f"village {names[index]!r} of {parent!r} is listed twice "
                    f"(also row {seen[where, names[index]] + 1})",
                    file="villages",
                    line=index + 1,
                )
            )
        if where is not None:
            seen[where, names[index]] = index
        if where is None:
            problems.append(
                Problem(
                    "/parent",
                    f"no commune row named {parent!r}",
                    file="villages",
                    line=index + 1,
                    message_vi=f"không có dòng xã nào tên {parent!r}",
                )
            )
            continue
        parents[index] = where
    own_years = table.years
    clash = np.flatnonzero((own_years != 0) & (own_years != units.years[np.maximum(parents, 0)]))
    for clashing in clash:
        index = int(clashing)
        if parents[index] >= 0:
            problems.append(
                Problem(
                    "/year",
                    f"a village is assessed in its commune's year ({units.years[parents[index]]})",
                    file="villages",
                    line=index + 1,
                )
            )
    if problems:
        raise ObservationError(problems, subject="villages")
    table.parents = parents
    table.years = units.years[parents]
    inherit = np.array([r is None for r in table.regions.tolist()], dtype=bool)
    table.regions = np.where(inherit, units.regions[parents], table.regions)
    table.regions_vary = table.regions_vary or units.regions_vary
    return table


def _count(
    parts: list[Codes], size: int, code: int, *, equal: bool = True
) -> npt.NDArray[np.int16]:
    """How many of ``parts`` have ``code`` on each row (or, with ``equal=False``, another)."""
    if len(parts) > 255:  # more parts than a byte counts
        wide = np.zeros(size, dtype=np.int16)
        for part in parts:
            wide += (part == code) if equal else (part != code)
        return wide
    total = np.zeros(size, dtype=np.uint8)  # adding bytes is twice as fast as bools to int16
    found = np.empty(size, dtype=np.bool_)
    for part in parts:
        (np.equal if equal else np.not_equal)(part, code, out=found)
        total += found.view(np.uint8)
    return total.astype(np.int16)


def _to_frame(result: SetColumns, table: UnitTable) -> pd.DataFrame:
    dtype = pd.CategoricalDtype(CATEGORIES)

    def categorical(codes: Codes) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)

    size = result.size
    data: dict[str, Any] = {}
    if "unit" in table.frame.columns:
        data["unit"] = table.frame["unit"].array  # as it is: no copy, no change of dtype
    years = pd.array(table.years, dtype="Int16")
    years[table.years == 0] = pd.NA
    data["year"] = years
    data["status"] = categorical(result.status)
    data["criteria_achieved"] = _count(result.criteria, size, ACHIEVED)
    data["criteria_applicable"] = _count(result.criteria, size, NA, equal=False)
    data["indicators_achieved"] = _count(result.indicators, size, ACHIEVED)
    data["indicators_applicable"] = _count(result.indicators, size, NA, equal=False)
    data["indicators_no_data"] = _count(result.indicators, size, NO_DATA)
    data["indicators_not_encoded"] = _count(result.indicators, size, NOT_ENCODED)
    for prefix, ids, columns in (
        ("criterion", result.criterion_ids, result.criteria),
        ("indicator", result.indicator_ids, result.indicators),
        ("condition", result.condition_ids, result.conditions),
    ):
        for ident, codes in zip(ids, columns, strict=True):
            data[f"{prefix}:{ident}"] = categorical(codes)
    out = pd.DataFrame(data, index=table.frame.index)
    criteria_set = result.criteria_set
    provenance = criteria_set.provenance
    out.attrs["set_id"] = criteria_set.id
    out.attrs["content_hash"] = (
        provenance.content_hash
        if provenance is not None and provenance.content_hash
        else criteria_set.content_hash()
    )
    out.attrs["unused_columns"] = table.unused(criteria_set.measures)
    return out
