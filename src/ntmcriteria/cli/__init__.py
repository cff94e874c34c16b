"""The ``ntm`` command (``app``) and its entry point (``main``)."""

from __future__ import annotations

from . import packs as _packs  # noqa: F401  (registers ``ntm pack …``)
from .base import app
from .commands import main

__all__ = ["app", "main"]
