"""The entry point of ``ntm``: the language it speaks, the command tree, and how each kind of
error ends (one line and an exit code; a traceback only with ``NTM_DEBUG=1``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

from .base import app, echo
from .i18n import _, choose_lang, localize, speaking, usage_message

__all__ = ["main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ntm`` with ``argv``; return the exit code (for ``python -m ntmcriteria``).

    Exit codes: 0 done, 1 evaluated and not achieved (``--check``) or disagreements found
    (``audit``) or invalid files (``validate``), 2 bad input, 3 internal error (the traceback is
    printed only with ``NTM_DEBUG=1``).
    """
    args = list(argv) if argv is not None else sys.argv[1:]
    with speaking(choose_lang(args, os.environ)):
        return _run(args)


def _run(args: list[str]) -> int:
    try:
        command = localize(typer.main.get_command(app))
        # without standalone mode click returns the code of a typer.Exit instead of exiting
        code = command.main(args=args, prog_name="ntm", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # click's own usage errors
        return int(exc.code or 0)
    except Exception as exc:  # click.ClickException and friends print themselves
        if hasattr(exc, "format_message") and hasattr(exc, "ctx"):  # a usage error
            return _usage_error(exc)
        show = getattr(exc, "show", None)
        if callable(show):
            show()
            return int(getattr(exc, "exit_code", 2))
        if os.environ.get("NTM_DEBUG") == "1":
            raise
        echo(
            _("internal error: {kind}: {error} (NTM_DEBUG=1 shows the traceback)").format(
                kind=type(exc).__name__, error=exc
            ),
            err=True,
        )
        return 3
    return code if isinstance(code, int) else 0


def _usage_error(exc: Any) -> int:
    """A usage error of the command line, as click prints it, in the command's language."""
    context = exc.ctx
    if context is not None:
        echo(context.get_usage(), err=True)
        if context.command.get_help_option(context) is not None:
            echo(
                _("Try '{command} {option}' for help.").format(
                    command=context.command_path, option=context.help_option_names[0]
                ),
                err=True,
            )
        echo(err=True)
    echo(_("Error: {message}").format(message=usage_message(exc.format_message())), err=True)
    return int(getattr(exc, "exit_code", 2))


def run() -> None:
    """The installed ``ntm`` script: :func:`main` on the process's arguments, its result as the
    exit code (so ``ntm`` and ``python -m ntmcriteria`` behave alike)."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
