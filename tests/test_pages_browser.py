"""The generated pages in a real browser: the verdict filter, folded evidence, dispute tables.

Uses the built book, the server and the system Chromium of ``tests/conftest.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

import sovietdata
from tests.survey import DESKTOP, open_page

DS = sovietdata.dataset()
SHOWN = "document.querySelectorAll('section.sd-claim:not([hidden])').length"
JUMPS_SHOWN = "document.querySelectorAll('li.sd-jump:not([hidden])').length"


def _script_errors(errors: list[str]) -> list[str]:
    """The errors of the page's scripts (missing files are test_browser.py's to report)."""
    return [e for e in errors if "Failed to load resource" not in e]


def _annotated(browser: Browser, site: str) -> Page:
    page, visit = open_page(browser, site + "article/annotated.html", "light", DESKTOP)
    assert not _script_errors(visit.errors), visit.errors
    return page


def _status(page: Page) -> str:
    return page.locator("form.sd-filter [role=status]").inner_text()


def test_the_verdict_filter_works_by_click(browser: Browser, site: str) -> None:
    page = _annotated(browser, site)
    total = len(DS.claims)
    supported = sum(c.verdict is sovietdata.Verdict.SUPPORTED for c in DS.claims)
    try:
        assert page.locator("form.sd-filter").is_visible()
        assert _status(page) == f"Showing {total} of {total} claims."
        page.locator("label.sd-filter-option", has=page.locator("input[value=supported]")).click()
        assert not page.locator("input[value=supported]").is_checked()
        assert page.evaluate(SHOWN) == total - supported
        assert page.evaluate(JUMPS_SHOWN) == total - supported
        assert _status(page) == f"Showing {total - supported} of {total} claims."
        assert page.locator("section.sd-claim-supported").first.is_hidden()
        page.get_by_role("button", name="Show all").click()
        assert page.evaluate(SHOWN) == total
        assert _status(page) == f"Showing {total} of {total} claims."
    finally:
        page.context.close()


def test_the_verdict_filter_works_by_keyboard(browser: Browser, site: str) -> None:
    page = _annotated(browser, site)
    total = len(DS.claims)
    incorrect = sum(c.verdict is sovietdata.Verdict.INCORRECT for c in DS.claims)
    try:
        page.locator("input[value=incorrect]").focus()
        page.keyboard.press("Space")
        assert page.evaluate(SHOWN) == total - incorrect
        assert _status(page) == f"Showing {total - incorrect} of {total} claims."
        # The button comes after the boxes in the tab order, and Enter presses it.
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('sd-filter-all')"):
                break
        page.keyboard.press("Enter")
        assert page.evaluate(SHOWN) == total
        assert page.locator("form.sd-filter [aria-live=polite]").count() == 1
    finally:
        page.context.close()


def test_a_link_to_a_hidden_claim_shows_it(browser: Browser, site: str) -> None:
    page = _annotated(browser, site)
    claim = next(c for c in DS.claims if c.verdict is sovietdata.Verdict.INCORRECT)
    try:
        page.locator("input[value=incorrect]").uncheck()
        assert page.locator(f"#{claim.id}").is_hidden()
        page.evaluate(f"window.location.hash = '{claim.id}'")
        page.wait_for_function(f"!document.getElementById('{claim.id}').hidden")
        assert page.locator("input[value=incorrect]").is_checked()
    finally:
        page.context.close()


def test_without_script_every_claim_shows(browser: Browser, site: str) -> None:
    context = browser.new_context(
        viewport={"width": DESKTOP["width"], "height": DESKTOP["height"]},
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        page.goto(site + "article/annotated.html")
        assert page.locator("form.sd-filter").is_hidden()
        assert page.locator("section.sd-claim:visible").count() == len(DS.claims)
    finally:
        context.close()


def test_evidence_opens_on_request_and_for_print(browser: Browser, site: str) -> None:
    page = _annotated(browser, site)
    opened = "document.querySelectorAll('details.sd-evidence-fold[open]').length"
    try:
        assert page.evaluate(opened) == 0
        page.locator("details.sd-evidence-fold > summary").first.click()
        assert page.evaluate(opened) == 1
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate(opened) == len(DS.claims)
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert page.evaluate(opened) == 1, "after printing, what the reader opened stays open"
    finally:
        page.context.close()


#: For each cell of the dispute tables: its column, whether its content fits, how words break,
#: its width in ems, and whether the table fits its box.
CELLS = """() => Array.from(document.querySelectorAll('table.sd-dispute-table td')).map(td => ({
  column: td.cellIndex,
  fits: td.scrollWidth <= td.clientWidth + 1,
  wrap: getComputedStyle(td).overflowWrap,
  ems: td.getBoundingClientRect().width / parseFloat(getComputedStyle(td).fontSize),
  tableFits: td.closest('table').getBoundingClientRect().right
    <= td.closest('.sd-dispute').getBoundingClientRect().right + 1,
  text: td.innerText.slice(0, 40),
}))"""


@pytest.mark.parametrize("width", [320, 390, 768, 1280, 1920])
def test_dispute_tables_keep_words_whole_at_every_width(
    browser: Browser,
    site: str,
    width: int,
) -> None:
    page, visit = open_page(
        browser, site + "article/disputes.html", "light", {"width": width, "height": 900}
    )
    try:
        assert not _script_errors(visit.errors), visit.errors
        cells = page.evaluate(CELLS)
        assert len(cells) == sum(len(d.values) for d in DS.disputes) * 4
        # Values, ranks and reasons are words: never broken inside, never cut off.
        words = [c for c in cells if c["column"] < 3]
        assert not [c["text"] for c in words if c["wrap"] == "anywhere"]
        assert not [c["text"] for c in cells if not c["fits"]]
        # Sources may carry a long locator (a path), which breaks; the column stays wide.
        assert not [c["text"] for c in cells if c["column"] == 3 and c["ems"] < 10]
        assert not [c["text"] for c in cells if not c["tableFits"]]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width
    finally:
        page.context.close()
