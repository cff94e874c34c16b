"""Threshold scenarios (what OpenFisca calls reforms): a set derived from another with some
requirements changed.

``criteria_set.with_requirements({"17.8": "≥ 90 %"})`` is a new, validated
:class:`~ntmcriteria.CriteriaSet` with its own id (``<id>/reform-<8 hex>`` unless one is given)
and content hash; its provenance names the set it is derived from and the changes, so results
record which thresholds they were decided by. It evaluates on both paths like any set.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..core.errors import ModelError, Problem
from ..core.text import Text
from .metadata import Provenance
from .requirements import Requirement, requirement_from_data

if TYPE_CHECKING:
    from .model import CriteriaSet

__all__ = ["with_requirements"]


def _requirement(value: Any, path: str) -> Requirement:
    if isinstance(value, Requirement):
        return value
    return requirement_from_data(value, path)


def with_requirements(
    criteria_set: CriteriaSet,
    changes: Mapping[str, Requirement | str | Mapping[str, Any]],
    id: str | None = None,
    title: Text | Mapping[str, str] | str | None = None,
) -> CriteriaSet:
    """``criteria_set`` with the requirement of each indicator in ``changes`` replaced: a
    :class:`Requirement`, or what a pack file writes (``"≥ 90 %"``, ``{op, value, unit}``,
    ``{by_year: …}``). Raises :class:`ModelError` naming an unknown indicator (with the closest
    ones) or a requirement that does not fit its measure."""
    if not changes:
        raise ModelError([Problem("", "no requirement to change")], subject=criteria_set.id)
    known = {i.id for i in criteria_set.indicators()}
    problems: list[Problem] = []
    replaced: dict[str, Requirement] = {}
    for indicator_id, value in changes.items():
        path = f"/requirements/{indicator_id}"
        if indicator_id not in known:
            close = difflib.get_close_matches(indicator_id, sorted(known), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            problems.append(Problem(path, f"the set has no indicator {indicator_id!r}{hint}"))
            continue
        try:
            replaced[indicator_id] = _requirement(value, path)
        except ModelError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ModelError(problems, subject=criteria_set.id)
    for indicator in criteria_set.indicators():
        if indicator.id in replaced and indicator.rule is not None:
            problems.append(
                Problem(
                    f"/requirements/{indicator.id}",
                    "this indicator is a rule over villages or sets, not a requirement",
                )
            )
    if problems:
        raise ModelError(problems, subject=criteria_set.id)
    described = {k: r.describe().vi for k, r in sorted(replaced.items())}
    digest = hashlib.sha256(
        json.dumps(
            {"set": criteria_set.id, "changes": {k: r.to_data() for k, r in replaced.items()}},
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        ).encode("utf-8")
    ).hexdigest()[:8]
    groups = tuple(
        attrs.evolve(
            group,
            criteria=tuple(
                attrs.evolve(
                    criterion,
                    indicators=tuple(
                        attrs.evolve(indicator, requirement=replaced[indicator.id])
                        if indicator.id in replaced
                        else indicator
                        for indicator in criterion.indicators
                    ),
                )
                for criterion in group.criteria
            ),
        )
        for group in criteria_set.groups
    )
    listed = "; ".join(f"{k}: {v}" for k, v in described.items())
    source = criteria_set.provenance
    provenance = Provenance(
        pack=source.pack if source is not None else "local",
        distribution=source.distribution if source is not None else None,
        version=source.version if source is not None else None,
        source=f"derived from {criteria_set.id}: {listed}",
    )
    new_title = (
        Text.coerce(title)
        if title is not None
        else criteria_set.title.map(
            "{} (kịch bản: " + listed + ")", "{} (scenario: " + listed + ")"
        )
    )
    return attrs.evolve(
        criteria_set,
        id=id or f"{criteria_set.id}/reform-{digest}",
        title=new_title,
        groups=groups,
        provenance=provenance,
    )
