"""The ``ntm`` application and its sub-commands' groups (``ntm pack``, ``ntm obs``), shared by the
command modules."""

from __future__ import annotations

import os
from typing import Annotated

import typer

app = typer.Typer(
    name="ntm",
    help="New Rural Development (Nông thôn mới) criteria: evaluate units, manage criteria packs.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """New Rural Development (Nông thôn mới) criteria: evaluate units, manage criteria packs."""
    if debug:
        os.environ["NTM_DEBUG"] = "1"


pack_app = typer.Typer(help="Validate and scaffold criteria packs.", no_args_is_help=True)
app.add_typer(pack_app, name="pack")


obs_app = typer.Typer(help="Observation files: validate, fill-in templates.", no_args_is_help=True)
app.add_typer(obs_app, name="obs")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)
