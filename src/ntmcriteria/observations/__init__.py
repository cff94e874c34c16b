"""One unit's data: the model (``model``), files and tables (``files``), templates and the
observation schema (``templates``)."""

from __future__ import annotations

from .model import AdministrativeUnit, Observations, Reading

__all__ = ["AdministrativeUnit", "Observations", "Reading"]
