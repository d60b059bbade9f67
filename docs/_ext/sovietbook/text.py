"""Plain-text renderings of records and field values, for the roles, directives and figures."""

from __future__ import annotations

import enum

import sovietdata
from sovietdata import (
    Body,
    Claim,
    Correction,
    Dispute,
    Election,
    Event,
    Grade,
    Office,
    Person,
    Record,
    Source,
    Tenure,
)
from sovietdata._loader import REFERENCE_FIELDS
from sovietdata.edtf import EDTF, EDTFError, Interval, parse

#: Formats a ``{fact}`` value can take after a ``|``.
FORMATS = ("text", "year", "month", "iso", "start", "end", "short", "lower")


class FactError(LookupError):
    """A ``{fact}`` key that names no record, no field, or an unset field."""


def short_name(person: Person) -> str:
    """The family name a reader knows a person by: the last word of their name."""
    return person.name.rsplit(" ", 1)[-1]


def source_label(source: Source) -> str:
    """A short label for a source: family names and year, or the title and year."""
    year = f" {source.published.year}" if source.published else ""
    if source.authors:
        names = [a.split(",", 1)[0] for a in source.authors]
        who = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}"
        if len(names) > 2:
            who = f"{names[0]} et al."
        return who + year
    title = source.title if len(source.title) <= 60 else source.title[:57].rstrip() + "…"
    return title + year


def display(ds: sovietdata.Dataset, record: Record) -> str:  # noqa: PLR0911 - one per type
    """The name a reader would use for a record."""
    match record:
        case Person() | Body():
            return record.name
        case Office():
            return record.title
        case Event():
            return record.title
        case Source():
            return source_label(record)
        case Tenure():
            person = ds.lookup(record.person, Person).name
            title = record.title or ds.lookup(record.office, Office).title
            return f"{person}, {title}"
        case Election():
            person = ds.lookup(record.person, Person).name
            return f"{person} elected {ds.lookup(record.office, Office).title}"
        case Claim():
            return f"Claim {record.number}"
        case Dispute():
            return record.question
        case Grade():
            return record.name
        case Correction():
            return f"Correction of {record.record}" + (f".{record.field}" if record.field else "")
    return record.id  # pragma: no cover - every record type is matched above


def value_text(  # noqa: PLR0911 - one return per kind of value
    ds: sovietdata.Dataset, field: str, value: object, fmt: str
) -> str:
    """A field value as prose: dates in words, ids as names, tuples as lists."""
    if fmt not in FORMATS:
        raise FactError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if isinstance(value, EDTF):
        return date_text(value, fmt)
    if fmt in ("year", "month", "iso", "start", "end") and not isinstance(value, tuple):
        raise FactError(f"format {fmt!r} is for dates; {field!r} is not a date")
    if isinstance(value, tuple):
        parts = [value_text(ds, field, v, fmt) for v in value]
        if len(parts) <= 2:
            return " and ".join(parts)
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, Record):  # pragma: no cover - fields hold ids, not records
        return display(ds, value)
    text = str(value)
    target = ds.get(text) if field in REFERENCE_FIELDS else None
    if target is not None:
        if fmt == "short" and isinstance(target, Person):
            return short_name(target)
        return display(ds, target)
    if fmt == "lower":
        return text[:1].lower() + text[1:]
    return text


def date_text(value: EDTF, fmt: str = "text") -> str:
    """A date in words at the precision asked for."""
    lower, upper = value.lower(), value.upper()
    if fmt == "year":
        return str(lower.year) if lower.year == upper.year else f"{lower.year}–{upper.year}"
    if fmt == "month":
        first = lower.strftime("%B %Y")
        last = upper.strftime("%B %Y")
        return first if first == last else f"{first}–{last}"
    if fmt == "iso":
        return str(value)
    if fmt in ("start", "end") and isinstance(value, Interval):
        part = value.start if fmt == "start" else value.end
        if part is not None:
            return part.text()
    return value.text()


def value_or_date(value: str) -> str:
    """A dispute value in words: an EDTF date as prose, anything else as it is."""
    try:
        return parse(value).text()
    except EDTFError:
        return value


def fact(ds: sovietdata.Dataset, key: str) -> str:
    """Render ``id``, ``id.field`` or either with ``|format`` from the data.

    Raises :class:`FactError` naming what is wrong, with a suggestion where one exists.
    """
    key, _, fmt = key.strip().partition("|")
    fmt = fmt.strip() or "text"
    record_id, _, field = key.partition(".")
    try:
        record = ds.lookup(record_id.strip())
    except LookupError as err:
        raise FactError(str(err).strip("'\"")) from None
    if not field:
        if fmt == "short" and isinstance(record, Person):
            return short_name(record)
        if fmt not in ("text", "short", "lower"):
            raise FactError(f"format {fmt!r} needs a field: write {record_id}.<field>|{fmt}")
        name = display(ds, record)
        return name[:1].lower() + name[1:] if fmt == "lower" else name
    field = field.strip()
    names = type(record).__struct_fields__
    if field not in names:
        raise FactError(
            f"{type(record).__name__} {record.id!r} has no field {field!r}; "
            f"it has {', '.join(n for n in names if n != 'citations')}"
        )
    value = getattr(record, field)
    if value is None or value == ():
        raise FactError(f"{type(record).__name__} {record.id!r} has no value for {field!r}")
    return value_text(ds, field, value, fmt)
