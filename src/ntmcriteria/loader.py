"""Deprecated alias of :mod:`ntmcriteria.packs.loader`.

Moved in 0.2; the alias goes in 0.3.
"""

from __future__ import annotations

import sys
import warnings

from .packs import loader as _moved

warnings.warn(
    "ntmcriteria.loader moved to ntmcriteria.packs.loader",
    DeprecationWarning,
    stacklevel=2,
)
# what moved on from the loader: the one-call loaders (to the registry, which resolves bases among
# the installed packs) and the resolution of ``extends``
from .packs import extends as _extends  # noqa: E402
from .packs import registry as _registry  # noqa: E402

for _name, _value in (
    ("load_criteria_set", _registry.load_criteria_set),
    ("load_criteria_sets", _registry.load_criteria_sets),
    ("resolve_documents", _extends.resolve_documents),
    ("Lookup", _extends.Lookup),
):
    setattr(_moved, _name, _value)
sys.modules[__name__] = _moved
