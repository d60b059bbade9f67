"""The ``quickstatements`` and ``wikibase`` formats: statements for Wikidata.

Every person with a Wikidata id gets the statements the data can give Wikidata:

- *position held* (P39) for each tenure of an office with a Wikidata id, with
  *start time* (P580), *end time* (P582), *replaces* (P1365) and *replaced by*
  (P1366) for the holders before and after who have Wikidata ids;
- *date of birth* (P569) and *date of death* (P570).

Dates keep their precision (Wikidata's codes 9 for a year, 10 for a month, 11 for a
day), in the Gregorian calendar (Q1985727). An uncertain date (EDTF ``?``) gets the
qualifier *sourcing circumstances* (P1480) *presumably* (Q18122778), an approximate
one (``~``) *circa* (Q5727902). Where sources disagree (a :class:`~sovietdata.Dispute`),
each value is a statement of its own with the dispute's rank, and a deprecated value
gets *reason for deprecated rank* (P2241) *incorrect value* (Q41755623): in this data a
deprecated value is one the sources that give it have wrong. Every citation of a tenure or of a
disputed value becomes a reference (a person's citations are the record's, not tied to a
date, so an undisputed date has none): *reference URL* (P854, the citation's address or
the source's), *page(s)* (P304), *quotation* (P1683, in the quotation's language; not
for a quotation its check did not find) and *retrieved* (P813, the day of the
citation's last check).

What a target cannot carry is listed record by record by :func:`wikidata_report`
(``sovietdata export --format quickstatements --report``).

The formats follow their published documentation:

- Wikibase JSON: the statement model of https://www.mediawiki.org/wiki/Wikibase/DataModel/JSON
  (``mainsnak``, ``snaktype``, ``datavalue`` with its ``type``, ``qualifiers`` with
  ``qualifiers-order``, ``references`` with ``snaks`` and ``snaks-order``, ``rank``),
  and the time value of https://www.wikidata.org/wiki/Help:Dates (``time``, ``timezone``,
  ``before``, ``after``, ``precision``, ``calendarmodel``);
- QuickStatements: the version 1 command syntax of
  https://www.wikidata.org/wiki/Help:QuickStatements (one statement per line, its parts
  separated by tabs; times as ``+1953-09-07T00:00:00Z/11``; strings in double quotes;
  monolingual text as ``ru:"..."``; reference properties with ``S`` in place of ``P``).
  QuickStatements sets no ranks, so it carries only the preferred value of a dispute.

The items of the qualifiers were checked against Wikidata's property pages
(https://www.wikidata.org/wiki/Property:P1480, https://www.wikidata.org/wiki/Property:P2241).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sovietdata import Dataset
from sovietdata.edtf import EDTFError, SingleDate, parse_single
from sovietdata.export.shared import Json, dumps
from sovietdata.models import Citation, Finding, Office, Person, Rank, Record, Source, Tenure

__all__ = [
    "CALENDAR",
    "PositionHeld",
    "position_held",
    "read_wikibase",
    "to_quickstatements",
    "to_wikibase",
    "wikidata_report",
]

_ENTITY: Final = "http://www.wikidata.org/entity/"
#: The calendar of every date: the proleptic Gregorian calendar (Q1985727).
CALENDAR: Final = _ENTITY + "Q1985727"

P_POSITION_HELD: Final = "P39"
P_BORN: Final = "P569"
P_DIED: Final = "P570"
P_START: Final = "P580"
P_END: Final = "P582"
P_REPLACES: Final = "P1365"
P_REPLACED_BY: Final = "P1366"
P_CIRCUMSTANCES: Final = "P1480"
P_DEPRECATED_BECAUSE: Final = "P2241"
P_URL: Final = "P854"
P_PAGES: Final = "P304"
P_QUOTATION: Final = "P1683"
P_RETRIEVED: Final = "P813"
Q_PRESUMABLY: Final = "Q18122778"
Q_CIRCA: Final = "Q5727902"
Q_INCORRECT_VALUE: Final = "Q41755623"

_PRECISION: Final = {"YEAR": 9, "MONTH": 10, "DAY": 11}
_DATATYPE: Final[Mapping[str, str]] = {
    P_POSITION_HELD: "wikibase-item",
    P_BORN: "time",
    P_DIED: "time",
    P_START: "time",
    P_END: "time",
    P_REPLACES: "wikibase-item",
    P_REPLACED_BY: "wikibase-item",
    P_CIRCUMSTANCES: "wikibase-item",
    P_DEPRECATED_BECAUSE: "wikibase-item",
    P_URL: "url",
    P_PAGES: "string",
    P_QUOTATION: "monolingualtext",
    P_RETRIEVED: "time",
}


# --- The statements, whatever the target ---------------------------------------------------


@dataclass(frozen=True)
class _Item:
    qid: str


@dataclass(frozen=True)
class _Text:
    text: str
    language: str | None = None  # monolingual text when given


_Value = _Item | SingleDate | _Text
_Snak = tuple[str, _Value]


@dataclass
class _Statement:
    record: str  # id of the record the statement comes from
    subject: str
    property: str
    value: _Value
    rank: Rank = Rank.NORMAL
    qualifiers: list[_Snak] = field(default_factory=list)
    references: list[list[_Snak]] = field(default_factory=list)


@dataclass
class _Build:
    """The statements of a dataset and what they leave out, record by record."""

    statements: list[_Statement] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)

    def cannot(self, record: Record | str, what: str) -> None:
        rid = record if isinstance(record, str) else record.id
        notes = self.missing.setdefault(rid, [])
        if what not in notes:
            notes.append(what)


def _date_qualifiers(date: SingleDate) -> list[_Snak]:
    out: list[_Snak] = []
    if date.uncertain:
        out.append((P_CIRCUMSTANCES, _Item(Q_PRESUMABLY)))
    if date.approximate:
        out.append((P_CIRCUMSTANCES, _Item(Q_CIRCA)))
    return out


def _reference(ds: Dataset, b: _Build, owner: Record, c: Citation) -> list[_Snak]:
    source = ds.lookup(c.source, Source)
    snaks: list[_Snak] = []
    url = c.url or source.url
    if url:
        snaks.append((P_URL, _Text(url)))
    else:
        b.cannot(owner, f"a citation of {source.id} has no address: no reference URL (P854)")
    b.cannot(
        owner,
        f"stated in (P248): source {source.id} has no Wikidata id in the data",
    )
    if c.page:
        snaks.append((P_PAGES, _Text(c.page)))
    if c.quote and c.check is not None and c.check.found is Finding.NOT_FOUND:
        b.cannot(owner, f"a quotation of {source.id} not found when checked: left out")
    elif c.quote:
        snaks.append((P_QUOTATION, _Text(c.quote, c.quote_language or source.language)))
    if c.check:
        snaks.append((P_RETRIEVED, c.check.date))
        b.cannot(owner, f"what the check of {source.id} found ({c.check.found})")
    else:
        b.cannot(owner, f"a citation of {source.id} was never checked: no retrieved (P813)")
    if c.locator:
        b.cannot(owner, f"archive locator of {source.id} ({c.locator}) has no reference property")
    if c.translation:
        b.cannot(owner, f"translation of a quotation from {source.id}")
    if c.note:
        b.cannot(owner, f"note on a citation of {source.id}")
    return snaks


def _date_statements(ds: Dataset, b: _Build, person: Person, field_name: str, prop: str) -> None:
    qid = person.wikidata
    assert qid is not None
    date: SingleDate | None = getattr(person, field_name)
    disputes = ds.disputes_about(person, field_name)
    if not disputes:
        if date is not None:
            # A person's citations are the record's, not the field's: none is known to
            # state this date, so the statement has no reference rather than a wrong one.
            b.cannot(person, f"references for {field_name}: the citations are the record's")
            b.statements.append(
                _Statement(person.id, qid, prop, date, Rank.NORMAL, _date_qualifiers(date))
            )
        return
    for dispute in disputes:
        for value in dispute.values:
            try:
                day = parse_single(value.value)
            except EDTFError:
                b.cannot(dispute, f"value {value.value!r} is not one date: no statement")
                continue
            quals = _date_qualifiers(day)
            if value.rank is Rank.DEPRECATED:
                quals.append((P_DEPRECATED_BECAUSE, _Item(Q_INCORRECT_VALUE)))
                b.cannot(dispute, "the reason for each rank, in words (P2241 gives an item)")
            refs = [_reference(ds, b, dispute, c) for c in value.citations]
            b.statements.append(_Statement(dispute.id, qid, prop, day, value.rank, quals, refs))


def _holder_qid(ds: Dataset, tenure: Tenure | None) -> str | None:
    if tenure is None:
        return None
    return ds.lookup(tenure.person, Person).wikidata


def _position(ds: Dataset, b: _Build, t: Tenure, qid: str) -> None:
    office = ds.lookup(t.office, Office)
    if office.wikidata is None:
        b.cannot(t, f"office {office.id} has no Wikidata id: no position held (P39)")
        return
    quals: list[_Snak] = [(P_START, t.start)]
    if t.end is not None:
        quals.append((P_END, t.end))
    for date in (t.start, t.end):
        if date is not None and (date.uncertain or date.approximate):
            b.cannot(t, f"{date} is uncertain or approximate: a qualifier's date takes no P1480")
    for prop, neighbour in (
        (P_REPLACES, ds.predecessor(t)),
        (P_REPLACED_BY, ds.successor(t)),
    ):
        holder = _holder_qid(ds, neighbour)
        if holder is not None:
            quals.append((prop, _Item(holder)))
        elif neighbour is not None:
            b.cannot(t, f"{prop}: {neighbour.person} has no Wikidata id")
    if t.title:
        b.cannot(t, f"the title held ({t.title!r})")
    if t.start_event or t.end_event:
        b.cannot(t, "the events that began and ended the tenure")
    for dispute in ds.disputes_about(t):
        b.cannot(
            dispute,
            f"the other values of {t.id}.{dispute.field}: a qualifier has no rank; "
            "only the preferred value is stated",
        )
    refs = [_reference(ds, b, t, c) for c in t.citations]
    b.statements.append(
        _Statement(t.id, qid, P_POSITION_HELD, _Item(office.wikidata), Rank.NORMAL, quals, refs)
    )


def _build(ds: Dataset) -> _Build:
    b = _Build()
    for person in ds.people:
        if person.wikidata is None:
            b.cannot(person, "no Wikidata id: no statements")
            continue
        _date_statements(ds, b, person, "born", P_BORN)
        _date_statements(ds, b, person, "died", P_DIED)
        for t in ds.tenures_of(person):
            _position(ds, b, t, person.wikidata)
    return b


# --- Wikibase JSON ---------------------------------------------------------------------------


def _time(date: SingleDate) -> str:
    month = date.month or 0
    day = date.day or 0
    return f"+{date.year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def _datavalue(value: _Value) -> Json:
    if isinstance(value, _Item):
        number = int(value.qid[1:])
        item = {"entity-type": "item", "numeric-id": number, "id": value.qid}
        return {"value": item, "type": "wikibase-entityid"}
    if isinstance(value, SingleDate):
        time = {
            "time": _time(value),
            "timezone": 0,
            "before": 0,
            "after": 0,
            "precision": _PRECISION[value.precision.name],
            "calendarmodel": CALENDAR,
        }
        return {"value": time, "type": "time"}
    if value.language is not None:
        text = {"text": value.text, "language": value.language}
        return {"value": text, "type": "monolingualtext"}
    return {"value": value.text, "type": "string"}


def _snak(prop: str, value: _Value) -> Json:
    return {
        "snaktype": "value",
        "property": prop,
        "datatype": _DATATYPE[prop],
        "datavalue": _datavalue(value),
    }


def _grouped(snaks: Iterable[_Snak]) -> tuple[Json, list[str]]:
    by_property: dict[str, list[Json]] = {}
    for prop, value in snaks:
        by_property.setdefault(prop, []).append(_snak(prop, value))
    return by_property, list(by_property)


def _wikibase_statement(s: _Statement) -> Json:
    out: Json = {"type": "statement", "mainsnak": _snak(s.property, s.value), "rank": str(s.rank)}
    if s.qualifiers:
        out["qualifiers"], out["qualifiers-order"] = _grouped(s.qualifiers)
    if s.references:
        out["references"] = []
        for ref in s.references:
            snaks, order = _grouped(ref)
            out["references"].append({"snaks": snaks, "snaks-order": order})
    return out


def to_wikibase(ds: Dataset) -> Json:
    """The statements as Wikibase JSON: ``{"entities": {QID: {"claims": ...}}}``.

    Each entity is an item with its ``id``, ``type`` and ``claims`` by property, as
    Wikidata's ``Special:EntityData`` gives them, without the ids and hashes that
    Wikibase assigns on saving.

    >>> import sovietdata
    >>> doc = export.to_wikibase(sovietdata.dataset())
    >>> (p39, *_) = doc["entities"]["Q35314"]["claims"]["P39"]
    >>> p39["mainsnak"]["datavalue"]["value"]["id"], p39["qualifiers-order"]
    ('Q12155588', ['P580', 'P582', 'P1366'])
    """
    entities: dict[str, Json] = {}
    for s in _build(ds).statements:
        entity = entities.setdefault(s.subject, {"id": s.subject, "type": "item", "claims": {}})
        entity["claims"].setdefault(s.property, []).append(_wikibase_statement(s))
    return {"entities": entities}


def render_wikibase(ds: Dataset) -> str:
    """:func:`to_wikibase` as text: what ``sovietdata export --format wikibase`` writes."""
    return dumps(to_wikibase(ds))


# --- QuickStatements -------------------------------------------------------------------------

# A string QuickStatements cannot hold: its quotes have no escape, and tabs, new lines and
# "|" separate the parts of a command.
_UNSAFE: Final = re.compile(r'["\t\r\n|]')


def _qs_value(value: _Value) -> str | None:
    if isinstance(value, _Item):
        return value.qid
    if isinstance(value, SingleDate):
        return f"{_time(value)}/{_PRECISION[value.precision.name]}"
    if _UNSAFE.search(value.text):
        return None
    quoted = f'"{value.text}"'
    return f"{value.language}:{quoted}" if value.language is not None else quoted


def _qs_parts(b: _Build, s: _Statement, snaks: Iterable[_Snak], prefix: str) -> Iterator[str]:
    for prop, value in snaks:
        text = _qs_value(value)
        if text is None:
            b.cannot(s.record, f"{prop} text with a double quote, tab, new line or '|'")
            continue
        yield f"{prefix}{prop[1:]}\t{text}"


def _quickstatements(ds: Dataset) -> tuple[str, _Build]:
    b = _build(ds)
    lines: list[str] = []
    for s in b.statements:
        if s.rank is not Rank.PREFERRED and _has_preferred(b.statements, s):
            b.cannot(s.record, f"{s.rank} value {s.value} of {s.property}: no ranks, left out")
            continue
        if s.rank is Rank.PREFERRED:
            b.cannot(s.record, f"preferred rank of {s.property}: stated with normal rank")
        head = [s.subject, s.property, _qs_value(s.value) or ""]
        quals = list(_qs_parts(b, s, s.qualifiers, "P"))
        refs = [list(_qs_parts(b, s, ref, "S")) for ref in s.references] or [[]]
        # One line per reference: QuickStatements adds each to the same statement.
        lines.extend("\t".join([*head, *quals, *ref]) for ref in refs)
    return "".join(f"{line}\n" for line in lines), b


def _has_preferred(statements: list[_Statement], s: _Statement) -> bool:
    return any(
        o.rank is Rank.PREFERRED and o.subject == s.subject and o.property == s.property
        for o in statements
    )


def to_quickstatements(ds: Dataset) -> str:
    r"""The statements as QuickStatements version 1 commands, one statement per line.

    A statement with several references is one line per reference: QuickStatements
    adds each to the same statement. Only the preferred value of a dispute is written,
    since QuickStatements sets no ranks.

    >>> import sovietdata
    >>> lines = export.to_quickstatements(sovietdata.dataset()).splitlines()
    >>> next(line for line in lines if line.startswith("Q855\tP39\t")).split("\t")[:5]
    ['Q855', 'P39', 'Q1048744', 'P580', '+1922-04-03T00:00:00Z/11']
    """
    return _quickstatements(ds)[0]


def wikidata_report(ds: Dataset, format: str) -> list[str]:
    """What ``format`` (``quickstatements`` or ``wikibase``) cannot carry, record by record.

    One line per record and thing left out, ``record-id: what``. Raises
    :class:`ValueError` for another format.

    >>> import sovietdata
    >>> report = export.wikidata_report(sovietdata.dataset(), "wikibase")
    >>> "molotov: no Wikidata id: no statements" in report
    True
    """
    if format == "quickstatements":
        b = _quickstatements(ds)[1]
    elif format == "wikibase":
        b = _build(ds)
    else:
        raise ValueError(f"no report for format {format!r}; expected quickstatements or wikibase")
    return [f"{rid}: {what}" for rid, notes in b.missing.items() for what in notes]


# --- Reading Wikibase JSON back --------------------------------------------------------------


@dataclass(frozen=True)
class PositionHeld:
    """A *position held* statement read back from Wikibase JSON: who, which office, when."""

    person: str
    office: str
    start: SingleDate | None
    end: SingleDate | None
    replaces: str | None = None
    replaced_by: str | None = None


def _read_time(snak: Mapping[str, Any]) -> SingleDate:
    value = snak["datavalue"]["value"]
    if value["calendarmodel"] != CALENDAR:
        raise ValueError(f"not a Gregorian date: {value['calendarmodel']}")
    match = re.fullmatch(r"\+(\d{4})-(\d\d)-(\d\d)T00:00:00Z", value["time"])
    if match is None:
        raise ValueError(f"not a Wikibase time of a day, month or year: {value['time']!r}")
    year, month, day = (int(g) for g in match.groups())
    precision = value["precision"]
    if precision not in (9, 10, 11):
        raise ValueError(f"precision {precision} is not a year, month or day")
    return SingleDate(year, month if precision >= 10 else None, day if precision == 11 else None)


def _qualified(date: SingleDate, statement: Mapping[str, Any]) -> SingleDate:
    circumstances = {
        q["datavalue"]["value"]["id"]
        for q in statement.get("qualifiers", {}).get(P_CIRCUMSTANCES, [])
    }
    return SingleDate(
        date.year,
        date.month,
        date.day,
        uncertain=Q_PRESUMABLY in circumstances,
        approximate=Q_CIRCA in circumstances,
    )


def _item(snaks: Iterable[Mapping[str, Any]]) -> str | None:
    for snak in snaks:
        found: str = snak["datavalue"]["value"]["id"]
        return found
    return None


def read_wikibase(document: Mapping[str, Any]) -> tuple[list[PositionHeld], dict[str, Any]]:
    """Read Wikibase JSON back: the positions held, and the best-ranked dates by item.

    The dates are ``{QID: {"born": date, "died": date}}`` from the statements of the
    best rank (preferred, else normal), dates qualified as *presumably* or *circa*
    read back as uncertain or approximate. Raises :class:`ValueError` (or
    :class:`KeyError`) for JSON that is not in the shape :func:`to_wikibase` writes.

    >>> import sovietdata
    >>> positions, dates = export.read_wikibase(export.to_wikibase(sovietdata.dataset()))
    >>> str(dates["Q35314"]["born"])
    '1894-04-15'
    """
    positions: list[PositionHeld] = []
    dates: dict[str, Any] = {}
    for qid, entity in document["entities"].items():
        claims = entity["claims"]
        for st in claims.get(P_POSITION_HELD, []):
            quals = st.get("qualifiers", {})
            start = [_read_time(q) for q in quals.get(P_START, [])]
            end = [_read_time(q) for q in quals.get(P_END, [])]
            positions.append(
                PositionHeld(
                    qid,
                    st["mainsnak"]["datavalue"]["value"]["id"],
                    start[0] if start else None,
                    end[0] if end else None,
                    _item(quals.get(P_REPLACES, [])),
                    _item(quals.get(P_REPLACED_BY, [])),
                )
            )
        for name, prop in (("born", P_BORN), ("died", P_DIED)):
            found = claims.get(prop, [])
            best = [s for s in found if s["rank"] == "preferred"] or [
                s for s in found if s["rank"] == "normal"
            ]
            if best:
                date = _qualified(_read_time(best[0]["mainsnak"]), best[0])
                dates.setdefault(qid, {})[name] = date
    return positions, dates


def position_held(ds: Dataset, tenure: Tenure) -> PositionHeld:
    """A tenure as :func:`read_wikibase` gives it back, to compare with the data.

    Raises :class:`ValueError` if the person or the office has no Wikidata id.
    """
    person = ds.lookup(tenure.person, Person).wikidata
    office = ds.lookup(tenure.office, Office).wikidata
    if person is None or office is None:
        raise ValueError(f"tenure {tenure.id!r}: its person or office has no Wikidata id")
    return PositionHeld(
        person,
        office,
        tenure.start,
        tenure.end,
        _holder_qid(ds, ds.predecessor(tenure)),
        _holder_qid(ds, ds.successor(tenure)),
    )
