"""The Hà Tĩnh pack: the complete commune set of Phụ lục I (seed 003) and what is not known."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import ntmcriteria as ntm
from ntmcriteria.core.status import Status
from ntmcriteria.core.units import format_number

COMMUNE = "hatinh/xa-ntm/2022-2025"
ADVANCED = "hatinh/xa-ntm-nang-cao/2022-2025"
MODEL = "hatinh/xa-ntm-kieu-mau/2022-2025"
MODEL_VILLAGE = "hatinh/khu-dan-cu-ntm-kieu-mau/2022-2025"
KY_CHAU = Path(__file__).resolve().parents[3] / "examples" / "observations" / "ky-chau-2022.yaml"
A, N, D, E, U = (
    Status.ACHIEVED,
    Status.NOT_ACHIEVED,
    Status.NO_DATA,
    Status.NOT_ENCODED,
    Status.UNDETERMINED,
)


@pytest.fixture(scope="module")
def commune_set() -> ntm.CriteriaSet:
    return ntm.registry().get(COMMUNE)


def evaluate(set_id: str, values: dict[str, Any], year: int = 2024, **extra: Any) -> ntm.SetResult:
    data = {"unit": {"name": "Xã Thử", "province": "Hà Tĩnh"}, "year": year, "values": values}
    return ntm.evaluate(set_id, {**data, **extra})


def test_the_pack_loads_every_set() -> None:
    pack = next(p for p in ntm.registry().packs if p.name == "hatinh")
    assert pack.ok, pack.error
    assert set(pack.sets) == {COMMUNE, ADVANCED, MODEL, MODEL_VILLAGE}


def test_counts_equal_the_source_table(commune_set: ntm.CriteriaSet) -> None:
    # shared/sources/hatinh-xa-ntm-2022-2025.yaml: 20 criteria, 60 indicators, 6 groups
    assert commune_set.criteria_count == 20
    assert commune_set.indicator_count == 60
    assert [g.id for g in commune_set.groups] == ["I", "II", "III", "IV", "V", "VI"]
    assert commune_set.not_encoded() == ()
    assert commune_set.encoding_summary().en == "60 of 60 indicators encoded"


def test_agencies_citations_and_legal_basis(commune_set: ntm.CriteriaSet) -> None:
    assert [c.id for c in commune_set.criteria() if c.agency is None] == ["19"]
    for indicator in commune_set.indicators():
        assert indicator.citation is not None
        assert indicator.citation.document.startswith("seed 003_1e4ca939e16392ec.txt")
        assert "line" in (indicator.citation.locator or "")
    assert commune_set.legal_basis.number == "…/2022/QĐ-UBND"
    assert "blank" in (commune_set.legal_basis.note or "")


@pytest.mark.parametrize(("year", "threshold"), [(2022, 39), (2023, 42), (2024, 45), (2025, 48)])
def test_income_by_year_boundaries(year: int, threshold: int) -> None:
    at = evaluate(COMMUNE, {"income_per_capita": f"{threshold} triệu đồng/người/năm"}, year)
    assert at.indicators["10"].status is A
    below = format_number(threshold - Fraction(1, 100), "vi")
    under = evaluate(COMMUNE, {"income_per_capita": f"{below} triệu đồng/người/năm"}, year)
    assert under.indicators["10"].status is N
    gap = under.indicators["10"].gap
    assert gap is not None and gap.amount.magnitude == Fraction(1, 100)


@pytest.mark.parametrize(
    ("schools", "level1", "expected"),
    [(4, "70 %", A), (4, "69,99 %", N), (3, "50 %", A), (3, "49,99 %", N), (None, "90 %", D)],
)
def test_school_rule_depends_on_the_number_of_schools(
    schools: int | None, level1: str, expected: Status
) -> None:
    context = {} if schools is None else {"schools": schools}
    values = {"schools_minimum_facilities_rate": "100 %", "schools_level1_facilities_rate": level1}
    assert evaluate(COMMUNE, values, context=context).indicators["5"].status is expected


def test_school_rule_needs_every_school_at_the_minimum() -> None:
    values = {
        "schools_minimum_facilities_rate": "3/4 trường",
        "schools_level1_facilities_rate": "100 %",
    }
    result = evaluate(COMMUNE, values, context={"schools": 4}).indicators["5"]
    assert result.status is N
    assert result.gaps[0].units_needed == 1


@pytest.mark.parametrize(
    ("in_plan", "values", "expected"),
    [
        (True, {"rural_market_standard": "Đạt"}, A),
        (True, {"rural_market_standard": "Chưa đạt", "standard_convenience_store": "Đạt"}, N),
        (False, {"standard_convenience_store": "Đạt"}, A),
        (False, {"rural_market_standard": "Đạt", "standard_convenience_store": "Chưa đạt"}, N),
        (None, {"rural_market_standard": "Đạt"}, D),
    ],
)
def test_market_rule_with_and_without_a_market(
    in_plan: bool | None, values: dict[str, str], expected: Status
) -> None:
    context = {} if in_plan is None else {"market_in_plan": in_plan}
    assert evaluate(COMMUNE, values, context=context).indicators["7"].status is expected


def test_footnoted_conditions_of_8_4() -> None:
    values = {
        "computers_per_official_rate": "50 %",
        "management_software_systems": "4 phần mềm",
        "online_dossier_rate": "30 %",
    }
    assert evaluate(COMMUNE, values).indicators["8.4"].status is A
    values["management_software_systems"] = "3 phần mềm"
    result = evaluate(COMMUNE, values).indicators["8.4"]
    assert result.status is N
    assert result.gaps[0].units_needed == 1


def test_no_makeshift_houses() -> None:
    assert evaluate(COMMUNE, {"makeshift_houses": "Không"}).indicators["9.1"].status is A
    assert evaluate(COMMUNE, {"makeshift_houses": "2 nhà"}).indicators["9.1"].status is N


def test_criterion_20_stays_undetermined_while_the_model_village_set_is_unknown() -> None:
    villages = [{"unit": f"Thôn {i}", "values": {}} for i in range(4)]
    assert evaluate(COMMUNE, {}, villages=villages).indicators["20"].status is U
    assert evaluate(COMMUNE, {}).indicators["20"].status is D  # no village data


def test_ky_chau_golden() -> None:
    """Seed 000: income 52,15 (2022), poverty 2,14 %, health insurance 95,17 %."""
    result = ntm.evaluate(COMMUNE, ntm.Observations.from_yaml(KY_CHAU))
    statuses = {i: r.status for i, r in result.indicators.items()}
    assert statuses["10"] is A  # 52,15 ≥ 39 (2022)
    assert statuses["11"] is A  # 2,14 % < 6,5 %
    assert statuses["15.1"] is A  # 95,17 % ≥ 90 %
    # septic latrines (835/836) are not 17.8's "latrine, bathroom and water storage, 3 clean",
    # treated wastewater (669/836) is not 17.3's judgement: they imply no verdict here
    assert statuses["17.8"] is D
    assert statuses["17.3"] is D
    assert sum(s is D for s in statuses.values()) == 57
    assert result.achieved is None
    assert result.summary("vi") == "Đạt 2/20 tiêu chí, 3/60 chỉ tiêu (57 chỉ tiêu chưa có số liệu)"


def test_advanced_and_model_sets_can_never_be_achieved_until_encoded() -> None:
    values = {"income_per_capita": "90 triệu đồng/người/năm"}
    advanced = evaluate(ADVANCED, values)
    assert advanced.achieved is None
    assert {advanced.indicators[i].status for i in ("8.4", "15.2", "other")} == {E}
    model = evaluate(MODEL, values)
    assert model.achieved is None
    assert model.indicators["K2"].status is E  # relative to an income level not found
    model_set = ntm.registry().get(MODEL)
    assert model_set.lineage is not None
    assert model_set.lineage.base == "national/xa-ntm-kieu-mau/2021-2025"
    assert model_set.not_encoded() == ("K3", "K4")


def test_13_4_applies_only_to_a_commune_with_a_craft_village() -> None:
    """Seed 003 l. 406-407: "làng nghề truyền thống (nếu có)"."""
    plan = {"craft_village_plan": "Đạt"}
    without = evaluate(COMMUNE, {}, context={"has_craft_village": False})
    assert without.indicators["13.4"].status is Status.NOT_APPLICABLE
    assert (
        evaluate(COMMUNE, plan, context={"has_craft_village": True}).indicators["13.4"].status is A
    )
    assert evaluate(COMMUNE, {}, context={"has_craft_village": True}).indicators["13.4"].status is D
    assert evaluate(COMMUNE, {}).indicators["13.4"].status is D  # the fact itself is not given


FACILITIES = {
    "commune_cultural_house_land_area": "2.500 m2",
    "commune_cultural_house_seats": "250 chỗ ngồi",
    "commune_stadium_area": "13.000 m2",
    "simple_sports_ground_smallest_area": "500 m2",
    "commune_culture_sports_equipment": "Đạt",
}


@pytest.mark.parametrize(
    ("measure", "short"),
    [
        ("commune_cultural_house_land_area", "2.499 m2"),
        ("commune_cultural_house_seats", "249 chỗ ngồi"),
        ("commune_stadium_area", "12.999 m2"),
        ("simple_sports_ground_smallest_area", "499 m2"),
        ("commune_culture_sports_equipment", "Chưa đạt"),
    ],
)
def test_6_1_holds_the_facility_sizes_of_the_source(measure: str, short: str) -> None:
    """Seed 003 l. 245-248: 2.500 m2 of land, 250 seats, a 13.000 m2 stadium, 500 m2 grounds."""
    assert evaluate(COMMUNE, FACILITIES).indicators["6.1"].status is A
    assert evaluate(COMMUNE, {**FACILITIES, measure: short}).indicators["6.1"].status is N
    partial = {k: v for k, v in FACILITIES.items() if k != measure}
    assert evaluate(COMMUNE, partial).indicators["6.1"].status is D


@pytest.mark.parametrize(
    ("villages", "expected"),
    [("8/12 thôn", A), ("2/3", A), ("7/12 thôn", N), ("6/9 thôn", A), ("5/8 thôn", N)],
)
def test_8_3_needs_two_thirds_of_the_villages_with_loudspeakers(
    villages: str, expected: Status
) -> None:
    """Seed 003 l. 295-297: "Có ít nhất 2/3 thôn, bản trong xã có hệ thống loa hoạt động"."""
    values = {"commune_radio_station": "Đạt", "villages_working_loudspeakers_rate": villages}
    result = evaluate(COMMUNE, values).indicators["8.3"]
    assert result.status is expected
    assert "≥ 2/3" in result.explanation.vi
    values["commune_radio_station"] = "Chưa đạt"
    assert evaluate(COMMUNE, values).indicators["8.3"].status is N


def test_the_encoding_summary_counts_only_what_can_be_decided(
    commune_set: ntm.CriteriaSet,
) -> None:
    from ntmcriteria.packs.packdocs import installed_lookup

    summary = commune_set.encoding_summary(installed_lookup()).en
    assert summary.startswith("60 of 60 indicators encoded, 59 decidable")
    assert "waiting on hatinh/khu-dan-cu-ntm-kieu-mau/2022-2025" in summary
    assert commune_set.encoding_summary().en == "60 of 60 indicators encoded"


@pytest.mark.parametrize(
    ("values", "expected", "split_missing"),
    [
        ({"health_insurance_rate": "95,17 %"}, A, True),  # Kỳ Châu: overall only
        ({"health_insurance_rate": "85 %"}, N, True),
        ({"health_insurance_rate_male": "96 %", "health_insurance_rate_female": "90 %"}, A, False),
        ({"health_insurance_rate": "95 %", "health_insurance_rate_female": "89,9 %"}, N, True),
        ({"health_insurance_rate_male": "96 %"}, D, True),
        ({}, D, True),
    ],
)
def test_15_1_holds_for_men_and_for_women(
    values: dict[str, str], expected: Status, split_missing: bool
) -> None:
    """Seed 003 l. 434: "(áp dụng đạt cho cả nam và nữ)"."""
    result = evaluate(COMMUNE, values).indicators["15.1"]
    assert result.status is expected
    assert ("chưa có số liệu riêng cho nam và nữ" in result.explanation.vi) is split_missing
    assert result.requirement.vi == "≥ 90 % (cả nam và nữ)"
