"""The command's message catalogue: extract, merge, compile (``make messages``).

Extracts every message the command marks (``_("…")``, ``_n("…", "…", n)`` in
``src/ntmcriteria/cli``) with Babel, adds the help text of every command and option of the ``ntm``
command tree, merges them into ``src/ntmcriteria/locale/vi/LC_MESSAGES/ntmcriteria.po`` (keeping
the translations it has; a new message gets an empty one, a message no longer used is dropped) and
compiles the ``.mo`` next to it. ``python tools/messages.py --check`` changes nothing and exits 1
when a message is untranslated or the files are not current (the test suite runs the same check).
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "ntmcriteria" / "cli"
PO = ROOT / "src" / "ntmcriteria" / "locale" / "vi" / "LC_MESSAGES" / "ntmcriteria.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "_n": (1, 2)}

#: typer's and click's own words, which the command translates too (see ``cli/i18n.py``)
EXTRA = (
    "Arguments",
    "Options",
    "Commands",
    "Error",
    "[required]",
    "[default: {}]",
    "Try [blue]'{command_path} {help_option}'[/] for help.",
    "Aborted.",
    "Show this message and exit.",
    # click's usage line
    "Usage:",
    "[OPTIONS]",
    "COMMAND [ARGS]...",
    "input",
    "criteria set",
    "observations",
)


def wanted() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Every message id the command uses, with where it is used."""
    import typer

    from ntmcriteria.cli import app
    from ntmcriteria.cli.i18n import help_texts

    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCES), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        key: str | tuple[str, str] = message if isinstance(message, str) else tuple(message[:2])  # type: ignore[assignment]
        found.setdefault(key, []).append((f"src/ntmcriteria/cli/{filename}", lineno))
    for text in help_texts(typer.main.get_command(app)):
        found.setdefault(text, [])
    for text in EXTRA:
        found.setdefault(text, [])
    return found


#: the header's dates are fixed so that the files change only when the messages do
_FIXED = datetime.datetime(2026, 12, 4, tzinfo=datetime.UTC)


def _catalogue() -> Catalog:
    if PO.exists():
        with PO.open("rb") as handle:
            return read_po(handle, locale="vi", domain="ntmcriteria")
    return Catalog(locale="vi", domain="ntmcriteria")


def merged() -> Catalog:
    """The catalogue with every wanted message, its translation kept when it has one."""
    old = _catalogue()
    new = Catalog(
        locale="vi",
        domain="ntmcriteria",
        project="ntmcriteria",
        version="0.1",
        copyright_holder="ntmcriteria contributors",
        msgid_bugs_address="",
        last_translator="ntmcriteria contributors",
        language_team="Vietnamese",
        header_comment=(
            "# Vietnamese messages of the ntm command (help, errors, prompts).\n"
            "# Written by tools/messages.py (make messages): translate the empty msgstr entries,\n"
            "# then run make messages again to compile the .mo."
        ),
        fuzzy=False,
        creation_date=_FIXED,
        revision_date=_FIXED,
    )
    for key, places in sorted(wanted().items(), key=lambda item: str(item[0])):
        previous = old.get(key)
        string = (
            previous.string if previous is not None else ("", "") if isinstance(key, tuple) else ""
        )
        new.add(key, string, locations=places)
    return new


def _po_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=True, no_location=True)
    # the Babel version that wrote it would make the file differ from one install to the next
    return b"\n".join(
        line
        for line in buffer.getvalue().split(b"\n")
        if not line.startswith((b'"Generated-By:', b'"Report-Msgid-Bugs-To:'))
    )


def _mo_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    return buffer.getvalue()


def untranslated(catalogue: Catalog) -> list[str]:
    """The message ids without a Vietnamese translation."""
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(str(message.id))
    return missing


def check() -> list[str]:
    """What is wrong with the committed catalogue (empty when it is complete and current)."""
    catalogue = merged()
    problems = [f"untranslated: {message!r}" for message in untranslated(catalogue)]
    if not PO.exists() or PO.read_bytes() != _po_bytes(catalogue):
        problems.append(f"{PO.relative_to(ROOT)} is not current: run make messages")
    if not MO.exists() or _messages(MO.read_bytes()) != _messages(_mo_bytes(_catalogue())):
        problems.append(f"{MO.relative_to(ROOT)} is not compiled from the .po: run make messages")
    return problems


def _messages(mo: bytes) -> dict[object, str]:
    """What a compiled catalogue translates (its header aside)."""
    import gettext

    catalogue = gettext.GNUTranslations(io.BytesIO(mo))
    return {k: v for k, v in catalogue._catalog.items() if k != ""}  # type: ignore[attr-defined]


def update() -> None:
    catalogue = merged()
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(_po_bytes(catalogue))
    MO.write_bytes(_mo_bytes(_catalogue()))
    missing = untranslated(catalogue)
    print(
        f"wrote {PO.relative_to(ROOT)} and {MO.name}: {len(catalogue)} messages, "
        f"{len(missing)} untranslated"
    )


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        found = check()
        for line in found:
            print(line)
        sys.exit(1 if found else 0)
    update()
