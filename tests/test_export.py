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
from importlib.resources import files
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pyld import jsonld

import sovietdata
from sovietdata import Dataset, Verdict, export
from sovietdata._loader import SECTIONS, citations_in
from sovietdata.edtf import parse, parse_single

from .conftest import MINIMAL, Document

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
        "@type": "Claim",
        "appearance": {"@id": "urn:sovietdata:book"},
        "position": 1,
        "text": "elected at a congress",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Incorrect",
    }
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
        (Verdict.SUPPORTED, 5),
        (Verdict.PARTLY_SUPPORTED, 4),
        (Verdict.UNVERIFIABLE, 3),
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


def test_every_verdict_has_a_rating() -> None:
    assert set(export.RATINGS) == set(Verdict)
    assert sorted(export.RATINGS.values()) == [1, 2, 3, 4, 5]


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
    assert session["group"] == "plenum"
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


def test_timelinejs_without_elections_or_events(tmp_path: Path) -> None:
    doc = {k: copy.deepcopy(v) for k, v in MINIMAL.items() if k in ("source", "person", "body")}
    doc["office"] = copy.deepcopy(MINIMAL["office"])
    doc["tenure"] = [copy.deepcopy(MINIMAL["tenure"][1])]
    ds = load_doc(tmp_path, doc)
    tl = export.to_timelinejs(ds)
    assert tl["title"]["text"]["headline"] == "Timeline"
    assert tl["events"] == []
    assert tl["eras"] == []
    tl = export.to_timelinejs(ds, office="secretary")
    assert (
        tl["eras"][0]["start_date"] == tl["eras"][0]["end_date"] == {"year": "1955", "month": "6"}
    )


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
        assert slide["group"] == event.kind.value
    headlines = [era["text"]["headline"] for era in tl["eras"]]
    assert "Nikita Khrushchev" in headlines
    khrushchev = tl["eras"][headlines.index("Nikita Khrushchev")]
    assert khrushchev["start_date"] == {"year": "1953", "month": "9", "day": "7"}


# --- CSV ------------------------------------------------------------------------------------


def read_table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


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
        header = next(csv.reader(io.StringIO(tables[name])))
        nested = {"citations", "evidence", "values"}
        assert header == [f for f in kind.__struct_fields__ if f not in nested]
        assert header[0] == "id"


def test_csv_of_an_empty_section_is_a_header_only(tmp_path: Path) -> None:
    ds = load_doc(tmp_path, {"source": MINIMAL["source"]})
    tables = export.csv_tables(ds)
    assert tables["claims.csv"].splitlines()[0].startswith("id,number,article")
    assert len(tables["claims.csv"].splitlines()) == 1
    assert len(tables["sources.csv"].splitlines()) == 3


def test_write_csv_into_a_new_directory(small: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    written = export.write_csv(small, target)
    assert sorted(p.name for p in written) == sorted(export.csv_tables(small))
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in written)
    with (target / "people.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["name_ru"] == "Иван Петров"
    assert leftovers(tmp_path) == []


def test_write_csv_into_an_existing_directory(small: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.mkdir()
    (target / "people.csv").write_text("old", encoding="utf-8")
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    export.write_csv(small, target)
    assert (target / "people.csv").read_text(encoding="utf-8").startswith("id,name,")
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert leftovers(tmp_path) == []
    assert len(list(target.iterdir())) == 14


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
    }
    text = export.render(small, name)
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
    assert list(export.FORMATS) == file_formats == ["json", "jsonld", "timelinejs"]
    for name in ("xml", "JSON", ""):
        assert name not in export.REGISTRY
        with pytest.raises(ValueError, match="unknown format"):
            export.render(small, name)


def test_registry_records(small: Dataset) -> None:
    assert list(export.REGISTRY) == ["json", "jsonld", "csv", "timelinejs"]
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
    tables = csv_format.render(small)
    assert tables == export.csv_tables(small)
    assert all(name.endswith(csv_format.suffix) for name in tables)


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
