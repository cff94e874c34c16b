"""What every report format shares: column headers, status marks and words, and the rows of a
criterion as the appendix table (phụ biểu) lays them out."""

from __future__ import annotations

import functools
import re

import attrs

from ..core.status import Status
from ..core.text import Text, markdown_cell
from ..evaluation.results import AuditFinding, CriterionResult, IndicatorResult, SetResult

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
    "sources": ("Căn cứ và nguồn số liệu", "Legal basis and sources"),
}


def _word(key: str, lang: str) -> str:
    return _WORDS[key][0 if lang == "vi" else 1]


_cell = markdown_cell


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


def _library() -> str:
    """``ntmcriteria <version>`` of the installed distribution."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"ntmcriteria {version('ntmcriteria')}"
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "ntmcriteria"


def _generator(result: SetResult) -> str:
    """What made the report, for the document's properties (not its visible text): the set id,
    the pack and its version, the content hash."""
    parts = [_library(), result.set_id]
    if result.provenance is not None:
        parts.append(" ".join(x for x in (result.provenance.pack, result.provenance.version) if x))
    if result.content_hash:
        parts.append(result.content_hash)
    return "; ".join(parts)


def _official(identifier: str) -> str:
    """An id as officials write it: numbers and codes (``8.4``, ``K1``, ``III``) are kept, the
    pack's own words for a catch-all (``all``, ``other``) are not shown."""
    return "" if re.fullmatch(r"[a-z][a-z_-]*", identifier) else identifier


def _place(result: SetResult) -> str:
    unit = result.unit
    return ", ".join(x for x in (unit.name, unit.district, unit.province) if x)


_UNKNOWN = {
    "number": ("chưa rõ số hiệu", "number unknown"),
    "date": ("chưa rõ ngày ban hành", "date unknown"),
}


def _basis(result: SetResult, lang: str) -> str:
    """The legal basis in one line in ``lang``: issuer, number, date, title; what is not known is
    said in ``lang`` (the pack's ``note``, an encoder's remark, stays out of the report)."""
    basis = result.legal_basis
    if basis is None:
        return "–"
    index = 0 if lang == "vi" else 1
    parts = [
        basis.issuer,
        basis.number or _UNKNOWN["number"][index],
        basis.date or _UNKNOWN["date"][index],
    ]
    head = ", ".join(parts)
    return f"{head}: {basis.title.get(lang)}" if basis.title is not None else head


@functools.lru_cache(maxsize=4)
def _measure_titles(_registry_id: int) -> dict[str, Text]:
    from ..packs.registry import registry

    titles: dict[str, Text] = {}
    found = registry()
    for set_id in found:
        for measure_id, measure in found.get(set_id).measures.items():
            titles.setdefault(measure_id, measure.title)
    return titles


def _measure_title(measure_id: str, lang: str) -> str:
    """A measure's title in ``lang`` from the installed sets; its id when no set
    defines it."""
    from ..packs.registry import registry

    try:
        titles = _measure_titles(id(registry()))
    except Exception:  # a report never fails for want of a title
        titles = {}
    title = titles.get(measure_id)
    return title.get(lang) if title is not None else measure_id


def _finding_subject(result: SetResult, finding: AuditFinding, lang: str) -> str:
    """What a finding is about: the indicator's number, or the title of the measure."""
    if finding.indicator in result.indicators or finding.indicator in {
        c.condition for c in result.conditions
    }:
        return _official(finding.indicator) or finding.indicator
    return _measure_title(finding.indicator, lang)


@attrs.frozen(slots=True)
class Section:
    """A part of a report after its tables, the same in every format: a key (``why``,
    ``conditions``, ``audit``, ``unused``, ``sources``, ``villages``), its heading in the report's
    language and its lines."""

    key: str
    title: str
    lines: tuple[str, ...]


def _sections(result: SetResult, lang: str) -> list[Section]:
    """The sections every format shows after the tables, in this order; empty ones left out
    except the sources, which always name the legal basis."""
    sections: list[Section] = []

    def add(key: str, lines: list[str]) -> None:
        if lines or key == "sources":
            sections.append(Section(key, _word(key, lang), tuple(lines)))

    add("why", _explanation(result, lang))
    add(
        "conditions",
        [
            f"{c.rule.get(lang)}: {c.status.label.get(lang)} — {c.explanation.get(lang)}"
            for c in result.conditions
        ],
    )
    add(
        "audit",
        [
            f"{_finding_subject(result, f, lang)}: {f.message.get(lang)}"
            + (f" ({f.source})" if f.source else "")
            for f in result.audit
        ],
    )
    add("unused", [_measure_title(key, lang) for key in result.unused])
    sources = [f"{_word('basis', lang)}: {_basis(result, lang)}"]
    sources += [
        f"{_official(i.id) or i.title.get(lang)}: {i.source}"
        for i in result.indicators.values()
        if i.source
    ]
    add("sources", sources)
    add(
        "villages",
        [f"{v.unit.name}: {v.status.label.get(lang)} — {v.summary(lang)}" for v in result.villages],
    )
    return sections


def _explanation(result: SetResult, lang: str) -> list[str]:
    """Why the result is not achieved (empty when it is): failing items, then open ones."""
    from ..evaluation.assess import explain_missing, missing_items

    if result.status is Status.ACHIEVED:
        return []
    return explain_missing(
        missing_items(result), lang, width=10_000, brief=True, marker="", indent=""
    )


def _groups(result: SetResult) -> list[tuple[str, Text | None, list[CriterionResult]]]:
    """The result's criteria by group, as the set orders them (a catch-all group's id, such as
    ``all``, is blank: it is the pack's word, not the decision's); one untitled group for a set
    without groups."""
    if result.groups:
        by_id = {c.id: c for c in result.criteria}
        return [
            (_official(gid), title, [by_id[c] for c in ids]) for gid, title, ids in result.groups
        ]
    return [("", None, list(result.criteria))]


def _group_heading(group_id: str, title: Text, lang: str) -> str:
    return f"{group_id}. {title.get(lang)}" if group_id else title.get(lang)


def _rows(criterion: CriterionResult, lang: str) -> list[tuple[str, str, str, str, Status, str]]:
    """The criterion's row, then one per indicator: id, title, requirement, result, status,
    source (the criterion row has its counts in the result column)."""
    counts = criterion.counts
    rows = [
        (
            _official(criterion.id),
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
                _official(indicator.id),
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
