"""``ntm pack new``: a standalone, publishable pack project.

The project is complete as written: a ``pyproject.toml`` with the entry point, version ranges
(the core, and the national pack its example set extends) and the project's addresses when given
(``--repository``), a README in Vietnamese and English, the MIT licence, a changelog, one example
set extending the national 2026–2030 set, verdict tests as data (``tests/test_verdicts.yaml``, run
by ``ntm pack test`` and by pytest), a CI workflow that runs them, and the pack JSON Schema beside
the sets for editors. It is written in a hidden folder beside its place and renamed when complete:
a failure leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..core.files import current_umask
from ..criteria.model import CriteriaSet
from .schema import pack_schema

__all__ = ["public_address", "scaffold"]

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
#: a province's name as the project's files carry it unquoted (TOML, YAML, Markdown)
_TITLE = re.compile(r"[^\W\d_](?:[^\W_]|[ .'-])*")
BASE = "national/xa-ntm/2026-2030"


def _range(distribution: str) -> str:
    """``>=0.1,<0.2``: the installed version's minor series (0.x versions may break on a minor)."""
    try:
        found = version(distribution)
    except PackageNotFoundError:
        found = "0.1.0"
    major, minor = (int(part) for part in found.split(".")[:2])
    upper = f"{major}.{minor + 1}" if major == 0 else f"{major + 1}"
    return f">={major}.{minor},<{upper}"


_PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "ntmcriteria-{name}"
version = "0.1.0"
description = "ntmcriteria criteria pack: {title}"
readme = "README.md"
requires-python = ">=3.11"
license = "MIT"
keywords = ["ntmcriteria", "ntmcriteria-pack", "nong thon moi", "vietnam"]
classifiers = [
    "License :: OSI Approved :: MIT License",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Natural Language :: Vietnamese",
    "Typing :: Typed",
]
dependencies = ["ntmcriteria{core}", "ntmcriteria-national{national}"]

{urls}
[project.optional-dependencies]
test = ["pytest>=8"]

[project.entry-points.ntmcriteria]
{name} = "{module}.plugin"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]
"""

_PLUGIN = '''\
"""The pack's pluggy hook: every YAML file under sets/ is a criteria set."""

from __future__ import annotations

from ntmcriteria import hookimpl
from ntmcriteria.packs import load_sets
from ntmcriteria.packs.loader import SetDocument


@hookimpl
def ntmcriteria_criteria_sets() -> list[SetDocument]:
    return load_sets(__package__)
'''

_SET = """\
# yaml-language-server: $schema=../../../pack.schema.json
# A criteria set of {title}, extending the national set {base}. Encode the province's decision
# row by row, each threshold with its citation; what the decision does not give stays
# `not_encoded` - never guessed. Format: the pack author guide of ntmcriteria.
# Check with: ntm pack validate .   Test with: ntm pack test .
id: {name}/xa-ntm/2026-2030
extends: {base}
title:
  vi: Bộ tiêu chí xã nông thôn mới {title} giai đoạn 2026 - 2030
  en: {title} New Rural commune criteria 2026-2030
province: {name}
legal_basis:
  issuer: Ủy ban nhân dân tỉnh {title}
  note: The number and date of the province's decision are to be entered from the decision.
validity:
  from: '2026-02-15'
  to: 2030
# Encode an indicator the national set leaves "not encoded" with `overrides`, e.g.:
# measures:
#   income_per_capita:
#     {{kind: quantity, unit: triệu đồng/người/năm, title: Thu nhập bình quân đầu người}}
# overrides:
#   indicators:
#     "3":
#       measure: income_per_capita
#       requirement: {{by_commune_group: {{1: ">= 80 triệu đồng/người/năm", 2: …, 3: …}}}}
#       citation: {{document: Quyết định …/QĐ-UBND, locator: Phụ lục I}}
"""

_VERDICTS = """\
# Verdict tests as data: `ntm pack test .` runs them, and so does `pytest` (the ntmcriteria
# plugin collects tests/test_*.yaml). Add one case per commune report you check by hand.
verdicts:
  - name: Every criterion stays open until the decision is encoded
    set: {name}/xa-ntm/2026-2030
    observations:
      unit: {{name: Xã Thử, province: {title}}}
      year: 2026
      context: {{commune_group: 2}}
      values: {{}}
    expect:
      status: undetermined
      indicators: {{"1": not_encoded}}
"""

_README = """\
# ntmcriteria-{name}

**Tiếng Việt.** Gói bộ tiêu chí nông thôn mới của tỉnh {title} cho thư viện `ntmcriteria`: dữ liệu
YAML trong `src/{module}/sets/`, mỗi ngưỡng ghi rõ nguồn (quyết định, phụ lục, dòng); ngưỡng chưa
có trong nguồn ghi "not_encoded", không bao giờ đoán.

**English.** The New Rural criteria of {title} as a pack for the `ntmcriteria` library: YAML data
in `src/{module}/sets/`, every threshold citing its decision; what the sources do not give is
`not_encoded`, never guessed.

{source}## Các bộ tiêu chí / Sets

{{sets}}

## Cài đặt / Install

```
pip install ntmcriteria-{name}
ntm sets --province {name}
```

It depends on `ntmcriteria` and on `ntmcriteria-national`, whose set {base} its set extends.

## Phát triển / Develop

```
pip install -e '.[test]'
ntm pack validate .      # YAML, schema, semantics, extends
ntm pack test .          # the verdict tests of tests/test_*.yaml
ntm pack readme .        # the list of sets above, from the set files
pytest                   # the same verdict tests, collected by pytest
```

## License

MIT.
"""

_CHANGELOG = """\
# Changelog

All notable changes to this pack are documented here; the format follows Keep a Changelog and
the pack uses Semantic Versioning.

## [Unreleased]

### Added
- The set {name}/xa-ntm/2026-2030, extending {base}.
"""

_LICENSE = """\
MIT License

Copyright (c) {year} the authors of ntmcriteria-{name}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

_CI = """\
# Runs the pack's checks on every push: validate the set files, run the verdict tests.
name: test
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.11", "3.12", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python }}}}
      - run: pip install '.[test]'
      - run: ntm pack validate .
      - run: ntm pack test .
      - run: ntm pack readme . --check
      - run: pytest
"""


#: an https address as a project URL takes it: a host, an optional port and a plain path (no
#: query, fragment, space, quote or bracket, which would break the TOML or Markdown it goes into)
_ADDRESS = re.compile(
    r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%+@:/-]*)?"
)


def public_address(url: str, label: str) -> str:
    """``url`` without a trailing slash, once it is a plain https address; ValueError naming
    ``label`` otherwise.

    >>> public_address("https://git.example.org/ntm/ntmcriteria/", "--repository")
    'https://git.example.org/ntm/ntmcriteria'
    """
    if not isinstance(url, str) or not _ADDRESS.fullmatch(url):
        raise ValueError(
            f"{label}: expected an https address (host and path, no query, space or quote), "
            f"got {url!r}"
        )
    return url.rstrip("/")


def _project_urls(repository: str | None) -> tuple[str, str]:
    """The pyproject's ``[project.urls]`` and the README's source line for ``repository``."""
    if repository is None:
        return (
            "# [project.urls]: add Homepage, Repository and Issues (https addresses) once the\n"
            "# pack has a public home; a package index shows them beside the README.\n",
            "",
        )
    repository = public_address(repository, "--repository")
    urls = (
        "[project.urls]\n"
        f'Homepage = "{repository}"\n'
        f'Repository = "{repository}"\n'
        f'Issues = "{repository}/issues"\n'
        f'Changelog = "{repository}/blob/main/CHANGELOG.md"\n'
    )
    return urls, f"Mã nguồn / Source: <{repository}>\n\n"


def _list_sets(readme: Path, set_file: Path) -> None:
    """The README's list of sets (``ntm pack readme``), when the set resolves against the
    installed packs; otherwise the README says how to write it."""
    from .extends import resolve_documents
    from .loader import read_document
    from .packdocs import README_END, README_START, installed_lookup, readme_sets

    lookup = installed_lookup()
    [result] = resolve_documents([read_document(set_file)], lookup).values()
    if isinstance(result, CriteriaSet):
        block = readme_sets([result], lookup)
    else:  # the national pack is not installed here
        block = f"{README_START}\n\nRun `ntm pack readme .` to list the sets here.\n\n{README_END}"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("{sets}", block), encoding="utf-8")


def scaffold(
    name: str, root: Path, title: str | None = None, repository: str | None = None
) -> list[Path]:
    """Create the project ``root/<name>/``; the paths written. ``repository``, an https address,
    fills in ``[project.urls]`` and the README's source line."""
    if not _NAME.match(name):
        raise ValueError(
            f"pack name {name!r}: use lower-case ASCII letters, digits and '-' (e.g. 'quangtri')"
        )
    urls, source = _project_urls(repository)
    if title is not None and (len(title) > 80 or not _TITLE.fullmatch(title)):
        raise ValueError(
            f"--title {title!r}: expected the province's name — letters, digits, spaces and "
            "'-', '.', ' (e.g. 'Quảng Trị', 'Bà Rịa - Vũng Tàu'), at most 80 characters"
        )
    folder = root / name
    if root.exists() and not root.is_dir():
        raise FileExistsError(f"{root} is a file, not a folder where packs live")
    if folder.exists():
        raise FileExistsError(f"{folder} already exists")
    module = f"ntmcriteria_{name.replace('-', '_')}"
    fields = {
        "name": name,
        "title": title or name,
        "module": module,
        "base": BASE,
        "core": _range("ntmcriteria"),
        "national": _range("ntmcriteria-national"),
        "year": dt.date.today().year,
        "urls": urls,
        "source": source,
    }
    files = {
        "pyproject.toml": _PYPROJECT,
        "README.md": _README,
        "CHANGELOG.md": _CHANGELOG,
        "LICENSE": _LICENSE,
        ".github/workflows/test.yml": _CI,
        f"src/{module}/__init__.py": f'"""Criteria pack: {fields["title"]}."""\n',
        f"src/{module}/py.typed": "",
        f"src/{module}/plugin.py": _PLUGIN,
        f"src/{module}/sets/xa-ntm-2026-2030.yaml": _SET,
        "tests/test_verdicts.yaml": _VERDICTS,
    }
    texts = {path: text.format(**fields) for path, text in files.items()}
    texts["pack.schema.json"] = json.dumps(pack_schema(), ensure_ascii=False, indent=2) + "\n"
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=root))
    try:
        for relative, text in texts.items():
            target = building / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        _list_sets(building / "README.md", building / f"src/{module}/sets/xa-ntm-2026-2030.yaml")
        building.chmod(0o777 & ~current_umask())
        os.rename(building, folder)  # fails if the folder appeared meanwhile
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return [folder / relative for relative in texts]
