"""The ``timelinejs`` format: the events as the JSON that Knight Lab's TimelineJS3 reads.

Named ``timelinejs_format``, like the other format modules, so that no module of
the package shares a name with the standard library or with a function it exports.

TimelineJS refuses some inputs whole, and the export never writes them:

- a timeline without events (:func:`to_timelinejs` raises :class:`ValueError`);
- an era whose end it takes for its start: it drops an end that agrees with the start
  in every part the start gives (``1955-06`` and ``1955-06-15``), and an era without an
  end stops the timeline. Such an era, and one whose end it would draw before its start,
  runs instead to the first day after both its start and its end as they are known (a
  one-day tenure to the next day, one known to the month to the next month).

A slide's end that TimelineJS would drop or draw before its start is treated the same
way, and the slide then shows its date in words.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

from sovietdata import Dataset, text
from sovietdata.edtf import EDTF, Interval, SingleDate
from sovietdata.export.shared import Json, dumps
from sovietdata.models import Event, EventKind, Person

__all__ = ["GROUPS", "LANES", "LANE_TITLES", "render", "to_timelinejs"]

#: A date as TimelineJS reads it: ``year``, and ``month`` and ``day`` when known.
TLDate = dict[str, str]


def _tl_date(date: SingleDate) -> TLDate:
    """A TimelineJS date object with only the parts the date is known to."""
    out = {"year": str(date.year)}
    if date.month is not None:
        out["month"] = str(date.month)
    if date.day is not None:
        out["day"] = str(date.day)
    return out


def _first_day(date: TLDate) -> tuple[int, int, int]:
    """The day TimelineJS puts a date on: its first day."""
    return (int(date["year"]), int(date.get("month", 1)), int(date.get("day", 1)))


def _after(date: SingleDate) -> TLDate:
    """The first day after ``date`` at its own precision: the next day, month or year."""
    if date.day is not None:
        assert date.month is not None
        following = dt.date(date.year, date.month, date.day) + dt.timedelta(days=1)
        return {
            "year": str(following.year),
            "month": str(following.month),
            "day": str(following.day),
        }
    if date.month is not None:
        year, month = divmod(date.year * 12 + date.month, 12)
        return {"year": str(year), "month": str(month + 1)}
    return {"year": str(date.year + 1)}


def _takes(start: TLDate, end: TLDate) -> bool:
    """Whether TimelineJS keeps ``end`` as an end after ``start``.

    It drops an end equal to the start in every part the start has, and draws an end
    on an earlier first day backwards.
    """
    dropped = all(end.get(part) == value for part, value in start.items())
    return not dropped and _first_day(end) > _first_day(start)


def _end(start: SingleDate, end: SingleDate) -> tuple[TLDate, bool]:
    """The end TimelineJS is given for a span, and whether it differs from ``end`` as known."""
    first, last = _tl_date(start), _tl_date(end)
    if _takes(first, last):
        return last, False
    return max(_after(start), _after(end), key=_first_day), True


def _vague(date: EDTF) -> bool:
    """Whether a date needs its own wording: uncertain, approximate or open-ended."""
    if isinstance(date, SingleDate):
        return date.uncertain or date.approximate
    assert isinstance(date, Interval)
    ends = (date.start, date.end)
    return None in ends or any(d is not None and (d.uncertain or d.approximate) for d in ends)


def _paragraphs(*texts: str | None) -> str:
    return "".join(f"<p>{html.escape(t, quote=False)}</p>" for t in texts if t)


def _slide(ds: Dataset, e: Event, group: str) -> Json:
    date = e.date
    slide: Json = {}
    moved = False
    if isinstance(date, SingleDate):
        slide["start_date"] = _tl_date(date)
    else:
        assert isinstance(date, Interval)
        first = date.start or date.end
        assert first is not None
        slide["start_date"] = _tl_date(first)
        if date.start is not None and date.end is not None:
            slide["end_date"], moved = _end(date.start, date.end)
    if moved or _vague(date):
        slide["display_date"] = text.date(date)
    sources = "; ".join(dict.fromkeys(s.title for s in ds.sources_of(e)))
    slide["text"] = {
        "headline": html.escape(e.title, quote=False),
        "text": _paragraphs(e.summary, e.place, f"Sources: {sources}"),
    }
    slide["group"] = group
    slide["unique_id"] = e.id
    return slide


def _last_date(ds: Dataset) -> SingleDate | None:
    ends: list[SingleDate] = []
    for e in ds.events:
        if isinstance(e.date, SingleDate):
            ends.append(e.date)
        else:
            assert isinstance(e.date, Interval)
            ends += (d for d in (e.date.start, e.date.end) if d is not None)
    return max(ends, key=lambda d: d.sort_key(), default=None)


#: The lane each kind of event belongs to: the party's own business, the state and its
#: leaders, and policy and the world. The book's timeline figure draws one lane each, and the
#: TimelineJS export groups its slides the same way by default.
LANES: Mapping[EventKind, str] = {
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
#: Each lane's title, in the order the figure draws them.
LANE_TITLES: Mapping[str, str] = {
    "party": "Party",
    "state": "State and leaders",
    "world": "Policy and the world",
}
#: The slide groups the export gives by default: each kind of event in its lane's group.
GROUPS: Mapping[EventKind, str] = {kind: LANE_TITLES[lane] for kind, lane in LANES.items()}


def to_timelinejs(
    ds: Dataset, *, office: str | None = None, groups: Mapping[EventKind, str] | None = None
) -> Json:
    """The events as the JSON that Knight Lab's TimelineJS3 reads.

    A title slide, then each event as a slide. A date has a month or a day only
    when it is known to one, never a made-up one; an uncertain, approximate or
    open-ended date also gets its wording as ``display_date``. The holders of
    ``office`` (by default the office of the flagship election, or else of the
    first election) become eras. TimelineJS refuses a whole timeline for an era
    whose end it takes for its start (one equal to the start in every part the
    start gives, as a one-day tenure's); such an era, or one whose end it would
    draw before its start, runs to the first day after both its start and its
    end as known (the next day, month or year). A slide's end is treated the same
    way, and the slide then gives its date in words. The format is described at
    `timeline.knightlab.com <https://timeline.knightlab.com/>`_.

    ``groups`` gives the group each kind of event is shown in, by its name; by
    default :data:`GROUPS`, the three lanes of the book's timeline figure.
    TimelineJS gives every group a row, so a few groups leave the slides more
    room than one per kind (``{kind: kind.value for kind in EventKind}``).

    Raises:
        ValueError: the dataset has no events (TimelineJS refuses a timeline
            without one), or ``groups`` leaves out a kind of event the data has.

    >>> import sovietdata
    >>> tl = export.to_timelinejs(sovietdata.dataset())
    >>> [era["start_date"] for era in tl["eras"] if era["text"]["headline"] == "Nikita Khrushchev"]
    [{'year': '1953', 'month': '9', 'day': '7'}]

    """
    if not ds.events:
        raise ValueError("the data has no events, and TimelineJS refuses a timeline without one")
    group_of: Mapping[EventKind, str] = GROUPS if groups is None else groups
    missing = sorted({e.kind.value for e in ds.events if e.kind not in group_of})
    if missing:
        raise ValueError(f"groups gives no group for events of kind {', '.join(missing)}")
    flagship = ds.flagship()
    if office is None and flagship is not None:
        office = flagship.office
    if flagship is not None:
        headline = text.display(ds, flagship)
        body = _paragraphs(f"{text.date(flagship.date)}. {flagship.significance}")
    else:
        count = len(ds.events)
        headline = "Timeline"
        body = _paragraphs(f"{count} event{'s' if count != 1 else ''}.")
    eras = []
    last = _last_date(ds)
    for tenure in ds.tenures_of(office) if office else ():
        end = tenure.end or last or tenure.start
        eras.append(
            {
                "start_date": _tl_date(tenure.start),
                "end_date": _end(tenure.start, end)[0],
                "text": {
                    "headline": html.escape(ds.lookup(tenure.person, Person).name, quote=False)
                },
            }
        )
    return {
        "title": {"text": {"headline": html.escape(headline, quote=False), "text": body}},
        "events": [_slide(ds, e, group_of[e.kind]) for e in ds.events],
        "eras": eras,
    }


def render(ds: Dataset) -> str:
    """:func:`to_timelinejs` as text: what ``sovietdata export --format timelinejs`` writes.

    Raises:
        ValueError: the dataset has no events.

    """
    return dumps(to_timelinejs(ds))
