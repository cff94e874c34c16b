"""The frame session: sets evaluated on tables of units, each once, through the plans they compile,
with the composition rules (other sets, groups, fields, villages) run on arrays of status codes
by the one status algebra."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.errors import ModelError, ObservationError, Problem
from ..core.status import CODE_OF, at_least_counts, at_least_parts
from ..criteria.composition import (
    AchievedSet,
    AllRules,
    AnyRules,
    AtLeastRules,
    CommuneShare,
    OneOfGroups,
    OutstandingField,
    Rule,
    RuleNotEncoded,
    VillageQuota,
    VillagesAchieving,
    VillageShare,
    choice_groups,
)
from ..criteria.composition.villages import VILLAGES_TOTAL, share_status, villages_total
from ..criteria.model import CriteriaSet
from .columns import UnitTable
from .frame_codes import (
    ACHIEVED,
    NA,
    NO_DATA,
    NOT_ACHIEVED,
    NOT_ENCODED,
    UNDETERMINED,
    Codes,
    Rows,
    SetColumns,
    _chosen_or_any,
    _share_codes,
    take_rows,
)
from .plan import Plan, cached_plan, reads
from .recognized import recognised
from .run import row_count, run, take
from .session import Session, evaluating, outside_validity

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["FrameSession"]


#: the key of a context fact the frame has no column for (None on every row)
_NO_FACT: npt.NDArray[Any] = np.empty(0, dtype=object)


class FrameSession:
    """Sets evaluated on tables of units, each once (memoised), with the plans they compile."""

    def __init__(self, registry: Registry | None = None) -> None:
        self._sets = Session(registry)  # finds sets by id, as the explained path does
        self.units: UnitTable | None = None
        self.villages: UnitTable | None = None
        self._memo: dict[tuple[str, int, bytes], SetColumns] = {}
        self._stack: list[str] = []

    @property
    def registry(self) -> Registry | None:
        return self._sets.registry

    def resolve(self, set_id: str) -> CriteriaSet:
        return self._sets.resolve_set(set_id)

    # --- one set ----------------------------------------------------------------------------------

    def evaluate(
        self, criteria_set: CriteriaSet, table: UnitTable, rows: Rows | None
    ) -> SetColumns:
        """``criteria_set`` on ``rows`` of ``table`` (None: every row), once per session."""
        key = (criteria_set.id, id(table), b"" if rows is None else rows.tobytes())
        found = self._memo.get(key)
        if found is not None:
            return found
        with evaluating(self._stack, criteria_set.id):
            result = self._evaluate(criteria_set, table, rows)
        self._memo[key] = result
        return result

    def _evaluate(
        self, criteria_set: CriteriaSet, table: UnitTable, rows: Rows | None
    ) -> SetColumns:
        self._check(criteria_set, table, rows)
        size = row_count(table, rows)
        indicators = list(criteria_set.indicators())
        groups = self._plans(criteria_set, table, rows)
        codes: list[Codes] = []
        for column, indicator in enumerate(indicators):
            rule_codes = None
            if len(groups) == 1:
                [(plan, _positions)] = groups
                node = plan.indicators[column].node
                if node is not None:
                    codes.append(run(node, table, rows))
                    continue
            found = np.empty(size, dtype=np.int8)
            for plan, positions in groups:
                node = plan.indicators[column].node
                if node is not None:
                    found[positions] = run(node, table, take_rows(rows, positions))
                    continue
                # an indicator holding a composition rule (and applying in this context)
                assert indicator.rule is not None
                if rule_codes is None:
                    rule_codes = self.rule(indicator.rule, criteria_set, table, rows, None)
                found[positions] = rule_codes[positions]
            codes.append(found)
        result = SetColumns(criteria_set, size, [i.id for i in indicators], codes, [], [], [])
        by_choice = choice_groups(criteria_set.composition)
        start = 0
        for group in criteria_set.groups:
            for criterion in group.criteria:
                width = len(criterion.indicators)
                needed = criterion.rule.count if criterion.rule.kind == "at_least" else None
                result.criteria.append(at_least_parts(needed, codes[start : start + width], size))
                start += width
                result.criterion_ids.append(criterion.id)
                result.counted.append(group.id not in by_choice)
        for condition in criteria_set.composition:
            result.condition_ids.append(condition.id)
            result.conditions.append(self.rule(condition.rule, criteria_set, table, rows, result))
        deciding = [
            c for c, counted in zip(result.criteria, result.counted, strict=True) if counted
        ]
        result.status = at_least_parts(None, [*deciding, *result.conditions], size)
        return result

    def _check(self, criteria_set: CriteriaSet, table: UnitTable, rows: Rows | None) -> None:
        """What the scalar path refuses before deciding: the year, the level, every value."""
        problems: list[Problem] = []
        years = take(table.years, rows)

        def row(position: int) -> int:
            return int(position if rows is None else rows[position])

        for year in np.unique(years[years != 0]):
            if not criteria_set.validity.covers_year(int(year)):
                first = row(int(np.flatnonzero(years == year)[0]))
                problem = outside_validity(criteria_set, int(year), self._sets.registry_or_none())
                problems.append(attrs.evolve(problem, file=table.origin, line=table.line(first)))
        levels = take(table.levels, rows) if table.levels is not None else None
        wrong = (
            np.flatnonzero((levels != None) & (levels != criteria_set.level))  # noqa: E711
            if levels is not None
            else np.empty(0, dtype=np.int64)
        )
        if table.level != criteria_set.level or wrong.size:
            first = row(int(wrong[0])) if wrong.size else row(0) if len(years) else 0
            found = levels[wrong[0]] if levels is not None and wrong.size else table.level
            problems.append(
                Problem(
                    "/unit/level",
                    f"set {criteria_set.id!r} assesses a {criteria_set.level}, but the rows are "
                    f"{found}s",
                    file=table.origin,
                    line=table.line(first),
                )
            )
        for measure in criteria_set.measures.values():
            try:
                table.column(measure)
            except ObservationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ObservationError(problems, subject=table.origin)

    def _plans(
        self, criteria_set: CriteriaSet, table: UnitTable, rows: Rows | None
    ) -> list[tuple[Plan, Rows]]:
        """The rows grouped by context, each with the plan compiled for it (positions among
        ``rows``)."""
        size = row_count(table, rows)
        if not size:
            return []
        facts, region_used = reads(criteria_set, self.resolve)
        years = take(table.years, rows)
        keys: list[npt.NDArray[Any]] = [years]
        # keys known to be the same on every row need no grouping: a year given once, a region
        # or fact the frame has no column for
        varying: list[npt.NDArray[Any]] = [] if years.min() == years.max() else [years]
        if region_used:
            keys.append(take(table.regions, rows))
            if table.regions_vary:
                varying.append(keys[-1])
        for fact in facts:
            given = table.facts.get(fact)
            keys.append(_NO_FACT if given is None else take(given, rows))
            if given is not None:
                varying.append(keys[-1])
        combined = np.zeros(size, dtype=np.int64)
        distinct = 1
        for key_values in varying:
            codes, found = pd.factorize(key_values, use_na_sentinel=True)
            combined = combined * (len(found) + 1) + np.where(codes < 0, len(found), codes)
            distinct *= len(found) + (1 if (codes < 0).any() else 0)
        if distinct == 1:
            splits = [np.arange(size)]
        else:
            groups, inverse = np.unique(combined, return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            splits = np.split(order, np.cumsum(np.bincount(inverse, minlength=len(groups)))[:-1])
        result = []
        for positions in splits:
            first = positions[0]
            values: list[Any] = [None if key is _NO_FACT else key[first] for key in keys]
            year = int(values[0]) or None
            region = values[1] if region_used else None
            context = {
                fact: value
                for fact, value in zip(facts, values[len(values) - len(facts) :], strict=True)
                if value is not None
            }
            result.append((self.plan(criteria_set, year, region, context), positions))
        return result

    def plan(
        self, criteria_set: CriteriaSet, year: int | None, region: str | None, facts: dict[str, Any]
    ) -> Plan:
        """The plan of a set for one context, compiled once (cached across calls)."""
        return cached_plan(criteria_set, year, region, facts, self.resolve, self.registry)

    # --- composition rules ----------------------------------------------------------------------

    def rule(
        self,
        rule: Rule,
        criteria_set: CriteriaSet,
        table: UnitTable,
        rows: Rows | None,
        partial: SetColumns | None,
    ) -> Codes:
        """A composition rule's code on each row."""
        size = row_count(table, rows)
        if isinstance(rule, RuleNotEncoded):
            return np.full(size, NOT_ENCODED, dtype=np.int8)
        if isinstance(rule, AllRules | AnyRules | AtLeastRules):
            parts = [self.rule(r, criteria_set, table, rows, partial) for r in rule.rules]
            needed = (
                None
                if isinstance(rule, AllRules)
                else 1
                if isinstance(rule, AnyRules)
                else rule.count
            )
            return at_least_parts(needed, parts, size, aggregate=False)
        if isinstance(rule, AchievedSet):
            other = self._other(rule.set_id, criteria_set)
            codes = self.evaluate(other, table, rows).status
            if not table.recognitions:
                return codes
            # a recognition by decision achieves the set where the values cannot decide it
            open_rows = (codes == NO_DATA) | (codes == UNDETERMINED) | (codes == NOT_ENCODED)
            recognised_rows = open_rows & recognised(table, other.id, other.tier, rows)
            return np.where(recognised_rows, np.int8(ACHIEVED), codes).astype(np.int8)
        if isinstance(rule, OneOfGroups):
            return self._one_of_groups(rule, criteria_set, table, rows, partial)
        if isinstance(rule, OutstandingField):
            return self._outstanding_field(rule, criteria_set, table, rows)
        if isinstance(rule, CommuneShare):
            raise ModelError(
                [
                    Problem(
                        "/composition",
                        "the frame path evaluates communes and villages: evaluate a province"
                        " (and its communes) with ntm.evaluate",
                    )
                ],
                subject=criteria_set.id,
            )
        if isinstance(rule, VillagesAchieving | VillageQuota | VillageShare):
            return self._village_rule(rule, criteria_set, table, rows)
        raise ModelError(
            [Problem("/composition", f"the frame path cannot run a {rule.kind!r} rule")],
            subject=criteria_set.id,
        )

    def _other(self, set_id: str, current: CriteriaSet) -> CriteriaSet:
        return current if set_id == current.id else self.resolve(set_id)

    def _chosen(
        self,
        table: UnitTable,
        rows: Rows | None,
        choice: str | None,
        allowed: Sequence[str],
        what: str,
    ) -> npt.NDArray[Any]:
        if choice is None or choice not in table.choices:
            return np.full(row_count(table, rows), None, dtype=object)
        chosen = take(table.choices[choice], rows)
        bad = [
            position
            for position, value in enumerate(chosen.tolist())
            if value is not None and value not in allowed
        ]
        if bad:
            raise ObservationError(
                [
                    Problem(
                        f"/choices/{choice}",
                        f"{chosen[p]!r} is not one of the {what} {', '.join(allowed)}",
                        file=table.origin,
                        line=table.line(int(p if rows is None else rows[p])),
                    )
                    for p in bad
                ],
                subject=table.origin,
            )
        return chosen

    def _one_of_groups(
        self,
        rule: OneOfGroups,
        criteria_set: CriteriaSet,
        table: UnitTable,
        rows: Rows | None,
        partial: SetColumns | None,
    ) -> Codes:
        if partial is None:
            raise ModelError(
                [Problem("/composition", "one_of_groups decides on the set's criteria")],
                subject=criteria_set.id,
            )
        group_codes = {}
        for group in criteria_set.groups:
            if group.id not in rule.groups:
                continue
            columns = [partial.criteria[partial.criterion_ids.index(c.id)] for c in group.criteria]
            group_codes[group.id] = at_least_parts(None, columns, partial.size)
        chosen = self._chosen(table, rows, rule.choice, list(group_codes), "groups")
        return _chosen_or_any(chosen, group_codes, partial.size)

    def _outstanding_field(
        self,
        rule: OutstandingField,
        criteria_set: CriteriaSet,
        table: UnitTable,
        rows: Rows | None,
    ) -> Codes:
        size = row_count(table, rows)
        names = list(rule.fields)
        chosen = self._chosen(table, rows, rule.choice, names, "fields")
        unchosen = chosen == None  # noqa: E711
        field_codes = {}
        for name in names:
            mine = np.flatnonzero((chosen == name) | unchosen)
            codes = np.full(size, NA, dtype=np.int8)
            if mine.size:
                other = self._other(rule.fields[name], criteria_set)
                subset = None if mine.size == size and rows is None else take_rows(rows, mine)
                codes[mine] = self.evaluate(other, table, subset).status
            field_codes[name] = codes
        return _chosen_or_any(chosen, field_codes, size)

    def _village_rule(
        self,
        rule: VillagesAchieving | VillageQuota | VillageShare,
        criteria_set: CriteriaSet,
        table: UnitTable,
        rows: Rows | None,
    ) -> Codes:
        size = row_count(table, rows)
        villages = self.villages if table is self.units else None
        result = np.full(size, NO_DATA, dtype=np.int8)
        if villages is None or villages.parents is None:
            return result
        if rows is None:
            owner = villages.parents
            mine = None
        else:
            local = np.full(table.size, -1, dtype=np.int64)
            local[rows] = np.arange(size)
            owner = local[villages.parents]
            mine = np.flatnonzero(owner >= 0)
            owner = owner[mine]
            if not mine.size:
                return result
        if not len(owner):
            return result
        has_villages = np.bincount(owner, minlength=size) > 0
        village_set = self._other(rule.set_id, criteria_set)
        evaluated = self.evaluate(village_set, villages, mine)

        def per_commune(codes: Codes, needed: int | None) -> Codes:
            return at_least_counts(
                needed,
                achieved=np.bincount(owner, codes == ACHIEVED, size),
                not_achieved=np.bincount(owner, codes == NOT_ACHIEVED, size),
                applicable=np.bincount(owner, codes != NA, size),
            )

        if isinstance(rule, VillageShare):
            decided = self._village_share(rule, table, rows, owner, evaluated.status, size)
        elif isinstance(rule, VillagesAchieving):
            decided = per_commune(evaluated.status, rule.at_least)
        else:
            headline = []
            if rule.each_criterion is not None:
                headline.append(per_commune(_share_codes(rule, evaluated), None))
            if rule.full:
                headline.append(per_commune(evaluated.status, rule.full))
            decided = at_least_parts(None, headline, size, aggregate=False)
        result[has_villages] = decided[has_villages]
        return result

    def _village_share(
        self,
        rule: VillageShare,
        table: UnitTable,
        rows: Rows | None,
        owner: npt.NDArray[np.int64],
        codes: Codes,
        size: int,
    ) -> Codes:
        """The share rule per commune, from the village counts and ``villages_total``."""
        achieved = np.bincount(owner, codes == ACHIEVED, size).astype(np.int64)
        short = np.bincount(owner, (codes == NOT_ACHIEVED) | (codes == NA), size).astype(np.int64)
        listed = np.bincount(owner, minlength=size)
        undetermined = np.bincount(owner, codes == UNDETERMINED, size) > 0
        facts = table.facts.get(VILLAGES_TOTAL)
        decided = np.full(size, NO_DATA, dtype=np.int8)
        names = table.names
        chosen = np.arange(table.size) if rows is None else np.asarray(rows)
        for index in range(size):  # one commune a step: the counts are already gathered
            if not listed[index]:
                continue
            row = int(chosen[index])
            value = facts[row] if facts is not None else None
            try:
                total = villages_total(value, int(listed[index]), str(names[row]))
            except ObservationError as exc:
                line = table.lines[row] if table.lines is not None else row + 1
                raise ObservationError(
                    [attrs.evolve(p, file=table.origin, line=line) for p in exc.problems],
                    subject=exc.subject,
                ) from None
            if total is not None:
                status = share_status(
                    rule.share,
                    int(achieved[index]),
                    int(short[index]),
                    total,
                    bool(undetermined[index]),
                )
                decided[index] = CODE_OF[status]
        return decided
