"""The pack JSON Schema (``schema/pack.schema.json``), its validator, and its errors as people read
them: the place (a JSON pointer), what was expected, and for a value that matches none of several
forms, the form it comes closest to."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..core.errors import Problem

if TYPE_CHECKING:
    import jsonschema

__all__ = ["pack_schema"]


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


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


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
