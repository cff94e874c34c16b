"""CSV tables: one row rule for the observation reader and ``ntm batch``, the same lines reported.

``ntm batch`` reads with pyarrow and falls back to the csv module at the first row pyarrow
cannot take as it is; the law checked here is that, whatever the table, both readers accept the
same rows, refuse the same rows at the same lines, and batch gives every unit it accepts.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ntmcriteria as ntm
from ntmcriteria.evaluation.batch import run_batch
from ntmcriteria.observations.table import MAX_CELL_CHARS

HATINH = "hatinh/xa-ntm/2022-2025"
HEADER = ["unit", "year", "income_per_capita", "multidimensional_poverty_rate"]


def row(name: str, income: str = "52,15 triệu đồng/người/năm", poverty: str = "2 %") -> list[str]:
    return [name, "2022", income, poverty]


def write(path: Path, records: list[list[str] | str]) -> None:
    """Records as CSV lines (a str is written as it is: a blank line, a raw line)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for record in records:
        if isinstance(record, str):
            out.write(record + "\n")
        else:
            writer.writerow(record)
    path.write_text(out.getvalue(), encoding="utf-8")


def batch_outcome(path: Path, out: Path, chunk_rows: int = 3) -> list[str] | set[tuple[int, str]]:
    """The units batch wrote, or the (line, message start) of each problem it reported."""
    try:
        run_batch(ntm.registry().get(HATINH), path, out, chunk_rows=chunk_rows)
    except ntm.ObservationError as exc:
        assert not out.exists()
        return {(p.line or 0, p.message.split(":")[0]) for p in exc.problems}
    with out.open(encoding="utf-8", newline="") as handle:
        return [r["unit"] for r in csv.DictReader(handle)]


def reader_outcome(path: Path) -> list[str] | set[tuple[int, str]]:
    try:
        units = ntm.read_observations(path)
    except ntm.ObservationError as exc:
        return {(p.line or 0, p.message.split(":")[0]) for p in exc.problems}
    return [u.unit.name for u in units]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([HEADER, row("Xã A"), ["Kỳ Châu", "2022", "52"]], {(3, "3 cells but 4 columns")}),
        (
            [HEADER, row("Xã A"), ["Kỳ Châu", "2022", "52", "15", ""]],
            {(3, "5 cells but 4 columns")},
        ),
        (
            [HEADER, ["Xã A", "2022"], row("Xã B"), ["Xã C"]],
            {(2, "2 cells but 4 columns"), (4, "1 cells but 4 columns")},
        ),
        (
            [[*HEADER, "", ""], row("Xã A"), [*row("Xã B"), "", "x"]],
            {(3, "a cell under no column (the header has no name there)")},
        ),
    ],
    ids=["short", "a cell too many, even empty", "several short", "under no column"],
)
def test_both_readers_refuse_the_same_rows_at_the_same_lines(
    tmp_path: Path, records: list[list[str] | str], expected: set[tuple[int, str]]
) -> None:
    table = tmp_path / "communes.csv"
    write(table, records)
    assert reader_outcome(table) == expected
    assert batch_outcome(table, tmp_path / "out.csv") == expected


def test_a_header_ending_in_empty_cells_takes_rows_with_or_without_them(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    write(table, [[*HEADER, "", ""], [*row("Xã A"), "", ""], row("Xã B"), [*row("Xã C"), ""]])
    assert reader_outcome(table) == ["Xã A", "Xã B", "Xã C"]
    assert batch_outcome(table, tmp_path / "out.csv") == ["Xã A", "Xã B", "Xã C"]


def test_comments_blank_rows_and_cells_over_lines_keep_lines_true(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    text = (
        '\ufeff# Bảng số liệu,"ghi chú\nhai dòng"\n'  # a comment over two lines, before the header
        + ",".join(HEADER)
        + "\n"
        + '"Xã\nA",2022,"52,15 triệu đồng/người/năm",2 %\n'  # lines 4-5
        + "# một ghi chú\n\n ,  \n"  # a comment, an empty line, a blank row of another width
        + 'Xã B,2022,"40,5 triệu đồng/người/năm"\n'  # line 9: short
    )
    table.write_text(text, encoding="utf-8")
    assert reader_outcome(table) == {(9, "3 cells but 4 columns")}
    assert batch_outcome(table, tmp_path / "out.csv") == {(9, "3 cells but 4 columns")}
    table.write_text(text.replace('năm"\n', 'năm",\n'), encoding="utf-8")
    assert reader_outcome(table) == ["Xã\nA", "Xã B"]
    assert batch_outcome(table, tmp_path / "out.csv") == ["Xã\nA", "Xã B"]


def test_a_cell_over_the_limit_is_refused_with_its_line(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    write(table, [HEADER, row("Xã A"), row("Xã B", poverty="x" * (MAX_CELL_CHARS + 1))])
    [(line, message)] = reader_outcome(table)  # type: ignore[misc]
    assert (line, message) == (3, "cannot read the row")
    assert batch_outcome(table, tmp_path / "out.csv") == {(3, "cannot read the row")}


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    table.write_bytes(",".join(HEADER).encode() + b"\n" + "Xã A,2022,,\n".encode("utf-16-le"))
    with pytest.raises(ntm.ObservationError, match="UTF-8"):
        run_batch(ntm.registry().get(HATINH), table, tmp_path / "out.csv")


_CELLS = st.sampled_from(["", "x,y", 'a "b"', "hai\ndòng", "# không phải ghi chú"])
_VALUES = st.sampled_from(["", "52,15 triệu đồng/người/năm", "39 triệu đồng/người/năm"])
_EXTRA = st.one_of(
    st.just(""),  # an empty line
    st.just("# ghi chú"),
    st.just("#,a,b,c,d,e,f"),
    st.just(",,"),
    st.just(" "),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[str] | str], int]:
    """A header, numbered units with cells of every kind, comments and blank rows between them,
    and sometimes one row of the wrong length."""
    records: list[list[str] | str] = [draw(_EXTRA) for _ in range(draw(st.integers(0, 2)))]
    records.append(HEADER)
    for index in range(draw(st.integers(1, 12))):
        records.extend(draw(_EXTRA) for _ in range(draw(st.integers(0, 2))))
        records.append([f"Xã {index} {draw(_CELLS)}", "2022", draw(_VALUES), ""])
    broken = draw(st.integers(-1, len(records) - 1))
    if broken > records.index(HEADER) and isinstance(records[broken], list):
        cells = list(records[broken])
        records[broken] = cells[: draw(st.integers(1, 3))] if draw(st.booleans()) else [*cells, "z"]
    return records, broken


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables(), st.sampled_from([1, 2, 5, 1000]))
def test_batch_and_the_reader_agree_on_any_table(
    tmp_path: Path, drawn: tuple[list[list[str] | str], int], chunk_rows: int
) -> None:
    records, _broken = drawn
    table = tmp_path / "communes.csv"
    out = tmp_path / "out.csv"
    out.unlink(missing_ok=True)
    write(table, records)
    expected = reader_outcome(table)
    assert batch_outcome(table, out, chunk_rows) == expected


def test_a_row_longer_than_the_fast_readers_block_is_read(tmp_path: Path) -> None:
    """pyarrow reads in 1 MiB blocks; a longer row is read on by the csv module."""
    measures = ["income_per_capita", "multidimensional_poverty_rate", "makeshift_houses"]
    header = ["unit", "year", *(f"{m}.{extra}" for m in measures for extra in ("source", "note"))]
    long_cell = "x" * 120_000
    table = tmp_path / "communes.csv"
    write(table, [header, *([f"Xã {i}", "2022", *[long_cell] * 6] for i in range(2))])
    assert table.stat().st_size > 1 << 20
    assert batch_outcome(table, tmp_path / "out.csv") == ["Xã 0", "Xã 1"] == reader_outcome(table)
