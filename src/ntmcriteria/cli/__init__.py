"""The ``ntm`` command (``app``), its entry point (``main``) and the installed script (``run``)."""

from __future__ import annotations

from . import commands as _commands  # noqa: F401  (registers the commands)
from . import listing as _listing  # noqa: F401  (registers ntm sets, packs, schema, show)
from . import packs as _packs  # noqa: F401  (registers ``ntm pack …``)
from .base import app
from .entry import main, run

__all__ = ["app", "main", "run"]
