"""The book's figures in Chromium: readable in light and dark, captioned, legible on a phone.

Reuses the built book, the server and the browser of ``tests/conftest.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.survey import DESKTOP, open_page

#: The page of each figure in the book.
PAGES = {
    "timeline": "index.html",
    "succession": "story/3-september-plenum.html",
    "disputes": "article/disputes.html",
}
PHONE_320 = {"width": 320, "height": 700}

#: Every label of the figure on show: its colour, the colour it stands on, its size in px.
LABELS = """(figure) => {
  const rgb = (c) => c.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const svg = [...figure.querySelectorAll('svg.sdf')].find(s => s.getBoundingClientRect().width);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const out = [];
  for (const t of svg.querySelectorAll('text')) {
    const cls = t.getAttribute('class');
    // Text in the background's colour stands on the bar or box drawn just before it.
    const bar = cls === 'sdf-bgtext' ? t.previousElementSibling : null;
    const under = bar ? rgb(getComputedStyle(bar).fill) : page;
    const box = t.getBBox();
    const barBox = bar ? bar.getBBox() : null;
    const inside = !barBox || (box.x >= barBox.x && box.x + box.width <= barBox.x + barBox.width);
    out.push({text: t.textContent, fill: rgb(getComputedStyle(t).fill), under, inside,
              px: parseFloat(getComputedStyle(t).fontSize) * scale});
  }
  return out;
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    """The WCAG contrast ratio of two colours."""
    lighter, darker = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_320], ids=["desktop", "phone-320"])
def test_figure_text_contrasts_the_caption_shows_and_labels_are_legible(
    browser: Browser,
    site: str,
    kind: str,
    mode: str,
    viewport: dict[str, int],
) -> None:
    page, visit = open_page(browser, site + PAGES[kind], mode, viewport)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        figure = page.locator(f"figure.sd-figure-{kind}")
        caption = figure.locator("figcaption p").first
        assert caption.is_visible()
        assert caption.bounding_box()["width"] > 100  # type: ignore[index]
        labels = page.evaluate(LABELS, figure.element_handle())
        assert len(labels) > 10
        low = [(x["text"], round(contrast(x["fill"], x["under"]), 2)) for x in labels]
        assert [x for x in low if x[1] < 4.5] == []
        assert [x["text"] for x in labels if not x["inside"]] == []
        smallest = min(x["px"] for x in labels)
        assert smallest >= 11, smallest
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        # A click on the figure opens its own SVG file.
        href = figure.locator("a.sdf-open").get_attribute("href")
        response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + (href or ""))
        assert response.ok
        assert response.headers["content-type"] == "image/svg+xml"
        assert visit.errors == []
    finally:
        page.context.close()
