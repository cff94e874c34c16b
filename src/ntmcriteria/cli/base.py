"""The ``ntm`` application and its sub-commands' groups (``ntm pack``, ``ntm obs``), shared by the
command modules."""

from __future__ import annotations

import os
import re
from typing import Annotated

import typer

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
) -> None:
    """New Rural Development (Nông thôn mới) criteria: evaluate units, manage criteria packs."""
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
    echo(f"error: {message}", err=True)
    return typer.Exit(code)
