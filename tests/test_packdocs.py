"""The pack review pages in docs/packs/ are generated from the pack data and kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.packs.packdocs import pack_markdown, show_text

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "packs"


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


@pytest.mark.parametrize("pack", sorted(p.parent.name for p in ROOT.glob("packs/*/README.md")))
def test_every_pack_readme_lists_its_sets_as_they_are(
    pack: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a package index shows of a pack: its sets, from its files (``ntm pack readme``)."""
    from ntmcriteria.__main__ import main

    folder = ROOT / "packs" / pack
    assert main(["pack", "readme", str(folder), "--check"]) == 0, "run: ntm pack readme"
    text = (folder / "README.md").read_text(encoding="utf-8")
    for set_id in next(p for p in ntm.registry().packs if p.name == pack).sets:
        assert f"| `{set_id}`: " in text


def test_pack_readme_writes_the_list_once_and_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from ntmcriteria.__main__ import main
    from ntmcriteria.packs.packdocs import README_END, README_START

    folder = tmp_path / "example"
    shutil.copytree(ROOT / "packs" / "example", folder)
    readme = folder / "README.md"
    original = readme.read_text(encoding="utf-8")
    start, end = original.index(README_START), original.index(README_END) + len(README_END)
    stale = original[:start] + README_START + "\nold\n" + README_END + original[end:]
    readme.write_text(stale, encoding="utf-8")
    assert main(["pack", "readme", str(folder), "--check"]) == 1  # a stale list
    assert main(["pack", "readme", str(folder)]) == 0
    assert readme.read_text(encoding="utf-8") == original  # replaced in place, the rest kept
    bare = "# ntmcriteria-example\n\nIntro.\n\n## Install\n\npip install it\n"
    readme.write_text(bare, encoding="utf-8")
    assert main(["pack", "readme", str(folder), "--check"]) == 1
    assert "is not current: run ntm pack readme" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == bare  # --check changes nothing
    assert main(["pack", "readme", str(folder)]) == 0
    written = readme.read_text(encoding="utf-8")
    assert written.startswith("# ntmcriteria-example\n\nIntro.\n\n## Sets / Các bộ tiêu chí\n\n")
    assert written.endswith(README_END + "\n\n## Install\n\npip install it\n")
    assert "| `example/xa-ntm-trich/2022-2025`: " in written
    assert main(["pack", "readme", str(folder)]) == 0  # a second run changes nothing
    assert readme.read_text(encoding="utf-8") == written
    assert "is current" in capsys.readouterr().out


def test_pack_readme_refuses_a_broken_set_and_a_missing_readme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ntmcriteria.__main__ import main

    folder = tmp_path / "broken"
    (folder / "sets").mkdir(parents=True)
    (folder / "sets" / "x.yaml").write_text("id: broken/x/2024\nlevel: nowhere\n", "utf-8")
    assert main(["pack", "readme", str(folder)]) == 2  # no README
    (folder / "README.md").write_text("# broken\n", "utf-8")
    assert main(["pack", "readme", str(folder)]) == 1  # the set's problems, located
    assert "x.yaml" in capsys.readouterr().err
    assert (folder / "README.md").read_text("utf-8") == "# broken\n"
