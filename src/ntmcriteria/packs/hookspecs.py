"""Pluggy hook specifications: what a criteria pack may provide.

A pack is a distribution that registers a module (or object) under the entry-point group
``ntmcriteria``; that module implements the hooks below, marked with :data:`hookimpl`::

    # pyproject.toml of the pack
    [project.entry-points.ntmcriteria]
    hatinh = "ntmcriteria_hatinh.plugin"

    # ntmcriteria_hatinh/plugin.py
    from ntmcriteria import hookimpl

    @hookimpl
    def ntmcriteria_criteria_sets():
        return [files("ntmcriteria_hatinh") / "sets" / "xa-ntm-2022-2025.yaml"]
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from os import PathLike
from typing import TYPE_CHECKING, Union

import pluggy

if TYPE_CHECKING:
    from ..criteria.model import CriteriaSet

__all__ = ["PROJECT", "SetSource", "hookimpl", "hookspec", "ntmcriteria_criteria_sets"]

#: The pluggy project name and the entry-point group packs register under.
PROJECT = "ntmcriteria"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

#: What a pack may return for one set: a built set, or a YAML file (path or package resource).
SetSource = Union["CriteriaSet", Traversable, "PathLike[str]", str]


@hookspec
def ntmcriteria_criteria_sets() -> Iterable[SetSource]:  # type: ignore[empty-body]
    """Return the criteria sets this pack provides.

    Each item is a :class:`~ntmcriteria.model.CriteriaSet` or the location of a YAML file
    (a :class:`pathlib.Path`, a path string, or an :mod:`importlib.resources` traversable).
    """
