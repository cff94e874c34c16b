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
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from ..core.errors import ModelError, Problem
from ..core.text import FrozenMap, Text
from .composition import Rule, SetCondition
from .measure import Measure
from .metadata import (
    Citation,
    IndicatorLineage,
    LegalBasis,
    Provenance,
    SetLineage,
    SetShape,
    Validity,
    _text,
    _text_or_none,
)
from .requirements import (
    Condition,
    Requirement,
)
from .validation import set_problems

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
]

#: Set while :func:`criteria_set_from_data` builds a partial set to find its other problems.
_DEFER_VALIDATION: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ntmcriteria_defer_validation", default=False
)

Level = Literal["commune", "village", "province"]


# One converter per element type: mypy's attrs plugin does not accept a generic converter
# (``def _tuple(value: Iterable[T]) -> tuple[T, ...]``) nor ``tuple`` itself.
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


@attrs.frozen(slots=True)
class Indicator:
    """A numbered item (``17.8``) that applies a requirement to a measure.

    ``applies_if`` lists context conditions; when one fails the indicator is "not applicable"
    (e.g. an indicator only for communes with a craft village). An indicator may instead hold a
    composition ``rule`` over villages or other sets (Hà Tĩnh criterion 20: a village quota),
    so that it counts among the criteria like the decision counts it; it then has no measure.

    >>> import ntmcriteria as ntm
    >>> indicator = ntm.registry().get("hatinh/xa-ntm/2022-2025").indicator("17.8")
    >>> indicator.measure, indicator.describe().en
    ('households_hygienic_facilities_rate', '≥ 85 %')
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
    """How a criterion's indicators combine: ``all`` applicable ones, or ``at_least`` k.

    >>> import ntmcriteria as ntm
    >>> ntm.registry().get("hatinh/xa-ntm/2022-2025").criterion("17").rule.kind
    'all'
    """

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
    """A numbered criterion (``17``) made of indicators and a rule.

    >>> import ntmcriteria as ntm
    >>> criterion = ntm.registry().get("hatinh/xa-ntm/2022-2025").criterion("10")
    >>> criterion.title.vi, [i.id for i in criterion.indicators]
    ('Thu nhập', ['10'])
    """

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
    """A group of criteria (I. Quy hoạch, II. Hạ tầng kinh tế - xã hội …).

    >>> import ntmcriteria as ntm
    >>> [g.id for g in ntm.registry().get("hatinh/xa-ntm/2022-2025").groups]
    ['I', 'II', 'III', 'IV', 'V', 'VI']
    """

    id: str
    title: Text = attrs.field(converter=_text)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.to_data(),
            "criteria": [criterion.to_data() for criterion in self.criteria],
        }


def _measures_map(value: Mapping[str, Measure] | Sequence[Measure]) -> FrozenMap[str, Measure]:
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    return FrozenMap({measure.id: measure for measure in value})


@attrs.frozen(slots=True, repr=False)
class CriteriaSet:
    """A versioned criteria set (bộ tiêu chí) with its provenance.

    >>> import ntmcriteria as ntm
    >>> hatinh = ntm.registry().get("hatinh/xa-ntm/2022-2025")
    >>> hatinh.criteria_count, hatinh.indicator_count
    (20, 60)
    >>> hatinh.indicator("17.8").requirement.describe().vi
    '≥ 85 %'
    """

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

    def __repr__(self) -> str:
        pack = ""
        if self.provenance is not None:
            pack = f", pack {self.provenance.pack} {self.provenance.version or ''}".rstrip()
        return (
            f"<CriteriaSet {self.id}: {self.criteria_count} criteria, "
            f"{self.indicator_count} indicators{pack}>"
        )

    def _repr_html_(self) -> str:
        """The set in a notebook: title, id, legal basis, a collapsible list per group."""
        from html import escape

        parts = [
            f"<b>{escape(self.title.vi)}</b> <code>{escape(self.id)}</code><br>",
            f"<i>{escape(self.title.en)}</i><br>",
            f"{escape(self.legal_basis.describe('vi'))}<br>",
            f"{self.criteria_count} tiêu chí, {self.indicator_count} chỉ tiêu",
        ]
        for group in self.groups:
            items = "".join(
                f"<li>{escape(c.id)}. {escape(c.title.vi)} ({len(c.indicators)})</li>"
                for c in group.criteria
            )
            parts.append(
                f"<details><summary>{escape(group.id)}. {escape(group.title.vi)}</summary>"
                f"<ul>{items}</ul></details>"
            )
        return "".join(parts)

    def with_requirements(
        self,
        changes: Mapping[str, Any],
        id: str | None = None,
        title: Text | Mapping[str, str] | str | None = None,
    ) -> CriteriaSet:
        """A set derived from this one with some indicators' requirements changed (a threshold
        scenario): ``with_requirements({"17.8": "≥ 90 %"})``; see
        :func:`ntmcriteria.criteria.reforms.with_requirements`."""
        from .reforms import with_requirements

        return with_requirements(self, changes, id, title)

    # --- validation ---------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Every problem of the set, each at a JSON pointer into its plain-data form."""
        return set_problems(self)

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

    def encoding_summary(self, lookup: Callable[[str], CriteriaSet | None] | None = None) -> Text:
        """``"57/60 chỉ tiêu đã mã hóa ngưỡng"``: what the pack encodes and what it does not.

        With ``lookup`` (a registry's ``find``), also how many can be *decided*: an indicator
        whose threshold is encoded but that depends on a set not installed or not fully
        decidable (Hà Tĩnh's criterion 20 on the model residential-area set) is not.
        """
        missing = set(self.not_encoded())
        indicators = [i.id for i in self.indicators()]
        encoded = sum(1 for i in indicators if i not in missing)
        conditions = [c.id for c in self.composition]
        vi = f"{encoded}/{len(indicators)} chỉ tiêu đã mã hóa ngưỡng"
        en = f"{encoded} of {len(indicators)} indicators encoded"
        if lookup is not None:
            from .composition import undecidable

            blocked = undecidable(self, lookup)
            decided = sum(1 for i in indicators if i not in blocked)
            vi += f", {decided}/{len(indicators)} quyết định được"
            en += f", {decided} decidable"
            waiting = sorted({s for ids in blocked.values() for s in ids})
            if waiting:
                vi += f" (còn chờ bộ {', '.join(waiting)})"
                en += f" (waiting on {', '.join(waiting)})"
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
