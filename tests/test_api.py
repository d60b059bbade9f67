"""The public API: loading, look-ups, the timeline, tenures, citations, immutability."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from pathlib import Path

import msgspec
import pytest

import sovietdata
from sovietdata import Dataset, Person, Tenure
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
    events = sovietdata.timeline()
    keys = [e.date.sort_key() for e in events]
    assert keys == sorted(keys)
    assert events == ds.events
    in_1953 = ds.timeline(start=1953, end=1953)
    assert in_1953
    assert all(e.date.lower().year <= 1953 <= e.date.upper().year for e in in_1953)
    beria = ds.timeline(person="beria")
    assert beria
    assert all("beria" in e.people for e in beria)
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
    assert ds.disputes_about("nobody") == ()


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
