"""Compiling a criteria set into a plan of column operations.

A set compiles once per assessment context — year, region and the context facts it reads — into
one node per indicator. Selectors (by year, by region, by context case), ``relative`` thresholds
and ``applies_if`` are resolved while compiling, exactly as the scalar path resolves them for one
unit (the same ``resolve`` and ``test`` methods are called), so what is left is a handful of
column operations: compare a column to a threshold, test a yes/no or a level, combine parts.

Exactness: floats, with an exact re-check next to the threshold. Values are floats in the
measure's unit, each the nearest float to the exact value the readers give (a ``Fraction``). A
float strictly below (above) the nearest float to the threshold is then exactly below (above) it,
since rounding to the nearest float keeps order; only a value whose float equals the threshold's
can hide a difference, and it is decided again on its exact ``Fraction`` — unless both are the
short decimals they print as (``85.0`` against ``85 %``), where the floats already are exact.
Where a column's unit was converted in floats (``47300`` in a ``nghìn đồng`` column is not
exactly ``47.3`` after ``× 0.001``), every value within a relative 1e-12 of the threshold is
decided again. So 17 of 20 households against ``≥ 85 %`` is achieved, as on the scalar path.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from ..core.errors import ModelError, Problem
from ..core.status import CODE_OF, STATUS_OF_CODE, Status, at_least, for_each_sex
from ..core.units import conversion_factor
from ..core.values import MeasureKind, Observed
from ..criteria.model import CriteriaSet, Indicator, Measure
from ..criteria.requirements import (
    Absent,
    Achieved,
    AllOf,
    AnyOf,
    ByCommuneGroup,
    Compare,
    ForEachSex,
    ForMeasure,
    MinimumLevel,
    NotApplicable,
    NotEncoded,
    Outcome,
    Relative,
    Requirement,
)
from ..criteria.requirements.commune_group import COMMUNE_GROUP
from ..criteria.requirements.selectors import _Selector

__all__ = [
    "Const",
    "Flag",
    "Node",
    "Parts",
    "Plan",
    "Threshold",
    "cached_plan",
    "compile_plan",
    "facts_read",
    "reads",
    "uses_region",
]

#: a measure's value on one unit (None: no data)
Observe = Callable[[str], "Observed | None"]
OPS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


class Node:
    """One decision of a compiled plan: ``decide`` on one unit's values (exact, pure Python);
    :func:`ntmcriteria.evaluation.run.run` on columns of units (numpy)."""

    __slots__ = ()

    def decide(self, observed: Observe) -> Status:
        """The status on one unit; ``observed`` gives a measure's value (None: no data)."""
        raise NotImplementedError


@attrs.frozen(slots=True)
class Const(Node):
    """The same status for every unit (not applicable, no year, not encoded …)."""

    code: int

    def decide(self, observed: Observe) -> Status:
        return STATUS_OF_CODE[self.code]


@attrs.frozen(slots=True)
class Threshold(Node):
    """``value op threshold`` on a measure (a rank for a level), exact at the threshold.

    On one unit the value is the exact ``Fraction`` read. On columns (``run``), values are
    floats; which are decided again on their exact value depends on how the column's floats were
    made (see :class:`~ntmcriteria.evaluation.columns.MeasureColumn`): none when the floats are
    the numbers given and the threshold is a short decimal (the usual case), those equal to the
    threshold's float when the floats are rounded from exact values, those within a hair of it
    when a unit was converted in floats.
    """

    measure: Measure
    op: str
    threshold: Fraction
    #: whether the shortest decimal of the threshold's float is the threshold itself
    short_decimal: bool

    @classmethod
    def of(cls, measure: Measure, op: str, threshold: Fraction) -> Threshold:
        return cls(measure, op, threshold, Fraction(repr(float(threshold))) == threshold)

    def decide(self, observed: Observe) -> Status:
        value = observed(self.measure.id)
        if value is None:
            return Status.NO_DATA
        exact = value.quantity.magnitude if value.quantity is not None else value.level
        held = OPS[self.op](exact, self.threshold)
        return Status.ACHIEVED if held else Status.NOT_ACHIEVED


@attrs.frozen(slots=True)
class Flag(Node):
    """A yes/no measure that must be ``wanted`` (``Đạt``: yes; ``Không``: no)."""

    measure: Measure
    wanted: bool

    def decide(self, observed: Observe) -> Status:
        value = observed(self.measure.id)
        if value is None:
            return Status.NO_DATA
        return Status.ACHIEVED if value.flag is self.wanted else Status.NOT_ACHIEVED


@attrs.frozen(slots=True)
class Parts(Node):
    """Parts of one requirement on a unit: all of them (``needed=None``) or any (``1``)."""

    needed: int | None
    parts: tuple[Node, ...]

    def decide(self, observed: Observe) -> Status:
        return at_least(self.needed, (p.decide(observed) for p in self.parts), aggregate=False)


@attrs.frozen(slots=True)
class EachSex(Node):
    """A requirement on the overall share and on each sex's (see
    :func:`~ntmcriteria.core.status.for_each_sex`)."""

    overall: Node
    male: Node
    female: Node

    def decide(self, observed: Observe) -> Status:
        return for_each_sex(
            self.overall.decide(observed), self.male.decide(observed), self.female.decide(observed)
        )


@attrs.frozen(slots=True)
class IndicatorPlan:
    """An indicator's node, or the composition rule it holds (run by the frame session)."""

    indicator: Indicator
    node: Node | None


@attrs.frozen(slots=True)
class Plan:
    """A set compiled for one context: a node per indicator, in the set's order."""

    criteria_set: CriteriaSet
    year: int | None
    region: str | None
    facts: tuple[tuple[str, Any], ...]
    indicators: tuple[IndicatorPlan, ...]
    #: each indicator's node by its id (None for an indicator holding a composition rule)
    nodes: Mapping[str, Node | None] = attrs.field(init=False, eq=False, repr=False)

    @nodes.default
    def _nodes(self) -> Mapping[str, Node | None]:
        return {part.indicator.id: part.node for part in self.indicators}


@attrs.define(slots=True)
class _CompileContext:
    """The scalar path's context without values: what selectors and conditions ask."""

    criteria_set: CriteriaSet
    year: int | None
    region: str | None
    facts: Mapping[str, Any]
    resolve: Callable[[str], CriteriaSet]

    def fact(self, name: str) -> Any:
        return self.facts.get(name)

    def observed(self, measure_id: str) -> None:
        return None

    def measure(self, measure_id: str) -> Measure:
        return self.criteria_set.measure(measure_id)

    def resolve_set(self, set_id: str) -> CriteriaSet:
        if set_id == self.criteria_set.id:
            return self.criteria_set
        return self.resolve(set_id)


def compile_plan(
    criteria_set: CriteriaSet,
    year: int | None,
    region: str | None,
    facts: Mapping[str, Any],
    resolve: Callable[[str], CriteriaSet],
) -> Plan:
    """Compile ``criteria_set`` for one context (see the module docstring)."""
    ctx = _CompileContext(criteria_set, year, region, facts, resolve)
    plans = tuple(
        IndicatorPlan(indicator, _compile_indicator(indicator, ctx))
        for indicator in criteria_set.indicators()
    )
    return Plan(criteria_set, year, region, tuple(sorted(facts.items())), plans)


def _compile_indicator(indicator: Indicator, ctx: _CompileContext) -> Node | None:
    for condition in indicator.applies_if:
        holds = condition.test(ctx)
        if holds is None:
            return Const(CODE_OF[Status.NO_DATA])
        if not holds:
            return Const(CODE_OF[Status.NOT_APPLICABLE])
    if indicator.rule is not None:
        return None
    assert indicator.requirement is not None and indicator.measure is not None
    return compile_requirement(indicator.requirement, indicator.measure, ctx)


def compile_requirement(requirement: Requirement, measure_id: str, ctx: _CompileContext) -> Node:
    """The node that decides ``requirement`` on ``measure_id`` in ``ctx``."""
    if isinstance(requirement, AllOf | AnyOf):
        needed = None if isinstance(requirement, AllOf) else 1
        return Parts(
            needed, tuple(compile_requirement(p, measure_id, ctx) for p in requirement.parts)
        )
    if isinstance(requirement, ForMeasure):
        return compile_requirement(requirement.requirement, requirement.measure, ctx)
    if isinstance(requirement, ForEachSex):
        return EachSex(
            compile_requirement(requirement.requirement, measure_id, ctx),
            compile_requirement(requirement.requirement, requirement.male, ctx),
            compile_requirement(requirement.requirement, requirement.female, ctx),
        )
    if isinstance(requirement, NotEncoded):
        return Const(CODE_OF[Status.NOT_ENCODED])
    if isinstance(requirement, NotApplicable):
        return Const(CODE_OF[Status.NOT_APPLICABLE])
    if isinstance(requirement, _Selector | Relative):
        resolved = requirement.resolve(measure_id, ctx)
        if isinstance(resolved, Outcome):
            return Const(CODE_OF[resolved.status])
        leaf, _qualifiers = resolved
        return compile_requirement(leaf, measure_id, ctx)
    measure = ctx.measure(measure_id)
    if isinstance(requirement, Compare):
        effective = requirement.for_measure(measure)
        threshold = effective.value.magnitude * conversion_factor(
            effective.value.unit, measure.unit
        )
        return Threshold.of(measure, effective.op, threshold)
    if isinstance(requirement, Achieved):
        return Flag(measure, True)
    if isinstance(requirement, Absent):
        if measure.kind is MeasureKind.BOOLEAN:
            return Flag(measure, False)
        return Threshold.of(measure, "==", Fraction(0))
    if isinstance(requirement, MinimumLevel):
        return Threshold.of(measure, ">=", Fraction(requirement.rank(measure)))
    raise ModelError(
        [
            Problem(
                f"/measures/{measure_id}",
                "the frame path cannot compile a "
                f"{requirement.kind or type(requirement).__name__!r} requirement",
            )
        ],
        subject=ctx.criteria_set.id,
    )


def facts_read(criteria_set: CriteriaSet, resolve: Callable[[str], CriteriaSet]) -> list[str]:
    """The context facts a set's decisions depend on (its own and those of relative sets)."""
    found: set[str] = set()
    seen: set[str] = set()

    def visit(current: CriteriaSet) -> None:
        if current.id in seen:
            return
        seen.add(current.id)
        for indicator in current.indicators():
            found.update(condition.fact for condition in indicator.applies_if)
            if indicator.requirement is None:
                continue
            for requirement in indicator.requirement.walk():
                if isinstance(requirement, ByCommuneGroup):
                    found.add(COMMUNE_GROUP)
                cases = getattr(requirement, "cases", ())
                for case in cases:
                    found.update(condition.fact for condition in case.when)
                if isinstance(requirement, Relative):
                    visit(
                        resolve(requirement.set_id) if requirement.set_id != current.id else current
                    )

    visit(criteria_set)
    return sorted(found)


def uses_region(criteria_set: CriteriaSet, resolve: Callable[[str], CriteriaSet]) -> bool:
    """Whether any threshold of the set (or of a set it is relative to) depends on the region."""
    from ..criteria.requirements import ByRegion

    seen: set[str] = set()

    def visit(current: CriteriaSet) -> bool:
        if current.id in seen:
            return False
        seen.add(current.id)
        for indicator in current.indicators():
            if indicator.requirement is None:
                continue
            for requirement in indicator.requirement.walk():
                if isinstance(requirement, ByRegion):
                    return True
                if (
                    isinstance(requirement, Relative)
                    and requirement.set_id != current.id
                    and visit(resolve(requirement.set_id))
                ):
                    return True
        return False

    return visit(criteria_set)


# --- plans compiled once ------------------------------------------------------------------------

_PLANS: OrderedDict[tuple[Any, ...], tuple[CriteriaSet, Plan]] = OrderedDict()
_READS: OrderedDict[int, tuple[CriteriaSet, tuple[str, ...], bool]] = OrderedDict()
_CACHE_SIZE = 1024


def reads(
    criteria_set: CriteriaSet, resolve: Callable[[str], CriteriaSet]
) -> tuple[tuple[str, ...], bool]:
    """The context facts a set's thresholds read, and whether they depend on the region (each
    set walked once)."""
    cached = _READS.get(id(criteria_set))
    if cached is not None and cached[0] is criteria_set:
        return cached[1], cached[2]
    found = (tuple(facts_read(criteria_set, resolve)), uses_region(criteria_set, resolve))
    _READS[id(criteria_set)] = (criteria_set, *found)
    if len(_READS) > _CACHE_SIZE:
        _READS.popitem(last=False)
    return found


def cached_plan(
    criteria_set: CriteriaSet,
    year: int | None,
    region: str | None,
    facts: Mapping[str, Any],
    resolve: Callable[[str], CriteriaSet],
    source: object = None,
) -> Plan:
    """The plan of a set for one context, compiled once and kept (``source``: what ``resolve``
    looks sets up in, part of the key)."""
    key = (id(criteria_set), year, region, tuple(sorted(facts.items())), id(source))
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is criteria_set:
        _PLANS.move_to_end(key)
        return cached[1]
    plan = compile_plan(criteria_set, year, region, facts, resolve)
    _PLANS[key] = (criteria_set, plan)
    if len(_PLANS) > _CACHE_SIZE:
        _PLANS.popitem(last=False)
    return plan
