"""The timeline page in Chromium: TimelineJS shows every event, fetches nothing, passes axe.

Reuses the built book, the server and the browser of ``tests/conftest.py``. TimelineJS
itself also reads the export's edge cases here: what it refuses, it shows an error for and
draws no slide, so a timeline with slides is one it took.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

import sovietdata
from sovietdata import export
from sovietdata.export.timelinejs_format import LANE_TITLES
from sovietdata.sphinx.timeline import HEIGHT, groups
from tests.book import Build
from tests.survey import DESKTOP, WCAG, Visit, open_page
from tests.test_timelinejs import SINGLES, SPANS, load, with_events, with_tenures

PAGE = "reference/timeline.html"
PHONE_320 = {"width": 320, "height": 700}

#: The id of the slide on show: the one slide TimelineJS has not made inert.
CURRENT = """() => [...document.querySelectorAll('.sd-timelinejs .tl-slide')]
    .find(s => !s.inert && !s.hasAttribute('inert')).id"""


def open_timeline(
    chromium: Browser, address: str, mode: str | None, viewport: dict[str, int]
) -> tuple[Page, Visit]:
    page, visit = open_page(chromium, address + PAGE, mode, viewport)
    # A first visit loads no TimelineJS; the button loads it, from the book's own files.
    assert not any("vendor/timelinejs" in url for url in visit.requested)
    page.locator("button.sd-timelinejs-open").click()
    page.wait_for_selector(".sd-timelinejs .tl-slide", state="attached")
    return page, visit


def problems(visit: Visit) -> list[str]:
    return visit.errors + visit.blocked + visit.failed


def test_timelinejs_loads_on_its_page_only(html_build: Build) -> None:
    out = html_build.outdir
    using = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if 'class="sd-timelinejs-open"' in p.read_text("utf-8")
    )
    assert using == [PAGE]
    # No page links TimelineJS's files; the button's script adds them when asked.
    assert not [
        p
        for p in out.rglob("*.html")
        if re.search(r"<(script|link)\b[^>]*vendor/timelinejs", p.read_text("utf-8"))
    ]


def test_every_event_is_a_slide_grouped_as_the_figure(
    browser: Browser,
    site: str,
) -> None:
    ds = sovietdata.dataset()
    page, visit = open_timeline(browser, site, "light", DESKTOP)
    try:
        ids = page.eval_on_selector_all(".sd-timelinejs .tl-slide", "s => s.map(e => e.id)")
        # The title slide, then one slide per event, in the export's order.
        assert len(ids) == len(ds.events) + 1
        assert ids[1:] == [e.id for e in ds.events]
        markers = page.eval_on_selector_all(".sd-timelinejs .tl-timemarker", "m => m.length")
        assert markers == len(ds.events)
        labels = page.eval_on_selector_all(
            ".sd-timelinejs .tl-timegroup-message", "g => g.map(e => e.textContent)"
        )
        assert sorted(labels) == sorted(LANE_TITLES.values())
        # Three groups leave the slides most of the timeline's height.
        frame = page.locator("#sd-timelinejs-1").bounding_box()
        slides = page.locator(".sd-timelinejs .tl-storyslider").bounding_box()
        assert frame is not None
        assert slides is not None
        assert frame["height"] == HEIGHT
        assert slides["height"] >= HEIGHT / 2
        assert problems(visit) == []
    finally:
        page.context.close()


def test_slides_link_to_their_entries(
    browser: Browser,
    site: str,
) -> None:
    page, visit = open_timeline(browser, site, "light", DESKTOP)
    try:
        event = sovietdata.dataset().events[0]
        link = page.locator(f"[id='{event.id}'] a", has_text="The entry and its notes")
        href = link.get_attribute("href")
        assert href == f"events.html#event-{event.id}"
        assert problems(visit) == []
    finally:
        page.context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_320], ids=["desktop", "phone-320"])
def test_the_timeline_passes_axe_and_fetches_nothing_outside(
    browser: Browser,
    site: str,
    mode: str,
    viewport: dict[str, int],
) -> None:
    """axe on the timeline, at its title slide and at an event's slide with its marker active.

    The rest of the page is the book's, which ``test_browser.py`` checks on every page.
    """
    page, visit = open_timeline(browser, site, mode, viewport)
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG}}
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        # What the page itself did, taken before axe runs: axe fetches stylesheets of its own.
        found = problems(visit)
        for step in range(2):
            if step:
                for _ in range(7):
                    page.click(".sd-timelinejs .tl-slidenav-next")
                page.wait_for_timeout(1500)  # the slide's animation
            if not step:
                requests = "performance.getEntriesByType('resource').map(r => r.name)"
                assert all(r.startswith(site) for r in page.evaluate(requests))
            results = axe.run(page, context={"include": [[".sd-timelinejs"]]}, options=options)
            found += [
                f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                for v in results.response["violations"]
            ]
        assert found == []
    finally:
        page.context.close()


def test_previous_and_next_work_by_keyboard(
    browser: Browser,
    site: str,
) -> None:
    ds = sovietdata.dataset()
    page, visit = open_timeline(browser, site, "light", DESKTOP)

    def tab_to(selector: str) -> None:
        page.locator("body").focus()
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
                return
        pytest.fail(f"Tab never reaches {selector}")

    try:
        title = page.evaluate(CURRENT)
        tab_to(".sd-timelinejs .tl-slidenav-next")
        page.keyboard.press("Enter")
        page.wait_for_function(f"({CURRENT})() === {json.dumps(ds.events[0].id)}")
        page.keyboard.press("Space")
        page.wait_for_function(f"({CURRENT})() === {json.dumps(ds.events[1].id)}")
        tab_to(".sd-timelinejs .tl-slidenav-previous")
        page.keyboard.press("Enter")
        page.wait_for_function(f"({CURRENT})() === {json.dumps(ds.events[0].id)}")
        page.keyboard.press("Enter")
        page.wait_for_function(f"({CURRENT})() === {json.dumps(title)}")
        assert problems(visit) == []
    finally:
        page.context.close()


# --- the export's edge cases in TimelineJS itself ---------------------------------------------

#: Starts a timeline of ``data`` in a new frame; resolves to its slides' ids and its message.
START = """async (data) => {
  const frame = document.createElement('div');
  frame.style.height = '600px';
  document.querySelector('article').prepend(frame);
  new TL.Timeline(frame, data, {script_path: 'x/', font: null, language: 'en'});
  for (let i = 0; i < 100 && !frame.querySelector('.tl-slide, .tl-message-content'); i++) {
    await new Promise(r => setTimeout(r, 50));
  }
  await new Promise(r => setTimeout(r, 300));
  const message = frame.querySelector('.tl-message-full:not([style*="display: none"]) '
                                      + '.tl-message-content');
  const slides = [...frame.querySelectorAll('.tl-slide')].map(s => s.id);
  frame.remove();
  return {slides, message: slides.length ? null : (message && message.textContent)};
}"""

#: Tenures of every form an era takes: one day, ends inside the start's month or year, an end
#: known less closely than the start, and an open one starting on the last event's day.
TENURES: list[tuple[str, str | None]] = [
    ("1950-01-07", "1950-01-07"),
    ("1953-03-05", "1953-03-05"),
    ("1953-06", "1953-06-15"),
    ("1953-09-07", "1953"),
    ("1954", "1954-06"),
    ("1956-02-25", None),
]


def edge_cases(tmp_path: Path) -> dict[str, Any]:
    doc = with_tenures(with_events(*SINGLES, *SPANS, "1956-02-25"), *TENURES)
    doc["election"][0]["tenure"] = "first-term"
    return export.to_timelinejs(load(tmp_path, doc), groups=groups())


def test_timelinejs_takes_every_edge_case_of_the_export(
    browser: Browser,
    site: str,
    tmp_path: Path,
) -> None:
    data = edge_cases(tmp_path)
    page, visit = open_timeline(browser, site, "light", DESKTOP)
    try:
        shown = page.evaluate(START, data)
        assert shown["message"] is None
        # Every event a slide (TimelineJS orders them by their first day).
        assert sorted(shown["slides"][1:]) == sorted(s["unique_id"] for s in data["events"])
        # The control: an era ending where it starts, as the export wrote it before, makes
        # TimelineJS refuse the whole timeline; so does a timeline without events.
        refused = copy.deepcopy(data)
        refused["eras"][0]["end_date"] = refused["eras"][0]["start_date"]
        shown = page.evaluate(START, refused)
        assert shown["slides"] == []
        assert "All eras must have start and end dates" in shown["message"]
        shown = page.evaluate(START, {**data, "events": []})
        assert shown["slides"] == []
        assert "no events" in shown["message"]
        assert problems(visit) == []
    finally:
        page.context.close()
