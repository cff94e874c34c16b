"""Rules over the unit's villages: at least k villages achieve a village set (``villages``), a
share of the commune's villages does (``village_share``, Thanh Hóa's smart commune), and the
village quota (``village_quota``, Hà Tĩnh criterion 20)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ObservationError, Problem
from ...core.status import Status, all_of, at_least
from ...core.text import FrozenMap, Text
from ...core.units import format_number
from ..naming import set_name
from ..requirements import Compare, requirement_from_data

if TYPE_CHECKING:
    from ...evaluation.results import SetResult
    from ...observations.model import Observations
    from ..model import CriteriaSet

from .base import (
    Rule,
    RuleContext,
    RuleReader,
    RuleResult,
    _fail,
    _mapping,
    _string,
    _whole,
)


def _village_results(ctx: RuleContext, set_id: str) -> dict[str, SetResult]:
    return {v.unit.name: ctx.evaluate_set(set_id, v) for v in ctx.observations.villages}


def _no_villages(rule: Rule) -> RuleResult:
    return RuleResult(
        Status.NO_DATA,
        rule.describe,  # worded when read
        Text("Chưa có số liệu các thôn", "No village data given"),
    )


@attrs.frozen(slots=True)
class VillagesAchieving(Rule):
    """At least ``at_least`` villages achieve a village set (e.g. ≥ 1 smart village)."""

    kind: ClassVar[str] = "villages"
    set_id: str
    at_least: int = 1

    def describe(self) -> Text:
        name = set_name(self.set_id)
        return Text(
            f"có ít nhất {self.at_least} thôn đạt {name.vi}",
            f"at least {self.at_least} village{'s' if self.at_least != 1 else ''} achieve "
            f"{name.en}",
        )

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        if self.at_least < 1:
            return [Problem(f"{path}/villages/at_least", "must be at least 1")]
        return []

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        if not ctx.observations.villages:
            return _no_villages(self)
        results = _village_results(ctx, self.set_id)
        statuses = {name: r.status for name, r in results.items()}
        achieved = sum(s is Status.ACHIEVED for s in statuses.values())
        status = at_least(self.at_least, statuses.values())
        names = [n for n, s in statuses.items() if s is Status.ACHIEVED]
        listed = f": {', '.join(names)}" if names else ""
        return RuleResult(
            status,
            self.describe(),
            Text(
                f"{achieved}/{len(statuses)} thôn đạt{listed}",
                f"{achieved} of {len(statuses)} villages achieve it{listed}",
            ),
            details=FrozenMap(statuses),
        )

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        body = _mapping(body, path)
        return VillagesAchieving(
            _string(body.get("set"), f"{path}/set"),
            _whole(body.get("at_least", 1), f"{path}/at_least"),
        )

    def to_data(self) -> Any:
        return {"villages": {"set": self.set_id, "at_least": self.at_least}}


@attrs.frozen(slots=True)
class VillageQuota(Rule):
    """Every village meets ``each_criterion`` of every criterion of a village set (the share of the
    criterion's applicable indicators achieved), and at least ``full`` villages achieve it all.

    With indicators still open a village's share is a range; the rule decides when the whole
    range is on one side of the threshold and is undetermined otherwise.
    """

    kind: ClassVar[str] = "village_quota"
    set_id: str
    each_criterion: Compare | None = None
    full: int | None = None

    def describe(self) -> Text:
        vi, en = [], []
        if self.each_criterion is not None:
            need = self.each_criterion.describe()
            name = set_name(self.set_id)
            vi.append(f"mọi thôn đạt {need.vi} yêu cầu của từng tiêu chí theo {name.vi}")
            en.append(f"every village meets {need.en} of each criterion of {name.en}")
        if self.full:
            vi.append(f"ít nhất {self.full} thôn đạt 100 %")
            en.append(f"at least {self.full} villages at 100 %")
        return Text(", ".join(vi), ", ".join(en))

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        found = []
        if self.each_criterion is None and not self.full:
            found.append(Problem(f"{path}/village_quota", "give each_criterion, full or both"))
        if self.each_criterion is not None and self.each_criterion.value.unit not in ("%", ""):
            found.append(Problem(f"{path}/village_quota/each_criterion", "a share: use '%'"))
        return found

    def _share_status(self, result: SetResult) -> tuple[Status, list[str]]:
        """Whether every criterion's share meets ``each_criterion``; the criteria short of it."""
        assert self.each_criterion is not None
        statuses, short = [], []
        for criterion in result.criteria:
            counts = criterion.counts
            if not counts.applicable:
                continue
            low = Fraction(counts.achieved, counts.applicable)
            high = Fraction(counts.achieved + counts.open, counts.applicable)
            if self.each_criterion.holds(low, ""):
                statuses.append(Status.ACHIEVED)
            elif not self.each_criterion.holds(high, ""):
                statuses.append(Status.NOT_ACHIEVED)
                short.append(f"{criterion.id} ({format_number(low * 100, 'vi', 0)} %)")
            else:
                statuses.append(Status.UNDETERMINED)
        return all_of(statuses), short

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        if not ctx.observations.villages:
            return _no_villages(self)
        results = _village_results(ctx, self.set_id)
        # the headline parts decide; each short village's part only explains the first one
        headline: list[RuleResult] = []
        villages_short: list[RuleResult] = []
        details: dict[str, Status] = {}
        if self.each_criterion is not None:
            need = self.each_criterion.describe()
            per_village = {}
            for name, result in results.items():
                status, short = self._share_status(result)
                per_village[name] = status
                details[name] = status
                if short:
                    per_village_text = ", ".join(short)
                    villages_short.append(
                        RuleResult(
                            status,
                            Text(f"thôn {name}", f"village {name}"),
                            Text(
                                f"tiêu chí chưa đạt {need.vi}: {per_village_text}",
                                f"criteria below {need.en}: {per_village_text}",
                            ),
                        )
                    )
            share = all_of(per_village.values())
            failing = [n for n, s in per_village.items() if s is Status.NOT_ACHIEVED]
            headline.append(
                RuleResult(
                    share,
                    Text(
                        f"mọi thôn {need.vi} mỗi tiêu chí", f"every village {need.en} per criterion"
                    ),
                    Text(
                        f"{len(per_village) - len(failing)}/{len(per_village)} thôn đạt"
                        + (f"; chưa đạt: {', '.join(failing)}" if failing else ""),
                        f"{len(per_village) - len(failing)} of {len(per_village)} villages"
                        + (f"; short: {', '.join(failing)}" if failing else ""),
                    ),
                )
            )
        if self.full:
            statuses = {name: r.status for name, r in results.items()}
            achieved = [n for n, s in statuses.items() if s is Status.ACHIEVED]
            headline.append(
                RuleResult(
                    at_least(self.full, statuses.values()),
                    Text(
                        f"ít nhất {self.full} thôn đạt 100 %",
                        f"at least {self.full} villages at 100 %",
                    ),
                    Text(
                        f"{len(achieved)} thôn đạt 100 %"
                        + (f": {', '.join(achieved)}" if achieved else ""),
                        f"{len(achieved)} villages at 100 %"
                        + (f": {', '.join(achieved)}" if achieved else ""),
                    ),
                )
            )
        status = all_of((p.status for p in headline), aggregate=False)
        return RuleResult(
            status,
            self.describe(),
            Text(
                "; ".join(p.explanation.vi for p in headline),
                "; ".join(p.explanation.en for p in headline),
            ),
            (*headline[:1], *villages_short, *headline[1:]),
            FrozenMap(details),
        )

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        body = _mapping(body, path)
        each = body.get("each_criterion")
        compare = None
        if each is not None:
            parsed = requirement_from_data(each, f"{path}/each_criterion")
            if not isinstance(parsed, Compare):
                raise _fail(f"{path}/each_criterion", "expected a comparison such as '>= 70 %'")
            compare = parsed
        full = body.get("full")
        return VillageQuota(
            _string(body.get("set"), f"{path}/set"),
            compare,
            _whole(full, f"{path}/full") if full is not None else None,
        )

    def to_data(self) -> Any:
        body: dict[str, Any] = {"set": self.set_id}
        if self.each_criterion is not None:
            body["each_criterion"] = self.each_criterion.to_data()
        if self.full:
            body["full"] = self.full
        return {"village_quota": body}


#: the context fact that gives how many villages a commune has
VILLAGES_TOTAL = "villages_total"


def share_status(
    share: Compare, achieved: int, not_achieved: int, total: int, undetermined: bool = False
) -> Status:
    """Whether ``achieved`` of ``total`` villages meet ``share``, when ``not_achieved`` are known
    to fall short and the rest (listed without a verdict, or not listed) are open: decided when
    every share the open villages allow is on one side of the threshold."""
    if total == 0:
        return Status.NOT_APPLICABLE
    low = share.holds(Fraction(achieved, total), "")
    high = share.holds(Fraction(total - not_achieved, total), "")
    if low and high:
        return Status.ACHIEVED
    if not low and not high:
        return Status.NOT_ACHIEVED
    return Status.UNDETERMINED if undetermined else Status.NO_DATA


def villages_total(
    value: object, listed: int, subject: str, fact: str = VILLAGES_TOTAL
) -> int | None:
    """The unit's number of villages (or, with ``fact="communes_total"``, a province's number of
    communes) from its context fact (None when not given)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Fraction) or value < 0:
        message = f"expected a whole number, got {value!r}"
    elif Fraction(value).denominator != 1:
        message = f"expected a whole number, got {value}"
    elif int(value) < listed:
        message = f"{int(value)} in all, but {listed} are listed"
    else:
        return int(value)
    raise ObservationError(
        [
            Problem(
                f"/context/{fact}",
                message,
                message_vi=f"tổng số đơn vị trực thuộc ({fact}) không hợp lệ: {value!r}",
            )
        ],
        subject=subject,
    )


@attrs.frozen(slots=True)
class VillageShare(Rule):
    """A share of the commune's villages achieves a village set: Thanh Hóa's smart commune has
    "tối thiểu 25 % số thôn" smart. The share is of *all* the commune's villages — the context
    fact ``villages_total`` — so villages not listed count as open, never as achieving or not."""

    kind: ClassVar[str] = "village_share"
    #: the members the share is over, the fact of their number, and their name (vi, en)
    members: ClassVar[str] = "villages"
    total_fact: ClassVar[str] = VILLAGES_TOTAL
    noun: ClassVar[tuple[str, str]] = ("thôn", "villages")
    set_id: str
    share: Compare

    def describe(self) -> Text:
        need = self.share.describe()
        name = set_name(self.set_id)
        return Text(
            f"{need.vi} số {self.noun[0]} đạt {name.vi}",
            f"{need.en} of the {self.noun[1]} achieve {name.en}",
        )

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        here = f"{path}/village_share/share"
        if self.share.op not in (">=", ">", "<=", "<"):
            return [Problem(here, "a share bound: use >=, >, <= or <")]
        if self.share.value.unit not in ("%", "", "1"):
            return [Problem(here, "a share: use '%' (or a fraction such as 1/4)")]
        return []

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        members: tuple[Observations, ...] = getattr(ctx.observations, self.members)
        if not members:
            if self.members == "villages":
                return _no_villages(self)
            return RuleResult(
                Status.NO_DATA,
                self.describe,
                Text("Chưa có số liệu các xã", "No commune data given"),
            )
        total = villages_total(
            ctx.observations.fact(self.total_fact),
            len(members),
            ctx.observations.unit.name,
            self.total_fact,
        )
        results = {m.unit.name: ctx.evaluate_set(self.set_id, m) for m in members}
        statuses = {name: r.status for name, r in results.items()}
        achieved = [n for n, s in statuses.items() if s is Status.ACHIEVED]
        short = sum(s in (Status.NOT_ACHIEVED, Status.NOT_APPLICABLE) for s in statuses.values())
        listed = f": {', '.join(achieved)}" if achieved else ""
        noun_vi, noun_en = self.noun
        if total is None:
            return RuleResult(
                Status.NO_DATA,
                self.describe(),
                Text(
                    f"{len(achieved)} {noun_vi} đạt{listed}; chưa có tổng số {noun_vi}"
                    f" (context {self.total_fact})",
                    f"{len(achieved)} {noun_en} achieve it{listed}; the number of {noun_en} is not"
                    f" given (context {self.total_fact})",
                ),
                details=FrozenMap(statuses),
            )
        undetermined = any(s is Status.UNDETERMINED for s in statuses.values())
        status = share_status(self.share, len(achieved), short, total, undetermined)
        percent = format_number(Fraction(100 * len(achieved), total or 1), "vi", 2)
        percent_en = format_number(Fraction(100 * len(achieved), total or 1), "en", 2)
        return RuleResult(
            status,
            self.describe(),
            Text(
                f"{len(achieved)}/{total} {noun_vi} đạt ({percent} %){listed}",
                f"{len(achieved)} of {total} {noun_en} achieve it ({percent_en} %){listed}",
            ),
            details=FrozenMap(statuses),
        )

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        body = _mapping(body, path)
        parsed = requirement_from_data(body.get("share"), f"{path}/share")
        if not isinstance(parsed, Compare):
            raise _fail(f"{path}/share", "expected a comparison such as '>= 25 %'")
        return cls(_string(body.get("set"), f"{path}/set"), parsed)

    def to_data(self) -> Any:
        return {self.kind: {"set": self.set_id, "share": self.share.to_data()}}


@attrs.frozen(slots=True)
class CommuneShare(VillageShare):
    """A share of a province's communes achieves a set: the form of the conditions for a
    province to complete the programme (Phụ lục III of 51/2025/QĐ-TTg, not read yet). Over *all*
    the province's communes — the context fact ``communes_total`` — those not listed open."""

    kind: ClassVar[str] = "commune_share"
    members: ClassVar[str] = "communes"
    total_fact: ClassVar[str] = "communes_total"
    noun: ClassVar[tuple[str, str]] = ("xã", "communes")
