"""A threshold taken from another set's requirement on the same measure, scaled (the model-commune
income ≥ 1,10 × the advanced-commune income of the same year)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ModelError, Problem, RegistryError
from ...core.status import Status
from ...core.text import Text
from ...core.units import (
    NumberStyle,
    Quantity,
    UnitError,
    format_number,
    to_fraction,
)
from ...core.values import MeasureKind
from ..naming import set_name

if TYPE_CHECKING:
    from ..model import Measure
from .base import (
    _COMPARE_OPS,
    _OP_SYMBOLS,
    Context,
    Op,
    Outcome,
    Reader,
    Requirement,
    Scope,
    _attempt,
    _expect_keys,
    _explain,
    _normalize_op,
    _plain,
    _qualified,
)
from .compare import Compare, _fmt_fraction

__all__ = ["Relative"]


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
        name = set_name(self.set_id)
        return Text(
            f"{op}{factor_vi} × mức của {name.vi}",
            f"{op}{factor_en} × the level of {name.en}",
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
                set_name(self.set_id).map(
                    f"{{}} chưa có ngưỡng cho {target_measure!r} để so sánh",
                    f"{{}} gives no threshold on {target_measure!r} to scale",
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
        derivation = set_name(self.set_id).map(
            f"= {factor_vi} × {base_vi} của {{}}, chỉ tiêu {indicator_id}",
            f"= {factor_en} × {base_en} of {{}}, indicator {indicator_id}",
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
