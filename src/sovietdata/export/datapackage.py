"""``datapackage.json``: the CSV tables described as a Frictionless Data Package (v2).

The descriptor follows the Data Package v2 specification (https://datapackage.org/):
one tabular resource per CSV table, each with a Table Schema that lists every column
with its type, its description (taken from the record type's field comments, as
:func:`~sovietdata.export.field_descriptions` gives them) and whether it is required,
a ``primaryKey`` and the ``foreignKeys`` of the fields that name records of one type.

EDTF dates stay text (type ``string``); the derived columns ``<field>_earliest`` and
``<field>_latest`` are ISO dates (type ``date``), so that no tool reads ``1953-09`` as
the first of the month. Lists of ids joined with ``;`` are of type ``list``.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any, Final

import msgspec

import sovietdata
from sovietdata import Dataset
from sovietdata.edtf import EDTF
from sovietdata.export.csv_format import (
    BOUNDS,
    CITATION_COLUMNS,
    CSV_TABLES,
    DISPUTE_VALUE_COLUMNS,
    columns_of,
    date_columns,
)
from sovietdata.export.schema import field_descriptions
from sovietdata.export.shared import Json
from sovietdata.models import REFERENCES, Check, Citation, Record, Value

__all__ = ["PACKAGE_PROFILE", "data_package"]

#: The Data Package v2 profile the descriptor declares as its ``$schema``.
PACKAGE_PROFILE: Final = "https://datapackage.org/profiles/2.0/datapackage.json"
_TABLE_PROFILE: Final = "https://datapackage.org/profiles/2.0/tableschema.json"
_TABLE_OF: Final = {kind: name.removesuffix(".csv") for name, kind in CSV_TABLES.items()}


def _base(t: Any) -> tuple[Any, bool]:
    """The type under Annotated and Optional, and whether None was allowed."""
    optional = False
    while True:
        if typing.get_origin(t) is typing.Annotated:
            t = typing.get_args(t)[0]
        elif isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
            args = [a for a in typing.get_args(t) if a is not type(None)]
            optional = True
            t = args[0]
        else:
            return t, optional


def _field(name: str, t: Any, required: bool, description: str | None) -> Json:
    base, _ = _base(t)
    spec: Json = {"name": name}
    constraints: Json = {}
    if typing.get_origin(base) is tuple:
        spec.update(type="list", delimiter=";", itemType="string")
    elif isinstance(base, type) and issubclass(base, EDTF):
        spec.update(type="string", format="default")
        description = f"{description} EDTF date, as text." if description else "EDTF date, as text."
    elif isinstance(base, type) and issubclass(base, bool):
        spec.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif isinstance(base, type) and issubclass(base, int):
        spec["type"] = "integer"
    elif isinstance(base, type) and issubclass(base, enum.Enum):
        spec["type"] = "string"
        constraints["enum"] = [m.value for m in base]
    else:
        spec["type"] = "string"
    if description:
        spec["description"] = description
    if required:
        constraints["required"] = True
    if constraints:
        spec["constraints"] = constraints
    return spec


def _bound_fields(date: str) -> list[Json]:
    first, last = BOUNDS
    return [
        {
            "name": f"{date}{first}",
            "type": "date",
            "description": f"The earliest day {date} can be (empty: open or unknown start).",
        },
        {
            "name": f"{date}{last}",
            "type": "date",
            "description": f"The latest day {date} can be (empty: open or unknown end).",
        },
    ]


def _record_schema(kind: type[Record]) -> Json:
    described = field_descriptions(kind)
    fields = {f.name: f for f in msgspec.structs.fields(kind)}
    out = [
        _field(c, fields[c].type, fields[c].required, described.get(c))
        for c in columns_of(kind)
        if c in fields
    ]
    for d in date_columns(kind):
        out += _bound_fields(d)
    keys: list[Json] = []
    for name, targets in REFERENCES.get(kind, ()):
        base, _ = _base(fields[name].type)
        if len(targets) != 1 or targets[0] is Record or typing.get_origin(base) is tuple:
            continue  # a list of ids, or ids of records of any type: no one table to refer to
        reference: Json = {"fields": ["id"]}
        if targets[0] is not kind:  # a reference within the table names no resource (v2)
            reference = {"resource": _TABLE_OF[targets[0]], "fields": ["id"]}
        keys.append({"fields": [name], "reference": reference})
    schema: Json = {"$schema": _TABLE_PROFILE, "fields": out, "primaryKey": ["id"]}
    if keys:
        schema["foreignKeys"] = keys
    schema["missingValues"] = [""]
    return schema


def _citation_schema() -> Json:
    cited = field_descriptions(Citation)
    checked = field_descriptions(Check)
    cfields = {f.name: f for f in msgspec.structs.fields(Citation)}
    kfields = {f.name: f for f in msgspec.structs.fields(Check)}
    out = [
        {
            "name": "record",
            "type": "string",
            "description": "Id of the record the citation is in.",
            "constraints": {"required": True},
        },
        {
            "name": "field",
            "type": "string",
            "description": "Where in the record: citations[0], "
            "values[1].citations[0], evidence[2].",
            "constraints": {"required": True},
        },
    ]
    for c in CITATION_COLUMNS[2:]:
        if c in cfields:
            out.append(_field(c, cfields[c].type, cfields[c].required, cited.get(c)))
    check_columns = {"checked": "date", "found": "found", "copy": "copy", "check_note": "note"}
    for column, name in check_columns.items():
        spec = _field(column, kfields[name].type, False, checked.get(name))
        out.append(spec)
    out += _bound_fields("checked")
    return {
        "$schema": _TABLE_PROFILE,
        "fields": out,
        "primaryKey": ["record", "field"],
        "foreignKeys": [
            {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}
        ],
        "missingValues": [""],
    }


def _value_schema() -> Json:
    described = field_descriptions(Value)
    vfields = {f.name: f for f in msgspec.structs.fields(Value)}
    out = [
        {
            "name": "dispute",
            "type": "string",
            "description": "Id of the dispute.",
            "constraints": {"required": True},
        },
        {
            "name": "index",
            "type": "integer",
            "description": "Position of the value in the dispute, from 0.",
            "constraints": {"required": True, "minimum": 0},
        },
    ]
    out += (
        _field(c, vfields[c].type, vfields[c].required, described.get(c))
        for c in DISPUTE_VALUE_COLUMNS[2:]
    )
    return {
        "$schema": _TABLE_PROFILE,
        "fields": out,
        "primaryKey": ["dispute", "index"],
        "foreignKeys": [
            {"fields": ["dispute"], "reference": {"resource": "disputes", "fields": ["id"]}}
        ],
        "missingValues": [""],
    }


def _resource(name: str, schema: Json, title: str, bom: bool) -> Json:
    return {
        "name": name,
        "path": f"{name}.csv",
        "type": "table",
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        # Python's name for UTF-8 that starts with a byte order mark.
        "encoding": "utf-8-sig" if bom else "utf-8",
        "schema": schema,
    }


def data_package(ds: Dataset, *, bom: bool = True) -> Json:
    """The Data Package descriptor of :func:`~sovietdata.export.csv_tables`.

    ``bom`` says whether the tables start with a byte order mark, as they do by
    default; the resources' ``encoding`` says so (``utf-8-sig``).

    >>> import sovietdata
    >>> package = export.data_package(sovietdata.dataset())
    >>> tenures = next(r for r in package["resources"] if r["name"] == "tenures")
    >>> tenures["schema"]["primaryKey"], tenures["schema"]["foreignKeys"][0]
    (['id'], {'fields': ['person'], 'reference': {'resource': 'people', 'fields': ['id']}})
    """
    resources = [
        _resource(_TABLE_OF[kind], _record_schema(kind), (kind.__doc__ or "").splitlines()[0], bom)
        for kind in CSV_TABLES.values()
    ]
    resources.append(
        _resource("citations", _citation_schema(), "Every citation of every record.", bom)
    )
    resources.append(
        _resource("dispute_values", _value_schema(), "Every competing value of every dispute.", bom)
    )
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "sovietdata",
        "title": "sovietdata: Khrushchev's election as First Secretary, sourced",
        "version": sovietdata.__version__,
        "licenses": [{"name": "MIT", "title": "MIT License"}],
        "resources": resources,
    }
