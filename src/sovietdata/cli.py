"""The ``sovietdata`` command: show records, the timeline and the claims; export; validate.

Run ``sovietdata --help`` (or ``python -m sovietdata --help``) for the commands.
Output is laid out with rich when it goes to a terminal and is plain text
otherwise; :func:`main` returns the exit code, so it can be called from Python:

>>> cli.main(["show", "stalin"])  # doctest: +ELLIPSIS
Joseph Stalin
Person · stalin
...
0
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

import sovietdata
from sovietdata import Dataset, _loader, export, text
from sovietdata._loader import citations_in
from sovietdata.edtf import EDTF
from sovietdata.errors import DataError
from sovietdata.models import (
    REFERENCE_FIELDS,
    Claim,
    Dispute,
    Grade,
    Office,
    Person,
    Record,
    Tenure,
    Verdict,
)

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_UNKNOWN_ID",
    "EXIT_USAGE",
    "EXIT_WRITE",
    "build_parser",
    "main",
]

#: Success.
EXIT_OK: Final = 0
#: Data problems found: ``validate`` found some, or a ``--data`` file does not load.
EXIT_DATA: Final = 1
#: Usage error: an unknown command or option, or a missing or bad argument.
EXIT_USAGE: Final = 2
#: Unknown record id (``show ID``, ``timeline --person ID``).
EXIT_UNKNOWN_ID: Final = 3
#: The output path cannot be written; nothing was written.
EXIT_WRITE: Final = 4

EXIT_CODES: Final = f"""\
exit codes:
  {EXIT_OK}  success
  {EXIT_DATA}  data problems found (validate, or a --data file that does not load)
  {EXIT_USAGE}  usage error (unknown command or option, missing or bad argument)
  {EXIT_UNKNOWN_ID}  unknown record id
  {EXIT_WRITE}  output cannot be written (nothing is written)
"""

_PROG: Final = "sovietdata"


class _CommandError(Exception):
    """A command that cannot go on: a message for standard error and an exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


# --- What is shown: cards and tables, rendered plain or with rich -----------------------------


@dataclass
class _Card:
    title: str
    subtitle: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class _Table:
    columns: list[str]
    rows: list[list[str]]
    #: A style for each row, applied to the cells of column ``styled``.
    styles: list[str] = field(default_factory=list)
    styled: int = 0


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _console(stream: TextIO) -> Console:
    from rich.console import Console  # noqa: PLC0415 - rich is only needed for a terminal

    return Console(file=stream, force_terminal=True, highlight=False)


def _one_line(text: str) -> str:
    """Text with every run of white space, line breaks included, made one space."""
    return " ".join(text.split())


def _plain_card(card: _Card) -> str:
    # Every record has required fields, so a card always has some.
    width = max(len(label) for label, _ in card.fields)
    lines = [_one_line(card.title), card.subtitle, ""]
    lines += [f"{label:<{width}}  {_one_line(value)}" for label, value in card.fields]
    for heading, items in card.sections:
        lines += ["", heading]
        lines += [f"  {i}. {_one_line(item)}" for i, item in enumerate(items, 1)]
    return "\n".join(lines) + "\n"


def _rich_card(card: _Card, stream: TextIO) -> None:
    from rich.console import Group  # noqa: PLC0415
    from rich.panel import Panel  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column()
    for label, value in card.fields:
        grid.add_row(Text(label), Text(value))
    parts: list[Table | Text] = [Text(card.title + "\n", style="bold"), grid]
    for heading, items in card.sections:
        parts.append(Text("\n" + heading, style="bold"))
        listing = Table.grid(padding=(0, 1))
        listing.add_column(justify="right", style="dim")
        listing.add_column(overflow="fold")
        for i, item in enumerate(items, 1):
            listing.add_row(f"{i}.", Text(item))
        parts.append(listing)
    panel = Panel(
        Group(*parts),
        title=Text(card.subtitle, style="dim"),
        title_align="left",
    )
    _console(stream).print(panel)


def _plain_table(table: _Table) -> str:
    rows = [[_one_line(cell) for cell in row] for row in table.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.columns))]
    lines = []
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def _rich_table(table: _Table, stream: TextIO) -> None:
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    out = Table(*table.columns, header_style="bold", show_lines=False)
    for i, row in enumerate(table.rows):
        style = table.styles[i] if i < len(table.styles) else ""
        out.add_row(
            *(Text(cell, style=style if j == table.styled else "") for j, cell in enumerate(row))
        )
    _console(stream).print(out)


def _show(item: _Card | _Table, stream: TextIO) -> None:
    terminal = _is_terminal(stream)
    if isinstance(item, _Card):
        if terminal:
            _rich_card(item, stream)
        else:
            stream.write(_plain_card(item))
    elif terminal:
        _rich_table(item, stream)
    else:
        stream.write(_plain_table(item))


# --- Records in plain words -------------------------------------------------------------------

_LABELS: Final = {
    "name_ru": "Name in Russian",
    "title_ru": "Title in Russian",
    "full_name": "Full name",
    "born_place": "Place of birth",
    "died_place": "Place of death",
    "wikidata": "Wikidata",
    "single_holder": "One holder at a time",
    "start_event": "Began with",
    "end_event": "Ended with",
    "proposed_by": "Proposed by",
    "reelection": "Re-election",
    "url": "Web address",
    "isbn": "ISBN",
    "related": "Related records",
    "article": "Article",
    "people": "People",
    "bodies": "Bodies",
    "parent": "Part of",
}
# Fields holding ids of other records are shown by name; nested tables get sections of their own.
_REFERENCES: Final = REFERENCE_FIELDS
_NESTED: Final = _loader.NESTED_FIELDS | {"id"}
_VERDICT_STYLES: Final = {
    Verdict.SUPPORTED: "green",
    Verdict.PARTLY_SUPPORTED: "yellow",
    Verdict.MISLEADING: "magenta",
    Verdict.INCORRECT: "red",
    Verdict.UNVERIFIABLE: "dim",
}


def _label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def _named(ds: Dataset, record_id: str) -> str:
    record = ds.get(record_id)
    return f"{text.display(ds, record)} ({record_id})" if record is not None else record_id


def _value(ds: Dataset, name: str, value: object) -> str | None:
    """A field's value in words, or None where there is nothing to show."""
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return "; ".join(_scalar(ds, name, item) for item in value)
    return _scalar(ds, name, value)


def _scalar(ds: Dataset, name: str, value: object) -> str:
    if name in _REFERENCES and isinstance(value, str):
        shown = _named(ds, value)
    elif isinstance(value, bool):
        shown = "yes" if value else "no"
    elif isinstance(value, EDTF):
        shown = text.date(value)
    elif isinstance(value, Verdict):
        shown = value.label
    elif name == "wikidata":
        shown = f"{value} (https://www.wikidata.org/wiki/{value})"
    elif name == "quote":
        shown = f"“{value}”"
    else:
        shown = str(value)
    return shown


def _card(ds: Dataset, record: Record) -> _Card:
    card = _Card(text.display(ds, record), f"{type(record).__name__} · {record.id}")
    if isinstance(record, Claim):
        card.title = f"{card.title}: {record.verdict.label}"
    elif isinstance(record, Tenure):
        card.title = f"{card.title}: {text.span(record)}"
    for name in record.__struct_fields__:
        if name in _NESTED:
            continue
        shown = _value(ds, name, getattr(record, name))
        if shown is not None:
            card.fields.append((_label(name), shown))
    if isinstance(record, Dispute):
        card.sections.append(
            (
                "Values",
                [f"{_named(ds, v.value)} ({v.rank.value}): {v.reason}" for v in record.values],
            )
        )
    if isinstance(record, Person | Office):
        other = "office" if isinstance(record, Person) else "person"
        tenures = [
            f"{_named(ds, getattr(t, other))}, {text.span(t)} ({t.id})"
            for t in ds.tenures_of(record.id)
        ]
        if tenures:
            card.sections.append(("Tenures", tenures))
    disputes = [f"{_label(d.field)}: {d.question} ({d.id})" for d in ds.disputes_about(record.id)]
    if disputes:
        card.sections.append(("Disputed", disputes))
    cites = list(dict.fromkeys(ds.cite(c) for _, c in citations_in(record)))
    if cites:
        card.sections.append(("Sources", cites))
    return card


# --- Commands ---------------------------------------------------------------------------------


def _dataset(args: argparse.Namespace) -> Dataset:
    path: Path | None = args.data
    try:
        return sovietdata.dataset() if path is None else sovietdata.load(path)
    except DataError as error:
        source = path if path is not None else "the shipped dataset"
        count = len(error.problems)
        lines = [f"{source} does not load: {count} problem{'s' if count != 1 else ''}"]
        lines += (str(p) for p in error.problems)
        raise _CommandError(EXIT_DATA, "\n  ".join(lines)) from error


def _lookup(ds: Dataset, record_id: str, kind: type[Record] = Record) -> Record:
    try:
        return ds.lookup(record_id, kind)
    except LookupError as error:
        raise _CommandError(EXIT_UNKNOWN_ID, str(error)) from error


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    record_id: str | None = args.id
    if record_id is None:
        flagship = ds.flagship()
        record_id = flagship.id if flagship else sovietdata.FLAGSHIP
    _show(_card(ds, _lookup(ds, record_id)), out)
    return EXIT_OK


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    person: str | None = args.person
    if person is not None:
        _lookup(ds, person, Person)
    events = ds.timeline(start=args.start, end=args.end, person=person)
    if not events:
        print("no events match", file=sys.stderr)
        return EXIT_OK
    rows = [[text.date(e.date), e.title, e.kind.value] for e in events]
    _show(_Table(["Date", "Event", "Kind"], rows), out)
    return EXIT_OK


def _cmd_claims(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    claims = ds.claims
    if not claims:
        print("the data has no claims", file=sys.stderr)
        return EXIT_OK
    rows = [[str(c.number), c.verdict.label, c.paraphrase] for c in claims]
    styles = [_VERDICT_STYLES[c.verdict] for c in claims]
    _show(_Table(["No.", "Verdict", "Claim"], rows, styles, styled=1), out)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    fmt: str = args.format
    output: Path | None = args.output
    try:
        if fmt == "csv":
            assert output is not None  # checked when parsing
            written = export.write_csv(ds, output)
            print(f"wrote {len(written)} CSV tables to {output}", file=out)
        elif output is None:
            out.write(export.render(ds, fmt))
        else:
            export.write_text(output, export.render(ds, fmt))
            print(f"wrote {fmt} to {output}", file=out)
    except export.WriteError as error:
        raise _CommandError(EXIT_WRITE, str(error)) from error
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    paths: list[Path] = args.files
    problems, records = _loader.read_paths(paths)  # read and checked once
    if problems:
        for problem in problems:
            print(problem, file=out)
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=out)
        return EXIT_DATA
    # The grades are the scale the sources are judged on, not records of the story.
    count = sum(1 for r in records if not isinstance(r, Grade))
    print(f"OK: {count} record{'s' if count != 1 else ''}, no problems found", file=out)
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from sovietdata import diff  # noqa: PLC0415  (only for this command)

    try:
        changes = diff.compare(args.old, args.new)
    except DataError as error:
        count = len(error.problems)
        lines = [f"cannot compare: {count} problem{'s' if count != 1 else ''}"]
        lines += (str(p) for p in error.problems)
        raise _CommandError(EXIT_DATA, "\n  ".join(lines)) from error
    out.write(diff.render_json(changes) if args.json else diff.render_text(changes))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    import json  # noqa: PLC0415

    out.write(json.dumps(export.json_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


# --- Arguments --------------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and of the exit-code epilog."""


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not 1 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return year


_Handler = Callable[[argparse.Namespace, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sovietdata`` command, with every subcommand.

    >>> cli.build_parser().parse_args(["timeline", "--from", "1953"]).start
    1953
    """
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Sourced data on how Nikita Khrushchev became First Secretary of the "
        "CPSU: show records, the timeline and the fact-checked "
        "claims; export the dataset; validate data files of your own.",
        epilog=EXIT_CODES,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {sovietdata.__version__}")
    data_help = "use this data file or directory instead of the shipped dataset"
    parser.add_argument("--data", type=Path, metavar="PATH", help=data_help)
    # The same option after the command; SUPPRESS keeps a value given before it.
    with_data = argparse.ArgumentParser(add_help=False)
    with_data.add_argument(
        "--data", type=Path, metavar="PATH", default=argparse.SUPPRESS, help=data_help
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str, handler: _Handler, summary: str, *, data: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=EXIT_CODES,
            formatter_class=_Formatter,
            parents=[with_data] if data else [],
        )
        sub.set_defaults(handler=handler, uses_data=data, command_parser=sub)
        return sub

    show = command(
        "show",
        _cmd_show,
        "Show a record as a card: its fields in plain words, referenced records by name, "
        "and its sources. Without ID, the flagship record: Khrushchev elected First Secretary.",
    )
    show.add_argument("id", nargs="?", metavar="ID", help="id of the record (e.g. khrushchev)")

    timeline = command(
        "timeline", _cmd_timeline, "List the events in date order: date, title and kind."
    )
    timeline.add_argument(
        "--from",
        dest="start",
        type=_year,
        metavar="YEAR",
        help="only events that end in or after YEAR",
    )
    timeline.add_argument(
        "--to",
        dest="end",
        type=_year,
        metavar="YEAR",
        help="only events that begin in or before YEAR",
    )
    timeline.add_argument("--person", metavar="ID", help="only events with this person")

    command("claims", _cmd_claims, "List the article's claims with their verdicts.")

    # The formats, their descriptions and which of them need a directory come from the registry.
    formats = list(export.REGISTRY.values())
    names = [f.name for f in formats]
    directories = ", ".join(f.name for f in formats if f.directory)
    export_ = command(
        "export",
        _cmd_export,
        f"Export the whole dataset in an open format: {', '.join(names[:-1])} or {names[-1]}. "
        f"Written to standard output unless -o is given; a format that writes a directory "
        f"({directories}) needs -o DIR.",
    )
    width = max(map(len, names))
    export_.description = f"{export_.description}\n\nformats:\n" + "".join(
        f"  {f.name:<{width}}  {f.description}\n" for f in formats
    )
    export_.add_argument(
        "--format",
        "-f",
        required=True,
        choices=names,
        metavar="FORMAT",
        help="the format to write: %(choices)s (see the list above)",
    )
    export_.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="file to write (a directory for csv); written whole or not at all",
    )

    validate = command(
        "validate",
        _cmd_validate,
        "Check data files of your own (TOML or JSON, or directories of them) and list "
        "every problem with its file, record and field.",
        data=False,
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a data file")

    diff_ = command(
        "diff",
        _cmd_diff,
        "List what changed between two versions of the data, per record and field: "
        "records and fields added, removed or changed (values, ranks, citations, verdicts). "
        "Older data that today's rules refuse can still be compared.",
        data=False,
    )
    diff_.add_argument("old", type=Path, metavar="OLD", help="the older data file or directory")
    diff_.add_argument("new", type=Path, metavar="NEW", help="the newer data file or directory")
    diff_.add_argument("--json", action="store_true", help="write the changes as a JSON array")

    command(
        "schema",
        _cmd_schema,
        "Print the JSON Schema of the data file format.",
        data=False,
    )
    return parser


def _check(args: argparse.Namespace) -> None:
    """Usage errors that argparse cannot see by itself; they exit with code 2."""
    command: argparse.ArgumentParser = args.command_parser
    if not args.uses_data and args.data is not None:
        command.error(f"--data does not apply to {args.command}")
    if args.command == "export":
        if args.format == "csv" and args.output in (None, Path("-")):
            command.error("csv writes one file per table: give a directory with -o DIR")
        if args.output == Path("-"):
            args.output = None
    start: int | None = getattr(args, "start", None)
    end: int | None = getattr(args, "end", None)
    if start is not None and end is not None and start > end:
        command.error(f"--from {start} is after --to {end}")


def _silence_stdout() -> None:
    """After the reader of a pipe has gone, send what is left of standard output nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        with contextlib.suppress(OSError, ValueError):  # a stream with no file descriptor
            os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``sovietdata`` command with ``argv`` (default: the process's); the exit code.

    >>> cli.main(["--version"])  # doctest: +ELLIPSIS
    sovietdata ...
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        _check(args)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    handler: _Handler = args.handler
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        # A terminal or pipe that cannot encode Cyrillic gets escapes, not a crash.
        out.reconfigure(errors="backslashreplace")
    try:
        code = handler(args, out)
        out.flush()
    except _CommandError as failure:
        print(f"{_PROG}: error: {failure}", file=sys.stderr)
        return failure.code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as error:
        print(f"{_PROG}: error: cannot write standard output: {error.strerror}", file=sys.stderr)
        return EXIT_WRITE
    return code
