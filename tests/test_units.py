from __future__ import annotations

from fractions import Fraction

import pytest

from ntmcriteria.core.units import (
    Quantity,
    UnitError,
    compatible,
    conversion_factor,
    format_number,
    is_count_unit,
    is_percent,
    normalize_unit,
    parse_number,
    parse_quantity,
    parse_ratio,
    parse_unit,
    to_fraction,
    unit_label,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("52,15", Fraction("52.15")),
        ("1.224", Fraction(1224)),
        ("4.010", Fraction(4010)),
        ("297.357.830.000", Fraction(297357830000)),
        ("6,5", Fraction(13, 2)),
        ("0,85", Fraction(17, 20)),
        ("100", Fraction(100)),
        ("-2,5", Fraction(-5, 2)),
        (" 1.700 ", Fraction(1700)),
    ],
)
def test_vietnamese_numbers(text: str, expected: Fraction) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["52.15", "1,224,5", "1.22", "abc", "", "12.34.5", "5,"])
def test_malformed_vietnamese_numbers_are_refused(text: str) -> None:
    with pytest.raises(UnitError, match="not a number"):
        parse_number(text)


def test_international_and_auto_styles() -> None:
    assert parse_number("52.15", "en") == Fraction("52.15")
    assert parse_number("1,224", "en") == 1224
    assert parse_number("52,15", "auto") == Fraction("52.15")
    assert parse_number("52.15", "auto") == Fraction("52.15")
    with pytest.raises(UnitError, match="ambiguous"):
        parse_number("1.224", "auto")


def test_to_fraction_is_exact_and_refuses_booleans() -> None:
    assert to_fraction(6.5) == Fraction(13, 2)
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction("83,5") == Fraction(167, 2)
    with pytest.raises(UnitError, match="boolean"):
        to_fraction(True)
    with pytest.raises(UnitError, match="finite"):
        to_fraction(float("nan"))


@pytest.mark.parametrize(
    "unit", ["triệu đồng/người/năm", "m2/người", "ha", "%", "km", "hộ", "người", "tỷ đồng", ""]
)
def test_seed_unit_strings_parse(unit: str) -> None:
    parse_unit(unit)


def test_unknown_unit_is_refused_with_examples() -> None:
    with pytest.raises(UnitError, match="unknown unit 'con gà'"):
        parse_unit("con gà")


def test_quantities_and_percent() -> None:
    assert parse_quantity("83,5%") == (Fraction(167, 2), "%")
    assert parse_quantity("52,15 triệu đồng/người/năm") == (
        Fraction("52.15"),
        "triệu đồng/người/năm",
    )
    assert parse_quantity("2 m2/ người") == (2, "m2/người")
    assert Quantity.parse("83,5 %").to("") == Quantity(Fraction(167, 200), "")


def test_ratios() -> None:
    assert parse_ratio("669/836 hộ") == (669, 836, "hộ")
    assert parse_ratio("6,07/6,07 km") == (Fraction("6.07"), Fraction("6.07"), "km")
    assert parse_ratio("884/1.700") == (884, 1700, "")
    assert parse_ratio("39 triệu đồng/người/năm") is None


def test_dimensions() -> None:
    assert compatible("triệu đồng/người/năm", "đồng/người/năm")
    assert compatible("tỷ đồng", "nghìn đồng")
    assert not compatible("triệu đồng/người/năm", "triệu đồng/người")
    assert not compatible("hộ", "người")
    assert compatible("%", "")
    assert is_percent("%") and not is_percent("km")
    assert is_count_unit("hộ") and is_count_unit("trường") and not is_count_unit("km")
    assert conversion_factor("tỷ đồng", "triệu đồng") == 1000
    assert conversion_factor("%", "") == Fraction(1, 100)
    assert conversion_factor("ha", "m2") == 10000
    with pytest.raises(UnitError, match="cannot be converted"):
        conversion_factor("km", "ha")


def test_formatting() -> None:
    assert format_number(Fraction("52.15")) == "52,15"
    assert format_number(Fraction("52.15"), "en") == "52.15"
    assert format_number(1224) == "1.224"
    assert format_number(Fraction(669, 836) * 100) == "80,02"
    assert format_number(Fraction(72), fixed=True) == "72,00"
    assert format_number(Fraction(-5, 2)) == "-2,5"
    assert unit_label("triệu đồng/người/năm", "en") == "million VND/person/year"
    assert normalize_unit("triệu  đồng / người") == "triệu đồng/người"
    assert Quantity.parse("52,15 triệu đồng/người/năm").format("en") == (
        "52.15 million VND/person/year"
    )
