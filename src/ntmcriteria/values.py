"""Deprecated alias of :mod:`ntmcriteria.core.values`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .core import values as _moved

warnings.warn(
    "ntmcriteria.values moved to ntmcriteria.core.values",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
