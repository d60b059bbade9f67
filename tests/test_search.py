"""Finding records: search by name, suggestions for a mistyped id, and reverse look-ups."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import sovietdata
from sovietdata import Claim, Dataset, Election, Event, Person, Record, Tenure

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return sovietdata.dataset()


def ids(records: tuple[Record, ...]) -> list[str]:
    return [r.id for r in records]


@pytest.fixture
def mine(tmp_path: Path) -> Dataset:
    """Data of one's own: an accented name, and a dispute whose values name people."""
    doc = json.loads(json.dumps(MINIMAL))
    doc["person"].append(
        {**doc["person"][1], "id": "hajek", "name": "Jiří Hájek", "name_ru": "Иржи Гаек"}
    )
    doc["dispute"].append(
        {
            "id": "who-proposed",
            "subject": "vote",
            "field": "proposed_by",
            "question": "Who put the name forward?",
            "values": [
                {"value": "second", "rank": "preferred", "reason": "Minutes.", "citations": []},
                {"value": "hajek", "rank": "deprecated", "reason": "Memoir.", "citations": []},
            ],
        }
    )
    for value in doc["dispute"][-1]["values"]:
        value["citations"] = [{"source": "book", "page": "2"}]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return sovietdata.load(path)


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["хрущёв", "Хрущёв", "ХРУЩЕВ", "хрущев", "Khrushchev", "KHRUSHCHEV", "Khrúshchev"]
)
def test_search_ignores_case_and_accents(text: str) -> None:
    found = sovietdata.search(text)
    assert found[0].id == "khrushchev"
    assert len(set(found)) == len(found)


def test_search_folds_the_data_too(mine: Dataset) -> None:
    assert ids(mine.search("jiri hajek")) == ["hajek"]
    assert ids(mine.search("HÁJEK")) == ["hajek"]
    assert ids(mine.search("гаек")) == ["hajek"]
    assert ids(mine.search("Пётр")) == ids(mine.search("петр"))
    # Пётр Иванов by a whole word, then Иван Петров by part of a word.
    assert ids(mine.search("петр")) == ["second", "first"]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Nikita Sergeyevich Khrushchev", "khrushchev"),  # full name
        ("Маленков", "malenkov"),  # Russian name
        ("Secret Speech", "secret-speech"),  # an event's title
        ("Пленум ЦК КПСС", "cc-plenum"),  # a body's Russian name
        ("Первый секретарь ЦК КПСС", "first-secretary-cpsu"),  # an office's Russian title
        ("Khrushchev: The Man and His Era", "taubman-2003"),  # a source's title
        ("Primary", "primary"),  # a grade's name and id
        ("sputnik-1", "sputnik-1"),  # an id
        ("khrushchev-elected", sovietdata.FLAGSHIP),  # part of an id
    ],
)
def test_search_finds_by_name_title_russian_name_full_name_or_id(text: str, first: str) -> None:
    assert sovietdata.search(text)[0].id == first


def test_search_puts_the_exact_id_first(ds: Dataset) -> None:
    assert ids(ds.search("cc-plenum"))[0] == "cc-plenum"
    assert ids(ds.search(sovietdata.FLAGSHIP))[0] == sovietdata.FLAGSHIP
    assert ids(ds.search("MALENKOV"))[0] == "malenkov"


def _whole_word(record: Record, word: str) -> bool:
    fields = ("name", "title", "name_ru", "title_ru", "full_name")
    texts = [getattr(record, f, None) or "" for f in fields] + [record.id]
    return any(word in re.findall(r"\w+", t.casefold()) for t in texts)


@pytest.mark.parametrize("word", ["secret", "plenum"])
def test_search_puts_whole_words_before_parts_of_words(ds: Dataset, word: str) -> None:
    found = ds.search(word)
    whole = [_whole_word(r, word) for r in found]
    # "Secret Speech" before "First Secretary"; "Plenum" before "Plenums".
    assert True in whole
    assert False in whole
    assert whole == sorted(whole, reverse=True)


def test_search_lists_people_before_sources_of_the_same_words(ds: Dataset) -> None:
    found = ds.search("Nikita Khrushchev")
    assert isinstance(found[0], Person)
    assert found[0].id == "khrushchev"
    assert any(isinstance(r, sovietdata.Source) for r in found)


def test_search_with_no_match_is_empty(ds: Dataset) -> None:
    assert ds.search("zzzzqqqq") == ()


@pytest.mark.parametrize("text", ["", " ", "\t\n"])
def test_search_refuses_a_blank_query(ds: Dataset, text: str) -> None:
    with pytest.raises(ValueError, match=r"search\(\) takes some text to look for"):
        ds.search(text)
    with pytest.raises(ValueError, match=r"search\(\) takes some text to look for"):
        sovietdata.search(text)


def test_search_of_the_package_is_the_shipped_datasets(ds: Dataset) -> None:
    assert sovietdata.search("Beria") == ds.search("Beria")
    assert "search" in sovietdata.__all__


# --- suggestions for a mistyped id ----------------------------------------------------------


def _suggestions(call: object) -> list[str]:
    assert callable(call)
    with pytest.raises(LookupError) as caught:
        call()
    message = caught.value.args[0]
    _, _, hint = message.partition("; did you mean ")
    return re.findall(r"'([^']+)'", hint)


@pytest.mark.parametrize(
    ("wanted", "first"),
    [
        ("khrushchev-elected", sovietdata.FLAGSHIP),  # a prefix
        ("brezhnev-elected", "brezhnev-elected-first-secretary"),  # a prefix
        ("Nikita Khrushchev", "khrushchev"),  # a name
        ("хрущёв", "khrushchev"),  # a Russian name
        ("Хрущев", "khrushchev"),
        ("Launch of Sputnik 1", "sputnik-1"),  # a title
        ("kruschev", "khrushchev"),  # a misspelling
    ],
)
def test_lookup_suggests_prefixes_names_and_spellings(ds: Dataset, wanted: str, first: str) -> None:
    suggested = _suggestions(lambda: sovietdata.lookup(wanted))
    assert suggested[0] == first
    assert len(suggested) <= 3


def test_a_name_written_in_full_suggests_one_record(ds: Dataset) -> None:
    with pytest.raises(LookupError) as caught:
        ds.lookup("хрущёв")
    assert caught.value.args[0] == "no record with id 'хрущёв'; did you mean 'khrushchev'?"


def test_suggestions_are_of_the_kind_asked_for(ds: Dataset) -> None:
    assert _suggestions(lambda: ds.lookup("khrushchev-elected", Election)) == [sovietdata.FLAGSHIP]
    for record_id in _suggestions(lambda: ds.lookup("brezhnev-elected", Tenure)):
        assert isinstance(ds.lookup(record_id), Tenure)
    assert _suggestions(lambda: ds.lookup("хрущёв", Person)) == ["khrushchev"]


def test_lookup_of_an_empty_id_suggests_nothing(ds: Dataset) -> None:
    with pytest.raises(LookupError) as caught:
        ds.lookup("")
    assert caught.value.args[0] == "no record with id ''"


# --- which records cite a source ------------------------------------------------------------


def test_cited_by_lists_every_record_that_cites_a_source(ds: Dataset) -> None:
    order = {r.id: i for i, r in enumerate(ds)}
    for source in ds.sources[:40]:
        found = ds.cited_by(source.id)
        expected = [
            r
            for r in ds
            if source in ds.sources_of(r) or (isinstance(r, Claim) and r.article == source.id)
        ]
        assert list(found) == expected
        positions = [order[r.id] for r in found]
        assert positions == sorted(positions)


def test_cited_by_a_source_record_or_id(ds: Dataset) -> None:
    gagarin = ds.lookup("nasa-gagarin", sovietdata.Source)
    assert ds.cited_by(gagarin) == ds.cited_by("nasa-gagarin")
    assert "gagarin-flight" in ids(ds.cited_by(gagarin))


def test_cited_by_an_article_lists_the_claims_taken_from_it(ds: Dataset) -> None:
    found = ds.cited_by("seed-article")
    assert set(ds.claims) <= set(found)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("khrushchev", "'khrushchev' is a Person, not a Source"),
        ("no-such-book", "no record with id 'no-such-book'"),
    ],
)
def test_cited_by_an_unknown_source(ds: Dataset, source: str, message: str) -> None:
    with pytest.raises(LookupError) as caught:
        ds.cited_by(source)
    assert caught.value.args[0].split("; did you mean")[0] == message


# --- which records name a person ------------------------------------------------------------


def test_naming_lists_every_reference_to_a_person(ds: Dataset) -> None:
    for person in ds.people:
        found = set(ds.naming(person.id))
        assert set(ds.tenures_of(person.id)) <= found
        assert {e for e in ds.events if person.id in e.people} <= found
        assert {e for e in ds.elections if person.id in (e.person, e.proposed_by)} <= found
        assert {c for c in ds.claims if person.id in c.related} <= found
        assert {d for d in ds.disputes if d.subject == person.id} <= found
        assert {c for c in ds.corrections if c.record == person.id} <= found
        assert person not in found


def test_naming_in_the_dataset_order(ds: Dataset) -> None:
    found = ds.naming("malenkov")
    order = {r.id: i for i, r in enumerate(ds)}
    assert [order[r.id] for r in found] == sorted(order[r.id] for r in found)
    assert sovietdata.election() in found  # he proposed Khrushchev
    assert ds.naming(ds.lookup("malenkov", Person)) == found
    kinds = {type(r) for r in ds.naming("khrushchev")}
    assert {Tenure, Event, Election, sovietdata.Dispute} <= kinds
    assert "claim-power-vacuum" in ids(ds.naming("beria"))  # a claim's related records


def test_naming_finds_a_dispute_whose_values_name_a_person(mine: Dataset) -> None:
    assert ids(mine.naming("hajek")) == ["who-proposed"]
    assert ids(mine.naming("second")) == ["second-term", "session", "vote", "who-proposed"]


@pytest.mark.parametrize(
    ("person", "message"),
    [
        ("congress-20", "'congress-20' is an Event, not a Person"),
        ("nobody-at-all", "no record with id 'nobody-at-all'"),
    ],
)
def test_naming_an_unknown_person(ds: Dataset, person: str, message: str) -> None:
    with pytest.raises(LookupError) as caught:
        ds.naming(person)
    assert caught.value.args[0].split("; did you mean")[0] == message
