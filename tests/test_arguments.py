"""Wrong arguments to the public functions are the library's own error, naming the argument."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ntmcriteria as ntm

ROOT = Path(__file__).resolve().parents[1]
KY_CHAU = ROOT / "examples" / "observations" / "ky-chau-2022.yaml"
EXAMPLE = "example/xa-ntm-trich/2022-2025"
[UNIT] = ntm.read_observations(KY_CHAU)

CASES: list[tuple[str, Callable[[], Any], str]] = [
    ("evaluate a number", lambda: ntm.evaluate(42, UNIT), "criteria_set"),  # type: ignore[arg-type]
    ("evaluate a list", lambda: ntm.evaluate([EXAMPLE], UNIT), "criteria_set"),  # type: ignore[arg-type]
    ("year as text", lambda: ntm.evaluate(EXAMPLE, UNIT, year="2024"), "year"),  # type: ignore[arg-type]
    ("year with a fraction", lambda: ntm.evaluate(EXAMPLE, UNIT, year=2024.5), "year"),  # type: ignore[arg-type]
    ("year True", lambda: ntm.evaluate(EXAMPLE, UNIT, year=True), "year"),
    ("year 20", lambda: ntm.evaluate(EXAMPLE, UNIT, year=20), "year"),
    ("assess year as text", lambda: ntm.assess(UNIT, year="2024"), "year"),  # type: ignore[arg-type]
    (
        "reading in a German style",
        lambda: ntm.read_observations(KY_CHAU, number_style="de"),  # type: ignore[arg-type]
        "number_style",
    ),
    (
        "writing in a German style",
        lambda: ntm.write_observations([UNIT], "unused.yaml", number_style="de"),  # type: ignore[arg-type]
        "number_style",
    ),
    (
        "a frame in a German style",
        lambda: ntm.evaluate_frame(EXAMPLE, pd.DataFrame({"unit": ["a"]}), 2024, number_style="de"),  # type: ignore[arg-type]
        "number_style",
    ),
    (
        "a pdf template",
        lambda: ntm.template(ntm.registry().get(EXAMPLE), "pdf", "mau.pdf"),  # type: ignore[arg-type]
        "format",
    ),
    ("a template of an id", lambda: ntm.template(EXAMPLE, "yaml"), "criteria_set"),  # type: ignore[arg-type]
    (
        "an xlsx template without a path",
        lambda: ntm.template(ntm.registry().get(EXAMPLE), "xlsx"),
        "path",
    ),
    (
        "a negative village count",
        lambda: ntm.template(ntm.registry().get(EXAMPLE), "yaml", villages=-1),
        "villages",
    ),
]


@pytest.mark.parametrize(("call", "argument"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_wrong_argument_is_an_argument_error_naming_it(
    call: Callable[[], Any], argument: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ntm.ArgumentError, match=f"^{argument}: ") as caught:
        call()
    assert isinstance(caught.value, ntm.NtmError)
    assert isinstance(caught.value, TypeError | ValueError)  # for code that catches those
    assert list(tmp_path.iterdir()) == []  # nothing written


@given(
    st.one_of(
        st.floats(allow_nan=True),
        st.text(max_size=6),
        st.booleans(),
        st.integers().filter(lambda y: not 1900 < y < 2200),
        st.lists(st.integers(), max_size=2),
    )
)
def test_every_non_year_is_refused_as_a_year(year: object) -> None:
    with pytest.raises(ntm.ArgumentError, match=r"^year: "):
        ntm.evaluate(EXAMPLE, UNIT, year=year)  # type: ignore[arg-type]


@given(st.integers(1901, 2199))
def test_every_year_is_accepted_as_one(year: int) -> None:
    criteria_set = ntm.registry().get(EXAMPLE)
    if criteria_set.validity.covers_year(year):
        assert ntm.evaluate(criteria_set, UNIT, year=year).year == year
    else:  # outside the set's validity: said as such, not as a wrong argument
        with pytest.raises(ntm.ObservationError, match="outside the validity"):
            ntm.evaluate(criteria_set, UNIT, year=year)
