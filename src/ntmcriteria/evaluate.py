"""The scalar evaluation path: one unit against one criteria set, fully explained."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .errors import ObservationError, Problem
from .model import CriteriaSet, Criterion, CriterionRule, Indicator, Measure
from .observations import Observations
from .requirements import FactValue, Outcome
from .status import Status, combine
from .text import Text
from .values import Observed

if TYPE_CHECKING:
    from .registry import Registry
    from .results import CriterionResult, IndicatorResult, SetResult

__all__ = ["evaluate"]


@attrs.define(slots=True)
class _Context:
    """The assessment context a requirement is checked in."""

    criteria_set: CriteriaSet
    observations: Observations
    values: dict[str, Observed | None]
    year: int | None
    registry: Registry | None

    @property
    def region(self) -> str | None:
        return self.observations.region

    def fact(self, name: str) -> FactValue | None:
        return self.observations.fact(name)

    def observed(self, measure_id: str) -> Observed | None:
        return self.values.get(measure_id)

    def measure(self, measure_id: str) -> Measure:
        return self.criteria_set.measure(measure_id)

    def resolve_set(self, set_id: str) -> CriteriaSet:
        if set_id == self.criteria_set.id:
            return self.criteria_set
        if self.registry is None:
            from .registry import registry

            self.registry = registry()
        return self.registry.get(set_id)


def evaluate(
    criteria_set: CriteriaSet | str,
    observations: Observations | Mapping[str, Any],
    year: int | None = None,
    *,
    registry: Registry | None = None,
) -> SetResult:
    """Evaluate one unit's observations against a criteria set.

    ``criteria_set`` is a :class:`CriteriaSet` or a set id looked up in ``registry`` (the
    installed packs by default); ``observations`` an :class:`Observations` or the dict
    :meth:`Observations.from_dict` reads. ``year`` defaults to the observations' year.

    Raises :class:`~ntmcriteria.errors.ObservationError` listing every value that does not fit its
    measure, and when the year is outside the set's validity or the unit is of another level.
    """
    from .results import SetResult

    if isinstance(criteria_set, str):
        if registry is None:
            from .registry import registry as default_registry

            registry = default_registry()
        criteria_set = registry.get(criteria_set)
    if not isinstance(observations, Observations):
        observations = Observations.from_dict(observations)
    year = year if year is not None else observations.year
    origin = observations.origin

    problems: list[Problem] = []
    if year is not None and not criteria_set.validity.covers_year(year):
        problems.append(
            Problem(
                "/year",
                f"assessment year {year} is outside the validity of set {criteria_set.id!r} "
                f"({criteria_set.validity.describe()})",
                file=origin,
            )
        )
    if observations.unit.level != criteria_set.level:
        problems.append(
            Problem(
                "/unit/level",
                f"set {criteria_set.id!r} assesses a {criteria_set.level}, but the unit "
                f"{observations.unit.name!r} is a {observations.unit.level}",
                file=origin,
            )
        )
    values: dict[str, Observed | None] = {}
    for measure in criteria_set.measures.values():
        try:
            values[measure.id] = observations.observe(measure)
        except ObservationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ObservationError(problems, subject=origin)

    ctx = _Context(criteria_set, observations, values, year, registry)
    criteria = tuple(_evaluate_criterion(criterion, ctx) for criterion in criteria_set.criteria())
    status = combine(criterion.status for criterion in criteria)
    provenance = criteria_set.provenance
    content_hash = (
        provenance.content_hash
        if provenance is not None and provenance.content_hash
        else criteria_set.content_hash()
    )
    unused = tuple(sorted(set(observations.values) - set(criteria_set.measures)))
    return SetResult(
        criteria_set.id,
        criteria_set.title,
        criteria_set.tier,
        criteria_set.level,
        year,
        observations.unit,
        status,
        criteria,
        provenance,
        content_hash,
        unused,
    )


def _evaluate_criterion(criterion: Criterion, ctx: _Context) -> CriterionResult:
    from .results import CriterionResult

    indicators = tuple(
        _evaluate_indicator(indicator, criterion, ctx) for indicator in criterion.indicators
    )
    status = _apply_rule(criterion.rule, [indicator.status for indicator in indicators])
    return CriterionResult(
        criterion.id, criterion.title, status, criterion.rule, indicators, criterion.agency
    )


def _apply_rule(rule: CriterionRule, statuses: list[Status]) -> Status:
    if rule.kind == "all":
        return combine(statuses)
    applicable = [s for s in statuses if s is not Status.NOT_APPLICABLE]
    if not applicable:
        return Status.NOT_APPLICABLE
    assert rule.count is not None
    achieved = sum(1 for s in applicable if s is Status.ACHIEVED)
    still_open = sum(1 for s in applicable if s.is_open)
    if achieved >= rule.count:
        return Status.ACHIEVED
    if achieved + still_open < rule.count:
        return Status.NOT_ACHIEVED
    return Status.UNDETERMINED


def _evaluate_indicator(
    indicator: Indicator, criterion: Criterion, ctx: _Context
) -> IndicatorResult:
    from .results import IndicatorResult

    outcome = _applicability(indicator, ctx)
    if outcome is None:
        outcome = indicator.requirement.check(indicator.measure, ctx)
    return IndicatorResult(
        indicator.id,
        indicator.title,
        criterion.id,
        indicator.measure,
        outcome.status,
        outcome.requirement,
        outcome.explanation,
        outcome.observed,
        outcome.gap,
        outcome.gaps() if outcome.status is Status.NOT_ACHIEVED else (),
        outcome,
        indicator.note,
        indicator.agency or criterion.agency,
        indicator.lineage,
    )


def _applicability(indicator: Indicator, ctx: _Context) -> Outcome | None:
    """An outcome when ``applies_if`` rules the indicator out (or cannot tell); else None."""
    if not indicator.applies_if:
        return None
    text = indicator.requirement.describe()
    conditions = Text(
        " và ".join(c.describe().vi for c in indicator.applies_if),
        " and ".join(c.describe().en for c in indicator.applies_if),
    )
    for condition in indicator.applies_if:
        result = condition.test(ctx)
        if result is None:
            return Outcome(
                Status.NO_DATA,
                text,
                Text(
                    f"Chưa biết {condition.fact} để xác định chỉ tiêu có áp dụng "
                    f"({conditions.vi}) hay không",
                    f"Context fact {condition.fact} is not given, so whether the indicator "
                    f"applies ({conditions.en}) is unknown",
                ),
                indicator.measure,
                ctx.observed(indicator.measure),
            )
        if not result:
            return Outcome(
                Status.NOT_APPLICABLE,
                text,
                Text(
                    f"Không áp dụng: chỉ áp dụng khi {conditions.vi}",
                    f"Not applicable: applies only when {conditions.en}",
                ),
                indicator.measure,
                ctx.observed(indicator.measure),
            )
    return None
