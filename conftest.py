"""Docstring examples run with the names the book's doctests have: sovietdata, cli, export, text."""

from __future__ import annotations

from typing import Any

import pytest

import sovietdata
from sovietdata import cli, export, text


@pytest.fixture(autouse=True)
def _add_sovietdata(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace.update(sovietdata=sovietdata, cli=cli, export=export, text=text)
