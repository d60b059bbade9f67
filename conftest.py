"""Docstring examples run with the names the book's doctests have: sovietdata, cli, export, text."""

from __future__ import annotations

import os
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


#: The fixtures that take longest, each set up once in a run: each mode's browser survey, the
#: PDF, the EPUB, the data-change builds, the doctests.
SLOW = (
    ("surveyed", "light"),
    ("surveyed", "dark"),
    ("printed", None),
    ("epub_build", None),
    ("book_copy", None),
    ("doctest_build", None),
)


def _slow(item: pytest.Item) -> int | None:
    """Which of :data:`SLOW` the test sets up (its index), or None."""
    names = set(getattr(item, "fixturenames", ()))
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec is not None else {}
    for rank, (fixture, param) in enumerate(SLOW):
        if fixture in names and (param is None or params.get(fixture) == param):
            return rank
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses Chromium, whatever its module, with ``browser``.

    Spread over workers (pytest-xdist, handed two tests at a time), the first test of each
    fixture of :data:`SLOW` runs first, so the slow set-ups run side by side from the start;
    the other tests of those fixtures run last, when what they read is made, so that no
    worker waits for another. Every worker sorts alike, as pytest-xdist requires.
    """
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES or item.path.stem.endswith("_browser"):
            item.add_marker(pytest.mark.browser)
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    first: dict[int, pytest.Item] = {}
    middle: list[pytest.Item] = []
    last: list[pytest.Item] = []
    for item in items:
        rank = _slow(item)
        if rank is None:
            middle.append(item)
        elif rank in first:
            last.append(item)
        else:
            first[rank] = item
    items[:] = [first[rank] for rank in sorted(first)] + middle + last
