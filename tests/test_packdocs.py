"""The pack review pages in docs/packs/ are generated from the pack data and kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.packs.packdocs import pack_markdown, show_text

DOCS = Path(__file__).resolve().parents[1] / "docs" / "packs"


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.stem)
def test_committed_pages_match_the_pack_data(page: Path) -> None:
    registry = ntm.registry()
    pack = next(p for p in registry.packs if p.name == page.stem)
    expected = pack_markdown(pack.name, pack.version, [registry.get(s) for s in pack.sets])
    assert page.read_text(encoding="utf-8") == expected, "run `ntm pack docs` and commit"


def test_review_page_content() -> None:
    page = (DOCS / "hatinh.md").read_text(encoding="utf-8")
    assert (
        "| `hatinh/xa-ntm/2022-2025` | commune | ntm | 60 of 60 indicators encoded, 59 decidable"
        " (waiting on hatinh/khu-dan-cu-ntm-kieu-mau/2022-2025) |"
    ) in page
    assert "| 17.8 | Tỷ lệ hộ có nhà tiêu, nhà tắm" in page
    assert "**Not encoded (2):** K3, K4" in page


def test_show_tree() -> None:
    text = show_text(ntm.registry().get("hatinh/xa-ntm/2022-2025"))
    assert "60/60 chỉ tiêu đã mã hóa ngưỡng" in text
    assert "    10: năm 2021: ≥ 36 triệu đồng/người/năm;" in text


def test_show_never_prints_a_python_none() -> None:
    """An indicator cited without a locator shows its document; "Không" reads "none at all" in
    English, not "None" (which reads as "no requirement")."""
    smart = show_text(ntm.registry().get("thanhhoa/xa-ntm-thong-minh/2024"), "en")
    assert "XTM1: ≥ 25 % of the villages" in smart and "[News, 09/11/2024]" in smart
    hatinh = show_text(ntm.registry().get("hatinh/xa-ntm/2022-2025"), "en")
    assert "    9.1: none at all  [line 310]" in hatinh.splitlines()
    for set_id in ntm.registry():
        for lang in ("vi", "en"):
            text = show_text(ntm.registry().get(set_id), lang)
            assert "None" not in text.replace("None of", ""), set_id
