"""Tiers and hierarchy: composition rules, villages, assess()."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ntmcriteria as ntm
from ntmcriteria.core.errors import ModelError, ObservationError
from ntmcriteria.core.status import Status
from ntmcriteria.criteria.composition import rule_from_data

A, N, U, D = Status.ACHIEVED, Status.NOT_ACHIEVED, Status.UNDETERMINED, Status.NO_DATA
INCOME = "triệu đồng/người/năm"
MEASURES = {
    "income": {"kind": "quantity", "unit": INCOME, "title": "Thu nhập"},
    "water": {"kind": "ratio", "unit": "%", "title": "Nước sạch"},
    "coop": {"kind": "boolean", "title": "Hợp tác xã"},
    "road": {"kind": "boolean", "title": "Đường"},
    "wifi": {"kind": "boolean", "title": "Wifi công cộng"},
    "cameras": {"kind": "boolean", "title": "Camera"},
    "online": {"kind": "ratio", "unit": "%", "title": "Hồ sơ trực tuyến"},
}


def indicator(iid: str, measure: str, requirement: Any) -> dict[str, Any]:
    return {"id": iid, "title": f"Chỉ tiêu {iid}", "measure": measure, "requirement": requirement}


def criterion(cid: str, *indicators: dict[str, Any]) -> dict[str, Any]:
    return {"id": cid, "title": f"Tiêu chí {cid}", "indicators": list(indicators)}


def group(gid: str, *criteria: dict[str, Any]) -> dict[str, Any]:
    return {"id": gid, "title": f"Nhóm {gid}", "criteria": list(criteria)}


def build(
    set_id: str,
    tier: str,
    groups: list[dict[str, Any]],
    composition: list[Any] | None = None,
    level: str = "commune",
) -> ntm.CriteriaSet:
    used = {i.get("measure") for g in groups for c in g["criteria"] for i in c["indicators"]}
    data: dict[str, Any] = {
        "id": set_id,
        "title": {"vi": f"Bộ {tier}", "en": f"Set {tier}"},
        "level": level,
        "tier": tier,
        "province": "thu",
        "legal_basis": {"issuer": "UBND tỉnh Thử"},
        "validity": {"from": 2022, "to": 2025},
        "measures": {k: v for k, v in MEASURES.items() if k in used},
        "groups": groups,
    }
    if composition:
        data["composition"] = composition
    return ntm.criteria_set_from_data(data)


BASIC = build(
    "thu/xa-ntm/2022-2025",
    "ntm",
    [group("I", criterion("10", indicator("10", "income", ">= 39 triệu đồng/người/năm")))],
)
ADVANCED = build(
    "thu/xa-ntm-nang-cao/2022-2025",
    "nang-cao",
    [
        group(
            "I",
            criterion("10", indicator("10", "income", ">= 45 triệu đồng/người/năm")),
            criterion("17", indicator("17.1", "water", ">= 60 %")),
        )
    ],
    [{"id": "K1", "title": "Đạt chuẩn NTM", "rule": {"achieved": "thu/xa-ntm/2022-2025"}}],
)
SMART = build(
    "thu/thon-thong-minh/2022-2025",
    "thong-minh",
    [
        group(
            "1", criterion("1", indicator("1.1", "wifi", "Đạt"), indicator("1.2", "cameras", "Đạt"))
        )
    ],
    level="village",
)
MODEL_VILLAGE = build(
    "thu/khu-dan-cu-kieu-mau/2022-2025",
    "kieu-mau",
    [
        group(
            "I",
            criterion("1", indicator("1.1", "road", "Đạt"), indicator("1.2", "water", ">= 90 %")),
            criterion(
                "2",
                indicator("2.1", "wifi", "Đạt"),
                indicator("2.2", "cameras", "Đạt"),
                indicator("2.3", "coop", "Đạt"),
            ),
        )
    ],
    level="village",
)
DIGITAL = build(
    "thu/linh-vuc-cds/2022-2025",
    "linh-vuc",
    [group("C", criterion("C1", indicator("C1", "online", ">= 50 %")))],
)
MODEL = build(
    "thu/xa-ntm-kieu-mau/2022-2025",
    "kieu-mau",
    [
        group(
            "K",
            criterion(
                "K2",
                indicator(
                    "K2",
                    "income",
                    {"relative": {"set": "thu/xa-ntm-nang-cao/2022-2025", "factor": 1.1}},
                ),
            ),
        ),
        group("SX", criterion("SX1", indicator("SX1", "coop", "Đạt"))),
        group("MT", criterion("MT1", indicator("MT1", "road", "Đạt"))),
    ],
    [
        {
            "id": "K1",
            "title": "Đạt chuẩn NTM nâng cao",
            "rule": {"achieved": "thu/xa-ntm-nang-cao/2022-2025"},
        },
        {
            "id": "K3",
            "title": "Đạt đủ tiêu chí của 1 nhóm",
            "rule": {"one_of_groups": {"groups": ["SX", "MT"], "choice": "group"}},
        },
        {
            "id": "K4",
            "title": "Có ít nhất 1 thôn thông minh",
            "rule": {"villages": {"set": "thu/thon-thong-minh/2022-2025", "at_least": 1}},
        },
        {
            "id": "K5",
            "title": "Lĩnh vực nổi trội",
            "rule": {
                "outstanding_field": {
                    "choice": "field",
                    "fields": {"cds": "thu/linh-vuc-cds/2022-2025"},
                }
            },
        },
    ],
)
REGISTRY = ntm.Registry.from_sets(
    [BASIC, ADVANCED, SMART, MODEL_VILLAGE, DIGITAL, MODEL], pack="thu"
)
GOOD_VILLAGE = {
    "unit": "Thôn Một",
    "values": {"wifi": "Đạt", "cameras": "Đạt", "road": "Đạt", "water": "95 %", "coop": "Đạt"},
}


def commune(
    values: dict[str, Any],
    villages: list[dict[str, Any]] | None = None,
    choices: dict[str, Any] | None = None,
) -> ntm.Observations:
    return ntm.Observations.from_dict(
        {
            "unit": {"name": "Xã Thử", "province": "Thử"},
            "year": 2024,
            "values": values,
            "choices": choices or {},
            "villages": villages or [],
        }
    )


FULL = {
    "income": "60 triệu đồng/người/năm",
    "water": "70 %",
    "coop": "Đạt",
    "road": "Chưa đạt",
    "online": "55 %",
}


def evaluate(set_: ntm.CriteriaSet, obs: ntm.Observations) -> ntm.SetResult:
    return ntm.evaluate(set_, obs, registry=REGISTRY)


def condition(result: ntm.SetResult, cid: str) -> ntm.RuleResult:
    return next(c for c in result.conditions if c.rule.vi.startswith(f"{cid}."))


def test_prerequisite_tier() -> None:
    ok = evaluate(ADVANCED, commune({"income": "50 triệu đồng/người/năm", "water": "70 %"}))
    assert ok.status is A
    assert condition(ok, "K1").status is A
    low = evaluate(ADVANCED, commune({"income": "38 triệu đồng/người/năm", "water": "70 %"}))
    assert condition(low, "K1").status is N
    assert "Bộ ntm: Chưa đạt" in condition(low, "K1").explanation.vi
    assert low.summary("vi") == "Đạt 1/2 tiêu chí, 1/2 chỉ tiêu, 0/1 điều kiện"


def test_model_commune_all_conditions() -> None:
    result = evaluate(MODEL, commune(FULL, [GOOD_VILLAGE], {"group": "SX", "field": "cds"}))
    assert [c.status for c in result.conditions] == [A, A, A, A]
    assert result.indicators["K2"].status is A  # 60 ≥ 1,1 × 45 = 49,5
    assert result.indicators["MT1"].status is N  # in the unchosen group: does not count
    assert result.status is A
    assert [v.unit.name for v in result.villages] == ["Thôn Một"]
    data = result.to_dict()
    assert data["conditions"][1]["details"] == {"SX": "achieved", "MT": "not_achieved"}
    assert "Điều kiện:" in result.to_text("vi")


def test_one_of_groups_choice_is_honoured_and_best_group_reported() -> None:
    chosen_mt = evaluate(MODEL, commune(FULL, [GOOD_VILLAGE], {"group": "MT", "field": "cds"}))
    assert condition(chosen_mt, "K3").status is N
    assert "nhóm đã chọn MT 0/1" in condition(chosen_mt, "K3").explanation.vi
    free = evaluate(MODEL, commune(FULL, [GOOD_VILLAGE], {"field": "cds"}))
    assert condition(free, "K3").status is A
    assert "gần nhất: nhóm SX" in condition(free, "K3").explanation.vi
    with pytest.raises(ObservationError, match="'XX' is not one of the groups"):
        evaluate(MODEL, commune(FULL, [GOOD_VILLAGE], {"group": "XX"}))


def test_outstanding_field() -> None:
    weak = dict(FULL, online="40 %")
    result = evaluate(MODEL, commune(weak, [GOOD_VILLAGE], {"group": "SX", "field": "cds"}))
    assert condition(result, "K5").status is N
    unchosen = evaluate(MODEL, commune(FULL, [GOOD_VILLAGE], {"group": "SX"}))
    assert condition(unchosen, "K5").status is A
    assert "chưa chọn lĩnh vực" in condition(unchosen, "K5").explanation.vi
    with pytest.raises(ObservationError, match="'du-lich' is not one of the fields"):
        evaluate(MODEL, commune(FULL, [GOOD_VILLAGE], {"field": "du-lich"}))


def test_villages_at_least() -> None:
    poor = {"unit": "Thôn Hai", "values": {"wifi": "Chưa đạt", "cameras": "Đạt"}}
    unknown = {"unit": "Thôn Ba", "values": {"wifi": "Đạt"}}
    rule = rule_from_data({"villages": {"set": "thu/thon-thong-minh/2022-2025", "at_least": 1}})
    base = build(
        "thu/x/2022-2025",
        "x",
        [group("I", criterion("10", indicator("10", "income", ">= 1 triệu đồng/người/năm")))],
        [{"id": "V", "title": "Thôn thông minh", "rule": rule.to_data()}],
    )
    registry = ntm.Registry.from_sets([SMART, base])

    def status(villages: list[dict[str, Any]]) -> Status:
        obs = commune({"income": "5 triệu đồng/người/năm"}, villages)
        return ntm.evaluate(base, obs, registry=registry).conditions[0].status

    assert status([poor]) is N
    assert status([poor, unknown]) is U
    assert status([poor, GOOD_VILLAGE]) is A
    assert status([]) is D  # no village data is not "not achieved"


def quota_set(each: Any = ">= 70 %", full: int | None = 2) -> tuple[ntm.CriteriaSet, ntm.Registry]:
    body: dict[str, Any] = {"set": "thu/khu-dan-cu-kieu-mau/2022-2025", "each_criterion": each}
    if full:
        body["full"] = full
    base = build(
        "thu/q/2022-2025",
        "q",
        [group("I", criterion("10", indicator("10", "income", ">= 1 triệu đồng/người/năm")))],
        [{"id": "20", "title": "Khu dân cư kiểu mẫu", "rule": {"village_quota": body}}],
    )
    return base, ntm.Registry.from_sets([MODEL_VILLAGE, base])


def village(name: str, **values: str) -> dict[str, Any]:
    return {"unit": name, "values": values}


def test_village_quota() -> None:
    base, registry = quota_set()
    all_good = GOOD_VILLAGE["values"]
    # criterion 2 at 2/3 = 66,7 % < 70 %
    short = village(
        "Thôn Hai", road="Đạt", water="95 %", wifi="Đạt", cameras="Đạt", coop="Chưa đạt"
    )
    obs = commune({"income": "5 triệu đồng/người/năm"}, [village("Thôn Một", **all_good), short])
    result = ntm.evaluate(base, obs, registry=registry).conditions[0]
    assert result.status is N
    assert result.details["Thôn Hai"] is N
    assert (
        "2 (67 %)" in next(p for p in result.parts if p.rule.vi == "thôn Thôn Hai").explanation.vi
    )
    obs = commune(
        {"income": "5 triệu đồng/người/năm"},
        [village("Thôn Một", **all_good), village("Thôn Ba", **all_good)],
    )
    assert ntm.evaluate(base, obs, registry=registry).conditions[0].status is A
    # one village with open indicators: its share is a range straddling 70 % → undetermined
    open_village = village("Thôn Bốn", road="Đạt", water="95 %", wifi="Đạt", cameras="Đạt")
    obs = commune(
        {"income": "5 triệu đồng/người/năm"},
        [village("Thôn Một", **all_good), village("Thôn Ba", **all_good), open_village],
    )
    # Thôn Bốn's criterion 2 is 2/3 known, 3/3 at best: the range straddles 70 %
    assert ntm.evaluate(base, obs, registry=registry).conditions[0].status is U


def test_rule_combinations() -> None:
    registry = ntm.Registry.from_sets([BASIC, ADVANCED, SMART])
    rules = {
        "all": {"all_of": [{"achieved": BASIC.id}, {"achieved": ADVANCED.id}]},
        "any": {"any_of": [{"achieved": BASIC.id}, {"achieved": ADVANCED.id}]},
        "two": {
            "at_least": {
                "count": 2,
                "of": [
                    {"achieved": BASIC.id},
                    {"achieved": ADVANCED.id},
                    {"villages": {"set": SMART.id}},
                ],
            }
        },
    }
    composite = build(
        "thu/c/2022-2025",
        "c",
        [group("I", criterion("10", indicator("10", "income", ">= 1 triệu đồng/người/năm")))],
        [{"id": k, "title": k, "rule": v} for k, v in rules.items()],
    )
    obs = commune({"income": "40 triệu đồng/người/năm", "water": "70 %"}, [GOOD_VILLAGE])
    result = ntm.evaluate(composite, obs, registry=registry)
    statuses = {c.rule.vi.split(".")[0]: c.status for c in result.conditions}
    assert statuses == {"all": N, "any": A, "two": A}  # basic ✓, advanced ✗ (40 < 45), village ✓
    assert "đạt 2/3 (cần 2)" in condition(result, "two").explanation.vi


def test_assess_ladder_and_missing() -> None:
    obs = commune(
        {"income": "47 triệu đồng/người/năm", "water": "70 %", "coop": "Đạt", "online": "40 %"},
        [{"unit": "Thôn Một", "values": {"wifi": "Chưa đạt"}}],
        {"group": "SX", "field": "cds"},
    )
    ladder = ntm.assess(obs, registry=REGISTRY)
    assert ladder.province == "thu"
    assert [s.set_id for s in ladder.steps] == [BASIC.id, ADVANCED.id, MODEL.id]  # components out
    assert [s.rank for s in ladder.steps] == [0, 1, 2]
    assert ladder.achieved is not None and ladder.achieved.set_id == ADVANCED.id
    assert ladder.next is not None and ladder.next.set_id == MODEL.id
    missing = ladder.missing
    assert [m.id for m in missing] == ["K2", "K4", "K5"]
    assert missing[0].gap is not None  # 47 < 49,5: short by 2,5
    assert missing[1].details == {"Thôn Một": N}
    text = ladder.to_text("vi")
    assert "Hạng đạt cao nhất: Bộ nang-cao [thu/xa-ntm-nang-cao/2022-2025]" in text
    assert "← K2. Chỉ tiêu K2: 47 triệu đồng/người/năm so với yêu cầu ≥ 49,5" in text
    assert ladder.to_dict()["missing"][0]["id"] == "K2"


def test_assess_with_nothing_achieved() -> None:
    ladder = ntm.assess(commune({"income": "30 triệu đồng/người/năm"}), registry=REGISTRY)
    assert ladder.achieved is None
    assert ladder.next is not None and ladder.next.set_id == BASIC.id
    assert ladder.missing[0].id == "10"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "wifi": st.sampled_from(["Đạt", "Chưa đạt"]),
                "cameras": st.sampled_from(["Đạt", "Chưa đạt", None]),
            }
        ),
        max_size=3,
    ),
    st.sampled_from(
        ["40 triệu đồng/người/năm", "47 triệu đồng/người/năm", "60 triệu đồng/người/năm"]
    ),
)
def test_adding_an_achieving_village_never_lowers_the_tier(
    villages: list[dict[str, Any]], income: str
) -> None:
    values = dict(FULL, income=income)
    listed = [
        {"unit": f"Thôn {i}", "values": {k: v for k, v in vals.items() if v is not None}}
        for i, vals in enumerate(villages)
    ]
    before = ntm.assess(commune(values, listed, {"group": "SX", "field": "cds"}), registry=REGISTRY)
    extra = copy.deepcopy(GOOD_VILLAGE)
    extra["unit"] = "Thôn Mới"
    after = ntm.assess(
        commune(values, [*listed, extra], {"group": "SX", "field": "cds"}), registry=REGISTRY
    )
    rank = lambda ladder: ladder.achieved.rank if ladder.achieved else -1  # noqa: E731
    assert rank(after) >= rank(before)


def test_villages_in_observations() -> None:
    obs = commune({}, [{"unit": "Thôn Một", "values": {"wifi": "Đạt"}}])
    assert obs.village("Thôn Một").unit.level == "village"
    assert obs.village("Thôn Một").year == 2024
    assert obs.village("Thôn Một").unit.province == "Thử"
    assert obs.to_dict()["villages"][0]["unit"]["name"] == "Thôn Một"
    with pytest.raises(ObservationError) as info:
        ntm.Observations.from_dict(
            {
                "unit": "Xã",
                "year": 2024,
                "villages": [
                    {"unit": "A", "villages": [{"unit": "B"}]},
                    {"unit": "A"},
                    {"unit": {"name": "C", "level": "commune"}},
                    {"unit": "D", "year": 2023},
                ],
            }
        )
    paths = {p.path: p.message for p in info.value.problems}
    assert "a village cannot hold villages" in paths["/villages/0/villages"]
    assert "listed twice" in paths["/villages/1/unit/name"]
    assert "has level village" in paths["/villages/2/unit/level"]
    assert "commune's year" in paths["/villages/3/year"]


def test_composition_is_validated_and_round_trips() -> None:
    with pytest.raises(ModelError) as info:
        build(
            "thu/bad/2022-2025",
            "x",
            [group("I", criterion("1", indicator("1", "coop", "Đạt")))],
            [
                {"id": "K", "title": "x", "rule": {"one_of_groups": {"groups": ["I", "Z"]}}},
                {"id": "K", "title": "y", "rule": {"frob": 1}},
            ],
        )
    text = str(info.value)
    assert "/composition/1/rule: unknown rule 'frob'" in text
    data = MODEL.to_data()
    again = ntm.criteria_set_from_data(copy.deepcopy(data))
    assert again == MODEL and again.to_data() == data
    with pytest.raises(ModelError, match="no group 'Z' in the set"):
        build(
            "thu/bad/2022-2025",
            "x",
            [group("I", criterion("1", indicator("1", "coop", "Đạt")))],
            [{"id": "K", "title": "x", "rule": {"one_of_groups": {"groups": ["I", "Z"]}}}],
        )


def test_a_criterion_can_hold_a_village_quota_indicator() -> None:
    # Hà Tĩnh criterion 20 is one of the set's 20 criteria: a rule indicator counts like one.
    hatinh_like = build(
        "thu/xa-ntm-20/2022-2025",
        "ntm",
        [
            group("I", criterion("10", indicator("10", "income", ">= 39 triệu đồng/người/năm"))),
            group(
                "VI",
                {
                    "id": "20",
                    "title": "Khu dân cư kiểu mẫu",
                    "indicators": [
                        {
                            "id": "20",
                            "title": "Mọi thôn ≥ 70 % từng tiêu chí, ≥ 1 thôn đạt 100 %",
                            "rule": {
                                "village_quota": {
                                    "set": MODEL_VILLAGE.id,
                                    "each_criterion": ">= 70 %",
                                    "full": 1,
                                }
                            },
                        }
                    ],
                },
            ),
        ],
    )
    registry = ntm.Registry.from_sets([MODEL_VILLAGE, hatinh_like])
    obs = commune({"income": "45 triệu đồng/người/năm"}, [GOOD_VILLAGE])
    result = ntm.evaluate(hatinh_like, obs, registry=registry)
    assert result.indicators["20"].status is A
    assert result.indicators["20"].measure is None
    assert result.indicators["20"].rule_result is not None
    assert result.summary("vi") == "Đạt 2/2 tiêu chí, 2/2 chỉ tiêu"
    no_villages = ntm.evaluate(
        hatinh_like, commune({"income": "45 triệu đồng/người/năm"}), registry=registry
    )
    assert no_villages.indicators["20"].status is D
    assert no_villages.achieved is None
    again = ntm.criteria_set_from_data(copy.deepcopy(hatinh_like.to_data()))
    assert again == hatinh_like
    with pytest.raises(ModelError, match="use it as a set condition"):
        build(
            "thu/bad/2022-2025",
            "x",
            [
                group(
                    "I",
                    criterion("1", indicator("1", "coop", "Đạt")),
                    {
                        "id": "2",
                        "title": "2",
                        "indicators": [
                            {
                                "id": "2",
                                "title": "x",
                                "rule": {"one_of_groups": {"groups": ["I", "I"]}},
                            }
                        ],
                    },
                )
            ],
        )


def test_a_conditions_result_names_it_by_id_and_title() -> None:
    """What is missing is told from the condition's id and title, never parsed from its text."""
    from helpers import seed_result

    result = seed_result("tay-ho-kieu-mau")
    criteria_set = ntm.registry().get(result.set_id)
    for condition, found in zip(criteria_set.composition, result.conditions, strict=True):
        assert (found.condition, found.title) == (condition.id, condition.title)
        assert found.to_dict()["id"] == condition.id
    missing = {
        m.id: m for m in ntm.evaluation.assess.missing_items(result) if m.kind == "condition"
    }
    for condition in criteria_set.composition:
        if condition.id in missing:
            assert missing[condition.id].title == condition.title


def test_a_rules_explanation_is_worded_once_when_read() -> None:
    from ntmcriteria.core.text import Text
    from ntmcriteria.criteria.composition import RuleResult

    calls: list[int] = []

    def explain() -> Text:
        calls.append(1)
        return Text("giải thích", "explanation")

    result = RuleResult(Status.ACHIEVED, Text("luật", "rule"), explain)
    assert calls == []
    assert result.explanation.en == "explanation"
    assert result.to_dict()["explanation"] == {"vi": "giải thích", "en": "explanation"}
    assert calls == [1]


def share_set(share: str = ">= 25 %") -> tuple[ntm.CriteriaSet, ntm.Registry]:
    rule = {"village_share": {"set": "thu/thon-thong-minh/2022-2025", "share": share}}
    base = build(
        "thu/xa-thong-minh/2022-2025",
        "xa-thong-minh",
        [group("I", criterion("10", indicator("10", "income", ">= 1 triệu đồng/người/năm")))],
        [{"id": "S1", "title": "Tối thiểu 25 % số thôn thông minh", "rule": rule}],
    )
    return base, ntm.Registry.from_sets([SMART, base])


POOR = {"unit": "Thôn Hai", "values": {"wifi": "Chưa đạt", "cameras": "Đạt"}}
OPEN = {"unit": "Thôn Ba", "values": {"wifi": "Đạt"}}


def shared(villages: list[dict[str, Any]], total: int | None, share: str = ">= 25 %") -> Status:
    base, registry = share_set(share)
    obs = ntm.Observations.from_dict(
        {
            "unit": "Xã Thử",
            "year": 2024,
            "values": {"income": "5 triệu đồng/người/năm"},
            "context": {} if total is None else {"villages_total": total},
            "villages": villages,
        }
    )
    return ntm.evaluate(base, obs, registry=registry).conditions[0].status


def named(template: dict[str, Any], name: str) -> dict[str, Any]:
    return {**template, "unit": name}


@pytest.mark.parametrize(
    ("villages", "total", "expected"),
    [
        ([GOOD_VILLAGE], 4, A),  # 1 of 4 = 25 %, the three not listed cannot lower it
        ([GOOD_VILLAGE], 5, D),  # 20 % so far; the four not listed could make it
        ([GOOD_VILLAGE, named(POOR, "Thôn Hai"), named(POOR, "Thôn Ba")], 5, D),
        ([named(POOR, f"Thôn {i}") for i in range(4)], 5, N),  # at most 1 of 5 = 20 %
        ([named(POOR, f"Thôn {i}") for i in range(4)], 4, N),
        ([named(POOR, "Thôn Hai"), OPEN, named(POOR, "Thôn Bốn")], 3, U),  # a village undecided
        ([GOOD_VILLAGE], None, D),  # the commune's number of villages is not given
        ([], 4, D),
    ],
)
def test_village_share_counts_all_the_communes_villages(
    villages: list[dict[str, Any]], total: int | None, expected: Status
) -> None:
    assert shared(villages, total) is expected


def test_village_share_refuses_a_total_below_the_villages_listed() -> None:
    with pytest.raises(ntm.ObservationError, match="1 in all, but 2 are listed"):
        shared([GOOD_VILLAGE, POOR], 1)


def test_village_share_on_the_frame_path_gives_the_scalar_verdicts() -> None:
    import pandas as pd

    base, registry = share_set()
    cases = [
        ([GOOD_VILLAGE], 4),
        ([GOOD_VILLAGE], 5),
        ([named(POOR, f"Thôn {i}") for i in range(4)], 5),
        ([named(POOR, "Thôn Hai"), OPEN, named(POOR, "Thôn Bốn")], 3),
        ([GOOD_VILLAGE], None),
        ([], 4),
    ]
    communes = pd.DataFrame(
        {
            "unit": [f"Xã {i}" for i in range(len(cases))],
            "income": ["5 triệu đồng/người/năm"] * len(cases),
            "context.villages_total": [total for _villages, total in cases],
        }
    )
    rows = [
        {"unit": v["unit"], "parent": f"Xã {i}", **v["values"]}
        for i, (villages, _total) in enumerate(cases)
        for v in villages
    ]
    villages = pd.DataFrame(rows)
    out = ntm.evaluate_frame(base, communes, 2024, villages=villages, registry=registry)
    expected = [shared(v, t).value for v, t in cases]
    assert out["condition:S1"].tolist() == expected


def recognised(
    values: dict[str, Any], recognitions: list[dict[str, Any]], year: int = 2024
) -> ntm.SetResult:
    obs = ntm.Observations.from_dict(
        {
            "unit": {"name": "Xã Thử", "province": "Thử"},
            "year": year,
            "values": values,
            "choices": {"group": "SX", "field": "cds"},
            "villages": [GOOD_VILLAGE],
            "recognitions": recognitions,
        }
    )
    return evaluate(MODEL, obs)


DECISION = {
    "tier": "nang-cao",
    "year": 2022,
    "decision": "694/QĐ-UBND-HC",
    "date": "2023-06-30",
    "issuer": "UBND tỉnh Thử",
}


def test_a_recognition_achieves_a_prerequisite_the_values_cannot_decide() -> None:
    """ "Đạt chuẩn nông thôn mới nâng cao: Đã đạt" (seeds 000, 002, 004): the commune was
    recognised by decision; its report gives no figure to compute the advanced set from."""
    open_values = {"income": "60 triệu đồng/người/năm"}  # the advanced set lacks its other data
    without = condition(recognised(open_values, []), "K1")
    assert without.status is not A
    with_decision = condition(recognised(open_values, [DECISION]), "K1")
    assert with_decision.status is A
    assert "Đạt — đã được công nhận theo QĐ 694/QĐ-UBND-HC ngày 30/06/2023 của UBND tỉnh Thử" in (
        with_decision.explanation.vi
    )
    by_id = {**DECISION, "set": ADVANCED.id}
    del by_id["tier"]
    assert condition(recognised(open_values, [by_id]), "K1").status is A
    # a recognition of a later year does not count for an earlier assessment
    assert condition(recognised(open_values, [{**DECISION, "year": 2025}]), "K1").status is not A


def test_a_recognition_the_values_contradict_is_an_audit_finding() -> None:
    failing = {"income": "20 triệu đồng/người/năm", "water": "10 %", "coop": "Chưa đạt"}
    result = recognised(failing, [DECISION])
    assert condition(result, "K1").status is N  # the values decide: the recognition does not
    [finding] = [f for f in result.audit if f.kind == "recognition"]
    assert finding.indicator == "K1"
    assert "đã được công nhận theo QĐ 694/QĐ-UBND-HC" in finding.message.vi


@pytest.mark.parametrize(
    ("recognitions", "message"),
    [
        ([{"year": 2022}], "a set id (set) or a tier (tier)"),
        ([{"tier": "nang-cao", "set": "x/y/2022"}], "one of them"),
        ([{"tier": "nang-cao", "year": "năm 2022"}], "expected a year"),
        ([{"tier": "nang-cao", "date": "30/06/2023"}], "expected a date such as 2022-12-30"),
        ([{"tier": "nang-cao", "by": "x"}], "unknown key"),
        ({"tier": "nang-cao"}, "expected a list"),
    ],
)
def test_recognitions_are_read_strictly(recognitions: Any, message: str) -> None:
    with pytest.raises(ntm.ObservationError, match=re.escape(message)):
        ntm.Observations.from_dict({"unit": "Xã Thử", "year": 2024, "recognitions": recognitions})


def _set_2026(set_id: str, tier: str, level: str, indicator_data: dict[str, Any]) -> Any:
    used = indicator_data.get("measure")
    return ntm.criteria_set_from_data(
        {
            "id": set_id,
            "title": {"vi": f"Bộ {tier}", "en": f"Set {tier}"},
            "level": level,
            "tier": tier,
            "legal_basis": {"issuer": "Thủ tướng Chính phủ"},
            "validity": {"from": 2026, "to": 2030},
            "measures": {k: v for k, v in MEASURES.items() if k == used},
            "groups": [
                {
                    "id": "I",
                    "title": "I",
                    "criteria": [criterion("1", {"id": "1", **indicator_data})],
                }
            ],
        }
    )


COMMUNE_2026 = _set_2026(
    "thu/xa-ntm/2026-2030",
    "ntm",
    "commune",
    {"title": "Thu nhập", "measure": "income", "requirement": ">= 1 triệu đồng/người/năm"},
)
PROVINCE = _set_2026(
    "thu/tinh/2026-2030",
    "hoan-thanh",
    "province",
    {
        "title": "Tối thiểu 80 % số xã đạt chuẩn",
        "rule": {"commune_share": {"set": "thu/xa-ntm/2026-2030", "share": ">= 80 %"}},
    },
)


def province(communes: list[tuple[str, str]], total: int | None) -> ntm.SetResult:
    data = {
        "unit": {"name": "Tỉnh Thử", "level": "province"},
        "year": 2026,
        "context": {} if total is None else {"communes_total": total},
        "communes": [{"unit": name, "values": {"income": income}} for name, income in communes],
    }
    registry = ntm.Registry.from_sets([COMMUNE_2026, PROVINCE])
    return ntm.evaluate(PROVINCE, data, registry=registry)


RICH, POOR_INCOME = "5 triệu đồng/người/năm", "0,5 triệu đồng/người/năm"


@pytest.mark.parametrize(
    ("communes", "total", "expected"),
    [
        ([("A", RICH), ("B", RICH), ("C", RICH), ("D", RICH)], 5, A),  # 4 of 5 = 80 %
        ([("A", RICH), ("B", RICH), ("C", RICH)], 5, D),  # 60 % so far, two not listed
        ([("A", RICH), ("B", POOR_INCOME)], 5, D),  # B fails, yet 4 of 5 = 80 % is still possible
        ([("A", POOR_INCOME), ("B", POOR_INCOME)], 5, N),  # at most 3 of 5
        ([("A", RICH)], None, D),
    ],
)
def test_commune_share_over_a_provinces_communes(
    communes: list[tuple[str, str]], total: int | None, expected: Status
) -> None:
    assert province(communes, total).indicators["1"].status is expected


def test_province_observations_hold_communes_and_their_villages() -> None:
    data = {
        "unit": {"name": "Tỉnh Thử", "level": "province"},
        "communes": [{"unit": "Xã A", "villages": [{"unit": "Thôn 1"}]}],
    }
    unit = ntm.Observations.from_dict(data)
    assert unit.commune("Xã A").unit.level == "commune"
    assert unit.commune("Xã A").village("Thôn 1").unit.level == "village"
    assert ntm.Observations.from_dict(unit.to_dict()) == unit
    with pytest.raises(ObservationError, match="a commune cannot hold communes"):
        ntm.Observations.from_dict({"unit": "Xã A", "communes": [{"unit": "Xã B"}]})
    with pytest.raises(ObservationError, match="only a commune holds villages"):
        ntm.Observations.from_dict({**data, "villages": [{"unit": "Thôn 9"}]})
    with pytest.raises(ntm.ArgumentError, match="written as YAML or JSON"):
        ntm.write_observations(unit, "/tmp/never-written.csv")
