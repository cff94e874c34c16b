"""Combinations of parts on a unit: all of them, any of them, and a part applied to another
measure of the set (Hà Tĩnh 17.1: ≥ 45 % clean water **and** ≥ 20 % from a piped system)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ModelError, Problem
from ...core.status import Status, all_of, any_of
from ...core.text import Text
from ...core.units import (
    NumberStyle,
)

if TYPE_CHECKING:
    from ..model import Measure

from .base import (
    Context,
    Outcome,
    Reader,
    Requirement,
    Scope,
    _attempt,
    _expect_keys,
    _optional_text,
)

# --- combinations -------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class ForMeasure(Requirement):
    """A part applied to another measure of the set: ``tỷ lệ … từ hệ thống tập trung ≥ 20 %``."""

    kind: ClassVar[str] = "for_measure"
    data_keys: ClassVar[tuple[str, ...]] = ("for_measure",)

    measure: str
    requirement: Requirement
    title: Text | None = None

    def children(self) -> tuple[Requirement, ...]:
        return (self.requirement,)

    def other_measures(self) -> tuple[tuple[str, Text], ...]:
        return ((self.measure, self.requirement.describe()),)

    def describe(self) -> Text:
        inner = self.requirement.describe()
        if self.title is None:
            return Text(f"{self.measure}: {inner.vi}", f"{self.measure}: {inner.en}")
        return Text(f"{self.title.vi} {inner.vi}", f"{self.title.en} {inner.en}")

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        outcome = self.requirement.check(self.measure, ctx)
        title = self.title or ctx.measure(self.measure).title
        text = Text(f"{title.vi} {outcome.requirement.vi}", f"{title.en} {outcome.requirement.en}")
        return attrs.evolve(outcome, requirement=text)

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        target = scope.measures.get(self.measure)
        if target is None:
            return [Problem(f"{path}/measure", f"unknown measure {self.measure!r}")]
        return self.requirement.problems(target, scope, f"{path}/requirement")

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"for_measure"}, path)
        body = data["for_measure"]
        here = f"{path}/for_measure"
        if not isinstance(body, Mapping):
            raise ModelError([*problems, Problem(here, "expected {measure, requirement, title?}")])
        problems += _expect_keys(body, {"measure", "requirement", "title"}, here)
        measure = body.get("measure")
        if not isinstance(measure, str) or not measure:
            problems.append(Problem(f"{here}/measure", "expected a measure id"))
        inner: Requirement | None = None
        if "requirement" not in body:
            problems.append(Problem(f"{here}/requirement", "missing"))
        else:
            inner = _attempt(problems, read, body["requirement"], f"{here}/requirement")
        title = _optional_text(body, here, problems)
        if problems:
            raise ModelError(problems)
        assert isinstance(measure, str) and inner is not None
        return ForMeasure(measure, inner, title)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"measure": self.measure, "requirement": self.requirement.to_data()}
        if self.title is not None:
            data["title"] = self.title.to_data()
        return {"for_measure": data}


def _join(parts: Sequence[Text], vi: str, en: str) -> Text:
    return Text(f" {vi} ".join(p.vi for p in parts), f" {en} ".join(p.en for p in parts))


class _Combination(Requirement):
    """Parts checked on the same measure and combined into one status."""

    __slots__ = ()
    #: the word joining the parts' texts (vi, en) and the fewest parts that make sense
    joiner: ClassVar[tuple[str, str]] = ("", "")
    min_parts: ClassVar[int] = 1
    parts: tuple[Requirement, ...]

    def children(self) -> tuple[Requirement, ...]:
        return self.parts

    def describe(self) -> Text:
        return _join([p.describe() for p in self.parts], *self.joiner)

    def combine(self, statuses: Iterable[Status]) -> Status:
        raise NotImplementedError

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        outcomes = tuple(part.check(measure_id, ctx) for part in self.parts)
        status = self.combine(o.status for o in outcomes)
        text = _join([o.requirement for o in outcomes], *self.joiner)
        return _combined(status, outcomes, text, measure_id, ctx)

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found: list[Problem] = []
        if len(self.parts) < self.min_parts:
            found.append(Problem(f"{path}/{self.kind}", f"needs at least {self.min_parts} part(s)"))
        for index, part in enumerate(self.parts):
            found += part.problems(measure, scope, f"{path}/{self.kind}/{index}")
        return found

    def to_data(self) -> dict[str, Any]:
        return {self.kind: [part.to_data() for part in self.parts]}

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        key = cls.kind
        problems = _expect_keys(data, {key}, path)
        if problems:
            raise ModelError(problems)
        body = data[key]
        here = f"{path}/{key}"
        if not isinstance(body, list):
            raise ModelError([Problem(here, f"expected a list of requirements, got {body!r}")])
        parts: list[Requirement] = []
        for index, item in enumerate(body):
            try:
                parts.append(read(item, f"{here}/{index}"))
            except ModelError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ModelError(problems)
        return cls(tuple(parts))  # type: ignore[call-arg]


@attrs.frozen(slots=True)
class AllOf(_Combination):
    """Every part must be achieved (≥ 45 % clean water **and** ≥ 20 % piped).

    A failed part decides even while another part has no data.
    """

    kind: ClassVar[str] = "all_of"
    data_keys: ClassVar[tuple[str, ...]] = ("all_of",)
    joiner: ClassVar[tuple[str, str]] = ("và", "and")

    parts: tuple[Requirement, ...]

    def combine(self, statuses: Iterable[Status]) -> Status:
        return all_of(statuses, aggregate=False)


@attrs.frozen(slots=True)
class AnyOf(_Combination):
    """At least one part must be achieved."""

    kind: ClassVar[str] = "any_of"
    data_keys: ClassVar[tuple[str, ...]] = ("any_of",)
    joiner: ClassVar[tuple[str, str]] = ("hoặc", "or")
    min_parts: ClassVar[int] = 2

    parts: tuple[Requirement, ...]

    def combine(self, statuses: Iterable[Status]) -> Status:
        return any_of(statuses, aggregate=False)


def _combined(
    status: Status, outcomes: tuple[Outcome, ...], text: Text, measure_id: str, ctx: Context
) -> Outcome:
    explanation = _join([o.explanation for o in outcomes], ";", ";")
    observed = ctx.observed(measure_id)
    return Outcome(status, text, explanation, measure_id, observed, None, outcomes)
