"""Discovering installed packs and looking up their criteria sets.

:func:`registry` loads every distribution registered under the entry-point group
``ntmcriteria``. Each pack is loaded on its own: a pack that fails to import (or whose hook
fails) is recorded with its error and the others stay usable. Each set is resolved on its own
too: a set that cannot load — an invalid file, a base set that is not installed — is recorded as
a :class:`SetProblem` naming the set, the reason and the distribution to install, and the pack's
other sets keep working. Nothing vanishes silently: :attr:`Registry.problems` lists every pack
and set that did not load, and ``ntm sets`` / ``ntm packs`` print them. Two packs (or one pack
twice) defining the same set id make that id an error naming both; other ids are unaffected.
Reading the packs themselves (entry points, the pluggy hook, resolution) is :mod:`.discovery`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import threading
from collections.abc import Iterable, Iterator, Mapping

import attrs
import pluggy

from ..core.errors import ArgumentError, ModelError, RegistryError
from ..core.text import Text
from ..criteria.model import CriteriaSet, Provenance
from ..criteria.naming import set_titles
from . import hookspecs
from .discovery import (
    PackInfo,
    SetProblem,
    blocked_packs,
    read_pack,
    resolve_packs,
    with_provenance,
)
from .extends import Lookup, resolve_documents
from .loader import Source, read_document

__all__ = [
    "PackInfo",
    "Registry",
    "SetEntry",
    "SetProblem",
    "load_criteria_set",
    "load_criteria_sets",
    "registry",
]


@attrs.frozen(slots=True)
class SetEntry:
    """One line of the registry listing."""

    id: str
    title: str
    level: str
    tier: str
    province: str | None
    validity: str
    pack: str
    version: str | None
    content_hash: str | None


class Registry:
    """The criteria sets of a collection of packs, by id, province, tier, level and date.

    >>> import ntmcriteria as ntm
    >>> the_set = ntm.registry().get("example/xa-ntm-trich/2022-2025")
    >>> mine = ntm.Registry.from_sets([the_set])
    >>> list(mine), len(mine)
    (['example/xa-ntm-trich/2022-2025'], 1)
    """

    def __init__(self, packs: Iterable[tuple[PackInfo, Iterable[CriteriaSet]]]) -> None:
        #: names in ``NTMCRITERIA_BLOCK`` that no installed pack has, each with the closest names
        self.unknown_blocked: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self._packs: list[PackInfo] = []
        self._sets: dict[str, CriteriaSet] = {}
        self._owners: dict[str, list[str]] = {}
        for info, sets in packs:
            ids = []
            for criteria_set in sets:
                self._owners.setdefault(criteria_set.id, []).append(info.name)
                self._sets.setdefault(criteria_set.id, criteria_set)
                ids.append(criteria_set.id)
            self._packs.append(attrs.evolve(info, sets=tuple(ids)))

    # --- construction ---------------------------------------------------------------------------

    @classmethod
    def discover(cls, group: str = hookspecs.PROJECT) -> Registry:
        """Load every pack registered under the entry-point ``group``.

        Packs are read first, then every YAML set of every pack is resolved together, so that a
        provincial set may extend a set of another pack (usually the national one).
        """
        from importlib.metadata import entry_points

        global _manager
        manager = pluggy.PluginManager(hookspecs.PROJECT)
        manager.add_hookspecs(hookspecs)
        for name in blocked_packs():
            manager.set_blocked(name)
        _manager = manager
        found = list(entry_points(group=group))
        read = [read_pack(entry_point, manager) for entry_point in found]
        built = cls(resolve_packs(read))
        names = [entry_point.name for entry_point in found]
        built.unknown_blocked = tuple(
            (name, tuple(difflib.get_close_matches(name, names, n=1)))
            for name in sorted(blocked_packs() - set(names))
        )
        return built

    @classmethod
    def from_sets(cls, sets: Iterable[CriteriaSet], pack: str = "local") -> Registry:
        """A registry of sets built in code, as if one pack named ``pack`` provided them."""
        return cls.from_packs({pack: sets})

    @classmethod
    def from_packs(cls, packs: Mapping[str, Iterable[CriteriaSet]]) -> Registry:
        """A registry of several programmatic packs (name → sets)."""
        built = []
        for name, sets in packs.items():
            info = PackInfo(name)
            built.append((info, [with_provenance(s, info, None) for s in sets]))
        return cls(built)

    # --- lookup -----------------------------------------------------------------------------------

    @property
    def packs(self) -> tuple[PackInfo, ...]:
        """Every pack, loaded or failed."""
        return tuple(self._packs)

    @property
    def failures(self) -> tuple[PackInfo, ...]:
        """The packs that failed to load, each with its error."""
        return tuple(pack for pack in self._packs if not pack.ok)

    @property
    def problems(self) -> tuple[SetProblem, ...]:
        """Every pack and every set that did not load, with the reason and what to install."""
        found: list[SetProblem] = []
        for pack in self._packs:
            if pack.error is not None:
                found.append(SetProblem(pack.name, pack.error))
            found.extend(pack.problems)
        return tuple(found)

    @property
    def duplicates(self) -> dict[str, tuple[str, ...]]:
        """Set ids defined more than once, with the packs that define them."""
        return {i: tuple(owners) for i, owners in self._owners.items() if len(owners) > 1}

    def _check_unique(self, set_id: str) -> None:
        owners = self._owners.get(set_id, [])
        if len(owners) > 1:
            named = " and ".join(repr(owner) for owner in sorted(owners))
            raise RegistryError(f"set {set_id!r} is defined by more than one pack: {named}")

    def get(self, set_id: str) -> CriteriaSet:
        """The set with this id; :class:`RegistryError` when unknown or defined twice."""
        self._check_unique(set_id)
        try:
            return self._sets[set_id]
        except KeyError:
            for problem in self.problems:
                if problem.set_id == set_id:
                    raise RegistryError(str(problem)) from None
            close = difflib.get_close_matches(set_id, list(self._sets), n=3, cutoff=0.6)
            if close:
                message = (
                    f"unknown criteria set {set_id!r}; did you mean "
                    + " or ".join(repr(c) for c in close)
                    + "? (ntm sets lists them all)"
                )
            else:
                message = (
                    f"unknown criteria set {set_id!r} ({len(self._sets)} installed:"
                    " ntm sets lists them)"
                )
            if self.failures:
                failed = "; ".join(f"{p.name}: {p.error}" for p in self.failures)
                message += f"; packs that failed to load: {failed}"
            raise RegistryError(message) from None

    def find(
        self,
        *,
        province: str | None = None,
        tier: str | None = None,
        level: str | None = None,
        on: dt.date | str | None = None,
    ) -> list[CriteriaSet]:
        """Sets matching every given filter, sorted by id. ``on`` is a date the set is in force
        (a :class:`datetime.date` or ``"YYYY-MM-DD"``; anything else is an ArgumentError)."""
        day = _day(on)
        found = []
        for set_id, criteria_set in sorted(self._sets.items()):
            if province is not None and criteria_set.province != province:
                continue
            if tier is not None and criteria_set.tier != tier:
                continue
            if level is not None and criteria_set.level != level:
                continue
            if day is not None and not criteria_set.validity.covers(day):
                continue
            self._check_unique(set_id)
            found.append(criteria_set)
        return found

    def listing(self) -> list[SetEntry]:
        """Every set with its pack and version (ids defined twice are listed once per pack)."""
        entries = []
        for set_id, criteria_set in sorted(self._sets.items()):
            provenance = criteria_set.provenance
            for owner in self._owners[set_id]:
                pack = next(p for p in self._packs if p.name == owner)
                entries.append(
                    SetEntry(
                        set_id,
                        criteria_set.title.vi,
                        criteria_set.level,
                        criteria_set.tier,
                        criteria_set.province,
                        criteria_set.validity.describe(),
                        owner,
                        pack.version,
                        provenance.content_hash if provenance else None,
                    )
                )
        return entries

    def __contains__(self, set_id: object) -> bool:
        return set_id in self._sets

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._sets))

    def __len__(self) -> int:
        return len(self._sets)

    def __repr__(self) -> str:
        return f"<Registry {len(self._sets)} sets from {len(self._packs)} packs>"


_manager: pluggy.PluginManager | None = None


def plugin_manager() -> pluggy.PluginManager:
    """The one pluggy ``PluginManager`` every installed pack is registered in (that of the last
    discovery; :func:`registry` discovers once): ``list_name_plugin()`` lists the packs,
    ``is_blocked(name)`` tells a blocked one, ``enable_tracing()`` traces hook calls."""
    if _manager is None:
        registry()
    assert _manager is not None
    return _manager


def _day(on: dt.date | str | None) -> dt.date | None:
    """``on`` as a date: a date, or its ISO text; ArgumentError naming ``on`` otherwise."""
    if isinstance(on, dt.datetime):  # a moment is in force on its day
        return on.date()
    if on is None or isinstance(on, dt.date):
        return on
    if isinstance(on, str) and len(on.strip()) == 10:
        try:
            return dt.date.fromisoformat(on.strip())
        except ValueError:
            pass
    raise ArgumentError(f"on: expected a date such as 2026-06-01 (YYYY-MM-DD), got {on!r}")


_lock = threading.Lock()
_cached: Registry | None = None


def registry(refresh: bool = False) -> Registry:
    """The registry of installed packs, discovered once and cached (``refresh=True`` reloads).

    >>> import ntmcriteria as ntm
    >>> "hatinh/xa-ntm/2022-2025" in ntm.registry()
    True
    """
    global _cached
    with _lock:
        if _cached is None or refresh:
            _cached = Registry.discover()
        return _cached


# --- one-call helpers -----------------------------------------------------------------------------


def load_criteria_sets(
    sources: Iterable[Source],
    lookup: Lookup | None = None,
) -> list[CriteriaSet]:
    """Load and resolve several files together; raise one :class:`ModelError` with every problem.

    A set may extend another of the same files, or an installed one (``lookup``, by default the
    installed packs' registry, consulted only when a base is not among the files).
    """
    documents = [read_document(source) for source in sources]
    results = resolve_documents(documents, lookup or _registry_lookup)
    problems = [p for r in results.values() if isinstance(r, ModelError) for p in r.problems]
    if problems:
        raise ModelError(problems)
    return [r for r in results.values() if isinstance(r, CriteriaSet)]


def load_criteria_set(
    source: Source, provenance: Provenance | None = None, lookup: Lookup | None = None
) -> CriteriaSet:
    """Load one criteria-set file (its base, if it extends one, from ``lookup`` / the registry).

    >>> from importlib.resources import files
    >>> import ntmcriteria as ntm
    >>> source = files("ntmcriteria_example") / "sets" / "xa-ntm-trich-2022-2025.yaml"
    >>> ntm.load_criteria_set(source).id
    'example/xa-ntm-trich/2022-2025'
    """
    document = read_document(source)
    results = resolve_documents(
        [document], lookup or _registry_lookup, (lambda _doc: provenance) if provenance else None
    )
    result = results[document.file]
    if isinstance(result, ModelError):
        raise result
    return result


def _known_title(set_id: str) -> Text | None:
    """The title of a set of the discovered registry (never starts a discovery)."""
    found = _cached
    if found is None or set_id not in found:
        return None
    return found.get(set_id).title


set_titles(_known_title)


def _registry_lookup(set_id: str) -> CriteriaSet | None:
    found = registry()
    return found.get(set_id) if set_id in found else None
