"""The ``ntm`` command (``app``) and its entry point (``main``)."""

from __future__ import annotations

from .commands import app, main

__all__ = ["app", "main"]
