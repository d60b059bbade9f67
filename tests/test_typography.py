"""Number ranges take an en dash in the book's text; code, addresses and quotations do not."""

from __future__ import annotations

from pathlib import Path

from sovietdata.sphinx.typography import en_dash_ranges
from tests.test_extension import book, build

PAGE = """\
# Ranges

In 1953-1964, pp. 271-306 and on 3-7 September; not 1953-09-07, congress-20 or ISO 8601-2.
In code: `1953-1964`. An address: <https://example.org/a/1953-1964>.

```text
1953-1964
```
"""


def test_the_pattern_leaves_dates_ids_and_names() -> None:
    assert en_dash_ranges("1953-1964, 1953-54, pp. 1-9") == "1953–1964, 1953–54, pp. 1–9"
    for kept in ("1953-09-07", "1953-09", "congress-20", "ISO 8601-2", "v1.2-3", "a-1-2"):
        assert en_dash_ranges(kept) == kept


def test_a_page_shows_en_dashes_in_prose_only(tmp_path: Path) -> None:
    out, warnings = build(book(tmp_path, PAGE))
    assert warnings == ""
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "In 1953–1964, pp. 271–306 and on 3–7 September" in page
    assert "not 1953-09-07, congress-20 or ISO 8601-2" in page
    assert '<span class="pre">1953-1964</span>' in page
    assert "https://example.org/a/1953-1964</a>" in page
    assert "<pre><span></span>1953-1964" in page or "<pre>1953-1964" in page


def test_quotations_keep_their_hyphens(tmp_path: Path) -> None:
    # The 19th Congress's record quotes a source that writes "Oct. 5-14, 1952".
    out, warnings = build(book(tmp_path, "# Q\n\nThe congress.{cite}`congress-19`\n"))
    assert warnings == ""
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "“held in Moscow on Oct. 5-14, 1952”" in page
