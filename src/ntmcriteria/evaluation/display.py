"""Results in a notebook and as tables: short representations, compact HTML coloured by status
(groups collapsible, Vietnamese by default), and pandas DataFrames.

``repr(result)`` is one line; a notebook shows ``result._repr_html_()`` (``result.show("en")`` in
English); ``result.to_frame()`` gives one row per indicator, :func:`results_frame` one row per
unit. pandas is needed only for the frames.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

import attrs

from ..core.status import Status
from ..core.text import check_lang

if TYPE_CHECKING:
    import pandas as pd

    from .assess import TierAssessment
    from .results import IndicatorResult, SetResult

__all__ = ["Shown", "indicator_frame", "results_frame"]

#: background colours of the statuses (the reports' own)
COLOURS = {
    Status.ACHIEVED: "#C6EFCE",
    Status.NOT_ACHIEVED: "#FFC7CE",
    Status.NO_DATA: "#FFEB9C",
    Status.NOT_ENCODED: "#FFEB9C",
    Status.UNDETERMINED: "#FFEB9C",
    Status.NOT_APPLICABLE: "#E7E6E6",
}


@attrs.frozen(slots=True)
class Shown:
    """HTML that a notebook displays (``result.show("en")``); ``str()`` gives the HTML."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _badge(status: Status, lang: str, text: str | None = None) -> str:
    label = escape(text if text is not None else status.label.get(lang))
    return (
        f'<span style="background:{COLOURS.get(status, "#FFEB9C")};padding:0 .4em;'
        f'border-radius:3px;white-space:nowrap">{label}</span>'
    )


def result_repr(result: SetResult) -> str:
    """``<SetResult hatinh/xa-ntm/2022-2025 · Kỳ Châu 2022: undetermined — 2 of 20 criteria …>``"""
    year = f" {result.year}" if result.year else ""
    return (
        f"<SetResult {result.set_id} · {result.unit.name}{year}: {result.status.value} — "
        f"{result.summary('en')}>"
    )


def assessment_repr(assessment: TierAssessment) -> str:
    best = assessment.achieved
    year = f" {assessment.year}" if assessment.year else ""
    tiers = ", ".join(f"{s.tier} {s.status.value}" for s in assessment.steps)
    return (
        f"<TierAssessment {assessment.unit.name}{year}: highest tier "
        f"{best.tier if best else 'none'} ({tiers})>"
    )


def _indicator_row(indicator: IndicatorResult, lang: str) -> str:
    observed = indicator.observed.format(lang) if indicator.observed is not None else "–"
    gap = indicator.gap.describe(lang) if indicator.gap is not None else ""
    return (
        f"<tr><td>{escape(indicator.id)}</td><td>{escape(indicator.title.get(lang))}</td>"
        f"<td>{escape(indicator.requirement.get(lang))}</td><td>{escape(observed)}</td>"
        f"<td>{_badge(indicator.status, lang)}</td><td>{escape(gap)}</td></tr>"
    )


def result_html(result: SetResult, lang: str = "vi") -> str:
    """A compact HTML view: the decision, then a collapsible block per group and, inside it, per
    criterion (open when something in it is not achieved), its indicators coloured by status;
    the conditions; the villages."""
    lang = check_lang(lang)
    vi = lang == "vi"
    heads = (
        ("TT", "Chỉ tiêu", "Yêu cầu", "Kết quả", "Đánh giá", "Còn thiếu")
        if vi
        else ("No.", "Indicator", "Requirement", "Observed", "Status", "Gap")
    )
    parts = [
        '<div class="ntm-result" style="font-size:90%">',
        f"<b>{escape(result.set_title.get(lang))}</b><br>",
        f"{escape(result.unit.name)}"
        + (f" · {result.year}" if result.year else "")
        + f" · {_badge(result.status, lang)} {escape(result.summary(lang))}",
    ]
    by_id = {c.id: c for c in result.criteria}
    groups = (
        [(gid, title, [by_id[c] for c in ids]) for gid, title, ids in result.groups]
        if result.groups
        else [("", None, list(result.criteria))]
    )
    for group_id, group_title, criteria in groups:
        failing = any(c.status is Status.NOT_ACHIEVED for c in criteria)
        achieved = sum(c.status is Status.ACHIEVED for c in criteria)
        if group_title is not None:
            label = f"{group_id}. {group_title.get(lang)}" if group_id else group_title.get(lang)
            parts.append(
                f'<details class="group"{" open" if failing else ""}><summary><b>'
                f"{escape(label)}</b> {achieved}/{len(criteria)}</summary>"
            )
        for criterion in criteria:
            counts = criterion.counts
            opened = " open" if criterion.status is Status.NOT_ACHIEVED else ""
            parts.append(
                f'<details class="criterion"{opened} style="margin-left:1em"><summary>'
                f"{escape(criterion.id)}. {escape(criterion.title.get(lang))} "
                f"{_badge(criterion.status, lang)} {counts.achieved}/{counts.applicable}"
                '</summary><table style="margin-left:1.5em"><tr>'
                + "".join(f"<th>{escape(h)}</th>" for h in heads)
                + "</tr>"
                + "".join(_indicator_row(i, lang) for i in criterion.indicators)
                + "</table></details>"
            )
        if group_title is not None:
            parts.append("</details>")
    for condition in result.conditions:
        parts.append(
            f"<div>{escape(condition.rule.get(lang))}: {_badge(condition.status, lang)} "
            f"{escape(condition.explanation.get(lang))}</div>"
        )
    for village in result.villages:
        parts.append(
            f"<div>{'Thôn' if vi else 'Village'} {escape(village.unit.name)}: "
            f"{_badge(village.status, lang)} {escape(village.summary(lang))}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def assessment_html(assessment: TierAssessment, lang: str = "vi") -> str:
    """The tier ladder: a line per tier coloured by status, then the next tier's view."""
    lang = check_lang(lang)
    vi = lang == "vi"
    best = assessment.achieved
    none = "chưa đạt hạng nào" if vi else "none"
    parts = [
        '<div class="ntm-assessment" style="font-size:90%">',
        f"<b>{escape(assessment.unit.name)}</b>"
        + (f" · {assessment.year}" if assessment.year else "")
        + f" · {'Hạng đạt cao nhất' if vi else 'Highest tier achieved'}: "
        f"<b>{escape(best.title.get(lang) if best else none)}</b><ul>",
    ]
    for step in assessment.steps:
        parts.append(
            f"<li>{escape(step.title.get(lang))}: {_badge(step.status, lang)} "
            f"{escape(step.result.summary(lang))}</li>"
        )
    parts.append("</ul>")
    if assessment.next is not None:
        parts.append(result_html(assessment.next.result, lang))
    parts.append("</div>")
    return "".join(parts)


def indicator_frame(result: SetResult, lang: str = "vi") -> pd.DataFrame:
    """One row per indicator: criterion, indicator, title, status, observed (text, number and
    unit), requirement, gap (text, amount and unit, and the count to add where a denominator is
    known), source. Villages are not included (``village.to_frame()`` for each)."""
    import pandas as pd

    lang = check_lang(lang)
    rows: list[dict[str, Any]] = []
    for criterion in result.criteria:
        for indicator in criterion.indicators:
            observed = indicator.observed
            quantity = observed.quantity if observed is not None else None
            gap = indicator.gap
            rows.append(
                {
                    "criterion": criterion.id,
                    "indicator": indicator.id,
                    "title": indicator.title.get(lang),
                    "status": indicator.status.value,
                    "observed": observed.format(lang) if observed is not None else None,
                    "value": float(quantity.magnitude) if quantity is not None else None,
                    "unit": quantity.unit if quantity is not None else None,
                    "requirement": indicator.requirement.get(lang),
                    "gap": gap.describe(lang) if gap is not None else None,
                    "gap_amount": float(gap.amount.magnitude) if gap is not None else None,
                    "gap_unit": gap.amount.unit if gap is not None else None,
                    "gap_count": (
                        float(gap.units_needed)
                        if gap is not None and gap.units_needed is not None
                        else None
                    ),
                    "source": indicator.source,
                }
            )
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["status"] = pd.Categorical(frame["status"], categories=[s.value for s in Status])
    frame.attrs["set_id"] = result.set_id
    frame.attrs["unit"] = result.unit.name
    return frame


def results_frame(results: Iterable[SetResult]) -> pd.DataFrame:
    """One row per result: unit, year, set, status, the counts, then each criterion's,
    indicator's and condition's status (``criterion:<id>``, ``indicator:<id>``,
    ``condition:<id>``), as :func:`ntmcriteria.evaluate_frame` lays them out.

    >>> import ntmcriteria as ntm
    >>> unit = ntm.Observations.from_yaml(ntm.example_path("ky-chau-2022.yaml"))
    >>> frame = ntm.results_frame([ntm.evaluate("hatinh/xa-ntm/2022-2025", unit)])
    >>> frame.loc[0, "unit"], str(frame.loc[0, "indicator:10"])
    ('Kỳ Châu', 'achieved')
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for result in results:
        criteria, indicators = result.criteria_counts, result.indicator_counts
        row: dict[str, Any] = {
            "unit": result.unit.name,
            "year": result.year,
            "set_id": result.set_id,
            "status": result.status.value,
            "criteria_achieved": criteria.achieved,
            "criteria_applicable": criteria.applicable,
            "indicators_achieved": indicators.achieved,
            "indicators_applicable": indicators.applicable,
            "indicators_no_data": indicators[Status.NO_DATA],
            "indicators_not_encoded": indicators[Status.NOT_ENCODED],
        }
        for criterion in result.criteria:
            row[f"criterion:{criterion.id}"] = criterion.status.value
        for indicator_id, indicator in result.indicators.items():
            row[f"indicator:{indicator_id}"] = indicator.status.value
        for condition in result.conditions:
            row[f"condition:{condition.condition}"] = condition.status.value
        rows.append(row)
    frame = pd.DataFrame(rows)
    statuses = [s.value for s in Status]
    for column in frame.columns:
        if column == "status" or ":" in column:
            frame[column] = pd.Categorical(frame[column], categories=statuses)
    return frame
