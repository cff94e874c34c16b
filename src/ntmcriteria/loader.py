"""Loading criteria sets from YAML files (safe loader only).

Problems are reported with the file they come from; a YAML syntax error also gives its line.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from os import PathLike, fspath
from pathlib import Path
from typing import Any

import attrs
import yaml

from .errors import ModelError, Problem
from .model import CriteriaSet, Provenance, criteria_set_from_data

__all__ = ["load_criteria_set", "read_yaml"]


def _name(source: Traversable | PathLike[str] | str) -> str:
    if isinstance(source, str | PathLike):
        return fspath(source)
    return str(source)


def read_yaml(source: Traversable | PathLike[str] | str) -> Any:
    """The data of a YAML file, or a :class:`ModelError` naming the file (and line)."""
    name = _name(source)
    try:
        if isinstance(source, str | PathLike):
            text = Path(source).read_text(encoding="utf-8")
        else:
            text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError([Problem("", f"cannot read: {exc.strerror or exc}", file=name)]) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ModelError([Problem("", f"malformed YAML: {problem}", file=name, line=line)]) from exc


def load_criteria_set(
    source: Traversable | PathLike[str] | str, provenance: Provenance | None = None
) -> CriteriaSet:
    """Load one criteria set from a YAML file."""
    name = _name(source)
    data = read_yaml(source)
    try:
        return criteria_set_from_data(data, provenance)
    except ModelError as exc:
        located = [attrs.evolve(p, file=p.file or name) for p in exc.problems]
        raise ModelError(located, subject=exc.subject) from None
