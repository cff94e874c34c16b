"""Outputs: never over an input, never into a folder or a device, never half-written."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.core.files import (
    OutputError,
    atomic_output,
    check_output,
    save_workbook,
    write_text_atomically,
)
from ntmcriteria.observations.files import read_observations

ROOT = Path(__file__).resolve().parents[1]
KY_CHAU = ROOT / "examples" / "observations" / "ky-chau-2022.yaml"
EXAMPLE = "example/xa-ntm-trich/2022-2025"


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_output_that_is_an_input_is_refused_however_it_is_named(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(source)
    (tmp_path / "sub").mkdir()
    for named in (source, tmp_path / "link.yaml", tmp_path / "sub" / ".." / "a.yaml"):
        with pytest.raises(OutputError, match="the output is the input"):
            check_output(named, [source])
    assert check_output(tmp_path / "b.yaml", [source]) == tmp_path / "b.yaml"


def test_folders_devices_fifos_and_missing_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        check_output(tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        check_output(tmp_path / "missing" / "out.csv")
    with pytest.raises(OutputError, match="not a regular file"):
        check_output("/dev/null")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        check_output(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # left as it was


def test_a_failure_half_way_keeps_the_previous_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous\n", encoding="utf-8")

    def stopped_half_way() -> None:
        with atomic_output(target) as handle:
            handle.write("half of it")
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        stopped_half_way()
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert _files(tmp_path) == ["out.csv"]


def test_a_full_disk_is_an_output_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("previous\n", encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_text_atomically(target, "new content")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert _files(tmp_path) == ["report.md"]


def test_replacing_keeps_the_permissions_and_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomically(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == "new"
    fresh = write_text_atomically(tmp_path / "fresh.md", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_workbook_that_fails_to_save_keeps_the_previous_one(tmp_path: Path) -> None:
    class Failing:
        def save(self, handle: object) -> None:
            handle.write(b"PK\x03\x04 partial")  # type: ignore[attr-defined]
            raise ValueError("openpyxl failed")

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"previous")
    with pytest.raises(ValueError, match="openpyxl failed"):
        save_workbook(Failing(), target)
    assert target.read_bytes() == b"previous"
    assert _files(tmp_path) == ["report.xlsx"]


def test_library_writers_refuse_a_folder(tmp_path: Path) -> None:
    units = read_observations(KY_CHAU)
    result = ntm.evaluate(EXAMPLE, units[0])
    from ntmcriteria.report import write_xlsx

    for name, write in (
        ("out.yaml", lambda folder: ntm.write_observations(units, folder)),
        ("out.csv", lambda folder: ntm.write_observations(units, folder)),
        ("out.xlsx", lambda folder: write_xlsx(result, folder)),
        ("mau.yaml", lambda folder: ntm.template(ntm.registry().get(EXAMPLE), "yaml", folder)),
        ("mau.xlsx", lambda folder: ntm.template(ntm.registry().get(EXAMPLE), "xlsx", folder)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        with pytest.raises(OutputError, match="is a folder"):
            write(folder)
        assert _files(folder) == []


@pytest.mark.parametrize("kind", ["md", "html", "json", "xlsx"])
def test_ntm_evaluate_never_writes_over_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    source = tmp_path / "ky-chau.yaml"
    shutil.copy(KY_CHAU, source)
    before = source.read_bytes()
    code = main(["evaluate", str(source), "--set", EXAMPLE, "--format", kind, "-o", str(source)])
    assert code == 2
    assert "the output is the input" in capsys.readouterr().err
    assert source.read_bytes() == before
    assert _files(tmp_path) == ["ky-chau.yaml"]


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("{tmp}/folder.md", "is a folder"),
        ("{tmp}/missing/out.md", "does not exist"),
        ("/dev/null", "not a regular file"),
    ],
)
def test_ntm_refuses_outputs_it_cannot_write_as_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, message: str
) -> None:
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "folder.yaml").mkdir()
    target = output.format(tmp=tmp_path)
    assert main(["evaluate", str(KY_CHAU), "--set", EXAMPLE, "--format", "md", "-o", target]) == 2
    assert message in capsys.readouterr().err
    if target.endswith(".md"):  # a template is .yaml, .csv or .xlsx
        assert main(["template", EXAMPLE, "-o", target.replace(".md", ".yaml")]) == 2
        assert message in capsys.readouterr().err
    assert _files(tmp_path) == ["folder.md", "folder.yaml"]


def test_ntm_evaluate_writes_its_report_whole(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.md"
    assert (
        main(["evaluate", str(KY_CHAU), "--set", EXAMPLE, "--format", "md", "-o", str(target)]) == 0
    )
    assert "Kỳ Châu" in target.read_text(encoding="utf-8")
    assert _files(tmp_path) == ["bao-cao.md"]


def test_inputs_are_only_regular_files_of_bounded_size(tmp_path: Path) -> None:
    from ntmcriteria.core.files import read_input
    from ntmcriteria.evaluation.batch import run_batch
    from ntmcriteria.packs.loader import read_document

    fifo = tmp_path / "unit.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")  # reading it would never end
    for path in (fifo, zero):
        with pytest.raises(ntm.ObservationError, match="not a regular file"):
            read_observations(path)
        problems = read_document(path).problems
        assert problems and "not a regular file" in problems[0].message
    table = tmp_path / "zero.csv"
    table.symlink_to("/dev/zero")
    with pytest.raises(ntm.ObservationError, match="not a regular file"):
        run_batch(ntm.registry().get(EXAMPLE), table, tmp_path / "out.csv")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 2048)
    with pytest.raises(OSError, match="more than the 1,024"):
        read_input(big, limit=1024)
    assert read_input(big, limit=4096) == b"#" * 2048
