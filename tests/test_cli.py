from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
KY_CHAU = ROOT / "examples" / "observations" / "ky-chau-2022.yaml"
EXAMPLE = "example/xa-ntm-trich/2022-2025"


def test_demo_evaluation_prints_table_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(KY_CHAU), "--set", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert "52,15 triệu" in out
    assert "(năm" in out and "2022)" in out
    assert "Đạt 2/4 tiêu chí, 3/18 chỉ tiêu (15 chỉ tiêu chưa có số liệu)" in out
    assert "households_septic_latrine_rate" in out  # listed as unused, not silently dropped


def test_json_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(KY_CHAU), "--set", EXAMPLE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["set_id"] == EXAMPLE
    assert data["pack"]["pack"] == "example"
    assert main(["evaluate", str(KY_CHAU), "--set", EXAMPLE, "--lang", "en"]) == 0
    assert "2 of 4 criteria, 3 of 18 indicators achieved" in capsys.readouterr().out


def test_errors_exit_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: X\nyear: 2024\nvalues: {health_insurance_rate: 95}\n", encoding="utf-8")
    assert main(["evaluate", str(bad), "--set", EXAMPLE]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:3 /values/health_insurance_rate: a share without a unit" in err
    assert main(["evaluate", str(bad), "--set", "no/such/set"]) == 2
    assert "unknown criteria set" in capsys.readouterr().err


def test_sets_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sets"]) == 0
    assert EXAMPLE in capsys.readouterr().out
    assert main(["sets", "--json"]) == 0
    assert any(e["id"] == EXAMPLE for e in json.loads(capsys.readouterr().out))


FIXTURES = Path(__file__).parent / "fixtures" / "loader"


def test_pack_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "validate", str(ROOT / "packs" / "example")]) == 0
    assert "ok " in capsys.readouterr().out
    assert (
        main(["pack", "validate", str(FIXTURES / "base.yaml"), str(FIXTURES / "province.yaml")])
        == 0
    )
    out = capsys.readouterr().out
    assert "prov/xa/2022-2025 (4 criteria, 5 indicators)" in out


def test_pack_validate_lists_every_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "validate", str(FIXTURES / "schema.yaml")]) == 1
    err = capsys.readouterr().err
    assert f"{FIXTURES / 'schema.yaml'}:3 /level: expected one of commune, village" in err
    assert "5 problems in 1 file(s)" in err
    assert main(["pack", "validate", str(FIXTURES / "nothing-here.yaml")]) == 2


def test_pack_new_scaffolds_a_valid_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pack", "new", "ha-giang", "--dir", str(tmp_path), "--title", "Hà Giang"]) == 0
    pack = tmp_path / "ha-giang"
    pyproject = (pack / "pyproject.toml").read_text(encoding="utf-8")
    assert 'ha-giang = "ntmcriteria_ha_giang.plugin"' in pyproject
    assert '"ntmcriteria>=0.1,<0.2", "ntmcriteria-national>=0.1,<0.2"' in pyproject
    for name in ("README.md", "LICENSE", "CHANGELOG.md", ".github/workflows/test.yml"):
        assert (pack / name).is_file(), name
    set_file = pack / "src" / "ntmcriteria_ha_giang" / "sets" / "xa-ntm-2026-2030.yaml"
    text = set_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../pack.schema.json")
    assert (pack / "pack.schema.json").is_file()  # the schema travels with the project
    assert "extends: national/xa-ntm/2026-2030" in text
    capsys.readouterr()
    assert main(["pack", "validate", str(pack)]) == 0
    assert "ha-giang/xa-ntm/2026-2030 (10 criteria, 10 indicators)" in capsys.readouterr().out
    assert main(["pack", "test", str(pack)]) == 0  # its verdicts, before it is installed
    assert capsys.readouterr().out.startswith("ok: 1 case(s)")
    assert main(["pack", "new", "ha-giang", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["pack", "new", "Hà Giang", "--dir", str(tmp_path)]) == 2
    assert "urls" not in tomllib.loads(pyproject)["project"]  # none invented


def test_pack_new_writes_the_addresses_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = "https://git.example.org/qt/ntmcriteria-quangtri"
    arguments = ["pack", "new", "quangtri", "--dir", str(tmp_path), "--repository", home + "/"]
    assert main(arguments) == 0
    pack = tmp_path / "quangtri"
    urls = tomllib.loads((pack / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls == {
        "Homepage": home,
        "Repository": home,
        "Issues": home + "/issues",
        "Changelog": home + "/blob/main/CHANGELOG.md",
    }
    assert f"<{home}>" in (pack / "README.md").read_text(encoding="utf-8")
    capsys.readouterr()
    wrong_addresses = (
        "http://git.example.org/x",
        "git.example.org/x",
        home + "?tab=1",
        'https://git.example.org/a"b',  # would end the TOML string early
        "https://git.example.org/a b",
        "https://git.example.org/a)b",  # would end the README's Markdown link
        "https://git.example.org/a\n[tool.x]",
    )
    for wrong in wrong_addresses:
        assert main(["pack", "new", "other", "--dir", str(tmp_path), "--repository", wrong]) == 2
        assert "expected an https address" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def test_assess_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(KY_CHAU)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kỳ Châu — năm 2022")
    assert "hatinh/xa-ntm/2022-2025" in out
    assert main(["assess", str(KY_CHAU), "--json", "--lang", "en"]) == 0
    assert json.loads(capsys.readouterr().out)["province"] == "hatinh"


def test_obs_template_and_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mau.yaml"
    assert main(["obs", "template", "--set", EXAMPLE, "-o", str(target)]) == 0
    assert "income_per_capita: null" in target.read_text(encoding="utf-8")
    assert main(["obs", "validate", str(KY_CHAU), "--set", EXAMPLE]) == 1  # two values unknown
    err = capsys.readouterr().err
    assert "has no measure 'households_septic_latrine_rate'" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "unit: X\nyear: 2024\nvalues:\n  income_per_capit: 50 triệu đồng/người/năm\n"
        "  health_insurance_rate: 95\n",
        encoding="utf-8",
    )
    assert main(["obs", "validate", str(bad), "--set", EXAMPLE]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:4 /values/income_per_capit: " in err
    assert "did you mean 'income_per_capita'?" in err
    assert f"{bad}:5 /values/health_insurance_rate: a share without a unit" in err
    good = tmp_path / "good.yaml"
    good.write_text(
        "unit: X\nyear: 2024\nvalues: {health_insurance_rate: 95 %}\n", encoding="utf-8"
    )
    assert main(["obs", "validate", str(good), "--set", EXAMPLE]) == 0
    assert main(["obs", "template", "--set", EXAMPLE, "-o", str(tmp_path / "x.txt")]) == 2


def test_show_and_pack_docs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "national/xa-ntm-kieu-mau/2021-2025", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (
        "1 of 1 indicators encoded, 0 decidable (waiting on national/xa-ntm-nang-cao/2021-2025),"
        " 1 of 3 conditions" in out
    )
    assert main(["show", "no/such/set"]) == 2
    assert main(["pack", "docs", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "hatinh.md").exists()


def test_evaluate_formats_output_and_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "phu-bieu.md"
    args = ["evaluate", str(KY_CHAU), "--set", "hatinh/xa-ntm/2022-2025"]
    assert main([*args, "--format", "md", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Bộ tiêu chí xã nông thôn mới")
    assert main([*args, "--check"]) == 1  # evaluated, and not (yet) achieved
    assert main([*args, "--format", "pdf"]) == 2
    capsys.readouterr()


def test_audit_command(capsys: pytest.CaptureFixture[str]) -> None:
    tay_ho = ROOT / "examples" / "observations" / "tay-ho-2024.yaml"
    field = "thanhhoa/linh-vuc-noi-troi-chuyen-doi-so/2022-2025"
    assert main(["audit", str(tay_ho), "--set", field]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("TC5 threshold: báo cáo trích ngưỡng “≥ 80 %”")
    assert main(["audit", str(KY_CHAU), "--set", "example/xa-ntm-trich/2022-2025"]) == 1
    [line] = capsys.readouterr().out.splitlines()  # the one slip: 1920/2212 written 86,79 %
    assert line.startswith("mobile_internet_subscribers_rate ratio: báo cáo ghi 86,79 %")


def test_audit_of_a_consistent_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "bao-cao.yaml"
    report.write_text(
        "unit: {name: Xã Thử, province: Hà Tĩnh}\nyear: 2024\nvalues:\n"
        "  income_per_capita: {value: 50 triệu đồng/người/năm, claimed: Đạt}\n"
        "  health_insurance_rate: {numerator: 900, denominator: 1000, value: 90 %, claimed: Đạt}\n",
        encoding="utf-8",
    )
    assert main(["audit", str(report), "--set", "example/xa-ntm-trich/2022-2025"]) == 0
    assert capsys.readouterr().out.strip() == "không có điểm khác biệt"


def test_packs_sets_filters_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs"]) == 0
    assert "hatinh 0.1.0 (ntmcriteria-hatinh): 4 sets, ok" in capsys.readouterr().out
    assert main(["sets", "--province", "dongthap", "--level", "village"]) == 0
    assert capsys.readouterr().out.startswith("dongthap/lang-thong-minh/2023")
    assert main(["sets", "--on", "not-a-date"]) == 2
    expected = "error: --on: expected a date such as 2026-06-01 (YYYY-MM-DD), got 'not-a-date'"
    assert capsys.readouterr().err.strip() == expected
    assert main(["schema", "hatinh/xa-ntm/2022-2025"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "income_per_capita" in schema["properties"]["values"]["properties"]


def test_batch_over_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "communes.csv"
    table.write_text(
        "unit,province,year,income_per_capita [triệu đồng/người/năm],"
        "multidimensional_poverty_rate\n"
        'A,Hà Tĩnh,2024,"50,5",3 %\nB,Hà Tĩnh,2024,40,"7,1 %"\n',
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    assert main(["batch", str(table), "--set", "hatinh/xa-ntm/2022-2025", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("unit,year,set_id,status,criteria_achieved")
    assert lines[1].startswith("A,2024,hatinh/xa-ntm/2022-2025,undetermined,2,20,2,60")
    assert lines[2].startswith("B,2024,hatinh/xa-ntm/2022-2025,not_achieved,0,20,0,60")
    capsys.readouterr()


def test_internal_errors_exit_3_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ntmcriteria.cli.commands as cli

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "evaluate_set", broken)
    assert main(["evaluate", str(KY_CHAU), "--set", EXAMPLE]) == 3
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import ntmcriteria.cli.commands as cli

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "evaluate_set", broken)
    monkeypatch.setenv("NTM_DEBUG", "0")  # restored after the test
    with pytest.raises(RuntimeError, match="boom"):
        main(["--debug", "evaluate", str(KY_CHAU), "--set", EXAMPLE])


DOC_BINH_KIEU = ROOT / "examples" / "observations" / "doc-binh-kieu-2024.yaml"
TAY_HO = ROOT / "examples" / "observations" / "tay-ho-2024.yaml"


def test_evaluate_assess_prints_the_ladder_then_every_tier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import ntmcriteria as ntm

    assert main(["evaluate", str(DOC_BINH_KIEU), "--assess"]) == 0
    out = capsys.readouterr().out
    ladder = ntm.assess(ntm.read_observations(DOC_BINH_KIEU)[0])
    assert out.startswith(ladder.to_text("vi"))
    for step in ladder.steps:  # each tier's appendix table follows the decision
        assert step.result.to_text("vi") in out
    assert "← K2. Thu nhập bình quân đầu người" in out
    # recognised as advanced by 694/QĐ-UBND-HC (seed 004, line 21): a tier is achieved
    assert ladder.achieved is not None and ladder.achieved.recognised
    assert ladder.achieved.set_id == "dongthap/xa-ntm-nang-cao/2021-2025"
    assert main(["evaluate", str(DOC_BINH_KIEU), "--assess", "--check"]) == 0
    capsys.readouterr()
    unrecognised = tmp_path / "khong-cong-nhan.yaml"
    text = DOC_BINH_KIEU.read_text(encoding="utf-8")
    start = text.index("recognitions:")
    unrecognised.write_text(text[:start] + text[text.index("values:", start) :], encoding="utf-8")
    assert main(["evaluate", str(unrecognised), "--assess", "--check"]) == 1  # none achieved
    capsys.readouterr()


def test_evaluate_takes_one_of_set_and_assess(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(KY_CHAU), "--set", EXAMPLE, "--assess"]) == 2
    assert "give either --set SET" in capsys.readouterr().err


def test_evaluate_assess_without_sets_in_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lonely = tmp_path / "x.yaml"
    lonely.write_text(
        "unit: {name: X, province: Hà Tĩnh}\nyear: 1999\nvalues: {}\n", encoding="utf-8"
    )
    assert main(["evaluate", str(lonely), "--assess"]) == 2
    assert "no criteria set in force for X" in capsys.readouterr().err


def test_evaluate_assess_json_follows_its_published_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from importlib.resources import files

    import jsonschema
    from referencing import Registry, Resource

    folder = files("ntmcriteria") / "schema"
    schemas = {
        name: json.loads((folder / name).read_text("utf-8"))
        for name in ("result.schema.json", "assessment.schema.json")
    }
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    validator = jsonschema.Draft202012Validator(
        schemas["assessment.schema.json"], registry=registry
    )
    for observations in (DOC_BINH_KIEU, TAY_HO, KY_CHAU):
        assert main(["evaluate", str(observations), "--assess", "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert list(validator.iter_errors(data)) == [], observations
        assert data["tiers"] and all("result" in tier for tier in data["tiers"])
    broken = dict(data, tiers=[dict(data["tiers"][0], result={"set_id": 1})])
    assert list(validator.iter_errors(broken))  # the tier results are really checked


def test_evaluate_assess_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    import ntmcriteria as ntm

    ladder = ntm.assess(ntm.read_observations(TAY_HO)[0])
    args = ["evaluate", str(TAY_HO), "--assess"]
    assert main([*args, "--format", "md", "-o", str(tmp_path / "a.md")]) == 0
    markdown = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Giải thích hạng — Tây Hồ")
    assert markdown.count("\n## ") == len(ladder.steps)  # a section per tier
    assert main([*args, "--format", "html", "-o", str(tmp_path / "a.html")]) == 0
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert page.count('<tr class="tier"') == len(ladder.steps)
    assert main([*args, "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"), "--lang", "en"]) == 0
    workbook = load_workbook(tmp_path / "a.xlsx")
    tiers = workbook["Tiers"]
    listed = [row[0].value for row in tiers.iter_rows(min_row=3, max_row=2 + len(ladder.steps))]
    assert listed == [step.result.set_title.en for step in ladder.steps]
    expected_sheets = 1 + sum(1 + len(step.result.villages) for step in ladder.steps)
    assert len(workbook.sheetnames) == expected_sheets
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    capsys.readouterr()


def test_template_command_is_obs_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert main(["template", EXAMPLE, "-o", str(first), "--villages", "1"]) == 0
    assert main(["obs", "template", "--set", EXAMPLE, "-o", str(second), "--villages", "1"]) == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert main(["template", EXAMPLE, "-o", str(tmp_path / "c.yaml"), "--villages", "-1"]) == 2
    assert main(["template", "no/such/set", "-o", str(tmp_path / "d.yaml")]) == 2
    capsys.readouterr()


def test_audit_without_set_covers_every_tier_and_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(TAY_HO)]) == 1
    lines = capsys.readouterr().out.splitlines()
    field = "Tây Hồ [thanhhoa/linh-vuc-noi-troi-chuyen-doi-so/2022-2025]"
    # the digital field is no tier of its own: reached through the model commune's K4
    assert [line.split(" threshold:")[0] for line in lines] == [f"{field} TC5", f"{field} TC6"]
    assert main(["audit", str(DOC_BINH_KIEU), "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    model = "Đốc Bình Kiều [dongthap/xa-ntm-kieu-mau/2021-2025]"
    assert [line.split(":")[0] for line in lines if not line.startswith("Ấp 5")] == [
        f"{model} SX5.1 ratio",  # 13,1/2.807,99 ha is 0,47 %, written 0,46 %: once, not per set
        f"{model} SX6.2 contradiction",  # ấp 5 has a facility, the commune "chưa có cơ sở"
    ]
    village = [line.split(" evidence")[0] for line in lines if line.startswith("Ấp 5")]
    # the smart village's verdicts with no figure behind them
    smart = "Ấp 5 [dongthap/lang-thong-minh/2023]"
    assert village == [
        f"{smart} {i}" for i in ("1.1", "1.2", *(f"2.{n}" for n in range(6, 12)))
    ] + [
        f"{smart} 3.3",
        f"{smart} 3.4",
    ]
    assert main(["audit", str(KY_CHAU)]) == 1
    [line] = capsys.readouterr().out.splitlines()  # 1920/2212 is 86,80 %, written 86,79 %
    assert line.startswith(
        "Kỳ Châu [hatinh/xa-ntm/2022-2025] mobile_internet_subscribers_rate ratio"
    )


def test_the_files_own_set_is_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = tmp_path / "named.yaml"
    named.write_text(
        f"unit: {{name: X, province: Hà Tĩnh}}\nyear: 2024\nset: {EXAMPLE}\n"
        "values: {'10': 50 triệu đồng/người/năm}\n",
        encoding="utf-8",
    )
    assert main(["evaluate", str(named), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    statuses = {i["id"]: i["status"] for c in data["criteria"] for i in c["indicators"]}
    assert data["set_id"] == EXAMPLE and statuses["10"] == "achieved"  # ≥ 45 in 2024
    assert main(["audit", str(named)]) == 0
    capsys.readouterr()
    unnamed = tmp_path / "unnamed.yaml"
    unnamed.write_text("unit: X\nyear: 2024\nvalues: {}\n", encoding="utf-8")
    assert main(["evaluate", str(unnamed)]) == 0  # no set named: the national tiers of 2024
    assert "names no set: every tier in force for X" in capsys.readouterr().err
    assert main(["evaluate", str(unnamed), "--year", "1999"]) == 2  # none in force then
    assert "no criteria set in force for X" in capsys.readouterr().err


def test_a_file_that_names_no_set_is_assessed_for_every_tier_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    for example in sorted((ROOT / "examples" / "observations").glob("*.yaml")):
        for suffix in ("txt", "json", "md", "html", "xlsx", "docx"):
            target = tmp_path / f"{example.stem}.{suffix}"
            assert main(["evaluate", str(example), "-o", str(target)]) == 0, (example, suffix)
            assert "names no set: every tier in force" in capsys.readouterr().err
            assert target.stat().st_size > 0
        ladder = json.loads((tmp_path / f"{example.stem}.json").read_text(encoding="utf-8"))
        assert ladder["tiers"] and "achieved" in ladder  # the tier ladder, as --assess gives it
        assert "Xếp hạng" in load_workbook(tmp_path / f"{example.stem}.xlsx").sheetnames


def test_the_installed_script_handles_errors_as_python_m_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ntm`` (the console script) runs ``main`` and exits with its code: an internal error is one
    line and exit 3, not a traceback."""
    from importlib.metadata import entry_points

    import ntmcriteria.cli.commands as cli

    [script] = entry_points(group="console_scripts", name="ntm")
    assert script.value == "ntmcriteria.cli:run"
    run = script.load()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "evaluate_set", broken)
    monkeypatch.setattr("sys.argv", ["ntm", "evaluate", str(KY_CHAU), "--set", EXAMPLE])
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "internal error: RuntimeError: boom (NTM_DEBUG=1 shows the traceback)"
    ]
    monkeypatch.setattr("sys.argv", ["ntm", "evaluate", "/no/such/file.yaml", "--set", EXAMPLE])
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 2


def test_json_and_another_format_are_refused_together(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", str(KY_CHAU), "--set", EXAMPLE, "--json", "--format", "md"])
    assert code == 2
    assert "either --json or --format md" in capsys.readouterr().err
    assert main(["evaluate", str(KY_CHAU), "--set", EXAMPLE, "--json", "--format", "json"]) == 0
    assert capsys.readouterr().out.lstrip().startswith("{")


def test_pack_new_refuses_a_file_as_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "packs"
    afile.write_text("not a folder", encoding="utf-8")
    assert main(["pack", "new", "ha-giang", "--dir", str(afile)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert afile.read_text(encoding="utf-8") == "not a folder"


def test_pack_new_leaves_no_half_pack_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written = []
    original = Path.write_text

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        written.append(self)
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    assert main(["pack", "new", "ha-giang", "--dir", str(tmp_path)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # neither the pack nor its hidden building folder


def test_pack_validate_refuses_a_reference_to_a_set_that_is_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = ROOT / "packs/hatinh/src/ntmcriteria_hatinh/sets/xa-ntm-kieu-mau-2022-2025.yaml"
    text = source.read_text(encoding="utf-8")
    assert "relative: {set: hatinh/xa-ntm-nang-cao/2022-2025" in text
    changed = text.replace(
        "relative: {set: hatinh/xa-ntm-nang-cao/2022-2025", "relative: {set: hatinh/khong-co/2022"
    ).replace("rule: {achieved: hatinh/xa-ntm-nang-cao/2022-2025}", "rule: {achieved: x/y/1}")
    path = tmp_path / "set.yaml"
    path.write_text(changed, encoding="utf-8")
    assert main(["pack", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "refers to set 'hatinh/khong-co/2022', which is neither" in err
    assert "refers to set 'x/y/1'" in err
    path.write_text(text, encoding="utf-8")  # the shipped file refers to installed sets
    assert main(["pack", "validate", str(path)]) == 0


def test_the_output_files_extension_names_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["evaluate", str(KY_CHAU), "--set", "hatinh/xa-ntm/2022-2025"]
    assert main([*args, "-o", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["set_id"]
    assert main([*args, "-o", str(tmp_path / "r.md")]) == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Bộ tiêu chí")
    assert main([*args, "-o", str(tmp_path / "r.html"), "--format", "md"]) == 2
    assert "--format md contradicts -o r.html" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
    assert main([*args, "-o", str(tmp_path / "r.out")]) == 0  # no format named: the table
    assert "Chỉ tiêu" in (tmp_path / "r.out").read_text(encoding="utf-8")


def test_version_completion_and_did_you_mean(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ntm (ntmcriteria) {version('ntmcriteria')}"
    assert main(["--show-completion", "bash"]) == 0  # typer's completion script
    assert "complete" in capsys.readouterr().out
    assert main(["show", "hatinh/xa-ntm/2022-2024"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'hatinh/xa-ntm/2022-2025'" in err
    assert "dongthap/" not in err  # not every installed set
    monkeypatch.setenv("NTMCRITERIA_BLOCK", "thainguyn")
    from ntmcriteria.packs import registry as registry_module

    monkeypatch.setattr(registry_module, "_cached", ntm_registry_discover())
    assert main(["packs"]) == 0
    assert "did you mean 'thainguyen'?" in capsys.readouterr().err


def ntm_registry_discover() -> object:
    import ntmcriteria as ntm

    return ntm.Registry.discover()


def test_examples_lists_and_copies_the_example_communes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["examples"]) == 0
    assert "ky-chau-2022.yaml  Kỳ Châu (Hà Tĩnh), 2022" in capsys.readouterr().out.splitlines()
    assert main(["examples", "--copy", str(tmp_path / "vi-du")]) == 0
    copied = sorted(p.name for p in (tmp_path / "vi-du").iterdir())
    assert copied == sorted(ntm.example_names())
    assert capsys.readouterr().out.count("copied ") == 3
    again = tmp_path / "vi-du" / "tay-ho-2024.yaml"
    assert main(["examples", "tay-ho-2024.yaml", "--copy", str(tmp_path / "vi-du")]) == 0
    assert capsys.readouterr().out == f"{again} is already there\n"
    changed = tmp_path / "vi-du" / "ky-chau-2022.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")
    before = changed.read_bytes()
    assert main(["examples", "--copy", str(tmp_path / "vi-du")]) == 2  # never written over
    assert "a different file is there; it is never written over" in capsys.readouterr().err
    assert changed.read_bytes() == before
    assert main(["examples", "no-such.yaml"]) == 2
    assert "no example 'no-such.yaml'" in capsys.readouterr().err
    [unit] = ntm.read_observations(tmp_path / "vi-du" / "tay-ho-2024.yaml")
    assert [village.unit.name for village in unit.villages] == ["Nam Thượng"]


@pytest.mark.parametrize(
    "title", ['Quảng "Trị', "Quảng\nTrị", "Quảng: Trị", "Quảng, Trị", "Trị # x", "{Trị}", "x" * 81]
)
def test_pack_new_refuses_a_title_that_would_break_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    """The title goes unquoted into pyproject.toml, the YAML set and tests and the README: a
    quote, a new line, ': ', ',' or '#' would break or change them."""
    assert main(["pack", "new", "quangtri", "--dir", str(tmp_path), "--title", title]) == 2
    assert "expected the province's name" in capsys.readouterr().err
    assert not (tmp_path / "quangtri").exists()


def test_pack_new_takes_a_province_name_with_a_hyphen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "Bà Rịa - Vũng Tàu"
    assert main(["pack", "new", "bariavungtau", "--dir", str(tmp_path), "--title", title]) == 0
    pack = tmp_path / "bariavungtau"
    project = tomllib.loads((pack / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == f"ntmcriteria criteria pack: {title}"
    capsys.readouterr()
    assert main(["pack", "validate", str(pack)]) == 0
    assert main(["pack", "test", str(pack)]) == 0
    [set_file] = (pack / "src" / "ntmcriteria_bariavungtau" / "sets").glob("*.yaml")
    criteria_set = ntm.load_criteria_set(set_file)
    assert criteria_set.title.vi == f"Bộ tiêu chí xã nông thôn mới {title} giai đoạn 2026 - 2030"
