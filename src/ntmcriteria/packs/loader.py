"""Loading criteria-set files: YAML with line numbers, JSON Schema, semantic checks, extends.

A file is read into a :class:`SetDocument`: its data, the line of every JSON pointer in it, and the
problems the YAML parser and the schema (``schema/pack.schema.json``) found. Documents are then
*resolved* into :class:`~ntmcriteria.model.CriteriaSet` objects: a set that ``extends`` another
inherits its measures, groups, criteria and indicators, then applies its ``overrides``, ``add``
and ``remove``. Every problem of a file is reported together, each with the file, the line and the
JSON pointer::

    hatinh/xa-ntm.yaml:214 /groups/3/criteria/2/indicators/1/requirement/op: unknown operator …

Parsed and schema-checked documents are cached by the SHA-256 of the file's bytes, so discovering
the same packs again (``registry(refresh=True)``, tests, notebooks) does not parse them again.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml

if TYPE_CHECKING:
    import jsonschema

from ..core.errors import ModelError, Problem
from ..core.text import FrozenMap
from ..core.units import _cache_folder
from ..criteria.model import (
    CriteriaSet,
    IndicatorLineage,
    Provenance,
    SetLineage,
)
from ..criteria.reading import criteria_set_from_data

__all__ = [
    "SetDocument",
    "pack_schema",
    "read_document",
    "read_yaml",
    "resolve_documents",
]

Source = Traversable | PathLike[str] | str

#: libyaml's safe loader when PyYAML was built with it (about 8 times faster), else PyYAML's.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- the schema -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def pack_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a criteria-set file."""
    text = (files("ntmcriteria") / "schema" / "pack.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema  # only when a file is checked against the schema (not at import)

    schema = pack_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = validator_class(schema)
    return validator


# --- YAML with line numbers ---------------------------------------------------------------------


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _walk(
    node: yaml.Node, pointer: str, lines: dict[str, int], problems: list[Problem], seen: set[int]
) -> None:
    """Record the line of every pointer under ``node``; report duplicate keys."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{pointer}/{_escape(key)}"
            line = key_node.start_mark.line + 1
            if key in keys:
                problems.append(
                    Problem(
                        child,
                        f"duplicate key {key!r} (first on line {keys[key]}); YAML "
                        "would silently keep only the last one",
                        line=line,
                    )
                )
            keys[key] = line
            lines.setdefault(child, line)
            _walk(value_node, child, lines, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{pointer}/{index}"
            lines.setdefault(child, item.start_mark.line + 1)
            _walk(item, child, lines, problems, seen)


def _plain(value: Any) -> Any:
    """JSON-compatible data: string keys, ISO dates."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@attrs.frozen(slots=True)
class SetDocument:
    """One criteria-set file as read: data, line map, and the problems found so far."""

    file: str
    data: Any
    lines: FrozenMap[str, int]
    digest: str
    problems: tuple[Problem, ...] = ()

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if isinstance(self.data, Mapping) else None
        return value if isinstance(value, str) else None

    @property
    def extends(self) -> str | None:
        value = self.data.get("extends") if isinstance(self.data, Mapping) else None
        return value if isinstance(value, str) else None

    def line(self, pointer: str) -> int | None:
        """The line of ``pointer``, or of its nearest parent that the file has."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]

    def locate(self, problem: Problem) -> Problem:
        """The problem with this file and the line of its pointer."""
        line = problem.line if problem.line is not None else self.line(problem.path)
        return attrs.evolve(problem, file=self.file, line=line)


def read_yaml(source: Source) -> Any:
    """The data of a YAML file (safe loader), or a :class:`ModelError` naming file and line."""
    document = read_document(source, validate=False)
    if document.problems:
        raise ModelError([document.locate(p) for p in document.problems])
    return document.data


def _name(source: Source) -> str:
    if isinstance(source, str | PathLike):
        return fspath(source)
    return str(source)


_cache: dict[tuple[str, str, bool], SetDocument] = {}
_cache_lock = threading.Lock()


def read_document(source: Source, *, validate: bool = True) -> SetDocument:
    """Read one file: YAML syntax, duplicate keys and (``validate``) the JSON Schema."""
    name = _name(source)
    try:
        raw = (
            Path(source).read_bytes()
            if isinstance(source, str | PathLike)
            else (source.read_bytes())
        )
    except OSError as exc:
        problem = Problem("", f"cannot read: {exc.strerror or exc}", file=name)
        return SetDocument(name, None, FrozenMap(), "", (problem,))
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    key = (name, digest, validate)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    document = _parse(name, raw, digest, validate)
    with _cache_lock:
        _cache[key] = document
    return document


def _parse(name: str, raw: bytes, digest: str, validate: bool) -> SetDocument:
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem("", f"not UTF-8 text: {exc.reason} at byte {exc.start}", file=name)
        return SetDocument(name, None, FrozenMap(), digest, (problem,))
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        context_mark = getattr(exc, "context_mark", None)
        if context:
            started = (
                f" (started on line {context_mark.line + 1})"
                if context_mark is not None and context_mark.line + 1 != line
                else ""
            )
            message = f"{context}{started}, {message}"
        problem = Problem("", f"malformed YAML: {message}", file=name, line=line)
        return SetDocument(name, None, FrozenMap(), digest, (problem,))
    finally:
        loader.dispose()
    if node is not None:
        _walk(node, "", lines, problems, set())
    data = _plain(data)
    if not isinstance(data, Mapping):
        problems.append(
            Problem(
                "",
                f"expected a criteria set (a mapping), got "
                f"{type(data).__name__ if data is not None else 'an empty file'}",
            )
        )
    elif validate and not _known_valid(digest):
        schema_problems = [p for e in _validator().iter_errors(data) for p in _schema_problems(e)]
        problems.extend(schema_problems)
        if not schema_problems:
            _remember_valid(digest)
    document = SetDocument(name, data, FrozenMap(lines), digest, ())
    located = tuple(document.locate(p) for p in _unique(problems))
    return attrs.evolve(document, problems=located)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    result = []
    for problem in problems:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            result.append(problem)
    return result


# --- a cache of schema-valid files across processes ----------------------------------------


def _cache_dir() -> Path | None:
    """Where schema-valid file digests are remembered (``NTMCRITERIA_CACHE=off`` disables)."""
    return _cache_folder()


@lru_cache(maxsize=1)
def _schema_digest() -> str:
    text = json.dumps(pack_schema(), sort_keys=True).encode("utf-8")
    return hashlib.sha256(text).hexdigest()[:16]


def _marker(digest: str) -> Path | None:
    folder = _cache_dir()
    if folder is None:
        return None
    return folder / f"schema-{_schema_digest()}" / digest.removeprefix("sha256:")


def _known_valid(digest: str) -> bool:
    """Whether a file with these bytes already passed this schema (in any earlier process)."""
    marker = _marker(digest)
    return marker is not None and marker.is_file()


def _remember_valid(digest: str) -> None:
    marker = _marker(digest)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only home only costs speed


# --- schema errors as people read them ---------------------------------------------------------


def _pointer(path: Iterable[Any]) -> str:
    return "".join(f"/{_escape(str(part))}" for part in path)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


_TYPE_NAMES = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _schema_problems(error: jsonschema.ValidationError) -> list[Problem]:
    pointer = _pointer(error.absolute_path)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    validator = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    if validator == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else "?"
        what = schema.get("properties", {}).get(missing, {}).get("description", "")
        what = what[:1].lower() + what[1:].rstrip(".")
        return [Problem(f"{pointer}/{_escape(missing)}", f"missing{': ' + what if what else ''}")]
    if validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        return [
            Problem(
                f"{pointer}/{_escape(k)}",
                f"unknown key {k!r}; expected one of {', '.join(allowed)}",
            )
            for k in extra
        ]
    if validator == "enum":
        options = ", ".join(str(o) for o in expected)
        return [Problem(pointer, f"expected one of {options}, got {_short(error.instance)}")]
    if validator == "const":
        return [
            Problem(
                pointer, f"expected {_short(error.validator_value)}, got {_short(error.instance)}"
            )
        ]
    if validator == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        return [Problem(pointer, f"expected {wanted}, got {_short(error.instance)}")]
    if validator == "pattern":
        what = str(schema.get("description", ""))
        what = what[:1].lower() + what[1:].rstrip(".")
        return [
            Problem(
                pointer,
                f"{_short(error.instance)} does not have the expected form"
                f"{': ' + what if what else ''}",
            )
        ]
    if validator in ("minItems", "minProperties"):
        return [Problem(pointer, f"needs at least {expected} item{'s' if expected != 1 else ''}")]
    if validator == "minLength":
        return [Problem(pointer, "must not be empty")]
    if validator == "minimum":
        return [Problem(pointer, f"must be at least {expected}, got {_short(instance)}")]
    if validator in ("anyOf", "oneOf"):
        return _alternatives(error, pointer, schema)
    if validator == "not" and isinstance(instance, Mapping) and "groups" in instance:
        return [
            Problem(
                f"{pointer}/groups",
                "a set that extends another changes it with "
                "add, overrides and remove, not with groups",
            )
        ]
    return [Problem(pointer, str(error.message))]


def _branch_keys(branch: Mapping[str, Any]) -> set[str]:
    schema = branch
    if "$ref" in branch:
        name = str(branch["$ref"]).rsplit("/", 1)[-1]
        schema = pack_schema()["$defs"].get(name, {})
    return set(schema.get("required", []))


def _alternatives(
    error: jsonschema.ValidationError, pointer: str, schema: Mapping[str, Any]
) -> list[Problem]:
    """Explain an anyOf failure by the branch the value was meant for, when one is clear."""
    branches = schema.get(str(error.validator), [])
    instance = error.instance
    if isinstance(instance, Mapping):
        meant = [
            index
            for index, branch in enumerate(branches)
            if _branch_keys(branch) and _branch_keys(branch) & set(instance)
        ]
        if len(meant) == 1:
            inner = [
                e for e in error.context or [] if e.schema_path and e.schema_path[0] == meant[0]
            ]
            found: list[Problem] = []
            for sub in inner:
                found.extend(_schema_problems(sub))
            if found:
                return found
    titles = [str(b.get("title")) for b in branches if isinstance(b, Mapping) and "title" in b]
    if (
        isinstance(instance, Mapping)
        and len(titles) == len(branches)
        and "required" in str(branches)
    ):
        present = [
            t
            for t, b in zip(titles, branches, strict=True)
            if set(b.get("required", [])) <= set(instance)
        ]
        if len(present) > 1:
            return [
                Problem(pointer, f"give either {' or '.join(t.lower() for t in present)}, not both")
            ]
        return [Problem(pointer, "needs " + " or ".join(t.lower() for t in titles))]
    what = schema.get("description") or schema.get("title") or "a valid value"
    return [Problem(pointer, f"{_short(instance)} is not {what[0].lower() + what[1:]}")]


# --- resolution ---------------------------------------------------------------------------

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
