"""The appendix table (phụ biểu) in Markdown: one section per unit and village, the decision and its
explanation, the audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.text import check_lang
from ..evaluation.results import SetResult

if TYPE_CHECKING:
    from ..evaluation.assess import TierAssessment
from .common import (
    _HEADERS,
    _basis,
    _cell,
    _explanation,
    _groups,
    _place,
    _rows,
    _status_cell,
    _word,
)


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
