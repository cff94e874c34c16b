"""Conditions on context facts, and the selectors that pick a threshold in a context: by year, by
region, by context case, and relative to another set's threshold."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ModelError, ObservationError, Problem, RegistryError
from ...core.status import Status
from ...core.text import FrozenMap, Text
from ...core.units import (
    NumberStyle,
    Quantity,
    UnitError,
    format_number,
    to_fraction,
)
from ...core.values import MeasureKind

if TYPE_CHECKING:
    from ..model import Measure

from .base import (
    _COMPARE_OPS,
    _OP_SYMBOLS,
    _OPS,
    Context,
    FactValue,
    Op,
    Outcome,
    Reader,
    Requirement,
    Scope,
    _attempt,
    _expect_keys,
    _explain,
    _normalize_op,
    _optional,
    _optional_text,
    _plain,
    _qualified,
)
from .leaves import Compare, _fmt_fraction

# --- conditions on context facts ------------------------------------------------------------------


@attrs.frozen(slots=True)
class Condition:
    """``schools > 3``: a test on one context fact."""

    fact: str
    op: str
    value: FactValue

    def describe(self) -> Text:
        value = self.value
        if isinstance(value, bool):
            shown = Text("đúng", "true") if value else Text("sai", "false")
        elif isinstance(value, Fraction):
            shown = Text(format_number(value, "vi"), format_number(value, "en"))
        else:
            shown = Text.same(value)
        symbol = _OP_SYMBOLS[self.op]
        return Text(f"{self.fact} {symbol} {shown.vi}", f"{self.fact} {symbol} {shown.en}")

    def test(self, ctx: Context) -> bool | None:
        """Whether the condition holds; None when the fact is not given."""
        actual = ctx.fact(self.fact)
        if actual is None:
            return None
        expected = self.value
        comparable = (
            (isinstance(actual, bool) and isinstance(expected, bool))
            or (
                isinstance(actual, Fraction)
                and not isinstance(actual, bool)
                and isinstance(expected, Fraction)
            )
            or (isinstance(actual, str) and isinstance(expected, str))
        )
        if not comparable:
            raise ObservationError(
                [
                    Problem(
                        f"/context/{self.fact}",
                        f"expected a {type(expected).__name__.replace('Fraction', 'number')} "
                        f"(the condition is {self.describe().en}), got {actual!r}",
                    )
                ]
            )
        return bool(_OPS[self.op](actual, expected))

    def to_data(self) -> dict[str, Any]:
        value: Any = _plain(self.value) if isinstance(self.value, Fraction) else self.value
        return {"fact": self.fact, "op": self.op, "value": value}


def condition_from_data(data: object, path: str) -> Condition:
    """A :class:`Condition` from ``{fact, op, value}``."""
    if not isinstance(data, Mapping):
        raise ModelError(
            [Problem(path, f"a condition is a mapping {{fact, op, value}}, got {data!r}")]
        )
    problems: list[Problem] = []
    unknown = set(data) - {"fact", "op", "value"}
    if unknown:
        problems.append(
            Problem(path, f"unknown key(s) {sorted(unknown)}; expected fact, op, value")
        )
    fact = data.get("fact")
    if not isinstance(fact, str) or not fact:
        problems.append(Problem(f"{path}/fact", "expected the name of a context fact"))
    raw_value = data.get("value")
    value: FactValue | None = None
    if isinstance(raw_value, bool | str):
        value = raw_value
    elif raw_value is not None:
        try:
            value = to_fraction(raw_value)
        except UnitError as exc:
            problems.append(Problem(f"{path}/value", str(exc)))
    else:
        problems.append(Problem(f"{path}/value", "expected a number, true/false or a string"))
    op = "=="
    try:
        allowed = list(_OPS) if isinstance(value, Fraction) else ["==", "!="]
        op = _normalize_op(data.get("op", "=="), allowed, f"{path}/op")
    except ModelError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ModelError(problems)
    assert isinstance(fact, str) and value is not None
    return Condition(fact, op, value)


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


@attrs.frozen(slots=True)
class Relative(Requirement):
    """A threshold taken from another set's requirement on the same measure, scaled.

    ``{relative: {set: hatinh/xa-ntm-nang-cao/2022-2025, factor: 1.1}}``: model-commune income
    ≥ 1.10 × the advanced-commune income of the same year. The other set is found through the
    registry at evaluation time; its requirement on the measure is resolved in the same context
    (year, region, facts) to a comparison, whose threshold is multiplied by ``factor``.
    """

    kind: ClassVar[str] = "relative"
    data_keys: ClassVar[tuple[str, ...]] = ("relative",)
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = (
        MeasureKind.QUANTITY,
        MeasureKind.RATIO,
        MeasureKind.COUNT,
    )

    set_id: str
    factor: Fraction = attrs.field(converter=to_fraction)
    op: Op | None = None
    measure: str | None = None

    def describe(self) -> Text:
        factor_vi, factor_en = format_number(self.factor, "vi"), format_number(self.factor, "en")
        op = f"{_OP_SYMBOLS[self.op]} " if self.op else ""
        return Text(
            f"{op}{factor_vi} × mức của bộ {self.set_id}",
            f"{op}{factor_en} × the level of set {self.set_id}",
        )

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found = Requirement.problems(self, measure, scope, path)
        if self.factor <= 0:
            found.append(Problem(f"{path}/relative/factor", f"must be > 0, got {self.factor}"))
        return found

    def base(
        self, measure_id: str, ctx: Context
    ) -> tuple[Compare, tuple[Text, ...], str] | Outcome:
        """The other set's comparison in this context, with its qualifiers and indicator id."""
        other = ctx.resolve_set(self.set_id)
        target_measure = self.measure or measure_id
        indicators = [
            ind
            for ind in other.indicators()
            if ind.measure == target_measure and ind.requirement is not None
        ]
        if not indicators:
            return Outcome(
                Status.NOT_ENCODED,
                self.describe(),
                Text(
                    f"Bộ {self.set_id} chưa có ngưỡng cho {target_measure!r} để so sánh",
                    f"Set {self.set_id} gives no threshold on {target_measure!r} to scale",
                ),
                measure_id,
                ctx.observed(measure_id),
            )
        if len(indicators) != 1:
            found = f"{len(indicators)} indicators"
            raise RegistryError(
                f"relative requirement: set {self.set_id!r} has {found} on measure "
                f"{target_measure!r}; expected exactly one to take the threshold from"
            )
        indicator = indicators[0]
        assert indicator.requirement is not None
        resolved = indicator.requirement.resolve(target_measure, ctx)
        if isinstance(resolved, Outcome):
            return attrs.evolve(resolved, measure=measure_id)
        leaf, qualifiers = resolved
        if not isinstance(leaf, Compare):
            raise RegistryError(
                f"relative requirement: set {self.set_id!r} indicator {indicator.id} resolves to "
                f"a {leaf.kind!r} requirement; only a comparison can be scaled"
            )
        return leaf, qualifiers, indicator.id

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        based = self.base(measure_id, ctx)
        if isinstance(based, Outcome):
            return based
        leaf, qualifiers, indicator_id = based
        scaled = Compare(
            self.op or leaf.op, Quantity(leaf.value.magnitude * self.factor, leaf.value.unit)
        )
        origin = f"{self.set_id} {indicator_id}"
        factor_vi, factor_en = format_number(self.factor, "vi"), format_number(self.factor, "en")
        base_vi = _fmt_fraction(leaf.value.magnitude, leaf.value.unit, "vi")
        base_en = _fmt_fraction(leaf.value.magnitude, leaf.value.unit, "en")
        where = list(qualifiers)
        derivation = Text(
            f"= {factor_vi} × {base_vi} của bộ {self.set_id}, chỉ tiêu {indicator_id}",
            f"= {factor_en} × {base_en} of set {self.set_id}, indicator {indicator_id}",
        )
        text = scaled.describe()
        full = _qualified(text, (derivation, *where))
        outcome = scaled.check(measure_id, ctx)
        explanation = (
            _explain(outcome.observed, full, outcome.status, outcome.gap)
            if outcome.observed is not None
            else outcome.explanation
        )
        return attrs.evolve(
            outcome, requirement=full, explanation=explanation, threshold_from=origin
        )

    def resolve(
        self, measure_id: str, ctx: Context
    ) -> tuple[Requirement, tuple[Text, ...]] | Outcome:
        based = self.base(measure_id, ctx)
        if isinstance(based, Outcome):
            return based
        leaf, qualifiers, _indicator_id = based
        scaled = Compare(
            self.op or leaf.op, Quantity(leaf.value.magnitude * self.factor, leaf.value.unit)
        )
        return scaled, qualifiers

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"relative"}, path)
        body = data["relative"]
        here = f"{path}/relative"
        if not isinstance(body, Mapping):
            raise ModelError([*problems, Problem(here, "expected {set, factor, op?, measure?}")])
        problems += _expect_keys(body, {"set", "factor", "op", "measure"}, here)
        set_id = body.get("set")
        if not isinstance(set_id, str) or not set_id:
            problems.append(Problem(f"{here}/set", "expected the id of another criteria set"))
        factor = Fraction(1)
        try:
            factor = to_fraction(body.get("factor"), "auto")
        except UnitError as exc:
            problems.append(Problem(f"{here}/factor", str(exc)))
        rel_op: str | None = None
        if body.get("op") is not None:
            rel_op = _attempt(problems, _normalize_op, body["op"], _COMPARE_OPS, f"{here}/op")
        measure = body.get("measure")
        if measure is not None and not isinstance(measure, str):
            problems.append(Problem(f"{here}/measure", "expected a measure id"))
        if problems:
            raise ModelError(problems)
        assert isinstance(set_id, str)
        return Relative(set_id, factor, rel_op, measure)  # type: ignore[arg-type]

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"set": self.set_id, "factor": _plain(self.factor)}
        if self.op:
            data["op"] = self.op
        if self.measure:
            data["measure"] = self.measure
        return {"relative": data}
