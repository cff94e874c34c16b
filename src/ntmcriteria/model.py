"""Deprecated alias of :mod:`ntmcriteria.criteria.model`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .criteria import model as _moved

warnings.warn(
    "ntmcriteria.model moved to ntmcriteria.criteria.model",
    DeprecationWarning,
    stacklevel=2,
)
# reading a set from plain data moved on to its own module
from .criteria import reading as _reading  # noqa: E402

_moved.criteria_set_from_data = _reading.criteria_set_from_data  # type: ignore[attr-defined]
sys.modules[__name__] = _moved
