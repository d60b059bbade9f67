"""The ``csv`` format: one CSV table per record type, written together into a directory.

Named ``csv_format`` rather than ``csv`` so that it is never mistaken for the
standard library's :mod:`csv`, which it uses to write the tables.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from sovietdata import Dataset
from sovietdata._loader import NESTED_FIELDS, citations_in
from sovietdata.export.files import write_files
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

__all__ = ["CSV_TABLES", "csv_tables", "write_csv"]

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
_CITATION_COLUMNS: Final = (
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


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ";".join(_cell(v) for v in value)
    return str(value)


def _table(rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_tables(ds: Dataset) -> dict[str, str]:
    """The dataset as CSV text, one table per record type plus citations and dispute values.

    The tables are named in :data:`CSV_TABLES`. Each has a header row and a
    column for every field but the citations; lists of ids are joined with ``;``
    and dates are EDTF strings. ``citations.csv`` holds every citation with the
    record id and the field path it belongs to (``citations[0]``,
    ``values[1].citations[0]``), ``dispute_values.csv`` every competing value of
    every dispute.

    >>> import sovietdata
    >>> tables = export.csv_tables(sovietdata.dataset())
    >>> tables["people.csv"].splitlines()[0]
    'id,name,name_ru,full_name,born,born_place,died,died_place,wikidata,summary'
    """
    out: dict[str, str] = {}
    for name, kind in CSV_TABLES.items():
        columns = [f for f in kind.__struct_fields__ if f not in NESTED_FIELDS]
        records = [r for r in ds if type(r) is kind]
        out[name] = _table([columns, *([getattr(r, c) for c in columns] for r in records)])
    citations: list[list[object]] = [list(_CITATION_COLUMNS)]
    for record in ds:
        for path, c in citations_in(record):
            fields = [c.source, c.page, c.url, c.locator, c.quote, c.quote_language]
            check = c.check
            checked = [check.date, check.found, check.copy, check.note] if check else [None] * 4
            citations.append([record.id, path, *fields, c.translation, c.note, *checked])
    out["citations.csv"] = _table(citations)
    values: list[list[object]] = [["dispute", "index", "value", "rank", "reason"]]
    for d in ds.disputes:
        values += ([d.id, i, v.value, v.rank, v.reason] for i, v in enumerate(d.values))
    out["dispute_values.csv"] = _table(values)
    return out


def write_csv(ds: Dataset, directory: str | os.PathLike[str]) -> list[Path]:
    """Write :func:`csv_tables` into ``directory``, whole or not at all; the paths written.

    A directory that does not exist is created (its parent must exist); the
    tables are written into a new directory beside or inside it first and moved
    into place at the end. :class:`WriteError` names the path if it cannot be written.
    """
    return write_files(directory, csv_tables(ds))
