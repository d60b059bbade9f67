"""The JSON Schema of the data format, from the structure the loader decodes data files into."""

from __future__ import annotations

from typing import Final

import msgspec

from sovietdata._loader import DataFile
from sovietdata.edtf import EDTF, SingleDate
from sovietdata.export.shared import Json

__all__ = ["DATE_PATTERN", "EDTF_PATTERN", "json_schema"]

_DAY: Final = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[?~%]?"
#: Pattern of an EDTF single date in the supported subset.
DATE_PATTERN: Final = f"^{_DAY}$"
#: Pattern of an EDTF date or interval in the supported subset.
EDTF_PATTERN: Final = rf"^(?:{_DAY}|{_DAY}/(?:{_DAY}|\.\.)?|(?:\.\.)?/{_DAY})$"


def _schema_hook(kind: type) -> Json:
    if kind is SingleDate:
        return {
            "type": "string",
            "description": "EDTF date at its known precision: YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ? (uncertain), ~ (approximate) or % (both)",
            "pattern": DATE_PATTERN,
        }
    if kind is EDTF:
        return {
            "type": "string",
            "description": "EDTF date (YYYY, YYYY-MM or YYYY-MM-DD, optionally with ?, ~ or %) "
            "or interval START/END, where .. leaves an end open and an empty end is unknown",
            "pattern": EDTF_PATTERN,
        }
    raise NotImplementedError(f"no JSON Schema for {kind!r}")


def json_schema() -> Json:
    """The JSON Schema (2020-12) of a data file, in TOML or JSON.

    >>> schema = export.json_schema()
    >>> schema["$ref"], list(schema["$defs"]["DataFile"]["properties"])[:3]
    ('#/$defs/DataFile', ['grade', 'source', 'person'])
    """
    schema: Json = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "sovietdata data file",
    }
    schema.update(msgspec.json.schema(DataFile, schema_hook=_schema_hook))
    # As plain JSON data: msgspec gives some defaults as tuples.
    plain: Json = msgspec.json.decode(msgspec.json.encode(schema))
    return plain
