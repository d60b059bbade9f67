"""The book's figures: SVG written from the records, coloured by class, legible on a phone.

Each kind is drawn from the shipped data and read back as XML: its labels are the records'
words, its size is explicit, its colours come only from the classes of ``figures.css``; the
disputes figure has a box per value, ranked as the data ranks it. A small book with each kind
is built in this process, as an author builds one.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import sovietdata
from sovietdata import Event, Person, Rank
from sovietdata.edtf import EDTFError, parse
from sovietdata.sphinx import figures
from sovietdata.text import dispute_value, short_name
from tests.test_extension import CONF, book, build

SVG = "{http://www.w3.org/2000/svg}"
DS = sovietdata.dataset()
#: The width of the figure's column on a 320 px wide phone, measured in the built book.
PHONE_COLUMN = 272


def parsed(kind: str, layout: str, start: int = 1952, end: int = 1966) -> ET.Element:
    return ET.fromstring(figures.draw(kind, DS, start, end).svgs[layout])


def texts(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}text"))


def words(svg: ET.Element) -> str:
    """Every label of a figure, in drawing order, joined by spaces (wrapped lines rejoin)."""
    return " ".join(t.text or "" for t in texts(svg))


def date_disputes() -> list[sovietdata.Dispute]:
    found = []
    for dispute in DS.disputes:
        try:
            for value in dispute.values:
                parse(value.value)
        except EDTFError:
            continue
        found.append(dispute)
    return found


KINDS_AND_LAYOUTS = [(k, layout) for k in figures.KINDS for layout in figures.LAYOUTS]


@pytest.mark.parametrize(("kind", "layout"), KINDS_AND_LAYOUTS)
def test_each_figure_is_svg_of_an_explicit_size_with_a_title_and_a_description(
    kind: str, layout: str
) -> None:
    svg = parsed(kind, layout)
    assert svg.tag == f"{SVG}svg"
    width, height = float(svg.get("width", "")), float(svg.get("height", ""))
    assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"
    assert width == figures.LAYOUTS[layout][0]
    assert height > 100
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    alt, caption = figures.describe(kind, DS, 1952, 1966)
    assert (title.text, desc.text) == (caption, alt)


@pytest.mark.parametrize(("kind", "layout"), KINDS_AND_LAYOUTS)
def test_colours_come_only_from_the_stylesheets_classes(kind: str, layout: str) -> None:
    css = figures.STYLESHEET.read_text("utf-8")
    defined = set(re.findall(r"(?m)^\.(sdf-[a-z-]+)\s*\{", css))
    svg = parsed(kind, layout)
    painted = 0
    for element in svg.iter():
        assert element.get("style") is None, element.tag
        assert element.get("stroke") is None, element.tag
        fill = element.get("fill")
        assert fill is None or re.fullmatch(r"url\(#[a-z0-9-]+\)", fill), (element.tag, fill)
        if element.tag.removeprefix(SVG) in {"text", "rect", "circle", "line"}:
            assert element.get("class") in defined, (element.tag, element.get("class"))
            painted += 1
    assert painted > 10
    # The page and the figure's own file take the same colours from one stylesheet.
    assert "#" not in figures.standalone(figures.draw(kind, DS, 1952, 1966)).split("<style>")[0]


def test_both_palettes_set_every_colour_the_classes_use() -> None:
    css = figures.STYLESHEET.read_text("utf-8")
    used = set(re.findall(r"var\(--(sdf-[a-z-]+)\)", css))
    light = re.search(r"(?ms)^\.sd-figure \{(.*?)\}", css)
    dark = re.search(r'(?ms)^html\[data-theme="dark"\] \.sd-figure \{(.*?)\}', css)
    assert light
    assert dark
    for block in (light[1], dark[1]):
        assert set(re.findall(r"--(sdf-[a-z-]+):", block)) == used


@pytest.mark.parametrize("layout", figures.LAYOUTS)
def test_the_timeline_labels_every_event_with_its_title_and_date(layout: str) -> None:
    labels = words(parsed("timeline", layout, 1953, 1956))
    events = [e for e in DS.events if 1953 <= e.date.lower().year <= 1956]
    assert events
    for event in events:
        assert f"{event.title} ({event.date.text()})" in labels
    later = next(e for e in DS.events if e.date.lower().year > 1956)
    assert later.title not in labels
    flagship = DS.lookup(sovietdata.election().event, Event)
    # The flagship's label is the one bold label (the narrow layout's year headings aside).
    bold = [t.text or "" for t in texts(parsed("timeline", layout)) if t.get("font-weight")]
    label = " ".join(b for b in bold if not b.isdigit())
    assert label.startswith(flagship.title)


@pytest.mark.parametrize("layout", figures.LAYOUTS)
def test_the_succession_names_every_holder_and_no_name_overflows_its_bar(layout: str) -> None:
    svg = parsed("succession", layout)
    labels = words(svg)
    size = figures.LAYOUTS[layout][1]
    for office in figures._offices(DS):
        assert office.title.split()[0] in labels
        for tenure in figures._tenures(DS, office, 1952, 1966):
            assert short_name(DS.lookup(tenure.person, Person)) in labels
    assert sovietdata.election().date.text() in labels
    # A name inside a bar (drawn in the background's colour) fits that bar; the bar precedes it.
    elements = list(svg)
    inside = 0
    for i, element in enumerate(elements):
        if element.get("class") == "sdf-bgtext":
            bar = elements[i - 1]
            assert bar.tag == f"{SVG}rect"
            needed = figures.text_width(element.text or "", size, bold=True)
            assert needed + 8 <= float(bar.get("width", "0")), element.text
            inside += 1
    assert inside >= (3 if layout == "wide" else 1)


@pytest.mark.parametrize("layout", figures.LAYOUTS)
def test_the_disputes_figure_has_a_box_per_date_value_ranked_as_the_data_ranks_it(
    layout: str,
) -> None:
    svg = parsed("disputes", layout)
    disputes = date_disputes()
    assert disputes
    assert len(disputes) < len(DS.disputes)
    labels = words(svg)
    for dispute in disputes:
        assert dispute.question.split()[-1] in labels
    boxes = list(svg.iter(f"{SVG}rect"))
    ranks = {str(r): [b for b in boxes if b.get("class") == f"sdf-{r}"] for r in Rank}
    values = [v for d in disputes for v in d.values]
    for rank in Rank:  # the legend shows one box of each rank
        expected = sum(v.rank is rank for v in values) + 1
        assert len(ranks[str(rank)]) == expected, rank
    assert all(b.get("fill") is None for b in ranks["preferred"] + ranks["normal"])
    pattern = svg.find(f"{SVG}defs/{SVG}pattern")
    assert pattern is not None
    assert {b.get("fill") for b in ranks["deprecated"]} == {f"url(#{pattern.get('id')})"}
    # Each value's box is labelled with the value in words, and the preferred one is solid.
    for value in values:
        assert dispute_value(value.value) in labels
    css = figures.STYLESHEET.read_text("utf-8")
    assert re.search(r"(?m)^\.sdf-preferred \{ fill: var\(--sdf-preferred\)", css)
    assert re.search(r"(?m)^\.sdf-normal \{ fill: none;", css)


def test_the_disputes_alt_text_has_a_sentence_per_dispute() -> None:
    alt, caption = figures.describe("disputes", DS, 1952, 1966)
    disputes = date_disputes()
    assert f"The {len(disputes)} dates" in caption
    for dispute in disputes:
        preferred = next(v for v in dispute.values if v.rank is Rank.PREFERRED)
        assert f"{dispute.question} Preferred: {dispute_value(preferred.value)};" in alt


def test_labels_stay_legible_on_a_phone() -> None:
    # The narrow layout is shown at the phone's column width; no label may fall under 11 px.
    for kind in figures.KINDS:
        svg = parsed(kind, "narrow")
        scale = PHONE_COLUMN / float(svg.get("width", "1"))
        sizes = [float(t.get("font-size") or svg.get("font-size") or 0) for t in texts(svg)]
        assert min(sizes) * scale >= 11, kind


def test_text_widths_and_wrapping() -> None:
    assert figures.text_width("", 14) == 0
    assert figures.text_width("iiii", 14) < figures.text_width("MMMM", 14)
    assert figures.text_width("Khrushchev", 14, bold=True) > figures.text_width("Khrushchev", 14)
    assert figures.text_width("Хрущёв", 10) == pytest.approx(6 * 9.9)  # outside the table: wide
    lines = figures.wrap("The September 1953 plenum's resolution appears in print", 150, 13)
    assert " ".join(lines) == "The September 1953 plenum's resolution appears in print"
    assert all(figures.text_width(line, 13) <= 150 for line in lines)
    assert figures.wrap("Supercalifragilistic", 10, 13) == ["Supercalifragilistic"]


def test_bad_requests_are_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown figure 'map'; use one of timeline"):
        figures.describe("map", DS, 1952, 1966)
    with pytest.raises(ValueError, match="starts in 1960, after it ends in 1955"):
        figures.draw("timeline", DS, 1960, 1955)


FIGURES = """\
# Figures

```{datafigure} timeline
:start: 1953
:end: 1956
```

```{datafigure} succession
```

```{datafigure} disputes
```
"""


def test_a_book_with_each_figure(tmp_path: Path) -> None:
    out, warnings = build(book(tmp_path, FIGURES))
    assert warnings == ""
    # The test book keeps Sphinx's smart quotes, which curl the apostrophes of the captions.
    page = html.unescape((out / "index.html").read_text("utf-8")).replace("\u2019", "'")
    assert page.count('<figure class="sd-figure') == 3
    assert page.count("<svg ") == 6  # wide and narrow each
    assert "<img" not in page
    assert '<link rel="stylesheet" type="text/css" href="_static/figures.css' in page
    assert (out / "_static" / "figures.css").is_file()
    for kind, start, end in (("timeline", 1953, 1956), ("succession", 1952, 1966)):
        _, caption = figures.describe(kind, DS, start, end)
        head = r'<figcaption>\s*<p><span class="caption-text">'
        assert re.search(head + re.escape(caption), page)
    _, caption = figures.describe("disputes", DS, 1952, 1966)
    assert caption in page
    assert "Why each value has its rank" in page
    first = date_disputes()[0]
    assert first.values[0].reason in page
    # Each figure links to its own file, written into _images, coloured by the reader's setting.
    links = re.findall(r'<a class="sdf-open" href="(_images/[a-z]+-[0-9a-f]+\.svg)">', page)
    assert len(links) == 3
    for link in links:
        own = (out / link).read_text("utf-8")
        assert "@media (prefers-color-scheme: dark)" in own
        ET.fromstring(own.split("\n", 1)[1])
        assert len(own) < 60_000


def test_an_unknown_figure_or_an_empty_period_stops_the_build(tmp_path: Path) -> None:
    from sphinx.errors import SphinxWarning  # noqa: PLC0415 - only this test needs it

    for body, message in (
        ("```{datafigure} map\n```\n", "unknown figure 'map'"),
        ("```{datafigure} timeline\n:start: 1960\n:end: 1955\n```\n", "after it ends in 1955"),
    ):
        src = tmp_path / message.split()[0]
        src.mkdir()
        with pytest.raises(SphinxWarning, match=message):
            build(book(src, f"# Figure\n\n{body}", CONF))


def test_figures_are_small() -> None:
    for kind in figures.KINDS:
        drawn = figures.draw(kind, DS, 1952, 1966)
        assert sum(len(s.encode()) for s in drawn.svgs.values()) < 80_000, kind
