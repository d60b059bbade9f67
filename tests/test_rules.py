"""Each rule that rejects bad data, with the message a user sees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import sovietdata
from sovietdata import _loader
from sovietdata.errors import DataError, Problem

from .conftest import CITE, Document, problems, record


def test_minimal_dataset_is_valid(doc: Document) -> None:
    assert problems(doc) == []
    found, records = _loader.check([("test.toml", doc)])
    assert len(sovietdata.Dataset(_loader.build(found, records))) == 15


def _set(section: str, rid: str, field: str, value: object) -> Callable[[Document], None]:
    def edit(doc: Document) -> None:
        record(doc, section, rid)[field] = value

    return edit


def _drop(section: str, rid: str, field: str) -> Callable[[Document], None]:
    def edit(doc: Document) -> None:
        del record(doc, section, rid)[field]

    return edit


def _add_tenure(**fields: object) -> Callable[[Document], None]:
    def edit(doc: Document) -> None:
        base = {"person": "second", "office": "secretary", "citations": [{"source": "book"}]}
        doc["tenure"].append(base | fields)

    return edit


def _duplicate(doc: Document) -> None:
    doc["person"].append(dict(record(doc, "person", "first")))


def _value_rank(rank: str) -> Callable[[Document], None]:
    def edit(doc: Document) -> None:
        record(doc, "dispute", "vote-date")["values"][1]["rank"] = rank

    return edit


NOT_FOUND = {"date": "2026-11-30", "found": "not-found"}
DATES_ALONE = (
    "a date of the story cites only sources whose grade cannot support it alone: "
    "blog (popular); add a source graded scholarly"
)

RULES: list[tuple[str, Callable[[Document], None], Problem]] = [
    (
        "dated event citing only popular sources",
        _set("event", "session", "citations", [{"source": "blog"}, {"source": "blog"}]),
        Problem("test.toml", "session", "citations", f"date: {DATES_ALONE}"),
    ),
    (
        "birth and death citing only popular sources",
        _set("person", "first", "citations", [{"source": "blog", "page": "2"}]),
        Problem("test.toml", "first", "citations", f"born/died: {DATES_ALONE}"),
    ),
    (
        "tenure whose strong citation was not found",
        _set(
            "tenure",
            "second-term",
            "citations",
            [{"source": "book", "quote": "took office", "check": NOT_FOUND}, {"source": "blog"}],
        ),
        Problem("test.toml", "second-term", "citations", f"start: {DATES_ALONE}"),
    ),
    (
        "preferred date of a dispute citing only popular sources",
        lambda d: record(d, "dispute", "vote-date")["values"][0].update(
            citations=[{"source": "blog"}]
        ),
        Problem("test.toml", "vote-date", "values[0].citations", DATES_ALONE),
    ),
    (
        "quotation not found as the only support",
        _set(
            "office",
            "secretary",
            "citations",
            [{"source": "book", "quote": "the top post", "check": NOT_FOUND}],
        ),
        Problem(
            "test.toml",
            "secretary",
            "citations",
            "every citation is marked not found in its source; "
            "a quotation that was not found cannot be the only support",
        ),
    ),
    (
        "claim whose only evidence was not found",
        _set("claim", "claim-one", "evidence", [{"source": "book", "check": NOT_FOUND}]),
        Problem(
            "test.toml",
            "claim-one",
            "evidence",
            "every citation is marked not found in its source; "
            "a quotation that was not found cannot be the only support",
        ),
    ),
    (
        "check with an unknown finding",
        _set(
            "body",
            "committee",
            "citations",
            [{"source": "book", "check": {"date": "2026-11-30", "found": "maybe"}}],
        ),
        Problem("test.toml", "committee", "citations[0].check.found", "Invalid enum value 'maybe'"),
    ),
    (
        "check on a date that is not EDTF",
        _set(
            "body",
            "committee",
            "citations",
            [{"source": "book", "check": {"date": "30/11/2026", "found": "verbatim"}}],
        ),
        Problem(
            "test.toml",
            "committee",
            "citations[0].check.date",
            "'30/11/2026' is not an EDTF interval: "
            "'30' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
    ),
    (
        "source without a grade",
        _drop("source", "book", "grade"),
        Problem("test.toml", "book", "grade", "required field is missing"),
    ),
    (
        "source with an unknown grade",
        _set("source", "blog", "grade", "tertiary"),
        Problem("test.toml", "blog", "grade", "unknown Grade 'tertiary'"),
    ),
    (
        "two grades in the same place on the scale",
        _set("grade", "popular", "order", 1),
        Problem("test.toml", "popular", "order", "1 is also the order of 'scholarly'"),
    ),
    (
        "correction of an unknown record",
        _set("correction", "fix-vote", "record", "vot"),
        Problem("test.toml", "fix-vote", "record", "unknown record 'vot'"),
    ),
    (
        "correction of a field the record does not have",
        _set("correction", "fix-vote", "field", "votes"),
        Problem("test.toml", "fix-vote", "field", "Election 'vote' has no field 'votes'"),
    ),
    (
        "withdrawal of a record that is still there",
        _drop("correction", "fix-vote", "field"),
        Problem(
            "test.toml",
            "fix-vote",
            "record",
            "'vote' still exists; a correction without a field withdraws a record",
        ),
    ),
    (
        "wrong type",
        _set("person", "first", "name", 5),
        Problem("test.toml", "first", "name", "Expected `str`, got `int`"),
    ),
    (
        "unknown field",
        _set("person", "first", "nickname", "Nikita"),
        Problem("test.toml", "first", "nickname", "unknown field"),
    ),
    (
        "unknown field in a citation",
        lambda d: record(d, "office", "secretary")["citations"].append(
            {"source": "book", "pages": "3"}
        ),
        Problem("test.toml", "secretary", "citations[1].pages", "unknown field"),
    ),
    (
        "missing field",
        _drop("person", "second", "name_ru"),
        Problem("test.toml", "second", "name_ru", "required field is missing"),
    ),
    (
        "malformed date",
        _set("person", "first", "born", "15.01.1900"),
        Problem(
            "test.toml",
            "first",
            "born",
            "'15.01.1900' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
    ),
    (
        "impossible date",
        _set("person", "first", "born", "1900-02-29"),
        Problem("test.toml", "first", "born", "day 29 does not exist in February 1900"),
    ),
    (
        "interval where a single date is needed",
        _set("tenure", "second-term", "start", "1955/1956"),
        Problem(
            "test.toml",
            "second-term",
            "start",
            "expected a single date, not the interval '1955/1956'",
        ),
    ),
    (
        "interval that ends before it starts",
        _set("event", "session", "date", "1950-01-07/1950-01-03"),
        Problem(
            "test.toml",
            "session",
            "date",
            "interval ends (1950-01-03) before it starts (1950-01-07)",
        ),
    ),
    (
        "bad id",
        _set("source", "book", "id", "A Book"),
        Problem(
            "test.toml",
            "A Book",
            "id",
            "Expected `str` matching regex '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
        ),
    ),
    (
        "duplicate id",
        _duplicate,
        Problem("test.toml", "first", "id", "duplicate id; first defined in test.toml"),
    ),
    (
        "unknown reference",
        _set("tenure", "first-term", "person", "third"),
        Problem("test.toml", "first-term", "person", "unknown Person 'third'"),
    ),
    (
        "reference to a record of the wrong type",
        _set("tenure", "first-term", "office", "committee"),
        Problem("test.toml", "first-term", "office", "'committee' is a Body, expected Office"),
    ),
    (
        "reference to itself",
        _set("body", "committee", "parent", "committee"),
        Problem("test.toml", "committee", "parent", "a record cannot refer to itself"),
    ),
    (
        "end before start",
        _set("tenure", "first-term", "end", "1949"),
        Problem("test.toml", "first-term", "end", "1949 is before the start (1950-01-07)"),
    ),
    (
        "death before birth",
        _set("person", "first", "died", "1899"),
        Problem("test.toml", "first", "died", "1899 is before birth (1900-01-15)"),
    ),
    (
        "office held after death",
        _set("person", "first", "died", "1951"),
        Problem("test.toml", "first-term", "end", "1955-06 is after first died (1951)"),
    ),
    (
        "office held before birth",
        _set("person", "first", "born", "1951"),
        Problem("test.toml", "first-term", "start", "1950-01-07 is before first was born"),
    ),
    (
        "tenure outside its start event",
        _set("tenure", "first-term", "start", "1950-01-08"),
        Problem(
            "test.toml",
            "first-term",
            "start_event",
            "'session' (1950-01-03/1950-01-07) does not include 1950-01-08",
        ),
    ),
    (
        "two holders of a single-holder office",
        _add_tenure(id="overlap", start="1954-01-01", end="1954-12-31"),
        Problem(
            "test.toml",
            "overlap",
            "start",
            "'secretary' has one holder at a time, but 'first-term' (1950-01-07 to 1955-06) "
            "overlaps 1954-01-01",
        ),
    ),
    (
        "fact without a citation",
        _set("body", "committee", "citations", []),
        Problem("test.toml", "committee", "citations", "Expected `array` of length >= 1"),
    ),
    (
        "citation to an unknown source",
        _set("person", "second", "citations", [{"source": "tass"}]),
        Problem("test.toml", "second", "citations[0].source", "unknown Source 'tass'"),
    ),
    (
        "claim without a verdict",
        _drop("claim", "claim-one", "verdict"),
        Problem("test.toml", "claim-one", "verdict", "required field is missing"),
    ),
    (
        "claim with an unknown verdict",
        _set("claim", "claim-one", "verdict", "mostly true"),
        Problem(
            "test.toml",
            "claim-one",
            "verdict",
            "Invalid enum value 'mostly true'",
        ),
    ),
    (
        "claim without evidence",
        _set("claim", "claim-one", "evidence", []),
        Problem("test.toml", "claim-one", "evidence", "Expected `array` of length >= 1"),
    ),
    (
        "claim numbered twice",
        lambda d: d["claim"].append(dict(record(d, "claim", "claim-one"), id="claim-two")),
        Problem("test.toml", "claim-two", "number", "1 is also the number of 'claim-one'"),
    ),
    (
        "election on another day than its tenure starts",
        _set("election", "vote", "date", "1950-01-05"),
        Problem(
            "test.toml", "vote", "date", "1950-01-05 is not the start of 'first-term' (1950-01-07)"
        ),
    ),
    (
        "election outside its session",
        _set("event", "session", "date", "1949-12"),
        Problem("test.toml", "vote", "date", "1950-01-07 is outside 'session' (1949-12)"),
    ),
    (
        "election of another person than its tenure",
        _set("election", "vote", "person", "second"),
        Problem("test.toml", "vote", "person", "differs from the person of tenure 'first-term'"),
    ),
    (
        "re-election outside its tenure",
        lambda d: record(d, "election", "vote").update(reelection=True, date="1955-07-01"),
        Problem("test.toml", "vote", "date", "1955-07-01 is outside tenure 'first-term'"),
    ),
    (
        "dispute with two preferred values",
        _value_rank("preferred"),
        Problem("test.toml", "vote-date", "values", "needs exactly one preferred value, has 2"),
    ),
    (
        "dispute with no preferred value",
        lambda d: record(d, "dispute", "vote-date")["values"][0].update(rank="normal"),
        Problem("test.toml", "vote-date", "values", "needs exactly one preferred value, has 0"),
    ),
    (
        "dispute that contradicts the record",
        lambda d: record(d, "dispute", "vote-date")["values"][0].update(value="1950-01-06"),
        Problem(
            "test.toml",
            "vote-date",
            "values",
            "the preferred value '1950-01-06' differs from vote.date = '1950-01-07'",
        ),
    ),
    (
        "dispute about a field that does not exist",
        _set("dispute", "vote-date", "field", "day"),
        Problem("test.toml", "vote-date", "field", "Election 'vote' has no field 'day'"),
    ),
    (
        "dispute with a value that is not a date",
        lambda d: record(d, "dispute", "vote-date")["values"][1].update(value="13 Sept"),
        Problem(
            "test.toml",
            "vote-date",
            "values[1].value",
            "'13 Sept' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
    ),
    (
        "dispute listing a value twice",
        lambda d: record(d, "dispute", "vote-date")["values"][1].update(value="1950-01-07"),
        Problem("test.toml", "vote-date", "values[1].value", "'1950-01-07' is listed twice"),
    ),
    (
        "dispute about an unset field",
        lambda d: record(d, "dispute", "vote-date").update(subject="second", field="died"),
        Problem(
            "test.toml",
            "vote-date",
            "field",
            "second.died must hold a single value, the preferred one",
        ),
    ),
    (
        "dispute about a list field",
        lambda d: record(d, "dispute", "vote-date").update(subject="session", field="people"),
        Problem(
            "test.toml",
            "vote-date",
            "field",
            "session.people must hold a single value, the preferred one",
        ),
    ),
    (
        "dispute about a yes/no field compares it as written",
        lambda d: record(d, "dispute", "vote-date").update(
            subject="secretary",
            field="single_holder",
            values=[
                {"value": "false", "rank": "preferred", "reason": "r", "citations": CITE},
                {"value": "true", "rank": "normal", "reason": "r", "citations": CITE},
            ],
        ),
        Problem(
            "test.toml",
            "vote-date",
            "values",
            "the preferred value 'false' differs from secretary.single_holder = 'true'",
        ),
    ),
    (
        "election of another office than its tenure",
        lambda d: (
            d["office"].append(dict(record(d, "office", "secretary"), id="deputy"))
            or record(d, "election", "vote").update(office="deputy")
        ),
        Problem("test.toml", "vote", "office", "differs from the office of tenure 'first-term'"),
    ),
    (
        "tenure outside its end event",
        lambda d: record(d, "tenure", "first-term").update(end_event="session"),
        Problem(
            "test.toml",
            "first-term",
            "end_event",
            "'session' (1950-01-03/1950-01-07) does not include 1955-06",
        ),
    ),
    (
        "dispute about the id itself",
        _set("dispute", "vote-date", "field", "id"),
        Problem("test.toml", "vote-date", "field", "Election 'vote' has no field 'id'"),
    ),
    (
        "text that is only white space",
        _set("person", "first", "name", "   "),
        Problem("test.toml", "first", "name", r"Expected `str` matching regex '\\S'"),
    ),
    (
        "unknown section",
        lambda d: d.update(persons=[]),
        Problem(
            "test.toml",
            None,
            "persons",
            "unknown section; expected one of [[grade]], [[source]], [[person]], [[body]], "
            "[[office]], [[tenure]], [[event]], [[election]], [[dispute]], [[claim]], "
            "[[correction]]",
        ),
    ),
    (
        "section that is not an array of tables",
        lambda d: d.update(person={"id": "x"}),
        Problem("test.toml", None, "person", "expected an array of tables, written [[person]]"),
    ),
]


@pytest.mark.parametrize(("rule", "edit", "expected"), RULES, ids=[r[0] for r in RULES])
def test_rule(
    rule: str, edit: Callable[[Document], None], expected: Problem, doc: Document
) -> None:
    edit(doc)
    found = problems(doc)
    assert expected in found, "\n".join(map(str, found))
    with pytest.raises(DataError) as caught:
        _loader.build(*_loader.check([("test.toml", doc)]))
    assert str(expected) in str(caught.value)


def test_error_message_names_file_record_and_field(doc: Document) -> None:
    record(doc, "person", "first")["born"] = "1900-13"
    with pytest.raises(DataError) as caught:
        _loader.build(*_loader.check([("people.toml", doc)]))
    assert str(caught.value) == "people.toml: record 'first', field 'born': month 13 does not exist"


def test_every_problem_is_listed(doc: Document) -> None:
    record(doc, "person", "first")["born"] = "1900-13"
    record(doc, "person", "second")["name"] = 3
    record(doc, "claim", "claim-one")["evidence"] = [{"source": "nowhere"}]
    with pytest.raises(DataError) as caught:
        _loader.build(*_loader.check([("people.toml", doc)]))
    error = caught.value
    assert len(error.problems) == 3
    assert str(error).splitlines()[1] == "(2 more problems)"
    assert {p.record for p in error.problems} == {"first", "second", "claim-one"}


def test_reference_to_a_broken_record_is_not_reported_twice(doc: Document) -> None:
    record(doc, "person", "first")["name"] = 1
    assert [p.record for p in problems(doc)] == ["first"]


def test_record_without_id_is_named_by_position(doc: Document) -> None:
    del record(doc, "person", "second")["id"]
    assert Problem("test.toml", "person[1]", "id", "required field is missing") in problems(doc)


def test_a_record_that_is_not_a_table(doc: Document) -> None:
    doc["person"].append("Khrushchev")
    assert problems(doc) == [
        Problem("test.toml", "person[2]", None, "Expected `object`, got `str`")
    ]


def test_tenures_of_a_shared_office_may_overlap(doc: Document) -> None:
    record(doc, "office", "secretary")["single_holder"] = False
    _add_tenure(id="overlap", start="1954-01-01", end="1954-12-31")(doc)
    assert problems(doc) == []


def test_nothing_is_loaded_from_a_bad_file(tmp_path: Path) -> None:
    good = tmp_path / "a.toml"
    good.write_text(
        '[[source]]\nid = "ok"\nkind = "book"\ngrade = "scholarly"\ntitle = "Fine"\n',
        encoding="utf-8",
    )
    bad = tmp_path / "b.toml"
    bad.write_text('[[source]]\nid = "ok2"\nkind = "poem"\ntitle = "Bad"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"b\.toml: record 'ok2', field 'kind'"):
        sovietdata.load(tmp_path)
    loaded = sovietdata.load(good)
    # The source, and the shipped scale of grades it is graded on.
    assert [s.id for s in loaded.sources] == ["ok"]
    _, scale = _loader.shipped_grades()
    assert [g.id for g in loaded.grades] == [g["id"] for g in scale["grade"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"[[source]\n",
            "not valid TOML: Expected ']]' at the end of an array declaration (at line 1",
        ),
        (b"\xff\xfe", "not UTF-8 text: invalid start byte"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    (found,) = sovietdata.validate(path)
    assert (found.file, found.record, found.field) == (str(path), None, None)
    assert found.message.startswith(message)


def test_missing_and_empty_paths(tmp_path: Path) -> None:
    (found,) = sovietdata.validate(tmp_path)
    assert found.message == "no .toml or .json data files found"
    (found,) = sovietdata.validate(tmp_path / "absent.toml")
    assert found.message == "cannot read: No such file or directory"


def test_a_start_known_to_the_month_may_share_the_month_of_the_last_term(doc: Document) -> None:
    record(doc, "tenure", "first-term")["end"] = "1955-06-16"
    assert problems(doc) == []
    record(doc, "tenure", "second-term")["start"] = "1955-06-15"
    (found,) = problems(doc)
    assert found.record == "second-term"
    assert "overlaps 1955-06-15" in found.message


def test_a_reelection_inside_its_tenure_is_accepted(doc: Document) -> None:
    record(doc, "election", "vote").update(reelection=True, date="1952-02-01")
    record(doc, "event", "session")["date"] = "1950-01-03/1952-02-01"
    del doc["dispute"]
    assert problems(doc) == []


def test_the_same_claim_number_in_two_articles_is_allowed(doc: Document) -> None:
    doc["source"].append(
        {"id": "other", "kind": "article", "grade": "popular", "title": "Another account"}
    )
    doc["claim"].append(
        dict(record(doc, "claim", "claim-one"), id="claim-elsewhere", article="other")
    )
    assert problems(doc) == []


def test_an_unreadable_directory_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert sovietdata.validate(tmp_path) == (
        Problem(str(tmp_path), None, None, "cannot read: Permission denied"),
    )
