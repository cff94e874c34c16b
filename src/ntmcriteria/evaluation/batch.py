"""``ntm batch``: a table of units (CSV or XLSX, one unit a row) evaluated in chunks.

Rows are read a chunk at a time (``chunk_rows``), evaluated through :func:`evaluate_frame` and
written out, so memory stays bounded whatever the number of rows; villages (rows with a
``parent``) are gathered in a first pass and joined to their commune's chunk. The output is
written to a temporary file beside it and moved into place only when every row is done: an
interrupted or failed run leaves any previous output as it was. An output that is the input is
refused before anything is read.

CSV output has one line per unit: ``unit, year, set_id, status``, the counts and the summary
(``--wide`` adds every criterion, indicator and condition). JSON output holds each unit's full,
explained result (:meth:`SetResult.to_dict`), computed on the scalar path from the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.errors import ObservationError, Problem
from ..core.files import atomic_output, check_output
from ..criteria.model import CriteriaSet
from .batch_input import MAX_PROBLEMS, Source, column_of, open_source
from .batch_output import _CsvOut, _JsonOut, _Out

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["BatchReport", "run_batch"]


@attrs.frozen(slots=True)
class BatchReport:
    """What a batch run did: units evaluated, how many achieved the set, the output written."""

    units: int
    achieved: int
    output: Path


def run_batch(
    criteria_set: CriteriaSet,
    table: Path,
    output: Path,
    *,
    year: int | None = None,
    registry: Registry | None = None,
    wide: bool = False,
    chunk_rows: int = 20_000,
    sheet: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Evaluate every unit of ``table`` and write ``output`` (``.csv`` or ``.json``).

    ``progress`` is called with the number of rows done after each chunk. Raises
    :class:`ObservationError` (every problem, up to :data:`MAX_PROBLEMS`, with its line) and
    writes nothing when a row cannot be read.
    """
    kind = output.suffix.lower()
    if kind not in (".csv", ".json"):
        raise ObservationError([Problem("", "the output must end in .csv or .json", str(output))])
    check_output(output, [table])  # never over the input table, never into a device or folder
    if table.exists() and not table.is_file():  # a FIFO or a device would hang the reader
        raise ObservationError(
            [Problem("", "not a regular file (a folder, a device or a FIFO)", file=str(table))]
        )
    source = open_source(table, sheet)
    seen: dict[str, int] = {}
    units = achieved = 0
    try:
        villages = _villages(source, chunk_rows)
        with atomic_output(output) as handle:
            writer: _Out = (_CsvOut if kind == ".csv" else _JsonOut)(
                handle, criteria_set, year, registry, source.origin, wide
            )
            for chunk, chunk_lines in source.frames(chunk_rows):
                frame, lines = _communes(chunk, chunk_lines, seen, source.origin)
                if frame is None:
                    continue
                achieved += writer.chunk(frame, lines, _villages_of(villages, frame))
                units += len(frame)
                if progress is not None:
                    progress(units)
            writer.close()
    except ObservationError as exc:
        raise _with_exact_lines(exc, source) from None
    return BatchReport(units, achieved, output)


# --- reading ------------------------------------------------------------------------------------


def _kept(frame: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Rows that are neither blank nor comments (a first cell starting with ``#``)."""
    first = frame.iloc[:, 0].astype(str).str.strip()
    dropped = first.str.startswith("#").to_numpy(dtype=bool, copy=True)
    maybe_blank = np.flatnonzero((first == "").to_numpy())
    if maybe_blank.size:
        rest = frame.iloc[maybe_blank].astype(str)
        blank = (rest.apply(lambda column: column.str.strip()) == "").all(axis=1).to_numpy()
        dropped[maybe_blank[blank]] = True
    kept: npt.NDArray[np.bool_] = ~dropped
    return kept


def _villages(source: Source, size: int) -> pd.DataFrame | None:
    """Every village row (one with a ``parent``), read in a first pass."""
    if not source.has_column("parent"):
        return None
    found: list[pd.DataFrame] = []
    for frame, _lines in source.frames(size):
        parent = column_of(frame, "parent")
        assert parent is not None
        rows = frame[_kept(frame) & (frame[parent].astype(str).str.strip() != "").to_numpy()]
        if not rows.empty:
            found.append(rows.rename(columns={parent: "parent"}))
    return pd.concat(found, ignore_index=True) if found else None


def _communes(
    frame: pd.DataFrame, lines: list[int], seen: dict[str, int], origin: str
) -> tuple[pd.DataFrame | None, list[int]]:
    """The commune rows of a chunk (no ``parent``), each unit once in the file."""
    keep = _kept(frame)
    parent = column_of(frame, "parent")
    if parent is not None:
        keep &= (frame[parent].astype(str).str.strip() == "").to_numpy()
    unit = column_of(frame, "unit")
    assert unit is not None  # the header was checked
    positions = np.flatnonzero(keep)
    names = frame[unit].iloc[positions].astype(str).str.strip().tolist()
    problems = []
    kept_lines = [lines[p] for p in positions]
    for line, name in zip(kept_lines, names, strict=True):
        if not name:
            problems.append(
                Problem(
                    "/unit",
                    "missing: the unit's name",
                    file=origin,
                    line=line,
                    message_vi="thiếu tên đơn vị (cột unit)",
                )
            )
        elif name in seen:
            problems.append(
                Problem(
                    "/unit",
                    f"unit {name!r} appears twice (also row {seen[name]})",
                    file=origin,
                    line=line,
                )
            )
        else:
            seen[name] = line
    if problems:
        raise ObservationError(problems[:MAX_PROBLEMS], subject=origin)
    if not kept_lines:
        return None, []
    communes = frame[keep].reset_index(drop=True)
    communes[unit] = names  # as the observation reader has them: without surrounding spaces
    if parent is not None:
        communes = communes.drop(columns=parent)
    return communes, kept_lines


def _villages_of(villages: pd.DataFrame | None, communes: pd.DataFrame) -> pd.DataFrame | None:
    if villages is None:
        return None
    unit = column_of(communes, "unit")
    assert unit is not None
    names = set(communes[unit].astype(str).str.strip())
    mine = villages[villages["parent"].astype(str).str.strip().isin(names)]
    return None if mine.empty else mine.reset_index(drop=True)


# --- writing ----------------------------------------------------------------------------------


def _with_exact_lines(error: ObservationError, source: Source) -> ObservationError:
    """The error with each problem in the file at its real line."""
    ours = [p for p in error.problems if p.file == source.origin and p.line is not None]
    exact = source.exact_lines({p.line for p in ours if p.line is not None})
    problems = [
        attrs.evolve(p, line=exact.get(p.line, p.line))
        if p.file == source.origin and p.line is not None
        else p
        for p in error.problems
    ]
    return ObservationError(problems, subject=error.subject)


def rows_in(path: Path, sheet: str | None = None) -> int:
    """About how many rows ``path`` holds (a progress bar's total)."""
    return open_source(path, sheet).count()
