"""``ntm sets``, ``ntm packs``, ``ntm schema``, ``ntm show``, ``ntm examples``: what is installed,
what did not load, and the example communes shipped with the library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import attrs
import typer

from ..core.errors import NtmError
from ..packs.registry import Registry, registry
from .base import _fail, app, echo, error_text
from .i18n import _

__all__ = ["examples", "packs", "schema", "sets", "show"]


@app.command()
def sets(
    province: Annotated[str | None, typer.Option(help="Only this province (ASCII id).")] = None,
    tier: Annotated[str | None, typer.Option(help="Only this tier.")] = None,
    level: Annotated[str | None, typer.Option(help="commune or village.")] = None,
    on: Annotated[str | None, typer.Option(help="In force on this date (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the listing as JSON.")] = False,
) -> None:
    """List the installed criteria sets, with their pack and version.

    Example: ntm sets --province hatinh --on 2024-06-01
    """
    found = registry()
    try:
        chosen = {s.id for s in found.find(province=province, tier=tier, level=level, on=on)}
    except (NtmError, ValueError) as exc:
        raise _fail(error_text(exc)) from None
    entries = [e for e in found.listing() if e.id in chosen]
    if as_json:
        echo(json.dumps([attrs.asdict(e) for e in entries], ensure_ascii=False, indent=2))
    else:
        for entry in entries:
            echo(f"{entry.id}  [{entry.pack} {entry.version or ''}]  {entry.title}")
    _warn_problems(found)


def _warn_problems(found: Registry) -> int:
    """Print every pack and set that did not load, and every duplicate id; how many."""
    for problem in found.problems:
        echo(_("warning: {problem}").format(problem=problem), err=True)
    for set_id, owners in found.duplicates.items():
        echo(
            _("warning: set {set!r} is defined by more than one pack: {packs}").format(
                set=set_id, packs=", ".join(owners)
            ),
            err=True,
        )
    for name, close in found.unknown_blocked:
        hint = _("; did you mean {name!r}?").format(name=close[0]) if close else ""
        echo(
            _("warning: NTMCRITERIA_BLOCK names {name!r}, which is not installed").format(name=name)
            + hint,
            err=True,
        )
    return len(found.problems) + len(found.duplicates)


@app.command()
def packs(
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit 1 when a pack or one of its sets did not load."),
    ] = False,
) -> None:
    """List the installed packs with their version, sets and what did not load.

    Example: ntm packs --check
    """
    found = registry()
    for pack in found.packs:
        state = _("ok") if pack.ok else _("FAILED: {error}").format(error=pack.error)
        if pack.blocked:
            state = _("blocked (NTMCRITERIA_BLOCK)")
        elif pack.ok and pack.problems:
            state = _("{count} set(s) did not load").format(count=len(pack.problems))
        echo(
            _("{pack} {version} ({distribution}): {count} sets, {state}").format(
                pack=pack.name,
                version=pack.version or "",
                distribution=pack.distribution or "-",
                count=len(pack.sets),
                state=state,
            )
        )
    if _warn_problems(found) and check:
        raise typer.Exit(1)


@app.command()
def schema(
    set_id: Annotated[str, typer.Argument(help="The criteria set id.")],
) -> None:
    """Print the JSON Schema of an observation file for a set (for editors and tools).

    Example: ntm schema hatinh/xa-ntm/2022-2025 > so-lieu.schema.json
    """
    from ..observations.templates import observation_schema

    try:
        criteria_set = registry().get(set_id)
    except NtmError as exc:
        raise _fail(error_text(exc)) from None
    echo(json.dumps(observation_schema(criteria_set), ensure_ascii=False, indent=2))


@app.command()
def show(
    set_id: Annotated[str, typer.Argument(help="The criteria set id.")],
    lang: Annotated[str, typer.Option(help="Language: vi or en.")] = "vi",
) -> None:
    """A set as a tree of groups, criteria, indicators, requirements and sources.

    Example: ntm show dongthap/lang-thong-minh/2023 --lang en
    """
    from ..packs.packdocs import show_text

    try:
        echo(show_text(registry().get(set_id), lang))
    except (NtmError, ValueError) as exc:
        raise _fail(error_text(exc)) from None


@app.command()
def examples(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Example files (all when none is named).", metavar="NAME"),
    ] = None,
    copy: Annotated[
        Path | None, typer.Option("--copy", help="Copy them into this folder.", metavar="DIR")
    ] = None,
) -> None:
    """The example communes shipped with the library (values from their reports, each with its
    line): list them, or copy them where you can open, change and evaluate them.

    Example: ntm examples --copy . && ntm evaluate ky-chau-2022.yaml --assess
    """
    from ..observations.examples import copy_examples, example_names, example_path
    from ..observations.files import read_observations

    chosen = list(names or example_names())
    try:
        if copy is not None:
            for path, written in copy_examples(copy, chosen):
                message = _("copied {path}") if written else _("{path} is already there")
                echo(message.format(path=path))
            return
        for name in chosen:
            [unit] = read_observations(example_path(name))
            place = f" ({unit.unit.province})" if unit.unit.province else ""
            villages = ", ".join(village.unit.name for village in unit.villages)
            with_villages = " — " + villages if villages else ""
            echo(f"{name}  {unit.unit.name}{place}, {unit.year}{with_villages}")
    except (NtmError, OSError) as exc:
        raise _fail(error_text(exc)) from None
