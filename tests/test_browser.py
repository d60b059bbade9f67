"""The built book in a real browser: every page, light and dark, at every width.

The book is built once (the ``html_build`` fixture), served from 127.0.0.1 and opened in the
system's headless Chromium through Playwright. Any request that would leave localhost is
blocked and reported. axe-core (shipped inside axe-playwright-python) checks WCAG 2.1 A and AA.

The per-page checks read the survey (tests/survey.py): each page opened once per mode as a
first visit, everything these tests check collected in that visit. The browser and the server
are tests/conftest.py's fixtures ``browser`` and ``site``, one for the whole run.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

import sovietdata
from sovietdata.sphinx.markup import record_anchor
from tests.book import ROOT, Build
from tests.survey import (
    DESKTOP,
    MODES,
    PHONE,
    WIDTHS,
    Report,
    Survey,
    book_pages,
    open_page,
    page_name,
)

ARTIFACTS = ROOT / "artifacts" / "screenshots"
PHONE_VIEWPORT = {"width": PHONE, "height": 740}


def problems(surveyed: Survey, check: Callable[[Report], list[str]]) -> str:
    """What ``check`` finds on every page, one line a problem naming the page and the mode;
    empty when it finds nothing."""
    return "\n".join(
        f"{name} ({surveyed.mode}): {problem}"
        for name, report in surveyed.pages.items()
        for problem in check(report)
    )


# --- every page, in both modes ---------------------------------------------------------------


def test_a_first_visit_follows_the_system_mode(surveyed: Survey) -> None:
    """With nothing stored, every page opens in the system's mode (the theme's default, auto)."""
    found = problems(
        surveyed, lambda r: [f"shown in {r.theme!r}"] if r.theme != surveyed.mode else []
    )
    assert not found, found


def test_every_page_loads_cleanly(surveyed: Survey) -> None:
    """No console error or warning, no failed request, nothing fetched from outside."""
    found = problems(
        surveyed,
        lambda r: (
            [f"console: {e}" for e in r.console]
            + [f"left localhost: {u}" for u in r.blocked]
            + [f"failed: {u}" for u in r.failed]
        ),
    )
    assert not found, found


def test_every_page_passes_axe(surveyed: Survey) -> None:
    """No WCAG 2.1 A or AA violation that axe-core finds, on every page, in both modes."""
    found = problems(surveyed, lambda r: r.axe)
    assert not found, found


def test_every_image_has_alt_text_and_the_figures_show(surveyed: Survey) -> None:
    """Every image says what it shows; every figure shows one drawing with a name and a text."""
    found = problems(surveyed, lambda r: r.images)
    assert not found, found


def test_no_page_scrolls_sideways_on_a_phone(surveyed: Survey) -> None:
    found = problems(
        surveyed,
        lambda r: (
            [f"scrolls sideways by {r.overflow[PHONE]}px at {PHONE}px"]
            if r.overflow[PHONE] > 0
            else []
        ),
    )
    assert not found, found


def test_every_page_reads_well_at_every_width(surveyed: Survey) -> None:
    """Every page from 320 to 1920 px wide: no sideways scroll, tables whose columns hold their
    words, captions that show, code inside its box."""
    found = problems(
        surveyed,
        lambda r: [f"{w}px: {p}" for w in WIDTHS for p in r.readable[w][:8]],
    )
    assert not found, found
    assert all(set(r.readable) == set(WIDTHS) for r in surveyed.pages.values())


def test_previous_and_next_walk_every_page_in_order(surveyed: Survey) -> None:
    """From the landing page, next walks the sidebar's order to its end, and previous back."""
    reports = {name.removesuffix(".html"): report for name, report in surveyed.pages.items()}
    order = reports["index"].sidebar
    assert order[0] == "index"

    def walk(pages: list[str], link: str) -> None:
        """Follow ``link`` from the first of ``pages``: it must open each of the rest in turn,
        then none."""
        here = pages[0]
        for expected in [*pages[1:], None]:
            assert here in reports, f"{here} is not a page of the book"
            opens = getattr(reports[here], link)
            assert opens == expected, (
                f"{here} ({surveyed.mode}): {link} opens {opens}, the sidebar has {expected}"
            )
            here = opens or here

    walk(order, "next")
    walk(order[::-1], "prev")
    chapters = [w for w in order if w.startswith("story/")]
    assert chapters == sorted(chapters)
    assert len(chapters) >= 6


# --- one page at a time ------------------------------------------------------------------------


def test_next_and_previous_open_their_pages_by_click(browser: Browser, site: str) -> None:
    page, visit = open_page(browser, site + "story/3-september-plenum.html", "light", DESKTOP)
    try:
        for link, name in (("a.right-next", "story/4-consolidation"), ("a.left-prev", None)):
            href = page.locator(link).first.get_attribute("href")
            page.locator(link).first.click()
            page.wait_for_load_state()
            assert page_name(page.url) == (name or "story/3-september-plenum"), href
        assert visit.errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize(("system", "stored"), [("light", "dark"), ("dark", "light")])
def test_a_stored_choice_wins_over_the_system_mode(
    browser: Browser, site: str, system: str, stored: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=system)  # type: ignore[arg-type]
    context.add_init_script(f"localStorage.setItem('mode', '{stored}');")
    try:
        page = context.new_page()
        page.goto(site + "story/1-death-of-stalin.html", wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == stored
    finally:
        context.close()


def _search(browser: Browser, site: str, query: str) -> list[str]:
    page, visit = open_page(browser, f"{site}search.html?q={query}", "light", DESKTOP)
    try:
        page.wait_for_selector("#search-results .search-summary", timeout=15_000)
        links = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))"
        )
        assert visit.errors == []
        return [urlsplit(h).path.removesuffix(".html") for h in links]
    finally:
        page.context.close()


def test_search_finds_malenkov_and_the_plenum(browser: Browser, site: str) -> None:
    found = _search(browser, site, "Malenkov")
    for page in ("story/1-death-of-stalin", "story/2-struggle-1953", "story/3-september-plenum"):
        assert page in found
    assert "reference/people" in found
    plenum = _search(browser, site, "plenum")
    assert "story/3-september-plenum" in plenum
    assert "reference/glossary" in plenum
    assert "guide/cli" not in _search(browser, site, "Gagarin")


def test_the_theme_switch_changes_the_mode(browser: Browser, site: str) -> None:
    """The theme menu in the header switches between light and dark, and the page follows."""
    page, visit = open_page(browser, site + "index.html", "light", DESKTOP)
    try:
        backgrounds = {}
        for mode in ("dark", "light", "dark"):
            page.locator("button.theme-switch-button:visible").first.click()
            page.locator(f".theme-change-button[data-mode={mode}]:visible").first.click()
            assert page.evaluate("document.documentElement.dataset.theme") == mode
            backgrounds[mode] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert backgrounds["light"] != backgrounds["dark"]
        # The choice is stored for the next page.
        assert page.evaluate("localStorage.getItem('mode')") == "dark"
        assert visit.errors == []
    finally:
        page.context.close()


def test_the_annotated_article_shows_the_verdict_badges(browser: Browser, site: str) -> None:
    page, _ = open_page(browser, site + "article/annotated.html", "light", DESKTOP)
    try:
        claims = sovietdata.claims()
        for claim in claims:
            badge = page.locator(f"#{record_anchor(claim)} .sd-badge").first
            assert badge.is_visible()
            assert badge.inner_text() == claim.verdict.label
            assert f"sd-verdict-{claim.verdict.value}" in (badge.get_attribute("class") or "")
    finally:
        page.context.close()


#: One page of each kind the book has, by a pattern of its name (the first page that matches).
PAGE_KINDS = {
    "landing": "index.html",
    "chapter": "story/3-*.html",
    "article": "article/annotated.html",
    "disputes": "article/disputes.html",
    "events": "reference/events.html",
    "whoswho": "reference/people.html",
    "bibliography": "reference/bibliography.html",
    "guide": "guide/cli.html",
    "api": "reference/api*.html",
}


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_screenshots_of_every_page_kind_are_kept(
    browser: Browser, site: str, html_build: Build, kind: str
) -> None:
    """Light and dark, phone and desktop: the top of the page and its middle, kept to look at.

    One page load a mode: the phone's views, then the same page widened to the desktop's."""
    names = [n for n in book_pages(html_build) if fnmatch.fnmatchcase(n, PAGE_KINDS[kind])]
    assert names, f"no page of kind {kind!r} ({PAGE_KINDS[kind]})"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for mode in MODES:
        page, visit = open_page(browser, site + names[0], mode, PHONE_VIEWPORT)
        try:
            for size, viewport in (("phone", PHONE_VIEWPORT), ("desktop", DESKTOP)):
                page.set_viewport_size({"width": viewport["width"], "height": viewport["height"]})
                for where in ("top", "middle"):
                    height = "document.body.scrollHeight / 2" if where == "middle" else "0"
                    page.evaluate(f"window.scrollTo(0, {height})")
                    path = ARTIFACTS / f"{kind}-{size}-{mode}-{where}.png"
                    # Transitions the resize or the scroll started are shown finished.
                    page.screenshot(path=str(path), animations="disabled")
                    assert path.stat().st_size > 5_000, path
            assert visit.errors == [], visit.errors
        finally:
            page.context.close()
