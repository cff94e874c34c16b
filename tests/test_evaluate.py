from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import make_set

import ntmcriteria as ntm
from ntmcriteria.core.errors import ObservationError
from ntmcriteria.core.status import Status

MEASURES: dict[str, dict[str, Any]] = {
    "water": {"kind": "ratio", "unit": "%", "title": {"vi": "Nước sạch", "en": "Clean water"}},
    "health": {"kind": "boolean", "title": {"vi": "Chuẩn y tế", "en": "Health standard"}},
    "craft": {"kind": "ratio", "unit": "%", "title": {"vi": "Làng nghề", "en": "Craft villages"}},
}
INDICATORS: list[dict[str, Any]] = [
    {"id": "1.1", "title": "Nước sạch", "measure": "water", "requirement": ">= 85 %"},
    {"id": "1.2", "title": "Y tế", "measure": "health", "requirement": "Đạt"},
    {
        "id": "1.3",
        "title": "Làng nghề",
        "measure": "craft",
        "requirement": ">= 95 %",
        "applies_if": {"fact": "has_craft_village", "value": True},
    },
]


def evaluate(
    values: dict[str, Any], context: dict[str, Any] | None = None, **kw: Any
) -> ntm.SetResult:
    s = make_set(MEASURES, INDICATORS, **kw)
    obs = {
        "unit": {"name": "Xã Thử", "province": "Thử"},
        "year": 2024,
        "values": values,
        "context": context or {},
    }
    return ntm.evaluate(s, obs)


def test_result_statuses_counts_and_summary() -> None:
    result = evaluate({"water": "669/836 hộ", "health": "Đạt"}, {"has_craft_village": False})
    assert result.set_id == "test/xa/2022-2025"
    assert result.indicators["1.1"].status is Status.NOT_ACHIEVED
    assert result.indicators["1.2"].status is Status.ACHIEVED
    assert result.indicators["1.3"].status is Status.NOT_APPLICABLE
    assert result.achieved is False
    assert result.summary("vi") == "Đạt 0/1 tiêu chí, 1/2 chỉ tiêu"
    assert result.summary("en") == "0 of 1 criteria, 1 of 2 indicators achieved"
    assert result.criterion("1").counts.applicable == 2


def test_missing_data_leaves_the_set_undetermined() -> None:
    result = evaluate({"water": "90 %"}, {"has_craft_village": True})
    assert result.indicators["1.2"].status is Status.NO_DATA
    assert result.indicators["1.3"].status is Status.NO_DATA
    assert result.achieved is None
    assert result.status is Status.UNDETERMINED
    assert result.summary("vi") == "Đạt 0/1 tiêu chí, 1/3 chỉ tiêu (2 chỉ tiêu chưa có số liệu)"
    unknown_context = evaluate({"water": "90 %", "health": "Đạt", "craft": "99 %"})
    assert unknown_context.indicators["1.3"].status is Status.NO_DATA
    assert "has_craft_village" in unknown_context.indicators["1.3"].explanation.en


def test_achieved_set() -> None:
    result = evaluate(
        {"water": "711/836 hộ", "health": "Đạt", "craft": "96 %"}, {"has_craft_village": True}
    )
    assert result.achieved is True
    assert result.verdict("en") == "Achieved"


def test_at_least_rule() -> None:
    values = {"water": "50 %", "health": "Đạt", "craft": "50 %"}
    ctx = {"has_craft_village": True}
    assert evaluate(values, ctx, rule={"at_least": 1}).criteria[0].status is Status.ACHIEVED
    assert evaluate(values, ctx, rule={"at_least": 2}).criteria[0].status is Status.NOT_ACHIEVED
    partial = evaluate({"water": "90 %"}, ctx, rule={"at_least": 2})
    assert partial.criteria[0].status is Status.UNDETERMINED


def test_to_dict_is_json_ready_and_carries_provenance() -> None:
    result = evaluate({"water": "669/836 hộ", "health": "Đạt", "extra": "1 %"})
    data = result.to_dict()
    json.dumps(data)
    assert data["set_id"] == "test/xa/2022-2025"
    assert data["content_hash"].startswith("sha256:")
    assert data["unused_values"] == ["extra"]
    water = data["criteria"][0]["indicators"][0]
    assert water["status"] == "not_achieved"
    assert water["gap"]["units_needed"] == 42
    assert water["gap"]["target_count"] == 711
    assert water["observed"]["numerator"] == 669
    assert water["requirement"] == {"vi": "≥ 85 %", "en": "≥ 85 %"}


def test_text_table() -> None:
    text = evaluate({"water": "669/836 hộ", "health": "Đạt"}).to_text("vi")
    assert "669/836 hộ (80,02 %)" in text
    assert "thêm 42 hộ, đạt 711/836" in text
    assert "Kết luận: Chưa đạt." in text
    english = evaluate({"water": "669/836 hộ", "health": "Đạt"}).to_text("en")
    assert "42 more households, to reach 711/836" in english


def test_year_outside_validity_and_wrong_level() -> None:
    s = make_set(MEASURES, INDICATORS)
    with pytest.raises(ObservationError, match="assessment year 2019 is outside the validity"):
        ntm.evaluate(s, {"unit": "X", "year": 2019, "values": {}})
    with pytest.raises(ObservationError, match="assesses a commune"):
        ntm.evaluate(s, {"unit": {"name": "Thôn A", "level": "village"}, "values": {}})


def test_explicit_year_overrides_observations() -> None:
    s = make_set(MEASURES, INDICATORS)
    result = ntm.evaluate(s, {"unit": "X", "year": 2022, "values": {}}, year=2024)
    assert result.year == 2024


def test_a_reused_session_never_returns_another_units_result() -> None:
    """Regression: results were memoised by id() of units that were not kept alive, so a
    recycled id returned another unit's result."""
    from ntmcriteria.evaluation.session import Session

    criteria_set = make_set(MEASURES, INDICATORS)
    session = Session()

    def unit(index: int) -> ntm.Observations:
        values = {"water": ntm.Reading(f"{index % 101} %"), "health": ntm.Reading("Đạt")}
        return ntm.Observations(ntm.AdministrativeUnit(f"Xã {index}"), 2024, values=values)

    for index in range(1000):
        # no reference to the unit is kept here, as in a loop over a province's rows
        result = session.evaluate(criteria_set, unit(index))
        assert result.unit.name == f"Xã {index}"
        expected = Status.ACHIEVED if index % 101 >= 85 else Status.NOT_ACHIEVED
        assert result.indicators["1.1"].status is expected
