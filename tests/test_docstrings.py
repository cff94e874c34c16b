"""Every public name of ``ntmcriteria`` has a docstring with an example; the examples themselves
run as doctests (conftest.py collects every docstring of src/ntmcriteria with Sybil)."""

from __future__ import annotations

import ntmcriteria as ntm

#: not the library's: pluggy's marker for pack hooks (documented in docs/packs.md)
FOREIGN = {"hookimpl", "__version__"}


def test_every_public_name_has_a_docstring_with_an_example() -> None:
    missing = [
        name
        for name in ntm.__all__
        if name not in FOREIGN and ">>> " not in (getattr(ntm, name).__doc__ or "")
    ]
    assert not missing, missing


def test_the_package_docstring_has_a_true_example() -> None:
    assert ntm.__doc__ is not None and ">>> result.summary(" in ntm.__doc__
    assert "+SKIP" not in ntm.__doc__
