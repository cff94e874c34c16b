"""The one status algebra: its truth table and its laws (hypothesis)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ntmcriteria.core.status import (
    CODE_OF,
    STATUS_OF_CODE,
    Status,
    all_of,
    any_of,
    at_least,
    at_least_codes,
    combine,
)

A, N, D, E, U, X = (
    Status.ACHIEVED,
    Status.NOT_ACHIEVED,
    Status.NO_DATA,
    Status.NOT_ENCODED,
    Status.UNDETERMINED,
    Status.NOT_APPLICABLE,
)
OPEN = (D, E, U)
statuses = st.sampled_from(list(Status))
parts = st.lists(statuses, max_size=8)
# improving a part: not achieved < open < achieved (the open statuses are one truth value)
RANK = {N: 0, D: 1, E: 1, U: 1, A: 2}


def rank(status: Status) -> int:
    return RANK[status]


def test_any_failure_fails() -> None:
    assert combine([A, N, D]) is N


def test_open_parts_leave_the_whole_undetermined() -> None:
    assert combine([A, D]) is U
    assert combine([A, E]) is U
    assert combine([A, D], aggregate=False) is D
    assert combine([E, U], aggregate=False) is E


def test_not_applicable_parts_are_left_out() -> None:
    assert combine([A, X]) is A
    assert combine([X]) is X
    assert combine([]) is X


def test_labels_and_openness() -> None:
    assert A.label.vi == "Đạt"
    assert N.label.en == "Not achieved"
    assert D.is_open and not N.is_open


# The truth table of docs/concepts.md, for two parts (order does not matter).
TWO_PARTS = {
    # parts: (all, any)
    (A, A): (A, A),
    (A, N): (N, A),
    (A, D): (U, A),
    (A, E): (U, A),
    (A, U): (U, A),
    (A, X): (A, A),
    (N, N): (N, N),
    (N, D): (N, U),
    (N, E): (N, U),
    (N, U): (N, U),
    (N, X): (N, N),
    (D, D): (U, U),
    (D, E): (U, U),
    (D, X): (U, U),
    (E, X): (U, U),
    (U, X): (U, U),
    (X, X): (X, X),
}


@pytest.mark.parametrize(("pair", "expected"), TWO_PARTS.items())
def test_truth_table_of_two_parts(
    pair: tuple[Status, Status], expected: tuple[Status, Status]
) -> None:
    for ordered in (pair, pair[::-1]):
        assert (all_of(ordered), any_of(ordered)) == expected


def test_telling_open_status_inside_one_requirement() -> None:
    assert all_of([A, D, E], aggregate=False) is D
    assert any_of([N, E, U], aggregate=False) is E
    assert any_of([N, U], aggregate=False) is U


def test_at_least_counts_only_applicable_parts() -> None:
    assert at_least(2, [A, A, N]) is A
    assert at_least(2, [A, N, N]) is N
    assert at_least(2, [A, D, N]) is U
    assert at_least(2, [A, X, X]) is N  # one applicable part cannot make two
    assert at_least(2, [X, X]) is X


@settings(max_examples=300, deadline=None)
@given(parts, st.randoms(), st.integers(0, 5), st.booleans())
def test_order_does_not_matter(
    values: list[Status], rnd: object, needed: int, aggregate: bool
) -> None:
    shuffled = list(values)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    for k in (None, needed):
        assert at_least(k, values, aggregate=aggregate) is at_least(
            k, shuffled, aggregate=aggregate
        )


@settings(max_examples=300, deadline=None)
@given(parts, st.data(), st.integers(0, 5))
def test_improving_a_part_never_lowers_the_whole(
    values: list[Status], data: st.DataObject, needed: int
) -> None:
    applicable = [i for i, s in enumerate(values) if s is not X]
    if not applicable:
        return
    index = data.draw(st.sampled_from(applicable))
    better = data.draw(st.sampled_from([s for s in RANK if rank(s) >= rank(values[index])]))
    improved = [*values[:index], better, *values[index + 1 :]]
    for k in (None, 1, needed):
        assert rank(at_least(k, improved)) >= rank(at_least(k, values))


@settings(max_examples=300, deadline=None)
@given(parts, st.integers(0, 4), st.integers(0, 5), st.booleans())
def test_not_applicable_parts_are_neutral_everywhere(
    values: list[Status], extra: int, needed: int, aggregate: bool
) -> None:
    if all(s is X for s in values):
        return
    padded = [*values, *([X] * extra)]
    for k in (None, 1, needed):
        assert at_least(k, padded, aggregate=aggregate) is at_least(k, values, aggregate=aggregate)


@settings(max_examples=300, deadline=None)
@given(st.lists(parts.filter(bool), min_size=1, max_size=5), st.integers(0, 5), st.booleans())
def test_codes_follow_the_same_table(
    rows: list[list[Status]], needed: int, aggregate: bool
) -> None:
    width = max(len(r) for r in rows)
    padded = [[*r, *([X] * (width - len(r)))] for r in rows]
    codes = np.array([[CODE_OF[s] for s in r] for r in padded], dtype=np.int8)
    for k in (None, needed):
        got = at_least_codes(k, codes, aggregate=aggregate)
        assert [STATUS_OF_CODE[c] for c in got] == [
            at_least(k, r, aggregate=aggregate) for r in rows
        ]


def test_every_combination_of_three_parts_against_the_codes() -> None:
    rows = list(itertools.product(list(Status), repeat=3))
    codes = np.array([[CODE_OF[s] for s in r] for r in rows], dtype=np.int8)
    needed = np.array([i % 4 for i in range(len(rows))])
    got = at_least_codes(needed, codes, aggregate=False)
    assert [STATUS_OF_CODE[c] for c in got] == [
        at_least(int(k), r, aggregate=False) for k, r in zip(needed, rows, strict=True)
    ]


def test_for_each_sex_on_every_combination_and_on_arrays() -> None:
    """ "Áp dụng đạt cho cả nam và nữ": a failed share fails; both sexes, or else the overall
    share, achieve; the arrays of the frame path give the same as one unit at a time."""
    from ntmcriteria.core.status import CODE_OF, STATUS_OF_CODE, for_each_sex, for_each_sex_codes

    combos = list(itertools.product(list(Status), repeat=3))
    for overall, male, female in combos:
        found = for_each_sex(overall, male, female)
        if Status.NOT_ACHIEVED in (overall, male, female):
            assert found is Status.NOT_ACHIEVED
        elif (male, female) == (Status.ACHIEVED, Status.ACHIEVED) or overall is Status.ACHIEVED:
            assert found is Status.ACHIEVED
        else:
            assert found is all_of((overall, male, female), aggregate=False)
    codes = [np.array([CODE_OF[c[i]] for c in combos], dtype=np.int8) for i in range(3)]
    assert [STATUS_OF_CODE[c] for c in for_each_sex_codes(*codes)] == [
        for_each_sex(*c) for c in combos
    ]
