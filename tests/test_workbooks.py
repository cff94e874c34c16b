"""Workbooks are read without guessing: which sheet, which cells, which values (issue 14)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.evaluation.batch import run_batch
from ntmcriteria.observations import workbook

HATINH = "hatinh/xa-ntm/2022-2025"
HEADER = ["unit", "year", "income_per_capita"]


def book(path: Path, *sheets: tuple[str, list[list[Any]], str]) -> Path:
    """A workbook of (title, rows, state) sheets, written by openpyxl (which saves no value
    for a formula)."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows, state in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state  # type: ignore[assignment]
    wb.save(path)
    return path


def rewrite(path: Path, change: Any) -> None:
    """Change each worksheet's XML of a workbook in place."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename.startswith("xl/worksheets/sheet"):
                data = change(data)
            target.writestr(info, data)


UNIT_A = [HEADER, ["Xã A", 2022, "52,15 triệu đồng/người/năm"]]
UNIT_B = [HEADER, ["Xã B", 2023, "40 triệu đồng/người/năm"]]


def names(path: Path, sheet: str | None = None) -> list[str]:
    return [u.unit.name for u in ntm.read_observations(path, sheet=sheet)]


def batch_names(path: Path, tmp_path: Path, sheet: str | None = None) -> list[str]:
    out = tmp_path / "out.csv"
    run_batch(ntm.registry().get(HATINH), path, out, sheet=sheet)
    return [line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()[1:]]


def refused(path: Path, tmp_path: Path, sheet: str | None = None) -> tuple[str, str]:
    """The message of both readers (which must be the same)."""
    with pytest.raises(ntm.ObservationError) as by_reader:
        ntm.read_observations(path, sheet=sheet)
    with pytest.raises(ntm.ObservationError) as by_batch:
        run_batch(ntm.registry().get(HATINH), path, tmp_path / "out.csv", sheet=sheet)
    assert not (tmp_path / "out.csv").exists()
    return str(by_reader.value), str(by_batch.value)


def test_the_only_sheet_holding_data_is_read_whatever_its_place(tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", ("Ghi chú", [], "visible"), ("Số liệu", UNIT_A, "visible"))
    assert names(path) == ["Xã A"] == batch_names(path, tmp_path)


@pytest.mark.parametrize(
    ("states", "message"),
    [
        (("visible", "visible"), "2 sheets hold data ('A', 'B')"),
        (("hidden", "visible"), "2 sheets hold data ('A' (hidden), 'B')"),
        (("visible", "veryHidden"), "2 sheets hold data ('A', 'B' (hidden))"),
    ],
)
def test_two_data_sheets_or_a_hidden_one_are_refused_unless_named(
    tmp_path: Path, states: tuple[str, str], message: str
) -> None:
    path = book(tmp_path / "a.xlsx", ("A", UNIT_A, states[0]), ("B", UNIT_B, states[1]))
    for text in refused(path, tmp_path):
        assert message in text
        assert "--sheet" in text
    assert names(path, "A") == ["Xã A"] == batch_names(path, tmp_path, "A")
    assert names(path, "B") == ["Xã B"] == batch_names(path, tmp_path, "B")


def test_a_lone_hidden_data_sheet_is_refused(tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", ("A", UNIT_A, "hidden"), ("B", [], "visible"))
    for text in refused(path, tmp_path):
        assert "the sheet holding data is hidden ('A' (hidden))" in text


def test_an_unknown_sheet_is_refused_with_the_sheets_named(tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", ("A", UNIT_A, "visible"))
    for text in refused(path, tmp_path, "Z"):
        assert "no sheet 'Z' (the sheets: 'A')" in text


def test_a_formula_without_a_saved_value_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", ("A", [HEADER, ["Xã A", "=2000+22", None]], "visible"))
    for text in refused(path, tmp_path):
        assert "[A]:2" in text
        assert "cell B2 holds a formula (=2000+22) with no saved value" in text


def test_a_formula_with_its_saved_value_is_read_by_that_value(tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", ("A", [HEADER, ["Xã A", "=2000+22", None]], "visible"))
    rewrite(path, lambda xml: xml.replace(b"<f>2000+22</f><v></v>", b"<f>2000+22</f><v>2022</v>"))
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    if b"<v>2022</v>" not in xml:  # openpyxl wrote the formula cell without an empty <v>
        rewrite(path, lambda x: re.sub(rb"(<f>2000\+22</f>)", rb"\1<v>2022</v>", x))
    [unit] = ntm.read_observations(path)
    assert unit.year == 2022
    assert batch_names(path, tmp_path) == ["Xã A"]


@pytest.mark.parametrize("dimension", ["A1:B1", "A1:XFD1048576"], ids=["stale", "false and huge"])
def test_the_dimension_tag_is_not_trusted(tmp_path: Path, dimension: str) -> None:
    path = book(tmp_path / "a.xlsx", ("A", UNIT_A, "visible"))
    rewrite(
        path,
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), xml
        ),
    )
    [unit] = ntm.read_observations(path)
    assert "income_per_capita" in unit.values  # column C, outside a stale A1:B1
    assert batch_names(path, tmp_path) == ["Xã A"]


def test_a_row_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    wide = [*UNIT_A[1], *([None] * workbook.MAX_COLUMNS), "x"]
    path = book(tmp_path / "a.xlsx", ("A", [HEADER, wide], "visible"))
    for text in refused(path, tmp_path):
        assert f"a row of {workbook.MAX_COLUMNS + 4:,} columns" in text


def test_a_cell_beyond_the_header_is_refused(tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", ("A", [HEADER, [*UNIT_A[1], "15"]], "visible"))
    for text in refused(path, tmp_path):
        assert "4 cells but 3 columns" in text


def test_a_workbook_that_expands_beyond_the_limit_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = book(tmp_path / "a.xlsx", ("A", UNIT_A, "visible"))
    monkeypatch.setattr(workbook, "MAX_EXPANDED_BYTES", 1000)
    with pytest.raises(ntm.ObservationError, match="expands to"):
        ntm.read_observations(path)


def test_a_broken_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    for text in refused(path, tmp_path):
        assert "not a readable .xlsx workbook" in text


def test_the_command_line_reads_the_sheet_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book(tmp_path / "a.xlsx", ("A", UNIT_A, "visible"), ("B", UNIT_B, "visible"))
    assert main(["obs", "validate", str(path), "--set", HATINH]) == 1
    assert main(["obs", "validate", str(path), "--set", HATINH, "--sheet", "B"]) == 0
    assert main(["evaluate", str(path), "--set", HATINH, "--sheet", "B"]) == 0
    assert "Xã B" in capsys.readouterr().out
    out = tmp_path / "r.csv"
    assert main(["batch", str(path), "--set", HATINH, "--sheet", "A", "-o", str(out)]) == 0
    assert "Xã A" in out.read_text(encoding="utf-8")


def test_a_sheet_named_for_a_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("unit,year\nXã A,2022\n", encoding="utf-8")
    with pytest.raises(ntm.ObservationError, match="no sheets"):
        ntm.read_observations(path, sheet="A")
    with pytest.raises(ntm.ArgumentError, match="sheet"):
        ntm.read_observations(path, sheet=3)  # type: ignore[arg-type]
