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
# writing moved on to its own module
from .observations import writing as _writing  # noqa: E402

for _name in ("observations_to_rows", "write_observations"):
    setattr(_moved, _name, getattr(_writing, _name))
sys.modules[__name__] = _moved
