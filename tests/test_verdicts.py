"""Verdict tests as data: ``tests/test_*.yaml`` cases run by ``ntm pack test`` and by pytest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.evaluation.verdicts import read_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
KY_CHAU = ROOT / "examples" / "observations" / "ky-chau-2022.yaml"

CASES = f"""\
verdicts:
  - name: holds
    set: example/xa-ntm-trich/2022-2025
    observations: {KY_CHAU}
    expect: {{status: undetermined, indicators: {{"10": achieved}}}}
  - name: a wrong expectation
    set: example/xa-ntm-trich/2022-2025
    observations:
      {{unit: Xã Thử, year: 2024, values: {{income_per_capita: 40 triệu đồng/người/năm}}}}
    expect:
      indicators: {{"10": achieved}}
      criteria: {{"10": achieved}}
"""


def test_cases_hold_or_say_where_they_do_not(tmp_path: Path) -> None:
    path = tmp_path / "test_cases.yaml"
    path.write_text(CASES, encoding="utf-8")
    holds, wrong = read_cases(path)
    assert run_case(holds) == []
    found = [str(d) for d in run_case(wrong)]
    assert found == [
        f"{path}:6 a wrong expectation: criterion 10: expected achieved, got not_achieved",
        f"{path}:6 a wrong expectation: indicator 10: expected achieved, got not_achieved",
    ]


def test_ntm_pack_test_exits_1_listing_every_disagreement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_cases.yaml").write_text(CASES, encoding="utf-8")
    assert main(["pack", "test", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "a wrong expectation: indicator 10: expected achieved, got not_achieved" in err
    assert "1 of 2 case(s) failed" in err
    assert main(["pack", "test", str(ROOT / "packs" / "hatinh")]) == 0
    assert capsys.readouterr().out.startswith("ok: 2 case(s) in 1 file(s)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: []\n", "expected a mapping with 'verdicts'"),
        ("verdicts: [{name: x, set: a/b/1, observations: f.yaml}]\n", "/verdicts/0/expect"),
        (
            "verdicts: [{name: x, set: a/b/1, observations: f.yaml, expect: {status: fine}}]\n",
            "expected a status",
        ),
        (
            "verdicts: [{name: x, set: a/b/1, observations: f.yaml, expect: {colour: red}}]\n",
            "unknown key",
        ),
        ("verdicts: [{set: a/b/1, observations: f.yaml, expect: {status: achieved}}]\n", "name"),
    ],
)
def test_a_malformed_verdict_file_is_refused_with_its_place(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "test_bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ntm.ModelError, match=message) as caught:
        read_cases(path)
    assert all(p.file == str(path) for p in caught.value.problems)


def test_a_missing_observation_file_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "test_cases.yaml"
    path.write_text(
        "verdicts: [{name: x, set: example/xa-ntm-trich/2022-2025, observations: none.yaml,"
        " expect: {status: achieved}}]\n",
        encoding="utf-8",
    )
    [case] = read_cases(path)
    [failure] = run_case(case)
    assert "an error" in str(failure) and "none.yaml" in str(failure)


def test_pytest_collects_verdict_files_with_no_python(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_cases.yaml").write_text(CASES, encoding="utf-8")
    (tmp_path / "tests" / "fixture.yaml").write_text("verdicts: not a test file\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout
    assert "a wrong expectation: indicator 10: expected achieved, got not_achieved" in done.stdout
