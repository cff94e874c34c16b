"""Deprecated alias of :mod:`ntmcriteria.observations.files`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .observations import files as _moved

warnings.warn(
    "ntmcriteria.readers moved to ntmcriteria.observations.files",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
