"""Cards and margin notes in a browser: opened by pointer, keyboard and touch, inside the window,
accessible, and notes beside their sentences."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, FloatRect, Page

from tests.survey import WCAG, Visit

CHAPTER = "story/6-ouster-legacy.html"
#: How far (in CSS pixels) a margin note's top may sit from its number's, at 1280 and 1920 px.
BOUND = 240

DISTANCES = """() => Array.from(document.querySelectorAll('a.sd-note-ref')).map(a => {
  const n = document.getElementById(a.getAttribute('href').slice(1));
  if (!n || !n.classList.contains('sd-sidenote')) return null;
  return Math.abs(n.getBoundingClientRect().top - a.getBoundingClientRect().top);
}).filter(x => x !== null)"""


def _open(browser: Browser, url: str, width: int, *, touch: bool = False) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, has_touch=touch, is_mobile=touch
    )
    page = context.new_page()
    visit = Visit()
    visit.watch(page)  # blocks what would leave localhost
    page.goto(url, wait_until="load")
    visit.settle(page)
    return page


def _open_card(page: Page) -> FloatRect:
    card = page.locator(".sd-card.sd-card-open")
    card.wait_for(state="visible")
    box = card.bounding_box()
    assert box is not None
    return box


def _inside(page: Page, box: FloatRect) -> None:
    width, height = page.evaluate("[document.documentElement.clientWidth, innerHeight]")
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["x"] + box["width"] <= width
    assert box["y"] + box["height"] <= height


@pytest.mark.parametrize("width", [320, 1280])
def test_a_card_opens_by_click_inside_the_window(browser: Browser, site: str, width: int) -> None:
    page = _open(browser, site + CHAPTER, width)
    page.locator(".sd-trigger").nth(3).click()
    _inside(page, _open_card(page))
    page.keyboard.press("Escape")
    assert page.locator(".sd-card.sd-card-open").count() == 0
    page.context.close()


@pytest.mark.parametrize("key", ["Enter", " "])
def test_a_card_opens_by_key_and_escape_gives_focus_back(
    browser: Browser,
    site: str,
    key: str,
) -> None:
    page = _open(browser, site + CHAPTER, 1280)
    trigger = page.locator("a.sd-note-ref").first
    trigger.focus()
    page.keyboard.press(key)
    _open_card(page)
    assert trigger.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert page.locator(".sd-card.sd-card-open").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('sd-note-ref')")
    page.context.close()


def test_a_card_opens_by_tap_on_a_phone(browser: Browser, site: str) -> None:
    page = _open(browser, site + CHAPTER, 320, touch=True)
    trigger = page.locator("a.sd-note-ref").first
    box = trigger.bounding_box()
    assert box is not None
    assert box["width"] >= 24
    assert box["height"] >= 24
    trigger.tap()
    _inside(page, _open_card(page))
    page.context.close()


def test_axe_finds_nothing_with_a_card_open(browser: Browser, site: str) -> None:
    page = _open(browser, site + CHAPTER, 1280)
    page.locator("a.sd-note-ref").first.click()
    _open_card(page)
    # WCAG 2.1 A and AA, as every page is checked (tests/test_browser.py), with the card open.
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert result.violations_count == 0, result.generate_report()
    assert page.locator(".sd-card-open").count() == 1
    page.context.close()


#: What an open card shows of its record's evidence, and the contrast of its links.
SHOWN = """() => {
  const card = document.querySelector('.sd-card.sd-card-open');
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = lum(rgb(getComputedStyle(card).backgroundColor));
  const ratios = Array.from(card.querySelectorAll('a')).map((a) => {
    const fg = lum(rgb(getComputedStyle(a).color));
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  });
  const sources = Array.from(card.querySelectorAll('.sd-ev .sd-card-sources > li'));
  return {
    sources: sources.filter((li) => li.getClientRects().length).length,
    quotes: card.querySelectorAll('.sd-ev .sd-quote').length,
    checked: /\\b(Checked|Each checked) \\d/.test(card.querySelector('.sd-ev').textContent),
    entry: !!card.querySelector('.sd-ev .sd-card-entry a[href]'),
    worst: Math.min(...ratios),
  };
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_an_open_card_shows_its_record_s_evidence_with_legible_links(
    browser: Browser, site: str, mode: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=mode)  # type: ignore[arg-type]
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');")
    page = context.new_page()
    page.goto(site + CHAPTER, wait_until="load")
    # the page carries each record's evidence once, and no card holds it until the script
    # copies it in
    templates = page.eval_on_selector_all("template[id^='sd-ev-']", "ts => ts.map(t => t.id)")
    assert templates
    assert len(templates) == len(set(templates))
    page.locator("a.sd-note-ref").first.click()
    _open_card(page)
    shown = page.evaluate(SHOWN)
    assert shown["sources"] >= 1
    assert shown["quotes"] >= 1
    assert shown["checked"]
    assert shown["entry"]
    assert shown["worst"] >= 4.5, shown
    context.close()


def test_every_card_shows_its_evidence_in_print(browser: Browser, site: str) -> None:
    page = _open(browser, site + CHAPTER, 1280)
    page.emulate_media(media="print")
    empty = page.evaluate(
        "Array.from(document.querySelectorAll('.sd-card')).filter(c => !c.getClientRects().length"
        " || (c.querySelector('.sd-ev') && !c.querySelector('.sd-ev li, .sd-ev p'))).length"
    )
    assert page.locator(".sd-card").count() > 10
    assert empty == 0
    page.context.close()


@pytest.mark.parametrize("width", [1280, 1920])
def test_notes_sit_beside_their_sentences(browser: Browser, site: str, width: int) -> None:
    page = _open(browser, site + "index.html", width)
    pages = [
        site + f"story/{n}"
        for n in page.evaluate(
            "Array.from(document.querySelectorAll('a[href^=\"story/\"]'))"
            ".map(a => a.getAttribute('href').slice(6).split('#')[0])"
        )
    ]
    worst = 0.0
    for url in dict.fromkeys(pages):
        page.goto(url, wait_until="load")
        Visit().settle(page)  # the notes are placed once the fonts are in
        distances = page.evaluate(DISTANCES)
        assert distances, url
        worst = max(worst, *distances)
    assert worst <= BOUND
    page.context.close()
