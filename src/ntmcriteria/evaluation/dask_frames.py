"""More than one machine: the frame path over a Dask DataFrame, partition by partition.

``ntm.evaluate_frame(set, dask_frame)`` returns a lazy Dask DataFrame: every partition is
evaluated by the same compiled plan (``map_partitions``), on whichever worker holds it; nothing
runs until ``.compute()`` (or ``.to_parquet(…)``). ``ntm.sweep(set, dask_frame, …)`` returns the
lazy tidy table (each partition counted, then summed). Dask and its scheduler do the
distribution; the library adds no parallelism of its own. Workers need ``ntmcriteria`` and the
packs installed (the set is sent to them; the sets it refers to are looked up in their own
registry). Villages are not supported on a Dask frame (a village and its commune may sit in
different partitions): evaluate such provinces with pandas, or partition by commune yourself and
call ``evaluate_frame`` per partition.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..core.errors import ArgumentError
from ..criteria.model import CriteriaSet
from .session import resolve_set

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["evaluate_dask", "is_dask", "sweep_dask"]


def is_dask(frame: object) -> bool:
    """Whether ``frame`` is a Dask DataFrame (without importing Dask)."""
    return type(frame).__module__.split(".")[0] == "dask" and hasattr(frame, "map_partitions")


def _partition(
    part: Any, evaluate: Callable[..., Any], criteria_set: CriteriaSet, year: int | None, style: str
) -> Any:
    return evaluate(criteria_set, part, year, number_style=style, origin="partition")


def evaluate_dask(
    evaluate: Callable[..., Any],
    criteria_set: CriteriaSet | str,
    frame: Any,
    year: int | None,
    *,
    villages: Any,
    registry: Registry | None,
    number_style: str,
) -> Any:
    """``evaluate`` (:func:`~ntmcriteria.evaluate_frame`) on a Dask DataFrame: a lazy Dask
    DataFrame; the caller passes the function (this module imports neither frame nor sweeps)."""
    if villages is not None:
        raise ArgumentError(
            "villages are not supported with a Dask frame: evaluate the province with pandas, or "
            "call evaluate_frame on each partition of communes with their villages"
        )
    the_set = resolve_set(criteria_set, registry)
    meta = evaluate(the_set, frame._meta, year, number_style=number_style)
    return frame.map_partitions(
        _partition, evaluate, the_set, year, number_style, meta=meta, align_dataframes=False
    )


def _sweep_partition(
    part: Any, sweep: Callable[..., Any], criteria_set: CriteriaSet, options: dict[str, Any]
) -> Any:
    return sweep(criteria_set, part, **options)


def sweep_dask(
    sweep: Callable[..., Any],
    columns: Sequence[str],
    criteria_set: CriteriaSet | str,
    frame: Any,
    options: dict[str, Any],
    registry: Registry | None,
    steps: Sequence[Any],
) -> Any:
    """``sweep`` (:func:`~ntmcriteria.sweep`) on a Dask DataFrame: each partition counted, then
    summed; a lazy Dask DataFrame of the same tidy columns (``units`` summed too)."""
    import pandas as pd

    if options.get("villages") is not None:
        raise ArgumentError("villages are not supported with a Dask frame")
    the_set = resolve_set(criteria_set, registry)
    if not steps:
        raise ArgumentError("a sweep needs its steps")
    meta = pd.DataFrame(
        {c: pd.Series(dtype="int64" if c in _COUNTS or c == "step" else "object") for c in columns}
    )
    counted = frame.map_partitions(_sweep_partition, sweep, the_set, options, meta=meta)
    return counted.groupby(["step", "value", "level", "id"], sort=True)[list(_COUNTS)].sum()


_COUNTS = ("achieved", "not_achieved", "no_data", "open", "not_applicable", "units")
