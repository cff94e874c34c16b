"""The national pack: 318/QĐ-TTg and 319/QĐ-TTg as far as the sources give them."""

from __future__ import annotations

import ntmcriteria as ntm
from ntmcriteria.core.status import Status

COMMUNE = "national/xa-ntm/2021-2025"
ADVANCED = "national/xa-ntm-nang-cao/2021-2025"
MODEL = "national/xa-ntm-kieu-mau/2021-2025"
COMMUNE_2026 = "national/xa-ntm/2026-2030"
MODERN_2026 = "national/xa-ntm-hien-dai/2026-2030"
PROVINCE_2026 = "national/tinh-hoan-thanh-ntm/2026-2030"


def test_the_pack_loads_every_set() -> None:
    pack = next(p for p in ntm.registry().packs if p.name == "national")
    assert pack.ok, pack.error
    assert set(pack.sets) == {COMMUNE, ADVANCED, MODEL, COMMUNE_2026, MODERN_2026, PROVINCE_2026}


def test_commune_set_structure_of_318() -> None:
    commune = ntm.registry().get(COMMUNE)
    assert commune.criteria_count == 19
    assert [g.id for g in commune.groups] == ["I", "II", "III", "IV", "V"]
    assert [c.id for c in commune.groups[3].criteria] == ["14", "15", "16", "17"]
    assert commune.legal_basis.number == "318/QĐ-TTg"
    assert commune.legal_basis.date == "2022-03-08"
    encoded = [i.id for i in commune.indicators() if i.id not in commune.not_encoded()]
    assert encoded == ["3.1", "3.2"]  # the only sourced thresholds


def test_sourced_thresholds_and_the_rest_never_achieved() -> None:
    data = {
        "unit": "Xã Thử",
        "year": 2024,
        "values": {"farmland_irrigated_drained_rate": "80 %", "disaster_preparedness": "Đạt"},
    }
    result = ntm.evaluate(COMMUNE, data)
    assert result.indicators["3.1"].status is Status.ACHIEVED
    assert result.indicators["3.2"].status is Status.ACHIEVED
    assert result.criterion("3").status is Status.ACHIEVED
    assert result.achieved is None
    assert result.indicators["10"].status is Status.NOT_ENCODED


def test_model_commune_conditions_of_319() -> None:
    model = ntm.registry().get(MODEL)
    assert [c.id for c in model.composition] == ["K1", "K3", "K4"]
    assert model.indicator("K2").requirement.to_data() == {  # type: ignore[union-attr]
        "relative": {"set": ADVANCED, "factor": 1.1}
    }
    assert model.not_encoded() == ("K3", "K4")
    result = ntm.evaluate(MODEL, {"unit": "Xã Thử", "year": 2024, "values": {}})
    assert result.achieved is None


def test_the_2026_2030_commune_set_is_its_shape_until_its_annex_is_read() -> None:
    """51/2025/QĐ-TTg: 10 criteria by name, 47 indicators; none of the 47 has been read."""
    commune = ntm.registry().get(COMMUNE_2026)
    assert commune.legal_basis.number == "51/2025/QĐ-TTg"
    assert commune.legal_basis.date == "2025-12-29"
    assert commune.criteria_count == 10
    assert [c.title.vi for g in commune.groups for c in g.criteria][:3] == [
        "Quy hoạch",
        "Hạ tầng kinh tế - xã hội",
        "Phát triển kinh tế nông thôn",
    ]
    assert commune.shape is not None
    assert (commune.shape.criteria, commune.shape.indicators) == (10, 47)
    assert len(commune.not_encoded()) == commune.indicator_count == 10  # every row: not encoded
    result = ntm.evaluate(COMMUNE_2026, {"unit": "Xã Thử", "year": 2026, "values": {}})
    assert {i.status for i in result.indicators.values()} == {Status.NOT_ENCODED}
    assert result.achieved is None  # never achieved, never failed, while the annex is unread
    assert ntm.registry().get(MODERN_2026).not_encoded() == ("HD",)


def test_sets_in_force_follow_the_calendar() -> None:
    in_force = {s.id for s in ntm.registry().find(on="2026-06-01", province=None)}
    assert {COMMUNE_2026, MODERN_2026} <= in_force
    assert not any(i.endswith("2021-2025") or i.endswith("2022-2025") for i in in_force)
    before = {s.id for s in ntm.registry().find(on="2026-02-14")}
    assert COMMUNE_2026 not in before  # in force from 15/02/2026


def test_a_2026_assessment_against_a_2021_2025_set_names_the_set_in_force() -> None:
    import pytest

    with pytest.raises(ntm.ObservationError) as caught:
        ntm.evaluate("hatinh/xa-ntm/2022-2025", {"unit": "Xã Thử", "year": 2026, "values": {}})
    [problem] = caught.value.problems
    assert "outside the validity of set 'hatinh/xa-ntm/2022-2025'" in problem.message
    assert "in force in 2026: 'national/xa-ntm/2026-2030'" in problem.message
    assert problem.message_vi is not None and "national/xa-ntm/2026-2030" in problem.message_vi


def test_the_province_set_assesses_a_province_and_is_not_encoded_yet() -> None:
    """51/2025 Phụ lục III: a province completing the programme; its conditions were not read."""
    province = ntm.registry().get(PROVINCE_2026)
    assert province.level == "province"
    assert province.not_encoded() == ("HT",)
    data = {
        "unit": {"name": "Hà Tĩnh", "level": "province"},
        "year": 2026,
        "communes": [{"unit": "Kỳ Châu", "values": {}}],
    }
    result = ntm.evaluate(PROVINCE_2026, data)
    assert result.indicators["HT"].status is Status.NOT_ENCODED
    assert result.achieved is None
