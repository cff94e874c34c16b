"""The audit: where a report disagrees with itself, with the sets, or with its own decisions.

Findings (:class:`~ntmcriteria.evaluation.results.AuditFinding`), by ``kind``:

* ``verdict`` — the report's "Đạt"/"Chưa đạt" where the values compute the other way;
* ``threshold`` — a threshold the report quotes that is not the set's;
* ``ratio`` — a percentage the report states that its own counts do not give (1920/2212 is
  86,80 %, written 86,79 %), for every value the report states, used by a set or not;
* ``evidence`` — a verdict the report states with no figure behind it;
* ``recognition`` — a recognition by decision that the values contradict;
* ``contradiction`` — a village's report and its commune's saying opposite things about one fact
  (measures sharing a ``fact``: ấp 5 "có cơ sở … truy xuất nguồn gốc" while the commune has "chưa
  có cơ sở").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import NtmError
from ..core.recognitions import matching
from ..core.status import Status
from ..core.text import Text
from ..core.units import compatible, conversion_factor
from ..core.values import MeasureKind, Observed
from ..criteria.model import CriteriaSet, Indicator, Measure
from ..criteria.requirements import Compare, Outcome, Requirement, requirement_from_data
from .results import AuditFinding, SetResult

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..criteria.composition import RuleResult
    from ..criteria.requirements import Context
    from ..observations.model import Observations

__all__ = ["indicator_findings", "set_findings"]


def _ratio_finding(key: str, observed: Observed, source: str | None) -> AuditFinding:
    assert observed.stated_mismatch is not None
    stated = observed.stated_mismatch
    return AuditFinding(
        key,
        "ratio",
        Text(
            f"báo cáo ghi {stated.format('vi')} nhưng {observed.format('vi')}; tính theo số đếm",
            f"the report states {stated.format('en')} but {observed.format('en')}; the counts "
            "are used",
        ),
        source,
    )


def indicator_findings(
    indicator: Indicator, outcome: Outcome, ctx: Context, observations: Observations
) -> tuple[AuditFinding, ...]:
    """The report's own verdict, quoted threshold and stated percentage on one indicator."""
    if indicator.measure is None or indicator.requirement is None:
        return ()
    reading = observations.values.get(indicator.measure)
    if reading is None:
        return ()
    findings = []
    observed = outcome.observed if outcome.measure == indicator.measure else None
    if observed is not None and observed.stated_mismatch is not None:
        findings.append(_ratio_finding(indicator.id, observed, reading.source))
    if reading.claimed is not None and reading.is_empty:
        said = Status.ACHIEVED.label if reading.claimed else Status.NOT_ACHIEVED.label
        findings.append(
            AuditFinding(
                indicator.id,
                "evidence",
                Text(
                    f"báo cáo ghi “{said.vi}” nhưng không nêu số liệu nào để chứng minh",
                    f"the report says “{said.en}” but gives no figure behind it",
                ),
                reading.source,
            )
        )
    decided = outcome.status in (Status.ACHIEVED, Status.NOT_ACHIEVED)
    if reading.claimed is not None and decided:
        computed = outcome.status is Status.ACHIEVED
        if computed != reading.claimed:
            said = Status.ACHIEVED.label if reading.claimed else Status.NOT_ACHIEVED.label
            found = outcome.status.label
            findings.append(
                AuditFinding(
                    indicator.id,
                    "verdict",
                    Text(
                        f"báo cáo ghi “{said.vi}” nhưng tính lại là “{found.vi}” "
                        f"({outcome.explanation.vi})",
                        f"the report says “{said.en}” but it computes as “{found.en}” "
                        f"({outcome.explanation.en})",
                    ),
                    reading.source,
                )
            )
    if reading.claimed_threshold is not None:
        quoted = requirement_from_data(reading.claimed_threshold, "", observations.number_style)
        applied = indicator.requirement.resolve(indicator.measure, ctx)
        if not isinstance(applied, Outcome) and not _same_threshold(quoted, applied[0]):
            findings.append(
                AuditFinding(
                    indicator.id,
                    "threshold",
                    Text(
                        f"báo cáo trích ngưỡng “{quoted.describe().vi}” nhưng bộ tiêu chí quy định "
                        f"“{outcome.requirement.vi}”",
                        f"the report quotes “{quoted.describe().en}” but the set requires "
                        f"“{outcome.requirement.en}”",
                    ),
                    reading.source,
                )
            )
    return tuple(findings)


def _same_threshold(quoted: Requirement, applied: Requirement) -> bool:
    if isinstance(quoted, Compare) and isinstance(applied, Compare):
        if quoted.op != applied.op or not compatible(quoted.value.unit, applied.value.unit):
            return False
        factor = conversion_factor(quoted.value.unit, applied.value.unit)
        return quoted.value.magnitude * factor == applied.value.magnitude
    return quoted.describe() == applied.describe()


def set_findings(
    criteria_set: CriteriaSet,
    observations: Observations,
    year: int | None,
    status: Status,
    conditions: tuple[RuleResult, ...],
    villages: tuple[SetResult, ...],
    resolve: Callable[[str], CriteriaSet],
) -> tuple[AuditFinding, ...]:
    """Findings on the set as a whole: recognitions the values contradict, stated percentages
    on values the set does not use, and villages contradicting their commune."""
    findings = [
        AuditFinding(c.condition or "", "recognition", c.finding)
        for c in conditions
        if c.finding is not None
    ]
    stated = matching(observations.recognitions, criteria_set.id, criteria_set.tier, year)
    if stated is not None and status is Status.NOT_ACHIEVED:
        how = stated.how()
        findings.append(
            AuditFinding(
                "",
                "recognition",
                Text(
                    f"{how.vi} nhưng số liệu cho kết quả chưa đạt",
                    f"{how.en} but the values do not achieve the set",
                ),
                stated.source,
            )
        )
    findings += _unused_ratios(criteria_set, observations)
    findings += _contradictions(criteria_set, observations, villages, resolve)
    return tuple(findings)


def _unused_ratios(criteria_set: CriteriaSet, observations: Observations) -> list[AuditFinding]:
    """A percentage stated beside its counts on a value no measure of the set reads."""
    found = []
    for key, reading in observations.values.items():
        if key in criteria_set.measures or reading.value is None:
            continue
        if reading.numerator is None or reading.denominator is None:
            continue
        share = Measure(key, MeasureKind.RATIO, "%", Text(key, key))
        try:
            observed = observations.observe(share)
        except NtmError:
            continue  # not a share after all: the value is not used, nothing to check
        if observed is not None and observed.stated_mismatch is not None:
            found.append(_ratio_finding(key, observed, reading.source))
    return found


def _present(observed: Observed | None) -> bool | None:
    """Whether a value says the thing exists (None: no value, or not a yes/no or count)."""
    if observed is None:
        return None
    if observed.flag is not None:
        return observed.flag
    if observed.quantity is not None:
        return observed.quantity.magnitude > 0
    return None


def _contradictions(
    criteria_set: CriteriaSet,
    observations: Observations,
    villages: tuple[SetResult, ...],
    resolve: Callable[[str], CriteriaSet],
) -> list[AuditFinding]:
    """A village saying a thing exists that its commune says does not (one ``fact``)."""
    facts = {m.fact: m for m in criteria_set.measures.values() if m.fact is not None}
    if not facts or not villages:
        return []
    indicator_of = {i.measure: i.id for i in criteria_set.indicators() if i.measure}
    found = []
    for village_result in villages:
        village_set = resolve(village_result.set_id)
        village = next(
            (v for v in observations.villages if v.unit.name == village_result.unit.name), None
        )
        if village is None:
            continue
        for measure in village_set.measures.values():
            mine = facts.get(measure.fact) if measure.fact is not None else None
            if mine is None:
                continue
            try:
                commune_says, village_says = (
                    _present(observations.observe(mine)),
                    _present(village.observe(measure)),
                )
            except NtmError:
                continue  # an unreadable value is reported by its own evaluation
            if commune_says is False and village_says is True:
                seen_commune = observations.observe(mine)
                seen_village = village.observe(measure)
                assert seen_commune is not None and seen_village is not None
                found.append(
                    AuditFinding(
                        indicator_of.get(mine.id, mine.id),
                        "contradiction",
                        Text(
                            f"xã ghi “{mine.title.vi}”: {seen_commune.format('vi')}, nhưng"
                            f" {village.unit.name} ghi “{measure.title.vi}”:"
                            f" {seen_village.format('vi')}",
                            f"the commune reports “{mine.title.en}”: {seen_commune.format('en')},"
                            f" but {village.unit.name} reports"
                            f" “{measure.title.en}”: {seen_village.format('en')}",
                        ),
                        observations.values[mine.id].source,
                    )
                )
    return found
