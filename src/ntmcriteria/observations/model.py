"""Observations: the data of one unit for one assessment, read strictly.

Values are keyed by measure id and kept as given (a :class:`Reading`) until a criteria set says
what each measure is; :meth:`Observations.observe` then reads a value as the measure's kind and
unit, or raises :class:`~ntmcriteria.errors.ObservationError` naming the value and what was
expected. Nothing is guessed: a bare ``85`` for a percentage is refused (``85 %`` or ``0,85``?),
``900/836 hộ`` is refused, and a missing or ``null`` value is "no data", never "not achieved".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..core.errors import ObservationError, Problem
from ..core.numbers import check_number_style
from ..core.recognitions import Recognition, read_recognitions
from ..core.text import FrozenMap
from ..core.units import (
    NumberStyle,
    UnitError,
)
from ..core.values import Observed
from ..criteria.model import CriteriaSet, Measure
from ..criteria.requirements import FactValue
from .reading import (
    Reading,
    _key_by_measure,
    _observe,
    _Refused,
)
from .sections import AdministrativeUnit, read_choices, read_context, read_unit, read_values
from .tree import _decimals, _line_of, _lines_under, _load_tree, _plain_fact, read_text

__all__ = ["AdministrativeUnit", "Observations", "Reading"]


_TOP_KEYS = {
    "unit",
    "year",
    "set",
    "context",
    "choices",
    "values",
    "villages",
    "communes",
    "recognitions",
}


def _facts(value: Mapping[str, FactValue]) -> FrozenMap[str, FactValue]:
    return FrozenMap(value)


def _choices(value: Mapping[str, str]) -> FrozenMap[str, str]:
    return FrozenMap(value)


def _readings(value: Mapping[str, Reading]) -> FrozenMap[str, Reading]:
    return FrozenMap(value)


def _recognitions(value: Iterable[Recognition]) -> tuple[Recognition, ...]:
    return tuple(value)


def _units(value: Iterable[Observations]) -> tuple[Observations, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class Observations:
    """The data of one unit for one assessment year.

    >>> import ntmcriteria as ntm
    >>> unit = ntm.Observations.from_dict(
    ...     {"unit": "Xã A", "year": 2024,
    ...      "values": {"income_per_capita": "52,15 triệu đồng/người/năm"}}
    ... )
    >>> unit.unit.name, unit.values["income_per_capita"].value
    ('Xã A', '52,15 triệu đồng/người/năm')
    """

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
    #: a province's communes (each with its villages)
    communes: tuple[Observations, ...] = attrs.field(default=(), converter=_units)
    #: decisions recognising the unit as meeting a set or tier (see :mod:`.recognitions`)
    recognitions: tuple[Recognition, ...] = attrs.field(default=(), converter=_recognitions)
    #: each value read once per measure definition (see :meth:`observe`)
    _observed: dict[str, tuple[Measure, Observed]] = attrs.field(
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
        check_number_style(number_style)
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

        unit = read_unit(data, fail)

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

        context = read_context(data, number_style, fail)
        choices = read_choices(data, fail)
        values = read_values(data, number_style, fail)
        set_id = data.get("set")
        if set_id is not None:
            if not isinstance(set_id, str):
                fail("/set", f"expected the id of a criteria set, got {set_id!r}")
                set_id = None
            else:
                values = _key_by_measure(values, set_id, sets, fail)
        if parent is not None:
            expected = "village" if parent.unit.level == "commune" else "commune"
            if unit.level != expected:
                fail(
                    "/unit/level",
                    f"a {expected} of {parent.unit.name!r} has level {expected}",
                    f"đơn vị thuộc {parent.unit.name!r} phải là "
                    + ("thôn" if expected == "village" else "xã"),
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
        recognitions = read_recognitions(
            data.get("recognitions"), lambda path, message, vi: fail(path, message, vi)
        )
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
            recognitions=recognitions,
        )
        villages = cls._members(
            data, "villages", observations, number_style, origin, prefix, problems, sets, lines
        )
        communes = cls._members(
            data, "communes", observations, number_style, origin, prefix, problems, sets, lines
        )
        return attrs.evolve(observations, villages=villages, communes=communes)

    @classmethod
    def _members(
        cls,
        data: Mapping[str, Any],
        key: str,
        owner: Observations,
        number_style: NumberStyle,
        origin: str | None,
        prefix: str,
        problems: list[Problem],
        sets: Callable[[str], CriteriaSet] | None,
        lines: Mapping[str, int] | None,
    ) -> tuple[Observations, ...]:
        """The villages of a commune, or the communes of a province (``key``)."""
        level, holder = ("village", "commune") if key == "villages" else ("commune", "province")
        raw_members = data.get(key) or []
        here = f"{prefix}/{key}"
        if not isinstance(raw_members, list):
            problems.append(
                Problem(here, f"expected a list of {key}, each {{unit, context, values}}", origin)
            )
            return ()
        if raw_members and owner.unit.level != holder:
            if owner.unit.level == level:  # a village in a village, a commune in a commune
                message = f"a {level} cannot hold {key}"
                vi = (
                    "thôn không thể có thôn trực thuộc"
                    if level == "village"
                    else ("xã không thể có xã trực thuộc")
                )
            else:
                message = f"only a {holder} holds {key}"
                vi = (
                    "chỉ xã mới có thôn trực thuộc"
                    if key == "villages"
                    else ("chỉ tỉnh mới có xã trực thuộc")
                )
            problems.append(Problem(here, message, origin, message_vi=vi))
            return ()
        members = []
        names: dict[str, int] = {}
        for index, raw in enumerate(raw_members):
            where = f"{here}/{index}"
            if isinstance(raw, Mapping) and isinstance(raw.get("unit"), str):
                raw = {**raw, "unit": {"name": raw["unit"], "level": level}}
            elif isinstance(raw, Mapping) and isinstance(raw.get("unit"), Mapping):
                raw = {**raw, "unit": {"level": level, **raw["unit"]}}
            member = cls._read(raw, number_style, origin, where, owner, problems, sets, lines)
            if member is None:
                continue
            if member.unit.name in names:
                problems.append(
                    Problem(
                        f"{where}/unit/name",
                        f"{level} {member.unit.name!r} is listed twice "
                        f"(also /{key}/{names[member.unit.name]})",
                        file=origin,
                    )
                )
            names[member.unit.name] = index
            members.append(member)
        return tuple(members)

    @classmethod
    def from_yaml(cls, path: str | Path, *, number_style: NumberStyle = "vi") -> Observations:
        """Read one unit's observations from a YAML (or JSON) file; problems carry their line.

        (``ntm.read_observations`` reads every unit of any file format.)
        """
        origin = str(path)
        suffix = Path(path).suffix.lower()
        if suffix not in (".yaml", ".yml", ".json"):
            raise ObservationError(
                [
                    Problem(
                        "",
                        f"from_yaml reads .yaml, .yml or .json, not {suffix or '(none)'!r}: "
                        "use ntm.read_observations for CSV and XLSX",
                        file=origin,
                    )
                ]
            )
        text = read_text(Path(path))
        data, lines = _load_tree(text, "json" if suffix == ".json" else "yaml", origin)
        units = _from_tree(data, origin, number_style, None, lines)
        if len(units) != 1:
            raise ObservationError(
                [Problem("", f"expected one unit, the file holds {len(units)}", file=origin)]
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
        known = self._observed.get(measure.id)
        if known is not None and (known[0] is measure or known[0] == measure):
            return known[1]
        reading = self.values.get(measure.id)
        if reading is None or reading.is_empty:
            return None
        path = f"/values/{measure.id}"
        try:
            observed = _observe(measure, reading, self.number_style)
            self._observed[measure.id] = (measure, observed)
            return observed
        except (UnitError, _Refused) as exc:
            line = _line_of(self.lines, path)
            problem = Problem(path, str(exc), file=self.origin, line=line, message_vi=exc.vi)
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
        if self.recognitions:
            data["recognitions"] = [r.to_data() for r in self.recognitions]
        if self.villages:
            data["villages"] = [village.to_dict() for village in self.villages]
        if self.communes:
            data["communes"] = [commune.to_dict() for commune in self.communes]
        return data

    def commune(self, name: str) -> Observations:
        """The commune named ``name`` (of a province)."""
        for commune in self.communes:
            if commune.unit.name == name:
                return commune
        raise KeyError(f"{self.unit.name!r} has no commune {name!r}")

    def village(self, name: str) -> Observations:
        """The village named ``name``."""
        for village in self.villages:
            if village.unit.name == name:
                return village
        raise KeyError(f"{self.unit.name!r} has no village {name!r}")


# --- YAML and JSON ---------------------------------------------------------------------------


def _from_tree(
    data: Any,
    origin: str,
    style: NumberStyle,
    sets: Callable[[str], CriteriaSet] | None,
    lines: dict[str, int],
) -> list[Observations]:
    items = data if isinstance(data, list) else [data]
    found: list[Observations] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        prefix = f"/{index}" if isinstance(data, list) else ""
        local: list[Problem] = []
        observations = Observations._read(
            _decimals(item), style, origin, prefix, None, local, sets, lines
        )
        problems += local
        if observations is not None:
            found.append(observations)
    if problems:
        raise ObservationError(problems, subject=origin)
    return found
