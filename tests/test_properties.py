"""Property tests: whatever is done to valid data, the loader loads it or says why."""

from __future__ import annotations

import copy
import tomllib
from importlib.resources import files
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sovietdata
from sovietdata import _loader
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
