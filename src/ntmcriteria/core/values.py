"""Observed values, as a requirement sees them, and gaps to a threshold."""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import Any, Literal

import attrs

from .text import Text
from .units import Quantity, format_number, unit_label

__all__ = ["Gap", "MeasureKind", "Observed", "level_text"]


class MeasureKind(enum.Enum):
    """What a measure is: a quantity with a unit, a share, a yes/no, a level, or a count.

    >>> import ntmcriteria as ntm
    >>> [kind.value for kind in ntm.MeasureKind]
    ['quantity', 'ratio', 'boolean', 'level', 'count']
    """

    QUANTITY = "quantity"
    RATIO = "ratio"
    BOOLEAN = "boolean"
    LEVEL = "level"
    COUNT = "count"

    def __str__(self) -> str:
        return self.value


def level_text(rank: int, unit: str = "", labels: tuple[str, ...] = ()) -> Text:
    """A level as documents write it: ``mức độ 2``, ``4 sao``, or a scale label such as ``khá``."""
    if labels and 1 <= rank <= len(labels):
        return Text.same(labels[rank - 1])
    if unit == "sao":
        return Text(f"{rank} sao", f"{rank} star{'s' if rank != 1 else ''}")
    return Text(f"mức độ {rank}", f"level {rank}")


@attrs.frozen(slots=True)
class Observed:
    """One measure's value for one unit, coerced to the measure's kind and unit.

    Exactly one of ``quantity`` (quantity, ratio and count measures), ``flag`` (boolean) and
    ``level`` (level) is set. A ratio read as ``"669/836 hộ"`` keeps its numerator and
    denominator, so that a gap can be counted in households.

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024,
    ...         "values": {"households_hygienic_facilities_rate": "700/836 hộ"}}
    >>> observed = ntm.evaluate("example/xa-ntm-trich/2022-2025", unit).indicators["17.8"].observed
    >>> observed.numerator, observed.denominator, observed.format("vi")
    (Fraction(700, 1), Fraction(836, 1), '700/836 hộ (83,73 %)')
    """

    measure: str
    quantity: Quantity | None = None
    flag: bool | None = None
    level: int | None = None
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    count_unit: str = ""
    level_unit: str = ""
    level_labels: tuple[str, ...] = ()
    text: str | None = None
    source: str | None = None
    note: str | None = None
    #: the percentage the report states beside its counts, when the counts do not give it
    stated_mismatch: Quantity | None = None

    def __attrs_post_init__(self) -> None:
        given = [x is not None for x in (self.quantity, self.flag, self.level)]
        if sum(given) != 1:
            raise ValueError(
                f"{self.measure}: an observed value has exactly one of quantity, flag and level"
            )
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError(f"{self.measure}: numerator and denominator go together")

    @property
    def has_denominator(self) -> bool:
        return self.denominator is not None

    def format(self, lang: str = "vi") -> str:
        """``"669/836 hộ (80,02 %)"``, ``"52,15 triệu đồng/người/năm"``, ``"Đạt"``, ``"4 sao"``."""
        if self.flag is not None:
            return (
                Text("Đạt", "Achieved").get(lang)
                if self.flag
                else Text("Chưa đạt", "Not achieved").get(lang)
            )
        if self.level is not None:
            return level_text(self.level, self.level_unit, self.level_labels).get(lang)
        assert self.quantity is not None
        if self.numerator is not None and self.denominator is not None:
            unit = f" {unit_label(self.count_unit, lang)}" if self.count_unit else ""
            ratio = f"{format_number(self.numerator, lang)}/{format_number(self.denominator, lang)}"
            return f"{ratio}{unit} ({self.quantity.format(lang)})"
        return self.quantity.format(lang)

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready dict: the value in the measure's unit, with its fraction parts."""
        data: dict[str, Any] = {"measure": self.measure}
        if self.quantity is not None:
            data["value"] = float(self.quantity.magnitude)
            data["unit"] = self.quantity.unit
        if self.flag is not None:
            data["value"] = self.flag
        if self.level is not None:
            data["value"] = self.level
            data["label"] = level_text(self.level, self.level_unit, self.level_labels).vi
        if self.numerator is not None and self.denominator is not None:
            data["numerator"] = _number(self.numerator)
            data["denominator"] = _number(self.denominator)
            if self.count_unit:
                data["count_unit"] = self.count_unit
        for key in ("text", "source", "note"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _plural(label: str) -> str:
    if label == "person":
        return "people"
    return label if label.endswith("s") else label + "s"


Direction = Literal["increase", "decrease", "change"]


@attrs.frozen(slots=True)
class Gap:
    """How far an observed value is from its threshold.

    ``amount`` is the distance in the threshold's unit (always positive); ``direction`` says
    which way to move. ``strict`` means the threshold itself is not enough (``>`` or ``<``).
    For a ratio observed with its denominator, ``units_needed`` is the whole number of
    households, people, hectares … to add (or remove), rounded up, and ``target_count`` the
    numerator to reach: at ≥ 85 % of 836 households, 700 needs 11 more to reach 711.

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024,
    ...         "values": {"households_hygienic_facilities_rate": "700/836 hộ"}}
    >>> gap = ntm.evaluate("example/xa-ntm-trich/2022-2025", unit).indicators["17.8"].gap
    >>> gap.units_needed, gap.describe("en")
    (Fraction(11, 1), 'short by 1.27 % (11 more households, to reach 711/836)')
    """

    amount: Quantity
    direction: Direction
    strict: bool = False
    units_needed: Fraction | None = None
    count_unit: str = ""
    target_count: Fraction | None = None
    denominator: Fraction | None = None

    def describe(self, lang: str = "vi") -> str:
        """``"cần tăng thêm 1,27 % (thêm 11 hộ, đạt 711/836)"``."""
        amount = self.amount.format(lang)
        if lang == "vi":
            verb = {"increase": "cần tăng thêm", "decrease": "cần giảm", "change": "lệch"}[
                self.direction
            ]
            text = f"{verb} {'hơn ' if self.strict else ''}{amount}"
        else:
            verb = {"increase": "short by", "decrease": "over by", "change": "off by"}[
                self.direction
            ]
            text = f"{verb} {'more than ' if self.strict else ''}{amount}"
        if self.units_needed is not None:
            unit = unit_label(self.count_unit, lang) if self.count_unit else ""
            if lang == "en" and unit and self.units_needed != 1:
                unit = _plural(unit)
            count = format_number(self.units_needed, lang)
            if lang == "vi":
                change = "thêm" if self.direction == "increase" else "bớt"
                detail = f"{change} {count}{' ' + unit if unit else ''}"
            else:
                change = "more" if self.direction == "increase" else "fewer"
                detail = f"{count} {change}{' ' + unit if unit else ''}"
            if self.target_count is not None and self.denominator is not None:
                target = f"{format_number(self.target_count, lang)}/"
                target += format_number(self.denominator, lang)
                detail += f", {'đạt' if lang == 'vi' else 'to reach'} {target}"
            text += f" ({detail})"
        return text

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "amount": float(self.amount.magnitude),
            "unit": self.amount.unit,
            "direction": self.direction,
            "strict": self.strict,
        }
        if self.units_needed is not None:
            data["units_needed"] = _number(self.units_needed)
            data["count_unit"] = self.count_unit
        if self.target_count is not None and self.denominator is not None:
            data["target_count"] = _number(self.target_count)
            data["denominator"] = _number(self.denominator)
        return data
