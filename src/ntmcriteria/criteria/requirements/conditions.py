"""Conditions on context facts (``schools > 3``, ``has_craft_village == true``): what selects a
case of a requirement and what makes an indicator applicable."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from ...core.errors import ModelError, ObservationError, Problem
from ...core.text import Text
from ...core.units import (
    UnitError,
    format_number,
    to_fraction,
)

if TYPE_CHECKING:
    pass
from .base import (
    _OP_SYMBOLS,
    _OPS,
    Context,
    FactValue,
    _normalize_op,
    _plain,
)

__all__ = ["Condition", "condition_from_data"]


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
