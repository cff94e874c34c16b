"""Resolving set documents: ``extends`` across files and packs (``overrides``, ``add``, ``remove``),
cycles refused, every problem reported in the file that holds it, lineage recorded."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    pass
from ..core.errors import ModelError, Problem
from ..criteria.model import (
    CriteriaSet,
    IndicatorLineage,
    Provenance,
    SetLineage,
)
from ..criteria.reading import criteria_set_from_data
from .loader import SetDocument, _unique
from .schema import _escape

__all__ = ["Lookup", "resolve_documents"]


Lookup = Callable[[str], CriteriaSet | None]


def _no_lookup(_set_id: str) -> CriteriaSet | None:
    return None


def resolve_documents(
    documents: Sequence[SetDocument],
    lookup: Lookup = _no_lookup,
    provenance: Callable[[SetDocument], Provenance | None] | None = None,
    *,
    unique_ids: bool = True,
) -> dict[str, CriteriaSet | ModelError]:
    """Resolve documents into sets, following ``extends`` among them and through ``lookup``.

    Returns, per document file, the set or the :class:`ModelError` listing every problem of that
    file. A document whose base failed fails too, naming the base. With ``unique_ids`` a second
    file defining an id already defined is an error; the registry turns that check off and
    reports duplicates itself, naming both packs.
    """
    by_id: dict[str, SetDocument] = {}
    for document in documents:
        if document.id is not None and document.id not in by_id:
            by_id[document.id] = document
    results: dict[str, CriteriaSet | ModelError] = {}

    def _cycle(document: SetDocument) -> str | None:
        """``a → b → a`` when following ``extends`` from ``document`` comes back to it."""
        chain = [document.id or "?"]
        current = document
        while current.extends is not None and current.extends in by_id:
            if current.extends == chain[0]:
                return " → ".join([*chain, chain[0]])
            if current.extends in chain:
                return None  # a cycle further up: its members report it
            chain.append(current.extends)
            current = by_id[current.extends]
        return None

    def resolve(document: SetDocument, stack: tuple[str, ...]) -> CriteriaSet | ModelError:
        if document.file in results:
            return results[document.file]
        base: CriteriaSet | None = None
        problems = list(document.problems)
        target = document.extends
        if target is not None and not problems:
            chain = (*stack, document.id or "?")
            cycle = _cycle(document)
            if cycle is not None:
                problems.append(document.locate(Problem("/extends", f"extends cycle: {cycle}")))
            elif target in by_id:
                outcome = resolve(by_id[target], chain)
                if isinstance(outcome, ModelError):
                    problems.append(
                        document.locate(
                            Problem(
                                "/extends",
                                f"the base set {target!r} ({by_id[target].file}) is invalid",
                            )
                        )
                    )
                else:
                    base = outcome
            else:
                base = lookup(target)
                if base is None:
                    ids = sorted(by_id)
                    known = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "") or "none"
                    problems.append(
                        document.locate(
                            Problem(
                                "/extends",
                                f"extends {target!r}, which is neither installed nor among "
                                f"the sets loaded with it ({known})",
                            )
                        )
                    )
        if problems:
            result: CriteriaSet | ModelError = ModelError(problems, subject=document.id)
        else:
            result = _build(document, base, provenance(document) if provenance else None)
        results[document.file] = result
        return result

    for document in documents:
        resolve(document, ())
    if not unique_ids:
        return results
    seen: dict[str, str] = {}
    for document in documents:
        if document.id is None or isinstance(results[document.file], ModelError):
            continue
        if document.id in seen:
            results[document.file] = ModelError(
                [
                    document.locate(
                        Problem(
                            "/id", f"set id {document.id!r} is also defined in {seen[document.id]}"
                        )
                    )
                ],
                subject=document.id,
            )
        else:
            seen[document.id] = document.file
    return results


def _build(
    document: SetDocument, base: CriteriaSet | None, provenance: Provenance | None
) -> CriteriaSet | ModelError:
    origin: dict[str, str] = {}
    lineage: SetLineage | None = None
    lineages: dict[str, IndicatorLineage] | None = None
    problems: list[Problem] = []
    if base is None:
        data = document.data
    else:
        data, origin, lineage, lineages, problems = _merge(document, base)
    built: CriteriaSet | None = None
    try:
        built = criteria_set_from_data(
            data, provenance, lineage=lineage, indicator_lineage=lineages
        )
    except ModelError as exc:
        problems += [_to_document(p, origin) for p in exc.problems]
    if problems or built is None:
        return ModelError([document.locate(p) for p in _unique(problems)], subject=document.id)
    return built


def _to_document(problem: Problem, origin: Mapping[str, str]) -> Problem:
    """Map a pointer into merged data back to the place in the extending file that caused it."""
    path = problem.path
    best = ""
    for merged in origin:
        if (path == merged or path.startswith(merged + "/")) and len(merged) > len(best):
            best = merged
    if not best:
        return problem
    target = origin[best]
    if target == "/extends":
        return attrs.evolve(
            problem, path="/extends", message=f"{problem.message} (in the inherited part {path})"
        )
    return attrs.evolve(problem, path=target + path[len(best) :])


_INDICATOR_FIELDS = (
    "title",
    "measure",
    "requirement",
    "rule",
    "note",
    "citation",
    "agency",
    "applies_if",
)


_CRITERION_FIELDS = ("title", "agency", "rule", "note", "citation")


def _merge(
    document: SetDocument, base: CriteriaSet
) -> tuple[dict[str, Any], dict[str, str], SetLineage, dict[str, IndicatorLineage], list[Problem]]:
    """The extending document applied to its base, as plain data, with where each part came from."""
    own: Mapping[str, Any] = document.data
    problems: list[Problem] = []
    data = copy.deepcopy(base.to_data())
    for key in (
        "id",
        "title",
        "legal_basis",
        "validity",
        "citations",
        "notes",
        "province",
        "level",
        "tier",
        "composition",
        "shape",
    ):
        if key in own:
            data[key] = copy.deepcopy(own[key])
    if "shape" not in own:
        data.pop("shape", None)  # the base's counts do not describe the extending set
    if "citations" not in own:
        data.pop("citations", None)
    if "notes" not in own:
        data.pop("notes", None)
    data["measures"].update(copy.deepcopy(own.get("measures", {})))
    base_lineage = {ind.id: ind.lineage for ind in base.indicators()}
    lineages: dict[str, IndicatorLineage] = {}
    for indicator_id, inherited in base_lineage.items():
        lineages[indicator_id] = inherited or IndicatorLineage(base.id)
    set_id = str(own.get("id"))

    removals = own.get("remove", {})
    removed: list[str] = []
    for index, criterion_id in enumerate(removals.get("criteria", [])):
        if not _drop_criterion(data, criterion_id):
            problems.append(
                Problem(
                    f"/remove/criteria/{index}",
                    f"no criterion {criterion_id!r} in {base.id} to remove",
                )
            )
        removed.append(f"criterion {criterion_id}")
    for index, indicator_id in enumerate(removals.get("indicators", [])):
        if not _drop_indicator(data, indicator_id):
            problems.append(
                Problem(
                    f"/remove/indicators/{index}",
                    f"no indicator {indicator_id!r} in {base.id} to remove",
                )
            )
        lineages.pop(indicator_id, None)
        removed.append(indicator_id)

    overrides = own.get("overrides", {})
    overridden: list[str] = []
    marks: dict[tuple[str, str], str] = {}  # (kind, id) → pointer in the document
    for group_id, fields in overrides.get("groups", {}).items():
        group = next((g for g in data["groups"] if g["id"] == group_id), None)
        if group is None:
            problems.append(
                Problem(
                    f"/overrides/groups/{_escape(group_id)}",
                    f"no group {group_id!r} in {base.id} to override",
                )
            )
            continue
        group.update(copy.deepcopy(fields))
    for criterion_id, fields in overrides.get("criteria", {}).items():
        found = _find_criterion(data, criterion_id)
        if found is None:
            problems.append(
                Problem(
                    f"/overrides/criteria/{_escape(criterion_id)}",
                    f"no criterion {criterion_id!r} in {base.id} to override",
                )
            )
            continue
        for field in _CRITERION_FIELDS:
            if field in fields:
                found[field] = copy.deepcopy(fields[field])
        marks[("criterion", criterion_id)] = f"/overrides/criteria/{_escape(criterion_id)}"
    for indicator_id, fields in overrides.get("indicators", {}).items():
        found_indicator = _find_indicator(data, indicator_id)
        if found_indicator is None:
            problems.append(
                Problem(
                    f"/overrides/indicators/{_escape(indicator_id)}",
                    f"no indicator {indicator_id!r} in {base.id} to override",
                )
            )
            continue
        # a threshold replaces a rule (a "not encoded" row of the base becomes an encoded one),
        # and a rule replaces a threshold: an indicator holds one or the other
        if "measure" in fields or "requirement" in fields:
            found_indicator.pop("rule", None)
        if "rule" in fields:
            found_indicator.pop("measure", None)
            found_indicator.pop("requirement", None)
        for field in _INDICATOR_FIELDS:
            if field in fields:
                found_indicator[field] = copy.deepcopy(fields[field])
        marks[("indicator", indicator_id)] = f"/overrides/indicators/{_escape(indicator_id)}"
        overridden.append(indicator_id)
        if "requirement" in fields:
            previous = lineages.get(indicator_id) or IndicatorLineage(base.id)
            lineages[indicator_id] = IndicatorLineage(set_id, previous.defined_in)

    additions = own.get("add", {})
    added: list[str] = []
    for index, criterion in enumerate(additions.get("criteria", [])):
        body = {k: copy.deepcopy(v) for k, v in criterion.items() if k != "group"}
        group = next((g for g in data["groups"] if g["id"] == criterion["group"]), None)
        if group is None:
            problems.append(
                Problem(
                    f"/add/criteria/{index}/group",
                    f"no group {criterion['group']!r} in {base.id} to add to",
                )
            )
            continue
        group["criteria"].append(body)
        marks[("criterion", criterion["id"])] = f"/add/criteria/{index}"
        for indicator in criterion.get("indicators", []):
            lineages[indicator["id"]] = IndicatorLineage(set_id)
            added.append(indicator["id"])
    for index, indicator in enumerate(additions.get("indicators", [])):
        body = {k: copy.deepcopy(v) for k, v in indicator.items() if k != "criterion"}
        target = _find_criterion(data, indicator["criterion"])
        if target is None:
            problems.append(
                Problem(
                    f"/add/indicators/{index}/criterion",
                    f"no criterion {indicator['criterion']!r} in {base.id} to add to",
                )
            )
            continue
        target["indicators"].append(body)
        marks[("indicator", indicator["id"])] = f"/add/indicators/{index}"
        lineages[indicator["id"]] = IndicatorLineage(set_id)
        added.append(indicator["id"])
    for index, group in enumerate(additions.get("groups", [])):
        data["groups"].append(copy.deepcopy(group))
        marks[("group", group["id"])] = f"/add/groups/{index}"
        for criterion in group.get("criteria", []):
            for indicator in criterion.get("indicators", []):
                lineages[indicator["id"]] = IndicatorLineage(set_id)
                added.append(indicator["id"])

    origin: dict[str, str] = {}
    for g_index, group in enumerate(data["groups"]):
        gpath = f"/groups/{g_index}"
        origin[gpath] = marks.get(("group", group["id"]), "/extends")
        for c_index, criterion in enumerate(group["criteria"]):
            cpath = f"{gpath}/criteria/{c_index}"
            criterion_mark = marks.get(("criterion", criterion["id"]))
            if criterion_mark:
                origin[cpath] = criterion_mark
            for i_index, indicator in enumerate(criterion["indicators"]):
                ipath = f"{cpath}/indicators/{i_index}"
                indicator_mark = marks.get(("indicator", indicator["id"]))
                if indicator_mark:
                    origin[ipath] = indicator_mark
                elif criterion_mark and criterion_mark.startswith("/overrides/"):
                    origin[ipath] = "/extends"  # inherited under an overridden criterion
    for key in own.get("measures", {}):
        origin[f"/measures/{_escape(key)}"] = f"/measures/{_escape(key)}"
    for key in (
        "id",
        "title",
        "legal_basis",
        "validity",
        "level",
        "tier",
        "province",
        "composition",
    ):
        if key in own:
            origin[f"/{key}"] = f"/{key}"
    if "composition" not in own:
        origin["/composition"] = "/extends"
    lineage = SetLineage(
        base.id, base.content_hash(), tuple(overridden), tuple(added), tuple(removed)
    )
    return data, origin, lineage, lineages, problems


def _find_criterion(data: Mapping[str, Any], criterion_id: str) -> dict[str, Any] | None:
    for group in data["groups"]:
        for criterion in group["criteria"]:
            if criterion["id"] == criterion_id:
                found: dict[str, Any] = criterion
                return found
    return None


def _find_indicator(data: Mapping[str, Any], indicator_id: str) -> dict[str, Any] | None:
    for group in data["groups"]:
        for criterion in group["criteria"]:
            for indicator in criterion["indicators"]:
                if indicator["id"] == indicator_id:
                    found: dict[str, Any] = indicator
                    return found
    return None


def _drop_criterion(data: dict[str, Any], criterion_id: str) -> bool:
    for group in data["groups"]:
        kept = [c for c in group["criteria"] if c["id"] != criterion_id]
        if len(kept) != len(group["criteria"]):
            group["criteria"] = kept
            data["groups"] = [g for g in data["groups"] if g["criteria"]]
            return True
    return False


def _drop_indicator(data: dict[str, Any], indicator_id: str) -> bool:
    for group in data["groups"]:
        for criterion in group["criteria"]:
            kept = [i for i in criterion["indicators"] if i["id"] != indicator_id]
            if len(kept) != len(criterion["indicators"]):
                criterion["indicators"] = kept
                return True
    return False
