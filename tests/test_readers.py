"""Observation files in every format: read strictly, written back losslessly."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import make_set
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ntmcriteria as ntm
from ntmcriteria.core.errors import ObservationError

MEASURES: dict[str, dict[str, Any]] = {
    "income": {"kind": "quantity", "unit": "triệu đồng/người/năm", "title": "Thu nhập"},
    "water": {"kind": "ratio", "unit": "%", "title": "Nước sạch"},
    "health": {"kind": "boolean", "title": "Chuẩn y tế"},
    "school_level": {"kind": "level", "unit": "", "title": "Mức độ trường"},
    "schools": {"kind": "count", "unit": "trường", "title": "Số trường"},
}
SET = make_set(
    MEASURES,
    [
        {
            "id": "10",
            "title": "Thu nhập",
            "measure": "income",
            "requirement": ">= 39 triệu đồng/người/năm",
        },
        {"id": "17.1", "title": "Nước sạch", "measure": "water", "requirement": ">= 85 %"},
        {"id": "15.2", "title": "Y tế", "measure": "health", "requirement": "Đạt"},
        {
            "id": "5.1",
            "title": "Trường",
            "measure": "school_level",
            "requirement": {"min_level": 2},
        },
        {"id": "5.2", "title": "Số trường", "measure": "schools", "requirement": ">= 1"},
    ],
    set_id="thu/xa/2022-2025",
)
LOOKUP = {SET.id: SET}.__getitem__


def semantics(units: list[ntm.Observations]) -> list[Any]:
    """What a unit means: its identity, context, and each measure as read, with its extras."""
    out = []
    for unit in units:
        values = {}
        for measure in SET.measures.values():
            seen = unit.observe(measure)
            reading = unit.values.get(measure.id)
            extras = None
            if reading is not None:
                extras = (reading.source, reading.note, reading.claimed, reading.claimed_threshold)
            if seen is not None:
                seen_key = (
                    seen.quantity,
                    seen.flag,
                    seen.level,
                    seen.numerator,
                    seen.denominator,
                    seen.count_unit,
                    seen.stated_mismatch,
                )
            else:
                seen_key = None
            values[measure.id] = (seen_key, extras)
        out.append(
            (
                unit.unit,
                unit.year,
                dict(unit.context),
                dict(unit.choices),
                values,
                semantics(list(unit.villages)),
            )
        )
    return out


CSV = (
    (
        "unit,province,year,parent,context.schools_planned,choice.field,"
        "income [triệu đồng/người/năm],water,water.source,water.claimed,health\n"
    )
    + """\
# Tên đơn vị,Tỉnh,Năm,Thuộc xã,Trường dự kiến,Lĩnh vực,Thu nhập,Nước sạch,Nguồn,Báo cáo,Y tế
Kỳ Châu,Hà Tĩnh,2024,,4,chuyen-doi-so,"52,15",669/836 hộ,BC tr. 3,Đạt,Đạt
Thôn A,,,Kỳ Châu,,,,"10/20 hộ",,,
"""
)


def test_csv_with_units_comments_villages_and_extras(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(CSV, encoding="utf-8")
    [commune] = ntm.read_observations(path)
    assert commune.unit.province == "Hà Tĩnh"
    assert commune.context["schools_planned"] == 4
    assert commune.choices["field"] == "chuyen-doi-so"
    income = commune.observe(SET.measure("income"))
    assert income is not None and income.quantity == ntm.Quantity(
        Fraction("52.15"), "triệu đồng/người/năm"
    )
    water = commune.values["water"]
    assert (water.source, water.claimed) == ("BC tr. 3", True)
    [village] = commune.villages
    assert (village.unit.name, village.unit.level, village.year) == ("Thôn A", "village", 2024)
    result = ntm.evaluate(SET, commune)
    assert result.indicators["17.1"].status is ntm.Status.NOT_ACHIEVED
    assert [f.kind for f in result.audit] == ["verdict"]


@pytest.mark.parametrize(
    ("text", "line", "path", "message"),
    [
        ("unit,water,water\nX,1 %,2 %\n", 1, "/water", "appears twice"),
        ("name,water\nX,1 %\n", 1, "/unit", "missing: a 'unit' column"),
        ("unit,parent\nA,\nB,Nowhere\n", 3, "/parent", "no commune row named 'Nowhere'"),
        ("unit,parent\nA,\nB,A\nC,B\n", 4, "/parent", "a village under a village"),
        ("unit,water\nA,85\n", 2, "/values/water", "a share without a unit"),
        ("unit,water\nA,1 %\nA,2 %\n", 3, "/unit", "appears twice"),
        ("unit,year\nA,năm nay\n", 2, "/year", "expected a year"),
        ("unit,water\nA,900/836 hộ\n", 2, "/values/water", "larger than the whole"),
    ],
)
def test_csv_errors_name_row_and_column(
    tmp_path: Path, text: str, line: int, path: str, message: str
) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(text, encoding="utf-8")

    def read_and_evaluate() -> None:
        for unit in ntm.read_observations(file):  # value problems surface when a set reads them
            ntm.evaluate(SET, unit)

    with pytest.raises(ObservationError) as info:
        read_and_evaluate()
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.path) == (str(file), line, path)
    assert message in problem.message


def test_village_value_errors_point_at_the_village_row(tmp_path: Path) -> None:
    file = tmp_path / "v.csv"
    file.write_text("unit,parent,year\nA,,2024\nB,A,2023\n", encoding="utf-8")
    with pytest.raises(ObservationError) as info:
        ntm.read_observations(file)
    [problem] = info.value.problems
    assert (problem.line, problem.path) == (3, "/year")


def test_json_yaml_and_lists(tmp_path: Path) -> None:
    data = [
        {
            "unit": "A",
            "year": 2024,
            "values": {
                "water": "80,5 %",
                "income": {"value": 52.15, "unit": "triệu đồng/người/năm"},
            },
        },
        {"unit": "B", "values": {"health": "Chưa đạt"}},
    ]
    json_path = tmp_path / "o.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    a, b = ntm.read_observations(json_path)
    assert a.observe(SET.measure("income")).quantity.magnitude == Fraction("52.15")  # type: ignore[union-attr]
    assert b.observe(SET.measure("health")).flag is False  # type: ignore[union-attr]
    dup = tmp_path / "dup.json"
    dup.write_text('{"unit": "A", "unit": "B"}', encoding="utf-8")
    with pytest.raises(ObservationError, match="duplicate key 'unit'"):
        ntm.read_observations(dup)
    yaml_dup = tmp_path / "dup.yaml"
    yaml_dup.write_text("unit: A\nvalues:\n  water: 1 %\n  water: 2 %\n", encoding="utf-8")
    with pytest.raises(ObservationError) as info:
        ntm.read_observations(yaml_dup)
    assert (info.value.problems[0].line, info.value.problems[0].path) == (4, "/values/water")
    with pytest.raises(ObservationError, match=r"unknown file type '\.txt'"):
        ntm.read_observations(tmp_path / "o.txt")


def test_dataframes() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {
            "unit": ["A", "B"],
            "year": [2024, 2024],
            "water [%]": [80.5, float("nan")],
            "schools": [3, 1],
            "health": ["Đạt", None],
        }
    )
    a, b = ntm.read_observations(frame)
    assert a.observe(SET.measure("water")).quantity == ntm.Quantity(Fraction("80.5"), "%")  # type: ignore[union-attr]
    assert b.observe(SET.measure("water")) is None  # NaN is no data
    assert b.observe(SET.measure("schools")).quantity == ntm.Quantity(1, "trường")  # type: ignore[union-attr]


def test_indicator_numbers_as_keys_and_did_you_mean() -> None:
    obs = ntm.Observations.from_dict(
        {
            "unit": "A",
            "year": 2024,
            "set": SET.id,
            "values": {"17.1": "90 %", "income": "50 triệu đồng/người/năm"},
        },
        sets=LOOKUP,
    )
    assert set(obs.values) == {"water", "income"}
    assert ntm.evaluate(SET, obs).indicators["17.1"].status is ntm.Status.ACHIEVED
    with pytest.raises(ObservationError) as info:
        ntm.Observations.from_dict(
            {
                "unit": "A",
                "set": SET.id,
                "values": {"incme": "50 triệu đồng/người/năm", "17.1": "1 %", "water": "2 %"},
            },
            sets=LOOKUP,
        )
    messages = {p.path: p.message for p in info.value.problems}
    assert "did you mean 'income'?" in messages["/values/incme"]
    assert "a second time" in messages["/values/water"]


def test_reading_never_mutates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(CSV, encoding="utf-8")
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    ntm.read_observations(path)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_observation_schema() -> None:
    schema = ntm.observation_schema(SET)
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "unit": "A",
        "year": 2024,
        "set": SET.id,
        "values": {
            "income": "52,15 triệu đồng/người/năm",
            "water": "669/836 hộ",
            "health": "Đạt",
            "17.1": {"value": "80 %", "claimed": "đạt"},
            "school_level": "mức độ 2",
            "schools": 3,
        },
    }
    assert list(validator.iter_errors(good)) == []
    bad = {"unit": "A", "values": {"water": "85", "health": "tốt", "colour": "red"}}
    where = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(bad))
    assert where == ["values", "values/health", "values/water"]


def test_templates_fill_and_read_back(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = ntm.template(SET, "xlsx", tmp_path / "t.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Xã"]
    assert [c.value for c in sheet[7]] == [
        "Mã số",
        "Chỉ tiêu",
        "Nội dung",
        "Yêu cầu",
        "Giá trị",
        "Đơn vị",
        "Nguồn",
        "Ghi chú",
    ]
    sheet["B2"], sheet["B5"] = "Xã Thử", 2024
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=8)}
    assert rows["water"][3].value == "≥ 85 %"
    assert any("Đạt,Chưa đạt" in str(v.formula1) for v in sheet.data_validations.dataValidation)
    rows["income"][4].value = 52.15
    rows["water"][4].value, rows["water"][5].value = "669/836", "hộ"
    rows["health"][4].value = "Đạt"
    rows["water"][6].value = "Báo cáo 2024, tr. 3"
    workbook.save(tmp_path / "filled.xlsx")
    [unit] = ntm.read_observations(tmp_path / "filled.xlsx", sets=LOOKUP)
    result = ntm.evaluate(SET, unit)
    assert result.indicators["10"].status is ntm.Status.ACHIEVED
    assert result.indicators["17.1"].gap.units_needed == 42  # type: ignore[union-attr]
    assert unit.values["water"].source == "Báo cáo 2024, tr. 3"
    text = ntm.template(SET, "yaml")
    assert "# 17.1. Nước sạch [%] — yêu cầu: ≥ 85 %" in str(text)
    csv_text = str(ntm.template(SET, "csv"))
    filled = csv_text.replace("\n,commune,testprov,,,", "\nXã Thử,commune,testprov,2024,,").replace(
        f"{SET.id}\n", f"{SET.id}\n", 1
    )
    csv_path = tmp_path / "t.csv"
    csv_path.write_text(filled, encoding="utf-8")
    [from_csv] = ntm.read_observations(csv_path, sets=LOOKUP)
    assert from_csv.unit.name == "Xã Thử" and from_csv.year == 2024


value_forms = {
    "income": st.one_of(
        st.decimals(min_value=0, max_value=200, places=2).map(
            lambda d: f"{str(d).replace('.', ',')} triệu đồng/người/năm"
        ),
        st.fractions(min_value=0, max_value=200, max_denominator=100).map(
            lambda f: (
                {"value": float(f), "unit": "triệu đồng/người/năm"}
                if float(f) == f
                else {"value": int(f), "unit": "triệu đồng/người/năm"}
            )
        ),
    ),
    "water": st.integers(min_value=1, max_value=3000).flatmap(
        lambda d: st.integers(min_value=0, max_value=d).map(lambda n: f"{n}/{d} hộ")
    ),
    "health": st.sampled_from(["Đạt", "Chưa đạt", True, False]),
    "school_level": st.sampled_from(["mức độ 1", "mức độ 2", 3]),
    "schools": st.integers(min_value=0, max_value=20),
}
extras = st.fixed_dictionaries(
    {},
    optional={
        "source": st.text(alphabet="abcđươ .,0123", min_size=1, max_size=10).filter(
            lambda s: s.strip() == s and s
        ),
        "claimed": st.booleans(),
        "claimed_threshold": st.sampled_from([">= 85 %", "≥ 39 triệu đồng/người/năm", "Đạt"]),
    },
)


@st.composite
def units(draw: st.DrawFn) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, form in value_forms.items():
        if draw(st.booleans()):
            value = draw(form)
            more = draw(extras)
            if more:
                value = {**(value if isinstance(value, dict) else {"value": value}), **more}
            values[key] = value
    villages = [
        {"unit": f"Thôn {i}", "values": {"health": draw(value_forms["health"])}}
        for i in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    return {
        "unit": {"name": "Xã Thử", "province": "Hà Tĩnh"},
        "year": 2024,
        "context": {
            "schools": draw(st.integers(min_value=0, max_value=9)),
            "coastal": draw(st.booleans()),
        },
        "values": values,
        "villages": villages,
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(units(), st.sampled_from(["yaml", "json", "csv", "xlsx"]))
def test_round_trip_every_format(tmp_path: Path, data: dict[str, Any], fmt: str) -> None:
    original = [ntm.Observations.from_dict(data)]
    path = ntm.write_observations(original, tmp_path / f"round.{fmt}")
    again = ntm.read_observations(path)
    assert semantics(again) == semantics(original)


def test_errors_a_commune_official_reads_are_in_vietnamese_too(tmp_path: Path) -> None:
    file = tmp_path / "obs.csv"
    file.write_text("unit,parent,water\nA,,85\nB,Nowhere,\n", encoding="utf-8")
    with pytest.raises(ObservationError) as info:
        ntm.read_observations(file)
    [problem] = info.value.problems
    assert problem.message_vi == "không có dòng xã nào tên 'Nowhere'"
    file.write_text("unit,water\nA,85\n", encoding="utf-8")
    [unit] = ntm.read_observations(file)
    with pytest.raises(ObservationError) as info:
        ntm.evaluate(SET, unit)
    [problem] = info.value.problems
    assert problem.message_vi is not None
    assert problem.message_vi.startswith("tỷ lệ thiếu đơn vị: 85 là 85 % hay một phân số?")
    assert f"{file}:2 /values/water: a share without a unit" in str(problem)
    assert " — tỷ lệ thiếu đơn vị" in str(problem)


def test_template_with_a_sheet_per_village(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from test_composition import MODEL, REGISTRY

    path = ntm.template(
        MODEL, "xlsx", tmp_path / "t.xlsx", villages=["Thôn Một", "Thôn Hai"], resolve=REGISTRY.get
    )
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Xã", "Thôn Một", "Thôn Hai"]
    workbook["Xã"]["B2"], workbook["Xã"]["B5"] = "Xã Thử", 2024
    for name in ("Thôn Một", "Thôn Hai"):
        rows = {row[0].value: row for row in workbook[name].iter_rows(min_row=8)}
        assert set(rows) == {"wifi", "cameras"}
        rows["wifi"][4].value = "Đạt"
        rows["cameras"][4].value = "Đạt" if name == "Thôn Một" else "Chưa đạt"
    workbook.save(tmp_path / "filled.xlsx")
    [commune] = ntm.read_observations(tmp_path / "filled.xlsx", sets=REGISTRY.get)
    assert [v.unit.name for v in commune.villages] == ["Thôn Một", "Thôn Hai"]
    result = ntm.evaluate(MODEL, commune, registry=REGISTRY)
    smart = next(c for c in result.conditions if c.rule.vi.startswith("K4."))
    assert smart.status is ntm.Status.ACHIEVED
    assert dict(smart.details) == {
        "Thôn Một": ntm.Status.ACHIEVED,
        "Thôn Hai": ntm.Status.NOT_ACHIEVED,
    }


def test_every_template_line_names_its_indicator_and_what_it_asks(tmp_path: Path) -> None:
    """A measure read by another indicator's requirement (for each sex, ``for_measure``) says the
    indicator and what is asked of it, in every format (these lines read "# . … — yêu cầu: ")."""
    from openpyxl import load_workbook

    example = ntm.registry().get("example/xa-ntm-trich/2022-2025")
    text = ntm.template(example, "yaml")
    assert isinstance(text, str)
    comments = [line.strip() for line in text.splitlines() if line.startswith("  #")]
    assert "# 15.1. Tỷ lệ người dân tham gia bảo hiểm y tế (nam) [%] — yêu cầu: ≥ 90 %" in comments
    assert any(
        c.startswith("# 17.1. ") and c.endswith("tập trung [%] — yêu cầu: ≥ 20 %") for c in comments
    )
    for registry_set in ntm.registry():
        criteria_set = ntm.registry().get(registry_set)
        for line in str(ntm.template(criteria_set, "yaml")).splitlines():
            assert not line.lstrip().startswith("# ."), (registry_set, line)
            assert not line.rstrip().endswith("yêu cầu:"), (registry_set, line)
    csv_titles = str(ntm.template(example, "csv")).splitlines()[1]
    assert "15.1 Tỷ lệ người dân tham gia bảo hiểm y tế (nữ) (≥ 90 %)" in csv_titles
    workbook = load_workbook(ntm.template(example, "xlsx", tmp_path / "t.xlsx"))
    rows = {row[0].value: row for row in workbook["Xã"].iter_rows(min_row=8)}
    assert rows["health_insurance_rate_female"][1].value == "15.1"
    assert rows["health_insurance_rate_female"][3].value == "≥ 90 %"
    assert rows["households_piped_water_rate"][3].value == "≥ 20 %"
