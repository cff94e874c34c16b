"""The leaf kinds: compare (``≥ 80 %``), achieved (``Đạt``), none (``Không``), minimum level
and not encoded. Each checks an observed value exactly and says how far it is from the
threshold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ModelError, Problem
from ...core.status import Status
from ...core.text import Text
from ...core.units import (
    NumberStyle,
    Quantity,
    normalize_unit,
)
from ...core.values import Gap, MeasureKind, level_text

if TYPE_CHECKING:
    from ..model import Measure

from .base import (
    Context,
    Outcome,
    Reader,
    Requirement,
    Scope,
    _expect_keys,
    _explain,
    _observed,
    _text_from,
)

#: words a plain string or ``achieved:`` may say for "Đạt", and for "Không"
ACHIEVED_WORDS = {"đạt", "achieved", "yes", "có"}
NONE_WORDS = {"không", "none", "0"}

# --- leaves -----------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Achieved(Requirement):
    """``Đạt``: a yes/no measure must be yes."""

    kind: ClassVar[str] = "achieved"
    data_keys: ClassVar[tuple[str, ...]] = ("achieved",)
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

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"achieved"}, path)
        if (
            data["achieved"] is not True
            and str(data["achieved"]).strip().lower() not in ACHIEVED_WORDS
        ):
            problems.append(Problem(f"{path}/achieved", "expected true (or 'Đạt')"))
        if problems:
            raise ModelError(problems)
        return Achieved()

    def to_data(self) -> dict[str, Any]:
        return {"achieved": True}


@attrs.frozen(slots=True)
class Absent(Requirement):
    """``Không``: none at all (a count of zero, or a yes/no measure that must be no)."""

    kind: ClassVar[str] = "none"
    data_keys: ClassVar[tuple[str, ...]] = ("none",)
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = (MeasureKind.COUNT, MeasureKind.BOOLEAN)

    def describe(self) -> Text:
        return Text("Không", "none at all")  # "None" would read as "no requirement"

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

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"none"}, path)
        if data["none"] is not True:
            problems.append(Problem(f"{path}/none", "expected true"))
        if problems:
            raise ModelError(problems)
        return Absent()

    def to_data(self) -> dict[str, Any]:
        return {"none": True}


@attrs.frozen(slots=True)
class MinimumLevel(Requirement):
    """At least a level: ``mức độ 2``, OCOP ``≥ 4 sao``, or a named level of the measure's scale."""

    kind: ClassVar[str] = "min_level"
    data_keys: ClassVar[tuple[str, ...]] = ("min_level",)
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

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
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

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"min_level": self.level}
        if self.unit:
            data["unit"] = self.unit
        return data


@attrs.frozen(slots=True)
class NotEncoded(Requirement):
    """A threshold the sources do not give. It is never guessed: its status is "not encoded"."""

    kind: ClassVar[str] = "not_encoded"
    data_keys: ClassVar[tuple[str, ...]] = ("not_encoded",)

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

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
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

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"note": self.note.to_data()}
        if self.missing_source:
            data["missing_source"] = self.missing_source
        return {"not_encoded": data}


@attrs.frozen(slots=True)
class NotApplicable(Requirement):
    """A part that does not apply here — the ``otherwise`` of a case, such as a crop the village
    does not grow ("cây lúa: ≥ 85 % diện tích" where no rice is grown). Its status is "not
    applicable", which leaves it out of ``all_of`` and ``any_of`` alike."""

    kind: ClassVar[str] = "not_applicable"
    data_keys: ClassVar[tuple[str, ...]] = ("not_applicable",)

    note: Text

    def describe(self) -> Text:
        return Text(f"Không áp dụng ({self.note.vi})", f"Not applicable ({self.note.en})")

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        text = self.describe()
        return Outcome(Status.NOT_APPLICABLE, text, text, measure_id, ctx.observed(measure_id))

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"not_applicable"}, path)
        body = data["not_applicable"]
        here = f"{path}/not_applicable"
        if not isinstance(body, Mapping) or set(body) != {"note"}:
            raise ModelError([*problems, Problem(here, "expected {note}: say when it applies not")])
        try:
            note = _text_from(body["note"], f"{here}/note")
        except ModelError as exc:
            raise ModelError([*problems, *exc.problems]) from None
        if problems:
            raise ModelError(problems)
        return NotApplicable(note)

    def to_data(self) -> dict[str, Any]:
        return {"not_applicable": {"note": self.note.to_data()}}
