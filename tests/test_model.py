from __future__ import annotations

import copy
from typing import Any

import pytest
from helpers import make_set

import ntmcriteria as ntm
from ntmcriteria.core.errors import ModelError

RATE = {"kind": "ratio", "unit": "%", "title": {"vi": "Tỷ lệ", "en": "Rate"}}


def test_a_valid_set_navigates() -> None:
    s = make_set(
        {"r": RATE}, [{"id": "1.1", "title": "a", "measure": "r", "requirement": ">= 80 %"}]
    )
    assert s.criteria_count == 1
    assert s.indicator_count == 1
    assert s.indicator("1.1").measure == "r"
    assert s.criterion("1").title.vi == "Tiêu chí 1"
    assert s.measure("r").is_percent
    assert s.validity.years == (2022, 2023, 2024, 2025)
    with pytest.raises(KeyError, match="no indicator '9'"):
        s.indicator("9")


def problems_of(measures: dict[str, Any], indicators: list[dict[str, Any]], **kw: Any) -> str:
    with pytest.raises(ModelError) as info:
        make_set(measures, indicators, **kw)
    return str(info.value)


def test_duplicate_indicator_ids() -> None:
    ind = {"id": "1.1", "title": "a", "measure": "r", "requirement": ">= 1 %"}
    assert "duplicate indicator id '1.1'" in problems_of({"r": RATE}, [ind, ind])


def test_unknown_measure_names_what_exists() -> None:
    text = problems_of(
        {"r": RATE}, [{"id": "1.1", "title": "a", "measure": "x", "requirement": "Đạt"}]
    )
    assert (
        "/groups/0/criteria/0/indicators/0/measure: indicator 1.1: unknown measure 'x' "
        "(the set defines: r)" in text
    )


def test_incompatible_requirement_unit() -> None:
    income = {"kind": "quantity", "unit": "triệu đồng/người/năm", "title": "Thu nhập"}
    text = problems_of(
        {"i": income}, [{"id": "10", "title": "a", "measure": "i", "requirement": ">= 45 %"}]
    )
    assert "threshold unit '%' does not measure the same thing as 'i'" in text


def test_requirement_of_the_wrong_kind() -> None:
    text = problems_of(
        {"r": RATE}, [{"id": "1", "title": "a", "measure": "r", "requirement": "Đạt"}]
    )
    assert "needs a boolean measure, but 'r' is a ratio measure" in text


def test_by_year_must_cover_the_validity_period() -> None:
    income = {"kind": "quantity", "unit": "triệu đồng/người/năm", "title": "Thu nhập"}
    req = {"by_year": {2022: ">= 39 triệu đồng/người/năm", 2023: ">= 42 triệu đồng/người/năm"}}
    text = problems_of(
        {"i": income}, [{"id": "10", "title": "a", "measure": "i", "requirement": req}]
    )
    assert "no threshold for 2024, 2025" in text


def test_measure_definitions_are_checked() -> None:
    text = problems_of(
        {
            "r": {"kind": "ratio", "unit": "km", "title": "x"},
            "c": {"kind": "count", "unit": "ha", "title": "y"},
        },
        [{"id": "1", "title": "a", "measure": "r", "requirement": ">= 1 km"}],
    )
    assert "a ratio is a share such as '%', not 'km'" in text
    assert "a count counts whole things" in text


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(ModelError) as info:
        make_set(
            {"r": RATE},
            [
                {"id": "1.1", "title": "a", "measure": "x", "requirement": ">= 1 %"},
                {"id": "1.2", "title": "b", "measure": "r", "requirement": {"op": "?", "value": 1}},
                {"id": "1.3", "title": "c", "measure": "r", "requirement": "Không"},
            ],
            level="hamlet",
        )
    assert len(info.value.problems) == 4


def test_missing_keys_and_unknown_keys() -> None:
    with pytest.raises(ModelError) as info:
        ntm.criteria_set_from_data({"id": "a/b", "titel": "x"})
    text = str(info.value)
    assert "unknown key(s) ['titel']" in text
    for key in ("title", "level", "tier", "legal_basis", "validity", "measures", "groups"):
        assert f"{key}: missing" in text


def test_plain_data_round_trip_and_content_hash() -> None:
    s = make_set(
        {"r": RATE, "b": {"kind": "boolean", "title": "B"}},
        [
            {
                "id": "1.1",
                "title": "a",
                "measure": "r",
                "requirement": ">= 80 %",
                "note": "ghi chú",
                "citation": {"document": "QĐ", "locator": "dòng 5"},
                "applies_if": [{"fact": "coastal", "value": True}],
            },
            {"id": "1.2", "title": "b", "measure": "b", "requirement": "Đạt", "agency": "Sở Y tế"},
        ],
        rule={"at_least": 1},
    )
    data = s.to_data()
    again = ntm.criteria_set_from_data(copy.deepcopy(data))
    assert again == s
    assert again.to_data() == data
    assert again.content_hash() == s.content_hash()
    data["groups"][0]["criteria"][0]["indicators"][0]["requirement"]["value"] = 81
    assert ntm.criteria_set_from_data(data).content_hash() != s.content_hash()


def test_sets_are_immutable() -> None:
    import attrs

    s = make_set({"r": RATE}, [{"id": "1", "title": "a", "measure": "r", "requirement": ">= 1 %"}])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.id = "x/y"  # type: ignore[misc]
    assert hash(s.measures) == hash(s.measures)
