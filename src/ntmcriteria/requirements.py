"""Deprecated alias of :mod:`ntmcriteria.criteria.requirements`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .criteria import requirements as _moved

warnings.warn(
    "ntmcriteria.requirements moved to ntmcriteria.criteria.requirements",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
