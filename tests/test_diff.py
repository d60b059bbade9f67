"""``sovietdata diff``: what changed between versions of the data; the published corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sovietdata
from sovietdata import cli, diff, export
from sovietdata.diff import Bump, Change, ChangeKind

FIXTURES = Path(__file__).parent / "fixtures"
DATA_0_1_0 = FIXTURES / "data-0.1.0"
#: Every published version of the data, oldest first: its files and its JSON Schema are kept
#: under tests/fixtures, so every change since any release can be checked for its correction.
RELEASES = ("0.1.0", "1.0.0")
SHIPPED = Path(sovietdata.__file__).parent / "data"

OLD = """
[[event]]
id = "plenum"
title = "A plenum"
date = "1953-09-03/1953-09-07"
summary = "It met."
[[event.citations]]
source = "book"
quote = "met in September"
[[event.citations]]
source = "blog"

[[event]]
id = "gone"
title = "Withdrawn"
date = "1953"

[[dispute]]
id = "when"
subject = "plenum"
field = "date"
[[dispute.values]]
value = "1953-09-07"
rank = "preferred"
reason = "Archive."
[[dispute.values]]
value = "1953-09-13"
rank = "normal"
reason = "Almanacs."

[[claim]]
id = "claim-1"
verdict = "supported"
"""

NEW = """
[[event]]
id = "plenum"
title = "A plenum"
date = "1953-09-03/1953-09-07"
summary = "It met and elected a First Secretary."
[[event.citations]]
source = "book"
quote = "met in September"
check = { date = "2026-11-30", found = "verbatim" }
[[event.citations]]
source = "protocol"
locator = "f. 2, op. 1"

[[event]]
id = "new-one"
title = "Added"
date = "1955"

[[dispute]]
id = "when"
subject = "plenum"
field = "date"
[[dispute.values]]
value = "1953-09-07"
rank = "preferred"
reason = "Archive."
[[dispute.values]]
value = "1953-09-13"
rank = "deprecated"
reason = "Almanacs."

[[claim]]
id = "claim-1"
verdict = "incorrect"
"""


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def _rows(changes: tuple[Change, ...]) -> list[tuple[str, str, str | None, str]]:
    return [(c.section, c.record, c.field, c.change.value) for c in changes]


def test_changes_per_record_and_field(versions: tuple[Path, Path]) -> None:
    changes = diff.compare(*versions)
    assert _rows(changes) == [
        ("event", "gone", None, "removed"),
        ("event", "plenum", "summary", "changed"),
        ("event", "plenum", 'citations[book "met in September"]', "changed"),
        ("event", "plenum", 'citations[blog ""]', "removed"),
        ("event", "plenum", 'citations[protocol "f. 2, op. 1"]', "added"),
        ("event", "new-one", None, "added"),
        ("dispute", "when", "values[1953-09-13].rank", "changed"),
        ("claim", "claim-1", "verdict", "changed"),
    ]
    by_field = {(c.record, c.field): c for c in changes}
    assert by_field["when", "values[1953-09-13].rank"].old == "normal"
    assert by_field["when", "values[1953-09-13].rank"].new == "deprecated"
    assert by_field["when", "values[1953-09-13].rank"].top_field == "values"
    assert by_field["claim-1", "verdict"].new == "incorrect"
    check = by_field["plenum", 'citations[book "met in September"]'].new
    assert check["check"] == {"date": "2026-11-30", "found": "verbatim"}


def test_the_same_data_has_no_changes(versions: tuple[Path, Path]) -> None:
    old, _ = versions
    assert diff.compare(old, old) == ()
    assert diff.render_text(()) == "0 changes in 0 records\n"


def test_text_output(versions: tuple[Path, Path]) -> None:
    text = diff.render_text(diff.compare(*versions))
    lines = text.splitlines()
    assert lines[0] == "- event gone (removed)"
    assert lines[1:5] == [
        "~ event plenum",
        "    ~ summary",
        "        - It met.",
        "        + It met and elected a First Secretary.",
    ]
    assert "+ event new-one (added)" in lines
    assert lines[-1] == "8 changes in 5 records"


def test_cli_text_and_json(versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = versions
    assert cli.main(["diff", str(old), str(new)]) == cli.EXIT_OK
    assert capsys.readouterr().out.endswith("8 changes in 5 records\n")
    assert cli.main(["diff", "--json", str(old), str(new)]) == cli.EXIT_OK
    items = json.loads(capsys.readouterr().out)
    assert items[0] == {
        "section": "event",
        "record": "gone",
        "change": "removed",
        "old": {"id": "gone", "title": "Withdrawn", "date": "1953"},
    }
    assert {"section", "record", "field", "change", "old", "new"} >= set(items[1])


def test_cli_names_a_file_it_cannot_read(
    versions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    broken = tmp_path / "broken.toml"
    broken.write_text("[[event]\nid = 'x'\n", encoding="utf-8")
    assert cli.main(["diff", str(old), str(broken)]) == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert "cannot compare: 1 problem" in err
    assert f"{broken}: not valid TOML" in err
    assert cli.main(["diff", str(old), str(tmp_path / "missing")]) == cli.EXIT_DATA
    assert "cannot read" in capsys.readouterr().err


def test_a_record_without_id_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"event": [{"title": "no id"}]}', encoding="utf-8")
    with pytest.raises(sovietdata.DataError, match=r"record 'event\[0\]', field 'id'"):
        diff.read(bad)


def test_bump_follows_the_data_package_recipe() -> None:
    added = Change(section="event", record="e", change=ChangeKind.ADDED)
    corrected = Change(section="event", record="e", field="date", change=ChangeKind.CHANGED)
    assert diff.bump([]) is Bump.NONE
    assert diff.bump([corrected]) is Bump.PATCH
    assert diff.bump([corrected, added]) is Bump.MINOR
    assert diff.bump([corrected], schema_changed=True) is Bump.MAJOR


# --- The shipped data against the first release --------------------------------------------

#: Fields whose change is not a correction of a fact: evidence lists are diffed on their own,
#: and an assessment is the book's judgement of a source, not a fact of the story.
NOT_FACTS = {"citations", "evidence", "assessment", "grade"}


def _since_first_release() -> tuple[Change, ...]:
    return diff.compare(DATA_0_1_0, SHIPPED)


def _since(release: str) -> tuple[Change, ...]:
    return diff.compare(FIXTURES / f"data-{release}", SHIPPED)


def _shape(schema: object) -> object:
    """A JSON Schema without its words (titles, descriptions): what a file must look like."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k not in {"title", "description"}}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


@pytest.mark.parametrize("release", RELEASES)
def test_every_changed_fact_has_a_published_correction(release: str) -> None:
    ds = sovietdata.dataset()
    corrected = {(c.record, c.field) for c in ds.corrections}
    missing = [
        f"{c.section} {c.record}: {c.field or 'whole record'} ({c.change.value})"
        for c in _since(release)
        if c.section not in {"grade", "correction"}
        and c.change is not ChangeKind.ADDED
        and c.top_field not in NOT_FACTS
        and "citations[" not in (c.field or "")
        and (c.record, c.top_field) not in corrected
    ]
    assert missing == [], "changed without a [[correction]]:\n" + "\n".join(missing)


def test_every_correction_matches_a_change_since_some_release() -> None:
    changed = {(c.record, c.top_field) for release in RELEASES for c in _since(release)}
    stray = [c.id for c in sovietdata.dataset().corrections if (c.record, c.field) not in changed]
    assert stray == []


def test_the_version_follows_the_data_since_the_last_release() -> None:
    last = RELEASES[-1]
    before = json.loads((FIXTURES / f"schema-{last}.json").read_text(encoding="utf-8"))
    level = diff.bump(_since(last), schema_changed=_shape(export.json_schema()) != _shape(before))
    major, minor, patch = (int(x) for x in last.split("."))
    expected = {
        Bump.MAJOR: (major + 1, 0, 0),
        Bump.MINOR: (major, minor + 1, 0),
        Bump.PATCH: (major, minor, patch + 1),
        Bump.NONE: (major, minor, patch),
    }[level]
    now = tuple(int(x) for x in sovietdata.__version__.split("."))
    assert now >= expected, (level, now)
    assert now > (major, minor, patch) or level is Bump.NONE


def test_the_first_release_to_1_0_0_was_a_major_change() -> None:
    first = json.loads((FIXTURES / "schema-0.1.0.json").read_text(encoding="utf-8"))
    then = json.loads((FIXTURES / "schema-1.0.0.json").read_text(encoding="utf-8"))
    changes = diff.compare(DATA_0_1_0, FIXTURES / "data-1.0.0")
    assert diff.bump(changes, schema_changed=_shape(then) != _shape(first)) is Bump.MAJOR


def test_files_that_are_not_data_are_named(tmp_path: Path) -> None:
    table = tmp_path / "table.toml"
    table.write_text('event = "not an array"\n', encoding="utf-8")
    with pytest.raises(
        sovietdata.DataError, match=r"table\.toml: field 'event': expected an array"
    ):
        diff.read(table)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(sovietdata.DataError, match=r"no \.toml or \.json data files found"):
        diff.compare(empty, table)


def test_lists_of_files_on_either_side(versions: tuple[Path, Path]) -> None:
    old, new = versions
    assert diff.compare([old], [new]) == diff.compare(old, new)
