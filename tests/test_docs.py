"""The book's sources: examples that should run are collected by the doctest builder."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^(`{3,}|~{3,})[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", re.S | re.M)


def hidden_doctests(text: str) -> list[str]:
    """The info strings of fences that hold ``>>>`` but are not doctest directives.

    Sphinx's doctest builder collects {doctest} and {testcode} blocks only: a plain
    python fence holding >>> would look tested and never run.
    """
    return [
        m.group(2).strip()
        for m in FENCE.finditer(text)
        if not m.group(2).strip().startswith("{") and ">>>" in m.group(3)
    ]


def pages() -> list[Path]:
    # The example book of the how-to page is a book of its own, not a page of this one.
    return sorted(
        p for p in DOCS.rglob("*.md") if "_build" not in p.parts and "example-book" not in p.parts
    )


def test_the_detector_finds_a_hidden_doctest() -> None:
    page = (
        "# T\n\n```{doctest}\n>>> 1\n1\n```\n\n```python\n>>> 2\n2\n```\n\n```pycon\n>>> 3\n```\n"
    )
    assert hidden_doctests(page) == ["python", "pycon"]
    assert hidden_doctests("```python\nx = 1\n```\n") == []


def test_no_page_hides_a_doctest_in_a_plain_fence() -> None:
    assert pages()
    offenders = {str(p.relative_to(DOCS)): hidden_doctests(p.read_text("utf-8")) for p in pages()}
    assert {page: found for page, found in offenders.items() if found} == {}


def test_every_page_has_doctests() -> None:
    assert [p.name for p in pages() if "```{doctest}" not in p.read_text("utf-8")] == ["api.md"]
