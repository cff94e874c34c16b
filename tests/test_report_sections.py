"""Every report format carries the same content, and a report is in one language.

The Markdown appendix is the reference: every heading, every line of its sections (why, conditions,
audit, unused values, legal basis and sources, villages) and every cell of its indicator rows must
appear in the HTML page, the workbook and the Word document made from the same result. A
Vietnamese report holds no English words, no source-file labels, no pack versions and no internal
ids; an English one no Vietnamese labels.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import SEED_CASES, seed_result

from ntmcriteria.evaluation.results import SetResult
from ntmcriteria.report import to_docx, to_html, to_markdown, to_xlsx

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

_META_LABELS = ("Đơn vị:", "Năm đánh giá:", "Căn cứ:", "Kết luận:")
_META_LABELS_EN = ("Unit:", "Assessment year:", "Legal basis:", "Decision:")


def _norm(text: str) -> str:
    return " ".join(text.replace("\\|", "|").replace("**", "").split())


def _markdown_parts(markdown: str) -> tuple[list[str], list[str], list[list[str]]]:
    """Headings, section lines (not the unit's meta lines) and table rows of a Markdown report."""
    headings, lines, rows = [], [], []
    for raw in markdown.splitlines():
        if raw.startswith("#"):
            headings.append(_norm(raw.lstrip("#")))
        elif raw.startswith("- "):
            line = _norm(raw[2:])
            if not line.startswith(_META_LABELS + _META_LABELS_EN):
                lines.append(line)
        elif raw.startswith("| ") and not raw.startswith("| ---"):
            cells = [_norm(c) for c in re.split(r"(?<!\\)\|", raw.strip())[1:-1]]
            rows.append(cells)
    header = rows[0] if rows else []
    return headings, lines, [row for row in rows if row != header]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "p"):
            self._open.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "p") and self._open:
            self.chunks.append(_norm(self._open.pop()))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1] += data


def _html_chunks(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return parser.chunks


def _xlsx_chunks(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    return [
        _norm(str(cell.value))
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _docx_chunks(path: Path) -> list[str]:
    document = docx.Document(str(path))
    chunks = [_norm(p.text) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            chunks += [_norm(cell.text) for cell in row.cells]
    return chunks


def _formats(result: SetResult, lang: str, tmp_path: Path) -> dict[str, list[str]]:
    return {
        "html": _html_chunks(to_html(result, lang)),
        "xlsx": _xlsx_chunks(to_xlsx(result, tmp_path / "r.xlsx", lang)),
        "docx": _docx_chunks(to_docx(result, tmp_path / "r.docx", lang)),
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_every_section_of_the_markdown_is_in_every_format(
    name: str, lang: str, tmp_path: Path
) -> None:
    result = seed_result(name)
    headings, lines, rows = _markdown_parts(to_markdown(result, lang))
    assert lines, "the report has sections after its tables"
    for fmt, chunks in _formats(result, lang, tmp_path).items():
        present = set(chunks)
        joined = "\n".join(chunks)
        for heading in headings:
            assert heading in present, f"{fmt}: heading {heading!r}"
        for line in lines:
            assert line in present, f"{fmt}: line {line!r}"
        for cells in rows:
            if not cells[2]:  # a criterion's row: its number and title
                wanted = [cells[0], cells[1]]
            else:  # an indicator's: every cell; the status without its mark
                status = cells[4].split(" ", 1)[1]
                wanted = [cells[0], cells[1], cells[2], cells[3], status]
                if cells[5]:
                    wanted.append(cells[5])
            for cell in wanted:
                if cell:
                    assert cell in joined, f"{fmt}: cell {cell!r}"


#: words that do not occur in Vietnamese prose: an English note or label left in a Vietnamese report
_ENGLISH = re.compile(
    r"\b(the|and|of|not|with|from|this|that|was|were|is|are|seed|pack|line|lines|number|found|"
    r"cited|read|probably|unknown)\b",
    re.IGNORECASE,
)
_VIETNAMESE_LABELS = re.compile(
    r"\b(Đạt|Chưa đạt|Chưa xác định|Không áp dụng|Chưa có số liệu|tiêu chí|chỉ tiêu|Căn cứ|"
    r"Kết luận|Nguồn|báo cáo ghi|cần tăng thêm)\b"
)


def _report_text(result: SetResult, lang: str) -> str:
    """The report's own words: the Markdown less the data it quotes (sources, quoted report
    statements in “…”) and the place names."""
    text = to_markdown(result, lang)
    for indicator in result.indicators.values():
        if indicator.source:
            text = text.replace(indicator.source.replace("|", "\\|"), "")
    for finding in result.audit:
        if finding.source:
            text = text.replace(finding.source, "")
    for village in (result, *result.villages):
        for indicator in village.indicators.values():
            if indicator.source:
                text = text.replace(indicator.source.replace("|", "\\|"), "")
    text = re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)
    basis = result.legal_basis
    if basis is not None:
        text = text.replace(basis.issuer, "")
    return text


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_a_vietnamese_report_is_vietnamese_only(name: str) -> None:
    result = seed_result(name)
    text = _report_text(result, "vi")
    assert not _ENGLISH.findall(text), sorted(set(_ENGLISH.findall(text)))
    assert not re.search(r"\b\d+\.\d+\.\d+\b", text), "a pack version"
    ids = list(re.findall(r"`([^`]+)`", text))
    for measure_id in ids:  # named by its key only when no installed set gives it a title
        assert re.fullmatch(r"[a-z0-9_]+", measure_id), measure_id
    assert not re.findall(r"\b[a-z]+/[a-z0-9-]+/\d{4}", text), "a set id"
    assert result.status.label.vi in text


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_an_english_report_is_english_only(name: str) -> None:
    result = seed_result(name)
    text = _report_text(result, "en")
    for village in (result, *result.villages):  # titles in the data are the pack's English
        for indicator in village.indicators.values():
            text = text.replace(indicator.title.en, "")
    assert not _VIETNAMESE_LABELS.findall(text), sorted(set(_VIETNAMESE_LABELS.findall(text)))
    assert result.status.label.en in text
