from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert "bad.yaml /values/health_insurance_rate: a share without a unit" in err
    assert main(["evaluate", str(bad), "--set", "no/such/set"]) == 2
    assert "unknown criteria set" in capsys.readouterr().err


def test_sets_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sets"]) == 0
    assert EXAMPLE in capsys.readouterr().out
    assert main(["sets", "--json"]) == 0
    assert any(e["id"] == EXAMPLE for e in json.loads(capsys.readouterr().out))
