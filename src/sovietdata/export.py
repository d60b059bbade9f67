"""The dataset in open formats: JSON, JSON-LD (schema.org), CSV tables and TimelineJS.

Each format is a function of a :class:`~sovietdata.Dataset`, so the same
output is available from Python and from the ``sovietdata export`` command:

>>> import sovietdata
>>> from sovietdata import export
>>> ds = sovietdata.dataset()
>>> doc = export.to_jsonld(ds)
>>> doc["@context"]["@vocab"], doc["@graph"][0]["@id"], doc["@graph"][0]["sameAs"]
('http://schema.org/', 'urn:sovietdata:khrushchev', 'http://www.wikidata.org/entity/Q35314')

Files are written whole or not at all: :func:`write_text` and :func:`write_csv`
write beside the target and rename at the end, and raise :class:`WriteError`
naming the path when it cannot be written.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any, Final

import msgspec

from sovietdata import Dataset
from sovietdata._loader import NESTED_FIELDS, DataFile, citations_in
from sovietdata.edtf import EDTF, Interval, SingleDate
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
    SourceKind,
    Tenure,
    Verdict,
)

__all__ = [
    "CSV_TABLES",
    "DATE_PATTERN",
    "EDTF_PATTERN",
    "FORMATS",
    "ID_PREFIX",
    "RATINGS",
    "DataFile",
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

#: Prefix of every JSON-LD node id: ``urn:sovietdata:khrushchev``.
ID_PREFIX: Final = "urn:sovietdata:"
_WIKIDATA: Final = "http://www.wikidata.org/entity/"

#: ClaimReview rating of each verdict, from 1 (false) to 5 (true); an unverifiable claim sits
#: in the middle, neither shown true nor shown false.
RATINGS: Final[Mapping[Verdict, int]] = {
    Verdict.SUPPORTED: 5,
    Verdict.PARTLY_SUPPORTED: 4,
    Verdict.UNVERIFIABLE: 3,
    Verdict.MISLEADING: 2,
    Verdict.INCORRECT: 1,
}

_CREATIVE_WORK: Final[Mapping[SourceKind, str]] = {
    SourceKind.BOOK: "Book",
    SourceKind.ARTICLE: "Article",
    SourceKind.NEWSPAPER: "NewsArticle",
    SourceKind.WEBSITE: "WebPage",
}

Json = dict[str, Any]


class WriteError(Exception):
    """An output path that cannot be written; nothing was written to it.

    >>> print(export.WriteError("out/data.json", "No such file or directory"))
    cannot write out/data.json: No such file or directory
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"cannot write {self.path}: {reason}")


# --- JSON -----------------------------------------------------------------------------------


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_json(ds: Dataset) -> str:
    """The dataset as JSON text, losslessly: :meth:`~sovietdata.Dataset.to_builtins` encoded.

    :func:`sovietdata.load` reads a file of this text back into an equal dataset.

    >>> import pathlib, tempfile, sovietdata
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "data.json"
    >>> _ = path.write_text(export.to_json(sovietdata.dataset()), encoding="utf-8")
    >>> sovietdata.load(path) == sovietdata.dataset()
    True
    """
    return _dumps(ds.to_builtins())


# --- JSON-LD --------------------------------------------------------------------------------


def jsonld_context() -> Json:
    """The JSON-LD context shipped as ``sovietdata/context.jsonld`` (schema.org as vocabulary).

    >>> export.jsonld_context()["@vocab"]
    'http://schema.org/'
    """
    text = files("sovietdata").joinpath("context.jsonld").read_text(encoding="utf-8")
    context: Json = json.loads(text)["@context"]
    return context


def _ref(record_id: str) -> Json:
    return {"@id": ID_PREFIX + record_id}


def _iso(date: SingleDate) -> str:
    """An ISO 8601 date at the date's own precision, without EDTF qualifiers."""
    out = f"{date.year:04d}"
    if date.month is not None:
        out += f"-{date.month:02d}"
    if date.day is not None:
        out += f"-{date.day:02d}"
    return out


def _span(date: EDTF) -> Json:
    if isinstance(date, SingleDate):
        return {"startDate": _iso(date)}
    assert isinstance(date, Interval)
    out: Json = {}
    if date.start is not None:
        out["startDate"] = _iso(date.start)
    if date.end is not None:
        out["endDate"] = _iso(date.end)
    return out


def _place(name: str | None) -> Json | None:
    return {"@type": "Place", "name": name} if name else None


def _node(record_id: str, kind: str, **properties: Any) -> Json:
    """A node with its id and type; properties that are None or empty are left out."""
    node: Json = {"@id": ID_PREFIX + record_id, "@type": kind}
    node.update((k, v) for k, v in properties.items() if v not in (None, [], ""))
    return node


def _about(ds: Dataset, record: Record) -> list[Json]:
    return [_ref(s.id) for s in ds.sources_of(record)]


# Records that become nodes of their own (tenures as OrganizationRole nodes inside bodies).
_NODES: Final = (Person, Body, Tenure, Event, Election, Source, Claim)


def _refs(ds: Dataset, ids: Iterable[str]) -> list[Json]:
    """References to the records that are nodes in the graph; offices and disputes are not."""
    return [_ref(i) for i in dict.fromkeys(ids) if isinstance(ds.get(i), _NODES)]


def _person(ds: Dataset, p: Person) -> Json:
    names = [{"@value": p.name_ru, "@language": "ru"}]
    if p.full_name:
        names.append({"@value": p.full_name, "@language": "en"})
    return _node(
        p.id,
        "Person",
        name=p.name,
        alternateName=names,
        birthDate=_iso(p.born) if p.born else None,
        birthPlace=_place(p.born_place),
        deathDate=_iso(p.died) if p.died else None,
        deathPlace=_place(p.died_place),
        description=p.summary,
        sameAs=_WIKIDATA + p.wikidata if p.wikidata else None,
        subjectOf=_about(ds, p),
    )


def _role(ds: Dataset, t: Tenure) -> Json:
    office = ds.lookup(t.office, Office)
    return _node(
        t.id,
        "OrganizationRole",
        roleName=t.title or office.title,
        startDate=_iso(t.start),
        endDate=_iso(t.end) if t.end else None,
        member=_ref(t.person),
        description=t.note,
    )


def _organization(ds: Dataset, b: Body) -> Json:
    roles = [_role(ds, t) for t in ds.tenures if ds.lookup(t.office, Office).body == b.id]
    return _node(
        b.id,
        "Organization",
        name=b.name,
        alternateName={"@value": b.name_ru, "@language": "ru"} if b.name_ru else None,
        description=b.summary,
        parentOrganization=_ref(b.parent) if b.parent else None,
        sameAs=_WIKIDATA + b.wikidata if b.wikidata else None,
        member=roles,
        subjectOf=_about(ds, b),
    )


def _event(ds: Dataset, e: Event) -> Json:
    return _node(
        e.id,
        "Event",
        name=e.title,
        **_span(e.date),
        description=e.summary,
        location=_place(e.place),
        organizer=[_ref(b) for b in e.bodies],
        attendee=[_ref(p) for p in e.people],
        subjectOf=_about(ds, e),
    )


def _election(ds: Dataset, e: Election) -> Json:
    return _node(
        e.id,
        "Event",
        name=_election_name(ds, e),
        startDate=_iso(e.date),
        description=e.significance,
        superEvent=_ref(e.event),
        organizer=_ref(e.body),
        about=_ref(e.person),
        subjectOf=_about(ds, e),
    )


def _election_name(ds: Dataset, e: Election) -> str:
    person = ds.lookup(e.person, Person).name
    return f"{person} elected {ds.lookup(e.office, Office).title}"


def _creative_work(s: Source) -> Json:
    return _node(
        s.id,
        _CREATIVE_WORK.get(s.kind, "CreativeWork"),
        name=s.title,
        author=[{"name": a} for a in s.authors],
        editor=[{"name": a} for a in s.editors],
        isPartOf={"@type": "CreativeWork", "name": s.container} if s.container else None,
        publisher={"@type": "Organization", "name": s.publisher} if s.publisher else None,
        locationCreated=_place(s.place),
        datePublished=_iso(s.published) if s.published else None,
        url=s.url,
        isbn=s.isbn,
        inLanguage=s.language,
    )


def _claim_review(ds: Dataset, c: Claim) -> Json:
    claim: Json = {"@type": "Claim", "appearance": _ref(c.article), "position": c.number}
    if c.quote:
        claim["text"] = c.quote
    return _node(
        c.id,
        "ClaimReview",
        claimReviewed=c.paraphrase,
        itemReviewed=claim,
        reviewRating={
            "@type": "Rating",
            "ratingValue": RATINGS[c.verdict],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": c.verdict.label,
        },
        reviewBody=c.explanation if not c.correction else f"{c.explanation} {c.correction}",
        author={"@type": "Organization", "name": "sovietdata"},
        about=_refs(ds, c.related),
        citation=_refs(ds, (e.source for e in c.evidence)),
    )


def to_jsonld(ds: Dataset) -> Json:
    """The dataset as a JSON-LD document with schema.org types and an inline context.

    People become ``Person`` nodes, events and elections ``Event``, bodies
    ``Organization`` (each tenure an ``OrganizationRole`` in ``member``), sources
    ``CreativeWork`` or a subtype, and each claim a ``ClaimReview``. Node ids
    are ``urn:sovietdata:<record id>``.

    >>> import sovietdata
    >>> doc = export.to_jsonld(sovietdata.dataset())
    >>> {"Person", "Event", "Organization", "ClaimReview"} <= {n["@type"] for n in doc["@graph"]}
    True
    """
    graph: list[Json] = []
    graph += (_person(ds, p) for p in ds.people)
    graph += (_organization(ds, b) for b in ds.bodies)
    graph += (_event(ds, e) for e in ds.events)
    graph += (_election(ds, e) for e in ds.elections)
    graph += (_creative_work(s) for s in ds.sources)
    graph += (_claim_review(ds, c) for c in ds.claims)
    return {"@context": jsonld_context(), "@graph": graph}


# --- TimelineJS -----------------------------------------------------------------------------


def _tl_date(date: SingleDate) -> dict[str, str]:
    """A TimelineJS date object with only the parts the date is known to."""
    out = {"year": str(date.year)}
    if date.month is not None:
        out["month"] = str(date.month)
    if date.day is not None:
        out["day"] = str(date.day)
    return out


def _vague(date: EDTF) -> bool:
    """Whether a date needs its own wording: uncertain, approximate or open-ended."""
    if isinstance(date, SingleDate):
        return date.uncertain or date.approximate
    assert isinstance(date, Interval)
    ends = (date.start, date.end)
    return None in ends or any(d is not None and (d.uncertain or d.approximate) for d in ends)


def _paragraphs(*texts: str | None) -> str:
    return "".join(f"<p>{html.escape(t, quote=False)}</p>" for t in texts if t)


def _slide(ds: Dataset, e: Event) -> Json:
    date = e.date
    slide: Json = {}
    if isinstance(date, SingleDate):
        slide["start_date"] = _tl_date(date)
    else:
        assert isinstance(date, Interval)
        first = date.start or date.end
        assert first is not None
        slide["start_date"] = _tl_date(first)
        if date.start is not None and date.end is not None:
            slide["end_date"] = _tl_date(date.end)
    if _vague(date):
        slide["display_date"] = date.text()
    sources = "; ".join(dict.fromkeys(s.title for s in ds.sources_of(e)))
    slide["text"] = {
        "headline": html.escape(e.title, quote=False),
        "text": _paragraphs(e.summary, e.place, f"Sources: {sources}"),
    }
    slide["group"] = e.kind.value
    slide["unique_id"] = e.id
    return slide


def _last_date(ds: Dataset) -> SingleDate | None:
    ends: list[SingleDate] = []
    for e in ds.events:
        if isinstance(e.date, SingleDate):
            ends.append(e.date)
        else:
            assert isinstance(e.date, Interval)
            ends += (d for d in (e.date.start, e.date.end) if d is not None)
    return max(ends, key=lambda d: d.sort_key(), default=None)


def to_timelinejs(ds: Dataset, *, office: str | None = None) -> Json:
    """The events as the JSON that Knight Lab's TimelineJS3 reads.

    Each event is a slide grouped by its kind; dates carry a month or day
    only when known to it. The holders of ``office`` (by default the office
    of the flagship election, or else of the first election) become eras.

    >>> import sovietdata
    >>> tl = export.to_timelinejs(sovietdata.dataset())
    >>> [era["start_date"] for era in tl["eras"] if era["text"]["headline"] == "Nikita Khrushchev"]
    [{'year': '1953', 'month': '9', 'day': '7'}]
    """
    flagship = ds.flagship()
    if office is None and flagship is not None:
        office = flagship.office
    if flagship is not None:
        headline = _election_name(ds, flagship)
        text = _paragraphs(f"{flagship.date.text()}. {flagship.significance}")
    else:
        headline = "Timeline"
        text = _paragraphs(f"{len(ds.events)} events.")
    eras = []
    last = _last_date(ds)
    for tenure in ds.tenures_of(office) if office else ():
        end = tenure.end or last or tenure.start
        eras.append(
            {
                "start_date": _tl_date(tenure.start),
                "end_date": _tl_date(max(end, tenure.start, key=lambda d: d.sort_key())),
                "text": {
                    "headline": html.escape(ds.lookup(tenure.person, Person).name, quote=False)
                },
            }
        )
    return {
        "title": {"text": {"headline": html.escape(headline, quote=False), "text": text}},
        "events": [_slide(ds, e) for e in ds.events],
        "eras": eras,
    }


# --- CSV ------------------------------------------------------------------------------------

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

    Each table has a header row and a column for every field but the
    citations; lists of ids are joined with ``;`` and dates are EDTF strings.
    ``citations.csv`` holds every citation with the record and field path it
    belongs to, ``dispute_values.csv`` every competing value of a dispute.

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


# --- JSON Schema ----------------------------------------------------------------------------


_DAY: Final = r"\d{4}(?:-\d{2}(?:-\d{2})?)?[?~%]?"
#: Pattern of an EDTF single date in the supported subset.
DATE_PATTERN: Final = f"^{_DAY}$"
#: Pattern of an EDTF date or interval in the supported subset.
EDTF_PATTERN: Final = rf"^(?:{_DAY}|(?!\.\./\.\.$)(?:{_DAY}|\.\.)/(?:{_DAY}|\.\.))$"


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
            "or interval START/END, where .. leaves an end open",
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


# --- Formats and files ----------------------------------------------------------------------

#: The formats that are one text document, by name: a function from a dataset to the text.
FORMATS: Final[Mapping[str, Callable[[Dataset], str]]] = {
    "json": to_json,
    "jsonld": lambda ds: _dumps(to_jsonld(ds)),
    "timelinejs": lambda ds: _dumps(to_timelinejs(ds)),
}


def render(ds: Dataset, format: str) -> str:
    """The dataset as the text of one of :data:`FORMATS` (``json``, ``jsonld``, ``timelinejs``).

    >>> import sovietdata
    >>> export.render(sovietdata.dataset(), "timelinejs").splitlines()[:2]
    ['{', '  "title": {']
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    return FORMATS[format](ds)


def _scratch(beside: Path) -> Path:
    return beside.parent / f".{beside.name}.{secrets.token_hex(6)}.tmp"


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text to ``path`` whole or not at all, replacing any file there.

    The text goes to a new file beside ``path`` that is renamed over it at the
    end; :class:`WriteError` names the path if it cannot be written.
    """
    target = Path(path)
    scratch = _scratch(target)
    try:
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise WriteError(target, error.strerror or str(error)) from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(scratch, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            scratch.unlink()
        if isinstance(error, OSError):
            raise WriteError(target, error.strerror or str(error)) from error
        raise


def write_csv(ds: Dataset, directory: str | os.PathLike[str]) -> list[Path]:
    """Write :func:`csv_tables` into ``directory``, whole or not at all; the paths written.

    A directory that does not exist is created (its parent must exist); the
    tables are written into a new directory beside or inside it first and moved
    into place at the end. :class:`WriteError` names the path if it cannot be written.
    """
    target = Path(directory)
    tables = csv_tables(ds)
    exists = target.is_dir()
    if target.exists() and not exists:
        raise WriteError(target, "not a directory")
    scratch = _scratch(target / "csv") if exists else _scratch(target)
    try:
        os.mkdir(scratch)
    except OSError as error:
        raise WriteError(target, error.strerror or str(error)) from error
    try:
        for name, text in tables.items():
            with open(scratch / name, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        if exists:
            _swap_in(scratch, target, list(tables))
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            os.rename(scratch, target)
    except BaseException as error:
        shutil.rmtree(scratch, ignore_errors=True)
        if isinstance(error, WriteError):
            raise
        if isinstance(error, OSError):
            raise WriteError(target, error.strerror or str(error)) from error
        raise
    return [target / name for name in tables]


def _swap_in(scratch: Path, target: Path, names: list[str]) -> None:
    """Move the new tables from ``scratch`` into ``target``; on failure put the old ones back."""
    for name in names:
        if (target / name).is_dir():
            raise WriteError(target / name, "is a directory")
    old = scratch / ".old"
    os.mkdir(old)
    done: list[str] = []
    try:
        for name in names:
            if (target / name).exists():
                os.replace(target / name, old / name)
            done.append(name)
            os.replace(scratch / name, target / name)
    except OSError as error:
        failed = target / name
        for moved in reversed(done):
            with contextlib.suppress(OSError):
                if (old / moved).exists():
                    os.replace(old / moved, target / moved)
                else:
                    (target / moved).unlink()
        raise WriteError(failed, error.strerror or str(error)) from error
