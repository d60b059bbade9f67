"""The export formats: JSON round trip, JSON-LD (expanded offline), CSV, TimelineJS, schema."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import os
import re
from collections.abc import Callable
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pyld import jsonld

import sovietdata
from sovietdata import Dataset, Verdict, export, models
from sovietdata._loader import SECTIONS, citations_in
from sovietdata.edtf import parse, parse_single
from sovietdata.sphinx.markup import record_anchor

from .conftest import CITE, MINIMAL, Document

SCHEMA = "http://schema.org/"


def load_doc(tmp_path: Path, document: Document, name: str = "data.json") -> Dataset:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return sovietdata.load(path)


@pytest.fixture
def small(tmp_path: Path) -> Dataset:
    return load_doc(tmp_path, MINIMAL)


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return sovietdata.dataset()


def by_id(graph: list[dict[str, Any]], record_id: str) -> dict[str, Any]:
    wanted = export.ID_PREFIX + record_id
    found = [node for node in graph if node["@id"] == wanted]
    assert len(found) == 1, record_id
    return found[0]


def leftovers(folder: Path) -> list[str]:
    """Scratch files or directories left behind by a writer."""
    return sorted(p.name for p in folder.rglob("*.tmp"))


# --- JSON -----------------------------------------------------------------------------------


def test_json_is_to_builtins_encoded(small: Dataset) -> None:
    text = export.to_json(small)
    assert json.loads(text) == json.loads(json.dumps(small.to_builtins()))
    assert text.endswith("\n")


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_json_round_trip(which: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    ds: Dataset = request.getfixturevalue(which)
    path = tmp_path / "export.json"
    path.write_text(export.to_json(ds), encoding="utf-8")
    again = sovietdata.load(path)
    assert again == ds
    assert len(again) == len(ds)


def test_json_round_trip_keeps_cyrillic_and_qualified_dates(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["person"][1]["born"] = "1905-03~"
    ds = load_doc(tmp_path, doc)
    text = export.to_json(ds)
    assert "Иван Петров" in text
    assert '"1905-03~"' in text
    path = tmp_path / "again.json"
    path.write_text(text, encoding="utf-8")
    assert sovietdata.load(path) == ds


def test_round_trip_notices_a_change(small: Dataset, tmp_path: Path) -> None:
    # The round-trip comparison is not vacuous: a changed field makes the datasets differ.
    doc = json.loads(export.to_json(small))
    doc["person"][0]["name"] = "Someone Else"
    assert load_doc(tmp_path, doc, "changed.json") != small


# --- JSON-LD --------------------------------------------------------------------------------


def offline(url: str, options: object = None) -> Any:
    raise AssertionError(f"JSON-LD processing tried to fetch {url}")


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    # The loader goes in the options only, so pyld's global loader is left alone.
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": offline})
    return expanded


def test_offline_loader_refuses_remote_contexts() -> None:
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://schema.org/", "name": "x"})


def test_context_is_the_shipped_file() -> None:
    shipped = json.loads(files("sovietdata").joinpath("context.jsonld").read_text("utf-8"))
    assert export.jsonld_context() == shipped["@context"]
    assert export.jsonld_context()["@vocab"] == SCHEMA


def types_of(expanded: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            found.update(value.get("@type", []))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(expanded)
    return found


def test_jsonld_of_shipped_data_expands_offline(shipped: Dataset) -> None:
    document = export.to_jsonld(shipped)
    assert isinstance(document["@context"], dict)
    expanded = expand(document)
    types = types_of(expanded)
    for kind in ("Person", "Event", "Organization", "OrganizationRole", "ClaimReview"):
        assert SCHEMA + kind in types
    assert types & {SCHEMA + k for k in ("Book", "Article", "WebPage", "CreativeWork")}
    khrushchev = next(n for n in expanded if n["@id"] == "urn:sovietdata:khrushchev")
    qid = shipped.lookup("khrushchev", sovietdata.Person).wikidata
    assert khrushchev[SCHEMA + "sameAs"] == [{"@id": f"http://www.wikidata.org/entity/{qid}"}]
    assert khrushchev["@type"] == [SCHEMA + "Person"]


def test_jsonld_nodes_of_a_small_dataset(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    first = doc["person"][0]
    first.update(wikidata="Q42", born="1900-01-15?", born_place="Tver", full_name="Ivan I. Petrov")
    doc["claim"][0]["quote"] = "elected at a congress"
    doc["claim"][0]["correction"] = "Say plenum."
    ds = load_doc(tmp_path, doc)
    graph = export.to_jsonld(ds)["@graph"]

    person = by_id(graph, "first")
    assert person["@type"] == "Person"
    assert person["name"] == "Ivan Petrov"
    assert person["alternateName"][0] == {"@value": "Иван Петров", "@language": "ru"}
    assert person["birthDate"] == "1900-01-15"  # the EDTF "?" is dropped
    assert person["deathDate"] == "1970"  # known to the year only
    assert person["birthPlace"] == {"@type": "Place", "name": "Tver"}
    assert person["sameAs"] == "http://www.wikidata.org/entity/Q42"
    assert person["subjectOf"] == [{"@id": "urn:sovietdata:book"}]
    assert "deathPlace" not in by_id(graph, "second")

    body = by_id(graph, "committee")
    assert body["@type"] == "Organization"
    roles = body["member"]
    assert [r["@id"] for r in roles] == ["urn:sovietdata:first-term", "urn:sovietdata:second-term"]
    assert roles[0] == {
        "@id": "urn:sovietdata:first-term",
        "@type": "OrganizationRole",
        "roleName": "Secretary",
        "startDate": "1950-01-07",
        "endDate": "1955-06",
        "member": {"@id": "urn:sovietdata:first"},
    }
    assert "endDate" not in roles[1]

    event = by_id(graph, "session")
    assert event["@type"] == "Event"
    assert (event["startDate"], event["endDate"]) == ("1950-01-03", "1950-01-07")
    assert event["organizer"] == [{"@id": "urn:sovietdata:committee"}]
    assert event["attendee"] == [{"@id": "urn:sovietdata:first"}, {"@id": "urn:sovietdata:second"}]

    election = by_id(graph, "vote")
    assert election["name"] == "Ivan Petrov elected Secretary"
    assert election["superEvent"] == {"@id": "urn:sovietdata:session"}

    book = by_id(graph, "book")
    assert (book["@type"], book["name"], book["datePublished"]) == ("Book", "A history", "1999")
    assert book["inLanguage"] == "en"

    review = by_id(graph, "claim-one")
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "He was elected at a congress."
    assert review["itemReviewed"] == {
        "@id": "urn:sovietdata:claim-one#claim",
        "@type": "Claim",
        "appearance": {"@id": "urn:sovietdata:book"},
        "position": 1,
        "text": "elected at a congress",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 4,
        "worstRating": 1,
        "alternateName": "Incorrect",
        "ratingExplanation": Verdict.INCORRECT.definition,
        "additionalType": {"@id": "urn:sovietdata:verdict-scale/incorrect"},
    }
    assert review["url"] == "article/annotated.html#claim-one"
    assert review["reviewBody"] == "A plenum elected him. Say plenum."
    assert review["author"] == {"@type": "Organization", "name": "sovietdata"}
    assert review["about"] == [{"@id": "urn:sovietdata:vote"}]
    assert review["citation"] == [{"@id": "urn:sovietdata:book"}]

    expanded = expand(export.to_jsonld(ds))
    assert {SCHEMA + "Person", SCHEMA + "Book", SCHEMA + "ClaimReview"} <= types_of(expanded)
    ids = {node["@id"] for node in expanded}
    assert "urn:sovietdata:first" in ids
    assert all(i.startswith("urn:sovietdata:") for i in ids)


def test_claim_reviews_link_only_to_nodes_in_the_graph(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["claim"][0]["related"] = ["vote", "secretary", "vote-date", "first"]
    graph = export.to_jsonld(load_doc(tmp_path, doc))["@graph"]
    # Offices and disputes are not nodes of their own; a reference to them would dangle.
    assert by_id(graph, "claim-one")["about"] == [
        {"@id": "urn:sovietdata:vote"},
        {"@id": "urn:sovietdata:first"},
    ]


@pytest.mark.parametrize(
    ("verdict", "rating"),
    [
        (Verdict.SUPPORTED, 4),
        (Verdict.PARTLY_SUPPORTED, 3),
        (Verdict.MISLEADING, 2),
        (Verdict.INCORRECT, 1),
    ],
)
def test_verdict_ratings(verdict: Verdict, rating: int, tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["claim"][0]["verdict"] = verdict.value
    graph = export.to_jsonld(load_doc(tmp_path, doc))["@graph"]
    value = by_id(graph, "claim-one")["reviewRating"]
    assert (value["ratingValue"], value["alternateName"]) == (rating, verdict.label)
    assert (value["bestRating"], value["worstRating"]) == (4, 1)


def test_unverifiable_is_off_the_numeric_scale(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["claim"][0]["verdict"] = "unverifiable"
    graph = export.to_jsonld(load_doc(tmp_path, doc))["@graph"]
    value = by_id(graph, "claim-one")["reviewRating"]
    assert value["alternateName"] == "Unverifiable"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(value)
    assert value["additionalType"] == {"@id": "urn:sovietdata:verdict-scale/unverifiable"}


def test_ratings_are_the_degrees_of_truth() -> None:
    truths = {v for v in Verdict if v.degree_of_truth}
    assert set(export.RATINGS) == truths == set(Verdict) - {Verdict.UNVERIFIABLE}
    assert sorted(export.RATINGS.values()) == [1, 2, 3, 4]
    assert export.RATINGS[Verdict.SUPPORTED] > export.RATINGS[Verdict.PARTLY_SUPPORTED]
    assert export.RATINGS[Verdict.MISLEADING] > export.RATINGS[Verdict.INCORRECT]
    assert Verdict.UNVERIFIABLE.rating is None


@pytest.mark.parametrize(
    ("date", "dates"),
    [
        ("1950-01-03/..", {"startDate": "1950-01-03"}),
        ("../1950-01-07", {"endDate": "1950-01-07"}),
        ("1950-01-07", {"startDate": "1950-01-07"}),
    ],
)
def test_jsonld_event_dates(date: str, dates: dict[str, str], tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["event"][0]["date"] = date
    event = by_id(export.to_jsonld(load_doc(tmp_path, doc))["@graph"], "session")
    assert {k: v for k, v in event.items() if k.endswith("Date")} == dates


# --- TimelineJS -----------------------------------------------------------------------------


def timeline_doc() -> Document:
    doc = copy.deepcopy(MINIMAL)
    extra = [
        ("year-only", "1953", "A year"),
        ("approximate", "1953-09~", "Around September"),
        ("open-end", "1953-09-07/..", "From a day on"),
        ("open-start", "../1953-09", "Until September"),
        ("uncertain-end", "1956-02-24/1956-02-25?", "Two days <maybe>"),
    ]
    for event_id, date, title in extra:
        doc["event"].append(
            {
                "id": event_id,
                "title": title,
                "date": date,
                "kind": "meeting",
                "summary": "Something & more.",
                "citations": [{"source": "book", "page": "2"}],
            }
        )
    return doc


def test_timelinejs_events(tmp_path: Path) -> None:
    tl = export.to_timelinejs(load_doc(tmp_path, timeline_doc()))
    slides = {s["unique_id"]: s for s in tl["events"]}
    session = slides["session"]
    assert session["start_date"] == {"year": "1950", "month": "1", "day": "3"}
    assert session["end_date"] == {"year": "1950", "month": "1", "day": "7"}
    assert session["group"] == "Party"  # the plenum's lane
    assert session["text"]["headline"] == "A session"
    assert "<p>It met.</p>" in session["text"]["text"]
    assert "Sources: A history" in session["text"]["text"]
    assert "display_date" not in session

    assert slides["year-only"]["start_date"] == {"year": "1953"}
    assert "display_date" not in slides["year-only"]
    assert slides["approximate"]["start_date"] == {"year": "1953", "month": "9"}
    assert slides["approximate"]["display_date"] == "c. September 1953"
    assert slides["open-end"]["start_date"] == {"year": "1953", "month": "9", "day": "7"}
    assert "end_date" not in slides["open-end"]
    assert slides["open-end"]["display_date"] == "from 7 September 1953"
    assert slides["open-start"]["start_date"] == {"year": "1953", "month": "9"}
    assert slides["open-start"]["display_date"] == "until September 1953"
    assert slides["uncertain-end"]["display_date"].endswith("(end uncertain)")
    assert slides["uncertain-end"]["text"]["headline"] == "Two days &lt;maybe&gt;"
    assert "Something &amp; more." in slides["uncertain-end"]["text"]["text"]
    # In date order; an interval open at the start comes first.
    assert [s["unique_id"] for s in tl["events"]][:2] == ["open-start", "session"]


def test_timelinejs_title_and_eras(tmp_path: Path) -> None:
    tl = export.to_timelinejs(load_doc(tmp_path, timeline_doc()))
    assert tl["title"]["text"]["headline"] == "Ivan Petrov elected Secretary"
    assert tl["title"]["text"]["text"].startswith("<p>7 January 1950. A new post.")
    assert tl["eras"] == [
        {
            "start_date": {"year": "1950", "month": "1", "day": "7"},
            "end_date": {"year": "1955", "month": "6"},
            "text": {"headline": "Ivan Petrov"},
        },
        {
            # Still in office: the era runs to the last date in the data (here its start).
            "start_date": {"year": "1955", "month": "6"},
            "end_date": {"year": "1956", "month": "2", "day": "25"},
            "text": {"headline": "Pyotr Ivanov"},
        },
    ]


def without_elections(doc: Document) -> Document:
    """The document without its election and the records that refer to it."""
    return {k: v for k, v in doc.items() if k not in ("election", "dispute", "claim", "correction")}


def test_timelinejs_without_elections(tmp_path: Path) -> None:
    doc = without_elections(copy.deepcopy(MINIMAL))
    ds = load_doc(tmp_path, doc)
    tl = export.to_timelinejs(ds)
    assert tl["title"]["text"] == {"headline": "Timeline", "text": "<p>1 event.</p>"}
    assert [s["unique_id"] for s in tl["events"]] == ["session"]
    assert tl["eras"] == []
    # Pyotr Ivanov is still in office, from June 1955, after the one event: his era would end
    # where it starts, which TimelineJS refuses, so it runs to the next month.
    tl = export.to_timelinejs(ds, office="secretary")
    assert tl["eras"][-1]["start_date"] == {"year": "1955", "month": "6"}
    assert tl["eras"][-1]["end_date"] == {"year": "1955", "month": "7"}


def test_timelinejs_title_counts_events(tmp_path: Path) -> None:
    tl = export.to_timelinejs(load_doc(tmp_path, without_elections(timeline_doc())))
    assert tl["title"]["text"]["text"] == "<p>6 events.</p>"


def test_timelinejs_refuses_data_without_events(tmp_path: Path) -> None:
    doc = {k: copy.deepcopy(v) for k, v in MINIMAL.items() if k in ("source", "person", "body")}
    doc["office"] = copy.deepcopy(MINIMAL["office"])
    doc["tenure"] = [copy.deepcopy(MINIMAL["tenure"][1])]
    ds = load_doc(tmp_path, doc)
    message = "the data has no events, and TimelineJS refuses a timeline without one"
    with pytest.raises(ValueError, match=message):
        export.to_timelinejs(ds)
    with pytest.raises(ValueError, match=message):
        export.render(ds, "timelinejs")


def test_timelinejs_of_shipped_data_gives_no_made_up_days(shipped: Dataset) -> None:
    tl = export.to_timelinejs(shipped)
    assert [s["unique_id"] for s in tl["events"]] == [e.id for e in shipped.events]
    for event, slide in zip(shipped.events, tl["events"], strict=True):
        date = event.date
        first = date.start if isinstance(date, sovietdata.Interval) else date
        if not isinstance(first, sovietdata.SingleDate):
            continue
        assert ("month" in slide["start_date"]) == (first.month is not None)
        assert ("day" in slide["start_date"]) == (first.day is not None)
        assert slide["group"] == export.timelinejs_format.GROUPS[event.kind]
    headlines = [era["text"]["headline"] for era in tl["eras"]]
    assert "Nikita Khrushchev" in headlines
    khrushchev = tl["eras"][headlines.index("Nikita Khrushchev")]
    assert khrushchev["start_date"] == {"year": "1953", "month": "9", "day": "7"}


# --- CSV ------------------------------------------------------------------------------------


def read_table(text: str) -> list[dict[str, str]]:
    assert text.startswith(export.BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(export.BOM), newline="")))


def test_csv_tables(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["person"][0]["summary"] = 'A secretary, "the first"; with a comma\nand a newline.'
    ds = load_doc(tmp_path, doc)
    tables = export.csv_tables(ds)
    assert list(tables) == [*export.CSV_TABLES, "citations.csv", "dispute_values.csv"]

    people = read_table(tables["people.csv"])
    assert [p["id"] for p in people] == ["first", "second"]
    assert people[0]["born"] == "1900-01-15"
    assert people[0]["died"] == "1970"
    assert people[0]["summary"] == doc["person"][0]["summary"]
    assert people[1]["died"] == ""
    assert "citations" not in people[0]

    events = read_table(tables["events.csv"])
    assert events[0]["date"] == "1950-01-03/1950-01-07"
    assert events[0]["people"] == "first;second"
    assert read_table(tables["offices.csv"])[0]["single_holder"] == "true"
    assert read_table(tables["elections.csv"])[0]["reelection"] == "false"
    claim = read_table(tables["claims.csv"])[0]
    assert (claim["number"], claim["verdict"], claim["related"]) == ("1", "incorrect", "vote")
    assert "evidence" not in claim
    assert "values" not in read_table(tables["disputes.csv"])[0]

    citations = read_table(tables["citations.csv"])
    assert list(citations[0]) == [
        "record",
        "field",
        "source",
        "page",
        "url",
        "locator",
        "quote",
        "quote_language",
        "translation",
        "note",
        "checked",
        "found",
        "copy",
        "check_note",
        "checked_earliest",
        "checked_latest",
    ]
    expected = [(r.id, path) for r in ds for path, _ in citations_in(r)]
    assert [(c["record"], c["field"]) for c in citations] == expected
    assert ("vote-date", "values[1].citations[0]") in expected
    assert citations[0]["source"] == "book"
    assert citations[0]["page"] == "1"

    values = read_table(tables["dispute_values.csv"])
    assert [(v["dispute"], v["index"], v["value"], v["rank"]) for v in values] == [
        ("vote-date", "0", "1950-01-07", "preferred"),
        ("vote-date", "1", "1950-01-13", "deprecated"),
    ]


def test_csv_headers_cover_every_scalar_field(small: Dataset) -> None:
    tables = export.csv_tables(small)
    for name, kind in export.CSV_TABLES.items():
        header = next(csv.reader(io.StringIO(tables[name].removeprefix(export.BOM))))
        nested = {"citations", "evidence", "values"}
        fields = [f for f in kind.__struct_fields__ if f not in nested]
        assert header[: len(fields)] == fields
        derived = header[len(fields) :]
        assert all(d.endswith(("_earliest", "_latest")) for d in derived)
        assert header[0] == "id"


def test_csv_of_an_empty_section_is_a_header_only(tmp_path: Path) -> None:
    ds = load_doc(tmp_path, {"source": MINIMAL["source"]})
    tables = export.csv_tables(ds)
    assert tables["claims.csv"].splitlines()[0].startswith(export.BOM + "id,number,article")
    assert len(tables["claims.csv"].splitlines()) == 1
    assert len(tables["sources.csv"].splitlines()) == 3


def test_write_csv_into_a_new_directory(small: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    written = export.write_csv(small, target)
    assert sorted(p.name for p in written) == sorted(export.csv_files(small))
    assert "datapackage.json" in {p.name for p in written}
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in written)
    assert (target / "people.csv").read_bytes().startswith(b"\xef\xbb\xbfid,name,")
    with (target / "people.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["name_ru"] == "Иван Петров"
    assert leftovers(tmp_path) == []


def test_write_csv_into_an_existing_directory(small: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.mkdir()
    (target / "people.csv").write_text("old", encoding="utf-8")
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    export.write_csv(small, target)
    assert (target / "people.csv").read_text(encoding="utf-8-sig").startswith("id,name,")
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert leftovers(tmp_path) == []
    assert len(list(target.iterdir())) == 15


def test_write_csv_to_a_regular_file_fails(small: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(export.WriteError, match="not a directory") as info:
        export.write_csv(small, target)
    assert info.value.path == target
    assert target.read_text(encoding="utf-8") == "keep"


def test_write_csv_under_a_regular_file_fails(small: Dataset, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    parent = folder / "file"
    parent.write_text("keep", encoding="utf-8")
    with pytest.raises(export.WriteError, match="Not a directory"):
        export.write_csv(small, parent / "tables")
    assert sorted(p.name for p in folder.iterdir()) == ["file"]
    assert parent.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("existing", [False, True])
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_write_csv_leaves_nothing_when_interrupted(
    small: Dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    existing: bool,
    error: BaseException,
) -> None:
    target = tmp_path / "tables"
    if existing:
        target.mkdir()

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, "replace" if existing else "rename", fail)
    expected = export.WriteError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        export.write_csv(small, target)
    assert leftovers(tmp_path) == []
    assert target.exists() == existing
    if existing:
        assert list(target.iterdir()) == []


def test_write_csv_puts_old_tables_back_when_a_later_move_fails(
    small: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tables"
    target.mkdir()
    names = list(export.csv_tables(small))
    for name in names:
        (target / name).write_text("old", encoding="utf-8")
    real_replace = os.replace
    calls: list[tuple[str, str]] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append((os.fspath(src), os.fspath(dst)))
        if len(calls) == 8:  # the fourth table's move into place
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(export.WriteError) as info:
        export.write_csv(small, target)
    assert info.value.path == target / names[3]
    assert {p.name: p.read_text(encoding="utf-8") for p in target.iterdir()} == dict.fromkeys(
        names, "old"
    )
    assert leftovers(tmp_path) == []


def test_write_csv_refuses_a_directory_in_the_way(small: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.mkdir()
    (target / "people.csv").write_text("old", encoding="utf-8")
    (target / "events.csv").mkdir()
    with pytest.raises(export.WriteError) as info:
        export.write_csv(small, target)
    assert str(info.value) == f"cannot write {target / 'events.csv'}: is a directory"
    assert (target / "people.csv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in target.iterdir()) == ["events.csv", "people.csv"]
    assert leftovers(tmp_path) == []


def test_render_refuses_an_unknown_format(small: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'; expected one of json, "):
        export.render(small, "xml")


# --- Writing text files ---------------------------------------------------------------------


def test_write_text_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    export.write_text(target, "first\n")
    export.write_text(str(target), "второй\n")
    assert target.read_text(encoding="utf-8") == "второй\n"
    assert leftovers(tmp_path) == []


def test_write_text_under_a_regular_file_fails(tmp_path: Path) -> None:
    parent = tmp_path / "file"
    parent.write_text("keep", encoding="utf-8")
    with pytest.raises(export.WriteError) as info:
        export.write_text(parent / "out.json", "x")
    assert str(info.value) == f"cannot write {parent / 'out.json'}: Not a directory"
    assert parent.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_write_text_over_a_directory_fails_and_cleans_up(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(export.WriteError, match="directory"):
        export.write_text(tmp_path / "out", "x")
    assert leftovers(tmp_path) == []
    assert list((tmp_path / "out").iterdir()) == []


def test_write_text_interrupted_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        export.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


# --- Formats and schema ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(export.FORMATS))
def test_render_gives_the_format_as_json_text(name: str, small: Dataset) -> None:
    builders: dict[str, Callable[[], object]] = {
        "json": small.to_builtins,
        "jsonld": lambda: export.to_jsonld(small),
        "timelinejs": lambda: export.to_timelinejs(small),
        "wikibase": lambda: export.to_wikibase(small),
    }
    text = export.render(small, name)
    if name == "quickstatements":  # tab-separated commands, not JSON
        assert text == export.to_quickstatements(small)
    else:
        assert json.loads(text) == json.loads(json.dumps(builders[name]()))


def test_registry_lists_exactly_the_formats_render_accepts(small: Dataset) -> None:
    for name, fmt in export.REGISTRY.items():
        assert fmt.name == name
        if isinstance(fmt, export.FileFormat):
            assert export.render(small, name) == fmt.render(small) == export.FORMATS[name](small)
        else:
            # A directory has no one text: render names the format and refuses it.
            with pytest.raises(ValueError, match=f"format '{name}' writes a directory"):
                export.render(small, name)
    file_formats = [n for n, f in export.REGISTRY.items() if not f.directory]
    assert list(export.FORMATS) == file_formats
    assert file_formats == ["json", "jsonld", "timelinejs", "quickstatements", "wikibase"]
    for name in ("xml", "JSON", ""):
        assert name not in export.REGISTRY
        with pytest.raises(ValueError, match="unknown format"):
            export.render(small, name)


def test_registry_records(small: Dataset) -> None:
    assert list(export.REGISTRY) == [
        "json",
        "jsonld",
        "csv",
        "timelinejs",
        "quickstatements",
        "wikibase",
    ]
    for fmt in export.REGISTRY.values():
        assert isinstance(fmt, export.Format)
        assert fmt.description
        assert "\n" not in fmt.description
        assert fmt.suffix.startswith(".")
        assert "/" in fmt.media_type
        assert fmt.directory == isinstance(fmt, export.DirectoryFormat)
    assert export.REGISTRY["jsonld"].media_type == "application/ld+json"
    csv_format = export.REGISTRY["csv"]
    assert isinstance(csv_format, export.DirectoryFormat)
    files = dict(csv_format.render(small))
    assert files.pop("datapackage.json") == export.csv_files(small)["datapackage.json"]
    assert files == export.csv_tables(small)
    assert all(name.endswith(csv_format.suffix) for name in files)
    reporting = [name for name, f in export.REGISTRY.items() if f.report is not None]
    assert reporting == ["quickstatements", "wikibase"]


def test_registry_cannot_be_changed() -> None:
    fmt = export.REGISTRY["json"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fmt.name = "xml"  # type: ignore[misc]
    with pytest.raises(TypeError):
        export.REGISTRY["xml"] = fmt  # type: ignore[index]
    with pytest.raises(TypeError):
        export.FORMATS["xml"] = export.to_json  # type: ignore[index]


def edtf_hook(kind: type, obj: Any) -> Any:
    if kind is sovietdata.SingleDate:
        return parse_single(obj)
    assert kind is sovietdata.EDTF
    return parse(obj)


def test_data_file_struct_has_every_section(shipped: Dataset) -> None:
    assert tuple(export.DataFile.__struct_fields__) == tuple(SECTIONS)
    # The struct reads the data format: the shipped data, as plain data, converts into it.
    converted = msgspec.convert(shipped.to_builtins(), export.DataFile, dec_hook=edtf_hook)
    assert len(converted.person) == len(shipped.people)
    assert len(converted.claim) == len(shipped.claims)


def test_json_schema() -> None:
    schema = export.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$ref"] == "#/$defs/DataFile"
    defs = schema["$defs"]
    sections = defs["DataFile"]["properties"]
    assert list(sections) == list(SECTIONS)
    assert sections["person"] == {
        "type": "array",
        "items": {"$ref": "#/$defs/Person"},
        "default": [],
        "description": "The [[person]] records. A person in the story.",
    }
    born = defs["Person"]["properties"]["born"]["anyOf"][0]
    assert born["type"] == "string"
    assert "EDTF" in born["description"]
    assert born["pattern"] == export.DATE_PATTERN
    date = defs["Event"]["properties"]["date"]
    assert date["pattern"] == export.EDTF_PATTERN
    assert "date" in defs["Event"]["required"]


@pytest.mark.parametrize(
    "text", ["1953", "1953-09", "1953-09-07", "1894-04-15?", "1953~", "1953-09%"]
)
def test_date_patterns_accept_edtf_dates(text: str) -> None:
    assert re.search(export.DATE_PATTERN, text)
    assert re.search(export.EDTF_PATTERN, text)
    assert re.search(export.EDTF_PATTERN, f"{text}/..")
    assert re.search(export.EDTF_PATTERN, f"../{text}")
    assert re.search(export.EDTF_PATTERN, f"1950/{text}")
    assert re.search(export.EDTF_PATTERN, f"{text}/")  # an unknown end
    assert re.search(export.EDTF_PATTERN, f"/{text}")
    assert not re.search(export.DATE_PATTERN, f"1950/{text}")


@pytest.mark.parametrize(
    "text", ["53", "1953-9-7", "7 September 1953", "../..", "/", "../", "/..", ""]
)
def test_date_patterns_reject_other_text(text: str) -> None:
    assert not re.search(export.DATE_PATTERN, text)
    assert not re.search(export.EDTF_PATTERN, text)


def test_shipped_dates_match_the_schema_patterns(shipped: Dataset) -> None:
    for record in shipped:
        for name in record.__struct_fields__:
            value = getattr(record, name)
            if isinstance(value, sovietdata.SingleDate):
                assert re.search(export.DATE_PATTERN, str(value)), (record.id, name)
            if isinstance(value, sovietdata.EDTF):
                assert re.search(export.EDTF_PATTERN, str(value)), (record.id, name)


# --- The fact-check feed --------------------------------------------------------------------


def test_claim_review_url_dates_and_claim(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["claim"][0]["evidence"] = [
        {"source": "book", "page": "1", "check": {"date": "2020-03-04", "found": "verbatim"}},
        {"source": "book", "page": "2", "check": {"date": "2019-12-31", "found": "substance"}},
    ]
    doc["correction"] += [
        {
            "id": "fix-claim",
            "record": "claim-one",
            "field": "explanation",
            "old": "A congress.",
            "new": "A plenum elected him.",
            "date": "2021-06-02",
            "reason": "Misread.",
            "citations": CITE,
        },
        {
            "id": "fix-claim-again",
            "record": "claim-one",
            "field": "verdict",
            "old": "misleading",
            "new": "incorrect",
            "date": "2022-01",
            "reason": "Stronger evidence.",
            "citations": CITE,
        },
    ]
    ds = load_doc(tmp_path, doc)
    review = by_id(export.to_jsonld(ds)["@graph"], "claim-one")
    # The first check of the evidence, the newest correction of the claim (at its precision).
    assert review["datePublished"] == "2019-12-31"
    assert review["dateModified"] == "2022-01"
    assert review["url"] == "article/annotated.html#claim-one"
    claim = review["itemReviewed"]
    assert claim["@id"] == "urn:sovietdata:claim-one#claim"
    assert claim["@id"] != review["@id"]
    assert claim["appearance"] == {"@id": "urn:sovietdata:book"}

    based = export.to_jsonld(ds, base_url="https://example.org/book/")
    url = by_id(based["@graph"], "claim-one")["url"]
    assert url == "https://example.org/book/article/annotated.html#claim-one"


def test_claim_review_without_checks_or_corrections_has_no_dates(small: Dataset) -> None:
    review = by_id(export.to_jsonld(small)["@graph"], "claim-one")
    assert "datePublished" not in review  # no check of the evidence: no day from the data
    assert "dateModified" not in review


def test_claim_url_is_the_book_anchor_of_the_claim(shipped: Dataset) -> None:
    # The same string as the book's record_anchor, computed without importing Sphinx.
    for claim in shipped.claims:
        assert export.claim_url(claim) == f"article/annotated.html#{record_anchor(claim)}"
    claim = shipped.claims[0]
    for bad in ("example.org", "ftp://example.org", "https://exa mple.org"):
        with pytest.raises(ValueError, match="base address must be an http"):
            export.claim_url(claim, bad)


def test_shipped_claim_reviews_have_dates_from_the_data(shipped: Dataset) -> None:
    graph = export.to_jsonld(shipped)["@graph"]
    for claim in shipped.claims:
        review = by_id(graph, claim.id)
        checks = sorted(str(e.check.date) for e in claim.evidence if e.check)
        assert review["datePublished"] == checks[0]
        corrections = sorted(str(c.date) for c in shipped.corrections_of(claim))
        assert review.get("dateModified") == (corrections[-1] if corrections else None)


def test_verdict_scale_is_a_defined_term_set(shipped: Dataset) -> None:
    graph = export.to_jsonld(shipped)["@graph"]
    (scale,) = [n for n in graph if n["@type"] == "DefinedTermSet"]
    assert scale["@id"] == export.VERDICT_SCALE_ID
    terms = scale["hasDefinedTerm"]
    assert [t["termCode"] for t in terms] == [v.value for v in Verdict]
    for term, verdict in zip(terms, Verdict, strict=True):
        assert term["@type"] == "DefinedTerm"
        assert (term["name"], term["description"]) == (verdict.label, verdict.definition)
        assert term["inDefinedTermSet"] == {"@id": export.VERDICT_SCALE_ID}
    reviews = [n for n in graph if n["@type"] == "ClaimReview"]
    term_ids = {t["@id"] for t in terms}
    assert all(r["reviewRating"]["additionalType"]["@id"] in term_ids for r in reviews)


def test_verdict_scale_is_the_shipped_file() -> None:
    assert [v.label for v in Verdict] == [
        "Supported",
        "Partly supported",
        "Misleading",
        "Incorrect",
        "Unverifiable",
    ]
    assert all(v.definition.endswith(".") for v in Verdict)
    assert [v for v in Verdict if not v.degree_of_truth] == [Verdict.UNVERIFIABLE]
    shipped = (files("sovietdata") / "verdicts.toml").read_bytes()
    assert models._read_verdict_scale(shipped) == models._verdict_scale()


SCALE = "\n".join(
    f'[[verdict]]\nid = "{v.value}"\nlabel = "L"\ndefinition = "D."\n'
    + (
        f"degree_of_truth = true\nrating = {v.rating}\n"
        if v.rating
        else "degree_of_truth = false\n"
    )
    for v in Verdict
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('id = "misleading"', 'id = "mostly-true"'), "each verdict once"),
        (lambda t: t.replace("rating = 2", "rating = 5"), "rating 1..n"),
        (lambda t: t.replace("degree_of_truth = false", "degree_of_truth = true"), "rating 1..n"),
    ],
)
def test_a_wrong_verdict_scale_is_refused(change: Callable[[str], str], message: str) -> None:
    assert set(models._read_verdict_scale(SCALE.encode())) == set(Verdict)
    with pytest.raises(ValueError, match=message):
        models._read_verdict_scale(change(SCALE).encode())


# Every schema.org term the JSON-LD export uses, checked against https://schema.org/ .
SCHEMA_TERMS = {
    "about", "additionalType", "alternateName", "appearance", "attendee", "author",
    "bestRating", "birthDate", "birthPlace", "citation", "claimReviewed", "dateModified",
    "datePublished", "deathDate", "deathPlace", "description", "editor", "endDate",
    "hasDefinedTerm", "inDefinedTermSet", "inLanguage", "isPartOf", "isbn", "itemReviewed",
    "location", "locationCreated", "member", "name", "organizer", "parentOrganization",
    "position", "publisher", "ratingExplanation", "ratingValue", "reviewBody", "reviewRating",
    "roleName", "sameAs", "startDate", "subjectOf", "superEvent", "termCode", "text", "url",
    "worstRating",
}  # fmt: skip


def test_jsonld_uses_only_known_terms_and_expansion_keeps_them(shipped: Dataset) -> None:
    document = export.to_jsonld(shipped, base_url="https://example.org/book")
    used: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            used.update(k for k in value if not k.startswith("@"))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document["@graph"])
    assert used <= SCHEMA_TERMS, used - SCHEMA_TERMS
    expanded_terms: set[str] = set()

    def walk_expanded(value: object) -> None:
        if isinstance(value, dict):
            expanded_terms.update(k for k in value if not k.startswith("@"))
            for item in value.values():
                walk_expanded(item)
        elif isinstance(value, list):
            for item in value:
                walk_expanded(item)

    walk_expanded(expand(document))
    # Nothing is dropped as unknown: every term used comes out as a schema.org IRI.
    assert expanded_terms == {SCHEMA + t for t in used}
    types = types_of(expand(document))
    assert {SCHEMA + "DefinedTermSet", SCHEMA + "DefinedTerm", SCHEMA + "Claim"} <= types


# --- Spreadsheets -----------------------------------------------------------------------------


INJECTION = '=HYPERLINK("http://example.invalid","click")'


def test_a_formula_in_a_users_data_file_is_neutralised(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["source"][0]["title"] = INJECTION
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    ds = sovietdata.load(path)
    out = tmp_path / "tables"
    export.write_csv(ds, out)
    with (out / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert rows["book"]["title"] == "'" + INJECTION
    assert rows["blog"]["title"] == "On this day"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_start_is_neutralised(start: str, tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["person"][0]["summary"] = f"{start}1+1 and more"
    ds = load_doc(tmp_path, doc)
    people = read_table(export.csv_tables(ds)["people.csv"])
    assert people[0]["summary"] == f"'{start}1+1 and more"
    assert export.neutralise(f"{start}x") == f"'{start}x"


@pytest.mark.parametrize("text", ["Хрущёв", "1953", "a=b", " =x", "'quoted", ""])
def test_other_cells_are_left_alone(text: str) -> None:
    assert export.neutralise(text) == text


def test_numbers_are_written_as_numbers(tmp_path: Path) -> None:
    ds = load_doc(tmp_path, MINIMAL)
    tables = export.csv_tables(ds)
    assert read_table(tables["claims.csv"])[0]["number"] == "1"
    assert read_table(tables["grades.csv"])[0]["order"] == "1"


def test_csv_has_a_byte_order_mark_unless_asked_not_to(small: Dataset, tmp_path: Path) -> None:
    with_bom = export.csv_tables(small)
    assert all(text.startswith(export.BOM) for text in with_bom.values())
    without = export.csv_tables(small, bom=False)
    assert all(not text.startswith(export.BOM) for text in without.values())
    assert {n: t.removeprefix(export.BOM) for n, t in with_bom.items()} == without
    out = tmp_path / "plain"
    export.write_csv(small, out, bom=False)
    assert (out / "people.csv").read_bytes().startswith(b"id,name,")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["encoding"] for r in package["resources"]} == {"utf-8"}


def test_cyrillic_reads_back_as_excel_reads_a_bom_file(small: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    export.write_csv(small, out)
    data = (out / "people.csv").read_bytes()
    assert data[:3] == b"\xef\xbb\xbf"
    # A reader that honours the mark (as Excel does) gets the Cyrillic as written.
    assert "Иван Петров" in data.decode("utf-8-sig")
    # Without the mark a spreadsheet falls back to a code page and shows mojibake.
    assert "Иван Петров" not in data.decode("cp1252", errors="replace")


@pytest.mark.parametrize(
    ("date", "earliest", "latest"),
    [
        ("1950-01-07", "1950-01-07", "1950-01-07"),
        ("1950-01", "1950-01-01", "1950-01-31"),
        ("1950", "1950-01-01", "1950-12-31"),
        ("1950-01-03/1950-01-07", "1950-01-03", "1950-01-07"),
        ("1950-01/..", "1950-01-01", ""),
        ("/1950-01-07", "", "1950-01-07"),
    ],
)
def test_date_columns_have_earliest_and_latest_days(
    date: str, earliest: str, latest: str, tmp_path: Path
) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["event"][0]["date"] = date
    ds = load_doc(tmp_path, doc)
    event = read_table(export.csv_tables(ds)["events.csv"])[0]
    assert event["date"] == date  # the EDTF text stays as it is
    assert (event["date_earliest"], event["date_latest"]) == (earliest, latest)


def test_default_base_url_is_the_documentation_address(monkeypatch: pytest.MonkeyPatch) -> None:
    class Meta:
        def __init__(self, urls: list[str]) -> None:
            self.urls = urls

        def get_all(self, name: str) -> list[str]:
            assert name == "Project-URL"
            return self.urls

    urls = ["Repository, https://example.org/code", "Documentation, https://example.org/book"]
    monkeypatch.setattr(metadata, "metadata", lambda name: Meta(urls))
    assert export.default_base_url() == "https://example.org/book"
    monkeypatch.setattr(metadata, "metadata", lambda name: Meta(urls[:1]))
    assert export.default_base_url() is None


def test_default_base_url_today(small: Dataset) -> None:
    # The project configures no Documentation address yet: the url is relative to the book.
    assert export.default_base_url() is None
    document = json.loads(export.render(small, "jsonld"))
    review = by_id(document["@graph"], "claim-one")
    assert review["url"] == "article/annotated.html#claim-one"
