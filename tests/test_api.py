"""The public API: loading, look-ups, the timeline, tenures, citations, immutability."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path

import msgspec
import pytest

import sovietdata
from sovietdata import Dataset, Election, Event, Person, Tenure
from sovietdata.errors import DataError, Problem

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return sovietdata.dataset()


def test_dataset_is_loaded_once(ds: Dataset) -> None:
    assert sovietdata.dataset() is ds
    assert len(ds) == sum(1 for _ in ds)
    assert repr(ds) == f"<Dataset: {len(ds)} records>"


def test_get_and_lookup(ds: Dataset) -> None:
    khrushchev = ds.lookup("khrushchev", Person)
    assert sovietdata.get("khrushchev") is khrushchev
    assert sovietdata.lookup("khrushchev") is khrushchev
    assert ds.get("khrushchev", Tenure) is None
    assert ds.get("nobody") is None
    assert "khrushchev" in ds
    assert "nobody" not in ds


@pytest.mark.parametrize(
    ("wanted", "hint"),
    [
        ("kruschev", "did you mean 'khrushchev'"),
        ("Nikita Khrushchev", "did you mean 'khrushchev'?"),
        ("Malenkov", "did you mean 'malenkov'?"),
        ("berya", "did you mean 'beria'"),
    ],
)
def test_lookup_suggests(ds: Dataset, wanted: str, hint: str) -> None:
    with pytest.raises(LookupError) as caught:
        ds.lookup(wanted)
    # The best match comes first; close alternatives may follow.
    assert str(caught.value).startswith(f"no record with id {wanted!r}; {hint}")


def test_lookup_without_suggestion(ds: Dataset) -> None:
    with pytest.raises(LookupError) as caught:
        ds.lookup("zzzzzzzz")
    assert str(caught.value) == "no record with id 'zzzzzzzz'"


def test_lookup_of_the_wrong_type(ds: Dataset) -> None:
    with pytest.raises(LookupError, match="'khrushchev' is a Person, not a Tenure"):
        ds.lookup("khrushchev", Tenure)


def test_timeline_is_in_date_order_and_filters(ds: Dataset) -> None:
    records = sovietdata.timeline()
    keys = [r.date.sort_key() for r in records]
    assert keys == sorted(keys)
    assert records == ds.timeline()
    in_1953 = ds.timeline(start=1953, end=1953)
    assert in_1953
    assert all(r.date.lower().year <= 1953 <= r.date.upper().year for r in in_1953)
    beria = ds.timeline(person="beria")
    assert beria
    assert all(isinstance(r, Event) and "beria" in r.people for r in beria)
    with pytest.raises(LookupError):
        ds.timeline(person="beira")


def test_tenures_predecessor_and_successor(ds: Dataset) -> None:
    holders = ds.tenures_of("first-secretary-cpsu")
    people = [t.person for t in holders]
    assert people.index("khrushchev") < people.index("brezhnev")
    mine = ds.lookup("khrushchev-first-secretary", Tenure)
    after = ds.successor(mine)
    assert after is not None
    assert after.person == "brezhnev"
    assert ds.predecessor(after) == mine
    assert ds.predecessor(holders[0]) is None
    assert ds.successor(holders[-1]) is None
    with pytest.raises(LookupError, match="not a Person or Office"):
        ds.tenures_of("seed-article")


def test_sources_and_citations(ds: Dataset) -> None:
    election = sovietdata.election()
    sources = ds.sources_of(election)
    assert sources
    assert len({s.id for s in sources}) == len(sources)
    for citation in election.citations:
        line = ds.cite(citation)
        source = ds.lookup(citation.source, sovietdata.Source)
        assert line.startswith(" and ".join(source.authors) or source.title)
        assert source.title in line
        if citation.quote:
            assert f'"{citation.quote}"' in line
        if citation.translation:
            assert line.endswith(f'("{citation.translation}")')


def test_disputes_about(ds: Dataset) -> None:
    about = ds.disputes_about(sovietdata.FLAGSHIP)
    assert {d.field for d in about} == {"date", "body", "office"}
    (dispute,) = ds.disputes_about(sovietdata.FLAGSHIP, "date")
    assert dispute in about
    # A real field that no source disputes: no disputes. An unknown record is not "no disputes".
    assert ds.disputes_about(sovietdata.FLAGSHIP, "vote") == ()
    with pytest.raises(LookupError, match="no record with id 'nobody'"):
        ds.disputes_about("nobody")


def test_records_and_dataset_are_immutable(ds: Dataset) -> None:
    khrushchev = ds.lookup("khrushchev", Person)
    with pytest.raises(AttributeError):
        khrushchev.name = "N. S. Khrushchev"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        khrushchev.born.year = 1900  # type: ignore[misc, union-attr]
    with pytest.raises(AttributeError):
        ds.people = ()
    with pytest.raises(AttributeError):
        del ds.people
    assert isinstance(khrushchev.citations, tuple)
    assert isinstance(ds.people, tuple)
    with pytest.raises(TypeError):
        ds._by_id["x"] = khrushchev  # type: ignore[index]
    assert not dataclasses.is_dataclass(khrushchev)
    assert isinstance(khrushchev, msgspec.Struct)


def test_dataset_rejects_duplicate_ids() -> None:
    person = sovietdata.lookup("khrushchev")
    with pytest.raises(ValueError, match="unique"):
        Dataset([person, person])


def test_load_round_trip_through_json(tmp_path: Path, ds: Dataset) -> None:
    path = tmp_path / "all.json"
    path.write_bytes(msgspec.json.encode(ds.to_builtins()))
    again = sovietdata.load(path)
    assert again == ds
    assert again is not ds
    assert ds != object()


def test_load_minimal_json_and_bad_json(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(MINIMAL), encoding="utf-8")
    assert len(sovietdata.load(good)) == 15
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    (problem,) = sovietdata.validate(bad)
    assert problem.message.startswith("not valid JSON")
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        sovietdata.load(bad)
    assert caught.value.problems == (
        Problem(str(bad), None, None, "expected a JSON object of sections"),
    )


def test_load_directory_mixes_files(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(MINIMAL))
    sources = {"source": doc.pop("source")}
    (tmp_path / "a.json").write_text(json.dumps(sources), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert len(sovietdata.load(tmp_path)) == 15


def test_data_error_needs_problems() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        DataError([])


def test_problem_text_and_identity() -> None:
    p = Problem("f.toml", None, "person", "unknown section")
    assert str(p) == "f.toml: field 'person': unknown section"
    assert str(Problem("f.toml", None, None, "bad")) == "f.toml: bad"
    assert (
        repr(p) == "Problem(file='f.toml', record=None, field='person', message='unknown section')"
    )
    assert p == Problem("f.toml", None, "person", "unknown section")
    assert p != Problem("f.toml", None, None, "unknown section")
    assert len({p, Problem("f.toml", None, "person", "unknown section")}) == 1
    with pytest.raises(AttributeError, match="immutable"):
        p.file = "g.toml"  # type: ignore[misc]
    assert msgspec.structs.asdict(p)["field"] == "person"


def test_verdict_labels() -> None:
    assert [v.label for v in sovietdata.Verdict] == [
        "Supported",
        "Partly supported",
        "Misleading",
        "Incorrect",
        "Unverifiable",
    ]


def test_public_names_are_documented() -> None:
    for name in sovietdata.__all__:
        obj = getattr(sovietdata, name)
        if callable(obj):
            assert obj.__doc__, name


def _public_objects() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for name in sovietdata.__all__:
        obj = getattr(sovietdata, name)
        if not callable(obj):
            continue
        found.append((name, obj))
        if isinstance(obj, type) and not issubclass(obj, Enum):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and callable(member):
                    found.append((f"{name}.{attr}", member))
    return found


@pytest.mark.parametrize(
    ("name", "obj"), _public_objects(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_public_names_have_a_runnable_example(name: str, obj: object) -> None:
    doc = getattr(obj, "__doc__", None) or ""
    assert ">>>" in doc, f"{name} has no example in its docstring"


def test_no_module_imports_a_private_name_of_another() -> None:
    """A module may use a private module of the package, never another module's private name."""
    import ast  # noqa: PLC0415
    import importlib.util  # noqa: PLC0415

    package = Path(sovietdata.__file__).parent
    found = []
    for module in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if not alias.name.startswith("_"):
                        continue
                    is_module = importlib.util.find_spec(f"{node.module}.{alias.name}") is not None
                    if not is_module:
                        found.append(f"{module.relative_to(package)}: {node.module}.{alias.name}")
    assert found == []


# --- arguments are checked ------------------------------------------------------------------


_ANY = "an id or a record, such as 'khrushchev' or ds.lookup('khrushchev')"
_PATHS = "paths as files or folders (a str or a pathlib.Path)"
_YEAR = "a year (an int such as 1953) or None"
_KIND = "kind as a record type, such as sovietdata.Person"
_ID = "record_id as an id (a str such as 'khrushchev')"
_CITATION = "citation as a Citation, such as record.citations[0]"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda ds: sovietdata.lookup(None),  # type: ignore[call-overload]
            f"lookup() takes {_ID}, not None",
            id="lookup(None)",
        ),
        pytest.param(
            lambda ds: sovietdata.lookup("khrushchev", "person"),  # type: ignore[call-overload]
            f"lookup() takes {_KIND}, not the str 'person'",
            id="lookup(kind=str)",
        ),
        pytest.param(
            lambda ds: ds.lookup("khrushchev", int),
            f"lookup() takes {_KIND}, not the class int",
            id="lookup(kind=int)",
        ),
        pytest.param(
            lambda ds: sovietdata.get(None),  # type: ignore[call-overload]
            f"get() takes {_ID}, not None",
            id="get(None)",
        ),
        pytest.param(
            lambda ds: ds.get(["khrushchev"]),
            f"get() takes {_ID}, not the list ['khrushchev']",
            id="get(list)",
        ),
        pytest.param(
            lambda ds: ds.get(list(range(30))),
            f"get() takes {_ID}, not the list [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11...",
            id="get(a long value, cut short)",
        ),
        pytest.param(
            lambda ds: ds.get("khrushchev", "Person"),
            f"get() takes {_KIND}, not the str 'Person'",
            id="get(kind=str)",
        ),
        pytest.param(
            lambda ds: sovietdata.timeline(start="1953"),  # type: ignore[arg-type]
            f"timeline() takes start as {_YEAR}, not the str '1953'",
            id="timeline(start=str)",
        ),
        pytest.param(
            lambda ds: sovietdata.timeline(start=True),
            f"timeline() takes start as {_YEAR}, not the bool True",
            id="timeline(start=bool)",
        ),
        pytest.param(
            lambda ds: ds.timeline(end=1953.5),
            f"timeline() takes end as {_YEAR}, not the float 1953.5",
            id="timeline(end=float)",
        ),
        pytest.param(
            lambda ds: ds.timeline(person=ds.lookup("cc-plenum")),
            "timeline() takes person as an id or a Person, not the Body 'cc-plenum'",
            id="timeline(person=Body)",
        ),
        pytest.param(
            lambda ds: ds.sources_of(42),
            f"sources_of() takes record as {_ANY}, not the int 42",
            id="sources_of(int)",
        ),
        pytest.param(
            lambda ds: ds.disputes_about(None),
            f"disputes_about() takes record as {_ANY}, not None",
            id="disputes_about(None)",
        ),
        pytest.param(
            lambda ds: ds.disputes_about("khrushchev", 1),
            "disputes_about() takes field as a field name (a str such as 'date'), not the int 1",
            id="disputes_about(field=int)",
        ),
        pytest.param(
            lambda ds: ds.cite(ds.lookup("khrushchev")),
            f"cite() takes {_CITATION}, not the Person 'khrushchev'",
            id="cite(record)",
        ),
        pytest.param(
            lambda ds: ds.cite("rgani-2021"),
            f"cite() takes {_CITATION}, not the str 'rgani-2021'",
            id="cite(str)",
        ),
        pytest.param(
            lambda ds: ds.tenures_of(ds.lookup("congress-20")),
            "tenures_of() takes record as an id or a Person or an Office, "
            "not the Event 'congress-20'",
            id="tenures_of(Event)",
        ),
        pytest.param(
            lambda ds: ds.successor(ds.lookup("khrushchev")),
            "successor() takes tenure as an id or a Tenure, not the Person 'khrushchev'",
            id="successor(Person)",
        ),
        pytest.param(
            lambda ds: ds.predecessor(None),
            "predecessor() takes tenure as an id or a Tenure, not None",
            id="predecessor(None)",
        ),
        pytest.param(
            lambda ds: ds.grade_of(ds.lookup("khrushchev")),
            "grade_of() takes source as an id or a Source, not the Person 'khrushchev'",
            id="grade_of(Person)",
        ),
        pytest.param(
            lambda ds: ds.corrections_of(3),
            f"corrections_of() takes record as {_ANY}, not the int 3",
            id="corrections_of(int)",
        ),
        pytest.param(
            lambda ds: ds.cited_by(ds.lookup("khrushchev")),
            "cited_by() takes source as an id or a Source, not the Person 'khrushchev'",
            id="cited_by(Person)",
        ),
        pytest.param(
            lambda ds: ds.naming(ds.lookup("rgani-2021")),
            "naming() takes person as an id or a Person, not the Source 'rgani-2021'",
            id="naming(Source)",
        ),
        pytest.param(
            lambda ds: sovietdata.search(None),  # type: ignore[arg-type]
            "search() takes text as the text to look for (a str), not None",
            id="search(None)",
        ),
        pytest.param(
            lambda ds: sovietdata.load(None),  # type: ignore[arg-type]
            f"load() takes {_PATHS}, not None",
            id="load(None)",
        ),
        pytest.param(
            lambda ds: sovietdata.validate(b"data.toml"),  # type: ignore[arg-type]
            f"validate() takes {_PATHS}, not the bytes b'data.toml'",
            id="validate(bytes)",
        ),
    ],
)
def test_a_wrong_kind_of_argument_is_named(
    ds: Dataset, call: Callable[[Dataset], object], message: str
) -> None:
    with pytest.raises(TypeError) as caught:
        call(ds)
    assert str(caught.value) == message


def test_ids_and_records_are_the_same_question(ds: Dataset) -> None:
    election = sovietdata.election()
    assert ds.disputes_about(election) == ds.disputes_about(election.id)
    assert len(ds.disputes_about(election)) == 3
    assert ds.disputes_about(election, "date") == ds.disputes_about(election.id, "date")
    assert ds.sources_of("secret-speech") == ds.sources_of(ds.lookup("secret-speech"))
    khrushchev = ds.lookup("khrushchev", Person)
    assert ds.tenures_of(khrushchev) == ds.tenures_of("khrushchev")
    office = ds.lookup("first-secretary-cpsu", sovietdata.Office)
    assert ds.tenures_of(office) == ds.tenures_of("first-secretary-cpsu")
    mine = ds.lookup("khrushchev-first-secretary", Tenure)
    assert ds.successor("khrushchev-first-secretary") == ds.successor(mine)
    assert ds.predecessor("khrushchev-first-secretary") == ds.predecessor(mine)
    congress = ds.lookup("congress-20")
    assert ds.corrections_of(congress) == ds.corrections_of("congress-20")
    assert ds.corrections_of(congress)
    assert ds.grade_of(ds.lookup("rgani-2021", sovietdata.Source)).id == "primary"
    assert sovietdata.timeline(person=ds.lookup("beria", Person)) == ds.timeline(person="beria")


def test_an_unknown_field_names_the_records_fields(ds: Dataset) -> None:
    with pytest.raises(ValueError, match="no field 'nosuchfield'") as caught:
        ds.disputes_about(sovietdata.FLAGSHIP, "nosuchfield")
    assert str(caught.value) == (
        "disputes_about(): an Election has no field 'nosuchfield'; its fields are id, citations, "
        "person, office, body, event, tenure, date, proposed_by, vote, reelection, significance"
    )
    with pytest.raises(ValueError, match="a Person has no field 'birth'; its fields are id, "):
        ds.disputes_about(ds.lookup("khrushchev"), "birth")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda ds: ds.disputes_about("nobody"), LookupError, "no record with id 'nobody'"),
        (lambda ds: ds.sources_of("nobody"), LookupError, "no record with id 'nobody'"),
        (lambda ds: ds.corrections_of("nobody"), LookupError, "no record with id 'nobody'"),
        (lambda ds: ds.tenures_of("nobody"), LookupError, "no record with id 'nobody'"),
        (
            lambda ds: ds.successor("khrushchev"),
            LookupError,
            "'khrushchev' is a Person, not a Tenure",
        ),
        (
            lambda ds: ds.grade_of("khrushchev"),
            LookupError,
            "'khrushchev' is a Person, not a Source",
        ),
        (
            lambda ds: ds.timeline(person="cc-plenum"),
            LookupError,
            "'cc-plenum' is a Body, not a Person",
        ),
        (
            lambda ds: ds.timeline(start=1960, end=1950),
            ValueError,
            "timeline() takes start before end, not start 1960 after end 1950",
        ),
        (
            lambda ds: sovietdata.timeline(start=1957, end=1953),
            ValueError,
            "timeline() takes start before end, not start 1957 after end 1953",
        ),
    ],
)
def test_a_malformed_question_is_refused_not_answered_empty(
    ds: Dataset, call: Callable[[Dataset], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        call(ds)
    # An unknown id may come with suggestions after the message.
    assert caught.value.args[0].split("; did you mean")[0] == message


def test_a_tenure_of_other_data_is_not_taken_for_this_ones(ds: Dataset) -> None:
    mine = ds.lookup("khrushchev-first-secretary", Tenure)
    other = msgspec.structs.replace(mine, note="a tenure of other data")
    with pytest.raises(LookupError, match="not the one of that id in this dataset"):
        ds.successor(other)


def test_a_withdrawn_record_still_has_its_correction(ds: Dataset) -> None:
    withdrawn = "khrushchev-reelected-first-secretary-1956"
    assert withdrawn not in ds
    (correction,) = ds.corrections_of(withdrawn)
    assert correction.field is None
    assert ds.corrections_of("khrushchev") == ()


def test_annotations_say_what_is_accepted() -> None:
    """`timeline(person=...)` takes a Person too, and returns events and elections."""
    for function in (sovietdata.timeline, Dataset.timeline):
        hints = typing.get_type_hints(function)
        assert hints["person"] == str | Person | None
        assert hints["start"] == int | None
        assert hints["return"] == tuple[Event | Election, ...]
    assert typing.get_type_hints(Dataset.sources_of)["record"] == str | sovietdata.Record
    assert typing.get_type_hints(Dataset.disputes_about)["record"] == str | sovietdata.Record
    assert typing.get_type_hints(Dataset.cited_by)["source"] == str | sovietdata.Source
    assert typing.get_type_hints(Dataset.naming)["person"] == str | Person
    assert typing.get_type_hints(Dataset.cite)["citation"] is sovietdata.Citation


# --- the timeline holds events and elections --------------------------------------------------


def test_timeline_holds_the_events_and_the_elections(ds: Dataset) -> None:
    records = ds.timeline()
    assert len(records) == len(ds.events) + len(ds.elections)
    assert set(records) == set(ds.events) | set(ds.elections)
    assert all(isinstance(e, Event) for e in ds.events)
    flagship = sovietdata.election()
    assert flagship in sovietdata.timeline()
    assert flagship in sovietdata.timeline(start=1953, end=1953)
    assert flagship not in sovietdata.timeline(start=1954)
    # On the same day the sitting comes first, then the vote taken at it.
    i = records.index(flagship)
    assert records[i - 1].id == "cc-plenum-1953-09-07-session"
    assert records[i - 1].date == flagship.date


def test_timeline_of_a_person_has_the_elections_that_chose_them_or_they_proposed(
    ds: Dataset,
) -> None:
    flagship = sovietdata.election()
    assert flagship in ds.timeline(person="khrushchev")
    assert flagship in ds.timeline(person="malenkov")  # proposed it
    assert flagship not in ds.timeline(person="beria")
    brezhnev = ds.lookup("brezhnev-elected-first-secretary", Election)
    assert brezhnev in ds.timeline(person="brezhnev")
    assert brezhnev not in ds.timeline(person="khrushchev")


def test_timeline_elections_in_data_of_ones_own(tmp_path: Path) -> None:
    """A person at the session sees the session, not the vote; the elected and the proposer do."""
    doc = json.loads(json.dumps(MINIMAL))
    doc["person"].append({**doc["person"][1], "id": "third", "name": "Semyon Sidorov"})
    doc["event"][0]["people"] = ["first", "second", "third"]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    mine = sovietdata.load(path)
    assert [r.id for r in mine.timeline()] == ["session", "vote"]
    assert [r.id for r in mine.timeline(person="first")] == ["session", "vote"]
    assert [r.id for r in mine.timeline(person="second")] == ["session", "vote"]
    assert [r.id for r in mine.timeline(person="third")] == ["session"]
    assert [e.id for e in mine.events] == ["session"]


# --- messages use the right article -----------------------------------------------------------


@pytest.mark.parametrize(
    ("record_id", "kind", "message"),
    [
        ("malenkov", Event, "'malenkov' is a Person, not an Event"),
        ("malenkov", sovietdata.Office, "'malenkov' is a Person, not an Office"),
        ("malenkov", Election, "'malenkov' is a Person, not an Election"),
        ("congress-20", Person, "'congress-20' is an Event, not a Person"),
        (sovietdata.FLAGSHIP, Event, f"{sovietdata.FLAGSHIP!r} is an Election, not an Event"),
        ("first-secretary-cpsu", Tenure, "'first-secretary-cpsu' is an Office, not a Tenure"),
    ],
)
def test_wrong_type_messages_use_the_right_article(
    record_id: str, kind: type[sovietdata.Record], message: str
) -> None:
    with pytest.raises(LookupError) as caught:
        sovietdata.lookup(record_id, kind)
    assert caught.value.args[0] == message


def test_no_message_says_a_before_a_vowel(ds: Dataset) -> None:
    """Every pair of record types: "an Event", "an Office", "an Election", never "a Event"."""
    kinds = {type(r): r for r in ds}
    messages = []
    for record in kinds.values():
        for kind in kinds:
            if not isinstance(record, kind):
                with pytest.raises(LookupError) as caught:
                    ds.lookup(record.id, kind)
                messages.append(caught.value.args[0])
    with pytest.raises(LookupError) as caught:
        ds.tenures_of("congress-20")
    messages.append(caught.value.args[0])
    assert len(messages) > 50
    assert [m for m in messages if re.search(r"\ba [AEIOU]", m)] == []
    assert "'congress-20' is an Event, not a Person or Office" in messages
