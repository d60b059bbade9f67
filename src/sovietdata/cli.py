"""The ``sovietdata`` command: find and show records, the timeline and the claims; export; validate.

Run ``sovietdata --help`` (or ``python -m sovietdata --help``) for the commands.
Output is laid out with rich when it goes to a terminal and is plain text
otherwise; ``--json`` gives JSON instead for the commands that read the data.
:func:`main` returns the exit code, so it can be called from Python:

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
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TextIO

import msgspec

import sovietdata
from sovietdata import Dataset, _loader, export, text
from sovietdata._loader import citations_in
from sovietdata.edtf import EDTF
from sovietdata.errors import DataError, Problem
from sovietdata.models import (
    REFERENCE_FIELDS,
    Claim,
    Dispute,
    Event,
    Grade,
    Office,
    Person,
    Record,
    Tenure,
    Verdict,
)

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console
    from rich.text import Text

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
#: The output cannot be written (an export writes nothing then).
EXIT_WRITE: Final = 4


def _exit_codes(codes: Mapping[int, str]) -> str:
    """The ``exit codes:`` section of a help text."""
    return "exit codes:\n" + "".join(f"  {code}  {words}\n" for code, words in codes.items())


EXIT_CODES: Final = _exit_codes(
    {
        EXIT_OK: "success",
        EXIT_DATA: "data problems found (validate, or a --data file that does not load)",
        EXIT_USAGE: "usage error (unknown command or option, missing or bad argument)",
        EXIT_UNKNOWN_ID: "unknown record id",
        EXIT_WRITE: "output cannot be written (an export then writes nothing)",
    }
)

_PROG: Final = "sovietdata"

# What each code means for the commands that can return it.
_OK: Final = {EXIT_OK: "success"}
_DATA: Final = {EXIT_DATA: "the --data file or directory does not load"}
_USAGE: Final = {EXIT_USAGE: "usage error (unknown option, missing or bad argument)"}
_STDOUT: Final = {EXIT_WRITE: "standard output cannot be written"}


class _CommandError(Exception):
    """A command that cannot go on: a message for standard error and an exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


# --- Web addresses for people to read --------------------------------------------------------

#: A web address inside running text; it ends before white space, ``<``, ``>`` or ``"``.
_URL: Final = re.compile(r"https?://[^\s<>\"]+")
_ESCAPES: Final = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _visible(char: str) -> bool:
    """Whether a character shows as itself: printable, and neither a space nor ASCII."""
    return not char.isascii() and char.isprintable() and not char.isspace()


def _host_label(label: str) -> str:
    """One label of a host name, decoded from punycode (``xn--80afqtm`` is ``ргани``)."""
    if label[:4].lower() != "xn--":
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label
    return (
        decoded
        if decoded and all(_visible(c) or c.isalnum() or c == "-" for c in decoded)
        else label
    )


def _unescape(match: re.Match[str]) -> str:
    """A run of percent-escapes with the non-ASCII characters it spells decoded.

    Escapes of ASCII characters (``%20``, ``%2F``, ``%28``) stay: they can change
    what the address means, or break it when copied. So do escapes that do not
    spell UTF-8, and those of spaces and invisible characters.
    """
    escaped = match.group()
    try:
        chars = bytes.fromhex(escaped.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return escaped
    out, at = [], 0
    for char in chars:
        size = 3 * len(char.encode("utf-8"))
        out.append(char if _visible(char) else escaped[at : at + size])
        at += size
    return "".join(out)


def _readable_url(url: str) -> str:
    """A web address as a reader should see it: host names and paths in their own script.

    Host names are decoded from punycode, and the percent-escapes of non-ASCII
    characters in the rest of the address are decoded; escapes of ASCII
    characters stay as written. The result is for display only: a browser
    takes it as it is, and encodes it back to the same address.

    >>> cli._readable_url("http://old.xn--80afqtm.xn--p1ai/novosti/")
    'http://old.ргани.рф/novosti/'
    >>> cli._readable_url("https://ru.wikipedia.org/wiki/%D0%A6%D0%9A_%281953%29")
    'https://ru.wikipedia.org/wiki/ЦК_%281953%29'
    """
    scheme, _, rest = url.partition("://")
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    userinfo, at, hostport = authority.rpartition("@")
    if not hostport.startswith("["):  # an IPv6 address has no labels to decode
        host, colon, port = hostport.partition(":")
        hostport = ".".join(_host_label(label) for label in host.split(".")) + colon + port
    return f"{scheme}://{userinfo}{at}{hostport}{_ESCAPES.sub(_unescape, tail)}"


def _readable(words: str) -> str:
    """Text with every web address in it made readable (see :func:`_readable_url`)."""
    return _URL.sub(lambda m: _readable_url(m.group()), words)


# --- What is shown: cards and tables, rendered plain or with rich -----------------------------


# Plain classes rather than dataclasses: a dataclass compiles its methods when the module is
# imported, which costs every run of the command a few milliseconds.


class _Item:
    """One entry of a card's section, with lines under it (such as a source's quotations)."""

    __slots__ = ("notes", "text")

    def __init__(self, text: str, notes: list[str] | None = None) -> None:
        self.text = text
        self.notes = [] if notes is None else notes


class _Section:
    __slots__ = ("bracketed", "heading", "items")

    def __init__(self, heading: str, items: list[_Item], *, bracketed: bool = False) -> None:
        self.heading = heading
        self.items = items
        #: Numbers written ``[1]``, as references to them are written, rather than ``1.``.
        self.bracketed = bracketed

    def marker(self, number: int) -> str:
        return f"[{number}]" if self.bracketed else f"{number}."


class _Card:
    __slots__ = ("fields", "sections", "subtitle", "title")

    def __init__(
        self,
        title: str,
        subtitle: str,
        fields: list[tuple[str, str]] | None = None,
        sections: list[_Section] | None = None,
    ) -> None:
        self.title = title
        self.subtitle = subtitle
        self.fields = [] if fields is None else fields
        self.sections = [] if sections is None else sections


class _Table:
    __slots__ = ("columns", "rows", "styled", "styles")

    def __init__(
        self,
        columns: list[str],
        rows: list[list[str]],
        styles: list[str] | None = None,
        *,
        styled: int = 0,
    ) -> None:
        self.columns = columns
        self.rows = rows
        #: A style for each row, applied to the cells of column ``styled``.
        self.styles = [] if styles is None else styles
        self.styled = styled


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _console(stream: TextIO) -> Console:
    from rich.console import Console  # noqa: PLC0415 - rich is only needed for a terminal

    return Console(file=stream, force_terminal=True, highlight=False)


def _one_line(words: str) -> str:
    """Text with every run of white space, line breaks included, made one space."""
    return " ".join(words.split())


def _plain_card(card: _Card) -> str:
    # Every record has required fields, so a card always has some.
    width = max(len(label) for label, _ in card.fields)
    lines = [_one_line(card.title), card.subtitle, ""]
    lines += [f"{label:<{width}}  {_one_line(value)}" for label, value in card.fields]
    for section in card.sections:
        lines += ["", section.heading]
        for i, item in enumerate(section.items, 1):
            head = f"  {section.marker(i)} "
            lines.append(head + _one_line(item.text))
            lines += [" " * len(head) + _one_line(note) for note in item.notes]
    return "\n".join(lines) + "\n"


def _wrap(words: str, width: int) -> list[str]:
    """Words in lines of at most ``width``; a word longer than that (an address) kept whole."""
    import textwrap  # noqa: PLC0415 - only for a terminal

    return textwrap.wrap(
        _one_line(words), max(width, 1), break_long_words=False, break_on_hyphens=False
    ) or [""]


def _rich_card(card: _Card, stream: TextIO) -> None:
    """A card laid out for the terminal's width, wrapped between words, never inside one.

    A web address longer than its line is printed whole on a line of its own and
    left to the terminal to wrap, so that it can still be copied; nothing is cut.
    """
    from rich.text import Text  # noqa: PLC0415

    console = _console(stream)
    width = console.width
    lines: list[Text] = []

    def block(first: str, style: str, words: str) -> None:
        """``first`` in ``style``, then ``words`` wrapped beside it and indented under it."""
        indent = len(first)
        wrapped = _wrap(words, width - indent)
        lines.append(Text.assemble((first, style), wrapped[0]))
        lines.extend(Text(" " * indent + line) for line in wrapped[1:])

    lines += [Text(line, style="bold") for line in _wrap(card.title, width)]
    lines += [Text(line, style="dim") for line in _wrap(card.subtitle, width)]
    lines.append(Text())
    label_width = max(len(label) for label, _ in card.fields)
    side_by_side = width - label_width - 2 >= 24
    for label, value in card.fields:
        if side_by_side:
            block(f"{label:<{label_width}}  ", "bold cyan", value)
        else:  # too narrow for two columns: each label above its value
            lines.append(Text(label, style="bold cyan"))
            block("  ", "", value)
    for section in card.sections:
        lines += [Text(), Text(section.heading, style="bold")]
        for i, item in enumerate(section.items, 1):
            marker = f"  {section.marker(i)} "
            block(marker, "dim", item.text)
            for note in item.notes:
                block(" " * len(marker), "", note)
    for line in lines:
        console.print(line, soft_wrap=True)  # already wrapped; soft_wrap cuts nothing


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

    console = _console(stream)
    out = Table(header_style="bold", show_lines=False)
    # The short columns (dates, kinds, ids) are kept on one line where the last, the
    # free text, still has room; otherwise a cell too wide is folded. Nothing is cut.
    widths = [
        max(len(c) for c in [name, *(row[i] for row in table.rows)])
        for i, name in enumerate(table.columns)
    ]
    keep = sum(widths[:-1]) + 3 * len(widths) + 1 + 20 <= console.width
    for i, column in enumerate(table.columns):
        last = i == len(table.columns) - 1
        out.add_column(column, overflow="fold", no_wrap=keep and not last)
    for i, row in enumerate(table.rows):
        style = table.styles[i] if i < len(table.styles) else ""
        out.add_row(
            *(Text(cell, style=style if j == table.styled else "") for j, cell in enumerate(row))
        )
    console.print(out)


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


def _write_json(value: object, out: TextIO) -> None:
    import json  # noqa: PLC0415 - only for --json

    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


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
#: The section of a data file that holds each record type (``person`` for Person).
_SECTION_OF: Final = {kind: section for section, kind in _loader.SECTIONS.items()}


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


def _sources(ds: Dataset, record: Record) -> tuple[_Section, dict[str, int]]:
    """A card's Sources: each source once, numbered, with what each citation of it adds.

    Also the number of each source, for the parts of the card that refer to it.
    """
    numbers: dict[str, int] = {}
    notes: dict[str, list[str]] = {}
    for _, cited in citations_in(record):
        numbers.setdefault(cited.source, len(numbers) + 1)
        said = notes.setdefault(cited.source, [])
        locus = text.locus(ds, cited)
        if locus and locus not in said:
            said.append(locus)
    items = [_Item(text.source_entry(ds, source), notes[source]) for source in numbers]
    return _Section("Sources", items, bracketed=True), numbers


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
    sources, numbers = _sources(ds, record)
    if isinstance(record, Dispute):
        values = []
        for v in record.values:
            said = _named(ds, v.value) if v.value in ds else text.dispute_value(v.value)
            refs = ", ".join(f"[{n}]" for n in sorted({numbers[c.source] for c in v.citations}))
            values.append(_Item(f"{said}, {v.rank.value}, given by {refs}: {v.reason}"))
        card.sections.append(_Section("Values", values))
    if isinstance(record, Person | Office):
        other = "office" if isinstance(record, Person) else "person"
        tenures = [
            _Item(f"{_named(ds, getattr(t, other))}, {text.span(t)} ({t.id})")
            for t in ds.tenures_of(record.id)
        ]
        if tenures:
            card.sections.append(_Section("Tenures", tenures))
    disputes = [
        _Item(f"{_label(d.field)}: {d.question} ({d.id})") for d in ds.disputes_about(record.id)
    ]
    if disputes:
        card.sections.append(_Section("Disputed", disputes))
    if sources.items:
        card.sections.append(sources)
    return _readable_card(card)


def _readable_card(card: _Card) -> _Card:
    """The card with every web address in it readable (see :func:`_readable_url`)."""
    return _Card(
        _readable(card.title),
        card.subtitle,
        [(label, _readable(value)) for label, value in card.fields],
        [
            _Section(
                s.heading,
                [_Item(_readable(i.text), [_readable(n) for n in i.notes]) for i in s.items],
                bracketed=s.bracketed,
            )
            for s in card.sections
        ],
    )


def _summary(ds: Dataset, record: Record) -> dict[str, str]:
    """A record in the JSON of ``list`` and ``search``: its section, id and name."""
    return {"section": _SECTION_OF[type(record)], "id": record.id, "name": text.display(ds, record)}


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
        if flagship is None:  # data of one's own without an election
            raise _CommandError(
                EXIT_USAGE,
                f"{args.data or 'the data'} has no election; give an id: {_PROG} show ID, "
                f"or {_PROG} list to see them",
            )
        record_id = flagship.id
    record = _lookup(ds, record_id)
    if args.json:
        document = msgspec.to_builtins(record, enc_hook=str)
        _write_json({"section": _SECTION_OF[type(record)], "record": document}, out)
    else:
        _show(_card(ds, record), out)
    return EXIT_OK


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    person: str | None = args.person
    if person is not None:
        _lookup(ds, person, Person)
    entries = ds.timeline(start=args.start, end=args.end, person=person)
    if args.json:
        _write_json(
            [
                {
                    **_summary(ds, e),
                    "kind": _timeline_kind(e),
                    "date": str(e.date),
                    "date_text": text.date(e.date),
                }
                for e in entries
            ],
            out,
        )
        return EXIT_OK
    if not entries:
        print("nothing in the timeline matches", file=sys.stderr)
        return EXIT_OK
    rows = [[text.date(e.date), _timeline_kind(e), e.id, text.display(ds, e)] for e in entries]
    _show(_Table(["Date", "Kind", "Id", "What"], rows), out)
    return EXIT_OK


def _timeline_kind(entry: Record) -> str:
    """The kind column of the timeline: an event's kind, or the record type (``election``)."""
    return entry.kind.value if isinstance(entry, Event) else _SECTION_OF[type(entry)]


def _cmd_claims(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    verdicts: list[str] | None = args.verdict
    claims = [c for c in ds.claims if verdicts is None or c.verdict.value in verdicts]
    if args.json:
        _write_json([msgspec.to_builtins(c, enc_hook=str) for c in claims], out)
        return EXIT_OK
    if not claims:
        wanted = f" with verdict {' or '.join(verdicts)}" if verdicts else ""
        print(f"the data has no claims{wanted}", file=sys.stderr)
        return EXIT_OK
    rows = [[str(c.number), c.verdict.label, c.paraphrase] for c in claims]
    styles = [_VERDICT_STYLES[c.verdict] for c in claims]
    _show(_Table(["No.", "Verdict", "Claim"], rows, styles, styled=1), out)
    return EXIT_OK


def _records_table(ds: Dataset, records: Sequence[Record], *, kind: bool) -> _Table:
    """Records one a line: id and name, after the kind of record where they are of several."""
    if kind:
        rows = [[_SECTION_OF[type(r)], r.id, text.display(ds, r)] for r in records]
        return _Table(["Kind", "Id", "Name"], rows)
    return _Table(["Id", "Name"], [[r.id, text.display(ds, r)] for r in records])


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    section: str | None = args.kind
    records = [r for r in ds if section is None or _SECTION_OF[type(r)] == section]
    if args.json:
        _write_json([_summary(ds, r) for r in records], out)
    elif not records:
        print(f"the data has no {section} records", file=sys.stderr)
    else:
        _show(_records_table(ds, records, kind=section is None), out)
    return EXIT_OK


def _cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    query = " ".join(args.text)
    found = ds.search(query)
    if args.json:
        _write_json([_summary(ds, r) for r in found], out)
    elif not found:
        print(f"no record matches {query!r}", file=sys.stderr)
    else:
        _show(_records_table(ds, found, kind=True), out)
    return EXIT_OK


def _render(ds: Dataset, args: argparse.Namespace) -> str:
    if args.format == "jsonld":
        return export.jsonld_format.render(ds, base_url=args.base_url)
    return export.render(ds, args.format)


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    ds = _dataset(args)
    fmt: str = args.format
    output: Path | None = args.output
    if fmt == "timelinejs" and not ds.events:
        raise _CommandError(
            EXIT_DATA,
            "the data has no events, and TimelineJS refuses a timeline without one: "
            "nothing written",
        )
    try:
        if fmt == "csv":
            assert output is not None  # checked when parsing
            written = export.write_csv(ds, output, bom=not args.no_bom)
            tables = sum(1 for p in written if p.suffix == ".csv")
            print(f"wrote {tables} CSV tables and datapackage.json to {output}", file=out)
        elif output is not None:
            export.write_text(output, _render(ds, args))
            print(f"wrote {fmt} to {output}", file=out)
        elif not args.report:
            out.write(_render(ds, args))
    except export.WriteError as error:
        raise _CommandError(EXIT_WRITE, str(error)) from error
    if args.report:
        report = export.REGISTRY[fmt].report
        assert report is not None  # checked when parsing
        lines = report(ds)
        for line in lines:
            print(line, file=out)
        count = len(lines)
        print(f"{fmt} leaves out {count} thing{'s' if count != 1 else ''}", file=out)
    return EXIT_OK


#: How standard input is named in messages, as ``validate -`` reads it.
_STDIN: Final = "<stdin>"


def _read_stdin() -> tuple[list[Problem], Mapping[str, Any] | None]:
    """The data on standard input: JSON if it starts with ``{``, TOML otherwise."""
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read().encode("utf-8")
    is_json = data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")
    problems: list[Problem] = []
    # The loader tells the two formats apart by the name's ending; the messages say <stdin>.
    document = _loader.decode(_STDIN + (".json" if is_json else ".toml"), data, problems)
    return [Problem(_STDIN, p.record, p.field, p.message) for p in problems], document


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    given: list[Path] = args.files
    paths = [p for p in given if str(p) != "-"]
    problems, documents = _loader.read_documents(paths) if paths else ([], [])
    if len(paths) < len(given):
        if _is_terminal(sys.stdin):
            print("reading data from standard input (end it with Ctrl-D)", file=sys.stderr)
        found, document = _read_stdin()
        problems += found
        if document is not None:
            documents.append((_STDIN, document))
    found, records = _loader.check(documents)
    problems += found
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
    _write_json(export.json_schema(), out)
    return EXIT_OK


# --- Arguments --------------------------------------------------------------------------------


def _base_url(text: str) -> str:
    """A ``--base-url``: an http(s) address without spaces."""
    if not text.startswith(("http://", "https://")) or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"not an http(s):// address: {text!r}")
    return text


def _closest(wanted: str, known: Iterable[str]) -> str | None:
    """The known word closest to ``wanted``, if one is close enough to be meant."""
    import difflib  # noqa: PLC0415 - only on a mistake

    close = difflib.get_close_matches(wanted.casefold(), list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(meant: str | None) -> str:
    return f"; did you mean {meant!r}?" if meant else ""


class _Parser(argparse.ArgumentParser):
    """An argument parser that suggests the nearest choice for a mistyped one.

    Python 3.14 does this with ``suggest_on_error``; the command runs on 3.11.
    """

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is not None and value not in choices:
            names = [str(c) for c in choices]
            meant = _closest(str(value), names)
            if meant is not None:
                listed = ", ".join(map(repr, names))
                raise argparse.ArgumentError(
                    action,
                    f"invalid choice: {value!r}{_did_you_mean(meant)} (choose from {listed})",
                )
        super()._check_value(action, value)


def _columns() -> int:
    """The terminal's width, as :func:`shutil.get_terminal_size` gives it.

    ``$COLUMNS`` if it is a positive number, else the width of the terminal on standard
    output, else 80. Argparse would import shutil for it, and shutil imports the
    compression modules, on every run of the command.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    stdout = sys.__stdout__
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):  # closed, detached or not a terminal
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and of the exit-code epilog."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # Argparse takes two columns off the terminal's width, as here.
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


def _path(words: str) -> Path:
    """A file or directory argument, as a :class:`pathlib.Path`."""
    from pathlib import Path  # noqa: PLC0415 - only for commands given a path

    return Path(words)


def _year(words: str) -> int:
    try:
        year = int(words)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {words!r}") from None
    if not 1 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"not a year: {words!r}")
    return year


#: Irregular plurals of the record types, accepted by ``list`` as well as the singular.
_PLURALS: Final = {"people": "person", "persons": "person", "bodies": "body"}


def _kind(words: str) -> str:
    """A record type as ``list`` takes it (``person`` or ``people``): its data-file section."""
    key = words.strip().casefold()
    sections = list(_loader.SECTIONS)
    names = {s: s for s in sections} | {f"{s}s": s for s in sections} | _PLURALS
    if key in names:
        return names[key]
    meant = _closest(key, names)
    raise argparse.ArgumentTypeError(
        f"unknown kind of record {words!r}{_did_you_mean(meant and names[meant])} "
        f"(kinds: {', '.join(sections)})"
    )


def _query(words: str) -> str:
    if not words.strip():
        raise argparse.ArgumentTypeError("give a word to search for")
    return words


_Handler = Callable[[argparse.Namespace, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``sovietdata`` command, with every subcommand.

    >>> cli.build_parser().parse_args(["timeline", "--from", "1953"]).start
    1953
    """
    parser = _Parser(
        prog=_PROG,
        description="Sourced data on how Nikita Khrushchev became First Secretary of the "
        "CPSU: find and show records, the timeline and the fact-checked claims; "
        "export the dataset; validate data files of your own.",
        epilog=EXIT_CODES,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {sovietdata.__version__}")
    data_help = "use this data file or directory instead of the shipped dataset"
    parser.add_argument("--data", type=_path, metavar="PATH", help=data_help)
    # The same option after the command; SUPPRESS keeps a value given before it.
    with_data = _Parser(add_help=False, formatter_class=_Formatter)
    with_data.add_argument(
        "--data", type=_path, metavar="PATH", default=argparse.SUPPRESS, help=data_help
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str,
        handler: _Handler,
        summary: str,
        codes: Mapping[int, str],
        *,
        data: bool = True,
        json: str | None = None,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=_exit_codes(codes),
            formatter_class=_Formatter,
            parents=[with_data] if data else [],
        )
        sub.set_defaults(handler=handler, uses_data=data, command_parser=sub)
        if json is not None:
            sub.add_argument("--json", action="store_true", help=json)
        return sub

    with_id = {EXIT_UNKNOWN_ID: "unknown record id"}
    show = command(
        "show",
        _cmd_show,
        "Show a record as a card: its fields in plain words, referenced records by name, "
        "and its sources, each once. Without ID, the flagship record: Khrushchev elected "
        "First Secretary (in data of your own, its first election).",
        {
            **_OK,
            **_DATA,
            EXIT_USAGE: "usage error (unknown option), or no ID for data without an election",
            **with_id,
            **_STDOUT,
        },
        json='write the record as a JSON object: {"section": ..., "record": {...}}, '
        "the record as in a data file",
    )
    show.add_argument("id", nargs="?", metavar="ID", help="id of the record (e.g. khrushchev)")

    timeline = command(
        "timeline",
        _cmd_timeline,
        "List the events and elections in date order: date, kind (the event's, or "
        "election), id and title.",
        {
            **_OK,
            **_DATA,
            **_USAGE,
            EXIT_UNKNOWN_ID: "unknown person id (--person)",
            **_STDOUT,
        },
        json="write a JSON array: one object per entry, with section, id, name, kind, "
        "date (EDTF) and date_text",
    )
    timeline.add_argument(
        "--from",
        dest="start",
        type=_year,
        metavar="YEAR",
        help="only entries that end in or after YEAR",
    )
    timeline.add_argument(
        "--to",
        dest="end",
        type=_year,
        metavar="YEAR",
        help="only entries that begin in or before YEAR",
    )
    timeline.add_argument("--person", metavar="ID", help="only entries with this person")

    claims = command(
        "claims",
        _cmd_claims,
        "List the article's claims with their verdicts.",
        {**_OK, **_DATA, **_USAGE, **_STDOUT},
        json="write a JSON array of the claims, each as in a data file",
    )
    claims.add_argument(
        "--verdict",
        action="append",
        choices=[v.value for v in Verdict],
        metavar="VERDICT",
        help="only claims with this verdict: %(choices)s (may be given more than once)",
    )

    kinds = command(
        "list",
        _cmd_list,
        "List the records, one a line: kind, id and name; with KIND, the records of that "
        "kind only, in the order of the data.",
        {
            **_OK,
            **_DATA,
            EXIT_USAGE: "usage error (unknown option or KIND)",
            **_STDOUT,
        },
        json="write a JSON array: one object per record, with section, id and name",
    )
    kinds.add_argument(
        "kind",
        nargs="?",
        type=_kind,
        metavar="KIND",
        help=f"a kind of record: {', '.join(_loader.SECTIONS)} (or their plurals)",
    )

    search = command(
        "search",
        _cmd_search,
        "Find records by name, title, Russian name, full name or id, ignoring case and "
        "accents: kind, id and name of each.",
        {**_OK, **_DATA, **_USAGE, **_STDOUT},
        json="write a JSON array: one object per record, with section, id and name",
    )
    search.add_argument(
        "text", nargs="+", type=_query, metavar="TEXT", help="words to look for (e.g. хрущёв)"
    )

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
        {
            **_OK,
            EXIT_DATA: "the --data file or directory does not load, or for timelinejs has no "
            "events",
            EXIT_USAGE: "usage error (unknown option or format, csv without -o DIR, an option "
            "of another format)",
            EXIT_WRITE: "the output cannot be written (nothing is written)",
        },
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
        type=_path,
        metavar="PATH",
        help="file to write (a directory for csv); written whole or not at all",
    )
    reporting = [f.name for f in formats if f.report is not None]
    export_.add_argument(
        "--report",
        action="store_true",
        help=f"list what the format cannot carry, record by record ({', '.join(reporting)}); "
        "printed instead of the export, or after it is written with -o",
    )
    export_.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="jsonld: the book's address, for each ClaimReview's url (default: the package's "
        "Documentation address if it has one, else addresses relative to the book's root)",
    )
    export_.add_argument(
        "--no-bom",
        action="store_true",
        help="csv: write the tables without the UTF-8 byte order mark that spreadsheets "
        "such as Excel need to read Cyrillic",
    )

    validate = command(
        "validate",
        _cmd_validate,
        "Check data files of your own (TOML or JSON, or directories of them) and list "
        "every problem with its file, record and field. FILE - reads standard input "
        "(JSON if it starts with {, TOML otherwise), named <stdin> in the messages.",
        {**_OK, EXIT_DATA: "problems found", **_USAGE, **_STDOUT},
        data=False,
    )
    validate.add_argument(
        "files", nargs="+", type=_path, metavar="FILE", help="a data file, a directory, or -"
    )

    diff_ = command(
        "diff",
        _cmd_diff,
        "List what changed between two versions of the data, per record and field: "
        "records and fields added, removed or changed (values, ranks, citations, verdicts). "
        "Older data that today's rules refuse can still be compared.",
        {**_OK, EXIT_DATA: "a version cannot be read", **_USAGE, **_STDOUT},
        data=False,
        json="write the changes as a JSON array",
    )
    diff_.add_argument("old", type=_path, metavar="OLD", help="the older data file or directory")
    diff_.add_argument("new", type=_path, metavar="NEW", help="the newer data file or directory")

    command(
        "schema",
        _cmd_schema,
        "Print the JSON Schema of the data file format.",
        {**_OK, EXIT_USAGE: "usage error (unknown option)", **_STDOUT},
        data=False,
    )
    return parser


def _check(args: argparse.Namespace) -> None:
    """Usage errors that argparse cannot see by itself; they exit with code 2."""
    command: argparse.ArgumentParser = args.command_parser
    if not args.uses_data and args.data is not None:
        command.error(f"--data does not apply to {args.command}")
    if args.command == "export":
        if args.output is not None and str(args.output) == "-":
            args.output = None  # standard output
        if args.format == "csv" and args.output is None:
            command.error("csv writes one file per table: give a directory with -o DIR")
        if args.report and export.REGISTRY[args.format].report is None:
            reporting = [n for n, f in export.REGISTRY.items() if f.report is not None]
            command.error(f"--report applies to {' and '.join(reporting)}, not {args.format}")
        if args.base_url is not None and args.format != "jsonld":
            command.error(f"--base-url applies to jsonld, not {args.format}")
        if args.no_bom and args.format != "csv":
            command.error(f"--no-bom applies to csv, not {args.format}")
    if args.command == "validate" and [str(p) for p in args.files].count("-") > 1:
        command.error("standard input (-) can be read only once")
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
