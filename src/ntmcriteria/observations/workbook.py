"""Reading an ``.xlsx`` workbook without guessing: which sheet, which cells, which values.

* **One data sheet.** The sheet read is the one named (``sheet=``, ``--sheet``), else the only
  sheet holding data. Two sheets holding data, or a hidden sheet holding data, are refused with
  the sheets named: a hidden sheet is not what the person who sent the file sees.
* **Formulas need their values.** A formula cell is read by the value the spreadsheet saved with
  it; a formula without a saved value (a workbook written by a program that does not calculate)
  is refused with its cell, never read as "no data".
* **The cells as they are.** The sheet's ``<dimension>`` tag is not trusted (a stale one would
  cut rows or columns; a false ``A1:XFD1048576`` would make millions of empty cells): rows are read
  as they are stored.
* **Bounded.** At most :data:`MAX_COLUMNS` columns; the workbook's parts may expand to at most
  :data:`MAX_EXPANDED_BYTES` (a "zip bomb" is refused before anything is parsed), its worksheets
  too when the whole workbook is read (``ntm batch`` streams them, so has no bound there).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import zip_longest
from pathlib import Path
from typing import Any

from ..core.errors import ObservationError, Problem

__all__ = ["MAX_COLUMNS", "MAX_EXPANDED_BYTES", "Book", "Sheet", "open_workbook"]

#: the widest row read (Excel allows 16,384 columns; a set's wide row needs a few hundred)
MAX_COLUMNS = 4096
#: the most the workbook's parts may expand to (its worksheets excepted when streamed)
MAX_EXPANDED_BYTES = 256 << 20

_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


class Sheet:
    """One worksheet: its title, whether it is hidden, and its rows."""

    def __init__(self, book: Book, index: int) -> None:
        self.book = book
        self.index = index
        self._values = book.values.worksheets[index]
        self.title: str = self._values.title
        self.hidden = getattr(self._values, "sheet_state", "visible") != "visible"
        self.origin = f"{book.origin} [{self.title}]"

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Each stored row (line, cells), trailing empty cells left out; a formula without a
        saved value or a row wider than :data:`MAX_COLUMNS` is a located ObservationError."""
        try:
            yield from self._rows()
        except ObservationError:
            raise
        except Exception as exc:  # openpyxl raises many types for a broken sheet
            raise _unreadable(self.origin, exc) from None

    def _rows(self) -> Iterator[tuple[int, list[Any]]]:
        self._values.reset_dimensions()
        values = self._values.iter_rows(values_only=True)
        if not self.book.has_formulas:
            for line, cells in enumerate(values, 1):
                yield line, self._trimmed(cells, line)
            return
        assert self.book.formulas is not None  # loaded whenever the workbook has formulas
        formulas_sheet = self.book.formulas.worksheets[self.index]
        formulas_sheet.reset_dimensions()
        formulas = formulas_sheet.iter_rows(values_only=True)
        for line, (cells, written) in enumerate(zip_longest(values, formulas, fillvalue=()), 1):
            row = self._trimmed(cells, line)
            for column, (value, formula) in enumerate(zip_longest(row, written or ()), 1):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    raise ObservationError([self._no_value(line, column, formula)])
            yield line, row

    def has_data(self) -> bool:
        """Whether any cell holds something (reads until the first one)."""
        return any(any(_filled(c) for c in cells) for _line, cells in self.rows())

    def _trimmed(self, cells: tuple[Any, ...], line: int) -> list[Any]:
        row = list(cells)
        while row and row[-1] is None:
            row.pop()
        if len(row) > MAX_COLUMNS:
            raise ObservationError(
                [
                    Problem(
                        "",
                        f"a row of {len(row):,} columns (at most {MAX_COLUMNS:,} are read)",
                        file=self.origin,
                        line=line,
                        message_vi=f"dòng có {len(row):,} cột (tối đa {MAX_COLUMNS:,})",
                    )
                ]
            )
        return row

    def _no_value(self, line: int, column: int, formula: str) -> Problem:
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(column)}{line}"
        return Problem(
            "",
            f"cell {cell} holds a formula ({formula[:40]}) with no saved value: the workbook"
            " was written by a program that does not calculate; open and save it in a"
            " spreadsheet, or type the value",
            file=self.origin,
            line=line,
            message_vi=f"ô {cell} là công thức chưa có giá trị: mở và lưu lại tệp bằng Excel"
            " hoặc LibreOffice, hoặc nhập giá trị",
        )


def _filled(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


class Book:
    """A workbook opened for reading (both its saved values and, when it has any, formulas)."""

    def __init__(self, raw: bytes | Path, origin: str, *, streamed: bool) -> None:
        from openpyxl import load_workbook

        self.origin = origin
        self._raw = raw
        self.has_formulas = self._inspect(streamed)
        self.values = self._load(load_workbook, data_only=True)
        self.formulas = self._load(load_workbook, data_only=False) if self.has_formulas else None
        self.sheets = [Sheet(self, i) for i in range(len(self.values.worksheets))]

    def _archive(self) -> zipfile.ZipFile:
        source = io.BytesIO(self._raw) if isinstance(self._raw, bytes) else self._raw
        return zipfile.ZipFile(source)

    def _inspect(self, streamed: bool) -> bool:
        """Refuse a workbook that would expand beyond the limit; whether it has formulas."""
        try:
            with self._archive() as archive:
                parts = archive.infolist()
                counted = [p for p in parts if not (streamed and _WORKSHEET.fullmatch(p.filename))]
                expanded = sum(p.file_size for p in counted)
                if expanded > MAX_EXPANDED_BYTES:
                    raise ObservationError(
                        [
                            Problem(
                                "",
                                f"the workbook expands to {expanded >> 20:,} MiB (at most"
                                f" {MAX_EXPANDED_BYTES >> 20} MiB are read)",
                                file=self.origin,
                                message_vi="tệp Excel quá lớn khi giải nén",
                            )
                        ]
                    )
                return any(
                    _has_formula(archive, p) for p in parts if _WORKSHEET.fullmatch(p.filename)
                )
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise _unreadable(self.origin, exc) from None

    def _load(self, load_workbook: Any, *, data_only: bool) -> Any:
        source = io.BytesIO(self._raw) if isinstance(self._raw, bytes) else self._raw
        try:
            return load_workbook(source, read_only=True, data_only=data_only)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise _unreadable(self.origin, exc) from None

    def data_sheet(self, name: str | None = None) -> Sheet:
        """The sheet named, or the only one holding data; anything else is refused."""
        if name is not None:
            for sheet in self.sheets:
                if sheet.title == name:
                    return sheet
            titles = ", ".join(repr(s.title) for s in self.sheets)
            raise ObservationError(
                [
                    Problem(
                        "",
                        f"no sheet {name!r} (the sheets: {titles})",
                        file=self.origin,
                        message_vi=f"không có trang tính {name!r}",
                    )
                ]
            )
        holding = [sheet for sheet in self.sheets if sheet.has_data()]
        if not holding:
            raise ObservationError([Problem("", "no sheet holds data", file=self.origin)])
        hidden = [sheet for sheet in holding if sheet.hidden]
        if len(holding) == 1 and not hidden:
            return holding[0]
        titles = ", ".join(f"{s.title!r}" + (" (hidden)" if s.hidden else "") for s in holding)
        raise ObservationError(
            [
                Problem(
                    "",
                    f"{len(holding)} sheets hold data ({titles}): name the one to read"
                    " (sheet=… in Python, --sheet on the command line)"
                    if len(holding) > 1
                    else f"the sheet holding data is hidden ({titles}): name it to read it"
                    " (sheet=… in Python, --sheet on the command line)",
                    file=self.origin,
                    message_vi="tệp có trang tính ẩn hoặc nhiều trang tính có dữ liệu: hãy chỉ rõ"
                    " trang cần đọc (--sheet)",
                )
            ]
        )

    def close(self) -> None:
        self.values.close()
        if self.formulas is not None:
            self.formulas.close()


def _has_formula(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a worksheet's XML holds a formula element (read in blocks, never whole)."""
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(1 << 20):
            if _FORMULA.search(tail + block):
                return True
            tail = block[-64:]
    return False


def _unreadable(origin: str, exc: BaseException) -> ObservationError:
    return ObservationError(
        [
            Problem(
                "",
                f"not a readable .xlsx workbook: {exc}",
                file=origin,
                message_vi="không đọc được tệp Excel (.xlsx)",
            )
        ]
    )


@contextmanager
def open_workbook(source: bytes | Path, origin: str, *, streamed: bool = False) -> Iterator[Book]:
    """The workbook at ``source`` (its bytes, or a path when ``streamed``), closed after use."""
    book = Book(source, origin, streamed=streamed)
    try:
        yield book
    finally:
        book.close()
