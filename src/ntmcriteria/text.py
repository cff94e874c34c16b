"""Deprecated alias of :mod:`ntmcriteria.core.text`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .core import text as _moved

warnings.warn(
    "ntmcriteria.text moved to ntmcriteria.core.text",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
