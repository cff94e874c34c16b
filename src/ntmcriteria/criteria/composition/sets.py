"""Rules over other sets of the same unit: the prerequisite tier (``achieved``), one of the set's
groups (``one_of_groups``) and the chosen outstanding field (``outstanding_field``)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ObservationError, Problem
from ...core.recognitions import matching
from ...core.status import Status, all_of, any_of
from ...core.text import FrozenMap, Text
from ..naming import set_name

if TYPE_CHECKING:
    from ..model import CriteriaSet

from .base import (
    Rule,
    RuleContext,
    RuleReader,
    RuleResult,
    _fail,
    _mapping,
    _string,
)


@attrs.frozen(slots=True)
class AchievedSet(Rule):
    """The same unit achieves another set: the prerequisite tier (``đạt chuẩn NTM nâng cao``)."""

    kind: ClassVar[str] = "achieved"
    set_id: str

    def describe(self) -> Text:
        return set_name(self.set_id).map("đạt {}", "achieves {}")

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        """The set's verdict from the values; when they cannot decide it, a recognition of the
        set (or of its tier) by decision (``recognitions:`` of the observations) achieves it."""
        result = ctx.evaluate_set(self.set_id, ctx.observations)
        status = result.status
        stated = matching(ctx.observations.recognitions, self.set_id, result.tier, result.year)
        recognition = None
        if stated is not None and status in (
            Status.NO_DATA,
            Status.UNDETERMINED,
            Status.NOT_ENCODED,
        ):
            recognition, status = stated, Status.ACHIEVED
        finding = None
        if stated is not None and status is Status.NOT_ACHIEVED:
            how = stated.how()
            finding = Text(
                f"{how.vi} nhưng số liệu cho kết quả chưa đạt {set_name(result.set_id).vi}"
                f" ({result.summary('vi')})",
                f"{how.en} but the values do not achieve {set_name(result.set_id).en}"
                f" ({result.summary('en')})",
            )

        def explain() -> Text:
            if recognition is not None:
                how = recognition.how()
                return Text(
                    f"{result.set_title.vi}: Đạt — {how.vi} (theo số liệu:"
                    f" {result.status.label.vi.lower()}, {result.summary('vi')})",
                    f"{result.set_title.en}: achieved — {how.en} (from the values:"
                    f" {result.status.label.en.lower()}, {result.summary('en')})",
                )
            return Text(
                f"{result.set_title.vi}: {result.status.label.vi} ({result.summary('vi')})",
                f"{result.set_title.en}: {result.status.label.en.lower()} ({result.summary('en')})",
            )

        return RuleResult(
            status,
            self.describe(),
            explain,
            details=FrozenMap({self.set_id: status}),
            finding=finding,
        )

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        return AchievedSet(_string(body, path))

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

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        body = _mapping(body, path)
        groups = body.get("groups")
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise _fail(f"{path}/groups", "expected a list of group ids")
        choice = body.get("choice")
        return OneOfGroups(tuple(groups), _string(choice, f"{path}/choice") if choice else None)

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
        names = [set_name(set_id) for set_id in self.fields.values()]
        return Text(
            f"đạt bộ tiêu chí của lĩnh vực nổi trội đã chọn ({', '.join(n.vi for n in names)})",
            f"achieves the set of its chosen outstanding field ({', '.join(n.en for n in names)})",
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
        status = statuses[chosen] if chosen is not None else any_of(statuses.values())

        def explain() -> Text:  # the fields' summaries, worded when asked for
            if chosen is not None:
                result = results[chosen]
                return set_name(self.fields[chosen]).map(
                    f"{{}}: {result.summary('vi')}", f"{{}}: {result.summary('en')}"
                )
            return Text(
                f"chưa chọn lĩnh vực ({self.choice}); "
                + "; ".join(
                    f"{set_name(self.fields[n]).vi}: {r.summary('vi')}" for n, r in results.items()
                ),
                f"no field chosen ({self.choice}); "
                + "; ".join(
                    f"{set_name(self.fields[n]).en}: {r.summary('en')}" for n, r in results.items()
                ),
            )

        return RuleResult(status, self.describe(), explain, details=FrozenMap(statuses))

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        body = _mapping(body, path)
        fields = body.get("fields")
        if not isinstance(fields, Mapping) or not fields:
            raise _fail(f"{path}/fields", "expected a mapping field name → set id")
        return OutstandingField(
            _string(body.get("choice"), f"{path}/choice"),
            {str(k): _string(v, f"{path}/fields/{k}") for k, v in fields.items()},
        )

    def to_data(self) -> Any:
        return {"outstanding_field": {"choice": self.choice, "fields": dict(self.fields)}}
