"""Writing output files safely: never over an input, never half-written.

Every file the library writes (reports, templates, observations, ``ntm batch`` results) goes
through :func:`atomic_output`: the content is written to a temporary file in the same folder and
moved over the target only once complete, so a failure (a full disk, an error half-way) leaves the
previous file as it was and no partial file behind. :func:`check_output` refuses, before anything
is read or written, an output that is one of the inputs, a folder, a device or a FIFO, or that is
in a folder that does not exist.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path
from typing import IO, Any

from .errors import NtmError

__all__ = [
    "OutputError",
    "atomic_output",
    "check_output",
    "csv_text",
    "current_umask",
    "read_input",
    "save_workbook",
    "write_text_atomically",
]


class OutputError(NtmError, OSError):
    """An output file that must not or cannot be written (the message names it)."""


def check_output(
    output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """``output`` as a path, once it is known to be writable as a new or replaced regular file
    that is none of ``inputs``; raises :class:`OutputError` otherwise."""
    path = Path(output)
    for given in inputs:
        source = Path(given)
        if _same_file(path, source):
            raise OutputError(
                f"{path}: the output is the input {str(source)!r}; choose another file, the input "
                "is never written over"
            )
    if path.name in ("", ".", ".."):
        raise OutputError(f"{path}: expected the name of a file to write")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {str(folder)!r} does not exist")
    try:
        found = path.stat()
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    if stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{path}: is a folder; expected the name of a file to write")
    if not stat.S_ISREG(found.st_mode):
        raise OutputError(f"{path}: is not a regular file (a device, a FIFO or a socket)")
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def atomic_output(path: str | os.PathLike[str], *, binary: bool = False) -> ContextManager[IO[Any]]:
    """A file to write ``path`` through: a temporary file beside it, moved over ``path`` only
    when the ``with`` block ends without an error (text is UTF-8, newlines as written)."""
    return _atomic(check_output(path), binary)


@contextlib.contextmanager
def _atomic(path: Path, binary: bool) -> Iterator[IO[Any]]:
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    try:
        handle: IO[Any] = (
            os.fdopen(descriptor, "wb")
            if binary
            else os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        )
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError) and not isinstance(exc, NtmError):
            raise OutputError(f"{path}: could not be written ({exc.strerror or exc})") from None
        raise


def _mode_for(path: Path) -> int:
    """The permissions of the file replaced, or those a new file gets (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomically(
    path: str | os.PathLike[str], text: str, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, refusing any of ``inputs``; the path."""
    target = check_output(path, inputs)
    with _atomic(target, binary=False) as handle:
        handle.write(text)
    return target


#: what a spreadsheet takes for the start of a formula (OWASP, "CSV injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """``value`` made safe to write as a CSV cell that a spreadsheet opens: text that a
    spreadsheet would take for a formula (``=HYPERLINK(…)``, ``+SUM(1;2)``, ``@…``) gets a leading
    apostrophe, as OWASP advises. Only for text that is not read back as data."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def save_workbook(workbook: Any, path: str | os.PathLike[str]) -> Path:
    """Save an openpyxl workbook to ``path`` atomically; the path.

    The library writes no formula: a text cell that openpyxl would store as one (it begins with
    ``=``) is stored as the text it is, so a unit named ``=HYPERLINK(…)`` is never run."""
    for sheet in getattr(workbook, "worksheets", ()):
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    target = check_output(path)
    with _atomic(target, binary=True) as handle:
        workbook.save(handle)
    return target


#: the largest observation or pack file read whole (``ntm batch`` streams its tables instead)
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_input(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raises ``OSError`` (with a
    message saying why) for a folder, a device (``/dev/zero``), a FIFO — opened without waiting
    for a writer — or a larger file, so that nothing hangs or fills the memory."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        found = os.fstat(descriptor)
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file")
        if not stat.S_ISREG(found.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, a FIFO or a socket)")
        if found.st_size > limit:
            raise OSError(
                errno.EFBIG,
                f"{found.st_size:,} bytes, more than the {limit:,} read at once "
                "(see docs/limits-and-guarantees.md)",
            )
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            data = handle.read(limit + 1)
        if len(data) > limit:  # grew while being read
            raise OSError(errno.EFBIG, f"more than the {limit:,} bytes read at once")
        return data
    finally:
        if descriptor >= 0:
            os.close(descriptor)
