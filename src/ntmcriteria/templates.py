"""Deprecated alias of :mod:`ntmcriteria.observations.templates`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .observations import templates as _moved

warnings.warn(
    "ntmcriteria.templates moved to ntmcriteria.observations.templates",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
