"""The roles that put values of the data into running prose: ``{fact}`` and ``{who}``.

``{fact}`id```, ``{fact}`id.field```, ``{fact}`id.field|format```
    A record's name, or one of its field values, as prose. Formats: ``text`` (the default),
    ``year``, ``month``, ``iso``, ``start``, ``end``, ``short`` (a person's family name) and
    ``lower`` (first letter in lower case). An unknown record, field or format, or an unset
    field, is a build error that names the key, with a suggestion where one exists.
``{who}`person-id```
    A person's family name, as running prose uses it.

The words come from :mod:`sovietdata.text`, as they do for the command line and the exports.
Each value keeps the record and field it came from; in HTML it opens a card with the value's
precision, sources and disputes (see :mod:`sovietdata.sphinx.notes`).
"""

from __future__ import annotations

import enum

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

import sovietdata
from sovietdata import Person, Record
from sovietdata.edtf import EDTF, Interval
from sovietdata.models import REFERENCE_FIELDS
from sovietdata.sphinx.data import dataset
from sovietdata.text import date, display, short_name

__all__ = ["FORMATS", "FactError", "FactRole", "WhoRole", "fact", "setup", "value_text"]

#: Formats a ``{fact}`` value can take after a ``|``.
FORMATS = ("text", "year", "month", "iso", "start", "end", "short", "lower")


class FactError(LookupError):
    """A ``{fact}`` key that names no record, no field, or an unset field."""


def value_text(  # noqa: PLR0911 - one return per kind of value
    ds: sovietdata.Dataset, field: str, value: object, fmt: str
) -> str:
    """A field value as prose: dates in words, ids as names, tuples as lists.

    Raises:
        FactError: an unknown format, or a date format for a value that is not a date.

    """
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
    """A date in words at the precision a format asks for (``year``, ``month``, ``iso``, ...)."""
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
            return date(part)
    return date(value)


def fact(ds: sovietdata.Dataset, key: str) -> str:
    """Render ``id``, ``id.field`` or either with ``|format`` from the data.

    Raises:
        FactError: the key names no record, no field, or an unset field, or the format is
            unknown; the message names what is wrong, with a suggestion where one exists.

    """
    key, _, fmt = key.strip().partition("|")
    fmt = fmt.strip() or "text"
    record_id, _, field = key.partition(".")
    try:
        record = ds.lookup(record_id.strip())
    except LookupError as err:
        raise FactError(str(err.args[0] if err.args else err)) from None
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


class FactRole(SphinxRole):
    """``{fact}`id.field|format```: a value from the data, as text."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Build the nodes from the book's dataset."""
        try:
            text = fact(dataset(self.env), self.text)
        except FactError as err:
            msg = self.inliner.reporter.error(
                f"{{{self.name}}}`{self.text}`: {err}", line=self.lineno
            )
            prb = self.inliner.problematic(self.rawtext, self.rawtext, msg)
            return [prb], [msg]
        key = self.text.partition("|")[0]
        record_id, _, field = key.partition(".")
        node = nodes.inline(self.rawtext, text, classes=["sd-fact"])
        node["sovietdata"] = record_id.strip()
        node["sovietdata_field"] = field.strip()
        return [node], []


class WhoRole(SphinxRole):
    """``{who}`person-id```: a person's family name."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Build the nodes from the book's dataset."""
        ds = dataset(self.env)
        person = ds.get(self.text.strip(), Person)
        if person is None:
            message = f"no person with id {self.text.strip()!r}"
            try:
                ds.lookup(self.text.strip(), Person)
            except LookupError as err:
                message = str(err.args[0] if err.args else err)
            msg = self.inliner.reporter.error(f"{{who}}`{self.text}`: {message}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        node = nodes.inline(self.rawtext, short_name(person), classes=["sd-fact"])
        node["sovietdata"] = person.id
        return [node], []


def setup(app: Sphinx) -> None:
    """Register the ``{fact}`` and ``{who}`` roles."""
    app.add_role("fact", FactRole())
    app.add_role("who", WhoRole())
