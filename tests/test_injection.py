"""Text from a file is never run: no formula in a spreadsheet we write, no control sequence on a
terminal we print to."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest
from helpers import EXAMPLES
from openpyxl import load_workbook

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.cli.base import printable
from ntmcriteria.core.files import csv_text
from ntmcriteria.observations.writing import write_observations
from ntmcriteria.report import write_xlsx

HATINH = "hatinh/xa-ntm/2022-2025"
EXAMPLE = "example/xa-ntm-trich/2022-2025"
HOSTILE = ['=HYPERLINK("http://evil.example","Xã A")', "+SUM(1;2)", "-2+3", "@cmd", "\tXã B"]


def _named(name: str) -> ntm.Observations:
    [base] = ntm.read_observations(EXAMPLES / "ky-chau-2022.yaml")
    return attrs.evolve(base, unit=attrs.evolve(base.unit, name=name))


@pytest.mark.parametrize("name", HOSTILE)
def test_csv_text_follows_the_owasp_rule(name: str) -> None:
    assert csv_text(name) == "'" + name
    assert csv_text("Xã Kỳ Châu") == "Xã Kỳ Châu"
    assert csv_text("") == ""


def test_batch_csv_never_starts_a_cell_with_a_formula(tmp_path: Path) -> None:
    table = write_observations([_named(n) for n in HOSTILE], tmp_path / "communes.xlsx")
    out = tmp_path / "results.csv"
    assert main(["batch", str(table), "--set", HATINH, "-o", str(out)]) == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    # a leading tab is space around the name: left out, as the observation reader does
    assert [row[0] for row in rows[1:]] == [*("'" + n for n in HOSTILE[:-1]), "Xã B"]


def test_workbooks_hold_hostile_names_as_text(tmp_path: Path) -> None:
    unit = _named(HOSTILE[0])
    result = ntm.evaluate(EXAMPLE, unit)
    for path in (
        write_xlsx(result, tmp_path / "report.xlsx"),
        write_xlsx(ntm.assess(unit), tmp_path / "ladder.xlsx"),
        write_observations([unit], tmp_path / "observations.xlsx"),
    ):
        cells = [c for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path
        assert any(HOSTILE[0] in str(c.value) for c in cells), path
    # the observations file reads back with the name as it was
    [back] = ntm.read_observations(tmp_path / "observations.xlsx")
    assert back.unit.name == HOSTILE[0]


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("Xã Kỳ Châu\tĐạt\n") == "Xã Kỳ Châu\tĐạt\n"
    assert (
        printable("\x1b[2J\x07\r\x7f\x9b\u202e") == "\\u001b[2J\\u0007\\u000d\\u007f\\u009b\\u202e"
    )


def test_ntm_prints_no_control_sequence_from_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unit = _named("Xã \x1b[31mĐỏ\x07")
    path = write_observations([unit], tmp_path / "unit.yaml")
    for output_format in ("table", "md", "json"):
        main(["evaluate", str(path), "--set", EXAMPLE, "--format", output_format])
        captured = capsys.readouterr()
        assert "\x1b" not in captured.out and "\x07" not in captured.out
        assert "\\u001b[31mĐỏ\\u0007" in captured.out


def test_a_new_line_in_a_title_or_name_never_breaks_a_file_we_write() -> None:
    """A pack title or a unit name with a new line (a YAML literal block allows one) stays on its
    line: the YAML template still parses (a title is a comment), a Markdown heading stays one."""
    import yaml

    from ntmcriteria.report.markdown import to_markdown

    base = ntm.registry().get(EXAMPLE)
    measure = base.measures["income_per_capita"]
    titled = attrs.evolve(measure, title=ntm.Text("Thu nhập\nnew: 1", "Income\n# x"))
    hostile = attrs.evolve(
        base,
        title=ntm.Text("Bộ\nvalues: {x: 1}", "Set\n# heading"),
        measures={**base.measures, "income_per_capita": titled},
    )
    text = str(ntm.template(hostile, "yaml"))
    data = yaml.safe_load(text)
    assert set(data) == {"unit", "year", "set", "values"}
    assert data["values"]["income_per_capita"] is None and "new" not in data["values"]
    unit = attrs.evolve(_named("Xã A\n# B"), year=2024)
    markdown = to_markdown(ntm.evaluate(hostile, unit), "en")
    lines = markdown.splitlines()
    assert lines[0] == "# Set # heading"
    assert any(line.startswith("- Unit: Xã A # B") for line in lines)
    assert sum(1 for line in lines if line.startswith("# ")) == 1
