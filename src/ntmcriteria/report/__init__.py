"""Reports of a result: the per-indicator appendix table (phụ biểu) in Markdown, HTML and Excel.

``to_markdown(result)`` renders what a commune or district office sends around — TT | Nội dung
tiêu chí | Yêu cầu đạt | Kết quả thực hiện | Đánh giá — one table per group, with the source of
each value, the set's legal basis, the conditions, the villages (each with its own tables), the
audit of the report's own claims and the explanation of the decision. ``to_html`` and ``to_xlsx``
carry the same content; the ``assessment_*`` functions render a whole tier ladder
(:func:`ntmcriteria.assess`): the tier decision first, then the tables of every tier.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.status import Status
from ..core.text import Text, check_lang
from ..evaluation.results import CriterionResult, IndicatorResult, SetResult

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ..evaluation.assess import TierAssessment

__all__ = [
    "assessment_to_html",
    "assessment_to_markdown",
    "assessment_to_xlsx",
    "render",
    "to_html",
    "to_markdown",
    "to_xlsx",
    "write_xlsx",
]

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
    lines = explain_missing(missing_items(result), lang, width=10_000, brief=True)
    return [line.strip().removeprefix("← ") for line in lines]


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


def render(subject: SetResult | TierAssessment, kind: str, lang: str = "vi") -> str:
    """A result or a tier ladder as ``table``, ``json``, ``md`` or ``html``, ending with a newline.

    ``table`` is the plain-text appendix (for a ladder: the decision tree, then every tier's
    table); ``json`` the ``to_dict()`` data, which the published schemas describe.
    """
    from ..evaluation.assess import TierAssessment

    lang = check_lang(lang)
    if kind not in ("table", "json", "md", "html"):
        raise ValueError(f"unknown report kind {kind!r}: table, json, md or html")
    if kind == "json":
        text = json.dumps(subject.to_dict(), ensure_ascii=False, indent=2)
    elif isinstance(subject, TierAssessment):
        if kind == "md":
            text = assessment_to_markdown(subject, lang)
        elif kind == "html":
            text = assessment_to_html(subject, lang)
        else:
            tables = [step.result.to_text(lang) for step in subject.steps]
            text = "\n\n".join([subject.to_text(lang), *tables])
    elif kind == "md":
        text = to_markdown(subject, lang)
    elif kind == "html":
        text = to_html(subject, lang)
    else:
        text = subject.to_text(lang)
    return text if text.endswith("\n") else text + "\n"


def write_xlsx(subject: SetResult | TierAssessment, path: str | Path, lang: str = "vi") -> Path:
    """:func:`to_xlsx` for a result, :func:`assessment_to_xlsx` for a tier ladder."""
    from ..evaluation.assess import TierAssessment

    if isinstance(subject, TierAssessment):
        return assessment_to_xlsx(subject, path, lang)
    return to_xlsx(subject, path, lang)


# --------------------------------------------------------------------------------- Markdown


def _markdown_result(result: SetResult, lang: str, level: int) -> list[str]:
    head = "#" * level
    lines = [
        f"{head} {result.set_title.get(lang)}",
        "",
        f"- {_word('unit', lang)}: {_place(result)}",
        f"- {_word('year', lang)}: {result.year or '–'}",
        f"- {_word('set', lang)}: `{result.set_id}`"
        + (
            f" ({result.provenance.pack} {result.provenance.version or ''})".rstrip(")") + ")"
            if result.provenance
            else ""
        ),
        f"- {_word('basis', lang)}: {_cell(_basis(result, lang))}",
        f"- {_word('decision', lang)}: **{result.status.label.get(lang)}** — "
        f"{result.summary(lang)}",
    ]
    headers = _HEADERS[lang]
    for group_id, group_title, criteria in _groups(result):
        lines += ["", f"{head}# {group_id}. {group_title.get(lang)}" if group_id else ""]
        lines += [
            "",
            "| " + " | ".join(headers) + " |",
            "| " + " | ".join("---" for _ in headers) + " |",
        ]
        for criterion in criteria:
            (cid, title, _, counts, status, _), *indicators = _rows(criterion, lang)
            lines.append(
                f"| **{_cell(cid)}** | **{_cell(title)}** | | | "
                f"**{_status_cell(status, lang)}** ({counts}) | |"
            )
            for iid, title, requirement, observed, status, source in indicators:
                cells = (iid, title, requirement, observed, _status_cell(status, lang), source)
                lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if result.conditions:
        lines += ["", f"{head}# {_word('conditions', lang)}", ""]
        for condition in result.conditions:
            lines.append(
                f"- **{_cell(condition.rule.get(lang))}**: {condition.status.label.get(lang)} — "
                f"{_cell(condition.explanation.get(lang))}"
            )
    if result.audit:
        lines += ["", f"{head}# {_word('audit', lang)}", ""]
        for finding in result.audit:
            where = f" ({_cell(finding.source)})" if finding.source else ""
            lines.append(f"- {finding.indicator}: {_cell(finding.message.get(lang))}{where}")
    explanation = _explanation(result, lang)
    if explanation:
        lines += ["", f"{head}# {_word('why', lang)}", ""]
        lines += [f"- {_cell(line)}" for line in explanation]
    if result.unused:
        lines += ["", f"{_word('unused', lang)}: " + ", ".join(f"`{k}`" for k in result.unused)]
    if result.villages:
        lines += ["", f"{head}# {_word('villages', lang)}", ""]
        for village in result.villages:
            lines.append(
                f"- {village.unit.name} (`{village.set_id}`): {village.status.label.get(lang)} — "
                f"{village.summary(lang)}"
            )
        for village in result.villages:
            lines += ["", *_markdown_result(village, lang, min(level + 1, 5))]
    return lines


def to_markdown(result: SetResult, lang: str = "vi") -> str:
    """The appendix table of ``result`` as Markdown, in Vietnamese (default) or English."""
    lang = check_lang(lang)
    return "\n".join(_markdown_result(result, lang, 1)) + "\n"


def assessment_to_markdown(assessment: TierAssessment, lang: str = "vi") -> str:
    """A tier ladder as Markdown: the decision tree, then the appendix of every tier."""
    lang = check_lang(lang)
    lines = [
        f"# {_word('ladder', lang)} — {assessment.unit.name}",
        "",
        "```text",
        assessment.to_text(lang),
        "```",
    ]
    for step in assessment.steps:
        lines += ["", *_markdown_result(step.result, lang, 2)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------- Excel

_FILLS = {
    Status.ACHIEVED: "C6EFCE",
    Status.NOT_ACHIEVED: "FFC7CE",
    Status.NO_DATA: "FFEB9C",
    Status.NOT_ENCODED: "FFEB9C",
    Status.UNDETERMINED: "FFEB9C",
    Status.NOT_APPLICABLE: "E7E6E6",
}
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
    ws.append(list(_HEADERS[lang]))
    for cell in ws[XLSX_HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    ws.freeze_panes = f"A{XLSX_HEADER_ROW + 1}"
    for _group_id, _title, criteria in _groups(result):
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
    for condition in result.conditions:
        ws.append(
            [
                None,
                condition.rule.get(lang),
                None,
                condition.explanation.get(lang),
                condition.status.label.get(lang),
                None,
            ]
        )
        ws[ws.max_row][4].fill = PatternFill("solid", fgColor=_FILLS[condition.status])
    for column, width in zip("ABCDEF", (10, 60, 30, 36, 18, 40), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=XLSX_HEADER_ROW + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


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
    target = Path(path)
    workbook.save(target)
    return target


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
        ws.append([step.set_id, step.title.get(lang), step.status.label.get(lang)])
        ws.cell(ws.max_row, 4, step.result.summary(lang))
        ws[ws.max_row][2].fill = PatternFill("solid", fgColor=_FILLS[step.status])
    ws.append([])
    for line in assessment.to_text(lang).splitlines():
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
    target = Path(path)
    workbook.save(target)
    return target


# --------------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}h3{font-size:1.05em}
section.unit{margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eee}tr.criterion td{font-weight:bold;background:#f6f6f6}
.achieved{background:#C6EFCE}.not_achieved{background:#FFC7CE}
.no_data,.not_encoded,.undetermined,.swatch.open{background:#FFEB9C}.not_applicable{background:#E7E6E6}
.meta{color:#444}.chart text{font-size:11px}
.swatch{padding:0 .4em;border:1px solid #666;font-size:.8em}
pre{white-space:pre-wrap;font-family:inherit}
@media print{body{margin:0;font-size:10pt}h2,h3{page-break-after:avoid}
tr{page-break-inside:avoid}thead{display:table-header-group}section.unit{page-break-before:always}}
"""


#: the chart's segments, left to right: (class, statuses, colour)
_SEGMENTS = (
    ("achieved", (Status.ACHIEVED,), _FILLS[Status.ACHIEVED]),
    ("not_achieved", (Status.NOT_ACHIEVED,), _FILLS[Status.NOT_ACHIEVED]),
    ("open", (Status.NO_DATA, Status.NOT_ENCODED, Status.UNDETERMINED), _FILLS[Status.NO_DATA]),
)
CHART_WIDTH = 420


def _chart(result: SetResult, lang: str) -> str:
    """An inline SVG chart: per criterion, a bar split into the shares of its applicable
    indicators achieved (green), not achieved (red) and still open (yellow), with "achieved/
    applicable" beside it."""
    bar, gap, width = 16, 6, CHART_WIDTH
    criteria = list(result.criteria)
    height = len(criteria) * (bar + gap) + 10
    parts = [
        f'<svg class="chart" role="img" width="{width + 160}" height="{height}" '
        f'aria-label="{_word("chart", lang)}"><title>{_word("chart", lang)}</title>'
    ]
    for index, criterion in enumerate(criteria):
        counts = criterion.counts
        y = index * (bar + gap) + 5
        parts.append(f'<g class="bar" data-id="{escape(criterion.id)}">')
        parts.append(f'<text x="0" y="{y + bar - 4}">{escape(criterion.id)}</text>')
        parts.append(
            f'<rect class="frame" x="60" y="{y}" width="{width}" height="{bar}" fill="#f0f0f0"/>'
        )
        x = 60.0
        for name, statuses, colour in _SEGMENTS:
            count = sum(counts[status] for status in statuses)
            if not count or not counts.applicable:
                continue
            length = count / counts.applicable * width
            parts.append(
                f'<rect class="{name}" x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" '
                f'fill="#{colour}" stroke="#666"><title>{count}</title></rect>'
            )
            x += length
        parts.append(
            f'<text x="{width + 66}" y="{y + bar - 4}">{counts.achieved}/{counts.applicable}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    open_label = "Chưa có số liệu / chưa xác định" if lang == "vi" else "No data / undetermined"
    labels = (
        Status.ACHIEVED.label.get(lang),
        Status.NOT_ACHIEVED.label.get(lang),
        open_label,
    )
    parts.append(
        '<p class="legend">'
        + " ".join(
            f'<span class="swatch {name}">{escape(label)}</span>'
            for (name, _, _), label in zip(_SEGMENTS, labels, strict=True)
        )
        + "</p>"
    )
    return "".join(parts)


def _html_result(
    result: SetResult, lang: str, level: int, decision: str | None = None
) -> list[str]:
    h, sub = f"h{level}", f"h{min(level + 1, 6)}"
    headers = _HEADERS[lang]
    out = [
        f'<section class="unit" data-unit="{escape(result.unit.name)}" '
        f'data-set="{escape(result.set_id)}">',
        f"<{h}>{escape(result.set_title.get(lang))}</{h}>",
        '<p class="meta">'
        f"{_word('unit', lang)}: <b>{escape(_place(result))}</b> · "
        f"{_word('year', lang)}: {result.year or '–'} · "
        f"<code>{escape(result.set_id)}</code>{escape(_pack(result))}<br>"
        f"{_word('basis', lang)}: {escape(_basis(result, lang))}</p>",
        f'<p class="decision {result.status.value}"><b>{_word("decision", lang)}: '
        f"{escape(result.status.label.get(lang))}</b> — {escape(result.summary(lang))}</p>",
        f"<h2>{_word('ladder', lang)}</h2><pre>{escape(decision)}</pre>" if decision else "",
        _chart(result, lang),
    ]
    explanation = _explanation(result, lang)
    if explanation:
        out.append(f'<{sub}>{_word("why", lang)}</{sub}><ul class="why">')
        out += [f"<li>{escape(line)}</li>" for line in explanation]
        out.append("</ul>")
    for group_id, title, criteria in _groups(result):
        if group_id:
            out.append(f"<{sub}>{escape(group_id)}. {escape(title.get(lang))}</{sub}>")
        out.append(
            "<table><thead><tr>"
            + "".join(f"<th>{escape(header)}</th>" for header in headers)
            + "</tr></thead><tbody>"
        )
        for criterion in criteria:
            (cid, ctitle, _, counts, status, _), *indicators = _rows(criterion, lang)
            out.append(
                f'<tr class="criterion"><td>{escape(cid)}</td><td>{escape(ctitle)}</td>'
                f'<td></td><td></td><td class="{status.value}">'
                f"{escape(status.label.get(lang))} ({counts})</td><td></td></tr>"
            )
            for iid, ititle, requirement, observed, status, source in indicators:
                out.append(
                    f'<tr class="indicator" data-id="{escape(iid)}">'
                    f"<td>{escape(iid)}</td><td>{escape(ititle)}</td>"
                    f"<td>{escape(requirement)}</td><td>{escape(observed)}</td>"
                    f'<td class="{status.value}">{escape(status.label.get(lang))}</td>'
                    f"<td>{escape(source)}</td></tr>"
                )
        out.append("</tbody></table>")
    if result.conditions:
        out.append(f"<{sub}>{_word('conditions', lang)}</{sub}><ul>")
        out += [
            f'<li class="{c.status.value}"><b>{escape(c.rule.get(lang))}</b>: '
            f"{escape(c.status.label.get(lang))} — {escape(c.explanation.get(lang))}</li>"
            for c in result.conditions
        ]
        out.append("</ul>")
    if result.audit:
        out.append(f"<{sub}>{_word('audit', lang)}</{sub}><ul>")
        out += [
            f"<li>{escape(f.indicator)}: {escape(f.message.get(lang))}"
            + (f" <i>({escape(f.source)})</i>" if f.source else "")
            + "</li>"
            for f in result.audit
        ]
        out.append("</ul>")
    if result.unused:
        out.append(f"<p>{_word('unused', lang)}: {escape(', '.join(result.unused))}</p>")
    out.append("</section>")
    for village in result.villages:
        out += _html_result(village, lang, min(level + 1, 5))
    return out


def _html_page(title: str, lang: str, body: list[str]) -> str:
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{lang}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{_CSS}</style></head><body>",
            *(part for part in body if part),
            "</body></html>",
        ]
    )


def to_html(result: SetResult, lang: str = "vi", decision: str | None = None) -> str:
    """A self-contained, print-friendly HTML page of the appendix table.

    No script, stylesheet, font or image is fetched: the chart is inline SVG. Villages follow the
    unit, each in its own section. ``decision`` may carry the explanation of a tier decision
    (``TierAssessment.to_text``), shown after the unit's decision.
    """
    lang = check_lang(lang)
    body = _html_result(result, lang, 1, decision)
    return _html_page(f"{result.set_title.get(lang)} — {result.unit.name}", lang, body)


def assessment_to_html(assessment: TierAssessment, lang: str = "vi") -> str:
    """A tier ladder as one HTML page: the tiers and what each lacks, then every tier's appendix."""
    lang = check_lang(lang)
    vi = lang == "vi"
    title = f"{_word('ladder', lang)} — {assessment.unit.name}"
    best = assessment.achieved
    none = "chưa đạt hạng nào" if vi else "none"
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="decision"><b>{"Hạng đạt cao nhất" if vi else "Highest tier achieved"}: '
        f"{escape(best.title.get(lang) if best else none)}</b>"
        + (f" · {_word('year', lang)}: {assessment.year}" if assessment.year else "")
        + "</p>",
        '<table class="ladder"><thead><tr>'
        + "".join(
            f"<th>{escape(h)}</th>"
            for h in (
                ("Bộ tiêu chí", "Đánh giá", "Kết quả, còn thiếu")
                if vi
                else ("Criteria set", "Assessment", "Result, what is missing")
            )
        )
        + "</tr></thead><tbody>",
    ]
    for step in assessment.steps:
        why = "".join(f"<li>{escape(line)}</li>" for line in _explanation(step.result, lang))
        body.append(
            f'<tr class="tier" data-set="{escape(step.set_id)}">'
            f"<td>{escape(step.title.get(lang))}<br><code>{escape(step.set_id)}</code></td>"
            f'<td class="{step.status.value}">{escape(step.status.label.get(lang))}</td>'
            f"<td>{escape(step.result.summary(lang))}"
            + (f"<ul>{why}</ul>" if why else "")
            + "</td></tr>"
        )
    body.append("</tbody></table>")
    for step in assessment.steps:
        body += _html_result(step.result, lang, 2)
    return _html_page(title, lang, body)
