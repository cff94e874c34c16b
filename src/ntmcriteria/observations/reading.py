"""One value as a report gives it (:class:`Reading`), and how it is read as a measure's kind and
unit (:func:`read_value`): strictly, exactly, with every refusal said in Vietnamese and English.

Nothing is guessed: a bare ``85`` for a percentage is refused (``85 %`` or ``0,85``?),
``900/836 hộ`` is refused, and a missing value is "no data", never "not achieved".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs

from ..core.errors import NtmError
from ..core.units import (
    NumberStyle,
    Quantity,
    UnitError,
    compatible,
    conversion_factor,
    format_number,
    normalize_unit,
    parse_quantity,
    parse_ratio,
    same_counted_thing,
    to_fraction,
)
from ..core.values import MeasureKind, Observed
from ..criteria.model import CriteriaSet, Measure

__all__ = ["Reading", "read_value"]

_TRUE = {"đạt", "có", "true", "yes", "achieved", "x", "✓"}
_FALSE = {"chưa đạt", "không đạt", "không", "false", "no", "not achieved"}
_LEVEL = re.compile(r"^(?:mức\s*(?:độ)?|level|hạng|cấp)\s*(\d+)$|^(\d+)\s*(sao|stars?)$", re.I)
_ZERO_WORDS = {"không", "none", "0"}


@attrs.frozen(slots=True)
class Reading:
    """One value as given, before a measure gives it a meaning.

    ``value`` is a number, string (``"52,15 triệu đồng/người/năm"``, ``"669/836 hộ"``, ``"Đạt"``)
    or boolean; ``unit`` applies to a bare number; ``numerator``/``denominator`` give a share.
    ``claimed`` is the verdict the report itself states (True for "đạt") and
    ``claimed_threshold`` the threshold it quotes ("≥ 80 %"): evaluation audits both.

    >>> import ntmcriteria as ntm
    >>> reading = ntm.Reading("669/836 hộ", source="Báo cáo xã, dòng 56")
    >>> reading.value, reading.is_empty
    ('669/836 hộ', False)
    """

    value: Any = None
    unit: str | None = None
    numerator: Any = None
    denominator: Any = None
    source: str | None = None
    note: str | None = None
    claimed: bool | None = None
    claimed_threshold: str | None = None
    #: the value's error for :func:`ntmcriteria.monte_carlo`: ``"± 2 triệu đồng/người/năm"``
    #: (a standard deviation, in the unit written or the value's own)
    error: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


_READING_KEYS = {
    "value",
    "unit",
    "numerator",
    "denominator",
    "source",
    "note",
    "claimed",
    "claimed_threshold",
    "error",
}


def error_problem(text: object, style: NumberStyle) -> tuple[str, str] | None:
    """Why ``text`` is not an error such as ``"± 2 triệu đồng/người/năm"`` (en, vi), or None."""
    from ..core.units import UnitError, parse_quantity

    if isinstance(text, bool) or not isinstance(text, str | int | float):
        return (
            "expected an error such as '± 2 triệu đồng/người/năm'",
            "sai số phải ghi như '± 2 triệu đồng/người/năm'",
        )
    body = str(text).strip().removeprefix("±").removeprefix("+/-").strip()
    try:
        magnitude, _unit = parse_quantity(body, style)
    except UnitError as exc:
        return (
            f"expected an error such as '± 2 triệu đồng/người/năm': {exc}",
            "sai số phải ghi như '± 2 triệu đồng/người/năm'",
        )
    if magnitude < 0:
        return ("an error is not negative", "sai số không được âm")
    return None


class _Refused(ValueError):
    """A value that does not fit its measure (turned into an ObservationError), in vi and en."""

    def __init__(self, message: str, vi: str) -> None:
        super().__init__(message)
        self.vi = vi


def read_value(measure: Measure, reading: Reading, style: NumberStyle) -> Observed:
    """``reading`` read as ``measure``'s kind and unit; raises ``UnitError`` or a refusal (a
    ``ValueError`` whose ``vi`` attribute says it in Vietnamese)."""
    return _observe(measure, reading, style)


def _observe(measure: Measure, reading: Reading, style: NumberStyle) -> Observed:
    text = reading.value if isinstance(reading.value, str) else None
    source, note = reading.source, reading.note
    kind = measure.kind
    if kind is MeasureKind.BOOLEAN:
        return Observed(measure.id, flag=_flag(reading), text=text, source=source, note=note)
    if kind is MeasureKind.LEVEL:
        rank, unit = _level(measure, reading)
        return Observed(
            measure.id,
            level=rank,
            level_unit=unit,
            level_labels=measure.levels,
            text=text,
            source=reading.source,
            note=reading.note,
        )
    if kind is MeasureKind.COUNT:
        amount, count_unit = _count(measure, reading, style)
        return Observed(
            measure.id,
            quantity=Quantity(amount, measure.unit),
            count_unit=count_unit,
            text=text,
            source=reading.source,
            note=reading.note,
        )
    if kind is MeasureKind.RATIO:
        return _ratio(measure, reading, style, text)
    return _quantity(measure, reading, style, text)


def _flag(reading: Reading) -> bool:
    value = reading.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        # NFC: "Đạt" typed with combining marks (NFD) is the same word
        word = " ".join(unicodedata.normalize("NFC", value).strip().lower().split())
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise _Refused(
        f"expected Đạt/Chưa đạt (or true/false), got {value!r}",
        f"cần ghi Đạt hoặc Chưa đạt, không phải {value!r}",
    )


def _level(measure: Measure, reading: Reading) -> tuple[int, str]:
    value = reading.value
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())  # a rank written in a table cell
    if isinstance(value, int) and not isinstance(value, bool):
        rank = value
    elif isinstance(value, str) and value.strip() in measure.levels:
        rank = measure.levels.index(value.strip()) + 1
    elif isinstance(value, str) and (match := _LEVEL.match(value.strip())):
        rank = int(match[1] or match[2])
        stars = match[3] is not None
        if stars != (measure.unit == "sao"):
            expected = "stars ('4 sao')" if measure.unit == "sao" else "a level ('mức độ 2')"
            raise _Refused(
                f"{value!r} does not fit {measure.id!r}, which is rated in {expected}",
                f"{value!r} không phù hợp: chỉ tiêu này tính theo "
                + ("số sao ('4 sao')" if measure.unit == "sao" else "mức độ ('mức độ 2')"),
            )
    else:
        labels = f", or one of {', '.join(measure.levels)}" if measure.levels else ""
        raise _Refused(
            f"expected a level such as 2, 'mức độ 2' or '4 sao'{labels}, got {value!r}",
            f"cần ghi mức đạt như 2, 'mức độ 2' hoặc '4 sao'{labels}, không phải {value!r}",
        )
    if rank < 1 or (measure.levels and rank > len(measure.levels)):
        raise _Refused(
            f"level {rank} is outside the scale of {measure.id!r}",
            f"mức {rank} nằm ngoài thang đánh giá của chỉ tiêu",
        )
    return rank, measure.unit


def _count(measure: Measure, reading: Reading, style: NumberStyle) -> tuple[Fraction, str]:
    value = reading.value
    unit = normalize_unit(reading.unit) if reading.unit else ""
    if isinstance(value, str) and value.strip().lower() in _ZERO_WORDS:
        amount = Fraction(0)
    elif isinstance(value, str):
        amount, written = parse_quantity(value, style)
        if written and unit and written != unit:
            raise _Refused(
                f"{value!r} is in {written!r} but the unit given is {unit!r}",
                f"{value!r} ghi đơn vị {written!r} nhưng cột/ô đơn vị là {unit!r}",
            )
        unit = written or unit
    else:
        amount = to_fraction(value, style)
    if unit and not (
        compatible(unit, measure.unit or "") and same_counted_thing(unit, measure.unit or "")
    ):
        raise _Refused(
            f"{unit!r} does not count what {measure.id!r} counts ({measure.unit!r})",
            f"đơn vị {unit!r} không phải đơn vị đếm của chỉ tiêu ({measure.unit!r})",
        )
    if unit:
        amount *= conversion_factor(unit, measure.unit)
    if amount.denominator != 1 or amount < 0:
        raise _Refused(
            f"a count is a whole number ≥ 0, got {format_number(amount, 'en', 6)}",
            f"số đếm phải là số nguyên không âm, không phải {format_number(amount, 'vi', 6)}",
        )
    return amount, measure.unit


def _quantity(measure: Measure, reading: Reading, style: NumberStyle, text: str | None) -> Observed:
    value = reading.value
    if reading.numerator is not None or reading.denominator is not None:
        raise _Refused(
            f"{measure.id!r} is a quantity, not a share: give value and unit",
            "chỉ tiêu này là một đại lượng, không phải tỷ lệ: ghi giá trị kèm đơn vị",
        )
    if isinstance(value, str):
        amount, unit = parse_quantity(value, style)
        if reading.unit and unit and normalize_unit(reading.unit) != unit:
            raise _Refused(
                f"{value!r} is in {unit!r} but the unit given is {reading.unit!r}",
                f"{value!r} ghi đơn vị {unit!r} nhưng cột/ô đơn vị là {reading.unit!r}",
            )
        unit = unit or normalize_unit(reading.unit or "")
    else:
        amount = to_fraction(value, style)
        unit = normalize_unit(reading.unit or "")
    if not unit and measure.unit:
        raise _Refused(
            f"a number without a unit: write it with its unit, e.g. "
            f"'{format_number(amount, 'vi')} {measure.unit}'",
            f"số liệu thiếu đơn vị: ghi kèm đơn vị, ví dụ '{format_number(amount, 'vi')} "
            f"{measure.unit}'",
        )
    if not compatible(unit, measure.unit):
        raise _Refused(
            f"unit {unit or 'number'!r} does not measure {measure.id!r} "
            f"(expected {measure.unit!r} or a unit convertible to it)",
            f"đơn vị {unit or '(không có)'!r} không đúng: chỉ tiêu tính bằng {measure.unit!r}",
        )
    quantity = Quantity(amount, unit).to(measure.unit)
    return Observed(
        measure.id, quantity=quantity, text=text, source=reading.source, note=reading.note
    )


def _ratio(measure: Measure, reading: Reading, style: NumberStyle, text: str | None) -> Observed:
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    given_unit = normalize_unit(reading.unit) if reading.unit is not None else None
    count_unit = given_unit if given_unit and not _is_share_unit(given_unit) else ""
    stated: Quantity | None = None
    mismatch: Quantity | None = None
    value = reading.value
    if isinstance(value, str):
        parsed = parse_ratio(value, style)
        if parsed is not None:
            numerator, denominator, written = parsed
            count_unit = written or count_unit
            value = None
        else:
            amount, unit = parse_quantity(value, style)
            if unit:
                stated = Quantity(amount, unit)
                value = None
            else:
                value = amount  # a bare number: read with the unit given beside it
    if value is not None:
        amount = to_fraction(value, style)
        if reading.unit is not None and _is_share_unit(reading.unit):
            # an explicit unit: "%", "‰", or "" / "1" for a plain fraction such as 0,835
            stated = Quantity(amount, reading.unit)
        elif reading.unit:
            raise _Refused(
                f"{format_number(amount, 'vi')} {reading.unit} is not a share; give "
                f"numerator and denominator in {reading.unit}",
                f"{format_number(amount, 'vi')} {reading.unit} không phải tỷ lệ; ghi tử số/mẫu số "
                f"theo {reading.unit}",
            )
        else:
            raise _Refused(*_bare_share(amount, measure))
        count_unit = ""
    if reading.numerator is not None or reading.denominator is not None:
        if numerator is not None:
            raise _Refused(
                "give the share either as 'a/b' or as numerator/denominator, not both",
                "ghi tỷ lệ theo một cách: 'a/b' hoặc tử số/mẫu số, không cả hai",
            )
        if reading.numerator is None or reading.denominator is None:
            raise _Refused(
                "a share needs both numerator and denominator", "tỷ lệ cần cả tử số và mẫu số"
            )
        numerator = to_fraction(reading.numerator, style)
        denominator = to_fraction(reading.denominator, style)
        count_unit = (
            normalize_unit(reading.unit)
            if reading.unit and not _is_share_unit(reading.unit)
            else ""
        )
    if stated is not None and not compatible(stated.unit, measure.unit):
        raise _Refused(
            f"unit {stated.unit!r} is not a share like {measure.unit!r}",
            f"đơn vị {stated.unit!r} không phải tỷ lệ như {measure.unit!r}",
        )
    share: Fraction
    if numerator is not None and denominator is not None:
        if denominator <= 0:
            raise _Refused(
                f"denominator must be > 0, got {format_number(denominator, 'vi')}",
                f"mẫu số phải lớn hơn 0, không phải {format_number(denominator, 'vi')}",
            )
        if numerator < 0:
            raise _Refused(
                f"numerator must be ≥ 0, got {format_number(numerator, 'vi')}",
                f"tử số không được âm: {format_number(numerator, 'vi')}",
            )
        if numerator > denominator:
            ratio = f"{format_number(numerator, 'vi')}/{format_number(denominator, 'vi')}"
            raise _Refused(
                f"{ratio}: the part is larger than the whole",
                f"{ratio}: tử số lớn hơn mẫu số",
            )
        share = numerator / denominator
        if stated is not None:
            stated_share = stated.magnitude * conversion_factor(stated.unit, "")
            tolerance = _half_last_digit(stated.magnitude) * conversion_factor(stated.unit, "")
            if abs(stated_share - share) > tolerance:
                # The counts are the data; the report's own percentage is kept for the audit.
                mismatch = stated
    else:
        assert stated is not None
        share = stated.magnitude * conversion_factor(stated.unit, "")
    if share < 0 or share > 1:
        shown = Quantity(share, "").to("%").format("vi")
        raise _Refused(
            f"a share is between 0 and 100 %, got {shown}",
            f"tỷ lệ phải từ 0 đến 100 %, không phải {shown}",
        )
    quantity = Quantity(share, "").to(measure.unit)
    return Observed(
        measure.id,
        quantity=quantity,
        numerator=numerator,
        denominator=denominator,
        count_unit=count_unit,
        stated_mismatch=mismatch,
        text=text,
        source=reading.source,
        note=reading.note,
    )


def _is_share_unit(unit: str) -> bool:
    try:
        return compatible(unit, "%")
    except UnitError:
        return False


def _bare_share(amount: Fraction, measure: Measure) -> tuple[str, str]:
    shown = format_number(amount, "vi", decimals=6)
    if measure.is_percent:
        return (
            f"a share without a unit: is {shown} meant as {shown} % or as a fraction? write "
            f"'{shown} %' or give numerator and denominator ('669/836 hộ')",
            f"tỷ lệ thiếu đơn vị: {shown} là {shown} % hay một phân số? ghi '{shown} %' hoặc "
            "tử số/mẫu số ('669/836 hộ')",
        )
    return (
        f"a share without a unit: write it in {measure.unit!r}",
        f"tỷ lệ thiếu đơn vị: ghi theo {measure.unit!r}",
    )


def _half_last_digit(value: Fraction) -> Fraction:
    """Half a unit in the last decimal place of ``value`` (0,005 for 80,02; 0,5 for 52)."""
    for places in range(0, 7):
        if (value * 10**places).denominator == 1:
            return Fraction(1, 2 * 10**places)
    return Fraction(1, 2 * 10**6)


def _key_by_measure(
    values: dict[str, Reading],
    set_id: str,
    sets: Callable[[str], CriteriaSet] | None,
    fail: Callable[..., None],
) -> dict[str, Reading]:
    """Values keyed by measure id: indicator numbers of the named set become its measures."""
    if sets is None:
        from ..packs.registry import registry

        sets = registry().get
    try:
        criteria_set = sets(set_id)
    except NtmError as exc:
        fail("/set", str(exc))
        return values
    by_indicator = {i.id: i.measure for i in criteria_set.indicators() if i.measure is not None}
    known = sorted({*criteria_set.measures, *by_indicator})
    keyed: dict[str, Reading] = {}
    for key, reading in values.items():
        measure = key if key in criteria_set.measures else by_indicator.get(key)
        if measure is None:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            fail(
                f"/values/{key}",
                f"set {set_id!r} has no measure or indicator {key!r}{hint}",
                f"bộ tiêu chí không có chỉ tiêu hay số liệu {key!r}"
                + (f"; có phải là {' hoặc '.join(repr(c) for c in close)}?" if close else ""),
            )
            continue
        if measure in keyed:
            fail(f"/values/{key}", f"gives {measure!r} a second time (indicator {key} measures it)")
            continue
        keyed[measure] = reading
    return keyed
