"""tools/project_urls.py: the public addresses written everywhere a package index and the site read
them, on a copy of the repository (addresses under example.org, reserved for examples)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://git.example.org/ntm/ntmcriteria"
DOCUMENTATION = "https://docs.example.org/ntmcriteria"
ARGUMENTS = ["set", "--repository", REPOSITORY, "--documentation", DOCUMENTATION]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    path = ROOT / "tools" / "project_urls.py"
    spec = importlib.util.spec_from_file_location("project_urls", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    skip = shutil.ignore_patterns(
        ".venv", ".git", "site", "*_cache", ".hypothesis", "__pycache__", "*.egg-info", "build"
    )
    shutil.copytree(ROOT, tmp_path / "repo", ignore=skip, symlinks=True)
    return tmp_path / "repo"


def pyprojects(root: Path) -> list[Path]:
    return [root / "pyproject.toml", *sorted(root.glob("packs/*/pyproject.toml"))]


def test_check_names_every_missing_address_and_relative_link(tool: ModuleType, copy: Path) -> None:
    found = tool.problems(copy)
    for path in pyprojects(copy):
        assert f"{path.relative_to(copy)}: [project.urls] lacks Homepage" in " ".join(found)
    assert "mkdocs.yml: no site_url" in found and "mkdocs.yml: no repo_url" in found
    assert any(re.match(r"README\.md:\d+: relative link 'docs/tutorial\.md'", p) for p in found)
    assert tool.main(["check"], root=copy) == 1


def test_set_writes_every_address_and_check_then_passes(
    tool: ModuleType, copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {path: tomllib.loads(path.read_text("utf-8")) for path in pyprojects(copy)}
    assert tool.main(ARGUMENTS, root=copy) == 0
    assert tool.problems(copy) == []
    assert tool.main(["check"], root=copy) == 0
    for path in pyprojects(copy):
        project = tomllib.loads(path.read_text("utf-8"))
        urls = project["project"].pop("urls")
        assert project == before[path]  # nothing else changed
        assert set(urls) == {"Homepage", "Documentation", "Repository", "Issues", "Changelog"}
        assert urls["Issues"] == REPOSITORY + "/issues"
        assert urls["Changelog"] == REPOSITORY + "/blob/main/CHANGELOG.md"
        if path.parent != copy:  # a pack: its page of the site, its folder of the repository
            pack = path.parent.name
            assert urls["Homepage"] == f"{DOCUMENTATION}/packs/{pack}/"
            assert (copy / "docs" / "packs" / f"{pack}.md").is_file()
            assert urls["Repository"] == f"{REPOSITORY}/tree/main/packs/{pack}"
    mkdocs = (copy / "mkdocs.yml").read_text("utf-8")
    assert f"site_url: {DOCUMENTATION}/\nrepo_url: {REPOSITORY}\n" in mkdocs
    capsys.readouterr()
    assert tool.main(ARGUMENTS, root=copy) == 0  # a second run changes nothing
    assert capsys.readouterr().out == ""


def test_readme_links_lead_to_the_pages_and_headings_of_the_site(
    tool: ModuleType, copy: Path
) -> None:
    original = (copy / "README.md").read_text("utf-8")
    targets = [t for _line, t in tool.relative_links(original)]
    assert targets, "the README links into the repository"
    tool.main(ARGUMENTS, root=copy)
    rewritten = (copy / "README.md").read_text("utf-8")
    assert tool.relative_links(rewritten) == []
    absolute = [tool._target(m) for m in tool.LINK.finditer(rewritten)]
    assert len(absolute) == len(list(tool.LINK.finditer(original)))
    pages = [url for url in absolute if url.startswith(DOCUMENTATION)]
    assert pages
    for url in pages:
        page, _, anchor = url.removeprefix(DOCUMENTATION + "/").partition("#")
        assert page == "" or page.endswith("/"), url  # MkDocs' directory URLs
        stem = page.rstrip("/")
        candidates = [f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md", "index.md"]
        source = next(copy / "docs" / c for c in candidates if (copy / "docs" / c).is_file())
        if anchor:
            assert anchor in tool.heading_slugs(source).values(), url
            assert anchor.isascii()  # the site's anchors drop diacritics
    assert f"{DOCUMENTATION}/cli/#language-tieng-viet-or-english" in pages
    assert f"{REPOSITORY}/blob/main/CHANGELOG.md" in absolute


@pytest.mark.parametrize(
    ("link", "complaint"),
    [
        ("docs/nowhere.md", "does not exist"),
        ("../outside.md", "leads out of the repository"),
        ("docs/cli.md#no-such-heading", "has no heading"),
    ],
)
def test_a_broken_link_is_refused_and_nothing_is_written(
    tool: ModuleType, copy: Path, capsys: pytest.CaptureFixture[str], link: str, complaint: str
) -> None:
    readme = copy / "README.md"
    readme.write_text(readme.read_text("utf-8") + f"\nSee [this]({link}).\n", "utf-8")
    before = {path: path.read_bytes() for path in [*pyprojects(copy), readme, copy / "mkdocs.yml"]}
    assert tool.main(ARGUMENTS, root=copy) == 2
    assert complaint in capsys.readouterr().err
    assert all(path.read_bytes() == content for path, content in before.items())


@pytest.mark.parametrize(
    "arguments",
    [
        ["--repository", "http://git.example.org/x", "--documentation", DOCUMENTATION],
        ["--repository", REPOSITORY, "--documentation", "docs.example.org"],
        ["--repository", REPOSITORY + "?tab=1", "--documentation", DOCUMENTATION],
        ["--repository", REPOSITORY, "--documentation", DOCUMENTATION, "--branch", "a b"],
        ["--repository", REPOSITORY + '"x', "--documentation", DOCUMENTATION],
        ["--repository", REPOSITORY, "--documentation", DOCUMENTATION + ")x"],
    ],
)
def test_an_address_that_is_not_https_or_a_bad_branch_is_refused(
    tool: ModuleType, copy: Path, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    assert tool.main(["set", *arguments], root=copy) == 2
    assert "expected" in capsys.readouterr().err
    assert "[project.urls]" not in (copy / "pyproject.toml").read_text("utf-8")


def test_other_links_stay_as_they_are(tool: ModuleType, copy: Path) -> None:
    readme = copy / "README.md"
    kept = "[law](https://thuvienphapluat.vn/x) [top](#quick-start) [mail](mailto:a@example.org)"
    readme.write_text(readme.read_text("utf-8") + "\n" + kept + "\n", "utf-8")
    tool.main(ARGUMENTS, root=copy)
    assert readme.read_text("utf-8").endswith(kept + "\n")


def test_a_reference_definition_is_made_absolute_too(tool: ModuleType, copy: Path) -> None:
    readme = copy / "README.md"
    extra = '\nSee [the guide][guide].\n\n[guide]: docs/howto/install.md "Install"\n'
    readme.write_text(readme.read_text("utf-8") + extra, "utf-8")
    assert any(target == "docs/howto/install.md" for _l, target in tool.relative_links(extra))
    tool.main(ARGUMENTS, root=copy)
    text = readme.read_text("utf-8")
    assert text.endswith(f'[guide]: {DOCUMENTATION}/howto/install/ "Install"\n')
    assert tool.problems(copy) == []
