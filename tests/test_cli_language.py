"""The command speaks Vietnamese or English: the choice of language, the help and errors in each,
and the message catalogue (complete, current, its placeholders those of the English)."""

from __future__ import annotations

import importlib.util
import re
import string
from pathlib import Path

import pytest

from ntmcriteria.__main__ import main
from ntmcriteria.cli.i18n import LOCALE_DIR, choose_lang, speaking, usage_message

ROOT = Path(__file__).resolve().parents[1]
KY_CHAU = ROOT / "examples" / "observations" / "ky-chau-2022.yaml"


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "en"),
        ([], {"LANG": "vi_VN.UTF-8"}, "vi"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, "en"),  # LC_ALL decides first
        ([], {"LC_MESSAGES": "vi_VN", "LANG": "en_US"}, "vi"),
        ([], {"LANGUAGE": "vi:en"}, "vi"),
        ([], {"NTM_LANG": "vi", "LANG": "en_US"}, "vi"),
        ([], {"NTM_LANG": "en", "LANG": "vi_VN"}, "en"),
        (["--lang", "vi", "sets"], {"LANG": "en_US"}, "vi"),
        (["evaluate", "x.yaml", "--lang=vi"], {}, "vi"),
        (["evaluate", "x.yaml", "--lang", "en"], {"NTM_LANG": "vi"}, "en"),
        (["evaluate", "--", "--lang", "vi"], {}, "en"),  # after "--" it is an argument
        (["--lang", "fr"], {"LANG": "vi_VN"}, "vi"),  # an unknown value does not decide
    ],
)
def test_the_language_is_the_options_then_the_settings_then_the_locales(
    argv: list[str], environ: dict[str, str], expected: str
) -> None:
    assert choose_lang(argv, environ) == expected


def test_help_in_vietnamese_and_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "vi", "evaluate", "--help"]) == 0
    vi = capsys.readouterr().out
    for words in ("Đánh giá số liệu của một đơn vị", "Tùy chọn", "Đối số", "Ví dụ:"):
        assert words in " ".join(vi.split()), words
    assert "Hiện hướng dẫn này rồi thoát." in " ".join(vi.split())
    assert "Evaluate a unit" not in vi and "Show this message" not in vi
    assert "Cách dùng: ntm evaluate [TÙY CHỌN]" in vi and "Usage:" not in vi  # the usage line
    assert main(["evaluate", "--help"]) == 0  # the suite's language: English
    en = capsys.readouterr().out
    assert "Evaluate a unit's observations" in " ".join(en.split())
    assert "Options" in en and "Tùy chọn" not in en
    assert "Usage: ntm evaluate [OPTIONS]" in en
    assert main(["--lang", "vi", "--help"]) == 0
    assert "Cách dùng: ntm [TÙY CHỌN] LỆNH [ĐỐI SỐ]..." in capsys.readouterr().out
    assert main(["--lang", "vi", "evaluate"]) == 2  # a usage error repeats the usage line
    assert "Cách dùng: ntm evaluate [TÙY CHỌN]" in capsys.readouterr().err


def test_errors_in_the_locales_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NTM_LANG")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["evaluate", str(KY_CHAU), "--year", "1999"]) == 2
    error = capsys.readouterr().err
    assert "không ghi bộ tiêu chí: đánh giá mọi hạng" in error
    assert "lỗi: không có bộ tiêu chí nào có hiệu lực cho Kỳ Châu" in error
    assert main(["evaluate", str(KY_CHAU), "--format", "pdf"]) == 2
    assert "--format phải là table, json, md, html, xlsx hoặc docx" in capsys.readouterr().err
    assert main(["evalute"]) == 2  # a usage error: typer's words too
    error = capsys.readouterr().err
    assert "Lỗi: Không có lệnh 'evalute'. Có phải là 'evaluate'?" in error
    assert "Dùng 'ntm --help' để xem hướng dẫn." in error
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main(["evaluate", str(KY_CHAU), "--format", "pdf"]) == 2
    assert capsys.readouterr().err.startswith("error: --format must be")


def test_a_problem_is_shown_in_the_commands_language_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "unit: X\nyear: 2024\nset: example/xa-ntm-trich/2022-2025\nvalues: {thu_nhap: 50}\n",
        encoding="utf-8",
    )
    assert main(["--lang", "vi", "evaluate", str(bad)]) == 2
    vi = capsys.readouterr().err
    assert "số liệu không hợp lệ" in vi and "bộ tiêu chí không có chỉ tiêu hay số liệu" in vi
    assert "has no measure or indicator" not in vi
    assert main(["evaluate", str(bad)]) == 2
    en = capsys.readouterr().err
    assert "invalid observations" in en and "has no measure or indicator 'thu_nhap'" in en
    assert "bộ tiêu chí không có" not in en


def test_the_language_does_not_outlive_the_call(capsys: pytest.CaptureFixture[str]) -> None:
    from typer import rich_utils

    assert main(["--lang", "vi", "sets", "--help"]) == 0
    capsys.readouterr()
    assert rich_utils.OPTIONS_PANEL_TITLE == "Options"
    assert main(["sets", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Tùy chọn" not in out and "Usage: ntm sets [OPTIONS]" in out


def test_usage_messages_translate_their_shapes_and_leave_others() -> None:
    with speaking("vi"):
        assert usage_message("Missing option '--set'.") == "Thiếu tùy chọn '--set'."
        assert usage_message("Got unexpected extra argument (b)") == "Thừa đối số (b)"
        assert usage_message("Something new.") == "Something new."
        typer_says = (
            "Invalid value for '--year': Input should be a valid integer, unable to parse string"
            " as an integer"
        )
        assert usage_message(typer_says) == "Giá trị không hợp lệ cho '--year': cần một số nguyên"
    assert usage_message("Missing option '--set'.") == "Missing option '--set'."
    assert usage_message(typer_says) == "Invalid value for '--year': expected a whole number"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogue_keeps_every_placeholder() -> None:
    babel = pytest.importorskip("babel.messages.pofile")
    path = LOCALE_DIR / "vi" / "LC_MESSAGES" / "ntmcriteria.po"
    with path.open("rb") as handle:
        catalogue = babel.read_po(handle)
    checked = 0
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translation in strings:
            assert _fields(translation) == _fields(ids[0]), (message.id, translation)
            checked += 1
    assert checked > 100


def test_the_catalogue_is_complete_and_compiled() -> None:
    pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location("messages", ROOT / "tools" / "messages.py")
    assert spec is not None and spec.loader is not None
    messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messages)
    assert messages.check() == []  # run `make messages` and translate what is new


def test_a_value_key_close_to_a_measure_is_pointed_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "typo.yaml"
    typo.write_text(
        "unit: {name: X, province: Hà Tĩnh}\nyear: 2024\n"
        "values: {income_per_capitaa: 50 triệu đồng/người/năm, weather: 30}\n",
        encoding="utf-8",
    )
    assert main(["evaluate", str(typo), "--set", "example/xa-ntm-trich/2022-2025"]) == 0
    warned = capsys.readouterr().err.strip().splitlines()
    assert warned == [
        "warning: the value 'income_per_capitaa' is used by no set; did you mean "
        "'income_per_capita'?"
    ]  # a key close to nothing the sets use ("weather") is only listed as unused in the report
    assert main(["--lang", "vi", "evaluate", str(typo), "--assess"]) == 0
    assert "có phải là 'income_per_capita'?" in capsys.readouterr().err


def test_the_library_errors_an_official_meets_are_translated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--lang", "vi", "evaluate", str(KY_CHAU), "--set", "hatinh/xa-ntm/2022-2024"]) == 2
    error = capsys.readouterr().err
    assert (
        "không có bộ tiêu chí 'hatinh/xa-ntm/2022-2024'; có phải là 'hatinh/xa-ntm/2022-2025'"
        in (error)
    )
    assert (
        main(["--lang", "vi", "evaluate", str(tmp_path / "khong-co.yaml"), "--set", "x/y/z"]) == 2
    )
    assert "không đọc được: không có tệp hay thư mục này" in capsys.readouterr().err
    assert main(["evaluate", str(KY_CHAU), "--set", "hatinh/xa-ntm/2022-2024"]) == 2
    assert "unknown criteria set 'hatinh/xa-ntm/2022-2024'; did you mean" in capsys.readouterr().err
    assert main(["--lang", "vi", "show", "zzz/qqq/1900"]) == 2  # nothing close to suggest
    error = capsys.readouterr().err
    expected = r"không có bộ tiêu chí 'zzz/qqq/1900' \(đã cài \d+ bộ: ntm sets liệt kê"
    assert re.search(expected, error)
