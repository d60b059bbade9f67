"""The JSON Schema of the data format, from the structure the loader decodes data files into.

Every field is described with the comment (``#:``) that documents it in
:mod:`sovietdata.models`, the same text the API reference shows.
"""

from __future__ import annotations

import functools
import inspect
import re
import textwrap
from typing import Final

import msgspec

from sovietdata._loader import DataFile
from sovietdata.edtf import EDTF, SingleDate
from sovietdata.export.shared import Json

__all__ = ["DATE_PATTERN", "EDTF_PATTERN", "field_descriptions", "json_schema"]

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


@functools.cache
def _class_comments(kind: type) -> dict[str, str]:
    """The ``#:`` comments above each field annotated in the body of ``kind`` itself."""
    lines = textwrap.dedent(inspect.getsource(kind)).splitlines()
    out: dict[str, str] = {}
    for i, line in enumerate(lines):
        name, colon, _ = line.partition(":")
        if not colon or not line.startswith("    ") or not name.strip().isidentifier():
            continue
        if line[4] in " #":
            continue
        comment: list[str] = []
        j = i - 1
        while j >= 0 and lines[j].strip().startswith("#:"):
            comment.insert(0, lines[j].strip()[2:].strip())
            j -= 1
        if comment:
            out[name.strip()] = _plain(" ".join(comment))
    return out


def _plain(text: str) -> str:
    """Text without Sphinx roles and literal marks: ``:class:`Office``` reads ``Office``."""
    text = re.sub(r":[a-z:]+:`~?(?:[\w.]+\.)?([^`]+)`", r"\1", text)
    return text.replace("``", "")


def field_descriptions(kind: type[msgspec.Struct]) -> dict[str, str]:
    """The description of each field of a record type, from its ``#:`` comment in the model.

    Fields inherited from a base type take the base type's comment.

    >>> from sovietdata import Tenure
    >>> export.field_descriptions(Tenure)["end"]
    'Last day in office; None while still in office at the end of the data.'
    """
    out: dict[str, str] = {}
    for base in reversed(kind.__mro__):
        if (
            isinstance(base, type)
            and issubclass(base, msgspec.Struct)
            and base.__module__ != "msgspec"
        ):
            out.update(_class_comments(base))
    return {f: out[f] for f in kind.__struct_fields__ if f in out}


def _describe(schema: Json, kinds: dict[str, type[msgspec.Struct]]) -> None:
    """Give every property of every record type in ``$defs`` its description."""
    for name, definition in schema.get("$defs", {}).items():
        kind = kinds.get(name)
        if kind is None:
            continue
        if name == "DataFile":
            for section, spec in definition.get("properties", {}).items():
                item = kinds.get(spec.get("items", {}).get("$ref", "").rpartition("/")[2])
                if item is not None and item.__doc__ and "description" not in spec:
                    summary = _plain(item.__doc__.strip().splitlines()[0])
                    spec["description"] = f"The [[{section}]] records. {summary}"
            continue
        described = field_descriptions(kind)
        for field, spec in definition.get("properties", {}).items():
            if field not in described:
                continue
            # A date's description says how it is written: the field's own comes first.
            written = spec.get("description")
            spec["description"] = f"{described[field]} {written}" if written else described[field]


def _struct_types(root: type) -> dict[str, type[msgspec.Struct]]:
    """Every Struct type reachable from ``root``'s fields, by name."""
    found: dict[str, type[msgspec.Struct]] = {}

    def walk(t: object) -> None:
        if isinstance(t, type) and issubclass(t, msgspec.Struct):
            if t.__name__ in found:
                return
            found[t.__name__] = t
            for f in msgspec.structs.fields(t):
                walk(f.type)
        for arg in getattr(t, "__args__", ()) or ():
            walk(arg)
        for arg in getattr(t, "__metadata__", ()) or ():
            walk(arg)
        origin = getattr(t, "__origin__", None)
        if origin is not None:
            walk(origin)

    walk(root)
    return found


def json_schema() -> Json:
    """The JSON Schema (2020-12) of a data file, in TOML or JSON.

    Every field has a ``description`` from the model and every record type lists its
    ``required`` fields:

    >>> schema = export.json_schema()
    >>> schema["$ref"], list(schema["$defs"]["DataFile"]["properties"])[:3]
    ('#/$defs/DataFile', ['grade', 'source', 'person'])
    >>> tenure = schema["$defs"]["Tenure"]
    >>> tenure["required"], tenure["properties"]["office"]["description"]
    (['id', 'citations', 'person', 'office', 'start'], 'Id of the Office.')
    """
    schema: Json = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "sovietdata data file",
    }
    schema.update(msgspec.json.schema(DataFile, schema_hook=_schema_hook))
    _describe(schema, _struct_types(DataFile))
    # As plain JSON data: msgspec gives some defaults as tuples.
    plain: Json = msgspec.json.decode(msgspec.json.encode(schema))
    return plain
