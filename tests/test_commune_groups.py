"""Thresholds by commune group, the 2026–2030 form (Quyết định 51/2025/QĐ-TTg)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from helpers import make_set

import ntmcriteria as ntm
from ntmcriteria.core.status import Status

GROUPED = make_set(
    {"water": {"kind": "ratio", "unit": "%", "title": {"vi": "Nước sạch", "en": "Clean water"}}},
    [
        {
            "id": "1",
            "title": "Nước sạch",
            "measure": "water",
            "requirement": {
                "by_commune_group": {1: ">= 90 %", 2: ">= 70 %"},
                "otherwise": ">= 50 %",
            },
        }
    ],
    set_id="test/xa-ntm/2026-2030",
    validity=(2026, 2030),
)


def status(water: str, group: Any) -> Status:
    context = {} if group is None else {"commune_group": group}
    unit = {"unit": "Xã Thử", "year": 2026, "context": context, "values": {"water": water}}
    return ntm.evaluate(GROUPED, unit).indicators["1"].status


@pytest.mark.parametrize(
    ("water", "group", "expected"),
    [
        ("90 %", 1, Status.ACHIEVED),
        ("89,9 %", 1, Status.NOT_ACHIEVED),
        ("70 %", 2, Status.ACHIEVED),
        ("70 %", "nhóm 2", Status.ACHIEVED),
        ("69 %", 2, Status.NOT_ACHIEVED),
        ("50 %", 3, Status.ACHIEVED),  # group 3 is not listed: "otherwise"
        ("95 %", None, Status.NO_DATA),  # which threshold applies is not known
    ],
)
def test_the_threshold_of_the_communes_group_applies(
    water: str, group: Any, expected: Status
) -> None:
    assert status(water, group) is expected


def test_the_group_is_said_in_the_requirement() -> None:
    unit = {"unit": "X", "year": 2026, "context": {"commune_group": 1}, "values": {"water": "95 %"}}
    result = ntm.evaluate(GROUPED, unit).indicators["1"]
    assert result.requirement.vi == "≥ 90 % (xã nhóm 1)"


@pytest.mark.parametrize("group", [0, 4, "nhóm 5", "thành thị", 1.5, True])
def test_a_group_other_than_1_2_3_is_refused(group: Any) -> None:
    with pytest.raises(ntm.ObservationError, match="commune group 1, 2 or 3"):
        ntm.Observations.from_dict({"unit": "X", "context": {"commune_group": group}})


def test_a_group_not_listed_without_otherwise_is_not_encoded() -> None:
    bare = make_set(
        {"water": {"kind": "ratio", "unit": "%", "title": "Nước"}},
        [
            {
                "id": "1",
                "title": "Nước",
                "measure": "water",
                "requirement": {"by_commune_group": {1: ">= 90 %"}},
            }
        ],
        validity=(2026, 2030),
    )
    unit = {"unit": "X", "year": 2026, "context": {"commune_group": 3}, "values": {"water": "95 %"}}
    assert ntm.evaluate(bare, unit).indicators["1"].status is Status.NOT_ENCODED


def test_the_frame_path_gives_the_scalar_verdicts() -> None:
    waters = ["49 %", "50 %", "69 %", "70 %", "89 %", "90 %", None]
    groups = [1, 2, 3, "nhóm 2", None]
    rows = [
        {"unit": f"Xã {i}", "water": w, "context.commune_group": g}
        for i, (w, g) in enumerate((w, g) for w in waters for g in groups)
    ]
    out = ntm.evaluate_frame(GROUPED, pd.DataFrame(rows), 2026)
    expected = [status(row["water"], row["context.commune_group"]).value for row in rows]
    assert out["indicator:1"].tolist() == expected
