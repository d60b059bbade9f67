"""The record types: short reprs on one line, and msgspec's equality and hashing kept."""

from __future__ import annotations

import msgspec
import pytest

import sovietdata
from sovietdata import models
from sovietdata.models import REPR_WIDTH, Record

#: The record types a data file can hold (Record and Fact are only bases).
RECORD_TYPES: list[type[Record]] = [
    models.Grade,
    models.Source,
    models.Person,
    models.Body,
    models.Office,
    models.Tenure,
    models.Event,
    models.Election,
    models.Dispute,
    models.Claim,
    models.Correction,
]


def _one_of_each() -> list[Record]:
    firsts: dict[type[Record], Record] = {}
    for record in sovietdata.dataset():
        firsts.setdefault(type(record), record)
    return [firsts[kind] for kind in RECORD_TYPES]


def _short(text: str) -> bool:
    return "\n" not in text and "\r" not in text and len(text) <= REPR_WIDTH


def test_the_list_names_every_record_type() -> None:
    concrete = {
        kind
        for kind in vars(models).values()
        if isinstance(kind, type) and issubclass(kind, Record) and kind not in (Record, models.Fact)
    }
    assert concrete == set(RECORD_TYPES)
    assert {type(r) for r in sovietdata.dataset()} == set(RECORD_TYPES)


@pytest.mark.parametrize("record", _one_of_each(), ids=lambda r: type(r).__name__)
def test_a_shipped_record_of_every_type_has_a_short_repr(record: Record) -> None:
    shown = repr(record)
    assert _short(shown)
    assert shown.startswith(f"<{type(record).__name__} {record.id}: ")
    assert shown.endswith(">")
    assert repr(record) == str(record)


def test_every_shipped_record_and_nested_value_has_a_short_repr() -> None:
    for record in sovietdata.dataset():
        assert _short(repr(record)), repr(record)
        citations = getattr(record, "citations", ()) + getattr(record, "evidence", ())
        for value in getattr(record, "values", ()):
            assert _short(repr(value))
            citations += value.citations
        for citation in citations:
            assert _short(repr(citation))
            assert repr(citation).startswith(f"<Citation {citation.source}")
            if citation.check is not None:
                assert _short(repr(citation.check))


def test_what_each_type_shows() -> None:
    ds = sovietdata.dataset()
    assert repr(ds.lookup("khrushchev")) == "<Person khrushchev: Nikita Khrushchev>"
    assert repr(ds.lookup("primary")) == "<Grade primary: Primary>"
    assert repr(ds.lookup("taubman-2003")) == (
        "<Source taubman-2003: Khrushchev: The Man and His Era>"
    )
    assert repr(ds.lookup("cc-plenum")) == "<Body cc-plenum: Plenum of the Central Committee>"
    assert repr(ds.lookup("first-secretary-cpsu")) == (
        "<Office first-secretary-cpsu: First Secretary of the Central Committee of the CPSU>"
    )
    assert repr(ds.lookup("congress-20")) == "<Event congress-20: 20th Party Congress>"
    assert repr(ds.lookup("khrushchev-first-secretary")) == (
        "<Tenure khrushchev-first-secretary: khrushchev first-secretary-cpsu 1953-09-07–1964-10-14>"
    )
    assert repr(sovietdata.election()) == (
        "<Election khrushchev-elected-first-secretary: khrushchev first-secretary-cpsu 1953-09-07>"
    )
    (born,) = ds.disputes_about("khrushchev", "born")
    assert repr(born) == f"<Dispute {born.id}: khrushchev.born>"
    assert [repr(v) for v in born.values] == [
        "<Value 1894-04-15 preferred>",
        "<Value 1894-04-17 normal>",
    ]
    claim = sovietdata.claims()[0]
    assert repr(claim) == f"<Claim {claim.id}: 1 incorrect>"
    correction = ds.corrections_of("congress-20")[0]
    assert repr(correction) == f"<Correction {correction.id}: congress-20.summary 2026-11-30>"
    citation = sovietdata.election().citations[0]
    assert repr(citation) == "<Citation rgani-2021>"
    assert repr(citation.check) == "<Check 2026-11-30 verbatim>"


def test_a_tenure_still_running_and_a_withdrawal() -> None:
    cite = (models.Citation(source="book", page="94–97"),)
    tenure = models.Tenure(
        id="t",
        person="p",
        office="o",
        start=sovietdata.edtf.parse_single("1985-03-11"),
        citations=cite,
    )
    assert repr(tenure) == "<Tenure t: p o 1985-03-11–..>"
    withdrawal = models.Correction(
        id="c",
        record="gone",
        date=sovietdata.edtf.parse_single("2026-12"),
        reason="A duplicate.",
        citations=cite,
    )
    assert repr(withdrawal) == "<Correction c: gone 2026-12>"
    assert repr(cite) == "(<Citation book p. 94–97>,)"


def test_long_and_multi_line_labels_are_cut_to_one_line() -> None:
    source = models.Source(
        id="long",
        kind=models.SourceKind.BOOK,
        grade="scholarly",
        title="A title\nover two lines, " + "and very long " * 20,
    )
    shown = repr(source)
    assert _short(shown)
    assert len(shown) == REPR_WIDTH
    assert shown.startswith("<Source long: A title over two lines, and very long")
    assert shown.endswith("…>")
    # What can be cut (ids) goes before what is kept (the day).
    correction = models.Correction(
        id="c" * 80,
        record="r" * 80,
        field="summary",
        date=sovietdata.edtf.parse_single("2026-11-30"),
        reason="Why.",
        citations=(models.Citation(source="s" * 80),),
    )
    shown = repr(correction)
    assert _short(shown)
    assert shown.endswith("… 2026-11-30>")
    assert _short(repr(correction.citations[0]))
    # With no room left for the label, the line is cut whole.
    grade = models.Grade(id="g" * 80, name="x" * 200, order=1, definition="d")
    assert _short(repr(grade))
    assert repr(grade).endswith("…>")


def test_equality_hashing_and_the_whole_record_are_msgspec_s() -> None:
    k = sovietdata.lookup("khrushchev", sovietdata.Person)
    copy = msgspec.structs.replace(k)
    assert copy == k
    assert hash(copy) == hash(k)
    renamed = msgspec.structs.replace(k, summary="Someone else.")
    assert repr(renamed) == repr(k)
    assert renamed != k
    assert hash(renamed) != hash(k)
    fields = msgspec.structs.asdict(k)
    assert fields["name_ru"] == "Никита Хрущёв"
    assert fields["citations"] == k.citations
    plain = msgspec.to_builtins(k, enc_hook=str)
    assert plain["born"] == "1894-04-15"
    assert plain["citations"][0]["source"] == k.citations[0].source
