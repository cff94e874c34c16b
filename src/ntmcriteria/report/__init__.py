"""Reports of a result: the per-indicator appendix table (phụ biểu) in Markdown, HTML and Excel.

``to_markdown(result)`` renders what a commune or district office sends around — TT | Nội dung
tiêu chí | Yêu cầu đạt | Kết quả thực hiện | Đánh giá — one table per group, with the source of
each value, the conditions, the villages, the audit of the report's own claims and the decision.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..results import CriterionResult, IndicatorResult, SetResult
from ..status import Status
from ..text import Text, check_lang

__all__ = ["to_html", "to_markdown", "to_xlsx"]

_HEADERS = {
    "vi": ("TT", "Nội dung tiêu chí", "Yêu cầu đạt", "Kết quả thực hiện", "Đánh giá", "Nguồn"),
    "en": ("No.", "Criterion", "Requirement", "Result", "Assessment", "Source"),
}
_MARKS = {
    Status.ACHIEVED: "✅",
    Status.NOT_ACHIEVED: "❌",
    Status.NOT_APPLICABLE: "➖",
}


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


def _groups(result: SetResult) -> list[tuple[str, Text, list[CriterionResult]]]:
    """The result's criteria by group, as the set orders them."""
    if result.groups:
        by_id = {c.id: c for c in result.criteria}
        return [(gid, title, [by_id[c] for c in ids]) for gid, title, ids in result.groups]
    return [("", Text.same("-"), list(result.criteria))]


def to_markdown(result: SetResult, lang: str = "vi") -> str:
    """The appendix table of ``result`` as Markdown, in Vietnamese (default) or English."""
    lang = check_lang(lang)
    vi = lang == "vi"
    unit = result.unit
    place = ", ".join(x for x in (unit.name, unit.district, unit.province) if x)
    lines = [
        f"# {result.set_title.get(lang)}",
        "",
        f"- {'Đơn vị' if vi else 'Unit'}: {place}",
        f"- {'Năm đánh giá' if vi else 'Assessment year'}: {result.year or '–'}",
        f"- {'Bộ tiêu chí' if vi else 'Criteria set'}: `{result.set_id}`"
        + (
            f" ({result.provenance.pack} {result.provenance.version or ''})".rstrip(")") + ")"
            if result.provenance
            else ""
        ),
        f"- {'Kết luận' if vi else 'Decision'}: **{result.status.label.get(lang)}** — "
        f"{result.summary(lang)}",
    ]
    headers = _HEADERS[lang]
    for group_id, group_title, criteria in _groups(result):
        lines += [
            "",
            f"## {group_id}. {group_title.get(lang)}" if group_id else "",
            "",
            "| " + " | ".join(headers) + " |",
            "| " + " | ".join("---" for _ in headers) + " |",
        ]
        for criterion in criteria:
            counts = criterion.counts
            lines.append(
                f"| **{_cell(criterion.id)}** | **{_cell(criterion.title.get(lang))}** | | | "
                f"**{_status_cell(criterion.status, lang)}** ({counts.achieved}/"
                f"{counts.applicable}) | |"
            )
            for indicator in criterion.indicators:
                source = indicator.source
                cells = (
                    indicator.id,
                    indicator.title.get(lang),
                    indicator.requirement.get(lang),
                    _result_cell(indicator, lang),
                    _status_cell(indicator.status, lang),
                    source or "",
                )
                lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if result.conditions:
        lines += ["", f"## {'Điều kiện' if vi else 'Conditions'}", ""]
        for condition in result.conditions:
            lines.append(
                f"- **{_cell(condition.rule.get(lang))}**: {condition.status.label.get(lang)} — "
                f"{_cell(condition.explanation.get(lang))}"
            )
    if result.villages:
        lines += ["", f"## {'Các thôn' if vi else 'Villages'}", ""]
        for village in result.villages:
            lines.append(
                f"- {village.unit.name} (`{village.set_id}`): {village.status.label.get(lang)} — "
                f"{village.summary(lang)}"
            )
    if result.audit:
        lines += ["", f"## {'Đối chiếu với báo cáo' if vi else 'Checked against the report'}", ""]
        for finding in result.audit:
            where = f" ({_cell(finding.source)})" if finding.source else ""
            lines.append(f"- {finding.indicator}: {_cell(finding.message.get(lang))}{where}")
    if result.unused:
        label = "Số liệu không dùng trong bộ này" if vi else "Values not used by this set"
        lines += ["", f"{label}: " + ", ".join(f"`{k}`" for k in result.unused)]
    return "\n".join(lines) + "\n"


_FILLS = {
    Status.ACHIEVED: "C6EFCE",
    Status.NOT_ACHIEVED: "FFC7CE",
    Status.NO_DATA: "FFEB9C",
    Status.NOT_ENCODED: "FFEB9C",
    Status.UNDETERMINED: "FFEB9C",
    Status.NOT_APPLICABLE: "E7E6E6",
}


def to_xlsx(result: SetResult, path: str | Path, lang: str = "vi") -> Path:
    """The appendix table as a formatted workbook: a sheet for the unit and one per village.

    Frozen header, column widths, a fill colour per status; one row per criterion (bold) and per
    indicator, as in the Markdown report.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = check_lang(lang)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    headers = _HEADERS[lang]

    def sheet(unit_result: SetResult, title: str) -> None:
        ws = workbook.create_sheet(title[:31])
        ws.append([unit_result.set_title.get(lang)])
        ws.append(
            [
                f"{unit_result.unit.name} — {unit_result.year or ''}",
                unit_result.summary(lang),
                unit_result.status.label.get(lang),
            ]
        )
        ws.append(list(headers))
        for cell in ws[3]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A4"
        for _group_id, _title, criteria in _groups(unit_result):
            for criterion in criteria:
                counts = criterion.counts
                ws.append(
                    [
                        criterion.id,
                        criterion.title.get(lang),
                        None,
                        None,
                        f"{criterion.status.label.get(lang)} ({counts.achieved}/"
                        f"{counts.applicable})",
                        None,
                    ]
                )
                row = ws[ws.max_row]
                for cell in row:
                    cell.font = Font(bold=True)
                row[4].fill = PatternFill("solid", fgColor=_FILLS[criterion.status])
                for indicator in criterion.indicators:
                    ws.append(
                        [
                            indicator.id,
                            indicator.title.get(lang),
                            indicator.requirement.get(lang),
                            _result_cell(indicator, lang),
                            indicator.status.label.get(lang),
                            indicator.source or "",
                        ]
                    )
                    ws[ws.max_row][4].fill = PatternFill("solid", fgColor=_FILLS[indicator.status])
        for column, width in zip("ABCDEF", (10, 60, 30, 36, 18, 40), strict=True):
            ws.column_dimensions[column].width = width
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    sheet(result, result.unit.name)
    for village in result.villages:
        sheet(village, village.unit.name)
    target = Path(path)
    workbook.save(target)
    return target


_CSS = """
body{font-family:"Noto Sans","Segoe UI",Arial,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eee}tr.criterion td{font-weight:bold;background:#f6f6f6}
.achieved{background:#C6EFCE}.not_achieved{background:#FFC7CE}
.no_data,.not_encoded,.undetermined{background:#FFEB9C}.not_applicable{background:#E7E6E6}
.meta{color:#444}.chart text{font-size:11px}
@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""


def _chart(result: SetResult, lang: str) -> str:
    """An inline SVG bar chart: the share of each criterion's indicators achieved."""
    bar, gap, width = 16, 6, 420
    criteria = list(result.criteria)
    height = len(criteria) * (bar + gap) + 10
    label = "Tỷ lệ chỉ tiêu đạt theo tiêu chí" if lang == "vi" else "Indicators achieved"
    parts = [
        f'<svg class="chart" role="img" width="{width + 160}" height="{height}" '
        f'aria-label="{label}">'
    ]
    for index, criterion in enumerate(criteria):
        counts = criterion.counts
        share = counts.achieved / counts.applicable if counts.applicable else 0.0
        y = index * (bar + gap) + 5
        colour = _FILLS[criterion.status]
        parts.append(f'<text x="0" y="{y + bar - 4}">{escape(criterion.id)}</text>')
        parts.append(f'<rect x="60" y="{y}" width="{width}" height="{bar}" fill="#f0f0f0"/>')
        parts.append(
            f'<rect x="60" y="{y}" width="{share * width:.1f}" height="{bar}" '
            f'fill="#{colour}" stroke="#666"/>'
        )
        parts.append(
            f'<text x="{width + 66}" y="{y + bar - 4}">{counts.achieved}/{counts.applicable}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def to_html(result: SetResult, lang: str = "vi", decision: str | None = None) -> str:
    """A self-contained, print-friendly HTML page of the appendix table.

    ``decision`` may carry the explanation of a tier decision (``TierAssessment.to_text``).
    """
    lang = check_lang(lang)
    vi = lang == "vi"
    headers = _HEADERS[lang]
    unit = result.unit
    place = ", ".join(x for x in (unit.name, unit.district, unit.province) if x)
    out = [
        "<!doctype html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(result.set_title.get(lang))} — {escape(unit.name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(result.set_title.get(lang))}</h1>",
        '<p class="meta">'
        f"{'Đơn vị' if vi else 'Unit'}: <b>{escape(place)}</b> · "
        f"{'Năm đánh giá' if vi else 'Assessment year'}: {result.year or '–'} · "
        f"<code>{escape(result.set_id)}</code>{escape(_pack(result))}</p>",
        f'<p class="{result.status.value}"><b>{"Kết luận" if vi else "Decision"}: '
        f"{escape(result.status.label.get(lang))}</b> — {escape(result.summary(lang))}</p>",
        _chart(result, lang),
    ]
    if decision:
        out.append(
            f"<h2>{'Giải thích hạng' if vi else 'Tier decision'}</h2><pre>{escape(decision)}</pre>"
        )
    for group_id, title, criteria in _groups(result):
        out.append(f"<h2>{escape(group_id)}. {escape(title.get(lang))}</h2>" if group_id else "")
        out.append(
            "<table><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in headers)
            + "</tr></thead><tbody>"
        )
        for criterion in criteria:
            counts = criterion.counts
            out.append(
                f'<tr class="criterion"><td>{escape(criterion.id)}</td>'
                f"<td>{escape(criterion.title.get(lang))}</td><td></td><td></td>"
                f'<td class="{criterion.status.value}">{escape(criterion.status.label.get(lang))}'
                f" ({counts.achieved}/{counts.applicable})</td><td></td></tr>"
            )
            for indicator in criterion.indicators:
                out.append(
                    f'<tr class="indicator" data-id="{escape(indicator.id)}">'
                    f"<td>{escape(indicator.id)}</td><td>{escape(indicator.title.get(lang))}</td>"
                    f"<td>{escape(indicator.requirement.get(lang))}</td>"
                    f"<td>{escape(_result_cell(indicator, lang))}</td>"
                    f'<td class="{indicator.status.value}">'
                    f"{escape(indicator.status.label.get(lang))}</td>"
                    f"<td>{escape(indicator.source or '')}</td></tr>"
                )
        out.append("</tbody></table>")
    if result.conditions:
        out.append(f"<h2>{'Điều kiện' if vi else 'Conditions'}</h2><ul>")
        out += [
            f'<li class="{c.status.value}"><b>{escape(c.rule.get(lang))}</b>: '
            f"{escape(c.status.label.get(lang))} — {escape(c.explanation.get(lang))}</li>"
            for c in result.conditions
        ]
        out.append("</ul>")
    if result.audit:
        out.append(
            f"<h2>{'Đối chiếu với báo cáo' if vi else 'Checked against the report'}</h2><ul>"
        )
        out += [
            f"<li>{escape(f.indicator)}: {escape(f.message.get(lang))}</li>" for f in result.audit
        ]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(part for part in out if part)
