"""Deprecated alias of :mod:`ntmcriteria.criteria.composition`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .criteria import composition as _moved

warnings.warn(
    "ntmcriteria.composition moved to ntmcriteria.criteria.composition",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
