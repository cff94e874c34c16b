"""Reading the installed packs: entry points, the pluggy hook, and what did not load.

:func:`read_pack` imports one pack, registers it in the one pluggy ``PluginManager`` and collects
what its hook provides (sets built in code, YAML documents); a pack that fails is recorded with its
error, not raised. :func:`resolve_packs` resolves every pack's documents together, so a provincial
set can extend a national one from another pack, and records each set that cannot load as a
:class:`SetProblem` naming the set, the reason and the distribution to install.
:class:`~ntmcriteria.packs.registry.Registry` is built from what these return.
"""

from __future__ import annotations

import os
from importlib.resources.abc import Traversable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pluggy

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

from ..core.errors import ModelError
from ..criteria.model import CriteriaSet, Provenance
from .extends import resolve_documents
from .files import files_hash
from .loader import SetDocument, read_document

__all__ = [
    "PackInfo",
    "ReadPack",
    "SetProblem",
    "blocked_packs",
    "distribution_of",
    "read_pack",
    "resolve_packs",
    "with_provenance",
]


@attrs.frozen(slots=True)
class PackInfo:
    """One installed pack: its entry-point name, distribution, version and what it gave.

    >>> import ntmcriteria as ntm
    >>> hatinh = next(p for p in ntm.registry().packs if p.name == "hatinh")
    >>> hatinh.distribution, hatinh.ok
    ('ntmcriteria-hatinh', True)
    """

    name: str
    distribution: str | None = None
    version: str | None = None
    sets: tuple[str, ...] = ()
    error: str | None = None
    #: the sets of this pack that did not load (the others did)
    problems: tuple[SetProblem, ...] = ()
    #: blocked by the user (``NTMCRITERIA_BLOCK``): not loaded, on purpose
    blocked: bool = False

    @property
    def ok(self) -> bool:
        """Whether the pack loaded (some of its sets may still have problems)."""
        return self.error is None


@attrs.frozen(slots=True)
class SetProblem:
    """A pack, or one set of a pack, that did not load: why, and what would fix it."""

    pack: str
    reason: str
    #: the set's id (None: the whole pack failed), and the file it comes from
    set_id: str | None = None
    file: str | None = None
    #: distributions whose sets this one needs (``ntmcriteria-national``)
    install: tuple[str, ...] = ()

    def __str__(self) -> str:
        what = (
            f"set {self.set_id!r} of pack {self.pack!r}" if self.set_id else f"pack {self.pack!r}"
        )
        fix = f" (install {', '.join(self.install)})" if self.install else ""
        return f"{what} did not load: {self.reason}{fix}"


def distribution_of(set_id: str) -> str:
    """The distribution that publishes ``set_id`` by the naming convention: the id's first part
    is the pack, published as ``ntmcriteria-<pack>`` (``national/xa-ntm/2021-2025`` →
    ``ntmcriteria-national``)."""
    return f"ntmcriteria-{set_id.split('/', 1)[0]}"


def with_provenance(
    criteria_set: CriteriaSet, info: PackInfo, source: str | None, files: str | None = None
) -> CriteriaSet:
    provenance = Provenance(
        info.name, info.distribution, info.version, criteria_set.content_hash(), source, files
    )
    return criteria_set.with_provenance(provenance)


@attrs.frozen(slots=True)
class ReadPack:
    info: PackInfo
    sets: tuple[CriteriaSet, ...] = ()
    documents: tuple[SetDocument, ...] = ()


def blocked_packs() -> set[str]:
    """The packs the user blocks: ``NTMCRITERIA_BLOCK`` lists entry-point names, by commas."""
    setting = os.environ.get("NTMCRITERIA_BLOCK", "")
    return {name.strip() for name in setting.split(",") if name.strip()}


def read_pack(entry_point: EntryPoint, manager: pluggy.PluginManager) -> ReadPack:
    """Import a pack, register it in ``manager`` and collect what its hook provides (sets built
    in code, YAML documents)."""
    dist = entry_point.dist
    info = PackInfo(
        entry_point.name,
        dist.name if dist is not None else None,
        dist.version if dist is not None else None,
    )
    if manager.is_blocked(entry_point.name):
        return ReadPack(attrs.evolve(info, blocked=True))
    try:
        plugin = entry_point.load()
        if manager.get_plugin(entry_point.name) is not None:
            raise ValueError(f"a second pack is named {entry_point.name!r}")
        manager.register(plugin, name=entry_point.name)
        others = [p for p in manager.get_plugins() if p is not plugin]
        call = manager.subset_hook_caller("ntmcriteria_criteria_sets", remove_plugins=others)
        sets: list[CriteriaSet] = []
        documents: list[SetDocument] = []
        for provided in call():
            for item in provided:
                if isinstance(item, CriteriaSet):
                    sets.append(with_provenance(item, info, None))
                elif isinstance(item, SetDocument):
                    documents.append(item)
                elif isinstance(item, str | PathLike | Traversable):
                    documents.append(read_document(item))
                else:
                    raise TypeError(
                        f"ntmcriteria_criteria_sets returned {type(item).__name__}; expected a "
                        "CriteriaSet, a SetDocument or the path of a YAML set"
                    )
    except SystemExit as exc:  # a pack that exits when imported is broken, not the end of ntm
        error = f"SystemExit: the pack called sys.exit({exc.code!r}) while loading"
        unregister(manager, entry_point.name)
        return ReadPack(attrs.evolve(info, error=error))
    except Exception as exc:  # a broken pack must not break the others
        unregister(manager, entry_point.name)
        return ReadPack(attrs.evolve(info, error=f"{type(exc).__name__}: {exc}"))
    return ReadPack(info, tuple(sets), tuple(documents))


def unregister(manager: pluggy.PluginManager, name: str) -> None:
    """A pack that failed is not left in the plugin manager."""
    plugin = manager.get_plugin(name)
    if plugin is not None:
        manager.unregister(plugin=plugin, name=name)


def resolve_packs(packs: list[ReadPack]) -> list[tuple[PackInfo, list[CriteriaSet]]]:
    """Resolve every pack's documents together; a pack with an invalid file fails as a whole."""
    built = {s.id: s for pack in packs for s in pack.sets}
    owner: dict[str, tuple[PackInfo, str]] = {}
    for pack in packs:
        files = files_hash(pack.documents) if pack.documents else None
        for document in pack.documents:
            owner[document.file] = (pack.info, files or "")
    results = resolve_documents(
        [d for pack in packs for d in pack.documents], built.get, unique_ids=False
    )
    known = set(built) | {d.id for pack in packs for d in pack.documents if d.id is not None}
    loaded: list[tuple[PackInfo, list[CriteriaSet]]] = []
    for pack in packs:
        if pack.info.error is not None:
            loaded.append((pack.info, []))
            continue
        problems = []
        sets = list(pack.sets)
        for document in pack.documents:
            result = results[document.file]
            if isinstance(result, ModelError):
                problems.append(set_problem(pack.info.name, document, result, known))
            else:
                info, files = owner[document.file]
                sets.append(with_provenance(result, info, Path(document.file).name, files))
        loaded.append((attrs.evolve(pack.info, problems=tuple(problems)), sets))
    return loaded


def set_problem(pack: str, document: SetDocument, error: ModelError, known: set[str]) -> SetProblem:
    """Why a set did not load, and the distribution that provides a base it lacks (``known``:
    the ids of every set any installed pack provides, loaded or not)."""
    base = document.extends
    install = (distribution_of(base),) if base is not None and base not in known else ()
    reasons = "; ".join(str(p) for p in error.problems[:3])
    more = f" (and {len(error.problems) - 3} more)" if len(error.problems) > 3 else ""
    return SetProblem(pack, reasons + more, document.id, Path(document.file).name, install)
