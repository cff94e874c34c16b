"""The national pack: 318/QĐ-TTg and 319/QĐ-TTg as far as the sources give them."""

from __future__ import annotations

import ntmcriteria as ntm
from ntmcriteria.core.status import Status

COMMUNE = "national/xa-ntm/2021-2025"
ADVANCED = "national/xa-ntm-nang-cao/2021-2025"
MODEL = "national/xa-ntm-kieu-mau/2021-2025"


def test_the_pack_loads_every_set() -> None:
    pack = next(p for p in ntm.registry().packs if p.name == "national")
    assert pack.ok, pack.error
    assert set(pack.sets) == {COMMUNE, ADVANCED, MODEL}


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
