"""The appendix table (phụ biểu) in Markdown: one section per unit and village, the decision and its
explanation, the audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.text import check_lang, one_line
from ..evaluation.results import SetResult

if TYPE_CHECKING:
    from ..evaluation.assess import TierAssessment
from .common import (
    _HEADERS,
    _basis,
    _cell,
    _group_heading,
    _groups,
    _place,
    _rows,
    _sections,
    _status_cell,
    _word,
)


def _markdown_result(result: SetResult, lang: str, level: int) -> list[str]:
    head = "#" * level
    lines = [
        f"{head} {one_line(result.set_title.get(lang))}",
        "",
        f"- {_word('unit', lang)}: {one_line(_place(result))}",
        f"- {_word('year', lang)}: {result.year or '–'}",
        f"- {_word('basis', lang)}: {_cell(_basis(result, lang))}",
        f"- {_word('decision', lang)}: **{result.status.label.get(lang)}** — "
        f"{result.summary(lang)}",
    ]
    headers = _HEADERS[lang]
    for group_id, group_title, criteria in _groups(result):
        if group_title is not None:
            lines += ["", f"{head}# {one_line(_group_heading(group_id, group_title, lang))}"]
        lines += [
            "",
            "| " + " | ".join(headers) + " |",
            "| " + " | ".join("---" for _ in headers) + " |",
        ]
        for criterion in criteria:
            (cid, title, _, counts, status, _), *indicators = _rows(criterion, lang)
            lines.append(
                f"| {f'**{_cell(cid)}**' if cid else ''} | **{_cell(title)}** | | | "
                f"**{_status_cell(status, lang)}** ({counts}) | |"
            )
            for iid, title, requirement, observed, status, source in indicators:
                cells = (iid, title, requirement, observed, _status_cell(status, lang), source)
                lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    for section in _sections(result, lang):
        lines += ["", f"{head}# {section.title}", ""]
        lines += [f"- {_cell(line)}" for line in section.lines]
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
        f"# {_word('ladder', lang)} — {one_line(assessment.unit.name)}",
        "",
        "```text",
        assessment.to_text(lang, ids=False),
        "```",
    ]
    for step in assessment.steps:
        lines += ["", *_markdown_result(step.result, lang, 2)]
    return "\n".join(lines) + "\n"
