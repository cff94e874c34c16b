"""The table ``ntm batch`` reads: CSV or XLSX rows as text cells, in DataFrame chunks.

Each chunk comes with a number for each row. For a workbook it is the row's line. For a CSV it
is the row's *record* number (see :func:`_counted`), turned into the real line by
:meth:`_Source.exact_lines` only when a problem is reported: a quoted cell may span lines, and
counting lines for every row would cost as much as reading the file again.

A CSV is read by pyarrow's streaming reader, which also checks that every row has as many cells
as the header is wide. A row it cannot take as it is (a short row, a comment or blank row of
another width, a row without the header's trailing empty cells) makes the reader go on from that
chunk with Python's csv module, which applies the table rule of :mod:`..observations.table` and
reports every wrong row with its line. Both paths number rows the same way.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ..core.errors import ObservationError, Problem
from ..observations.files import _check_header, _column_key
from ..observations.table import (
    MAX_CELL_CHARS,
    cell_under_no_column,
    csv_records,
    nul_in_row,
    row_problem,
    skipped_row,
    unreadable_row,
)
from ..observations.workbook import open_workbook

__all__ = ["MAX_PROBLEMS", "Source", "column_of", "open_source"]

#: stop reading after this many problems (each with its line)
MAX_PROBLEMS = 200

#: pyarrow reads a CSV in blocks of this size (a longer row is read by the csv module): small
#: blocks keep the peak memory low (16 MiB blocks cost 300 MB more on a 200-column table)
_BLOCK_BYTES = 1 << 20

_STRINGS = {pa.string(): pd.StringDtype("pyarrow")}


def column_of(frame: pd.DataFrame, key: str) -> str | None:
    """The frame's column for ``key`` (a header may be ``measure [unit]``)."""
    return next((str(c) for c in frame.columns if _column_key(str(c)) == key), None)


class Source:
    """The rows of a table as text cells, in DataFrame chunks with a number for each row."""

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
            return column_of(frame, key) is not None
        return False

    def exact_lines(self, numbers: set[int]) -> dict[int, int]:
        """The real line of each row number given (a workbook's numbers are its lines)."""
        return {number: number for number in numbers}


def _header(rows: Iterator[tuple[int, list[str]]], origin: str) -> tuple[int, list[str], int]:
    """The header: the first row that is not skipped (blank or a comment): its line, its names
    (without trailing empty cells) and its width as written (with them)."""
    for line, cells in rows:
        if not skipped_row(cells):
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            _check_header(header, origin, line)
            return line, header, len(cells)
    raise ObservationError([Problem("", "no header row", file=origin)])


def _counted(cells: list[str], width: int) -> bool:
    """Whether a CSV record gets a row number: what pyarrow yields as a row (a record as wide as
    the header, whatever it holds) and every row that is not skipped; not an empty line, nor a
    comment or blank row of another width (pyarrow's reader is told to drop those)."""
    return bool(cells) and (len(cells) == width or not skipped_row(cells))


def _may_hold_nul(column: pa.ChunkedArray) -> bool:
    """Whether a string column's character data holds a zero byte: one pass over its buffers
    (which may hold rows beyond a slice: a hit is then checked cell by cell)."""
    for chunk in column.chunks:
        data = chunk.buffers()[-1]
        if data is not None and data.size and not np.frombuffer(data, dtype=np.uint8).all():
            return True
    return False


class CsvSource(Source):
    """A UTF-8 CSV file, every cell as text."""

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        line = 0
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                for line, cells in csv_records(handle, self.origin):
                    yield line, cells
        except UnicodeDecodeError as exc:
            raise ObservationError(
                [
                    Problem(
                        "",
                        f"not UTF-8 text ({exc.reason}); save the table as CSV UTF-8",
                        file=self.origin,
                        line=line + 1,
                        message_vi="tệp không phải văn bản UTF-8 (hãy lưu dạng CSV UTF-8)",
                    )
                ],
                subject=self.origin,
            ) from None

    def _start(self) -> tuple[list[str], int, int]:
        """The header's names, its width as written, and its row number."""
        line, header, width = _header(self._records(), self.origin)
        before = 0
        for start, cells in self._records():
            if start >= line:
                break
            before += _counted(cells, width)
        return header, width, before + 1

    def frames(self, size: int) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        header, width, header_number = self._start()
        names = [*header, *(f"\x00blank {i}" for i in range(width - len(header)))]
        done = 0  # rows read so far, the header and the rows before it included
        for table in self._fast_tables(names, size):
            if table is None:  # a row the fast reader cannot take: the csv module goes on
                yield from self._slow_frames(header, width, max(done, header_number), size)
                return
            skip = min(max(header_number - done, 0), table.num_rows)
            first = done + skip + 1
            done += table.num_rows
            table = table.slice(skip)
            for offset in range(0, table.num_rows, size):
                part = table.slice(offset, size)
                numbers = list(range(first + offset, first + offset + part.num_rows))
                self._check_cells(part, numbers, len(header))
                frame = part.select(header).to_pandas(types_mapper=_STRINGS.get)
                yield frame, numbers

    def _fast_tables(self, names: list[str], size: int) -> Iterator[pa.Table | None]:
        """pyarrow's record batches gathered into tables of at least ``size`` rows; ``None`` as
        soon as a row needs the csv module (a row of another length, a row longer than a block,
        text that is not UTF-8: the csv module reads on from the last table given, and says
        precisely what is wrong)."""
        unusual: list[bool] = []

        def handle(row: Any) -> str:
            if not _skipped_text(row.text):
                unusual.append(True)
            return "skip"

        pending: list[pa.RecordBatch] = []
        rows = 0
        try:
            reader = pa_csv.open_csv(
                self.path,
                read_options=pa_csv.ReadOptions(
                    column_names=names, block_size=_BLOCK_BYTES, use_threads=False
                ),
                parse_options=pa_csv.ParseOptions(
                    newlines_in_values=True, invalid_row_handler=handle
                ),
                convert_options=pa_csv.ConvertOptions(
                    column_types={name: pa.string() for name in names},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            for batch in reader:
                if unusual:
                    break
                pending.append(batch)
                rows += batch.num_rows
                if rows >= size:
                    yield pa.Table.from_batches(pending)
                    pending, rows = [], 0
        except pa.ArrowException:
            unusual.append(True)
        if unusual:
            yield None
        elif pending:
            yield pa.Table.from_batches(pending)

    def _check_cells(self, table: pa.Table, numbers: list[int], columns: int) -> None:
        """No cell longer than the limit; no filled cell under the header's empty names."""
        problems: list[Problem] = []
        for index, column in enumerate(table.columns):
            if _may_hold_nul(column):  # then find the cells (the buffers' bytes are checked first)
                holding = pc.match_substring(column, "\x00").to_numpy(zero_copy_only=False)
                for position in np.flatnonzero(holding)[:MAX_PROBLEMS]:
                    problems.append(nul_in_row(self.origin, numbers[position]))
            lengths = pc.utf8_length(column)
            if index >= columns:
                filled = pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(column)), 0)
            else:
                filled = pc.greater(lengths, MAX_CELL_CHARS)
            for position in np.flatnonzero(filled.to_numpy(zero_copy_only=False))[:MAX_PROBLEMS]:
                line = numbers[position]
                problems.append(
                    cell_under_no_column(self.origin, line)
                    if index >= columns
                    else unreadable_row("a cell too long", self.origin, line)
                )
        if problems:
            problems.sort(key=lambda p: p.line or 0)
            raise ObservationError(problems[:MAX_PROBLEMS], subject=self.origin)

    def _slow_frames(
        self, header: list[str], width: int, after: int, size: int
    ) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        """The rows numbered after ``after``, read with the csv module under the table rule."""
        yield from _frames(self._slow_rows(header, width, after), header, size)

    def _slow_rows(
        self, header: list[str], width: int, after: int
    ) -> Iterator[tuple[int, list[str]]]:
        """Each row numbered after ``after`` that the table rule takes; every row it refuses
        (up to :data:`MAX_PROBLEMS`) is reported at the end, and no row is given after one."""
        problems: list[Problem] = []
        number = 0
        for _line, cells in self._records():
            if not _counted(cells, width):
                continue
            number += 1
            if number <= after or skipped_row(cells):
                continue
            problem = row_problem(cells, len(header), width, self.origin, number)
            if problem is not None:
                problems.append(problem)
                if len(problems) >= MAX_PROBLEMS:
                    break
            elif not problems:
                yield number, cells
        if problems:
            raise ObservationError(problems, subject=self.origin)

    def count(self) -> int:
        with self.path.open("rb") as handle:
            return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))

    def exact_lines(self, numbers: set[int]) -> dict[int, int]:
        """Row numbers count records (see :func:`_counted`); their lines are found again here."""
        _header_line, _names, width = _header(self._records(), self.origin)
        found: dict[int, int] = {}
        number = 0
        with contextlib.suppress(ObservationError):  # a row it cannot read: lines so far
            for line, cells in self._records():
                if _counted(cells, width):
                    number += 1
                    if number in numbers:
                        found[number] = line
        return found


def _skipped_text(text: str) -> bool:
    """Whether a record's text is a row the table rule skips (a comment, a blank row)."""
    try:
        cells = next(csv.reader([text]), [])
    except csv.Error:
        return False
    return skipped_row(cells)


class XlsxSource(Source):
    """The data sheet of a workbook, streamed (see :mod:`..observations.workbook`)."""

    def __init__(self, path: Path, sheet: str | None = None) -> None:
        super().__init__(path)
        self.sheet = sheet

    def frames(self, size: int) -> Iterator[tuple[pd.DataFrame, list[int]]]:
        with open_workbook(self.path, str(self.path), streamed=True) as book:
            sheet = book.data_sheet(self.sheet)
            self.origin = sheet.origin
            rows = ((line, [_text(cell) for cell in cells]) for line, cells in sheet.rows())
            _line, header, width = _header(rows, self.origin)
            yield from _frames(self._taken(rows, header, width), header, size)

    def _taken(
        self, rows: Iterator[tuple[int, list[str]]], header: list[str], width: int
    ) -> Iterator[tuple[int, list[str]]]:
        """The rows the table rule takes (a workbook's row may end before its last columns)."""
        for line, cells in rows:
            if skipped_row(cells):
                continue
            cells += [""] * (len(header) - len(cells))
            problem = row_problem(cells, len(header), width, self.origin, line)
            if problem is not None:
                raise ObservationError([problem], subject=self.origin)
            yield line, cells


def _frames(
    rows: Iterator[tuple[int, list[str]]], header: list[str], size: int
) -> Iterator[tuple[pd.DataFrame, list[int]]]:
    """Numbered rows as DataFrames of ``size`` rows (text cells under the header's names)."""
    chunk: list[list[str]] = []
    numbers: list[int] = []
    for number, cells in rows:
        chunk.append(cells[: len(header)])
        numbers.append(number)
        if len(chunk) >= size:
            yield pd.DataFrame(chunk, columns=header, dtype=object), numbers
            chunk, numbers = [], []
    if chunk:
        yield pd.DataFrame(chunk, columns=header, dtype=object), numbers


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


def open_source(path: Path, sheet: str | None = None) -> Source:
    """The table at ``path`` (``.csv`` or ``.xlsx``; ``sheet`` names a workbook's data sheet)."""
    if not path.is_file():
        raise ObservationError([Problem("", "no such file", file=str(path))])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise ObservationError([Problem("", "a CSV file has no sheets", file=str(path))])
        return CsvSource(path)
    if suffix == ".xlsx":
        return XlsxSource(path, sheet)
    raise ObservationError(
        [Problem("", f"a table is .csv or .xlsx, not {suffix or '(none)'!r}", file=str(path))]
    )
