"""Deprecated alias of :mod:`ntmcriteria.evaluation.results`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .evaluation import results as _moved

warnings.warn(
    "ntmcriteria.results moved to ntmcriteria.evaluation.results",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
