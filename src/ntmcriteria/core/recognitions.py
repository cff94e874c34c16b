"""Recognitions: a unit recognised as meeting a set or a tier by a decision.

A model commune's first condition is "Đạt chuẩn nông thôn mới nâng cao: **Đã đạt**" (seeds 000,
002, 004): the commune was recognised by a decision, and its report gives no figure to compute the
advanced set from. Observations state such a recognition::

    recognitions:
      - tier: nang-cao                # or set: hatinh/xa-ntm-nang-cao/2022-2025
        year: 2022
        decision: 1234/QĐ-UBND
        date: "2022-12-30"
        issuer: UBND tỉnh Hà Tĩnh
        source: seed 000, line 12

A condition that the unit achieves a set (``{achieved: SET}``) uses a matching recognition when
the set cannot be decided from the values (no data, undetermined, not encoded), and says so
("Đạt — đã được công nhận theo QĐ …"). A recognition never overrides a verdict the values decide:
a recognised set that the values give as not achieved is an audit finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from .text import Text

__all__ = ["Recognition", "matching", "read_recognitions"]

_KEYS = ("set", "tier", "year", "decision", "date", "issuer", "source")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@attrs.frozen(slots=True)
class Recognition:
    """A decision recognising the unit as meeting a set (``set_id``) or a tier (``tier``)."""

    set_id: str | None = None
    tier: str | None = None
    year: int | None = None
    decision: str | None = None
    date: str | None = None
    issuer: str | None = None
    source: str | None = None

    @property
    def key(self) -> str:
        """The set id, or else the tier: what the recognition names."""
        return self.set_id or self.tier or ""

    def matches(self, set_id: str, tier: str, year: int | None) -> bool:
        """Whether it recognises the set ``set_id`` (of ``tier``) by the assessment ``year``."""
        named = self.set_id == set_id if self.set_id is not None else self.tier == tier
        return named and (self.year is None or year is None or self.year <= year)

    def describe(self) -> Text:
        """``"QĐ 1234/QĐ-UBND ngày 30/12/2022 của UBND tỉnh Hà Tĩnh"``."""
        vi, en = [], []
        if self.decision:
            vi.append(f"QĐ {self.decision}")
            en.append(f"decision {self.decision}")
        if self.date:
            parts = self.date.split("-")
            vi.append(f"ngày {'/'.join(reversed(parts))}" if len(parts) == 3 else self.date)
            en.append(f"of {self.date}")
        elif self.year is not None:
            vi.append(f"năm {self.year}")
            en.append(f"in {self.year}")
        if self.issuer:
            vi.append(f"của {self.issuer}")
            en.append(f"by {self.issuer}")
        if not vi:
            return Text("quyết định công nhận", "a recognition decision")
        return Text(" ".join(vi), " ".join(en))

    def how(self, higher: bool = False) -> Text:
        """``"đã được công nhận theo QĐ 694/QĐ-UBND-HC ngày 30/06/2023 của UBND tỉnh Đồng Tháp"``,
        or ``"đã được công nhận năm 2022"`` when no decision is cited; ``higher``: the
        recognition is of a higher tier, which this one is a prerequisite of."""
        tier_vi, tier_en = (" hạng cao hơn", " in a higher tier") if higher else ("", "")
        if self.decision or self.issuer or self.date:
            by = self.describe()
            return Text(
                f"đã được công nhận{tier_vi} theo {by.vi}", f"recognised{tier_en} by {by.en}"
            )
        when_vi = f" năm {self.year}" if self.year is not None else ""
        when_en = f" in {self.year}" if self.year is not None else ""
        return Text(f"đã được công nhận{tier_vi}{when_vi}", f"recognised{tier_en}{when_en}")

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in (
            ("set", self.set_id),
            ("tier", self.tier),
            ("year", self.year),
            ("decision", self.decision),
            ("date", self.date),
            ("issuer", self.issuer),
            ("source", self.source),
        ):
            if value is not None:
                data[key] = value
        return data


def read_recognitions(
    raw: object, fail: Callable[[str, str, str | None], None]
) -> tuple[Recognition, ...]:
    """The ``recognitions:`` list of an observation file; each problem reported by ``fail``."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        fail("/recognitions", "expected a list of {set or tier, year, decision, …}", None)
        return ()
    found = []
    for index, item in enumerate(raw):
        path = f"/recognitions/{index}"
        if not isinstance(item, Mapping):
            fail(path, "expected {set or tier, year, decision, date, issuer, source}", None)
            continue
        unknown = set(item) - set(_KEYS)
        if unknown:
            fail(
                path,
                f"unknown key(s) {sorted(map(str, unknown))}; expected {', '.join(_KEYS)}",
                None,
            )
            continue
        if (item.get("set") is None) == (item.get("tier") is None):
            fail(
                path,
                "name what is recognised: a set id (set) or a tier (tier), one of them",
                "ghi bộ tiêu chí (set) hoặc hạng (tier) được công nhận",
            )
            continue
        bad = [
            key
            for key in ("set", "tier", "decision", "issuer", "source")
            if item.get(key) is not None and not isinstance(item.get(key), str)
        ]
        for key in bad:
            fail(f"{path}/{key}", f"expected a string, got {item.get(key)!r}", None)
        year = item.get("year")
        if year is not None and (
            isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 2200
        ):
            fail(f"{path}/year", f"expected a year such as 2022, got {year!r}", None)
            bad.append("year")
        date = item.get("date")
        if isinstance(date, dt.date):  # YAML reads an unquoted 2022-12-30 as a date
            date = date.isoformat()
        if date is not None and (not isinstance(date, str) or not _DATE.fullmatch(date.strip())):
            fail(f"{path}/date", f"expected a date such as 2022-12-30, got {date!r}", None)
            bad.append("date")
        if bad:
            continue
        found.append(
            Recognition(
                item.get("set"),
                item.get("tier"),
                year,
                item.get("decision"),
                date.strip() if isinstance(date, str) else None,
                item.get("issuer"),
                item.get("source"),
            )
        )
    return tuple(found)


def matching(
    recognitions: Iterable[Recognition], set_id: str, tier: str, year: int | None
) -> Recognition | None:
    """The first recognition of the set ``set_id`` (or of its tier) by ``year``."""
    return next((r for r in recognitions if r.matches(set_id, tier, year)), None)
