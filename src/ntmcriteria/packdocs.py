"""Deprecated alias of :mod:`ntmcriteria.packs.packdocs`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .packs import packdocs as _moved

warnings.warn(
    "ntmcriteria.packdocs moved to ntmcriteria.packs.packdocs",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
