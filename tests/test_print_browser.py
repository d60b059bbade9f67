"""Printing a page of the book from the browser: Chromium's print emulation.

Uses the built book, the server and the system Chromium of ``tests/conftest.py``. Every page
is printed in both modes in the survey's visit (tests/survey.py); the rest is printed as a
reader who chose the dark mode would print it: the print stylesheet alone (print emulation),
then with the events the browser sends when it prints."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.survey import DESKTOP, Survey, open_page

CHAPTER = "story/1-death-of-stalin.html"

AFTER = "(element) => getComputedStyle(element, '::after').content"
BEFORE = "(element) => getComputedStyle(element, '::before').content"


def _printed(browser: Browser, url: str) -> Page:
    page, _ = open_page(browser, url, "dark", DESKTOP)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.emulate_media(media="print")
    return page


def _visible(page: Page, selector: str) -> list[str]:
    return [selector for el in page.locator(selector).all() if el.is_visible()]


def test_every_page_prints_without_navigation_on_white(surveyed: Survey) -> None:
    """In print emulation no page shows its navigation, every page its title; the page, its
    main part and its article are white (or let the white show), the text not the dark mode's."""
    found = "\n".join(
        f"{name} ({surveyed.mode}): {problem}"
        for name, report in surveyed.pages.items()
        for problem in report.printed
    )
    assert not found, found


def test_a_chapter_prints_its_notes_as_numbered_notes(browser: Browser, site: str) -> None:
    page = _printed(browser, site + CHAPTER)
    try:
        assert not _visible(page, ".sd-sidenote")
        ref = page.locator("article p a.sd-note-ref").first
        number = ref.get_attribute("data-sd-n")
        assert ref.evaluate(AFTER) == f'"[{number}]"'
        card = page.locator(f"#{ref.get_attribute('data-sd-card')}")
        assert card.is_visible()
        assert card.evaluate(BEFORE) == f'"[{number}] "'
        value = page.locator("article p .sd-fact[data-sd-n]").first
        assert value.evaluate(AFTER) == f'"[{value.get_attribute("data-sd-n")}]"'
        assert page.locator(".sd-cards-title").is_visible()
    finally:
        page.context.close()


def test_folded_examples_print_open(browser: Browser, site: str) -> None:
    page = _printed(browser, site + CHAPTER)
    try:
        folds = page.locator("details.sd-fold")
        assert folds.count() > 0
        assert page.evaluate("document.querySelectorAll('details.sd-fold[open]').length") == 0
        for fold in folds.all():  # by the stylesheet alone, with no script run
            assert fold.locator("pre").first.is_visible()
            assert not fold.locator("summary").is_visible()
        # What the browser does when it prints: the script opens every <details>, sets the
        # light mode (figures and code with it), and puts the page back afterwards.
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate("document.querySelectorAll('details:not([open])').length") == 0
        assert page.evaluate("document.documentElement.dataset.theme") == "light"
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert page.evaluate("document.querySelectorAll('details.sd-fold[open]').length") == 0
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    finally:
        page.context.close()


def test_figures_print_in_their_light_form(browser: Browser, site: str) -> None:
    page = _printed(browser, site + "index.html")
    try:
        figure = page.locator(".sd-figure").first
        background = "(f) => getComputedStyle(f).getPropertyValue('--sdf-bg').trim()"
        assert figure.evaluate(background) == "#14181e"  # the dark palette, on screen
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert figure.evaluate(background) == "#ffffff"
        assert figure.locator("svg.sdf-wide").is_visible()
        assert not figure.locator("svg.sdf-narrow").is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("name", ["story/2-struggle-1953.html", "article/annotated.html"])
def test_outside_links_print_their_address(browser: Browser, site: str, name: str) -> None:
    page = _printed(browser, site + name)
    try:
        # Named links stand in the cards (the sources' pages); addresses as text everywhere.
        named = page.locator("a.reference.external[href^='http']:not(.sd-address)")
        assert named.count() > 0
        for link in named.all()[:20]:
            assert link.evaluate(AFTER) == f'" ({link.get_attribute("href")})"'
        bare = page.locator("a.sd-address")
        for link in bare.all()[:20]:
            assert link.inner_text().strip().rstrip("/") in link.get_attribute("href")  # type: ignore[operator]
            assert link.evaluate(AFTER) in ("none", "normal")
    finally:
        page.context.close()


def test_a_link_whose_text_is_its_address_is_marked(browser: Browser, site: str) -> None:
    page = _printed(browser, site + "story/2-struggle-1953.html")
    try:
        assert page.locator("a.sd-address").count() > 0
    finally:
        page.context.close()
