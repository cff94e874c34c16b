"""``ntm batch``: tables evaluated a chunk at a time, the same verdicts as one unit at a time."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from helpers import EXAMPLES

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.evaluation.batch import run_batch
from ntmcriteria.observations.writing import write_observations

HATINH = "hatinh/xa-ntm/2022-2025"


def communes(count: int) -> list[ntm.Observations]:
    """Kỳ Châu and variations of it, with some values changed or missing."""
    [base] = ntm.read_observations(EXAMPLES / "ky-chau-2022.yaml")
    found = []
    for index in range(count):
        values = dict(base.values)
        if index % 3 == 0:
            values["income_per_capita"] = ntm.Reading(f"{40 + index % 20},5 triệu đồng/người/năm")
        if index % 4 == 1:
            values.pop("multidimensional_poverty_rate", None)
        unit = ntm.AdministrativeUnit(f"Xã {index}", province="Hà Tĩnh")
        found.append(ntm.Observations(unit, 2022, values=values))
    return found


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("chunk_rows", [1, 7, 10_000])
def test_batch_gives_each_unit_its_scalar_verdict(tmp_path: Path, chunk_rows: int) -> None:
    units = communes(23)
    table = write_observations(units, tmp_path / "communes.csv")
    out = tmp_path / "results.csv"
    criteria_set = ntm.registry().get(HATINH)
    report = run_batch(criteria_set, table, out, chunk_rows=chunk_rows)
    rows = read_csv(out)
    assert report.units == len(rows) == 23
    for unit, row in zip(units, rows, strict=True):
        result = ntm.evaluate(criteria_set, unit)
        crit, ind = result.criteria_counts, result.indicator_counts
        assert row["unit"] == unit.unit.name
        assert row["status"] == result.status.value
        assert (int(row["criteria_achieved"]), int(row["criteria_applicable"])) == (
            crit.achieved,
            crit.applicable,
        )
        assert int(row["indicators_achieved"]) == ind.achieved
        assert int(row["no_data"]) == ind[ntm.Status.NO_DATA]
        assert row["summary"] == result.summary("vi")


def test_villages_join_their_commune_across_chunks(tmp_path: Path) -> None:
    """Tây Hồ's villages follow their commune; the model commune's village rules see them."""
    [tay_ho] = ntm.read_observations(EXAMPLES / "tay-ho-2024.yaml")
    table = write_observations([tay_ho], tmp_path / "tay-ho.csv")
    set_id = "thanhhoa/xa-ntm-kieu-mau/2022-2025"
    out = tmp_path / "out.csv"
    run_batch(ntm.registry().get(set_id), table, out, chunk_rows=1, wide=True)
    [row] = read_csv(out)
    result = ntm.evaluate(set_id, tay_ho)
    assert row["status"] == result.status.value
    for condition, found in zip(
        ntm.registry().get(set_id).composition, result.conditions, strict=True
    ):
        assert row[f"condition:{condition.id}"] == found.status.value


def test_json_output_holds_each_explained_result(tmp_path: Path) -> None:
    units = communes(4)
    table = write_observations(units, tmp_path / "communes.xlsx")
    out = tmp_path / "results.json"
    assert main(["batch", str(table), "--set", HATINH, "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["unit"]["name"] for d in data] == [u.unit.name for u in units]
    assert [d["status"] for d in data] == [ntm.evaluate(HATINH, u).status.value for u in units]


def test_a_bad_row_writes_nothing_and_keeps_the_previous_output(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    table.write_text(
        "unit,year,households_hygienic_facilities_rate\n"
        'A,2024,669/836 hộ\nB,2024,"a cell\nover two lines"\nC,2024,900/836 hộ\n',
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    out.write_text("previous\n", encoding="utf-8")
    with pytest.raises(ntm.ObservationError) as caught:
        run_batch(ntm.registry().get(HATINH), table, out)
    lines = sorted(p.line for p in caught.value.problems if p.line is not None)
    assert lines == [3, 5]  # the real lines, though B's cell spans two
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["communes.csv", "results.csv"]


def test_the_output_cannot_be_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write_observations(communes(2), tmp_path / "communes.csv")
    before = table.read_bytes()
    assert main(["batch", str(table), "--set", HATINH, "-o", str(table)]) == 2
    assert "the output is the input" in capsys.readouterr().err
    assert table.read_bytes() == before


def test_a_unit_twice_is_refused_even_in_another_chunk(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    table.write_text("unit,year\nA,2024\nB,2024\nA,2024\n", encoding="utf-8")
    with pytest.raises(ntm.ObservationError, match="appears twice"):
        run_batch(ntm.registry().get(HATINH), table, tmp_path / "out.csv", chunk_rows=1)


def test_comment_and_blank_rows_are_skipped_and_lines_stay_true(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    table.write_text(
        "# Bảng số liệu các xã\n"
        "unit,year,households_hygienic_facilities_rate\n"
        "# tên xã,năm,tỷ lệ\n"
        "A,2024,669/836 hộ\n"
        "\n"
        "B,2024,800/836 hộ\n"
        "C,2024,85\n",
        encoding="utf-8",
    )
    with pytest.raises(ntm.ObservationError) as caught:
        run_batch(ntm.registry().get(HATINH), table, tmp_path / "out.csv")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (7, "/values/households_hygienic_facilities_rate")
    table.write_text(table.read_text(encoding="utf-8").replace("C,2024,85", "C,2024,85 %"))
    run_batch(ntm.registry().get(HATINH), table, tmp_path / "out.csv")
    rows = read_csv(tmp_path / "out.csv")
    assert [r["unit"] for r in rows] == ["A", "B", "C"]


HEADER = "unit,year,income_per_capita,multidimensional_poverty_rate"
ROW = 'Xã A,2022,"52,15 triệu đồng/người/năm",2 %'


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (f"{HEADER}\n{ROW}\n{ROW.replace('Xã A', 'Xã B')},extra\n", 3, "5 cells but 4 columns"),
        (f"{HEADER},,\n{ROW},,\n{ROW.replace('Xã A', 'Xã B')},,x\n", 3, "a cell under no column"),
    ],
    ids=["a cell too many", "a cell under an unnamed column"],
)
def test_batch_refuses_cells_beyond_the_columns(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    table = tmp_path / "communes.csv"
    table.write_text(text, encoding="utf-8")
    out = tmp_path / "results.csv"
    with pytest.raises(ntm.ObservationError) as caught:
        run_batch(ntm.registry().get(HATINH), table, out)
    [problem] = caught.value.problems
    assert (problem.line, message in problem.message) == (line, True)
    assert problem.message_vi
    assert not out.exists()


def test_batch_reads_a_header_ending_in_empty_cells(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    table.write_text(f"{HEADER},,\n{ROW},,\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    report = run_batch(ntm.registry().get(HATINH), table, out)
    assert report.units == 1
    assert [row["unit"] for row in read_csv(out)] == ["Xã A"]


@pytest.mark.parametrize(
    ("rows", "bad_row", "cell"),
    [(3, 2, "plain"), (3000, 2500, "plain"), (3000, 2500, "quoted")],
)
def test_a_nul_character_is_refused_with_its_line(
    tmp_path: Path, rows: int, bad_row: int, cell: str
) -> None:
    """A NUL byte is in no text table (a binary file, or one saved as UTF-16): refused with its
    line by both readers, as the observation reader does, never read as a name."""
    lines = ["unit,year,households_hygienic_facilities_rate"]
    lines += [f"X{i},2024,669/836 hộ" for i in range(rows)]
    bad = "Xã\x00A" if cell == "plain" else '"Xã, \x00A"'
    lines[bad_row] = f"{bad},2024,669/836 hộ"
    table = tmp_path / "communes.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    with pytest.raises(ntm.ObservationError) as caught:
        run_batch(ntm.registry().get(HATINH), table, out)
    [problem] = caught.value.problems
    assert (problem.line, "a NUL character" in problem.message) == (bad_row + 1, True)
    assert not out.exists()
    with pytest.raises(ntm.ObservationError, match="a NUL character"):
        ntm.read_observations(table)
