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
        return load_sets(__package__)     # every YAML file under sets/, as SetDocuments

Every installed pack is registered, under its entry-point name, in one pluggy
``PluginManager`` (:func:`ntmcriteria.packs.registry.plugin_manager`), so listing
(``list_name_plugin()``), blocking (``NTMCRITERIA_BLOCK=hatinh``, or ``set_blocked``) and tracing
(``enable_tracing()``) work as pluggy users expect.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from os import PathLike
from typing import TYPE_CHECKING, Union

import pluggy

if TYPE_CHECKING:
    from ..criteria.model import CriteriaSet
    from .loader import SetDocument

__all__ = ["PROJECT", "SetSource", "hookimpl", "hookspec", "ntmcriteria_criteria_sets"]

#: The pluggy project name and the entry-point group packs register under.
PROJECT = "ntmcriteria"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

#: What a pack may return for one set: a set built in code, a YAML file read by
#: :func:`ntmcriteria.packs.load_sets` (a ``SetDocument``), or the location of a YAML file (a
#: path, a path string, or a package resource).
SetSource = Union["CriteriaSet", "SetDocument", Traversable, "PathLike[str]", str]


@hookspec
def ntmcriteria_criteria_sets() -> Iterable[SetSource]:  # type: ignore[empty-body]
    """Return the criteria sets this pack provides.

    Each item is a :class:`~ntmcriteria.criteria.model.CriteriaSet`, a
    :class:`~ntmcriteria.packs.loader.SetDocument` (what :func:`~ntmcriteria.packs.load_sets`
    returns for a pack's ``sets/`` folder), or the location of a YAML file (a
    :class:`pathlib.Path`, a path string, or an :mod:`importlib.resources` traversable). Anything
    else makes the pack fail to load, with a message saying what it returned.
    """
