"""The library's error types. Each carries every problem found, each with its place."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "ModelError",
    "NtmError",
    "ObservationError",
    "Problem",
    "RegistryError",
]


@attrs.frozen(slots=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected.

    ``path`` is a slash-separated location inside the object (``criteria/17/indicators/17.8/
    requirement``); ``file`` and ``line`` are set when the input came from a file.

    >>> import ntmcriteria as ntm
    >>> problem = ntm.Problem(
    ...     "/values/income_per_capita", "expected a number", file="so-lieu.yaml", line=7
    ... )
    >>> str(problem)
    'so-lieu.yaml:7 /values/income_per_capita: expected a number'
    """

    path: str
    message: str
    file: str | None = None
    line: int | None = None
    #: the message in Vietnamese, for problems a commune official reads (observation values)
    message_vi: str | None = None

    def __str__(self) -> str:
        place = ""
        if self.file:
            place = self.file + (f":{self.line}" if self.line is not None else "") + " "
        text = f"{place}{self.path}: {self.message}" if self.path else f"{place}{self.message}"
        if self.message_vi:
            text += f" — {self.message_vi}"
        return text


class NtmError(Exception):
    """Base class of every error this library raises on bad input.

    >>> import ntmcriteria as ntm
    >>> issubclass(ntm.ObservationError, ntm.NtmError), issubclass(ntm.ModelError, ntm.NtmError)
    (True, True)
    """


class _ProblemsError(NtmError, ValueError):
    """An error that lists every problem found, not only the first."""

    what = "input"

    def __init__(self, problems: Iterable[Problem], subject: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.subject = subject
        header = f"invalid {self.what}" + (f" {subject!r}" if subject else "")
        count = len(self.problems)
        lines = [f"{header}: {count} problem{'s' if count != 1 else ''}"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class ModelError(_ProblemsError):
    """A criteria set (or one of its parts) that contradicts itself or is malformed.

    >>> import ntmcriteria as ntm
    >>> try:
    ...     ntm.registry().get("hatinh/xa-ntm/2022-2025").with_requirements({"17.8": ">= 90"})
    ... except ntm.ModelError as error:
    ...     print(error.problems[0].message[:40])
    indicator 17.8: a share threshold needs
    """

    what = "criteria set"


class ObservationError(_ProblemsError):
    """Observations that cannot be read or do not fit the measures they are given for.

    >>> import ntmcriteria as ntm
    >>> try:
    ...     ntm.Observations.from_dict({"unit": "X", "values": {"income_per_capita": {"valeu": 1}}})
    ... except ntm.ObservationError as error:
    ...     print(error.problems[0].path)
    /values/income_per_capita
    """

    what = "observations"


class ArgumentError(NtmError, TypeError, ValueError):
    """An argument of a library call that is not what it must be: a set that is neither a
    :class:`CriteriaSet` nor an id, a year that is not a year, an unknown number style or format.
    (Also a ``TypeError`` and a ``ValueError``, for code that catches those.)

    >>> import ntmcriteria as ntm
    >>> try:
    ...     ntm.evaluate(42, {"unit": "X"})
    ... except ntm.ArgumentError as error:
    ...     print(error)
    criteria_set: expected a CriteriaSet or a set id, got int
    """


def check_year(year: object, name: str = "year") -> int | None:
    """``year`` when it is None or a whole year between 1900 and 2200; else ArgumentError."""
    if year is None or (
        isinstance(year, int) and not isinstance(year, bool) and 1900 < year < 2200
    ):
        return year
    raise ArgumentError(f"{name}: expected a year such as 2024 (an int), got {year!r}")


def check_choice(value: object, choices: tuple[str, ...], name: str) -> str:
    """``value`` when it is one of ``choices``; else ArgumentError naming them."""
    if isinstance(value, str) and value in choices:
        return value
    listed = ", ".join(repr(c) for c in choices)
    raise ArgumentError(f"{name}: expected one of {listed}, got {value!r}")


class RegistryError(NtmError, LookupError):
    """A set id that is unknown or defined twice, or a pack that failed to load.

    >>> import ntmcriteria as ntm
    >>> try:
    ...     ntm.registry().get("hatinh/xa-ntm/2022-2024")
    ... except ntm.RegistryError as error:
    ...     print(str(error).startswith("unknown criteria set 'hatinh/xa-ntm/2022-2024'"))
    True
    """
