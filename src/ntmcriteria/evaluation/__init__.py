"""The evaluation layer: one unit explained (``session``, ``results``, ``assess``) and many units
at once (``plan``, ``columns``, ``text``, ``frame``, ``batch``).

The frame path imports numpy, pandas and pyarrow; importing this package does not (its frame
names are reached lazily).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .frame import FrameSession, SetColumns, evaluate_frame, frame_observations
    from .plan import Plan, compile_plan

__all__ = [
    "FrameSession",
    "Plan",
    "SetColumns",
    "compile_plan",
    "evaluate_frame",
    "frame_observations",
]

_LAZY = {
    "FrameSession": "frame",
    "SetColumns": "frame",
    "evaluate_frame": "frame",
    "frame_observations": "frame",
    "Plan": "plan",
    "compile_plan": "plan",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)
