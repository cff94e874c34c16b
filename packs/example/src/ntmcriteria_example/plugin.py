"""The pack's pluggy hooks, registered under the ``ntmcriteria`` entry-point group."""

from __future__ import annotations

from importlib.resources.abc import Traversable

from ntmcriteria import hookimpl

from . import set_files


@hookimpl
def ntmcriteria_criteria_sets() -> list[Traversable]:
    return set_files()
