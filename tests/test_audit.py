"""The audit of the shipped data, pinned: checks on every citation, grades, corrections.

The corrected values are pinned here so that a later change must be deliberate
(and published as a correction), and the corrections themselves are checked
against the data of the first release and today's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sovietdata
from sovietdata import Citation, Dispute, Event, Finding, Person, Rank, Source, Tenure, diff
from sovietdata._loader import DATED_FIELDS, citations_in

DATA_0_1_0 = Path(__file__).parent / "fixtures" / "data-0.1.0"


@pytest.fixture(scope="module")
def ds() -> sovietdata.Dataset:
    return sovietdata.dataset()


def _groups(record: sovietdata.Record) -> list[tuple[str, tuple[Citation, ...]]]:
    groups: list[tuple[str, tuple[Citation, ...]]] = []
    if isinstance(record, sovietdata.Fact):
        groups.append(("citations", record.citations))
    if isinstance(record, sovietdata.Claim):
        groups.append(("evidence", record.evidence))
    if isinstance(record, Dispute):
        groups += [(f"values[{i}]", v.citations) for i, v in enumerate(record.values)]
    return groups


def test_every_citation_records_its_check(ds: sovietdata.Dataset) -> None:
    unchecked = [f"{r.id} {path}" for r in ds for path, c in citations_in(r) if c.check is None]
    assert unchecked == []


def test_a_copy_is_named_only_where_it_differs(ds: sovietdata.Dataset) -> None:
    same = [
        f"{r.id} {path}"
        for r in ds
        for path, c in citations_in(r)
        if c.check and c.check.copy and c.check.copy in {c.url, ds.lookup(c.source, Source).url}
    ]
    assert same == []


def test_citations_are_in_order_of_grade_strongest_first(ds: sovietdata.Dataset) -> None:
    order = {g.id: g.order for g in ds.grades}
    unordered = []
    for record in ds:
        for name, citations in _groups(record):
            grades = [order[ds.lookup(c.source, Source).grade] for c in citations]
            if grades != sorted(grades):
                unordered.append(f"{record.id} {name}: {grades}")
    assert unordered == []


def test_no_date_of_the_story_is_led_by_a_popular_source(ds: sovietdata.Dataset) -> None:
    weak = {g.id for g in ds.grades if not g.supports_dates}
    led = [
        r.id
        for r in ds
        if isinstance(r, sovietdata.Fact)
        and type(r) in DATED_FIELDS
        and ds.lookup(r.citations[0].source, Source).grade in weak
    ]
    assert led == []


def test_the_checks_found_something_for_every_record(ds: sovietdata.Dataset) -> None:
    counts = dict.fromkeys(Finding, 0)
    for record in ds:
        for _, c in citations_in(record):
            assert c.check is not None
            counts[c.check.found] += 1
    assert counts[Finding.VERBATIM] > counts[Finding.SUBSTANCE] > 0
    assert counts[Finding.NOT_FOUND] > 0  # reported, not hidden


def test_every_person_in_the_shipped_data_has_a_russian_name(ds: sovietdata.Dataset) -> None:
    # Optional in the format, for books with people outside the Soviet story; required here.
    assert [p.id for p in ds.people if not p.name_ru] == []


def test_grades_on_the_scale(ds: sovietdata.Dataset) -> None:
    assert [g.id for g in ds.grades] == ["primary", "scholarly", "reference", "press", "popular"]
    assert [g.supports_dates for g in ds.grades] == [True, True, True, True, False]
    assert ds.grade_of("rgani-2021").id == "primary"
    assert ds.grade_of("britannica-kids-khrushchev").id == "popular"


# --- Values the audit corrected ------------------------------------------------------------


def test_the_report_to_the_twentieth_congress(ds: sovietdata.Dataset) -> None:
    report = ds.lookup("cc-report-20th-congress", Event)
    assert str(report.date) == "1956-02-14"
    assert str(ds.lookup("congress-20", Event).date).startswith("1956-02-14/")
    summary = ds.lookup("congress-20", Event).summary
    assert "15 February" not in summary
    (dispute,) = ds.disputes_about("cc-report-20th-congress", "date")
    ranks = {v.value: v.rank for v in dispute.values}
    assert ranks == {"1956-02-14": Rank.PREFERRED, "1956-02-15": Rank.DEPRECATED}


def test_brezhnev_was_general_secretary_from_april_1966(ds: sovietdata.Dataset) -> None:
    first = ds.lookup("brezhnev-first-secretary", Tenure)
    general = ds.lookup("brezhnev-general-secretary", Tenure)
    assert (str(first.start), str(first.end), first.title) == (
        "1964-10-14",
        "1966-04-08",
        "First Secretary",
    )
    assert (str(general.start), str(general.end), general.title) == (
        "1966-04-08",
        "1982-11-10",
        "General Secretary",
    )
    assert any(c.field == "end" for c in ds.corrections_of(first.id))


def test_khrushchev_held_the_title_first_secretary(ds: sovietdata.Dataset) -> None:
    assert ds.lookup("khrushchev-first-secretary", Tenure).title == "First Secretary"
    (dispute,) = ds.disputes_about("khrushchev-first-secretary", "title")
    ranks = {v.value: v.rank for v in dispute.values}
    assert ranks["General Secretary"] is Rank.DEPRECATED


def test_the_thirteenth_of_september_is_the_day_the_resolution_was_printed(
    ds: sovietdata.Dataset,
) -> None:
    printed = ds.lookup("cc-plenum-1953-09-resolution-published", Event)
    assert str(printed.date) == "1953-09-13"
    assert "kommuna-1953-09-13" in {c.source for c in printed.citations}
    (dispute,) = ds.disputes_about(sovietdata.FLAGSHIP, "date")
    thirteenth = next(v for v in dispute.values if v.value == "1953-09-13")
    assert thirteenth.rank is Rank.DEPRECATED
    cited = {c.source for v in dispute.values for c in v.citations}
    assert "kommuna-1953-09-13" in cited


def test_the_flagship_rests_on_the_archive_not_on_a_machine_translation(
    ds: sovietdata.Dataset,
) -> None:
    election = sovietdata.election()
    assert election.citations[0].source == "rgani-2021"
    assert ds.grade_of(election.citations[0].source).id == "primary"
    for citation in election.citations:
        assert ds.lookup(citation.source, Source).language != "pt"


def test_stalins_death_is_cited_first_to_the_announcement(ds: sovietdata.Dataset) -> None:
    first = ds.lookup("death-of-stalin", Event).citations[0]
    assert ds.grade_of(first.source).id == "primary"


def test_no_poster_sentence_stands_for_wikipedia_on_berias_arrest(ds: sovietdata.Dataset) -> None:
    quotes = [c.quote or "" for r in ds for _, c in citations_in(r)]
    assert not [q for q in quotes if q.startswith("On June 26, 1953")]


def test_source_metadata_corrected(ds: sovietdata.Dataset) -> None:
    assert str(ds.lookup("time-1953-secretariat", Source).published) == "1953-03-30"
    assert ds.lookup("supreme-soviet").wikidata == "Q326465"  # type: ignore[attr-defined]
    assert ds.grade_of("taylorfrancis-stalin-gensec").id == "popular"


def test_claim_thirteen_says_no_more_than_its_evidence(ds: sovietdata.Dataset) -> None:
    claim = ds.lookup("claim-collective-leadership-supporters", sovietdata.Claim)
    assert claim.verdict is sovietdata.Verdict.UNVERIFIABLE
    assert "points the other way" not in claim.explanation
    assert ds.corrections_of(claim.id)


@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        ("cc-plenum-1953-07", "1953-07-02/1953-07-07"),
        ("cc-plenum-1955-01", "1955-01-25/1955-01-31"),
        ("cc-presidium-1957-06", "1957-06-18/1957-06-21?"),
        ("secret-speech-western-reports", "1956-03"),
        ("secret-speech-published-nyt", "1956-06-04/1956-06-05"),
        ("cc-resolution-cult-of-personality", "1956-06-30"),
        ("secret-speech-soviet-publication", "1989"),
    ],
)
def test_episodes_added_by_the_audit(ds: sovietdata.Dataset, event_id: str, date: str) -> None:
    assert str(ds.lookup(event_id, Event).date) == date


def test_people_added_by_the_audit(ds: sovietdata.Dataset) -> None:
    shepilov = ds.lookup("shepilov", Person)
    zhukov = ds.lookup("zhukov", Person)
    assert (str(shepilov.born), str(shepilov.died)) == ("1905-11-05", "1995-08-18")
    assert (str(zhukov.born), str(zhukov.died)) == ("1896-12-01", "1974-06-18")
    assert {"shepilov", "zhukov"} <= set(ds.lookup("cc-presidium-1957-06", Event).people) | {
        p for e in ds.events for p in e.people
    }


# --- Corrections against the two versions of the data -------------------------------------


def _text(value: object) -> str:
    if isinstance(value, tuple | list):
        return "; ".join(map(str, value))
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def test_each_correction_gives_the_value_now(ds: sovietdata.Dataset) -> None:
    wrong = []
    fields: dict[tuple[str, str], list[sovietdata.Correction]] = {}
    for c in ds.corrections:
        if c.field is not None and c.field not in {"values", "citations", "evidence"}:
            fields.setdefault((c.record, c.field), []).append(c)
    for (record_id, field), corrections in fields.items():
        now = getattr(ds.lookup(record_id), field)
        news = [c.new for c in corrections]
        if (now is None and None not in news) or (now is not None and _text(now) not in news):
            wrong.append(f"{record_id}.{field}: now {_text(now)!r}, corrections say {news!r}")
    assert wrong == []


def test_each_correction_gives_the_value_before(ds: sovietdata.Dataset) -> None:
    before = diff.read(DATA_0_1_0)
    wrong = []
    for c in ds.corrections:
        if c.field is None or c.field in {"values", "citations", "evidence"}:
            continue
        old = next((records[c.record] for records in before.values() if c.record in records), None)
        if old is None:
            continue  # a record added since the first release, corrected since
        olds = [x.old for x in ds.corrections if (x.record, x.field) == (c.record, c.field)]
        value = old.get(c.field)
        if (value is None and None not in olds) or (value is not None and _text(value) not in olds):
            wrong.append(f"{c.record}.{c.field}: was {value!r}, corrections say {olds!r}")
    assert wrong == []
