"""The threshold algebra: requirements as plain data, checked exactly, explained in two languages.

A requirement is an immutable value. It can

* ``check`` the observed value of a measure in an assessment context and return an
  :class:`Outcome` (status, the requirement as it applied, the observed value, the gap and an
  explanation in Vietnamese and English);
* ``describe`` itself without a context (``"≥ 80 %"``, ``"Đạt"``, ``"Không"``);
* list the ``problems`` it has against the measure it is applied to (wrong kind, incompatible
  unit, a by-year table that misses a year of the set);
* turn into plain data (``to_data``) and back (:func:`requirement_from_data`), with no ``eval``.

Each kind is one class — decision, explanation and reader (``from_data``) — registered in
:data:`REQUIREMENT_KINDS`; the pack JSON Schema (``req_<kind>``) and ``docs/requirements.md`` list
the same kinds (a test checks it). Modules: ``base`` (context, outcome, the base class),
``compare`` (``≥ 80 %``), ``leaves`` (achieved, none, minimum level, not encoded), ``conditions``
(tests on context facts), ``selectors`` (by year, by region, by context case), ``relative`` (a
threshold scaled from another set), ``combinations`` (all of, any of, for another measure),
``by_sex`` (for men and women alike), ``commune_group`` (by commune group, 2026–2030).
"""

from __future__ import annotations

from collections.abc import Mapping

from ...core.errors import ModelError, Problem
from ...core.units import NumberStyle
from .base import (
    Context,
    FactValue,
    Op,
    Outcome,
    Reader,
    Requirement,
    Scope,
)
from .by_sex import ForEachSex
from .combinations import AllOf, AnyOf, ForMeasure
from .commune_group import ByCommuneGroup
from .compare import Compare
from .conditions import Condition, condition_from_data
from .leaves import (
    ACHIEVED_WORDS,
    NONE_WORDS,
    Absent,
    Achieved,
    MinimumLevel,
    NotApplicable,
    NotEncoded,
)
from .relative import Relative
from .selectors import ByContext, ByRegion, ByYear, Case

__all__ = [
    "REQUIREMENT_KINDS",
    "Absent",
    "Achieved",
    "AllOf",
    "AnyOf",
    "ByCommuneGroup",
    "ByContext",
    "ByRegion",
    "ByYear",
    "Case",
    "Compare",
    "Condition",
    "Context",
    "FactValue",
    "ForEachSex",
    "ForMeasure",
    "MinimumLevel",
    "NotApplicable",
    "NotEncoded",
    "Op",
    "Outcome",
    "Reader",
    "Relative",
    "Requirement",
    "Scope",
    "condition_from_data",
    "requirement_from_data",
]

#: every requirement kind, by name, in the order a mapping's keys are tried
REQUIREMENT_KINDS: dict[str, type[Requirement]] = {
    kind.kind: kind
    for kind in (
        Compare,
        Achieved,
        Absent,
        MinimumLevel,
        ByYear,
        ByRegion,
        ByCommuneGroup,
        ByContext,
        Relative,
        AllOf,
        AnyOf,
        ForMeasure,
        NotEncoded,
        NotApplicable,
        ForEachSex,
    )
}


def _nested(data: object, path: str) -> Requirement:
    return requirement_from_data(data, path)


def requirement_from_data(
    data: object, path: str = "", number_style: NumberStyle = "auto"
) -> Requirement:
    """Build a requirement from plain data, reporting every problem with its path.

    Forms: ``">= 80 %"``, ``"Đạt"``, ``"Không"``; ``{op, value, unit}``; ``{achieved: true}``;
    ``{none: true}``; ``{min_level, unit?}``; ``{by_year: {2021: …}}``;
    ``{by_region: {…}, otherwise?}``; ``{cases: [{when: [{fact, op, value}], then, title?}],
    otherwise?}``; ``{relative: {set, factor, op?, measure?}}``; ``{all_of: […]}``;
    ``{any_of: […]}``; ``{for_measure: {measure, requirement, title?}}``;
    ``{not_encoded: {note, missing_source?}}``.

    >>> import ntmcriteria as ntm
    >>> ntm.requirement_from_data(
    ...     {"op": ">=", "value": 45, "unit": "triệu đồng/người/năm"}).describe(
    ... ).vi
    '≥ 45 triệu đồng/người/năm'
    """
    if isinstance(data, str):
        word = data.strip().lower()
        if word in ACHIEVED_WORDS:
            return Achieved()
        if word in NONE_WORDS:
            return Absent()
        return Compare.from_text(data, path, number_style)
    if not isinstance(data, Mapping):
        raise ModelError(
            [Problem(path, f"expected a requirement (a mapping or a string), got {data!r}")]
        )
    keys = set(data)
    for kind in REQUIREMENT_KINDS.values():
        if keys & set(kind.data_keys):
            return kind.from_data(data, path, _nested, number_style)
    expected = ", ".join("/".join(kind.data_keys) for kind in REQUIREMENT_KINDS.values())
    raise ModelError(
        [
            Problem(
                path,
                f"unknown requirement with key(s) {sorted(map(str, keys))}: expected {expected}"
                + (
                    " (YAML reads unquoted on/off/yes/no as true/false: quote the key)"
                    if any(isinstance(key, bool) for key in keys)
                    else ""
                ),
            )
        ]
    )
