"""What-if scenarios on values: change some values of a unit, evaluate again, see what changed.

>>> import ntmcriteria as ntm
>>> unit = ntm.Observations.from_yaml(ntm.example_path("ky-chau-2022.yaml"))
>>> result = ntm.evaluate("hatinh/xa-ntm/2022-2025", unit)
>>> scenario = result.what_if(
...     {"17.8": "711/836 hộ", "income_per_capita": ntm.increase("4 triệu đồng/người/năm")}
... )
>>> scenario.diff  # a table in a notebook
<Diff 1 change(s): indicator 17.8: no_data → achieved>
>>> scenario.result.indicators["10"].observed.format("vi")
'56,15 triệu đồng/người/năm'

A change is a value as an observation file gives it (``"50 triệu đồng/người/năm"``, ``"700/836
hộ"``, ``"Đạt"``, ``{value, unit, numerator, denominator}``), ``None`` to remove a value (it
becomes "no data"), or :func:`increase` / :func:`decrease` of the value given: an amount in the
value's unit, or — for a share given by its counts — in counted things (``increase("42 hộ")`` adds
42 households to the numerator) or in percentage points (``increase("2 %")``). Keys are measure
ids, or the indicator numbers of the set. Villages, context facts and choices change through the
keyword arguments of :func:`apply_changes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..core.errors import ArgumentError, ObservationError
from ..core.numbers import UnitError, to_fraction
from ..core.status import Status
from ..core.text import Text, check_lang
from ..core.units import (
    Quantity,
    conversion_factor,
    is_percent,
    parse_quantity,
    same_counted_thing,
)
from ..criteria.model import CriteriaSet, Measure
from ..observations.model import Observations
from ..observations.reading import Reading
from . import results as results_module
from .results import SetResult

if TYPE_CHECKING:
    import pandas as pd

    from ..packs.registry import Registry
    from .assess import TierAssessment

__all__ = [
    "Delta",
    "Diff",
    "Scenario",
    "StatusChange",
    "apply_changes",
    "decrease",
    "diff",
    "increase",
    "what_if",
]


@attrs.frozen(slots=True)
class Delta:
    """A change of a value by an amount (see :func:`increase`)."""

    amount: Fraction
    unit: str
    sign: Literal[1, -1] = 1

    @classmethod
    def of(cls, amount: str | float | Fraction, sign: Literal[1, -1]) -> Delta:
        if isinstance(amount, str):
            magnitude, unit = parse_quantity(amount)
            return cls(magnitude, unit, sign)
        if isinstance(amount, bool) or not isinstance(amount, int | float | Fraction):
            raise ArgumentError(f"a change by an amount needs a number or a quantity: {amount!r}")
        try:
            return cls(to_fraction(amount), "", sign)
        except UnitError as exc:  # not finite, or beyond the library's number limits
            raise ArgumentError(f"a change by an amount: {exc}") from None


def increase(amount: str | float | Fraction) -> Delta:
    """Raise the value given by ``amount`` (``"4 triệu đồng/người/năm"``, ``"42 hộ"``, ``"2 %"``,
    or a number in the value's own unit).

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024,
    ...         "values": {"households_hygienic_facilities_rate": "700/836 hộ"}}
    >>> result = ntm.evaluate("example/xa-ntm-trich/2022-2025", unit)
    >>> scenario = result.what_if({"17.8": ntm.increase("11 hộ")})
    >>> scenario.result.indicators["17.8"].observed.numerator
    Fraction(711, 1)
    """
    return Delta.of(amount, 1)


def decrease(amount: str | float | Fraction) -> Delta:
    """Lower the value given by ``amount`` (as :func:`increase`).

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024, "values": {"multidimensional_poverty_rate": "7 %"}}
    >>> result = ntm.evaluate("example/xa-ntm-trich/2022-2025", unit)
    >>> result.what_if({"11": ntm.decrease("1 %")}).result.indicators["11"].status
    <Status.ACHIEVED: 'achieved'>
    """
    return Delta.of(amount, -1)


def _measure_of(key: str, sets: Sequence[CriteriaSet]) -> Measure | None:
    """The measure ``key`` names: a measure id of one of ``sets``, else an indicator number of
    the first set that has it."""
    for each in sets:
        if key in each.measures:
            return each.measures[key]
    for each in sets:
        for indicator in each.indicators():
            if indicator.id == key and indicator.measure is not None:
                return each.measures[indicator.measure]
    return None


def _shifted(observations: Observations, measure: Measure, delta: Delta) -> Reading:
    """The reading of ``measure`` moved by ``delta``."""
    reading = observations.values.get(measure.id)
    observed = observations.observe(measure)
    if reading is None or observed is None or observed.quantity is None:
        raise ArgumentError(
            f"{measure.id}: no value to {'raise' if delta.sign > 0 else 'lower'}; give one"
        )
    amount = delta.amount * delta.sign
    if observed.numerator is not None and observed.denominator is not None:
        if not delta.unit:
            numerator = observed.numerator + amount
        elif is_percent(delta.unit):
            numerator = observed.numerator + amount / 100 * observed.denominator
        else:
            try:
                factor = conversion_factor(delta.unit, observed.count_unit)
                same = bool(observed.count_unit) and same_counted_thing(
                    delta.unit, observed.count_unit
                )
            except Exception:  # another dimension
                same = False
            if not same:
                raise ArgumentError(
                    f"{measure.id}: {observed.count_unit or 'a share'} cannot change by "
                    f"{delta.unit!r}"
                )
            numerator = observed.numerator + amount * factor
        if not 0 <= numerator <= observed.denominator:
            raise ArgumentError(
                f"{measure.id}: {numerator}/{observed.denominator} is not a share of its whole"
            )
        return Reading(
            numerator=numerator,
            denominator=observed.denominator,
            unit=observed.count_unit or None,
            source=reading.source,
        )
    unit = observed.quantity.unit
    try:
        factor = conversion_factor(delta.unit, unit) if delta.unit else Fraction(1)
    except Exception as exc:  # a unit of another dimension
        raise ArgumentError(f"{measure.id}: cannot change {unit!r} by {delta.unit!r}") from exc
    value = observed.quantity.magnitude + amount * factor
    return Reading(value=value, unit=unit or None, source=reading.source)


def _as_reading(value: Any) -> Reading | None:
    if value is None:
        return None
    if isinstance(value, Reading):
        return value
    if isinstance(value, Quantity):
        return Reading(value=value.magnitude, unit=value.unit or None)
    if isinstance(value, Mapping):
        return Reading(**dict(value))
    return Reading(value=value)


def apply_changes(
    observations: Observations,
    changes: Mapping[str, Any],
    criteria_set: CriteriaSet | Sequence[CriteriaSet] | None = None,
    *,
    villages: Mapping[str, Mapping[str, Any]] | None = None,
    context: Mapping[str, Any] | None = None,
    choices: Mapping[str, str] | None = None,
) -> Observations:
    """New observations: ``observations`` with ``changes`` (measure id or indicator number →
    value, :func:`increase`/:func:`decrease`, or None), and the villages' own changes, context
    facts and choices. Every value is read again as an observation file's would be.
    ``criteria_set`` (one or several) says what the indicator numbers and measures are."""
    sets: Sequence[CriteriaSet] = (
        ()
        if criteria_set is None
        else (criteria_set,)
        if isinstance(criteria_set, CriteriaSet)
        else tuple(criteria_set)
    )
    readings: dict[str, Reading | None] = dict(observations.values)
    for key, change in changes.items():
        measure = _measure_of(key, sets)
        measure_id = measure.id if measure is not None else key
        if isinstance(change, Delta):
            if measure is None:
                raise ArgumentError(f"{key}: a change by an amount needs the set that defines it")
            readings[measure_id] = _shifted(observations, measure, change)
        else:
            readings[measure_id] = _as_reading(change)
    data = observations.to_dict()
    data["values"] = {k: r.to_data() for k, r in readings.items() if r is not None}
    if context:
        data["context"] = {**data.get("context", {}), **context}
    if choices:
        data["choices"] = {**data.get("choices", {}), **choices}
    data.pop("set", None)  # keyed by measure now; the set is known to the caller
    changed = Observations.from_dict(
        data, number_style=observations.number_style, origin=observations.origin
    )
    if villages:
        names = {v.unit.name for v in changed.villages}
        unknown = sorted(set(villages) - names)
        if unknown:
            raise ArgumentError(f"no village named {unknown[0]!r}: {sorted(names)}")
        members = tuple(
            apply_changes(v, villages[v.unit.name], _village_sets(sets))
            if v.unit.name in villages
            else v
            for v in changed.villages
        )
        changed = attrs.evolve(changed, villages=members)
    return changed


@attrs.frozen(slots=True)
class StatusChange:
    """One part whose status changed: its kind, id, title, and the two statuses."""

    kind: Literal["set", "tier", "condition", "criterion", "indicator", "village"]
    id: str
    title: Text
    before: Status
    after: Status


def diff(before: SetResult, after: SetResult) -> Diff:
    """What changed status between two results of the same set (villages by name)."""
    changes: list[StatusChange] = []

    def note(kind: Any, ident: str, title: Text, old: Status, new: Status) -> None:
        if old is not new:
            changes.append(StatusChange(kind, ident, title, old, new))

    note("set", before.set_id, before.set_title, before.status, after.status)
    old_conditions = {c.condition or c.rule.en: c for c in before.conditions}
    for condition in after.conditions:
        key = condition.condition or condition.rule.en
        if key in old_conditions:
            note("condition", key, condition.rule, old_conditions[key].status, condition.status)
    old_criteria = {c.id: c for c in before.criteria}
    for criterion in after.criteria:
        if criterion.id in old_criteria:
            old = old_criteria[criterion.id]
            note("criterion", criterion.id, criterion.title, old.status, criterion.status)
    for indicator_id, indicator in after.indicators.items():
        old_indicator = before.indicators.get(indicator_id)
        if old_indicator is not None:
            note("indicator", indicator_id, indicator.title, old_indicator.status, indicator.status)
    old_villages = {v.unit.name: v for v in before.villages}
    for village in after.villages:
        if village.unit.name in old_villages:
            title = Text.same(village.unit.name)
            note(
                "village",
                village.unit.name,
                title,
                old_villages[village.unit.name].status,
                village.status,
            )
    return Diff(before, after, tuple(changes))


@attrs.frozen(slots=True, repr=False)
class Diff:
    """What changed status from ``before`` to ``after``: the set, its conditions, criteria,
    indicators and villages (and tiers, for a ladder), in that order."""

    before: Any
    after: Any
    changes: tuple[StatusChange, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __repr__(self) -> str:
        listed = "; ".join(
            f"{c.kind} {c.id}: {c.before.value} → {c.after.value}" for c in self.changes
        )
        return f"<Diff {len(self.changes)} change(s){': ' + listed if listed else ''}>"

    def to_frame(self, lang: str = "vi") -> pd.DataFrame:
        """One row per change: kind, id, title, before, after."""
        import pandas as pd

        lang = check_lang(lang)
        return pd.DataFrame(
            [
                {
                    "kind": c.kind,
                    "id": c.id,
                    "title": c.title.get(lang),
                    "before": c.before.value,
                    "after": c.after.value,
                }
                for c in self.changes
            ],
            columns=["kind", "id", "title", "before", "after"],
        )

    def to_text(self, lang: str = "vi") -> str:
        lang = check_lang(lang)
        if not self.changes:
            return "Không có thay đổi" if lang == "vi" else "Nothing changed"
        return "\n".join(
            f"{c.kind} {c.id} {c.title.get(lang)}: "
            f"{c.before.label.get(lang)} → {c.after.label.get(lang)}"
            for c in self.changes
        )

    def _repr_html_(self) -> str:
        from html import escape

        from .display import _badge

        rows = "".join(
            f"<tr><td>{escape(c.kind)}</td><td>{escape(c.id)}</td>"
            f"<td>{escape(c.title.vi)}</td><td>{_badge(c.before, 'vi')}</td>"
            f"<td>{_badge(c.after, 'vi')}</td></tr>"
            for c in self.changes
        )
        head = "<tr><th>Loại</th><th>TT</th><th>Nội dung</th><th>Trước</th><th>Sau</th></tr>"
        return f"<table>{head}{rows}</table>" if rows else "<i>Không có thay đổi</i>"


@attrs.frozen(slots=True, repr=False)
class Scenario:
    """A what-if: the observations with the changes, the new result (or ladder), and the
    :class:`Diff` from the one before."""

    observations: Observations
    result: Any
    diff: Diff

    def __repr__(self) -> str:
        return f"<Scenario {self.result!r} {self.diff!r}>"

    def _repr_html_(self) -> str:
        return str(self.result._repr_html_()) + self.diff._repr_html_()


def _ladder_diff(before: TierAssessment, after: TierAssessment) -> Diff:
    changes: list[StatusChange] = []
    old = {step.set_id: step for step in before.steps}
    for step in after.steps:
        if step.set_id in old and old[step.set_id].status is not step.status:
            changes.append(
                StatusChange("tier", step.set_id, step.title, old[step.set_id].status, step.status)
            )
        if step.set_id in old:
            changes += [
                c for c in diff(old[step.set_id].result, step.result).changes if c.kind != "set"
            ]
    return Diff(before, after, tuple(changes))


def what_if(
    subject: SetResult | Observations | TierAssessment,
    changes: Mapping[str, Any],
    criteria_set: CriteriaSet | str | None = None,
    *,
    villages: Mapping[str, Mapping[str, Any]] | None = None,
    context: Mapping[str, Any] | None = None,
    choices: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> Scenario:
    """Evaluate again with ``changes`` applied and say what changed.

    ``subject`` is a result (its set and observations are reused), a tier ladder (every tier is
    assessed again and tier changes are listed), or observations with ``criteria_set`` (or
    without one: the ladder).

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024,
    ...         "values": {"income_per_capita": "44 triệu đồng/người/năm"}}
    >>> result = ntm.evaluate("example/xa-ntm-trich/2022-2025", unit)
    >>> ntm.what_if(result, {"10": "45 triệu đồng/người/năm"}).diff
    <Diff 3 change(s): set example/xa-ntm-trich/2022-2025: not_achieved → undetermined; ...>
    """
    from .assess import TierAssessment, assess
    from .session import evaluate, resolve_set

    if isinstance(subject, SetResult):
        if subject.criteria_set is None or subject.observations is None:
            raise ArgumentError("this result does not carry its set and observations")
        observations, the_set = subject.observations, subject.criteria_set
        before: Any = subject
    elif isinstance(subject, TierAssessment):
        first = subject.steps[0].result if subject.steps else None
        if first is None or first.observations is None:
            raise ArgumentError("this ladder has no tier to change")
        observations, the_set, before = first.observations, None, subject
    elif isinstance(subject, Observations):
        observations = subject
        the_set = resolve_set(criteria_set, registry) if criteria_set is not None else None
        before = (
            evaluate(the_set, observations, registry=registry)
            if the_set is not None
            else assess(observations, registry=registry)
        )
    else:
        raise ArgumentError(f"what_if needs a result, a ladder or observations: {subject!r}")
    lookup = (the_set,) if the_set is not None else _ladder_sets(before)
    try:
        changed = apply_changes(
            observations, changes, lookup, villages=villages, context=context, choices=choices
        )
    except ObservationError as exc:
        raise ObservationError(
            [attrs.evolve(p, file=p.file or "what-if") for p in exc.problems], subject="what-if"
        ) from None
    if the_set is not None:
        after = evaluate(the_set, changed, before.year, registry=registry)
        return Scenario(changed, after, diff(before, after))
    ladder = assess(changed, registry=registry, year=before.year)
    return Scenario(changed, ladder, _ladder_diff(before, ladder))


results_module._scenarios = what_if


def _ladder_sets(ladder: TierAssessment) -> tuple[CriteriaSet, ...]:
    """The sets of a ladder's tiers, the highest first (its indicator numbers win)."""
    return tuple(
        step.result.criteria_set
        for step in reversed(ladder.steps)
        if step.result.criteria_set is not None
    )


def _village_sets(sets: Sequence[CriteriaSet]) -> tuple[CriteriaSet, ...]:
    """The village sets the given sets' villages are assessed against (for indicator numbers
    and amounts in a village's changes)."""
    from ..packs.registry import registry

    found: list[CriteriaSet] = []
    for each in sets:
        for condition in each.composition:
            for rule in condition.rule.walk():
                set_id = getattr(rule, "set_id", None)
                if set_id and set_id in registry():
                    village_set = registry().get(set_id)
                    if village_set.level == "village":
                        found.append(village_set)
    return tuple(found)
