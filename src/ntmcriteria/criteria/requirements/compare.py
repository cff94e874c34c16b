"""Comparisons (``≥ 80 %``, ``< 6,5 %``): exact after converting units, with the gap counted in
whole households, people or hectares where the share's denominator is known."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from ...core.errors import ModelError, Problem
from ...core.status import Status
from ...core.text import Text
from ...core.units import (
    NumberStyle,
    Quantity,
    UnitError,
    compatible,
    conversion_factor,
    format_number,
    parse_quantity,
    same_counted_thing,
    to_fraction,
)
from ...core.values import Gap, MeasureKind, Observed

if TYPE_CHECKING:
    from ..model import Measure
from .base import (
    _COMPARE_OPS,
    _OP_ALIASES,
    _OP_SYMBOLS,
    _OPS,
    Context,
    Op,
    Outcome,
    Reader,
    Requirement,
    Scope,
    _expect_keys,
    _explain,
    _normalize_op,
    _observed,
    _plain,
)

__all__ = ["Compare"]


def _fmt_fraction(value: Fraction, unit: str, lang: str) -> str:
    return Quantity(value, unit).format(lang)


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
    data_keys: ClassVar[tuple[str, ...]] = ("op", "value")
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
        if not found and measure.kind is MeasureKind.RATIO and measure.unit and not self.value.unit:
            number = format_number(self.value.magnitude, "en")
            as_fraction = format_number(
                self.value.magnitude * conversion_factor("", measure.unit), "en"
            )
            found.append(
                Problem(
                    path,
                    f"a share threshold needs its unit: {number} alone could be {number} "
                    f"{measure.unit} or the fraction {number} (= {as_fraction} {measure.unit}); "
                    f"write '{self.op} {number} {measure.unit}' or {{value: {number}, unit: "
                    f"'{measure.unit}'}}",
                )
            )
        unit = self.for_measure(measure).value.unit
        if not found and not (
            compatible(unit, measure.unit) and same_counted_thing(unit, measure.unit)
        ):
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

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"op", "value", "unit"}, path)
        op: str = ">="
        magnitude = Fraction(0)
        unit = ""
        try:
            op = _normalize_op(data.get("op"), _COMPARE_OPS, f"{path}/op")
        except ModelError as exc:
            problems += exc.problems
        try:
            value = data.get("value")
            if isinstance(value, str):
                exact = _FRACTION.fullmatch(value.strip())
                if exact is None or int(exact[2]) == 0:
                    raise UnitError(
                        f"expected a number or an exact fraction such as '2/3', got the string "
                        f"{value!r}; write the number and put its unit under 'unit'"
                    )
                value = Fraction(int(exact[1]), int(exact[2]))
            magnitude = to_fraction(value)
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

    @classmethod
    def from_text(cls, text: str, path: str, style: NumberStyle = "auto") -> Compare:
        """``">= 80 %"``, ``"< 6,5 %"``."""
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

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op": self.op, "value": _plain(self.value.magnitude)}
        if self.value.unit:
            data["unit"] = self.value.unit
        return data


#: an exact fraction threshold, as plain data writes one that no decimal gives ("2/3")
_FRACTION = re.compile(r"([+-]?\d{1,18})/(\d{1,18})")


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
