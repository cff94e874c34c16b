"""The criteria model: measures, indicators, criteria, groups and criteria sets.

Every class is a frozen, slotted attrs class. A :class:`CriteriaSet` validates itself when it is
built and raises :class:`~ntmcriteria.errors.ModelError` listing *every* problem found: duplicate
ids, indicators on unknown measures, requirements whose unit does not measure what the measure
measures, by-year tables that miss a year of the validity period.

:func:`criteria_set_from_data` builds a set from plain data (what a YAML pack holds) and
:meth:`CriteriaSet.to_data` gives it back; the two round-trip.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from ..core.errors import ModelError, Problem
from ..core.text import FrozenMap, Text
from ..core.units import UnitError, is_count_unit, is_percent, normalize_unit, parse_unit
from ..core.values import MeasureKind
from .composition import OneOfGroups, Rule, SetCondition, rule_from_data, set_condition_from_data
from .requirements import (
    Condition,
    Requirement,
    Scope,
    condition_from_data,
    requirement_from_data,
)

__all__ = [
    "Citation",
    "CriteriaSet",
    "Criterion",
    "CriterionRule",
    "Group",
    "Indicator",
    "IndicatorLineage",
    "LegalBasis",
    "Level",
    "Measure",
    "Provenance",
    "SetLineage",
    "SetShape",
    "Validity",
    "criteria_set_from_data",
]

#: Set while :func:`criteria_set_from_data` builds a partial set to find its other problems.
_DEFER_VALIDATION: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ntmcriteria_defer_validation", default=False
)

Level = Literal["commune", "village"]
LEVELS: tuple[Level, ...] = ("commune", "village")

_MEASURE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PART_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SET_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)+$")


def _text(value: Text | Mapping[str, str] | str) -> Text:
    return Text.coerce(value)


def _text_or_none(value: Text | Mapping[str, str] | str | None) -> Text | None:
    return None if value is None else Text.coerce(value)


# One converter per element type: mypy's attrs plugin does not accept a generic converter
# (``def _tuple(value: Iterable[T]) -> tuple[T, ...]``) nor ``tuple`` itself.
def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(value)


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


def _groups(value: Iterable[Group]) -> tuple[Group, ...]:
    return tuple(value)


def _conditions(value: Iterable[Condition]) -> tuple[Condition, ...]:
    return tuple(value)


def _citations(value: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(value)


def _set_conditions(value: Iterable[SetCondition]) -> tuple[SetCondition, ...]:
    return tuple(value)


def _notes(value: Iterable[Text | Mapping[str, str] | str]) -> tuple[Text, ...]:
    return tuple(Text.coerce(note) for note in value)


def _dimensionless(unit: str) -> bool:
    return bool(parse_unit(unit).dimensionless)


@attrs.frozen(slots=True)
class Measure:
    """One real-world quantity a unit reports, named once and checked by every set.

    ``kind`` says how values are read and compared: a ``quantity`` has a unit
    (``triệu đồng/người/năm``), a ``ratio`` is a share (``%``) that may be observed as
    ``669/836 hộ``, a ``count`` counts whole things (``trường``), a ``boolean`` is Đạt/Chưa đạt,
    a ``level`` is a rank (``mức độ 2``, ``4 sao``) optionally with named ``levels``.
    """

    id: str
    kind: MeasureKind = attrs.field(converter=MeasureKind)
    unit: str = attrs.field(converter=normalize_unit)
    title: Text = attrs.field(converter=_text)
    levels: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    note: Text | None = attrs.field(default=None, converter=_text_or_none)

    def __attrs_post_init__(self) -> None:
        found = self.problems(f"/measures/{self.id}")
        if found:
            raise ModelError(found)

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        if not _MEASURE_ID.match(self.id):
            found.append(
                Problem(path, f"measure id {self.id!r} must be lower-case ASCII words joined by _")
            )
        try:
            parse_unit(self.unit)
        except UnitError as exc:
            return [*found, Problem(f"{path}/unit", str(exc))]
        if self.kind is MeasureKind.RATIO and not _dimensionless(self.unit):
            found.append(
                Problem(f"{path}/unit", f"a ratio is a share such as '%', not {self.unit!r}")
            )
        if self.kind is MeasureKind.COUNT and not is_count_unit(self.unit):
            found.append(
                Problem(
                    f"{path}/unit",
                    f"a count counts whole things (hộ, người, trường …), not {self.unit!r}",
                )
            )
        if self.kind is MeasureKind.BOOLEAN and self.unit:
            found.append(Problem(f"{path}/unit", "a boolean measure has no unit"))
        if self.kind is MeasureKind.LEVEL and self.unit not in ("", "sao"):
            found.append(Problem(f"{path}/unit", "a level's unit is empty or 'sao' (stars)"))
        if self.levels and self.kind is not MeasureKind.LEVEL:
            found.append(Problem(f"{path}/levels", "only a level measure has named levels"))
        if len(set(self.levels)) != len(self.levels):
            found.append(Problem(f"{path}/levels", "level names repeat"))
        return found

    @property
    def is_percent(self) -> bool:
        return is_percent(self.unit)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "unit": self.unit,
            "title": self.title.to_data(),
        }
        if self.levels:
            data["levels"] = list(self.levels)
        if self.note is not None:
            data["note"] = self.note.to_data()
        return data


@attrs.frozen(slots=True)
class Citation:
    """Where a set, criterion or indicator comes from: a document and a place in it."""

    document: str
    locator: str | None = None
    url: str | None = None
    note: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    def __str__(self) -> str:
        parts = [self.document]
        if self.locator:
            parts.append(self.locator)
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@attrs.frozen(slots=True)
class LegalBasis:
    """The decision that issued a set. ``number`` or ``date`` may be unknown: say so in ``note``."""

    issuer: str
    number: str | None = None
    date: str | None = None
    title: Text | None = attrs.field(default=None, converter=_text_or_none)
    note: str | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"issuer": self.issuer}
        for key in ("number", "date", "note"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.title is not None:
            data["title"] = self.title.to_data()
        return data

    def describe(self, lang: str = "vi") -> str:
        """One line for a report: issuer, number, date and title.

        ``"Ủy ban nhân dân tỉnh Đồng Tháp, 384/QĐ-UBND-HC, 2023-04-03: Quyết định …"``.
        Unknown parts are left out (the ``note`` says why).
        """
        head = ", ".join(x for x in (self.issuer, self.number, self.date) if x)
        return f"{head}: {self.title.get(lang)}" if self.title is not None else head


@attrs.frozen(slots=True)
class Validity:
    """The period a set is in force: from ``start`` to ``end`` (inclusive; open when None)."""

    start: dt.date
    end: dt.date | None = None

    @property
    def years(self) -> tuple[int, ...]:
        """The assessment years the period covers (empty when open-ended)."""
        if self.end is None:
            return ()
        return tuple(range(self.start.year, self.end.year + 1))

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def covers_year(self, year: int) -> bool:
        return self.start.year <= year and (self.end is None or year <= self.end.year)

    def describe(self) -> str:
        end = self.end.isoformat() if self.end else "…"
        return f"{self.start.isoformat()} – {end}"

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.start.isoformat()}
        if self.end is not None:
            data["to"] = self.end.isoformat()
        return data


@attrs.frozen(slots=True)
class IndicatorLineage:
    """Where an indicator's requirement comes from when sets extend one another.

    ``defined_in`` is the set whose file states the requirement; ``overrides`` the set whose
    requirement it replaced (None when inherited unchanged or newly added).
    """

    defined_in: str
    overrides: str | None = None

    def describe(self) -> Text:
        if self.overrides:
            return Text(
                f"ngưỡng của bộ {self.defined_in}, thay cho bộ {self.overrides}",
                f"threshold from {self.defined_in} overriding {self.overrides}",
            )
        return Text(f"ngưỡng của bộ {self.defined_in}", f"threshold from {self.defined_in}")


@attrs.frozen(slots=True)
class SetLineage:
    """What an extending set inherited and changed."""

    base: str
    base_hash: str | None = None
    overridden: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in attrs.asdict(self).items()}


@attrs.frozen(slots=True)
class Indicator:
    """A numbered item (``17.8``) that applies a requirement to a measure.

    ``applies_if`` lists context conditions; when one fails the indicator is "not applicable"
    (e.g. an indicator only for communes with a craft village). An indicator may instead hold a
    composition ``rule`` over villages or other sets (Hà Tĩnh criterion 20: a village quota),
    so that it counts among the criteria like the decision counts it; it then has no measure.
    """

    id: str
    title: Text = attrs.field(converter=_text)
    measure: str | None
    requirement: Requirement | None
    note: Text | None = attrs.field(default=None, converter=_text_or_none)
    citation: Citation | None = None
    agency: Text | None = attrs.field(default=None, converter=_text_or_none)
    applies_if: tuple[Condition, ...] = attrs.field(default=(), converter=_conditions)
    #: provenance across ``extends``; not part of the set's content (nor of equality)
    lineage: IndicatorLineage | None = attrs.field(default=None, eq=False)
    rule: Rule | None = None

    def describe(self) -> Text:
        """The requirement (or rule) as the decision states it."""
        if self.rule is not None:
            return self.rule.describe()
        assert self.requirement is not None
        return self.requirement.describe()

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "title": self.title.to_data()}
        if self.rule is not None:
            data["rule"] = self.rule.to_data()
        if self.measure is not None:
            data["measure"] = self.measure
        if self.requirement is not None:
            data["requirement"] = self.requirement.to_data()
        if self.applies_if:
            data["applies_if"] = [c.to_data() for c in self.applies_if]
        if self.agency is not None:
            data["agency"] = self.agency.to_data()
        if self.note is not None:
            data["note"] = self.note.to_data()
        if self.citation is not None:
            data["citation"] = self.citation.to_data()
        return data


@attrs.frozen(slots=True)
class CriterionRule:
    """How a criterion's indicators combine: ``all`` applicable ones, or ``at_least`` k."""

    kind: Literal["all", "at_least"] = "all"
    count: int | None = None

    def describe(self) -> Text:
        if self.kind == "all":
            return Text("đạt tất cả chỉ tiêu", "all indicators achieved")
        return Text(
            f"đạt ít nhất {self.count} chỉ tiêu", f"at least {self.count} indicators achieved"
        )

    def to_data(self) -> Any:
        return "all" if self.kind == "all" else {"at_least": self.count}


@attrs.frozen(slots=True)
class Criterion:
    """A numbered criterion (``17``) made of indicators and a rule."""

    id: str
    title: Text = attrs.field(converter=_text)
    indicators: tuple[Indicator, ...] = attrs.field(converter=_indicators)
    agency: Text | None = attrs.field(default=None, converter=_text_or_none)
    rule: CriterionRule = CriterionRule()
    note: Text | None = attrs.field(default=None, converter=_text_or_none)
    citation: Citation | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "title": self.title.to_data()}
        if self.agency is not None:
            data["agency"] = self.agency.to_data()
        if self.rule.kind != "all":
            data["rule"] = self.rule.to_data()
        if self.note is not None:
            data["note"] = self.note.to_data()
        if self.citation is not None:
            data["citation"] = self.citation.to_data()
        data["indicators"] = [indicator.to_data() for indicator in self.indicators]
        return data


@attrs.frozen(slots=True)
class Group:
    """A group of criteria (I. Quy hoạch, II. Hạ tầng kinh tế - xã hội …)."""

    id: str
    title: Text = attrs.field(converter=_text)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.to_data(),
            "criteria": [criterion.to_data() for criterion in self.criteria],
        }


@attrs.frozen(slots=True)
class SetShape:
    """How many criteria and indicators the legal text (or a report quoting it) says a set has.

    It lets a partly encoded set show what is missing, and a complete one prove it matches.
    """

    criteria: int
    indicators: int
    source: str | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"criteria": self.criteria, "indicators": self.indicators}
        if self.source:
            data["source"] = self.source
        return data


@attrs.frozen(slots=True)
class Provenance:
    """Which installed pack a set came from, so a verdict can be reproduced later."""

    pack: str
    distribution: str | None = None
    version: str | None = None
    content_hash: str | None = None
    source: str | None = None
    files_hash: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


def _measures_map(value: Mapping[str, Measure] | Sequence[Measure]) -> FrozenMap[str, Measure]:
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    return FrozenMap({measure.id: measure for measure in value})


@attrs.frozen(slots=True)
class CriteriaSet:
    """A versioned criteria set (bộ tiêu chí) with its provenance."""

    id: str
    title: Text = attrs.field(converter=_text)
    level: Level
    tier: str
    legal_basis: LegalBasis
    validity: Validity
    groups: tuple[Group, ...] = attrs.field(converter=_groups)
    measures: FrozenMap[str, Measure] = attrs.field(converter=_measures_map)
    province: str | None = None
    citations: tuple[Citation, ...] = attrs.field(default=(), converter=_citations)
    notes: tuple[Text, ...] = attrs.field(default=(), converter=_notes)
    provenance: Provenance | None = attrs.field(default=None, eq=False)
    lineage: SetLineage | None = attrs.field(default=None, eq=False)
    composition: tuple[SetCondition, ...] = attrs.field(default=(), converter=_set_conditions)
    shape: SetShape | None = None

    def __attrs_post_init__(self) -> None:
        if _DEFER_VALIDATION.get():
            return
        found = self.problems()
        if found:
            raise ModelError(found, subject=self.id)

    # --- validation ---------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every problem of the set, each at a JSON pointer into its plain-data form."""
        found: list[Problem] = []
        if not _SET_ID.match(self.id):
            found.append(
                Problem(
                    "/id",
                    f"set id {self.id!r} must be lower-case path parts such as "
                    "'hatinh/xa-ntm/2022-2025'",
                )
            )
        if self.level not in LEVELS:
            found.append(Problem("/level", f"expected commune or village, got {self.level!r}"))
        if not self.tier or not isinstance(self.tier, str):
            found.append(Problem("/tier", "expected a tier name such as 'ntm' or 'nang-cao'"))
        if self.validity.end is not None and self.validity.end < self.validity.start:
            found.append(Problem("/validity", "ends before it starts"))
        for key, measure in self.measures.items():
            if key != measure.id:
                found.append(
                    Problem(f"/measures/{key}", f"keyed {key!r} but its id is {measure.id!r}")
                )
        scope = Scope(self.measures, self.validity.years)
        group_ids: set[str] = set()
        criterion_ids: set[str] = set()
        indicator_ids: set[str] = set()
        for g_index, group in enumerate(self.groups):
            gpath = f"/groups/{g_index}"
            _check_id(group.id, f"{gpath}/id", "group", group_ids, found)
            if not group.criteria:
                found.append(Problem(f"{gpath}/criteria", f"group {group.id!r} has no criteria"))
            for c_index, criterion in enumerate(group.criteria):
                cpath = f"{gpath}/criteria/{c_index}"
                _check_id(criterion.id, f"{cpath}/id", "criterion", criterion_ids, found)
                if not criterion.indicators:
                    found.append(
                        Problem(
                            f"{cpath}/indicators", f"criterion {criterion.id!r} has no indicators"
                        )
                    )
                rule = criterion.rule
                if rule.kind == "at_least" and (
                    rule.count is None or not 1 <= rule.count <= len(criterion.indicators)
                ):
                    found.append(
                        Problem(
                            f"{cpath}/rule",
                            f"criterion {criterion.id!r}: at_least must be between 1 and "
                            f"{len(criterion.indicators)}, got {rule.count}",
                        )
                    )
                for i_index, indicator in enumerate(criterion.indicators):
                    ipath = f"{cpath}/indicators/{i_index}"
                    _check_id(indicator.id, f"{ipath}/id", "indicator", indicator_ids, found)
                    if indicator.rule is not None or indicator.requirement is None:
                        found.extend(_rule_indicator_problems(indicator, self, ipath))
                        continue
                    found_measure = self.measures.get(indicator.measure or "")
                    if found_measure is None:
                        known = ", ".join(sorted(self.measures)) or "none"
                        found.append(
                            Problem(
                                f"{ipath}/measure",
                                f"indicator {indicator.id}: unknown measure "
                                f"{indicator.measure!r} (the set defines: {known})",
                            )
                        )
                        continue
                    for problem in indicator.requirement.problems(
                        found_measure, scope, f"{ipath}/requirement"
                    ):
                        found.append(
                            attrs.evolve(
                                problem, message=f"indicator {indicator.id}: {problem.message}"
                            )
                        )
        if self.shape is not None and not self.not_encoded():
            actual = (self.criteria_count, self.indicator_count)
            if actual != (self.shape.criteria, self.shape.indicators):
                found.append(
                    Problem(
                        "/shape",
                        f"the set declares {self.shape.criteria} criteria and "
                        f"{self.shape.indicators} indicators but encodes {actual[0]} and "
                        f"{actual[1]}, with nothing marked not encoded",
                    )
                )
        if not self.groups and not self.composition:
            found.append(Problem("/groups", "a set needs criteria or composition conditions"))
        condition_ids: set[str] = set()
        for index, condition in enumerate(self.composition):
            cpath = f"/composition/{index}"
            if condition.id in condition_ids:
                found.append(Problem(f"{cpath}/id", f"duplicate condition id {condition.id!r}"))
            condition_ids.add(condition.id)
            found.extend(condition.rule.problems(self, f"{cpath}/rule"))
        return found

    def with_provenance(self, provenance: Provenance | None) -> CriteriaSet:
        """The same set carrying ``provenance`` (the content is unchanged, so not re-validated)."""
        token = _DEFER_VALIDATION.set(True)
        try:
            return attrs.evolve(self, provenance=provenance)
        finally:
            _DEFER_VALIDATION.reset(token)

    # --- navigation -----------------------------------------------------------------------------

    def criteria(self) -> Iterator[Criterion]:
        for group in self.groups:
            yield from group.criteria

    def indicators(self) -> Iterator[Indicator]:
        for criterion in self.criteria():
            yield from criterion.indicators

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria():
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"set {self.id!r} has no criterion {criterion_id!r}")

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators():
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(f"set {self.id!r} has no indicator {indicator_id!r}")

    def measure(self, measure_id: str) -> Measure:
        try:
            return self.measures[measure_id]
        except KeyError:
            raise KeyError(f"set {self.id!r} has no measure {measure_id!r}") from None

    def not_encoded(self) -> tuple[str, ...]:
        """Ids of the indicators and conditions whose threshold (or part of it) is not encoded."""
        from .composition import RuleNotEncoded
        from .requirements import NotEncoded

        found = []
        for indicator in self.indicators():
            parts: list[object] = []
            if indicator.requirement is not None:
                parts += list(indicator.requirement.walk())
            if indicator.rule is not None:
                parts += list(indicator.rule.walk())
            if any(isinstance(p, NotEncoded | RuleNotEncoded) for p in parts):
                found.append(indicator.id)
        for condition in self.composition:
            if any(isinstance(p, RuleNotEncoded) for p in condition.rule.walk()):
                found.append(condition.id)
        return tuple(found)

    def encoding_summary(self) -> Text:
        """``"57/60 chỉ tiêu đã mã hóa ngưỡng"``: what the pack encodes and what it does not."""
        missing = set(self.not_encoded())
        indicators = [i.id for i in self.indicators()]
        encoded = sum(1 for i in indicators if i not in missing)
        conditions = [c.id for c in self.composition]
        vi = f"{encoded}/{len(indicators)} chỉ tiêu đã mã hóa ngưỡng"
        en = f"{encoded} of {len(indicators)} indicators encoded"
        if conditions:
            done = sum(1 for c in conditions if c not in missing)
            vi += f", {done}/{len(conditions)} điều kiện"
            en += f", {done} of {len(conditions)} conditions"
        return Text(vi, en)

    @property
    def criteria_count(self) -> int:
        return sum(len(group.criteria) for group in self.groups)

    @property
    def indicator_count(self) -> int:
        return sum(1 for _ in self.indicators())

    # --- plain data -----------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The canonical plain-data form (what a YAML pack holds); provenance is not part of it."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title.to_data(),
            "level": self.level,
            "tier": self.tier,
        }
        if self.province is not None:
            data["province"] = self.province
        data["legal_basis"] = self.legal_basis.to_data()
        data["validity"] = self.validity.to_data()
        if self.citations:
            data["citations"] = [c.to_data() for c in self.citations]
        if self.notes:
            data["notes"] = [n.to_data() for n in self.notes]
        data["measures"] = {key: m.to_data() for key, m in self.measures.items()}
        data["groups"] = [g.to_data() for g in self.groups]
        if self.composition:
            data["composition"] = [c.to_data() for c in self.composition]
        if self.shape is not None:
            data["shape"] = self.shape.to_data()
        return data

    def content_hash(self) -> str:
        """``sha256:`` of the canonical data: two sets with the same content share it."""
        canonical = json.dumps(self.to_data(), sort_keys=True, ensure_ascii=False, default=str)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _rule_indicator_problems(
    indicator: Indicator, criteria_set: CriteriaSet, path: str
) -> list[Problem]:
    if indicator.rule is None:
        return [
            Problem(path, f"indicator {indicator.id}: give a measure and a requirement, or a rule")
        ]
    found = []
    if indicator.measure is not None or indicator.requirement is not None:
        found.append(
            Problem(
                path, f"indicator {indicator.id}: a rule indicator has no measure or requirement"
            )
        )
    if any(isinstance(rule, OneOfGroups) for rule in indicator.rule.walk()):
        found.append(
            Problem(
                f"{path}/rule",
                f"indicator {indicator.id}: one_of_groups decides "
                "how criteria count; use it as a set condition (composition)",
            )
        )
    found += indicator.rule.problems(criteria_set, f"{path}/rule")
    return found


def _check_id(value: str, path: str, what: str, seen: set[str], found: list[Problem]) -> None:
    if not isinstance(value, str) or not _PART_ID.match(value):
        found.append(Problem(path, f"{what} id {value!r} must be ASCII letters, digits, '.', '-'"))
    if value in seen:
        found.append(Problem(path, f"duplicate {what} id {value!r}"))
    seen.add(value)


# --- from plain data -------------------------------------------------------------------


class _Reader:
    """Reads plain data, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(
        self, data: object, path: str, required: set[str], optional: set[str]
    ) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            self.fail(path, f"expected a mapping, got {type(data).__name__}")
            return {}
        for key in sorted(required - set(data)):
            self.fail(f"{path}/{key}", "missing")
        unknown = set(data) - required - optional
        if unknown:
            self.fail(
                path,
                f"unknown key(s) {sorted(map(str, unknown))}; expected "
                f"{', '.join(sorted(required | optional))}",
            )
        return data

    def text(self, data: object, path: str) -> Text | None:
        if data is None:
            return None
        try:
            return Text.coerce(data)  # type: ignore[arg-type]
        except ValueError as exc:
            self.fail(path, str(exc))
            return None

    def string(self, data: object, path: str, optional: bool = False) -> str | None:
        if data is None and optional:
            return None
        if isinstance(data, int | float) and not isinstance(data, bool):
            return str(data)
        if not isinstance(data, str) or not data.strip():
            self.fail(path, f"expected a non-empty string, got {data!r}")
            return None
        return data

    def requirement(self, data: object, path: str) -> Requirement | None:
        try:
            return requirement_from_data(data, path)
        except ModelError as exc:
            self.problems.extend(exc.problems)
            return None

    def citation(self, data: object, path: str) -> Citation | None:
        if data is None:
            return None
        if isinstance(data, str):
            return Citation(data)
        body = self.mapping(data, path, {"document"}, {"locator", "url", "note"})
        document = self.string(body.get("document"), f"{path}/document")
        if document is None:
            return None
        return Citation(
            document,
            self.string(body.get("locator"), f"{path}/locator", optional=True),
            self.string(body.get("url"), f"{path}/url", optional=True),
            self.string(body.get("note"), f"{path}/note", optional=True),
        )

    def date(self, data: object, path: str, end: bool) -> dt.date | None:
        if isinstance(data, dt.date):
            return data
        if isinstance(data, int) and not isinstance(data, bool) and 1900 < data < 2200:
            return dt.date(data, 12, 31) if end else dt.date(data, 1, 1)
        if isinstance(data, str):
            try:
                return dt.date.fromisoformat(data)
            except ValueError:
                pass
            if data.isdigit():
                return self.date(int(data), path, end)
        self.fail(path, f"expected a year (2022) or a date (2022-12-31), got {data!r}")
        return None


def criteria_set_from_data(
    data: object,
    provenance: Provenance | None = None,
    *,
    lineage: SetLineage | None = None,
    indicator_lineage: Mapping[str, IndicatorLineage] | None = None,
) -> CriteriaSet:
    """Build a :class:`CriteriaSet` from plain data, reporting every problem with its path."""
    r = _Reader()
    top = r.mapping(
        data,
        "",
        {"id", "title", "level", "tier", "legal_basis", "validity", "measures", "groups"},
        {"province", "citations", "notes", "composition", "shape"},
    )
    set_id = r.string(top.get("id"), "/id") or "?"

    basis_data = r.mapping(
        top.get("legal_basis", {}), "/legal_basis", {"issuer"}, {"number", "date", "title", "note"}
    )
    issuer = (
        r.string(basis_data.get("issuer"), "/legal_basis/issuer")
        if "issuer" in basis_data
        else None
    )
    basis_date = basis_data.get("date")
    legal_basis = LegalBasis(
        issuer or "?",
        r.string(basis_data.get("number"), "/legal_basis/number", optional=True),
        None if basis_date is None else str(basis_date),
        r.text(basis_data.get("title"), "/legal_basis/title"),
        r.string(basis_data.get("note"), "/legal_basis/note", optional=True),
    )

    validity_data = r.mapping(top.get("validity", {}), "/validity", {"from"}, {"to"})
    start = (
        r.date(validity_data.get("from"), "/validity/from", end=False)
        if "from" in validity_data
        else None
    )
    stop = (
        r.date(validity_data.get("to"), "/validity/to", end=True)
        if validity_data.get("to") is not None
        else None
    )
    validity = Validity(start or dt.date(1900, 1, 1), stop)

    measures: dict[str, Measure] = {}
    raw_measures = top.get("measures", {})
    if not isinstance(raw_measures, Mapping):
        r.fail("/measures", "expected a mapping measure id → {kind, unit, title}")
        raw_measures = {}
    for key, raw in raw_measures.items():
        path = f"/measures/{key}"
        body = r.mapping(raw, path, {"kind", "title"}, {"unit", "levels", "note"})
        kind = body.get("kind")
        if kind not in {k.value for k in MeasureKind}:
            r.fail(
                f"{path}/kind",
                f"expected one of {', '.join(k.value for k in MeasureKind)}, got {kind!r}",
            )
            continue
        title = r.text(body.get("title"), f"{path}/title")
        unit = body.get("unit", "")
        if not isinstance(unit, str):
            r.fail(f"{path}/unit", f"expected a unit string, got {unit!r}")
            continue
        levels = body.get("levels", [])
        if not isinstance(levels, list) or not all(isinstance(x, str) for x in levels):
            r.fail(f"{path}/levels", "expected a list of level names, lowest first")
            continue
        if title is None:
            continue
        try:
            measures[str(key)] = Measure(
                str(key), kind, unit, title, tuple(levels), r.text(body.get("note"), f"{path}/note")
            )
        except ModelError as exc:
            r.problems.extend(exc.problems)

    groups: list[Group] = []
    raw_groups = top.get("groups", [])
    if not isinstance(raw_groups, list):
        r.fail("/groups", "expected a list of groups")
        raw_groups = []
    for g_index, raw_group in enumerate(raw_groups):
        gpath = f"/groups/{g_index}"
        gbody = r.mapping(raw_group, gpath, {"id", "title", "criteria"}, set())
        criteria: list[Criterion] = []
        raw_criteria = gbody.get("criteria", [])
        if not isinstance(raw_criteria, list):
            r.fail(f"{gpath}/criteria", "expected a list of criteria")
            raw_criteria = []
        for c_index, raw_criterion in enumerate(raw_criteria):
            criterion = _criterion_from(
                r, raw_criterion, f"{gpath}/criteria/{c_index}", indicator_lineage or {}
            )
            if criterion is not None:
                criteria.append(criterion)
        group_id = r.string(gbody.get("id"), f"{gpath}/id")
        group_title = r.text(gbody.get("title"), f"{gpath}/title")
        if group_id is not None and group_title is not None:
            groups.append(Group(group_id, group_title, tuple(criteria)))

    citations = []
    raw_citations = top.get("citations", [])
    if not isinstance(raw_citations, list):
        r.fail("/citations", "expected a list of citations")
        raw_citations = []
    for index, raw in enumerate(raw_citations):
        citation = r.citation(raw, f"/citations/{index}")
        if citation is not None:
            citations.append(citation)
    notes = []
    raw_notes = top.get("notes", [])
    if not isinstance(raw_notes, list):
        r.fail("/notes", "expected a list of {vi, en} notes")
        raw_notes = []
    for index, raw in enumerate(raw_notes):
        note = r.text(raw, f"/notes/{index}")
        if note is not None:
            notes.append(note)
    composition: list[SetCondition] = []
    raw_composition = top.get("composition", [])
    if not isinstance(raw_composition, list):
        r.fail("/composition", "expected a list of conditions {id, title, rule}")
        raw_composition = []
    for index, raw in enumerate(raw_composition):
        try:
            composition.append(set_condition_from_data(raw, f"/composition/{index}"))
        except ModelError as exc:
            r.problems.extend(exc.problems)
    shape = None
    raw_shape = top.get("shape")
    if raw_shape is not None:
        body = r.mapping(raw_shape, "/shape", {"criteria", "indicators"}, {"source"})
        criteria_n, indicators_n = body.get("criteria"), body.get("indicators")
        if (
            isinstance(criteria_n, int)
            and isinstance(indicators_n, int)
            and not isinstance(criteria_n, bool)
            and not isinstance(indicators_n, bool)
            and min(criteria_n, indicators_n) >= 0
        ):
            source = r.string(body.get("source"), "/shape/source", optional=True)
            shape = SetShape(criteria_n, indicators_n, source)
        elif body:
            r.fail("/shape", "expected whole numbers of criteria and indicators")
    title = r.text(top.get("title"), "/title")
    level: Level = "commune"
    raw_level = top.get("level")
    if raw_level == "village":
        level = "village"
    elif raw_level != "commune" and "level" in top:
        r.fail("/level", f"expected commune or village, got {raw_level!r}")
    tier = r.string(top.get("tier"), "/tier")
    province = r.string(top.get("province"), "/province", optional=True)
    if r.problems:
        # Also report what the parts that could be read get wrong (unknown measures, units …).
        token = _DEFER_VALIDATION.set(True)
        try:
            partial = CriteriaSet(
                set_id,
                title or Text.same("?"),
                level,
                tier or "?",
                legal_basis,
                validity,
                tuple(groups),
                measures,
                province,
                tuple(citations),
                tuple(notes),
                provenance,
                None,
                tuple(composition),
            )
            more = [p for p in partial.problems() if p.path not in ("/id", "/tier")]
        finally:
            _DEFER_VALIDATION.reset(token)
        seen = {(p.path, p.message) for p in r.problems}
        extra = [p for p in more if (p.path, p.message) not in seen]
        raise ModelError([*r.problems, *extra], subject=set_id)
    assert title is not None and tier is not None
    return CriteriaSet(
        set_id,
        title,
        level,
        tier,
        legal_basis,
        validity,
        tuple(groups),
        measures,
        province,
        tuple(citations),
        tuple(notes),
        provenance,
        lineage,
        tuple(composition),
        shape,
    )


def _criterion_from(
    r: _Reader, raw: object, cpath: str, lineages: Mapping[str, IndicatorLineage]
) -> Criterion | None:
    body = r.mapping(
        raw,
        cpath,
        {"id", "title", "indicators"},
        {"agency", "rule", "note", "citation"},
    )
    criterion_id = r.string(body.get("id"), f"{cpath}/id")
    indicators: list[Indicator] = []
    raw_indicators = body.get("indicators", [])
    if not isinstance(raw_indicators, list):
        r.fail(f"{cpath}/indicators", "expected a list of indicators")
        raw_indicators = []
    for index, raw_indicator in enumerate(raw_indicators):
        ibody = r.mapping(
            raw_indicator,
            f"{cpath}/indicators/{index}",
            {"id", "title"},
            {"note", "citation", "agency", "applies_if", "measure", "requirement", "rule"},
        )
        indicator_id = r.string(ibody.get("id"), f"{cpath}/indicators/{index}/id")
        ipath = f"{cpath}/indicators/{index}"
        requirement: Requirement | None = None
        measure: str | None = None
        indicator_rule: Rule | None = None
        if "rule" in ibody:
            for key in ("measure", "requirement"):
                if key in ibody:
                    r.fail(f"{ipath}/{key}", "a rule indicator has no measure or requirement")
            try:
                indicator_rule = rule_from_data(ibody["rule"], f"{ipath}/rule")
            except ModelError as exc:
                r.problems.extend(exc.problems)
        else:
            for key in ("measure", "requirement"):
                if key not in ibody:
                    r.fail(f"{ipath}/{key}", "missing (or give a rule instead)")
            if "requirement" in ibody:
                requirement = r.requirement(ibody.get("requirement"), f"{ipath}/requirement")
            if "measure" in ibody:
                measure = r.string(ibody.get("measure"), f"{ipath}/measure")
        conditions: list[Condition] = []
        raw_conditions = ibody.get("applies_if", [])
        if isinstance(raw_conditions, Mapping):
            raw_conditions = [raw_conditions]
        if not isinstance(raw_conditions, list):
            r.fail(f"{ipath}/applies_if", "expected a condition or a list of conditions")
            raw_conditions = []
        for c_index, raw_condition in enumerate(raw_conditions):
            try:
                conditions.append(
                    condition_from_data(raw_condition, f"{ipath}/applies_if/{c_index}")
                )
            except ModelError as exc:
                r.problems.extend(exc.problems)
        title = r.text(ibody.get("title"), f"{ipath}/title")
        if indicator_id is None or title is None:
            continue
        if indicator_rule is None and (measure is None or requirement is None):
            continue
        indicators.append(
            Indicator(
                indicator_id,
                title,
                measure,
                requirement,
                r.text(ibody.get("note"), f"{ipath}/note"),
                r.citation(ibody.get("citation"), f"{ipath}/citation"),
                r.text(ibody.get("agency"), f"{ipath}/agency"),
                tuple(conditions),
                lineages.get(indicator_id),
                indicator_rule,
            )
        )
    rule = CriterionRule()
    raw_rule = body.get("rule", "all")
    if isinstance(raw_rule, Mapping) and set(raw_rule) == {"at_least"}:
        count = raw_rule["at_least"]
        if isinstance(count, bool) or not isinstance(count, int):
            r.fail(f"{cpath}/rule/at_least", f"expected a whole number, got {count!r}")
        else:
            rule = CriterionRule("at_least", count)
    elif raw_rule != "all":
        r.fail(f"{cpath}/rule", f"expected 'all' or {{at_least: k}}, got {raw_rule!r}")
    title = r.text(body.get("title"), f"{cpath}/title")
    if criterion_id is None or title is None:
        return None
    return Criterion(
        criterion_id,
        title,
        tuple(indicators),
        r.text(body.get("agency"), f"{cpath}/agency"),
        rule,
        r.text(body.get("note"), f"{cpath}/note"),
        r.citation(body.get("citation"), f"{cpath}/citation"),
    )
