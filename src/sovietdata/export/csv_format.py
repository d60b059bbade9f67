"""The ``csv`` format: one CSV table per record type, written together into a directory.

Named ``csv_format`` rather than ``csv`` so that it is never mistaken for the
standard library's :mod:`csv`, which it uses to write the tables.

The tables are made to open safely in a spreadsheet:

- each starts with a UTF-8 byte order mark (:data:`BOM`) by default, so that Excel
  reads the Cyrillic as UTF-8 rather than in the system's code page;
- a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is written with a single quote before it (:func:`neutralise`), as OWASP's page on CSV
  injection advises, so that a spreadsheet shows it as text instead of running it
  as a formula. Numbers are written as numbers: no numeric column of the data can be
  negative, so no number is touched.

Beside the tables, ``datapackage.json`` describes them as a Frictionless Data
Package (see :mod:`sovietdata.export.datapackage`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

import msgspec

from sovietdata import Dataset
from sovietdata._loader import NESTED_FIELDS, citations_in
from sovietdata.edtf import EDTF
from sovietdata.export.files import write_files
from sovietdata.export.shared import dumps
from sovietdata.models import (
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

__all__ = [
    "BOM",
    "BOUNDS",
    "CITATION_COLUMNS",
    "CSV_TABLES",
    "DISPUTE_VALUE_COLUMNS",
    "FORMULA_STARTS",
    "columns_of",
    "csv_files",
    "csv_tables",
    "date_columns",
    "neutralise",
    "write_csv",
]

#: The columns of ``dispute_values.csv``.
DISPUTE_VALUE_COLUMNS: Final = ("dispute", "index", "value", "rank", "reason")
#: The byte order mark each table starts with by default (as text: UTF-8 writes it as EF BB BF).
BOM: Final = "\ufeff"
#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

#: File name of the table of each record type, in the order the tables are written.
CSV_TABLES: Final[Mapping[str, type[Record]]] = {
    "grades.csv": Grade,
    "sources.csv": Source,
    "people.csv": Person,
    "bodies.csv": Body,
    "offices.csv": Office,
    "tenures.csv": Tenure,
    "events.csv": Event,
    "elections.csv": Election,
    "disputes.csv": Dispute,
    "claims.csv": Claim,
    "corrections.csv": Correction,
}
#: The columns of ``citations.csv`` (then ``checked_earliest`` and ``checked_latest``).
CITATION_COLUMNS: Final = (
    "record",
    "field",
    "source",
    "page",
    "url",
    "locator",
    "quote",
    "quote_language",
    "translation",
    "note",
    "checked",
    "found",
    "copy",
    "check_note",
)


def neutralise(text: str) -> str:
    r"""A text cell as written: with a single quote before it if it starts like a formula.

    >>> export.neutralise('=HYPERLINK("http://example.invalid","click")')
    '\'=HYPERLINK("http://example.invalid","click")'
    >>> export.neutralise("Хрущёв")
    'Хрущёв'
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return neutralise(";".join(_cell(v) for v in value))
    return neutralise(str(value))


def _table(rows: Iterable[Iterable[object]], bom: bool) -> str:
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


#: The suffixes of the two columns derived from each date column: the earliest and the
#: latest day the EDTF date can be, as ISO dates (empty where an interval is open or unknown).
BOUNDS: Final = ("_earliest", "_latest")


def _bounds(value: object) -> list[object]:
    if not isinstance(value, EDTF):
        return [None, None]
    low, high = value.lower(), value.upper()
    return [
        None if low == _dt.date.min else low.isoformat(),
        None if high == _dt.date.max else high.isoformat(),
    ]


def date_columns(kind: type[Record]) -> list[str]:
    """The columns of a record type's table that hold EDTF dates, in field order."""
    hints = msgspec.structs.fields(kind)
    return [f.name for f in hints if f.name not in NESTED_FIELDS and _is_date(f.type)]


def _is_date(t: object) -> bool:
    if isinstance(t, type):
        return issubclass(t, EDTF)
    return any(_is_date(a) for a in getattr(t, "__args__", ()))


def columns_of(kind: type[Record]) -> list[str]:
    """The header of a record type's table: its fields, then the derived date bounds.

    >>> import sovietdata
    >>> export.columns_of(sovietdata.Tenure)[-4:]
    ['start_earliest', 'start_latest', 'end_earliest', 'end_latest']
    """
    fields = [f for f in kind.__struct_fields__ if f not in NESTED_FIELDS]
    return fields + [f"{d}{b}" for d in date_columns(kind) for b in BOUNDS]


def csv_tables(ds: Dataset, *, bom: bool = True) -> dict[str, str]:
    """The dataset as CSV text, one table per record type plus citations and dispute values.

    The tables are named in :data:`CSV_TABLES`. Each has a header row and a
    column for every field but the citations; lists of ids are joined with ``;``
    and dates are EDTF strings, each followed at the end of the row by two derived
    columns, ``<field>_earliest`` and ``<field>_latest``, the first and last day
    the date can be (ISO 8601), so that no tool invents a day for ``1953-09``.
    Each table starts with a byte order mark unless ``bom`` is false; text cells that
    start like a formula are neutralised (:func:`neutralise`).
    ``citations.csv`` holds every citation with the record id and the field path it
    belongs to (``citations[0]``, ``values[1].citations[0]``), ``dispute_values.csv``
    every competing value of every dispute. :func:`csv_files` adds ``datapackage.json``,
    which describes every table.

    >>> import sovietdata
    >>> tables = export.csv_tables(sovietdata.dataset())
    >>> tables["people.csv"].removeprefix(export.BOM).splitlines()[0].split(",")[-6:]
    ['wikidata', 'summary', 'born_earliest', 'born_latest', 'died_earliest', 'died_latest']
    """
    out: dict[str, str] = {}
    for name, kind in CSV_TABLES.items():
        columns = [f for f in kind.__struct_fields__ if f not in NESTED_FIELDS]
        dates = date_columns(kind)
        records = [r for r in ds if type(r) is kind]
        rows = (
            [getattr(r, c) for c in columns] + [b for d in dates for b in _bounds(getattr(r, d))]
            for r in records
        )
        out[name] = _table([columns_of(kind), *rows], bom)
    citations: list[list[object]] = [[*CITATION_COLUMNS, *(f"checked{b}" for b in BOUNDS)]]
    for record in ds:
        for path, c in citations_in(record):
            fields: list[object] = [c.source, c.page, c.url, c.locator, c.quote, c.quote_language]
            check = c.check
            checked = [check.date, check.found, check.copy, check.note] if check else [None] * 4
            bounds = _bounds(check.date if check else None)
            citations.append([record.id, path, *fields, c.translation, c.note, *checked, *bounds])
    out["citations.csv"] = _table(citations, bom)
    values: list[list[object]] = [list(DISPUTE_VALUE_COLUMNS)]
    for d in ds.disputes:
        values += ([d.id, i, v.value, v.rank, v.reason] for i, v in enumerate(d.values))
    out["dispute_values.csv"] = _table(values, bom)
    return out


def csv_files(ds: Dataset, *, bom: bool = True) -> dict[str, str]:
    """:func:`csv_tables` and ``datapackage.json`` (:func:`~sovietdata.export.data_package`).

    What ``sovietdata export --format csv`` writes into its directory.
    """
    from sovietdata.export.datapackage import data_package  # noqa: PLC0415 (it reads this module)

    files = csv_tables(ds, bom=bom)
    files["datapackage.json"] = dumps(data_package(ds, bom=bom))
    return files


def write_csv(ds: Dataset, directory: str | os.PathLike[str], *, bom: bool = True) -> list[Path]:
    """Write :func:`csv_files` into ``directory``, whole or not at all; the paths written.

    A directory that does not exist is created (its parent must exist); the
    tables are written into a new directory beside or inside it first and moved
    into place at the end. :class:`WriteError` names the path if it cannot be written.
    """
    return write_files(directory, csv_files(ds, bom=bom))
