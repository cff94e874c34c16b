"""The example pack: its set, and the golden evaluation of xã Kỳ Châu (seed 000)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.core.status import Status
from ntmcriteria.core.units import format_number
from ntmcriteria.packs import set_files

SET_ID = "example/xa-ntm-trich/2022-2025"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def criteria_set() -> ntm.CriteriaSet:
    return ntm.registry().get(SET_ID)


def test_the_yaml_loads_on_its_own() -> None:
    [path] = set_files("ntmcriteria_example")
    loaded = ntm.load_criteria_set(path)
    assert loaded.id == SET_ID


def test_shape(criteria_set: ntm.CriteriaSet) -> None:
    assert [c.id for c in criteria_set.criteria()] == ["10", "11", "15", "17"]
    assert criteria_set.indicator_count == 18
    assert criteria_set.legal_basis.issuer == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert criteria_set.validity.years == (2022, 2023, 2024, 2025)
    assert criteria_set.province == "example"  # a demo excerpt, not a tier of Hà Tĩnh


@pytest.mark.parametrize(("year", "threshold"), [(2022, 39), (2023, 42), (2024, 45), (2025, 48)])
def test_income_threshold_by_year(criteria_set: ntm.CriteriaSet, year: int, threshold: int) -> None:
    obs = {
        "unit": "X",
        "year": year,
        "values": {"income_per_capita": f"{threshold} triệu đồng/người/năm"},
    }
    result = ntm.evaluate(criteria_set, obs).indicators["10"]
    assert result.status is Status.ACHIEVED
    assert result.requirement.vi == f"≥ {threshold} triệu đồng/người/năm (năm {year})"
    below = format_number(threshold - Fraction(1, 100), "vi")
    obs["values"] = {"income_per_capita": f"{below} triệu đồng/người/năm"}
    assert ntm.evaluate(criteria_set, obs).indicators["10"].status is Status.NOT_ACHIEVED


def test_poverty_is_strictly_below_6_5(criteria_set: ntm.CriteriaSet) -> None:
    obs = {"unit": "X", "year": 2024, "values": {"multidimensional_poverty_rate": "6,5 %"}}
    assert ntm.evaluate(criteria_set, obs).indicators["11"].status is Status.NOT_ACHIEVED


def test_ky_chau_golden(criteria_set: ntm.CriteriaSet) -> None:
    obs = ntm.Observations.from_yaml(ROOT / "examples" / "observations" / "ky-chau-2022.yaml")
    result = ntm.evaluate(criteria_set, obs)
    statuses = {i: r.status for i, r in result.indicators.items()}
    assert statuses["10"] is Status.ACHIEVED  # 52,15 ≥ 39 (2022)
    assert statuses["11"] is Status.ACHIEVED  # 2,14 % < 6,5 %
    assert statuses["15.1"] is Status.ACHIEVED  # 95,17 % ≥ 90 %
    assert sum(s is Status.NO_DATA for s in statuses.values()) == 15
    assert result.achieved is None  # not "not achieved": the rest is missing data
    assert result.summary("vi") == "Đạt 2/4 tiêu chí, 3/18 chỉ tiêu (15 chỉ tiêu chưa có số liệu)"
    assert result.unused == (
        "households_septic_latrine_rate",
        "households_wastewater_treated_rate",
        "mobile_internet_subscribers_rate",
    )


def test_17_8_gap_in_households(criteria_set: ntm.CriteriaSet) -> None:
    obs = {
        "unit": "X",
        "year": 2024,
        "values": {"households_hygienic_facilities_rate": "669/836 hộ"},
    }
    result = ntm.evaluate(criteria_set, obs).indicators["17.8"]
    assert result.status is Status.NOT_ACHIEVED
    assert result.gap is not None
    assert (result.gap.target_count, result.gap.units_needed) == (711, 42)


def test_17_1_needs_both_parts(criteria_set: ntm.CriteriaSet) -> None:
    values = {"households_clean_water_rate": "60 %", "households_piped_water_rate": "19 %"}
    result = ntm.evaluate(criteria_set, {"unit": "X", "year": 2024, "values": values})
    assert result.indicators["17.1"].status is Status.NOT_ACHIEVED
    values["households_piped_water_rate"] = "20 %"
    result = ntm.evaluate(criteria_set, {"unit": "X", "year": 2024, "values": values})
    assert result.indicators["17.1"].status is Status.ACHIEVED
