"""The ``timelinejs`` format: the events as the JSON that Knight Lab's TimelineJS3 reads.

Named ``timelinejs_format``, like the other format modules, so that no module of
the package shares a name with the standard library or with a function it exports.
"""

from __future__ import annotations

import html

from sovietdata import Dataset, text
from sovietdata.edtf import EDTF, Interval, SingleDate
from sovietdata.export.shared import Json, dumps
from sovietdata.models import Event, Person

__all__ = ["render", "to_timelinejs"]


def _tl_date(date: SingleDate) -> dict[str, str]:
    """A TimelineJS date object with only the parts the date is known to."""
    out = {"year": str(date.year)}
    if date.month is not None:
        out["month"] = str(date.month)
    if date.day is not None:
        out["day"] = str(date.day)
    return out


def _vague(date: EDTF) -> bool:
    """Whether a date needs its own wording: uncertain, approximate or open-ended."""
    if isinstance(date, SingleDate):
        return date.uncertain or date.approximate
    assert isinstance(date, Interval)
    ends = (date.start, date.end)
    return None in ends or any(d is not None and (d.uncertain or d.approximate) for d in ends)


def _paragraphs(*texts: str | None) -> str:
    return "".join(f"<p>{html.escape(t, quote=False)}</p>" for t in texts if t)


def _slide(ds: Dataset, e: Event) -> Json:
    date = e.date
    slide: Json = {}
    if isinstance(date, SingleDate):
        slide["start_date"] = _tl_date(date)
    else:
        assert isinstance(date, Interval)
        first = date.start or date.end
        assert first is not None
        slide["start_date"] = _tl_date(first)
        if date.start is not None and date.end is not None:
            slide["end_date"] = _tl_date(date.end)
    if _vague(date):
        slide["display_date"] = text.date(date)
    sources = "; ".join(dict.fromkeys(s.title for s in ds.sources_of(e)))
    slide["text"] = {
        "headline": html.escape(e.title, quote=False),
        "text": _paragraphs(e.summary, e.place, f"Sources: {sources}"),
    }
    slide["group"] = e.kind.value
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


def to_timelinejs(ds: Dataset, *, office: str | None = None) -> Json:
    """The events as the JSON that Knight Lab's TimelineJS3 reads.

    A title slide, then each event as a slide grouped by its kind. A date has a
    month or a day only when it is known to one, never a made-up one; an
    uncertain, approximate or open-ended date also gets its wording as
    ``display_date``. The holders of ``office`` (by default the office of the
    flagship election, or else of the first election) become eras. The format
    is described at `timeline.knightlab.com <https://timeline.knightlab.com/>`_.

    >>> import sovietdata
    >>> tl = export.to_timelinejs(sovietdata.dataset())
    >>> [era["start_date"] for era in tl["eras"] if era["text"]["headline"] == "Nikita Khrushchev"]
    [{'year': '1953', 'month': '9', 'day': '7'}]
    """
    flagship = ds.flagship()
    if office is None and flagship is not None:
        office = flagship.office
    if flagship is not None:
        headline = text.display(ds, flagship)
        body = _paragraphs(f"{text.date(flagship.date)}. {flagship.significance}")
    else:
        headline = "Timeline"
        body = _paragraphs(f"{len(ds.events)} events.")
    eras = []
    last = _last_date(ds)
    for tenure in ds.tenures_of(office) if office else ():
        end = tenure.end or last or tenure.start
        eras.append(
            {
                "start_date": _tl_date(tenure.start),
                "end_date": _tl_date(max(end, tenure.start, key=lambda d: d.sort_key())),
                "text": {
                    "headline": html.escape(ds.lookup(tenure.person, Person).name, quote=False)
                },
            }
        )
    return {
        "title": {"text": {"headline": html.escape(headline, quote=False), "text": body}},
        "events": [_slide(ds, e) for e in ds.events],
        "eras": eras,
    }


def render(ds: Dataset) -> str:
    """:func:`to_timelinejs` as text: what ``sovietdata export --format timelinejs`` writes."""
    return dumps(to_timelinejs(ds))
