"""The survey: every page of the book opened once per mode, as a first visit, and all that the
per-page browser tests check collected in that one visit.

A visit opens a fresh context (nothing stored) whose system setting is the mode; the theme's
default mode is "auto", so the page follows it. Once the page has loaded, its fonts are ready
and the browser has fetched what the first paint asked for (the favicon included), the visit
records, in this order: the files fetched and their sizes, what the console said, the theme,
the previous and next links and the sidebar's order, the images and figures, the icons, axe's
WCAG 2.1 A/AA violations, the page printed (Chromium's print emulation), then the page read at
every width of ``WIDTHS``. The tests assert on the plain data kept, one test per aspect.

Each mode's survey is taken once in the whole run (``survey``): under pytest-xdist the first
worker to ask takes it and leaves it in the run's folder for the others, whichever worker
their tests land on.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from filelock import FileLock, Timeout
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route

from tests.book import Build, run_folder

MODES = ("light", "dark")
#: The widths every page is read at: small and common phones, a tablet, laptops, a wide screen.
WIDTHS = (320, 375, 390, 768, 1024, 1280, 1920)
#: The phone every page must fit without scrolling sideways.
PHONE = 375
DESKTOP = {"width": 1280, "height": 900}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Each mode as a test parameter.
SURVEYED = [pytest.param(m, id=m) for m in MODES]

#: Any address but the local server's: requests to it are blocked and reported. The pattern
#: is matched inside the browser's driver, so the book's own requests are not intercepted.
OUTSIDE = re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:)")
#: How long a visit waits for the favicon and the requests in flight after the load event.
SETTLE_MS = 5_000
#: The theme's transitions (0.4 s) and a margin: what a reader meets once they have run.
TRANSITIONS_MS = 700

#: Resolves once the fonts are in and two frames have been drawn.
SETTLED = """() => document.fonts.ready.then(() => new Promise(
  (done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""
#: Resolves at the next frame, before which the browser runs the page's resize handlers.
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(done))"

#: The page's previous and next links, and the sidebar's links in order (full addresses).
NAVIGATION_LINKS = """() => ({
  prev: (document.querySelector('a.left-prev') || {}).href || null,
  next: (document.querySelector('a.right-next') || {}).href || null,
  sidebar: [...document.querySelectorAll('nav.bd-docs-nav a.reference.internal')]
    .map((a) => a.href),
})"""

#: Every image says what it shows; every figure shows one drawing with a name and a text.
IMAGES = """() => {
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

#: Every icon on show: its mask and its size; and the mark of the folded Contents (the page's
#: secondary sidebar folded for the look, then put back as it was).
ICONS = """() => {
  const icons = [...document.querySelectorAll('i[class*="fa-"]')]
    .filter(i => i.offsetParent !== null)
    .map(i => { const s = getComputedStyle(i); const r = i.getBoundingClientRect();
      return {cls: i.className, mask: s.maskImage || s.webkitMaskImage,
              w: r.width, h: r.height}; });
  const side = document.querySelector('.bd-sidebar-secondary');
  let folded = null;
  if (side && side.querySelector('.onthispage')) {
    const had = side.classList.contains('hide');
    side.classList.add('hide');
    const st = getComputedStyle(side.querySelector('.onthispage'), '::after');
    folded = {content: st.content, mask: st.maskImage || st.webkitMaskImage};
    if (!had) side.classList.remove('hide');
  }
  return {icons, folded};
}"""

#: axe's WCAG 2.1 A and AA rules, violations only, each as one line.
AXE = """async (options) => {
  const results = await axe.run(document, options);
  return results.violations.map((v) => `axe ${v.id} (${v.impact}): ` +
    JSON.stringify(v.nodes.slice(0, 5).map((n) => n.target.join(', '))));
}"""

#: The navigation no printed page shows: header and its buttons, sidebars, previous and next.
NOT_PRINTED = (
    ".bd-header",
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
    ".bd-header-article",
    ".prev-next-area",
    ".theme-switch-container",
    ".bd-footer",
    ".headerlink",
)
#: The dark mode's text colour, which no printed page keeps.
DARK_TEXT = "rgb(206, 214, 221)"

#: What is wrong with the page as printed (print emulation on): navigation that shows, a
#: title that does not, a background that is not white, the dark mode's text colour.
PRINTED = """([navigation, darkText]) => {
  const problems = [];
  const shows = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  for (const selector of navigation) {
    const n = [...document.querySelectorAll(selector)].filter(shows).length;
    if (n) problems.push(`${selector} shows (${n})`);
  }
  const title = document.querySelector('article h1, .bd-search-container h1');
  if (!title || !shows(title)) problems.push('the title does not show');
  const luminance = (el) => {
    const c = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (c.length > 3 && c[3] === 0) return null;  // transparent: what is behind shows
    const linear = (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const [r, g, b] = c.slice(0, 3).map((v) => linear(v / 255));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  for (const selector of ['html', 'body', '.bd-main', '.bd-article']) {
    for (const el of document.querySelectorAll(selector)) {
      const l = luminance(el);
      if (l !== null && l <= 0.9) problems.push(`${selector} on a background of ${l.toFixed(2)}`);
    }
  }
  if (getComputedStyle(document.body).color === darkText) problems.push("dark mode's text");
  return problems;
}"""

#: What a reader needs of a page at the current width: the problems (none: readable), and how
#: far the page scrolls sideways (0 or less: it does not).
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
  return {problems, overflow};
}"""


def book_pages(html_build: Build) -> list[str]:
    """Every page of the built book, by its path from the root (Sphinx's own folders aside)."""
    out = html_build.outdir
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if not p.relative_to(out).parts[0].startswith("_")
    )


def page_name(url: str | None) -> str | None:
    """A page's address as a path from the book's root without ``.html`` (``None`` stays)."""
    if url is None:
        return None
    return urlsplit(url).path.lstrip("/").removesuffix(".html")


@dataclass
class Visit:
    """What happened while a page was open: console messages, requests, failed and blocked ones."""

    errors: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    in_flight: set[Request] = field(default_factory=set)

    def watch(self, page: Page) -> None:
        """Record what ``page`` logs and fetches from now on; block what would leave localhost."""

        def request(r: Request) -> None:
            self.requested.append(r.url)
            self.in_flight.add(r)

        def finished(r: Request) -> None:
            self.in_flight.discard(r)

        def failed(r: Request) -> None:
            self.in_flight.discard(r)
            self.failed.append(f"{r.url}: {r.failure}")

        def response(r: Response) -> None:
            self.responses.append(r)
            if r.status >= 400:
                self.failed.append(f"{r.url}: HTTP {r.status}")

        def console(message: ConsoleMessage) -> None:
            if message.type in ("error", "warning"):
                self.errors.append(f"{message.text} ({message.location.get('url')})")

        def blocked(route: Route) -> None:
            self.blocked.append(route.request.url)
            route.abort()

        page.context.route(OUTSIDE, blocked)
        page.on("request", request)
        page.on("requestfinished", finished)
        page.on("requestfailed", failed)
        page.on("response", response)
        page.on("console", console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def settle(self, page: Page, *, favicon: bool = False) -> None:
        """Wait, after the load event, for the fonts, two frames, then the requests in flight
        (and, with ``favicon``, the favicon the browser fetches once the page has loaded)."""
        page.evaluate(SETTLED)
        deadline = time.monotonic() + SETTLE_MS / 1000
        while time.monotonic() < deadline:
            icon = not favicon or any("favicon" in r.url for r in self.responses)
            if icon and not self.in_flight:
                return
            page.wait_for_timeout(10)  # lets Playwright deliver the network's events


def open_page(
    browser: Browser,
    url: str,
    mode: str | None,
    viewport: dict[str, int],
    *,
    stored: bool = True,
) -> tuple[Page, Visit]:
    """Open ``url`` in a fresh context whose system mode is ``mode`` (light for ``None``),
    recording what went wrong; with ``stored`` the reader's choice of ``mode`` is also stored,
    as the theme keeps it (localStorage). Returns once the page has loaded and settled."""
    context = browser.new_context(viewport=viewport, color_scheme=mode or "light")  # type: ignore[arg-type]
    if mode is not None and stored:
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
        )
    page = context.new_page()
    visit = Visit()
    visit.watch(page)
    page.goto(url, wait_until="load")
    visit.settle(page)
    return page, visit


@dataclass
class Report:
    """One page in one mode, as the survey found it: plain data for the tests to assert on."""

    theme: str | None
    #: Console errors and warnings, uncaught errors, from the load to the end of the visit
    #: (what axe's own run logs aside).
    console: list[str]
    blocked: list[str]
    failed: list[str]
    #: Every file the first visit fetched (path: bytes), up to the settled page.
    files: dict[str, int]
    images: list[str]
    icons: list[dict[str, Any]]
    folded: dict[str, str] | None
    axe: list[str]
    printed: list[str]
    #: Width: what a reader meets at that width (problems; empty: readable).
    readable: dict[int, list[str]]
    #: Width: how far the page scrolls sideways there (0 or less: it does not).
    overflow: dict[int, int]
    #: The pages the previous and next links open, and the sidebar's pages in order, each by
    #: its path from the book's root without ``.html`` (``story/1-death-of-stalin``).
    prev: str | None
    next: str | None
    sidebar: list[str]


@dataclass
class Survey:
    """Every page of the book in one mode: page name (``story/x.html``) to its report."""

    mode: str
    pages: dict[str, Report]
    #: How many page loads the survey made, and how long it took (s).
    loads: int
    seconds: float


def visit(browser: Browser, url: str, mode: str, axe_script: str) -> Report:
    """One page opened as a first visit in ``mode`` and read for every per-page check."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=mode)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        seen = Visit()
        seen.watch(page)
        page.goto(url, wait_until="load")
        seen.settle(page, favicon=True)
        files = {}
        for response in seen.responses:
            if response.status < 400:
                files[urlsplit(response.url).path] = len(response.body())
        links = page.evaluate(NAVIGATION_LINKS)
        theme = page.evaluate("document.documentElement.dataset.theme")
        images = page.evaluate(IMAGES)
        icons = page.evaluate(ICONS)
        # axe fetches the stylesheets itself: what it logs and fetches is not the page's.
        before = len(seen.errors), len(seen.failed)
        page.evaluate(axe_script)
        axe = page.evaluate(
            AXE, {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
        )
        del seen.errors[before[0] :], seen.failed[before[1] :]
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED, [list(NOT_PRINTED), DARK_TEXT])
        page.emulate_media(media="screen")
        readable: dict[int, list[str]] = {}
        overflow: dict[int, int] = {}
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
            page.evaluate(NEXT_FRAME)  # the theme's resize handlers run before the next frame
            found = page.evaluate(READABLE)
            if found["problems"]:  # what a reader meets once the theme's transitions have run
                page.wait_for_timeout(TRANSITIONS_MS)
                found = page.evaluate(READABLE)
            readable[width] = found["problems"]
            overflow[width] = found["overflow"]
        page.evaluate(NEXT_FRAME)  # errors logged by the last resize's handlers are in
        return Report(
            theme=theme,
            console=list(seen.errors),
            blocked=list(seen.blocked),
            failed=list(seen.failed),
            files=files,
            images=images,
            icons=icons["icons"],
            folded=icons["folded"],
            axe=axe,
            printed=printed,
            readable=readable,
            overflow=overflow,
            prev=page_name(links["prev"]),
            next=page_name(links["next"]),
            sidebar=[n for n in dict.fromkeys(map(page_name, links["sidebar"])) if n],
        )
    finally:
        context.close()


def take(browser: Browser, site: str, html_build: Build, mode: str) -> Survey:
    """Every page of the book surveyed in ``mode``."""
    start = time.perf_counter()
    axe_script = Axe().axe_script
    names = book_pages(html_build)
    pages = {name: visit(browser, site + name, mode, axe_script) for name in names}
    return Survey(mode, pages, len(names), round(time.perf_counter() - start, 1))


def save(taken: Survey, path: Path) -> None:
    """Write a survey where the other workers of the run read it (JSON)."""
    path.write_text(json.dumps(asdict(taken)), "utf-8")


def load(path: Path) -> Survey:
    """A survey as ``save`` wrote it."""
    saved = json.loads(path.read_text("utf-8"))
    pages = {}
    for name, report in saved["pages"].items():
        for by_width in ("readable", "overflow"):
            report[by_width] = {int(w): v for w, v in report[by_width].items()}
        pages[name] = Report(**report)
    return Survey(saved["mode"], pages, saved["loads"], saved["seconds"])


_TAKEN: dict[str, Survey] = {}


def survey(
    request: pytest.FixtureRequest,
    browser: Browser,
    site: str,
    html_build: Build,
    factory: pytest.TempPathFactory,
) -> Survey:
    """The survey of the mode ``request.param`` (of a fixture parametrized by ``SURVEYED``),
    taken once in the whole test run.

    The first worker to ask takes it; another that asks meanwhile waits for it, and, if a
    test of this run reads the other mode and no worker is taking that one, takes it while it
    waits. Within a worker the survey is kept once read.

    Raises:
        ValueError: ``request.param`` is not one of ``MODES``.
    """
    mode = request.param
    if mode not in MODES:
        raise ValueError(f"no such mode: {mode!r} (modes: {', '.join(MODES)})")
    if mode in _TAKEN:
        return _TAKEN[mode]
    root = run_folder(factory)
    needed = {
        str(item.callspec.params.get("surveyed"))
        for item in request.session.items
        if isinstance(item, pytest.Function) and hasattr(item, "callspec")
    }

    def take_if_not_taken(of: str) -> None:
        path = root / f"survey-{of}.json"
        if not path.is_file():
            save(take(browser, site, html_build, of), path)

    mine = FileLock(root / f"survey-{mode}.lock")
    try:
        mine.acquire(blocking=False)
    except Timeout:  # another worker takes it: take the other mode meanwhile, if it is needed
        for other in needed & set(MODES) - {mode}:
            theirs = FileLock(root / f"survey-{other}.lock")
            try:
                theirs.acquire(blocking=False)
            except Timeout:
                continue
            try:
                take_if_not_taken(other)
            finally:
                theirs.release()
        mine.acquire()
    try:
        take_if_not_taken(mode)
        _TAKEN[mode] = load(root / f"survey-{mode}.json")
    finally:
        mine.release()
    return _TAKEN[mode]
