"""The dataset in open formats: JSON, JSON-LD (schema.org), CSV tables and TimelineJS.

Each format is a function of a :class:`~sovietdata.Dataset`, so the same
output is available from Python and from the ``sovietdata export`` command:

>>> import sovietdata
>>> from sovietdata import export
>>> ds = sovietdata.dataset()
>>> doc = export.to_jsonld(ds)
>>> doc["@context"]["@vocab"], doc["@graph"][0]["@id"], doc["@graph"][0]["sameAs"]
('http://schema.org/', 'urn:sovietdata:khrushchev', 'http://www.wikidata.org/entity/Q35314')

:data:`REGISTRY` lists the formats, each with its description, its media type
and whether it writes one file or a directory of files; the command's
``--format`` choices and help come from it:

>>> [(f.name, f.directory) for f in export.REGISTRY.values()]
[('json', False), ('jsonld', False), ('csv', True), ('timelinejs', False)]

Files are written whole or not at all: :func:`write_text` and :func:`write_csv`
write beside the target and rename at the end, and raise :class:`WriteError`
naming the path when it cannot be written.

Each format has a module of its own (``json_format``, ``jsonld_format``,
``csv_format``, ``timelinejs_format``), beside ``schema`` (the JSON Schema of the
data format), ``files`` (writing) and ``shared`` (helpers the formats share);
the names above are the public interface.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, Final

from sovietdata import Dataset
from sovietdata._loader import DataFile
from sovietdata.export import csv_format, jsonld_format, schema, timelinejs_format
from sovietdata.export.csv_format import csv_tables, write_csv
from sovietdata.export.files import WriteError, write_text
from sovietdata.export.json_format import to_json
from sovietdata.export.jsonld_format import jsonld_context, to_jsonld
from sovietdata.export.schema import json_schema
from sovietdata.export.timelinejs_format import to_timelinejs
from sovietdata.models import Record, Verdict

__all__ = [
    "CSV_TABLES",
    "DATE_PATTERN",
    "EDTF_PATTERN",
    "FORMATS",
    "ID_PREFIX",
    "RATINGS",
    "REGISTRY",
    "DataFile",
    "DirectoryFormat",
    "FileFormat",
    "Format",
    "WriteError",
    "csv_tables",
    "json_schema",
    "jsonld_context",
    "render",
    "to_json",
    "to_jsonld",
    "to_timelinejs",
    "write_csv",
    "write_text",
]

# The constants are bound here again so that the API reference documents them where users
# import them from; each is defined, and described, in the module of its format.

#: Prefix of every JSON-LD node id: ``urn:sovietdata:khrushchev``.
ID_PREFIX: Final = jsonld_format.ID_PREFIX
#: ClaimReview rating of each verdict, from 1 (false) to 5 (true); an unverifiable claim sits
#: in the middle, neither shown true nor shown false.
RATINGS: Final[Mapping[Verdict, int]] = jsonld_format.RATINGS
#: File name of the table of each record type, in the order the tables are written.
CSV_TABLES: Final[Mapping[str, type[Record]]] = csv_format.CSV_TABLES
#: Pattern of an EDTF single date in the supported subset.
DATE_PATTERN: Final = schema.DATE_PATTERN
#: Pattern of an EDTF date or interval in the supported subset.
EDTF_PATTERN: Final = schema.EDTF_PATTERN


@dataclass(frozen=True, kw_only=True, slots=True)
class Format:
    """An export format: what every entry of :data:`REGISTRY` has.

    Each format is a :class:`FileFormat` or a :class:`DirectoryFormat`, which add
    ``render``, the function that renders it.
    """

    #: Name of the format, as ``sovietdata export --format`` takes it.
    name: str
    #: What the format holds, in one line, as ``sovietdata export --help`` shows it.
    description: str
    #: Media type of each file written.
    media_type: str
    #: File name suffix of each file written, with its dot.
    suffix: str
    #: Whether the format writes a directory of files rather than one file.
    directory: ClassVar[bool]


@dataclass(frozen=True, kw_only=True, slots=True)
class FileFormat(Format):
    """A format that is one file: ``render``, a function of a dataset, gives its text.

    :func:`render` gives it by name and :func:`write_text` writes it.
    """

    directory: ClassVar[bool] = False
    render: Callable[[Dataset], str]


@dataclass(frozen=True, kw_only=True, slots=True)
class DirectoryFormat(Format):
    """A format that is a directory of files: ``render`` gives the text of each, by file name.

    The files are written together, whole or not at all, as :func:`write_csv` does.
    """

    directory: ClassVar[bool] = True
    render: Callable[[Dataset], Mapping[str, str]]


def _by_name(*formats: FileFormat | DirectoryFormat) -> Mapping[str, FileFormat | DirectoryFormat]:
    registry = {f.name: f for f in formats}
    assert len(registry) == len(formats), "two formats with one name"
    return MappingProxyType(registry)


#: Every export format by name, in the order they are listed.
#:
#: :meta hide-value:
REGISTRY: Final = _by_name(
    FileFormat(
        name="json",
        description="the dataset as JSON, losslessly: it loads back with sovietdata.load",
        media_type="application/json",
        suffix=".json",
        render=to_json,
    ),
    FileFormat(
        name="jsonld",
        description="JSON-LD with schema.org types; each claim of the article a ClaimReview",
        media_type="application/ld+json",
        suffix=".jsonld",
        render=jsonld_format.render,
    ),
    DirectoryFormat(
        name="csv",
        description="one CSV table per record type, plus citations and dispute values",
        media_type="text/csv",
        suffix=".csv",
        render=csv_tables,
    ),
    FileFormat(
        name="timelinejs",
        description="the events as JSON for Knight Lab's TimelineJS3, office holders as eras",
        media_type="application/json",
        suffix=".json",
        render=timelinejs_format.render,
    ),
)

#: The formats of :data:`REGISTRY` that are one text document, by name: a function from a
#: dataset to the text.
#:
#: :meta hide-value:
FORMATS: Final[Mapping[str, Callable[[Dataset], str]]] = MappingProxyType(
    {name: f.render for name, f in REGISTRY.items() if isinstance(f, FileFormat)}
)


def render(ds: Dataset, format: str) -> str:
    """The dataset as the text of one of :data:`FORMATS` (``json``, ``jsonld``, ``timelinejs``).

    A format that writes a directory (``csv``) has no one text: :func:`csv_tables`
    gives its files and :func:`write_csv` writes them.

    >>> import sovietdata
    >>> export.render(sovietdata.dataset(), "timelinejs").splitlines()[:2]
    ['{', '  "title": {']
    """
    spec = REGISTRY.get(format)
    if isinstance(spec, FileFormat):
        return spec.render(ds)
    expected = f"expected one of {', '.join(FORMATS)}"
    if spec is None:
        raise ValueError(f"unknown format {format!r}; {expected}")
    raise ValueError(f"format {format!r} writes a directory of files, not one text; {expected}")
