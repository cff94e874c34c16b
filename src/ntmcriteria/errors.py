"""Deprecated alias of :mod:`ntmcriteria.core.errors`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .core import errors as _moved

warnings.warn(
    "ntmcriteria.errors moved to ntmcriteria.core.errors",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
