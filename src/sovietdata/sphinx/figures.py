"""Figures drawn from the data as SVG (a timeline, the succession, the disputed dates).

The SVG is written here, from the records, rather than by a plotting library. The figures are
rows of text, marks and bars on a time axis: a few hundred lines of layout, whereas a plotting
library would paint its own colours into every element (which then have to be mapped back to
classes for the page's light and dark modes), place text by its own font metrics, and cannot
reflow a chart for a phone. Written here, every colour is a CSS class whose value follows the
theme's mode (``static/figures.css``), every label is ``<text>`` that the reader can select and
search, and each figure is laid out twice: wide, and narrow for a phone (a vertical timeline,
names beside their bars, a question above its values). The page shows the one that fits its
column; both keep every label at 11 CSS px or more. The wide one is also written as a file of its
own (``_images/<kind>-....svg``, colours by ``prefers-color-scheme``) that the figure links to, to
open it full size. An e-book shows that file alone, as an image in the light palette with every
colour written out (:func:`light`), which the reader can zoom.

Text widths are estimated from the advance widths of DejaVu Sans, the widest of the common
sans-serif faces, so a label that fits by the estimate fits in the face the reader sees.

Alt text, caption and labels come from the same records the figure draws, in the words of
:mod:`sovietdata.text`, so the picture and its description cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator

import sovietdata
from sovietdata import Dispute, Election, Event, Office, Person, Rank, Tenure
from sovietdata.edtf import EDTF, EDTFError, parse
from sovietdata.export.timelinejs_format import LANE_TITLES, LANES
from sovietdata.sphinx.markup import record_ref
from sovietdata.sphinx.pages import DataDirective
from sovietdata.text import dispute_value, short_name, span

__all__ = [
    "KINDS",
    "STYLESHEET",
    "DataFigure",
    "Figure",
    "describe",
    "draw",
    "light",
    "setup",
    "standalone",
]

#: The figures ``datafigure`` draws.
KINDS = ("timeline", "succession", "disputes")

#: The figures' stylesheet: the colours of each mode as custom properties ``--sdf-<name>``, the
#: rules that paint each class with them, and the layout of a figure on the page.
STYLESHEET = Path(__file__).parent / "static" / "figures.css"


#: The two layouts: the width they are drawn at (SVG units, shown as CSS px or a little less),
#: and the size of their labels and of their smallest text (the axis). The wide layout is shown
#: down to a column of 640 px (``figures.css``), where 13 units are 11.6 px; the narrow one is
#: drawn for a phone's column of 272-342 px, where 12 units are 11.6 px or more.
LAYOUTS: dict[str, tuple[int, float, float]] = {"wide": (720, 14, 13), "narrow": (280, 13, 12)}

# --- text widths ---------------------------------------------------------------------------------

# Advance widths of DejaVu Sans (regular, bold) in thousandths of an em, for printable ASCII
# and the punctuation the text layer writes; anything else counts as the widest letter.
_CHARS = "".join(chr(c) for c in range(32, 127)) + "–—‘’“”…éöü"
# fmt: off
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    500, 1000, 318, 318, 518, 518, 1000, 615, 612, 634,
)
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
    500, 1000, 380, 380, 657, 657, 1000, 678, 687, 712,
)
# fmt: on
_WIDTHS = {
    False: dict(zip(_CHARS, _REGULAR, strict=True)),
    True: dict(zip(_CHARS, _BOLD, strict=True)),
}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` at font size ``size``, in the same units, as DejaVu Sans sets it.

    >>> round(text_width("Khrushchev", 14))
    82
    """
    table = _WIDTHS[bold]
    return sum(table.get(c, 1000 if bold else 990) for c in text) * size / 1000


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a longer word stands alone).

    >>> wrap("Death of Stalin (5 March 1953)", 110, 13)
    ['Death of Stalin', '(5 March 1953)']
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold=bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


# --- writing SVG ---------------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass
class _Canvas:
    """SVG elements in drawing order, each coloured by a class of ``figures.css``."""

    width: float
    size: float
    small: float
    parts: list[str] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)

    def text(
        self,
        x: float,
        y: float,
        words: str,
        cls: str = "sdf-fg",
        *,
        size: float | None = None,
        anchor: str = "start",
        bold: bool = False,
    ) -> None:
        """One line of text with its baseline at ``y``."""
        attrs = f'x="{_num(x)}" y="{_num(y)}" class="{cls}"'
        if size is not None and size != self.size:
            attrs += f' font-size="{_num(size)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if bold:
            attrs += ' font-weight="bold"'
        self.parts.append(f"<text {attrs}>{escape(words, quote=False)}</text>")

    def rect(
        self, x: float, y: float, w: float, h: float, cls: str, *, rx: float = 0, fill: str = ""
    ) -> None:
        """A rectangle; ``fill`` only for a pattern (``url(#id)``), colours come from ``cls``."""
        extra = f' rx="{_num(rx)}"' if rx else ""
        extra += f' fill="{fill}"' if fill else ""
        self.parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
            f'class="{cls}"{extra}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        """A straight line."""
        self.parts.append(
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" class="{cls}"/>'
        )

    def circle(self, x: float, y: float, r: float, cls: str) -> None:
        """A dot."""
        self.parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" class="{cls}"/>')


@dataclass(frozen=True)
class Figure:
    """A figure drawn from the data: its SVG renderings, alt text and caption.

    ``svgs`` maps a layout name (``wide``, ``narrow``) to an SVG element for the page; ``reasons``
    holds, for the disputes figure, each dispute with its values and the reason for each rank.
    """

    kind: str
    svgs: dict[str, str]
    title: str
    alt: str
    caption: str
    reasons: tuple[Dispute, ...] = ()

    @property
    def name(self) -> str:
        """The file name of the figure's own SVG: kind and a digest of what it shows."""
        digest = hashlib.blake2b(self.svgs["wide"].encode(), digest_size=6).hexdigest()
        return f"{self.kind}-{digest}.svg"


def _svg(canvas: _Canvas, height: float, *, layout: str, key: str, title: str, alt: str) -> str:
    """The SVG element of a canvas: explicit size, a role, a title and a description."""
    ident = f"sdf-{key}-{layout}"
    defs = f"<defs>{''.join(canvas.defs)}</defs>" if canvas.defs else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sdf sdf-{layout}" '
        f'width="{_num(canvas.width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(canvas.width)} {_num(height)}" font-size="{_num(canvas.size)}" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
        f'<title id="{ident}-title">{escape(title, quote=False)}</title>'
        f'<desc id="{ident}-desc">{escape(alt, quote=False)}</desc>'
        f"{defs}{''.join(canvas.parts)}</svg>"
    )


def standalone(figure: Figure) -> str:
    """The wide rendering as a file of its own, coloured by the reader's ``prefers-color-scheme``.

    Its colours and classes are the page's, taken from :data:`STYLESHEET`.

    >>> from sovietdata.sphinx.figures import draw, standalone
    >>> svg = standalone(draw("succession", sovietdata.dataset(), 1952, 1966))
    >>> svg.startswith("<?xml") and "prefers-color-scheme: dark" in svg
    True
    """
    light, dark, rules = _stylesheet()
    style = (
        f"<style>svg{{{light};background:var(--sdf-bg);"
        "font-family:system-ui,'DejaVu Sans',sans-serif}"
        f"@media (prefers-color-scheme: dark){{svg{{{dark}}}}}{rules}</style>"
    )
    head, rest = figure.svgs["wide"].split(">", 1)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}>{style}{rest}\n'


def light(figure: Figure) -> str:
    """The wide rendering as a file of its own in the light palette, every colour written out.

    For an e-book: its pages show the figure as an image, which the reader can zoom, and
    e-readers need not know CSS custom properties or the reader's colour scheme.

    >>> from sovietdata.sphinx.figures import draw, light
    >>> from sovietdata.sphinx.figures import draw, light
    >>> svg = light(draw("succession", sovietdata.dataset(), 1952, 1966))
    >>> "var(" in svg, "prefers-color-scheme" in svg, ".sdf-fg{fill: #222832}" in svg
    (False, False, True)
    """
    palette_text, _, rules = _stylesheet()
    palette = dict(item.split(":", 1) for item in palette_text.split(";"))
    rules = re.sub(r"var\((--sdf-[a-z]+)\)", lambda found: palette[found[1]].strip(), rules)
    style = (
        f"<style>svg{{background:{palette['--sdf-bg'].strip()};"
        f"font-family:system-ui,'DejaVu Sans',sans-serif}}{rules}</style>"
    )
    head, rest = figure.svgs["wide"].split(">", 1)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}>{style}{rest}\n'


def _stylesheet() -> tuple[str, str, str]:
    """The light and the dark palette and the class rules of :data:`STYLESHEET`, minified."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.DOTALL)

    def block(selector: str) -> str:
        found = re.search(rf"(?m)^{re.escape(selector)}\s*\{{([^}}]*)\}}", css)
        if found is None:  # pragma: no cover - the stylesheet ships with the module
            raise LookupError(f"{STYLESHEET} has no rule for {selector}")
        return ";".join(p.strip() for p in found[1].split(";") if p.strip())

    rules = re.findall(r"(?m)^(\.sdf-[a-z-]+(?:,\s*\.sdf-[a-z-]+)*)\s*\{([^}]*)\}", css)
    classes = "".join(
        f"{sel}{{{';'.join(p.strip() for p in body.split(';') if p.strip())}}}"
        for sel, body in rules
    )
    return block(".sd-figure"), block('html[data-theme="dark"] .sd-figure'), classes


# --- the time axis -------------------------------------------------------------------------------


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


@dataclass(frozen=True)
class _Axis:
    """Years ``start`` to the end of ``end`` mapped onto ``left``..``right``."""

    start: int
    end: int
    left: float
    right: float

    def x(self, year: float) -> float:
        span = self.end + 1 - self.start
        return self.left + (year - self.start) / span * (self.right - self.left)

    def ticks(self, size: float) -> list[int]:
        """Years to label: every one, or every 2, 5 or 10, so the labels do not touch."""
        per_year = (self.right - self.left) / (self.end + 1 - self.start)
        step = next(
            (s for s in (1, 2, 4, 5, 10, 20) if per_year * s >= text_width("0000", size) + 16), 50
        )
        return list(range(self.start, self.end + 1, step))

    def draw(self, canvas: _Canvas, top: float, bottom: float, *, above: bool = False) -> float:
        """Grid lines from ``top`` to ``bottom``, year labels below (and above); the new bottom."""
        for year in self.ticks(canvas.small):
            x = self.x(year)
            canvas.line(x, top, x, bottom, "sdf-grid")
            canvas.text(x, bottom + canvas.small + 4, str(year), size=canvas.small, anchor="middle")
            if above:
                canvas.text(x, top - 5, str(year), size=canvas.small, anchor="middle")
        return bottom + canvas.small + 8


def _legend(canvas: _Canvas, items: Sequence[tuple[str, str]], y: float) -> float:
    """Swatches and their words, wrapped across the width; returns the next free ``y``."""
    x = 0.0
    line = canvas.size * 1.5
    for cls, words in items:
        lines = wrap(words, canvas.width - 20, canvas.size)
        width = 20 + max(text_width(w, canvas.size) for w in lines) + 16
        if x and (x + width > canvas.width or len(lines) > 1):
            x, y = 0.0, y + line
        canvas.rect(x, y + line / 2 - 6, 14, 12, cls, rx=2)
        for i, words_line in enumerate(lines):
            canvas.text(x + 20, y + line / 2 + canvas.size * 0.36 + i * line, words_line)
        y += (len(lines) - 1) * line
        x = 0.0 if len(lines) > 1 else x + width
    return y + line + 6


# --- timeline ------------------------------------------------------------------------------------


def _events(ds: sovietdata.Dataset, start: int, end: int) -> list[Event]:
    # The events only: the election is drawn as the session it took place at, highlighted.
    return [e for e in ds.events if start <= e.date.lower().year <= end]


def _flagship_event(ds: sovietdata.Dataset) -> str | None:
    flagship = ds.flagship()
    return flagship.event if flagship is not None else None


def _lane_items(ds: sovietdata.Dataset) -> list[tuple[str, str]]:
    items = [(f"sdf-{lane}", title) for lane, title in LANE_TITLES.items()]
    flagship = ds.flagship()
    if flagship is not None:
        items.append(("sdf-flagship", ds.lookup(flagship.event, Event).title))
    return items


def _timeline(ds: sovietdata.Dataset, start: int, end: int, layout: str) -> tuple[_Canvas, float]:
    """Every event from ``start`` to ``end``, a row each in date order; the flagship stands out.

    Wide: the label on the left, the event's span on a time axis on the right. Narrow: a
    vertical list under year headings, each event a dot of its lane's colour.
    """
    width, size, small = LAYOUTS[layout]
    canvas = _Canvas(width, size, small)
    flagship = _flagship_event(ds)
    lead = size * 1.3  # distance between baselines
    y = _legend(canvas, _lane_items(ds), 0)
    events = _events(ds, start, end)
    if layout == "narrow":
        indent = 22.0
        year: int | None = None
        top = y
        for event in events:
            if event.date.lower().year != year:
                year = event.date.lower().year
                y += lead + (6 if top != y else 0)
                canvas.text(indent, y, str(year), bold=True)
                y += 4
            is_flagship = event.id == flagship
            label = f"{event.title} ({event.date.text()})"
            lines = wrap(label, width - indent, size, bold=is_flagship)
            cls = "sdf-flagship" if is_flagship else f"sdf-{LANES[event.kind]}"
            canvas.circle(8, y + lead - size * 0.35, 5, cls)
            for line in lines:
                y += lead
                canvas.text(indent, y, line, bold=is_flagship)
            y += 6
        canvas.parts.insert(0, _spine(8, top + lead, y))
        return canvas, y + 4
    label_width = 390.0
    axis = _Axis(start, end, label_width + 24, width - text_width("0000", small) / 2)
    y += small + 10
    top = y
    under = len(canvas.parts)  # the grid goes under the rows, drawn once their height is known
    for event in events:
        is_flagship = event.id == flagship
        lines = wrap(f"{event.title} ({event.date.text()})", label_width, size, bold=is_flagship)
        for i, line in enumerate(lines):
            canvas.text(0, y + size + i * lead, line, bold=is_flagship)
        middle = y + 4 + len(lines) * lead / 2 - size * 0.3
        cls = "sdf-flagship" if is_flagship else f"sdf-{LANES[event.kind]}"
        x0 = axis.x(_year_fraction(event.date.lower()))
        x1 = axis.x(_year_fraction(event.date.upper() + dt.timedelta(days=1)))
        if x1 - x0 < 10:  # a day or a few: a dot, which a bar that short could not show
            canvas.circle((x0 + x1) / 2, middle, 5, cls)
        else:
            canvas.rect(x0, middle - 5, x1 - x0, 10, cls, rx=2)
        y += len(lines) * lead + 8
    grid = _Canvas(width, size, small)
    bottom = axis.draw(grid, top - 4, y, above=True)
    canvas.parts[under:under] = grid.parts
    return canvas, bottom


def _spine(x: float, top: float, bottom: float) -> str:
    return (
        f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom)}" '
        'class="sdf-spine"/>'
    )


# --- succession ----------------------------------------------------------------------------------


def _offices(ds: sovietdata.Dataset) -> list[Office]:
    flagship = ds.flagship()
    first = ds.lookup(flagship.office, Office) if flagship else ds.offices[0]
    return [
        first,
        *[o for o in ds.offices if o is not first and o.id == "chairman-council-of-ministers"],
    ]


def _tenures(ds: sovietdata.Dataset, office: Office, start: int, end: int) -> list[Tenure]:
    return [
        t
        for t in ds.tenures_of(office.id)
        if (t.end is None or t.end.upper().year >= start) and t.start.lower().year <= end
    ]


def _succession(ds: sovietdata.Dataset, start: int, end: int, layout: str) -> tuple[_Canvas, float]:
    """Each office's holders, a bar each on one time axis; the flagship election a dashed line.

    A name stands inside its bar if it fits there, else beside it.
    """
    width, size, small = LAYOUTS[layout]
    canvas = _Canvas(width, size, small)
    edge = text_width("0000", small) / 2 + 1
    axis = _Axis(start, end, edge, width - edge)
    lead = size * 1.3
    flagship = ds.flagship()
    y = 0.0
    flag_x = axis.x(_year_fraction(flagship.date.lower())) if flagship else None
    if flagship is not None and flag_x is not None:
        words = flagship.date.text()
        right = flag_x + 4 + text_width(words, size) <= width
        canvas.text(flag_x + (4 if right else -4), size, words, anchor="start" if right else "end")
        y = size + 6
    top = y
    under = len(canvas.parts)  # the grid goes under the bars, drawn once their height is known
    for row, office in enumerate(_offices(ds)):
        lane = "party" if row == 0 else "state"
        for line in wrap(office.title, width, size, bold=True):
            y += lead
            canvas.text(0, y, line, "sdf-halo", bold=True)
        y += 6
        for tenure in _tenures(ds, office, start, end):
            x0 = max(axis.x(_year_fraction(tenure.start.lower())), axis.left)
            x1 = min(
                axis.x(_year_fraction(tenure.end.upper())) if tenure.end else axis.right,
                axis.right,
            )
            height = size + 10
            name = short_name(ds.lookup(tenure.person, Person))
            canvas.rect(x0, y, x1 - x0, height, f"sdf-{lane}", rx=2)
            baseline = y + height / 2 + size * 0.36
            needed = text_width(name, size, bold=True)
            if needed + 10 <= x1 - x0:
                canvas.text((x0 + x1) / 2, baseline, name, "sdf-bgtext", anchor="middle", bold=True)
            elif x1 + 6 + needed <= width:
                canvas.text(x1 + 6, baseline, name, "sdf-halo", bold=True)
            else:
                canvas.text(x0 - 6, baseline, name, "sdf-halo", anchor="end", bold=True)
            y += height + 6
        y += 4
    grid = _Canvas(width, size, small)
    bottom = axis.draw(grid, top, y)
    if flag_x is not None:
        grid.line(flag_x, top - 2, flag_x, y, "sdf-flagship-line")
    canvas.parts[under:under] = grid.parts
    return canvas, bottom


# --- disputed dates ------------------------------------------------------------------------------


def _date_disputes(ds: sovietdata.Dataset) -> list[tuple[Dispute, list[tuple[EDTF, Rank, str]]]]:
    """The disputes whose every value is a date, each value parsed, in date order."""
    found = []
    for dispute in ds.disputes:
        try:
            values = [(parse(v.value), v.rank, dispute_value(v.value)) for v in dispute.values]
        except EDTFError:
            continue
        found.append((dispute, sorted(values, key=lambda v: (v[0].lower(), v[0].upper()))))
    return found


def _disputes(ds: sovietdata.Dataset, layout: str, key: str) -> tuple[_Canvas, float]:
    """One row per disputed date: the question, then its values in date order, each a box.

    The preferred value is solid, a deprecated one hatched, a normal one outlined.
    """
    width, size, _ = LAYOUTS[layout]
    canvas = _Canvas(width, size, LAYOUTS[layout][2])
    hatch = f"sdf-hatch-{key}-{layout}"
    canvas.defs.append(
        f'<pattern id="{hatch}" patternUnits="userSpaceOnUse" width="7" height="7" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="7" class="sdf-hatch"/>'
        f"</pattern>"
    )
    lead = size * 1.3
    height = size + 12
    y = 0.0
    legend_x = 0.0
    for rank in Rank:
        needed = _box(canvas, legend_x, y, str(rank), rank=rank, hatch=hatch, measure=True)
        _box(canvas, legend_x, y, str(rank), rank=rank, hatch=hatch)
        legend_x += needed + 10
    y += height + 14
    label_width = width if layout == "narrow" else 290.0
    box_left = 0.0 if layout == "narrow" else label_width + 20
    for dispute, values in _date_disputes(ds):
        canvas.line(0, y, width, y, "sdf-grid")
        y += 8
        lines = wrap(dispute.question, label_width, size)
        for i, line in enumerate(lines):
            canvas.text(0, y + size + i * lead, line)
        label_bottom = y + len(lines) * lead
        row_y = label_bottom + 4 if layout == "narrow" else y
        x = box_left
        for _, rank, words in values:
            needed = _box(canvas, x, row_y, words, rank=rank, hatch=hatch, measure=True)
            if x > box_left and x + needed > width:
                x, row_y = box_left, row_y + height + 6
            _box(canvas, x, row_y, words, rank=rank, hatch=hatch)
            x += needed + 8
        y = max(label_bottom, row_y + height) + 10
    return canvas, y


def _box(
    canvas: _Canvas,
    x: float,
    y: float,
    words: str,
    *,
    rank: Rank,
    hatch: str,
    measure: bool = False,
) -> float:
    """Draw one value's box (unless ``measure``); its width either way."""
    size = canvas.size
    bold = rank is Rank.PREFERRED
    width = text_width(words, size, bold=bold) + 16
    if measure:
        return width
    height = size + 12
    baseline = y + height / 2 + size * 0.36
    if rank is Rank.PREFERRED:
        canvas.rect(x, y, width, height, "sdf-preferred", rx=3)
        canvas.text(x + 8, baseline, words, "sdf-bgtext", bold=True)
    elif rank is Rank.DEPRECATED:
        canvas.rect(x, y, width, height, "sdf-deprecated", rx=3, fill=f"url(#{hatch})")
        canvas.text(x + 8, baseline, words, "sdf-halo")
    else:
        canvas.rect(x, y, width, height, "sdf-normal", rx=3)
        canvas.text(x + 8, baseline, words)
    return width


# --- words ---------------------------------------------------------------------------------------


def _and(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def describe(kind: str, ds: sovietdata.Dataset, start: int, end: int) -> tuple[str, str]:
    """Alt text and caption for a figure, from the same records it is drawn from.

    Raises:
        ValueError: ``kind`` is not one of :data:`KINDS`.

    """
    flagship: Election | None = ds.flagship()
    if kind == "timeline":
        events = _events(ds, start, end)
        lanes = ", ".join(t.lower() for t in LANE_TITLES.values())
        alt = (
            f"Timeline from {start} to {end} with {len(events)} events, one per row in date order "
            f"and coloured by kind ({lanes}), "
            f"from {events[0].title} ({events[0].date.text()}) to {events[-1].title} "
            f"({events[-1].date.text()})."
        )
        if flagship is not None:
            alt += f" The {ds.lookup(flagship.event, Event).title} is highlighted."
        caption = f"Events from {start} to {end}, drawn from the data."
        return alt, caption
    if kind == "succession":
        parts = []
        for office in _offices(ds):
            holders = "; ".join(
                f"{ds.lookup(t.person, Person).name} ({span(t)})"
                for t in _tenures(ds, office, start, end)
            )
            parts.append(f"{office.title}: {holders}")
        alt = f"Bar chart of who held each office from {start} to {end}. " + ". ".join(parts) + "."
        if flagship is not None:
            alt += f" A dashed line marks {flagship.date.text()}."
        caption = (
            f"The party's leaders and the heads of government, {start}–{end}, drawn from the data."
        )
        return alt, caption
    if kind == "disputes":
        found = _date_disputes(ds)
        sentences = []
        for dispute, values in found:
            by_rank = {rank: [words for _, r, words in values if r is rank] for rank in Rank}
            also = [
                f"{_and(by_rank[rank])} ({rank})"
                for rank in (Rank.NORMAL, Rank.DEPRECATED)
                if by_rank[rank]
            ]
            sentences.append(
                f"{dispute.question} Preferred: {_and(by_rank[Rank.PREFERRED])}; "
                f"also given: {'; '.join(also)}."
            )
        count = sum(len(values) for _, values in found)
        alt = (
            f"{len(found)} disputed dates, one row each, with their {count} values in date order. "
            + " ".join(sentences)
            + " Why each value has its rank is given below the figure."
        )
        caption = (
            f"The {len(found)} dates on which the sources disagree, each with every value they "
            f"give: the preferred value solid, a normal one outlined, a deprecated one hatched."
        )
        return alt, caption
    raise ValueError(f"unknown figure {kind!r}; use one of {', '.join(KINDS)}")


def draw(kind: str, ds: sovietdata.Dataset, start: int, end: int) -> Figure:
    """Lay a figure out, wide and narrow, and describe it.

    Raises:
        ValueError: ``kind`` is not one of :data:`KINDS`, or ``start`` is after ``end``.

    >>> from sovietdata.sphinx.figures import draw
    >>> figure = draw("timeline", sovietdata.dataset(), 1953, 1956)
    >>> sorted(figure.svgs), figure.caption
    (['narrow', 'wide'], 'Events from 1953 to 1956, drawn from the data.')

    """
    if start > end:
        raise ValueError(f"the figure starts in {start}, after it ends in {end}")
    alt, caption = describe(kind, ds, start, end)
    key = hashlib.blake2b(f"{kind}-{start}-{end}".encode(), digest_size=3).hexdigest()
    svgs = {}
    for layout in LAYOUTS:
        if kind == "timeline":
            canvas, height = _timeline(ds, start, end, layout)
        elif kind == "succession":
            canvas, height = _succession(ds, start, end, layout)
        else:
            canvas, height = _disputes(ds, layout, key)
        svgs[layout] = _svg(canvas, height, layout=layout, key=key, title=caption, alt=alt)
    reasons = tuple(d for d, _ in _date_disputes(ds)) if kind == "disputes" else ()
    return Figure(kind, svgs, caption, alt, caption, reasons)


# --- the directive and its node ------------------------------------------------------------------


class svgfigure(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """The SVG renderings of a figure, and the file name of its own SVG (HTML only)."""


def visit_svgfigure_html(translator: SphinxTranslator, node: svgfigure) -> None:
    """Write the figure inline, linked to its own file in ``_images``, which is written here.

    In an e-book (the ``epub`` builder) the figure is that file alone, in the light palette
    (:func:`light`), as an image with the figure's description as its alt text.
    """
    builder = translator.builder
    name = node["name"]
    epub = builder.name == "epub"
    target = Path(builder.outdir) / builder.imagedir / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{id(node)}.tmp")
        tmp.write_text(node["light"] if epub else node["standalone"], encoding="utf-8")
        tmp.replace(target)
    href = posixpath.join(getattr(builder, "imgpath", builder.imagedir), name)
    if epub:
        translator.body.append(  # type: ignore[attr-defined]
            f'<img class="sdf-image" src="{escape(href)}" alt="{escape(node["alt"])}" '
            'style="display:block;margin:0 auto;max-width:100%;max-height:95vh;'
            'width:auto;height:auto" />\n'
        )
        raise nodes.SkipNode
    translator.body.append(  # type: ignore[attr-defined]
        f'<a class="sdf-open" href="{escape(href)}">'
        + "".join(node["svgs"])
        + '<span class="sdf-hint" aria-hidden="true">Open full size</span></a>\n'
    )
    raise nodes.SkipNode


def skip_svgfigure(translator: object, node: svgfigure) -> None:
    """Outside HTML the figure is its caption alone."""
    raise nodes.SkipNode


class DataFigure(DataDirective):
    """A figure drawn from the data as SVG that follows the light and dark modes.

    Its alt text and caption come from the data too (and, for ``disputes``, the reason for
    each value's rank).
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "start": directives.nonnegative_int,
        "end": directives.nonnegative_int,
    }

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"unknown figure {kind!r}; use one of {', '.join(KINDS)}")
        start = self.options.get("start", 1952)
        end = self.options.get("end", 1966)
        try:
            drawn = draw(kind, self.ds, start, end)
        except ValueError as error:
            raise self.error(str(error)) from error
        figure = nodes.figure(classes=["sd-figure", f"sd-figure-{kind}"])
        figure += svgfigure(
            svgs=[drawn.svgs[layout] for layout in LAYOUTS],
            standalone=standalone(drawn),
            light=light(drawn),
            alt=drawn.alt,
            name=drawn.name,
        )
        figure += nodes.caption(drawn.caption, drawn.caption)
        if drawn.reasons:
            figure += nodes.legend("", *self._reasons(drawn.reasons))
        return [figure]

    def _reasons(self, disputes: Sequence[Dispute]) -> Iterator[Node]:
        """Each dispute's values with the reason for its rank, folded under a summary."""
        items = nodes.bullet_list(classes=["sdf-reasons"])
        for dispute in disputes:
            item = nodes.list_item()
            head = nodes.paragraph()
            head += record_ref(self.env.docname, dispute, dispute.question)
            item += head
            values = nodes.bullet_list()
            for value in dispute.values:
                entry = nodes.paragraph()
                entry += nodes.strong("", f"{dispute_value(value.value)} ({value.rank})")
                entry += nodes.Text(f": {value.reason}")
                values += nodes.list_item("", entry)
            item += values
            items += item
        yield nodes.raw("", '<details class="sdf-details"><summary>', format="html")
        yield nodes.inline("", "Why each value has its rank")
        yield nodes.raw("", "</summary>", format="html")
        yield items
        yield nodes.raw("", "</details>", format="html")


def setup(app: Sphinx) -> None:
    """Register the ``datafigure`` directive, its node and the figures' stylesheet."""
    skip = (skip_svgfigure, None)
    app.add_node(
        svgfigure,
        html=(visit_svgfigure_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_directive("datafigure", DataFigure)
    app.add_css_file("figures.css")
