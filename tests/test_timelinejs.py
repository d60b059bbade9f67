"""The TimelineJS export's edge cases, the timeline page's grouping, and the vendored TimelineJS.

TimelineJS refuses a whole timeline for one bad era, and refuses an empty one; the export must
never write either. Its rules are restated here from TimelineJS 3.9.11's source
(``TimelineConfig._processDates`` and ``validate``) rather than taken from the export, and the
browser tests (``test_timeline_browser.py``) check the same data in TimelineJS itself.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

import sovietdata
from sovietdata import Dataset, EventKind, cli, export, text
from sovietdata.edtf import Interval, SingleDate, parse
from sovietdata.export.timelinejs_format import LANE_TITLES, LANES
from sovietdata.sphinx import STATIC
from sovietdata.sphinx.timeline import SCRIPT, STYLESHEET, VENDOR, groups

from .conftest import CITE, MINIMAL, Document

TLDate = dict[str, str]


def load(tmp_path: Path, document: Document) -> Dataset:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return sovietdata.load(path)


def first_day(date: TLDate) -> tuple[int, int, int]:
    """The day TimelineJS puts a date on."""
    return (int(date["year"]), int(date.get("month", 1)), int(date.get("day", 1)))


def timelinejs_keeps(start: TLDate, end: TLDate) -> bool:
    """TimelineJS 3.9.11 drops an end equal to the start in every part the start has."""
    return not all(end.get(part) == value for part, value in start.items())


def assert_timelinejs_takes(tl: dict[str, Any]) -> None:
    """Every era has an end TimelineJS keeps, after its start; so does every slide's end."""
    assert tl["events"], "TimelineJS refuses a timeline without events"
    for item in tl["eras"] + tl["events"]:
        if "end_date" in item or item in tl["eras"]:
            start, end = item["start_date"], item["end_date"]
            assert timelinejs_keeps(start, end), item
            assert first_day(end) > first_day(start), item


def with_events(*dates: str) -> Document:
    doc = copy.deepcopy(MINIMAL)
    for n, date in enumerate(dates):
        doc["event"].append(
            {
                "id": f"e{n}",
                "title": f"Event {n}",
                "date": date,
                "kind": "meeting",
                "summary": "Something.",
                "citations": CITE,
            }
        )
    return doc


def with_tenures(doc: Document, *spans: tuple[str, str | None]) -> Document:
    """The document with the office's tenures replaced by these (start, end or None)."""
    doc["tenure"] = [
        {
            "id": "first-term",
            "person": "first",
            "office": "secretary",
            "start": spans[0][0],
            **({"end": spans[0][1]} if spans[0][1] else {}),
            "citations": CITE,
        }
    ] + [
        {
            "id": f"term-{n}",
            "person": "second",
            "office": "secretary",
            "start": start,
            **({"end": end} if end else {}),
            "citations": CITE,
        }
        for n, (start, end) in enumerate(spans[1:])
    ]
    return doc


# --- eras TimelineJS would refuse ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # A one-day tenure: to the next day.
        ("1953-03-05", "1953-03-05", {"year": "1953", "month": "3", "day": "6"}),
        # The last day of a month and of a year roll over.
        ("1953-12-31", "1953-12-31", {"year": "1954", "month": "1", "day": "1"}),
        # Known to the month, ending inside that month: to the next month.
        ("1955-06", "1955-06-15", {"year": "1955", "month": "7"}),
        ("1955-12", "1955-12", {"year": "1956", "month": "1"}),
        # Known to the year: to the next year.
        ("1955", "1955-06-15", {"year": "1956"}),
        # An end known less closely than the start would be drawn before it: to the end's next
        # unit, the latest it can be.
        ("1953-09-07", "1953", {"year": "1954"}),
        ("1953-09-07", "1953-09", {"year": "1953", "month": "10"}),
        # Ends TimelineJS takes are kept as they are known.
        ("1953-09-07", "1964-10-14", {"year": "1964", "month": "10", "day": "14"}),
        ("1953-09", "1953-10-02", {"year": "1953", "month": "10", "day": "2"}),
        ("1953-09-07", "1954", {"year": "1954"}),
    ],
)
def test_an_era_gets_an_end_timelinejs_keeps(
    tmp_path: Path, start: str, end: str, expected: TLDate
) -> None:
    doc = with_tenures(copy.deepcopy(MINIMAL), ("1950-01-07", "1950-06"), (start, end))
    tl = export.to_timelinejs(load(tmp_path, doc))
    era = tl["eras"][-1]
    assert era["start_date"] == {
        k: str(v)
        for k, v in zip(("year", "month", "day"), map(int, start.split("-")), strict=False)
    }
    assert era["end_date"] == expected
    assert_timelinejs_takes(tl)


def test_an_open_tenure_starting_on_the_last_events_day(tmp_path: Path) -> None:
    # Still in office: the era runs to the last date in the data, which is its start.
    doc = with_tenures(
        with_events("1953-09-07"), ("1950-01-07", "1953-09-07"), ("1953-09-07", None)
    )
    tl = export.to_timelinejs(load(tmp_path, doc))
    assert tl["eras"][-1]["start_date"] == {"year": "1953", "month": "9", "day": "7"}
    assert tl["eras"][-1]["end_date"] == {"year": "1953", "month": "9", "day": "8"}
    assert_timelinejs_takes(tl)


def test_the_shipped_data_gives_a_timeline_timelinejs_takes() -> None:
    ds = sovietdata.dataset()
    assert_timelinejs_takes(export.to_timelinejs(ds))
    assert_timelinejs_takes(export.to_timelinejs(ds, groups=groups()))


# --- every date precision, at both ends of a span --------------------------------------------

SINGLES = ["1953", "1953-09", "1953-09-07", "1953?", "1953-09~", "1953-09-07%"]
STARTS = [*SINGLES, "..", ""]
ENDS = ["1956", "1956-02", "1956-02-25", "1956?", "1956-02~", "1956-02-25%", "..", ""]
# Ends inside the start's own month or year, or known less closely than a start on that day.
CLOSE = [
    "1953-09/1953-09-07",
    "1953/1953-09",
    "1953-09-07/1953-09",
    "1953-09-07/1953",
    "1953-09-07?/1953-09-07",
    "1953-09~/1953-09",
]
SPANS = [f"{s}/{e}" for s in STARTS for e in ENDS if (s, e) not in {("", ""), ("..", "..")}]
SPANS = [span for span in SPANS if span not in {"../", "/..", "../..", "/"}] + CLOSE


def parts(date: SingleDate) -> TLDate:
    known = {"year": date.year, "month": date.month, "day": date.day}
    return {k: str(v) for k, v in known.items() if v is not None}


@pytest.mark.parametrize("written", SINGLES + SPANS)
def test_every_date_precision_at_both_ends(tmp_path: Path, written: str) -> None:
    tl = export.to_timelinejs(load(tmp_path, with_events(written)))
    (slide,) = [s for s in tl["events"] if s["unique_id"] == "e0"]
    date = parse(written)
    vague = False
    if isinstance(date, SingleDate):
        assert slide["start_date"] == parts(date)
        assert "end_date" not in slide
        vague = date.uncertain or date.approximate
    else:
        assert isinstance(date, Interval)
        start, end = date.start, date.end
        known = start or end
        assert known is not None
        # The first known end is the start, with only the parts it is known to.
        assert slide["start_date"] == parts(known)
        if start is None or end is None:
            assert "end_date" not in slide
            vague = True
        else:
            vague = any(d.uncertain or d.approximate for d in (start, end))
            if timelinejs_keeps(parts(start), parts(end)) and first_day(parts(end)) > first_day(
                parts(start)
            ):
                assert slide["end_date"] == parts(end)
            else:
                # Moved to an end TimelineJS takes: the date is then given in words.
                assert slide["end_date"] != parts(end)
                vague = True
    if vague:
        assert slide["display_date"] == text.date(date)
    else:
        assert "display_date" not in slide
    assert_timelinejs_takes(tl)


def test_the_spans_cover_every_form() -> None:
    forms = {"..": "open", "": "unknown"}
    seen = {
        (side, forms.get(value, "known"))
        for span in SPANS
        for side, value in zip(("start", "end"), span.split("/"), strict=True)
    }
    assert seen == {(s, f) for s in ("start", "end") for f in ("open", "unknown", "known")}
    for side in (0, 1):
        qualifiers = {span.split("/")[side][-1:] for span in SPANS}
        assert {"?", "~", "%"} <= qualifiers
        lengths = {len(span.split("/")[side].rstrip("?~%")) for span in SPANS}
        assert {4, 7, 10} <= lengths


# --- the title, groups and an empty dataset ---------------------------------------------------


def without_elections(doc: Document) -> Document:
    return {k: v for k, v in doc.items() if k not in ("election", "dispute", "claim", "correction")}


@pytest.mark.parametrize(("extra", "words"), [(0, "1 event."), (1, "2 events."), (2, "3 events.")])
def test_the_title_counts_events(tmp_path: Path, extra: int, words: str) -> None:
    doc = without_elections(with_events(*["1953"] * extra))
    tl = export.to_timelinejs(load(tmp_path, doc))
    assert tl["title"]["text"] == {"headline": "Timeline", "text": f"<p>{words}</p>"}


def no_events(tmp_path: Path) -> Path:
    doc = {k: copy.deepcopy(v) for k, v in MINIMAL.items() if k in ("source", "person", "body")}
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_an_empty_dataset_raises(tmp_path: Path) -> None:
    ds = sovietdata.load(no_events(tmp_path))
    with pytest.raises(ValueError, match=r"^the data has no events, and TimelineJS refuses"):
        export.to_timelinejs(ds)


@pytest.mark.parametrize("to_file", [False, True])
def test_the_command_refuses_an_empty_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to_file: bool
) -> None:
    target = tmp_path / "out.json"
    argv = ["--data", str(no_events(tmp_path)), "export", "--format", "timelinejs"]
    code = cli.main(argv + (["-o", str(target)] if to_file else []))
    captured = capsys.readouterr()
    assert code == cli.EXIT_DATA == 1
    assert captured.out == ""
    assert captured.err == (
        "sovietdata: error: the data has no events, and TimelineJS refuses a timeline "
        "without one: nothing written\n"
    )
    assert not target.exists()
    # The other formats write an empty dataset as it is.
    assert cli.main(["--data", str(no_events(tmp_path)), "export", "--format", "json"]) == 0


def test_the_page_groups_slides_as_the_timeline_figure() -> None:
    mapping = groups()
    assert set(mapping) == set(EventKind)
    assert mapping == {kind: LANE_TITLES[LANES[kind]] for kind in EventKind}
    ds = sovietdata.dataset()
    tl = export.to_timelinejs(ds, groups=mapping)
    assert len({kind.value for kind in EventKind}) > 10
    assert {s["group"] for s in tl["events"]} == set(LANE_TITLES.values())
    # The export groups them so by default, on the command line too; a kind a group is asked.
    assert export.to_timelinejs(ds) == tl
    per_kind = export.to_timelinejs(ds, groups={kind: kind.value for kind in EventKind})
    assert {s["group"] for s in per_kind["events"]} == {e.kind.value for e in ds.events}


def test_groups_must_cover_every_kind_of_event() -> None:
    ds = sovietdata.dataset()
    partial: dict[EventKind, str] = {k: v for k, v in groups().items() if k != EventKind.PLENUM}
    with pytest.raises(ValueError, match=r"^groups gives no group for events of kind plenum$"):
        export.to_timelinejs(ds, groups=partial)


# --- the vendored TimelineJS -------------------------------------------------------------------

FOLDER = STATIC / VENDOR


def test_the_vendored_files_are_those_source_txt_names() -> None:
    source = (FOLDER / "SOURCE.txt").read_text("utf-8")
    found = re.findall(r"^  ([0-9a-f]{64})  (\S+)$", source, re.M)
    listed = {path: digest for digest, path in found}
    assert listed, "SOURCE.txt lists no files"
    files = {p.relative_to(FOLDER).as_posix() for p in FOLDER.rglob("*") if p.is_file()}
    on_disk = files - {"SOURCE.txt"}
    assert on_disk == set(listed)
    for path, digest in listed.items():
        assert hashlib.sha256((FOLDER / path).read_bytes()).hexdigest() == digest, path
    assert "Version:   3.9.11" in source
    assert re.search(r"^Integrity: sha512-[A-Za-z0-9+/]{86}==$", source, re.M)
    assert "Licence:   MPL-2.0" in source
    assert (FOLDER / "LICENSE").read_text("utf-8").startswith("Mozilla Public License, version 2.0")


def test_the_stylesheet_finds_its_icon_font() -> None:
    css = (STATIC / STYLESHEET).read_text("utf-8")
    # The first font file the stylesheet names in a format Chromium, Firefox and Safari read.
    urls = re.findall(r"url\(([^)]+)\) format\('(\w+)'\)", css)
    first = next(url for url, kind in urls if kind in {"truetype", "woff2", "woff"})
    resolved = (STATIC / STYLESHEET).parent / first.split("#")[0]
    assert resolved.resolve().is_file(), first
    assert (STATIC / SCRIPT).is_file()
