"""What every report format shares: column headers, status marks and words, and the rows of a
criterion as the appendix table (phụ biểu) lays them out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.status import Status
from ..core.text import Text
from ..evaluation.results import CriterionResult, IndicatorResult, SetResult

if TYPE_CHECKING:
    pass


_HEADERS = {
    "vi": ("TT", "Nội dung tiêu chí", "Yêu cầu đạt", "Kết quả thực hiện", "Đánh giá", "Nguồn"),
    "en": ("No.", "Criterion", "Requirement", "Result", "Assessment", "Source"),
}


_MARKS = {
    Status.ACHIEVED: "✅",
    Status.NOT_ACHIEVED: "❌",
    Status.NOT_APPLICABLE: "➖",
}


_WORDS = {
    "unit": ("Đơn vị", "Unit"),
    "year": ("Năm đánh giá", "Assessment year"),
    "set": ("Bộ tiêu chí", "Criteria set"),
    "basis": ("Căn cứ", "Legal basis"),
    "decision": ("Kết luận", "Decision"),
    "why": ("Giải thích kết luận", "Why this decision"),
    "conditions": ("Điều kiện", "Conditions"),
    "villages": ("Các thôn", "Villages"),
    "audit": ("Đối chiếu với báo cáo", "Checked against the report"),
    "unused": ("Số liệu không dùng trong bộ này", "Values not used by this set"),
    "tiers": ("Xếp hạng", "Tiers"),
    "ladder": ("Giải thích hạng", "Tier decision"),
    "chart": ("Tỷ lệ chỉ tiêu đạt theo tiêu chí", "Indicators achieved per criterion"),
    "sources": ("Nguồn số liệu", "Sources"),
}


def _word(key: str, lang: str) -> str:
    return _WORDS[key][0 if lang == "vi" else 1]


def _cell(text: str) -> str:
    return " ".join(str(text).replace("|", "\\|").split())


def _result_cell(indicator: IndicatorResult, lang: str) -> str:
    if indicator.observed is None:
        if indicator.claimed is None:
            return "–"
        said = (Status.ACHIEVED if indicator.claimed else Status.NOT_ACHIEVED).label.get(lang)
        return f"– ({'báo cáo' if lang == 'vi' else 'report'}: {said})"
    text = indicator.observed.format(lang)
    gaps = indicator.gaps or ((indicator.gap,) if indicator.gap else ())
    if gaps:
        text += " (" + "; ".join(g.describe(lang) for g in gaps) + ")"
    return text


def _status_cell(indicator_status: Status, lang: str) -> str:
    mark = _MARKS.get(indicator_status, "❔")
    return f"{mark} {indicator_status.label.get(lang)}"


def _pack(result: SetResult) -> str:
    if result.provenance is None:
        return ""
    version = f" {result.provenance.version}" if result.provenance.version else ""
    return f" (pack {result.provenance.pack}{version})"


def _place(result: SetResult) -> str:
    unit = result.unit
    return ", ".join(x for x in (unit.name, unit.district, unit.province) if x)


def _basis(result: SetResult, lang: str) -> str:
    """The legal basis in one line, its note in brackets; "–" for a set built without one."""
    basis = result.legal_basis
    if basis is None:
        return "–"
    return basis.describe(lang) + (f" ({basis.note})" if basis.note else "")


def _explanation(result: SetResult, lang: str) -> list[str]:
    """Why the result is not achieved (empty when it is): failing items, then open ones."""
    from ..evaluation.assess import explain_missing, missing_items

    if result.status is Status.ACHIEVED:
        return []
    return explain_missing(
        missing_items(result), lang, width=10_000, brief=True, marker="", indent=""
    )


def _groups(result: SetResult) -> list[tuple[str, Text, list[CriterionResult]]]:
    """The result's criteria by group, as the set orders them."""
    if result.groups:
        by_id = {c.id: c for c in result.criteria}
        return [(gid, title, [by_id[c] for c in ids]) for gid, title, ids in result.groups]
    return [("", Text.same("-"), list(result.criteria))]


def _rows(criterion: CriterionResult, lang: str) -> list[tuple[str, str, str, str, Status, str]]:
    """The criterion's row, then one per indicator: id, title, requirement, result, status,
    source (the criterion row has its counts in the result column)."""
    counts = criterion.counts
    rows = [
        (
            criterion.id,
            criterion.title.get(lang),
            "",
            f"{counts.achieved}/{counts.applicable}",
            criterion.status,
            "",
        )
    ]
    for indicator in criterion.indicators:
        rows.append(
            (
                indicator.id,
                indicator.title.get(lang),
                indicator.requirement.get(lang),
                _result_cell(indicator, lang),
                indicator.status,
                indicator.source or "",
            )
        )
    return rows


_FILLS = {
    Status.ACHIEVED: "C6EFCE",
    Status.NOT_ACHIEVED: "FFC7CE",
    Status.NO_DATA: "FFEB9C",
    Status.NOT_ENCODED: "FFEB9C",
    Status.UNDETERMINED: "FFEB9C",
    Status.NOT_APPLICABLE: "E7E6E6",
}
