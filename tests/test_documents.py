"""YAML and JSON read within limits; numbers bounded; counted units of the right kind (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.core import documents
from ntmcriteria.core.errors import Problem
from ntmcriteria.core.numbers import MAX_NUMBER_CHARS, parse_number, to_fraction
from ntmcriteria.core.units import UnitError, counted_thing, same_counted_thing
from ntmcriteria.packs.loader import read_document

HEAD = "unit: Xã A\nyear: 2022\n"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)

HOSTILE_YAML = {
    "aliases that multiply": (LAUGHS + HEAD, "once its aliases are written out"),
    "an alias of itself": ("a: &a [*a]\n" + HEAD, "an alias that refers to itself"),
    "nested too deep": (HEAD + "values:\n  x: " + "[" * 100 + "]" * 100 + "\n", "nested deeper"),
    "nested beyond libyaml": (HEAD + "x: " + "[" * 5000 + "]" * 5000 + "\n", "nesting depth"),
    "a 5,000-digit integer": (HEAD + "values:\n  x: " + "9" * 5000 + "\n", "5,000 characters"),
    "an impossible date": ("unit: Xã A\nyear: 2022-02-30\n", "not a date: 2022-02-30"),
    "!!set": (HEAD + "values:\n  x: !!set {a, b}\n", "the tag !!set is not read"),
    "!!binary": (HEAD + "values:\n  x: !!binary aGVsbG8=\n", "the tag !!binary is not read"),
    "!!omap": (HEAD + "values: !!omap [a: 1]\n", "the tag !!omap is not read"),
    "!!python": (HEAD + "x: !!python/object/apply:os.system [ls]\n", "could not determine"),
    "a lone surrogate": (HEAD + 'values:\n  x: {value: 1, source: "\\ud800"}\n', "invalid Unicode"),
}

HOSTILE_JSON = {
    "nested too deep": ('{"unit": "A", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    "a huge exponent": ('{"unit": "A",\n "values": {"x": 1e999999999}}', "exponent 999999999"),
    "a 5,000-digit integer": ('{"unit": "A", "values": {"x": ' + "9" * 5000 + "}}", "5,000"),
    "a lone surrogate": ('{"unit": "X\\ud800", "year": 2022}', "not valid Unicode"),
    "a lone surrogate in a key": ('{"unit": "X", "\\udfff": 1}', "not valid Unicode"),
}


def refusal(path: Path, text: str) -> Problem:
    """The one problem reading ``text`` as the observation file ``path`` gives."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ntm.ObservationError) as caught:
        ntm.read_observations(path)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    return problem


@pytest.mark.parametrize(("text", "message"), HOSTILE_YAML.values(), ids=HOSTILE_YAML.keys())
def test_hostile_yaml_is_refused_with_its_place(tmp_path: Path, text: str, message: str) -> None:
    problem = refusal(tmp_path / "obs.yaml", text)
    assert message in problem.message
    assert problem.line is not None or problem.path
    # a pack file is read by the same reader, with the same refusal
    pack = tmp_path / "set.yaml"
    pack.write_text(text, encoding="utf-8")
    [pack_problem] = read_document(pack).problems
    assert message in pack_problem.message


@pytest.mark.parametrize(("text", "message"), HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
def test_hostile_json_is_refused_with_its_place(tmp_path: Path, text: str, message: str) -> None:
    assert message in refusal(tmp_path / "obs.json", text).message


def test_the_line_of_a_refused_json_number_is_given(tmp_path: Path) -> None:
    assert refusal(tmp_path / "obs.json", HOSTILE_JSON["a huge exponent"][0]).line == 2


def test_shared_anchors_within_the_limit_are_read(tmp_path: Path) -> None:
    path = tmp_path / "obs.yaml"
    path.write_text(
        "unit: Xã A\nyear: 2022\nvalues:\n"
        "  a: &source {value: Đạt, source: báo cáo số 12}\n  b: *source\n",
        encoding="utf-8",
    )
    [unit] = ntm.read_observations(path)
    assert unit.values["a"] == unit.values["b"]


def test_the_limits_are_checked_on_the_node_graph_not_on_built_data() -> None:
    data, node = documents.load_yaml("a: &a [1, 2]\nb: [*a, *a, *a]\n")
    assert data == {"a": [1, 2], "b": [[1, 2]] * 3}
    assert node is not None


@pytest.mark.parametrize(
    "text", ["9" * (MAX_NUMBER_CHARS + 1), "1" + ".000" * 20, "9" * 5000 + " hộ"]
)
def test_text_numbers_beyond_the_limit_are_refused(text: str) -> None:
    with pytest.raises(UnitError, match="characters"):
        parse_number(text.removesuffix(" hộ"))


@pytest.mark.parametrize("value", [10**64, -(10**70), 1e65, 1e-70])
def test_numbers_given_in_python_beyond_the_limit_are_refused(value: float) -> None:
    with pytest.raises(UnitError, match="beyond 10"):
        to_fraction(value)
    assert to_fraction(297_357_830_000) == 297_357_830_000


def test_a_5000_digit_cell_is_refused_by_every_reader(tmp_path: Path) -> None:
    table = tmp_path / "communes.csv"
    table.write_text(
        "unit,year,income_per_capita\nXã A,2022," + "9" * 5000 + " triệu đồng/người/năm\n",
        encoding="utf-8",
    )
    [unit] = ntm.read_observations(table)
    with pytest.raises(ntm.ObservationError, match="5,000 characters"):
        ntm.evaluate("hatinh/xa-ntm/2022-2025", unit)
    from ntmcriteria.evaluation.batch import run_batch

    with pytest.raises(ntm.ObservationError, match="5,000 characters"):
        run_batch(ntm.registry().get("hatinh/xa-ntm/2022-2025"), table, tmp_path / "o.csv")


def test_counted_things_of_another_kind_are_refused() -> None:
    assert counted_thing("trường") == "schools"
    assert counted_thing("cái") is None and counted_thing("hộ") is None
    assert not same_counted_thing("trường", "nhà")
    assert same_counted_thing("cái", "nhà") and same_counted_thing("ấp", "thôn")
    hatinh = ntm.registry().get("hatinh/xa-ntm/2022-2025")
    for good in ("3 nhà", "3 cái", 3):
        unit = ntm.Observations.from_dict(
            {"unit": "Xã A", "year": 2022, "values": {"makeshift_houses": good}}
        )
        ntm.evaluate(hatinh, unit)
    unit = ntm.Observations.from_dict(
        {"unit": "Xã A", "year": 2022, "values": {"makeshift_houses": "3 trường"}}
    )
    with pytest.raises(ntm.ObservationError, match="'trường' does not count what"):
        ntm.evaluate(hatinh, unit)


def test_a_pack_threshold_counting_another_thing_is_refused() -> None:
    from helpers import make_set

    with pytest.raises(ntm.ModelError, match="does not measure the same thing"):
        make_set(
            {"houses": {"kind": "count", "unit": "nhà", "title": {"vi": "Nhà", "en": "Houses"}}},
            [{"id": "1.1", "title": "Nhà", "measure": "houses", "requirement": "<= 2 trường"}],
        )


def test_a_pack_file_beyond_the_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    from ntmcriteria.packs.loader import MAX_PACK_FILE_BYTES

    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * MAX_PACK_FILE_BYTES + "\nid: a\n", encoding="utf-8")
    [problem] = read_document(path).problems
    assert "more than the 1,048,576" in problem.message
    assert problem.file == str(path)


def test_dimensions_remembered_by_an_earlier_parser_are_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache written before '%%' was refused must not let '%%' through."""
    from ntmcriteria.core import units

    monkeypatch.setenv("NTMCRITERIA_CACHE", str(tmp_path))
    monkeypatch.setattr(units, "_DIMENSIONS", {})
    monkeypatch.setattr(units, "_STORED", [])
    monkeypatch.setattr(units, "_PARSER_VERSION", units._PARSER_VERSION - 1)
    earlier = units._dimensions_file()
    assert earlier is not None
    earlier.write_text('{"%%": []}', encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("NTMCRITERIA_CACHE", str(tmp_path))
    monkeypatch.setattr(units, "_DIMENSIONS", {})
    monkeypatch.setattr(units, "_STORED", [])
    assert units._dimensions_file() != earlier
    with pytest.raises(UnitError, match="'%%' is not a unit"):
        units.dimensions("%%")
