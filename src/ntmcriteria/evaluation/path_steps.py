"""The path to a tier as a value: its ranked steps, what they reach, and how it reads (see
:mod:`.paths` for how it is found)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..core.text import Text, check_lang
from ..core.units import Quantity
from ..observations.model import Observations
from .results import SetResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Path", "PathStep", "merged", "value_text"]


@attrs.frozen(slots=True)
class PathStep:
    """One change on the way: where (the unit, the indicator), what to set the value to, and
    how far that is (``size``: the change relative to the threshold, for ranking)."""

    unit: str
    indicator: str
    measure: str
    title: Text
    value: Any  # what the observation file would say
    description: Text
    size: float
    kind: Literal["gap", "no_data", "choice"] = "gap"
    #: the set whose indicator this is (the target's, a prerequisite tier's, a village set's)
    set_id: str = ""

    def describe(self, lang: str = "vi") -> str:
        where = f"{self.unit}: " if self.unit else ""
        return f"{where}{self.indicator}. {self.title.get(lang)} — {self.description.get(lang)}"


@attrs.frozen(slots=True, repr=False)
class Path:
    """The changes that reach ``target`` (ranked, smallest first), whether applying them does
    (``reached``), the result they give, and what no value can settle (``blocked``)."""

    target: str
    unit: str
    steps: tuple[PathStep, ...]
    choices: Mapping[str, str]
    reached: bool
    result: SetResult
    blocked: tuple[str, ...]
    observations: Observations

    def changes(self) -> dict[str, Any]:
        """The unit's own changes as :func:`ntmcriteria.what_if` takes them."""
        return {s.measure: s.value for s in self.steps if s.unit == self.unit and s.measure}

    def village_changes(self) -> dict[str, dict[str, Any]]:
        """Each village's changes (``villages=`` of :func:`ntmcriteria.what_if`)."""
        found: dict[str, dict[str, Any]] = {}
        for step in self.steps:
            if step.unit != self.unit and step.measure:
                found.setdefault(step.unit, {})[step.measure] = step.value
        return found

    def __repr__(self) -> str:
        state = "reached" if self.reached else "not reached"
        return f"<Path to {self.target} for {self.unit}: {len(self.steps)} change(s), {state}>"

    def __len__(self) -> int:
        return len(self.steps)

    def to_text(self, lang: str = "vi") -> str:
        lang = check_lang(lang)
        vi = lang == "vi"
        lines = [
            (f"Để đạt {self.target}" if vi else f"To reach {self.target}")
            + f" ({self.unit}): "
            + (f"{len(self.steps)} thay đổi" if vi else f"{len(self.steps)} change(s)")
        ]
        lines += [f"  {n}. {step.describe(lang)}" for n, step in enumerate(self.steps, 1)]
        for key, value in self.choices.items():
            lines.append(f"  {'chọn' if vi else 'choose'} {key} = {value}")
        if self.blocked:
            head = "Không thể đạt chỉ bằng số liệu" if vi else "No value settles"
            lines.append(f"  {head}: {', '.join(self.blocked)}")
        return "\n".join(lines)

    def to_frame(self, lang: str = "vi") -> pd.DataFrame:
        import pandas as pd

        lang = check_lang(lang)
        columns = ["rank", "unit", "set_id", "indicator", "measure", "title", "change", "value"]
        return pd.DataFrame(
            [
                {
                    "rank": n,
                    "unit": s.unit,
                    "set_id": s.set_id,
                    "indicator": s.indicator,
                    "measure": s.measure,
                    "title": s.title.get(lang),
                    "change": s.description.get(lang),
                    "value": value_text(s.value, lang),
                    "size": s.size,
                }
                for n, s in enumerate(self.steps, 1)
            ],
            columns=[*columns, "size"],
        )

    def _repr_html_(self) -> str:
        from html import escape

        return "<pre>" + escape(self.to_text("vi")) + "</pre>"


def value_text(value: Any, lang: str = "vi") -> str:
    """A value of a step as a report would write it."""
    if isinstance(value, bool):
        return ("Đạt" if value else "Không") if lang == "vi" else ("achieved" if value else "no")
    if isinstance(value, Quantity):
        return value.format(lang)
    if isinstance(value, Mapping) and "numerator" in value:
        whole = Quantity(value["numerator"], "").format(lang)
        of = Quantity(value["denominator"], "").format(lang)
        return f"{whole}/{of} {value.get('unit', '')}".rstrip()
    if isinstance(value, int):
        return f"mức {value}" if lang == "vi" else f"level {value}"
    return str(value)


def merged(first: PathStep, last: PathStep) -> PathStep:
    """The step as the search ended it, saying the value to reach (and that it was missing)."""
    target = Text(value_text(last.value, "vi"), value_text(last.value, "en"))
    if first.kind == "no_data":
        text = Text(f"chưa có số liệu; tối thiểu {target.vi}", f"no data; at least {target.en}")
        return attrs.evolve(last, description=text, kind="no_data")
    return attrs.evolve(
        last,
        description=Text(
            f"{first.description.vi} → {target.vi}", f"{first.description.en} → {target.en}"
        ),
    )
