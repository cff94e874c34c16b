"""Composition rules: conditions over other sets, groups and villages.

A criteria set may list ``composition`` conditions beside its criteria. A model commune, for
example, must be an advanced commune (``achieved``), meet every criterion of one of five groups
(``one_of_groups``), achieve the set of its chosen outstanding field (``outstanding_field``) and
have at least one smart village (``villages``); Hà Tĩnh asks every village to reach 70 % of each
criterion of the model-village set, with at least 3 villages at 100 % (``village_quota``).
``all_of``, ``any_of`` and ``at_least`` combine rules. Every rule explains itself in Vietnamese and
English and is three-valued: a missing village or value leaves it undetermined, never failed.

Plain-data forms (each condition is ``{id, title, rule, note?, citation?}``)::

    {achieved: SET_ID}
    {one_of_groups: {groups: [SX, CQMT], choice: production_group}}
    {outstanding_field: {choice: outstanding_field, fields: {chuyen-doi-so: SET_ID}}}
    {villages: {set: SET_ID, at_least: 1}}
    {village_quota: {set: SET_ID, each_criterion: {op: ">=", value: 70, unit: "%"}, full: 3}}
    {all_of: [rule, …]}   {any_of: [rule, …]}   {at_least: {count: 2, of: [rule, …]}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ...core.errors import ModelError, Problem
from ...core.text import Text
from .base import Rule, RuleContext, RuleReader, RuleResult, _fail
from .combinations import AllRules, AnyRules, AtLeastRules, RuleNotEncoded
from .sets import AchievedSet, OneOfGroups, OutstandingField
from .villages import CommuneShare, VillageQuota, VillagesAchieving, VillageShare

if TYPE_CHECKING:
    from ..model import CriteriaSet

__all__ = [
    "RULE_KINDS",
    "AchievedSet",
    "AllRules",
    "AnyRules",
    "AtLeastRules",
    "CommuneShare",
    "OneOfGroups",
    "OutstandingField",
    "Rule",
    "RuleContext",
    "RuleNotEncoded",
    "RuleReader",
    "RuleResult",
    "SetCondition",
    "VillageQuota",
    "VillageShare",
    "VillagesAchieving",
    "choice_groups",
    "prerequisites",
    "referenced_sets",
    "rule_from_data",
    "set_condition_from_data",
]

#: every composition rule kind, by name: each one class with its decision (``evaluate``), its
#: explanation (``describe``) and its reader (``from_data``)
RULE_KINDS: dict[str, type[Rule]] = {
    kind.kind: kind
    for kind in (
        AchievedSet,
        OneOfGroups,
        OutstandingField,
        VillagesAchieving,
        VillageShare,
        CommuneShare,
        VillageQuota,
        AllRules,
        AnyRules,
        AtLeastRules,
        RuleNotEncoded,
    )
}


@attrs.frozen(slots=True)
class SetCondition:
    """A named condition of a set (``K1``: đạt chuẩn NTM nâng cao) holding one rule.

    >>> import ntmcriteria as ntm
    >>> conditions = ntm.registry().get("dongthap/xa-ntm-kieu-mau/2021-2025").composition
    >>> [c.id for c in conditions]
    ['K1', 'K2', 'K3', 'K4']
    """

    id: str
    title: Text
    rule: Rule
    note: Text | None = None

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        result = self.rule.evaluate(ctx)
        return attrs.evolve(
            result,
            rule=Text(f"{self.id}. {self.title.vi}", f"{self.id}. {self.title.en}"),
            condition=self.id,
            title=self.title,
        )

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title.to_data(),
            "rule": self.rule.to_data(),
        }
        if self.note is not None:
            data["note"] = self.note.to_data()
        return data


def rule_from_data(data: object, path: str = "") -> Rule:
    """A composition rule from plain data (see the module docstring for the forms)."""
    if not isinstance(data, Mapping) or len(data) != 1:
        raise _fail(path, f"expected one of {', '.join(RULE_KINDS)}")
    [(kind, body)] = data.items()
    reader = RULE_KINDS.get(kind)
    if reader is None:
        raise _fail(path, f"unknown rule {kind!r}: expected one of {', '.join(RULE_KINDS)}")
    return reader.from_data(body, f"{path}/{kind}", rule_from_data)


def set_condition_from_data(data: object, path: str) -> SetCondition:
    """A :class:`SetCondition` from ``{id, title, rule, note?}``."""
    if not isinstance(data, Mapping):
        raise _fail(path, "expected {id, title, rule, note?}")
    problems: list[Problem] = []
    unknown = set(data) - {"id", "title", "rule", "note"}
    if unknown:
        problems.append(Problem(path, f"unknown key(s) {sorted(map(str, unknown))}"))
    condition_id = data.get("id")
    if not isinstance(condition_id, str | int) or isinstance(condition_id, bool):
        problems.append(Problem(f"{path}/id", "expected the condition's id ('K1')"))
    title = note = None
    try:
        title = Text.coerce(data.get("title"))  # type: ignore[arg-type]
    except ValueError as exc:
        problems.append(Problem(f"{path}/title", str(exc)))
    if data.get("note") is not None:
        try:
            note = Text.coerce(data["note"])
        except ValueError as exc:
            problems.append(Problem(f"{path}/note", str(exc)))
    rule = None
    try:
        rule = rule_from_data(data.get("rule"), f"{path}/rule")
    except ModelError as exc:
        problems += exc.problems
    if problems or rule is None or title is None:
        raise ModelError(problems)
    return SetCondition(str(condition_id), title, rule, note)


def prerequisites(conditions: Iterable[SetCondition]) -> set[str]:
    """The sets an ``achieved`` rule names anywhere in ``conditions``."""
    return {
        rule.set_id
        for condition in conditions
        for rule in condition.rule.walk()
        if isinstance(rule, AchievedSet)
    }


def choice_groups(conditions: Iterable[SetCondition]) -> set[str]:
    """The groups that count through a ``one_of_groups`` rule instead of one by one."""
    return {
        group
        for condition in conditions
        for rule in condition.rule.walk()
        if isinstance(rule, OneOfGroups)
        for group in rule.groups
    }


def referenced_sets(criteria_set: CriteriaSet) -> set[str]:
    """The ids of the other sets ``criteria_set`` refers to: thresholds ``relative`` to another
    set, and rules over other sets (achieved, outstanding field, village sets)."""
    return {
        set_id
        for dependencies in _dependencies(criteria_set).values()
        for set_id, _measure in dependencies
    }


#: what an indicator or condition depends on: a whole set (``measure`` None), or only what
#: another set requires of one measure (a threshold ``relative`` to it)
Dependency = tuple[str, str | None]


def _rule_dependencies(rule: Any) -> set[Dependency]:
    found: set[Dependency] = set()
    for part in rule.walk():
        if isinstance(ident := getattr(part, "set_id", None), str):
            found.add((ident, None))
        fields = getattr(part, "fields", None)
        if fields is not None:
            found.update((str(ident), None) for ident in fields.values())
    return found


def _dependencies(criteria_set: CriteriaSet) -> dict[str, set[Dependency]]:
    """For each indicator and condition, what of other sets it depends on."""
    found: dict[str, set[Dependency]] = {}
    for indicator in criteria_set.indicators():
        mine: set[Dependency] = set()
        if indicator.requirement is not None:
            for part in indicator.requirement.walk():
                if isinstance(ident := getattr(part, "set_id", None), str):
                    mine.add((ident, getattr(part, "measure", None) or indicator.measure))
        if indicator.rule is not None:
            mine |= _rule_dependencies(indicator.rule)
        found[indicator.id] = mine
    for condition in criteria_set.composition:
        found[condition.id] = _rule_dependencies(condition.rule)
    return found


def undecidable(
    criteria_set: CriteriaSet, lookup: Callable[[str], CriteriaSet | None]
) -> dict[str, tuple[str, ...]]:
    """The indicators and conditions that cannot be decided, each with why: its own threshold is
    not encoded (``()``), or the sets it depends on that cannot give what it needs (not
    installed; an indicator not encoded, or depending in turn on what cannot be decided)."""
    blocked_by_set: dict[str, dict[str, tuple[str, ...]]] = {}

    def blocked(other: CriteriaSet, seen: frozenset[str]) -> dict[str, tuple[str, ...]]:
        if other.id in blocked_by_set:
            return blocked_by_set[other.id]
        missing = set(other.not_encoded())
        found: dict[str, tuple[str, ...]] = {}
        for ident, dependencies in _dependencies(other).items():
            if ident in missing:
                found[ident] = ()
                continue
            waiting = tuple(
                sorted({s for s, m in dependencies if not provides(s, m, seen | {other.id})})
            )
            if waiting:
                found[ident] = waiting
        blocked_by_set[other.id] = found
        return found

    def provides(set_id: str, measure: str | None, seen: frozenset[str]) -> bool:
        if set_id in seen:  # a cycle of references: each decides the other
            return True
        other = lookup(set_id)
        if other is None:
            return False
        stopped = blocked(other, seen)
        if measure is None:
            return not stopped
        on_measure = [i.id for i in other.indicators() if i.measure == measure]
        return bool(on_measure) and not any(i in stopped for i in on_measure)

    return dict(blocked(criteria_set, frozenset()))
