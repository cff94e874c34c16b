"""The appendix table (phụ biểu) as an Excel workbook: a sheet per unit and village (and per tier),
coloured statuses, a frozen header, then the same sections as every format (why, conditions,
audit, unused values, legal basis and sources, villages)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.files import save_workbook
from ..core.text import check_lang
from ..evaluation.results import SetResult

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ..evaluation.assess import TierAssessment
from .common import (
    _FILLS,
    _HEADERS,
    _basis,
    _generator,
    _group_heading,
    _groups,
    _rows,
    _sections,
    _word,
)

#: rows above the table: title, unit and decision, legal basis; the header is the next row
XLSX_HEADER_ROW = 4


def _sheet_title(workbook: Workbook, wanted: str) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of ``[]:*?/\\``), unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "-", wanted).strip("'") or "-"
    title, number = base[:31], 2
    while title in workbook.sheetnames:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    return title


def _xlsx_sheet(workbook: Workbook, result: SetResult, title: str, lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = workbook.create_sheet(_sheet_title(workbook, title))
    ws.append([result.set_title.get(lang)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            f"{result.unit.name} — {result.year or ''}",
            result.summary(lang),
            result.status.label.get(lang),
        ]
    )
    ws["C2"].fill = PatternFill("solid", fgColor=_FILLS[result.status])
    ws.append([_word("basis", lang), _basis(result, lang)])
    workbook.properties.description = _generator(result)
    ws.append(list(_HEADERS[lang]))
    for cell in ws[XLSX_HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    ws.freeze_panes = f"A{XLSX_HEADER_ROW + 1}"
    for group_id, group_title, criteria in _groups(result):
        if group_title is not None:
            ws.append([_group_heading(group_id, group_title, lang)])
            ws[ws.max_row][0].font = Font(bold=True, italic=True)
        for criterion in criteria:
            (cid, ctitle, _, counts, status, _), *indicators = _rows(criterion, lang)
            ws.append([cid, ctitle, None, None, f"{status.label.get(lang)} ({counts})", None])
            row = ws[ws.max_row]
            for cell in row:
                cell.font = Font(bold=True)
            row[4].fill = PatternFill("solid", fgColor=_FILLS[status])
            for iid, ititle, requirement, observed, status, source in indicators:
                ws.append([iid, ititle, requirement, observed, status.label.get(lang), source])
                ws[ws.max_row][4].fill = PatternFill("solid", fgColor=_FILLS[status])
    for section in _sections(result, lang):
        ws.append([])
        ws.append([section.title])
        ws[ws.max_row][0].font = Font(bold=True)
        for line in section.lines:
            ws.append([None, line])
            ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=6)
    for column, width in zip("ABCDEF", (10, 60, 30, 36, 18, 40), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=XLSX_HEADER_ROW + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _print_setup(ws)


def _print_setup(ws: Any) -> None:
    """A4 landscape, fitted to the page width, the header row repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{XLSX_HEADER_ROW}:{XLSX_HEADER_ROW}"
    ws.print_area = f"A1:F{ws.max_row}"
    ws.page_margins.left = ws.page_margins.right = 0.5


def _new_workbook() -> Workbook:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    return workbook


def to_xlsx(result: SetResult, path: str | Path, lang: str = "vi") -> Path:
    """The appendix table as a formatted workbook: a sheet for the unit and one per village.

    Title, unit and decision, legal basis, then the frozen header (row 4); column widths, a fill
    colour per status; one row per criterion (bold), per indicator and per set condition.
    """
    lang = check_lang(lang)
    workbook = _new_workbook()
    _xlsx_sheet(workbook, result, result.unit.name, lang)
    for village in result.villages:
        _xlsx_sheet(workbook, village, village.unit.name, lang)
    return save_workbook(workbook, path)


def assessment_to_xlsx(assessment: TierAssessment, path: str | Path, lang: str = "vi") -> Path:
    """A tier ladder as a workbook: a first sheet listing the tiers and the decision, then a
    sheet per tier (named after the tier) and per village of each tier."""
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = check_lang(lang)
    workbook = _new_workbook()
    ws = workbook.create_sheet(_word("tiers", lang))
    ws.append([f"{_word('ladder', lang)} — {assessment.unit.name}", assessment.year])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        ["Bộ tiêu chí", "Hạng", "Đánh giá", "Kết quả"]
        if lang == "vi"
        else ["Criteria set", "Tier", "Assessment", "Result"]
    )
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for step in assessment.steps:
        ws.append(
            [step.result.set_title.get(lang), step.title.get(lang), step.status.label.get(lang)]
        )
        ws.cell(ws.max_row, 4, step.result.summary(lang))
        ws[ws.max_row][2].fill = PatternFill("solid", fgColor=_FILLS[step.status])
    ws.append([])
    for line in assessment.to_text(lang, ids=False).splitlines():
        ws.append([line])
    for column, width in zip("ABCD", (44, 50, 16, 70), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=3, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for step in assessment.steps:
        _xlsx_sheet(workbook, step.result, step.tier, lang)
        for village in step.result.villages:
            _xlsx_sheet(workbook, village, f"{step.tier} - {village.unit.name}", lang)
    return save_workbook(workbook, path)
