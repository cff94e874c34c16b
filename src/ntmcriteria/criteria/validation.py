"""Validation of a criteria set: every problem at once, each at a JSON pointer into its plain-data
form (duplicate ids, indicators on unknown measures, requirements that do not fit their measure,
by-year tables that miss a year of the validity period, rules on groups the set does not have)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from ..core.errors import Problem
from .composition import OneOfGroups
from .requirements import Scope

if TYPE_CHECKING:
    from .model import CriteriaSet, Indicator

__all__ = ["set_problems"]

#: the levels a set assesses
LEVELS = ("commune", "village", "province")
_PART_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SET_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)+$")


def set_problems(criteria_set: CriteriaSet) -> list[Problem]:
    """Every problem of ``criteria_set``."""
    found: list[Problem] = []
    if not _SET_ID.match(criteria_set.id):
        found.append(
            Problem(
                "/id",
                f"set id {criteria_set.id!r} must be lower-case path parts such as "
                "'hatinh/xa-ntm/2022-2025'",
            )
        )
    if criteria_set.level not in LEVELS:
        expected = "expected commune, village or province"
        found.append(Problem("/level", f"{expected}, got {criteria_set.level!r}"))
    if not criteria_set.tier or not isinstance(criteria_set.tier, str):
        found.append(Problem("/tier", "expected a tier name such as 'ntm' or 'nang-cao'"))
    if (
        criteria_set.validity.end is not None
        and criteria_set.validity.end < criteria_set.validity.start
    ):
        found.append(Problem("/validity", "ends before it starts"))
    for key, measure in criteria_set.measures.items():
        if key != measure.id:
            found.append(Problem(f"/measures/{key}", f"keyed {key!r} but its id is {measure.id!r}"))
    scope = Scope(criteria_set.measures, criteria_set.validity.years)
    group_ids: set[str] = set()
    criterion_ids: set[str] = set()
    indicator_ids: set[str] = set()
    for g_index, group in enumerate(criteria_set.groups):
        gpath = f"/groups/{g_index}"
        _check_id(group.id, f"{gpath}/id", "group", group_ids, found)
        if not group.criteria:
            found.append(Problem(f"{gpath}/criteria", f"group {group.id!r} has no criteria"))
        for c_index, criterion in enumerate(group.criteria):
            cpath = f"{gpath}/criteria/{c_index}"
            _check_id(criterion.id, f"{cpath}/id", "criterion", criterion_ids, found)
            if not criterion.indicators:
                found.append(
                    Problem(f"{cpath}/indicators", f"criterion {criterion.id!r} has no indicators")
                )
            rule = criterion.rule
            if rule.kind == "at_least" and (
                rule.count is None or not 1 <= rule.count <= len(criterion.indicators)
            ):
                found.append(
                    Problem(
                        f"{cpath}/rule",
                        f"criterion {criterion.id!r}: at_least must be between 1 and "
                        f"{len(criterion.indicators)}, got {rule.count}",
                    )
                )
            for i_index, indicator in enumerate(criterion.indicators):
                ipath = f"{cpath}/indicators/{i_index}"
                _check_id(indicator.id, f"{ipath}/id", "indicator", indicator_ids, found)
                if indicator.rule is not None or indicator.requirement is None:
                    found.extend(_rule_indicator_problems(indicator, criteria_set, ipath))
                    continue
                found_measure = criteria_set.measures.get(indicator.measure or "")
                if found_measure is None:
                    known = ", ".join(sorted(criteria_set.measures)) or "none"
                    found.append(
                        Problem(
                            f"{ipath}/measure",
                            f"indicator {indicator.id}: unknown measure "
                            f"{indicator.measure!r} (the set defines: {known})",
                        )
                    )
                    continue
                for problem in indicator.requirement.problems(
                    found_measure, scope, f"{ipath}/requirement"
                ):
                    found.append(
                        attrs.evolve(
                            problem, message=f"indicator {indicator.id}: {problem.message}"
                        )
                    )
    if criteria_set.shape is not None and not criteria_set.not_encoded():
        actual = (criteria_set.criteria_count, criteria_set.indicator_count)
        if actual != (criteria_set.shape.criteria, criteria_set.shape.indicators):
            found.append(
                Problem(
                    "/shape",
                    f"the set declares {criteria_set.shape.criteria} criteria and "
                    f"{criteria_set.shape.indicators} indicators but encodes {actual[0]} and "
                    f"{actual[1]}, with nothing marked not encoded",
                )
            )
    if not criteria_set.groups and not criteria_set.composition:
        found.append(Problem("/groups", "a set needs criteria or composition conditions"))
    condition_ids: set[str] = set()
    for index, condition in enumerate(criteria_set.composition):
        cpath = f"/composition/{index}"
        if condition.id in condition_ids:
            found.append(Problem(f"{cpath}/id", f"duplicate condition id {condition.id!r}"))
        condition_ids.add(condition.id)
        found.extend(condition.rule.problems(criteria_set, f"{cpath}/rule"))
    return found


def _rule_indicator_problems(
    indicator: Indicator, criteria_set: CriteriaSet, path: str
) -> list[Problem]:
    if indicator.rule is None:
        return [
            Problem(path, f"indicator {indicator.id}: give a measure and a requirement, or a rule")
        ]
    found = []
    if indicator.measure is not None or indicator.requirement is not None:
        found.append(
            Problem(
                path, f"indicator {indicator.id}: a rule indicator has no measure or requirement"
            )
        )
    if any(isinstance(rule, OneOfGroups) for rule in indicator.rule.walk()):
        found.append(
            Problem(
                f"{path}/rule",
                f"indicator {indicator.id}: one_of_groups decides "
                "how criteria count; use it as a set condition (composition)",
            )
        )
    found += indicator.rule.problems(criteria_set, f"{path}/rule")
    return found


def _check_id(value: str, path: str, what: str, seen: set[str], found: list[Problem]) -> None:
    if not isinstance(value, str) or not _PART_ID.match(value):
        found.append(Problem(path, f"{what} id {value!r} must be ASCII letters, digits, '.', '-'"))
    if value in seen:
        found.append(Problem(path, f"duplicate {what} id {value!r}"))
    seen.add(value)
