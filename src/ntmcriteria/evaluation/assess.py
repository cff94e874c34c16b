"""``assess``: what tier a unit is at, and what is missing for the next.

The sets in force for the unit's province and level in the assessment year are ordered by their
prerequisites (a set whose composition requires ``achieved(B)`` ranks above B), evaluated once each
on the unit (and its villages), and summarised as the highest tier achieved plus, for the next
tier, the ordered list of what is missing: failing indicators with their gaps, failing conditions
with the villages or groups concerned, then what has no data.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..core.errors import RegistryError, check_year
from ..core.recognitions import Recognition, matching
from ..core.status import Status
from ..core.text import FrozenMap, Text, check_lang
from ..core.values import Gap
from ..criteria.composition import AchievedSet, OutstandingField, RuleResult
from ..criteria.model import CriteriaSet
from ..observations.model import AdministrativeUnit, Observations
from .session import Session

if TYPE_CHECKING:
    from ..packs.registry import Registry
    from .results import SetResult

__all__ = [
    "MissingItem",
    "TierAssessment",
    "TierStep",
    "assess",
    "explain_missing",
    "missing_items",
    "province_id",
    "sets_in_force",
]


def province_id(name: str) -> str:
    """The ASCII id packs use for a province: ``"Hà Tĩnh"`` → ``"hatinh"``.

    >>> import ntmcriteria as ntm
    >>> ntm.province_id("Hà Tĩnh"), ntm.province_id("Thanh Hóa")
    ('hatinh', 'thanhhoa')
    """
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


@attrs.frozen(slots=True)
class MissingItem:
    """One thing a unit lacks for a tier: an indicator or a condition.

    >>> import ntmcriteria as ntm
    >>> ladder = ntm.assess(ntm.Observations.from_yaml(ntm.example_path("doc-binh-kieu-2024.yaml")))
    >>> first = ladder.missing[0]
    >>> first.id, first.status
    ('K2', <Status.NOT_ACHIEVED: 'not_achieved'>)
    """

    kind: Literal["indicator", "condition"]
    id: str
    title: Text
    status: Status
    explanation: Text
    gap: Gap | None = None
    details: FrozenMap[str, Status] = attrs.field(factory=FrozenMap)

    def describe(self, lang: str = "vi") -> str:
        return f"{self.id}. {self.title.get(lang)}: {self.explanation.get(lang)}"

    def brief(self, lang: str = "vi") -> str:
        """Shorter than :meth:`describe` for a failing indicator: its title and gap only."""
        if self.kind == "condition":
            return self.describe(lang)
        head = f"{self.id}. {self.title.get(lang)}"
        return f"{head}: {self.gap.describe(lang)}" if self.gap is not None else head

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "title": self.title.to_data(),
            "status": self.status.value,
            "explanation": self.explanation.to_data(),
        }
        if self.gap is not None:
            data["gap"] = self.gap.to_data()
        if self.details:
            data["details"] = {k: v.value for k, v in self.details.items()}
        return data


@attrs.frozen(slots=True)
class TierStep:
    """One tier of the ladder: its set, rank and result.

    >>> import ntmcriteria as ntm
    >>> ladder = ntm.assess(ntm.Observations.from_yaml(ntm.example_path("doc-binh-kieu-2024.yaml")))
    >>> [(step.tier, step.status.value, step.recognised) for step in ladder.steps]
    [('ntm', 'achieved', True), ('nang-cao', 'achieved', True), ('kieu-mau', 'not_achieved', False)]
    """

    set_id: str
    tier: str
    title: Text
    rank: int
    result: SetResult
    #: a decision recognising the unit in this tier, used when the values cannot decide it
    recognition: Recognition | None = None
    #: whether the recognition is of a higher tier that has this one as its prerequisite
    implied: bool = False

    @property
    def status(self) -> Status:
        """The values' verdict; a recognition's when they cannot decide and one is stated."""
        if self.recognised:
            return Status.ACHIEVED
        return self.result.status

    @property
    def recognised(self) -> bool:
        """Whether the tier counts as achieved by its recognition (the values leave it open)."""
        return self.recognition is not None and self.result.status in (
            Status.NO_DATA,
            Status.UNDETERMINED,
            Status.NOT_ENCODED,
        )


def missing_items(result: SetResult) -> tuple[MissingItem, ...]:
    """What ``result`` lacks to be achieved: failing indicators and conditions first (with their
    gaps), then those still open (no data, not encoded, undetermined)."""
    failing: list[MissingItem] = []
    still_open: list[MissingItem] = []
    counted = {c.id for c in result.criteria if c.counts_toward_set}
    for indicator in result.indicators.values():
        if indicator.status in (Status.ACHIEVED, Status.NOT_APPLICABLE):
            continue
        if indicator.criterion not in counted:
            continue  # a choice group: its condition says what is missing
        item = MissingItem(
            "indicator",
            indicator.id,
            indicator.title,
            indicator.status,
            indicator.explanation,
            indicator.gap or (indicator.gaps[0] if indicator.gaps else None),
        )
        (failing if indicator.status is Status.NOT_ACHIEVED else still_open).append(item)
    for condition in result.conditions:
        if condition.status is Status.ACHIEVED:
            continue
        item = _condition_item(condition)
        (failing if condition.status is Status.NOT_ACHIEVED else still_open).append(item)
    return (*failing, *still_open)


def _condition_item(condition: RuleResult) -> MissingItem:
    details = {
        name: status for name, status in condition.details.items() if status is not Status.ACHIEVED
    }
    return MissingItem(
        "condition",
        condition.condition or "",
        condition.title or condition.rule,
        condition.status,
        condition.explanation,
        details=FrozenMap(details),
    )


@attrs.frozen(slots=True, repr=False)
class TierAssessment:
    """The tier ladder of one unit in one year.

    >>> import ntmcriteria as ntm
    >>> ladder = ntm.assess(ntm.Observations.from_yaml(ntm.example_path("doc-binh-kieu-2024.yaml")))
    >>> ladder.achieved.tier, ladder.next.tier
    ('nang-cao', 'kieu-mau')
    """

    unit: AdministrativeUnit
    year: int | None
    province: str | None
    level: str
    steps: tuple[TierStep, ...]

    def __repr__(self) -> str:
        from .display import assessment_repr

        return assessment_repr(self)

    def _repr_html_(self) -> str:
        from .display import assessment_html

        return assessment_html(self, "vi")

    def show(self, lang: str = "vi") -> Any:
        """The notebook view in ``lang``."""
        from .display import Shown, assessment_html

        return Shown(assessment_html(self, lang))

    @property
    def achieved(self) -> TierStep | None:
        """The highest tier achieved (None when not even the first is)."""
        done = [step for step in self.steps if step.status is Status.ACHIEVED]
        return max(done, key=lambda s: s.rank) if done else None

    @property
    def next(self) -> TierStep | None:
        """The lowest tier above the achieved one that is not achieved."""
        floor = self.achieved.rank if self.achieved else -1
        above = [s for s in self.steps if s.rank > floor and s.status is not Status.ACHIEVED]
        return min(above, key=lambda s: (s.rank, s.set_id)) if above else None

    @property
    def missing(self) -> tuple[MissingItem, ...]:
        """What the next tier lacks: failing items first (with gaps), then open ones."""
        return missing_items(self.next.result) if self.next else ()

    def tier(self, set_id: str) -> TierStep:
        for step in self.steps:
            if step.set_id == set_id:
                return step
        raise KeyError(f"no tier {set_id!r} in this assessment")

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.to_data(),
            "year": self.year,
            "province": self.province,
            "level": self.level,
            "achieved": self.achieved.set_id if self.achieved else None,
            "next": self.next.set_id if self.next else None,
            "missing": [item.to_dict() for item in self.missing],
            "tiers": [
                {
                    "set_id": step.set_id,
                    "tier": step.tier,
                    "rank": step.rank,
                    "status": step.status.value,
                    "recognition": step.recognition.to_data() if step.recognised else None,  # type: ignore[union-attr]
                    "result": step.result.to_dict(),
                }
                for step in self.steps
            ],
        }

    def to_text(self, lang: str = "vi", width: int = 100, ids: bool = True) -> str:
        """The decision as an explanation tree; ``ids=False`` leaves the set ids out (reports
        name the sets by their titles only)."""
        lang = check_lang(lang)
        vi = lang == "vi"

        def named(step: TierStep) -> str:
            return f"{step.title.get(lang)} [{step.set_id}]" if ids else step.title.get(lang)

        lines = [
            f"{self.unit.name}" + (f" — {'năm' if vi else 'year'} {self.year}" if self.year else "")
        ]
        best = self.achieved
        label = "Hạng đạt cao nhất" if vi else "Highest tier achieved"
        lines.append(
            f"{label}: " + (named(best) if best else ("chưa đạt hạng nào" if vi else "none"))
        )
        for step in self.steps:
            mark = {Status.ACHIEVED: "✓", Status.NOT_ACHIEVED: "✗"}.get(step.status, "?")
            by = ""
            if step.recognised:
                assert step.recognition is not None
                by = f" — {step.recognition.how(higher=step.implied).get(lang)}"
            lines.append(
                f"{mark} {named(step)}: {step.status.label.get(lang)}"
                f"{by}. {step.result.summary(lang)}"
            )
            if step.status is Status.ACHIEVED:
                continue
            items = self.missing if step is self.next else missing_items(step.result)
            lines += explain_missing(items, lang, width, limit=None if step is self.next else 3)
        return "\n".join(lines)


def explain_missing(
    items: Sequence[MissingItem],
    lang: str = "vi",
    width: int = 100,
    limit: int | None = None,
    brief: bool = False,
    marker: str = "← ",
    indent: str = "    ",
) -> list[str]:
    """Indented lines saying why a set is not achieved: each failing item (the first ``limit``;
    ``brief`` leaves out the indicators' explanations, keeping their gaps), marked by ``marker``,
    then the open ones by kind ("… no data (15): 1.1, 1.2, …")."""
    vi = check_lang(lang) == "vi"
    failing = [i for i in items if i.status is Status.NOT_ACHIEVED]
    still_open = [i for i in items if i.status is not Status.NOT_ACHIEVED]
    lines: list[str] = []
    for item in failing if limit is None else failing[:limit]:
        lines += textwrap.wrap(
            f"{marker}{item.brief(lang) if brief else item.describe(lang)}",
            width,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
        )
    if limit is not None and len(failing) > limit:
        more = len(failing) - limit
        lines.append(
            f"{indent}{marker}… {more} {'mục khác chưa đạt' if vi else 'more not achieved'}"
        )
    for status, labels in _OPEN_LABELS.items():
        ids = [i.id for i in still_open if i.status is status]
        if ids:
            lines += textwrap.wrap(
                f"… {labels[0 if vi else 1]} ({len(ids)}): {', '.join(ids)}",
                width,
                initial_indent=indent,
                subsequent_indent=indent + "  ",
            )
    return lines


_OPEN_LABELS = {
    Status.NOT_ENCODED: ("chưa mã hóa ngưỡng", "threshold not encoded"),
    Status.UNDETERMINED: ("chưa xác định", "undetermined"),
    Status.NO_DATA: ("chưa có số liệu", "no data"),
}


def _rank(
    criteria_set: CriteriaSet,
    lookup: Mapping[str, CriteriaSet],
    seen: tuple[str, ...],
    session: Session,
) -> int:
    prerequisites = [
        rule.set_id
        for condition in criteria_set.composition
        for rule in condition.rule.walk()
        if isinstance(rule, AchievedSet)
    ]
    ranks = [0]
    for set_id in prerequisites:
        if set_id in seen:
            continue
        other = lookup.get(set_id)
        if other is None:
            try:
                other = session.resolve_set(set_id)
            except RegistryError:
                continue
        ranks.append(1 + _rank(other, lookup, (*seen, set_id), session))
    return max(ranks)


def _tiers_only(candidates: list[CriteriaSet]) -> list[CriteriaSet]:
    """The candidates less the sets only reached through an ``outstanding_field`` rule."""
    components = {
        field_set
        for s in candidates
        for condition in s.composition
        for rule in condition.rule.walk()
        if isinstance(rule, OutstandingField)
        for field_set in rule.fields.values()
    }
    return [s for s in candidates if s.id not in components]


def sets_in_force(
    observations: Observations, registry: Registry, year: int | None = None
) -> list[CriteriaSet]:
    """The sets a unit is assessed against, one per tier: those of its province and level in
    force in ``year`` (the observations' year by default), a national set for a tier the
    province does not define; outstanding-field sets (components, not tiers) left out."""
    year = year if year is not None else observations.year
    province = province_id(observations.unit.province) if observations.unit.province else None
    in_force = [
        s
        for s in registry.find(level=observations.unit.level)
        if year is None or s.validity.covers_year(year)
    ]
    provincial = [s for s in in_force if province is not None and s.province == province]
    tiers = {s.tier for s in provincial}
    national = [s for s in in_force if s.province is None and s.tier not in tiers]
    return _tiers_only(provincial + national)


def assess(
    observations: Observations | Mapping[str, Any],
    *,
    registry: Registry | None = None,
    year: int | None = None,
    sets: list[CriteriaSet] | None = None,
    session: Session | None = None,
) -> TierAssessment:
    """Evaluate every tier in force for the unit and return the ladder.

    The candidate sets are those of the unit's province (``unit.province``, matched as an ASCII
    id: "Hà Tĩnh" → ``hatinh``) and level in force in the assessment year; a national set (no
    province) applies for a tier the province does not define. Sets only reached through an
    ``outstanding_field`` rule are components, not tiers. ``sets`` overrides the candidates.
    ``session`` lets the caller see every result computed on the way (components and villages
    included) with :meth:`Session.results_for`.

    >>> import ntmcriteria as ntm
    >>> ladder = ntm.assess(ntm.Observations.from_yaml(ntm.example_path("doc-binh-kieu-2024.yaml")))
    >>> [step.tier for step in ladder.steps], ladder.achieved.tier
    (['ntm', 'nang-cao', 'kieu-mau'], 'nang-cao')
    """
    check_year(year)
    if not isinstance(observations, Observations):
        observations = Observations.from_dict(observations)
    if session is None:
        session = Session(registry)
    elif registry is not None:
        session.registry = registry
    year = year if year is not None else observations.year
    province = province_id(observations.unit.province) if observations.unit.province else None
    if sets is None:
        if session.registry is None:
            from ..packs.registry import registry as default_registry

            session.registry = default_registry()
        candidates = sets_in_force(observations, session.registry, year)
    else:
        candidates = _tiers_only(list(sets))
    lookup = {s.id: s for s in candidates}
    steps = []
    for criteria_set in candidates:
        rank = _rank(criteria_set, lookup, (criteria_set.id,), session)
        result = session.evaluate(criteria_set, observations, year)
        recognition = matching(
            observations.recognitions, criteria_set.id, criteria_set.tier, result.year
        )
        steps.append(
            TierStep(
                criteria_set.id, criteria_set.tier, criteria_set.title, rank, result, recognition
            )
        )
    steps.sort(key=lambda step: (step.rank, step.set_id))
    # a tier recognised by decision implies the tiers below it that the values leave open
    for index, step in enumerate(steps):
        if step.recognition is not None:
            continue
        above = [s for s in steps if s.rank > step.rank and s.recognised]
        if above:
            recognition = min(above, key=lambda s: s.rank).recognition
            steps[index] = attrs.evolve(step, recognition=recognition, implied=True)
    return TierAssessment(observations.unit, year, province, observations.unit.level, tuple(steps))
