"""The base of the threshold algebra: the context a requirement is checked in, its outcome, the
base class every kind derives from, and the helpers the kinds' readers share."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, TypeAlias, TypeVar

import attrs

from ...core.errors import ModelError, Problem
from ...core.status import Status
from ...core.text import Text
from ...core.units import (
    NumberStyle,
)
from ...core.values import Gap, MeasureKind, Observed

if TYPE_CHECKING:
    from ..model import CriteriaSet, Measure

#: reads a nested requirement from plain data at a JSON pointer
Reader = Callable[[object, str], "Requirement"]
T = TypeVar("T")
Op = Literal[">=", ">", "<=", "<", "=="]
FactValue: TypeAlias = Fraction | bool | str

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_OP_ALIASES = {"≥": ">=", "≤": "<=", "=": "==", "≠": "!=", "=>": ">=", "=<": "<="}
_OP_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}
_COMPARE_OPS: tuple[Op, ...] = (">=", ">", "<=", "<", "==")


def _normalize_op(op: object, allowed: Sequence[str], path: str) -> str:
    if not isinstance(op, str):
        raise ModelError([Problem(path, f"operator must be a string, got {op!r}")])
    key = _OP_ALIASES.get(op.strip(), op.strip())
    if key not in allowed:
        raise ModelError(
            [Problem(path, f"unknown operator {op!r}: expected one of {', '.join(allowed)}")]
        )
    return key


# --- context -----------------------------------------------------------------------------------


class Context(Protocol):
    """What a requirement may ask about the assessment it is checked in."""

    @property
    def year(self) -> int | None: ...

    @property
    def region(self) -> str | None: ...

    def fact(self, name: str) -> FactValue | None:
        """A context fact (``schools``, ``is_island``…), or None when it was not given."""

    def observed(self, measure_id: str) -> Observed | None:
        """The observed value of a measure, or None for no data."""

    def measure(self, measure_id: str) -> Measure:
        """The measure definition of the set being evaluated."""

    def resolve_set(self, set_id: str) -> CriteriaSet:
        """Another criteria set, for relative requirements (raises RegistryError if unknown)."""


@attrs.frozen(slots=True)
class Scope:
    """What a requirement is validated against: the set's measures and the years it covers."""

    measures: Mapping[str, Measure]
    years: tuple[int, ...] = ()


# --- outcome ------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Outcome:
    """The result of checking one requirement (or one part of it).

    >>> import ntmcriteria as ntm
    >>> unit = {"unit": "X", "year": 2024,
    ...         "values": {"income_per_capita": "44 triệu đồng/người/năm"}}
    >>> outcome = ntm.evaluate("example/xa-ntm-trich/2022-2025", unit).indicators["10"].outcome
    >>> outcome.status, outcome.measure
    (<Status.NOT_ACHIEVED: 'not_achieved'>, 'income_per_capita')
    """

    status: Status
    requirement: Text
    explanation: Text
    measure: str
    observed: Observed | None = None
    gap: Gap | None = None
    parts: tuple[Outcome, ...] = ()
    threshold_from: str | None = None

    def gaps(self) -> tuple[Gap, ...]:
        """This outcome's gap and those of its parts that are not achieved."""
        found: list[Gap] = [self.gap] if self.gap is not None else []
        for part in self.parts:
            if part.status is Status.NOT_ACHIEVED:
                found.extend(part.gaps())
        return tuple(found)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status.value,
            "measure": self.measure,
            "requirement": self.requirement.to_data(),
            "explanation": self.explanation.to_data(),
            "observed": self.observed.to_data() if self.observed else None,
            "gap": self.gap.to_data() if self.gap else None,
        }
        if self.parts:
            data["parts"] = [part.to_data() for part in self.parts]
        if self.threshold_from:
            data["threshold_from"] = self.threshold_from
        return data


def _no_data(measure: str, requirement: Text, title: Text | None = None) -> Outcome:
    what = title or Text.same(measure)
    return Outcome(
        Status.NO_DATA,
        requirement,
        Text(
            f"Chưa có số liệu về “{what.vi}”",
            f"No data for “{what.en}”",
        ),
        measure,
    )


def _observed(measure_id: str, ctx: Context, text: Text) -> tuple[Measure, Observed] | Outcome:
    """The measure and its observed value, or the "no data" outcome of a leaf requirement."""
    measure = ctx.measure(measure_id)
    observed = ctx.observed(measure_id)
    if observed is None:
        return _no_data(measure_id, text, measure.title)
    return measure, observed


def _verdict(status: Status) -> Text:
    return status.label


def _explain(observed: Observed, requirement: Text, status: Status, gap: Gap | None) -> Text:
    vi = f"{observed.format('vi')} so với yêu cầu {requirement.vi}: {_verdict(status).vi}"
    en = f"{observed.format('en')} against {requirement.en}: {_verdict(status).en.lower()}"
    if gap is not None:
        vi += f", {gap.describe('vi')}"
        en += f", {gap.describe('en')}"
    return Text(vi, en)


# --- the base class -------------------------------------------------------------------------------


class Requirement:
    """Base of every requirement kind. Subclasses are frozen attrs classes.

    A kind is one class: its decision (``check``, ``resolve``), its explanation (``describe``)
    and its reader (``from_data``, for a mapping with one of its ``data_keys``), registered in
    the kinds table :data:`ntmcriteria.criteria.requirements.REQUIREMENT_KINDS`.

    >>> import ntmcriteria as ntm
    >>> requirement = ntm.requirement_from_data(">= 85 %")
    >>> requirement.kind, requirement.describe().vi
    ('compare', '≥ 85 %')
    """

    __slots__ = ()
    kind: ClassVar[str] = ""
    #: the plain-data keys that make a mapping this kind (``{by_year: …}``)
    data_keys: ClassVar[tuple[str, ...]] = ()
    #: Measure kinds a leaf requirement accepts (empty: any; selectors check their parts).
    measure_kinds: ClassVar[tuple[MeasureKind, ...]] = ()

    def check(self, measure_id: str, ctx: Context) -> Outcome:
        """Check the observed value of ``measure_id`` in ``ctx``."""
        raise NotImplementedError

    def describe(self) -> Text:
        """The requirement as the legal text writes it, without a context."""
        raise NotImplementedError

    def resolve(
        self, measure_id: str, ctx: Context
    ) -> tuple[Requirement, tuple[Text, ...]] | Outcome:
        """The leaf requirement that applies in ``ctx``, with the qualifiers that selected it.

        Returns an :class:`Outcome` instead when the context cannot select one (no year given,
        a fact missing, a year the table does not list).
        """
        return self, ()

    def problems(self, measure: Measure, scope: Scope, path: str) -> list[Problem]:
        """What is wrong with applying this requirement to ``measure``."""
        if self.measure_kinds and measure.kind not in self.measure_kinds:
            kinds = " or ".join(k.value for k in self.measure_kinds)
            return [
                Problem(
                    path,
                    f"a {self.kind!r} requirement needs a {kinds} measure, but "
                    f"{measure.id!r} is a {measure.kind.value} measure",
                )
            ]
        return []

    def children(self) -> tuple[Requirement, ...]:
        """Directly nested requirements."""
        return ()

    def other_measures(self) -> tuple[tuple[str, Text], ...]:
        """The measures besides the indicator's own that this requirement itself reads (nested
        requirements say their own), each with what it asks of that measure — what a fill-in
        template writes beside the measure.

        >>> import ntmcriteria as ntm
        >>> part = ntm.requirement_from_data(
        ...     {"for_measure": {"measure": "piped_rate", "requirement": ">= 20 %"}})
        >>> [(measure, text.vi) for measure, text in part.other_measures()]
        [('piped_rate', '≥ 20 %')]
        """
        return ()

    def walk(self) -> Iterable[Requirement]:
        """This requirement and every nested one, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()

    def to_data(self) -> Any:
        """Plain data (dicts, lists, strings, numbers) that :func:`requirement_from_data` reads."""
        raise NotImplementedError

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], path: str, read: Reader, style: NumberStyle
    ) -> Requirement:
        """Read this kind from a mapping; ``read`` reads nested requirements."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.describe().vi


def _qualified(text: Text, qualifiers: tuple[Text, ...]) -> Text:
    if not qualifiers:
        return text
    return Text(
        f"{text.vi} ({'; '.join(q.vi for q in qualifiers)})",
        f"{text.en} ({'; '.join(q.en for q in qualifiers)})",
    )


def _plain(value: Fraction) -> int | float | str:
    """A number for plain data: an int, an exact float, or a fraction string such as ``1/3``."""
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    if Fraction(repr(as_float)) == value:
        return as_float
    return f"{value.numerator}/{value.denominator}"


# --- reading plain data ---------------------------------------------------------------------


def _text_from(data: object, path: str) -> Text:
    try:
        return Text.coerce(data)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ModelError([Problem(path, str(exc))]) from exc


def _expect_keys(data: Mapping[str, Any], allowed: set[str], path: str) -> list[Problem]:
    unknown = set(data) - allowed
    if unknown:
        return [
            Problem(
                path,
                f"unknown key(s) {sorted(map(str, unknown))}; expected "
                f"{', '.join(sorted(allowed))}",
            )
        ]
    return []


def _attempt(problems: list[Problem], read: Callable[..., T], *args: Any) -> T | None:
    """``read(*args)``, or None with its problems added to ``problems``."""
    try:
        return read(*args)
    except ModelError as exc:
        problems.extend(exc.problems)
        return None


def _optional(
    data: Mapping[str, Any], key: str, path: str, problems: list[Problem], read: Reader
) -> Requirement | None:
    if key not in data or data[key] is None:
        return None
    return _attempt(problems, read, data[key], f"{path}/{key}")


def _optional_text(data: Mapping[str, Any], path: str, problems: list[Problem]) -> Text | None:
    if "title" not in data:
        return None
    return _attempt(problems, _text_from, data["title"], f"{path}/title")
