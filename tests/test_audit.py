"""Auditing a report: its own verdicts, the thresholds it quotes, its percentages."""

from __future__ import annotations

from helpers import make_set

import ntmcriteria as ntm

SET = make_set(
    {
        "water": {"kind": "ratio", "unit": "%", "title": "Nước sạch"},
        "income": {"kind": "quantity", "unit": "triệu đồng/người/năm", "title": "Thu nhập"},
    },
    [
        {"id": "17.1", "title": "Nước sạch", "measure": "water", "requirement": ">= 85 %"},
        {
            "id": "10",
            "title": "Thu nhập",
            "measure": "income",
            "requirement": {
                "by_year": {
                    y: f">= {t} triệu đồng/người/năm"
                    for y, t in [(2022, 39), (2023, 42), (2024, 45), (2025, 48)]
                }
            },
        },
    ],
)


def evaluate(values: dict[str, object]) -> ntm.SetResult:
    return ntm.evaluate(SET, {"unit": "Xã Thử", "year": 2024, "values": values})


def test_a_claimed_verdict_that_the_numbers_do_not_support() -> None:
    result = evaluate({"water": {"value": "669/836 hộ", "claimed": "Đạt", "source": "BC tr. 3"}})
    [finding] = result.audit
    assert finding.kind == "verdict"
    assert finding.indicator == "17.1"
    assert "báo cáo ghi “Đạt” nhưng tính lại là “Chưa đạt”" in finding.message.vi
    assert finding.source == "BC tr. 3"
    assert "Đối chiếu với báo cáo" in result.to_text("vi")
    assert result.to_dict()["audit"][0]["kind"] == "verdict"


def test_agreeing_claims_leave_no_finding() -> None:
    result = evaluate(
        {
            "water": {"value": "711/836 hộ", "claimed": "đạt", "claimed_threshold": "≥ 85%"},
            "income": {
                "value": "50 triệu đồng/người/năm",
                "claimed": True,
                "claimed_threshold": ">= 45 triệu đồng/người/năm",
            },
        }
    )
    assert result.audit == ()


def test_a_quoted_threshold_other_than_the_sets() -> None:
    result = evaluate(
        {
            "water": {"value": "711/836 hộ", "claimed_threshold": ">= 80 %"},
            "income": {
                "value": "50 triệu đồng/người/năm",
                "claimed_threshold": ">= 42 triệu đồng/người/năm",
            },  # the 2023 level
        }
    )
    kinds = {(f.indicator, f.kind) for f in result.audit}
    assert kinds == {("17.1", "threshold"), ("10", "threshold")}
    income = next(f for f in result.audit if f.indicator == "10")
    assert "≥ 45 triệu đồng/người/năm (năm 2024)" in income.message.vi


def test_same_threshold_in_another_unit_agrees() -> None:
    result = evaluate(
        {
            "income": {
                "value": "50 triệu đồng/người/năm",
                "claimed_threshold": ">= 45.000 nghìn đồng/người/năm",
            }
        }
    )
    assert result.audit == ()


def test_a_percentage_that_does_not_match_its_counts() -> None:
    result = evaluate({"water": {"numerator": 669, "denominator": 836, "value": 85, "unit": "%"}})
    [finding] = result.audit
    assert finding.kind == "ratio"
    assert "báo cáo ghi 85 % nhưng 669/836 hộ" not in finding.message.vi  # no count unit given
    assert "669/836 (80,02 %)" in finding.message.vi
    assert result.indicators["17.1"].status is ntm.Status.NOT_ACHIEVED


def test_malformed_claims_are_errors() -> None:
    import pytest

    with pytest.raises(ntm.ObservationError) as info:
        evaluate({"water": {"value": "80 %", "claimed": "có lẽ", "claimed_threshold": "khoảng 80"}})
    paths = [p.path for p in info.value.problems]
    assert paths == ["/values/water/claimed", "/values/water/claimed_threshold"]
