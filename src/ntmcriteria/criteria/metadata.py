"""Where a set comes from and when it applies: citations, the legal basis, the validity period,
lineage across ``extends``, the shape the legal text gives, and the installed pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from ..core.text import Text

__all__ = [
    "Citation",
    "IndicatorLineage",
    "LegalBasis",
    "Provenance",
    "SetLineage",
    "SetShape",
    "Validity",
]


def _text(value: Text | Mapping[str, str] | str) -> Text:
    return Text.coerce(value)


def _text_or_none(value: Text | Mapping[str, str] | str | None) -> Text | None:
    return None if value is None else Text.coerce(value)


@attrs.frozen(slots=True)
class Citation:
    """Where a set, criterion or indicator comes from: a document and a place in it.

    >>> import ntmcriteria as ntm
    >>> str(ntm.Citation("Quyết định 318/QĐ-TTg", "Phụ lục I, mục 17"))
    'Quyết định 318/QĐ-TTg, Phụ lục I, mục 17'
    """

    document: str
    locator: str | None = None
    url: str | None = None
    note: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    def __str__(self) -> str:
        parts = [self.document]
        if self.locator:
            parts.append(self.locator)
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@attrs.frozen(slots=True)
class LegalBasis:
    """The decision that issued a set. ``number`` or ``date`` may be unknown: say so in ``note``.

    >>> import ntmcriteria as ntm
    >>> ntm.LegalBasis("Thủ tướng Chính phủ", "318/QĐ-TTg", "2022-03-08").describe()
    'Thủ tướng Chính phủ, 318/QĐ-TTg, 2022-03-08'
    """

    issuer: str
    number: str | None = None
    date: str | None = None
    title: Text | None = attrs.field(default=None, converter=_text_or_none)
    note: str | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"issuer": self.issuer}
        for key in ("number", "date", "note"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.title is not None:
            data["title"] = self.title.to_data()
        return data

    def describe(self, lang: str = "vi") -> str:
        """One line for a report: issuer, number, date and title.

        ``"Ủy ban nhân dân tỉnh Đồng Tháp, 384/QĐ-UBND-HC, 2023-04-03: Quyết định …"``.
        Unknown parts are left out (the ``note`` says why).
        """
        head = ", ".join(x for x in (self.issuer, self.number, self.date) if x)
        return f"{head}: {self.title.get(lang)}" if self.title is not None else head


@attrs.frozen(slots=True)
class Validity:
    """The period a set is in force: from ``start`` to ``end`` (inclusive; open when None).

    >>> import datetime
    >>> import ntmcriteria as ntm
    >>> validity = ntm.Validity(datetime.date(2022, 1, 1), datetime.date(2025, 12, 31))
    >>> validity.years, validity.covers_year(2026)
    ((2022, 2023, 2024, 2025), False)
    """

    start: dt.date
    end: dt.date | None = None

    @property
    def years(self) -> tuple[int, ...]:
        """The assessment years the period covers (empty when open-ended)."""
        if self.end is None:
            return ()
        return tuple(range(self.start.year, self.end.year + 1))

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def covers_year(self, year: int) -> bool:
        return self.start.year <= year and (self.end is None or year <= self.end.year)

    def describe(self) -> str:
        end = self.end.isoformat() if self.end else "…"
        return f"{self.start.isoformat()} – {end}"

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.start.isoformat()}
        if self.end is not None:
            data["to"] = self.end.isoformat()
        return data


@attrs.frozen(slots=True)
class IndicatorLineage:
    """Where an indicator's requirement comes from when sets extend one another.

    ``defined_in`` is the set whose file states the requirement; ``overrides`` the set whose
    requirement it replaced (None when inherited unchanged or newly added).
    """

    defined_in: str
    overrides: str | None = None

    def describe(self) -> Text:
        if self.overrides:
            return Text(
                f"ngưỡng của bộ {self.defined_in}, thay cho bộ {self.overrides}",
                f"threshold from {self.defined_in} overriding {self.overrides}",
            )
        return Text(f"ngưỡng của bộ {self.defined_in}", f"threshold from {self.defined_in}")


@attrs.frozen(slots=True)
class SetLineage:
    """What an extending set inherited and changed."""

    base: str
    base_hash: str | None = None
    overridden: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in attrs.asdict(self).items()}


@attrs.frozen(slots=True)
class SetShape:
    """How many criteria and indicators the legal text (or a report quoting it) says a set has.

    It lets a partly encoded set show what is missing, and a complete one prove it matches.
    """

    criteria: int
    indicators: int
    source: str | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"criteria": self.criteria, "indicators": self.indicators}
        if self.source:
            data["source"] = self.source
        return data


@attrs.frozen(slots=True)
class Provenance:
    """Which installed pack a set came from, so a verdict can be reproduced later.

    >>> import ntmcriteria as ntm
    >>> provenance = ntm.registry().get("hatinh/xa-ntm/2022-2025").provenance
    >>> provenance.pack, provenance.distribution
    ('hatinh', 'ntmcriteria-hatinh')
    """

    pack: str
    distribution: str | None = None
    version: str | None = None
    content_hash: str | None = None
    source: str | None = None
    files_hash: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}
