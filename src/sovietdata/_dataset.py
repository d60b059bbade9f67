"""A validated, immutable collection of records, with look-ups by id, person and office."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeVar, overload

import msgspec

from sovietdata._loader import SECTIONS, citations_in
from sovietdata.models import (
    Body,
    Citation,
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

__all__ = ["FLAGSHIP", "Dataset"]

#: Id of the flagship record: the Central Committee electing Khrushchev First Secretary.
FLAGSHIP = "khrushchev-elected-first-secretary"

R = TypeVar("R", bound=Record)


def _of(records: Iterable[Record], kind: type[R]) -> tuple[R, ...]:
    return tuple(r for r in records if isinstance(r, kind))


class Dataset:
    """Records that passed validation, indexed by id.

    Build one with :func:`sovietdata.load` (a data file of your own) or get the
    shipped one from :func:`sovietdata.dataset`. A dataset cannot be changed.

    >>> import sovietdata
    >>> ds = sovietdata.dataset()
    >>> "khrushchev" in ds, ds.get("no-such-record") is None
    (True, True)
    >>> ds.lookup("kruschev")
    Traceback (most recent call last):
    ...
    LookupError: no record with id 'kruschev'; did you mean 'khrushchev' or ...?
    """

    __slots__ = (
        "_by_id",
        "bodies",
        "claims",
        "corrections",
        "disputes",
        "elections",
        "events",
        "grades",
        "offices",
        "people",
        "sources",
        "tenures",
    )

    _by_id: Mapping[str, Record]
    #: Every :class:`~sovietdata.models.Grade` of the reliability scale, strongest first.
    grades: tuple[Grade, ...]
    #: Every :class:`~sovietdata.models.Source`, in file order.
    sources: tuple[Source, ...]
    #: Every :class:`~sovietdata.models.Person`.
    people: tuple[Person, ...]
    #: Every :class:`~sovietdata.models.Body`.
    bodies: tuple[Body, ...]
    #: Every :class:`~sovietdata.models.Office`.
    offices: tuple[Office, ...]
    #: Every :class:`~sovietdata.models.Tenure`, in order of start.
    tenures: tuple[Tenure, ...]
    #: Every :class:`~sovietdata.models.Event`, in date order (the timeline).
    events: tuple[Event, ...]
    #: Every :class:`~sovietdata.models.Election`, in date order.
    elections: tuple[Election, ...]
    #: Every :class:`~sovietdata.models.Dispute`.
    disputes: tuple[Dispute, ...]
    #: Every :class:`~sovietdata.models.Claim`, in the order of their article.
    claims: tuple[Claim, ...]
    #: Every :class:`~sovietdata.models.Correction`, newest first.
    corrections: tuple[Correction, ...]

    def __init__(self, records: Iterable[Record]) -> None:
        """Index records that :mod:`sovietdata._loader` has already validated."""
        # Records in section order (file order within a section), however they were read.
        rank = {kind: i for i, kind in enumerate(SECTIONS.values())}
        items = sorted(records, key=lambda r: rank.get(type(r), len(rank)))
        by_id = {r.id: r for r in items}
        if len(by_id) != len(items):
            raise ValueError("record ids must be unique")
        values = {
            "_by_id": MappingProxyType(by_id),
            "grades": tuple(sorted(_of(items, Grade), key=lambda g: g.order)),
            "sources": _of(items, Source),
            "people": _of(items, Person),
            "bodies": _of(items, Body),
            "offices": _of(items, Office),
            "tenures": tuple(sorted(_of(items, Tenure), key=lambda t: t.start.sort_key())),
            "events": tuple(sorted(_of(items, Event), key=lambda e: e.date.sort_key())),
            "elections": tuple(sorted(_of(items, Election), key=lambda e: e.date.sort_key())),
            "disputes": _of(items, Dispute),
            "claims": tuple(sorted(_of(items, Claim), key=lambda c: (c.article, c.number))),
            "corrections": tuple(
                sorted(_of(items, Correction), key=lambda c: c.date.sort_key(), reverse=True)
            ),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._by_id.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def __repr__(self) -> str:
        return f"<Dataset: {len(self)} records>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dataset) and dict(self._by_id) == dict(other._by_id)

    __hash__ = None  # type: ignore[assignment]

    @overload
    def get(self, record_id: str) -> Record | None: ...
    @overload
    def get(self, record_id: str, kind: type[R]) -> R | None: ...
    def get(self, record_id: str, kind: type[Record] = Record) -> Record | None:
        """The record with this id, or None; with ``kind``, only a record of that type.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> ds.get("khrushchev", sovietdata.Person).born
        SingleDate('1894-04-15')
        >>> ds.get("khrushchev", sovietdata.Event) is None
        True
        """
        record = self._by_id.get(record_id)
        return record if isinstance(record, kind) else None

    @overload
    def lookup(self, record_id: str) -> Record: ...
    @overload
    def lookup(self, record_id: str, kind: type[R]) -> R: ...
    def lookup(self, record_id: str, kind: type[Record] = Record) -> Record:
        """The record with this id; :class:`LookupError` with a suggestion if there is none.

        >>> import sovietdata
        >>> sovietdata.dataset().lookup("Malenkov")
        Traceback (most recent call last):
        ...
        LookupError: no record with id 'Malenkov'; did you mean 'malenkov'?
        """
        record = self._by_id.get(record_id)
        if isinstance(record, kind):
            return record
        if record is not None:
            raise LookupError(f"{record_id!r} is a {type(record).__name__}, not a {kind.__name__}")
        raise LookupError(f"no record with id {record_id!r}{self._hint(record_id, kind)}")

    def _hint(self, wanted: str, kind: type[Record]) -> str:
        import difflib  # noqa: PLC0415  (only on a failed look-up)

        def norm(text: str) -> str:
            return "-".join(text.casefold().split())

        candidates = {r.id: r.id for r in self._by_id.values() if isinstance(r, kind)}
        if kind in (Record, Person):
            for person in self.people:
                candidates[norm(person.name)] = person.id
                if words := person.name.split():
                    candidates[norm(words[-1])] = person.id
        key = norm(wanted)
        if key in candidates:
            return f"; did you mean {candidates[key]!r}?"
        close = difflib.get_close_matches(key, list(candidates), n=3, cutoff=0.6)
        ids = list(dict.fromkeys(candidates[c] for c in close))
        if not ids:
            return ""
        return "; did you mean " + " or ".join(repr(i) for i in ids) + "?"

    def timeline(
        self, *, start: int | None = None, end: int | None = None, person: str | None = None
    ) -> tuple[Event, ...]:
        """Events in date order, optionally within years ``start``-``end`` and with ``person``.

        >>> import sovietdata
        >>> for e in sovietdata.dataset().timeline(start=1957, end=1957):
        ...     print(e.date.text(), e.id)
        18–21 June 1957 (end uncertain) cc-presidium-1957-06
        18–29 June 1957 anti-party-group
        22–29 June 1957 cc-plenum-1957-06
        4 October 1957 sputnik-1
        """
        if person is not None:
            self.lookup(person, Person)
        return tuple(
            e
            for e in self.events
            if (start is None or e.date.upper().year >= start)
            and (end is None or e.date.lower().year <= end)
            and (person is None or person in e.people)
        )

    def tenures_of(self, record_id: str) -> tuple[Tenure, ...]:
        """The tenures of a person, or the holders of an office, in order of start.

        >>> import sovietdata
        >>> [(t.office, t.start.year) for t in sovietdata.dataset().tenures_of("kaganovich")]
        [('first-secretary-ukraine', 1925), ('first-secretary-ukraine', 1947)]
        """
        record = self.lookup(record_id)
        if not isinstance(record, Person | Office):
            raise LookupError(f"{record_id!r} is a {type(record).__name__}, not a Person or Office")
        field = "person" if isinstance(record, Person) else "office"
        return tuple(t for t in self.tenures if getattr(t, field) == record_id)

    def predecessor(self, tenure: Tenure) -> Tenure | None:
        """The tenure in the same office just before this one, if the data has it.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> ds.predecessor(ds.lookup("brezhnev-first-secretary", sovietdata.Tenure)).person
        'khrushchev'
        """
        return self._neighbour(tenure, -1)

    def successor(self, tenure: Tenure) -> Tenure | None:
        """The tenure in the same office just after this one, if the data has it.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> ds.successor(ds.lookup("khrushchev-first-secretary", sovietdata.Tenure)).person
        'brezhnev'
        """
        return self._neighbour(tenure, +1)

    def _neighbour(self, tenure: Tenure, step: int) -> Tenure | None:
        holders = self.tenures_of(tenure.office)
        i = holders.index(tenure) + step
        return holders[i] if 0 <= i < len(holders) else None

    def flagship(self) -> Election | None:
        """The flagship election, or in data of one's own without it, the first election.

        >>> import sovietdata
        >>> sovietdata.dataset().flagship() is sovietdata.election()
        True
        """
        return self.get(FLAGSHIP, Election) or (self.elections[0] if self.elections else None)

    def disputes_about(self, record_id: str, field: str | None = None) -> tuple[Dispute, ...]:
        """The disputes whose subject is this record (and, if given, this field of it).

        >>> import sovietdata
        >>> (d,) = sovietdata.dataset().disputes_about("khrushchev", "born")
        >>> [(v.value, v.rank.value) for v in d.values]
        [('1894-04-15', 'preferred'), ('1894-04-17', 'normal')]
        """
        return tuple(
            d
            for d in self.disputes
            if d.subject == record_id and (field is None or d.field == field)
        )

    def grade_of(self, source: str | Source) -> Grade:
        """The :class:`~sovietdata.models.Grade` of a source (given as a record or an id).

        >>> import sovietdata
        >>> sovietdata.dataset().grade_of("rgani-2021").name
        'Primary'

        Raises:
            LookupError: no such source.

        """
        record = source if isinstance(source, Source) else self.lookup(source, Source)
        return self.lookup(record.grade, Grade)

    def corrections_of(self, record_id: str) -> tuple[Correction, ...]:
        """The published corrections of a record, newest first (empty if it has none).

        >>> import sovietdata
        >>> [c.field for c in sovietdata.dataset().corrections_of("congress-20")]
        ['summary']
        """
        return tuple(c for c in self.corrections if c.record == record_id)

    def sources_of(self, record: Record) -> tuple[Source, ...]:
        """The sources a record cites, each once, in the order first cited.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> [s.id for s in ds.sources_of(ds.lookup("secret-speech"))][:2]
        ['frus-1955-57-v24-d26', 'frus-1955-57-v09-d199']
        """
        ids = dict.fromkeys(c.source for _, c in citations_in(record))
        return tuple(self.lookup(i, Source) for i in ids)

    def to_builtins(self) -> dict[str, list[dict[str, Any]]]:
        """The records as plain data in the shape of a data file: one list per section.

        Fields left at their defaults are omitted and dates are EDTF strings, so
        writing this out as JSON gives a file that :func:`sovietdata.load` reads
        back into an equal dataset.

        >>> import sovietdata
        >>> doc = sovietdata.dataset().to_builtins()
        >>> list(doc)[:3], doc["person"][0]["id"]
        (['grade', 'source', 'person'], 'khrushchev')
        """
        out: dict[str, list[dict[str, Any]]] = {}
        for section, kind in SECTIONS.items():
            records = [r for r in self._by_id.values() if type(r) is kind]
            if records:
                out[section] = msgspec.to_builtins(records, enc_hook=str)
        return out

    def cite(self, citation: Citation) -> str:
        """A citation as a line of text: the source, then where in it to look.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> print(ds.cite(ds.lookup("khrushchev-elected-first-secretary").citations[0]))
        ... # doctest: +ELLIPSIS
        Russian State Archive of Contemporary History...
        """
        from sovietdata import text  # noqa: PLC0415  (the text layer imports this module's types)

        return text.citation(self, citation)
