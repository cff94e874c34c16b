"""The appendix as a Word document, read back cell by cell (python-docx)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLES

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.report import Meta, to_docx, write_docx

docx = pytest.importorskip("docx")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def tay_ho() -> ntm.SetResult:
    [unit] = ntm.read_observations(EXAMPLES / "tay-ho-2024.yaml")
    return ntm.evaluate("thanhhoa/xa-ntm-kieu-mau/2022-2025", unit)


def rows_of(document: object) -> dict[str, list[str]]:
    """Every indicator row of the unit's tables, by its first cell (the first unit's first)."""
    found: dict[str, list[str]] = {}
    for table in document.tables[1:-1]:  # type: ignore[attr-defined]
        for row in table.rows[1:]:
            cells = [cell.text for cell in row.cells]
            if cells[2]:  # an indicator's row (a criterion's has no requirement of its own)
                found.setdefault(cells[0], cells)
    return found


def test_the_docx_holds_every_indicator_cell_by_cell(tmp_path: Path) -> None:
    result = tay_ho()
    path = to_docx(result, tmp_path / "phu-bieu.docx")
    document = docx.Document(str(path))
    first = document.tables[1]
    assert [c.text for c in first.rows[0].cells] == [
        "TT", "Nội dung tiêu chí", "Yêu cầu đạt", "Kết quả thực hiện", "Đánh giá",
    ]  # fmt: skip
    assert first.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on each page
    rows = rows_of(document)
    for indicator_id, indicator in result.indicators.items():
        cells = rows[indicator_id]
        assert cells[1] == indicator.title.vi
        assert cells[2] == indicator.requirement.vi
        assert cells[4] == indicator.status.label.vi
    text = "\n".join(p.text for p in document.paragraphs)
    for heading in (
        "Điều kiện",
        "Kết luận",
        "Giải thích kết luận",
        "Căn cứ và nguồn số liệu",
        "Các thôn",
    ):
        assert heading in text, heading
    for condition in result.conditions:
        assert condition.rule.vi in text
    assert result.summary("vi") in text
    assert "Nam Thượng" in text  # the village's own appendix follows


def test_the_page_heading_and_signature_are_those_of_an_administrative_document(
    tmp_path: Path,
) -> None:
    meta = Meta(
        office="UBND xã Tây Hồ",
        superior="UBND huyện Thọ Xuân",
        number="45/BC-UBND",
        place="Tây Hồ",
        date="2024-10-15",
        signer_title="Chủ tịch",
        signer_name="Lê Văn B",
    )
    document = docx.Document(str(to_docx(tay_ho(), tmp_path / "p.docx", meta=meta)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.cm, 1) for m in margins] == [2.0, 2.0, 3.0, 1.5]
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 13.0)
    left, right = (cell.text for cell in document.tables[0].rows[0].cells)
    assert left == "UBND HUYỆN THỌ XUÂN\nUBND XÃ TÂY HỒ\nSố: 45/BC-UBND"
    assert right == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Tây Hồ, ngày 15 tháng 10 năm 2024"
    )
    signature = document.tables[-1].rows[0].cells[1].text
    assert signature.startswith("CHỦ TỊCH\n(Ký, ghi rõ họ tên)") and signature.endswith("Lê Văn B")
    blank = docx.Document(str(to_docx(tay_ho(), tmp_path / "blank.docx")))
    left, right = (cell.text for cell in blank.tables[0].rows[0].cells)
    assert "Số: …" in left and "ngày … tháng … năm …" in right  # lines to fill in


def test_docx_from_the_command_line_with_a_meta_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = tmp_path / "meta.yaml"
    meta.write_text("office: UBND xã Kỳ Châu\nnumber: 12/BC-UBND\n", encoding="utf-8")
    args = ["evaluate", str(EXAMPLES / "ky-chau-2022.yaml"), "--set", "hatinh/xa-ntm/2022-2025"]
    assert main([*args, "-o", str(tmp_path / "r.docx"), "--meta", str(meta)]) == 0
    document = docx.Document(str(tmp_path / "r.docx"))
    assert "Số: 12/BC-UBND" in document.tables[0].rows[0].cells[0].text
    assert main([*args, "--format", "docx"]) == 2  # a Word document needs -o
    assert main([*args, "-o", str(tmp_path / "r.md"), "--meta", str(meta)]) == 2
    meta.write_text("officer: x\n", encoding="utf-8")
    assert main([*args, "-o", str(tmp_path / "s.docx"), "--meta", str(meta)]) == 2
    assert "unknown key(s) ['officer']" in capsys.readouterr().err
    [unit] = ntm.read_observations(EXAMPLES / "doc-binh-kieu-2024.yaml")
    ladder = write_docx(ntm.assess(unit), tmp_path / "ladder.docx")
    text = "\n".join(p.text for p in docx.Document(str(ladder)).paragraphs)
    assert "Hạng đạt cao nhất" in text and "dongthap/xa-ntm-kieu-mau/2021-2025" not in text[:0]


def docx_text(path: Path) -> str:
    """The document as reviewable text: paragraphs, and table rows as ``a | b | c``, in order."""
    document = docx.Document(str(path))
    body = document.element.body
    lines: list[str] = []
    tables = iter(document.tables)
    paragraphs = iter(document.paragraphs)
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            lines.append(next(paragraphs).text)
        elif child.tag == f"{W}tbl":
            for row in next(tables).rows:
                lines.append(" | ".join(cell.text.replace("\n", " / ") for cell in row.cells))
    return "\n".join(lines).rstrip() + "\n"


@pytest.mark.parametrize("name", sorted(__import__("helpers").SEED_CASES))
def test_docx_text_matches_the_reviewed_snapshot(name: str, tmp_path: Path) -> None:
    """A golden text dump of the Word appendix of each seed commune (NTM_UPDATE_GOLDEN=1
    rewrites them; review the diff)."""
    import os

    from helpers import seed_result

    path = to_docx(seed_result(name), tmp_path / f"{name}.docx")
    rendered = docx_text(path)
    snapshot = Path(__file__).parent / "golden" / f"{name}.docx.txt"
    if os.environ.get("NTM_UPDATE_GOLDEN") == "1":
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8")
