"""Laws that hold for every value (hypothesis)."""

from __future__ import annotations

from fractions import Fraction

from helpers import make_set
from hypothesis import given, settings
from hypothesis import strategies as st

import ntmcriteria as ntm
from ntmcriteria.core.status import Status
from ntmcriteria.core.units import format_number, parse_number
from ntmcriteria.criteria.requirements import requirement_from_data

OPS = [">=", ">", "<=", "<", "=="]
shares = st.fractions(min_value=0, max_value=100, max_denominator=10_000)

GE = make_set(
    {"r": {"kind": "ratio", "unit": "%", "title": "R"}},
    [{"id": "1", "title": "a", "measure": "r", "requirement": ">= 85 %"}],
)
LE = make_set(
    {"r": {"kind": "ratio", "unit": "%", "title": "R"}},
    [{"id": "1", "title": "a", "measure": "r", "requirement": "<= 25 %"}],
)


def status(criteria_set: ntm.CriteriaSet, value: Fraction) -> Status:
    obs = ntm.Observations(
        ntm.AdministrativeUnit("X"),
        2024,
        values={"r": ntm.Reading(numerator=value, denominator=Fraction(100))},
    )
    return ntm.evaluate(criteria_set, obs).indicators["1"].status


@settings(max_examples=200, deadline=None)
@given(shares, shares)
def test_raising_a_value_never_breaks_a_minimum(a: Fraction, b: Fraction) -> None:
    low, high = sorted((a, b))
    if status(GE, low) is Status.ACHIEVED:
        assert status(GE, high) is Status.ACHIEVED


@settings(max_examples=200, deadline=None)
@given(shares, shares)
def test_lowering_a_value_never_breaks_a_maximum(a: Fraction, b: Fraction) -> None:
    low, high = sorted((a, b))
    if status(LE, high) is Status.ACHIEVED:
        assert status(LE, low) is Status.ACHIEVED


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=5000),
    st.data(),
    st.sampled_from([">=", ">"]),
    st.integers(min_value=1, max_value=99),
)
def test_ratio_gap_is_the_least_whole_count_that_meets_the_threshold(
    denominator: int, data: st.DataObject, op: str, percent: int
) -> None:
    numerator = data.draw(st.integers(min_value=0, max_value=denominator))
    criteria_set = make_set(
        {"r": {"kind": "ratio", "unit": "%", "title": "R"}},
        [{"id": "1", "title": "a", "measure": "r", "requirement": f"{op} {percent} %"}],
    )
    obs = {
        "unit": "X",
        "year": 2024,
        "values": {"r": {"numerator": numerator, "denominator": denominator}},
    }
    result = ntm.evaluate(criteria_set, obs).indicators["1"]
    if result.status is Status.ACHIEVED:
        return
    gap = result.gap
    assert gap is not None and gap.target_count is not None and gap.units_needed is not None
    target = int(gap.target_count)
    assert gap.units_needed == target - numerator > 0
    meets = (
        (lambda n: n * 100 >= percent * denominator)
        if op == ">="
        else (lambda n: n * 100 > percent * denominator)
    )
    assert meets(target)
    assert not meets(target - 1)


@settings(max_examples=300)
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_vietnamese_number_format_round_trips(value: object) -> None:
    exact = Fraction(str(value))
    assert parse_number(format_number(exact, "vi")) == exact
    assert parse_number(format_number(exact, "en"), "en") == exact


@given(st.sampled_from(OPS), st.fractions(min_value=0, max_value=1000, max_denominator=100))
def test_compare_requirements_round_trip_through_plain_data(op: str, value: Fraction) -> None:
    requirement = requirement_from_data({"op": op, "value": float(value), "unit": "%"})
    assert requirement_from_data(requirement.to_data()) == requirement
