"""The YAML loader: located errors for every class of mistake, extends, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import ntmcriteria as ntm
from ntmcriteria.core.errors import ModelError
from ntmcriteria.core.status import Status
from ntmcriteria.packs import load_criteria_sets
from ntmcriteria.packs.extends import resolve_documents
from ntmcriteria.packs.loader import read_document
from ntmcriteria.packs.schema import pack_schema

FIXTURES = Path(__file__).parent / "fixtures" / "loader"


def marked_lines(name: str) -> list[int]:
    """Lines carrying a ``# <- error`` marker in a fixture."""
    text = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(text, 1) if "# <- error" in line]


def no_lookup(_set_id: str) -> None:
    return None


def problems(*names: str) -> list[ntm.Problem]:
    """The problems of the last file, resolved together with the others (bases first)."""
    documents = [read_document(FIXTURES / name) for name in names]
    result = resolve_documents(documents, no_lookup)[documents[-1].file]
    assert isinstance(result, ModelError), f"{names[-1]} unexpectedly loaded"
    for problem in result.problems:
        assert problem.file == str(FIXTURES / names[-1])
        assert problem.path.startswith("/") or problem.path == ""
    return list(result.problems)


def by_path(found: list[ntm.Problem]) -> dict[str, ntm.Problem]:
    return {p.path: p for p in found}


def test_yaml_syntax_error_names_the_line() -> None:
    [problem] = problems("syntax.yaml")
    assert "malformed YAML" in problem.message
    assert f"started on line {marked_lines('syntax.yaml')[0]}" in problem.message
    assert problem.line == 5


def test_duplicate_keys_are_errors_not_silently_dropped() -> None:
    found = by_path(problems("duplicate-key.yaml"))
    assert "duplicate key 'title' (first on line 2)" in found["/title"].message
    assert found["/title"].line == marked_lines("duplicate-key.yaml")[0]
    assert found["/legal_basis"].message.startswith("missing")


def test_schema_errors_are_all_reported_with_line_and_pointer() -> None:
    found = by_path(problems("schema.yaml"))
    lines = marked_lines("schema.yaml")
    expected = {
        "/id": ("does not have the expected form", lines[0]),
        "/level": ('expected one of commune, village, province, got "hamlet"', lines[1]),
        "/measures/rate/colour": ("unknown key 'colour'", lines[2]),
        "/groups/0/criteria/0/indicators/0/requirement/op": ('got "~"', lines[3]),
        "/groups/0/criteria/0/indicators/1/requirement/value": ('"tám mươi" is not', lines[4]),
    }
    for pointer, (message, line) in expected.items():
        assert message in found[pointer].message, pointer
        assert found[pointer].line == line, pointer
    assert len(found) == len(expected)


def test_semantic_errors_are_all_reported_with_line_and_pointer() -> None:
    found = problems("semantic.yaml")
    lines = marked_lines("semantic.yaml")
    messages = [(p.line, p.message) for p in found]
    assert (lines[0] + 4, "duplicate indicator id '1.1'") in messages  # the second '1.1'
    assert any(line == lines[1] and "unknown measure 'rates'" in m for line, m in messages)
    assert any(line == lines[2] and "threshold unit '%'" in m for line, m in messages)
    assert any(line == lines[3] and "no threshold for 2024, 2025" in m for line, m in messages)
    assert str(found[0]).startswith(f"{FIXTURES / 'semantic.yaml'}:")


def test_extends_a_set_that_does_not_exist() -> None:
    [problem] = problems("missing-base.yaml")
    assert problem.path == "/extends"
    assert "extends 'nowhere/xa/2021-2025', which is neither installed" in problem.message
    assert problem.line == marked_lines("missing-base.yaml")[0]


def test_overriding_or_removing_what_does_not_exist() -> None:
    found = by_path(problems("base.yaml", "bad-override.yaml"))
    lines = marked_lines("bad-override.yaml")
    assert "no indicator '17.9' in nat/xa/2021-2025" in found["/overrides/indicators/17.9"].message
    assert found["/overrides/indicators/17.9"].line == lines[0]
    unit = found["/overrides/indicators/17.1/requirement"]
    assert "threshold unit 'km'" in unit.message
    assert unit.line == lines[1]
    assert found["/remove/criteria/0"].line == lines[2]


def test_extends_cycle() -> None:
    found = problems("cycle-a.yaml", "cycle-b.yaml")
    assert [p.message for p in found] == [
        "extends cycle: cyc/b/2022-2025 → cyc/a/2022-2025 → cyc/b/2022-2025"
    ]
    assert found[0].line == marked_lines("cycle-b.yaml")[0]


def test_extending_set_may_not_list_groups() -> None:
    found = by_path(problems("base.yaml", "extends-with-groups.yaml"))
    assert "not with groups" in found["/groups"].message
    assert found["/groups"].line == marked_lines("extends-with-groups.yaml")[0]


def test_inherited_parts_are_checked_against_the_new_validity() -> None:
    [problem] = problems("base.yaml", "inherited-gap.yaml")
    assert problem.path == "/extends"
    assert "no threshold for 2026" in problem.message
    assert "inherited part /groups/0/criteria/0/indicators/0/requirement/by_year" in problem.message


def test_a_province_set_extends_the_national_set() -> None:
    base, province = load_criteria_sets(
        [FIXTURES / "base.yaml", FIXTURES / "province.yaml"], lookup=no_lookup
    )
    assert province.id == "prov/xa/2022-2025"
    assert province.level == "commune" and province.tier == "ntm"  # inherited
    assert [i.id for i in province.indicators()] == ["10", "11", "15.1", "17.1", "17.11"]
    assert province.indicator("17.1").requirement.describe().vi == "≥ 45 %"
    assert province.criterion("17").agency == ntm.Text.same("Sở Tài nguyên và Môi trường")
    assert "waste_sorting_rate" in province.measures
    assert province.lineage is not None
    assert province.lineage.base == "nat/xa/2021-2025"
    assert province.lineage.base_hash == base.content_hash()
    assert province.lineage.overridden == ("17.1",)
    assert province.lineage.added == ("17.11",)
    assert province.lineage.removed == ("15.2",)
    result = ntm.evaluate(
        province,
        {
            "unit": "X",
            "year": 2024,
            "values": {"clean_water_rate": "44 %", "income_per_capita": "50 triệu đồng/người/năm"},
        },
    )
    water = result.indicators["17.1"]
    assert water.status is Status.NOT_ACHIEVED  # 44 % passes the national 40 %, not 45 %
    assert water.threshold_source is not None
    assert water.threshold_source.en == (
        "threshold from prov/xa/2022-2025 overriding nat/xa/2021-2025"
    )
    assert result.indicators["10"].threshold_source.en == "threshold from nat/xa/2021-2025"  # type: ignore[union-attr]
    assert result.to_dict()["criteria"][3]["indicators"][0]["lineage"]["overrides"] == (
        "nat/xa/2021-2025"
    )


def test_extends_resolves_through_the_installed_registry(tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(
        "id: child/xa/2022-2025\nextends: example/xa-ntm-trich/2022-2025\ntitle: Con\n"
        "legal_basis: {issuer: UBND}\nvalidity: {from: 2022, to: 2025}\n"
        "overrides: {indicators: {'17.8': {requirement: '>= 90 %'}}}\n",
        encoding="utf-8",
    )
    loaded = ntm.load_criteria_set(child)
    assert loaded.indicator("17.8").requirement.describe().vi == "≥ 90 %"
    assert loaded.province == "example"


@pytest.mark.parametrize("name", ["base.yaml"])
def test_round_trip_load_dump_load(tmp_path: Path, name: str) -> None:
    [first] = load_criteria_sets([FIXTURES / name], lookup=no_lookup)
    dumped = tmp_path / "dumped.yaml"
    dumped.write_text(yaml.safe_dump(first.to_data(), allow_unicode=True), encoding="utf-8")
    [again] = load_criteria_sets([dumped], lookup=no_lookup)
    assert again == first
    assert again.content_hash() == first.content_hash()


def test_round_trip_of_a_resolved_extending_set(tmp_path: Path) -> None:
    _, province = load_criteria_sets(
        [FIXTURES / "base.yaml", FIXTURES / "province.yaml"], lookup=no_lookup
    )
    dumped = tmp_path / "flat.yaml"
    dumped.write_text(yaml.safe_dump(province.to_data(), allow_unicode=True), encoding="utf-8")
    [again] = load_criteria_sets([dumped], lookup=no_lookup)
    assert again == province


def test_same_id_in_two_files() -> None:
    documents = [read_document(FIXTURES / "base.yaml"), read_document(FIXTURES / "base.yaml")]
    documents[1] = documents[1].__class__(
        "copy.yaml", documents[1].data, documents[1].lines, documents[1].digest
    )
    results = resolve_documents(documents, no_lookup)
    error = results["copy.yaml"]
    assert isinstance(error, ModelError)
    assert "also defined in" in str(error)


def test_documents_are_cached_by_content(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes((FIXTURES / "base.yaml").read_bytes())
    assert read_document(path) is read_document(path)
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert read_document(path).digest != read_document(FIXTURES / "base.yaml").digest


def test_every_schema_property_has_a_title_and_a_description() -> None:
    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if not (isinstance(sub, dict) and sub.get("title") and sub.get("description")):
                    missing.append(f"{where}/properties/{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(pack_schema(), "#")
    assert missing == []


def test_the_example_pack_validates_against_the_schema() -> None:
    from ntmcriteria.packs import set_files

    for path in set_files("ntmcriteria_example"):
        assert read_document(path).problems == ()


def test_composition_in_yaml(tmp_path: Path) -> None:
    found = by_path(problems("model-commune.yaml"))
    assert list(found) == ["/composition/2/rule/village_quota/often"]
    assert (
        found["/composition/2/rule/village_quota/often"].line
        == marked_lines("model-commune.yaml")[0]
    )
    fixed = tmp_path / "model.yaml"
    fixed.write_text(
        (FIXTURES / "model-commune.yaml")
        .read_text(encoding="utf-8")
        .replace("        often: true   # <- error\n", ""),
        encoding="utf-8",
    )
    [model] = load_criteria_sets([fixed], lookup=no_lookup)
    assert [c.id for c in model.composition] == ["K1", "K3", "K4"]
    assert model.composition[2].rule.to_data()["village_quota"]["full"] == 3


def test_indicator_needs_measure_and_requirement_or_rule() -> None:
    found = problems("rule-indicator.yaml")
    lines = marked_lines("rule-indicator.yaml")
    base = "/groups/0/criteria/0/indicators"
    assert [(p.path, p.line, p.message) for p in found] == [
        (f"{base}/0/requirement", lines[0], "missing"),
        (f"{base}/1", lines[1], "give either measure and requirement or rule, not both"),
        (f"{base}/2", lines[2], "needs measure and requirement or rule"),
        (f"{base}/3/rule/villages/at_least", lines[3], "must be at least 1, got 0"),
    ]


def test_schema_valid_files_are_remembered_across_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ntmcriteria.packs import loader

    monkeypatch.setenv("NTMCRITERIA_CACHE", str(tmp_path / "cache"))
    good = tmp_path / "base.yaml"
    good.write_bytes((FIXTURES / "base.yaml").read_bytes())
    document = read_document(good)
    assert document.problems == ()
    assert loader._known_valid(document.digest)
    bad = tmp_path / "schema.yaml"
    bad.write_bytes((FIXTURES / "schema.yaml").read_bytes())
    assert not loader._known_valid(read_document(bad).digest)  # failures are never cached
    monkeypatch.setenv("NTMCRITERIA_CACHE", "off")
    assert not loader._known_valid(document.digest)


def test_a_file_read_before_is_taken_from_what_it_read_as(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later process reads neither the YAML nor the schema of a file that passed them: it gets
    the same data and lines back; a damaged record is read from the YAML again."""
    from ntmcriteria.packs import loader

    monkeypatch.setenv("NTMCRITERIA_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "base.yaml"
    source.write_bytes((FIXTURES / "base.yaml").read_bytes())
    first = read_document(source)
    loader._cache.clear()  # as in a new process
    assert loader._remembered(first.digest) is not None
    again = read_document(source)
    assert (again.data, dict(again.lines), again.problems) == (
        first.data,
        dict(first.lines),
        (),
    )
    marker = loader._marker(first.digest)
    assert marker is not None
    marker.write_text("{damaged", encoding="utf-8")
    loader._cache.clear()
    assert read_document(source).data == first.data


def test_an_override_encodes_an_indicator_the_base_marks_not_encoded(tmp_path: Path) -> None:
    """The national set marks criterion 15 "not encoded" (its indicators were not read); a
    province that has its own threshold gives it by ``overrides``, without remove-and-add."""
    path = tmp_path / "thu.yaml"
    path.write_text(
        "id: thu/xa-ntm/2022-2025\nextends: national/xa-ntm/2021-2025\ntitle: Bộ thử\n"
        "province: thu\nlegal_basis: {issuer: UBND tỉnh Thử}\nvalidity: {from: 2022, to: 2025}\n"
        "measures:\n  health_insurance_rate: {kind: ratio, unit: '%', title: Bảo hiểm y tế}\n"
        "overrides:\n  indicators:\n    '15':\n"
        "      title: {vi: Tỷ lệ người dân tham gia bảo hiểm y tế, en: Health insurance}\n"
        "      measure: health_insurance_rate\n      requirement: '>= 90 %'\n",
        encoding="utf-8",
    )
    [resolved] = load_criteria_sets([path])
    assert "15" not in resolved.not_encoded()
    assert resolved.lineage is not None and resolved.lineage.overridden == ("15",)
    unit = {"unit": "X", "year": 2024, "values": {"health_insurance_rate": "89 %"}}
    result = ntm.evaluate(resolved, unit).indicators["15"]
    assert result.status is Status.NOT_ACHIEVED
    assert result.threshold_source is not None
    assert "thay cho bộ national/xa-ntm/2021-2025" in str(result.threshold_source)
