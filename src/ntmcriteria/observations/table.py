"""The rows of a CSV table, as the observation reader and ``ntm batch`` both read them.

One rule for both readers: a record that is empty, a comment (first cell ``#…``) or blank (every
cell empty) is skipped, whatever its length; every other row has one cell per column of the
header, and none beyond the header as written (whose trailing empty cells, a spreadsheet's
export, may have empty cells under them). A short row is refused (an empty cell is how a CSV says
"no data", a missing one is a broken file), and so is a row with a cell too many (an unquoted
``52,15`` split in two shifts every value after it, whatever the last cell holds). A cell longer
than :data:`MAX_CELL_CHARS` is refused with its line rather than read. A workbook's or a
DataFrame's cells are read by the same words: :func:`blank_cell` is "no data", :func:`plain_cell`
a numpy scalar as the Python value.
"""

from __future__ import annotations

import contextlib
import csv
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..core.errors import ObservationError, Problem

__all__ = [
    "MAX_CELL_CHARS",
    "Row",
    "blank_cell",
    "csv_records",
    "nul_in_row",
    "plain_cell",
    "row_problem",
    "skipped_row",
    "unreadable_row",
    "wrong_row_length",
]

#: the longest cell a CSV table may hold (Python's csv default field size limit)
MAX_CELL_CHARS = 131_072

#: a table row: its line (or row number) in the source, and its cells by column
Row = tuple[int, dict[str, Any]]


def skipped_row(cells: Sequence[str]) -> bool:
    """An empty record, a comment (first cell ``#…``) or a row of empty cells."""
    return not cells or cells[0].strip().startswith("#") or not any(c.strip() for c in cells)


def wrong_row_length(cells: int, columns: int, origin: str | None, line: int | None) -> Problem:
    """A table row with ``cells`` cells under a header of ``columns`` columns."""
    more = cells > columns
    return Problem(
        "",
        f"{cells} cells but {columns} columns: "
        + (
            "a cell too many (a comma in a number such as 52,15 must be in quotes)"
            if more
            else "every row needs a cell for each column (leave it empty for no data)"
        ),
        file=origin,
        line=line,
        message_vi=f"dòng có {cells} ô nhưng bảng có {columns} cột"
        + (
            " (số có dấu phẩy như 52,15 phải đặt trong ngoặc kép)"
            if more
            else " (ô không có số liệu thì để trống)"
        ),
    )


def cell_under_no_column(origin: str | None, line: int | None) -> Problem:
    return Problem(
        "",
        "a cell under no column (the header has no name there)",
        file=origin,
        line=line,
        message_vi="có ô dữ liệu nằm dưới cột không có tên",
    )


def row_problem(
    cells: Sequence[str], columns: int, width: int, origin: str | None, line: int | None
) -> Problem | None:
    """What is wrong with a (not skipped) row under a header of ``columns`` named columns,
    written ``width`` cells wide (a spreadsheet's export may end the header in empty cells; the
    row's cells under those must be empty). A cell beyond the header as written, even an empty
    one, is refused: ``Kỳ Châu,2022,52,15,`` has shifted its values whatever its last cell."""
    if len(cells) < columns or len(cells) > max(width, columns):
        return wrong_row_length(len(cells), columns, origin, line)
    if any(cells[i].strip() for i in range(columns, len(cells))):
        return cell_under_no_column(origin, line)
    return None


def csv_records(lines: Iterable[str], origin: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text with the line it starts on (a quoted cell may span lines).

    A cell longer than :data:`MAX_CELL_CHARS` is a located :class:`ObservationError`.
    """
    reader = csv.reader(lines)
    ended = 0  # the line the previous record ended on
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ObservationError(
                [unreadable_row(str(exc), origin, ended + 1)], subject=origin
            ) from None
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):  # csv's own limit is global state
            raise ObservationError(
                [unreadable_row("a cell too long", origin, ended + 1)], subject=origin
            )
        if any("\x00" in cell for cell in cells):
            raise ObservationError([nul_in_row(origin, ended + 1)], subject=origin)
        yield ended + 1, cells
        ended = reader.line_num


def nul_in_row(origin: str | None, line: int | None) -> Problem:
    """A row holding a NUL character, which no text table does: a binary file, or one saved in
    another encoding (UTF-16) — refused rather than read as names and values."""
    return Problem(
        "",
        "a NUL character: this is not a UTF-8 text table (a binary file, or saved as UTF-16?)",
        file=origin,
        line=line,
        message_vi="có ký tự NUL: đây không phải bảng văn bản UTF-8 (tệp nhị phân, hay lưu dạng "
        "UTF-16?)",
    )


def unreadable_row(reason: str, origin: str | None, line: int | None) -> Problem:
    """A row the reader cannot take: a csv error, a cell too long."""
    return Problem(
        "",
        f"cannot read the row: {reason} (a cell holds at most {MAX_CELL_CHARS:,} characters;"
        " a quote left open swallows the rows after it)",
        file=origin,
        line=line,
        message_vi="không đọc được dòng (ô quá dài, hoặc dấu ngoặc kép chưa đóng)",
    )


def blank_cell(cell: Any) -> bool:
    """An empty cell — None, NaN, or only white space — which is "no data"."""
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def plain_cell(value: Any) -> Any:
    """A DataFrame/Excel cell as the library reads it (numpy scalars to Python)."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bytes):
        with contextlib.suppress(TypeError, ValueError):
            value = item()
    return value
