"""Reading and validating data files.

Types, required fields, unknown fields and value constraints are msgspec's
job (declared on the record types in :mod:`sovietdata.models`); the rules
that span records (ids, references, chronology, offices, disputes) are here.
Every problem found is collected, so a user sees them all at once; a dataset
is only built when there are none.
"""

from __future__ import annotations

import gc
import itertools
import os
import typing
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from sovietdata.edtf import EDTF, EDTFError, SingleDate, parse, parse_single
from sovietdata.errors import DataError, Problem
from sovietdata.models import (
    REFERENCES,
    Body,
    Citation,
    Claim,
    Correction,
    Dispute,
    Election,
    Event,
    Fact,
    Finding,
    Grade,
    Office,
    Person,
    Rank,
    Record,
    Source,
    Tenure,
)

if TYPE_CHECKING:
    from pathlib import Path


class DataFile(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A sovietdata data file: each section an array of records (in TOML, ``[[person]]``)."""

    grade: tuple[Grade, ...] = ()
    source: tuple[Source, ...] = ()
    person: tuple[Person, ...] = ()
    body: tuple[Body, ...] = ()
    office: tuple[Office, ...] = ()
    tenure: tuple[Tenure, ...] = ()
    event: tuple[Event, ...] = ()
    election: tuple[Election, ...] = ()
    dispute: tuple[Dispute, ...] = ()
    claim: tuple[Claim, ...] = ()
    correction: tuple[Correction, ...] = ()


#: The top-level tables of a data file and the record type each holds, in load order.
SECTIONS: Mapping[str, type[Record]] = {
    field.name: typing.get_args(field.type)[0] for field in msgspec.structs.fields(DataFile)
}

#: Fields that hold nested tables (citations, dispute values) rather than plain values.
NESTED_FIELDS: frozenset[str] = frozenset({"citations", "evidence", "values"})

_ANY: tuple[type[Record], ...] = (Record,)
_REFERENCES = REFERENCES


def dec_hook(kind: type, obj: Any) -> Any:
    """Decode the EDTF fields of records for msgspec."""
    if kind is SingleDate:
        return parse_single(obj)
    if kind is EDTF:
        return parse(obj)
    raise NotImplementedError(f"no decoder for {kind!r}")  # pragma: no cover


def _split(error: msgspec.ValidationError) -> tuple[str | None, str]:
    """Split msgspec's ``message - at `$.path``` into (field path, message)."""
    text = str(error)
    message, sep, path = text.rpartition(" - at `$")
    if not sep:
        return None, text
    return path.rstrip("`").lstrip(".") or None, message


def _unknown_field(message: str) -> str | None:
    """The name in msgspec's ``Object contains unknown field `x```, if that is the message."""
    prefix = "Object contains unknown field `"
    if message.startswith(prefix):
        return message[len(prefix) :].rstrip("`")
    return None


class _Reader:
    """Collects raw records from documents, then validates and converts them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.records: list[tuple[str, Record]] = []
        # Ids of records that failed to convert: references to them are not reported again.
        self.broken: set[str] = set()

    def add_problem(self, file: str, record: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(file, record, field, message))

    def read_document(self, name: str, document: Mapping[str, Any]) -> None:
        for section, entries in document.items():
            kind = SECTIONS.get(section)
            if kind is None:
                known = ", ".join(f"[[{s}]]" for s in SECTIONS)
                self.add_problem(name, None, section, f"unknown section; expected one of {known}")
                continue
            if not isinstance(entries, list):
                self.add_problem(
                    name, None, section, f"expected an array of tables, written [[{section}]]"
                )
                continue
            for index, raw in enumerate(entries):
                self._convert(name, section, index, kind, raw)

    def _convert(self, name: str, section: str, index: int, kind: type[Record], raw: Any) -> None:
        label = f"{section}[{index}]"
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
            label = raw["id"]
        try:
            record = msgspec.convert(raw, kind, dec_hook=dec_hook)
        except msgspec.ValidationError as error:
            field, message = _split(error)
            unknown = _unknown_field(message)
            if unknown is not None:
                field = f"{field}.{unknown}" if field else unknown
                message = "unknown field"
            elif message.startswith("Object missing required field `"):
                missing = message.split("`")[1]
                field = f"{field}.{missing}" if field else missing
                message = "required field is missing"
            self.add_problem(name, label, field, message)
            self.broken.add(label)
            return
        self.records.append((name, record))


def citations_in(record: Record) -> Iterator[tuple[str, Citation]]:
    """Every citation in a record, with the field path it sits at."""
    if isinstance(record, Fact):
        for i, citation in enumerate(record.citations):
            yield f"citations[{i}]", citation
    if isinstance(record, Claim):
        for i, citation in enumerate(record.evidence):
            yield f"evidence[{i}]", citation
    if isinstance(record, Dispute):
        for i, value in enumerate(record.values):
            for j, citation in enumerate(value.citations):
                yield f"values[{i}].citations[{j}]", citation


def supports(citation: Citation) -> bool:
    """Whether a citation counts as support: it was not marked as not found in its source."""
    return citation.check is None or citation.check.found is not Finding.NOT_FOUND


#: The fields that date a fact of the story, by record type.
DATED_FIELDS: Mapping[type[Record], tuple[str, ...]] = {
    Person: ("born", "died"),
    Tenure: ("start", "end"),
    Event: ("date",),
    Election: ("date",),
}


def _refs(record: Record) -> Iterator[tuple[str, str, tuple[type[Record], ...]]]:
    """Every reference a record makes: (field path, id, the types it may name)."""
    for field, kinds in _REFERENCES.get(type(record), ()):
        value = getattr(record, field)
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                yield f"{field}[{i}]", item, kinds
        elif value is not None:
            yield field, value, kinds
    for path, citation in citations_in(record):
        yield f"{path}.source", citation.source, (Source,)


def _type_names(kinds: tuple[type[Record], ...]) -> str:
    return " or ".join(k.__name__ for k in kinds) if kinds != _ANY else "record"


class _Checker:
    """The rules that span records."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.by_id: dict[str, Record] = {}
        self.file_of: dict[str, str] = {}

    def problem(self, record: Record, field: str | None, message: str) -> None:
        self.reader.add_problem(self.file_of[record.id], record.id, field, message)

    def run(self) -> None:
        self.unique_ids()
        self.references()
        self.chronology()
        self.offices()
        self.elections()
        self.disputes()
        self.claims()
        self.grades()
        self.support()
        self.corrections()

    def unique_ids(self) -> None:
        for name, record in self.reader.records:
            if record.id in self.by_id:
                first = self.file_of[record.id]
                self.reader.add_problem(
                    name, record.id, "id", f"duplicate id; first defined in {first}"
                )
                continue
            self.by_id[record.id] = record
            self.file_of[record.id] = name

    def resolve(self, ref: str, kinds: tuple[type[Record], ...]) -> Record | None:
        target = self.by_id.get(ref)
        return target if isinstance(target, kinds) else None

    def references(self) -> None:
        for record in self.by_id.values():
            for field, ref, kinds in _refs(record):
                target = self.by_id.get(ref)
                if target is None:
                    if ref not in self.reader.broken:
                        self.problem(record, field, f"unknown {_type_names(kinds)} {ref!r}")
                elif not isinstance(target, kinds):
                    self.problem(
                        record,
                        field,
                        f"{ref!r} is a {type(target).__name__}, expected {_type_names(kinds)}",
                    )
                elif target is record:
                    self.problem(record, field, "a record cannot refer to itself")

    def chronology(self) -> None:
        for record in self.by_id.values():
            if isinstance(record, Person):
                if record.born and record.died and record.died.upper() < record.born.lower():
                    self.problem(record, "died", f"{record.died} is before birth ({record.born})")
            elif isinstance(record, Tenure):
                self.tenure_dates(record)

    def tenure_dates(self, tenure: Tenure) -> None:
        if tenure.end is not None and tenure.end.upper() < tenure.start.lower():
            self.problem(tenure, "end", f"{tenure.end} is before the start ({tenure.start})")
            return
        person = self.resolve(tenure.person, (Person,))
        if isinstance(person, Person):
            if person.born and tenure.start.upper() < person.born.lower():
                self.problem(tenure, "start", f"{tenure.start} is before {person.id} was born")
            last = tenure.end or tenure.start
            if person.died and person.died.upper() < last.lower():
                self.problem(tenure, "end", f"{last} is after {person.id} died ({person.died})")
        for field, ref, date in (
            ("start_event", tenure.start_event, tenure.start),
            ("end_event", tenure.end_event, tenure.end),
        ):
            event = self.resolve(ref, (Event,)) if ref else None
            if isinstance(event, Event) and date is not None and not event.date.overlaps(date):
                self.problem(tenure, field, f"{ref!r} ({event.date}) does not include {date}")

    def offices(self) -> None:
        held: dict[str, list[Tenure]] = defaultdict(list)
        for record in self.by_id.values():
            if isinstance(record, Tenure):
                held[record.office].append(record)
        for office_id, tenures in held.items():
            office = self.resolve(office_id, (Office,))
            if not isinstance(office, Office) or not office.single_holder:
                continue
            tenures.sort(key=lambda t: t.start.sort_key())
            for before, after in itertools.pairwise(tenures):
                # Only a certain overlap counts: handing over on the same day does not,
                # nor does a start known to the month in the month the other term ended.
                if before.end is None or after.start.upper() < before.end.lower():
                    until = before.end or "open end"
                    self.problem(
                        after,
                        "start",
                        f"{office_id!r} has one holder at a time, but {before.id!r} "
                        f"({before.start} to {until}) overlaps {after.start}",
                    )

    def elections(self) -> None:
        for record in self.by_id.values():
            if not isinstance(record, Election):
                continue
            event = self.resolve(record.event, (Event,))
            if isinstance(event, Event) and not event.date.overlaps(record.date):
                self.problem(
                    record, "date", f"{record.date} is outside {event.id!r} ({event.date})"
                )
            tenure = self.resolve(record.tenure, (Tenure,))
            if not isinstance(tenure, Tenure):
                continue
            for field in ("person", "office"):
                if getattr(tenure, field) != getattr(record, field):
                    self.problem(record, field, f"differs from the {field} of tenure {tenure.id!r}")
            if not record.reelection and tenure.start != record.date:
                self.problem(
                    record,
                    "date",
                    f"{record.date} is not the start of {tenure.id!r} ({tenure.start})",
                )
            if record.reelection:
                end = tenure.end.upper() if tenure.end else record.date.upper()
                if not tenure.start.lower() <= record.date.lower() <= end:
                    self.problem(record, "date", f"{record.date} is outside tenure {tenure.id!r}")

    def disputes(self) -> None:
        for record in self.by_id.values():
            if isinstance(record, Dispute):
                self.dispute(record)

    def dispute(self, dispute: Dispute) -> None:
        preferred = [v for v in dispute.values if v.rank is Rank.PREFERRED]
        if len(preferred) != 1:
            self.problem(
                dispute, "values", f"needs exactly one preferred value, has {len(preferred)}"
            )
        seen: set[str] = set()
        for i, value in enumerate(dispute.values):
            if value.value in seen:
                self.problem(dispute, f"values[{i}].value", f"{value.value!r} is listed twice")
            seen.add(value.value)
        subject = self.by_id.get(dispute.subject)
        if subject is None or subject is dispute:
            return
        if dispute.field not in subject.__struct_fields__ or dispute.field == "id":
            self.problem(
                dispute,
                "field",
                f"{type(subject).__name__} {subject.id!r} has no field {dispute.field!r}",
            )
            return
        current = getattr(subject, dispute.field)
        if current is None or isinstance(current, tuple):
            self.problem(
                dispute,
                "field",
                f"{subject.id}.{dispute.field} must hold a single value, the preferred one",
            )
            return
        if isinstance(current, EDTF):
            for i, value in enumerate(dispute.values):
                try:
                    parse(value.value)
                except EDTFError as error:
                    self.problem(dispute, f"values[{i}].value", str(error))
        shown = str(current).lower() if isinstance(current, bool) else str(current)
        if len(preferred) == 1 and shown != preferred[0].value:
            self.problem(
                dispute,
                "values",
                f"the preferred value {preferred[0].value!r} differs from "
                f"{subject.id}.{dispute.field} = {shown!r}",
            )

    def claims(self) -> None:
        numbers: dict[tuple[str, int], str] = {}
        for record in self.by_id.values():
            if isinstance(record, Claim):
                key = (record.article, record.number)
                if key in numbers:
                    self.problem(
                        record, "number", f"{record.number} is also the number of {numbers[key]!r}"
                    )
                else:
                    numbers[key] = record.id

    def grades(self) -> None:
        orders: dict[int, str] = {}
        for record in self.by_id.values():
            if isinstance(record, Grade):
                if record.order in orders:
                    self.problem(
                        record,
                        "order",
                        f"{record.order} is also the order of {orders[record.order]!r}",
                    )
                orders.setdefault(record.order, record.id)

    def _date_grade_problem(self, citations: Iterable[Citation]) -> str | None:
        """Why these citations cannot support a date, or None if they can."""
        found = [c for c in citations if supports(c)]
        weak: list[str] = []
        for citation in found:
            source = self.resolve(citation.source, (Source,))
            if not isinstance(source, Source):
                return None  # an unknown source is reported already
            grade = self.resolve(source.grade, (Grade,))
            if not isinstance(grade, Grade) or grade.supports_dates:
                return None
            weak.append(f"{citation.source} ({grade.id})")
        if not weak:
            return None
        names = ", ".join(dict.fromkeys(weak))
        strong = [
            g.id
            for g in sorted(
                (r for r in self.by_id.values() if isinstance(r, Grade)), key=lambda g: g.order
            )
            if g.supports_dates
        ]
        return (
            f"a date of the story cites only sources whose grade cannot support it alone: {names}; "
            f"add a source graded {' or '.join(strong) or 'to support dates'}"
        )

    def support(self) -> None:
        for record in self.by_id.values():
            groups: list[tuple[str, tuple[Citation, ...]]] = []
            if isinstance(record, Fact):
                groups.append(("citations", record.citations))
            if isinstance(record, Claim):
                groups.append(("evidence", record.evidence))
            if isinstance(record, Dispute):
                groups.extend(
                    (f"values[{i}].citations", v.citations) for i, v in enumerate(record.values)
                )
            for field, citations in groups:
                if citations and not any(supports(c) for c in citations):
                    self.problem(
                        record,
                        field,
                        "every citation is marked not found in its source; "
                        "a quotation that was not found cannot be the only support",
                    )
            dated = [
                f for f in DATED_FIELDS.get(type(record), ()) if getattr(record, f) is not None
            ]
            if dated and isinstance(record, Fact):
                why = self._date_grade_problem(record.citations)
                if why:
                    self.problem(record, "citations", f"{'/'.join(dated)}: {why}")
            if isinstance(record, Dispute):
                self.dispute_support(record)

    def dispute_support(self, dispute: Dispute) -> None:
        subject = self.by_id.get(dispute.subject)
        if subject is None or dispute.field not in DATED_FIELDS.get(type(subject), ()):
            return
        for i, value in enumerate(dispute.values):
            if value.rank is Rank.PREFERRED:
                why = self._date_grade_problem(value.citations)
                if why:
                    self.problem(dispute, f"values[{i}].citations", why)

    def corrections(self) -> None:
        for record in self.by_id.values():
            if not isinstance(record, Correction):
                continue
            target = self.by_id.get(record.record)
            if record.field is None:
                if target is not None:
                    self.problem(
                        record,
                        "record",
                        f"{record.record!r} still exists; "
                        "a correction without a field withdraws a record",
                    )
                continue
            if target is None:
                if record.record not in self.reader.broken:
                    self.problem(record, "record", f"unknown record {record.record!r}")
                continue
            if record.field not in target.__struct_fields__ or record.field == "id":
                self.problem(
                    record,
                    "field",
                    f"{type(target).__name__} {target.id!r} has no field {record.field!r}",
                )


def shipped_grades() -> tuple[str, Mapping[str, Any]]:
    """The shipped reliability scale (``grades.toml``), for data that brings no scale of its own."""
    import tomllib  # noqa: PLC0415  (only needed on a full load)
    from pathlib import Path  # noqa: PLC0415

    path = Path(__file__).parent / "data" / "grades.toml"
    return str(path), tomllib.loads(path.read_text(encoding="utf-8"))


def check(documents: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[list[Problem], list[Record]]:
    """Validate parsed documents: every problem found, and the records if there are none.

    Data that defines no ``[[grade]]`` of its own is graded on the shipped scale.
    """
    documents = list(documents)
    if not any(isinstance(d, Mapping) and "grade" in d for _, d in documents):
        documents.append(shipped_grades())
    # The records are acyclic: pausing the cycle collector while they are made
    # saves the repeated full collections that otherwise make large loads superlinear.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        reader = _Reader()
        for name, document in documents:
            reader.read_document(name, document)
        _Checker(reader).run()
    finally:
        if was_enabled:
            gc.enable()
    return reader.problems, [record for _, record in reader.records]


def decode(name: str, data: bytes, problems: list[Problem]) -> Mapping[str, Any] | None:
    """Parse one file's bytes as TOML (or JSON, by its name); a problem if they are not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, None, None, f"not UTF-8 text: {error.reason}"))
        return None
    if name.endswith(".json"):
        try:
            document = msgspec.json.decode(text)
        except msgspec.DecodeError as error:
            problems.append(Problem(name, None, None, f"not valid JSON: {error}"))
            return None
        if not isinstance(document, dict):
            problems.append(Problem(name, None, None, "expected a JSON object of sections"))
            return None
        return document
    import tomllib  # noqa: PLC0415  (only needed on a full load, not from the cache)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(name, None, None, f"not valid TOML: {error}"))
    return None


def _files(path: Path, problems: list[Problem]) -> list[Path]:
    if path.is_dir():
        try:
            return sorted(p for p in path.iterdir() if p.suffix in (".toml", ".json"))
        except OSError as error:
            problems.append(Problem(str(path), None, None, f"cannot read: {error.strerror}"))
            return []
    return [path]


def read_documents(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[list[Problem], list[tuple[str, Mapping[str, Any]]]]:
    """Read and parse data files (a directory stands for its ``*.toml`` and ``*.json``).

    Returns the problems found (unreadable, not UTF-8, not valid TOML or JSON) and
    each parsed document with its file name; nothing is validated yet.
    """
    from pathlib import Path  # noqa: PLC0415  (only for files of one's own: keeps import light)

    problems: list[Problem] = []
    documents: list[tuple[str, Mapping[str, Any]]] = []
    files = [f for path in paths for f in _files(Path(path), problems)]
    if not files and not problems:
        names = ", ".join(str(p) for p in paths)
        return [Problem(names, None, None, "no .toml or .json data files found")], []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as error:
            problems.append(Problem(str(file), None, None, f"cannot read: {error.strerror}"))
            continue
        document = decode(str(file), data, problems)
        if document is not None:
            documents.append((str(file), document))
    return problems, documents


def read_paths(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Problem], list[Record]]:
    """Read and validate data files: TOML, or JSON in the same shape (as exported).

    A directory stands for the ``*.toml`` and ``*.json`` files in it.
    """
    problems, documents = read_documents(paths)
    found, records = check(documents)
    return problems + found, records


def build(problems: Sequence[Problem], records: list[Record]) -> list[Record]:
    """Return the records, or raise :class:`DataError` if anything is wrong."""
    if problems:
        raise DataError(problems)
    return records
