"""Property tests: whatever is done to valid data, the loader loads it or says why."""

from __future__ import annotations

import copy
import itertools
import json
import sys
import tempfile
import tomllib
import unicodedata
from importlib.resources import files
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sovietdata
from sovietdata import _loader
from sovietdata.edtf import EDTF
from sovietdata.errors import DataError

from .conftest import MINIMAL, Document

SHIPPED: list[tuple[str, Document]] = [
    (path.name, tomllib.loads(path.read_text(encoding="utf-8")))
    for path in sorted(files("sovietdata").joinpath("data").iterdir(), key=lambda p: p.name)
    if path.name.endswith(".toml")
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["1953-09-07", "1953-02-30", "1953/1952", "khrushchev", "stalin", "book"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _entries(documents: list[tuple[str, Document]]) -> list[tuple[int, str, int]]:
    return [
        (d, section, i)
        for d, (_, doc) in enumerate(documents)
        for section, items in doc.items()
        for i in range(len(items))
    ]


@st.composite
def mutated(draw: st.DrawFn, base: list[tuple[str, Document]]) -> list[tuple[str, Document]]:
    documents = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        d, section, i = draw(st.sampled_from(_entries(documents)))
        entry: Any = documents[d][1][section][i]
        if not isinstance(entry, dict):
            continue
        # Sometimes reach into a nested table (a citation, a dispute value).
        nested: list[list[Any]] = [
            v for v in entry.values() if isinstance(v, list) and v and isinstance(v[0], dict)
        ]
        go_deeper = draw(st.booleans())
        if nested and go_deeper:
            table: list[Any] = draw(st.sampled_from(nested))
            # An earlier step may have set an item to a non-table: reach only into tables.
            entry = draw(st.sampled_from([t for t in table if isinstance(t, dict)]))
        key = draw(st.sampled_from([*entry, "extra", "id"]))
        action = draw(st.sampled_from(["set", "delete", "copy-record", "swap-id"]))
        if action == "set":
            entry[key] = draw(values)
        elif action == "delete":
            entry.pop(key, None)
        elif action == "copy-record":
            documents[d][1][section].append(copy.deepcopy(documents[d][1][section][i]))
        else:
            other = draw(st.sampled_from(_entries(documents)))
            target = documents[other[0]][1][other[1]][other[2]]
            if isinstance(target, dict) and "id" in target:
                entry[key] = target["id"]
    return documents


def _loads_or_explains(documents: list[tuple[str, Document]]) -> None:
    problems, records = _loader.check(documents)
    if problems:
        with pytest.raises(DataError) as caught:
            _loader.build(problems, records)
        for problem in caught.value.problems:
            assert problem.file in {name for name, _ in documents}
            assert problem.message
    else:
        # Loaded: then every rule holds, so every reference resolves to a record of its type.
        dataset = sovietdata.Dataset(_loader.build(problems, records))
        assert len(dataset) == len(records)
        for record in dataset:
            for _, ref, kinds in _loader._refs(record):
                assert isinstance(dataset.get(ref), kinds)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated([("test.toml", MINIMAL)]))
def test_mutated_minimal_data(documents: list[tuple[str, Document]]) -> None:
    _loads_or_explains(documents)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SHIPPED))
def test_mutated_shipped_data(documents: list[tuple[str, Document]]) -> None:
    _loads_or_explains(documents)


def test_shipped_data_is_found() -> None:
    assert {name for name, _ in SHIPPED} >= {"claims.toml", "events.toml", "people.toml"}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_copied_record_is_always_a_duplicate(data: st.DataObject) -> None:
    documents = copy.deepcopy(SHIPPED)
    d, section, i = data.draw(st.sampled_from(_entries(documents)))
    entry = documents[d][1][section][i]
    documents[d][1][section].append(copy.deepcopy(entry))
    problems, _ = _loader.check(documents)
    assert any(
        p.record == entry["id"] and p.field == "id" and p.message.startswith("duplicate id")
        for p in problems
    )


#: The zero of every script with decimal digits but the ASCII one (Arabic-Indic, Devanagari, ...).
OTHER_ZEROS = [
    c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.decimal(c, None) == 0 and c != "0"
]
#: The date fields of the minimal data: (section, record id, field).
DATE_FIELDS = [
    ("source", "book", "published"),
    ("person", "first", "born"),
    ("person", "first", "died"),
    ("tenure", "first-term", "start"),
    ("tenure", "first-term", "end"),
    ("event", "session", "date"),
    ("election", "vote", "date"),
]


def test_many_scripts_have_digits() -> None:
    assert {"٠", "۰", "०", "০", "０"} <= set(OTHER_ZEROS)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DATE_FIELDS), st.sampled_from(OTHER_ZEROS), st.data())
def test_digits_of_other_scripts_are_refused_naming_the_value(
    where: tuple[str, str, str], zero: str, data: st.DataObject
) -> None:
    section, record_id, field = where
    document = copy.deepcopy(MINIMAL)
    (entry,) = (e for e in document[section] if e["id"] == record_id)
    ascii_date: str = entry[field]
    places = [i for i, c in enumerate(ascii_date) if c.isdigit()]
    chosen = data.draw(st.sets(st.sampled_from(places), min_size=1))
    # The same digits, some of them written in another script.
    written = "".join(
        chr(ord(zero) + int(c)) if i in chosen else c for i, c in enumerate(ascii_date)
    )
    entry[field] = written
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mine.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        problems = sovietdata.validate(path)
    assert any(
        p.record == record_id
        and p.field == field
        and repr(written) in p.message
        and "write its digits as 0-9" in p.message
        for p in problems
    ), problems


def _dates(value: object) -> list[EDTF]:
    """Every EDTF value in a record, its citations and checks, and its dispute's values."""
    if isinstance(value, EDTF):
        return [value]
    if isinstance(value, msgspec.Struct):
        return _dates(msgspec.structs.astuple(value))
    if isinstance(value, tuple):
        return [d for item in value for d in _dates(item)]
    return []


def test_every_shipped_date_orders_and_reads_back() -> None:
    dates = [d for record in sovietdata.dataset() for d in _dates(record)]
    assert len(dates) > 100
    ordered = sorted(dates)
    assert all(a <= b for a, b in itertools.pairwise(ordered))
    assert [d.sort_key() for d in ordered] == sorted(d.sort_key() for d in dates)
    for date in set(dates):
        assert eval(repr(date), {"sovietdata": sovietdata}) == date
        assert date.year is None or date.year == date.lower().year
