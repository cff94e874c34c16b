"""Conditions on context facts, and the selectors that pick a threshold in a context: by year, by
region, by context case, and relative to another set's threshold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ModelError, Problem
from ...core.status import Status
from ...core.text import FrozenMap, Text
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
    _explain,
    _optional,
    _optional_text,
    _qualified,
)

# --- conditions on context facts ------------------------------------------------------------------
from .conditions import Condition, condition_from_data

# --- selectors ------------------------------------------------------------------------------------


def _frozen_map(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


def _add_qualifier(outcome: Outcome, qualifier: Text) -> Outcome:
    text = _qualified(outcome.requirement, (qualifier,))
    if outcome.observed is not None and outcome.status in (Status.ACHIEVED, Status.NOT_ACHIEVED):
        explanation = _explain(outcome.observed, text, outcome.status, outcome.gap)
        if outcome.parts or outcome.threshold_from:
            explanation = outcome.explanation
    else:
        explanation = outcome.explanation
    return attrs.evolve(outcome, requirement=text, explanation=explanation)


class _Selector(Requirement):
    """A requirement that picks one of its parts in a context."""

    __slots__ = ()

    def select(self, measure_id: str, ctx: Context) -> tuple[Requirement, Text] | Outcome:
        raise NotImplementedError

    def resolve(
        self, measure_id: str, ctx: Context
    ) -> tuple[Requirement, tuple[Text, ...]] | Outcome:
        picked = self.select(measure_id, ctx)
        if isinstance(picked, Outcome):
            return picked
        requirement, qualifier = picked
        inner = requirement.resolve(measure_id, ctx)
        if isinstance(inner, Outcome):
            return inner
        leaf, qualifiers = inner
        return leaf, (qualifier, *qualifiers)

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        picked = self.select(measure_id, ctx)
        if isinstance(picked, Outcome):
            return picked
        requirement, qualifier = picked
        return _add_qualifier(requirement.check(measure_id, ctx), qualifier)


@attrs.frozen(slots=True)
class ByYear(_Selector):
    """A threshold per assessment year: income ≥ 36, 39, 42, 45, 48 for 2021…2025."""

    kind: ClassVar[str] = "by_year"
    data_keys: ClassVar[tuple[str, ...]] = ("by_year",)

    years: FrozenMap[int, Requirement] = attrs.field(converter=_frozen_map)

    def children(self) -> tuple[Requirement, ...]:
        return tuple(self.years.values())

    def describe(self) -> Text:
        parts = [(year, req.describe()) for year, req in sorted(self.years.items())]
        return Text(
            "; ".join(f"năm {year}: {text.vi}" for year, text in parts),
            "; ".join(f"in {year}: {text.en}" for year, text in parts),
        )

    def select(self, measure_id: str, ctx: Context) -> tuple[Requirement, Text] | Outcome:
        if ctx.year is None:
            return Outcome(
                Status.NO_DATA,
                self.describe(),
                Text(
                    "Chưa biết năm đánh giá nên không chọn được ngưỡng theo năm",
                    "The assessment year is not given, so no yearly threshold applies",
                ),
                measure_id,
                ctx.observed(measure_id),
            )
        if ctx.year not in self.years:
            listed = ", ".join(str(y) for y in sorted(self.years))
            return Outcome(
                Status.NOT_ENCODED,
                self.describe(),
                Text(
                    f"Bộ tiêu chí không quy định ngưỡng cho năm {ctx.year} (có: {listed})",
                    f"The set gives no threshold for {ctx.year} (it lists {listed})",
                ),
                measure_id,
                ctx.observed(measure_id),
            )
        return self.years[ctx.year], Text(f"năm {ctx.year}", f"in {ctx.year}")

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found: list[Problem] = []
        for year, requirement in self.years.items():
            found += requirement.problems(measure, scope, f"{path}/by_year/{year}")
        missing = [year for year in scope.years if year not in self.years]
        if missing:
            found.append(
                Problem(
                    f"{path}/by_year",
                    f"no threshold for {', '.join(map(str, missing))}, which the set's validity "
                    f"period covers; give one, or a not_encoded requirement for it",
                )
            )
        return found

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"by_year"}, path)
        table = data["by_year"]
        years: dict[int, Requirement] = {}
        if not isinstance(table, Mapping) or not table:
            raise ModelError(
                [*problems, Problem(f"{path}/by_year", "expected a mapping year → requirement")]
            )
        for year, item in table.items():
            here = f"{path}/by_year/{year}"
            try:
                number = int(year)
                if (
                    isinstance(year, bool)
                    or str(number) != str(year).strip()
                    or not 1900 < number < 2200
                ):
                    raise ValueError
            except (TypeError, ValueError):
                problems.append(Problem(here, f"expected a year such as 2024, got {year!r}"))
                continue
            try:
                years[number] = read(item, here)
            except ModelError as exc:
                problems += exc.problems
        if problems:
            raise ModelError(problems)
        return ByYear(years)

    def to_data(self) -> dict[str, Any]:
        return {"by_year": {year: req.to_data() for year, req in sorted(self.years.items())}}


@attrs.frozen(slots=True)
class ByRegion(_Selector):
    """A threshold per region of the unit (``region`` of the observations), with a default."""

    kind: ClassVar[str] = "by_region"
    data_keys: ClassVar[tuple[str, ...]] = ("by_region",)

    regions: FrozenMap[str, Requirement] = attrs.field(converter=_frozen_map)
    otherwise: Requirement | None = None

    def children(self) -> tuple[Requirement, ...]:
        rest = (self.otherwise,) if self.otherwise is not None else ()
        return (*self.regions.values(), *rest)

    def describe(self) -> Text:
        parts = [(region, req.describe()) for region, req in self.regions.items()]
        vi = [f"vùng {region}: {text.vi}" for region, text in parts]
        en = [f"region {region}: {text.en}" for region, text in parts]
        if self.otherwise is not None:
            vi.append(f"vùng khác: {self.otherwise.describe().vi}")
            en.append(f"other regions: {self.otherwise.describe().en}")
        return Text("; ".join(vi), "; ".join(en))

    def select(self, measure_id: str, ctx: Context) -> tuple[Requirement, Text] | Outcome:
        region = ctx.region
        if region is None:
            return Outcome(
                Status.NO_DATA,
                self.describe(),
                Text(
                    "Chưa biết vùng của đơn vị nên không chọn được ngưỡng theo vùng",
                    "The unit's region is not given, so no regional threshold applies",
                ),
                measure_id,
                ctx.observed(measure_id),
            )
        if region in self.regions:
            return self.regions[region], Text(f"vùng {region}", f"region {region}")
        if self.otherwise is not None:
            return self.otherwise, Text(f"vùng {region}", f"region {region}")
        return Outcome(
            Status.NOT_ENCODED,
            self.describe(),
            Text(
                f"Bộ tiêu chí không quy định ngưỡng cho vùng {region!r}",
                f"The set gives no threshold for region {region!r}",
            ),
            measure_id,
            ctx.observed(measure_id),
        )

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found: list[Problem] = []
        for region, requirement in self.regions.items():
            found += requirement.problems(measure, scope, f"{path}/by_region/{region}")
        if self.otherwise is not None:
            found += self.otherwise.problems(measure, scope, f"{path}/otherwise")
        if not self.regions:
            found.append(Problem(f"{path}/by_region", "lists no region"))
        return found

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"by_region", "otherwise"}, path)
        table = data["by_region"]
        regions: dict[str, Requirement] = {}
        if not isinstance(table, Mapping):
            raise ModelError(
                [*problems, Problem(f"{path}/by_region", "expected a mapping region → requirement")]
            )
        for region, item in table.items():
            try:
                regions[str(region)] = read(item, f"{path}/by_region/{region}")
            except ModelError as exc:
                problems += exc.problems
        otherwise = _optional(data, "otherwise", path, problems, read)
        if problems:
            raise ModelError(problems)
        return ByRegion(regions, otherwise)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "by_region": {region: req.to_data() for region, req in self.regions.items()}
        }
        if self.otherwise is not None:
            data["otherwise"] = self.otherwise.to_data()
        return data


@attrs.frozen(slots=True)
class Case:
    """One case of a :class:`ByContext`: when every condition holds, ``then`` applies."""

    when: tuple[Condition, ...]
    then: Requirement
    title: Text | None = None

    def describe_when(self) -> Text:
        if self.title is not None:
            return self.title
        tests = [c.describe() for c in self.when]
        return Text(
            "khi " + " và ".join(t.vi for t in tests), "when " + " and ".join(t.en for t in tests)
        )

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "when": [c.to_data() for c in self.when],
            "then": self.then.to_data(),
        }
        if self.title is not None:
            data["title"] = self.title.to_data()
        return data


@attrs.frozen(slots=True)
class ByContext(_Selector):
    """The first case whose conditions hold on the context facts applies, else ``otherwise``.

    A fact that a case needs but the observations do not give makes the outcome "no data".
    """

    kind: ClassVar[str] = "cases"
    data_keys: ClassVar[tuple[str, ...]] = ("cases",)

    cases: tuple[Case, ...]
    otherwise: Requirement | None = None

    def children(self) -> tuple[Requirement, ...]:
        rest = (self.otherwise,) if self.otherwise is not None else ()
        return (*(case.then for case in self.cases), *rest)

    def describe(self) -> Text:
        vi = [f"{case.describe_when().vi}: {case.then.describe().vi}" for case in self.cases]
        en = [f"{case.describe_when().en}: {case.then.describe().en}" for case in self.cases]
        if self.otherwise is not None:
            vi.append(f"còn lại: {self.otherwise.describe().vi}")
            en.append(f"otherwise: {self.otherwise.describe().en}")
        return Text("; ".join(vi), "; ".join(en))

    def select(self, measure_id: str, ctx: Context) -> tuple[Requirement, Text] | Outcome:
        for case in self.cases:
            results = [condition.test(ctx) for condition in case.when]
            if any(result is None for result in results):
                missing = [c.fact for c, r in zip(case.when, results, strict=True) if r is None]
                return Outcome(
                    Status.NO_DATA,
                    self.describe(),
                    Text(
                        f"Thiếu thông tin {', '.join(missing)} để chọn ngưỡng",
                        f"Missing context fact(s) {', '.join(missing)} needed to pick the "
                        "threshold",
                    ),
                    measure_id,
                    ctx.observed(measure_id),
                )
            if all(results):
                return case.then, case.describe_when()
        if self.otherwise is not None:
            return self.otherwise, Text("trường hợp còn lại", "otherwise")
        return Outcome(
            Status.NOT_ENCODED,
            self.describe(),
            Text(
                "Không trường hợp nào của bộ tiêu chí khớp với đơn vị",
                "No case of the set matches this unit",
            ),
            measure_id,
            ctx.observed(measure_id),
        )

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found: list[Problem] = []
        if not self.cases:
            found.append(Problem(f"{path}/cases", "lists no case"))
        for index, case in enumerate(self.cases):
            if not case.when:
                found.append(Problem(f"{path}/cases/{index}/when", "lists no condition"))
            found += case.then.problems(measure, scope, f"{path}/cases/{index}/then")
        if self.otherwise is not None:
            found += self.otherwise.problems(measure, scope, f"{path}/otherwise")
        return found

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"cases", "otherwise"}, path)
        raw_cases = data["cases"]
        cases: list[Case] = []
        if not isinstance(raw_cases, list):
            raise ModelError([*problems, Problem(f"{path}/cases", "expected a list of cases")])
        for index, raw in enumerate(raw_cases):
            here = f"{path}/cases/{index}"
            if not isinstance(raw, Mapping):
                problems.append(Problem(here, "expected a mapping {when, then, title?}"))
                continue
            problems += _expect_keys(raw, {"when", "then", "title"}, here)
            conditions: list[Condition] = []
            raw_when = raw.get("when")
            if isinstance(raw_when, Mapping):
                raw_when = [raw_when]
            if not isinstance(raw_when, list):
                problems.append(Problem(f"{here}/when", "expected a condition or a list of them"))
                raw_when = []
            for c_index, raw_condition in enumerate(raw_when):
                condition = _attempt(
                    problems, condition_from_data, raw_condition, f"{here}/when/{c_index}"
                )
                if condition is not None:
                    conditions.append(condition)
            then: Requirement | None = None
            if "then" not in raw:
                problems.append(Problem(f"{here}/then", "missing: the requirement of this case"))
            else:
                then = _attempt(problems, read, raw["then"], f"{here}/then")
            title = _optional_text(raw, here, problems)
            if then is not None:
                cases.append(Case(tuple(conditions), then, title))
        otherwise = _optional(data, "otherwise", path, problems, read)
        if problems:
            raise ModelError(problems)
        return ByContext(tuple(cases), otherwise)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"cases": [case.to_data() for case in self.cases]}
        if self.otherwise is not None:
            data["otherwise"] = self.otherwise.to_data()
        return data
