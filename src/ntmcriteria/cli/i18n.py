"""The command's own language: help texts, errors and prompts in Vietnamese or English.

One message catalogue (GNU gettext, domain ``ntmcriteria``): the English texts in the code are the
message ids, their Vietnamese translations live in ``ntmcriteria/locale/vi/LC_MESSAGES/
ntmcriteria.po``, compiled to the ``.mo`` that the standard library's :mod:`gettext` reads
(``make messages`` extracts and compiles them with Babel; a test checks that both are complete and
current). Messages are marked ``_("… {name} …")`` and formatted after translation; the help of
every command and option is translated as the command tree is built (:func:`localize`).

The language is Vietnamese when ``--lang vi`` is given (anywhere on the command line, as a global
option ``ntm --lang vi …`` or a command's), else when ``NTM_LANG`` says so, else when the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``) is Vietnamese; English otherwise.
"""

from __future__ import annotations

import contextlib
import gettext
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ..core.text import Lang

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "_",
    "_n",
    "active_lang",
    "choose_lang",
    "library_message",
    "localize",
    "speaking",
    "usage_message",
]

DOMAIN = "ntmcriteria"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_NULL = gettext.NullTranslations()
_current: ContextVar[tuple[Lang, gettext.NullTranslations]] = ContextVar(
    "ntmcriteria_cli_language", default=("en", _NULL)
)


def _(message: str) -> str:
    """``message`` in the command's current language."""
    return _current.get()[1].gettext(message)


def _n(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count`` in the current language."""
    return _current.get()[1].ngettext(singular, plural, count)


def active_lang() -> Lang:
    """The command's current language."""
    return _current.get()[0]


def _lang_of(value: str | None) -> Lang | None:
    if not value:
        return None
    head = value.strip().lower().replace("-", "_")
    if head.startswith("vi"):
        return "vi"
    if head.startswith(("en", "c", "posix")):
        return "en"
    return None


def choose_lang(argv: Sequence[str], environ: Mapping[str, str]) -> Lang:
    """The language the command speaks for ``argv`` in ``environ`` (see the module's text)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = _lang_of(argv[index + 1])
        elif arg.startswith("--lang="):
            found = _lang_of(arg.partition("=")[2])
        else:
            continue
        if found is not None:
            return found
    explicit = _lang_of(environ.get("NTM_LANG"))
    if explicit is not None:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX: the first one set decides
        if environ.get(name):
            found = _lang_of(environ[name])
            if found == "vi":
                return "vi"
            break
    first = (environ.get("LANGUAGE") or "").split(":")[0]
    return "vi" if _lang_of(first) == "vi" else "en"


def translations(lang: Lang) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English is the code's own text)."""
    if lang == "en":
        return _NULL
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


#: typer's own words in its help panels and errors, which it reads from these module names
_TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "REQUIRED_LONG_STRING": "[required]",
    "DEFAULT_STRING": "[default: {}]",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
    "ABORTED_TEXT": "Aborted.",
}


@contextlib.contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Within the block, messages and typer's own words are in ``lang``."""
    catalogue = translations(lang)
    token = _current.set((lang, catalogue))
    saved: dict[str, Any] = {}
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - typer without rich
        rich_utils = None  # type: ignore[assignment]
    if rich_utils is not None:
        for name, english in _TYPER_WORDS.items():
            if hasattr(rich_utils, name):
                saved[name] = getattr(rich_utils, name)
                setattr(rich_utils, name, catalogue.gettext(english))
    formatter = _help_formatter()
    write_usage = formatter.write_usage
    usage = catalogue.gettext("Usage:") + " "

    def translated_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, usage if prefix is None else prefix)

    formatter.write_usage = translated_usage
    try:
        yield
    finally:
        formatter.write_usage = write_usage
        for name, value in saved.items():
            setattr(rich_utils, name, value)
        _current.reset(token)


def _help_formatter() -> Any:
    """The help formatter class that writes typer's usage line ("Usage: ntm …"): that of the
    click typer vendors (typer ≥ 0.20), or click's own."""
    import importlib

    try:
        module = importlib.import_module("typer._click.formatting")
    except ImportError:  # an older typer, on click
        module = importlib.import_module("click.formatting")
    return module.HelpFormatter


def usage_message(message: str) -> str:
    """A usage error of the command line (typer's English) in the current language: the
    common shapes are translated, anything else is left as it reads."""
    import re

    shapes = (
        (r"Missing argument (?P<name>.+?)\.(?P<rest>.*)", _("Missing argument {name}.")),
        (r"Missing option (?P<name>.+?)\.(?P<rest>.*)", _("Missing option {name}.")),
        (r"No such command (?P<name>'[^']*')\.(?P<rest>.*)", _("No such command {name}.")),
        (r"No such option: (?P<name>\S+)(?P<rest>.*)", _("No such option: {name}")),
        (r"Invalid value for (?P<name>.+?): (?P<rest>.*)", _("Invalid value for {name}:")),
        (
            r"Got unexpected extra arguments? \((?P<name>.*)\)(?P<rest>)",
            _("Got unexpected extra arguments ({name})"),
        ),
    )
    kinds = {  # what an option's type said of a value (typer's validation messages)
        "integer": _("expected a whole number"),
        "number": _("expected a number"),
    }
    for pattern, template in shapes:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found is None:
            continue
        rest = found.group("rest")
        rest = re.sub(
            r"\bDid you mean (.+)\?",
            lambda m: _("Did you mean {names}?").format(names=m.group(1)),
            rest,
        )
        rest = re.sub(
            r"\(Possible options: (.+)\)",
            lambda m: "(" + _("Possible options: {names}").format(names=m.group(1)) + ")",
            rest,
        )
        rest = re.sub(
            r"Input should be a valid (integer|number)(?:, unable to parse string as an? \1)?",
            lambda m: kinds[m.group(1)],
            rest,
        )
        return template.format(name=found.group("name")) + (
            rest if rest.startswith(" ") or not rest else " " + rest
        )
    return message


def library_message(message: str) -> str:
    """A message of the library's errors in the current language: the ones an official meets
    most (an unknown set, a file that is not there) are translated, the others left as they
    read (they are mostly for pack authors)."""
    import re

    shapes = (
        (
            r"unknown criteria set (?P<id>'[^']*'); did you mean (?P<names>.+?)\? "
            r"\(ntm sets lists them all\)(?P<rest>.*)",
            _("unknown criteria set {id}; did you mean {names}? (ntm sets lists them all)"),
        ),
        (
            r"unknown criteria set (?P<id>'[^']*') \((?P<count>\d+) installed: ntm sets lists "
            r"them\)(?P<rest>.*)",
            _("unknown criteria set {id} ({count} installed: ntm sets lists them)"),
        ),
        (
            r"(?P<path>.+): a different file is there; it is never written over(?P<rest>)",
            _("{path}: a different file is there; it is never written over"),
        ),
        (r"no example (?P<name>'[^']*'): (?P<rest>.*)", _("no example {name}: ")),
        (
            r"on: expected a date such as 2026-06-01 \(YYYY-MM-DD\), got (?P<value>.+?)(?P<rest>)",
            _("--on: expected a date such as 2026-06-01 (YYYY-MM-DD), got {value}"),
        ),
    )
    for pattern, template in shapes:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found is not None:
            fields = found.groupdict()
            rest = fields.pop("rest")
            if "names" in fields:
                fields["names"] = fields["names"].replace(" or ", _(" or "))
            return template.format(**fields) + rest
    return message.replace(
        "cannot read: No such file or directory", _("cannot read: No such file or directory")
    )


def help_texts(command: Any) -> Iterator[str]:
    """Every help text of a click command tree (the command's, its options', its
    sub-commands'), for the catalogue."""
    for text in (command.help, command.short_help, getattr(command, "epilog", None)):
        if text:
            yield text
    for param in command.params:
        if getattr(param, "help", None):
            yield param.help
    for sub in getattr(command, "commands", {}).values():
        yield from help_texts(sub)


def localize(command: Any) -> Any:
    """Translate the help of a click command tree in place into the current language."""
    catalogue = _current.get()[1]
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, catalogue.gettext(text))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = catalogue.gettext(param.help)
    for attribute in ("options_metavar", "subcommand_metavar"):  # [OPTIONS], COMMAND [ARGS]...
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, catalogue.gettext(text))
    original = command.get_help_option

    def help_option(ctx: Any, _original: Any = original) -> Any:  # "--help" in this language
        option = _original(ctx)
        if option is not None and option.help:
            option.help = catalogue.gettext(option.help)
        return option

    command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        localize(sub)
    return command
