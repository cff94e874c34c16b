"""Registry discovery: the example pack is a real installed distribution."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from helpers import make_set

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.core.errors import RegistryError

EXAMPLE = "example/xa-ntm-trich/2022-2025"


def test_the_installed_example_pack_is_discovered() -> None:
    registry = ntm.registry(refresh=True)
    assert EXAMPLE in registry
    criteria_set = registry.get(EXAMPLE)
    assert criteria_set.provenance is not None
    assert criteria_set.provenance.pack == "example"
    assert criteria_set.provenance.distribution == "ntmcriteria-example"
    assert criteria_set.provenance.version == "0.1.0"
    assert criteria_set.provenance.content_hash == criteria_set.content_hash()
    assert criteria_set.provenance.source == "xa-ntm-trich-2022-2025.yaml"
    assert (criteria_set.provenance.files_hash or "").startswith("sha256:")
    result = ntm.evaluate(criteria_set, {"unit": "X", "year": 2024, "values": {}})
    assert result.to_dict()["pack"]["files_hash"] == criteria_set.provenance.files_hash
    entry = next(e for e in registry.listing() if e.id == EXAMPLE)
    assert (entry.pack, entry.version) == ("example", "0.1.0")
    assert any(p.name == "example" and p.ok for p in registry.packs)
    assert ntm.registry() is registry  # cached


def test_find_by_province_tier_level_and_date() -> None:
    registry = ntm.registry()
    # Other installed packs may add sets: assert on the example set and on the filters' law.
    assert EXAMPLE in [
        s.id for s in registry.find(province="example", tier="trich", level="commune")
    ]
    assert EXAMPLE in [s.id for s in registry.find(on=dt.date(2024, 6, 1))]
    later = registry.find(on="2026-03-01")
    assert EXAMPLE not in [s.id for s in later]
    assert all(s.validity.covers(dt.date(2026, 3, 1)) for s in later)
    assert all(s.province == "hatinh" for s in registry.find(province="hatinh"))
    assert EXAMPLE not in [s.id for s in registry.find(province="hatinh")]
    assert registry.find(province="no-such-province") == []
    noon = dt.datetime(2026, 3, 1, 12, 0)
    assert [s.id for s in registry.find(on=noon)] == [s.id for s in later]  # a moment: its day
    for wrong in ("2026-13-01", "01/03/2026", "2026", 20260301, "", "2026-03-01T12:00"):
        with pytest.raises(ntm.ArgumentError, match=r"^on: expected a date such as 2026-06-01"):
            registry.find(on=wrong)  # type: ignore[arg-type]


def test_an_unknown_id_suggests_the_closest_ones() -> None:
    with pytest.raises(
        RegistryError, match=r"unknown criteria set 'x/y' \(\d+ installed: ntm sets"
    ):
        ntm.registry().get("x/y")
    with pytest.raises(RegistryError, match=r"did you mean 'example/xa-ntm-trich/2022-2025'"):
        ntm.registry().get("example/xa-ntm-trich/2022")


def test_evaluate_by_id_uses_the_registry() -> None:
    result = ntm.evaluate(EXAMPLE, {"unit": "X", "year": 2024, "values": {}})
    assert result.provenance is not None and result.provenance.pack == "example"


def _set(set_id: str) -> ntm.CriteriaSet:
    return make_set(
        {"r": {"kind": "ratio", "unit": "%", "title": "R"}},
        [{"id": "1", "title": "a", "measure": "r", "requirement": ">= 1 %"}],
        set_id=set_id,
    )


def test_two_packs_defining_one_id_is_an_error_naming_both() -> None:
    registry = ntm.Registry.from_packs(
        {"alpha": [_set("a/x/1")], "beta": [_set("a/x/1"), _set("b/y/1")]}
    )
    with pytest.raises(RegistryError, match="defined by more than one pack: 'alpha' and 'beta'"):
        registry.get("a/x/1")
    with pytest.raises(RegistryError, match="'alpha' and 'beta'"):
        registry.find()
    assert registry.get("b/y/1").id == "b/y/1"
    assert registry.duplicates == {"a/x/1": ("alpha", "beta")}
    assert [e.pack for e in registry.listing() if e.id == "a/x/1"] == ["alpha", "beta"]


def _dist(root: Path, name: str, module: str, code: str) -> None:
    """Install a tiny distribution into ``root`` (a directory put on sys.path)."""
    info = root / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[ntmcriteria]\n{name} = {module}\n")
    (root / f"{module}.py").write_text(textwrap.dedent(code))


def test_a_failing_pack_is_reported_and_the_others_stay_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "broken_import", "ntm_broken_import", "raise ImportError('no such thing')\n")
    _dist(
        tmp_path,
        "broken_set",
        "ntm_broken_set",
        """
        from pathlib import Path
        from ntmcriteria import hookimpl

        @hookimpl
        def ntmcriteria_criteria_sets():
            path = Path(__file__).with_name("ntm_broken_set.yaml")
            path.write_text("id: bad/set/1\\ntitle: x\\nlevel: town\\n", encoding="utf-8")
            return [path]
        """,
    )
    _dist(
        tmp_path,
        "good_extra",
        "ntm_good_extra",
        """
        from ntmcriteria import hookimpl, criteria_set_from_data

        @hookimpl
        def ntmcriteria_criteria_sets():
            return [criteria_set_from_data({
                "id": "extra/xa/2022-2025", "title": "Extra", "level": "commune", "tier": "ntm",
                "legal_basis": {"issuer": "UBND"}, "validity": {"from": 2022, "to": 2025},
                "measures": {"r": {"kind": "ratio", "unit": "%", "title": "R"}},
                "groups": [{"id": "I", "title": "I", "criteria": [{"id": "1", "title": "1",
                    "indicators": [{"id": "1", "title": "1", "measure": "r",
                                    "requirement": ">= 1 %"}]}]}],
            })]
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = ntm.Registry.discover()
    failures = {p.name: p.error for p in registry.failures}
    assert "no such thing" in (failures["broken_import"] or "")
    assert "broken_set" not in failures  # the pack loaded; one of its sets did not
    [problem] = [p for p in registry.problems if p.pack == "broken_set"]
    assert problem.set_id == "bad/set/1" and problem.file == "ntm_broken_set.yaml"
    assert '/level: expected one of commune, village, province, got "town"' in problem.reason
    with pytest.raises(RegistryError, match="set 'bad/set/1' of pack 'broken_set' did not load"):
        registry.get("bad/set/1")
    assert registry.get("extra/xa/2022-2025").provenance.version == "0.1"  # type: ignore[union-attr]
    assert registry.get(EXAMPLE).id == EXAMPLE
    with pytest.raises(RegistryError, match="broken_import: ImportError: no such thing"):
        registry.get("no/such/set")


SET_YAML = """\
id: same/xa/2022-2025
title: Bộ trùng
level: commune
tier: ntm
legal_basis: {issuer: UBND}
validity: {from: 2022, to: 2025}
measures: {r: {kind: ratio, unit: "%", title: R}}
groups:
  - {id: I, title: I, criteria: [{id: "1", title: "1", indicators: [
      {id: "1", title: "1", measure: r, requirement: ">= 1 %"}]}]}
"""


def test_yaml_sets_with_one_id_in_two_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("first_pack", "second_pack"):
        (tmp_path / f"{name}.yaml").write_text(SET_YAML, encoding="utf-8")
        _dist(
            tmp_path,
            name,
            f"ntm_{name}",
            f"""
            from pathlib import Path
            from ntmcriteria import hookimpl

            @hookimpl
            def ntmcriteria_criteria_sets():
                return [Path(__file__).with_name("{name}.yaml")]
            """,
        )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = ntm.Registry.discover()
    with pytest.raises(RegistryError, match="'first_pack' and 'second_pack'"):
        registry.get("same/xa/2022-2025")
    assert registry.get(EXAMPLE).id == EXAMPLE
    assert not registry.failures


@pytest.mark.parametrize("code", ["0", "'bye'", ""])
def test_a_pack_that_exits_when_imported_is_a_broken_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    _dist(tmp_path, "exiting", "ntm_exiting_pack", f"import sys\nsys.exit({code})\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = ntm.Registry.discover()
    failures = {p.name: p.error for p in registry.failures}
    assert "SystemExit: the pack called sys.exit(" in (failures["exiting"] or "")
    assert registry.get(EXAMPLE).id == EXAMPLE  # the other packs keep working


def test_a_set_whose_base_is_not_installed_is_reported_and_its_pack_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pip install ntmcriteria-hatinh` without ntmcriteria-national gave no Hà Tĩnh set at all."""
    own, extending = tmp_path / "ntm_own.yaml", tmp_path / "ntm_extending.yaml"
    own.write_text(
        "id: tinh/xa-ntm/2022-2025\ntitle: Bộ của tỉnh\nlevel: commune\ntier: ntm\n"
        "legal_basis: {issuer: UBND tỉnh}\nvalidity: {from: 2022, to: 2025}\n"
        'measures: {r: {kind: ratio, unit: "%", title: R}}\n'
        'groups: [{id: I, title: I, criteria: [{id: "1", title: "1", indicators:\n'
        '  [{id: "1", title: "1", measure: r, requirement: ">= 1 %"}]}]}]\n',
        encoding="utf-8",
    )
    extending.write_text(
        "id: tinh/xa-ntm-nang-cao/2022-2025\nextends: elsewhere/xa-ntm-nang-cao/2021-2025\n"
        "title: Bộ nâng cao của tỉnh\n",
        encoding="utf-8",
    )
    _dist(
        tmp_path,
        "province_pack",
        "ntm_province_pack",
        f"""
        from ntmcriteria import hookimpl

        @hookimpl
        def ntmcriteria_criteria_sets():
            return [{str(own)!r}, {str(extending)!r}]
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = ntm.Registry.discover()
    pack = next(p for p in found.packs if p.name == "province_pack")
    assert pack.ok and "tinh/xa-ntm/2022-2025" in pack.sets  # the other set still works
    [problem] = [p for p in found.problems if p.pack == "province_pack"]
    assert problem.set_id == "tinh/xa-ntm-nang-cao/2022-2025"
    assert problem.install == ("ntmcriteria-elsewhere",)
    assert "install ntmcriteria-elsewhere" in str(problem)
    from ntmcriteria.packs import registry as registry_module

    monkeypatch.setattr(registry_module, "_cached", found)
    assert main(["sets"]) == 0
    err = capsys.readouterr().err
    assert (
        "warning: set 'tinh/xa-ntm-nang-cao/2022-2025' of pack 'province_pack' did not load" in err
    )
    assert main(["packs"]) == 0
    assert (
        "province_pack 0.1 (province_pack): 1 sets, 1 set(s) did not load"
        in capsys.readouterr().out
    )
    assert main(["packs", "--check"]) == 1
    capsys.readouterr()


def test_one_plugin_manager_lists_blocks_and_traces_the_packs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ntmcriteria.packs.registry import plugin_manager

    monkeypatch.setenv("NTMCRITERIA_BLOCK", "dongthap, thainguyen")
    found = ntm.Registry.discover()
    manager = plugin_manager()
    assert manager.is_blocked("dongthap") and manager.is_blocked("thainguyen")
    names = {name for name, plugin in manager.list_name_plugin() if plugin is not None}
    assert {"national", "hatinh", "example"} <= names and "dongthap" not in names
    blocked = {p.name for p in found.packs if p.blocked}
    assert blocked == {"dongthap", "thainguyen"}
    assert not any(s.startswith("dongthap/") for s in found)
    assert found.problems == ()  # blocking is not a problem
    traced: list[str] = []
    manager.trace.root.setwriter(traced.append)
    undo = manager.enable_tracing()
    try:
        manager.hook.ntmcriteria_criteria_sets()
    finally:
        undo()
    assert any("ntmcriteria_criteria_sets" in line for line in traced)
    from ntmcriteria.packs import registry as registry_module

    monkeypatch.setattr(registry_module, "_cached", found)
    assert main(["packs"]) == 0
    assert "dongthap 0.1.0 (ntmcriteria-dongthap): 0 sets, blocked" in capsys.readouterr().out
