"""The dataset in open formats: JSON, JSON-LD, CSV with a data package, TimelineJS, Wikidata.

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

>>> [(f.name, f.directory) for f in export.REGISTRY.values()]  # doctest: +NORMALIZE_WHITESPACE
[('json', False), ('jsonld', False), ('csv', True), ('timelinejs', False),
 ('quickstatements', False), ('wikibase', False)]

A format that cannot carry everything has a ``report``: what it leaves out, record
by record (``sovietdata export --format wikibase --report``).

Files are written whole or not at all: :func:`write_text` and :func:`write_csv`
write beside the target and rename at the end, and raise :class:`WriteError`
naming the path when it cannot be written.

Each format has a module of its own (``json_format``, ``jsonld_format``,
``csv_format`` with ``datapackage``, ``timelinejs_format``, ``wikidata_format``),
beside ``schema`` (the JSON Schema of the data format), ``files`` (writing) and
``shared`` (helpers the formats share); the names above are the public interface.
A format's module is imported when one of its names is first used, so that importing
this package, or listing :data:`REGISTRY`, imports no format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol

from sovietdata import Dataset
from sovietdata._loader import DataFile
from sovietdata.models import EventKind, Record, Verdict

if TYPE_CHECKING:
    from sovietdata.export.csv_format import (
        columns_of,
        csv_files,
        csv_tables,
        neutralise,
        write_csv,
    )
    from sovietdata.export.datapackage import data_package
    from sovietdata.export.files import WriteError, write_text
    from sovietdata.export.json_format import to_json
    from sovietdata.export.jsonld_format import (
        claim_url,
        default_base_url,
        jsonld_context,
        to_jsonld,
    )
    from sovietdata.export.schema import field_descriptions, json_schema
    from sovietdata.export.timelinejs_format import to_timelinejs
    from sovietdata.export.wikidata_format import (
        PositionHeld,
        position_held,
        read_wikibase,
        to_quickstatements,
        to_wikibase,
        wikidata_report,
    )

__all__ = [
    "ANNOTATED_PAGE",
    "BOM",
    "CSV_TABLES",
    "DATE_PATTERN",
    "EDTF_PATTERN",
    "FORMATS",
    "FORMULA_STARTS",
    "GROUPS",
    "ID_PREFIX",
    "RATINGS",
    "REGISTRY",
    "VERDICT_SCALE_ID",
    "DataFile",
    "DirectoryFormat",
    "FileFormat",
    "Format",
    "PositionHeld",
    "Report",
    "WriteError",
    "claim_url",
    "columns_of",
    "csv_files",
    "csv_tables",
    "data_package",
    "default_base_url",
    "field_descriptions",
    "json_schema",
    "jsonld_context",
    "neutralise",
    "position_held",
    "read_wikibase",
    "render",
    "to_json",
    "to_jsonld",
    "to_quickstatements",
    "to_timelinejs",
    "to_wikibase",
    "wikidata_report",
    "write_csv",
    "write_text",
]

#: The module of each name above that is defined in the module of a format (or in
#: ``schema`` or ``files``). Each module is imported when one of its names is first
#: used, so that the command line and ``import sovietdata.export`` import no format
#: they do not use.
_MODULE_OF: Final[Mapping[str, str]] = {
    "ID_PREFIX": "jsonld_format",
    "RATINGS": "jsonld_format",
    "VERDICT_SCALE_ID": "jsonld_format",
    "ANNOTATED_PAGE": "jsonld_format",
    "claim_url": "jsonld_format",
    "default_base_url": "jsonld_format",
    "jsonld_context": "jsonld_format",
    "to_jsonld": "jsonld_format",
    "CSV_TABLES": "csv_format",
    "BOM": "csv_format",
    "FORMULA_STARTS": "csv_format",
    "columns_of": "csv_format",
    "csv_files": "csv_format",
    "csv_tables": "csv_format",
    "neutralise": "csv_format",
    "write_csv": "csv_format",
    "DATE_PATTERN": "schema",
    "EDTF_PATTERN": "schema",
    "field_descriptions": "schema",
    "json_schema": "schema",
    "data_package": "datapackage",
    "WriteError": "files",
    "write_text": "files",
    "to_json": "json_format",
    "GROUPS": "timelinejs_format",
    "to_timelinejs": "timelinejs_format",
    "PositionHeld": "wikidata_format",
    "position_held": "wikidata_format",
    "read_wikibase": "wikidata_format",
    "to_quickstatements": "wikidata_format",
    "to_wikibase": "wikidata_format",
    "wikidata_report": "wikidata_format",
}

#: The modules of the package, each imported when first used.
_SUBMODULES: Final = frozenset(
    {
        "csv_format",
        "datapackage",
        "files",
        "json_format",
        "jsonld_format",
        "schema",
        "shared",
        "timelinejs_format",
        "wikidata_format",
    }
)

# The constants are declared here so that the API reference documents them where users
# import them from; each is defined, and described, in the module of its format.

#: Prefix of every JSON-LD node id: ``urn:sovietdata:khrushchev``.
ID_PREFIX: str
#: ClaimReview rating of each verdict that is a degree of truth, from 1 (incorrect) up, from
#: the verdict scale; ``unverifiable`` is not a degree of truth and has no rating.
RATINGS: Mapping[Verdict, int]
#: File name of the table of each record type, in the order the tables are written.
CSV_TABLES: Mapping[str, type[Record]]
#: Id of the verdict scale's ``DefinedTermSet`` node in the JSON-LD export.
VERDICT_SCALE_ID: str
#: Where the book shows each claim of the article, relative to the book's root.
ANNOTATED_PAGE: str
#: The byte order mark each CSV table starts with by default.
BOM: str
#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS: tuple[str, ...]
#: Pattern of an EDTF single date in the supported subset.
DATE_PATTERN: str
#: Pattern of an EDTF date or interval in the supported subset.
EDTF_PATTERN: str
#: The slide groups the TimelineJS export gives by default: each kind of event in the group
#: of its lane in the book's timeline figure.
#:
#: :meta hide-value:
GROUPS: Mapping[EventKind, str]

if not TYPE_CHECKING:  # pragma: no branch  (type checkers see the imports above)

    def __getattr__(name: str) -> object:
        """A name of a format's module, or the module itself, imported on first use."""
        if name in _SUBMODULES:
            return importlib.import_module(f"{__name__}.{name}")
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF, *_SUBMODULES})


class _Deferred:
    """A function of a format's module, imported when it is first called.

    So the registry lists the formats without importing them. Any further
    ``arguments`` are passed after the dataset.
    """

    __slots__ = ("_arguments", "_module", "_name")

    def __init__(self, module: str, name: str, *arguments: str) -> None:
        self._module = module
        self._name = name
        self._arguments = arguments

    def __call__(self, ds: Dataset, /) -> Any:
        module = importlib.import_module(f"{__name__}.{self._module}")
        return getattr(module, self._name)(ds, *self._arguments)

    def __repr__(self) -> str:
        arguments = "".join(f", {a!r}" for a in self._arguments)
        return f"<function {__name__}.{self._module}.{self._name}(ds{arguments})>"


class Report(Protocol):
    """What a :class:`Format` cannot carry: a function of a dataset, as lines."""

    def __call__(self, ds: Dataset, /) -> list[str]:
        """One line per record and thing left out: ``record-id: what``."""
        ...


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
    #: What the format cannot carry, record by record (``record-id: what``), for formats
    #: that leave something out; None for formats that carry everything they are for.
    report: Report | None = None


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
        render=_Deferred("json_format", "to_json"),
    ),
    FileFormat(
        name="jsonld",
        description="JSON-LD with schema.org types; each claim of the article a ClaimReview",
        media_type="application/ld+json",
        suffix=".jsonld",
        render=_Deferred("jsonld_format", "render"),
    ),
    DirectoryFormat(
        name="csv",
        description="one CSV table per record type, plus citations and dispute values, "
        "with a Frictionless datapackage.json",
        media_type="text/csv",
        suffix=".csv",
        render=_Deferred("csv_format", "csv_files"),
    ),
    FileFormat(
        name="timelinejs",
        description="the events as JSON for Knight Lab's TimelineJS3, office holders as eras",
        media_type="application/json",
        suffix=".json",
        render=_Deferred("timelinejs_format", "render"),
    ),
    FileFormat(
        name="quickstatements",
        description="QuickStatements v1 commands for Wikidata: positions held, birth and "
        "death dates, with references (preferred values only: no ranks)",
        media_type="text/tab-separated-values",
        suffix=".txt",
        render=_Deferred("wikidata_format", "to_quickstatements"),
        report=_Deferred("wikidata_format", "wikidata_report", "quickstatements"),
    ),
    FileFormat(
        name="wikibase",
        description="Wikibase JSON statements for Wikidata, with qualifiers, references and ranks",
        media_type="application/json",
        suffix=".json",
        render=_Deferred("wikidata_format", "render_wikibase"),
        report=_Deferred("wikidata_format", "wikidata_report", "wikibase"),
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
