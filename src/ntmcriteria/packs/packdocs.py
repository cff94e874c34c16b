"""Review pages generated from pack data: one Markdown page per pack, every set laid out so a
province officer can put each threshold beside its decision.

``ntm pack docs`` writes ``docs/packs/<pack>.md``; a test keeps the committed pages in step with
the pack data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..core.files import write_text_atomically
from ..core.text import markdown_cell, one_line
from ..criteria.model import CriteriaSet, Indicator
from ..criteria.naming import by_id
from .registry import Registry

__all__ = ["installed_lookup", "pack_markdown", "set_markdown", "show_text", "write_pack_docs"]


_cell = markdown_cell


def _requirement(indicator: Indicator) -> str:
    return _cell(indicator.describe().vi)


Lookup = Callable[[str], CriteriaSet | None]


def installed_lookup(registry: Registry | None = None) -> Lookup:
    """A set by id from ``registry`` (the installed packs by default), or None."""
    if registry is None:
        from .registry import registry as installed

        registry = installed()
    found = registry

    def lookup(set_id: str) -> CriteriaSet | None:
        return found.get(set_id) if set_id in found else None

    return lookup


def set_markdown(criteria_set: CriteriaSet, lookup: Lookup | None = None) -> str:
    """The reference page of a set (other sets named by their ids, which the pages link)."""
    with by_id():
        return _set_markdown(criteria_set, lookup)


def _set_markdown(criteria_set: CriteriaSet, lookup: Lookup | None = None) -> str:
    """One set as Markdown: provenance, what is not encoded or cannot be decided (``lookup``
    finds the sets it depends on; the installed packs by default), and a table per group."""
    basis = criteria_set.legal_basis
    summary = criteria_set.encoding_summary(lookup or installed_lookup())
    lines = [
        f"## {one_line(criteria_set.title.vi)}",
        "",
        f"*{one_line(criteria_set.title.en)}*",
        "",
        f"- Id: `{criteria_set.id}`",
        f"- Level / tier: {criteria_set.level} / {criteria_set.tier}"
        + (f"; province: {criteria_set.province}" if criteria_set.province else "; national"),
        f"- Legal basis: {one_line(basis.issuer)}"
        + (f", {basis.number}" if basis.number else "")
        + (f", {basis.date}" if basis.date else ""),
        f"- In force: {criteria_set.validity.describe()}",
        f"- Encoded: {summary.en} ({summary.vi})",
    ]
    if criteria_set.shape is not None:
        shape = criteria_set.shape
        lines.append(
            f"- Shape stated by the sources: {shape.criteria} criteria, {shape.indicators} "
            f"indicators" + (f" ({_cell(shape.source)})" if shape.source else "")
        )
    if criteria_set.lineage is not None:
        lineage = criteria_set.lineage
        lines.append(f"- Extends: `{lineage.base}`")
    if basis.note:
        lines.append(f"- Note on the legal basis: {_cell(basis.note)}")
    for citation in criteria_set.citations:
        lines.append(
            f"- Source: {_cell(str(citation))}"
            + (f" — {_cell(citation.note)}" if citation.note else "")
        )
    for set_note in criteria_set.notes:
        lines.append(f"- {_cell(set_note.vi)}")
    missing = criteria_set.not_encoded()
    if missing:
        lines += ["", f"**Not encoded ({len(missing)}):** " + ", ".join(missing)]
    for group in criteria_set.groups:
        lines += [
            "",
            f"### {group.id}. {one_line(group.title.vi)}",
            "",
            "| Chỉ tiêu | Nội dung | Yêu cầu | Số liệu | Nguồn |",
            "| --- | --- | --- | --- | --- |",
        ]
        for criterion in group.criteria:
            agency = f" — {criterion.agency.vi}" if criterion.agency else ""
            lines.append(
                f"| **{criterion.id}** | **{_cell(criterion.title.vi)}**{_cell(agency)} "
                f"| {criterion.rule.describe().vi} | | |"
            )
            for indicator in criterion.indicators:
                source = indicator.citation.locator if indicator.citation else ""
                measure_id = f"`{indicator.measure}`" if indicator.measure else "(rule)"
                remark = f" *{_cell(indicator.note.vi)}*" if indicator.note else ""
                lines.append(
                    f"| {indicator.id} | {_cell(indicator.title.vi)}{remark} | "
                    f"{_requirement(indicator)} | {measure_id} | {_cell(source or '')} |"
                )
    if criteria_set.composition:
        lines += ["", "### Điều kiện (composition)", ""]
        for condition in criteria_set.composition:
            lines.append(
                f"- **{condition.id}.** {_cell(condition.title.vi)}: "
                f"{_cell(condition.rule.describe().vi)}"
            )
    if criteria_set.measures:
        lines += [
            "",
            "### Số liệu (measures)",
            "",
            "| Id | Kind | Unit | Title |",
            "| --- | --- | --- | --- |",
        ]
        for measure in criteria_set.measures.values():
            lines.append(
                f"| `{measure.id}` | {measure.kind.value} | {measure.unit or ''} | "
                f"{_cell(measure.title.vi)} |"
            )
    return "\n".join(lines) + "\n"


def pack_markdown(
    name: str, version: str | None, sets: Iterable[CriteriaSet], lookup: Lookup | None = None
) -> str:
    lookup = lookup or installed_lookup()
    listed = sorted(sets, key=lambda s: s.id)
    head = [
        f"# Pack `{name}`" + (f" {version}" if version else ""),
        "",
        "Generated from the pack data by `ntm pack docs`; do not edit by hand.",
        "",
        "| Set | Level | Tier | Encoded |",
        "| --- | --- | --- | --- |",
    ]
    head += [
        f"| `{s.id}` | {s.level} | {s.tier} | {s.encoding_summary(lookup).en} |" for s in listed
    ]
    return "\n".join(head) + "\n\n" + "\n".join(set_markdown(s, lookup) for s in listed)


def write_pack_docs(registry: Registry, folder: Path) -> list[Path]:
    """``folder/<pack>.md`` for every loaded pack; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for pack in registry.packs:
        if not pack.ok or not pack.sets:
            continue
        path = folder / f"{pack.name}.md"
        sets = [registry.get(set_id) for set_id in pack.sets]
        page = pack_markdown(pack.name, pack.version, sets, installed_lookup(registry))
        write_text_atomically(path, page)
        written.append(path)
    return written


#: the lines that open and close the generated list of sets in a pack's README
README_START = "<!-- ntm pack readme: the sets of this pack, from its set files. Do not edit. -->"
README_END = "<!-- end of the sets -->"


def readme_sets(sets: Iterable[CriteriaSet], lookup: Lookup | None = None) -> str:
    """The block of a pack's README that lists its sets — id and title, in force, legal basis,
    how much is encoded — between :data:`README_START` and :data:`README_END`.

    >>> import ntmcriteria as ntm
    >>> block = readme_sets([ntm.registry().get("example/xa-ntm-trich/2022-2025")])
    >>> "18 of 18 indicators encoded" in block
    True
    """
    lookup = lookup or installed_lookup()
    lines = [
        README_START,
        "",
        "| Bộ tiêu chí · Set | Hiệu lực · In force | Căn cứ · Legal basis | Encoded |",
        "| --- | --- | --- | --- |",
    ]
    for criteria_set in sorted(sets, key=lambda found: found.id):
        basis = criteria_set.legal_basis
        legal = ", ".join(part for part in (basis.issuer, basis.number, basis.date) if part)
        if basis.number is None:
            legal += " (number not given)"
        title = f"{_cell(criteria_set.title.vi)} — *{_cell(criteria_set.title.en)}*"
        lines.append(
            f"| `{criteria_set.id}`: {title} | {criteria_set.validity.describe()} "
            f"| {_cell(legal)} | {_cell(criteria_set.encoding_summary(lookup).en)} |"
        )
    return "\n".join([*lines, "", README_END])


def with_readme_sets(readme: str, block: str) -> str:
    """``readme`` with its block of sets replaced by ``block``; a README without one gets it
    before its first second-level heading (or at its end)."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start != -1 and end > start:
        return readme[:start] + block + readme[end + len(README_END) :]
    heading = readme.find("\n## ")
    if heading == -1:
        return readme.rstrip("\n") + "\n\n" + block + "\n"
    return (
        readme[: heading + 1]
        + "## Sets / Các bộ tiêu chí\n\n"
        + block
        + "\n\n"
        + readme[heading + 1 :]
    )


def show_text(criteria_set: CriteriaSet, lang: str = "vi", lookup: Lookup | None = None) -> str:
    """A set as a plain-text tree: groups, criteria, indicators, requirements, sources."""
    lines = [
        f"{criteria_set.title.get(lang)} [{criteria_set.id}]",
        f"  {criteria_set.encoding_summary(lookup or installed_lookup()).get(lang)}",
    ]
    for group in criteria_set.groups:
        lines.append(f"{group.id}. {group.title.get(lang)}")
        for criterion in group.criteria:
            lines.append(f"  {criterion.id}. {criterion.title.get(lang)}")
            for indicator in criterion.indicators:
                cited = indicator.citation
                where = f"  [{cited.locator or cited.document}]" if cited else ""
                lines.append(f"    {indicator.id}: {indicator.describe().get(lang)}{where}")
    for condition in criteria_set.composition:
        lines.append(
            f"* {condition.id}. {condition.title.get(lang)}: {condition.rule.describe().get(lang)}"
        )
    return "\n".join(lines)
