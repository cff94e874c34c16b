"""Vietnamese numbers, read and written exactly: ``52,15`` and ``1.224`` (``.`` groups thousands,
``,`` is the decimal mark), international notation on request, and the error a bad number or unit
raises."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .errors import ArgumentError, NtmError

__all__ = ["NumberStyle", "UnitError", "format_number", "parse_number", "to_fraction"]


NumberStyle = Literal["vi", "en", "auto"]
NUMBER_STYLES: tuple[NumberStyle, ...] = ("vi", "en", "auto")


def check_number_style(style: object) -> NumberStyle:
    """``style`` when it is ``"vi"``, ``"en"`` or ``"auto"``; else ArgumentError."""
    if style in NUMBER_STYLES:
        return style
    raise ArgumentError(f"number_style: expected one of 'vi', 'en', 'auto', got {style!r}")


class UnitError(NtmError, ValueError):
    """A unit or number string that cannot be read, or two units that cannot be compared.

    ``vi`` says it in Vietnamese, for the people who fill in observation files.

    >>> import ntmcriteria as ntm
    >>> try:
    ...     ntm.parse_number("12,3,4")
    ... except ntm.UnitError as error:
    ...     print(type(error).__name__)
    UnitError
    """

    def __init__(self, message: str, vi: str | None = None) -> None:
        super().__init__(message)
        self.vi = vi or "không đọc được số hoặc đơn vị"


_SPACES = re.compile(r"\s+")

#: the longest number read (digits, sign, separators and exponent): what no count or amount
#: needs, and what keeps a 5,000-digit number from costing time
MAX_NUMBER_CHARS = 64
#: the largest power of ten a number may carry
MAX_EXPONENT = 64


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_VI_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")


_EN_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def _read_vi(text: str) -> Fraction | None:
    if not _VI_NUMBER.match(text):
        return None
    return Fraction(Decimal(text.replace(".", "").replace(",", ".")))


def _read_en(text: str) -> Fraction | None:
    if not _EN_NUMBER.match(text):
        return None
    return Fraction(Decimal(text.replace(",", "")))


def parse_number(text: str, style: NumberStyle = "vi") -> Fraction:
    """Read a number string exactly.

    ``style="vi"`` (the default) reads Vietnamese notation: ``.`` groups thousands and ``,`` is
    the decimal mark (``"52,15"`` → 52.15, ``"297.357.830.000"`` → 297357830000).
    ``style="en"`` reads international notation. ``style="auto"`` accepts either, but only when
    the two readings agree or only one is valid: ``"1.224"`` is refused as ambiguous.

    >>> import ntmcriteria as ntm
    >>> ntm.parse_number("52,15"), ntm.parse_number("1.224")
    (Fraction(1043, 20), Fraction(1224, 1))
    """
    cleaned = _clean(text).replace("\u00a0", "").replace(" ", "")
    if len(cleaned) > MAX_NUMBER_CHARS:
        raise UnitError(
            f"a number of {len(cleaned):,} characters (at most {MAX_NUMBER_CHARS} are read)",
            f"số quá dài ({len(cleaned):,} ký tự, tối đa {MAX_NUMBER_CHARS})",
        )
    readers = {"vi": (_read_vi,), "en": (_read_en,), "auto": (_read_vi, _read_en)}[style]
    readings = {reader(cleaned) for reader in readers} - {None}
    if len(readings) == 1:
        return next(iter(readings))  # type: ignore[return-value]
    if len(readings) > 1:
        vi, en = _read_vi(cleaned), _read_en(cleaned)
        raise UnitError(
            f"ambiguous number {text!r}: {format_number(vi, 'en', 9)} in Vietnamese notation "
            f"but {format_number(en, 'en', 9)} "
            f"in international notation; write it unambiguously",
            f"số {text!r} không rõ nghĩa: theo cách viết Việt Nam là {format_number(vi, 'vi', 9)}, "
            f"theo cách viết quốc tế là {format_number(en, 'vi', 9)}; hãy viết rõ",
        )
    expected = {
        "vi": "Vietnamese notation such as '52,15' or '1.224' ('.' groups thousands, ',' is "
        "the decimal mark)",
        "en": "international notation such as '52.15' or '1,224'",
        "auto": "a number such as '52,15' or '52.15'",
    }[style]
    raise UnitError(
        f"not a number: {text!r}; expected {expected}",
        f"không phải là số: {text!r} (số viết như 52,15 hoặc 1.224)",
    )


def to_fraction(value: object, style: NumberStyle = "vi") -> Fraction:
    """An exact Fraction from an int, float, Decimal, Fraction or number string.

    Floats are read through their shortest representation, so ``6.5`` is exactly 13/2 and
    ``0.1`` is exactly 1/10. Booleans are refused (``True`` is not the number 1 here).
    """
    if isinstance(value, bool):
        raise UnitError(
            f"expected a number, got the boolean {value!r}", f"cần một số, không phải {value!r}"
        )
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        if abs(value) >= 10**MAX_EXPONENT:
            raise _too_large(value)
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnitError(
                f"expected a finite number, got {value!r}",
                f"cần một số hữu hạn, không phải {value!r}",
            )
        if value and not 10.0**-MAX_EXPONENT <= abs(value) < 10.0**MAX_EXPONENT:
            raise _too_large(value)
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise UnitError(
                f"expected a finite number, got {value!r}",
                f"cần một số hữu hạn, không phải {value!r}",
            )
        if value and abs(value.adjusted()) > MAX_EXPONENT:
            raise _too_large(value)
        return Fraction(value)
    if isinstance(value, str):
        return parse_number(value, style)
    raise UnitError(
        f"expected a number, got {type(value).__name__} {value!r}",
        f"cần một số, không phải {value!r}",
    )


def _too_large(value: object) -> UnitError:
    return UnitError(
        f"a number beyond 10^{MAX_EXPONENT} (or below 10^-{MAX_EXPONENT}): {str(value)[:40]}",
        f"số quá lớn hoặc quá nhỏ (ngoài 10^±{MAX_EXPONENT})",
    )


def format_number(
    value: Fraction | int | None, lang: str = "vi", decimals: int = 2, fixed: bool = False
) -> str:
    """Format a number for people: ``52,15`` and ``1.224`` in Vietnamese, ``52.15`` in English.

    Values are rounded half away from zero to ``decimals`` places; trailing zeros are dropped
    (``83,5``) unless ``fixed`` keeps them (``79,20``, ``72,00``).
    """
    if value is None:
        return "–"
    exact = Fraction(value)
    if exact.denominator == 1 and not fixed:
        whole, fraction_digits = abs(exact.numerator), ""
    else:
        scaled = abs(exact) * 10**decimals
        rounded = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
        whole, rest = divmod(rounded, 10**decimals)
        fraction_digits = str(rest).rjust(decimals, "0") if decimals else ""
        if not fixed:
            fraction_digits = fraction_digits.rstrip("0")
    grouped = f"{whole:,}"
    thousands, decimal_mark = (".", ",") if lang == "vi" else (",", ".")
    grouped = grouped.replace(",", thousands)
    sign = "-" if exact < 0 else ""
    return f"{sign}{grouped}{decimal_mark + fraction_digits if fraction_digits else ''}"
