"""The ``ntm`` command: evaluate observations, list sets, validate and scaffold packs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import NtmError
from ..core.files import check_output, write_text_atomically
from ..evaluation.session import evaluate as evaluate_set
from ..observations.files import read_observations
from ..packs.registry import registry
from .base import SheetOption, _fail, app, echo, error_text, obs_app, problem_text
from .hints import warn_near_misses
from .i18n import _, _n

if TYPE_CHECKING:
    from ..evaluation.results import SetResult
    from ..report.docx import Meta


@obs_app.command("validate")
def obs_validate(
    path: Annotated[Path, typer.Argument(help="Observation file: YAML, JSON, CSV or XLSX.")],
    set_id: Annotated[str, typer.Option("--set", help="The criteria set it is for.")],
    sheet: SheetOption = None,
) -> None:
    """Check an observation file against a set; exit 1 listing every problem (vi and en).

    Example: ntm obs validate so-lieu.yaml --set hatinh/xa-ntm/2022-2025
    """
    from ..observations.templates import validate_observations

    try:
        criteria_set = registry().get(set_id)
    except NtmError as exc:
        raise _fail(error_text(exc)) from None
    problems = validate_observations(path, criteria_set, sheet=sheet)
    for problem in problems:
        echo(problem_text(problem), err=True)
    if problems:
        echo(
            _n("{count} problem", "{count} problems", len(problems)).format(count=len(problems)),
            err=True,
        )
        raise typer.Exit(1)
    echo(_("ok {path}: valid for {set}").format(path=path, set=set_id))


@obs_app.command("template")
def obs_template(
    set_id: Annotated[str, typer.Option("--set", help="The criteria set to fill in.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="File to write (.xlsx, .yaml, .csv).")
    ],
    villages: Annotated[int, typer.Option(help="How many village entries to add.")] = 0,
) -> None:
    """Write a fill-in template (Vietnamese headers, requirement beside each row).

    Example: ntm obs template --set hatinh/xa-ntm/2022-2025 -o mau-nhap.xlsx --villages 3
    """
    _write_template(set_id, output, villages)


@app.command("template")
def template_command(
    set_id: Annotated[str, typer.Argument(help="The criteria set to fill in.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="File to write (.xlsx, .yaml, .csv).")
    ],
    villages: Annotated[int, typer.Option(help="How many village entries to add.")] = 0,
) -> None:
    """Write a fill-in template for SET (same as ntm obs template --set SET).

    Example: ntm template hatinh/xa-ntm/2022-2025 -o mau-nhap.xlsx --villages 3
    """
    _write_template(set_id, output, villages)


def _write_template(set_id: str, output: Path, villages: int) -> None:
    from ..observations.templates import template

    if villages < 0:
        raise _fail(_("--villages must be 0 or more"))
    suffix = output.suffix.lower().lstrip(".")
    kind = {"yml": "yaml"}.get(suffix, suffix)
    if kind not in ("xlsx", "yaml", "csv"):
        raise _fail(_("the output must end in .xlsx, .yaml or .csv"))
    try:
        criteria_set = registry().get(set_id)
        template(criteria_set, kind, output, villages=villages)  # type: ignore[arg-type]
    except NtmError as exc:
        raise _fail(error_text(exc)) from None
    echo(_("created {path}").format(path=output))


@app.command()
def evaluate(
    observations: Annotated[
        Path, typer.Argument(help="Observations of one unit (YAML, JSON, CSV or XLSX).")
    ],
    set_id: Annotated[
        str | None, typer.Option("--set", help="The criteria set id (default: the file's set).")
    ] = None,
    ladder: Annotated[
        bool,
        typer.Option(
            "--assess", help="Instead of one set, every tier in force for the unit (the ladder)."
        ),
    ] = False,
    year: Annotated[int | None, typer.Option(help="Assessment year (default: the file's).")] = None,
    lang: Annotated[str, typer.Option(help="Report language: vi or en.")] = "vi",
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table, json, md, html, xlsx or docx (default: from -o FILE's extension,"
            " else table).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
    check: Annotated[
        bool,
        typer.Option(
            help="Exit 1 when the unit does not achieve the set (with --assess: no tier at all)."
        ),
    ] = False,
    sheet: SheetOption = None,
    meta: Annotated[
        Path | None,
        typer.Option(
            "--meta",
            help="docx: a YAML file of the heading and signature (office, superior, number, "
            "place, date, signer_title, signer_name).",
        ),
    ] = None,
) -> None:
    """Evaluate a unit's observations against a criteria set (or its tier ladder) and report.

    Example: ntm evaluate ky-chau-2022.yaml --set hatinh/xa-ntm/2022-2025

    Example: ntm evaluate doc-binh-kieu-2024.yaml --assess --format html -o
    bao-cao.html
    """
    from .. import report

    if lang not in ("vi", "en"):
        raise _fail(_("--lang must be vi or en, not {value!r}").format(value=lang))
    if as_json and output_format not in (None, "json"):
        raise _fail(
            _("give either --json or --format {format}, not both").format(format=output_format)
        )
    requested = "json" if as_json else output_format
    if requested is not None and requested not in _FORMATS:
        raise _fail(
            _("--format must be table, json, md, html, xlsx or docx, not {value!r}").format(
                value=requested
            )
        )
    implied = _BY_EXTENSION.get(output.suffix.lower()) if output is not None else None
    if requested is not None and implied is not None and requested != implied:
        assert output is not None
        raise _fail(
            _(
                "--format {format} contradicts -o {file} (a {kind} file): give one or the other"
            ).format(format=requested, file=output.name, kind=implied)
        )
    kind = requested or implied or "table"
    if kind in ("xlsx", "docx") and output is None:
        raise _fail(_("--format {kind} writes a file: give -o FILE.{kind}").format(kind=kind))
    if meta is not None and kind != "docx":
        raise _fail(_("--meta fills the heading of a Word document: use it with -o FILE.docx"))
    if set_id is not None and ladder:
        raise _fail(_("give either --set SET (one criteria set) or --assess (every tier)"))
    try:
        if output is not None:  # before anything is read: never over the input
            check_output(output, [observations])
        units = read_observations(observations, sheet=sheet)
        if len(units) != 1:
            raise _fail(
                _("{file} holds {count} units; evaluate one at a time").format(
                    file=observations, count=len(units)
                )
            )
        set_id = set_id or units[0].set_id
        if set_id is None and not ladder:  # no set given or named: every tier in force
            echo(
                _("{file} names no set: every tier in force for {unit} (--assess)").format(
                    file=observations.name, unit=units[0].unit.name
                ),
                err=True,
            )
            ladder = True
        if ladder:
            from ..evaluation.assess import assess as assess_unit

            assessment = assess_unit(units[0], year=year)
            if not assessment.steps:
                raise _fail(
                    _(
                        "no criteria set in force for {unit} ({province}, {level}, {year});"
                        " see ntm sets"
                    ).format(
                        unit=units[0].unit.name,
                        province=units[0].unit.province or _("no province"),
                        level=units[0].unit.level,
                        year=year or units[0].year,
                    )
                )
        else:
            assert set_id is not None
            result = evaluate_set(set_id, units[0], year=year)
    except NtmError as exc:
        raise _fail(error_text(exc)) from None
    subject = assessment if ladder else result
    warn_near_misses([step.result for step in assessment.steps] if ladder else [result])
    if output is not None:
        try:
            if kind == "xlsx":
                written = report.write_xlsx(subject, output, lang)
            elif kind == "docx":
                written = report.write_docx(subject, output, lang, _read_meta(meta, observations))
            else:
                written = write_text_atomically(output, report.render(subject, kind, lang))
        except NtmError as exc:
            raise _fail(error_text(exc)) from None
        echo(_("wrote {path}").format(path=written))
    else:
        echo(report.render(subject, kind, lang), nl=False)
    failed = (assessment.achieved is None) if ladder else (result.achieved is not True)
    if check and failed:
        raise typer.Exit(1)


_FORMATS = ("table", "json", "md", "html", "xlsx", "docx")
#: the format an output file's extension names
_BY_EXTENSION = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".json": "json",
    ".txt": "table",
}


def _read_meta(path: Path | None, observations: Path) -> Meta | None:
    """The ``--meta`` file's heading and signature fields (YAML), or None."""
    if path is None:
        return None
    from ..core.documents import DocumentError, load_yaml
    from ..core.files import read_input
    from ..report import docx as report_meta

    try:
        data, _node = load_yaml(read_input(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(_("{path}: cannot read: {error}").format(path=path, error=exc)) from None
    except DocumentError as exc:
        raise _fail(f"{path}: {exc.problem}") from None
    try:
        return report_meta.read_meta(data)
    except NtmError as exc:
        raise _fail(f"{path}: {exc}") from None


@app.command()
def audit(
    observations: Annotated[Path, typer.Argument(help="Observations with the report's claims.")],
    set_id: Annotated[
        str | None,
        typer.Option("--set", help="The criteria set (default: the file's, else every tier)."),
    ] = None,
    lang: Annotated[str, typer.Option(help="Language: vi or en.")] = "vi",
    sheet: SheetOption = None,
) -> None:
    """The report's claimed verdicts and quoted thresholds against the computed ones.

    One line per disagreement; exit 1 when there is any. Without --set the file's own set is
    used, and when it names none every set evaluated for the unit's tiers (prerequisites,
    outstanding fields and villages included). Example:
    ntm audit tay-ho-2024.yaml
    """
    from ..evaluation.assess import assess as assess_unit
    from ..evaluation.results import AuditFinding
    from ..evaluation.session import Session

    if lang not in ("vi", "en"):
        raise _fail(_("--lang must be vi or en, not {value!r}").format(value=lang))
    try:
        units = read_observations(observations, sheet=sheet)
        if len(units) != 1:
            raise _fail(
                _("{file} holds {count} units; audit one at a time").format(
                    file=observations, count=len(units)
                )
            )
        observed = {u.unit.name: u for u in (units[0], *units[0].villages)}

        def unit_values(result: SetResult) -> set[str]:
            found = observed.get(result.unit.name)
            return set(found.values) if found is not None else set()

        [unit] = units
        chosen = set_id or unit.set_id
        if chosen is not None:
            results = [evaluate_set(chosen, unit)]
        else:
            session = Session()
            if not assess_unit(unit, session=session).steps:
                raise _fail(
                    _("no criteria set in force for {unit}; give --set").format(unit=unit.unit.name)
                )
            results = [
                result
                for observed in (unit, *unit.villages)
                for result in session.results_for(observed)
            ]
    except NtmError as exc:
        raise _fail(error_text(exc)) from None
    # one finding once: a stated percentage no set uses is found by every set evaluated; it is
    # shown where a set names it by its indicator, else where it was first found
    shown: dict[tuple[str, str, str], tuple[str, AuditFinding]] = {}
    for result in results:
        prefix = f"{result.unit.name} [{result.set_id}] " if chosen is None else ""
        for finding in result.audit:
            key = (result.unit.name, finding.message.en, finding.source or finding.indicator)
            earlier = shown.get(key)
            by_value = earlier is not None and earlier[1].indicator in unit_values(result)
            if earlier is None or (by_value and finding.indicator not in unit_values(result)):
                shown[key] = (prefix, finding)
    for prefix, finding in shown.values():
        where = f"  [{finding.source}]" if finding.source else ""
        echo(f"{prefix}{finding.indicator} {finding.kind}: {finding.message.get(lang)}{where}")
    if shown:
        raise typer.Exit(1)
    echo("no disagreement" if lang == "en" else "không có điểm khác biệt")


@app.command()
def assess(
    observations: Annotated[
        Path, typer.Argument(help="Observations of one unit (YAML, JSON, CSV or XLSX).")
    ],
    year: Annotated[int | None, typer.Option(help="Assessment year (default: the file's).")] = None,
    lang: Annotated[str, typer.Option(help="Report language: vi or en.")] = "vi",
    as_json: Annotated[bool, typer.Option("--json", help="Print the ladder as JSON.")] = False,
    sheet: SheetOption = None,
) -> None:
    """The unit's highest tier achieved and what is missing for the next.

    Example: ntm assess doc-binh-kieu-2024.yaml
    """
    from ..evaluation.assess import assess as assess_unit

    if lang not in ("vi", "en"):
        raise _fail(_("--lang must be vi or en, not {value!r}").format(value=lang))
    try:
        units = read_observations(observations, sheet=sheet)
        if len(units) != 1:
            raise _fail(
                _("{file} holds {count} units; assess one at a time").format(
                    file=observations, count=len(units)
                )
            )
        ladder = assess_unit(units[0], year=year)
    except NtmError as exc:
        raise _fail(error_text(exc)) from None
    if as_json:
        echo(json.dumps(ladder.to_dict(), ensure_ascii=False, indent=2))
    else:
        echo(ladder.to_text(lang))


@app.command()
def batch(
    table: Annotated[Path, typer.Argument(help="CSV or XLSX, one row per unit.")],
    set_id: Annotated[str, typer.Option("--set", help="The criteria set id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Result file (.csv or .json).")],
    year: Annotated[int | None, typer.Option(help="Assessment year (default: each row's).")] = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="CSV: add every criterion, indicator and condition.")
    ] = False,
    sheet: SheetOption = None,
) -> None:
    """Evaluate every unit of a table, a chunk of rows at a time, and write one line per unit.

    Example: ntm batch communes.csv --set hatinh/xa-ntm/2022-2025 -o results.csv
    """
    from ..evaluation.batch import rows_in, run_batch
    from ..packs.registry import registry as installed

    try:
        criteria_set = installed().get(set_id)
        if sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task(_("evaluating"), total=rows_in(table, sheet))
                report = run_batch(
                    criteria_set,
                    table,
                    output,
                    year=year,
                    wide=wide,
                    sheet=sheet,
                    progress=lambda done: bar.update(task, completed=done),
                )
        else:
            report = run_batch(criteria_set, table, output, year=year, wide=wide, sheet=sheet)
    except NtmError as exc:
        raise _fail(error_text(exc)) from None
    echo(
        _("wrote {path} ({units} units, {achieved} achieved)").format(
            path=report.output, units=report.units, achieved=report.achieved
        )
    )
