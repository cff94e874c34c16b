from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import one

import ntmcriteria as ntm
from ntmcriteria.core.errors import ObservationError
from ntmcriteria.criteria.model import Measure

RATE = Measure("r", "ratio", "%", "Tỷ lệ")
INCOME = Measure("income", "quantity", "triệu đồng/người/năm", "Thu nhập")
SCHOOLS = Measure("schools", "count", "trường", "Số trường")
FLAG = Measure("flag", "boolean", "", "Đạt chuẩn")
LEVEL = Measure("level", "level", "", "Mức độ")


def observe(measure: Measure, value: Any) -> ntm.Observed | None:
    obs = ntm.Observations.from_dict({"unit": "Xã Thử", "values": {measure.id: value}})
    return obs.observe(measure)


def test_ratio_forms() -> None:
    seen = observe(RATE, "669/836 hộ")
    assert seen is not None and seen.quantity is not None
    assert seen.quantity.magnitude == Fraction(66900, 836)
    assert (seen.numerator, seen.denominator, seen.count_unit) == (669, 836, "hộ")
    assert seen.format("vi") == "669/836 hộ (80,02 %)"
    by_parts = observe(RATE, {"numerator": 669, "denominator": 836, "unit": "hộ"})
    assert by_parts is not None
    assert (by_parts.quantity, by_parts.numerator, by_parts.denominator) == (
        seen.quantity,
        seen.numerator,
        seen.denominator,
    )
    assert observe(RATE, "83,5%").quantity == ntm.Quantity(Fraction(167, 2), "%")  # type: ignore[union-attr]
    fraction = observe(RATE, {"value": 0.835, "unit": ""})
    assert fraction is not None and fraction.quantity == ntm.Quantity(Fraction(167, 2), "%")


def test_stated_percent_must_match_its_numbers() -> None:
    ok = observe(RATE, {"value": 80.02, "unit": "%", "numerator": 669, "denominator": 836})
    assert ok is not None and ok.numerator == 669
    # The report's rounded "80 %" is within half a unit of its last digit
    assert observe(RATE, {"value": 80, "unit": "%", "numerator": 669, "denominator": 836})
    # A percentage that disagrees with its own counts is kept for the audit; the counts decide.
    odd = observe(RATE, {"value": 85, "unit": "%", "numerator": 669, "denominator": 836})
    assert odd is not None and odd.numerator == 669
    assert odd.stated_mismatch == ntm.Quantity(85, "%")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("900/836 hộ", "the part is larger than the whole"),
        ("5/0 hộ", "denominator must be > 0"),
        ("-5/10 hộ", "numerator must be ≥ 0"),
        (85, "a share without a unit: is 85 meant as 85 % or as a fraction"),
        ("85", "a share without a unit"),
        ("120 %", "between 0 and 100 %"),
        ({"value": 5, "unit": "km"}, "is not a share"),
        ({"numerator": 5}, "needs both numerator and denominator"),
        ({"value": "1.224 %"}, "between 0 and 100"),
    ],
)
def test_bad_ratios_are_refused(value: Any, message: str) -> None:
    with pytest.raises(ObservationError, match=message) as info:
        observe(RATE, value)
    assert info.value.problems[0].path == "/values/r"


def test_quantities_need_their_unit() -> None:
    seen = observe(INCOME, "52,15 triệu đồng/người/năm")
    assert seen is not None and seen.quantity == ntm.Quantity(
        Fraction("52.15"), "triệu đồng/người/năm"
    )
    converted = observe(INCOME, {"value": 52150, "unit": "nghìn đồng/người/năm"})
    assert converted is not None and converted.quantity == seen.quantity
    with pytest.raises(ObservationError, match="a number without a unit"):
        observe(INCOME, 52.15)
    with pytest.raises(ObservationError, match="does not measure 'income'"):
        observe(INCOME, "52,15 triệu đồng/người")
    # The seed's "triệu/người/năm" (no "đồng") is refused, not guessed to be money.
    with pytest.raises(ObservationError, match="does not measure 'income'"):
        observe(INCOME, "52,15 triệu/người/năm")


def test_counts() -> None:
    assert observe(SCHOOLS, 3).quantity == ntm.Quantity(3, "trường")  # type: ignore[union-attr]
    assert observe(SCHOOLS, "Không").quantity == ntm.Quantity(0, "trường")  # type: ignore[union-attr]
    assert observe(SCHOOLS, "4 trường").quantity == ntm.Quantity(4, "trường")  # type: ignore[union-attr]
    with pytest.raises(ObservationError, match="whole number"):
        observe(SCHOOLS, 2.5)
    with pytest.raises(ObservationError, match="does not count what"):
        observe(SCHOOLS, "4 hộ")


def test_booleans_and_levels() -> None:
    assert observe(FLAG, "Đạt").flag is True  # type: ignore[union-attr]
    assert observe(FLAG, "chưa  đạt").flag is False  # type: ignore[union-attr]
    with pytest.raises(ObservationError, match="expected Đạt/Chưa đạt"):
        observe(FLAG, 1)
    assert observe(LEVEL, "mức độ 2").level == 2  # type: ignore[union-attr]
    assert observe(LEVEL, 3).level == 3  # type: ignore[union-attr]
    with pytest.raises(ObservationError, match="rated in a level"):
        observe(LEVEL, "4 sao")


def test_missing_and_null_values_are_no_data() -> None:
    obs = ntm.Observations.from_dict({"unit": "X", "values": {"r": None, "s": {"value": None}}})
    assert obs.observe(RATE) is None
    assert obs.observe(Measure("s", "ratio", "%", "S")) is None
    assert obs.observe(INCOME) is None


def test_structure_errors_are_listed_together() -> None:
    with pytest.raises(ObservationError) as info:
        ntm.Observations.from_dict(
            {"unit": {"nam": "x"}, "year": "2024", "values": {"r": {"valeur": 1}}, "extra": 1}
        )
    paths = {p.path for p in info.value.problems}
    assert {"", "/unit", "/unit/name", "/year", "/values/r"} <= paths


def test_yaml_reading(tmp_path: Path) -> None:
    good = tmp_path / "x.yaml"
    good.write_text(
        "unit: {name: Kỳ Châu, region: bac-trung-bo}\nyear: 2022\nvalues: {r: 80 %}\n",
        encoding="utf-8",
    )
    obs = ntm.Observations.from_yaml(good)
    assert obs.unit.region == "bac-trung-bo"
    assert obs.origin == str(good)
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: Kỳ Châu\nvalues:\n  r: [1, 2\n", encoding="utf-8")
    with pytest.raises(ObservationError) as info:
        ntm.Observations.from_yaml(bad)
    problem = info.value.problems[0]
    assert problem.file == str(bad)
    assert problem.line is not None
    assert "malformed YAML" in problem.message
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("unit: X\nvalues: {r: 900/836 hộ}\n", encoding="utf-8")
    with pytest.raises(ObservationError, match=r"wrong.yaml:2 /values/r: 900/836"):
        ntm.evaluate(ntm.criteria_set_from_data(_tiny()), ntm.Observations.from_yaml(wrong))


def test_every_bad_value_is_reported_by_evaluate() -> None:
    with pytest.raises(ObservationError) as info:
        one(
            ">= 80 %",
            "ratio",
            "%",
            "900/836 hộ",
            extra_values={"x": 1},
            extra_measures={"x": {"kind": "quantity", "unit": "ha", "title": "X"}},
        )
    assert [p.path for p in info.value.problems] == ["/values/m", "/values/x"]


def _tiny() -> dict[str, Any]:
    return {
        "id": "t/x/2022-2025",
        "title": "T",
        "level": "commune",
        "tier": "ntm",
        "legal_basis": {"issuer": "UBND"},
        "validity": {"from": 2022, "to": 2025},
        "measures": {"r": {"kind": "ratio", "unit": "%", "title": "R"}},
        "groups": [
            {
                "id": "I",
                "title": "I",
                "criteria": [
                    {
                        "id": "1",
                        "title": "1",
                        "indicators": [
                            {"id": "1", "title": "1", "measure": "r", "requirement": ">= 80 %"}
                        ],
                    }
                ],
            }
        ],
    }
