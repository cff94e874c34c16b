"""The scalar evaluation path: one unit against one criteria set, fully explained."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..core.errors import (
    ArgumentError,
    ModelError,
    NtmError,
    ObservationError,
    Problem,
    check_year,
)
from ..core.status import Status, all_of, at_least
from ..core.text import Text
from ..core.values import Observed
from ..criteria.composition import choice_groups
from ..criteria.model import CriteriaSet, Criterion, CriterionRule, Indicator, Measure
from ..criteria.requirements import FactValue, Outcome
from ..observations.model import Observations
from .audit import indicator_findings, set_findings
from .plan import Node, cached_plan, reads
from .results import AuditFinding, CriterionResult, IndicatorResult, SetResult

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["evaluate"]


@attrs.define(slots=True)
class _Context:
    """The assessment context a requirement is checked in."""

    criteria_set: CriteriaSet
    observations: Observations
    values: dict[str, Observed | None]
    year: int | None
    registry: Registry | None
    session: Session
    criteria: dict[str, CriterionResult] = attrs.field(factory=dict)

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
        return self.session.resolve_set(set_id)

    def criterion_result(self, criterion_id: str) -> CriterionResult:
        return self.criteria[criterion_id]

    def evaluate_set(self, set_id: str, observations: Observations) -> SetResult:
        return self.session.evaluate(self.resolve_set(set_id), observations, self.year)


def outside_validity(criteria_set: CriteriaSet, year: int, registry: Registry | None) -> Problem:
    """An assessment year outside the set's validity, naming the sets of the same level and tier
    in force that year (``national/xa-ntm/2026-2030`` for a 2026 assessment of a 2021–2025 set)."""
    in_force = []
    if registry is not None:
        in_force = sorted(
            (
                other
                for other in (registry.get(i) for i in registry)
                if other.level == criteria_set.level
                and other.tier == criteria_set.tier
                and other.validity.covers_year(year)
            ),
            key=lambda other: (other.province != criteria_set.province, other.id),
        )
    named = ", ".join(repr(other.id) for other in in_force)
    return Problem(
        "/year",
        f"assessment year {year} is outside the validity of set {criteria_set.id!r} "
        f"({criteria_set.validity.describe()})"
        + (
            f"; in force in {year}: {named}"
            if in_force
            else f"; no installed set is in force in {year}"
        ),
        message_vi=f"năm đánh giá {year} nằm ngoài thời hạn áp dụng của bộ {criteria_set.id}"
        + (f"; bộ đang áp dụng năm {year}: {named}" if in_force else ""),
    )


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
    Composition conditions are evaluated too: other sets on the same unit (prerequisite tiers,
    outstanding fields) and village sets on the unit's villages.

    Raises :class:`~ntmcriteria.errors.ObservationError` listing every value that does not fit its
    measure, and when the year is outside the set's validity or the unit is of another level.

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024,
    ...         "values": {"income_per_capita": "46,2 triệu đồng/người/năm"}}
    >>> ntm.evaluate("example/xa-ntm-trich/2022-2025", unit).indicators["10"].status
    <Status.ACHIEVED: 'achieved'>
    """
    if not isinstance(criteria_set, CriteriaSet | str):
        raise ArgumentError(
            f"criteria_set: expected a CriteriaSet or a set id, got {type(criteria_set).__name__}"
        )
    check_year(year)
    if not isinstance(observations, Observations):
        observations = Observations.from_dict(observations)
    session = Session(registry)
    if isinstance(criteria_set, str):
        criteria_set = session.resolve_set(criteria_set)
    return session.evaluate(criteria_set, observations, year)


def resolve_set(criteria_set: CriteriaSet | str, registry: Registry | None = None) -> CriteriaSet:
    """``criteria_set`` itself, or the set of that id in ``registry`` (the installed packs by
    default), as :func:`evaluate` looks it up."""
    if isinstance(criteria_set, CriteriaSet):
        return criteria_set
    return Session(registry).resolve_set(criteria_set)


@contextlib.contextmanager
def evaluating(stack: list[str], set_id: str) -> Iterator[None]:
    """Mark ``set_id`` as being evaluated (``stack``: those under way); a set that requires
    itself, through any chain of others, is refused."""
    if set_id in stack:
        chain = " → ".join([*stack, set_id])
        raise ModelError(
            [Problem("/composition", f"sets require each other in a cycle: {chain}")],
            subject=set_id,
        )
    stack.append(set_id)
    try:
        yield
    finally:
        stack.pop()


class Session:
    """One assessment: sets evaluated on units, each once (memoised), across tiers and villages."""

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry
        # Results are keyed by the unit's identity, and the session keeps every unit it has seen
        # alive (``_units``), so an id is never recycled for another unit while it is a key.
        self._memo: dict[tuple[str, int, int | None], SetResult] = {}
        self._units: dict[int, Observations] = {}
        self._stack: list[str] = []

    def registry_or_none(self) -> Registry | None:
        """The registry to look other sets up in (the installed packs by default), or None when
        it cannot be loaded."""
        if self.registry is None:
            from ..packs.registry import registry

            try:
                self.registry = registry()
            except NtmError:
                return None
        return self.registry

    def resolve_set(self, set_id: str) -> CriteriaSet:
        if self.registry is None:
            from ..packs.registry import registry

            self.registry = registry()
        return self.registry.get(set_id)

    def evaluate(
        self, criteria_set: CriteriaSet, observations: Observations, year: int | None = None
    ) -> SetResult:
        year = year if year is not None else observations.year
        key = (criteria_set.id, id(observations), year)
        if key in self._memo:
            return self._memo[key]
        with evaluating(self._stack, criteria_set.id):
            result = self._evaluate(criteria_set, observations, year)
        self._units[id(observations)] = observations
        self._memo[key] = result
        return result

    def results_for(self, observations: Observations) -> list[SetResult]:
        """Every result computed so far for this unit."""
        return [r for (_, unit, _), r in self._memo.items() if unit == id(observations)]

    def _evaluate(
        self, criteria_set: CriteriaSet, observations: Observations, year: int | None
    ) -> SetResult:
        origin = observations.origin
        problems: list[Problem] = []
        if year is not None and not criteria_set.validity.covers_year(year):
            problems.append(
                attrs.evolve(
                    outside_validity(criteria_set, year, self.registry_or_none()), file=origin
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

        ctx = _Context(criteria_set, observations, values, year, self.registry, self)
        facts, region_used = reads(criteria_set, self.resolve_set)
        plan = cached_plan(
            criteria_set,
            year,
            observations.region if region_used else None,
            {name: value for name in facts if (value := observations.fact(name)) is not None},
            self.resolve_set,
            self.registry,
        )
        nodes = plan.nodes
        by_choice = choice_groups(criteria_set.composition)
        criteria = tuple(
            attrs.evolve(_evaluate_criterion(c, ctx, nodes), counts_toward_set=False)
            if group.id in by_choice
            else _evaluate_criterion(c, ctx, nodes)
            for group in criteria_set.groups
            for c in group.criteria
        )
        ctx.criteria = {c.id: c for c in criteria}
        conditions = tuple(condition.evaluate(ctx) for condition in criteria_set.composition)
        counted = [c.status for c in criteria if c.counts_toward_set]
        status = all_of([*counted, *(c.status for c in conditions)])
        provenance = criteria_set.provenance
        content_hash = (
            provenance.content_hash
            if provenance is not None and provenance.content_hash
            else criteria_set.content_hash()
        )
        unused = tuple(sorted(set(observations.values) - set(criteria_set.measures)))
        villages = tuple(  # the sub-units' results: a commune's villages, a province's communes
            result
            for member in (*observations.villages, *observations.communes)
            for result in self.results_for(member)
        )
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
            conditions,
            villages,
            tuple(
                (group.id, group.title, tuple(c.id for c in group.criteria))
                for group in criteria_set.groups
            ),
            criteria_set.legal_basis,
            set_findings(
                criteria_set, observations, year, status, conditions, villages, self.resolve_set
            ),
            criteria_set=criteria_set,
            observations=observations,
        )


def _evaluate_criterion(
    criterion: Criterion, ctx: _Context, nodes: Mapping[str, Node | None]
) -> CriterionResult:
    indicators = tuple(
        _evaluate_indicator(indicator, criterion, ctx, nodes[indicator.id])
        for indicator in criterion.indicators
    )
    status = _apply_rule(criterion.rule, [indicator.status for indicator in indicators])
    return CriterionResult(
        criterion.id, criterion.title, status, criterion.rule, indicators, criterion.agency
    )


def _apply_rule(rule: CriterionRule, statuses: list[Status]) -> Status:
    return at_least(rule.count if rule.kind == "at_least" else None, statuses)


def _evaluate_indicator(
    indicator: Indicator, criterion: Criterion, ctx: _Context, node: Node | None
) -> IndicatorResult:
    """The indicator's verdict, decided by its plan node (an indicator holding a composition rule
    has none: the rule decides); the explanation is kept to be worked out when asked for."""
    reading = ctx.observations.values.get(indicator.measure) if indicator.measure else None
    rule_result = None
    if node is None:
        assert indicator.rule is not None
        rule_result = indicator.rule.evaluate(ctx)
        status = rule_result.status
    else:
        status = node.decide(ctx.observed)

    def explain() -> tuple[Outcome, tuple[AuditFinding, ...]]:
        outcome = _applicability(indicator, ctx)
        if outcome is None and rule_result is not None:
            outcome = Outcome(
                rule_result.status,
                rule_result.rule,
                rule_result.explanation,
                indicator.measure or "",
            )
        elif outcome is None:
            assert indicator.requirement is not None and indicator.measure is not None
            outcome = indicator.requirement.check(indicator.measure, ctx)
        return outcome, indicator_findings(indicator, outcome, ctx, ctx.observations)

    return IndicatorResult(
        indicator.id,
        indicator.title,
        criterion.id,
        indicator.measure,
        status,
        indicator.note,
        indicator.agency or criterion.agency,
        indicator.lineage,
        rule_result,
        reading.claimed if reading is not None else None,
        reading.source if reading is not None else None,
        explain,
    )


def _applicability(indicator: Indicator, ctx: _Context) -> Outcome | None:
    """An outcome when ``applies_if`` rules the indicator out (or cannot tell); else None."""
    if not indicator.applies_if:
        return None
    text = indicator.describe()
    observed = ctx.observed(indicator.measure) if indicator.measure else None
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
                indicator.measure or "",
                observed,
            )
        if not result:
            return Outcome(
                Status.NOT_APPLICABLE,
                text,
                Text(
                    f"Không áp dụng: chỉ áp dụng khi {conditions.vi}",
                    f"Not applicable: applies only when {conditions.en}",
                ),
                indicator.measure or "",
                observed,
            )
    return None
