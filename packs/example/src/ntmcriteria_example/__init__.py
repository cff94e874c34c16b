"""Example ntmcriteria pack: four criteria of the Hà Tĩnh commune set 2022-2025.

It exists to prove the plugin path end to end (a real distribution with an entry point) and
to serve the quick-start demo. The complete Hà Tĩnh sets live in the ``hatinh`` pack.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = ["SET_FILES", "set_files"]

SET_FILES = ("xa-ntm-trich-2022-2025.yaml",)


def set_files() -> list[Traversable]:
    """The YAML files of this pack's criteria sets."""
    folder = files(__name__) / "sets"
    return [folder / name for name in SET_FILES]
