"""The appendix table (phụ biểu) as one self-contained HTML page, with an inline SVG chart of each
criterion's achieved, not achieved and open indicators, printable on A4."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ..core.status import Status
from ..core.text import check_lang
from ..evaluation.results import SetResult

if TYPE_CHECKING:
    from ..evaluation.assess import TierAssessment
from .common import (
    _FILLS,
    _HEADERS,
    _basis,
    _explanation,
    _generator,
    _group_heading,
    _groups,
    _library,
    _place,
    _rows,
    _sections,
    _word,
)

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
@page{size:A4 portrait;margin:20mm 15mm 20mm 30mm}
@media print{body{margin:0;font-size:10pt}h2,h3{page-break-after:avoid}
table{table-layout:fixed;font-size:8.5pt}td,th{overflow-wrap:anywhere;word-break:break-word}
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
        f'data-set="{escape(result.set_id)}" data-generator="{escape(_generator(result))}">',
        f"<{h}>{escape(result.set_title.get(lang))}</{h}>",
        '<p class="meta">'
        f"{_word('unit', lang)}: <b>{escape(_place(result))}</b> · "
        f"{_word('year', lang)}: {result.year or '–'}<br>"
        f"{_word('basis', lang)}: {escape(_basis(result, lang))}</p>",
        f'<p class="decision {result.status.value}"><b>{_word("decision", lang)}: '
        f"{escape(result.status.label.get(lang))}</b> — {escape(result.summary(lang))}</p>",
        f"<h2>{_word('ladder', lang)}</h2><pre>{escape(decision)}</pre>" if decision else "",
        _chart(result, lang),
    ]
    for group_id, title, criteria in _groups(result):
        if title is not None:
            out.append(f"<{sub}>{escape(_group_heading(group_id, title, lang))}</{sub}>")
        out.append(
            "<table><thead><tr>"
            + "".join(f"<th>{escape(header)}</th>" for header in headers)
            + "</tr></thead><tbody>"
        )
        for criterion in criteria:
            (cid, ctitle, _, counts, status, _), *indicators = _rows(criterion, lang)
            out.append(
                f'<tr class="criterion" data-id="{escape(criterion.id)}"><td>{escape(cid)}</td>'
                f'<td>{escape(ctitle)}</td><td></td><td></td><td class="{status.value}">'
                f"{escape(status.label.get(lang))} ({counts})</td><td></td></tr>"
            )
            for (iid, ititle, requirement, observed, status, source), indicator in zip(
                indicators, criterion.indicators, strict=True
            ):
                out.append(
                    f'<tr class="indicator" data-id="{escape(indicator.id)}">'
                    f"<td>{escape(iid)}</td><td>{escape(ititle)}</td>"
                    f"<td>{escape(requirement)}</td><td>{escape(observed)}</td>"
                    f'<td class="{status.value}">{escape(status.label.get(lang))}</td>'
                    f"<td>{escape(source)}</td></tr>"
                )
        out.append("</tbody></table>")
    for section in _sections(result, lang):
        out.append(f'<{sub}>{escape(section.title)}</{sub}><ul class="{section.key}">')
        out += [f"<li>{escape(line)}</li>" for line in section.lines]
        out.append("</ul>")
    out.append("</section>")
    for village in result.villages:
        out += _html_result(village, lang, min(level + 1, 5))
    return out


def _html_page(title: str, lang: str, body: list[str], generator: str = "") -> str:
    generator = generator or _library()
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{lang}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="{escape(generator)}">',
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
    return _html_page(
        f"{result.set_title.get(lang)} — {result.unit.name}", lang, body, _generator(result)
    )


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
            f"<td>{escape(step.title.get(lang))}</td>"
            f'<td class="{step.status.value}">{escape(step.status.label.get(lang))}</td>'
            f"<td>{escape(step.result.summary(lang))}"
            + (f"<ul>{why}</ul>" if why else "")
            + "</td></tr>"
        )
    body.append("</tbody></table>")
    for step in assessment.steps:
        body += _html_result(step.result, lang, 2)
    return _html_page(title, lang, body)
