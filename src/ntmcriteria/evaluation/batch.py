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

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from ..core.errors import ObservationError, Problem
from ..core.files import atomic_output, check_output
from ..criteria.model import CriteriaSet
from ..observations.files import _check_header, _column_key
from ..observations.tree import wrong_row_length
from .batch_output import _CsvOut, _JsonOut, _Out

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["BatchReport", "run_batch"]

try:  # pandas keeps text as arrow strings when pyarrow is there: the text reader's own form
    import pyarrow  # noqa: F401

    _ARROW = True
except ModuleNotFoundError:  # pragma: no cover - pyarrow comes with the pandas extra
    _ARROW = False

#: stop reading after this many problems (each with its line)
MAX_PROBLEMS = 200


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
    source = _source(table)
    villages = _villages(source, chunk_rows)
    seen: dict[str, int] = {}
    units = achieved = 0
    try:
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


class _Source:
    """The rows of a table as text cells, in DataFrame chunks with the line of each row."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.origin = str(path)

    def frames(self, size: int) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        raise NotImplementedError

    def count(self) -> int:
        """About how many rows there are (for a progress bar)."""
        return sum(len(frame) for frame, _ in self.frames(50_000))

    def has_column(self, key: str) -> bool:
        """Whether the header has the column ``key`` (reads only the start of the table)."""
        for frame, _lines in self.frames(1):
            return _column(frame, key) is not None
        return False

    def exact_lines(self, lines: set[int]) -> dict[int, int]:
        """The real lines of rows numbered as if no cell held a line break (CSV only)."""
        return {line: line for line in lines}


def _header_line(rows: Iterator[tuple[int, list[str]]], origin: str) -> tuple[int, list[str], int]:
    """The header: the first row that is neither blank nor a comment (``#…``): its line, its
    names (without trailing empty cells) and its width as written (with them)."""
    for line, cells in rows:
        if cells and not cells[0].strip().startswith("#") and any(c.strip() for c in cells):
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            _check_header(header, origin, line)
            return line, header, len(cells)
    raise ObservationError([Problem("", "no header row", file=origin)])


class _CsvSource(_Source):
    """A CSV file read by pandas' C parser, every cell as text."""

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            last = 0
            for cells in reader:
                yield last + 1, cells  # the line the record starts on
                last = reader.line_num

    def frames(self, size: int) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        line, header, width = _header_line(self._rows(), self.origin)
        # the header as written may end in empty cells (a spreadsheet's export): rows may have
        # cells under them, which must be empty; a row with more cells still is refused by the
        # parser ("Expected 4 fields in line 3, saw 5") instead of being cut silently
        blanks = [f"\x00blank {i}" for i in range(max(width - len(header), 0))]
        try:
            reader = pd.read_csv(
                self.path,
                skiprows=line,
                header=None,
                names=[*header, *blanks],
                index_col=False,
                dtype="string[pyarrow]" if _ARROW else object,
                na_filter=False,
                skip_blank_lines=False,
                encoding="utf-8-sig",
                chunksize=size,
            )
            first = line + 1
            for chunk in reader:
                lines = list(range(first, first + len(chunk)))
                first += len(chunk)
                if blanks:
                    _refuse_cells_without_column(chunk[blanks], lines, self.origin)
                    chunk = chunk.drop(columns=blanks)
                yield chunk, lines
        except pd.errors.ParserError as exc:
            raise ObservationError([_parser_problem(exc, len(header), self.origin)]) from None
        except ObservationError:
            raise
        except ValueError as exc:
            raise ObservationError(
                [Problem("", f"cannot read the table: {exc}", file=self.origin)]
            ) from None

    def count(self) -> int:
        with self.path.open("rb") as handle:
            return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))

    def exact_lines(self, lines: set[int]) -> dict[int, int]:
        """Rows are numbered by counting records; a cell holding a line break shifts the real
        line of every row after it, so the records are counted again here."""
        found: dict[int, int] = {}
        rows = self._rows()
        header_line, _header, _width = _header_line(rows, self.origin)
        record = header_line
        for line, _cells in rows:
            record += 1
            if record in lines:
                found[record] = line
        return found


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parser_problem(exc: Exception, columns: int, origin: str) -> Problem:
    """pandas' "Expected 4 fields in line 3, saw 5" as the observation reader says it."""
    found = _FIELDS.search(str(exc))
    if found is None:
        return Problem("", f"cannot read the table: {exc}", file=origin)
    return wrong_row_length(int(found[3]), columns, origin, int(found[2]))


def _refuse_cells_without_column(extra: pd.DataFrame, lines: list[int], origin: str) -> None:
    """Cells under the header's trailing empty cells must be empty too."""
    filled = (extra.fillna("").astype(str).apply(lambda c: c.str.strip()) != "").any(axis=1)
    positions = np.flatnonzero(filled.to_numpy())
    if positions.size:
        raise ObservationError(
            [
                Problem(
                    "",
                    "a cell under no column (the header has no name there)",
                    file=origin,
                    line=lines[p],
                    message_vi="có ô dữ liệu nằm dưới cột không có tên",
                )
                for p in positions[:MAX_PROBLEMS]
            ],
            subject=origin,
        )


class _XlsxSource(_Source):
    """The first sheet of a workbook, streamed (openpyxl's read-only mode)."""

    def frames(self, size: int) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise ObservationError(
                [Problem("", f"not a readable .xlsx workbook: {exc}", file=self.origin)]
            ) from exc
        try:
            sheet = workbook.worksheets[0]
            self.origin = f"{self.path} [{sheet.title}]"
            rows = (
                (line, [_text(cell) for cell in cells])
                for line, cells in enumerate(sheet.iter_rows(values_only=True), 1)
            )
            _line, header, _width = _header_line(rows, self.origin)
            chunk: list[list[str]] = []
            lines: list[int] = []
            for line, cells in rows:
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                    raise ObservationError(
                        [
                            Problem(
                                "",
                                f"{len(cells)} cells but {len(header)} columns",
                                file=self.origin,
                                line=line,
                            )
                        ]
                    )
                chunk.append(cells[: len(header)] + [""] * (len(header) - len(cells)))
                lines.append(line)
                if len(chunk) >= size:
                    yield pd.DataFrame(chunk, columns=header, dtype=object), lines
                    chunk, lines = [], []
            if chunk:
                yield pd.DataFrame(chunk, columns=header, dtype=object), lines
        finally:
            workbook.close()


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, float):
        return repr(cell).replace(".", ",")  # a number cell: exact, read in Vietnamese notation
    return str(cell)


def _source(path: Path) -> _Source:
    if not path.is_file():
        raise ObservationError([Problem("", "no such file", file=str(path))])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _CsvSource(path)
    if suffix == ".xlsx":
        return _XlsxSource(path)
    raise ObservationError(
        [Problem("", f"a table is .csv or .xlsx, not {suffix or '(none)'!r}", file=str(path))]
    )


def _column(frame: pd.DataFrame, key: str) -> str | None:
    return next((str(c) for c in frame.columns if _column_key(str(c)) == key), None)


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


def _villages(source: _Source, size: int) -> pd.DataFrame | None:
    """Every village row (one with a ``parent``), read in a first pass."""
    if not source.has_column("parent"):
        return None
    found: list[pd.DataFrame] = []
    for frame, _lines in source.frames(size):
        parent = _column(frame, "parent")
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
    parent = _column(frame, "parent")
    if parent is not None:
        keep &= (frame[parent].astype(str).str.strip() == "").to_numpy()
    unit = _column(frame, "unit")
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
    if parent is not None:
        communes = communes.drop(columns=parent)
    return communes, kept_lines


def _villages_of(villages: pd.DataFrame | None, communes: pd.DataFrame) -> pd.DataFrame | None:
    if villages is None:
        return None
    unit = _column(communes, "unit")
    assert unit is not None
    names = set(communes[unit].astype(str).str.strip())
    mine = villages[villages["parent"].astype(str).str.strip().isin(names)]
    return None if mine.empty else mine.reset_index(drop=True)


# --- writing ----------------------------------------------------------------------------------


def _with_exact_lines(error: ObservationError, source: _Source) -> ObservationError:
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


def rows_in(path: Path) -> int:
    """About how many rows ``path`` holds (a progress bar's total)."""
    return _source(path).count()
