"""The threshold algebra: requirements as plain data, checked exactly, explained in two languages.

A requirement is an immutable value. It can

* ``check`` the observed value of a measure in an assessment context and return an
  :class:`Outcome` (status, the requirement as it applied, the observed value, the gap and an
  explanation in Vietnamese and English);
* ``describe`` itself without a context (``"≥ 80 %"``, ``"Đạt"``, ``"Không"``);
* list the ``problems`` it has against the measure it is applied to (wrong kind, incompatible
  unit, a by-year table that misses a year of the set);
* turn into plain data (``to_data``) and back (:func:`requirement_from_data`), with no ``eval``.

Selectors (by year, by region, by context fact, relative to another set) resolve to a leaf
requirement in a context; ``all_of`` / ``any_of`` combine parts; ``for_measure`` applies a part to
another measure (17.1: ≥ 45 % clean water *and* ≥ 20 % from a piped system); ``not_encoded`` marks a
threshold the sources do not give, so it is never guessed.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, TypeAlias, TypeVar

import attrs

from ..core.errors import ModelError, ObservationError, Problem
from ..core.status import Status, all_of, any_of
from ..core.text import FrozenMap, Text
from ..core.units import (
    NumberStyle,
    Quantity,
    UnitError,
    compatible,
    conversion_factor,
    format_number,
    normalize_unit,
    parse_quantity,
    to_fraction,
    unit_label,
)
from ..core.values import Gap, MeasureKind, Observed, level_text

if TYPE_CHECKING:
    from .model import CriteriaSet, Measure

__all__ = [
    "Absent",
    "Achieved",
    "AllOf",
    "AnyOf",
    "ByContext",
    "ByRegion",
    "ByYear",
    "Case",
    "Compare",
    "Condition",
    "Context",
    "FactValue",
    "ForMeasure",
    "MinimumLevel",
    "NotEncoded",
    "Op",
    "Outcome",
    "Relative",
    "Requirement",
    "Scope",
    "condition_from_data",
    "requirement_from_data",
]

T = TypeVar("T")
Op = Literal[">=", ">", "<=", "<", "=="]
FactValue: TypeAlias = Fraction | bool | str

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_OP_ALIASES = {"≥": ">=", "≤": "<=", "=": "==", "≠": "!=", "=>": ">=", "=<": "<="}
_OP_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}
_COMPARE_OPS: tuple[Op, ...] = (">=", ">", "<=", "<", "==")


def _normalize_op(op: object, allowed: Sequence[str], path: str) -> str:
    if not isinstance(op, str):
        raise ModelError([Problem(path, f"operator must be a string, got {op!r}")])
    key = _OP_ALIASES.get(op.strip(), op.strip())
    if key not in allowed:
        raise ModelError(
            [Problem(path, f"unknown operator {op!r}: expected one of {', '.join(allowed)}")]
        )
    return key


# --- context -----------------------------------------------------------------------------------


class Context(Protocol):
    """What a requirement may ask about the assessment it is checked in."""

    @property
    def year(self) -> int | None: ...

    @property
    def region(self) -> str | None: ...

    def fact(self, name: str) -> FactValue | None:
        """A context fact (``schools``, ``is_island``…), or None when it was not given."""

    def observed(self, measure_id: str) -> Observed | None:
        """The observed value of a measure, or None for no data."""

    def measure(self, measure_id: str) -> Measure:
        """The measure definition of the set being evaluated."""

    def resolve_set(self, set_id: str) -> CriteriaSet:
        """Another criteria set, for relative requirements (raises RegistryError if unknown)."""


@attrs.frozen(slots=True)
class Scope:
    """What a requirement is validated against: the set's measures and the years it covers."""

    measures: Mapping[str, Measure]
    years: tuple[int, ...] = ()


# --- outcome ------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Outcome:
    """The result of checking one requirement (or one part of it)."""

    status: Status
    requirement: Text
    explanation: Text
    measure: str
    observed: Observed | None = None
    gap: Gap | None = None
    parts: tuple[Outcome, ...] = ()
    threshold_from: str | None = None

    def gaps(self) -> tuple[Gap, ...]:
        """This outcome's gap and those of its parts that are not achieved."""
        found: list[Gap] = [self.gap] if self.gap is not None else []
        for part in self.parts:
            if part.status is Status.NOT_ACHIEVED:
                found.extend(part.gaps())
        return tuple(found)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status.value,
            "measure": self.measure,
            "requirement": self.requirement.to_data(),
            "explanation": self.explanation.to_data(),
            "observed": self.observed.to_data() if self.observed else None,
            "gap": self.gap.to_data() if self.gap else None,
        }
        if self.parts:
            data["parts"] = [part.to_data() for part in self.parts]
        if self.threshold_from:
            data["threshold_from"] = self.threshold_from
        return data


def _no_data(measure: str, requirement: Text, title: Text | None = None) -> Outcome:
    what = title or Text.same(measure)
    return Outcome(
        Status.NO_DATA,
        requirement,
        Text(
            f"Chưa có số liệu về “{what.vi}”",
            f"No data for “{what.en}”",
        ),
        measure,
    )


def _observed(measure_id: str, ctx: Context, text: Text) -> tuple[Measure, Observed] | Outcome:
    """The measure and its observed value, or the "no data" outcome of a leaf requirement."""
    measure = ctx.measure(measure_id)
    observed = ctx.observed(measure_id)
    if observed is None:
        return _no_data(measure_id, text, measure.title)
    return measure, observed


def _verdict(status: Status) -> Text:
    return status.label


def _explain(observed: Observed, requirement: Text, status: Status, gap: Gap | None) -> Text:
    vi = f"{observed.format('vi')} so với yêu cầu {requirement.vi}: {_verdict(status).vi}"
    en = f"{observed.format('en')} against {requirement.en}: {_verdict(status).en.lower()}"
    if gap is not None:
        vi += f", {gap.describe('vi')}"
        en += f", {gap.describe('en')}"
    return Text(vi, en)


# --- the base class -------------------------------------------------------------------------------


class Requirement:
    """Base of every requirement kind. Subclasses are frozen attrs classes."""

    __slots__ = ()
    kind: ClassVar[str] = ""
    #: Measure kinds a leaf requirement accepts (empty: any; selectors check their parts).
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = ()

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        """Check the observed value of ``measure_id`` in ``ctx``."""
        raise NotImplementedError

    def describe(self) -> Text:
        """The requirement as the legal text writes it, without a context."""
        raise NotImplementedError

    def resolve(
        self, measure_id: str, ctx: Context
    ) -> tuple[Requirement, tuple[Text, ...]] | Outcome:
        """The leaf requirement that applies in ``ctx``, with the qualifiers that selected it.

        Returns an :class:`Outcome` instead when the context cannot select one (no year given,
        a fact missing, a year the table does not list).
        """
        return self, ()

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        """What is wrong with applying this requirement to ``measure``."""
        if self.measure_kinds and measure.kind not in self.measure_kinds:
            kinds = " or ".join(k.value for k in self.measure_kinds)
            return [
                Problem(
                    path,
                    f"a {self.kind!r} requirement needs a {kinds} measure, but "
                    f"{measure.id!r} is a {measure.kind.value} measure",
                )
            ]
        return []

    def children(self) -> tuple[Requirement, ...]:
        """Directly nested requirements."""
        return ()

    def walk(self) -> Iterable[Requirement]:
        """This requirement and every nested one, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()

    def to_data(self) -> Any:
        """Plain data (dicts, lists, strings, numbers) that :func:`requirement_from_data` reads."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.describe().vi


def _qualified(text: Text, qualifiers: tuple[Text, ...]) -> Text:
    if not qualifiers:
        return text
    return Text(
        f"{text.vi} ({'; '.join(q.vi for q in qualifiers)})",
        f"{text.en} ({'; '.join(q.en for q in qualifiers)})",
    )


# --- leaves -----------------------------------------------------------------------------------


def _fmt_fraction(value: Fraction, unit: str, lang: str) -> str:
    number = format_number(value, lang)
    if not unit:
        return number
    return f"{number} {unit_label(unit, lang)}"


@lru_cache(maxsize=4096)
def _describe_compare(op: str, magnitude: Fraction, unit: str) -> Text:
    symbol = _OP_SYMBOLS[op]
    return Text(
        f"{symbol} {_fmt_fraction(magnitude, unit, 'vi')}",
        f"{symbol} {_fmt_fraction(magnitude, unit, 'en')}",
    )


@attrs.frozen(slots=True)
class Compare(Requirement):
    """``value op threshold``: ``≥ 80 %``, ``< 6,5 %``, ``≥ 2 m2/người``, ``= 100 %``.

    Comparison is exact (fractions, after converting units), so 80 % against ``≥ 80 %`` is
    achieved and against ``> 80 %`` is not.
    """

    kind: ClassVar[str] = "compare"
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = (
        MeasureKind.QUANTITY,
        MeasureKind.RATIO,
        MeasureKind.COUNT,
    )

    op: Op
    value: Quantity

    def describe(self) -> Text:
        return _describe_compare(self.op, self.value.magnitude, self.value.unit)

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found = Requirement.problems(self, measure, scope, path)
        if not found and not compatible(self.for_measure(measure).value.unit, measure.unit):
            found.append(
                Problem(
                    path,
                    f"threshold unit {self.value.unit or 'number'!r} does not measure the same "
                    f"thing as {measure.id!r} ({measure.unit or 'number'!r})",
                )
            )
        return found

    def for_measure(self, measure: Measure) -> Compare:
        """This comparison with a bare-number threshold read in a count measure's unit."""
        if measure.kind is MeasureKind.COUNT and not self.value.unit and measure.unit:
            return Compare(self.op, Quantity(self.value.magnitude, measure.unit))
        return self

    def holds(self, value: Fraction, unit: str) -> bool:
        """Whether a magnitude in ``unit`` meets this requirement (exactly)."""
        threshold = self.value.magnitude * conversion_factor(self.value.unit, unit)
        return bool(_OPS[self.op](value, threshold))

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        text = self.describe()
        found = _observed(measure_id, ctx, text)
        if isinstance(found, Outcome):
            return found
        measure, observed = found
        assert observed.quantity is not None
        effective = self.for_measure(measure)
        achieved = effective.holds(observed.quantity.magnitude, observed.quantity.unit)
        status = Status.ACHIEVED if achieved else Status.NOT_ACHIEVED
        gap = None if achieved else effective.gap(observed, measure.kind)
        return Outcome(
            status, text, _explain(observed, text, status, gap), measure_id, observed, gap
        )

    def gap(self, observed: Observed, kind: MeasureKind) -> Gap:
        """How far ``observed`` is from this threshold (assumes it is not met)."""
        assert observed.quantity is not None
        value = observed.quantity.magnitude * conversion_factor(
            observed.quantity.unit, self.value.unit
        )
        threshold = self.value.magnitude
        if self.op in (">=", ">"):
            direction: Literal["increase", "decrease", "change"] = "increase"
            amount = threshold - value
        elif self.op in ("<=", "<"):
            direction, amount = "decrease", value - threshold
        else:
            direction, amount = "change", abs(value - threshold)
            if value > threshold:
                direction = "decrease"
            elif value < threshold:
                direction = "increase"
        strict = self.op in (">", "<")
        gap = Gap(Quantity(amount, self.value.unit), direction, strict=strict)
        if (
            kind is MeasureKind.RATIO
            and observed.numerator is not None
            and observed.denominator is not None
        ):
            share = self.value.magnitude * conversion_factor(self.value.unit, "")
            target = _target_count(self.op, share * observed.denominator, observed)
            if target is not None:
                gap = attrs.evolve(
                    gap,
                    units_needed=abs(target - observed.numerator),
                    count_unit=observed.count_unit,
                    target_count=target,
                    denominator=observed.denominator,
                )
        elif kind is MeasureKind.COUNT:
            current = observed.quantity.magnitude
            bound = self.value.magnitude * conversion_factor(
                self.value.unit, observed.quantity.unit
            )
            target = _whole_target(self.op, bound)
            if target is not None and target >= 0:
                gap = attrs.evolve(
                    gap,
                    units_needed=abs(target - current),
                    count_unit=observed.count_unit,
                    target_count=None,
                )
        return gap

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op": self.op, "value": _plain(self.value.magnitude)}
        if self.value.unit:
            data["unit"] = self.value.unit
        return data


def _whole_target(op: str, bound: Fraction) -> Fraction | None:
    """The nearest whole count that meets ``op bound``."""
    if op == ">=":
        return Fraction(math.ceil(bound))
    if op == ">":
        return Fraction(math.floor(bound) + 1)
    if op == "<=":
        return Fraction(math.floor(bound))
    if op == "<":
        return Fraction(math.ceil(bound) - 1)
    return bound if bound.denominator == 1 else None


def _target_count(op: str, bound: Fraction, observed: Observed) -> Fraction | None:
    """The numerator to reach, for a ratio observed as ``numerator/denominator``.

    Whole units (households, people) are rounded to the nearest whole count that meets the
    threshold; fractional units (km, ha) keep the exact amount. ``None`` when no count of the
    denominator can meet it (e.g. ``> 100 %``).
    """
    assert observed.numerator is not None and observed.denominator is not None
    whole = observed.numerator.denominator == 1 and observed.denominator.denominator == 1
    target = _whole_target(op, bound) if whole else bound
    if target is None or target < 0 or target > observed.denominator:
        return None
    if not whole and op in (">", "<"):
        return None  # "more than x km" has no smallest exact amount
    return target


def _plain(value: Fraction) -> int | float | str:
    """A number for plain data: an int, an exact float, or a fraction string such as ``1/3``."""
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    if Fraction(repr(as_float)) == value:
        return as_float
    return f"{value.numerator}/{value.denominator}"


@attrs.frozen(slots=True)
class Achieved(Requirement):
    """``Đạt``: a yes/no measure must be yes."""

    kind: ClassVar[str] = "achieved"
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = (MeasureKind.BOOLEAN,)

    def describe(self) -> Text:
        return Text("Đạt", "Achieved")

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        text = self.describe()
        found = _observed(measure_id, ctx, text)
        if isinstance(found, Outcome):
            return found
        _measure, observed = found
        status = Status.ACHIEVED if observed.flag else Status.NOT_ACHIEVED
        return Outcome(status, text, _explain(observed, text, status, None), measure_id, observed)

    def to_data(self) -> dict[str, Any]:
        return {"achieved": True}


@attrs.frozen(slots=True)
class Absent(Requirement):
    """``Không``: none at all (a count of zero, or a yes/no measure that must be no)."""

    kind: ClassVar[str] = "none"
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = (MeasureKind.COUNT, MeasureKind.BOOLEAN)

    def describe(self) -> Text:
        return Text("Không", "None")

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        text = self.describe()
        found = _observed(measure_id, ctx, text)
        if isinstance(found, Outcome):
            return found
        _measure, observed = found
        gap = None
        if observed.flag is not None:
            achieved = not observed.flag
        else:
            assert observed.quantity is not None
            achieved = observed.quantity.magnitude == 0
            if not achieved:
                gap = Gap(
                    observed.quantity,
                    "decrease",
                    units_needed=observed.quantity.magnitude,
                    count_unit=observed.count_unit,
                )
        status = Status.ACHIEVED if achieved else Status.NOT_ACHIEVED
        explanation = _explain(observed, text, status, gap)
        return Outcome(status, text, explanation, measure_id, observed, gap)

    def to_data(self) -> dict[str, Any]:
        return {"none": True}


@attrs.frozen(slots=True)
class MinimumLevel(Requirement):
    """At least a level: ``mức độ 2``, OCOP ``≥ 4 sao``, or a named level of the measure's scale."""

    kind: ClassVar[str] = "min_level"
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = (MeasureKind.LEVEL,)

    level: int | str
    unit: str = ""

    def rank(self, measure: Measure) -> int:
        """The level as a rank on the measure's scale (labels are 1-based)."""
        if isinstance(self.level, int):
            return self.level
        return measure.levels.index(self.level) + 1

    def _text(self, measure: Measure | None) -> Text:
        if isinstance(self.level, str):
            return Text(f"từ mức “{self.level}” trở lên", f"“{self.level}” or better")
        labels = measure.levels if measure else ()
        base = level_text(self.level, self.unit, labels)
        if labels:
            return Text(f"từ mức “{base.vi}” trở lên", f"“{base.en}” or better")
        return Text(f"≥ {base.vi}", f"≥ {base.en}")

    def describe(self) -> Text:
        return self._text(None)

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found = Requirement.problems(self, measure, scope, path)
        if found:
            return found
        if isinstance(self.level, str) and self.level not in measure.levels:
            known = ", ".join(measure.levels) or "none"
            found.append(
                Problem(
                    path,
                    f"level {self.level!r} is not on the scale of {measure.id!r} (levels: {known})",
                )
            )
        if isinstance(self.level, int):
            if self.level < 1:
                found.append(Problem(path, f"a level is a rank ≥ 1, got {self.level}"))
            elif measure.levels and self.level > len(measure.levels):
                found.append(
                    Problem(
                        path,
                        f"level {self.level} is above the top of the scale of "
                        f"{measure.id!r} ({len(measure.levels)} levels)",
                    )
                )
        if self.unit and normalize_unit(self.unit) != normalize_unit(measure.unit):
            found.append(
                Problem(
                    path,
                    f"level unit {self.unit!r} differs from the unit of "
                    f"{measure.id!r} ({measure.unit!r})",
                )
            )
        return found

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        text = self._text(ctx.measure(measure_id))
        found = _observed(measure_id, ctx, text)
        if isinstance(found, Outcome):
            return found
        measure, observed = found
        assert observed.level is not None
        needed = self.rank(measure)
        achieved = observed.level >= needed
        status = Status.ACHIEVED if achieved else Status.NOT_ACHIEVED
        gap = None
        if not achieved:
            steps = needed - observed.level
            gap = Gap(Quantity(steps, ""), "increase")
        explanation = _explain(observed, text, status, None)
        if gap is not None:
            steps = needed - observed.level
            explanation = Text(
                f"{explanation.vi}, cần nâng thêm {steps} mức",
                f"{explanation.en}, {steps} level{'s' if steps != 1 else ''} short",
            )
        return Outcome(status, text, explanation, measure_id, observed, gap)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"min_level": self.level}
        if self.unit:
            data["unit"] = self.unit
        return data


@attrs.frozen(slots=True)
class NotEncoded(Requirement):
    """A threshold the sources do not give. It is never guessed: its status is "not encoded"."""

    kind: ClassVar[str] = "not_encoded"

    note: Text
    missing_source: str | None = None

    def describe(self) -> Text:
        return Text("Chưa có ngưỡng trong nguồn", "Threshold not in the sources")

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        observed = ctx.observed(measure_id)
        text = self.describe()
        return Outcome(
            Status.NOT_ENCODED,
            text,
            Text(f"Chưa mã hóa ngưỡng: {self.note.vi}", f"Threshold not encoded: {self.note.en}"),
            measure_id,
            observed,
        )

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"note": self.note.to_data()}
        if self.missing_source:
            data["missing_source"] = self.missing_source
        return {"not_encoded": data}


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

    def to_data(self) -> dict[str, Any]:
        return {"by_year": {year: req.to_data() for year, req in sorted(self.years.items())}}


@attrs.frozen(slots=True)
class ByRegion(_Selector):
    """A threshold per region of the unit (``region`` of the observations), with a default."""

    kind: ClassVar[str] = "by_region"

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
        from ..core.errors import RegistryError

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

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"set": self.set_id, "factor": _plain(self.factor)}
        if self.op:
            data["op"] = self.op
        if self.measure:
            data["measure"] = self.measure
        return {"relative": data}


# --- combinations -------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class ForMeasure(Requirement):
    """A part applied to another measure of the set: ``tỷ lệ … từ hệ thống tập trung ≥ 20 %``."""

    kind: ClassVar[str] = "for_measure"

    measure: str
    requirement: Requirement
    title: Text | None = None

    def children(self) -> tuple[Requirement, ...]:
        return (self.requirement,)

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


@attrs.frozen(slots=True)
class AllOf(_Combination):
    """Every part must be achieved (≥ 45 % clean water **and** ≥ 20 % piped).

    A failed part decides even while another part has no data.
    """

    kind: ClassVar[str] = "all_of"
    joiner: ClassVar[tuple[str, str]] = ("và", "and")

    parts: tuple[Requirement, ...]

    def combine(self, statuses: Iterable[Status]) -> Status:
        return all_of(statuses, aggregate=False)


@attrs.frozen(slots=True)
class AnyOf(_Combination):
    """At least one part must be achieved."""

    kind: ClassVar[str] = "any_of"
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


# --- from plain data -------------------------------------------------------------------

_ACHIEVED_WORDS = {"đạt", "achieved", "yes", "có"}
_NONE_WORDS = {"không", "none", "0"}


def _text_from(data: object, path: str) -> Text:
    try:
        return Text.coerce(data)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ModelError([Problem(path, str(exc))]) from exc


def _compare_from_string(text: str, path: str, style: NumberStyle = "auto") -> Compare:
    stripped = text.strip()
    for symbol in sorted({*_OP_ALIASES, *_COMPARE_OPS}, key=len, reverse=True):
        if stripped.startswith(symbol):
            op = _normalize_op(symbol, _COMPARE_OPS, path)
            try:
                magnitude, unit = parse_quantity(stripped[len(symbol) :], style)
            except UnitError as exc:
                raise ModelError([Problem(path, str(exc))]) from exc
            return Compare(op, Quantity(magnitude, unit))  # type: ignore[arg-type]
    raise ModelError(
        [
            Problem(
                path,
                f"cannot read requirement {text!r}: expected 'Đạt', 'Không' or a comparison "
                "such as '>= 80 %' or '< 6,5 %'",
            )
        ]
    )


def _expect_keys(data: Mapping[str, Any], allowed: set[str], path: str) -> list[Problem]:
    unknown = set(data) - allowed
    if unknown:
        return [
            Problem(
                path,
                f"unknown key(s) {sorted(map(str, unknown))}; expected "
                f"{', '.join(sorted(allowed))}",
            )
        ]
    return []


def _list_from(data: object, path: str) -> list[Requirement]:
    if not isinstance(data, list):
        raise ModelError([Problem(path, f"expected a list of requirements, got {data!r}")])
    parts: list[Requirement] = []
    problems: list[Problem] = []
    for index, item in enumerate(data):
        try:
            parts.append(requirement_from_data(item, f"{path}/{index}"))
        except ModelError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ModelError(problems)
    return parts


def requirement_from_data(
    data: object, path: str = "", number_style: NumberStyle = "auto"
) -> Requirement:
    """Build a requirement from plain data, reporting every problem with its path.

    Forms: ``">= 80 %"``, ``"Đạt"``, ``"Không"``; ``{op, value, unit}``; ``{achieved: true}``;
    ``{none: true}``; ``{min_level, unit?}``; ``{by_year: {2021: …}}``;
    ``{by_region: {…}, otherwise?}``; ``{cases: [{when: [{fact, op, value}], then, title?}],
    otherwise?}``; ``{relative: {set, factor, op?, measure?}}``; ``{all_of: […]}``;
    ``{any_of: […]}``; ``{for_measure: {measure, requirement, title?}}``;
    ``{not_encoded: {note, missing_source?}}``.
    """
    if isinstance(data, str):
        word = data.strip().lower()
        if word in _ACHIEVED_WORDS:
            return Achieved()
        if word in _NONE_WORDS:
            return Absent()
        return _compare_from_string(data, path, number_style)
    if not isinstance(data, Mapping):
        raise ModelError(
            [Problem(path, f"expected a requirement (a mapping or a string), got {data!r}")]
        )
    keys = set(data)
    if "op" in keys or "value" in keys:
        problems = _expect_keys(data, {"op", "value", "unit"}, path)
        op: str = ">="
        magnitude = Fraction(0)
        unit = ""
        try:
            op = _normalize_op(data.get("op"), _COMPARE_OPS, f"{path}/op")
        except ModelError as exc:
            problems += exc.problems
        try:
            if isinstance(data.get("value"), str):
                raise UnitError(
                    f"expected a number, got the string {data.get('value')!r}; write the number "
                    "and put its unit under 'unit'"
                )
            magnitude = to_fraction(data.get("value"))
        except UnitError as exc:
            problems.append(Problem(f"{path}/value", str(exc)))
        raw_unit = data.get("unit", "")
        if not isinstance(raw_unit, str):
            problems.append(Problem(f"{path}/unit", f"expected a unit string, got {raw_unit!r}"))
        else:
            unit = raw_unit
            try:
                Quantity(0, unit)
            except UnitError as exc:
                problems.append(Problem(f"{path}/unit", str(exc)))
        if problems:
            raise ModelError(problems)
        return Compare(op, Quantity(magnitude, unit))  # type: ignore[arg-type]
    if "achieved" in keys:
        problems = _expect_keys(data, {"achieved"}, path)
        if (
            data["achieved"] is not True
            and str(data["achieved"]).strip().lower() not in _ACHIEVED_WORDS
        ):
            problems.append(Problem(f"{path}/achieved", "expected true (or 'Đạt')"))
        if problems:
            raise ModelError(problems)
        return Achieved()
    if "none" in keys:
        problems = _expect_keys(data, {"none"}, path)
        if data["none"] is not True:
            problems.append(Problem(f"{path}/none", "expected true"))
        if problems:
            raise ModelError(problems)
        return Absent()
    if "min_level" in keys:
        problems = _expect_keys(data, {"min_level", "unit"}, path)
        level = data["min_level"]
        if isinstance(level, bool) or not isinstance(level, int | str):
            problems.append(
                Problem(f"{path}/min_level", f"expected a rank or a level name, got {level!r}")
            )
        unit = data.get("unit", "")
        if not isinstance(unit, str):
            problems.append(Problem(f"{path}/unit", f"expected a unit string, got {unit!r}"))
        if problems:
            raise ModelError(problems)
        return MinimumLevel(level, unit)
    if "by_year" in keys:
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
                years[number] = requirement_from_data(item, here)
            except ModelError as exc:
                problems += exc.problems
        if problems:
            raise ModelError(problems)
        return ByYear(years)
    if "by_region" in keys:
        problems = _expect_keys(data, {"by_region", "otherwise"}, path)
        table = data["by_region"]
        regions: dict[str, Requirement] = {}
        if not isinstance(table, Mapping):
            raise ModelError(
                [*problems, Problem(f"{path}/by_region", "expected a mapping region → requirement")]
            )
        for region, item in table.items():
            try:
                regions[str(region)] = requirement_from_data(item, f"{path}/by_region/{region}")
            except ModelError as exc:
                problems += exc.problems
        otherwise = _optional(data, "otherwise", path, problems)
        if problems:
            raise ModelError(problems)
        return ByRegion(regions, otherwise)
    if "cases" in keys:
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
                then = _attempt(problems, requirement_from_data, raw["then"], f"{here}/then")
            title = _optional_text(raw, here, problems)
            if then is not None:
                cases.append(Case(tuple(conditions), then, title))
        otherwise = _optional(data, "otherwise", path, problems)
        if problems:
            raise ModelError(problems)
        return ByContext(tuple(cases), otherwise)
    if "relative" in keys:
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
    if "all_of" in keys or "any_of" in keys:
        key = "all_of" if "all_of" in keys else "any_of"
        problems = _expect_keys(data, {key}, path)
        if problems:
            raise ModelError(problems)
        parts = tuple(_list_from(data[key], f"{path}/{key}"))
        return AllOf(parts) if key == "all_of" else AnyOf(parts)
    if "for_measure" in keys:
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
            inner = _attempt(
                problems, requirement_from_data, body["requirement"], f"{here}/requirement"
            )
        title = _optional_text(body, here, problems)
        if problems:
            raise ModelError(problems)
        assert isinstance(measure, str) and inner is not None
        return ForMeasure(measure, inner, title)
    if "not_encoded" in keys:
        problems = _expect_keys(data, {"not_encoded"}, path)
        body = data["not_encoded"]
        here = f"{path}/not_encoded"
        if not isinstance(body, Mapping) or "note" not in body:
            raise ModelError(
                [*problems, Problem(here, "expected {note, missing_source?}: say why")]
            )
        problems += _expect_keys(body, {"note", "missing_source"}, here)
        note = None
        try:
            note = _text_from(body["note"], f"{here}/note")
        except ModelError as exc:
            problems += exc.problems
        missing = body.get("missing_source")
        if missing is not None and not isinstance(missing, str):
            problems.append(Problem(f"{here}/missing_source", "expected a string"))
        if problems:
            raise ModelError(problems)
        assert note is not None
        return NotEncoded(note, missing)
    raise ModelError(
        [
            Problem(
                path,
                f"unknown requirement with key(s) {sorted(map(str, keys))}: expected op/value, "
                "achieved, none, min_level, by_year, by_region, cases, relative, all_of, any_of, "
                "for_measure or not_encoded"
                + (
                    " (YAML reads unquoted on/off/yes/no as true/false: quote the key)"
                    if any(isinstance(key, bool) for key in keys)
                    else ""
                ),
            )
        ]
    )


def _attempt(problems: list[Problem], read: Callable[..., T], *args: Any) -> T | None:
    """``read(*args)``, or None with its problems added to ``problems``."""
    try:
        return read(*args)
    except ModelError as exc:
        problems.extend(exc.problems)
        return None


def _optional(
    data: Mapping[str, Any], key: str, path: str, problems: list[Problem]
) -> Requirement | None:
    if key not in data or data[key] is None:
        return None
    return _attempt(problems, requirement_from_data, data[key], f"{path}/{key}")


def _optional_text(data: Mapping[str, Any], path: str, problems: list[Problem]) -> Text | None:
    if "title" not in data:
        return None
    return _attempt(problems, _text_from, data["title"], f"{path}/title")
