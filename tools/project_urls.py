"""The project's public addresses, written in every place a package index or the site reads them.

The repository's and the documentation site's addresses are the maintainers' decision; this tool
makes publishing them one command instead of a dozen hand edits::

    python tools/project_urls.py set --repository https://git.example/ntm/ntmcriteria \\
        --documentation https://ntm.example/docs [--branch main]
    python tools/project_urls.py check

``set`` writes ``[project.urls]`` into the core's and every pack's ``pyproject.toml`` (a pack's
home page is its page of the site), ``site_url`` and ``repo_url`` into ``mkdocs.yml``, and turns
every relative link of the core's and the packs' READMEs into an absolute one — a page of
``docs/`` becomes its address on the site (``docs/howto/batch.md#x`` → ``…/howto/batch/#x``), any
other file its address in the repository (``{repository}/blob/{branch}/{path}``) — so that the
READMEs read well on a package index. A link to a file that does not exist is refused, and nothing
is written then.

``check`` changes nothing and exits 1, naming each place, while an address is missing, a pack's
addresses differ from the core's, or a README keeps a relative link: the check a release runs
before building the wheels (``docs/howto/release.md``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import tomlkit
from markdown.extensions.toc import slugify

from ntmcriteria.packs.scaffold import public_address

ROOT = Path(__file__).resolve().parents[1]

#: a Markdown inline link or image, ``[text](target)`` or ``[text](target "title")``, or a link
#: reference definition on its own line, ``[label]: target`` (its title, if any, kept)
LINK = re.compile(
    r"(?P<head>!?\[[^\]]*\]\()(?P<target>[^)\s]+)(?P<tail>(?:\s+\"[^\"]*\")?\))"
    r"|(?m:^(?P<rhead> {0,3}\[[^\]]+\]:[ \t]*)(?P<rtarget>\S+))"
)
#: the keys ``[project.urls]`` carries, in the order a package index shows them
KEYS = ("Homepage", "Documentation", "Repository", "Issues", "Changelog")


class AddressError(ValueError):
    """An address or a link the tool cannot use."""


@dataclass(frozen=True)
class Addresses:
    """The repository's and the site's public addresses, and the branch that READMEs link into."""

    repository: str
    documentation: str
    branch: str = "main"

    @classmethod
    def checked(cls, repository: str, documentation: str, branch: str = "main") -> Addresses:
        try:
            repository = public_address(repository, "--repository")
            documentation = public_address(documentation, "--documentation")
        except ValueError as error:
            raise AddressError(str(error)) from None
        if not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
            raise AddressError(f"--branch: expected a branch name, got {branch!r}")
        return cls(repository, documentation, branch)

    def file(self, path: str) -> str:
        """The address of a file of the repository (a folder when ``path`` ends with ``/``)."""
        kind = "tree" if path.endswith("/") else "blob"
        return f"{self.repository}/{kind}/{self.branch}/{path.rstrip('/')}"

    def page(self, path: str) -> str:
        """The site address of ``docs/…`` page ``path`` (MkDocs' directory URLs)."""
        page = path.removeprefix("docs/")
        if page.endswith(".md"):
            stem = page.removesuffix(".md")
            for index in ("index", "README"):
                if stem == index or stem.endswith("/" + index):
                    stem = stem.removesuffix(index)
                    break
            else:
                stem += "/"
            page = stem
        return f"{self.documentation}/{page}"

    def urls(self, pack: str | None = None) -> dict[str, str]:
        """``[project.urls]`` of the core (``pack`` None) or of pack ``pack``."""
        home = self.documentation + "/" if pack is None else self.page(f"docs/packs/{pack}.md")
        return {
            "Homepage": home,
            "Documentation": self.documentation + "/",
            "Repository": self.repository if pack is None else self.file(f"packs/{pack}/"),
            "Issues": self.repository + "/issues",
            "Changelog": self.file("CHANGELOG.md"),
        }


def pyprojects(root: Path) -> Iterator[tuple[Path, str | None]]:
    """The core's ``pyproject.toml`` (pack None) and every pack's, with the pack's folder name."""
    yield root / "pyproject.toml", None
    for path in sorted(root.glob("packs/*/pyproject.toml")):
        yield path, path.parent.name


def readmes(root: Path) -> list[Path]:
    """The READMEs a package index shows: the core's and every pack's."""
    return [root / "README.md", *sorted(root.glob("packs/*/README.md"))]


def is_relative(target: str) -> bool:
    """Whether link ``target`` is relative to the README's folder (not a site, mail or anchor)."""
    return not (urlsplit(target).scheme or target.startswith(("#", "//")))


def absolute(readme: Path, target: str, addresses: Addresses, root: Path) -> str:
    """The absolute address of relative link ``target`` of ``readme``."""
    path, _, anchor = target.partition("#")
    resolved = (readme.parent / path).resolve()
    try:
        relative = resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise AddressError(f"{readme}: link {target!r} leads out of the repository") from None
    if not resolved.exists():
        raise AddressError(f"{readme}: link {target!r} names {relative}, which does not exist")
    if resolved.is_dir():
        relative += "/"
    is_page = relative.startswith("docs/") and relative.endswith(".md")
    if not is_page:
        return addresses.file(relative) + ("#" + anchor if anchor else "")
    if anchor:
        slugs = heading_slugs(resolved)
        if anchor not in slugs:
            raise AddressError(f"{readme}: link {target!r}: {relative} has no heading {anchor!r}")
        anchor = slugs[anchor]
    return addresses.page(relative) + ("#" + anchor if anchor else "")


def heading_slugs(page: Path) -> dict[str, str]:
    """For each heading of Markdown ``page``: its anchor on a repository host (GitHub's rule) and
    on the site (Python-Markdown's ``toc``, which drops diacritics), both to the site's anchor."""
    slugs: dict[str, str] = {}
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = None if fenced else re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", line)
        if heading is None:
            continue
        text = re.sub(r"`([^`]*)`|\*{1,2}([^*]+)\*{1,2}", lambda m: m[1] or m[2] or "", heading[1])
        site = slugify(text, "-")
        host = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        slugs.setdefault(host, site)
        slugs.setdefault(site, site)
    return slugs


def rewrite_links(text: str, readme: Path, addresses: Addresses, root: Path) -> str:
    """``text`` with every relative link made absolute."""

    def replace(match: re.Match[str]) -> str:
        target = _target(match)
        if not is_relative(target):
            return match[0]
        if match["rhead"] is not None:  # a reference definition: the rest of its line is kept
            return match["rhead"] + absolute(readme, target, addresses, root)
        return match["head"] + absolute(readme, target, addresses, root) + match["tail"]

    return LINK.sub(replace, text)


def _target(match: re.Match[str]) -> str:
    """The target of an inline link or of a reference definition."""
    return str(match["target"] if match["target"] is not None else match["rtarget"])


def relative_links(text: str) -> list[tuple[int, str]]:
    """The (line, target) of every relative link of ``text``."""
    return [
        (text.count("\n", 0, match.start()) + 1, _target(match))
        for match in LINK.finditer(text)
        if is_relative(_target(match))
    ]


def with_urls(source: str, urls: dict[str, str]) -> str:
    """``pyproject.toml`` text ``source`` with ``[project.urls]`` set to ``urls``, all else kept."""
    document = tomlkit.parse(source)
    project = document.get("project")
    if not isinstance(project, tomlkit.items.Table):
        raise AddressError("pyproject.toml has no [project] table")
    table = tomlkit.table()
    for key, url in urls.items():
        table.add(key, url)
    table.add(tomlkit.nl())
    project["urls"] = table
    return tomlkit.dumps(document)


def project_urls(source: str) -> dict[str, str]:
    """The ``[project.urls]`` of ``pyproject.toml`` text ``source`` (empty when none)."""
    urls = tomlkit.parse(source).get("project", {}).get("urls", {})
    return {str(key): str(value) for key, value in urls.items()}


MKDOCS_KEYS = ("site_url", "repo_url")


def with_site_addresses(source: str, addresses: Addresses) -> str:
    """``mkdocs.yml`` text ``source`` with top-level ``site_url`` and ``repo_url`` set."""
    values = {"site_url": addresses.documentation + "/", "repo_url": addresses.repository}
    lines = source.splitlines(keepends=True)
    after = next((i for i, text in enumerate(lines) if text.startswith("site_name:")), -1)
    for key, value in values.items():
        line = f"{key}: {value}\n"
        at = next((i for i, text in enumerate(lines) if text.startswith(key + ":")), None)
        if at is None:
            after += 1
            lines.insert(after, line)
        else:
            lines[at] = line
    return "".join(lines)


def site_addresses(source: str) -> dict[str, str]:
    """The top-level ``site_url`` and ``repo_url`` of ``mkdocs.yml`` text ``source``."""
    found = {}
    for text in source.splitlines():
        key, sep, value = text.partition(":")
        if sep and key in MKDOCS_KEYS:
            found[key] = value.strip()
    return found


def set_addresses(root: Path, addresses: Addresses) -> list[Path]:
    """Write ``addresses`` everywhere; returns the files changed. All links are checked first."""
    changes: dict[Path, str] = {}
    for path, pack in pyprojects(root):
        changes[path] = with_urls(path.read_text(encoding="utf-8"), addresses.urls(pack))
    for path in readmes(root):
        changes[path] = rewrite_links(path.read_text(encoding="utf-8"), path, addresses, root)
    mkdocs = root / "mkdocs.yml"
    changes[mkdocs] = with_site_addresses(mkdocs.read_text(encoding="utf-8"), addresses)
    written = []
    for path, text in changes.items():
        if path.read_text(encoding="utf-8") != text:
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)
            written.append(path)
    return written


def problems(root: Path) -> list[str]:
    """Every place where an address is missing or inconsistent, or a README link is relative."""
    found = []
    core_urls = project_urls((root / "pyproject.toml").read_text(encoding="utf-8"))
    for path, pack in pyprojects(root):
        urls = project_urls(path.read_text(encoding="utf-8"))
        name = path.relative_to(root)
        missing = [key for key in KEYS if key not in urls]
        if missing:
            found.append(f"{name}: [project.urls] lacks {', '.join(missing)}")
        elif pack is not None:
            for key in ("Documentation", "Issues", "Changelog"):
                if urls[key] != core_urls.get(key):
                    found.append(f"{name}: {key} is {urls[key]}, the core's {core_urls.get(key)}")
    for path in readmes(root):
        for line, target in relative_links(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(root)}:{line}: relative link {target!r}")
    site = site_addresses((root / "mkdocs.yml").read_text(encoding="utf-8"))
    found.extend(f"mkdocs.yml: no {key}" for key in MKDOCS_KEYS if key not in site)
    return found


def main(argv: Sequence[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    setting = commands.add_parser("set", help="write the addresses everywhere")
    setting.add_argument("--repository", required=True, help="the repository's https address")
    setting.add_argument("--documentation", required=True, help="the site's https address")
    setting.add_argument("--branch", default="main", help="the branch READMEs link into")
    commands.add_parser("check", help="exit 1 while an address is missing or a link relative")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "set":
            addresses = Addresses.checked(
                arguments.repository, arguments.documentation, arguments.branch
            )
            for path in set_addresses(root, addresses):
                print(f"wrote {path.relative_to(root)}")
            return 0
        found = problems(root)
    except AddressError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} problems: run `python tools/project_urls.py set …`", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
