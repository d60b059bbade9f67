"""Docstring examples run with ``sovietdata`` imported, as in the book's doctests."""

from __future__ import annotations

from typing import Any

import pytest

import sovietdata


@pytest.fixture(autouse=True)
def _add_sovietdata(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["sovietdata"] = sovietdata
