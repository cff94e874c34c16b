"""Deprecated alias of :mod:`ntmcriteria.core.status`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .core import status as _moved

warnings.warn(
    "ntmcriteria.status moved to ntmcriteria.core.status",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
