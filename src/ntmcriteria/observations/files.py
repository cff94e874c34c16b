"""Observation files: YAML, JSON, CSV, XLSX and pandas DataFrames, read strictly and written back.

Every reader returns a list of :class:`~ntmcriteria.observations.Observations` (one per commune,
with its villages nested). Tabular sources have one row per unit:

=====================================  ====================================================
column                                 meaning
=====================================  ====================================================
``unit`` (required)                    the unit's name
``level``, ``province``, ``region``,   the unit (level defaults to commune, or village for a
``district``, ``code``                 row with a ``parent``)
``year``                               the assessment year
``parent``                             the commune a village row belongs to
``set``                                the set the row was written for (indicator numbers
                                       may then be used as columns)
``context.<fact>``, ``choice.<key>``   context facts and choices
``<measure>`` or ``<measure> [unit]``  a value; the bracketed unit applies to bare numbers
``<measure>.source`` / ``.note`` /     the value's source, note, and the verdict and
``.claimed`` / ``.claimed_threshold``  threshold the report itself states, and its error
/ ``.error``                           (``± 2 triệu đồng/người/năm``, for Monte Carlo)
=====================================  ====================================================

An empty cell is "no data". Rows whose first cell starts with ``#`` are comments (the CSV
template's Vietnamese header row). Every problem names the file, the row and the column.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..core.errors import ArgumentError, ObservationError, Problem
from ..core.numbers import check_number_style
from ..core.units import NumberStyle, parse_ratio
from .model import Observations, _from_tree
from .table import Row, blank_cell, csv_records, plain_cell, row_problem, skipped_row
from .template_sheets import is_template, template_rows
from .tree import _load_tree, read_bytes, read_text
from .workbook import open_workbook

if TYPE_CHECKING:
    from ..criteria.model import CriteriaSet

__all__ = [
    "Format",
    "read_observations",
    "rows_to_observations",
]

Format = Literal["yaml", "json", "csv", "xlsx"]
SetLookup = Callable[[str], "CriteriaSet"]

UNIT_COLUMNS = ("unit", "level", "province", "region", "district", "code", "year", "parent", "set")
EXTRAS = ("source", "note", "claimed", "claimed_threshold", "error")
_HEADER = re.compile(r"^(?P<key>[^\[\]]+?)\s*(?:\[(?P<unit>[^\]]*)\])?$")
_TRUE_WORDS = {"true", "đúng", "có", "yes"}
_FALSE_WORDS = {"false", "sai", "không", "no"}


def _format_of(path: Path) -> Format:
    suffix = path.suffix.lower()
    formats: dict[str, Format] = {
        ".yaml": "yaml",
        ".yml": "yaml",
        ".json": "json",
        ".csv": "csv",
        ".xlsx": "xlsx",
    }
    if suffix not in formats:
        raise ObservationError(
            [
                Problem(
                    "",
                    f"unknown file type {suffix or '(none)'!r}: expected .yaml, .yml, "
                    ".json, .csv or .xlsx",
                    file=str(path),
                )
            ]
        )
    return formats[suffix]


def read_observations(
    source: str | Path | Any,
    *,
    number_style: NumberStyle = "vi",
    sets: SetLookup | None = None,
    sheet: str | None = None,
) -> list[Observations]:
    """Read every unit of a YAML, JSON, CSV or XLSX file, or of a pandas DataFrame.

    A YAML/JSON file holds one unit (a mapping) or several (a list). An XLSX workbook is read
    from its fill-in template sheets, or from ``sheet``, or from the only sheet holding data
    (several, or a hidden one, are refused). Reading never writes to the source. Raises
    :class:`ObservationError` listing every problem, with file, row/line and place.

    >>> import ntmcriteria as ntm
    >>> [tay_ho] = ntm.read_observations(ntm.example_path("tay-ho-2024.yaml"))
    >>> tay_ho.unit.name, [village.unit.name for village in tay_ho.villages]
    ('Tây Hồ', ['Nam Thượng'])
    """
    check_number_style(number_style)
    if sheet is not None and not isinstance(sheet, str):
        raise ArgumentError(f"sheet: expected a sheet name (a str), got {sheet!r}")
    if hasattr(source, "to_dict") and hasattr(source, "columns"):
        return _read_frame(source, number_style, sets)
    path = Path(source)
    kind = _format_of(path)
    origin = str(path)
    if kind == "xlsx":
        return _read_xlsx(read_bytes(path), origin, number_style, sets, sheet)
    if sheet is not None:
        raise ObservationError([Problem("", f"a {kind.upper()} file has no sheets", file=origin)])
    text = read_text(path)
    if kind == "csv":
        rows = _csv_rows(text, origin)
        return rows_to_observations(rows, origin=origin, number_style=number_style, sets=sets)
    data, lines = _load_tree(text, kind, origin)
    return _from_tree(data, origin, number_style, sets, lines)


# --- rows ---------------------------------------------------------------------------------------


def _csv_rows(text: str, origin: str) -> list[Row]:
    """The rows of a CSV text, each with the line it starts on; every row the table rule refuses
    (:mod:`.table`: a short row, a filled cell beyond the columns) is reported with its line."""
    header: list[str] | None = None
    width = 0
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, cells in csv_records(io.StringIO(text, newline=""), origin):
        if skipped_row(cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            width = len(header)
            while header and not header[-1]:
                header.pop()
            _check_header(header, origin, line)
            continue
        problem = row_problem(cells, len(header), width, origin, line)
        if problem is not None:
            problems.append(problem)
            continue
        rows.append((line, dict(zip(header, cells[: len(header)], strict=True))))
    if header is None:
        raise ObservationError([Problem("", "no header row", file=origin)])
    if problems:
        raise ObservationError(problems, subject=origin)
    return rows


def _check_header(header: Sequence[str], origin: str | None, line: int | None) -> None:
    problems = []
    seen: set[str] = set()
    for column in header:
        key = _column_key(column)
        if key in seen:
            problems.append(
                Problem(f"/{column}", f"column {column!r} appears twice", file=origin, line=line)
            )
        seen.add(key)
    if "unit" not in seen:
        problems.append(
            Problem(
                "/unit",
                "missing: a 'unit' column with each unit's name",
                file=origin,
                line=line,
                message_vi="thiếu cột 'unit' ghi tên từng đơn vị",
            )
        )
    if problems:
        raise ObservationError(problems, subject=origin)


def _column_key(column: str) -> str:
    match = _HEADER.match(column.strip())
    return match["key"].strip() if match else column.strip()


def _fact(cell: Any, style: NumberStyle) -> Any:
    if not isinstance(cell, str):
        return cell
    word = cell.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    from ..core.units import UnitError, parse_number

    try:
        return parse_number(cell, style)
    except UnitError:
        return cell.strip()


def _row_data(cells: Mapping[str, Any], style: NumberStyle) -> dict[str, Any]:
    """The ``from_dict`` form of one row."""
    data: dict[str, Any] = {}
    unit: dict[str, Any] = {}
    values: dict[str, dict[str, Any]] = {}
    context: dict[str, Any] = {}
    choices: dict[str, Any] = {}
    extras: dict[tuple[str, str], Any] = {}
    recognitions: dict[str, dict[str, Any]] = {}
    for column, cell in cells.items():
        if blank_cell(cell):
            continue
        if isinstance(cell, str):
            cell = cell.strip()
        match = _HEADER.match(str(column).strip())
        key = match["key"].strip() if match else str(column)
        header_unit = match["unit"] if match else None
        if key == "unit":
            unit["name"] = str(cell)
        elif key in ("level", "province", "region", "district", "code"):
            unit[key] = str(cell)
        elif key == "year":
            data["year"] = _year(cell)
        elif key in ("parent", "set"):
            data[key] = str(cell)
        elif key.startswith("context."):
            context[key[len("context.") :]] = _fact(cell, style)
        elif key.startswith("choice."):
            choices[key[len("choice.") :]] = str(cell)
        elif key.startswith(RECOGNITION_PREFIX):
            _recognition_cell(key[len(RECOGNITION_PREFIX) :], cell, recognitions)
        elif "." in key and key.rsplit(".", 1)[1] in (*EXTRAS, "stated"):
            measure, extra = key.rsplit(".", 1)
            extras[(measure, extra)] = cell if extra == "claimed" else str(cell)
        else:
            reading: dict[str, Any] = {"value": cell}
            if header_unit is not None:
                reading["unit"] = header_unit.strip()
            values[key] = reading
    for (measure, extra), cell in extras.items():
        reading = values.setdefault(measure, {})
        if extra != "stated":
            reading[extra] = cell
            continue
        # "669/836 hộ" beside the report's own "85 %": counts and stated share together
        parsed = parse_ratio(str(reading.get("value", "")), style)
        if parsed is None:
            reading["value"] = cell
            continue
        numerator, denominator, count_unit = parsed
        reading.update(numerator=numerator, denominator=denominator, value=cell)
        if count_unit:
            reading["unit"] = count_unit
    if unit:
        data["unit"] = unit
    if values:
        data["values"] = values
    if recognitions:
        data["recognitions"] = list(recognitions.values())
    if context:
        data["context"] = context
    if choices:
        data["choices"] = choices
    return data


#: a recognition's columns: ``recognition.<set id or tier>`` holds its year (or "Đạt" when the
#: year is not known), ``recognition.<…>.decision``, ``.date``, ``.issuer``, ``.source`` the rest
RECOGNITION_PREFIX = "recognition."
RECOGNITION_FIELDS = ("decision", "date", "issuer", "source")


def _recognition_cell(rest: str, cell: Any, found: dict[str, dict[str, Any]]) -> None:
    name, _, field = rest.rpartition(".")
    if field not in RECOGNITION_FIELDS:
        name, field = rest, "year"
    entry = found.setdefault(name, {"set" if "/" in name else "tier": name})
    if field != "year":
        entry[field] = str(cell)
    elif not (isinstance(cell, str) and cell.strip().lower() in ("đạt", "có", "yes", "true")):
        entry["year"] = _year(cell)


def _year(cell: Any) -> Any:
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str) and cell.strip().isdigit():
        return int(cell.strip())
    return cell


def rows_to_observations(
    rows: Iterable[Row],
    *,
    origin: str | None = None,
    number_style: NumberStyle = "vi",
    sets: SetLookup | None = None,
) -> list[Observations]:
    """Units from ``(line, {column: cell})`` rows; villages join their ``parent`` commune."""
    problems: list[Problem] = []
    communes: dict[str, tuple[int, dict[str, Any]]] = {}
    order: list[str] = []
    villages: list[tuple[int, dict[str, Any]]] = []
    for line, cells in rows:
        data = _row_data(cells, number_style)
        name = data.get("unit", {}).get("name")
        if name is None:
            problems.append(
                Problem(
                    "/unit",
                    "missing: the unit's name",
                    file=origin,
                    line=line,
                    message_vi="thiếu tên đơn vị (cột unit)",
                )
            )
            continue
        if "parent" in data:
            villages.append((line, data))
        elif name in communes:
            problems.append(
                Problem(
                    "/unit",
                    f"unit {name!r} appears twice (also row {communes[name][0]})",
                    file=origin,
                    line=line,
                )
            )
        else:
            communes[name] = (line, data)
            order.append(name)
    village_lines: dict[str, list[int]] = {name: [] for name in communes}
    village_names = {data["unit"]["name"] for _, data in villages}
    for line, data in villages:
        parent = data.pop("parent")
        if parent not in communes:
            under_village = parent in village_names
            why = (
                "a village under a village" if under_village else f"no commune row named {parent!r}"
            )
            why_vi = (
                "thôn không thể thuộc một thôn khác"
                if under_village
                else f"không có dòng xã nào tên {parent!r}"
            )
            problems.append(Problem("/parent", why, file=origin, line=line, message_vi=why_vi))
            continue
        commune = communes[parent][1]
        unit = data["unit"]
        unit.setdefault("level", "village")
        if data.get("year") == commune.get("year"):
            data.pop("year", None)
        commune.setdefault("villages", []).append(data)
        village_lines[parent].append(line)
    found: list[Observations] = []
    for name in order:
        line, data = communes[name]
        local: list[Problem] = []
        row_lines = {"": line}
        for index, village_line in enumerate(village_lines[name]):
            row_lines[f"/villages/{index}"] = village_line
        observations = Observations._read(
            data, number_style, origin, "", None, local, sets, row_lines
        )
        for problem in local:
            where = line
            match = re.match(r"^/villages/(\d+)(/.*)?$", problem.path)
            if match:
                where = village_lines[name][int(match[1])]
                problem = attrs.evolve(problem, path=match[2] or "")
            problems.append(attrs.evolve(problem, file=origin, line=where))
        if observations is not None:
            found.append(observations)
    if problems:
        raise ObservationError(problems, subject=origin)
    return found


def _read_frame(frame: Any, style: NumberStyle, sets: SetLookup | None) -> list[Observations]:
    columns = [str(c) for c in frame.columns]
    _check_header(columns, None, None)
    records = frame.to_dict(orient="records")
    rows = [
        (index + 1, {str(k): plain_cell(v) for k, v in record.items()})
        for index, record in enumerate(records)
    ]
    return rows_to_observations(rows, number_style=style, sets=sets)


# --- XLSX ---------------------------------------------------------------------------------


def _read_xlsx(
    raw: bytes, origin: str, style: NumberStyle, sets: SetLookup | None, sheet: str | None
) -> list[Observations]:
    """A workbook: fill-in template sheets (one per unit), or one data sheet of rows
    (:mod:`.workbook` says which sheet, and refuses what it cannot read without guessing)."""
    with open_workbook(raw, origin) as book:
        if sheet is None:
            templates = [
                (s.title, [cells for _line, cells in s.rows()])
                for s in book.sheets
                if is_template(s)
            ]
            if templates:
                filled = template_rows(templates, origin)
                return rows_to_observations(filled, origin=origin, number_style=style, sets=sets)
        data = book.data_sheet(sheet)
        table = list(data.rows())
    rows_origin = data.origin
    header_at = next((i for i, (_line, cells) in enumerate(table) if not _skipped(cells)), None)
    if header_at is None:
        raise ObservationError([Problem("", f"sheet {data.title!r} is empty", file=origin)])
    header_line, header_cells = table[header_at]
    header = [str(c).strip() if c is not None else "" for c in header_cells]
    width = len(header)
    while header and not header[-1]:
        header.pop()
    _check_header(header, rows_origin, header_line)
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, cells in table[header_at + 1 :]:
        if _skipped(cells):
            continue
        text = ["" if blank_cell(c) else "x" for c in cells]  # the table rule looks at emptiness
        text += [""] * (len(header) - len(text))
        problem = row_problem(text, len(header), width, rows_origin, line)
        if problem is not None:
            problems.append(problem)
            continue
        rows.append((line, {h: plain_cell(c) for h, c in zip(header, cells, strict=False) if h}))
    if problems:
        raise ObservationError(problems, subject=rows_origin)
    return rows_to_observations(rows, origin=rows_origin, number_style=style, sets=sets)


def _skipped(cells: Sequence[Any]) -> bool:
    """A row of empty cells, or a comment (first cell ``#…``), as the CSV rule has it."""
    return all(blank_cell(c) for c in cells) or (
        isinstance(cells[0], str) and cells[0].strip().startswith("#")
    )
