"""The pack's pluggy hook: every YAML file under sets/ is a criteria set."""

from __future__ import annotations

from ntmcriteria import hookimpl
from ntmcriteria.packs import load_sets
from ntmcriteria.packs.loader import SetDocument


@hookimpl
def ntmcriteria_criteria_sets() -> list[SetDocument]:
    return load_sets(__package__)
