"""Units and numbers as Vietnamese documents write them.

One pint registry serves the whole library. It knows a currency dimension (đồng, nghìn đồng,
triệu đồng, tỷ đồng), people (người), households (hộ), counted things (cơ sở, mô hình, phần mềm …),
percent, area (m², ha) and length (km). Unit strings are parsed as the seed documents write them:
``"triệu đồng/người/năm"``, ``"m2/người"``, ``"ha"``, ``"%"``, ``"km"``.

Numbers are exact: every magnitude is a :class:`fractions.Fraction`, so a boundary such as
"exactly 80 % against ≥ 80 %" is decided by arithmetic, not by floating-point luck. Vietnamese
notation is the default: ``"52,15"`` is 52.15 and ``"1.224"`` is 1224.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from .numbers import (
    NumberStyle,
    UnitError,
    _clean,
    format_number,
    parse_number,
    to_fraction,
)
from .unit_tables import COUNTED, DEFINITIONS, PHRASES

__all__ = [
    "NumberStyle",
    "Quantity",
    "UnitError",
    "compatible",
    "conversion_factor",
    "counted_thing",
    "dimensions",
    "format_number",
    "is_count_unit",
    "is_dimensionless",
    "is_percent",
    "normalize_unit",
    "parse_number",
    "parse_quantity",
    "parse_ratio",
    "parse_unit",
    "registry",
    "same_counted_thing",
    "to_fraction",
    "unit_label",
]


# --- the registry -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def registry() -> Any:
    """The one pint registry, built on first use (importing the library does not import pint).

    pint keeps its parsed definitions in ``<cache>/pint`` (the cache folder of
    ``NTMCRITERIA_CACHE``, ``~/.cache/ntmcriteria`` by default; ``off`` disables it), which
    makes building the registry about 8 × faster in a new process.
    """
    import pint

    cache = _cache_folder()
    try:
        built: Any = pint.UnitRegistry(
            autoconvert_offset_to_baseunit=True,
            cache_folder=str(cache / "pint") if cache is not None else None,
        )
    except OSError:  # an unwritable cache folder: build without it
        built = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in DEFINITIONS.strip().splitlines():
        built.define(line)
    return built


def _cache_folder() -> Path | None:
    """The library's cache folder (``NTMCRITERIA_CACHE``; ``off``: none)."""
    setting = os.environ.get("NTMCRITERIA_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ntmcriteria"


def __getattr__(name: str) -> Any:
    if name == "ureg":  # the registry under its earlier name
        return registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def normalize_unit(text: str) -> str:
    """The display form of a unit string: NFC, single spaces, no spaces around ``/``.

    >>> normalize_unit("triệu đồng/ người")
    'triệu đồng/người'
    """
    return _normalize_unit(text)


@lru_cache(maxsize=1024)
def _normalize_unit(text: str) -> str:
    cleaned = _clean(text)
    return "/".join(part.strip() for part in cleaned.split("/"))


def _segment_to_pint(segment: str, whole: str) -> str:
    key = segment.lower()
    if key in PHRASES:
        return PHRASES[key][0]
    # "triệu đồng người" is not a unit; neither is an empty segment ("%/" or "/năm").
    if not key:
        raise UnitError(
            f"unit {whole!r}: empty part around '/'",
            f"đơn vị {whole!r} thiếu một phần quanh dấu '/'",
        )
    if "%%" in key:  # pint reads "%%" as a per-mille-like 1/10,000: never what was meant
        raise UnitError(
            f"unit {whole!r}: '%%' is not a unit; write '%'",
            f"đơn vị {whole!r}: '%%' không phải là đơn vị; hãy ghi '%'",
        )
    return key


@lru_cache(maxsize=512)
def parse_unit(text: str) -> Any:
    """Parse a unit string as written in the documents into a pint unit.

    ``""`` (or ``"1"``) is the dimensionless unit of a pure number.

    >>> str(parse_unit("triệu đồng/người/năm"))
    'million_dong / person / year'
    """
    unit = normalize_unit(text)
    if unit in ("", "1"):
        return registry().dimensionless
    expression = "/".join(f"({_segment_to_pint(seg, unit)})" for seg in unit.split("/"))
    try:
        parsed = registry().parse_units(expression)
    except Exception as exc:  # pint raises several unrelated exception types
        raise UnitError(
            f"unknown unit {text!r}: expected a unit such as '%', 'triệu đồng/người/năm', "
            f"'m2/người', 'ha', 'km', 'hộ' or 'người'",
            f"không biết đơn vị {text!r}: cần một đơn vị như '%', 'triệu đồng/người/năm', "
            f"'m2/người', 'ha', 'km', 'hộ' hoặc 'người'",
        ) from exc
    return parsed


# --- dimensions, remembered across processes --------------------------------------------------
#
# Checking a set's units (is this a share? a count? does the threshold measure what the measure
# measures?) needs only each unit's dimensions. They are remembered by unit string in the cache
# folder, under a digest of the unit tables (.unit_tables), so that listing or loading the sets
# does not import pint; converting magnitudes (evaluation) still asks pint.

Dimensions = tuple[tuple[str, float], ...]
_DIMENSIONS: dict[str, Dimensions] = {}
_STORED: list[bool] = []  # whether the stored dimensions were read


#: bumped whenever :func:`parse_unit` reads a unit string differently (2: ``%%`` refused), so that
#: no dimensions remembered by an earlier version are used
_PARSER_VERSION = 2


def _dimensions_file() -> Path | None:
    folder = _cache_folder()
    if folder is None:
        return None
    tables = json.dumps([_PARSER_VERSION, DEFINITIONS, sorted(PHRASES.items())], ensure_ascii=False)
    digest = hashlib.sha256(tables.encode("utf-8")).hexdigest()[:16]
    return folder / f"units-{digest}.json"


def _read_stored() -> None:
    _STORED.append(True)
    path = _dimensions_file()
    try:
        if path is None or not path.is_file():
            return
        stored = json.loads(path.read_text(encoding="utf-8"))
        _DIMENSIONS.update(
            {unit: tuple((str(d), float(e)) for d, e in dims) for unit, dims in stored.items()}
        )
    except (OSError, ValueError, TypeError):
        return  # a damaged cache is rebuilt


def _store() -> None:
    path = _dimensions_file()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(_DIMENSIONS, handle, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        return  # an unwritable cache folder: the dimensions are worked out again next time


def dimensions(text: str) -> Dimensions:
    """The dimensions of a unit string (``()`` for a pure number); raises :class:`UnitError` for
    an unknown unit."""
    unit = normalize_unit(text)
    found = _DIMENSIONS.get(unit)
    if found is None and not _STORED:
        _read_stored()
        found = _DIMENSIONS.get(unit)
    if found is None:
        dims = dict(parse_unit(unit).dimensionality)
        found = tuple(sorted((str(d), float(e)) for d, e in dims.items()))
        _DIMENSIONS[unit] = found
        _store()
    return found


def compatible(unit_a: str, unit_b: str) -> bool:
    """Whether two unit strings measure the same dimension (so one converts to the other)."""
    return dimensions(unit_a) == dimensions(unit_b)


def is_dimensionless(unit: str) -> bool:
    """Whether a unit string is a pure number's (a share such as ``%`` is)."""
    return not dimensions(unit)


def is_percent(unit: str) -> bool:
    """Whether a unit string is the percent sign (or its spelled-out form)."""
    return normalize_unit(unit).lower() in ("%", "phần trăm")


#: counted things that name no particular thing: "3 cái" counts houses as well as schools
_ANY_THING = {"cái", "chiếc", "đơn vị", "item", "items", "chỗ"}
#: names of one kind of thing (a village is "thôn" in the North, "ấp" in the South)
_SAME_THING = {"hamlets": "villages"}


def counted_thing(unit: str) -> str | None:
    """The thing a counted unit names (``"schools"`` for ``trường``), or None for a unit that
    names none (``cái``, ``đơn vị``, people, households, or not a counted thing at all)."""
    key = normalize_unit(unit).lower()
    if key not in COUNTED or key in _ANY_THING:
        return None
    name = COUNTED[key]
    return _SAME_THING.get(name, name)


def same_counted_thing(unit_a: str, unit_b: str) -> bool:
    """Whether two counted units may count the same things: ``3 trường`` do not count houses,
    though pint gives every counted thing one dimension."""
    thing_a, thing_b = counted_thing(unit_a), counted_thing(unit_b)
    return thing_a is None or thing_b is None or thing_a == thing_b


def is_count_unit(unit: str) -> bool:
    """Whether a unit counts whole things: households, people or counted items (or nothing)."""
    if normalize_unit(unit) in ("", "1"):
        return True
    dims = dimensions(unit)
    return (
        len(dims) == 1 and dims[0][0] in ("[household]", "[person]", "[item]") and dims[0][1] == 1
    )


@lru_cache(maxsize=1024)
def conversion_factor(from_unit: str, to_unit: str) -> Fraction:
    """The exact factor that turns a magnitude in ``from_unit`` into one in ``to_unit``.

    Raises :class:`UnitError` when the dimensions differ.

    >>> conversion_factor("%", "")
    Fraction(1, 100)
    """
    source, target = parse_unit(from_unit), parse_unit(to_unit)
    if source.dimensionality != target.dimensionality:
        raise UnitError(
            f"unit {from_unit or 'number'!r} cannot be converted to {to_unit or 'number'!r} "
            f"({source.dimensionality} is not {target.dimensionality})",
            f"đơn vị {from_unit or 'số'!r} không đổi được sang {to_unit or 'số'!r}: "
            "hai đại lượng khác loại",
        )
    factor = registry().Quantity(1, source).to(target).magnitude
    # Registry factors are decimal constants (0.01, 1e6, 1/12 …): repr gives the shortest
    # decimal that round-trips, which is the exact constant for every decimal factor.
    return Fraction(repr(float(factor))).limit_denominator(10**12)


# --- numbers ----------------------------------------------------------------------------------


_QUANTITY = re.compile(r"^(?P<number>[+-]?[\d.,\s\u00a0]*\d)\s*(?P<unit>.*)$")
_RATIO_TEXT = re.compile(
    r"^(?P<num>[+-]?[\d.,\u00a0]*\d)\s*(?P<num_unit>[^\d/]*?)\s*/\s*(?P<den>[\d.,\u00a0]*\d)\s*(?P<unit>.*)$"
)


def parse_quantity(text: str, style: NumberStyle = "vi") -> tuple[Fraction, str]:
    """Split ``"52,15 triệu đồng/người/năm"`` into (52.15, "triệu đồng/người/năm").

    The unit may be empty (a bare number) and is checked against the registry.
    """
    cleaned = _clean(text)
    match = _QUANTITY.match(cleaned)
    if not match:
        raise UnitError(
            f"not a quantity: {text!r}; expected a number and a unit, e.g. '83,5%'",
            f"không đọc được {text!r}: cần một số kèm đơn vị, ví dụ '83,5%'",
        )
    number = parse_number(match["number"], style)
    unit = normalize_unit(match["unit"])
    dimensions(unit)  # a unit the registry knows
    return number, unit


def parse_ratio(text: str, style: NumberStyle = "vi") -> tuple[Fraction, Fraction, str] | None:
    """Read ``"669/836 hộ"`` or ``"6,07/6,07 km"`` as (numerator, denominator, unit).

    Returns None when the text is not of that form (``"39 triệu đồng/người/năm"`` is a quantity
    whose unit contains a slash, not a ratio).
    """
    cleaned = _clean(text)
    match = _RATIO_TEXT.match(cleaned)
    if not match:
        return None
    num_unit = match["num_unit"].strip()
    unit = normalize_unit(match["unit"])
    if num_unit and unit and num_unit.lower() != unit.lower():
        raise UnitError(
            f"ratio {text!r}: numerator unit {num_unit!r} differs from {unit!r}",
            f"tỷ lệ {text!r}: đơn vị của tử số {num_unit!r} khác {unit!r}",
        )
    unit = unit or num_unit
    numerator = parse_number(match["num"], style)
    denominator = parse_number(match["den"], style)
    dimensions(unit)  # a unit the registry knows
    return numerator, denominator, unit


# --- display ----------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def unit_label(unit: str, lang: str = "vi") -> str:
    """A unit string for display in ``lang``: as written in Vietnamese, translated in English.

    >>> unit_label("triệu đồng/người/năm", "en")
    'million VND/person/year'
    """
    normalized = normalize_unit(unit)
    if lang == "vi":
        return normalized
    return "/".join(
        PHRASES.get(segment.lower(), (segment, segment))[1] for segment in normalized.split("/")
    )


# --- an exact quantity ------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Quantity:
    """An exact magnitude with the unit it was written in (``""`` for a pure number).

    >>> import ntmcriteria as ntm
    >>> income = ntm.Quantity.parse("52,15 triệu đồng/người/năm")
    >>> income.magnitude, income.format("en")
    (Fraction(1043, 20), '52.15 million VND/person/year')
    """

    magnitude: Fraction = attrs.field(converter=to_fraction)
    unit: str = attrs.field(default="", converter=normalize_unit)

    @unit.validator
    def _check_unit(self, _attribute: attrs.Attribute[str], value: str) -> None:
        dimensions(value)

    @classmethod
    def parse(cls, text: str, style: NumberStyle = "vi") -> Quantity:
        """``Quantity.parse("83,5%")`` → 83.5 %."""
        magnitude, unit = parse_quantity(text, style)
        return cls(magnitude, unit)

    def to(self, unit: str) -> Quantity:
        """The same quantity in another unit of the same dimension."""
        return Quantity(self.magnitude * conversion_factor(self.unit, unit), unit)

    def format(self, lang: str = "vi", decimals: int = 2, fixed: bool = False) -> str:
        """``"52,15 triệu đồng/người/năm"`` / ``"52.15 million VND/person/year"``; a pure number
        that no short decimal writes exactly is written as its fraction (``"2/3"``, as the
        decisions write "ít nhất 2/3 thôn")."""
        magnitude = self.magnitude
        if self.unit in ("", "1"):
            if 1 < magnitude.denominator <= 100 and round(magnitude, decimals) != magnitude:
                return f"{magnitude.numerator}/{magnitude.denominator}"
            return format_number(magnitude, lang, decimals, fixed)
        number = format_number(magnitude, lang, decimals, fixed)
        return f"{number} {unit_label(self.unit, lang)}"

    def __str__(self) -> str:
        return self.format("vi")
