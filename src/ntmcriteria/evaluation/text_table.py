"""A result as the plain-text appendix table (phụ biểu): the per-indicator rows, the conditions,
the villages, the audit, the explanations and the decision — what ``ntm evaluate`` prints."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..core.status import Status

if TYPE_CHECKING:
    from .results import SetResult

__all__ = ["render_text"]

_HEADERS = {
    "vi": ("Chỉ tiêu", "Nội dung", "Yêu cầu", "Kết quả", "Đánh giá"),
    "en": ("Indicator", "Content", "Requirement", "Observed", "Assessment"),
}


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> list[str]:
    # Keep a number with its unit ("20 %") on one line: textwrap only breaks at ASCII spaces.
    glued = [cell.replace(" %", "\u00a0%") for cell in cells]
    wrapped = [
        [line.replace("\u00a0", " ") for line in textwrap.wrap(cell, width)] or [""]
        for cell, width in zip(glued, widths, strict=True)
    ]
    height = max(len(lines) for lines in wrapped)
    lines = []
    for index in range(height):
        parts = [
            (column[index] if index < len(column) else "").ljust(width)
            for column, width in zip(wrapped, widths, strict=True)
        ]
        lines.append(" | ".join(parts).rstrip())
    return lines


def render_text(result: SetResult, lang: str, width: int) -> str:
    """The table and the decision as plain text, ``width`` characters wide."""
    fixed = 9 + 24 + 24 + 16 + 4 * 3
    title_width = max(20, width - fixed)
    widths = (9, title_width, 24, 24, 16)
    lines: list[str] = []
    unit = result.unit
    place = ", ".join(x for x in (unit.name, unit.district, unit.province) if x)
    year = result.year if result.year is not None else "–"
    if lang == "vi":
        lines.append(f"{result.set_title.vi} [{result.set_id}]")
        lines.append(f"Đơn vị: {place}; năm đánh giá: {year}")
    else:
        lines.append(f"{result.set_title.en} [{result.set_id}]")
        lines.append(f"Unit: {place}; assessment year: {year}")
    if result.provenance is not None:
        pack = result.provenance
        label = "Gói" if lang == "vi" else "Pack"
        lines.append(
            f"{label}: {pack.pack} {pack.version or ''} {result.content_hash or ''}".rstrip()
        )
    lines.append("")
    header = _row(_HEADERS[lang], widths)
    rule = "-+-".join("-" * w for w in widths)
    lines += [*header, rule]
    notes: list[str] = []
    for criterion in result.criteria:
        counts = criterion.counts
        word = "Tiêu chí" if lang == "vi" else "Criterion"
        status = criterion.status.label.get(lang)
        lines.append(
            f"{word} {criterion.id}. {criterion.title.get(lang)}: {status} "
            f"({counts.achieved}/{counts.applicable})"
        )
        for indicator in criterion.indicators:
            observed = indicator.observed.format(lang) if indicator.observed else "–"
            lines += _row(
                (
                    indicator.id,
                    indicator.title.get(lang),
                    indicator.requirement.get(lang),
                    observed,
                    indicator.status.label.get(lang),
                ),
                widths,
            )
            if indicator.status not in (Status.ACHIEVED, Status.NO_DATA):
                notes.append(f"  {indicator.id}: {indicator.explanation.get(lang)}")
        lines.append(rule)
    if result.conditions:
        lines.append("Điều kiện:" if lang == "vi" else "Conditions:")
        for condition in result.conditions:
            lines += textwrap.wrap(
                f"  {condition.rule.get(lang)}: {condition.status.label.get(lang)} — "
                f"{condition.explanation.get(lang)}",
                width,
                subsequent_indent="      ",
            )
        lines.append(rule)
    if result.villages:
        lines.append("Các thôn:" if lang == "vi" else "Villages:")
        for village in result.villages:
            lines.append(
                f"  {village.unit.name} [{village.set_id}]: {village.status.label.get(lang)}. "
                f"{village.summary(lang)}"
            )
        lines.append(rule)
    if result.audit:
        lines.append("Đối chiếu với báo cáo:" if lang == "vi" else "Checked against the report:")
        for finding in result.audit:
            where = f" [{finding.source}]" if finding.source else ""
            lines += textwrap.wrap(
                f"  {finding.indicator}: {finding.message.get(lang)}{where}",
                width,
                subsequent_indent="      ",
            )
        lines.append(rule)
    if notes:
        lines.append("Giải thích:" if lang == "vi" else "Explanations:")
        for note in notes:
            lines += textwrap.wrap(note, width, subsequent_indent="      ")
    lines.append("")
    decision = result.status.label.get(lang)
    lines.append(
        f"{'Kết luận' if lang == 'vi' else 'Decision'}: {decision}. {result.summary(lang)}"
    )
    if result.unused:
        label = "Số liệu không dùng trong bộ này" if lang == "vi" else "Values not used by this set"
        lines.append(f"{label}: {', '.join(result.unused)}")
    return "\n".join(lines)
