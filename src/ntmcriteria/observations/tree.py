"""YAML and JSON documents with the line of every JSON pointer, and the helpers that place a problem
at its line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from ..core.documents import DocumentError, load_json, load_yaml
from ..core.errors import ObservationError, Problem
from ..core.files import read_input
from ..core.units import (
    format_number,
)
from ..criteria.requirements import FactValue

__all__ = ["read_bytes", "read_text"]


def _lines_under(lines: Mapping[str, int], prefix: str) -> dict[str, int]:
    """The lines of the pointers under ``prefix``, re-rooted there."""
    if not prefix:
        return dict(lines)
    return {
        pointer[len(prefix) :]: line
        for pointer, line in lines.items()
        if pointer == prefix or pointer.startswith(prefix + "/")
    }


def _line_of(lines: Mapping[str, int], pointer: str) -> int | None:
    """The line of ``pointer`` or of its nearest parent that has one."""
    while True:
        if pointer in lines:
            return lines[pointer]
        if not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0]


def _plain_fact(value: FactValue) -> Any:
    """A context fact as plain data, exactly: an int, an exact float, or a decimal string."""
    if isinstance(value, bool | str):
        return value
    if value.denominator == 1:
        return value.numerator
    if Fraction(repr(float(value))) == value:
        return float(value)
    return format_number(value, "vi", decimals=12)


def _load_tree(text: str, kind: str, origin: str) -> tuple[Any, dict[str, int]]:
    """A YAML or JSON document (``kind``) and the line of each JSON pointer in it, read within
    the limits of :mod:`ntmcriteria.core.documents`."""
    from ..packs.loader import _walk

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise ObservationError([Problem(f"/{key}", f"duplicate key {key!r}", file=origin)])
            seen[key] = value
        return seen

    try:
        if kind == "json":
            return load_json(text, no_duplicates), {}
        data, node = load_yaml(text)
    except json.JSONDecodeError as exc:
        raise ObservationError(
            [Problem("", f"malformed JSON: {exc.msg}", file=origin, line=exc.lineno)]
        ) from None
    except DocumentError as exc:
        raise ObservationError([attrs.evolve(exc.problem, file=origin)]) from None
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    if node is not None:
        _walk(node, "", lines, problems, set())
    if problems:
        raise ObservationError([attrs.evolve(p, file=origin) for p in problems])
    return data, lines


def _decimals(value: Any) -> Any:
    """JSON's exact decimals as numbers the library reads exactly."""
    if isinstance(value, Decimal):
        return Fraction(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, Mapping):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def read_bytes(path: Path) -> bytes:
    """A file's content, or a located ObservationError."""
    try:
        return read_input(path)
    except OSError as exc:
        raise ObservationError(
            [Problem("", f"cannot read: {exc.strerror or exc}", file=str(path))]
        ) from exc


def read_text(path: Path) -> str:
    """A text file's content (UTF-8, with or without BOM), or a located ObservationError."""
    origin = str(path)
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ObservationError(
            [Problem("", f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=origin)]
        ) from exc
