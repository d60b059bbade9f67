"""Each rule that rejects bad data, with the message a user sees."""

from __future__ import annotations

import codecs
import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest

import sovietdata
from sovietdata import _loader
from sovietdata.errors import DataError, Problem
from sovietdata.models import Record

from .conftest import CITE, MINIMAL, Document, problems, record


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
        Problem(
            "test.toml",
            "committee",
            "citations[0].check.found",
            "expected one of 'verbatim', 'substance', 'not-found'; got 'maybe'",
        ),
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
        Problem(
            "test.toml",
            "fix-vote",
            "record",
            "unknown record 'vot'; did you mean 'vote' or 'vote-date'?",
        ),
    ),
    (
        "correction of a field the record does not have",
        _set("correction", "fix-vote", "field", "votes"),
        Problem(
            "test.toml",
            "fix-vote",
            "field",
            "Election 'vote' has no field 'votes'; did you mean 'vote'?",
        ),
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
        Problem("test.toml", "first", "name", "expected text that is not empty; got 5"),
    ),
    (
        "unknown field",
        _set("person", "first", "nickname", "Nikita"),
        Problem(
            "test.toml",
            "first",
            "nickname",
            "unknown field; Person fields are id, citations, name, name_ru, full_name, born, "
            "born_place, died, died_place, wikidata, summary",
        ),
    ),
    (
        "unknown field in a citation",
        lambda d: record(d, "office", "secretary")["citations"].append(
            {"source": "book", "pages": "3"}
        ),
        Problem(
            "test.toml", "secretary", "citations[1].pages", "unknown field; did you mean 'page'?"
        ),
    ),
    (
        "missing field",
        _drop("person", "second", "summary"),
        Problem("test.toml", "second", "summary", "required field is missing"),
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
        Problem(
            "test.toml",
            "first",
            "born",
            "'1900-02-29' is not a date: day 29 does not exist in February 1900",
        ),
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
            "'1950-01-07/1950-01-03' is not an EDTF interval: "
            "the end (1950-01-03) is before the start (1950-01-07)",
        ),
    ),
    (
        "bad id",
        _set("source", "book", "id", "A Book"),
        Problem(
            "test.toml",
            "source[0]",
            "id",
            "expected an id: lower-case letters, digits and hyphens, such as 'khrushchev'; "
            "got 'A Book'",
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
        Problem("test.toml", "committee", "citations", "expected at least one citation; got none"),
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
            "expected one of 'supported', 'partly-supported', 'misleading', 'incorrect', "
            "'unverifiable'; got 'mostly true'",
        ),
    ),
    (
        "claim without evidence",
        _set("claim", "claim-one", "evidence", []),
        Problem("test.toml", "claim-one", "evidence", "expected at least one citation; got none"),
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
        Problem("test.toml", "first", "name", "expected text that is not empty; got '   '"),
    ),
    (
        "mistyped field",
        _set("source", "book", "publshed", "1999"),
        Problem("test.toml", "book", "publshed", "unknown field; did you mean 'published'?"),
    ),
    (
        "mistyped field of a citation",
        _set("office", "secretary", "citations", [{"source": "book", "qoute": "the top post"}]),
        Problem(
            "test.toml", "secretary", "citations[0].qoute", "unknown field; did you mean 'quote'?"
        ),
    ),
    (
        "mistyped reference",
        _set("tenure", "first-term", "person", "frist"),
        Problem(
            "test.toml", "first-term", "person", "unknown Person 'frist'; did you mean 'first'?"
        ),
    ),
    (
        "mistyped source of a citation",
        _set("person", "second", "citations", [{"source": "bok"}]),
        Problem(
            "test.toml",
            "second",
            "citations[0].source",
            "unknown Source 'bok'; did you mean 'book'?",
        ),
    ),
    (
        "mistyped choice",
        _set("source", "book", "kind", "boook"),
        Problem(
            "test.toml",
            "book",
            "kind",
            "expected one of 'archive', 'encyclopedia', 'book', 'article', 'government', "
            "'newspaper', 'reference', 'website'; got 'boook'; did you mean 'book'?",
        ),
    ),
    (
        "number written as text",
        _set("claim", "claim-one", "number", "1"),
        Problem(
            "test.toml", "claim-one", "number", "expected a whole number of at least 1; got '1'"
        ),
    ),
    (
        "number below its least",
        _set("grade", "popular", "order", 0),
        Problem("test.toml", "popular", "order", "expected a whole number of at least 1; got 0"),
    ),
    (
        "yes or no written as text",
        _set("office", "secretary", "single_holder", "yes"),
        Problem("test.toml", "secretary", "single_holder", "expected true or false; got 'yes'"),
    ),
    (
        "quotation too long",
        _set("claim", "claim-one", "quote", "x" * 95),
        Problem(
            "test.toml",
            "claim-one",
            "quote",
            "expected at most 80 characters (text that is not empty); got 95",
        ),
    ),
    (
        "bad Wikidata id",
        _set("person", "first", "wikidata", "35314"),
        Problem(
            "test.toml", "first", "wikidata", "expected a Wikidata id such as Q35314; got '35314'"
        ),
    ),
    (
        "bad language tag",
        _set("source", "book", "language", "English"),
        Problem(
            "test.toml",
            "book",
            "language",
            "expected a language tag such as 'en' or 'ru'; got 'English'",
        ),
    ),
    (
        "list written as one value",
        _set("event", "session", "people", "first"),
        Problem(
            "test.toml", "session", "people", "expected a list in square brackets; got 'first'"
        ),
    ),
    (
        "citations written as one value",
        _set("body", "committee", "citations", "book"),
        Problem(
            "test.toml",
            "committee",
            "citations",
            "expected a list of citations, each a table; got 'book'",
        ),
    ),
    (
        "dispute with one value",
        lambda d: record(d, "dispute", "vote-date").update(
            values=record(d, "dispute", "vote-date")["values"][:1]
        ),
        Problem("test.toml", "vote-date", "values", "expected at least two values; got one"),
    ),
    (
        "election of an unknown tenure",
        _set("election", "vote", "tenure", "frist-term"),
        Problem(
            "test.toml", "vote", "tenure", "unknown Tenure 'frist-term'; did you mean 'first-term'?"
        ),
    ),
    (
        "bad id in a list of ids",
        _set("event", "session", "people", ["first", "Second"]),
        Problem(
            "test.toml",
            "session",
            "people[1]",
            "expected an id: lower-case letters, digits and hyphens, such as 'khrushchev'; "
            "got 'Second'",
        ),
    ),
    (
        "citation that is not a table",
        _set("person", "second", "citations", ["book"]),
        Problem("test.toml", "second", "citations[0]", "expected a table of fields; got 'book'"),
    ),
    (
        "dated event whose only quotation was not found",
        _set("event", "session", "citations", [{"source": "book", "check": NOT_FOUND}]),
        Problem(
            "test.toml",
            "session",
            "citations",
            "every citation is marked not found in its source; "
            "a quotation that was not found cannot be the only support",
        ),
    ),
    (
        "check that is not a table",
        _set("body", "committee", "citations", [{"source": "book", "check": "verbatim"}]),
        Problem(
            "test.toml",
            "committee",
            "citations[0].check",
            "expected a table of fields; got 'verbatim'",
        ),
    ),
    (
        "mistyped section",
        lambda d: d.update(persons=[]),
        Problem("test.toml", None, "persons", "unknown section; did you mean [[person]]?"),
    ),
    (
        "unknown section",
        lambda d: d.update(people=[]),
        Problem(
            "test.toml",
            None,
            "people",
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
    assert str(caught.value) == (
        "people.toml: record 'first', field 'born': "
        "'1900-13' is not a date: month 13 does not exist"
    )


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
        Problem(
            "test.toml",
            "person[2]",
            None,
            "expected a table of fields, written [[person]]; got 'Khrushchev'",
        )
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
        (b"\xff\xfe", "not UTF-8 text: the file is saved as UTF-16; save it as UTF-8"),
        (b"\x80abc", "not UTF-8 text: invalid start byte"),
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


# --- Every problem in one pass ------------------------------------------------------------

TEN_MISTAKES = """\
[[source]]
id = "book"
kind = "book"
grade = "scholarly"
title = "A history"

[[source]]
id = "Memoirs"
kind = "book"
grade = "scholarly"
title = ""
url = "www.example.org/memoirs"
isbn = "978-0-19-280139-8"

[[source]]
id = "book"
kind = "article"
grade = "scholarly"
title = "Another work under the same id"

[[person]]
id = "petrov"
name = "Ivan Petrov"
born = "1900"
died = "1890"
[[person.citations]]
source = "book"
page = "12"

[[person]]
id = "sidorov"
name = 1905
name_ru = "Пётр Сидоров"
summary = "Another secretary."
[[person.citations]]
source = "tass"

[[event]]
id = "session"
title = "A session"
date = "1950-01-03"
kind = "plenum"
people = ["petrof"]
summary = "It met."
[[event.citations]]
source = "book"
page = "3"
"""


def test_ten_mistakes_are_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "ten.toml"
    path.write_text(TEN_MISTAKES, encoding="utf-8")
    name = str(path)
    an_id = "an id: lower-case letters, digits and hyphens, such as 'khrushchev'"
    expected = (
        # A record whose id is bad is named by its place, and its other fields are checked.
        Problem(name, "source[1]", "id", f"expected {an_id}; got 'Memoirs'"),
        Problem(name, "source[1]", "title", "expected text that is not empty; got ''"),
        Problem(
            name,
            "source[1]",
            "url",
            "expected a web address starting with http:// or https://; "
            "got 'www.example.org/memoirs'",
        ),
        Problem(
            name,
            "source[1]",
            "isbn",
            "expected an ISBN-13 of 13 digits, without hyphens; got '978-0-19-280139-8'",
        ),
        Problem(name, "book", "id", f"duplicate id; first defined in {name}"),
        # The rules among fields still run on the good fields of a record with a bad one.
        Problem(name, "petrov", "summary", "required field is missing"),
        Problem(name, "petrov", "died", "1890 is before birth (1900)"),
        Problem(name, "sidorov", "name", "expected text that is not empty; got 1905"),
        Problem(name, "sidorov", "citations[0].source", "unknown Source 'tass'"),
        Problem(name, "session", "people[0]", "unknown Person 'petrof'; did you mean 'petrov'?"),
    )
    assert sovietdata.validate(path) == expected
    with pytest.raises(DataError) as caught:
        sovietdata.load(path)
    assert caught.value.problems == expected
    assert str(caught.value).splitlines()[:2] == [str(expected[0]), "(9 more problems)"]


def test_the_messages_never_show_a_regular_expression() -> None:
    """Every constrained kind of text in the models has words in the messages."""
    from msgspec import inspect  # noqa: PLC0415

    patterns: set[str] = set()
    seen: set[type] = set()

    def walk(info: inspect.Type) -> None:
        if isinstance(info, inspect.StrType) and info.pattern is not None:
            patterns.add(info.pattern)
        elif isinstance(info, inspect.UnionType):
            for member in info.types:
                walk(member)
        elif isinstance(info, inspect.VarTupleType):
            walk(info.item_type)
        elif isinstance(info, inspect.StructType) and info.cls not in seen:
            seen.add(info.cls)
            for field in info.fields:
                walk(field.type)

    walk(inspect.type_info(_loader.DataFile))
    assert patterns
    assert patterns <= set(_loader.PATTERN_WORDS)
    for words in _loader.PATTERN_WORDS.values():
        assert not set(words) & set("^$[]\\"), words


@pytest.mark.parametrize(
    ("section", "index", "field"),
    [
        (section, index, field)
        for section, entries in sorted(MINIMAL.items())
        for index, entry in enumerate(entries)
        for field in entry
        if field != "id"
    ],
)
def test_one_bad_field_is_one_problem(doc: Document, section: str, index: int, field: str) -> None:
    """A bad field is reported once, where it is; no rule guesses what it would have held."""
    entry = doc[section][index]
    entry[field] = 1.5  # of no type a field takes
    (found,) = problems(doc)
    assert (found.record, found.field) == (entry["id"], field)
    assert found.message.startswith("expected "), found.message
    assert found.message.endswith("; got 1.5"), found.message


def test_a_bad_id_hides_only_references_to_it(doc: Document) -> None:
    record(doc, "person", "second")["id"] = "Second"
    found = problems(doc)
    assert found[0] == Problem(
        "test.toml",
        "person[1]",
        "id",
        "expected an id: lower-case letters, digits and hyphens, such as 'khrushchev'; "
        "got 'Second'",
    )
    # What referred to 'second' now refers to a record that is not there.
    assert {(p.record, p.field) for p in found[1:]} == {
        ("second-term", "person"),
        ("session", "people[1]"),
        ("vote", "proposed_by"),
    }
    assert all(p.message.startswith("unknown Person 'second'") for p in found[1:])


def test_problems_come_in_the_order_of_the_records(doc: Document) -> None:
    record(doc, "claim", "claim-one")["verdict"] = "true"
    record(doc, "person", "first")["name"] = ""
    record(doc, "source", "book")["title"] = ""
    assert [p.record for p in problems(doc)] == ["book", "first", "claim-one"]


def test_an_unquoted_toml_date_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[source]]\nid = "notes"\nkind = "book"\ngrade = "scholarly"\ntitle = "My notes"\n'
        "published = 1999-05-01\n",
        encoding="utf-8",
    )
    assert sovietdata.validate(path) == (
        Problem(
            str(path),
            "notes",
            "published",
            "expected a date in EDTF, in quotes, such as '1953-09-07' or '1953-09'; "
            "got 1999-05-01 without quotes",
        ),
    )


def test_one_more_problem_is_one(doc: Document) -> None:
    record(doc, "person", "first")["name"] = ""
    record(doc, "person", "second")["name"] = ""
    with pytest.raises(DataError) as caught:
        _loader.build(*_loader.check([("test.toml", doc)]))
    assert str(caught.value).splitlines()[1] == "(1 more problem)"


# --- Files: byte order marks, names -------------------------------------------------------

SOURCE_TOML = '[[source]]\nid = "notes"\nkind = "book"\ngrade = "scholarly"\ntitle = "My notes"\n'
SOURCE_JSON = (
    '{"source": [{"id": "notes", "kind": "book", "grade": "scholarly", "title": "My notes"}]}'
)


@pytest.mark.parametrize(("name", "text"), [("mine.toml", SOURCE_TOML), ("mine.json", SOURCE_JSON)])
def test_a_utf8_byte_order_mark_is_read(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert sovietdata.validate(path) == ()
    assert [s.title for s in sovietdata.load(path).sources] == ["My notes"]


@pytest.mark.parametrize("name", ["mine.toml", "mine.json"])
def test_a_utf16_file_is_refused_naming_the_cause(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(SOURCE_TOML.encode("utf-16"))
    assert sovietdata.validate(path) == (
        Problem(
            str(path), None, None, "not UTF-8 text: the file is saved as UTF-16; save it as UTF-8"
        ),
    )


@pytest.mark.parametrize(
    ("name", "ending"), [("data.yaml", "ends in '.yaml'"), ("data", "has no ending")]
)
def test_a_file_that_is_not_toml_or_json_is_refused(tmp_path: Path, name: str, ending: str) -> None:
    path = tmp_path / name
    path.write_text(SOURCE_TOML, encoding="utf-8")
    message = f"not a data file: its name {ending}; a data file is a .toml or .json file"
    assert sovietdata.validate(path) == (Problem(str(path), None, None, message),)
    with pytest.raises(DataError, match="not a data file"):
        sovietdata.load(path)


def test_a_folder_still_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not data", encoding="utf-8")
    (tmp_path / "data.yaml").write_text("source: []", encoding="utf-8")
    (tmp_path / "MINE.TOML").write_text(SOURCE_TOML, encoding="utf-8")
    assert sovietdata.validate(tmp_path) == ()
    assert [s.id for s in sovietdata.load(tmp_path).sources] == ["notes"]


# --- Files of one's own beside the shipped data ---------------------------------------------

MY_EVENT = """\
[[source]]
id = "notes"
kind = "book"
grade = "scholarly"
title = "My notes"

[[event]]
id = "visit-in-my-notes"
title = "A visit in my notes"
date = "1959-09-15"
kind = "meeting"
people = ["khrushchev"]
bodies = ["cc-plenum"]
summary = "Something my notes tell."
[[event.citations]]
source = "notes"
page = "1"
"""


def test_shipped_data_is_the_folder_of_the_shipped_files() -> None:
    assert isinstance(sovietdata.SHIPPED_DATA, Path)
    assert "SHIPPED_DATA" in sovietdata.__all__
    assert sovietdata.SHIPPED_DATA.parent == Path(sovietdata.__file__).parent
    assert (sovietdata.SHIPPED_DATA / "people.toml").is_file()
    assert sovietdata.load(sovietdata.SHIPPED_DATA) == sovietdata.dataset()
    with pytest.raises(AttributeError, match="has no attribute 'SHIPPED_DATUM'"):
        sovietdata.SHIPPED_DATUM  # type: ignore[attr-defined]  # noqa: B018


def test_importing_the_package_does_not_import_pathlib() -> None:
    code = (
        "import sys, sovietdata; print('pathlib' in sys.modules); "
        "sovietdata.SHIPPED_DATA; print('pathlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_a_reference_to_shipped_data_gets_a_hint(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(MY_EVENT, encoding="utf-8")
    hint = (
        "the shipped data has it, so load your file beside the shipped data: "
        "sovietdata.load(sovietdata.SHIPPED_DATA, path)"
    )
    assert sovietdata.validate(mine) == (
        Problem(str(mine), "visit-in-my-notes", "bodies[0]", f"unknown Body 'cc-plenum'; {hint}"),
        Problem(
            str(mine), "visit-in-my-notes", "people[0]", f"unknown Person 'khrushchev'; {hint}"
        ),
    )
    # Beside the shipped data it loads, and its records refer to the shipped ones.
    assert sovietdata.validate(sovietdata.SHIPPED_DATA, mine) == ()
    both = sovietdata.load(sovietdata.SHIPPED_DATA, mine)
    assert both.lookup("visit-in-my-notes", sovietdata.Event).people == ("khrushchev",)
    assert len(both) == len(sovietdata.dataset()) + 2


def test_no_shipped_hint_for_an_id_the_shipped_data_lacks_or_holds_as_another_type(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        MY_EVENT.replace('people = ["khrushchev"]', 'people = ["nobody", "cc-plenum"]'),
        encoding="utf-8",
    )
    assert [(p.field, p.message) for p in sovietdata.validate(mine)] == [
        (
            "bodies[0]",
            "unknown Body 'cc-plenum'; the shipped data has it, so load your file "
            "beside the shipped data: sovietdata.load(sovietdata.SHIPPED_DATA, path)",
        ),
        ("people[0]", "unknown Person 'nobody'"),
        ("people[1]", "unknown Person 'cc-plenum'"),
    ]


@pytest.mark.parametrize("field", sovietdata.Citation.__struct_fields__)
def test_one_bad_field_of_a_citation_is_one_problem(doc: Document, field: str) -> None:
    record(doc, "office", "secretary")["citations"] = [{"source": "book"} | {field: 1.5}]
    (found,) = problems(doc)
    assert (found.record, found.field) == ("secretary", f"citations[0].{field}")
    assert found.message.startswith("expected ")
    assert found.message.endswith("; got 1.5")


@pytest.mark.parametrize("field", sovietdata.Value.__struct_fields__)
def test_one_bad_field_of_a_dispute_value_is_one_problem(doc: Document, field: str) -> None:
    values = record(doc, "dispute", "vote-date")["values"]
    values[1] = dict(values[1], **{field: 1.5})
    (found,) = problems(doc)
    assert (found.record, found.field) == ("vote-date", f"values[1].{field}")
    assert found.message.endswith("; got 1.5")


def test_a_bad_value_stops_every_rule_that_needs_it() -> None:
    """A field that failed its check holds a value that refuses every use, so no rule guesses."""
    hidden = _loader.HIDDEN
    uses: list[Callable[[Any], object]] = [
        bool,
        str,
        repr,
        hash,
        iter,
        len,
        lambda h: h == "x",
        lambda h: h != "x",
        ("x",).count,  # "x" == h, answered by h
        lambda h: h < 1,
        lambda h: f"{h}",
        lambda h: "x" in h,
        lambda h: h.lower(),
        _loader._need,
    ]
    for use in uses:
        with pytest.raises(_loader._HiddenError):
            use(hidden)
    assert not hasattr(hidden, "__wrapped__")  # what tools look for is plainly absent
    assert _loader._need("x") == "x"


def test_should_the_two_checks_disagree_the_problem_is_still_reported(
    doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    def finds_nothing(self: object, value: object, kind: type[Record], path: str) -> Record:
        fields = msgspec.structs.fields(kind)
        return kind(**{f.name: _loader.HIDDEN for f in fields if f.required})

    record(doc, "person", "first")["name"] = 5
    monkeypatch.setattr(_loader._FieldChecker, "table", finds_nothing)
    # msgspec's own words, rather than nothing (the record's id is lost, so references to it too).
    assert problems(doc)[0] == Problem(
        "test.toml", "person[0]", "name", "Expected `str`, got `int`"
    )


def test_a_paused_cycle_collector_stays_paused(doc: Document) -> None:
    gc.disable()
    try:
        assert problems(doc) == []
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_null_in_json_is_an_absent_optional_field(doc: Document) -> None:
    record(doc, "source", "book").update(url=None, title="")
    assert problems(doc) == [
        Problem("test.toml", "book", "title", "expected text that is not empty; got ''")
    ]
