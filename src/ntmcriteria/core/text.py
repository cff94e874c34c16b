"""Bilingual text: every title, requirement and explanation exists in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, TypeVar, overload

import attrs

__all__ = ["LANGS", "FrozenMap", "Lang", "Text", "check_lang", "markdown_cell", "one_line"]

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``"vi"`` or ``"en"``; raise ValueError otherwise."""
    if lang == "vi":
        return "vi"
    if lang == "en":
        return "en"
    raise ValueError(f"unknown language {lang!r}: expected 'vi' or 'en'")


def one_line(text: str) -> str:
    """``text`` on one line: every run of white space, new lines included, one space — for a
    comment line, a table cell or any place where a new line from the data would break the file.

    >>> one_line("Tỷ lệ hộ\\n  có nhà tiêu ")
    'Tỷ lệ hộ có nhà tiêu'
    """
    return " ".join(text.split())


def markdown_cell(text: object) -> str:
    """``text`` as a Markdown table cell: on one line, its ``|`` escaped.

    >>> markdown_cell("≥ 80 %\\n| hộ")
    '≥ 80 % \\\\| hộ'
    """
    return one_line(str(text).replace("|", "\\|"))


def _not_blank(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"text.{attribute.name} must be a non-empty string, got {value!r}")


@attrs.frozen(slots=True)
class Text:
    """A text in Vietnamese (``vi``) and English (``en``).

    >>> import ntmcriteria as ntm
    >>> title = ntm.Text("Thu nhập", "Income")
    >>> title.get("vi"), title.get("en")
    ('Thu nhập', 'Income')
    """

    vi: str = attrs.field(validator=_not_blank)
    en: str = attrs.field(validator=_not_blank)

    @classmethod
    def same(cls, text: str) -> Text:
        """The same string in both languages (numbers, codes, proper names)."""
        return cls(text, text)

    @classmethod
    def coerce(cls, value: Text | Mapping[str, str] | str) -> Text:
        """A Text from a Text, a ``{vi, en}`` mapping or a plain string (used in both languages)."""
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls.same(value)
        if isinstance(value, Mapping):
            unknown = set(value) - {"vi", "en"}
            if unknown:
                raise ValueError(f"text: unknown language key(s) {sorted(unknown)}; use vi and en")
            if "vi" not in value or "en" not in value:
                raise ValueError(f"text: expected both 'vi' and 'en', got {sorted(value)}")
            return cls(value["vi"], value["en"])
        raise ValueError(f"text: expected a string or a {{vi, en}} mapping, got {value!r}")

    def get(self, lang: str = "vi") -> str:
        """The text in ``lang``."""
        return self.vi if check_lang(lang) == "vi" else self.en

    def map(self, vi: str, en: str) -> Text:
        """Format both languages: ``{}`` in ``vi``/``en`` receives this text's string."""
        return Text(vi.format(self.vi), en.format(self.en))

    def to_data(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}

    def __str__(self) -> str:
        return self.vi


K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class FrozenMap(Mapping[K, V]):
    """An immutable, hashable mapping that keeps insertion order (for frozen model classes)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    @overload
    def get(self, key: K, /) -> V | None: ...

    @overload
    def get(self, key: K, /, default: V | T) -> V | T: ...

    def get(self, key: K, /, default: Any = None) -> Any:
        """The dict's own ``get``, without ``Mapping``'s detour through ``__getitem__``."""
        return self._data.get(key, default)

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))
