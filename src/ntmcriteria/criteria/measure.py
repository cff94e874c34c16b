"""A measure: one real-world quantity a unit reports, named once and checked by every set.

A :class:`Measure` checks itself when it is built: its id, that its unit is one the library knows,
and that the unit fits its kind (a ratio is a share, a count counts whole things, a yes/no has no
unit, a level is a rank or stars). :mod:`.model` builds indicators, criteria and sets on measures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from ..core.errors import ModelError, Problem
from ..core.text import Text
from ..core.units import (
    UnitError,
    dimensions,
    is_count_unit,
    is_dimensionless,
    is_percent,
    normalize_unit,
)
from ..core.values import MeasureKind
from .metadata import _text, _text_or_none

__all__ = ["Measure"]

_MEASURE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class Measure:
    """One real-world quantity a unit reports, named once and checked by every set.

    ``kind`` says how values are read and compared: a ``quantity`` has a unit
    (``triệu đồng/người/năm``), a ``ratio`` is a share (``%``) that may be observed as
    ``669/836 hộ``, a ``count`` counts whole things (``trường``), a ``boolean`` is Đạt/Chưa đạt,
    a ``level`` is a rank (``mức độ 2``, ``4 sao``) optionally with named ``levels``.

    >>> import ntmcriteria as ntm
    >>> income = ntm.registry().get("hatinh/xa-ntm/2022-2025").measure("income_per_capita")
    >>> income.kind, income.unit
    (<MeasureKind.QUANTITY: 'quantity'>, 'triệu đồng/người/năm')
    """

    id: str
    kind: MeasureKind = attrs.field(converter=MeasureKind)
    unit: str = attrs.field(converter=normalize_unit)
    title: Text = attrs.field(converter=_text)
    levels: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    note: Text | None = attrs.field(default=None, converter=_text_or_none)
    #: what the measure says exists, named so that measures of other sets saying the same can be
    #: compared by the audit (a village's "có cơ sở …" against its commune's count of them)
    fact: str | None = None

    def __attrs_post_init__(self) -> None:
        found = self.problems(f"/measures/{self.id}")
        if found:
            raise ModelError(found)

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        if not _MEASURE_ID.match(self.id):
            found.append(
                Problem(path, f"measure id {self.id!r} must be lower-case ASCII words joined by _")
            )
        try:
            dimensions(self.unit)
        except UnitError as exc:
            return [*found, Problem(f"{path}/unit", str(exc))]
        if self.kind is MeasureKind.RATIO and not is_dimensionless(self.unit):
            found.append(
                Problem(f"{path}/unit", f"a ratio is a share such as '%', not {self.unit!r}")
            )
        if self.kind is MeasureKind.COUNT and not is_count_unit(self.unit):
            found.append(
                Problem(
                    f"{path}/unit",
                    f"a count counts whole things (hộ, người, trường …), not {self.unit!r}",
                )
            )
        if self.kind is MeasureKind.BOOLEAN and self.unit:
            found.append(Problem(f"{path}/unit", "a boolean measure has no unit"))
        if self.kind is MeasureKind.LEVEL and self.unit not in ("", "sao"):
            found.append(Problem(f"{path}/unit", "a level's unit is empty or 'sao' (stars)"))
        if self.levels and self.kind is not MeasureKind.LEVEL:
            found.append(Problem(f"{path}/levels", "only a level measure has named levels"))
        if len(set(self.levels)) != len(self.levels):
            found.append(Problem(f"{path}/levels", "level names repeat"))
        return found

    @property
    def is_percent(self) -> bool:
        return is_percent(self.unit)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "unit": self.unit,
            "title": self.title.to_data(),
        }
        if self.levels:
            data["levels"] = list(self.levels)
        if self.note is not None:
            data["note"] = self.note.to_data()
        if self.fact is not None:
            data["fact"] = self.fact
        return data
