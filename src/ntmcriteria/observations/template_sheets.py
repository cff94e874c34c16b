"""The fill-in workbook template's sheets (one per unit), read back as table rows.

``ntm template`` writes a sheet per unit (:mod:`.templates`): a mark in its first cell, the unit's
particulars as label/value rows (``Đơn vị``, ``Năm đánh giá``, …), then one row per measure under
:data:`TEMPLATE_COLUMNS`. :func:`template_rows` turns filled-in sheets into the wide rows every
tabular reader takes (``<measure> [unit]``, ``<measure>.source``, ``<measure>.note``).
"""

from __future__ import annotations

from typing import Any

from ..core.errors import ObservationError, Problem
from .table import Row, blank_cell, plain_cell
from .workbook import Sheet

__all__ = ["META_LABELS", "TEMPLATE_COLUMNS", "TEMPLATE_MARK", "is_template", "template_rows"]

TEMPLATE_MARK = "ntmcriteria-template"
TEMPLATE_COLUMNS = (
    "Mã số",
    "Chỉ tiêu",
    "Nội dung",
    "Yêu cầu",
    "Giá trị",
    "Đơn vị",
    "Nguồn",
    "Ghi chú",
)
META_LABELS = {
    "Đơn vị": "unit",
    "Cấp": "level",
    "Tỉnh": "province",
    "Vùng": "region",
    "Năm đánh giá": "year",
    "Bộ tiêu chí": "set",
    "Thuộc xã": "parent",
}


def is_template(sheet: Sheet) -> bool:
    for _line, cells in sheet.rows():
        return bool(cells) and cells[0] == TEMPLATE_MARK
    return False


def template_rows(sheets: list[tuple[str, list[list[Any]]]], origin: str) -> list[Row]:
    """Fill-in template sheets (one per unit) as wide rows."""
    rows: list[Row] = []
    for title, table in sheets:
        if not table or not table[0] or table[0][0] != TEMPLATE_MARK:
            continue
        cells: dict[str, Any] = {}
        header_line = None
        for number, row in enumerate(table, 1):
            first = row[0] if row else None
            if header_line is None:
                if isinstance(first, str) and first.strip() in META_LABELS and len(row) > 1:
                    if not blank_cell(row[1]):
                        cells[META_LABELS[first.strip()]] = plain_cell(row[1])
                elif first == TEMPLATE_COLUMNS[0]:
                    header_line = number
                continue
            if blank_cell(first):
                continue
            measure = str(first).strip()
            value, unit, source, note = (row + [None] * 8)[4:8]
            if blank_cell(value):
                continue
            column = f"{measure} [{unit}]" if not blank_cell(unit) else measure
            cells[column] = plain_cell(value)
            if not blank_cell(source):
                cells[f"{measure}.source"] = str(source)
            if not blank_cell(note):
                cells[f"{measure}.note"] = str(note)
        if "unit" not in cells:
            raise ObservationError(
                [Problem("/unit", f"sheet {title!r}: the 'Đơn vị' row is empty", file=origin)]
            )
        level = str(cells.get("level", "commune")).strip().lower()
        cells["level"] = {"xã": "commune", "thôn": "village"}.get(level, level)
        rows.append((2, cells))  # the 'Đơn vị' row of the sheet
    communes = [c["unit"] for _, c in rows if c["level"] == "commune"]
    for _, cells in rows:
        if cells["level"] == "village" and "parent" not in cells and len(communes) == 1:
            cells["parent"] = communes[0]  # a village sheet of the commune's workbook
    return rows
