"""The Thái Nguyên pack: only the shapes are known (seed 001, xã Kim Phượng, 08/4/2024)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ntmcriteria as ntm

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "001_e5d1ae92286e18c9.txt"
SHAPES = {  # what seed 001 states (lines 79-85, 95-99, 113-115)
    "thainguyen/xa-ntm-kieu-mau/2021-2025": (6, 35),
    "thainguyen/xom-ntm-kieu-mau/2021-2025": (10, 31),
    "thainguyen/xom-thong-minh/2021-2025": (3, 10),
}


def test_the_pack_loads_every_set() -> None:
    pack = next(p for p in ntm.registry().packs if p.name == "thainguyen")
    assert pack.ok, pack.error
    assert set(pack.sets) == set(SHAPES)


@pytest.mark.parametrize(("set_id", "shape"), SHAPES.items())
def test_shapes_match_the_kim_phuong_report(set_id: str, shape: tuple[int, int]) -> None:
    criteria_set = ntm.registry().get(set_id)
    assert criteria_set.shape is not None
    assert (criteria_set.shape.criteria, criteria_set.shape.indicators) == shape
    assert criteria_set.criteria_count == shape[0]
    assert len(criteria_set.not_encoded()) == shape[0]  # every criterion is a visible gap


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds is not next to the repository")
def test_the_seed_states_these_shapes() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert re.search(r"03/06 tiêu chí", text) and re.search(r"25/35 chỉ tiêu", text)
    assert re.search(r"03/10 tiêu chí\. Trong đó: Chỉ tiêu đã đạt: 23/ 31", text)
    assert re.search(r"06/10 chỉ tiêu", text)


def test_nothing_can_be_achieved_until_encoded() -> None:
    result = ntm.evaluate(
        "thainguyen/xa-ntm-kieu-mau/2021-2025", {"unit": "Kim Phượng", "year": 2024}
    )
    assert result.achieved is None
