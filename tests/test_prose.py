"""The story's prose states no date, number or name by hand: each comes from the data.

In the landing page, the chapters and the article pages, every digit and every person's
family name must sit inside a role that renders it from the data (``{fact}``, ``{who}``),
inside a doctest that checks it, or inside code. Anything else would be a fact typed into
the prose that could drift from the data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sovietdata

DOCS = Path(__file__).resolve().parents[1] / "docs"
NARRATIVE = ["index.md", "story/*.md", "article/*.md"]

_FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})[^\n]*\n.*?^\1[ \t]*$", re.S | re.M)
_ROLE = re.compile(r"\{[a-z-]+\}`[^`]*`")
_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_COMMENT = re.compile(r"^%.*$", re.M)
_LABEL = re.compile(r"^\([^)\n]*\)=$", re.M)


def prose(text: str) -> str:
    """The text a reader sees as written by hand: fences, roles, code and link targets removed."""
    for pattern in (_FENCE, _ROLE, _CODE, _LINK_TARGET, _COMMENT, _LABEL):
        text = pattern.sub(" ", text)
    return text


def hand_written_facts(text: str, family_names: set[str]) -> list[str]:
    """Digits and family names left in the prose once all that comes from the data is removed."""
    rest = prose(text)
    found = [m.group(0) for m in re.finditer(r"[^\s]*\d[^\s]*", rest)]
    for name in sorted(family_names):
        found += [m.group(0) for m in re.finditer(rf"\b{re.escape(name)}\b", rest)]
    return found


def narrative_pages() -> list[Path]:
    return sorted(p for pattern in NARRATIVE for p in DOCS.glob(pattern))


FAMILY_NAMES = {p.name.rsplit(" ", 1)[-1] for p in sovietdata.dataset().people}


def test_the_checker_sees_hand_written_facts() -> None:
    page = (
        "Stalin died in 1953; {who}`stalin` died on {fact}`death-of-stalin.date`.\n\n"
        "```{doctest}\n>>> 1953\n1953\n```\n\nSee `x = 2` and [the page](a1.md).\n"
    )
    assert hand_written_facts(page, {"Stalin"}) == ["1953;", "Stalin"]
    assert hand_written_facts("{who}`stalin`'s death", {"Stalin"}) == []
    assert hand_written_facts("de-Stalinisation", {"Stalin"}) == []


def test_the_narrative_pages_exist() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in narrative_pages()}
    assert "index.md" in names
    assert len([n for n in names if n.startswith("story/")]) >= 6


@pytest.mark.parametrize("page", narrative_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_date_number_or_name_is_written_by_hand(page: Path) -> None:
    assert hand_written_facts(page.read_text("utf-8"), FAMILY_NAMES) == []
