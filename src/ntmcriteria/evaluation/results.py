"""Result values of an evaluation: per indicator, per criterion and per set.

Results are values, not printouts: every status comes with the observed value, the requirement
as it applied, the gap and an explanation in Vietnamese and English. :meth:`SetResult.to_dict`
gives JSON-ready data; :meth:`SetResult.to_text` the per-indicator table a report carries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal

import attrs

from ..core.status import Status
from ..core.text import FrozenMap, Text, check_lang
from ..core.values import Gap, Observed
from ..criteria.composition import RuleResult
from ..criteria.model import (
    CriteriaSet,
    CriterionRule,
    IndicatorLineage,
    LegalBasis,
    Provenance,
)
from ..criteria.requirements import Outcome
from ..observations.model import AdministrativeUnit, Observations
from .text_table import render_text

__all__ = [
    "AuditFinding",
    "Counts",
    "CriterionResult",
    "IndicatorResult",
    "SetResult",
    "summary_text",
]


def _status_map(value: Mapping[Status, int]) -> FrozenMap[Status, int]:
    return FrozenMap(value)


@attrs.frozen(slots=True)
class Counts:
    """How many parts have each status. ``applicable`` leaves out the not-applicable ones.

    >>> import ntmcriteria as ntm
    >>> counts = ntm.Counts.of([ntm.Status.ACHIEVED, ntm.Status.NO_DATA, ntm.Status.NOT_APPLICABLE])
    >>> counts.achieved, counts.applicable
    (1, 2)
    """

    by_status: FrozenMap[Status, int] = attrs.field(converter=_status_map)

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> Counts:
        counter = Counter(statuses)
        return cls({status: counter.get(status, 0) for status in Status})

    def __getitem__(self, status: Status) -> int:
        return self.by_status.get(status, 0)

    @property
    def achieved(self) -> int:
        return self[Status.ACHIEVED]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def applicable(self) -> int:
        return self.total - self[Status.NOT_APPLICABLE]

    @property
    def open(self) -> int:
        return self[Status.NO_DATA] + self[Status.NOT_ENCODED] + self[Status.UNDETERMINED]

    def to_dict(self) -> dict[str, int]:
        data = {status.value: count for status, count in self.by_status.items()}
        data["total"] = self.total
        data["applicable"] = self.applicable
        return data


@attrs.frozen(slots=True)
class AuditFinding:
    """Where the report being checked disagrees with itself or the library: its verdict, the
    threshold it quotes, or a percentage that does not match its own counts."""

    indicator: str
    kind: Literal["verdict", "threshold", "ratio", "recognition", "evidence", "contradiction"]
    message: Text
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "indicator": self.indicator,
            "kind": self.kind,
            "message": self.message.to_data(),
        }
        if self.source:
            data["source"] = self.source
        return data


@attrs.frozen(slots=True)
class IndicatorResult:
    """One indicator's verdict, with everything needed to explain it.

    The verdict (``status``) is decided when the set is evaluated, by its compiled plan. The
    explanation — the requirement as it applied, the observed value, the gap, the outcome's parts,
    the audit of the report's own claims — is worked out the first time one of them is asked for
    (by the requirement's own ``check``), so that evaluating builds no text nobody reads.

    >>> import ntmcriteria as ntm
    >>> unit = ntm.Observations.from_yaml(ntm.example_path("ky-chau-2022.yaml"))
    >>> income = ntm.evaluate("hatinh/xa-ntm/2022-2025", unit).indicators["10"]
    >>> income.status, income.observed.format("vi"), income.requirement.vi
    (<Status.ACHIEVED: 'achieved'>, '52,15 triệu đồng/người/năm', '≥ 39 triệu đồng/người/năm (năm
    2022)')
    """

    id: str
    title: Text
    criterion: str
    measure: str | None
    status: Status
    note: Text | None = None
    agency: Text | None = None
    lineage: IndicatorLineage | None = None
    #: for an indicator holding a composition rule: the rule's result (villages, sets concerned)
    rule_result: RuleResult | None = None
    #: the verdict the report itself states for the value, and where the value comes from
    claimed: bool | None = None
    source: str | None = None
    #: works out the outcome and the audit findings, when first asked for
    explain: Callable[[], tuple[Outcome, tuple[AuditFinding, ...]]] | None = attrs.field(
        default=None, eq=False, repr=False
    )
    _explained: tuple[Outcome, tuple[AuditFinding, ...]] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    def _details(self) -> tuple[Outcome, tuple[AuditFinding, ...]]:
        if self._explained is None:
            if self.explain is None:
                raise ValueError(f"indicator {self.id}: no explanation was kept")
            object.__setattr__(self, "_explained", self.explain())  # a cache on a frozen value
        assert self._explained is not None
        return self._explained

    def __getstate__(self) -> dict[str, Any]:
        """Pickled explained: the explanation is worked out first and kept, its callable
        dropped (a closure over the session does not pickle)."""
        explained = self._details() if self._explained is not None or self.explain else None
        state = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        state["explain"], state["_explained"] = None, explained
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def outcome(self) -> Outcome:
        """The full outcome of the requirement's check, with its parts."""
        return self._details()[0]

    @property
    def requirement(self) -> Text:
        """The requirement as it applied (``≥ 45 triệu đồng/người/năm (năm 2024)``)."""
        return self.outcome.requirement

    @property
    def explanation(self) -> Text:
        return self.outcome.explanation

    @property
    def observed(self) -> Observed | None:
        return self.outcome.observed

    @property
    def gap(self) -> Gap | None:
        return self.outcome.gap

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """The gap, and those of the failed parts of an ``all_of``."""
        return self.outcome.gaps() if self.status is Status.NOT_ACHIEVED else ()

    @property
    def audit(self) -> tuple[AuditFinding, ...]:
        """Disagreements with the verdict or threshold the report itself states."""
        return self._details()[1]

    @property
    def threshold_from(self) -> str | None:
        return self.outcome.threshold_from

    @property
    def threshold_source(self) -> Text | None:
        """Where the threshold comes from across ``extends`` (``threshold from hatinh/xa-ntm/…
        overriding national/xa-ntm/…``); None for a set that extends nothing."""
        return self.lineage.describe() if self.lineage else None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title.to_data(),
            "criterion": self.criterion,
            "measure": self.measure,
            "status": self.status.value,
            "requirement": self.requirement.to_data(),
            "observed": self.observed.to_data() if self.observed else None,
            "gap": self.gap.to_data() if self.gap else None,
            "gaps": [gap.to_data() for gap in self.gaps],
            "explanation": self.explanation.to_data(),
        }
        if self.outcome.parts:
            data["parts"] = [part.to_data() for part in self.outcome.parts]
        if self.threshold_from:
            data["threshold_from"] = self.threshold_from
        if self.note is not None:
            data["note"] = self.note.to_data()
        if self.agency is not None:
            data["agency"] = self.agency.to_data()
        if self.rule_result is not None:
            data["rule_result"] = self.rule_result.to_dict()
        if self.audit:
            data["audit"] = [finding.to_dict() for finding in self.audit]
        if self.claimed is not None:
            data["claimed"] = self.claimed
        if self.source is not None:
            data["source"] = self.source
        if self.lineage is not None:
            data["lineage"] = {
                "defined_in": self.lineage.defined_in,
                "overrides": self.lineage.overrides,
                "text": self.lineage.describe().to_data(),
            }
        return data


@attrs.frozen(slots=True)
class CriterionResult:
    """One criterion's verdict: its rule applied to its indicators.

    >>> import ntmcriteria as ntm
    >>> unit = ntm.Observations.from_yaml(ntm.example_path("ky-chau-2022.yaml"))
    >>> income = ntm.evaluate("hatinh/xa-ntm/2022-2025", unit).criterion("10")
    >>> income.status, income.counts.achieved
    (<Status.ACHIEVED: 'achieved'>, 1)
    """

    id: str
    title: Text
    status: Status
    rule: CriterionRule
    indicators: tuple[IndicatorResult, ...]
    agency: Text | None = None
    #: False for criteria of a ``one_of_groups`` group: they count through that condition only
    counts_toward_set: bool = True

    @property
    def counts(self) -> Counts:
        return Counts.of(indicator.status for indicator in self.indicators)

    @property
    def achieved(self) -> bool | None:
        return _as_bool(self.status)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title.to_data(),
            "status": self.status.value,
            "rule": self.rule.to_data(),
            "counts": self.counts.to_dict(),
            "counts_toward_set": self.counts_toward_set,
            "indicators": [indicator.to_dict() for indicator in self.indicators],
        }
        if self.agency is not None:
            data["agency"] = self.agency.to_data()
        return data


#: what runs a what-if scenario on a result: :mod:`.whatif` sets it when imported (``import
#: ntmcriteria`` does), so that results, below the modules that evaluate, import none of them
_scenarios: Callable[..., Any] | None = None


def _as_bool(status: Status) -> bool | None:
    if status is Status.ACHIEVED:
        return True
    if status is Status.NOT_ACHIEVED:
        return False
    return None


@attrs.frozen(slots=True, repr=False)
class SetResult:
    """The evaluation of one unit against one criteria set.

    ``achieved`` is True or False when the data decide it and None while it is undetermined
    (some indicator without data or without an encoded threshold, none failed).

    >>> import ntmcriteria as ntm
    >>> unit = ntm.Observations.from_yaml(ntm.example_path("ky-chau-2022.yaml"))
    >>> result = ntm.evaluate("hatinh/xa-ntm/2022-2025", unit)
    >>> result.status, result.summary("en")
    (<Status.UNDETERMINED: 'undetermined'>, '2 of 20 criteria, 3 of 60 indicators achieved (57
    without data)')
    """

    set_id: str
    set_title: Text
    tier: str
    level: str
    year: int | None
    unit: AdministrativeUnit
    status: Status
    criteria: tuple[CriterionResult, ...]
    provenance: Provenance | None = None
    content_hash: str | None = None
    unused: tuple[str, ...] = ()
    conditions: tuple[RuleResult, ...] = ()
    villages: tuple[SetResult, ...] = ()
    #: the set's groups: (id, title, criterion ids), for reports laid out like the decision
    groups: tuple[tuple[str, Text, tuple[str, ...]], ...] = ()
    #: the decision that issued the set, for reports to cite
    legal_basis: LegalBasis | None = None
    #: audit findings on the set as a whole and its conditions (a recognition contradicted)
    findings: tuple[AuditFinding, ...] = ()
    #: what was evaluated: the set and the unit's observations (for what-if scenarios)
    criteria_set: CriteriaSet | None = attrs.field(default=None, eq=False, kw_only=True)
    observations: Observations | None = attrs.field(default=None, eq=False, kw_only=True)
    indicators: Mapping[str, IndicatorResult] = attrs.field(init=False)

    @indicators.default
    def _index(self) -> Mapping[str, IndicatorResult]:
        return FrozenMap({ind.id: ind for c in self.criteria for ind in c.indicators})

    @property
    def achieved(self) -> bool | None:
        return _as_bool(self.status)

    @property
    def criteria_counts(self) -> Counts:
        return Counts.of(criterion.status for criterion in self.criteria)

    @property
    def indicator_counts(self) -> Counts:
        return Counts.of(indicator.status for indicator in self.indicators.values())

    @property
    def audit(self) -> tuple[AuditFinding, ...]:
        """Every disagreement with the report's own verdicts, quoted thresholds, stated
        percentages and recognitions."""
        return (
            *(f for indicator in self.indicators.values() for f in indicator.audit),
            *self.findings,
        )

    def criterion(self, criterion_id: str) -> CriterionResult:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"result of {self.set_id!r} has no criterion {criterion_id!r}")

    def __iter__(self) -> Iterator[IndicatorResult]:
        return iter(self.indicators.values())

    def summary(self, lang: str = "vi") -> str:
        """``"Đạt 18/20 tiêu chí, 55/60 chỉ tiêu"`` / ``"18 of 20 criteria, 55 of 60 indicators
        achieved"``, followed by what is still open."""
        crit, ind = self.criteria_counts, self.indicator_counts
        met = sum(c.status is Status.ACHIEVED for c in self.conditions)
        return summary_text(
            lang,
            criteria=(crit.achieved, crit.applicable),
            indicators=(ind.achieved, ind.applicable),
            conditions=(met, len(self.conditions)),
            no_data=ind[Status.NO_DATA],
            not_encoded=ind[Status.NOT_ENCODED],
        )

    def __repr__(self) -> str:
        from .display import result_repr

        return result_repr(self)

    def _repr_html_(self) -> str:
        from .display import result_html

        return result_html(self, "vi")

    def show(self, lang: str = "vi") -> Any:
        """The notebook view in ``lang`` (a :class:`~ntmcriteria.evaluation.display.Shown`)."""
        from .display import Shown, result_html

        return Shown(result_html(self, lang))

    def to_frame(self, lang: str = "vi") -> Any:
        """One row per indicator as a pandas DataFrame (status, observed value, requirement,
        gap; see :func:`ntmcriteria.evaluation.display.indicator_frame`)."""
        from .display import indicator_frame

        return indicator_frame(self, lang)

    def what_if(self, changes: Mapping[str, Any], **options: Any) -> Any:
        """The result with ``changes`` applied to the values it was evaluated on, and what
        changed status (:func:`ntmcriteria.evaluation.whatif.what_if`)."""
        if _scenarios is None:
            raise RuntimeError("import ntmcriteria.evaluation.whatif first")
        return _scenarios(self, changes, **options)

    def plot(self, lang: str = "vi", ax: Any = None) -> Any:
        """A bar per criterion: its indicators achieved, not achieved and open (matplotlib)."""
        from .charts import plot_result

        return plot_result(self, lang, ax)

    def verdict(self, lang: str = "vi") -> str:
        """The decision in one line: ``"Đạt"``, ``"Chưa đạt"`` or ``"Chưa xác định"``."""
        return self.status.label.get(lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data carrying the set id, the pack, its version and content hash."""
        return {
            "set_id": self.set_id,
            "set_title": self.set_title.to_data(),
            "tier": self.tier,
            "level": self.level,
            "pack": self.provenance.to_data() if self.provenance else None,
            "content_hash": self.content_hash,
            "year": self.year,
            "unit": self.unit.to_data(),
            "status": self.status.value,
            "achieved": self.achieved,
            "summary": {"vi": self.summary("vi"), "en": self.summary("en")},
            "counts": {
                "criteria": self.criteria_counts.to_dict(),
                "indicators": self.indicator_counts.to_dict(),
            },
            "criteria": [criterion.to_dict() for criterion in self.criteria],
            "conditions": [condition.to_dict() for condition in self.conditions],
            "villages": [
                {
                    "unit": v.unit.to_data(),
                    "set_id": v.set_id,
                    "status": v.status.value,
                    "summary": {"vi": v.summary("vi"), "en": v.summary("en")},
                }
                for v in self.villages
            ],
            "unused_values": list(self.unused),
            "audit": [finding.to_dict() for finding in self.audit],
            "legal_basis": self.legal_basis.to_data() if self.legal_basis else None,
        }

    def to_text(self, lang: str = "vi", width: int = 120) -> str:
        """The per-indicator table (phụ biểu) and the summary, as plain text."""
        return render_text(self, check_lang(lang), width)


def summary_text(
    lang: str,
    *,
    criteria: tuple[int, int],
    indicators: tuple[int, int],
    conditions: tuple[int, int] = (0, 0),
    no_data: int = 0,
    not_encoded: int = 0,
) -> str:
    """The one-line summary of a set's result from its counts (achieved, applicable)."""
    lang = check_lang(lang)
    if lang == "vi":
        text = f"Đạt {criteria[0]}/{criteria[1]} tiêu chí, {indicators[0]}/{indicators[1]} chỉ tiêu"
    else:
        text = (
            f"{criteria[0]} of {criteria[1]} criteria, "
            f"{indicators[0]} of {indicators[1]} indicators achieved"
        )
    met, total = conditions
    if total:
        text += f", {met}/{total} điều kiện" if lang == "vi" else f", {met} of {total} conditions"
    extra = []
    for count, vi, en in (
        (no_data, "chỉ tiêu chưa có số liệu", "without data"),
        (not_encoded, "chỉ tiêu chưa mã hóa ngưỡng", "with no encoded threshold"),
    ):
        if count:
            extra.append(f"{count} {vi}" if lang == "vi" else f"{count} {en}")
    if extra:
        text += f" ({'; '.join(extra)})"
    return text
