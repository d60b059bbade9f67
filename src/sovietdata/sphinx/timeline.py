"""``timelinejs``: the events as Knight Lab's interactive TimelineJS, from the book's own export.

The directive writes the book's dataset in the ``timelinejs`` export format
(:func:`sovietdata.export.to_timelinejs`) into the page, with the slides grouped as the timeline
figure groups its events into lanes (the export's default groups,
:data:`sovietdata.export.GROUPS`): a few groups, so the rows of markers leave
the slides their room. Each slide links to
its event's entry in the book where the book has one.

TimelineJS 3.9.11 is vendored in the package (``static/vendor/timelinejs``, with its licence and
``SOURCE.txt``) and loaded only when the reader asks for it with the button in its place, so a
first visit to the page stays light and no other page grows. It is configured to fetch nothing:
no web font stylesheet (``font: null``; the book's own fonts serve), no locale file (English is
built in), no analytics; its script path is the vendored copy. Without JavaScript the page shows
a note in its place; the static ``datafigure`` timeline is the twin that needs none.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator

from sovietdata import text
from sovietdata.export import to_timelinejs
from sovietdata.export.timelinejs_format import GROUPS
from sovietdata.models import EventKind
from sovietdata.sphinx.markup import record_anchor
from sovietdata.sphinx.pages import DataDirective

__all__ = ["SCRIPT", "STYLESHEET", "VENDOR", "TimelineJS", "groups", "setup"]

#: Where the vendored TimelineJS lives inside the extension's static folder.
VENDOR = "vendor/timelinejs"
#: TimelineJS's script and stylesheet, relative to the static folder.
SCRIPT = f"{VENDOR}/js/timeline.js"
STYLESHEET = f"{VENDOR}/css/timeline.css"

#: The height of the timeline on the page, in CSS pixels.
HEIGHT = 600

# TimelineJS (about 300 KB) is loaded when the reader asks for it, so a first visit to the page
# stays light: the button (hidden without JavaScript, where the note shows instead) adds the
# vendored stylesheet and script, then starts each timeline of the page from its JSON.
_START = """<script>
(function () {
  var base = (document.documentElement.dataset.content_root || "") + "_static/";
  function start() {
    var path = base + "%(vendor)s/js/";
    document.querySelectorAll(".sd-timelinejs-frame").forEach(function (frame) {
      var data = JSON.parse(document.getElementById(frame.id + "-data").textContent);
      frame.style.height = "%(height)spx";
      var timeline = new TL.Timeline(frame, data, {
        script_path: path, font: null, theme: null, language: "en",
        hash_bookmark: false, ga_measurement_id: null, soundcite: false,
        timenav_height_percentage: 35, timenav_mobile_height_percentage: 40
      });
      // A slide whose text scrolls can be focused, so a keyboard can scroll it.
      function scrollable() {
        frame.querySelectorAll(".tl-slide").forEach(function (slide) {
          if (slide.scrollHeight > slide.clientHeight) slide.setAttribute("tabindex", "0");
          else slide.removeAttribute("tabindex");
        });
      }
      var sizes = new ResizeObserver(scrollable);
      timeline.on("loaded", function () {
        frame.querySelectorAll(".tl-slide, .tl-slide-content").forEach(function (box) {
          sizes.observe(box);
        });
        var next = frame.querySelector(".tl-slidenav-next");
        if (next && frame.dataset.focus) next.focus();
      });
    });
  }
  function load(button) {
    button.disabled = true;
    button.textContent = "Loading the timeline\u2026";
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "%(stylesheet)s";
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = base + "%(script)s";
    js.onload = function () {
      document.querySelectorAll(".sd-timelinejs-open").forEach(function (b) { b.remove(); });
      document.querySelectorAll(".sd-timelinejs-frame").forEach(function (f) {
        f.dataset.focus = "1";
      });
      start();
    };
    document.head.appendChild(js);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sd-timelinejs-open").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { load(button); });
    });
  });
})();
</script>
"""

# The book's fonts and colours in TimelineJS: the theme's custom properties follow the light or
# dark mode, so one set of rules serves both, and every text contrasts 4.5:1 with what it is on
# (TimelineJS's own greys do not). Markers are outlined rather than filled, their headlines in the
# text colour; eras alternate two tints; hidden minor ticks stay hidden.
_STYLE = """<style>
/* The script gives the frame its height: without JavaScript it takes no room. */
.sd-timelinejs > div { margin: 1rem 0; }
.sd-timelinejs-open {
  margin: 0.5rem 0; padding: 0.4rem 0.9rem; min-height: 2.25rem; border-radius: 0.3rem;
  border: 1px solid var(--pst-color-border); background: var(--pst-color-surface);
  color: var(--pst-color-text-base); font: inherit;
}
.sd-timelinejs-open:is(:hover, :focus-visible) { border-color: var(--pst-color-primary); }
@media print { .sd-timelinejs { display: none; } }
.sd-timelinejs .tl-timeline {
  --tl-bg: var(--pst-color-background); --tl-fg: var(--pst-color-text-base);
  --tl-muted: var(--pst-color-text-muted); --tl-surface: var(--pst-color-surface);
  --tl-line: var(--pst-color-border);
  font-family: var(--pst-font-family-base); background-color: var(--tl-bg); color: var(--tl-fg);
}
.sd-timelinejs .tl-timeline :is(h2, h3, p, .tl-headline-date, .tl-slidenav-title,
  .tl-slidenav-description, .tl-timegroup-message, .tl-timeaxis-tick, .tl-timeaxis-tick span,
  .tl-timeera-text h2.tl-headline) {
  font-family: var(--pst-font-family-base); color: var(--tl-fg) !important; text-shadow: none;
}
.sd-timelinejs .tl-timeline h2.tl-headline-title { font-size: 1.75rem; line-height: 1.25; }
.sd-timelinejs .tl-timeline .tl-slide h2.tl-headline { font-size: 1.4rem; line-height: 1.25; }
.sd-timelinejs .tl-timeline h3.tl-headline-date { color: var(--tl-muted) !important; }
.sd-timelinejs .tl-timeline a, .sd-timelinejs .tl-timeline p a { color: var(--pst-color-link); }
.sd-timelinejs .tl-storyslider, .sd-timelinejs .tl-slide {
  background-color: var(--tl-bg) !important;
}
.sd-timelinejs :is(.tl-slidenav-title, .tl-slidenav-description) { opacity: 1 !important; }
.sd-timelinejs .tl-slidenav-content-container .tl-slidenav-icon {
  color: var(--tl-fg); opacity: 1 !important;
}
@media (max-width: 640px) {
  .sd-timelinejs .tl-timeline h2.tl-headline-title { font-size: 1.3rem; }
  .sd-timelinejs .tl-timeline .tl-slide h2.tl-headline { font-size: 1.15rem; }
}
.sd-timelinejs .tl-menubar-button { background-color: var(--tl-surface); color: var(--tl-fg); }
.sd-timelinejs .tl-menubar-button:is(:hover, :focus-visible) {
  background-color: var(--tl-fg); color: var(--tl-bg);
}
.sd-timelinejs .tl-menubar-button:disabled { color: var(--tl-muted); }
.sd-timelinejs .tl-timenav, .sd-timelinejs .tl-timegroup { background-color: var(--tl-surface); }
.sd-timelinejs .tl-timegroup.tl-timegroup-alternate { background-color: var(--tl-bg); }
.sd-timelinejs .tl-timenav .tl-timenav-line { background-color: var(--tl-muted); }
.sd-timelinejs .tl-timeaxis-background,
.sd-timelinejs .tl-timeaxis .tl-timeaxis-content-container .tl-timeaxis-major {
  background-color: var(--tl-bg);
}
.sd-timelinejs .tl-timemarker .tl-timemarker-content-container {
  background-color: var(--tl-bg); border: 1px solid var(--tl-line); box-shadow: none;
}
.sd-timelinejs .tl-timemarker .tl-timemarker-content-container h2.tl-headline {
  color: var(--tl-fg) !important;
}
.sd-timelinejs .tl-timemarker:is(:hover, :focus) .tl-timemarker-content-container {
  background-color: var(--tl-surface); border-color: var(--tl-fg);
}
.sd-timelinejs .tl-timemarker.tl-timemarker-active .tl-timemarker-content-container {
  background-color: var(--tl-bg); border: 2px solid var(--tl-fg);
}
.sd-timelinejs .tl-timemarker .tl-timemarker-timespan,
.sd-timelinejs .tl-timemarker .tl-timemarker-timespan .tl-timemarker-timespan-content {
  background-color: transparent;
}
.sd-timelinejs .tl-headline-fadeout::after { display: none; }
.sd-timelinejs .tl-timeera .tl-timeera-background {
  background-color: var(--pst-color-primary-bg) !important;
}
.sd-timelinejs .tl-timeera:nth-child(even) .tl-timeera-background {
  background-color: var(--tl-surface) !important;
}
.sd-timelinejs .tl-timeline .tl-attribution { background-color: var(--tl-bg); }
.sd-timelinejs .tl-timeline .tl-attribution a { color: var(--tl-muted); }
</style>
"""


def groups() -> dict[EventKind, str]:
    """The group of each kind of event: the title of its lane in the timeline figure.

    >>> from sovietdata.sphinx.timeline import groups
    >>> groups()[sovietdata.EventKind.PLENUM], groups()[sovietdata.EventKind.SPACEFLIGHT]
    ('Party', 'Policy and the world')
    """
    return dict(GROUPS)


class timelinejs(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A TimelineJS timeline: its JSON, and the anchors of its slides' entries."""


def _entry_links(translator: SphinxTranslator, node: timelinejs, data: dict[str, Any]) -> None:
    """Add to each slide a link to its event's entry, where the book has one."""
    labels = translator.builder.env.domains.standard_domain.anonlabels
    for slide in data["events"]:
        label = labels.get(node["anchors"][slide["unique_id"]])
        if label is None:
            continue
        docname, anchor = label
        href = translator.builder.get_relative_uri(node["docname"], docname) + "#" + anchor
        slide["text"]["text"] += f'<p><a href="{html.escape(href)}">The entry and its notes</a></p>'


def visit_timelinejs_html(translator: SphinxTranslator, node: timelinejs) -> None:
    """The timeline's frame, its JSON in the page, and the script that starts it."""
    if translator.builder.name.startswith("epub"):
        body_text = html.escape(node["noscript"])
        translator.body.append(f'<p class="sd-timelinejs-noscript">{body_text}</p>\n')  # type: ignore[attr-defined]
        raise nodes.SkipNode
    data = json.loads(node["data"])
    _entry_links(translator, node, data)
    # "<" as \\u003c: the JSON cannot end its script element early.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    frame = f"sd-timelinejs-{node['number']}"
    body: list[str] = translator.body  # type: ignore[attr-defined]
    if node["number"] == 1:
        body.append(_STYLE)
    body.append(
        f'<div class="sd-timelinejs">\n<button type="button" class="sd-timelinejs-open" hidden>'
        f"Show the interactive timeline ({_download_kb()} KB to load)</button>\n"
        f'<div id="{frame}" class="sd-timelinejs-frame"></div>\n'
        f'<script type="application/json" id="{frame}-data">{text}</script>\n'
        f'<noscript><p class="sd-timelinejs-noscript">{html.escape(node["noscript"])}</p>'
        "</noscript>\n</div>\n"
    )
    if node["number"] == 1:
        body.append(
            _START
            % {"script": SCRIPT, "stylesheet": STYLESHEET, "vendor": VENDOR, "height": HEIGHT}
        )
    raise nodes.SkipNode


def _download_kb() -> int:
    """What the button loads, in KB: TimelineJS's script, stylesheet and icon font as vendored."""
    root = Path(__file__).parent / "static"
    files = (SCRIPT, STYLESHEET, f"{VENDOR}/css/icons/tl-icons.ttf")
    return round(sum((root / f).stat().st_size for f in files) / 1000)


def skip_timelinejs(translator: object, node: timelinejs) -> None:
    """Outside HTML the timeline is left out; the static figure stands for it."""
    raise nodes.SkipNode


class TimelineJS(DataDirective):
    """Knight Lab's TimelineJS showing the book's events, grouped as the timeline figure is.

    Option ``office``: whose holders are the eras (default: the flagship election's office).
    """

    option_spec: ClassVar[dict[str, Any]] = {"office": directives.unchanged}

    def run(self) -> list[Node]:
        """The timeline's node, with the book's dataset in the ``timelinejs`` format."""
        try:
            data = to_timelinejs(self.ds, office=self.options.get("office"), groups=groups())
        except (ValueError, LookupError) as error:
            raise self.error(f"timelinejs: {error}") from error
        # Every date in the book's words ("5 March 1953"), not TimelineJS's American ones.
        words = {event.id: text.date(event.date) for event in self.ds.events}
        for slide in data["events"]:
            slide.setdefault("display_date", words[slide["unique_id"]])
        number = self.env.new_serialno("timelinejs") + 1
        noscript = (
            "The interactive timeline needs JavaScript; the figure of the same events needs none."
        )
        return [
            timelinejs(
                data=json.dumps(data),
                number=number,
                noscript=noscript,
                docname=self.env.docname,
                anchors={event.id: record_anchor(event) for event in self.ds.events},
            )
        ]


def setup(app: Sphinx) -> None:
    """Register the ``timelinejs`` directive and its node (TimelineJS loads on request)."""
    skip = (skip_timelinejs, None)
    app.add_node(
        timelinejs,
        html=(visit_timelinejs_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_directive("timelinejs", TimelineJS)
