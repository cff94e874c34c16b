"""Observations: the data of one unit for one assessment, read strictly.

Values are keyed by measure id and kept as given (a :class:`Reading`) until a criteria set says
what each measure is; :meth:`Observations.observe` then reads a value as the measure's kind and
unit, or raises :class:`~ntmcriteria.errors.ObservationError` naming the value and what was
expected. Nothing is guessed: a bare ``85`` for a percentage is refused (``85 %`` or ``0,85``?),
``900/836 hộ`` is refused, and a missing or ``null`` value is "no data", never "not achieved".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from .errors import ModelError, NtmError, ObservationError, Problem
from .model import CriteriaSet, Level, Measure
from .requirements import FactValue, requirement_from_data
from .text import FrozenMap
from .units import (
    NumberStyle,
    Quantity,
    UnitError,
    compatible,
    conversion_factor,
    format_number,
    normalize_unit,
    parse_quantity,
    parse_ratio,
    to_fraction,
)
from .values import MeasureKind, Observed

__all__ = ["AdministrativeUnit", "Observations", "Reading"]

_TRUE = {"đạt", "có", "true", "yes", "achieved", "x", "✓"}
_FALSE = {"chưa đạt", "không đạt", "không", "false", "no", "not achieved"}
_LEVEL = re.compile(r"^(?:mức\s*(?:độ)?|level|hạng|cấp)\s*(\d+)$|^(\d+)\s*(sao|stars?)$", re.I)
_ZERO_WORDS = {"không", "none", "0"}


@attrs.frozen(slots=True)
class AdministrativeUnit:
    """The commune or village assessed. ``district`` is optional (Vietnam has none since 2025)."""

    name: str
    level: Level = "commune"
    province: str | None = None
    region: str | None = None
    district: str | None = None
    code: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(slots=True)
class Reading:
    """One value as given, before a measure gives it a meaning.

    ``value`` is a number, string (``"52,15 triệu đồng/người/năm"``, ``"669/836 hộ"``, ``"Đạt"``)
    or boolean; ``unit`` applies to a bare number; ``numerator``/``denominator`` give a share.
    ``claimed`` is the verdict the report itself states (True for "đạt") and
    ``claimed_threshold`` the threshold it quotes ("≥ 80 %"): evaluation audits both.
    """

    value: Any = None
    unit: str | None = None
    numerator: Any = None
    denominator: Any = None
    source: str | None = None
    note: str | None = None
    claimed: bool | None = None
    claimed_threshold: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


_READING_KEYS = {
    "value",
    "unit",
    "numerator",
    "denominator",
    "source",
    "note",
    "claimed",
    "claimed_threshold",
}
_TOP_KEYS = {"unit", "year", "set", "context", "choices", "values", "villages"}
_UNIT_KEYS = {"name", "level", "province", "region", "district", "code"}


def _facts(value: Mapping[str, FactValue]) -> FrozenMap[str, FactValue]:
    return FrozenMap(value)


def _choices(value: Mapping[str, str]) -> FrozenMap[str, str]:
    return FrozenMap(value)


def _readings(value: Mapping[str, Reading]) -> FrozenMap[str, Reading]:
    return FrozenMap(value)


@attrs.frozen(slots=True)
class Observations:
    """The data of one unit for one assessment year."""

    unit: AdministrativeUnit
    year: int | None = None
    context: FrozenMap[str, FactValue] = attrs.field(factory=FrozenMap, converter=_facts)
    choices: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=_choices)
    values: FrozenMap[str, Reading] = attrs.field(factory=FrozenMap, converter=_readings)
    number_style: NumberStyle = "vi"
    origin: str | None = None
    villages: tuple[Observations, ...] = ()
    #: the set the data was written for (``set:``), when it names one
    set_id: str | None = None
    #: line of each JSON pointer in the source file (a whole row for tabular files)
    lines: FrozenMap[str, int] = attrs.field(factory=FrozenMap, eq=False, repr=False)
    #: each value read once per measure definition (see :meth:`observe`)
    _observed: dict[tuple[str, str, str, tuple[str, ...]], Observed | None] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    # --- construction --------------------------------------------------------------------------

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        number_style: NumberStyle = "vi",
        origin: str | None = None,
        sets: Callable[[str], CriteriaSet] | None = None,
    ) -> Observations:
        """Build observations from ``{unit, year, set, context, choices, values, villages}``.

        ``unit`` is a name or ``{name, level, province, region, district, code}``; ``values``
        maps measure ids to a value or ``{value, unit, numerator, denominator, source, note,
        claimed, claimed_threshold}``. When the data names its ``set``, values may also be
        keyed by the set's indicator numbers ("17.8"), and a key the set does not know is an
        error with a "did you mean" (``sets`` looks the set up; the registry by default).
        ``villages`` lists the commune's villages, each with its own unit, context and values
        (the year is the commune's). Strings are read in ``number_style`` (Vietnamese by
        default: ``"52,15"``, ``"1.224"``).
        """
        problems: list[Problem] = []
        observations = cls._read(data, number_style, origin, "", None, problems, sets)
        if problems or observations is None:
            raise ObservationError(problems, subject=origin)
        return observations

    @classmethod
    def _read(
        cls,
        data: Any,
        number_style: NumberStyle,
        origin: str | None,
        prefix: str,
        parent: Observations | None,
        problems: list[Problem],
        sets: Callable[[str], CriteriaSet] | None = None,
        lines: Mapping[str, int] | None = None,
    ) -> Observations | None:
        own_lines = _lines_under(lines or {}, prefix)

        def fail(path: str, message: str, vi: str | None = None) -> None:
            problems.append(
                Problem(
                    prefix + path,
                    message,
                    file=origin,
                    line=_line_of(own_lines, path),
                    message_vi=vi,
                )
            )

        if not isinstance(data, Mapping):
            fail("", f"expected a mapping, got {type(data).__name__}")
            return None
        unknown = set(data) - _TOP_KEYS
        if unknown:
            fail(
                "",
                f"unknown key(s) {sorted(map(str, unknown))}; expected "
                f"{', '.join(sorted(_TOP_KEYS))}",
            )

        raw_unit = data.get("unit")
        unit = AdministrativeUnit("?")
        if isinstance(raw_unit, str) and raw_unit.strip():
            unit = AdministrativeUnit(raw_unit.strip())
        elif isinstance(raw_unit, Mapping):
            extra = set(raw_unit) - _UNIT_KEYS
            if extra:
                fail(
                    "/unit",
                    f"unknown key(s) {sorted(map(str, extra))}; expected "
                    f"{', '.join(sorted(_UNIT_KEYS))}",
                )
            name = raw_unit.get("name")
            if not isinstance(name, str) or not name.strip():
                fail(
                    "/unit/name",
                    "missing: the name of the commune or village",
                    "thiếu tên xã hoặc thôn",
                )
                name = "?"
            level = raw_unit.get("level", "commune")
            if level not in ("commune", "village"):
                fail("/unit/level", f"expected commune or village, got {level!r}")
                level = "commune"
            fields = {}
            for key in ("province", "region", "district", "code"):
                value = raw_unit.get(key)
                if value is not None and not isinstance(value, str | int):
                    fail(f"/unit/{key}", f"expected a string, got {value!r}")
                    continue
                fields[key] = None if value is None else str(value)
            unit = AdministrativeUnit(name, level, **fields)
        else:
            fail(
                "/unit",
                "missing: the unit assessed, a name or {name, level, province, region}",
                "thiếu đơn vị được đánh giá (tên xã/thôn)",
            )

        year = data.get("year")
        if year is not None and (
            isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 2200
        ):
            fail(
                "/year",
                f"expected a year such as 2024, got {year!r}",
                f"năm đánh giá phải là một năm như 2024, không phải {year!r}",
            )
            year = None

        context: dict[str, FactValue] = {}
        raw_context = data.get("context") or {}
        if not isinstance(raw_context, Mapping):
            fail("/context", "expected a mapping fact → value")
            raw_context = {}
        for key, value in raw_context.items():
            path = f"/context/{key}"
            if isinstance(value, bool | str):
                context[str(key)] = value
            elif value is None:
                continue
            else:
                try:
                    context[str(key)] = to_fraction(value, number_style)
                except UnitError as exc:
                    fail(path, str(exc))

        choices: dict[str, str] = {}
        raw_choices = data.get("choices") or {}
        if not isinstance(raw_choices, Mapping):
            fail("/choices", "expected a mapping choice → value")
            raw_choices = {}
        for key, value in raw_choices.items():
            if not isinstance(value, str | int) or isinstance(value, bool):
                fail(f"/choices/{key}", f"expected a name or number, got {value!r}")
                continue
            choices[str(key)] = str(value)

        values: dict[str, Reading] = {}
        raw_values = data.get("values") or {}
        if not isinstance(raw_values, Mapping):
            fail("/values", "expected a mapping measure id → value")
            raw_values = {}
        for key, raw in raw_values.items():
            path = f"/values/{key}"
            if isinstance(raw, Mapping):
                extra = set(raw) - _READING_KEYS
                if extra:
                    fail(
                        path,
                        f"unknown key(s) {sorted(map(str, extra))}; expected "
                        f"{', '.join(sorted(_READING_KEYS))}",
                    )
                    continue
                bad = [
                    k
                    for k in ("unit", "source", "note", "claimed_threshold")
                    if raw.get(k) is not None and not isinstance(raw.get(k), str)
                ]
                for k in bad:
                    fail(f"{path}/{k}", f"expected a string, got {raw.get(k)!r}")
                claimed: bool | None = None
                if raw.get("claimed") is not None:
                    try:
                        claimed = _flag(Reading(raw["claimed"]))
                    except _Refused:
                        fail(
                            f"{path}/claimed",
                            "expected the report's verdict: Đạt or Chưa đạt",
                            "kết quả báo cáo tự đánh giá phải là Đạt hoặc Chưa đạt",
                        )
                        bad.append("claimed")
                quoted = raw.get("claimed_threshold")
                if isinstance(quoted, str):
                    try:
                        requirement_from_data(quoted, "", number_style)
                    except ModelError as exc:
                        fail(f"{path}/claimed_threshold", exc.problems[0].message)
                        bad.append("claimed_threshold")
                if bad:
                    continue
                values[str(key)] = Reading(
                    raw.get("value"),
                    raw.get("unit"),
                    raw.get("numerator"),
                    raw.get("denominator"),
                    raw.get("source"),
                    raw.get("note"),
                    claimed,
                    quoted,
                )
            elif raw is None or isinstance(raw, str | int | float | bool):
                values[str(key)] = Reading(raw)
            else:
                fail(
                    path,
                    f"expected a value or {{value, unit, numerator, denominator, source}}, "
                    f"got {type(raw).__name__}",
                )
        set_id = data.get("set")
        if set_id is not None:
            if not isinstance(set_id, str):
                fail("/set", f"expected the id of a criteria set, got {set_id!r}")
                set_id = None
            else:
                values = _key_by_measure(values, set_id, sets, fail)
        if parent is not None:
            if unit.level != "village":
                fail(
                    "/unit/level",
                    f"a village of {parent.unit.name!r} has level village",
                    f"đơn vị thuộc xã {parent.unit.name!r} phải là thôn",
                )
            if year is not None and year != parent.year:
                fail(
                    "/year",
                    f"a village is assessed in its commune's year ({parent.year})",
                    f"thôn được đánh giá cùng năm với xã ({parent.year})",
                )
            year = parent.year
            for key in ("province", "region", "district"):
                if getattr(unit, key) is None and getattr(parent.unit, key) is not None:
                    unit = attrs.evolve(unit, **{key: getattr(parent.unit, key)})
        observations = cls(
            unit,
            year,
            context,
            choices,
            values,
            number_style,
            origin,
            (),
            set_id,
            FrozenMap(own_lines),
        )
        raw_villages = data.get("villages") or []
        if not isinstance(raw_villages, list):
            fail("/villages", "expected a list of villages, each {unit, context, values}")
            raw_villages = []
        if raw_villages and parent is not None:
            fail("/villages", "a village cannot hold villages", "thôn không thể có thôn trực thuộc")
            raw_villages = []
        if raw_villages and unit.level != "commune":
            fail("/villages", "only a commune holds villages")
            raw_villages = []
        villages = []
        names: dict[str, int] = {}
        for index, raw in enumerate(raw_villages):
            where = f"{prefix}/villages/{index}"
            if isinstance(raw, Mapping) and isinstance(raw.get("unit"), str):
                raw = {**raw, "unit": {"name": raw["unit"], "level": "village"}}
            elif isinstance(raw, Mapping) and isinstance(raw.get("unit"), Mapping):
                raw = {**raw, "unit": {"level": "village", **raw["unit"]}}
            village = cls._read(
                raw, number_style, origin, where, observations, problems, sets, lines
            )
            if village is None:
                continue
            if village.unit.name in names:
                problems.append(
                    Problem(
                        f"{where}/unit/name",
                        f"village {village.unit.name!r} is listed twice "
                        f"(also /villages/{names[village.unit.name]})",
                        file=origin,
                    )
                )
            names[village.unit.name] = index
            villages.append(village)
        return attrs.evolve(observations, villages=tuple(villages))

    @classmethod
    def from_yaml(cls, path: str | Path, *, number_style: NumberStyle = "vi") -> Observations:
        """Read one unit's observations from a YAML (or JSON) file; problems carry their line."""
        from .readers import read_observations

        units = read_observations(path, number_style=number_style)
        if len(units) != 1:
            raise ObservationError(
                [Problem("", f"expected one unit, the file holds {len(units)}", file=str(path))]
            )
        return units[0]

    # --- access ----------------------------------------------------------------------------------

    @property
    def region(self) -> str | None:
        return self.unit.region

    def fact(self, name: str) -> FactValue | None:
        return self.context.get(name)

    def observe(self, measure: Measure) -> Observed | None:
        """The value of ``measure`` read as its kind and unit; None when there is no data.

        Each value is read once for a measure definition: every set and tier evaluated on the
        unit, and every explanation, uses that one reading.
        """
        key = (measure.id, measure.kind.value, measure.unit, measure.levels)
        if key in self._observed:
            return self._observed[key]
        reading = self.values.get(measure.id)
        if reading is None or reading.is_empty:
            return None
        path = f"/values/{measure.id}"
        try:
            observed = _observe(measure, reading, self.number_style)
            self._observed[key] = observed
            return observed
        except (UnitError, _Refused) as exc:
            line = _line_of(self.lines, path)
            vi = exc.vi if isinstance(exc, _Refused) else f"không đọc được giá trị: {exc}"
            problem = Problem(path, str(exc), file=self.origin, line=line, message_vi=vi)
            raise ObservationError([problem], subject=self.origin) from exc

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"unit": self.unit.to_data()}
        if self.year is not None:
            data["year"] = self.year
        if self.set_id is not None:
            data["set"] = self.set_id
        if self.context:
            data["context"] = {k: _plain_fact(v) for k, v in self.context.items()}
        if self.choices:
            data["choices"] = dict(self.choices)
        data["values"] = {k: r.to_data() for k, r in self.values.items()}
        if self.villages:
            data["villages"] = [village.to_dict() for village in self.villages]
        return data

    def village(self, name: str) -> Observations:
        """The village named ``name``."""
        for village in self.villages:
            if village.unit.name == name:
                return village
        raise KeyError(f"{self.unit.name!r} has no village {name!r}")


def _key_by_measure(
    values: dict[str, Reading],
    set_id: str,
    sets: Callable[[str], CriteriaSet] | None,
    fail: Callable[..., None],
) -> dict[str, Reading]:
    """Values keyed by measure id: indicator numbers of the named set become its measures."""
    if sets is None:
        from .registry import registry

        sets = registry().get
    try:
        criteria_set = sets(set_id)
    except NtmError as exc:
        fail("/set", str(exc))
        return values
    by_indicator = {i.id: i.measure for i in criteria_set.indicators() if i.measure is not None}
    known = sorted({*criteria_set.measures, *by_indicator})
    keyed: dict[str, Reading] = {}
    for key, reading in values.items():
        measure = key if key in criteria_set.measures else by_indicator.get(key)
        if measure is None:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            fail(
                f"/values/{key}",
                f"set {set_id!r} has no measure or indicator {key!r}{hint}",
                f"bộ tiêu chí không có chỉ tiêu hay số liệu {key!r}"
                + (f"; có phải là {' hoặc '.join(repr(c) for c in close)}?" if close else ""),
            )
            continue
        if measure in keyed:
            fail(f"/values/{key}", f"gives {measure!r} a second time (indicator {key} measures it)")
            continue
        keyed[measure] = reading
    return keyed


def _lines_under(lines: Mapping[str, int], prefix: str) -> dict[str, int]:
    """The lines of the pointers under ``prefix``, re-rooted there."""
    if not prefix:
        return dict(lines)
    return {
        pointer[len(prefix) :]: line
        for pointer, line in lines.items()
        if pointer == prefix or pointer.startswith(prefix + "/")
    }


def _line_of(lines: Mapping[str, int], pointer: str) -> int | None:
    """The line of ``pointer`` or of its nearest parent that has one."""
    while True:
        if pointer in lines:
            return lines[pointer]
        if not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0]


def _plain_fact(value: FactValue) -> Any:
    """A context fact as plain data, exactly: an int, an exact float, or a decimal string."""
    if isinstance(value, bool | str):
        return value
    if value.denominator == 1:
        return value.numerator
    if Fraction(repr(float(value))) == value:
        return float(value)
    return format_number(value, "vi", decimals=12)


class _Refused(ValueError):
    """A value that does not fit its measure (turned into an ObservationError), in vi and en."""

    def __init__(self, message: str, vi: str) -> None:
        super().__init__(message)
        self.vi = vi


def _observe(measure: Measure, reading: Reading, style: NumberStyle) -> Observed:
    text = reading.value if isinstance(reading.value, str) else None
    source, note = reading.source, reading.note
    kind = measure.kind
    if kind is MeasureKind.BOOLEAN:
        return Observed(measure.id, flag=_flag(reading), text=text, source=source, note=note)
    if kind is MeasureKind.LEVEL:
        rank, unit = _level(measure, reading)
        return Observed(
            measure.id,
            level=rank,
            level_unit=unit,
            level_labels=measure.levels,
            text=text,
            source=reading.source,
            note=reading.note,
        )
    if kind is MeasureKind.COUNT:
        amount, count_unit = _count(measure, reading, style)
        return Observed(
            measure.id,
            quantity=Quantity(amount, measure.unit),
            count_unit=count_unit,
            text=text,
            source=reading.source,
            note=reading.note,
        )
    if kind is MeasureKind.RATIO:
        return _ratio(measure, reading, style, text)
    return _quantity(measure, reading, style, text)


def _flag(reading: Reading) -> bool:
    value = reading.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = " ".join(value.strip().lower().split())
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise _Refused(
        f"expected Đạt/Chưa đạt (or true/false), got {value!r}",
        f"cần ghi Đạt hoặc Chưa đạt, không phải {value!r}",
    )


def _level(measure: Measure, reading: Reading) -> tuple[int, str]:
    value = reading.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())  # a rank written in a table cell
    if isinstance(value, int) and not isinstance(value, bool):
        rank = value
    elif isinstance(value, str) and value.strip() in measure.levels:
        rank = measure.levels.index(value.strip()) + 1
    elif isinstance(value, str) and (match := _LEVEL.match(value.strip())):
        rank = int(match[1] or match[2])
        stars = match[3] is not None
        if stars != (measure.unit == "sao"):
            expected = "stars ('4 sao')" if measure.unit == "sao" else "a level ('mức độ 2')"
            raise _Refused(
                f"{value!r} does not fit {measure.id!r}, which is rated in {expected}",
                f"{value!r} không phù hợp: chỉ tiêu này tính theo "
                + ("số sao ('4 sao')" if measure.unit == "sao" else "mức độ ('mức độ 2')"),
            )
    else:
        labels = f", or one of {', '.join(measure.levels)}" if measure.levels else ""
        raise _Refused(
            f"expected a level such as 2, 'mức độ 2' or '4 sao'{labels}, got {value!r}",
            f"cần ghi mức đạt như 2, 'mức độ 2' hoặc '4 sao'{labels}, không phải {value!r}",
        )
    if rank < 1 or (measure.levels and rank > len(measure.levels)):
        raise _Refused(
            f"level {rank} is outside the scale of {measure.id!r}",
            f"mức {rank} nằm ngoài thang đánh giá của chỉ tiêu",
        )
    return rank, measure.unit


def _count(measure: Measure, reading: Reading, style: NumberStyle) -> tuple[Fraction, str]:
    value = reading.value
    unit = normalize_unit(reading.unit) if reading.unit else ""
    if isinstance(value, str) and value.strip().lower() in _ZERO_WORDS:
        amount = Fraction(0)
    elif isinstance(value, str):
        amount, written = parse_quantity(value, style)
        if written and unit and written != unit:
            raise _Refused(
                f"{value!r} is in {written!r} but the unit given is {unit!r}",
                f"{value!r} ghi đơn vị {written!r} nhưng cột/ô đơn vị là {unit!r}",
            )
        unit = written or unit
    else:
        amount = to_fraction(value, style)
    if unit and not compatible(unit, measure.unit or ""):
        raise _Refused(
            f"{unit!r} does not count what {measure.id!r} counts ({measure.unit!r})",
            f"đơn vị {unit!r} không phải đơn vị đếm của chỉ tiêu ({measure.unit!r})",
        )
    if unit:
        amount *= conversion_factor(unit, measure.unit)
    if amount.denominator != 1 or amount < 0:
        raise _Refused(
            f"a count is a whole number ≥ 0, got {format_number(amount, 'en', 6)}",
            f"số đếm phải là số nguyên không âm, không phải {format_number(amount, 'vi', 6)}",
        )
    return amount, measure.unit


def _quantity(measure: Measure, reading: Reading, style: NumberStyle, text: str | None) -> Observed:
    value = reading.value
    if reading.numerator is not None or reading.denominator is not None:
        raise _Refused(
            f"{measure.id!r} is a quantity, not a share: give value and unit",
            "chỉ tiêu này là một đại lượng, không phải tỷ lệ: ghi giá trị kèm đơn vị",
        )
    if isinstance(value, str):
        amount, unit = parse_quantity(value, style)
        if reading.unit and unit and normalize_unit(reading.unit) != unit:
            raise _Refused(
                f"{value!r} is in {unit!r} but the unit given is {reading.unit!r}",
                f"{value!r} ghi đơn vị {unit!r} nhưng cột/ô đơn vị là {reading.unit!r}",
            )
        unit = unit or normalize_unit(reading.unit or "")
    else:
        amount = to_fraction(value, style)
        unit = normalize_unit(reading.unit or "")
    if not unit and measure.unit:
        raise _Refused(
            f"a number without a unit: write it with its unit, e.g. "
            f"'{format_number(amount, 'vi')} {measure.unit}'",
            f"số liệu thiếu đơn vị: ghi kèm đơn vị, ví dụ '{format_number(amount, 'vi')} "
            f"{measure.unit}'",
        )
    if not compatible(unit, measure.unit):
        raise _Refused(
            f"unit {unit or 'number'!r} does not measure {measure.id!r} "
            f"(expected {measure.unit!r} or a unit convertible to it)",
            f"đơn vị {unit or '(không có)'!r} không đúng: chỉ tiêu tính bằng {measure.unit!r}",
        )
    quantity = Quantity(amount, unit).to(measure.unit)
    return Observed(
        measure.id, quantity=quantity, text=text, source=reading.source, note=reading.note
    )


def _ratio(measure: Measure, reading: Reading, style: NumberStyle, text: str | None) -> Observed:
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    given_unit = normalize_unit(reading.unit) if reading.unit is not None else None
    count_unit = given_unit if given_unit and not _is_share_unit(given_unit) else ""
    stated: Quantity | None = None
    mismatch: Quantity | None = None
    value = reading.value
    if isinstance(value, str):
        parsed = parse_ratio(value, style)
        if parsed is not None:
            numerator, denominator, written = parsed
            count_unit = written or count_unit
            value = None
        else:
            amount, unit = parse_quantity(value, style)
            if unit:
                stated = Quantity(amount, unit)
                value = None
            else:
                value = amount  # a bare number: read with the unit given beside it
    if value is not None:
        amount = to_fraction(value, style)
        if reading.unit is not None and _is_share_unit(reading.unit):
            # an explicit unit: "%", "‰", or "" / "1" for a plain fraction such as 0,835
            stated = Quantity(amount, reading.unit)
        elif reading.unit:
            raise _Refused(
                f"{format_number(amount, 'vi')} {reading.unit} is not a share; give "
                f"numerator and denominator in {reading.unit}",
                f"{format_number(amount, 'vi')} {reading.unit} không phải tỷ lệ; ghi tử số/mẫu số "
                f"theo {reading.unit}",
            )
        else:
            raise _Refused(*_bare_share(amount, measure))
        count_unit = ""
    if reading.numerator is not None or reading.denominator is not None:
        if numerator is not None:
            raise _Refused(
                "give the share either as 'a/b' or as numerator/denominator, not both",
                "ghi tỷ lệ theo một cách: 'a/b' hoặc tử số/mẫu số, không cả hai",
            )
        if reading.numerator is None or reading.denominator is None:
            raise _Refused(
                "a share needs both numerator and denominator", "tỷ lệ cần cả tử số và mẫu số"
            )
        numerator = to_fraction(reading.numerator, style)
        denominator = to_fraction(reading.denominator, style)
        count_unit = (
            normalize_unit(reading.unit)
            if reading.unit and not _is_share_unit(reading.unit)
            else ""
        )
    if stated is not None and not compatible(stated.unit, measure.unit):
        raise _Refused(
            f"unit {stated.unit!r} is not a share like {measure.unit!r}",
            f"đơn vị {stated.unit!r} không phải tỷ lệ như {measure.unit!r}",
        )
    share: Fraction
    if numerator is not None and denominator is not None:
        if denominator <= 0:
            raise _Refused(
                f"denominator must be > 0, got {format_number(denominator, 'vi')}",
                f"mẫu số phải lớn hơn 0, không phải {format_number(denominator, 'vi')}",
            )
        if numerator < 0:
            raise _Refused(
                f"numerator must be ≥ 0, got {format_number(numerator, 'vi')}",
                f"tử số không được âm: {format_number(numerator, 'vi')}",
            )
        if numerator > denominator:
            ratio = f"{format_number(numerator, 'vi')}/{format_number(denominator, 'vi')}"
            raise _Refused(
                f"{ratio}: the part is larger than the whole",
                f"{ratio}: tử số lớn hơn mẫu số",
            )
        share = numerator / denominator
        if stated is not None:
            stated_share = stated.magnitude * conversion_factor(stated.unit, "")
            tolerance = _half_last_digit(stated.magnitude) * conversion_factor(stated.unit, "")
            if abs(stated_share - share) > tolerance:
                # The counts are the data; the report's own percentage is kept for the audit.
                mismatch = stated
    else:
        assert stated is not None
        share = stated.magnitude * conversion_factor(stated.unit, "")
    if share < 0 or share > 1:
        shown = Quantity(share, "").to("%").format("vi")
        raise _Refused(
            f"a share is between 0 and 100 %, got {shown}",
            f"tỷ lệ phải từ 0 đến 100 %, không phải {shown}",
        )
    quantity = Quantity(share, "").to(measure.unit)
    return Observed(
        measure.id,
        quantity=quantity,
        numerator=numerator,
        denominator=denominator,
        count_unit=count_unit,
        stated_mismatch=mismatch,
        text=text,
        source=reading.source,
        note=reading.note,
    )


def _is_share_unit(unit: str) -> bool:
    try:
        return compatible(unit, "%")
    except UnitError:
        return False


def _bare_share(amount: Fraction, measure: Measure) -> tuple[str, str]:
    shown = format_number(amount, "vi", decimals=6)
    if measure.is_percent:
        return (
            f"a share without a unit: is {shown} meant as {shown} % or as a fraction? write "
            f"'{shown} %' or give numerator and denominator ('669/836 hộ')",
            f"tỷ lệ thiếu đơn vị: {shown} là {shown} % hay một phân số? ghi '{shown} %' hoặc "
            "tử số/mẫu số ('669/836 hộ')",
        )
    return (
        f"a share without a unit: write it in {measure.unit!r}",
        f"tỷ lệ thiếu đơn vị: ghi theo {measure.unit!r}",
    )


def _half_last_digit(value: Fraction) -> Fraction:
    """Half a unit in the last decimal place of ``value`` (0,005 for 80,02; 0,5 for 52)."""
    for places in range(0, 7):
        if (value * 10**places).denominator == 1:
            return Fraction(1, 2 * 10**places)
    return Fraction(1, 2 * 10**6)
