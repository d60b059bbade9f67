"""The command line: every command, plain and terminal output, and every exit code."""

from __future__ import annotations

import argparse
import copy
import csv
import importlib
import importlib.metadata
import importlib.util
import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sovietdata
from sovietdata import cli, export
from sovietdata.errors import DataError, Problem

from .conftest import CITE, MINIMAL, Document

ANSI = "\x1b["


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
    assert "\nSources\n  1. " in r.out
    election = sovietdata.election()
    first = sovietdata.dataset().cite(election.citations[0])
    assert f"  1. {first}" in r.out


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
        assert card["sections"]["Sources"] == ["A history. 1999. p. 1."]


def parse_card(text: str) -> dict[str, Any]:
    """A plain card read back: title, subtitle, aligned fields and numbered sections."""
    blocks = text.rstrip("\n").split("\n\n")
    title, subtitle = blocks[0].split("\n")
    lines = blocks[1].split("\n")
    values_at = {len(line) - len(line.split("  ", 1)[1].lstrip()) for line in lines}
    assert len(values_at) == 1, "the values of a card line up"
    fields = {line.split("  ", 1)[0]: line.split("  ", 1)[1].strip() for line in lines}
    sections = {}
    for block in blocks[2:]:
        heading, *items = block.split("\n")
        assert all(item.startswith(f"  {i}. ") for i, item in enumerate(items, 1))
        sections[heading] = [item.split(". ", 1)[1] for item in items]
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


def test_show_without_id_or_elections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "sources.json", {"source": MINIMAL["source"]})
    r = run(capsys, "--data", path, "show")
    assert r.code == 3
    assert f"no record with id '{sovietdata.FLAGSHIP}'" in r.err


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


def test_timeline_of_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "timeline", "--from", "1953", "--to", "1953")
    assert r.code == 0
    events = sovietdata.timeline(start=1953, end=1953)
    lines = r.out.splitlines()
    assert len(lines) == len(events) > 0
    for line, event in zip(lines, events, strict=True):
        assert line.startswith(event.date.text())
        assert event.title in line
        assert line.endswith(event.kind.value)
    assert any("3–7 September 1953" in line and "plenum" in line for line in lines)


def test_timeline_of_a_person(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "timeline", "--person", "malenkov")
    everything = run(capsys, "timeline")
    assert len(everything.out.splitlines()) == len(sovietdata.dataset().events)
    titles = {e.title: e for e in sovietdata.dataset().events}
    shown = [next(t for t in titles if t in line) for line in r.out.splitlines()]
    assert 0 < len(shown) < len(titles)
    assert all("malenkov" in titles[t].people for t in shown)
    assert {t for t, e in titles.items() if "malenkov" in e.people} == set(shown)


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
    assert r.out == "3–7 January 1950  A session  plenum\n1951              Later      meeting\n"


def test_timeline_with_no_events(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "--data", data, "timeline", "--from", "1990")
    assert (r.code, r.out) == (0, "")
    assert "no events match" in r.err


@pytest.mark.parametrize(
    ("person", "message"),
    [("petrov", "did you mean 'first'?"), ("secretary", "'secretary' is a Office, not a Person")],
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
    assert r.out == f"wrote 13 CSV tables to {target}\n"
    with (target / "tenures.csv").open(encoding="utf-8", newline="") as f:
        tenures = list(csv.DictReader(f))
    assert [t["id"] for t in tenures] == ["first-term", "second-term"]
    assert tenures[0]["end"] == "1955-06"


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
    assert "open format: json, jsonld, csv or timelinejs." in summary


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
    assert len(problems) == 2
    r = run(capsys, "validate", bad)
    assert r.code == 1
    assert r.out.splitlines() == [*(str(p) for p in problems), "2 problems found"]
    assert f"{bad}: record 'x', field 'name': Expected `str`, got `int`" in r.out
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


@pytest.mark.parametrize("command", ["show", "timeline", "claims", "export", "validate", "schema"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, command, "--help")
    assert r.code == 0
    assert r.out.startswith(f"usage: sovietdata {command}")
    assert "exit codes:" in r.out
    assert ("--data PATH" in r.out) == (command not in ("validate", "schema"))


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["--nonsense", "claims"]])
def test_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, *argv)
    assert r.code == 2
    assert "usage: sovietdata" in r.err


# --- terminal output ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["show", "first"], "Ivan Petrov"),
        (["show", "vote-date"], "Values"),
        (["timeline"], "A session"),
        (["claims"], "Incorrect"),
    ],
)
def test_terminal_output_uses_rich(
    argv: list[str], text: str, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    master, replica = os.openpty()
    with open(replica, "w", encoding="utf-8") as terminal:
        monkeypatch.setattr(sys, "stdout", terminal)
        assert cli.main(["--data", str(data), *argv]) == 0
        terminal.flush()
        monkeypatch.undo()
    output = b""
    while chunk := _read_ready(master):
        output += chunk
    os.close(master)
    shown = output.decode("utf-8")
    assert text in shown
    assert ANSI in shown  # styled
    assert any(corner in shown for corner in "╭┏")  # a panel or a table


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


def test_importing_the_package_does_not_import_rich() -> None:
    code = (
        "import sys, sovietdata, sovietdata.export, sovietdata.cli; "
        "sovietdata.cli.main(['claims']); print('rich' in sys.modules)"
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
    assert r.out.splitlines() == [
        line for line in r.out.splitlines() if "A session over two lines" in line
    ]
    card = run(capsys, "--data", path, "show", "session")
    assert "First paragraph. Second paragraph." in card.out
