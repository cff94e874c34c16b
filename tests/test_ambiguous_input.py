"""What could be read two ways is refused with its place, never guessed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ntmcriteria as ntm
from ntmcriteria.packs.loader import read_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SET = (
    ROOT
    / "packs"
    / "example"
    / "src"
    / "ntmcriteria_example"
    / "sets"
    / "xa-ntm-trich-2022-2025.yaml"
)
HATINH = "hatinh/xa-ntm/2022-2025"

UNIT = "unit: {name: Xã A, level: commune, province: Hà Tĩnh}\nyear: 2024\nvalues:\n"


@pytest.mark.parametrize("written", ["45.000", "1.234", "-2.500", "999.999"])
def test_a_plain_yaml_float_with_a_thousands_dot_is_refused_with_its_line(
    tmp_path: Path, written: str
) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(UNIT + f"  income_per_capita: {written}\n", encoding="utf-8")
    with pytest.raises(ntm.ObservationError) as caught:
        ntm.read_observations(path)
    [problem] = caught.value.problems
    assert problem.line == 4
    assert problem.path == "/values/income_per_capita"
    assert f"{written} is ambiguous" in problem.message
    assert problem.message_vi and "ngoặc kép" in problem.message_vi


@pytest.mark.parametrize("written", ["45.5", "0.500", "45.0001", "12", "4.50", '"45.000"'])
def test_unambiguous_numbers_are_read(tmp_path: Path, written: str) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(UNIT + f"  income_per_capita: {written}\n", encoding="utf-8")
    [unit] = ntm.read_observations(path)
    assert "income_per_capita" in unit.values


def test_a_quoted_thousands_number_is_read_the_vietnamese_way(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(UNIT + '  income_per_capita: "45.000 nghìn đồng/người/năm"\n', "utf-8")
    [unit] = ntm.read_observations(path)
    result = ntm.evaluate(HATINH, unit)
    [income] = [i for i in result.indicators.values() if i.measure == "income_per_capita"]
    assert income.observed is not None
    assert income.observed.quantity is not None
    assert income.observed.quantity.magnitude == 45  # triệu đồng/người/năm


def test_a_pack_threshold_with_a_thousands_dot_is_refused(tmp_path: Path) -> None:
    text = EXAMPLE_SET.read_text(encoding="utf-8")
    changed = text.replace('2024: {op: ">=", value: 45,', '2024: {op: ">=", value: 45.000,', 1)
    assert changed != text
    path = tmp_path / "set.yaml"
    path.write_text(changed, encoding="utf-8")
    problems = read_document(path).problems
    assert any("45.000 is ambiguous" in p.message for p in problems), problems
    assert all(p.line for p in problems if "ambiguous" in p.message)


@given(st.sampled_from(["Đạt", "Chưa đạt", "đạt", "CHƯA ĐẠT"]), st.sampled_from(["NFD", "NFKD"]))
def test_decomposed_vietnamese_reads_as_composed(word: str, form: str) -> None:
    criteria_set = ntm.registry().get(HATINH)
    [flag] = [m for m in criteria_set.measures.values() if m.kind.value == "boolean"][:1]
    decomposed = unicodedata.normalize(form, word)
    composed = unicodedata.normalize("NFC", word)

    def verdict(value: str) -> ntm.Status:
        unit = ntm.Observations.from_dict(
            {"unit": {"name": "A", "level": "commune"}, "year": 2024, "values": {flag.id: value}}
        )
        result = ntm.evaluate(criteria_set, unit)
        [found] = [i for i in result.indicators.values() if i.measure == flag.id][:1]
        return found.status

    assert verdict(decomposed) == verdict(composed)


@pytest.mark.parametrize("written", ["80 %%", "80%%", "80 %%/năm"])
def test_a_double_percent_is_not_a_unit(written: str) -> None:
    criteria_set = ntm.registry().get(HATINH)
    [share] = [m for m in criteria_set.measures.values() if m.kind.value == "ratio"][:1]
    unit = ntm.Observations.from_dict(
        {"unit": {"name": "A", "level": "commune"}, "year": 2024, "values": {share.id: written}}
    )
    with pytest.raises(ntm.ObservationError, match="'%%' is not a unit"):
        ntm.evaluate(criteria_set, unit)


def test_csv_rows_of_the_wrong_length_are_each_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "unit,year,income_per_capita,multidimensional_poverty_rate\n"
        'Xã A,2022,"52,15 triệu đồng/người/năm","2 %"\n'
        'Xã B,2022,"a note\nover two lines",\n'  # a quoted cell holding a line break
        "Kỳ Châu,2022,52,15,\n"  # an unquoted 52,15: one cell too many
        "Xã C,2022\n",  # short
        encoding="utf-8",
    )
    with pytest.raises(ntm.ObservationError) as caught:
        ntm.read_observations(path)
    found = {(p.line, p.message.split(":")[0]) for p in caught.value.problems}
    assert found == {(5, "5 cells but 4 columns"), (6, "2 cells but 4 columns")}
    assert all(p.message_vi for p in caught.value.problems)


def test_a_csv_row_with_every_cell_reads(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "unit,year,income_per_capita,multidimensional_poverty_rate\n"
        'Xã A,2022,"52,15 triệu đồng/người/năm",\n'
        "# a comment\n\n"
        "Xã B,2022,,\n",
        encoding="utf-8",
    )
    units = ntm.read_observations(path)
    assert [u.unit.name for u in units] == ["Xã A", "Xã B"]
    assert "multidimensional_poverty_rate" not in units[0].values  # empty: no data


@pytest.mark.parametrize(
    ("kind", "written"),
    [
        ("ratio", "80 %%"),
        ("ratio", "tám mươi %"),
        ("quantity", "52,15 triệu gì đó"),
        ("quantity", "abc"),
        ("quantity", float("inf")),
        ("ratio", "12/10 km"),
    ],
)
def test_refusals_say_it_in_vietnamese_too(kind: str, written: object) -> None:
    """The Vietnamese message of a refused value is Vietnamese: no English reader text in it."""
    criteria_set = ntm.registry().get(HATINH)
    [measure] = [m for m in criteria_set.measures.values() if m.kind.value == kind][:1]
    unit = ntm.Observations.from_dict(
        {"unit": {"name": "A", "level": "commune"}, "year": 2024, "values": {measure.id: written}}
    )
    with pytest.raises(ntm.ObservationError) as caught:
        ntm.evaluate(criteria_set, unit)
    [problem] = caught.value.problems
    assert problem.message_vi
    for english in ("expected", "not a ", "is not", "unit ", "got "):
        assert english not in problem.message_vi, problem.message_vi
