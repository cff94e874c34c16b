"""Reading a criteria set from plain data (what a YAML pack holds): every problem at once, each
at its JSON pointer; the reverse of :meth:`CriteriaSet.to_data`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..core.errors import ModelError, Problem
from ..core.text import Text
from ..core.values import MeasureKind
from .composition import Rule, SetCondition, rule_from_data, set_condition_from_data
from .model import (
    _DEFER_VALIDATION,
    Citation,
    CriteriaSet,
    Criterion,
    CriterionRule,
    Group,
    Indicator,
    IndicatorLineage,
    LegalBasis,
    Level,
    Measure,
    Provenance,
    SetLineage,
    SetShape,
    Validity,
)
from .requirements import (
    Condition,
    Requirement,
    condition_from_data,
    requirement_from_data,
)

__all__ = ["criteria_set_from_data"]


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
    """Build a :class:`CriteriaSet` from plain data, reporting every problem with its path.

    >>> import ntmcriteria as ntm
    >>> data = ntm.registry().get("example/xa-ntm-trich/2022-2025").to_data()
    >>> ntm.criteria_set_from_data(data).id
    'example/xa-ntm-trich/2022-2025'
    """
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
        body = r.mapping(raw, path, {"kind", "title"}, {"unit", "levels", "note", "fact"})
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
        fact = body.get("fact")
        if fact is not None and (not isinstance(fact, str) or not fact.strip()):
            r.fail(f"{path}/fact", f"expected the name of a fact, got {fact!r}")
            continue
        if title is None:
            continue
        try:
            measures[str(key)] = Measure(
                str(key),
                kind,
                unit,
                title,
                tuple(levels),
                r.text(body.get("note"), f"{path}/note"),
                fact,
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
    if raw_level in ("village", "province"):
        level = raw_level
    elif raw_level != "commune" and "level" in top:
        r.fail("/level", f"expected commune, village or province, got {raw_level!r}")
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
