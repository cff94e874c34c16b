"""The engine's frame path: criteria sets compiled into plans of column operations, run over a
pandas DataFrame of units (:func:`evaluate_frame`).

Importing this package imports numpy and pandas; ``import ntmcriteria`` does not (it reaches
:func:`evaluate_frame` lazily).
"""

from __future__ import annotations

from .frame import FrameSession, SetColumns, evaluate_frame
from .plan import Plan, compile_plan

__all__ = ["FrameSession", "Plan", "SetColumns", "compile_plan", "evaluate_frame"]
