"""The command line: every command, plain and terminal output, and every exit code."""

from __future__ import annotations

import argparse
import copy
import csv
import importlib
import importlib.metadata
import importlib.util
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest

import sovietdata
from sovietdata import _loader, cli, export, text
from sovietdata.errors import DataError, Problem

from .conftest import CITE, MINIMAL, Document

ANSI = "\x1b["
SD = Path(sys.executable).with_name("sovietdata")


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Result:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert ANSI not in captured.out  # never colour codes when not writing to a terminal
    return Result(code, captured.out, captured.err)


def write(path: Path, document: Document) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The small valid dataset of conftest, as a JSON data file."""
    return write(tmp_path / "small.json", MINIMAL)


# --- show -----------------------------------------------------------------------------------


def test_show_flagship(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "show")
    assert r.code == 0
    assert r.err == ""
    lines = r.out.splitlines()
    assert lines[0].startswith("Nikita Khrushchev elected First Secretary")
    assert lines[1] == f"Election · {sovietdata.FLAGSHIP}"
    assert "7 September 1953" in r.out
    assert "Georgy Malenkov (malenkov)" in r.out  # proposed by, resolved to a name
    assert "Nikita Khrushchev (khrushchev)" in r.out
    # Each source once, in the order first cited, with what each citation of it adds.
    items = parse_card(r.out)["sections"]["Sources"]
    cited = sovietdata.dataset().sources_of(sovietdata.election())
    assert len(items) == len(cited)
    assert len({entry for entry, _ in items}) == len(items)
    for (entry, _), source in zip(items, cited, strict=True):
        assert entry.count(source.title) == 1
    (rgani,) = [notes for entry, notes in items if entry.startswith("Russian State Archive")]
    quotes = [c.quote for c in sovietdata.election().citations if c.source == "rgani-2021"]
    assert len(quotes) == len(rgani) == 3
    assert all(f'"{quote}"' in note for quote, note in zip(quotes, rgani, strict=True))


def test_show_person(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "show", "khrushchev")
    assert r.code == 0
    assert r.out.startswith("Nikita Khrushchev\nPerson · khrushchev\n")
    assert "Name in Russian" in r.out
    assert "(first-secretary-cpsu)" in r.out  # among the tenures
    assert "\nTenures\n" in r.out
    assert "https://www.wikidata.org/wiki/Q" in r.out


def test_show_unknown_id_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "show", "kruschev")
    assert r.code == cli.EXIT_UNKNOWN_ID == 3
    assert r.out == ""
    assert r.err.startswith("sovietdata: error: no record with id 'kruschev'")
    assert "did you mean 'khrushchev'" in r.err
    assert len(r.err.splitlines()) == 1


Case = tuple[str, str, dict[str, str], list[str]]


@pytest.mark.parametrize(
    "case",
    [
        ("book", "A history 1999", {"Published": "1999", "Language": "en"}, []),
        (
            "first",
            "Ivan Petrov",
            {"Name in Russian": "Иван Петров", "Born": "15 January 1900", "Died": "1970"},
            ["Tenures", "Sources"],
        ),
        ("committee", "Committee", {"Kind": "committee"}, ["Sources"]),
        (
            "secretary",
            "Secretary",
            {"Body": "Committee (committee)", "One holder at a time": "yes"},
            ["Tenures", "Sources"],
        ),
        (
            "first-term",
            "Ivan Petrov, Secretary: 7 January 1950 – June 1955",
            {"Began with": "A session (session)", "End": "June 1955"},
            ["Sources"],
        ),
        (
            "second-term",
            "Pyotr Ivanov, Secretary: from June 1955",
            {"Start": "June 1955"},
            ["Sources"],
        ),
        (
            "session",
            "A session",
            {"Date": "3–7 January 1950", "People": "Ivan Petrov (first); Pyotr Ivanov (second)"},
            ["Sources"],
        ),
        (
            "vote",
            "Ivan Petrov elected Secretary",
            {"Proposed by": "Pyotr Ivanov (second)", "Re-election": "no"},
            ["Disputed", "Sources"],
        ),
        (
            "vote-date",
            "On which day?",
            {"Subject": "Ivan Petrov elected Secretary (vote)", "Field": "date"},
            ["Values", "Sources"],
        ),
        (
            "claim-one",
            "Claim 1: Incorrect",
            {"Verdict": "Incorrect", "Article": "A history 1999 (book)"},
            ["Sources"],
        ),
    ],
)
def test_show_every_kind_of_record(
    case: Case, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_id, title, fields, sections = case
    r = run(capsys, "--data", data, "show", record_id)
    assert r.code == 0, r.err
    card = parse_card(r.out)
    kind = type(sovietdata.load(data).lookup(record_id)).__name__
    assert (card["title"], card["subtitle"]) == (title, f"{kind} · {record_id}")
    assert fields.items() <= card["fields"].items()
    assert list(card["sections"]) == sections
    if "Sources" in sections:
        assert card["sections"]["Sources"] == [("A history. 1999.", ["p. 1."])]


def parse_card(output: str) -> dict[str, Any]:
    """A plain card read back: title, subtitle, aligned fields and numbered sections.

    Items of the Sources section are numbered ``[1]``, those of the others ``1.``; lines
    indented under an item are its notes. Sources items are ``(entry, notes)``.
    """
    blocks = output.rstrip("\n").split("\n\n")
    title, subtitle = blocks[0].split("\n")
    lines = blocks[1].split("\n")
    values_at = {len(line) - len(line.split("  ", 1)[1].lstrip()) for line in lines}
    assert len(values_at) == 1, "the values of a card line up"
    fields = {line.split("  ", 1)[0]: line.split("  ", 1)[1].strip() for line in lines}
    sections: dict[str, list[Any]] = {}
    for block in blocks[2:]:
        heading, *rows = block.split("\n")
        items: list[tuple[str, list[str]]] = []
        for row in rows:
            marker = f"[{len(items) + 1}]" if heading == "Sources" else f"{len(items) + 1}."
            if row.startswith(f"  {marker} "):
                items.append((row[len(marker) + 3 :], []))
            else:
                assert items, f"a note before the first item: {row!r}"
                assert row.startswith(" " * (len(marker) + 2)), f"a note not indented: {row!r}"
                items[-1][1].append(row.strip())
        if heading == "Sources":
            sections[heading] = items
        else:
            assert all(not notes for _, notes in items)
            sections[heading] = [item for item, _ in items]
    return {"title": title, "subtitle": subtitle, "fields": fields, "sections": sections}


def test_show_record_fields_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["claim"][0]["quote"] = "at a congress"
    doc["person"][0]["wikidata"] = "Q42"
    doc["person"].append(
        {"id": "third", "name": "Anna", "name_ru": "Анна", "summary": "A guest.", "citations": CITE}
    )
    path = write(tmp_path / "d.json", doc)
    r = run(capsys, "show", "claim-one", "--data", path)  # --data after the command
    fields = parse_card(r.out)["fields"]
    assert fields["Quote"] == "“at a congress”"
    assert fields["Related records"] == "Ivan Petrov elected Secretary (vote)"
    r = run(capsys, "--data", path, "show", "first")
    assert parse_card(r.out)["fields"]["Wikidata"] == "Q42 (https://www.wikidata.org/wiki/Q42)"
    card = parse_card(run(capsys, "--data", path, "show", "third").out)
    assert card["fields"] == {"Name": "Anna", "Name in Russian": "Анна", "Summary": "A guest."}
    assert list(card["sections"]) == ["Sources"]  # no tenures, no disputes


def test_show_lists_disputes_about_a_record(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "show")  # no flagship in this data: its first election
    assert r.code == 0
    assert r.out.startswith("Ivan Petrov elected Secretary\nElection · vote\n")
    assert "\nDisputed\n  1. Date: On which day? (vote-date)\n" in r.out


def test_show_without_id_or_elections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = Path("mine.toml")
    mine.write_text(
        '[[source]]\nid = "notes"\nkind = "book"\ngrade = "primary"\ntitle = "Notes"\n',
        encoding="utf-8",
    )
    r = run(capsys, "--data", "mine.toml", "show")
    assert r.code == cli.EXIT_USAGE
    assert r.out == ""
    assert r.err == (
        "sovietdata: error: mine.toml has no election; give an id: sovietdata show ID, "
        "or sovietdata list to see them\n"
    )
    assert sovietdata.FLAGSHIP not in r.err  # an id the user never typed
    assert run(capsys, "--data", "mine.toml", "show", "notes").code == 0


# --- --data ---------------------------------------------------------------------------------


def test_bad_data_file_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["person"][0]["born"] = "1900-02-30"
    doc["event"][0]["people"] = ["first", "nobody"]
    path = write(tmp_path / "bad.json", doc)
    problems = sovietdata.validate(path)
    assert len(problems) >= 2
    r = run(capsys, "--data", path, "timeline")
    assert r.code == cli.EXIT_DATA == 1
    assert r.out == ""
    assert f"{path} does not load: {len(problems)} problems" in r.err
    for problem in problems:
        assert str(problem) in r.err
    assert "record 'first', field 'born'" in r.err
    assert "record 'session', field 'people[1]'" in r.err


def test_data_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    write(folder / "a.json", {k: v for k, v in MINIMAL.items() if k != "claim"})
    write(folder / "b.json", {"claim": MINIMAL["claim"]})
    r = run(capsys, "claims", "--data", folder)
    assert (r.code, r.out) == (0, "1  Incorrect  He was elected at a congress.\n")


def test_shipped_data_that_does_not_load(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> sovietdata.Dataset:
        raise DataError([Problem("people.toml", "x", "born", "bad date")])

    monkeypatch.setattr(sovietdata, "dataset", broken)
    r = run(capsys, "claims")
    assert r.code == 1
    assert "the shipped dataset does not load: 1 problem\n" in r.err
    assert "people.toml: record 'x', field 'born': bad date" in r.err


@pytest.mark.parametrize("command", [["validate", "x.toml"], ["schema"]])
def test_data_does_not_apply_to_validate_or_schema(
    command: list[str], data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "--data", data, *command)
    assert r.code == 2
    assert f"--data does not apply to {command[0]}" in r.err
    assert run(capsys, *command, "--data", data).code == 2


# --- timeline -------------------------------------------------------------------------------


def columns(output: str) -> list[list[str]]:
    """Plain table output read back: the cells of each line (two or more spaces apart)."""
    return [re.split(r"  +", line) for line in output.splitlines()]


def test_timeline_of_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "timeline", "--from", "1953", "--to", "1953")
    assert r.code == 0
    ds = sovietdata.dataset()
    entries = sovietdata.timeline(start=1953, end=1953)
    rows = columns(r.out)
    assert len(rows) == len(entries) > 0
    for row, entry in zip(rows, entries, strict=True):
        kind = entry.kind.value if isinstance(entry, sovietdata.Event) else "election"
        assert row == [entry.date.text(), kind, entry.id, text.display(ds, entry)]
    assert ["3–7 September 1953", "plenum", "cc-plenum-1953-09"] in [row[:3] for row in rows]


def test_timeline_has_the_elections(capsys: pytest.CaptureFixture[str]) -> None:
    rows = columns(run(capsys, "timeline", "--from", "1953", "--to", "1953").out)
    flagship = sovietdata.election()
    assert [
        "7 September 1953",
        "election",
        flagship.id,
        text.display(sovietdata.dataset(), flagship),
    ] in rows
    everything = columns(run(capsys, "timeline").out)
    ds = sovietdata.dataset()
    assert [row[2] for row in everything] == [r.id for r in ds.timeline()]
    assert {row[2] for row in everything} >= {e.id for e in ds.elections} | {
        e.id for e in ds.events
    }


def test_timeline_of_a_person(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "timeline", "--person", "malenkov")
    shown = [row[2] for row in columns(r.out)]
    assert shown == [e.id for e in sovietdata.timeline(person="malenkov")]
    assert 0 < len(shown) < len(sovietdata.timeline())


def test_timeline_plain_output_is_aligned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["event"].append(
        {
            "id": "later",
            "title": "Later",
            "date": "1951",
            "kind": "meeting",
            "summary": "Again.",
            "citations": [{"source": "book", "page": "3"}],
        }
    )
    r = run(capsys, "--data", write(tmp_path / "d.json", doc), "timeline")
    assert r.out == (
        "3–7 January 1950  plenum    session  A session\n"
        "7 January 1950    election  vote     Ivan Petrov elected Secretary\n"
        "1951              meeting   later    Later\n"
    )


def test_timeline_with_no_events(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "timeline", "--from", "1990")
    assert (r.code, r.out) == (0, "")
    assert r.err == "nothing in the timeline matches\n"
    r = run(capsys, "--data", data, "timeline", "--from", "1990", "--json")
    assert (r.code, r.out, r.err) == (0, "[]\n", "")


@pytest.mark.parametrize(
    ("person", "message"),
    [("petrov", "did you mean 'first'?"), ("secretary", "'secretary' is an Office, not a Person")],
)
def test_timeline_unknown_person(
    person: str, message: str, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "--data", data, "timeline", "--person", person)
    assert r.code == 3
    assert message in r.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "1960", "--to", "1950"], "--from 1960 is after --to 1950"),
        (["--from", "soon"], "not a year: 'soon'"),
        (["--to", "0"], "not a year: '0'"),
    ],
)
def test_timeline_bad_years(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "timeline", *args)
    assert r.code == 2
    assert message in r.err
    assert "usage: sovietdata timeline" in r.err


# --- claims ---------------------------------------------------------------------------------


def test_claims_of_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "claims")
    claims = sovietdata.claims()
    lines = r.out.splitlines()
    assert len(lines) == len(claims) > 0
    for line, claim in zip(lines, claims, strict=True):
        assert line.split()[0] == str(claim.number)
        assert claim.verdict.label in line
        assert line.endswith(claim.paraphrase)


def test_claims_plain(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "claims")
    assert r.out == "1  Incorrect  He was elected at a congress.\n"


def test_no_claims(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", write(tmp_path / "d.json", {"source": MINIMAL["source"]}), "claims")
    assert (r.code, r.out) == (0, "")
    assert "the data has no claims" in r.err


# --- export ---------------------------------------------------------------------------------


def test_export_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "export", "--format", "json")
    assert r.code == 0
    ds = sovietdata.dataset()
    assert json.loads(r.out) == json.loads(json.dumps(ds.to_builtins()))


def test_export_json_file_loads_back(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    r = run(capsys, "--data", data, "export", "-f", "json", "-o", target)
    assert r.code == 0
    assert r.out == f"wrote json to {target}\n"
    assert sovietdata.load(target) == sovietdata.load(data)


def test_export_dash_means_stdout(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "export", "-f", "jsonld", "-o", "-")
    document = json.loads(r.out)
    assert document["@context"]["@vocab"] == "http://schema.org/"
    assert {n["@type"] for n in document["@graph"]} >= {"Person", "ClaimReview"}


def test_export_timelinejs(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "timeline.json"
    assert (
        run(capsys, "--data", data, "export", "--format", "timelinejs", "--output", target).code
        == 0
    )
    timeline = json.loads(target.read_text(encoding="utf-8"))
    assert timeline["events"][0]["unique_id"] == "session"
    assert timeline["events"][0]["start_date"] == {"year": "1950", "month": "1", "day": "3"}


def test_export_csv(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "tables"
    r = run(capsys, "--data", data, "export", "--format", "csv", "-o", target)
    assert r.code == 0
    assert r.out == f"wrote 13 CSV tables and datapackage.json to {target}\n"
    assert (target / "tenures.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    with (target / "tenures.csv").open(encoding="utf-8-sig", newline="") as f:
        tenures = list(csv.DictReader(f))
    assert [t["id"] for t in tenures] == ["first-term", "second-term"]
    assert tenures[0]["end"] == "1955-06"
    assert (target / "datapackage.json").is_file()


def test_export_csv_without_a_byte_order_mark(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tables"
    assert run(capsys, "--data", data, "export", "-f", "csv", "-o", target, "--no-bom").code == 0
    assert (target / "tenures.csv").read_bytes().startswith(b"id,person,")


@pytest.mark.parametrize("fmt", ["quickstatements", "wikibase"])
def test_export_report_instead_of_the_export(
    fmt: str, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "--data", data, "export", "-f", fmt, "--report")
    assert r.code == 0
    ds = sovietdata.load(data)
    expected = export.wikidata_report(ds, fmt)
    assert expected  # the small data has no Wikidata ids: every person is left out
    count = len(expected)
    assert r.out == "".join(f"{line}\n" for line in expected) + f"{fmt} leaves out {count} things\n"
    assert "first: no Wikidata id: no statements" in r.out


def test_export_report_after_writing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "statements.txt"
    r = run(capsys, "export", "-f", "quickstatements", "-o", target, "--report")
    assert r.code == 0
    assert r.out.startswith(f"wrote quickstatements to {target}\n")
    assert r.out.endswith(" things\n")
    assert target.read_text(encoding="utf-8") == export.to_quickstatements(sovietdata.dataset())
    lines = r.out.splitlines()[1:-1]
    assert lines == export.wikidata_report(sovietdata.dataset(), "quickstatements")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "--report"], "--report applies to quickstatements and wikibase, not json"),
        (["-f", "json", "--base-url", "https://example.org"], "--base-url applies to jsonld"),
        (["-f", "jsonld", "--base-url", "example.org"], "not an http(s):// address"),
        (["-f", "json", "--no-bom"], "--no-bom applies to csv, not json"),
    ],
)
def test_export_options_of_another_format(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "export", *args)
    assert r.code == cli.EXIT_USAGE
    assert r.out == ""
    assert message in r.err


def test_export_jsonld_base_url(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "export", "-f", "jsonld", "--base-url", "https://ex.org/b")
    assert r.code == 0
    graph = json.loads(r.out)["@graph"]
    review = next(n for n in graph if n["@type"] == "ClaimReview")
    assert review["url"] == "https://ex.org/b/article/annotated.html#claim-one"
    plain = json.loads(run(capsys, "--data", data, "export", "-f", "jsonld").out)["@graph"]
    review = next(n for n in plain if n["@type"] == "ClaimReview")
    assert review["url"] == "article/annotated.html#claim-one"


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_export_csv_needs_a_directory(
    output: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "export", "--format", "csv", *output)
    assert r.code == cli.EXIT_USAGE == 2
    assert r.out == ""
    assert "usage: sovietdata export" in r.err
    assert "csv writes one file per table: give a directory with -o DIR" in r.err


@pytest.mark.parametrize("fmt", ["json", "jsonld", "timelinejs", "csv"])
def test_export_to_an_unwritable_path(
    fmt: str, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The tests run as root, so a read-only directory would not stop them: use a parent that
    # is a regular file.
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "file").write_text("keep", encoding="utf-8")
    target = folder / "file" / "export"
    r = run(capsys, "--data", data, "export", "-f", fmt, "-o", target)
    assert r.code == cli.EXIT_WRITE == 4
    assert r.out == ""
    assert r.err == f"sovietdata: error: cannot write {target}: Not a directory\n"
    assert [p.name for p in folder.iterdir()] == ["file"]
    assert (folder / "file").read_text(encoding="utf-8") == "keep"


def test_export_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "export", "--format", "xml")
    assert r.code == 2
    assert "invalid choice: 'xml'" in r.err


def format_choices() -> list[str]:
    """The choices of ``export --format``, read from the parser itself."""
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    choices = commands.choices["export"]._option_string_actions["--format"].choices
    assert choices is not None
    return list(choices)


def test_export_format_choices_are_the_registry() -> None:
    assert format_choices() == list(export.REGISTRY)


@pytest.mark.parametrize("name", list(export.REGISTRY))
def test_export_accepts_every_registered_format(name: str) -> None:
    args = cli.build_parser().parse_args(["export", "--format", name, "-o", "out"])
    assert args.format == name


def test_export_help_describes_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "export", "--help")
    assert r.code == 0
    assert "--format FORMAT" in r.out
    width = max(map(len, export.REGISTRY))
    for fmt in export.REGISTRY.values():
        assert f"\n  {fmt.name:<{width}}  {fmt.description}\n" in r.out
    directories = [f.name for f in export.REGISTRY.values() if f.directory]
    assert directories == ["csv"]
    assert "a format that writes a directory (csv) needs -o DIR" in r.out


def test_main_help_names_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--help")
    summary = " ".join(r.out.split())  # the command list is wrapped to the terminal
    assert "open format: json, jsonld, csv, timelinejs, quickstatements or wikibase." in summary


# --- validate -------------------------------------------------------------------------------


def test_validate_good_files(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "validate", data)
    assert r.code == 0
    own = [r for r in sovietdata.load(data) if not isinstance(r, sovietdata.Grade)]
    assert r.out == f"OK: {len(own)} records, no problems found\n"
    toml = tmp_path / "one.toml"
    toml.write_text(
        '[[source]]\nid = "notes"\nkind = "book"\ngrade = "primary"\ntitle = "Notes"\n',
        encoding="utf-8",
    )
    assert run(capsys, "validate", toml).out == "OK: 1 record, no problems found\n"


def test_validate_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[person]]\nid = "x"\nname = 5\n\n[[source]]\nid = "s"\nkind = "scroll"\ntitle = "S"\n',
        encoding="utf-8",
    )
    problems = sovietdata.validate(bad)
    assert len(problems) >= 2
    r = run(capsys, "validate", bad)
    assert r.code == 1
    assert r.out.splitlines() == [*(str(p) for p in problems), f"{len(problems)} problems found"]
    assert f"{bad}: record 'x', field 'name': " in r.out
    assert f"{bad}: record 's', field 'kind'" in r.out


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "validate", tmp_path / "missing.toml")
    assert r.code == 1
    assert "missing.toml: cannot read" in r.out
    assert r.out.endswith("1 problem found\n")


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "validate")
    assert r.code == 2
    assert "the following arguments are required: FILE" in r.err


# --- schema ---------------------------------------------------------------------------------


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "schema")
    assert r.code == 0
    schema = json.loads(r.out)
    assert schema == sovietdata.export.json_schema()
    assert list(schema["$defs"]["DataFile"]["properties"])[:3] == ["grade", "source", "person"]


def test_schema_describes_every_field_and_the_required_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    schema = json.loads(run(capsys, "schema").out)
    defs = schema["$defs"]
    for section, spec in defs["DataFile"]["properties"].items():
        assert spec["description"].startswith(f"The [[{section}]] records. ")
        kind = _loader.SECTIONS[section]
        definition = defs[kind.__name__]
        fields = definition["properties"]
        assert list(fields) == list(kind.__struct_fields__)
        described = export.field_descriptions(kind)
        for name, field in fields.items():
            # From the model's own comment on the field, without Sphinx markup.
            assert field["description"].startswith(described[name]), (section, name)
            assert ":class:" not in field["description"]
        required = {f.name for f in msgspec.structs.fields(kind) if f.required}
        assert set(definition["required"]) == required
    assert defs["Tenure"]["properties"]["end"]["description"] == (
        "Last day in office; None while still in office at the end of the data."
    )
    assert defs["Check"]["required"] == ["date", "found"]


# --- help, version, usage -------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--version")
    assert (r.code, r.out) == (0, f"sovietdata {sovietdata.__version__}\n")


def test_help_lists_commands_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--help")
    assert r.code == 0
    assert r.out.startswith("usage: sovietdata ")
    for command in ("show", "timeline", "claims", "export", "validate", "schema"):
        assert command in r.out
    assert "exit codes:\n" in r.out
    for code, words in [(0, "success"), (1, "data problems"), (2, "usage error"),
                        (3, "unknown record id"), (4, "output cannot be written")]:  # fmt: skip
        assert f"  {code}  {words}" in r.out


@pytest.mark.parametrize(
    "command", ["show", "timeline", "claims", "list", "search", "export", "validate", "schema"]
)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, command, "--help")
    assert r.code == 0
    assert r.out.startswith(f"usage: sovietdata {command}")
    assert "exit codes:" in r.out
    assert ("--data PATH" in r.out) == (command not in ("validate", "schema"))
    takes_json = command in ("show", "timeline", "claims", "list", "search")
    assert ("  --json " in r.out) == takes_json


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["--nonsense", "claims"]])
def test_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, *argv)
    assert r.code == 2
    assert "usage: sovietdata" in r.err


# --- terminal output ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "shows"),
    [
        (["show", "first"], "Ivan Petrov"),
        (["show", "vote-date"], "Values"),
        (["timeline"], "A session"),
        (["claims"], "Incorrect"),
        (["list", "person"], "Pyotr Ivanov"),
        (["search", "petrov"], "Ivan Petrov"),
    ],
)
def test_terminal_output_uses_rich(
    argv: list[str], shows: str, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _in_a_terminal(monkeypatch, ["--data", str(data), *argv])
    assert shows in shown
    assert ANSI in shown  # styled
    # Lists are tables; a card has no frame, which would cut a line longer than the terminal.
    assert ("┏" in shown) == (argv[0] != "show")


def test_a_narrow_terminal_puts_labels_above_values(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    shown = _STYLE.sub("", _in_a_terminal(monkeypatch, ["--data", str(data), "show", "first"]))
    lines = shown.replace("\r\n", "\n").splitlines()
    assert lines[lines.index("Name in Russian") + 1] == "  Иван Петров"
    assert max(map(len, lines)) <= 30


def _in_a_terminal(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> str:
    """What ``cli.main(argv)`` writes to a terminal, run in this process."""
    master, replica = os.openpty()
    with open(replica, "w", encoding="utf-8") as terminal, monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", terminal)
        assert cli.main(argv) == 0
        terminal.flush()
    output = b""
    while chunk := _read_ready(master):
        output += chunk
    os.close(master)
    return output.decode("utf-8")


def _read_ready(fd: int) -> bytes:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:  # the other end is closed and everything has been read
        return b""


def test_plain_output_when_the_stream_cannot_tell(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Bare:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> int:
            self.parts.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    bare = Bare()
    monkeypatch.setattr(sys, "stdout", bare)
    assert cli.main(["--data", str(data), "claims"]) == 0
    assert "".join(bare.parts) == "1  Incorrect  He was elected at a congress.\n"


def test_closed_pipe_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    with open(write_end, "w", encoding="utf-8") as pipe:
        monkeypatch.setattr(sys, "stdout", pipe)
        assert cli.main(["timeline"]) == 0
        monkeypatch.undo()
    # Standard output now goes nowhere, so closing it above raised nothing.


# --- running the program --------------------------------------------------------------------


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sovietdata", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: sovietdata ")
    assert "exit codes:" in done.stdout


def test_piped_output_has_no_colour(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sovietdata", "claims"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert done.returncode == 0
    assert done.stdout
    assert ANSI not in done.stdout


def test_main_module(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    importlib.import_module("sovietdata.__main__")  # importing it runs nothing
    assert capsys.readouterr().out == ""
    # Run the file as ``python -m sovietdata`` does: as __main__, with the module's spec.
    spec = importlib.util.find_spec("sovietdata.__main__")
    assert spec is not None
    assert spec.origin is not None
    code = compile(Path(spec.origin).read_text(encoding="utf-8"), spec.origin, "exec")
    monkeypatch.setattr(sys, "argv", ["sovietdata", "--version"])
    with pytest.raises(SystemExit) as stop:
        exec(code, {"__name__": "__main__", "__spec__": spec, "__file__": spec.origin})
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"sovietdata {sovietdata.__version__}\n"


def test_console_script_is_declared() -> None:
    scripts = importlib.metadata.entry_points(group="console_scripts")
    assert [s.value for s in scripts if s.name == "sovietdata"] == ["sovietdata.cli:main"]


@pytest.mark.parametrize(
    "argv",
    [
        ["claims"],
        ["show"],
        ["list", "person"],
        ["search", "beria"],
        ["timeline", "--json"],
        ["show", "--json"],
    ],
)
def test_the_command_imports_rich_only_for_a_terminal(argv: list[str]) -> None:
    code = (
        "import sys, sovietdata, sovietdata.export, sovietdata.cli; "
        f"sovietdata.cli.main({argv!r}); print('rich' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_on_standard_output_is_exit_4() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "sovietdata", "claims"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 4
    assert (
        done.stderr == "sovietdata: error: cannot write standard output: No space left on device\n"
    )


def test_an_ascii_only_output_gets_escapes_not_a_crash() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sovietdata", "show", "khrushchev"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 0
    assert done.stderr == b""
    assert b"\\u041d" in done.stdout  # the Cyrillic name, escaped


def test_line_breaks_in_the_data_do_not_break_plain_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["event"][0]["title"] = "A session\nover two lines"
    doc["event"][0]["summary"] = "First paragraph.\n\nSecond paragraph."
    path = write(tmp_path / "lines.json", doc)
    r = run(capsys, "--data", path, "timeline")
    assert r.out.splitlines()[0].endswith("session  A session over two lines")
    assert len(r.out.splitlines()) == 2  # the session and the election
    card = run(capsys, "--data", path, "show", "session")
    assert "First paragraph. Second paragraph." in card.out


# --- list and search ------------------------------------------------------------------------


def test_list_a_kind(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "list", "person")
    assert (r.code, r.err) == (0, "")
    assert columns(r.out) == [[p.id, p.name] for p in sovietdata.dataset().people]
    for spelling in ("people", "persons", "Person"):
        assert run(capsys, "list", spelling).out == r.out


def test_list_everything(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "list")
    ds = sovietdata.load(data)
    assert columns(r.out) == [
        [type(record).__name__.lower(), record.id, text.display(ds, record)] for record in ds
    ]
    assert ["tenure", "first-term", "Ivan Petrov, Secretary"] in columns(r.out)


def test_list_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "list", "tenures", "--json")
    assert json.loads(r.out) == [
        {"section": "tenure", "id": "first-term", "name": "Ivan Petrov, Secretary"},
        {"section": "tenure", "id": "second-term", "name": "Pyotr Ivanov, Secretary"},
    ]
    everything = json.loads(run(capsys, "--data", data, "list", "--json").out)
    assert [r["id"] for r in everything] == [r.id for r in sovietdata.load(data)]


@pytest.mark.parametrize(
    ("kind", "meant"), [("persn", "person"), ("peple", "person"), ("evnts", "event"), ("xyz", "")]
)
def test_list_unknown_kind_suggests(
    kind: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "list", kind)
    assert (r.code, r.out) == (cli.EXIT_USAGE, "")
    assert f"argument KIND: unknown kind of record {kind!r}" in r.err
    assert (f"; did you mean {meant!r}?" in r.err) == bool(meant)
    assert "(kinds: grade, source, person, body, office, tenure, event, election," in r.err


def test_list_a_kind_the_data_does_not_have(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "sources.json", {"source": MINIMAL["source"]})
    r = run(capsys, "--data", path, "list", "person")
    assert (r.code, r.out, r.err) == (0, "", "the data has no person records\n")
    r = run(capsys, "--data", path, "list", "person", "--json")
    assert (r.code, r.out, r.err) == (0, "[]\n", "")


@pytest.mark.parametrize("query", ["хрущёв", "Хрущев", "Khrushchev", "KHRUSHCHEV", "khrushchev"])
def test_search_by_name_in_any_script_and_case(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "search", query)
    assert (r.code, r.err) == (0, "")
    rows = columns(r.out)
    assert rows[0] == ["person", "khrushchev", "Nikita Khrushchev"]
    assert [row[1] for row in rows] == [record.id for record in sovietdata.search(query)]


def test_search_by_part_of_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    rows = columns(run(capsys, "search", "khrushchev-elected").out)
    assert ["election", sovietdata.FLAGSHIP] in [row[:2] for row in rows]


def test_search_takes_several_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "search", "Nikita", "Khrushchev").out == (
        run(capsys, "search", "Nikita Khrushchev").out
    )


def test_search_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "search", "petrov", "--json")
    assert json.loads(r.out)[0] == {"section": "person", "id": "first", "name": "Ivan Petrov"}
    ds = sovietdata.load(data)
    assert [r["id"] for r in json.loads(r.out)] == [record.id for record in ds.search("petrov")]


def test_search_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "search", "zzzz")
    assert (r.code, r.out, r.err) == (0, "", "no record matches 'zzzz'\n")
    r = run(capsys, "search", "zzzz", "--json")
    assert (r.code, r.out, r.err) == (0, "[]\n", "")


@pytest.mark.parametrize("argv", [["search", " "], ["search"]])
def test_search_needs_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, *argv)
    assert (r.code, r.out) == (cli.EXIT_USAGE, "")
    assert "usage: sovietdata search" in r.err


# --- JSON -----------------------------------------------------------------------------------


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "show", "khrushchev", "--json")
    assert (r.code, r.err) == (0, "")
    document = json.loads(r.out)
    shipped = json.loads(json.dumps(sovietdata.dataset().to_builtins()))
    assert document == {
        "section": "person",
        "record": next(p for p in shipped["person"] if p["id"] == "khrushchev"),
    }
    # The record is as a data file holds it: it converts back to the same record.
    record = msgspec.convert(document["record"], sovietdata.Person, dec_hook=_loader.dec_hook)
    assert record == sovietdata.lookup("khrushchev")
    flagship = json.loads(run(capsys, "show", "--json").out)
    assert (flagship["section"], flagship["record"]["id"]) == ("election", sovietdata.FLAGSHIP)


def test_timeline_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "timeline", "--json")
    assert json.loads(r.out) == [
        {
            "section": "event",
            "id": "session",
            "name": "A session",
            "kind": "plenum",
            "date": "1950-01-03/1950-01-07",
            "date_text": "3–7 January 1950",
        },
        {
            "section": "election",
            "id": "vote",
            "name": "Ivan Petrov elected Secretary",
            "kind": "election",
            "date": "1950-01-07",
            "date_text": "7 January 1950",
        },
    ]


def test_claims_json(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "claims", "--json")
    claims = json.loads(r.out)
    shipped = json.loads(json.dumps(sovietdata.dataset().to_builtins()["claim"]))
    assert sorted(claims, key=lambda c: c["id"]) == sorted(shipped, key=lambda c: c["id"])
    assert [c["number"] for c in claims] == [c.number for c in sovietdata.claims()]


@pytest.mark.parametrize("verdicts", [["supported"], ["supported", "incorrect"], ["misleading"]])
def test_claims_by_verdict(verdicts: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    options = [arg for v in verdicts for arg in ("--verdict", v)]
    wanted = [c for c in sovietdata.claims() if c.verdict.value in verdicts]
    r = run(capsys, "claims", *options)
    assert r.code == 0
    assert [row[:2] for row in columns(r.out)] == [[str(c.number), c.verdict.label] for c in wanted]
    if not wanted:
        assert r.err == f"the data has no claims with verdict {' or '.join(verdicts)}\n"
    as_json = json.loads(run(capsys, "claims", "--json", *options).out)
    assert [(c["number"], c["verdict"]) for c in as_json] == [
        (c.number, c.verdict.value) for c in wanted
    ]


def test_claims_verdict_choices_are_the_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "claims", "--help")
    choices = ",".join(v.value for v in sovietdata.Verdict)
    assert f"onlyclaimswiththisverdict:{choices}" in "".join(r.out.split())
    r = run(capsys, "claims", "--verdict", "incorect")
    assert r.code == 2
    assert "invalid choice: 'incorect'; did you mean 'incorrect'?" in r.err


# --- validate - (standard input) -------------------------------------------------------------

SOURCE_TOML = '[[source]]\nid = "notes"\nkind = "book"\ngrade = "primary"\ntitle = "Notes"\n'


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(
    ("given", "code", "said"),
    [
        (SOURCE_TOML, 0, "OK: 1 record, no problems found"),
        (json.dumps({"source": MINIMAL["source"]}), 0, "OK: 2 records, no problems found"),
        ('  {"source": [{"id": "x", "kind": "poem"}]}', 1, "<stdin>: record 'x', field "),
        ("[[source]]\nid = \n", 1, "<stdin>: not valid TOML"),
        ('{"source": ', 1, "<stdin>: not valid JSON"),
    ],
)
def test_validate_standard_input(
    given: str,
    code: int,
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stdin(monkeypatch, given.encode("utf-8"))
    r = run(capsys, "validate", "-")
    assert (r.code, r.err) == (code, "")
    assert said in r.out


def test_validate_standard_input_with_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sources.toml").write_text(SOURCE_TOML, encoding="utf-8")
    person = (
        '[[person]]\nid = "anna"\nname = "Anna"\nname_ru = "Анна"\nsummary = "A guest."\n'
        '[[person.citations]]\nsource = "notes"\npage = "3"\n'
    )
    stdin(monkeypatch, person.encode("utf-8"))
    r = run(capsys, "validate", tmp_path / "sources.toml", "-")  # the person cites the file
    assert (r.code, r.out) == (0, "OK: 2 records, no problems found\n")
    stdin(monkeypatch, person.replace('"notes"', '"notez"').encode("utf-8"))
    r = run(capsys, "validate", "-", tmp_path / "sources.toml")
    assert r.code == 1
    assert "<stdin>: record 'anna', field 'citations[0].source': " in r.out


def test_validate_standard_input_from_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Typed(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Typed(io.BytesIO(SOURCE_TOML.encode()), encoding="utf-8"))
    r = run(capsys, "validate", "-")
    assert (r.code, r.out) == (0, "OK: 1 record, no problems found\n")
    assert r.err == "reading data from standard input (end it with Ctrl-D)\n"


def test_validate_standard_input_once(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "validate", "-", "-")
    assert r.code == 2
    assert "standard input (-) can be read only once" in r.err


@pytest.mark.parametrize(
    ("given", "code", "said"),
    [
        (SOURCE_TOML, 0, "OK: 1 record, no problems found\n"),
        ('{"source": [{"id": "x"}]}', 1, "<stdin>: record 'x', field "),
    ],
)
def test_validate_dash_as_the_user_runs_it(given: str, code: int, said: str) -> None:
    done = subprocess.run(
        [SD, "validate", "-"], input=given, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (code, "")
    assert said in done.stdout
    assert "cannot read" not in done.stdout


# --- help and mistakes ----------------------------------------------------------------------

#: The exit codes each command can return, as its help lists them.
CODES = {
    "show": {0, 1, 2, 3, 4},
    "timeline": {0, 1, 2, 3, 4},
    "claims": {0, 1, 2, 4},
    "list": {0, 1, 2, 4},
    "search": {0, 1, 2, 4},
    "export": {0, 1, 2, 4},
    "validate": {0, 1, 2, 4},
    "diff": {0, 1, 2, 4},
    "schema": {0, 2, 4},
}
#: A command line that gives each code other than 2 (an unknown option) and 4 (a full disk).
REACHED = {
    "show": {0: ["show"], 1: ["--data", "BAD", "show"], 3: ["show", "nosuch"]},
    "timeline": {
        0: ["timeline"],
        1: ["timeline", "--data", "BAD"],
        3: ["timeline", "--person", "x"],
    },
    "claims": {0: ["claims"], 1: ["--data", "BAD", "claims"]},
    "list": {0: ["list"], 1: ["--data", "BAD", "list"]},
    "search": {0: ["search", "beria"], 1: ["--data", "BAD", "search", "beria"]},
    "export": {0: ["export", "-f", "json"], 1: ["--data", "BAD", "export", "-f", "json"]},
    "validate": {0: ["validate", "GOOD"], 1: ["validate", "BAD"]},
    "diff": {0: ["diff", "GOOD", "GOOD"], 1: ["diff", "GOOD", "NOWHERE"]},
    "schema": {0: ["schema"]},
}


def help_codes(output: str) -> set[int]:
    listed = output.split("exit codes:\n", 1)[1]
    return {int(line.split()[0]) for line in listed.splitlines() if line.strip()}


class FullDisk(io.StringIO):
    """Standard output on a full disk."""

    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("command", list(CODES))
def test_help_lists_only_the_exit_codes_a_command_returns(
    command: str,
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert help_codes(run(capsys, command, "--help").out) == CODES[command]
    bad = write(tmp_path / "bad.json", {"person": [{"id": "x"}]})
    paths = {"BAD": str(bad), "GOOD": str(data), "NOWHERE": str(tmp_path / "nowhere")}
    reached = {}
    for code, argv in REACHED[command].items():
        reached[code] = run(capsys, *(paths.get(a, a) for a in argv)).code
    reached[2] = run(capsys, command, "--bogus").code
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", FullDisk())
        reached[4] = cli.main([paths.get(a, a) for a in REACHED[command][0]])
    assert capsys.readouterr().err.endswith(
        "cannot write standard output: No space left on device\n"
    )
    assert reached == {code: code for code in CODES[command]}


def test_main_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--help")
    assert help_codes(r.out) == {0, 1, 2, 3, 4}
    for command in CODES:
        assert f"\n    {command} " in r.out


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["shwo"], "invalid choice: 'shwo'; did you mean 'show'?"),
        (["serch", "x"], "invalid choice: 'serch'; did you mean 'search'?"),
        (["timelin"], "invalid choice: 'timelin'; did you mean 'timeline'?"),
        (["export", "--format", "jsnld"], "invalid choice: 'jsnld'; did you mean 'jsonld'?"),
    ],
)
def test_a_mistyped_command_gets_a_suggestion(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, *argv)
    assert (r.code, r.out) == (2, "")
    assert hint in r.err


def test_a_command_like_no_other_gets_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "frobnicate")
    assert r.code == 2
    assert "did you mean" not in r.err
    assert "invalid choice: 'frobnicate' (choose from 'show'," in r.err


def test_a_mistyped_command_as_the_user_runs_it() -> None:
    done = subprocess.run([SD, "shwo"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "did you mean 'show'?" in done.stderr


def test_format_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "export", "--help")
    assert "--format FORMAT, -f FORMAT\n                        the format to write:" in r.out


# --- web addresses --------------------------------------------------------------------------


def test_web_addresses_read_in_their_own_script(capsys: pytest.CaptureFixture[str]) -> None:
    card = parse_card(run(capsys, "show", "rgani-2021").out)
    url = sovietdata.lookup("rgani-2021", sovietdata.Source).url
    assert url is not None
    assert url.startswith("http://old.xn--80afqtm.xn--p1ai/")
    assert card["fields"]["Web address"] == url.replace("xn--80afqtm.xn--p1ai", "ргани.рф")
    flagship = run(capsys, "show").out
    assert "http://old.ргани.рф/novosti/" in flagship
    assert "<http://kartaslov.ru/карта-знаний/Генеральный+секретарь+ЦК+КПСС>" in flagship
    assert "xn--" not in flagship
    assert "%D0" not in flagship


def test_web_addresses_are_decoded_only_where_it_is_safe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(MINIMAL)
    raw = "https://xn--e1afmkfd.xn--p1ai/a%20b/%D0%A6%281953%29/%FF/%E2%80%8B?q=%D0%B4#%D0%B5"
    # Labels that are not punycode of a name stay as written.
    doc["source"][1]["url"] = "http://xn--zz.xn--a.example:8080/"
    doc["claim"][0]["evidence"] = [{"source": "book", "url": "http://[::1]:8080/%D0%B4"}]
    doc["source"][0]["url"] = raw
    path = write(tmp_path / "d.json", doc)
    card = parse_card(run(capsys, "--data", path, "show", "book").out)
    # Non-ASCII letters are decoded; escapes of ASCII characters, of bytes that are not
    # UTF-8 and of invisible characters (here a zero-width space) stay as written.
    readable = "https://пример.рф/a%20b/Ц%281953%29/%FF/%E2%80%8B?q=д#е"
    assert card["fields"]["Web address"] == readable
    assert card["sections"] == {}
    cited = parse_card(run(capsys, "--data", path, "show", "first").out)
    assert cited["sections"]["Sources"] == [(f"A history. 1999. <{readable}>.", ["p. 1."])]
    claim = parse_card(run(capsys, "--data", path, "show", "claim-one").out)
    assert claim["sections"]["Sources"] == [
        (f"A history. 1999. <{readable}>.", ["<http://[::1]:8080/д>."])
    ]
    other = parse_card(run(capsys, "--data", path, "show", "blog").out)
    assert other["fields"]["Web address"] == "http://xn--zz.xn--a.example:8080/"
    as_json = json.loads(run(capsys, "--data", path, "show", "book", "--json").out)
    assert as_json["record"]["url"] == raw  # JSON holds the data as it is


# --- cards in a terminal --------------------------------------------------------------------

_STYLE = re.compile(r"\x1b\[[0-9;]*m")
_ADDRESS = re.compile(r"https?://[^\s<>\"]+")
#: What is never broken across lines: a web address, or an id (in parentheses or not).
_WHOLE = re.compile(r"<?https?://\S+|\(?[a-z0-9]+(?:-[a-z0-9]+)+\)?[.,;:]?")


def in_terminal(width: int, *argv: str) -> str:
    """What ``sovietdata ARGV`` shows in a terminal ``width`` columns wide, styles taken out."""
    assert SD.exists()
    master, replica = pty.openpty()
    env = {**os.environ, "COLUMNS": str(width), "TERM": "xterm-256color"}
    process = subprocess.Popen([SD, *argv], stdout=replica, stderr=subprocess.PIPE, env=env)
    os.close(replica)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program has ended and everything has been read
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    _, err = process.communicate()
    assert (process.returncode, err) == (0, b"")
    return _STYLE.sub("", output.decode("utf-8")).replace("\r\n", "\n")


@pytest.mark.parametrize("width", [80, 40])
@pytest.mark.parametrize("record", ["rgani-2021", sovietdata.FLAGSHIP, "dispute-election-date"])
def test_cards_never_cut_a_web_address(
    width: int, record: str, capsys: pytest.CaptureFixture[str]
) -> None:
    addresses = _ADDRESS.findall(run(capsys, "show", record).out)
    assert addresses
    shown = in_terminal(width, "show", record)
    for address in addresses:
        assert address.rstrip(".)") in shown
    # Long values are wrapped: a line is longer than the terminal only for a long word.
    for line in shown.splitlines():
        assert len(line) <= width or any(_WHOLE.fullmatch(word) for word in line.split()), line


@pytest.mark.parametrize("width", [12, 24, 40])
def test_narrow_cards_lose_nothing(width: int, capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(capsys, "show", "stalin").out
    shown = in_terminal(width, "show", "stalin")
    assert sorted(shown.split()) == sorted(plain.split())
