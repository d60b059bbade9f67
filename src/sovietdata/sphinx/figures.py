"""Figures drawn with matplotlib from the data: a timeline and the succession, and ``datafigure``.

Each figure is drawn twice, for the light and the dark theme, and comes with alt text and a
caption written from the same records, so the picture and its description cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import msgspec
from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

import sovietdata
from sovietdata import Election, Event, EventKind, Office, Person, Tenure
from sovietdata.sphinx.pages import DataDirective
from sovietdata.text import short_name

KINDS = ("timeline", "succession")

#: Colours per theme: background, text, grid, and the accents for each lane or bar.
PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "bg": "#ffffff",
        "fg": "#1a1a1a",
        "grid": "#c8c8c8",
        "party": "#1f4e99",
        "state": "#8a3b12",
        "world": "#2e6b30",
        "flagship": "#b3001b",
    },
    "dark": {
        "bg": "#14181e",
        "fg": "#ececec",
        "grid": "#4a5058",
        "party": "#8fb8ff",
        "state": "#ffb38a",
        "world": "#9be09e",
        "flagship": "#ff7a8a",
    },
}

#: Which lane of the timeline each kind of event goes in.
LANES: dict[EventKind, str] = {
    EventKind.CONGRESS: "party",
    EventKind.PLENUM: "party",
    EventKind.MEETING: "party",
    EventKind.RESIGNATION: "state",
    EventKind.APPOINTMENT: "state",
    EventKind.DEATH: "state",
    EventKind.ARREST: "state",
    EventKind.EXECUTION: "state",
    EventKind.OUSTER: "party",
    EventKind.SPEECH: "party",
    EventKind.POLICY: "world",
    EventKind.REFORM: "world",
    EventKind.CRISIS: "world",
    EventKind.SPACEFLIGHT: "world",
    EventKind.PUBLICATION: "world",
}
LANE_TITLES = {"party": "Party", "state": "State and leaders", "world": "Policy and the world"}


@dataclass(frozen=True)
class Drawn:
    """A drawn figure: one PNG per theme, its alt text and its caption."""

    paths: dict[str, Path]
    alt: str
    caption: str


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def _save(fig: object, path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - only when a figure is drawn
    from matplotlib.figure import Figure  # noqa: PLC0415 - only when a figure is drawn

    assert isinstance(fig, Figure)
    FigureCanvasAgg(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(tmp, dpi=110, metadata={"Software": None})
    tmp.replace(path)


def _events(ds: sovietdata.Dataset, start: int, end: int) -> list[Event]:
    # The events only: the election is drawn as the session it took place at, highlighted.
    return [e for e in ds.events if start <= e.date.lower().year <= end]


def timeline(ds: sovietdata.Dataset, start: int, end: int, mode: str, path: Path) -> None:
    """Every event from ``start`` to ``end``, a row each in date order; the flagship stands out."""
    from matplotlib.figure import Figure  # noqa: PLC0415 - only when a figure is drawn
    from matplotlib.lines import Line2D  # noqa: PLC0415 - only when a figure is drawn

    colours = PALETTES[mode]
    events = _events(ds, start, end)
    flagship = ds.flagship()
    # Each event is a row: its name and date in a column on the left, its span on the time axis.
    labels = [
        textwrap.fill(f"{e.title} ({e.date.text()})", width=46, break_on_hyphens=False)
        for e in events
    ]
    lines = [label.count("\n") + 1 for label in labels]
    row_height = 0.16  # inches per line of label
    fig = Figure(
        figsize=(7.6, row_height * (sum(lines) + len(events) * 0.6) + 1.2),
        facecolor=colours["bg"],
        layout="constrained",
    )
    ax = fig.add_subplot()
    ax.set_facecolor(colours["bg"])
    ys: list[float] = []
    y = 0.0
    for event, height in zip(events, lines, strict=True):
        y -= (height + 0.6) / 2
        ys.append(y)
        is_flagship = flagship is not None and flagship.event == event.id
        x0 = _year_fraction(event.date.lower())
        x1 = _year_fraction(event.date.upper() + dt.timedelta(days=1))
        colour = colours["flagship"] if is_flagship else colours[LANES[event.kind]]
        if x1 - x0 < 0.15:  # a day or a few: a dot, which a bar that short could not show
            ax.plot([x0], [y], marker="o", markersize=6, color=colour, linestyle="none")
        else:
            ax.plot([x0, x1], [y, y], color=colour, linewidth=7, solid_capstyle="butt")
        y -= (height + 0.6) / 2
    ax.set_yticks(ys, labels, fontsize=8)
    for tick, event in zip(ax.get_yticklabels(), events, strict=True):
        is_flagship = flagship is not None and flagship.event == event.id
        tick.set_color(colours["flagship"] if is_flagship else colours["fg"])
        tick.set_fontweight("bold" if is_flagship else "normal")
    ax.tick_params(axis="y", length=0)
    handles = [
        Line2D([], [], color=colours[lane], linewidth=7, label=title)
        for lane, title in LANE_TITLES.items()
    ]
    if flagship is not None:
        handles.append(Line2D([], [], color=colours["flagship"], linewidth=7, label="The election"))
    legend = ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=2,
        fontsize=8.5,
        frameon=False,
        labelcolor=colours["fg"],
    )
    legend.set_zorder(0)
    ax.set_xlim(start, end + 1)
    ax.set_ylim(y, 0.0)
    ax.set_xticks(range(start, end + 2, 2))
    _style(ax, colours)
    ax.spines["left"].set_visible(False)
    _save(fig, path)


def succession(ds: sovietdata.Dataset, start: int, end: int, mode: str, path: Path) -> None:
    """The holders of the party's top office and of the premiership, as bars over the years."""
    from matplotlib.figure import Figure  # noqa: PLC0415 - only when a figure is drawn

    colours = PALETTES[mode]
    offices = _offices(ds)
    fig = Figure(figsize=(7.6, 2.7), facecolor=colours["bg"], layout="constrained")
    ax = fig.add_subplot()
    ax.set_facecolor(colours["bg"])
    for row, office in enumerate(offices):
        y = len(offices) - 1 - row
        for i, tenure in enumerate(_tenures(ds, office, start, end)):
            x0 = max(_year_fraction(tenure.start.lower()), start)
            x1 = min(_year_fraction(tenure.end.upper()) if tenure.end else end + 1, end + 1)
            colour = colours["party" if row == 0 else "state"]
            ax.barh(y, x1 - x0, left=x0, height=0.55, color=colour, alpha=0.9 if i % 2 else 0.65)
            person = ds.lookup(tenure.person, Person)
            ax.text(
                (x0 + x1) / 2,
                y,
                short_name(person),
                ha="center",
                va="center",
                fontsize=8.5,
                color=colours["bg"],
                fontweight="bold",
            )
    flagship = ds.flagship()
    if flagship is not None:
        x = _year_fraction(flagship.date.lower())
        ax.axvline(x, color=colours["flagship"], linewidth=1.6, linestyle="--")
        ax.text(
            x, len(offices) - 0.45, f" {flagship.date.text()}", color=colours["fg"], fontsize=8.5
        )
    ax.set_yticks(range(len(offices)), [_office_label(o) for o in reversed(offices)])
    ax.set_xlim(start, end + 1)
    ax.set_ylim(-0.6, len(offices) - 0.2)
    ax.set_xticks(range(start, end + 2, 2))
    _style(ax, colours)
    _save(fig, path)


def _offices(ds: sovietdata.Dataset) -> list[Office]:
    flagship = ds.flagship()
    first = ds.lookup(flagship.office, Office) if flagship else ds.offices[0]
    return [
        first,
        *[o for o in ds.offices if o is not first and o.id == "chairman-council-of-ministers"],
    ]


def _office_label(office: Office) -> str:
    return office.title.split(" of the ", 1)[0]


def _tenures(ds: sovietdata.Dataset, office: Office, start: int, end: int) -> list[Tenure]:
    return [
        t
        for t in ds.tenures_of(office.id)
        if (t.end is None or t.end.upper().year >= start) and t.start.lower().year <= end
    ]


def _style(ax: object, colours: dict[str, str]) -> None:
    from matplotlib.axes import Axes  # noqa: PLC0415 - only when a figure is drawn

    assert isinstance(ax, Axes)
    ax.tick_params(colors=colours["fg"], labelsize=9)
    for spine in ax.spines.values():
        spine.set_color(colours["grid"])
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color=colours["grid"], linewidth=0.5)
    ax.set_axisbelow(True)


def describe(kind: str, ds: sovietdata.Dataset, start: int, end: int) -> tuple[str, str]:
    """Alt text and caption for a figure, from the same records it is drawn from."""
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
    parts = []
    for office in _offices(ds):
        holders = "; ".join(
            f"{ds.lookup(t.person, Person).name} "
            f"({t.start.text()} to {t.end.text() if t.end else 'after the period'})"
            for t in _tenures(ds, office, start, end)
        )
        parts.append(f"{_office_label(office)}: {holders}")
    alt = f"Bar chart of who held each office from {start} to {end}. " + ". ".join(parts) + "."
    if flagship is not None:
        alt += f" A dashed line marks {flagship.date.text()}."
    caption = (
        f"The party's leaders and the heads of government, {start}–{end}, drawn from the data."
    )
    return alt, caption


def draw(kind: str, ds: sovietdata.Dataset, start: int, end: int, outdir: Path) -> Drawn:
    """Draw a figure in both themes into ``outdir`` and describe it."""
    alt, caption = describe(kind, ds, start, end)
    drawer = timeline if kind == "timeline" else succession
    # The name changes when the records drawn or this module change: a figure is never stale.
    digest = hashlib.blake2b(digest_size=6)
    for part in (
        kind,
        str(start),
        str(end),
        msgspec.json.encode((ds.events, ds.tenures), enc_hook=str).decode(),
        Path(__file__).read_text(),
    ):
        digest.update(part.encode() + b"\0")
    key = digest.hexdigest()
    paths: dict[str, Path] = {}
    for mode in PALETTES:
        path = outdir / f"{kind}-{start}-{end}-{mode}-{key}.png"
        if not path.exists():
            drawer(ds, start, end, mode, path)
        paths[mode] = path
    return Drawn(paths, alt, caption)


class DataFigure(DataDirective):
    """A figure drawn from the data, in a light and a dark version, with alt text from the data."""

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
        outdir = Path(self.env.doctreedir) / "sovietdata-figures"
        drawn = draw(kind, self.ds, start, end, outdir)
        figure = nodes.figure(classes=["sd-figure"])
        for mode, path in drawn.paths.items():
            rel = "/" + Path(os.path.relpath(path, self.env.srcdir)).as_posix()
            image = nodes.image(
                rel, uri=rel, alt=drawn.alt, classes=[f"only-{mode}", "sd-figure-img"]
            )
            figure += image
            self.env.note_dependency(str(path))
        figure += nodes.caption(drawn.caption, drawn.caption)
        return [figure]


def setup(app: Sphinx) -> None:
    """Register the ``datafigure`` directive."""
    app.add_directive("datafigure", DataFigure)
