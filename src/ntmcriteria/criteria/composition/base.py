"""The base of composition rules: what a rule may ask of an evaluation, its result, the base
class, and the helpers the kinds' readers share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import attrs

from ...core.errors import ModelError, Problem
from ...core.status import Status
from ...core.text import FrozenMap, Text

if TYPE_CHECKING:
    from ...evaluation.results import CriterionResult, SetResult
    from ...observations.model import Observations
    from ..model import CriteriaSet


class RuleContext(Protocol):
    """What a rule may ask of the evaluation it runs in."""

    @property
    def criteria_set(self) -> CriteriaSet: ...

    @property
    def observations(self) -> Observations: ...

    def criterion_result(self, criterion_id: str) -> CriterionResult:
        """The result of a criterion of the set being evaluated."""

    def evaluate_set(self, set_id: str, observations: Observations) -> SetResult:
        """Another set evaluated on a unit (memoised; villages included)."""


@attrs.frozen(slots=True)
class RuleResult:
    """A rule's verdict, its explanation and its parts.

    ``details`` names the groups, fields or villages the rule looked at, with their status, so
    that "what is missing" can say which villages fall short. A set's condition also carries its
    id and title (``condition``, ``title``), so nothing needs to read them back from ``rule``.

    >>> import ntmcriteria as ntm
    >>> unit = ntm.Observations.from_yaml(ntm.example_path("doc-binh-kieu-2024.yaml"))
    >>> condition = ntm.evaluate("dongthap/xa-ntm-kieu-mau/2021-2025", unit).conditions[-1]
    >>> condition.condition, condition.status, condition.explanation.vi
    ('K4', <Status.NOT_ACHIEVED: 'not_achieved'>, '0/1 thôn đạt')
    """

    status: Status
    #: the rule as the set states it, or what words it when it is first read (see :attr:`rule`)
    _rule: Text | Callable[[], Text] = attrs.field(alias="rule", eq=False)
    #: the explanation, or what works it out when it is first read (see :attr:`explanation`)
    _explanation: Text | Callable[[], Text] = attrs.field(alias="explanation", eq=False)
    parts: tuple[RuleResult, ...] = ()
    details: FrozenMap[str, Status] = attrs.field(factory=FrozenMap)
    #: for a set's condition: its id (``K1``) and title, as the set names it
    condition: str | None = None
    title: Text | None = None
    #: what the rule found against the report's own statements (a recognition the values
    #: contradict), for the audit
    finding: Text | None = None

    @property
    def rule(self) -> Text:
        """The rule as the set states it (worded when first read)."""
        if not isinstance(self._rule, Text):
            object.__setattr__(self, "_rule", self._rule())  # kept once worded
        assert isinstance(self._rule, Text)
        return self._rule

    @property
    def explanation(self) -> Text:
        """Why the rule holds or not; worked out when first read (a rule over other sets words
        their summaries only then)."""
        if not isinstance(self._explanation, Text):
            object.__setattr__(self, "_explanation", self._explanation())  # kept once worked out
        assert isinstance(self._explanation, Text)
        return self._explanation

    def __getstate__(self) -> dict[str, Any]:
        """Pickled worded: a lazy text is worked out first (its callable may not pickle)."""
        state = {field.name: getattr(self, field.name) for field in attrs.fields(type(self))}
        state["_rule"], state["_explanation"] = self.rule, self.explanation
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status.value,
            "rule": self.rule.to_data(),
            "explanation": self.explanation.to_data(),
        }
        if self.condition is not None:
            data["id"] = self.condition
        if self.title is not None:
            data["title"] = self.title.to_data()
        if self.details:
            data["details"] = {name: status.value for name, status in self.details.items()}
        if self.parts:
            data["parts"] = [part.to_dict() for part in self.parts]
        return data


class Rule:
    """Base of the composition rules (frozen attrs subclasses)."""

    __slots__ = ()
    kind: ClassVar[str] = ""

    @classmethod
    def from_data(cls, body: object, path: str, read: RuleReader) -> Rule:
        """Read this kind from the body of ``{kind: body}`` at ``path``; ``read`` reads nested
        rules."""
        raise NotImplementedError

    def describe(self) -> Text:
        raise NotImplementedError

    def evaluate(self, ctx: RuleContext) -> RuleResult:
        raise NotImplementedError

    def problems(self, criteria_set: CriteriaSet, path: str) -> list[Problem]:
        return []

    def children(self) -> tuple[Rule, ...]:
        return ()

    def walk(self) -> Iterable[Rule]:
        yield self
        for child in self.children():
            yield from child.walk()

    def to_data(self) -> Any:
        raise NotImplementedError


#: reads a nested rule from plain data at a JSON pointer
RuleReader = Callable[[object, str], "Rule"]


def _fail(path: str, message: str) -> ModelError:
    return ModelError([Problem(path, message)])


def _string(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(path, f"expected a string, got {value!r}")
    return value


def _whole(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(path, f"expected a whole number ≥ 1, got {value!r}")
    return value


def _mapping(body: object, path: str) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise _fail(path, "expected a mapping")
    return body


def _rules(data: object, path: str, read: RuleReader) -> tuple[Rule, ...]:
    if not isinstance(data, list) or not data:
        raise _fail(path, "expected a non-empty list of rules")
    problems: list[Problem] = []
    rules = []
    for index, item in enumerate(data):
        try:
            rules.append(read(item, f"{path}/{index}"))
        except ModelError as exc:
            problems += exc.problems
    if problems:
        raise ModelError(problems)
    return tuple(rules)
