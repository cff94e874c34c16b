"""The Thanh Hóa pack, and the golden review of xã Tây Hồ and thôn Nam Thượng (seed 002)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.core.status import Status

SMART = "thanhhoa/thon-thong-minh/2022-2025"
FIELD = "thanhhoa/linh-vuc-noi-troi-chuyen-doi-so/2022-2025"
MODEL = "thanhhoa/xa-ntm-kieu-mau/2022-2025"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "observations" / "tay-ho-2024.yaml"
A, D, E = Status.ACHIEVED, Status.NO_DATA, Status.NOT_ENCODED


@pytest.fixture(scope="module")
def commune() -> ntm.Observations:
    [unit] = ntm.read_observations(EXAMPLE)
    return unit


def test_the_pack_loads_every_set() -> None:
    pack = next(p for p in ntm.registry().packs if p.name == "thanhhoa")
    assert pack.ok, pack.error
    assert set(pack.sets) == {
        SMART,
        FIELD,
        MODEL,
        "thanhhoa/xa-ntm-nang-cao/2022-2025",
        "thanhhoa/xa-ntm-thong-minh/2024",
    }
    assert ntm.registry().get(SMART).indicator_count == 10
    assert ntm.registry().get(FIELD).criteria_count == 9
    assert ntm.registry().get(FIELD).not_encoded() == ("TC9",)


def test_nam_thuong_is_a_smart_village(commune: ntm.Observations) -> None:
    result = ntm.evaluate(SMART, commune.village("Nam Thượng"))
    assert {r.status for r in result.indicators.values()} == {A}
    assert result.achieved is True
    assert result.indicators["1.2"].observed.format("vi") == "613/613 người (100 %)"  # type: ignore[union-attr]
    assert result.audit == ()


def test_tay_ho_digital_transformation_field(commune: ntm.Observations) -> None:
    result = ntm.evaluate(FIELD, commune)
    statuses = {i: r.status for i, r in result.indicators.items()}
    assert statuses == {
        "TC1": A, "TC2": D, "TC3": A, "TC4": A, "TC5": A, "TC6": A, "TC7": A, "TC8": A, "TC9": E,
    }  # fmt: skip
    skills = result.indicators["TC5"]
    assert skills.observed.format("vi") == "1.796/2.150 người (83,53 %)"  # type: ignore[union-attr]
    payment = result.indicators["TC6"]
    assert payment.observed.format("vi") == "1.789/2.150 (83,21 %)"  # type: ignore[union-attr]
    assert result.achieved is None  # TC2 has no evidence, TC9 no threshold
    findings = {(f.indicator, f.kind) for f in result.audit}
    assert findings == {("TC5", "threshold"), ("TC6", "threshold")}  # the report's "tiêu chí 80 %"
    tc5 = next(f for f in result.audit if f.indicator == "TC5")
    assert "“≥ 80 %”" in tc5.message.vi and "“≥ 70 %”" in tc5.message.vi


def test_tay_ho_model_commune_stays_undetermined(commune: ntm.Observations) -> None:
    result = ntm.evaluate(MODEL, commune)
    conditions = {c.rule.vi.split(".")[0]: c.status for c in result.conditions}
    assert conditions["K3"] is A  # Nam Thượng
    assert result.achieved is None
    assert result.indicators["K2"].status is E  # the advanced income level was not found


@pytest.mark.parametrize(("total", "expected"), [(4, A), (5, D), (None, D)])
def test_smart_commune_criterion_1_is_a_share_of_the_villages(
    commune: ntm.Observations, total: int | None, expected: Status
) -> None:
    """ "Có tối thiểu 25 % số thôn thông minh": Nam Thượng, smart, is one village of ``total``."""
    import attrs

    context = dict(commune.context)
    context.pop("villages_total", None)
    if total is not None:
        context["villages_total"] = total
    unit = attrs.evolve(commune, context=context)
    result = ntm.evaluate("thanhhoa/xa-ntm-thong-minh/2024", unit)
    assert result.indicators["XTM1"].status is expected
    if total == 4:
        assert "1/4 thôn đạt (25 %): Nam Thượng" in result.indicators["XTM1"].explanation.vi
