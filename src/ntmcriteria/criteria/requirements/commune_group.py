"""Thresholds by commune group, the 2026–2030 form (Quyết định 51/2025/QĐ-TTg).

"Mỗi tiêu chí đều được chia theo 3 nhóm xã": every criterion of the 2026–2030 national set has a
target per commune group, instead of the seven regions of 2021–2025. The group is the context
fact ``commune_group`` of the observations (1, 2 or 3):

* nhóm 1 — a commune next to an existing urban area and oriented to become urban, or whose
  economy is less than 10 % agriculture, or oriented to become a new urban area;
* nhóm 3 — a commune of khu vực II or III of the ethnic-minority and mountain areas, as
  classified by the competent authority;
* nhóm 2 — every other commune.

(The July 2025 draft numbered them the other way round; the final text is the one above.)
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from ...core.errors import ModelError, ObservationError, Problem
from ...core.status import Status
from ...core.text import FrozenMap, Text
from ...core.units import NumberStyle

if TYPE_CHECKING:
    from ..model import Measure

from .base import Context, Outcome, Reader, Requirement, Scope, _expect_keys, _optional
from .selectors import _frozen_map, _Selector

__all__ = ["COMMUNE_GROUP", "COMMUNE_GROUPS", "ByCommuneGroup", "commune_group"]

#: the context fact that gives a commune's group
COMMUNE_GROUP = "commune_group"
COMMUNE_GROUPS = (1, 2, 3)


def commune_group(value: object) -> int | None:
    """The group a ``commune_group`` fact names (1, 2 or 3; ``"nhóm 2"`` is 2); an
    ObservationError for anything else."""
    if value is None:
        return None
    found: object = value
    if isinstance(value, str):
        text = value.strip().lower().removeprefix("nhóm").removeprefix("nhom").strip()
        found = int(text) if text.isdigit() else value
    elif (isinstance(value, Fraction) and value.denominator == 1) or (
        isinstance(value, float) and value.is_integer()
    ):
        found = int(value)
    if isinstance(found, int) and not isinstance(found, bool) and found in COMMUNE_GROUPS:
        return found
    raise ObservationError(
        [
            Problem(
                f"/context/{COMMUNE_GROUP}",
                f"expected the commune group 1, 2 or 3 (Quyết định 51/2025/QĐ-TTg), got {value!r}",
                message_vi=f"nhóm xã phải là 1, 2 hoặc 3, không phải {value!r}",
            )
        ]
    )


@attrs.frozen(slots=True)
class ByCommuneGroup(_Selector):
    """A threshold per commune group (the context fact ``commune_group``), with a default."""

    kind: ClassVar[str] = "by_commune_group"
    data_keys: ClassVar[tuple[str, ...]] = ("by_commune_group",)

    groups: FrozenMap[int, Requirement] = attrs.field(converter=_frozen_map)
    otherwise: Requirement | None = None

    def children(self) -> tuple[Requirement, ...]:
        rest = (self.otherwise,) if self.otherwise is not None else ()
        return (*self.groups.values(), *rest)

    def describe(self) -> Text:
        parts = [(group, req.describe()) for group, req in sorted(self.groups.items())]
        vi = [f"xã nhóm {group}: {text.vi}" for group, text in parts]
        en = [f"group {group} communes: {text.en}" for group, text in parts]
        if self.otherwise is not None:
            vi.append(f"nhóm khác: {self.otherwise.describe().vi}")
            en.append(f"other groups: {self.otherwise.describe().en}")
        return Text("; ".join(vi), "; ".join(en))

    def select(self, measure_id: str, ctx: Context) -> tuple[Requirement, Text] | Outcome:
        group = commune_group(ctx.fact(COMMUNE_GROUP))
        if group is None:
            return Outcome(
                Status.NO_DATA,
                self.describe(),
                Text(
                    "Chưa biết xã thuộc nhóm nào (context commune_group) nên không chọn được"
                    " ngưỡng",
                    "The commune's group is not given (context fact commune_group), so no "
                    "threshold applies",
                ),
                measure_id,
                ctx.observed(measure_id),
            )
        chosen = self.groups.get(group, self.otherwise)
        if chosen is None:
            return Outcome(
                Status.NOT_ENCODED,
                self.describe(),
                Text(
                    f"Bộ tiêu chí không quy định ngưỡng cho xã nhóm {group}",
                    f"The set gives no threshold for group {group} communes",
                ),
                measure_id,
                ctx.observed(measure_id),
            )
        return chosen, Text(f"xã nhóm {group}", f"group {group} commune")

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        found: list[Problem] = []
        for group, requirement in self.groups.items():
            found += requirement.problems(measure, scope, f"{path}/by_commune_group/{group}")
        if self.otherwise is not None:
            found += self.otherwise.problems(measure, scope, f"{path}/otherwise")
        if not self.groups:
            found.append(Problem(f"{path}/by_commune_group", "lists no commune group"))
        return found

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        problems = _expect_keys(data, {"by_commune_group", "otherwise"}, path)
        table = data["by_commune_group"]
        here = f"{path}/by_commune_group"
        if not isinstance(table, Mapping):
            raise ModelError([*problems, Problem(here, "expected a mapping group → requirement")])
        groups: dict[int, Requirement] = {}
        for key, item in table.items():
            group = int(key) if isinstance(key, int | str) and str(key).isdigit() else None
            if group not in COMMUNE_GROUPS:
                problems.append(Problem(f"{here}/{key}", f"expected group 1, 2 or 3, got {key!r}"))
                continue
            assert group is not None
            try:
                groups[group] = read(item, f"{here}/{key}")
            except ModelError as exc:
                problems += exc.problems
        otherwise = _optional(data, "otherwise", path, problems, read)
        if problems:
            raise ModelError(problems)
        return ByCommuneGroup(groups, otherwise)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "by_commune_group": {group: req.to_data() for group, req in sorted(self.groups.items())}
        }
        if self.otherwise is not None:
            data["otherwise"] = self.otherwise.to_data()
        return data
