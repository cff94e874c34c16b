"""Deprecated alias of :mod:`ntmcriteria.packs.loader`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .packs import loader as _moved

warnings.warn(
    "ntmcriteria.loader moved to ntmcriteria.packs.loader",
    DeprecationWarning,
    stacklevel=2,
)
# the one-call loaders moved on to the registry, which resolves bases among the installed packs
from .packs import registry as _registry  # noqa: E402

_moved.load_criteria_set = _registry.load_criteria_set  # type: ignore[attr-defined]
_moved.load_criteria_sets = _registry.load_criteria_sets  # type: ignore[attr-defined]
sys.modules[__name__] = _moved
