"""The Markdown appendix tables of the seed communes match reviewed snapshots (tests/golden/).

Set NTM_UPDATE_GOLDEN=1 to rewrite the snapshots after a deliberate change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import EXAMPLES, SEED_CASES, seed_result

import ntmcriteria as ntm
from ntmcriteria.report import to_markdown

GOLDEN = Path(__file__).parent / "golden"

#: the golden snapshots (tay-ho-kieu-mau is checked in the XLSX and browser tests instead)
GOLDEN_CASES = sorted(set(SEED_CASES) - {"tay-ho-kieu-mau"})


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_markdown_appendix_matches_the_snapshot(name: str) -> None:
    rendered = to_markdown(seed_result(name), "vi")
    snapshot = GOLDEN / f"{name}.md"
    if os.environ.get("NTM_UPDATE_GOLDEN") == "1":
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8")


def test_english_report_and_markers() -> None:
    [unit] = ntm.read_observations(EXAMPLES / "doc-binh-kieu-2024.yaml")
    text = to_markdown(ntm.evaluate("dongthap/xa-ntm-kieu-mau/2021-2025", unit), "en")
    assert "| No. | Criterion | Requirement | Result | Assessment | Source |" in text
    assert "❌ Not achieved" in text
    assert "## Checked against the report" in text


def test_xlsx_report_cell_by_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from ntmcriteria.report import to_xlsx

    [unit] = ntm.read_observations(EXAMPLES / "tay-ho-2024.yaml")
    result = ntm.evaluate("thanhhoa/xa-ntm-kieu-mau/2022-2025", unit)
    path = to_xlsx(result, tmp_path / "phu-bieu.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Tây Hồ", "Nam Thượng"]  # the commune, then its village
    sheet = workbook["Tây Hồ"]
    assert sheet.freeze_panes == "A5"
    # printed as officials file it: A4 landscape, one page wide, the header row on every page
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.print_area == f"'Tây Hồ'!$A$1:$F${sheet.max_row}"
    assert sheet["A3"].value == "Căn cứ" and "35/2022/QĐ-UBND" in sheet["B3"].value
    assert [c.value for c in sheet[4]] == [
        "TT", "Nội dung tiêu chí", "Yêu cầu đạt", "Kết quả thực hiện", "Đánh giá", "Nguồn",
    ]  # fmt: skip
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=5)}
    income = result.indicators["K2"]
    assert rows["K2"][2].value == income.requirement.vi
    assert rows["K2"][4].value == income.status.label.vi
    fills = {"Đạt": "C6EFCE", "Chưa đạt": "FFC7CE", "Không áp dụng": "E7E6E6"}
    for indicator_id, indicator in result.indicators.items():  # every row, cell by cell
        cells = [c.value for c in rows[indicator_id]]
        assert cells[1] == indicator.title.vi
        assert cells[2] == indicator.requirement.vi
        assert cells[4] == indicator.status.label.vi
        assert cells[5] == (indicator.source or None)
        assert rows[indicator_id][4].fill.fgColor.rgb.endswith(
            fills.get(indicator.status.label.vi, "FFEB9C")
        )
    below = [str(row[1].value) for row in sheet.iter_rows(min_row=5) if row[1].value]
    for condition in result.conditions:  # the set's conditions follow the criteria
        assert any(line.startswith(f"{condition.rule.vi}: ") for line in below)
    village = workbook["Nam Thượng"]
    village_rows = {row[0].value: row for row in village.iter_rows(min_row=5)}
    smart = result.villages[0]
    for indicator_id, indicator in smart.indicators.items():
        cells = village_rows[indicator_id]
        assert cells[3].value == (indicator.observed.format("vi") if indicator.observed else "–")
        assert cells[4].value == "Đạt"
        assert cells[4].fill.fgColor.rgb.endswith("C6EFCE")


def test_json_output_follows_its_published_schema() -> None:
    import json
    from importlib.resources import files

    import jsonschema

    schema = json.loads((files("ntmcriteria") / "schema" / "result.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for name in SEED_CASES:
        data = json.loads(json.dumps(seed_result(name).to_dict(), ensure_ascii=False))
        assert list(validator.iter_errors(data)) == [], name


def test_html_report_is_self_contained_and_shows_every_row() -> None:
    from html.parser import HTMLParser

    from ntmcriteria.report import to_html

    [unit] = ntm.read_observations(EXAMPLES / "doc-binh-kieu-2024.yaml")
    result = ntm.evaluate("dongthap/xa-ntm-kieu-mau/2021-2025", unit)
    page = to_html(result, "vi", decision=ntm.assess(unit).to_text("vi"))

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []
            self.external: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if tag == "tr" and found.get("class") == "indicator":
                self.ids.append(found.get("data-id") or "")
            if tag in ("script", "link", "img") or (found.get("src") or "").startswith("http"):
                self.external.append(tag)

    parser = Rows()
    parser.feed(page)
    village_ids = [i for village in result.villages for i in village.indicators]
    assert village_ids  # Ấp 5's smart-village table follows the commune's
    assert parser.ids == list(result.indicators) + village_ids
    assert parser.external == []  # no script, stylesheet or image to fetch
    assert '<html lang="vi">' in page and "Đốc Bình Kiều" in page
    assert "<svg" in page and "@media print" in page
    assert "← K2." in page  # the tier decision's explanation


def test_sheet_titles_are_valid_and_unique() -> None:
    from openpyxl import Workbook

    from ntmcriteria.report.xlsx import _sheet_title

    workbook = Workbook()
    long = "Thôn Đông/Tây: [khu dân cư kiểu mẫu]*? rất dài tên"
    titles = []
    for _ in range(3):
        title = _sheet_title(workbook, long)
        workbook.create_sheet(title)  # openpyxl raises on a name Excel refuses
        titles.append(title)
    assert len(set(titles)) == 3 and all(len(t) <= 31 for t in titles)
    assert not any(ch in t for t in titles for ch in "[]:*?/\\")
    assert titles[1].endswith(" (2)") and titles[2].endswith(" (3)")


def test_render_dispatches_on_result_or_ladder() -> None:
    from ntmcriteria.report import assessment_to_markdown, render

    result = seed_result("ky-chau-hatinh-xa-ntm")
    assert render(result, "md") == to_markdown(result)
    assert render(result, "table", "en") == result.to_text("en") + "\n"
    ladder = ntm.assess(ntm.read_observations(EXAMPLES / "ky-chau-2022.yaml")[0])
    assert render(ladder, "md", "en") == assessment_to_markdown(ladder, "en")
    assert render(ladder, "table").startswith(ladder.to_text("vi") + "\n\n")
    with pytest.raises(ValueError, match="unknown report kind 'pdf'"):
        render(result, "pdf")
