"""Malformed and hostile inputs: a corpus under ``tests/corpus`` and random byte-level mutations.

For observation files and pack files alike, whatever the input:
* only the library's own errors (``NtmError``), each problem naming the file (and its line or
  place when there is one); from ``ntm``, exit 2 (1 for ``validate``) and no traceback;
* the input is unchanged (its digest before and after);
* no output, partial or temporary, is left behind.
The round trip of every bundled example through every format is in ``test_round_trips.py``.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ntmcriteria as ntm
from ntmcriteria.__main__ import main
from ntmcriteria.core.errors import ModelError
from ntmcriteria.packs import load_criteria_sets, set_files

CORPUS = Path(__file__).parent / "corpus"
HATINH = "hatinh/xa-ntm/2022-2025"
OBSERVATIONS = sorted((CORPUS / "observations").iterdir())
PACKS = sorted((CORPUS / "packs").iterdir())
[EXAMPLE_PACK] = set_files("ntmcriteria_example")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copied(source: Path, folder: Path) -> Path:
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def evaluation_error(path: Path, set_id: str | None = None) -> ntm.NtmError | None:
    """What reading and evaluating ``path`` raises (only the library's errors are caught)."""
    try:
        for unit in ntm.read_observations(path):
            if set_id or unit.set_id:
                ntm.evaluate(set_id or unit.set_id, unit)  # type: ignore[arg-type]
    except ntm.NtmError as error:
        return error
    return None


def assert_located(error: ntm.NtmError, path: Path) -> None:
    problems = getattr(error, "problems", None)
    assert problems, error
    for problem in problems:
        assert problem.file is not None and problem.file.startswith(str(path)), problem
        assert problem.message
        assert problem.path == "" or problem.path.startswith("/")


@pytest.mark.parametrize("source", OBSERVATIONS, ids=lambda p: p.name)
def test_a_malformed_observation_file_is_refused_cleanly(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copied(source, tmp_path)
    before = digest(path)
    error = evaluation_error(path, HATINH)
    assert error is not None
    assert_located(error, path)
    out = tmp_path / "bao-cao.md"
    assert main(["evaluate", str(path), "--set", HATINH, "--format", "md", "-o", str(out)]) == 2
    assert main(["obs", "validate", str(path), "--set", HATINH]) in (1, 2)
    if path.suffix == ".csv":
        assert main(["batch", str(path), "--set", HATINH, "-o", str(tmp_path / "r.csv")]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert path.name in captured.err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing written


@pytest.mark.parametrize("source", PACKS, ids=lambda p: p.name)
def test_a_malformed_pack_file_is_refused_cleanly(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copied(source, tmp_path)
    before = digest(path)
    with pytest.raises(ModelError) as caught:
        load_criteria_sets([path], lookup=lambda _id: None)
    assert_located(caught.value, path)
    assert main(["pack", "validate", str(path)]) in (1, 2)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert path.name in captured.err + captured.out
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


# --- random mutations of valid files -----------------------------------------------------------

#: what a careless edit or a hostile author could put anywhere in a file
TOKENS = [
    b"&a ",
    b"*a",
    b"!!set ",
    b"!!binary ",
    b"!!python/object:os.system ",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b'"',
    b"'",
    b"\t",
    b"\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"\xed\xa0\x80",  # a surrogate encoded in UTF-8 (invalid)
    b"45.000",
    b"1e999999999",
    b"9" * 80,
    b"2022-02-30",
    b"%%",
    b"900/836 h\xe1\xbb\x99",
    b",",
    b"#",
]


@st.composite
def mutations(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        else:
            token = draw(st.sampled_from(TOKENS))
            end = position + (len(token) if action == "replace" else 0)
            data[position:end] = token
    return bytes(data)


OBSERVATION_EXAMPLES = sorted(EXAMPLES.glob("*.yaml"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_observation_file_reads_or_is_refused_with_its_place(
    data: st.DataObject,
) -> None:
    example = data.draw(st.sampled_from(OBSERVATION_EXAMPLES))
    suffix = data.draw(st.sampled_from([".yaml", ".csv", ".json"]))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"source{suffix}"
        if suffix == ".yaml":
            source.write_bytes(example.read_bytes())
        else:
            ntm.write_observations(ntm.read_observations(example), source)
        path = Path(folder) / f"mutated{suffix}"
        path.write_bytes(data.draw(mutations(source.read_bytes())))
        before = digest(path)
        error = evaluation_error(path)  # any other exception fails the test
        if error is not None:
            assert str(error)
            if getattr(error, "problems", None):
                assert_located(error, path)
        assert digest(path) == before


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations(EXAMPLE_PACK.read_bytes()))
def test_a_mutated_pack_file_loads_or_is_refused_with_its_place(mutated: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.yaml"
        path.write_bytes(mutated)
        try:
            load_criteria_sets([path], lookup=lambda _id: None)
        except ModelError as error:  # anything else fails the test
            assert_located(error, path)
        assert path.read_bytes() == mutated
