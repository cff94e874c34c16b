"""Deprecated alias of :mod:`ntmcriteria.packs.hookspecs`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .packs import hookspecs as _moved

warnings.warn(
    "ntmcriteria.hookspecs moved to ntmcriteria.packs.hookspecs",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
