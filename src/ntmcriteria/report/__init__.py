"""Reports of a result: the per-indicator appendix table (phụ biểu) in Markdown, HTML, Excel and
Word.

``to_markdown(result)`` renders what a commune or district office sends around — TT | Nội dung
tiêu chí | Yêu cầu đạt | Kết quả thực hiện | Đánh giá — one table per group, with the source of
each value, the set's legal basis, the conditions, the villages (each with its own tables), the
audit of the report's own claims and the explanation of the decision. ``to_html``, ``to_xlsx`` and
``to_docx`` carry the same sections, each report in one language; the ``assessment_*``
functions render a whole tier ladder (:func:`ntmcriteria.assess`): the tier decision first, then
the tables of every tier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.text import check_lang
from ..evaluation.results import SetResult

if TYPE_CHECKING:
    from ..evaluation.assess import TierAssessment

__all__ = [
    "Meta",
    "assessment_to_docx",
    "assessment_to_html",
    "assessment_to_markdown",
    "assessment_to_xlsx",
    "render",
    "to_docx",
    "to_html",
    "to_markdown",
    "to_xlsx",
    "write_docx",
    "write_xlsx",
]
from .docx import Meta, assessment_to_docx, to_docx
from .html import assessment_to_html, to_html
from .markdown import assessment_to_markdown, to_markdown
from .xlsx import assessment_to_xlsx, to_xlsx


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


def write_docx(
    subject: SetResult | TierAssessment,
    path: str | Path,
    lang: str = "vi",
    meta: Meta | None = None,
) -> Path:
    """:func:`to_docx` for a result, :func:`assessment_to_docx` for a tier ladder."""
    from ..evaluation.assess import TierAssessment

    if isinstance(subject, TierAssessment):
        return assessment_to_docx(subject, path, lang, meta)
    return to_docx(subject, path, lang, meta)
