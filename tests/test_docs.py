"""The book's sources: examples that should run are collected by the doctest builder."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^(`{3,}|~{3,})\s*([^\n]*)\n(.*?)^\1\s*$", re.S | re.M)


def test_no_python_fence_hides_a_doctest() -> None:
    # Sphinx's doctest builder collects {doctest} and {testcode} blocks only: a plain
    # python fence holding >>> would look tested and never run.
    offenders = []
    for page in sorted(DOCS.rglob("*.md")):
        if "_build" in page.parts:
            continue
        for match in FENCE.finditer(page.read_text(encoding="utf-8")):
            info, body = match.group(2).strip(), match.group(3)
            if not info.startswith("{") and ">>>" in body:
                offenders.append(f"{page.relative_to(DOCS)}: ```{info}")
    assert offenders == []


def test_pages_have_doctests() -> None:
    pages = [p for p in DOCS.rglob("*.md") if "_build" not in p.parts]
    assert pages
    with_tests = [p for p in pages if "```{doctest}" in p.read_text(encoding="utf-8")]
    assert DOCS / "index.md" in with_tests
