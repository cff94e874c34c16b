"""The sections of one unit's plain data — the unit, its context facts, choices and values —
each read strictly.

:meth:`Observations.from_dict <ntmcriteria.observations.model.Observations.from_dict>` reads a
mapping section by section with these functions; each reports every problem it finds through
``fail(path, message, message_vi)`` (the path under the unit, such as ``/values/17.8``) and returns
what it could read, so one pass lists every problem of a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Protocol

import attrs

from ..core.errors import ModelError, ObservationError
from ..core.units import NumberStyle, UnitError, to_fraction
from ..criteria.model import Level
from ..criteria.requirements import FactValue, requirement_from_data
from ..criteria.requirements.commune_group import COMMUNE_GROUP, commune_group
from .reading import _READING_KEYS, Reading, _flag, _Refused, error_problem

__all__ = ["AdministrativeUnit", "Fail", "read_choices", "read_context", "read_unit", "read_values"]

UNIT_KEYS = {"name", "level", "province", "region", "district", "code"}


class Fail(Protocol):
    """Reports one problem at ``path`` (under the unit), in English and, when given, Vietnamese."""

    def __call__(self, path: str, message: str, vi: str | None = None, /) -> None: ...


@attrs.frozen(slots=True)
class AdministrativeUnit:
    """The commune, village or province assessed. ``district`` is optional (Vietnam has none
    since 2025).

    >>> import ntmcriteria as ntm
    >>> unit = ntm.AdministrativeUnit("Kỳ Châu", province="Hà Tĩnh")
    >>> unit.name, unit.level
    ('Kỳ Châu', 'commune')
    """

    name: str
    level: Level = "commune"
    province: str | None = None
    region: str | None = None
    district: str | None = None
    code: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


def read_unit(data: Mapping[str, Any], fail: Fail) -> AdministrativeUnit:
    """The ``unit`` section: a name, or ``{name, level, province, region, district, code}``."""
    raw_unit = data.get("unit")
    unit = AdministrativeUnit("?")
    if isinstance(raw_unit, str) and raw_unit.strip():
        unit = AdministrativeUnit(raw_unit.strip())
    elif isinstance(raw_unit, Mapping):
        extra = set(raw_unit) - UNIT_KEYS
        if extra:
            fail(
                "/unit",
                f"unknown key(s) {sorted(map(str, extra))}; expected "
                f"{', '.join(sorted(UNIT_KEYS))}",
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
        if level not in ("commune", "village", "province"):
            fail("/unit/level", f"expected commune, village or province, got {level!r}")
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
    return unit


def read_context(
    data: Mapping[str, Any], number_style: NumberStyle, fail: Fail
) -> dict[str, FactValue]:
    """The ``context`` section: facts (yes/no, a name, a number; ``commune_group`` by its name)."""
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
        if key == COMMUNE_GROUP and str(key) in context:
            try:
                context[COMMUNE_GROUP] = Fraction(commune_group(value) or 0)
            except ObservationError as exc:
                problem = exc.problems[0]
                fail(path, problem.message, problem.message_vi)
    return context


def read_choices(data: Mapping[str, Any], fail: Fail) -> dict[str, str]:
    """The ``choices`` section: a name or number for each choice a set offers."""
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
    return choices


def read_values(
    data: Mapping[str, Any], number_style: NumberStyle, fail: Fail
) -> dict[str, Reading]:
    """The ``values`` section: each measure's value as given, or ``{value, unit, numerator,
    denominator, source, note, claimed, claimed_threshold, error}`` (checked, not yet read as a
    measure: that needs the set)."""
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
            if raw.get("error") is not None:
                found = error_problem(raw["error"], number_style)
                if found is not None:
                    fail(f"{path}/error", found[0], found[1])
                    bad.append("error")
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
                None if raw.get("error") is None else str(raw["error"]),
            )
        elif raw is None or isinstance(raw, str | int | float | bool):
            values[str(key)] = Reading(raw)
        else:
            fail(
                path,
                f"expected a value or {{value, unit, numerator, denominator, source}}, "
                f"got {type(raw).__name__}",
            )
    return values
