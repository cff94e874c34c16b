"""Rules combining rules (``all_of``, ``any_of``, ``at_least``), and a rule the sources do not
give (``not_encoded``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import Problem
from ...core.status import Status, all_of, any_of, at_least
from ...core.text import Text

if TYPE_CHECKING:
    from ..model import CriteriaSet

from .base import (
    Rule,
    RuleContext,
    RuleReader,
    RuleResult,
    _fail,
    _mapping,
    _rules,
    _whole,
)


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

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        body = _mapping(body, path)
        try:
            note = Text.coerce(body.get("note"))  # type: ignore[arg-type]
        except ValueError as exc:
            raise _fail(f"{path}/note", f"say why the rule is not encoded: {exc}") from None
        missing = body.get("missing_source")
        if missing is not None and not isinstance(missing, str):
            raise _fail(f"{path}/missing_source", "expected a string")
        return RuleNotEncoded(note, missing)

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

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        return AllRules(_rules(body, path, read))

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

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        return AnyRules(_rules(body, path, read))

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

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        body = _mapping(body, path)
        return AtLeastRules(
            _whole(body.get("count"), f"{path}/count"), _rules(body.get("of"), f"{path}/of", read)
        )

    def to_data(self) -> Any:
        return {"at_least": {"count": self.count, "of": [rule.to_data() for rule in self.rules]}}
