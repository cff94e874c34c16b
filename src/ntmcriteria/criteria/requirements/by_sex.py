"""A share that must hold for men and for women alike ("áp dụng đạt cho cả nam và nữ", Hà Tĩnh
12.1, 12.2, 14.2, 15.1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ModelError, Problem
from ...core.status import Status, for_each_sex
from ...core.text import Text
from ...core.units import NumberStyle

if TYPE_CHECKING:
    from ..model import Measure

from .base import Context, Outcome, Reader, Requirement, Scope, _attempt, _expect_keys

__all__ = ["ForEachSex"]

_DECIDED = (Status.ACHIEVED, Status.NOT_ACHIEVED)


@attrs.frozen(slots=True)
class ForEachSex(Requirement):
    """``requirement`` on the overall share and on each sex's (measures ``male``, ``female``).

    Not achieved when any of the three fails; achieved when both sexes meet it, or — the split
    not given — when the overall share does, and then the result says the split is missing.
    """

    kind: ClassVar[str] = "for_each_sex"
    data_keys: ClassVar[tuple[str, ...]] = ("for_each_sex",)

    requirement: Requirement
    male: str
    female: str

    def children(self) -> tuple[Requirement, ...]:
        return (self.requirement,)

    def other_measures(self) -> tuple[tuple[str, Text], ...]:
        inner = self.requirement.describe()
        return ((self.male, inner), (self.female, inner))

    def describe(self) -> Text:
        inner = self.requirement.describe()
        return Text(f"{inner.vi} (cả nam và nữ)", f"{inner.en} (men and women alike)")

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        overall = self.requirement.check(measure_id, ctx)
        male = self.requirement.check(self.male, ctx)
        female = self.requirement.check(self.female, ctx)
        status = for_each_sex(overall.status, male.status, female.status)
        split = male.status in _DECIDED and female.status in _DECIDED
        vi, en = [], []
        if overall.status is not Status.NO_DATA or not split:
            vi.append(overall.explanation.vi)
            en.append(overall.explanation.en)
        if split or male.status in _DECIDED or female.status in _DECIDED:
            vi += [f"nam: {male.explanation.vi}", f"nữ: {female.explanation.vi}"]
            en += [f"men: {male.explanation.en}", f"women: {female.explanation.en}"]
        if not split:
            vi.append("chưa có số liệu riêng cho nam và nữ")
            en.append("no separate figures for men and women")
        requirement = Text(
            f"{overall.requirement.vi} (cả nam và nữ)", f"{overall.requirement.en} (men and women)"
        )
        return Outcome(
            status,
            requirement,
            Text("; ".join(vi), "; ".join(en)),
            measure_id,
            ctx.observed(measure_id),
            None,  # the failed parts give the gaps
            (overall, male, female),
        )

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found = self.requirement.problems(measure, scope, f"{path}/for_each_sex/requirement")
        for key in ("male", "female"):
            target = scope.measures.get(getattr(self, key))
            here = f"{path}/for_each_sex/{key}"
            if target is None:
                found.append(Problem(here, f"unknown measure {getattr(self, key)!r}"))
            elif (target.kind, target.unit) != (measure.kind, measure.unit):
                found.append(
                    Problem(
                        here,
                        f"{target.id!r} is a {target.kind.value} in {target.unit!r}; the overall"
                        f" measure {measure.id!r} a {measure.kind.value} in {measure.unit!r}",
                    )
                )
        return found

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"for_each_sex"}, path)
        body = data["for_each_sex"]
        here = f"{path}/for_each_sex"
        if not isinstance(body, Mapping):
            raise ModelError([*problems, Problem(here, "expected {male, female, requirement}")])
        problems += _expect_keys(body, {"male", "female", "requirement"}, here)
        for key in ("male", "female"):
            if not isinstance(body.get(key), str) or not body.get(key):
                problems.append(Problem(f"{here}/{key}", f"expected the {key} share's measure id"))
        inner: Requirement | None = None
        if "requirement" not in body:
            problems.append(Problem(f"{here}/requirement", "missing"))
        else:
            inner = _attempt(problems, read, body["requirement"], f"{here}/requirement")
        if problems:
            raise ModelError(problems)
        assert inner is not None
        return ForEachSex(inner, str(body["male"]), str(body["female"]))

    def to_data(self) -> dict[str, Any]:
        return {
            "for_each_sex": {
                "male": self.male,
                "female": self.female,
                "requirement": self.requirement.to_data(),
            }
        }
