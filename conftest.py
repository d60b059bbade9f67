"""Docstring examples run with the names the book's doctests have: sovietdata, cli, export, text."""

from __future__ import annotations

from typing import Any

import pytest

import sovietdata
from sovietdata import cli, export, text


@pytest.fixture(autouse=True)
def _add_sovietdata(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace.update(sovietdata=sovietdata, cli=cli, export=export, text=text)


#: Tests that drive the system Chromium (the book in a browser, its PDF): `make test` runs
#: them, `make test-fast` leaves them out (`-m "not browser"`).
BROWSER_FIXTURES = frozenset({"browser", "printed"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses Chromium, whatever its module, with ``browser``."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES or item.path.stem.endswith("_browser"):
            item.add_marker(pytest.mark.browser)
