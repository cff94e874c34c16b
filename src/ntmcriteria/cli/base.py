"""The ``ntm`` application and its sub-commands' groups (``ntm pack``, ``ntm obs``), shared by the
command modules."""

from __future__ import annotations

import os
import re
from typing import Annotated

import typer

from ..core.errors import NtmError, Problem
from .i18n import _, _n, active_lang, library_message

app = typer.Typer(
    name="ntm",
    help="New Rural Development (Nông thôn mới) criteria: evaluate units, manage criteria packs.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, pwsh
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("ntmcriteria")
        except PackageNotFoundError:  # pragma: no cover - run from a source tree
            found = "(not installed)"
        typer.echo(f"ntm (ntmcriteria) {found}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="The command's language, vi or en (default: the locale's; NTM_LANG sets it).",
        ),
    ] = None,
) -> None:
    """New Rural Development (Nông thôn mới) criteria: evaluate units, manage criteria packs."""
    if lang is not None and lang not in ("vi", "en"):
        raise _fail(_("--lang must be vi or en, not {value!r}").format(value=lang))
    if debug:
        os.environ["NTM_DEBUG"] = "1"


pack_app = typer.Typer(help="Validate and scaffold criteria packs.", no_args_is_help=True)
app.add_typer(pack_app, name="pack")


obs_app = typer.Typer(help="Observation files: validate, fill-in templates.", no_args_is_help=True)
app.add_typer(obs_app, name="obs")

#: ``--sheet``: which sheet of a workbook to read
SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", help="XLSX: the sheet to read (default: the only sheet holding data)."),
]


# C0 and C1 control characters (but tab and newline), DEL, and the bidirectional overrides
# ("Trojan source"): what a name or a value read from a file could use to drive a terminal
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: each control character written as ``\\uXXXX``
    (so JSON stays valid JSON)."""
    return _CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``message`` (to standard error with ``err``), its control characters escaped."""
    typer.echo(printable(message), err=err, nl=nl)


def _fail(message: str, code: int = 2) -> typer.Exit:
    echo(_("error: {message}").format(message=message), err=True)
    return typer.Exit(code)


def problem_text(problem: Problem) -> str:
    """A problem in the command's language: its Vietnamese message when it has one and the
    command speaks Vietnamese, its English message otherwise."""
    place = ""
    if problem.file:
        place = problem.file + (f":{problem.line}" if problem.line is not None else "") + " "
    message = library_message(problem.message)
    if active_lang() == "vi" and problem.message_vi:
        message = problem.message_vi
    return f"{place}{problem.path}: {message}" if problem.path else f"{place}{message}"


def error_text(exc: Exception) -> str:
    """An error of the library in the command's language: a list of problems with its header
    translated and each problem as :func:`problem_text` gives it; other errors as they read."""
    problems: tuple[Problem, ...] | None = getattr(exc, "problems", None)
    if not problems or not isinstance(exc, NtmError):
        return library_message(str(exc))
    subject = getattr(exc, "subject", None)
    what = getattr(exc, "what", "input")
    header = _("invalid {what}").format(what=_(what))
    if subject:
        header += f" {subject!r}"
    lines = [
        _n("{header}: {count} problem", "{header}: {count} problems", len(problems)).format(
            header=header, count=len(problems)
        )
    ]
    lines += [f"  - {problem_text(problem)}" for problem in problems]
    return "\n".join(lines)
