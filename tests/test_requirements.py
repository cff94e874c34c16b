"""Every requirement kind, checked through the public evaluation path."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from helpers import make_set, one

import ntmcriteria as ntm
from ntmcriteria.core.errors import ModelError, RegistryError
from ntmcriteria.core.status import Status
from ntmcriteria.core.units import Quantity
from ntmcriteria.criteria.requirements import Compare, requirement_from_data

A, N = Status.ACHIEVED, Status.NOT_ACHIEVED


# --- compare -----


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        (">=", "80 %", A),
        (">", "80 %", N),
        ("<=", "80 %", A),
        ("<", "80 %", N),
        ("==", "80 %", A),
        (">=", "79,99 %", N),
        (">", "80,01 %", A),
        ("<", "79,99 %", A),
    ],
)
def test_compare_boundaries_at_exactly_80_percent(op: str, value: str, expected: Status) -> None:
    result = one({"op": op, "value": 80, "unit": "%"}, "ratio", "%", value)
    assert result.status is expected


def test_exactly_80_percent_as_a_fraction_of_households() -> None:
    # 668,8/836 is not a count; 4/5 of 1.000 households is exactly 80 %.
    assert one(">= 80 %", "ratio", "%", "800/1.000 hộ").status is A
    assert one("> 80 %", "ratio", "%", "800/1.000 hộ").status is N
    assert one("> 80 %", "ratio", "%", "801/1.000 hộ").status is A


def test_compare_converts_units_exactly() -> None:
    # 0,039 tỷ đồng = 39 triệu đồng.
    income = {"op": ">=", "value": 39, "unit": "triệu đồng/người/năm"}
    assert one(income, "quantity", "triệu đồng/người/năm", "0,039 tỷ đồng/người/năm").status is A
    assert (
        one(income, "quantity", "triệu đồng/người/năm", "38.999 nghìn đồng/người/năm").status is N
    )
    # a share threshold without its unit is ambiguous (0.85 %, or the fraction 0.85 = 85 %?):
    # refused, whether it looks like a fraction or like a percentage
    for bare in (0.85, 85):
        with pytest.raises(ntm.ModelError, match="a share threshold needs its unit"):
            one({"op": ">=", "value": bare}, "ratio", "%", "85 %")
    assert one({"op": ">=", "value": 0.85, "unit": ""}, "count", "", "1").status is A


def test_compare_texts() -> None:
    result = one("< 6,5 %", "ratio", "%", "2,14 %")
    assert result.requirement.vi == "< 6,5 %"
    assert result.requirement.en == "< 6.5 %"
    assert "2,14 %" in result.explanation.vi
    assert result.status is A


def test_gap_for_a_ratio_with_denominator_is_counted_in_whole_households() -> None:
    result = one(">= 85 %", "ratio", "%", "669/836 hộ")
    assert result.status is N
    gap = result.gap
    assert gap is not None
    assert gap.target_count == 711  # ceil(0.85 × 836) = ceil(710.6)
    assert gap.units_needed == 42
    assert gap.count_unit == "hộ"
    assert gap.amount.unit == "%"
    assert gap.amount.magnitude == 85 - Fraction(669 * 100, 836)
    assert "thêm 42 hộ" in gap.describe("vi")
    assert "711/836" in gap.describe("vi")
    assert "42 more household" in gap.describe("en")


@pytest.mark.parametrize(
    ("op", "observed", "target", "needed", "direction"),
    [
        (">", "669/836", 711, 42, "increase"),  # 0.85 × 836 = 710.6 → 711 is > 85 %
        (">", "680/800", 681, 1, "increase"),  # exactly 85 % is not > 85 %
        ("<=", "720/836", 710, 10, "decrease"),
        ("<", "680/800", 679, 1, "decrease"),
    ],
)
def test_gap_rounding_by_operator(
    op: str, observed: str, target: int, needed: int, direction: str
) -> None:
    result = one(f"{op} 85 %", "ratio", "%", observed)
    assert result.status is N
    assert result.gap is not None
    assert result.gap.target_count == target
    assert result.gap.units_needed == needed
    assert result.gap.direction == direction


def test_gap_without_denominator_is_in_the_threshold_unit() -> None:
    result = one(
        ">= 45 triệu đồng/người/năm",
        "quantity",
        "triệu đồng/người/năm",
        "41,3 triệu đồng/người/năm",
    )
    assert result.gap is not None
    assert result.gap.amount == Quantity(Fraction("3.7"), "triệu đồng/người/năm")
    assert result.gap.units_needed is None
    assert result.gap.describe("vi") == "cần tăng thêm 3,7 triệu đồng/người/năm"


def test_gap_for_a_count_is_whole() -> None:
    result = one(">= 3", "count", "trường", "1 trường")
    assert result.status is N
    assert result.gap is not None and result.gap.units_needed == 2


def test_unreachable_share_has_no_count_target() -> None:
    result = one("> 100 %", "ratio", "%", "5/10 hộ")
    assert result.status is N
    assert result.gap is not None and result.gap.units_needed is None


# --- achieved, none, levels -----


@pytest.mark.parametrize(
    ("value", "expected"), [("Đạt", A), ("Chưa đạt", N), (True, A), (False, N), ("có", A)]
)
def test_achieved(value: Any, expected: Status) -> None:
    result = one("Đạt", "boolean", "", value)
    assert result.status is expected
    assert result.requirement == ntm.Text("Đạt", "Achieved")


@pytest.mark.parametrize(("value", "expected"), [("Không", A), (0, A), ("2 vụ", N), (3, N)])
def test_none_on_a_count(value: Any, expected: Status) -> None:
    result = one("Không", "count", "vụ", value)
    assert result.status is expected
    assert result.requirement.vi == "Không"
    if expected is N:
        assert result.gap is not None
        assert result.gap.direction == "decrease"
        assert result.gap.units_needed == (2 if value == "2 vụ" else 3)


def test_none_on_a_boolean() -> None:
    assert one({"none": True}, "boolean", "", "Không").status is A
    assert one({"none": True}, "boolean", "", "Có").status is N


@pytest.mark.parametrize(
    ("required", "value", "expected"),
    [(2, "mức độ 2", A), (2, "mức độ 1", N), (2, 3, A), (2, "Mức độ 3", A)],
)
def test_minimum_level(required: int, value: Any, expected: Status) -> None:
    result = one({"min_level": required}, "level", "", value)
    assert result.status is expected
    assert result.requirement.vi == "≥ mức độ 2"


def test_ocop_stars() -> None:
    result = one({"min_level": 4, "unit": "sao"}, "level", "sao", "3 sao")
    assert result.status is N
    assert result.requirement.vi == "≥ 4 sao"
    assert result.requirement.en == "≥ 4 stars"
    assert "cần nâng thêm 1 mức" in result.explanation.vi
    assert one({"min_level": 4, "unit": "sao"}, "level", "sao", "4 sao").status is A


def test_named_levels() -> None:
    scale = ["trung bình", "khá", "tốt"]
    assert one({"min_level": "khá"}, "level", "", "tốt", levels=scale).status is A
    assert one({"min_level": "khá"}, "level", "", "trung bình", levels=scale).status is N
    result = one({"min_level": 2}, "level", "", "khá", levels=scale)
    assert result.status is A
    assert result.requirement.vi == "từ mức “khá” trở lên"


# --- selectors -----

INCOME = {
    "by_year": {
        2021: ">= 36 triệu đồng/người/năm",
        2022: ">= 39 triệu đồng/người/năm",
        2023: ">= 42 triệu đồng/người/năm",
        2024: ">= 45 triệu đồng/người/năm",
        2025: ">= 48 triệu đồng/người/năm",
    }
}
INCOME_UNIT = "triệu đồng/người/năm"


@pytest.mark.parametrize(("year", "expected"), [(2022, A), (2023, A), (2024, N), (2025, N)])
def test_by_year(year: int, expected: Status) -> None:
    result = one(INCOME, "quantity", INCOME_UNIT, "44 triệu đồng/người/năm", year=year)
    assert result.status is expected


def test_by_year_text_names_the_year() -> None:
    result = one(INCOME, "quantity", INCOME_UNIT, "52,15 triệu đồng/người/năm", year=2024)
    assert result.requirement.vi == "≥ 45 triệu đồng/người/năm (năm 2024)"
    assert result.requirement.en == "≥ 45 million VND/person/year (in 2024)"


def test_by_year_without_a_year_is_no_data() -> None:
    result = one(INCOME, "quantity", INCOME_UNIT, "52,15 triệu đồng/người/năm", year=None)
    assert result.status is Status.NO_DATA
    assert "năm đánh giá" in result.explanation.vi


def test_by_year_for_a_year_it_does_not_list_is_not_encoded() -> None:
    partial = {
        "by_year": {
            2022: ">= 39 triệu đồng/người/năm",
            2023: {"not_encoded": {"note": "x"}},
            2024: ">= 45 triệu đồng/người/năm",
            2025: ">= 48 triệu đồng/người/năm",
        }
    }
    result = one(partial, "quantity", INCOME_UNIT, "50 triệu đồng/người/năm", year=2023)
    assert result.status is Status.NOT_ENCODED


def test_by_region() -> None:
    req = {"by_region": {"mien-nui": ">= 70 %"}, "otherwise": ">= 80 %"}
    assert one(req, "ratio", "%", "75 %", region="mien-nui").status is A
    assert one(req, "ratio", "%", "75 %", region="dong-bang").status is N
    assert one(req, "ratio", "%", "75 %").status is Status.NO_DATA
    text = one(req, "ratio", "%", "75 %", region="mien-nui").requirement.vi
    assert text == "≥ 70 % (vùng mien-nui)"
    no_default = {"by_region": {"mien-nui": ">= 70 %"}}
    assert one(no_default, "ratio", "%", "75 %", region="x").status is Status.NOT_ENCODED


def test_by_context_fact() -> None:
    req = {
        "cases": [{"when": {"fact": "schools", "op": ">", "value": 3}, "then": ">= 70 %"}],
        "otherwise": ">= 80 %",
    }
    assert one(req, "ratio", "%", "75 %", context={"schools": 4}).status is A
    assert one(req, "ratio", "%", "75 %", context={"schools": 3}).status is N
    missing = one(req, "ratio", "%", "75 %")
    assert missing.status is Status.NO_DATA
    assert "schools" in missing.explanation.en
    assert one(req, "ratio", "%", "75 %", context={"schools": 4}).requirement.vi == (
        "≥ 70 % (khi schools > 3)"
    )


def test_context_fact_of_the_wrong_type_is_an_error() -> None:
    req = {"cases": [{"when": {"fact": "schools", "op": ">", "value": 3}, "then": ">= 70 %"}]}
    with pytest.raises(ntm.ObservationError, match="context/schools"):
        one(req, "ratio", "%", "75 %", context={"schools": "nhiều"})


def test_relative_to_another_set_through_a_registry() -> None:
    advanced = make_set(
        {"income_per_capita": {"kind": "quantity", "unit": INCOME_UNIT, "title": "Thu nhập"}},
        [{"id": "10", "title": "Thu nhập", "measure": "income_per_capita", "requirement": INCOME}],
        set_id="test/xa-nang-cao/2022-2025",
        tier="nang-cao",
    )
    registry = ntm.Registry.from_sets([advanced])
    model = make_set(
        {"income_per_capita": {"kind": "quantity", "unit": INCOME_UNIT, "title": "Thu nhập"}},
        [
            {
                "id": "10",
                "title": "Thu nhập",
                "measure": "income_per_capita",
                "requirement": {"relative": {"set": "test/xa-nang-cao/2022-2025", "factor": 1.1}},
            }
        ],
        set_id="test/xa-kieu-mau/2022-2025",
        tier="kieu-mau",
    )
    obs = {
        "unit": "Xã Thử",
        "year": 2024,
        "values": {"income_per_capita": "49,5 triệu đồng/người/năm"},
    }
    result = ntm.evaluate(model, obs, registry=registry).indicators["10"]
    assert result.status is A  # 1,1 × 45 = 49,5 exactly
    assert result.requirement.vi.startswith("≥ 49,5 triệu đồng/người/năm (= 1,1 × 45")
    assert result.threshold_from == "test/xa-nang-cao/2022-2025 10"
    obs["values"] = {"income_per_capita": "49,49 triệu đồng/người/năm"}
    below = ntm.evaluate(model, obs, registry=registry).indicators["10"]
    assert below.status is N
    assert below.gap is not None and below.gap.amount.magnitude == Fraction("0.01")
    with pytest.raises(RegistryError, match="unknown criteria set"):
        ntm.evaluate(model, obs, registry=ntm.Registry.from_sets([]))


def test_all_of_with_a_part_on_another_measure() -> None:
    req = {
        "all_of": [
            ">= 45 %",
            {"for_measure": {"measure": "piped", "requirement": ">= 20 %", "title": "tập trung"}},
        ]
    }
    piped = {"piped": {"kind": "ratio", "unit": "%", "title": "Nước tập trung"}}
    ok = one(req, "ratio", "%", "50 %", extra_measures=piped, extra_values={"piped": "25 %"})
    assert ok.status is A
    assert ok.requirement.vi == "≥ 45 % và tập trung ≥ 20 %"
    short = one(
        req, "ratio", "%", "50 %", extra_measures=piped, extra_values={"piped": "15/100 hộ"}
    )
    assert short.status is N
    assert [gap.units_needed for gap in short.gaps] == [5]
    partly = one(req, "ratio", "%", "50 %", extra_measures=piped)
    assert partly.status is Status.NO_DATA
    failing = one(req, "ratio", "%", "40 %", extra_measures=piped)
    assert failing.status is N  # a failed part decides, even with the other part missing


def test_any_of() -> None:
    req = {"any_of": [">= 90 %", {"for_measure": {"measure": "b", "requirement": "Đạt"}}]}
    b = {"b": {"kind": "boolean", "title": "Phương án B"}}
    assert one(req, "ratio", "%", "50 %", extra_measures=b, extra_values={"b": "Đạt"}).status is A
    assert (
        one(req, "ratio", "%", "50 %", extra_measures=b, extra_values={"b": "Chưa đạt"}).status is N
    )
    assert one(req, "ratio", "%", "50 %", extra_measures=b).status is Status.NO_DATA


def test_not_encoded_is_never_guessed() -> None:
    req = {
        "not_encoded": {
            "note": {"vi": "nguồn bỏ trống", "en": "blank in the source"},
            "missing_source": "seed 003 line 999",
        }
    }
    result = one(req, "ratio", "%", "99 %")
    assert result.status is Status.NOT_ENCODED
    assert "blank in the source" in result.explanation.en
    assert result.observed is not None


def test_missing_value_is_no_data_never_not_achieved() -> None:
    for requirement, kind, unit in [
        (">= 80 %", "ratio", "%"),
        ("Đạt", "boolean", ""),
        ({"min_level": 2}, "level", ""),
        ("Không", "count", ""),
    ]:
        assert one(requirement, kind, unit, None).status is Status.NO_DATA


# --- plain data -----

ROUND_TRIP = [
    {"op": ">=", "value": 80, "unit": "%"},
    {"op": "<", "value": 6.5, "unit": "%"},
    {"achieved": True},
    {"none": True},
    {"min_level": 4, "unit": "sao"},
    {"min_level": "khá"},
    INCOME,
    {"by_region": {"a": {"op": ">=", "value": 1}}, "otherwise": {"achieved": True}},
    {
        "cases": [
            {
                "when": [{"fact": "schools", "op": ">", "value": 3}],
                "then": {"achieved": True},
                "title": {"vi": "xã lớn", "en": "large commune"},
            }
        ]
    },
    {"relative": {"set": "a/b", "factor": 1.1, "op": ">="}},
    {
        "all_of": [
            {"op": ">=", "value": 45, "unit": "%"},
            {
                "for_measure": {
                    "measure": "x",
                    "requirement": {"op": ">=", "value": 20, "unit": "%"},
                }
            },
        ]
    },
    {"any_of": [{"achieved": True}, {"none": True}]},
    {"not_encoded": {"note": {"vi": "a", "en": "b"}, "missing_source": "c"}},
]


@pytest.mark.parametrize("data", ROUND_TRIP)
def test_plain_data_round_trip(data: Any) -> None:
    requirement = requirement_from_data(data)
    again = requirement_from_data(requirement.to_data())
    assert again == requirement
    assert again.to_data() == requirement.to_data()


def test_string_shorthand() -> None:
    assert requirement_from_data("≥ 80 %") == Compare(">=", Quantity(80, "%"))
    assert requirement_from_data("< 6,5%") == Compare("<", Quantity(Fraction(13, 2), "%"))
    assert requirement_from_data("= 100 %") == Compare("==", Quantity(100, "%"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"op": "~", "value": 1}, "unknown operator '~'"),
        ({"op": ">=", "value": "80 %"}, "expected a number or an exact fraction"),
        ({"op": ">=", "value": 80, "unit": "quả"}, "unknown unit 'quả'"),
        ({"by_year": {"năm 2022": ">= 1"}}, "expected a year"),
        ({"frobnicate": 1}, "unknown requirement"),
        ({True: {"measure": "x"}}, "quote the key"),
        ("khoảng 80", "cannot read requirement"),
        ({"all_of": [">= 1", {"op": "?"}]}, "all_of/1/op"),
        ({"not_encoded": {}}, "say why"),
    ],
)
def test_malformed_requirements_name_the_place(data: Any, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        requirement_from_data(data)


def test_several_problems_are_reported_together() -> None:
    with pytest.raises(ModelError) as info:
        requirement_from_data({"all_of": [{"op": "?", "value": 1}, {"op": ">=", "value": "x"}]})
    assert len(info.value.problems) == 2


def test_an_exact_fraction_threshold_reads_back_what_it_writes() -> None:
    """ "Có ít nhất 2/3 thôn, bản …" (Hà Tĩnh 8.3): 2/3 is no decimal; it stays exact."""
    requirement = requirement_from_data({"op": ">=", "value": "2/3", "unit": "1"})
    assert requirement.to_data() == {"op": ">=", "value": "2/3", "unit": "1"}
    assert requirement_from_data(requirement.to_data()) == requirement
    assert requirement.describe().vi == "≥ 2/3"
    for bad in ("2/0", "2 / 3 thôn", "two thirds"):
        with pytest.raises(ntm.ModelError, match="exact fraction"):
            requirement_from_data({"op": ">=", "value": bad, "unit": "1"})
