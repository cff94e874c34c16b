"""Fill-in templates and the JSON Schema of a set's observation file.

``template(criteria_set, "xlsx" | "yaml" | "csv")`` writes a file a commune official fills in:
Vietnamese headers, the requirement beside each row, a Đạt/Chưa đạt drop-down for yes/no measures
and, in the workbook, a sheet per village for the village sets the commune set refers to. A filled
template reads back with :func:`ntmcriteria.readers.read_observations` and evaluates.

``observation_schema(criteria_set)`` is the JSON Schema (draft 2020-12) of an observation file
for that set: the measures, their value forms, units and enumerations.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from ..core.errors import ArgumentError, ObservationError, Problem, check_choice
from ..core.files import save_workbook, write_text_atomically
from ..core.text import Text, one_line
from ..core.values import MeasureKind, level_text
from ..criteria.composition import VillageQuota, VillagesAchieving
from ..criteria.model import CriteriaSet, Measure
from .template_sheets import TEMPLATE_COLUMNS, TEMPLATE_MARK

__all__ = ["observation_schema", "template", "validate_observations", "village_sets"]

TemplateFormat = Literal["xlsx", "yaml", "csv"]
_BOOLEAN_CHOICES = ("Đạt", "Chưa đạt")


def village_sets(
    criteria_set: CriteriaSet, resolve: Callable[[str], CriteriaSet] | None = None
) -> list[CriteriaSet]:
    """The village sets a commune set's rules refer to (smart village, model village …)."""
    ids: list[str] = []
    rules = [c.rule for c in criteria_set.composition]
    rules += [i.rule for i in criteria_set.indicators() if i.rule is not None]
    for rule in rules:
        for part in rule.walk():
            if isinstance(part, VillagesAchieving | VillageQuota) and part.set_id not in ids:
                ids.append(part.set_id)
    if not ids:
        return []
    if resolve is None:
        from ..packs.registry import registry

        resolve = registry().get
    return [resolve(set_id) for set_id in ids]


def _requirements(criteria_set: CriteriaSet) -> dict[str, tuple[list[str], list[Text]]]:
    """Measure id → (indicator ids, requirement texts)."""
    found: dict[str, tuple[list[str], list[Text]]] = {}
    for indicator in criteria_set.indicators():
        if indicator.measure is None:
            continue
        ids, texts = found.setdefault(indicator.measure, ([], []))
        ids.append(indicator.id)
        texts.append(indicator.describe())
        for requirement in indicator.requirement.walk() if indicator.requirement else ():
            for other, text in requirement.other_measures():
                other_ids, other_texts = found.setdefault(other, ([], []))
                other_ids.append(indicator.id)
                other_texts.append(text)
    return found


def _unit_hint(measure: Measure) -> str:
    if measure.kind is MeasureKind.BOOLEAN:
        return ""
    if measure.kind is MeasureKind.LEVEL:
        return measure.unit
    return measure.unit


def template(
    criteria_set: CriteriaSet,
    format: TemplateFormat = "xlsx",
    path: str | Path | None = None,
    *,
    villages: int | Sequence[str] = 0,
    resolve: Callable[[str], CriteriaSet] | None = None,
) -> Path | str:
    """Write (to ``path``) or return (as text, for yaml/csv) a fill-in template for a set.

    ``villages`` adds that many village entries (or the named villages) for the village sets
    the commune set's rules refer to.

    >>> import ntmcriteria as ntm
    >>> text = ntm.template(ntm.registry().get("example/xa-ntm-trich/2022-2025"), "yaml")
    >>> "income_per_capita" in text
    True
    """
    if not isinstance(criteria_set, CriteriaSet):
        raise ArgumentError(
            f"criteria_set: expected a CriteriaSet, got {type(criteria_set).__name__}"
        )
    check_choice(format, ("xlsx", "yaml", "csv"), "format")
    if isinstance(villages, bool) or (isinstance(villages, int) and villages < 0):
        raise ArgumentError(f"villages: expected a count (0 or more) or names, got {villages!r}")
    names = (
        [f"Thôn {i}" for i in range(1, villages + 1)]
        if isinstance(villages, int)
        else list(villages)
    )
    village_set_list = village_sets(criteria_set, resolve) if names else []
    if format == "xlsx":
        if path is None:
            raise ArgumentError("path: an xlsx template is written to a file; give its path")
        return _xlsx(criteria_set, Path(path), names, village_set_list)
    text = (_yaml if format == "yaml" else _csv)(criteria_set, names, village_set_list)
    if path is None:
        return text
    return write_text_atomically(path, text)


def _measure_rows(criteria_set: CriteriaSet) -> list[tuple[Measure, str, str]]:
    requirements = _requirements(criteria_set)
    rows = []
    for measure in criteria_set.measures.values():
        ids, texts = requirements.get(measure.id, ([], []))
        rows.append((measure, ", ".join(ids), "; ".join(t.vi for t in texts)))
    return rows


def _yaml(criteria_set: CriteriaSet, villages: list[str], village_list: list[CriteriaSet]) -> str:
    level = "commune" if criteria_set.level == "commune" else "village"
    lines = [
        f"# Phiếu nhập số liệu — {one_line(criteria_set.title.vi)}",
        f'# Bộ tiêu chí: {criteria_set.id}. Điền giá trị kèm đơn vị ("52,15 triệu đồng/người/năm",',
        '# "669/836 hộ", "83,5 %", "Đạt"). Để trống (null) khi chưa có số liệu.',
        "unit:",
        "  name:            # tên xã / thôn",
        f"  level: {level}",
        f"  province: {criteria_set.province or ''}".rstrip(),
        "year:              # năm đánh giá",
        f"set: {criteria_set.id}",
        "values:",
    ]
    lines += _yaml_values(criteria_set, "  ")
    if villages and village_list:
        lines.append("villages:")
        for name in villages:
            lines += [f"  - unit: {name}", "    values:"]
            for village_set in village_list:
                lines.append(f"      # {one_line(village_set.title.vi)} ({village_set.id})")
                lines += _yaml_values(village_set, "      ")
    return "\n".join(lines) + "\n"


def _yaml_values(criteria_set: CriteriaSet, indent: str) -> list[str]:
    lines = []
    for measure, ids, requirement in _measure_rows(criteria_set):
        hint = f" [{measure.unit}]" if measure.unit else ""
        number = f"{ids}. " if ids else ""
        asked = f" — yêu cầu: {requirement}" if requirement else ""
        lines.append(f"{indent}# {one_line(number + measure.title.vi + hint + asked)}")
        lines.append(f"{indent}{measure.id}: null")
    return lines


def _csv(criteria_set: CriteriaSet, villages: list[str], village_list: list[CriteriaSet]) -> str:
    measures = list(criteria_set.measures.values())
    for village_set in village_list:
        measures += [m for m in village_set.measures.values() if m not in measures]
    columns = ["unit", "level", "province", "year", "parent", "set"]
    titles = ["# Tên đơn vị", "Cấp", "Tỉnh", "Năm", "Thuộc xã", "Bộ tiêu chí"]
    requirements = _requirements(criteria_set)
    for village_set in village_list:
        for key, (ids, texts) in _requirements(village_set).items():
            requirements.setdefault(key, (ids, texts))
    for measure in measures:
        unit = measure.unit if measure.kind is not MeasureKind.BOOLEAN else ""
        columns.append(f"{measure.id} [{unit}]" if unit else measure.id)
        ids, texts = requirements.get(measure.id, ([], []))
        needed = "; ".join(t.vi for t in texts)
        numbered = f"{', '.join(ids)} {measure.title.vi}".strip()
        titles.append(numbered + (f" ({needed})" if needed else ""))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow(titles)
    blank = [""] * (len(columns) - 6)  # every row has a cell for each column (empty: no data)
    commune = ["", criteria_set.level, criteria_set.province or "", "", "", criteria_set.id]
    writer.writerow(commune + blank)
    for name in villages:
        writer.writerow([name, "village", criteria_set.province or "", "", "", "", *blank])
    return buffer.getvalue()


def _xlsx(
    criteria_set: CriteriaSet, path: Path, villages: list[str], village_list: list[CriteriaSet]
) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)

    def sheet(title: str, sets: list[CriteriaSet], level: str, name: str | None) -> None:
        ws = workbook.create_sheet(title[:31])
        ws.append([TEMPLATE_MARK, "Phiếu nhập số liệu — điền cột “Giá trị”, để trống khi chưa có"])
        ws.append(["Đơn vị", name])
        ws.append(["Cấp", level])
        ws.append(["Tỉnh", sets[0].province or ""])
        ws.append(["Năm đánh giá", None])
        ws.append(["Bộ tiêu chí", sets[0].id if len(sets) == 1 else None])
        ws.append(list(TEMPLATE_COLUMNS))
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        choices = DataValidation(
            type="list", formula1=f'"{",".join(_BOOLEAN_CHOICES)}"', allow_blank=True
        )
        ws.add_data_validation(choices)
        for criteria_set in sets:
            for measure, ids, requirement in _measure_rows(criteria_set):
                ws.append(
                    [
                        measure.id,
                        ids,
                        measure.title.vi,
                        requirement,
                        None,
                        _unit_hint(measure),
                        None,
                        None,
                    ]
                )
                value_cell = ws.cell(row=ws.max_row, column=5)
                if measure.kind is MeasureKind.BOOLEAN:
                    choices.add(value_cell)
                elif measure.kind is MeasureKind.LEVEL and measure.levels:
                    listed = ",".join(
                        level_text(i + 1, measure.unit, measure.levels).vi
                        for i in range(len(measure.levels))
                    )
                    levels = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
                    ws.add_data_validation(levels)
                    levels.add(value_cell)
        for column, width in zip("ABCDEFGH", (30, 12, 60, 36, 22, 22, 30, 30), strict=True):
            ws.column_dimensions[column].width = width
        for row in ws.iter_rows(min_row=8):
            row[2].alignment = Alignment(wrap_text=True, vertical="top")
            row[3].alignment = Alignment(wrap_text=True, vertical="top")

    sheet(
        "Xã" if criteria_set.level == "commune" else "Thôn",
        [criteria_set],
        criteria_set.level,
        None,
    )
    for name in villages:
        if village_list:
            sheet(name, village_list, "village", name)
    return save_workbook(workbook, path)


# --- observation schema ------------------------------------------------------------------------


def _value_schema(measure: Measure) -> dict[str, Any]:
    title = measure.title.vi
    unit = measure.unit
    extras = {
        "source": {
            "type": "string",
            "title": "Nguồn",
            "description": "Where the value comes from.",
        },
        "note": {"type": "string", "title": "Ghi chú", "description": "A note on the value."},
        "claimed": {
            "enum": ["Đạt", "Chưa đạt", "đạt", "chưa đạt", True, False],
            "title": "Báo cáo đánh giá",
            "description": "The verdict the report states.",
        },
        "claimed_threshold": {
            "type": "string",
            "title": "Ngưỡng báo cáo trích",
            "description": "The threshold the report quotes ('≥ 80 %').",
        },
        "error": {
            "type": ["string", "number"],
            "title": "Sai số",
            "description": "The value's error (a standard deviation) for Monte Carlo: "
            "'± 2 triệu đồng/người/năm'.",
        },
    }
    number = {"type": ["number", "string"]}
    if measure.kind is MeasureKind.BOOLEAN:
        plain: dict[str, Any] = {
            "enum": [
                "Đạt",
                "Chưa đạt",
                "Có",
                "Không",
                "đạt",
                "chưa đạt",
                "có",
                "không",
                True,
                False,
            ]
        }
    elif measure.kind is MeasureKind.LEVEL:
        plain = {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": r"^(mức( độ)?|level)\s*\d+$|^\d+\s*sao$"},
                *([{"enum": list(measure.levels)}] if measure.levels else []),
            ]
        }
    elif measure.kind is MeasureKind.COUNT:
        plain = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]}
    elif measure.kind is MeasureKind.RATIO:
        plain = {
            "type": "string",
            "pattern": r"^\s*[\d.,]+\s*(/\s*[\d.,]+.*|%.*|‰.*)$",
            "description": "A share: '80,02 %' or '669/836 hộ' (a bare number is refused).",
        }
    else:
        plain = {"type": "string", "description": f"A number with its unit, e.g. '52,15 {unit}'."}
    structured = {
        "type": "object",
        "properties": {
            "value": {},
            "unit": {"type": "string"},
            "numerator": number,
            "denominator": number,
            **extras,
        },
        "additionalProperties": False,
    }
    return {
        "title": title,
        "description": f"{measure.kind.value}" + (f" [{unit}]" if unit else ""),
        "anyOf": [plain, structured, {"type": "null"}],
    }


def observation_schema(criteria_set: CriteriaSet) -> dict[str, Any]:
    """The JSON Schema of an observation file for ``criteria_set``.

    Every measure of the set is a property of ``values`` (indicator numbers too); none is
    required, because a missing value is "no data". Unknown keys are refused.

    >>> import ntmcriteria as ntm
    >>> schema = ntm.observation_schema(ntm.registry().get("example/xa-ntm-trich/2022-2025"))
    >>> "income_per_capita" in schema["properties"]["values"]["properties"]
    True
    """
    values = {m.id: _value_schema(m) for m in criteria_set.measures.values()}
    for indicator in criteria_set.indicators():
        if indicator.measure is not None and indicator.id not in values:
            values[indicator.id] = {
                **values[indicator.measure],
                "title": f"{indicator.id}: {indicator.title.vi}",
            }
    unit = {
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    k: {"type": "string"}
                    for k in ("name", "level", "province", "region", "district", "code")
                },
            },
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Observations for {criteria_set.id}",
        "description": f"Số liệu đánh giá theo {criteria_set.title.vi}",
        "type": "object",
        "required": ["unit"],
        "additionalProperties": False,
        "properties": {
            "unit": unit,
            "year": {"type": "integer", "minimum": 1900, "maximum": 2199},
            "set": {"const": criteria_set.id},
            "context": {"type": "object"},
            "choices": {"type": "object", "additionalProperties": {"type": ["string", "integer"]}},
            "values": {"type": "object", "properties": values, "additionalProperties": False},
            "villages": {"type": "array", "items": {"type": "object"}},
            "recognitions": {
                "type": "array",
                "description": "Decisions recognising the unit as meeting a set or a tier",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "set": {"type": "string"},
                        "tier": {"type": "string"},
                        "year": {"type": "integer", "minimum": 1900, "maximum": 2199},
                        "decision": {"type": "string"},
                        "date": {"type": "string"},
                        "issuer": {"type": "string"},
                        "source": {"type": "string"},
                    },
                },
            },
        },
    }


def validate_observations(
    source: str | Path, criteria_set: CriteriaSet, *, sheet: str | None = None
) -> list[Problem]:
    """Every problem of an observation file for ``criteria_set``, located; empty when it is valid.

    The file is read (structure, numbers, villages), checked against
    :func:`observation_schema` when it is YAML or JSON, and every value is read as the set's
    measure. Keys the set does not know get a "did you mean".
    """
    import difflib

    import jsonschema

    from ..packs.schema import _schema_problems
    from .files import _format_of, read_observations
    from .tree import _line_of, _load_tree

    path = Path(source)
    try:
        units = read_observations(path, sets=lambda _id: criteria_set, sheet=sheet)
    except ObservationError as exc:
        return list(exc.problems)
    problems: list[Problem] = []
    if _format_of(path) in ("yaml", "json"):
        data, lines = _load_tree(path.read_text(encoding="utf-8-sig"), _format_of(path), str(path))
        validator = jsonschema.Draft202012Validator(observation_schema(criteria_set))
        items = data if isinstance(data, list) else [data]
        for index, item in enumerate(items):
            prefix = f"/{index}" if isinstance(data, list) else ""
            item = (
                {k: v for k, v in item.items() if k != "villages"}
                if isinstance(item, dict)
                else item
            )
            for error in validator.iter_errors(item):
                for problem in _schema_problems(error):
                    pointer = prefix + problem.path
                    problems.append(
                        Problem(
                            pointer, problem.message, file=str(path), line=_line_of(lines, pointer)
                        )
                    )
    known = sorted(
        {*criteria_set.measures, *(i.id for i in criteria_set.indicators() if i.measure)}
    )
    for unit in units:
        for key in unit.values:
            if key not in criteria_set.measures:
                close = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
                hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                problems.append(
                    Problem(
                        f"/values/{key}",
                        f"set {criteria_set.id!r} has no measure {key!r}{hint}",
                        file=unit.origin,
                        line=unit.lines.get(f"/values/{key}") or unit.lines.get(""),
                        message_vi=f"bộ tiêu chí không có số liệu {key!r}"
                        + (
                            f"; có phải là {' hoặc '.join(repr(c) for c in close)}?"
                            if close
                            else ""
                        ),
                    )
                )
        for measure in criteria_set.measures.values():
            try:
                unit.observe(measure)
            except ObservationError as exc:
                problems.extend(exc.problems)
    # one message per place: the reader's (bilingual) one wins over the schema's
    best: dict[str, Problem] = {}
    for problem in problems:
        if problem.path not in best or best[problem.path].message_vi is None:
            best[problem.path] = problem
    return sorted(best.values(), key=lambda p: (p.line or 0, p.path))
