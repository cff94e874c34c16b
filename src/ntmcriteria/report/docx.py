"""The appendix (phụ biểu) as a Word document, laid out as officials file it.

The national heading (Quốc hiệu, tiêu ngữ) beside the issuing office and the number, the place
and date; the title; one table per group in the columns officials use (TT | Nội dung tiêu chí |
Yêu cầu đạt | Kết quả thực hiện | Đánh giá), its header row repeated on every page; the
decision, then the sections every format shares (why, conditions, audit, unused values, legal
basis and sources, villages), then each village's appendix; a signature
block. A4 portrait, margins and type as Nghị định 30/2020/NĐ-CP sets for administrative documents
(20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 13). The heading and signature
fields come from a :class:`Meta` (``--meta FILE``); those not given are dotted lines to fill in.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..core.errors import ArgumentError
from ..core.files import atomic_output
from ..core.text import check_lang
from ..evaluation.results import SetResult
from .common import (
    _FILLS,
    _basis,
    _generator,
    _group_heading,
    _groups,
    _place,
    _rows,
    _sections,
    _word,
)

if TYPE_CHECKING:
    from ..evaluation.assess import TierAssessment

__all__ = ["Meta", "assessment_to_docx", "read_meta", "to_docx"]

_DOTS = "…………………"
_COLUMNS = {
    "vi": ("TT", "Nội dung tiêu chí", "Yêu cầu đạt", "Kết quả thực hiện", "Đánh giá"),
    "en": ("No.", "Criterion", "Requirement", "Result", "Assessment"),
}
#: column widths in centimetres: the A4 text width (21 - 3 - 1.5 = 16.5 cm)
_WIDTHS = (1.3, 6.0, 3.2, 3.6, 2.4)


@attrs.frozen(slots=True)
class Meta:
    """The heading and signature of the document; what is not given is left to fill in."""

    office: str | None = None  # cơ quan ban hành: "UBND XÃ KỲ CHÂU"
    superior: str | None = None  # cơ quan cấp trên: "UBND HUYỆN KỲ ANH"
    number: str | None = None  # số, ký hiệu: "12/BC-UBND"
    place: str | None = None  # địa danh: "Kỳ Châu"
    date: str | None = None  # "2024-11-30"
    signer_title: str | None = None  # "CHỦ TỊCH"
    signer_name: str | None = None


_META_KEYS = {a.name for a in attrs.fields(Meta)}


def read_meta(data: Mapping[str, Any] | None) -> Meta:
    """A :class:`Meta` from plain data (a ``--meta`` YAML file); unknown keys are refused."""
    if data is None:
        return Meta()
    if not isinstance(data, Mapping):
        raise ArgumentError("meta: expected a mapping of heading and signature fields")
    unknown = set(data) - _META_KEYS
    if unknown:
        raise ArgumentError(
            f"meta: unknown key(s) {sorted(map(str, unknown))}; expected {sorted(_META_KEYS)}"
        )
    bad = [k for k, v in data.items() if v is not None and not isinstance(v, str | int)]
    if bad:
        raise ArgumentError(f"meta: {bad[0]}: expected text")
    return Meta(**{k: None if v is None else str(v) for k, v in data.items()})


def _date_line(meta: Meta, lang: str) -> str:
    place = meta.place or _DOTS
    if meta.date and len(parts := meta.date.split("-")) == 3:
        year, month, day = parts
        if lang == "vi":
            return f"{place}, ngày {int(day)} tháng {int(month)} năm {year}"
        return f"{place}, {meta.date}"
    return f"{place}, ngày … tháng … năm …" if lang == "vi" else f"{place}, date …"


def _setup(document: Any) -> None:
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "Times New Roman"
    )


def _heading(document: Any, meta: Meta, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    lines_left = [
        (meta.superior or ("" if meta.office else _DOTS)).upper(),
        (meta.office or _DOTS).upper(),
        f"{'Số' if lang == 'vi' else 'No.'}: {meta.number or _DOTS}",
    ]
    lines_right = (
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        if lang == "vi"
        else ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"]
    )
    lines_right.append(_date_line(meta, lang))
    for cell, lines in ((left, lines_left), (right, lines_right)):
        cell.paragraphs[0].text = ""
        for index, text in enumerate(line for line in lines if line):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = index < 2 and not text.startswith(("Số:", "No.:"))
            run.italic = index == len(lines) - 1 and cell is right
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _result(document: Any, result: SetResult, lang: str, level: int) -> None:
    from docx.shared import Cm

    document.add_heading(result.set_title.get(lang), level=level)
    document.add_paragraph(f"{_word('unit', lang)}: {_place(result)}")
    document.add_paragraph(f"{_word('year', lang)}: {result.year or '–'}")
    document.add_paragraph(f"{_word('basis', lang)}: {_basis(result, lang)}")
    for group_id, group_title, criteria in _groups(result):
        if group_title is not None:
            document.add_heading(_group_heading(group_id, group_title, lang), level=level + 1)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        header = table.rows[0]
        _repeat_header(header)
        for cell, text, width in zip(header.cells, _COLUMNS[lang], _WIDTHS, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            cell.width = Cm(width)
        for criterion in criteria:
            (cid, title, _, counts, status, _), *indicators = _rows(criterion, lang)
            cells = table.add_row().cells
            for cell, text in zip(
                cells, (cid, title, "", counts, status.label.get(lang)), strict=True
            ):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            _shade(cells[4], _FILLS[status])
            for iid, ititle, requirement, observed, istatus, _source in indicators:
                cells = table.add_row().cells
                texts = (iid, ititle, requirement, observed, istatus.label.get(lang))
                for cell, text in zip(cells, texts, strict=True):
                    cell.text = text
                _shade(cells[4], _FILLS[istatus])
    document.add_heading(_word("decision", lang), level=level + 1)
    paragraph = document.add_paragraph()
    paragraph.add_run(result.status.label.get(lang)).bold = True
    paragraph.add_run(f" — {result.summary(lang)}")
    for section in _sections(result, lang):
        document.add_heading(section.title, level=level + 1)
        for line in section.lines:
            document.add_paragraph(line, style="List Bullet")
    for village in result.villages:
        _result(document, village, lang, min(level + 1, 4))


def _signature(document: Any, meta: Meta, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    title = (meta.signer_title or ("NGƯỜI LẬP BIỂU" if lang == "vi" else "PREPARED BY")).upper()
    lines = [
        (title, True, False),
        ("(Ký, ghi rõ họ tên)" if lang == "vi" else "(signature and full name)", False, True),
        ("", False, False),
        ("", False, False),
        (meta.signer_name or _DOTS, True, False),
    ]
    cell.paragraphs[0].text = ""
    for index, (text, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _new(meta: Meta, lang: str, title: str) -> Any:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    _setup(document)
    _heading(document, meta, lang)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("PHỤ BIỂU" if lang == "vi" else "APPENDIX").bold = True
    subtitle = document.add_paragraph(title)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document


def _save(document: Any, path: str | Path) -> Path:
    with atomic_output(path, binary=True) as handle:
        document.save(handle)
    return Path(path)


def to_docx(
    result: SetResult, path: str | Path, lang: str = "vi", meta: Meta | None = None
) -> Path:
    """Write the appendix of ``result`` to ``path`` (``.docx``), atomically; the path."""
    lang = check_lang(lang)
    meta = meta or Meta()
    title = (
        f"Kết quả đánh giá {_place(result)} năm {result.year or '…'}"
        if lang == "vi"
        else f"Assessment of {_place(result)}, {result.year or '…'}"
    )
    document = _new(meta, lang, title)
    document.core_properties.comments = _generator(result)
    _result(document, result, lang, 1)
    _signature(document, meta, lang)
    return _save(document, path)


def assessment_to_docx(
    assessment: TierAssessment, path: str | Path, lang: str = "vi", meta: Meta | None = None
) -> Path:
    """A tier ladder as a Word document: the decision, then the appendix of every tier."""
    lang = check_lang(lang)
    meta = meta or Meta()
    document = _new(meta, lang, f"{_word('ladder', lang)} — {assessment.unit.name}")
    for line in assessment.to_text(lang, ids=False).splitlines():
        document.add_paragraph(line)
    for step in assessment.steps:
        _result(document, step.result, lang, 1)
    _signature(document, meta, lang)
    return _save(document, path)
