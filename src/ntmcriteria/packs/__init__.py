"""Criteria packs: the set files (YAML, schema, ``extends``), the loader, the hook specification,
the registry of installed packs and their review pages.

A pack's plugin uses :func:`load_sets` (``from ntmcriteria.packs import load_sets``).
"""

from __future__ import annotations

from .files import files_hash, load_sets, set_files
from .registry import load_criteria_set, load_criteria_sets

__all__ = ["files_hash", "load_criteria_set", "load_criteria_sets", "load_sets", "set_files"]
