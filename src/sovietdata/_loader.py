"""Reading and validating data files.

Every problem is found in one pass and named in the user's words. A record is
converted by msgspec against its type (declared in :mod:`sovietdata.models`);
when that fails, the record is checked again field by field, so that every bad
field is reported, not only the first. The rules that span records (ids,
references, chronology, offices, elections, disputes, support, corrections)
are here, and run over every record, including records with bad fields: a
rule that needs a bad field is skipped for that record (what one fault hides
is not guessed), and a reference to a record with bad fields is not reported
again. A dataset is only built when there are no problems at all.
"""

from __future__ import annotations

import codecs
import functools
import gc
import itertools
import os
import types
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

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
    Id,
    Isbn,
    Lang,
    Office,
    Person,
    QId,
    Rank,
    Record,
    Source,
    Tenure,
    Text,
    Url,
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

#: The folder of the shipped data files.
SHIPPED_FOLDER: str = os.path.join(os.path.dirname(__file__), "data")

#: The file name endings of data files: TOML, or JSON in the same shape.
SUFFIXES: tuple[str, ...] = (".toml", ".json")

#: How to load a file of one's own beside the shipped data, for a message.
LOAD_BESIDE = "sovietdata.load(sovietdata.SHIPPED_DATA, path)"

_ANY: tuple[type[Record], ...] = (Record,)
_REFERENCES = REFERENCES


def dec_hook(kind: type, obj: Any) -> Any:
    """Decode the EDTF fields of records for msgspec."""
    if kind is SingleDate:
        return parse_single(obj)
    if kind is EDTF:
        return parse(obj)
    raise NotImplementedError(f"no decoder for {kind!r}")  # pragma: no cover


# --- Words for messages -----------------------------------------------------------------


def _pattern(constrained: Any) -> str:
    meta: msgspec.Meta = typing.get_args(constrained)[1]
    assert meta.pattern is not None
    return meta.pattern


#: What each constrained kind of text is, in words, by the pattern it is checked with.
PATTERN_WORDS: Mapping[str, str] = {
    _pattern(Id): "an id: lower-case letters, digits and hyphens, such as 'khrushchev'",
    _pattern(Text): "text that is not empty",
    _pattern(Url): "a web address starting with http:// or https://",
    _pattern(QId): "a Wikidata id such as Q35314",
    _pattern(Isbn): "an ISBN-13 of 13 digits, without hyphens",
    _pattern(Lang): "a language tag such as 'en' or 'ru'",
}

#: How alike a mistyped field or section name must be to be suggested (ids: 0.6, as in look-ups).
_NAMES = 0.75

_NUMBERS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _number(n: int) -> str:
    """``none``, ``one``, ... ``nine``, ``10``."""
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


def _count(n: int, noun: str) -> str:
    """``one citation``, ``two values``, ``12 values``."""
    return f"{_number(n)} {noun}" if n == 1 else f"{_number(n)} {noun}s"


def with_article(word: str) -> str:
    """A word with its indefinite article: ``an Event``, ``a Person``."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def suggest(
    word: str,
    choices: Iterable[str],
    *,
    show: Callable[[str], str] = repr,
    cutoff: float = 0.6,
) -> str:
    """``; did you mean 'x'?`` for the choices closest to ``word`` (a prefix counts), or ``''``.

    ``cutoff`` is how alike (0 to 1, as :class:`difflib.SequenceMatcher` measures)
    a choice must be, and no less alike than the closest by more than a tenth;
    case does not count.

    >>> suggest("publshed", ["title", "published", "publisher"])
    "; did you mean 'published'?"
    >>> suggest("khrushchev-elected", ["khrushchev-elected-first-secretary", "khrushchev"])
    "; did you mean 'khrushchev-elected-first-secretary' or 'khrushchev'?"
    >>> suggest("zzz", ["title"])
    ''
    """
    import difflib  # noqa: PLC0415  (only on a failure)

    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(choice.casefold(), choice)
    key = word.casefold()
    found = [folded[c] for c in folded if len(key) >= 3 and c.startswith(key) and c != key]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    alike: list[tuple[float, str]] = []
    for choice in folded:  # the quick bounds first, as difflib.get_close_matches does
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            alike.append((matcher.ratio(), choice))
    alike.sort(key=lambda pair: -pair[0])
    best = alike[0][0] if alike else 0.0
    found += [folded[c] for ratio, c in alike if ratio >= max(cutoff, best - 0.1)]
    found = list(dict.fromkeys(found))[:3]
    if not found:
        return ""
    return "; did you mean " + " or ".join(show(f) for f in found) + "?"


def _shown(value: Any) -> str:  # noqa: PLR0911 - one return per kind of value
    """A value as the user wrote it, for ``got ...``."""
    import datetime  # noqa: PLC0415  (only on a failure)

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "…")
    if isinstance(value, datetime.date | datetime.time):
        return f"{value.isoformat()} without quotes"
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return with_article(type(value).__name__)  # pragma: no cover (not from TOML or JSON)


def _described(info: Any) -> str:  # noqa: PLR0911 - one return per kind of type
    """A msgspec type of a value (not of a table: tables say what is wrong field by field)."""
    from msgspec import inspect  # noqa: PLC0415  (only on a failure)

    if isinstance(info, inspect.StrType):
        if info.pattern is not None:
            return PATTERN_WORDS.get(info.pattern, "text of the expected form")
        return "text that is not empty" if info.min_length else "text"
    if isinstance(info, inspect.BoolType):
        return "true or false"
    if isinstance(info, inspect.IntType):
        if info.ge is not None:
            return f"a whole number of at least {info.ge}"
        return "a whole number"  # pragma: no cover (every number in the models has a minimum)
    if isinstance(info, inspect.EnumType):
        return "one of " + ", ".join(repr(m.value) for m in info.cls)
    if isinstance(info, inspect.CustomType):
        if info.cls is SingleDate:
            return "a date in EDTF, in quotes, such as '1953-09-07' or '1953-09'"
        return "a date or span in EDTF, in quotes, such as '1953-09-07' or '1953-09-03/1953-09-07'"
    if isinstance(info, inspect.VarTupleType | inspect.ListType):
        if isinstance(info.item_type, inspect.StructType):
            return f"a list of {info.item_type.cls.__name__.lower()}s, each a table"
        return "a list in square brackets"
    return "a value of another kind"  # pragma: no cover (every type of the models is above)


def _leaf_message(value: Any, kind: Any, error: msgspec.ValidationError) -> str:
    """Why ``value`` is not a ``kind``, in words (never a regular expression)."""
    from msgspec import inspect  # noqa: PLC0415  (only on a failure)

    info = inspect.type_info(kind)
    if isinstance(info, inspect.UnionType):
        (info,) = (t for t in info.types if not isinstance(t, inspect.NoneType))
    if isinstance(info, inspect.CustomType) and isinstance(value, str):
        return _split(error)[1]  # the EDTF parser's own words, which quote the value
    expected = _described(info)
    if isinstance(info, inspect.EnumType) and isinstance(value, str):
        hint = suggest(value, [str(m.value) for m in info.cls])
        return f"expected {expected}; got {_shown(value)}{hint}"
    longest = info.max_length if isinstance(info, inspect.StrType) else None
    if longest is not None and isinstance(value, str) and len(value) > longest:
        return f"expected at most {longest} characters ({expected}); got {len(value)}"
    return f"expected {expected}; got {_shown(value)}"


def _split(error: msgspec.ValidationError) -> tuple[str | None, str]:
    """Split msgspec's ``message - at `$.path``` into (field path, message)."""
    text = str(error)
    message, sep, path = text.rpartition(" - at `$")
    if not sep:
        return None, text
    return path.rstrip("`").lstrip(".") or None, message


# --- Converting records field by field --------------------------------------------------


class _HiddenError(Exception):
    """A rule met a value that failed its own check: the rule is skipped for that record."""


class _Hidden:
    """The value of a field that failed its check, in a record built from its good fields.

    Any use of it (truth, comparison, hashing, attributes, text) raises
    :class:`_HiddenError`, so a rule that needs a bad field stops, and reports
    nothing, instead of guessing.
    """

    __slots__ = ()

    def _refuse(self, *args: object) -> NoReturn:
        raise _HiddenError

    def __getattr__(self, name: str) -> NoReturn:
        if name.startswith("__"):  # what tools look for (``__wrapped__``): plainly absent
            raise AttributeError(name)
        raise _HiddenError

    def __bool__(self) -> NoReturn:
        raise _HiddenError

    def __eq__(self, other: object) -> NoReturn:
        raise _HiddenError

    def __ne__(self, other: object) -> NoReturn:
        raise _HiddenError

    def __hash__(self) -> NoReturn:
        raise _HiddenError

    def __str__(self) -> NoReturn:
        raise _HiddenError

    def __repr__(self) -> NoReturn:
        raise _HiddenError

    def __format__(self, spec: str) -> NoReturn:
        raise _HiddenError

    __lt__ = __le__ = __gt__ = __ge__ = __iter__ = __len__ = __contains__ = _refuse


HIDDEN: Any = _Hidden()

_T = typing.TypeVar("_T")


def _need(value: _T) -> _T:
    """The value, where a check by identity (``is``) would not notice :data:`HIDDEN`."""
    if value is HIDDEN:
        raise _HiddenError
    return value


def _is_struct(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, msgspec.Struct)


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _FieldChecker:
    """Checks one raw value against its annotated type, part by part.

    Returns the value converted where it is good and :data:`HIDDEN` where it is
    not (a table with some bad fields becomes its record type holding
    :data:`HIDDEN` in those fields), and collects a (field path, message) for
    every bad part.
    """

    def __init__(self) -> None:
        self.found: list[tuple[str | None, str]] = []

    def value(self, value: Any, kind: Any, path: str) -> Any:
        base, metas = kind, []
        if typing.get_origin(kind) is typing.Annotated:
            base, *metas = typing.get_args(kind)
        origin = typing.get_origin(base)
        if origin in (typing.Union, types.UnionType):
            members = [t for t in typing.get_args(base) if t is not type(None)]
            if value is None and len(members) < len(typing.get_args(base)):
                return None
            if len(members) == 1 and (
                _is_struct(members[0]) or typing.get_origin(members[0]) is tuple
            ):
                return self.value(value, members[0], path)
        elif origin is tuple:
            return self.array(value, kind, typing.get_args(base)[0], metas, path)
        elif _is_struct(base):
            return self.table(value, base, path)
        try:
            return msgspec.convert(value, kind, dec_hook=dec_hook)
        except msgspec.ValidationError as error:
            self.found.append((path or None, _leaf_message(value, kind, error)))
            return HIDDEN

    def array(self, value: Any, kind: Any, item: Any, metas: list[Any], path: str) -> Any:
        if not isinstance(value, list | tuple):
            from msgspec import inspect  # noqa: PLC0415  (only on a failure)

            described = _described(inspect.type_info(kind))
            self.found.append((path or None, f"expected {described}; got {_shown(value)}"))
            return HIDDEN
        good = True
        least = max((m.min_length or 0 for m in metas if isinstance(m, msgspec.Meta)), default=0)
        if len(value) < least:
            noun = item.__name__.lower() if _is_struct(item) else "item"
            got = _number(len(value))
            self.found.append((path or None, f"expected at least {_count(least, noun)}; got {got}"))
            good = False
        items = tuple(self.value(v, item, f"{path}[{i}]") for i, v in enumerate(value))
        return items if good else HIDDEN

    def table(self, value: Any, kind: type[msgspec.Struct], path: str) -> Any:
        if not isinstance(value, Mapping):
            self.found.append((path or None, f"expected a table of fields; got {_shown(value)}"))
            return HIDDEN
        fields = {f.encode_name: f for f in msgspec.structs.fields(kind)}
        values: dict[str, Any] = {}
        for name, raw in value.items():
            field = fields.get(name)
            if field is None:
                self.found.append((_at(path, str(name)), _unknown_field(str(name), kind)))
            else:
                values[field.name] = self.value(raw, field.type, _at(path, name))
        for name, field in fields.items():
            if field.required and name not in value:
                self.found.append((_at(path, name), "required field is missing"))
                values[field.name] = HIDDEN
        return kind(**values)


def _unknown_field(name: str, kind: type[msgspec.Struct]) -> str:
    names = [f.encode_name for f in msgspec.structs.fields(kind)]
    return "unknown field" + (
        suggest(name, names, cutoff=_NAMES) or f"; {kind.__name__} fields are {', '.join(names)}"
    )


class _Entry(msgspec.Struct, frozen=True):
    """One record as read: where it is, what it is called, and whether it is whole."""

    file: str
    label: str
    record: Record
    ordinal: int
    whole: bool
    #: Its id, when that is good.
    id: str | None


class _Reader:
    """Collects raw records from documents and converts them, keeping every problem."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, Problem]] = []
        self.entries: list[_Entry] = []
        self.ordinal = 0

    def add(self, ordinal: int, problem: Problem) -> None:
        self.problems.append((ordinal, problem))

    def read_document(self, name: str, document: Mapping[str, Any]) -> None:
        for section, entries in document.items():
            self.ordinal += 1
            kind = SECTIONS.get(section)
            if kind is None:
                hint = suggest(section, SECTIONS, show=lambda s: f"[[{s}]]", cutoff=_NAMES)
                known = ", ".join(f"[[{s}]]" for s in SECTIONS)
                message = (
                    f"unknown section{hint}"
                    if hint
                    else f"unknown section; expected one of {known}"
                )
                self.add(self.ordinal, Problem(name, None, section, message))
                continue
            if not isinstance(entries, list):
                message = f"expected an array of tables, written [[{section}]]"
                self.add(self.ordinal, Problem(name, None, section, message))
                continue
            for index, raw in enumerate(entries):
                self.ordinal += 1
                self._convert(name, section, index, kind, raw)

    def _convert(self, name: str, section: str, index: int, kind: type[Record], raw: Any) -> None:
        position = f"{section}[{index}]"
        if not isinstance(raw, Mapping):
            message = f"expected a table of fields, written [[{section}]]; got {_shown(raw)}"
            self.add(self.ordinal, Problem(name, position, None, message))
            return
        try:
            record = msgspec.convert(raw, kind, dec_hook=dec_hook)
        except msgspec.ValidationError as error:
            checker = _FieldChecker()
            record = checker.table(raw, kind, "")
            found = checker.found or [_split(error)]  # never silent, should the two disagree
            good_id = record.id if isinstance(record.id, str) else None
            label = good_id or position
            for field, message in found:
                self.add(self.ordinal, Problem(name, label, field, message))
            self.entries.append(_Entry(name, label, record, self.ordinal, False, good_id))
            return
        self.entries.append(_Entry(name, record.id, record, self.ordinal, True, record.id))


# --- Rules that span records ------------------------------------------------------------


def citations_in(record: Record) -> Iterator[tuple[str, Citation]]:
    """Every citation in a record, with the field path it sits at."""
    groups: list[tuple[str, Any]] = []
    if isinstance(record, Fact):
        groups.append(("citations", record.citations))
    if isinstance(record, Claim):
        groups.append(("evidence", record.evidence))
    if isinstance(record, Dispute) and record.values is not HIDDEN:
        groups.extend(
            (f"values[{i}].citations", value.citations)
            for i, value in enumerate(record.values)
            if value is not HIDDEN
        )
    for path, citations in groups:
        if citations is HIDDEN:
            continue
        for i, citation in enumerate(citations):
            if citation is not HIDDEN:
                yield f"{path}[{i}]", citation


def supports(citation: Citation) -> bool:
    """Whether a citation counts as support: it was not marked as not found in its source."""
    return citation.check is None or _need(citation.check.found) is not Finding.NOT_FOUND


#: The fields that date a fact of the story, by record type.
DATED_FIELDS: Mapping[type[Record], tuple[str, ...]] = {
    Person: ("born", "died"),
    Tenure: ("start", "end"),
    Event: ("date",),
    Election: ("date",),
}


def _refs(record: Record) -> Iterator[tuple[str, str, tuple[type[Record], ...]]]:
    """Every reference a record makes: (field path, id, the types it may name).

    References in fields that failed their own check are left out.
    """
    for field, kinds in _REFERENCES.get(type(record), ()):
        value = getattr(record, field)
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                if item is not HIDDEN:
                    yield f"{field}[{i}]", item, kinds
        elif value is not None and value is not HIDDEN:
            yield field, value, kinds
    for path, citation in citations_in(record):
        if citation.source is not HIDDEN:
            yield f"{path}.source", citation.source, (Source,)


def _type_names(kinds: tuple[type[Record], ...]) -> str:
    return " or ".join(k.__name__ for k in kinds) if kinds != _ANY else "record"


def _hidden(record: Record, *fields: str) -> bool:
    return any(getattr(record, f) is HIDDEN for f in fields)


@functools.cache
def shipped_ids() -> Mapping[str, type[Record]]:
    """The id of every record in the shipped data files, and its type (read, not validated)."""
    import tomllib  # noqa: PLC0415  (only for a hint on a failure)

    ids: dict[str, type[Record]] = {}
    for name in sorted(n for n in os.listdir(SHIPPED_FOLDER) if n.endswith(".toml")):
        with open(os.path.join(SHIPPED_FOLDER, name), "rb") as file:
            document = tomllib.load(file)
        for section, kind in SECTIONS.items():
            ids.update((raw["id"], kind) for raw in document.get(section, ()) if "id" in raw)
    return ids


class _Checker:
    """The rules that span records."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.by_id: dict[str, Record] = {}
        self.entry_of: dict[int, _Entry] = {id(e.record): e for e in reader.entries}
        #: Every record that counts once in rules among records: the first of each id,
        #: and records whose id is bad.
        self.distinct: list[Record] = []

    def label(self, record: Record) -> str:
        """The record's id, or its place (``person[2]``) when its id is bad."""
        return self.entry_of[id(record)].label

    def problem(self, record: Record, field: str | None, message: str) -> None:
        entry = self.entry_of[id(record)]
        self.reader.add(entry.ordinal, Problem(entry.file, entry.label, field, message))

    def run(self) -> None:
        self.unique_ids()
        # Each rule on one record, with the record types it applies to.
        table: tuple[tuple[Callable[[Any], None], tuple[type[Record], ...]], ...] = (
            (self.references, (Record,)),
            (self.chronology, (Person, Tenure)),
            (self.tenure_events, (Tenure,)),
            (self.election, (Election,)),
            (self.dispute_values, (Dispute,)),
            (self.dispute_subject, (Dispute,)),
            (self.not_found_only, (Fact, Claim, Dispute)),
            (self.dated_support, tuple(DATED_FIELDS)),
            (self.dispute_support, (Dispute,)),
            (self.correction, (Correction,)),
        )
        rules: dict[type[Record], list[Callable[[Any], None]]] = {}
        for entry in self.reader.entries:
            kind = type(entry.record)
            if kind not in rules:
                rules[kind] = [rule for rule, kinds in table if issubclass(kind, kinds)]
            for rule in rules[kind]:
                try:  # noqa: SIM105 - a bare try costs nothing; contextlib.suppress, a call per rule
                    rule(entry.record)
                except _HiddenError:
                    pass  # a field the rule needs failed its own check: say nothing, guess nothing
        # The rules among records leave out the records whose fields they need are bad.
        self.offices()
        self.claims()
        self.grades()

    def unique_ids(self) -> None:
        for entry in self.reader.entries:
            if entry.id is None:
                self.distinct.append(entry.record)
            elif entry.id in self.by_id:
                first = self.entry_of[id(self.by_id[entry.id])].file
                self.problem(entry.record, "id", f"duplicate id; first defined in {first}")
            else:
                self.by_id[entry.id] = entry.record
                self.distinct.append(entry.record)

    def resolve(self, ref: str, kinds: tuple[type[Record], ...]) -> Record | None:
        target = self.by_id.get(ref)
        return target if isinstance(target, kinds) else None

    def unknown(self, ref: str, kinds: tuple[type[Record], ...]) -> str:
        """``unknown Person 'x'``, with the ids meant or a hint to load the shipped data."""
        message = f"unknown {_type_names(kinds)} {ref!r}"
        shipped = shipped_ids().get(ref)
        if shipped is not None and issubclass(shipped, kinds):
            return (
                f"{message}; the shipped data has it, so load your file beside the shipped "
                f"data: {LOAD_BESIDE}"
            )
        ids = [i for i, r in self.by_id.items() if isinstance(r, kinds)]
        return message + suggest(ref, ids)

    def references(self, record: Record) -> None:
        for field, ref, kinds in _refs(record):
            target = self.by_id.get(ref)
            if target is None:
                self.problem(record, field, self.unknown(ref, kinds))
            elif not isinstance(target, kinds):
                found = with_article(type(target).__name__)
                self.problem(record, field, f"{ref!r} is {found}, expected {_type_names(kinds)}")
            elif target is record:
                self.problem(record, field, "a record cannot refer to itself")

    def chronology(self, record: Person | Tenure) -> None:
        if isinstance(record, Tenure):
            self.tenure_dates(record)
        elif record.born and record.died and record.died.upper() < record.born.lower():
            self.problem(record, "died", f"{record.died} is before birth ({record.born})")

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

    def tenure_events(self, record: Tenure) -> None:
        for field, date in (("start_event", "start"), ("end_event", "end")):
            ref, day = getattr(record, field), getattr(record, date)
            if ref is HIDDEN or day is HIDDEN:
                continue
            event = self.resolve(ref, (Event,)) if ref else None
            if isinstance(event, Event) and day is not None and not event.date.overlaps(day):
                self.problem(record, field, f"{ref!r} ({event.date}) does not include {day}")

    def offices(self) -> None:
        held: dict[str, list[Tenure]] = defaultdict(list)
        for record in self.distinct:
            if isinstance(record, Tenure) and not _hidden(record, "office", "start", "end"):
                held[record.office].append(record)
        for office_id, tenures in held.items():
            office = self.resolve(office_id, (Office,))
            if not isinstance(office, Office) or office.single_holder is not True:
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
                        f"{office_id!r} has one holder at a time, but {self.label(before)!r} "
                        f"({before.start} to {until}) overlaps {after.start}",
                    )

    def election(self, record: Election) -> None:
        event = self.resolve(record.event, (Event,)) if record.event is not HIDDEN else None
        if (
            isinstance(event, Event)
            and record.date is not HIDDEN
            and not event.date.overlaps(record.date)
        ):
            self.problem(record, "date", f"{record.date} is outside {event.id!r} ({event.date})")
        tenure = self.resolve(record.tenure, (Tenure,))
        if not isinstance(tenure, Tenure):
            return
        for field in ("person", "office"):
            mine, its = getattr(record, field), getattr(tenure, field)
            if mine is not HIDDEN and its is not HIDDEN and mine != its:
                self.problem(record, field, f"differs from the {field} of tenure {tenure.id!r}")
        _need(record.date)  # a date compares unequal to anything else: say nothing of a bad one
        if not record.reelection and tenure.start != record.date:
            self.problem(
                record, "date", f"{record.date} is not the start of {tenure.id!r} ({tenure.start})"
            )
        if record.reelection:
            end = tenure.end.upper() if tenure.end else record.date.upper()
            if not tenure.start.lower() <= record.date.lower() <= end:
                self.problem(record, "date", f"{record.date} is outside tenure {tenure.id!r}")

    def dispute_values(self, dispute: Dispute) -> None:
        preferred = [v for v in dispute.values if _need(v.rank) is Rank.PREFERRED]
        if len(preferred) != 1:
            self.problem(
                dispute, "values", f"needs exactly one preferred value, has {len(preferred)}"
            )
        seen: set[str] = set()
        for i, value in enumerate(dispute.values):
            if value.value in seen:
                self.problem(dispute, f"values[{i}].value", f"{value.value!r} is listed twice")
            seen.add(value.value)

    def names_a_field(self, record: Record, target: Record, field: str) -> bool:
        """Whether ``field`` is a field of ``target`` (other than its id); a problem if not."""
        fields = [f for f in target.__struct_fields__ if f != "id"]
        if field in fields:
            return True
        self.problem(
            record,
            "field",
            f"{type(target).__name__} {target.id!r} has no field {field!r}"
            + suggest(field, fields, cutoff=_NAMES),
        )
        return False

    def dispute_subject(self, dispute: Dispute) -> None:
        subject = self.by_id.get(dispute.subject)
        if subject is None or subject is dispute:
            return
        if not self.names_a_field(dispute, subject, dispute.field):
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
                if value.value is HIDDEN:
                    continue
                try:
                    parse(value.value)
                except EDTFError as error:
                    self.problem(dispute, f"values[{i}].value", str(error))
        shown = str(current).lower() if isinstance(current, bool) else str(current)
        preferred = [v for v in dispute.values if _need(v.rank) is Rank.PREFERRED]
        if len(preferred) == 1 and shown != preferred[0].value:
            self.problem(
                dispute,
                "values",
                f"the preferred value {preferred[0].value!r} differs from "
                f"{subject.id}.{dispute.field} = {shown!r}",
            )

    def claims(self) -> None:
        numbers: dict[tuple[str, int], str] = {}
        for record in self.distinct:
            if isinstance(record, Claim) and not _hidden(record, "article", "number"):
                key = (record.article, record.number)
                if key in numbers:
                    self.problem(
                        record, "number", f"{record.number} is also the number of {numbers[key]!r}"
                    )
                else:
                    numbers[key] = self.label(record)

    def grades(self) -> None:
        orders: dict[int, str] = {}
        for record in self.distinct:
            if isinstance(record, Grade) and not _hidden(record, "order"):
                if record.order in orders:
                    self.problem(
                        record,
                        "order",
                        f"{record.order} is also the order of {orders[record.order]!r}",
                    )
                orders.setdefault(record.order, self.label(record))

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
                (
                    r
                    for r in self.distinct
                    if isinstance(r, Grade) and not _hidden(r, "id", "order", "supports_dates")
                ),
                key=lambda g: g.order,
            )
            if g.supports_dates is True
        ]
        return (
            f"a date of the story cites only sources whose grade cannot support it alone: {names}; "
            f"add a source graded {' or '.join(strong) or 'to support dates'}"
        )

    def not_found_only(self, record: Record) -> None:
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

    def dated_support(self, record: Record) -> None:
        dated = [
            f
            for f in DATED_FIELDS.get(type(record), ())
            if getattr(record, f) is not None and getattr(record, f) is not HIDDEN
        ]
        if dated and isinstance(record, Fact):
            why = self._date_grade_problem(record.citations)
            if why:
                self.problem(record, "citations", f"{'/'.join(dated)}: {why}")

    def dispute_support(self, dispute: Dispute) -> None:
        subject = self.by_id.get(dispute.subject)
        if subject is None or dispute.field not in DATED_FIELDS.get(type(subject), ()):
            return
        for i, value in enumerate(dispute.values):
            if value.rank is Rank.PREFERRED:
                why = self._date_grade_problem(value.citations)
                if why:
                    self.problem(dispute, f"values[{i}].citations", why)

    def correction(self, record: Correction) -> None:
        target = self.by_id.get(record.record)
        if record.field is None:
            if target is not None:
                self.problem(
                    record,
                    "record",
                    f"{record.record!r} still exists; "
                    "a correction without a field withdraws a record",
                )
            return
        if target is None:
            self.problem(record, "record", self.unknown(record.record, _ANY))
            return
        self.names_a_field(record, target, record.field)


# --- Files ------------------------------------------------------------------------------


def shipped_grades() -> tuple[str, Mapping[str, Any]]:
    """The shipped reliability scale (``grades.toml``), for data that brings no scale of its own."""
    import tomllib  # noqa: PLC0415  (only needed on a full load)

    path = os.path.join(SHIPPED_FOLDER, "grades.toml")
    with open(path, "rb") as file:
        return path, tomllib.load(file)


def check(documents: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[list[Problem], list[Record]]:
    """Validate parsed documents: every problem found, and the records if there are none.

    The problems come in the order of the files and of the records in them.
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
    problems = [problem for _, problem in sorted(reader.problems, key=lambda p: p[0])]
    return problems, [entry.record for entry in reader.entries if entry.whole]


_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _text(name: str, data: bytes, problems: list[Problem]) -> str | None:
    """The bytes as UTF-8 text (a byte order mark skipped), or None and a problem saying why not."""
    for mark, encoding in _OTHER_BOMS:
        if data.startswith(mark):
            message = f"not UTF-8 text: the file is saved as {encoding}; save it as UTF-8"
            problems.append(Problem(name, None, None, message))
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, None, None, f"not UTF-8 text: {error.reason}"))
        return None


def decode(name: str, data: bytes, problems: list[Problem]) -> Mapping[str, Any] | None:
    """Parse one file's bytes as TOML (or JSON, by its name); a problem if they are not.

    A UTF-8 byte order mark at the start (as some Windows editors write) is skipped.
    """
    text = _text(name, data, problems)
    if text is None:
        return None
    if name.lower().endswith(".json"):
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
            return sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        except OSError as error:
            problems.append(Problem(str(path), None, None, f"cannot read: {error.strerror}"))
            return []
    if path.suffix.lower() in SUFFIXES or not path.exists():
        return [path]
    ending = f"ends in {path.suffix!r}" if path.suffix else "has no ending"
    message = f"not a data file: its name {ending}; a data file is a .toml or .json file"
    problems.append(Problem(str(path), None, None, message))
    return []


def read_documents(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[list[Problem], list[tuple[str, Mapping[str, Any]]]]:
    """Read and parse data files (a directory stands for its ``*.toml`` and ``*.json``).

    A file named explicitly must be a ``.toml`` or ``.json`` file. Returns the
    problems found (unreadable, another kind of file, not UTF-8, not valid TOML
    or JSON) and each parsed document with its file name; nothing is validated yet.
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
