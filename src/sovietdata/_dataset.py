"""A validated, immutable collection of records, with look-ups by id, person and office.

Every method that asks about a record takes its id or the record itself
(``ds.sources_of("secret-speech")`` and ``ds.sources_of(ds.lookup("secret-speech"))``
are the same question). A wrong kind of argument raises :class:`TypeError`
naming the parameter and what it takes; an id the dataset does not hold raises
:class:`LookupError` with the ids you may have meant; an unknown field name
raises :class:`ValueError` naming the record's fields. No method answers a
malformed question with an empty result.

>>> import sovietdata
>>> sovietdata.dataset().sources_of(42)  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
TypeError: sources_of() takes record as an id or a record, such as 'khrushchev' or
ds.lookup('khrushchev'), not the int 42
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeVar, overload

import msgspec

from sovietdata._loader import SECTIONS, citations_in, with_article
from sovietdata.models import (
    REFERENCE_FIELDS,
    REFERENCES,
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

__all__ = ["FLAGSHIP", "Dataset", "described", "fold"]

#: Id of the flagship record: the Central Committee electing Khrushchev First Secretary.
FLAGSHIP = "khrushchev-elected-first-secretary"

R = TypeVar("R", bound=Record)


def _of(records: Iterable[Record], kind: type[R]) -> tuple[R, ...]:
    return tuple(r for r in records if isinstance(r, kind))


def fold(text: str) -> str:
    """Text as search compares it: case-folded, without accents, ``ё`` as ``е``.

    >>> from sovietdata._dataset import fold
    >>> fold("Хрущёв"), fold("Mikoyán")
    ('хрущев', 'mikoyan')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def described(value: object) -> str:
    """An argument as an error message names it: its type and, briefly, its value.

    >>> from sovietdata._dataset import described
    >>> described("1953"), described(True), described(None)
    ("the str '1953'", 'the bool True', 'None')
    """
    if value is None:
        return "None"
    if isinstance(value, Record):
        return f"the {type(value).__name__} {value.id!r}"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"the {type(value).__name__} {text}"


def _refuse(method: str, param: str, takes: str, value: object) -> TypeError:
    return TypeError(f"{method}() takes {param} as {takes}, not {described(value)}")


def _check_id(method: str, param: str, value: object) -> None:
    if not isinstance(value, str):
        raise _refuse(method, param, "an id (a str such as 'khrushchev')", value)


def _check_kind(method: str, kind: object) -> type[Record]:
    if not (isinstance(kind, type) and issubclass(kind, Record)):
        raise _refuse(method, "kind", "a record type, such as sovietdata.Person", kind)
    return kind


def _check_year(method: str, param: str, value: object) -> int | None:
    # bool is an int to Python, but True is not a year.
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise _refuse(method, param, "a year (an int such as 1953) or None", value)
    return value


def _id_of(method: str, param: str, value: object, kinds: tuple[type[Record], ...]) -> str:
    """The id an argument stands for: an id as it is, a record of one of ``kinds`` by its id."""
    if isinstance(value, str):
        return value
    if isinstance(value, kinds):
        return value.id
    if kinds == (Record,):
        takes = "an id or a record, such as 'khrushchev' or ds.lookup('khrushchev')"
    else:
        takes = "an id or " + " or ".join(with_article(k.__name__) for k in kinds)
    raise _refuse(method, param, takes, value)


#: Fields whose words search looks in, besides the id.
_SEARCHED = ("name", "title", "name_ru", "title_ru", "full_name")
#: Within one rank, search lists the records of the story first.
_SEARCH_ORDER = (Person, Body, Office, Event, Election, Tenure, Source, Grade, Claim, Dispute)
_WORD = re.compile(r"\w+")


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
        "_index",
        "_timeline",
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
    _index: tuple[_Entry, ...] | None
    _timeline: tuple[Event | Election, ...]
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
    #: Every :class:`~sovietdata.models.Event`, in date order (the elections are
    #: in :attr:`elections`; :meth:`timeline` has both).
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
        events = tuple(sorted(_of(items, Event), key=lambda e: e.date.sort_key()))
        elections = tuple(sorted(_of(items, Election), key=lambda e: e.date.sort_key()))
        # On the same dates, the session comes before the vote taken at it.
        dated: list[Event | Election] = [*events, *elections]
        timeline = sorted(dated, key=lambda r: (r.date.sort_key(), isinstance(r, Election)))
        values = {
            "_by_id": MappingProxyType(by_id),
            "_index": None,
            "_timeline": tuple(timeline),
            "grades": tuple(sorted(_of(items, Grade), key=lambda g: g.order)),
            "sources": _of(items, Source),
            "people": _of(items, Person),
            "bodies": _of(items, Body),
            "offices": _of(items, Office),
            "tenures": tuple(sorted(_of(items, Tenure), key=lambda t: t.start.sort_key())),
            "events": events,
            "elections": elections,
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

    # --- look-ups by id ---------------------------------------------------------------------

    @overload
    def get(self, record_id: str) -> Record | None: ...
    @overload
    def get(self, record_id: str, kind: type[R]) -> R | None: ...
    def get(self, record_id: str, kind: type[Record] = Record) -> Record | None:
        """The record with this id, or None; with ``kind``, only a record of that type.

        Raises:
            TypeError: ``record_id`` is not a str, or ``kind`` is not a record type.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> ds.get("khrushchev", sovietdata.Person).born.text()
        '15 April 1894'
        >>> ds.get("khrushchev", sovietdata.Event) is None
        True
        >>> ds.get("khrushchev", "person")  # doctest: +NORMALIZE_WHITESPACE
        Traceback (most recent call last):
        ...
        TypeError: get() takes kind as a record type, such as sovietdata.Person,
        not the str 'person'

        """
        _check_id("get", "record_id", record_id)
        kind = _check_kind("get", kind)
        record = self._by_id.get(record_id)
        return record if isinstance(record, kind) else None

    @overload
    def lookup(self, record_id: str) -> Record: ...
    @overload
    def lookup(self, record_id: str, kind: type[R]) -> R: ...
    def lookup(self, record_id: str, kind: type[Record] = Record) -> Record:
        """The record with this id; with ``kind``, it must be a record of that type.

        A failed look-up suggests the ids you may have meant: ids close in
        spelling, ids that begin with what you wrote, and records whose name,
        title or Russian name has those words (see :meth:`search`).

        Raises:
            LookupError: no record has this id, or it is not a ``kind``.
            TypeError: ``record_id`` is not a str, or ``kind`` is not a record type.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> ds.lookup("Malenkov")
        Traceback (most recent call last):
        ...
        LookupError: no record with id 'Malenkov'; did you mean 'malenkov'?
        >>> ds.lookup("malenkov", sovietdata.Event)
        Traceback (most recent call last):
        ...
        LookupError: 'malenkov' is a Person, not an Event
        >>> ds.lookup("хрущёв")
        Traceback (most recent call last):
        ...
        LookupError: no record with id 'хрущёв'; did you mean 'khrushchev'?

        """
        _check_id("lookup", "record_id", record_id)
        kind = _check_kind("lookup", kind)
        record = self._by_id.get(record_id)
        if isinstance(record, kind):
            return record
        if record is not None:
            raise LookupError(
                f"{record_id!r} is {with_article(type(record).__name__)}, "
                f"not {with_article(kind.__name__)}"
            )
        raise LookupError(f"no record with id {record_id!r}{self._hint(record_id, kind)}")

    def _hint(self, wanted: str, kind: type[Record]) -> str:
        import difflib  # noqa: PLC0415  (only on a failed look-up)

        def norm(text: str) -> str:
            return "-".join(fold(text).split())

        candidates = {r.id: r.id for r in self._by_id.values() if isinstance(r, kind)}
        # A name or title written in full, or a person's family name, stands for its record
        # (people first, as in search: a source titled "Nikita Khrushchev" does not win).
        order = {k: i for i, k in enumerate(_SEARCH_ORDER)}
        named = sorted(candidates.values(), key=lambda i: order.get(type(self._by_id[i]), 99))
        for record_id in named:
            record = self._by_id[record_id]
            for field in _SEARCHED:
                if isinstance(value := getattr(record, field, None), str):
                    candidates.setdefault(norm(value), record_id)
                    if isinstance(record, Person) and field in ("name", "name_ru"):
                        candidates.setdefault(norm(value.split()[-1]), record_id)
        key = norm(wanted)
        if key in candidates:
            return f"; did you mean {candidates[key]!r}?"
        found: list[str] = []
        if key:
            # Ids that begin with what was written ("khrushchev-elected"), then ids and names
            # close in spelling ("kruschev"), then records whose names have the words written.
            found += [c for c in dict.fromkeys(candidates.values()) if c.startswith(key)]
            close = difflib.get_close_matches(key, list(candidates), n=3, cutoff=0.6)
            found += [candidates[c] for c in close]
            found += [r.id for rank, r in self._ranked(wanted) if rank <= 1 and isinstance(r, kind)]
        ids = list(dict.fromkeys(found))[:3]
        if not ids:
            return ""
        return "; did you mean " + " or ".join(repr(i) for i in ids) + "?"

    # --- search and reverse look-ups --------------------------------------------------------

    def search(self, text: str) -> tuple[Record, ...]:
        """Records whose id, name, title, Russian name or full name matches ``text``.

        Case and accents do not count, and ``ё`` is ``е``: "хрущёв", "Хрущев" and
        "KHRUSHCHEV" find the same records. Best matches come first:

        1. the record whose id is ``text``;
        2. records that have every word of ``text`` as a whole word of their
           names, titles or id;
        3. records with a name, title or id that has ``text`` anywhere in it.

        Within each rank people come first, then bodies, offices, events,
        elections, tenures, sources and the rest; among records of one type, a
        name or title that is ``text`` as a whole comes first, then the
        dataset's order. A text that matches nothing gives ``()``.

        Raises:
            TypeError: ``text`` is not a str.
            ValueError: ``text`` is empty or blank.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> [r.id for r in ds.search("хрущёв")][:1]
        ['khrushchev']
        >>> [r.id for r in ds.search("Sputnik")][:2]
        ['sputnik-1', 'nasa-nssdca-sputnik-1']
        >>> ds.search(" ")
        Traceback (most recent call last):
        ...
        ValueError: search() takes some text to look for, not ' '

        """
        return tuple(record for _, record in self._ranked(text))

    def _ranked(self, text: str) -> list[tuple[int, Record]]:
        if not isinstance(text, str):
            raise _refuse("search", "text", "the text to look for (a str)", text)
        query = " ".join(fold(text).split())
        if not query:
            raise ValueError(f"search() takes some text to look for, not {text!r}")
        words = tuple(_WORD.findall(query))
        found = [
            (match, entry)
            for entry in self._search_index()
            if (match := entry.match(query, words)) is not None
        ]
        found.sort(key=lambda f: (f[0][0], f[1].order, not f[0][1], f[1].position))
        return [(rank, entry.record) for (rank, _), entry in found]

    def _search_index(self) -> tuple[_Entry, ...]:
        """The folded names of every record, made on the first search and kept."""
        if self._index is None:
            order = {kind: i for i, kind in enumerate(_SEARCH_ORDER)}
            index = tuple(
                _Entry(record, position, order.get(type(record), len(order)))
                for position, record in enumerate(self._by_id.values())
            )
            object.__setattr__(self, "_index", index)
            return index
        return self._index

    def cited_by(self, source: str | Source) -> tuple[Record, ...]:
        """The records that cite a source, in the dataset's order.

        A record cites a source in its citations, its evidence (a claim) or the
        citations of its values (a dispute); the claims taken from an article
        (whose ``article`` it is) are listed too.

        Raises:
            LookupError: no source has this id.
            TypeError: ``source`` is neither an id nor a :class:`~sovietdata.models.Source`.

        >>> import sovietdata
        >>> [r.id for r in sovietdata.dataset().cited_by("nasa-gagarin")]
        ['gagarin-flight', 'claim-space-program', 'claim-lasting-legacy']

        """
        source_id = self.lookup(_id_of("cited_by", "source", source, (Source,)), Source).id
        return tuple(
            record
            for record in self._by_id.values()
            if any(c.source == source_id for _, c in citations_in(record))
            or (isinstance(record, Claim) and record.article == source_id)
        )

    def naming(self, person: str | Person) -> tuple[Record, ...]:
        """The records that name a person in a field that refers to records, in the dataset's order.

        These are the person's tenures, the events they took part in, the
        elections that chose them or that they proposed, the claims and
        disputes about them (or whose values name them), and the corrections
        of their record.

        Raises:
            LookupError: no person has this id.
            TypeError: ``person`` is neither an id nor a :class:`~sovietdata.models.Person`.

        >>> import sovietdata
        >>> for r in sovietdata.dataset().naming("kosygin"):
        ...     print(type(r).__name__, r.id)
        Tenure kosygin-premier
        Event khrushchev-loses-premiership
        Dispute dispute-kosygin-birth

        """
        person_id = self.lookup(_id_of("naming", "person", person, (Person,)), Person).id
        return tuple(r for r in self._by_id.values() if _names(r, person_id))

    # --- the timeline -----------------------------------------------------------------------

    def timeline(
        self,
        *,
        start: int | None = None,
        end: int | None = None,
        person: str | Person | None = None,
    ) -> tuple[Event | Election, ...]:
        """Events and elections in date order, optionally within years ``start``-``end``.

        With ``person`` (an id or a :class:`~sovietdata.models.Person`), only
        the events the person took part in (their ``people``) and the elections
        that chose them or that they proposed: the session of a vote is listed
        for everyone who took part in it, the vote only for the one elected and
        the one who proposed them. On the same dates events come before
        elections, so a sitting comes before the vote taken at it.

        Tenures are not in the timeline: each one begins and ends with an event
        or an election that is already in it (a start date alone would list the
        same day twice), and a tenure that began long before the story, such as
        Stalin's in 1922, would stretch the timeline over decades. They are in
        :attr:`tenures` and :meth:`tenures_of`. Births and deaths stay with the
        people (a death that changed the story, Stalin's, is an event), and
        corrections are dates of the data, not of history.

        Raises:
            TypeError: ``start`` or ``end`` is not a year (an int, not a bool).
            TypeError: ``person`` is neither an id nor a Person.
            ValueError: ``start`` is after ``end``.
            LookupError: no person has this id.

        >>> import sovietdata
        >>> for r in sovietdata.dataset().timeline(start=1957, end=1957):
        ...     print(r.date.text(), r.id)
        18–21 June 1957 (end uncertain) cc-presidium-1957-06
        18–29 June 1957 anti-party-group
        22–29 June 1957 cc-plenum-1957-06
        4 October 1957 sputnik-1
        >>> malenkov_1953 = sovietdata.dataset().timeline(start=1953, end=1953, person="malenkov")
        >>> [r.id for r in malenkov_1953][-2:]
        ['cc-plenum-1953-09-07-session', 'khrushchev-elected-first-secretary']

        """
        start = _check_year("timeline", "start", start)
        end = _check_year("timeline", "end", end)
        if start is not None and end is not None and start > end:
            raise ValueError(
                f"timeline() takes start before end, not start {start} after end {end}"
            )
        person_id = None
        if person is not None:
            person_id = self.lookup(_id_of("timeline", "person", person, (Person,)), Person).id
        return tuple(
            r
            for r in self._timeline
            if (start is None or r.date.upper().year >= start)
            and (end is None or r.date.lower().year <= end)
            and (person_id is None or _takes_part(r, person_id))
        )

    # --- tenures ----------------------------------------------------------------------------

    def tenures_of(self, record: str | Person | Office) -> tuple[Tenure, ...]:
        """The tenures of a person, or the holders of an office, in order of start.

        ``record`` is an id or a :class:`~sovietdata.models.Person` or
        :class:`~sovietdata.models.Office`.

        Raises:
            LookupError: no record has this id, or it is neither a Person nor an Office.
            TypeError: ``record`` is neither an id nor a Person or an Office.

        >>> import sovietdata
        >>> [(t.office, t.start.year) for t in sovietdata.dataset().tenures_of("kaganovich")]
        [('first-secretary-ukraine', 1925), ('first-secretary-ukraine', 1947)]

        """
        record_id = _id_of("tenures_of", "record", record, (Person, Office))
        found = self.lookup(record_id)
        if not isinstance(found, Person | Office):
            raise LookupError(
                f"{record_id!r} is {with_article(type(found).__name__)}, not a Person or Office"
            )
        field = "person" if isinstance(found, Person) else "office"
        return tuple(t for t in self.tenures if getattr(t, field) == record_id)

    def predecessor(self, tenure: str | Tenure) -> Tenure | None:
        """The tenure in the same office just before this one, if the data has it.

        ``tenure`` is an id or a :class:`~sovietdata.models.Tenure` of this dataset.

        Raises:
            LookupError: the dataset has no such tenure.
            TypeError: ``tenure`` is neither an id nor a Tenure.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> ds.predecessor(ds.lookup("brezhnev-first-secretary", sovietdata.Tenure)).person
        'khrushchev'
        >>> ds.predecessor("khrushchev-first-secretary").person
        'stalin'

        """
        return self._neighbour("predecessor", tenure, -1)

    def successor(self, tenure: str | Tenure) -> Tenure | None:
        """The tenure in the same office just after this one, if the data has it.

        ``tenure`` is an id or a :class:`~sovietdata.models.Tenure` of this dataset.

        Raises:
            LookupError: the dataset has no such tenure.
            TypeError: ``tenure`` is neither an id nor a Tenure.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> ds.successor(ds.lookup("khrushchev-first-secretary", sovietdata.Tenure)).person
        'brezhnev'

        """
        return self._neighbour("successor", tenure, +1)

    def _neighbour(self, method: str, tenure: str | Tenure, step: int) -> Tenure | None:
        mine = self.lookup(_id_of(method, "tenure", tenure, (Tenure,)), Tenure)
        if isinstance(tenure, Tenure) and tenure != mine:
            raise LookupError(f"tenure {tenure.id!r} is not the one of that id in this dataset")
        holders = self.tenures_of(mine.office)
        i = holders.index(mine) + step
        return holders[i] if 0 <= i < len(holders) else None

    def flagship(self) -> Election | None:
        """The flagship election, or in data of one's own without it, the first election.

        >>> import sovietdata
        >>> sovietdata.dataset().flagship() is sovietdata.election()
        True
        """
        return self.get(FLAGSHIP, Election) or (self.elections[0] if self.elections else None)

    # --- disputes, grades, corrections, sources ---------------------------------------------

    def disputes_about(self, record: str | Record, field: str | None = None) -> tuple[Dispute, ...]:
        """The disputes whose subject is this record (and, if given, this field of it).

        ``record`` is an id or a record; ``field`` is the name of one of its
        fields. A record or field that no source disputes gives ``()``.

        Raises:
            LookupError: no record has this id.
            TypeError: ``record`` is neither an id nor a record, or ``field`` is not a str.
            ValueError: the record has no field of that name; the message lists its fields.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> (d,) = ds.disputes_about("khrushchev", "born")
        >>> [(v.value, v.rank.value) for v in d.values]
        [('1894-04-15', 'preferred'), ('1894-04-17', 'normal')]
        >>> len(ds.disputes_about(sovietdata.election()))
        3
        >>> ds.disputes_about("khrushchev", "birth")  # doctest: +NORMALIZE_WHITESPACE
        Traceback (most recent call last):
        ...
        ValueError: disputes_about(): a Person has no field 'birth'; its fields are id,
        citations, name, name_ru, full_name, born, born_place, died, died_place, wikidata, summary

        """
        if isinstance(record, Record):
            subject: Record = record
        else:
            subject = self.lookup(_id_of("disputes_about", "record", record, (Record,)))
        if field is not None:
            if not isinstance(field, str):
                raise _refuse(
                    "disputes_about", "field", "a field name (a str such as 'date')", field
                )
            _check_field("disputes_about", type(subject), field)
        return tuple(
            d
            for d in self.disputes
            if d.subject == subject.id and (field is None or d.field == field)
        )

    def grade_of(self, source: str | Source) -> Grade:
        """The :class:`~sovietdata.models.Grade` of a source (given as a record or an id).

        Raises:
            LookupError: no such source, or its grade is not in the dataset.
            TypeError: ``source`` is neither an id nor a Source.

        >>> import sovietdata
        >>> sovietdata.dataset().grade_of("rgani-2021").name
        'Primary'

        """
        if isinstance(source, Source):
            record = source
        else:
            record = self.lookup(_id_of("grade_of", "source", source, (Source,)), Source)
        return self.lookup(record.grade, Grade)

    def corrections_of(self, record: str | Record) -> tuple[Correction, ...]:
        """The published corrections of a record, newest first (empty if it has none).

        ``record`` is an id or a record. The id of a withdrawn record, which the
        dataset no longer holds, gives the correction that withdrew it.

        Raises:
            LookupError: no record and no correction has this id.
            TypeError: ``record`` is neither an id nor a record.

        >>> import sovietdata
        >>> [c.field for c in sovietdata.dataset().corrections_of("congress-20")]
        ['summary']

        """
        record_id = _id_of("corrections_of", "record", record, (Record,))
        found = tuple(c for c in self.corrections if c.record == record_id)
        if not found and record_id not in self._by_id:
            self.lookup(record_id)  # raises, with suggestions
        return found

    def sources_of(self, record: str | Record) -> tuple[Source, ...]:
        """The sources a record cites, each once, in the order first cited.

        ``record`` is an id or a record.

        Raises:
            LookupError: no record has this id, or a cited source is not in the dataset.
            TypeError: ``record`` is neither an id nor a record.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> [s.id for s in ds.sources_of(ds.lookup("secret-speech"))][:2]
        ['frus-1955-57-v24-d26', 'frus-1955-57-v09-d199']
        >>> ds.sources_of("secret-speech") == ds.sources_of(ds.lookup("secret-speech"))
        True

        """
        if isinstance(record, Record):
            found: Record = record
        else:
            found = self.lookup(_id_of("sources_of", "record", record, (Record,)))
        ids = dict.fromkeys(c.source for _, c in citations_in(found))
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

        Raises:
            TypeError: ``citation`` is not a :class:`~sovietdata.models.Citation`.
            LookupError: the citation's source is not in the dataset.

        >>> import sovietdata
        >>> ds = sovietdata.dataset()
        >>> print(ds.cite(ds.lookup("khrushchev-elected-first-secretary").citations[0]))
        ... # doctest: +ELLIPSIS
        Russian State Archive of Contemporary History...
        >>> ds.cite(ds.lookup("khrushchev"))  # doctest: +NORMALIZE_WHITESPACE
        Traceback (most recent call last):
        ...
        TypeError: cite() takes citation as a Citation, such as record.citations[0],
        not the Person 'khrushchev'

        """
        if not isinstance(citation, Citation):
            raise _refuse("cite", "citation", "a Citation, such as record.citations[0]", citation)
        from sovietdata import text  # noqa: PLC0415  (the text layer imports this module's types)

        return text.citation(self, citation)


def _check_field(method: str, kind: type[Record], field: str) -> None:
    names = [f.name for f in msgspec.structs.fields(kind)]
    if field not in names:
        raise ValueError(
            f"{method}(): {with_article(kind.__name__)} has no field {field!r}; "
            f"its fields are {', '.join(names)}"
        )


def _takes_part(record: Event | Election, person_id: str) -> bool:
    if isinstance(record, Election):
        return person_id in (record.person, record.proposed_by)
    return person_id in record.people


def _names(record: Record, record_id: str) -> bool:
    """Whether a record names another in a field that refers to records."""
    for field, _ in REFERENCES.get(type(record), ()):
        value = getattr(record, field)
        if value == record_id or (isinstance(value, tuple) and record_id in value):
            return True
    if isinstance(record, Correction):
        return record.record == record_id
    if isinstance(record, Dispute) and record.field in REFERENCE_FIELDS:
        return any(v.value == record_id for v in record.values)
    return False


class _Entry:
    """A record as search sees it: its names folded, split into words."""

    __slots__ = ("order", "position", "record", "texts", "whole", "words")

    def __init__(self, record: Record, position: int, order: int) -> None:
        self.record = record
        self.position = position
        self.order = order
        names = [fold(v) for f in _SEARCHED if isinstance(v := getattr(record, f, None), str)]
        #: Each name or title as its words, to tell a name written in full.
        self.whole = {tuple(_WORD.findall(t)) for t in names}
        self.texts = (*names, record.id)
        self.words = frozenset(w for t in self.texts for w in _WORD.findall(t))

    def match(self, query: str, words: tuple[str, ...]) -> tuple[int, bool] | None:
        """How well the record matches a folded query: (rank, 0 best; a whole name), or None."""
        if query == self.record.id or (words and "-".join(words) == self.record.id):
            return 0, True
        if words and all(w in self.words for w in words):
            return 1, words in self.whole
        if any(query in t for t in self.texts):
            return 2, False
        return None
