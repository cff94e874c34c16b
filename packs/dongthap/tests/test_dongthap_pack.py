"""The Đồng Tháp pack, and the golden review of xã Đốc Bình Kiều and ấp 5 (seed 004)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.core.status import Status

SMART = "dongthap/lang-thong-minh/2023"
MODEL = "dongthap/xa-ntm-kieu-mau/2021-2025"
EXAMPLE = (
    Path(__file__).resolve().parents[3] / "examples" / "observations" / "doc-binh-kieu-2024.yaml"
)
A, N, D, E, X = (
    Status.ACHIEVED,
    Status.NOT_ACHIEVED,
    Status.NO_DATA,
    Status.NOT_ENCODED,
    Status.NOT_APPLICABLE,
)


@pytest.fixture(scope="module")
def commune() -> ntm.Observations:
    [unit] = ntm.read_observations(EXAMPLE)
    return unit


def test_the_pack_loads_every_set() -> None:
    pack = next(p for p in ntm.registry().packs if p.name == "dongthap")
    assert pack.ok, pack.error
    assert set(pack.sets) == {
        SMART,
        MODEL,
        "dongthap/xa-ntm/2021-2025",
        "dongthap/xa-ntm-nang-cao/2021-2025",
    }


def test_smart_village_set_shape() -> None:
    smart = ntm.registry().get(SMART)
    assert smart.criteria_count == 4
    assert smart.indicator_count == 27  # Mỹ Đông 2023: "04/04 tiêu chí, 27/27 chỉ tiêu"
    assert smart.legal_basis.number == "384/QĐ-UBND-HC"
    assert smart.not_encoded() == ()


# ấp 5's appendix (seed 004, lines 145-193): every verdict the plan supports with evidence
SMART_VILLAGE = {
    "1.1": D, "1.2": D, "1.3": N, "1.4": N,
    "2.1": N, "2.2": N, "2.3": N, "2.4": N, "2.5": N, "2.6": D, "2.7": D, "2.8": D, "2.9": D,
    "2.10": D, "2.11": D, "2.12": N, "2.13": A,
    "3.1": A, "3.2": N, "3.3": D, "3.4": D, "3.5": A, "3.6": N, "3.7": N,
    "4.1": N, "4.2": N, "4.3": N,
}  # fmt: skip


def test_ap_5_smart_village_golden(commune: ntm.Observations) -> None:
    result = ntm.evaluate(SMART, commune.village("Ấp 5"))
    assert {i: r.status for i, r in result.indicators.items()} == SMART_VILLAGE
    health = result.indicators["2.12"]  # 74,16 % < 90 %
    assert health.gap is not None and health.gap.amount.magnitude == Fraction("15.84")
    assert result.indicators["2.13"].observed.quantity.magnitude == 80  # type: ignore[union-attr]
    assert result.achieved is False
    # the plan's verdicts agree wherever there is evidence; where there is none, the audit says so
    assert {f.kind for f in result.audit} == {"evidence"}
    assert [f.indicator for f in result.audit] == [i for i, s in SMART_VILLAGE.items() if s is D]
    # the verdicts without figures are kept as the plan's claims, shown as "no data"
    village = commune.village("Ấp 5")
    assert village.values["schools_cashless_payment_rate"].claimed is True


def smart_3_4(context: dict[str, bool], values: dict[str, str]) -> Status:
    unit = {"unit": {"name": "Ấp Thử", "level": "village"}, "year": 2024, "context": context}
    return ntm.evaluate(SMART, {**unit, "values": values}).indicators["3.4"].status


@pytest.mark.parametrize(
    ("grown", "values", "expected"),
    [
        ({"rice"}, {"rice": "85 %"}, A),
        ({"rice"}, {"rice": "84,9 %"}, N),  # fruit and vegetables not grown: left out
        ({"rice", "fruit"}, {"rice": "10 %", "fruit": "80 %"}, A),  # "≥ 01" key product
        ({"rice", "fruit"}, {"rice": "10 %", "fruit": "79 %"}, N),
        ({"rice", "fruit"}, {"rice": "10 %"}, D),  # the fruit share could still make it
        ({"vegetables"}, {"vegetables": "50 %"}, A),
        (set(), {}, X),  # no key crop grown at all
    ],
)
def test_3_4_needs_one_key_crop_coded_and_leaves_out_crops_not_grown(
    grown: set[str], values: dict[str, str], expected: Status
) -> None:
    """Seed 004 l. 182: "cây lúa ≥ 85 %; cây ăn trái ≥ 80 %; rau màu ≥ 50 % diện tích", "≥ 01"."""
    crops = ("rice", "fruit", "vegetables")
    context = {f"grows_{crop}": crop in grown for crop in crops}
    measures = {crop: f"{crop}_area_growing_code_rate" for crop in crops}
    measures["vegetables"] = "vegetable_area_growing_code_rate"
    assert smart_3_4(context, {measures[c]: v for c, v in values.items()}) is expected


def test_3_4_without_the_crops_grown_has_no_data() -> None:
    assert smart_3_4({}, {"rice_area_growing_code_rate": "50 %"}) is D


def test_doc_binh_kieu_is_not_a_model_commune_for_three_reasons(commune: ntm.Observations) -> None:
    result = ntm.evaluate(MODEL, commune)
    assert result.achieved is False
    income = result.indicators["K2"]
    assert income.status is N
    assert income.requirement.vi == "≥ 79,2 triệu đồng/người/năm (năm 2024)"
    assert income.gap is not None and income.gap.amount.magnitude == Fraction("10.9")
    group = next(c for c in result.conditions if c.rule.vi.startswith("K3."))
    assert group.status is N
    assert "nhóm đã chọn SX 3/6" in group.explanation.vi
    production = [c for c in result.criteria if c.id.startswith("SX")]
    assert [c.status for c in production] == [A, A, A, N, N, N]
    assert result.indicators["SX4c"].status is X  # no eligible vegetable area (line 31)
    advanced = next(c for c in result.conditions if c.rule.vi.startswith("K1."))
    assert advanced.status is A  # "Đã đạt" (line 25): recognised by 694/QĐ-UBND-HC (line 21)
    assert "đã được công nhận theo QĐ 694/QĐ-UBND-HC ngày 30/06/2023" in advanced.explanation.vi
    smart = next(c for c in result.conditions if c.rule.vi.startswith("K4."))
    assert smart.status is N
    assert dict(smart.details) == {"Ấp 5": N}
    ladder = ntm.assess(commune)
    text = ladder.to_text("vi")
    for reason in ("← K2.", "← K3.", "← K4."):
        assert reason in text


def test_vietgap_share_disagrees_with_its_counts(commune: ntm.Observations) -> None:
    result = ntm.evaluate(MODEL, commune)
    kinds = {(f.indicator, f.kind) for f in result.audit}
    assert ("SX5.1", "ratio") in kinds  # 13,1/2.807,99 ha is 0,47 %, the plan writes 0,46 %
    assert result.indicators["SX5.1"].status is N


def test_income_in_other_years_follows_the_unknown_advanced_level() -> None:
    data = {"unit": "Xã", "year": 2023, "values": {"income_per_capita": "90 triệu đồng/người/năm"}}
    assert ntm.evaluate(MODEL, data).indicators["K2"].status is E
