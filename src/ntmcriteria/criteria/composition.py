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

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import attrs

from ..core.errors import ModelError, ObservationError, Problem
from ..core.status import Status, all_of, any_of, at_least
from ..core.text import FrozenMap, Text
from ..core.units import format_number
from .requirements import Compare, requirement_from_data

if TYPE_CHECKING:
    from ..evaluation.results import CriterionResult, SetResult
    from ..observations.model import Observations
    from .model import CriteriaSet

__all__ = [
    "AchievedSet",
    "AllRules",
    "AnyRules",
    "AtLeastRules",
    "OneOfGroups",
    "OutstandingField",
    "Rule",
    "RuleContext",
    "RuleNotEncoded",
    "RuleResult",
    "SetCondition",
    "VillageQuota",
    "VillagesAchieving",
    "rule_from_data",
    "set_condition_from_data",
]


class RuleContext(Protocol):
    """What a rule may ask of the evaluation it runs in."""

    @property
    def criteria_set(self) -> CriteriaSet: ...

    @property
    def observations(self) -> Observations: ...

    def criterion_result(self, criterion_id: str) -> CriterionResult:
        """The result of a criterion of the set being evaluated."""

    def evaluate_set(self, set_id: str, observations: Observations) -> SetResult:
        """Another set evaluated on a unit (memoised; villages included)."""


@attrs.frozen(slots=True)
class RuleResult:
    """A rule's verdict, its explanation and its parts.

    ``details`` names the groups, fields or villages the rule looked at, with their status, so
    that "what is missing" can say which villages fall short.
    """

    status: Status
    rule: Text
    explanation: Text
    parts: tuple[RuleResult, ...] = ()
    details: FrozenMap[str, Status] = attrs.field(factory=FrozenMap)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status.value,
            "rule": self.rule.to_data(),
            "explanation": self.explanation.to_data(),
        }
        if self.details:
            data["details"] = {name: status.value for name, status in self.details.items()}
        if self.parts:
            data["parts"] = [part.to_dict() for part in self.parts]
        return data


class Rule:
    """Base of the composition rules (frozen attrs subclasses)."""

    __slots__ = ()
    kind: ClassVar[str] = ""

    def describe(self) -> Text:
        raise NotImplementedError

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        raise NotImplementedError

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        return []

    def children(self) -> tuple[Rule, ...]:
        return ()

    def walk(self) -> Iterable[Rule]:
        yield self
        for child in self.children():
            yield from child.walk()

    def to_data(self) -> Any:
        raise NotImplementedError


@attrs.frozen(slots=True)
class AchievedSet(Rule):
    """The same unit achieves another set: the prerequisite tier (``đạt chuẩn NTM nâng cao``)."""

    kind: ClassVar[str] = "achieved"
    set_id: str

    def describe(self) -> Text:
        return Text(f"đạt bộ {self.set_id}", f"achieves {self.set_id}")

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        result = ctx.evaluate_set(self.set_id, ctx.observations)
        return RuleResult(
            result.status,
            self.describe(),
            Text(
                f"{result.set_title.vi}: {result.status.label.vi} ({result.summary('vi')})",
                f"{result.set_title.en}: {result.status.label.en.lower()} ({result.summary('en')})",
            ),
            details=FrozenMap({self.set_id: result.status}),
        )

    def to_data(self) -> Any:
        return {"achieved": self.set_id}


@attrs.frozen(slots=True)
class OneOfGroups(Rule):
    """Every criterion of at least one of these groups of the set (the commune may choose one).

    The criteria of these groups count only through this rule, not one by one.
    """

    kind: ClassVar[str] = "one_of_groups"
    groups: tuple[str, ...]
    choice: str | None = None

    def describe(self) -> Text:
        names = ", ".join(self.groups)
        return Text(
            f"đạt đủ các tiêu chí của 1 trong các nhóm {names}",
            f"all criteria of one of the groups {names}",
        )

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        known = {group.id for group in criteria_set.groups}
        found = [
            Problem(f"{path}/one_of_groups/groups/{i}", f"no group {g!r} in the set")
            for i, g in enumerate(self.groups)
            if g not in known
        ]
        if len(self.groups) < 2:
            found.append(Problem(f"{path}/one_of_groups/groups", "name at least two groups"))
        return found

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        statuses: dict[str, Status] = {}
        counts: dict[str, tuple[int, int]] = {}
        for group in ctx.criteria_set.groups:
            if group.id not in self.groups:
                continue
            results = [ctx.criterion_result(c.id) for c in group.criteria]
            statuses[group.id] = all_of(r.status for r in results)
            counts[group.id] = (sum(r.status is Status.ACHIEVED for r in results), len(results))
        chosen = ctx.observations.choices.get(self.choice) if self.choice else None
        if chosen is not None and chosen not in statuses:
            raise ObservationError(
                [
                    Problem(
                        f"/choices/{self.choice}",
                        f"{chosen!r} is not one of the groups {', '.join(self.groups)}",
                        file=ctx.observations.origin,
                    )
                ]
            )
        text = self.describe()

        def line(group_id: str, lang: str) -> str:
            achieved, total = counts[group_id]
            label = statuses[group_id].label.get(lang)
            return f"{group_id} {achieved}/{total} ({label})"

        if chosen is not None:
            status = statuses[chosen]
            explanation = Text(
                f"nhóm đã chọn {line(chosen, 'vi')}", f"chosen group {line(chosen, 'en')}"
            )
        else:
            status = any_of(statuses.values())
            best = max(
                statuses,
                key=lambda g: (
                    statuses[g] is Status.ACHIEVED,
                    Fraction(*counts[g]) if counts[g][1] else 0,
                ),
            )
            explanation = Text(
                "chưa chọn nhóm; "
                + "; ".join(line(g, "vi") for g in statuses)
                + f"; gần nhất: nhóm {best}",
                "no group chosen; "
                + "; ".join(line(g, "en") for g in statuses)
                + f"; closest: group {best}",
            )
        return RuleResult(status, text, explanation, details=FrozenMap(statuses))

    def to_data(self) -> Any:
        body: dict[str, Any] = {"groups": list(self.groups)}
        if self.choice:
            body["choice"] = self.choice
        return {"one_of_groups": body}


def _field_map(value: Mapping[str, str]) -> FrozenMap[str, str]:
    return FrozenMap(value)


@attrs.frozen(slots=True)
class OutstandingField(Rule):
    """The set of the commune's outstanding field (lĩnh vực nổi trội) must be achieved."""

    kind: ClassVar[str] = "outstanding_field"
    choice: str
    fields: FrozenMap[str, str] = attrs.field(converter=_field_map)

    def describe(self) -> Text:
        names = ", ".join(self.fields)
        return Text(
            f"đạt bộ tiêu chí của lĩnh vực nổi trội đã chọn ({names})",
            f"achieves the set of its chosen outstanding field ({names})",
        )

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        chosen = ctx.observations.choices.get(self.choice)
        if chosen is not None and chosen not in self.fields:
            raise ObservationError(
                [
                    Problem(
                        f"/choices/{self.choice}",
                        f"{chosen!r} is not one of the fields {', '.join(self.fields)}",
                        file=ctx.observations.origin,
                    )
                ]
            )
        names = [chosen] if chosen is not None else list(self.fields)
        results = {name: ctx.evaluate_set(self.fields[name], ctx.observations) for name in names}
        statuses = {name: result.status for name, result in results.items()}
        if chosen is not None:
            status = statuses[chosen]
            result = results[chosen]
            explanation = Text(
                f"lĩnh vực {chosen}: {result.summary('vi')}",
                f"field {chosen}: {result.summary('en')}",
            )
        else:
            status = any_of(statuses.values())
            explanation = Text(
                f"chưa chọn lĩnh vực ({self.choice}); "
                + "; ".join(f"{n}: {r.summary('vi')}" for n, r in results.items()),
                f"no field chosen ({self.choice}); "
                + "; ".join(f"{n}: {r.summary('en')}" for n, r in results.items()),
            )
        return RuleResult(status, self.describe(), explanation, details=FrozenMap(statuses))

    def to_data(self) -> Any:
        return {"outstanding_field": {"choice": self.choice, "fields": dict(self.fields)}}


def _village_results(ctx: RuleContext, set_id: str) -> dict[str, SetResult]:
    return {v.unit.name: ctx.evaluate_set(set_id, v) for v in ctx.observations.villages}


def _no_villages(rule: Rule) -> RuleResult:
    return RuleResult(
        Status.NO_DATA,
        rule.describe(),
        Text("Chưa có số liệu các thôn", "No village data given"),
    )


@attrs.frozen(slots=True)
class VillagesAchieving(Rule):
    """At least ``at_least`` villages achieve a village set (e.g. ≥ 1 smart village)."""

    kind: ClassVar[str] = "villages"
    set_id: str
    at_least: int = 1

    def describe(self) -> Text:
        return Text(
            f"có ít nhất {self.at_least} thôn đạt bộ {self.set_id}",
            f"at least {self.at_least} village{'s' if self.at_least != 1 else ''} achieve "
            f"{self.set_id}",
        )

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        if self.at_least < 1:
            return [Problem(f"{path}/villages/at_least", "must be at least 1")]
        return []

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        if not ctx.observations.villages:
            return _no_villages(self)
        results = _village_results(ctx, self.set_id)
        statuses = {name: r.status for name, r in results.items()}
        achieved = sum(s is Status.ACHIEVED for s in statuses.values())
        status = at_least(self.at_least, statuses.values())
        names = [n for n, s in statuses.items() if s is Status.ACHIEVED]
        listed = f": {', '.join(names)}" if names else ""
        return RuleResult(
            status,
            self.describe(),
            Text(
                f"{achieved}/{len(statuses)} thôn đạt{listed}",
                f"{achieved} of {len(statuses)} villages achieve it{listed}",
            ),
            details=FrozenMap(statuses),
        )

    def to_data(self) -> Any:
        return {"villages": {"set": self.set_id, "at_least": self.at_least}}


@attrs.frozen(slots=True)
class VillageQuota(Rule):
    """Every village meets ``each_criterion`` of every criterion of a village set (the share of the
    criterion's applicable indicators achieved), and at least ``full`` villages achieve it all.

    With indicators still open a village's share is a range; the rule decides when the whole
    range is on one side of the threshold and is undetermined otherwise.
    """

    kind: ClassVar[str] = "village_quota"
    set_id: str
    each_criterion: Compare | None = None
    full: int | None = None

    def describe(self) -> Text:
        vi, en = [], []
        if self.each_criterion is not None:
            need = self.each_criterion.describe()
            vi.append(f"mọi thôn đạt {need.vi} yêu cầu của từng tiêu chí bộ {self.set_id}")
            en.append(f"every village meets {need.en} of each criterion of {self.set_id}")
        if self.full:
            vi.append(f"ít nhất {self.full} thôn đạt 100 %")
            en.append(f"at least {self.full} villages at 100 %")
        return Text(", ".join(vi), ", ".join(en))

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        found = []
        if self.each_criterion is None and not self.full:
            found.append(Problem(f"{path}/village_quota", "give each_criterion, full or both"))
        if self.each_criterion is not None and self.each_criterion.value.unit not in ("%", ""):
            found.append(Problem(f"{path}/village_quota/each_criterion", "a share: use '%'"))
        return found

    def _share_status(self, result: SetResult) -> tuple[Status, list[str]]:
        """Whether every criterion's share meets ``each_criterion``; the criteria short of it."""
        assert self.each_criterion is not None
        statuses, short = [], []
        for criterion in result.criteria:
            counts = criterion.counts
            if not counts.applicable:
                continue
            low = Fraction(counts.achieved, counts.applicable)
            high = Fraction(counts.achieved + counts.open, counts.applicable)
            if self.each_criterion.holds(low, ""):
                statuses.append(Status.ACHIEVED)
            elif not self.each_criterion.holds(high, ""):
                statuses.append(Status.NOT_ACHIEVED)
                short.append(f"{criterion.id} ({format_number(low * 100, 'vi', 0)} %)")
            else:
                statuses.append(Status.UNDETERMINED)
        return all_of(statuses), short

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        if not ctx.observations.villages:
            return _no_villages(self)
        results = _village_results(ctx, self.set_id)
        # the headline parts decide; each short village's part only explains the first one
        headline: list[RuleResult] = []
        villages_short: list[RuleResult] = []
        details: dict[str, Status] = {}
        if self.each_criterion is not None:
            need = self.each_criterion.describe()
            per_village = {}
            for name, result in results.items():
                status, short = self._share_status(result)
                per_village[name] = status
                details[name] = status
                if short:
                    per_village_text = ", ".join(short)
                    villages_short.append(
                        RuleResult(
                            status,
                            Text(f"thôn {name}", f"village {name}"),
                            Text(
                                f"tiêu chí chưa đạt {need.vi}: {per_village_text}",
                                f"criteria below {need.en}: {per_village_text}",
                            ),
                        )
                    )
            share = all_of(per_village.values())
            failing = [n for n, s in per_village.items() if s is Status.NOT_ACHIEVED]
            headline.append(
                RuleResult(
                    share,
                    Text(
                        f"mọi thôn {need.vi} mỗi tiêu chí", f"every village {need.en} per criterion"
                    ),
                    Text(
                        f"{len(per_village) - len(failing)}/{len(per_village)} thôn đạt"
                        + (f"; chưa đạt: {', '.join(failing)}" if failing else ""),
                        f"{len(per_village) - len(failing)} of {len(per_village)} villages"
                        + (f"; short: {', '.join(failing)}" if failing else ""),
                    ),
                )
            )
        if self.full:
            statuses = {name: r.status for name, r in results.items()}
            achieved = [n for n, s in statuses.items() if s is Status.ACHIEVED]
            headline.append(
                RuleResult(
                    at_least(self.full, statuses.values()),
                    Text(
                        f"ít nhất {self.full} thôn đạt 100 %",
                        f"at least {self.full} villages at 100 %",
                    ),
                    Text(
                        f"{len(achieved)} thôn đạt 100 %"
                        + (f": {', '.join(achieved)}" if achieved else ""),
                        f"{len(achieved)} villages at 100 %"
                        + (f": {', '.join(achieved)}" if achieved else ""),
                    ),
                )
            )
        status = all_of((p.status for p in headline), aggregate=False)
        return RuleResult(
            status,
            self.describe(),
            Text(
                "; ".join(p.explanation.vi for p in headline),
                "; ".join(p.explanation.en for p in headline),
            ),
            (*headline[:1], *villages_short, *headline[1:]),
            FrozenMap(details),
        )

    def to_data(self) -> Any:
        body: dict[str, Any] = {"set": self.set_id}
        if self.each_criterion is not None:
            body["each_criterion"] = self.each_criterion.to_data()
        if self.full:
            body["full"] = self.full
        return {"village_quota": body}


@attrs.frozen(slots=True)
class RuleNotEncoded(Rule):
    """A rule the sources do not give (a set defined by the province and not found, a region's
    table not retrieved): it evaluates as "not encoded", so what holds it is never achieved."""

    kind: ClassVar[str] = "not_encoded"
    note: Text
    missing_source: str | None = None

    def describe(self) -> Text:
        return Text(f"chưa mã hóa: {self.note.vi}", f"not encoded: {self.note.en}")

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        where = f" ({self.missing_source})" if self.missing_source else ""
        return RuleResult(
            Status.NOT_ENCODED,
            self.describe(),
            Text(
                f"Nguồn chưa cho ngưỡng: {self.note.vi}{where}",
                f"The sources give no threshold: {self.note.en}{where}",
            ),
        )

    def to_data(self) -> Any:
        body: dict[str, Any] = {"note": self.note.to_data()}
        if self.missing_source:
            body["missing_source"] = self.missing_source
        return {"not_encoded": body}


class _RuleList(Rule):
    __slots__ = ()
    rules: tuple[Rule, ...]

    def children(self) -> tuple[Rule, ...]:
        return self.rules

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        found: list[Problem] = []
        for index, rule in enumerate(self.rules):
            found += rule.problems(criteria_set, f"{path}/{self.kind}/{index}")
        return found

    def _parts(self, ctx: RuleContext) -> tuple[RuleResult, ...]:
        return tuple(rule.evaluate(ctx) for rule in self.rules)


def _joined(parts: Sequence[RuleResult], vi: str, en: str) -> Text:
    return Text(f" {vi} ".join(p.rule.vi for p in parts), f" {en} ".join(p.rule.en for p in parts))


@attrs.frozen(slots=True)
class AllRules(_RuleList):
    kind: ClassVar[str] = "all_of"
    rules: tuple[Rule, ...]

    def describe(self) -> Text:
        return Text(
            " và ".join(r.describe().vi for r in self.rules),
            " and ".join(r.describe().en for r in self.rules),
        )

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        parts = self._parts(ctx)
        status = all_of((p.status for p in parts), aggregate=False)
        return RuleResult(status, self.describe(), _joined(parts, "và", "and"), parts)

    def to_data(self) -> Any:
        return {"all_of": [rule.to_data() for rule in self.rules]}


@attrs.frozen(slots=True)
class AnyRules(_RuleList):
    kind: ClassVar[str] = "any_of"
    rules: tuple[Rule, ...]

    def describe(self) -> Text:
        return Text(
            " hoặc ".join(r.describe().vi for r in self.rules),
            " or ".join(r.describe().en for r in self.rules),
        )

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        parts = self._parts(ctx)
        status = any_of((p.status for p in parts), aggregate=False)
        return RuleResult(status, self.describe(), _joined(parts, "hoặc", "or"), parts)

    def to_data(self) -> Any:
        return {"any_of": [rule.to_data() for rule in self.rules]}


@attrs.frozen(slots=True)
class AtLeastRules(_RuleList):
    kind: ClassVar[str] = "at_least"
    count: int
    rules: tuple[Rule, ...]

    def describe(self) -> Text:
        return Text(
            f"ít nhất {self.count} trong: " + "; ".join(r.describe().vi for r in self.rules),
            f"at least {self.count} of: " + "; ".join(r.describe().en for r in self.rules),
        )

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        found = _RuleList.problems(self, criteria_set, path)
        if not 1 <= self.count <= len(self.rules):
            found.append(
                Problem(f"{path}/at_least/count", f"must be between 1 and {len(self.rules)}")
            )
        return found

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        parts = self._parts(ctx)
        achieved = sum(p.status is Status.ACHIEVED for p in parts)
        status = at_least(self.count, (p.status for p in parts), aggregate=False)
        return RuleResult(
            status,
            self.describe(),
            Text(
                f"đạt {achieved}/{len(parts)} (cần {self.count})",
                f"{achieved} of {len(parts)} achieved ({self.count} needed)",
            ),
            parts,
        )

    def to_data(self) -> Any:
        return {"at_least": {"count": self.count, "of": [rule.to_data() for rule in self.rules]}}


@attrs.frozen(slots=True)
class SetCondition:
    """A named condition of a set (``K1``: đạt chuẩn NTM nâng cao) holding one rule."""

    id: str
    title: Text
    rule: Rule
    note: Text | None = None

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        result = self.rule.evaluate(ctx)
        return attrs.evolve(
            result, rule=Text(f"{self.id}. {self.title.vi}", f"{self.id}. {self.title.en}")
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


# --- plain data ------------------------------------------------------------------------------


def _fail(path: str, message: str) -> ModelError:
    return ModelError([Problem(path, message)])


def _rules(data: object, path: str) -> tuple[Rule, ...]:
    if not isinstance(data, list) or not data:
        raise _fail(path, "expected a non-empty list of rules")
    problems: list[Problem] = []
    rules = []
    for index, item in enumerate(data):
        try:
            rules.append(rule_from_data(item, f"{path}/{index}"))
        except ModelError as exc:
            problems += exc.problems
    if problems:
        raise ModelError(problems)
    return tuple(rules)


def _string(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(path, f"expected a string, got {value!r}")
    return value


def _whole(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(path, f"expected a whole number ≥ 1, got {value!r}")
    return value


_RULE_KINDS = (
    "achieved",
    "one_of_groups",
    "outstanding_field",
    "villages",
    "village_quota",
    "all_of",
    "any_of",
    "at_least",
    "not_encoded",
)


def rule_from_data(data: object, path: str = "") -> Rule:
    """A composition rule from plain data (see the module docstring for the forms)."""
    if not isinstance(data, Mapping) or len(data) != 1:
        raise _fail(
            path,
            "expected one of achieved, one_of_groups, outstanding_field, villages, "
            "village_quota, all_of, any_of, at_least",
        )
    [(kind, body)] = data.items()
    here = f"{path}/{kind}"
    if kind not in _RULE_KINDS:
        raise _fail(path, f"unknown rule {kind!r}: expected one of {', '.join(_RULE_KINDS)}")
    if kind == "achieved":
        return AchievedSet(_string(body, here))
    if kind in ("all_of", "any_of"):
        rules = _rules(body, here)
        return AllRules(rules) if kind == "all_of" else AnyRules(rules)
    if not isinstance(body, Mapping):
        raise _fail(here, "expected a mapping")
    if kind == "not_encoded":
        try:
            note = Text.coerce(body.get("note"))  # type: ignore[arg-type]
        except ValueError as exc:
            raise _fail(f"{here}/note", f"say why the rule is not encoded: {exc}") from None
        missing = body.get("missing_source")
        if missing is not None and not isinstance(missing, str):
            raise _fail(f"{here}/missing_source", "expected a string")
        return RuleNotEncoded(note, missing)
    if kind == "at_least":
        return AtLeastRules(
            _whole(body.get("count"), f"{here}/count"), _rules(body.get("of"), f"{here}/of")
        )
    if kind == "one_of_groups":
        groups = body.get("groups")
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise _fail(f"{here}/groups", "expected a list of group ids")
        choice = body.get("choice")
        return OneOfGroups(tuple(groups), _string(choice, f"{here}/choice") if choice else None)
    if kind == "outstanding_field":
        fields = body.get("fields")
        if not isinstance(fields, Mapping) or not fields:
            raise _fail(f"{here}/fields", "expected a mapping field name → set id")
        return OutstandingField(
            _string(body.get("choice"), f"{here}/choice"),
            {str(k): _string(v, f"{here}/fields/{k}") for k, v in fields.items()},
        )
    if kind == "villages":
        return VillagesAchieving(
            _string(body.get("set"), f"{here}/set"),
            _whole(body.get("at_least", 1), f"{here}/at_least"),
        )
    if kind == "village_quota":
        each = body.get("each_criterion")
        compare = None
        if each is not None:
            parsed = requirement_from_data(each, f"{here}/each_criterion")
            if not isinstance(parsed, Compare):
                raise _fail(f"{here}/each_criterion", "expected a comparison such as '>= 70 %'")
            compare = parsed
        full = body.get("full")
        return VillageQuota(
            _string(body.get("set"), f"{here}/set"),
            compare,
            _whole(full, f"{here}/full") if full is not None else None,
        )
    raise _fail(path, f"unknown rule {kind!r}")


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
