"""Outcome statuses and the one algebra that combines them.

An indicator is achieved, not achieved, without data, not applicable, or not encoded (the set
gives no threshold). Every combination in the library — the parts of one requirement (``all_of``,
``any_of``), a criterion's rule (all, at least k), a set, composition rules (all, any, at least k,
one of groups, outstanding field, villages, village quotas) — is a call into :func:`at_least`
(``all`` is "at least as many as apply", ``any`` is "at least one"). It is Kleene's three-valued
logic with "not applicable" neutral:

* parts that are not applicable are left out; a whole made only of them (or of nothing) is
  itself not applicable;
* the whole is achieved when at least ``needed`` applicable parts are achieved;
* it is not achieved when even every open part turning achieved would not reach ``needed``;
* otherwise it is open. An *aggregate* (criterion, set, count over villages, groups or fields)
  then says ``UNDETERMINED``; the parts of one requirement or rule keep the most telling open
  status of their open parts: ``NO_DATA`` before ``NOT_ENCODED`` before ``UNDETERMINED``.

The same truth table exists on numpy arrays of status codes (:func:`at_least_codes`) for the
frame path; a property test holds the two equal.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .text import Text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "CODE_OF",
    "STATUS_OF_CODE",
    "Status",
    "all_of",
    "any_of",
    "at_least",
    "at_least_codes",
    "at_least_counts",
    "at_least_parts",
    "combine",
    "for_each_sex",
    "for_each_sex_codes",
]


class Status(enum.Enum):
    """The status of an indicator, criterion, set or rule.

    >>> import ntmcriteria as ntm
    >>> ntm.Status.NO_DATA.label.vi, ntm.Status.NO_DATA.label.en
    ('Chưa có số liệu', 'No data')
    """

    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"
    NOT_APPLICABLE = "not_applicable"
    NOT_ENCODED = "not_encoded"
    UNDETERMINED = "undetermined"

    @property
    def label(self) -> Text:
        """The status as a report writes it: ``Đạt`` / ``Achieved``."""
        return _LABELS[self]

    @property
    def is_open(self) -> bool:
        """Whether more data or a threshold could still change this status."""
        return self in _OPEN

    @property
    def code(self) -> int:
        """The small integer the frame path stores for this status (see :data:`CODE_OF`)."""
        return CODE_OF[self]

    def __str__(self) -> str:
        return self.value


_LABELS = {
    Status.ACHIEVED: Text("Đạt", "Achieved"),
    Status.NOT_ACHIEVED: Text("Chưa đạt", "Not achieved"),
    Status.NO_DATA: Text("Chưa có số liệu", "No data"),
    Status.NOT_APPLICABLE: Text("Không áp dụng", "Not applicable"),
    Status.NOT_ENCODED: Text("Chưa mã hóa ngưỡng", "Threshold not encoded"),
    Status.UNDETERMINED: Text("Chưa xác định", "Undetermined"),
}
_OPEN = frozenset({Status.NO_DATA, Status.NOT_ENCODED, Status.UNDETERMINED})
_NA, _ACHIEVED, _NOT_ACHIEVED = Status.NOT_APPLICABLE, Status.ACHIEVED, Status.NOT_ACHIEVED
_NO_DATA, _NOT_ENCODED = Status.NO_DATA, Status.NOT_ENCODED

#: Status codes of the frame path. The open ones are ordered from most to least telling.
CODE_OF: dict[Status, int] = {
    Status.NOT_APPLICABLE: 0,
    Status.NOT_ACHIEVED: 1,
    Status.NO_DATA: 2,
    Status.NOT_ENCODED: 3,
    Status.UNDETERMINED: 4,
    Status.ACHIEVED: 5,
}
STATUS_OF_CODE: tuple[Status, ...] = tuple(sorted(CODE_OF, key=CODE_OF.__getitem__))


def at_least(needed: int | None, statuses: Iterable[Status], *, aggregate: bool = True) -> Status:
    """The one rule: at least ``needed`` of the applicable parts achieved.

    ``needed=None`` means every applicable part (``all``). See the module docstring for the
    truth table; ``aggregate`` chooses how an open whole is reported.
    """
    achieved = not_achieved = applicable = 0
    no_data = not_encoded = False
    for status in statuses:
        if status is _NA:
            continue
        applicable += 1
        if status is _ACHIEVED:
            achieved += 1
        elif status is _NOT_ACHIEVED:
            not_achieved += 1
        elif status is _NO_DATA:
            no_data = True
        elif status is _NOT_ENCODED:
            not_encoded = True
    if applicable == 0:
        return Status.NOT_APPLICABLE
    target = applicable if needed is None else needed
    if achieved >= target:
        return Status.ACHIEVED
    if applicable - not_achieved < target:
        return Status.NOT_ACHIEVED
    if aggregate:
        return Status.UNDETERMINED
    # the most telling open status of the open parts
    return _NO_DATA if no_data else _NOT_ENCODED if not_encoded else Status.UNDETERMINED


def all_of(statuses: Iterable[Status], *, aggregate: bool = True) -> Status:
    """Every applicable part achieved (Kleene "and", not applicable neutral)."""
    return at_least(None, statuses, aggregate=aggregate)


def any_of(statuses: Iterable[Status], *, aggregate: bool = True) -> Status:
    """At least one applicable part achieved (Kleene "or", not applicable neutral)."""
    return at_least(1, statuses, aggregate=aggregate)


def combine(statuses: Iterable[Status], *, aggregate: bool = True) -> Status:
    """Every applicable part achieved: :func:`all_of` (kept for its callers)."""
    return at_least(None, statuses, aggregate=aggregate)


def for_each_sex(overall: Status, male: Status, female: Status) -> Status:
    """A share that must hold "for both men and women" (áp dụng đạt cho cả nam và nữ): not
    achieved when the overall share or either sex's fails; achieved when both sexes' are — or,
    the split not given, when the overall share is; otherwise the most telling open status."""
    parts = (overall, male, female)
    if _NOT_ACHIEVED in parts:
        return Status.NOT_ACHIEVED
    if (male is _ACHIEVED and female is _ACHIEVED) or overall is _ACHIEVED:
        return Status.ACHIEVED
    return all_of(parts, aggregate=False)


def for_each_sex_codes(
    overall: npt.NDArray[np.int8], male: npt.NDArray[np.int8], female: npt.NDArray[np.int8]
) -> npt.NDArray[np.int8]:
    """:func:`for_each_sex` on code arrays (the frame path)."""
    import numpy as np

    combined = _all_parts([overall, male, female], len(overall), False)
    achieved = ((male == 5) & (female == 5)) | (overall == 5)
    result: npt.NDArray[np.int8] = np.where(achieved & (combined != 1), 5, combined).astype(np.int8)
    return result


def at_least_codes(
    needed: int | npt.NDArray[Any] | None,
    codes: npt.NDArray[np.int8],
    *,
    aggregate: bool = True,
) -> npt.NDArray[np.int8]:
    """:func:`at_least` on status codes: ``codes`` has one row per unit and one column per part.

    ``needed`` is a count, ``None`` for all applicable parts, or one count per row.
    """
    import numpy as np

    codes = np.asarray(codes, dtype=np.int8)
    if codes.ndim != 2:
        raise ValueError("codes: expected a 2-d array (units × parts)")
    return at_least_parts(needed, list(codes.T), codes.shape[0], aggregate=aggregate)


def at_least_parts(
    needed: int | npt.NDArray[Any] | None,
    parts: list[npt.NDArray[np.int8]],
    size: int,
    *,
    aggregate: bool = True,
) -> npt.NDArray[np.int8]:
    """:func:`at_least` on one code array per part (each with one code per unit): the form the
    frame path keeps its parts in, summed part by part."""
    import numpy as np

    if needed is None:
        return _all_parts(parts, size, aggregate)
    achieved = np.zeros(size, dtype=np.int16)
    not_achieved = np.zeros(size, dtype=np.int16)
    applicable = np.zeros(size, dtype=np.int16)
    no_data = not_encoded = None
    for part in parts:
        achieved += part == 5
        not_achieved += part == 1
        applicable += part != 0
        if not aggregate:
            found_no_data, found_not_encoded = part == 2, part == 3
            no_data = found_no_data if no_data is None else no_data | found_no_data
            not_encoded = (
                found_not_encoded if not_encoded is None else not_encoded | found_not_encoded
            )
    open_code: Any = 4
    if not aggregate and no_data is not None and not_encoded is not None:
        open_code = np.where(no_data, 2, np.where(not_encoded, 3, 4))
    return at_least_counts(
        needed,
        achieved=achieved,
        not_achieved=not_achieved,
        applicable=applicable,
        open_code=open_code,
    )


# "All of": the smallest code of the applicable parts decides, once the codes are shifted down
# by one as bytes (not applicable, 0, becomes 255, above every other): 1 not achieved; 2, 3, 4
# open, the smallest the most telling; 5 achieved; 255 when no part applies. Aggregated, every
# open whole is undetermined (4).
_ALL_AGGREGATE = bytes([1, 4, 4, 4, 5] + [0] * 251)


def _all_parts(
    parts: list[npt.NDArray[np.int8]], size: int, aggregate: bool
) -> npt.NDArray[np.int8]:
    import numpy as np

    if not parts:
        return np.zeros(size, dtype=np.int8)
    smallest = parts[0].view(np.uint8) - np.uint8(1)
    shifted = np.empty_like(smallest)
    for part in parts[1:]:
        np.subtract(part.view(np.uint8), np.uint8(1), out=shifted)
        np.minimum(smallest, shifted, out=smallest)
    if not aggregate:  # shift back up: 1–5 as they were, and 255 wraps round to 0
        smallest += np.uint8(1)
        telling: npt.NDArray[np.int8] = smallest.view(np.int8)
        return telling
    found: npt.NDArray[np.int8] = np.take(np.frombuffer(_ALL_AGGREGATE, dtype=np.int8), smallest)
    return found


def at_least_counts(
    needed: int | npt.NDArray[Any] | None,
    *,
    achieved: npt.NDArray[Any],
    not_achieved: npt.NDArray[Any],
    applicable: npt.NDArray[Any],
    open_code: int | npt.NDArray[Any] = 4,
) -> npt.NDArray[np.int8]:
    """:func:`at_least` from per-unit counts of the parts (for parts counted by group, such as a
    commune's villages); ``open_code`` is the code an open whole takes."""
    import numpy as np

    target = applicable if needed is None else needed
    size = len(applicable)
    if np.ndim(open_code) == 0:
        result = np.full(size, open_code, dtype=np.int8)
    else:
        result = np.array(open_code, dtype=np.int8)
    result[applicable - not_achieved < target] = 1
    result[achieved >= target] = 5  # never also "not achieved": achieved ≤ applicable - failed
    result[applicable == 0] = 0
    return result
