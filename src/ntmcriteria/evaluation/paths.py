"""The shortest path to a tier: what must change, by how much, for a unit to reach a set.

``ntm.path_to(observations, "nang-cao")`` (a tier of the unit's province, or a set id or set)
lists the changes, smallest first: each indicator not achieved with its gap in its own unit and,
where the value's denominator is known, in households, hectares or people; each indicator without
data with the least value that meets it; each village that must change (for a rule over villages,
the villages with least to do); for a choice (one group of several, an outstanding field) the
option with least to do. A prerequisite tier's own path is part of it.

The path is worked out by evaluating, changing what fails, and evaluating again until the set is
achieved or nothing more can be changed; its claim is then checked: :attr:`Path.reached` is the
status of the set evaluated on the observations with every change applied (:attr:`Path.result`).
What no value can settle (a threshold not encoded, a village not listed) is in
:attr:`Path.blocked`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from ..core.errors import ArgumentError, check_year
from ..core.status import Status
from ..core.text import Text
from ..core.units import Quantity
from ..core.values import MeasureKind
from ..criteria.composition import (
    AchievedSet,
    OneOfGroups,
    OutstandingField,
    VillageQuota,
    VillagesAchieving,
    VillageShare,
)
from ..criteria.model import CriteriaSet, Measure
from ..criteria.requirements import Outcome
from ..observations.model import Observations
from .path_steps import Path, PathStep, merged
from .results import IndicatorResult, SetResult
from .whatif import apply_changes

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["Path", "PathStep", "path_to"]

#: how many rounds of change and evaluation before giving up (each round settles at least one
#: indicator; a set's parts depend on one another at most this deep)
ROUNDS = 8


# --- the value that settles one outcome ---------------------------------------------------------


def _leaves(outcome: Outcome) -> list[Outcome]:
    if not outcome.parts:
        return [outcome]
    return [leaf for part in outcome.parts for leaf in _leaves(part)]


def _target(leaf: Outcome, measure: Measure) -> tuple[Any, Text, float] | None:
    """The value that meets a failing leaf, what it means, and its relative size."""
    observed, gap = leaf.observed, leaf.gap
    if leaf.status is Status.NO_DATA:  # a first value; its gap decides the next round
        if measure.kind is MeasureKind.BOOLEAN:
            return True, Text("cần có số liệu", "needs data"), 1.0
        if measure.kind is MeasureKind.LEVEL:
            return 1, Text("cần có số liệu", "needs data"), 1.0
        return Quantity(0, measure.unit), Text("cần có số liệu", "needs data"), 1.0
    if observed is None:
        return None
    if observed.flag is not None:
        return (
            not observed.flag,
            Text(
                f"cần chuyển thành {'Đạt' if not observed.flag else 'Không'}",
                f"must become {'achieved' if not observed.flag else 'no'}",
            ),
            1.0,
        )
    if gap is None:
        return None
    sign = 1 if gap.direction == "increase" else -1
    nudge = Fraction(1, 100) if gap.strict else Fraction(0)  # just past a strict threshold
    if observed.level is not None:
        needed = observed.level + sign * int(gap.amount.magnitude + (1 if gap.strict else 0))
        return needed, leaf.explanation, float(gap.amount.magnitude)
    assert observed.quantity is not None
    if gap.target_count is not None and observed.denominator is not None:
        target = gap.target_count + (sign if gap.strict else 0)
        value: dict[str, Any] = {"numerator": target, "denominator": observed.denominator}
        if observed.count_unit:
            value["unit"] = observed.count_unit
        size = float(abs(target - (observed.numerator or 0)) / observed.denominator)
        return value, Text(gap.describe("vi"), gap.describe("en")), size
    amount = (
        gap.amount.to(observed.quantity.unit).magnitude if gap.amount.unit else gap.amount.magnitude
    )
    new = observed.quantity.magnitude + sign * (amount + nudge)
    base = abs(observed.quantity.magnitude) + amount or Fraction(1)
    return (
        Quantity(new, observed.quantity.unit),
        Text(gap.describe("vi"), gap.describe("en")),
        float(amount / base),
    )


def _indicator_steps(
    result: SetResult, indicator: IndicatorResult, unit: str
) -> tuple[list[PathStep], list[str]]:
    steps: list[PathStep] = []
    blocked: list[str] = []
    the_set = result.criteria_set
    assert the_set is not None
    if indicator.status is Status.NOT_ENCODED:
        return [], [f"{unit}: {indicator.id}"]
    for leaf in _leaves(indicator.outcome):
        if leaf.status not in (Status.NOT_ACHIEVED, Status.NO_DATA):
            continue
        if leaf.status is Status.NO_DATA and leaf.observed is not None:
            blocked.append(f"{unit}: {indicator.id}")  # a context fact is missing, not a value
            continue
        measure = the_set.measures.get(leaf.measure)
        if measure is None:
            blocked.append(f"{unit}: {indicator.id}")
            continue
        found = _target(leaf, measure)
        if found is None:
            blocked.append(f"{unit}: {indicator.id}")
            continue
        value, text, size = found
        kind: Literal["gap", "no_data"] = "no_data" if leaf.status is Status.NO_DATA else "gap"
        steps.append(
            PathStep(
                unit,
                indicator.id,
                measure.id,
                indicator.title,
                value,
                text,
                size,
                kind,
                result.set_id,
            )
        )
    return steps, blocked


# --- the parts a set needs ----------------------------------------------------------------------


def _open(status: Status) -> bool:
    return status is not Status.ACHIEVED and status is not Status.NOT_APPLICABLE


def _work(result: SetResult) -> int:
    """How much a result lacks: its indicators not achieved or open."""
    return sum(_open(i.status) for i in result.indicators.values())


def _needed(
    result: SetResult, choices: dict[str, str]
) -> tuple[list[IndicatorResult], list[tuple[str, SetResult]], list[str]]:
    """The unit's indicators to settle, other sets on the same unit (prerequisites, the chosen
    outstanding field) and what cannot be settled."""
    the_set = result.criteria_set
    assert the_set is not None
    skip: set[str] = set()  # criteria of groups a choice rule decides
    other_sets: list[tuple[str, SetResult]] = []
    blocked: list[str] = []
    for condition, outcome in zip(the_set.composition, result.conditions, strict=True):
        for rule in condition.rule.walk():
            if isinstance(rule, OneOfGroups):
                members = {g.id: [c.id for c in g.criteria] for g in the_set.groups}
                by_group = {g: _group_work(result, members[g]) for g in rule.groups}
                chosen = None
                if rule.choice:  # the commune's own choice stands
                    assert result.observations is not None
                    chosen = choices.get(rule.choice) or result.observations.choices.get(
                        rule.choice
                    )
                best = chosen or min(rule.groups, key=lambda g: (by_group[g], g))
                if rule.choice and not chosen:
                    choices[rule.choice] = best
                skip |= {c for g in rule.groups if g != best for c in members[g]}
            elif isinstance(rule, OutstandingField):
                chosen = choices.get(rule.choice)
                if chosen is None:
                    observations = result.observations
                    assert observations is not None
                    chosen = observations.choices.get(rule.choice)
                if chosen is None:  # the field with least to do
                    chosen = min(rule.fields, key=lambda f: (_field_work(result, rule, f), f))
                    choices[rule.choice] = chosen
            elif isinstance(rule, AchievedSet) and _open(outcome.status):
                other_sets.append((rule.set_id, result))
    indicators = [
        indicator
        for criterion in result.criteria
        if criterion.id not in skip and _open(criterion.status)
        for indicator in criterion.indicators
        if _open(indicator.status) and indicator.measure is not None
    ]
    for criterion in result.criteria:
        for indicator in criterion.indicators:
            if indicator.measure is None and _open(indicator.status) and criterion.id not in skip:
                blocked.append(indicator.id)  # a rule indicator: its villages are below
    return indicators, other_sets, blocked


def _group_work(result: SetResult, criteria: list[str]) -> tuple[int, int]:
    """How much a group lacks: its indicators no value can settle (not encoded), then those not
    achieved or open — a group with a threshold not encoded is chosen last."""
    indicators = [i for c in criteria for i in result.criterion(c).indicators]
    stuck = sum(i.status is Status.NOT_ENCODED for i in indicators)
    return stuck, sum(_open(i.status) for i in indicators)


def _field_work(result: SetResult, rule: OutstandingField, field: str) -> int:
    from .session import evaluate

    assert result.observations is not None
    return _work(evaluate(rule.fields[field], result.observations, result.year))


def _village_rules(the_set: CriteriaSet) -> list[Any]:
    rules: list[Any] = []
    tops = [c.rule for c in the_set.composition]
    tops += [i.rule for i in the_set.indicators() if i.rule is not None]
    for top in tops:
        rules += [
            r for r in top.walk() if isinstance(r, VillagesAchieving | VillageQuota | VillageShare)
        ]
    return rules


def _villages_to_fix(result: SetResult) -> dict[str, str]:
    """Village name → the village set each must reach: for "at least k villages", the k with
    least to do; for a quota or a share, every village not achieving its set."""
    the_set = result.criteria_set
    assert the_set is not None
    wanted: dict[str, str] = {}
    by_set: dict[str, list[SetResult]] = {}
    for village in result.villages:
        by_set.setdefault(village.set_id, []).append(village)
    for rule in _village_rules(the_set):
        villages = by_set.get(rule.set_id, [])
        if isinstance(rule, VillagesAchieving):
            achieved = [v for v in villages if v.status is Status.ACHIEVED]
            short = sorted(
                (v for v in villages if v.status is not Status.ACHIEVED),
                key=lambda v: (_work(v), v.unit.name),
            )
            for village in short[: max(0, rule.at_least - len(achieved))]:
                wanted[village.unit.name] = rule.set_id
        else:
            for village in villages:
                if village.status is not Status.ACHIEVED:
                    wanted[village.unit.name] = rule.set_id
    return wanted


# --- the search ---------------------------------------------------------------------------------


def _resolve_target(
    observations: Observations,
    target: CriteriaSet | str,
    registry: Registry | None,
    year: int | None,
) -> CriteriaSet:
    from ..packs.registry import registry as installed
    from .assess import sets_in_force

    if isinstance(target, CriteriaSet):
        return target
    found = registry or installed()
    if target in found:
        return found.get(target)
    tiers = {s.tier: s for s in sets_in_force(observations, found, year)}
    if target in tiers:
        return tiers[target]
    raise ArgumentError(
        f"no set or tier {target!r} for {observations.unit.name}: tiers in force are "
        f"{', '.join(sorted(tiers)) or 'none'}"
    )


def _round(
    observations: Observations,
    the_set: CriteriaSet,
    year: int | None,
    choices: dict[str, str],
    registry: Registry | None,
) -> tuple[SetResult, dict[str, list[PathStep]], list[str], list[SetResult]]:
    """One evaluation: the result and, per unit (the commune by name, its villages), the
    changes that settle what fails now; what cannot be settled; every result looked at."""
    from .session import evaluate, resolve_set

    result = evaluate(the_set, observations, year, registry=registry)
    unit = observations.unit.name
    found: dict[str, list[PathStep]] = {}
    blocked: list[str] = []
    todo = [(the_set, result)]
    seen: set[str] = set()
    looked: list[SetResult] = []
    while todo:
        current_set, current = todo.pop()
        if current_set.id in seen:
            continue
        seen.add(current_set.id)
        looked.append(current)
        indicators, others, cannot = _needed(current, choices)
        blocked += [f"{unit}: {c}" for c in cannot]
        for indicator in indicators:
            steps, stuck = _indicator_steps(current, indicator, unit)
            found.setdefault(unit, []).extend(steps)
            blocked += stuck
        for set_id, _ in others:
            other = resolve_set(set_id, registry)
            todo.append((other, evaluate(other, observations, year, registry=registry)))
        for field_choice, field in list(choices.items()):
            for condition in current_set.composition:
                for rule in condition.rule.walk():
                    if isinstance(rule, OutstandingField) and rule.choice == field_choice:
                        field_set = resolve_set(rule.fields[field], registry)
                        field_result = evaluate(field_set, observations, year, registry=registry)
                        if field_result.status is not Status.ACHIEVED:
                            todo.append((field_set, field_result))
        for name in _villages_to_fix(current):
            village = next(v for v in current.villages if v.unit.name == name)
            village_indicators, _, village_blocked = _needed(village, {})
            blocked += [f"{name}: {c}" for c in village_blocked]
            for indicator in village_indicators:
                steps, stuck = _indicator_steps(village, indicator, name)
                found.setdefault(name, []).extend(steps)
                blocked += stuck
    blocked = list(dict.fromkeys(blocked))
    return result, found, blocked, looked


def path_to(
    observations: Observations,
    target: CriteriaSet | str,
    *,
    year: int | None = None,
    registry: Registry | None = None,
) -> Path:
    """The changes that take ``observations`` to ``target`` — a tier of the unit's province
    (``"nang-cao"``), a set id or a set — ranked smallest first, and whether they reach it.

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024,
    ...         "values": {"households_hygienic_facilities_rate": "700/836 hộ"}}
    >>> path = ntm.path_to(ntm.Observations.from_dict(unit), "example/xa-ntm-trich/2022-2025")
    >>> path.reached, next(s for s in path.steps if s.indicator == "17.8").description.vi
    (True, 'cần tăng thêm 1,27 % (thêm 11 hộ, đạt 711/836) → 711/836 hộ')
    """
    if not isinstance(observations, Observations):
        raise ArgumentError("path_to needs the unit's Observations")
    check_year(year)
    year = year if year is not None else observations.year
    the_set = _resolve_target(observations, target, registry, year)
    choices: dict[str, str] = {}
    latest: dict[tuple[str, str], PathStep] = {}  # (unit, measure) → its last change
    first: dict[tuple[str, str], PathStep] = {}
    current = observations
    blocked: list[str] = []
    for _round_number in range(ROUNDS):
        result, found, blocked, _looked = _round(current, the_set, year, choices, registry)
        if result.status is Status.ACHIEVED or not any(found.values()):
            break
        for unit, steps in found.items():
            for step in steps:
                latest[unit, step.measure] = step
                first.setdefault((unit, step.measure), step)
        current = _apply(observations, latest, choices, the_set)
    result, _found, blocked, looked = _round(current, the_set, year, choices, registry)
    settled = {pair for each in looked for pair in _achieved_indicators(each)}
    ranked = sorted(
        (
            merged(first[key], step)
            for key, step in latest.items()
            if (step.unit, step.indicator) in settled  # a step whose indicator it settles
        ),
        key=lambda s: (s.size, s.unit, s.indicator),
    )
    return Path(
        the_set.id,
        observations.unit.name,
        tuple(ranked),
        dict(choices),
        result.status is Status.ACHIEVED,
        result,
        tuple(blocked),
        current,
    )


def _achieved_indicators(result: SetResult) -> set[tuple[str, str]]:
    """(unit, indicator) of every indicator achieved in a result and its villages."""
    found = {(result.unit.name, i) for i, r in result.indicators.items() if not _open(r.status)}
    for village in result.villages:
        found |= _achieved_indicators(village)
    return found


def _apply(
    observations: Observations,
    latest: Mapping[tuple[str, str], PathStep],
    choices: Mapping[str, str],
    the_set: CriteriaSet,
) -> Observations:
    own = {m: s.value for (u, m), s in latest.items() if u == observations.unit.name}
    villages: dict[str, dict[str, Any]] = {}
    for (unit, measure), step in latest.items():
        if unit != observations.unit.name:
            villages.setdefault(unit, {})[measure] = step.value
    return apply_changes(
        observations, own, the_set, villages=villages or None, choices=dict(choices) or None
    )
