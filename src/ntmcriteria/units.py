"""Deprecated alias of :mod:`ntmcriteria.core.units`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .core import units as _moved

warnings.warn(
    "ntmcriteria.units moved to ntmcriteria.core.units",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
