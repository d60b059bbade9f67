"""The built book in a real browser: every page, light and dark, desktop and phone.

The book is built once (the ``html_build`` fixture), served from 127.0.0.1 and opened in the
system's headless Chromium through Playwright. Any request that would leave localhost is
blocked and reported. axe-core (shipped inside axe-playwright-python) checks WCAG 2.1 A and AA.

The browser and the server are tests/conftest.py's fixtures ``browser`` and ``site``, one for
the whole run, which every browser test shares.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

import sovietdata
from sovietdata.sphinx.markup import record_anchor
from tests.book import ROOT, Build

ARTIFACTS = ROOT / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
#: The widths every page is read at: small and common phones, a tablet, laptops, a wide screen.
WIDTHS = (320, 390, 768, 1024, 1280, 1920)
MODES = ("light", "dark")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def book_pages(html_build: Build) -> list[str]:
    out = html_build.outdir
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if not p.relative_to(out).parts[0].startswith("_")
    )


@dataclass
class Visit:
    """What happened while a page was open: console errors, requests, failed and blocked ones."""

    errors: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def open_page(
    browser: Browser, url: str, mode: str | None, viewport: dict[str, int]
) -> tuple[Page, Visit]:
    """Open ``url`` in a fresh context with the theme set to ``mode``, recording what went wrong.

    With ``mode=None`` the visit is a first one: nothing stored, the system's setting light.
    """
    context = browser.new_context(viewport=viewport, color_scheme=mode or "light")  # type: ignore[arg-type]
    if mode is not None:
        # The theme keeps the reader's choice in localStorage; start in the mode under test.
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
        )
    visit = Visit()

    def route(r: Route) -> None:
        visit.requested.append(r.request.url)
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            visit.blocked.append(r.request.url)
            r.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            visit.errors.append(f"{message.text} ({message.location.get('url')})")

    def failed(request: Request) -> None:
        visit.failed.append(f"{request.url}: {request.failure}")

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", console)
    page.on("pageerror", lambda exc: visit.errors.append(str(exc)))
    page.on("requestfailed", failed)

    def response(resp: object) -> None:
        status = getattr(resp, "status", 200)
        if status >= 400:
            visit.failed.append(f"{getattr(resp, 'url', '?')}: HTTP {status}")

    page.on("response", response)
    page.goto(url, wait_until="networkidle")
    return page, visit


def _close(page: Page) -> None:
    page.context.close()


# --- every page, in both modes ---------------------------------------------------------------


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "mode" in metafunc.fixturenames:
        metafunc.parametrize("mode", MODES)


def test_every_page_loads_cleanly_and_passes_axe(
    browser: Browser, site: str, html_build: Build, mode: str
) -> None:
    """No console error, no failed or outside request, no WCAG 2.1 A/AA violation, on every page."""
    axe = Axe()
    problems: dict[str, list[str]] = {}
    for name in book_pages(html_build):
        page, visit = open_page(browser, site + name, mode, DESKTOP)
        try:
            assert page.evaluate("document.documentElement.dataset.theme") == mode, name
            # What the page itself did, taken before axe runs: axe fetches stylesheets of its own.
            found = [f"console: {e}" for e in visit.errors]
            found += [f"left localhost: {u}" for u in visit.blocked]
            found += [f"failed: {u}" for u in visit.failed]
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            for violation in results.response["violations"]:
                targets = [", ".join(n["target"]) for n in violation["nodes"]][:5]
                found.append(f"axe {violation['id']} ({violation['impact']}): {targets}")
            if found:
                problems[name] = found
        finally:
            _close(page)
    assert problems == {}


def test_every_image_has_alt_text_and_the_figures_show(
    browser: Browser, site: str, html_build: Build, mode: str
) -> None:
    """Every image says what it shows; every figure shows one drawing with a name and a text."""
    problems: dict[str, list[str]] = {}
    for name in book_pages(html_build):
        page, _ = open_page(browser, site + name, mode, DESKTOP)
        try:
            found = page.evaluate(
                """() => {
                  const found = [];
                  for (const img of document.querySelectorAll('img')) {
                    const alt = img.getAttribute('alt') || '';
                    if (alt.split(/\\s+/).filter(Boolean).length < 4) {
                      found.push(`no meaningful alt: ${img.getAttribute('src')}`);
                    }
                  }
                  for (const fig of document.querySelectorAll('figure.sd-figure')) {
                    const shown = [...fig.querySelectorAll('svg[role=img]')]
                      .filter(svg => svg.getBoundingClientRect().width > 200);
                    if (shown.length !== 1) found.push(`${shown.length} drawings in a figure`);
                    for (const svg of shown) {
                      const ids = (svg.getAttribute('aria-labelledby') || '') + ' ' +
                                  (svg.getAttribute('aria-describedby') || '');
                      const words = ids.split(/\\s+/).filter(Boolean)
                        .map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
                      if (words.split(/\\s+/).filter(Boolean).length < 8) {
                        found.push('a figure without a name and a description');
                      }
                    }
                  }
                  return found;
                }"""
            )
            if found:
                problems[name] = found
        finally:
            _close(page)
    assert problems == {}


def test_no_page_scrolls_sideways_on_a_phone(
    browser: Browser, site: str, html_build: Build, mode: str
) -> None:
    wide: dict[str, int] = {}
    for name in book_pages(html_build):
        page, _ = open_page(browser, site + name, mode, PHONE)
        try:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide[name] = overflow
        finally:
            _close(page)
    assert wide == {}


#: What a reader needs of a page at the current width, as a list of problems (empty: readable).
READABLE = """() => {
  const problems = [];
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px`);
  const article = document.querySelector('.bd-article') || document.body;
  const ctx = document.createElement('canvas').getContext('2d');
  const shown = (el) => el.checkVisibility() && el.getClientRects().length > 0;
  // No table column narrower than its longest word (addresses and 30+ letter strings aside).
  for (const cell of article.querySelectorAll('td, th')) {
    if (!shown(cell)) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node, widest = 0, word = '';
    while ((node = walker.nextNode())) {
      const el = node.parentElement;
      if (!el || !shown(el)) continue;
      ctx.font = getComputedStyle(el).font;
      for (const w of node.textContent.split(/[\\s\\/]+/)) {
        if (!w || w.length > 30 || /^https?:/.test(w)) continue;
        const width = ctx.measureText(w).width;
        if (width > widest) { widest = width; word = w; }
      }
    }
    if (widest > room + 1) {
      problems.push(`a column ${Math.round(room)}px wide for "${word}" (${Math.round(widest)}px)`);
    }
  }
  // Captions show.
  for (const cap of article.querySelectorAll('figcaption')) {
    const box = cap.getBoundingClientRect();
    if (!cap.checkVisibility({visibilityProperty: true, opacityProperty: true}) || box.height < 8) {
      problems.push(`a caption is hidden: "${cap.textContent.trim().slice(0, 40)}"`);
    }
  }
  // Code stays in its box, at a readable size.
  for (const pre of article.querySelectorAll('pre')) {
    if (!shown(pre)) continue;
    if (pre.scrollWidth > pre.clientWidth + 1) {
      const line = pre.textContent.split('\\n').find(l => l.length > 40) || '';
      const by = pre.scrollWidth - pre.clientWidth;
      problems.push(`code runs off its box by ${by}px: "${line.slice(0, 40)}"`);
    }
    if (parseFloat(getComputedStyle(pre).fontSize) < 12) problems.push('code smaller than 12px');
  }
  return problems;
}"""


def test_every_page_reads_well_at_every_width(
    browser: Browser, site: str, html_build: Build
) -> None:
    """Every page from 320 to 1920 px wide: no sideways scroll, tables whose columns hold their
    words, captions that show, code inside its box."""
    problems: dict[str, list[str]] = {}
    for name in book_pages(html_build):
        page, _ = open_page(browser, site + name, "light", {"width": WIDTHS[0], "height": 900})
        try:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(50)  # let the theme's layout scripts react to the resize
                found = page.evaluate(READABLE)
                if found:  # what a reader meets once the theme's transitions (0.4 s) have run
                    page.wait_for_timeout(700)
                    found = page.evaluate(READABLE)
                for problem in found[:8]:
                    problems.setdefault(name, []).append(f"{width}px: {problem}")
        finally:
            _close(page)
    assert problems == {}


def test_a_first_visit_logs_nothing_and_follows_the_system_mode(
    browser: Browser, site: str, html_build: Build
) -> None:
    """With nothing stored, every page opens without a console message in the system's mode."""
    problems: dict[str, list[str]] = {}
    for name in book_pages(html_build):
        page, visit = open_page(browser, site + name, None, DESKTOP)
        try:
            found = [f"console: {e}" for e in visit.errors]
            found += [f"failed: {u}" for u in visit.failed + visit.blocked]
            if page.evaluate("document.documentElement.dataset.theme") != "light":
                found.append("not in the system's (light) mode")
            if found:
                problems[name] = found
        finally:
            _close(page)
    assert problems == {}


# --- across the book -------------------------------------------------------------------------


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
        _close(page)


def test_search_finds_malenkov_and_the_plenum(browser: Browser, site: str) -> None:
    found = _search(browser, site, "Malenkov")
    for page in ("story/1-death-of-stalin", "story/2-struggle-1953", "story/3-september-plenum"):
        assert page in found
    assert "reference/people" in found
    plenum = _search(browser, site, "plenum")
    assert "story/3-september-plenum" in plenum
    assert "reference/glossary" in plenum
    assert "guide/cli" not in _search(browser, site, "Gagarin")


def test_previous_and_next_walk_every_page_in_order(browser: Browser, site: str) -> None:
    page, _ = open_page(browser, site + "index.html", "light", DESKTOP)
    try:
        order = page.eval_on_selector_all(
            "nav.bd-docs-nav a.reference.internal", "els => els.map(a => a.href)"
        )
        expected = [urlsplit(u).path.lstrip("/").removesuffix(".html") for u in order]
        walked = []
        while page.locator("a.right-next").count():
            page.locator("a.right-next").first.click()
            page.wait_for_load_state()
            walked.append(urlsplit(page.url).path.lstrip("/").removesuffix(".html"))
        assert walked == expected[1:]
        chapters = [w for w in walked if w.startswith("story/")]
        assert chapters == sorted(chapters)
        assert len(chapters) >= 6
        back = []
        while page.locator("a.left-prev").count():
            page.locator("a.left-prev").first.click()
            page.wait_for_load_state()
            back.append(urlsplit(page.url).path.lstrip("/").removesuffix(".html"))
        assert back == list(reversed(expected[:-1]))
    finally:
        _close(page)


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
        # The choice is stored for the next page (each test page starts from its own setting).
        assert page.evaluate("localStorage.getItem('mode')") == "dark"
        assert visit.errors == []
    finally:
        _close(page)


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
        _close(page)


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
    """Light and dark, phone and desktop: the top of the page and its middle, kept to look at."""
    names = [n for n in book_pages(html_build) if fnmatch.fnmatchcase(n, PAGE_KINDS[kind])]
    assert names, f"no page of kind {kind!r} ({PAGE_KINDS[kind]})"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for mode in MODES:
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page, visit = open_page(browser, site + names[0], mode, viewport)
            try:
                for where in ("top", "middle"):
                    if where == "middle":
                        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
                        page.wait_for_timeout(50)
                    path = ARTIFACTS / f"{kind}-{size}-{mode}-{where}.png"
                    page.screenshot(path=str(path))
                    assert path.stat().st_size > 5_000, path
                assert visit.errors == [], visit.errors
            finally:
                _close(page)
