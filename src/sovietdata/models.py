"""The record types: immutable, fully typed, and each fact with its citations.

Every record is a frozen :class:`msgspec.Struct`: assigning to a field raises
:class:`AttributeError`, and every collection is a tuple. The model borrows
Wikidata's statement model where it helps: tenures carry start and end
(P580/P582), citations carry the work, page, URL and quotation
(P248/P304/P854/P1683), and a :class:`Dispute` holds competing values with
a rank and a reason (P7452).

>>> import sovietdata
>>> k = sovietdata.lookup("khrushchev", sovietdata.Person)
>>> k.name, k.wikidata
('Nikita Khrushchev', 'Q35314')
>>> k.name = "someone else"
Traceback (most recent call last):
...
AttributeError: immutable type: 'Person'

A record's ``repr`` is one short line, its type, id, and name or title (see
:class:`Record`); the whole record is ``msgspec.structs.asdict(record)``, or
``sovietdata show ID`` on the command line:

>>> k
<Person khrushchev: Nikita Khrushchev>
>>> import msgspec
>>> msgspec.structs.asdict(k)["born"]
sovietdata.edtf.parse('1894-04-15')
"""

from __future__ import annotations

import enum
import functools
import os
import re
from typing import Annotated

import msgspec

from sovietdata.edtf import EDTF, SingleDate

__all__ = [
    "REFERENCES",
    "REFERENCE_FIELDS",
    "REPR_WIDTH",
    "Body",
    "BodyKind",
    "Check",
    "Citation",
    "Claim",
    "Correction",
    "Dispute",
    "Election",
    "Event",
    "EventKind",
    "Fact",
    "Finding",
    "Grade",
    "Id",
    "Isbn",
    "Lang",
    "Office",
    "Person",
    "QId",
    "Rank",
    "Record",
    "Source",
    "SourceKind",
    "Tenure",
    "Text",
    "Url",
    "Value",
    "Verdict",
]

#: A record identifier: lower-case ASCII letters, digits and hyphens.
Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
#: Text with at least one character that is not white space.
Text = Annotated[str, msgspec.Meta(min_length=1, pattern=r"\S")]
#: A web address.
Url = Annotated[str, msgspec.Meta(pattern=r"^https?://\S+$")]
#: A Wikidata item identifier such as ``Q35314``.
QId = Annotated[str, msgspec.Meta(pattern=r"^Q[1-9][0-9]*$")]
#: An ISBN-13 written as digits only.
Isbn = Annotated[str, msgspec.Meta(pattern=r"^97[89][0-9]{10}$")]
#: An IETF language tag such as ``en`` or ``ru``.
Lang = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")]


#: The longest ``repr`` of a record or of a part of one, in characters.
REPR_WIDTH = 120


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _angled(head: str, sep: str, cut: str, keep: str) -> str:
    """``<head{sep}cut keep>`` on one line of at most :data:`REPR_WIDTH` characters.

    ``cut`` (a name, a title, ids) is cut short with an ellipsis before
    ``keep`` (a day, a verdict) is touched.
    """
    cut, keep = _one_line(cut), _one_line(keep)
    label = " ".join(part for part in (cut, keep) if part)
    shown = f"<{head}{sep}{label}>" if label else f"<{head}>"
    over = len(shown) - REPR_WIDTH
    if over <= 0:
        return shown
    if len(cut) > over + 1:
        return _angled(head, sep, cut[: len(cut) - over - 1].rstrip() + "…", keep)
    return shown[: REPR_WIDTH - 2] + "…>"


class _Frozen(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Base of every record: immutable, keyword-only, no unknown fields.

    Its ``repr`` is ``<Type label>`` on one line of at most :data:`REPR_WIDTH`
    characters, the label cut short with an ellipsis; each type says what its
    label is. Equality and hashing are msgspec's, field by field.
    """

    def _label(self) -> tuple[str, str]:
        """What the ``repr`` shows after the type: a part to cut short first, a part to keep."""
        return ("", "")

    def __repr__(self) -> str:
        return _angled(type(self).__name__, " ", *self._label())


class SourceKind(enum.StrEnum):
    """What sort of work a :class:`Source` is.

    >>> sovietdata.lookup("rgani-2021", sovietdata.Source).kind
    <SourceKind.ARCHIVE: 'archive'>
    """

    ARCHIVE = "archive"
    ENCYCLOPEDIA = "encyclopedia"
    BOOK = "book"
    ARTICLE = "article"
    GOVERNMENT = "government"
    NEWSPAPER = "newspaper"
    REFERENCE = "reference"
    WEBSITE = "website"


class BodyKind(enum.StrEnum):
    """What sort of institution a :class:`Body` is.

    >>> sovietdata.lookup("cc-plenum", sovietdata.Body).kind
    <BodyKind.PLENUM: 'plenum'>
    """

    PARTY = "party"
    CONGRESS = "congress"
    COMMITTEE = "committee"
    PLENUM = "plenum"
    PRESIDIUM = "presidium"
    SECRETARIAT = "secretariat"
    GOVERNMENT = "government"
    LEGISLATURE = "legislature"
    STATE = "state"


class EventKind(enum.StrEnum):
    """What sort of thing an :class:`Event` is.

    >>> sovietdata.lookup("secret-speech", sovietdata.Event).kind
    <EventKind.SPEECH: 'speech'>
    """

    CONGRESS = "congress"
    PLENUM = "plenum"
    MEETING = "meeting"
    DEATH = "death"
    ARREST = "arrest"
    EXECUTION = "execution"
    RESIGNATION = "resignation"
    APPOINTMENT = "appointment"
    SPEECH = "speech"
    PUBLICATION = "publication"
    POLICY = "policy"
    CRISIS = "crisis"
    SPACEFLIGHT = "spaceflight"
    OUSTER = "ouster"
    REFORM = "reform"


class Rank(enum.StrEnum):
    """How a competing :class:`Value` stands, as in Wikidata's ranks.

    >>> (d,) = sovietdata.dataset().disputes_about("khrushchev", "born")
    >>> [str(v.rank) for v in d.values]
    ['preferred', 'normal']
    """

    PREFERRED = "preferred"
    NORMAL = "normal"
    DEPRECATED = "deprecated"


class Verdict(enum.StrEnum):
    """The finding on one :class:`Claim` of the source article.

    >>> sorted({str(c.verdict) for c in sovietdata.claims()})
    ['incorrect', 'partly-supported', 'supported', 'unverifiable']

    The scale is data, the package file ``sovietdata/verdicts.toml``: each verdict has
    a label, a definition, and says whether it is a degree of truth. The degrees of
    truth form a numeric scale (``rating``, 1 the least true); ``unverifiable`` is not
    one of them and has no rating.

    >>> [(str(v), v.rating) for v in sovietdata.Verdict]  # doctest: +NORMALIZE_WHITESPACE
    [('supported', 4), ('partly-supported', 3), ('misleading', 2), ('incorrect', 1),
     ('unverifiable', None)]
    """

    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly-supported"
    MISLEADING = "misleading"
    INCORRECT = "incorrect"
    UNVERIFIABLE = "unverifiable"

    @property
    def label(self) -> str:
        """The verdict as a reader sees it on a badge.

        >>> sovietdata.Verdict.PARTLY_SUPPORTED.label
        'Partly supported'
        """
        return _verdict_scale()[self].label

    @property
    def definition(self) -> str:
        """What the verdict means, in a sentence or two.

        >>> sovietdata.Verdict.INCORRECT.definition
        'The sources contradict the claim.'
        """
        return _verdict_scale()[self].definition

    @property
    def degree_of_truth(self) -> bool:
        """Whether the verdict says how true the claim is (``unverifiable`` does not).

        >>> sovietdata.Verdict.UNVERIFIABLE.degree_of_truth
        False
        """
        return _verdict_scale()[self].degree_of_truth

    @property
    def rating(self) -> int | None:
        """Place on the numeric scale of degrees of truth, 1 the least true; None for others.

        >>> sovietdata.Verdict.SUPPORTED.rating, sovietdata.Verdict.UNVERIFIABLE.rating
        (4, None)
        """
        return _verdict_scale()[self].rating


class _VerdictEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One ``[[verdict]]`` of ``verdicts.toml``."""

    id: str
    label: Annotated[str, msgspec.Meta(min_length=1)]
    definition: Annotated[str, msgspec.Meta(min_length=1)]
    degree_of_truth: bool
    rating: Annotated[int, msgspec.Meta(ge=1)] | None = None


class _VerdictFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    verdict: tuple[_VerdictEntry, ...]


@functools.cache
def _verdict_scale() -> dict[Verdict, _VerdictEntry]:
    """The verdict scale from the package file ``verdicts.toml``."""
    # Read beside this module, without importlib.resources, which would import pathlib.
    with open(os.path.join(os.path.dirname(__file__), "verdicts.toml"), "rb") as file:
        return _read_verdict_scale(file.read())


def _read_verdict_scale(data: bytes) -> dict[Verdict, _VerdictEntry]:
    """A verdict scale in the format of ``verdicts.toml``, checked whole.

    Raises :class:`msgspec.ValidationError` for a field missing, unknown or of the
    wrong type, and :class:`ValueError` if the file does not give every verdict once,
    or if the ratings are not exactly the degrees of truth numbered 1 to n.
    """
    entries = msgspec.toml.decode(data, type=_VerdictFile).verdict
    ids = [e.id for e in entries]
    if sorted(ids) != sorted(v.value for v in Verdict):
        raise ValueError(f"verdicts.toml must give each verdict once; it gives {ids}")
    rated = sorted(e.rating for e in entries if e.rating is not None)
    truths = sum(1 for e in entries if e.degree_of_truth)
    if rated != list(range(1, truths + 1)) or any(
        (e.rating is None) == e.degree_of_truth for e in entries
    ):
        raise ValueError("verdicts.toml: each degree of truth needs a rating 1..n, others none")
    return {Verdict(e.id): e for e in entries}


class Finding(enum.StrEnum):
    """What a :class:`Check` of a citation against its source found.

    >>> sovietdata.Finding.NOT_FOUND.label
    'not found in any copy available'
    """

    #: The quotation (or the locator's content) was found word for word.
    VERBATIM = "verbatim"
    #: Found in substance: the same words with OCR noise, spelling or punctuation differences.
    SUBSTANCE = "substance"
    #: Not found in any copy available when checked: unverified, not disproved.
    NOT_FOUND = "not-found"

    @property
    def label(self) -> str:
        """The finding as a reader sees it in a note.

        >>> sovietdata.Finding.SUBSTANCE.label
        'found in substance'
        """
        return _FINDING_LABELS[self]


_FINDING_LABELS = {
    Finding.VERBATIM: "found verbatim",
    Finding.SUBSTANCE: "found in substance",
    Finding.NOT_FOUND: "not found in any copy available",
}


class Check(_Frozen, frozen=True, kw_only=True):
    """When a citation was last checked against its source, and what was found.

    Wikidata records the day a reference was retrieved (P813); a check also
    says whether the quotation was there, and which copy was read.

    >>> c = sovietdata.election().citations[0].check
    >>> c.found.label
    'found verbatim'

    Its ``repr`` gives the day and the finding:

    >>> c
    <Check 2026-11-30 verbatim>
    """

    #: The day of the check.
    date: SingleDate
    #: What was found.
    found: Finding
    #: Address of the copy read, when it is not the citation's or the source's own address.
    copy: Url | None = None
    #: What the check saw, such as the OCR reading of a quotation.
    note: Text | None = None

    def _label(self) -> tuple[str, str]:
        return ("", f"{self.date} {self.found}")


class Citation(_Frozen, frozen=True, kw_only=True):
    """Where a fact is stated: a source, and as precisely as known, where in it.

    At least one of ``page``, ``url``, ``locator`` or ``quote`` should say
    where to look; the loader checks that ``source`` names a :class:`Source`.

    >>> c = sovietdata.election().citations[0]
    >>> c.source, c.quote_language
    ('rgani-2021', 'ru')
    >>> c.translation[:41]
    'On 7 September 1953, at a session of the '

    Its ``repr`` gives the source and the page, where there is one:

    >>> c
    <Citation rgani-2021>
    >>> sovietdata.Citation(source="taubman-2003", page="258", quote="…")
    <Citation taubman-2003 p. 258>
    """

    #: Id of the :class:`Source` cited.
    source: Id
    #: Page or pages, as printed (``"94"``, ``"94–97"``).
    page: Text | None = None
    #: Address of the page that states the fact, when it differs from the source's.
    url: Url | None = None
    #: Archive locator or document number (``"fond 2, opis 1, delo 36"``, ``"doc. 26"``).
    locator: Text | None = None
    #: A short verbatim quotation, in the source's language.
    quote: Text | None = None
    #: Language of ``quote``, when it is not English.
    quote_language: Lang | None = None
    #: An English rendering of a quotation in another language.
    translation: Text | None = None
    #: Anything a reader should know about this citation.
    note: Text | None = None
    #: The last check of ``quote`` (or of the locator) against the source.
    check: Check | None = None

    def _label(self) -> tuple[str, str]:
        return (f"{self.source} p. {self.page}" if self.page else self.source, "")


class Record(_Frozen, frozen=True, kw_only=True):
    """Base of every record that has an id of its own.

    >>> all(isinstance(r, sovietdata.Record) for r in sovietdata.dataset())
    True

    A record's ``repr`` is one line of at most :data:`REPR_WIDTH` characters:
    its type, its id, and its name or title (a long one cut short with an
    ellipsis), or for records that have neither, the fields that tell it apart:

    - :class:`Person`, :class:`Body`, :class:`Grade`: the name;
    - :class:`Source`, :class:`Office`, :class:`Event`: the title;
    - :class:`Tenure`: person, office, first and last day (``..`` while still in office);
    - :class:`Election`: person, office, day;
    - :class:`Claim`: number and verdict;
    - :class:`Dispute`: ``subject.field``;
    - :class:`Correction`: ``record.field`` (``record`` for a withdrawal) and the day.

    A :class:`Citation`, :class:`Check` or :class:`Value` shows its source and
    page, its day and finding, or its value and rank.

    >>> sovietdata.lookup("khrushchev")
    <Person khrushchev: Nikita Khrushchev>
    >>> sovietdata.election()
    <Election khrushchev-elected-first-secretary: khrushchev first-secretary-cpsu 1953-09-07>
    >>> sovietdata.lookup("khrushchev-first-secretary")
    <Tenure khrushchev-first-secretary: khrushchev first-secretary-cpsu 1953-09-07–1964-10-14>

    The whole record, every field and citation, is ``msgspec.structs.asdict(record)``
    (a dictionary of its fields) or ``msgspec.to_builtins(record, enc_hook=str)``
    (plain data, nested citations too), and ``sovietdata show ID`` prints it on the
    command line. Equality and hashing compare every field, not the ``repr``.
    """

    #: Unique id across the whole dataset.
    id: Id

    def __repr__(self) -> str:
        return _angled(f"{type(self).__name__} {self.id}", ": ", *self._label())


class Grade(Record, frozen=True, kw_only=True):
    """A step of the reliability scale that every :class:`Source` is graded on.

    The scale is data (``grades.toml``): each grade has a definition, a place
    in the order (1 is the strongest) and says whether a source of that grade
    may alone support a dated fact of the story.

    >>> [g.id for g in sovietdata.dataset().grades]
    ['primary', 'scholarly', 'reference', 'press', 'popular']
    """

    #: Name of the grade as a reader sees it.
    name: Text
    #: Place on the scale: 1 is the strongest.
    order: Annotated[int, msgspec.Meta(ge=1)]
    #: Which works have this grade.
    definition: Text
    #: Whether sources of this grade may alone support a date of the story.
    supports_dates: bool = True

    def _label(self) -> tuple[str, str]:
        return (self.name, "")


class Source(Record, frozen=True, kw_only=True):
    """A bibliographic record: a work that facts are cited from.

    >>> book = sovietdata.lookup("taubman-2003", sovietdata.Source)
    >>> book.authors, book.title, book.published.text()
    (('Taubman, William',), 'Khrushchev: The Man and His Era', '2003')
    """

    #: What sort of work it is.
    kind: SourceKind
    #: Id of its :class:`Grade` on the reliability scale.
    grade: Id
    #: Title, in the original language.
    title: Text
    #: Authors, each as "Family, Given".
    authors: tuple[Text, ...] = ()
    #: Editors, each as "Family, Given".
    editors: tuple[Text, ...] = ()
    #: The larger work it appears in: a journal, series, encyclopedia or website.
    container: Text | None = None
    #: Publisher or archive.
    publisher: Text | None = None
    #: Place of publication.
    place: Text | None = None
    #: Date of publication, at its known precision.
    published: SingleDate | None = None
    #: Canonical address of the work.
    url: Url | None = None
    #: ISBN-13, digits only.
    isbn: Isbn | None = None
    #: Language of the work.
    language: Lang = "en"
    #: How far it can be trusted and for what.
    assessment: Text | None = None

    def _label(self) -> tuple[str, str]:
        return (self.title, "")


class Fact(Record, frozen=True, kw_only=True):
    """Base of records that state facts: they must cite at least one source.

    >>> all(r.citations for r in sovietdata.dataset() if isinstance(r, sovietdata.Fact))
    True
    """

    #: Where the record's facts are stated; at least one.
    citations: Annotated[tuple[Citation, ...], msgspec.Meta(min_length=1)]


class Person(Fact, frozen=True, kw_only=True):
    """A person in the story.

    >>> p = sovietdata.lookup("malenkov", sovietdata.Person)
    >>> p.name_ru, p.died.text()
    ('Георгий Маленков', '14 January 1988')
    """

    #: Name in English, as usually written.
    name: Text
    #: Name in Russian (Cyrillic). Optional, so a book can include people outside the Soviet
    #: story; the shipped data gives it for everyone, and its tests require that.
    name_ru: Text | None = None
    #: Full name, with patronymic, in English.
    full_name: Text | None = None
    #: Date of birth (Gregorian), at its known precision.
    born: SingleDate | None = None
    #: Place of birth.
    born_place: Text | None = None
    #: Date of death.
    died: SingleDate | None = None
    #: Place of death.
    died_place: Text | None = None
    #: Wikidata item.
    wikidata: QId | None = None
    #: One or two sentences on who the person was.
    summary: Text

    def _label(self) -> tuple[str, str]:
        return (self.name, "")


class Body(Fact, frozen=True, kw_only=True):
    """An institution: the party, one of its organs, or a state body.

    >>> b = sovietdata.lookup("cc-plenum", sovietdata.Body)
    >>> b.name, b.parent
    ('Plenum of the Central Committee', 'central-committee')
    """

    #: Name in English.
    name: Text
    #: Name in Russian.
    name_ru: Text | None = None
    #: What sort of body.
    kind: BodyKind
    #: Id of the body this one belongs to.
    parent: Id | None = None
    #: Wikidata item.
    wikidata: QId | None = None
    #: What the body was and did; shown in the glossary.
    summary: Text

    def _label(self) -> tuple[str, str]:
        return (self.name, "")


class Office(Fact, frozen=True, kw_only=True):
    """A post that people held, such as First Secretary of the Central Committee.

    >>> o = sovietdata.lookup("first-secretary-cpsu", sovietdata.Office)
    >>> o.title, o.single_holder
    ('First Secretary of the Central Committee of the CPSU', True)
    """

    #: Title in English.
    title: Text
    #: Title in Russian.
    title_ru: Text | None = None
    #: Id of the :class:`Body` the office belongs to.
    body: Id
    #: Whether only one person can hold the office at a time.
    single_holder: bool = True
    #: Wikidata item.
    wikidata: QId | None = None
    #: What the office was; shown in the glossary.
    summary: Text

    def _label(self) -> tuple[str, str]:
        return (self.title, "")


class Tenure(Fact, frozen=True, kw_only=True):
    """One person's time in one office (Wikidata's *position held*, P39).

    >>> t = sovietdata.lookup("khrushchev-first-secretary", sovietdata.Tenure)
    >>> t.start.text(), t.end.text()
    ('7 September 1953', '14 October 1964')
    """

    #: Id of the :class:`Person`.
    person: Id
    #: Id of the :class:`Office`.
    office: Id
    #: First day in office.
    start: SingleDate
    #: Last day in office; None while still in office at the end of the data.
    end: SingleDate | None = None
    #: The title held, where the office went by another name at the time.
    title: Text | None = None
    #: Id of the :class:`Event` that began the tenure.
    start_event: Id | None = None
    #: Id of the :class:`Event` that ended it.
    end_event: Id | None = None
    #: How the tenure began or ended, or anything else worth saying.
    note: Text | None = None

    def _label(self) -> tuple[str, str]:
        end = ".." if self.end is None else str(self.end)
        return (f"{self.person} {self.office}", f"{self.start}–{end}")


class Event(Fact, frozen=True, kw_only=True):
    """Something that happened on a date or over a span of dates.

    >>> e = sovietdata.lookup("congress-20", sovietdata.Event)
    >>> e.date.text(), e.kind
    ('14–25 February 1956', <EventKind.CONGRESS: 'congress'>)
    """

    #: Headline, short.
    title: Text
    #: When, at its known precision; an interval for events that lasted.
    date: EDTF
    #: What sort of event.
    kind: EventKind
    #: Ids of the :class:`Body` records that met or acted.
    bodies: tuple[Id, ...] = ()
    #: Ids of the :class:`Person` records involved.
    people: tuple[Id, ...] = ()
    #: Where it happened.
    place: Text | None = None
    #: What happened, in a few sentences.
    summary: Text

    def _label(self) -> tuple[str, str]:
        return (self.title, "")


class Election(Fact, frozen=True, kw_only=True):
    """A body choosing a person for an office: the heart of the story.

    >>> e = sovietdata.election()
    >>> e.body, e.proposed_by, e.vote
    ('cc-plenum', 'malenkov', 'unanimous')
    """

    #: Id of the :class:`Person` elected.
    person: Id
    #: Id of the :class:`Office`.
    office: Id
    #: Id of the :class:`Body` that voted.
    body: Id
    #: Id of the :class:`Event` (the session) at which it happened.
    event: Id
    #: Id of the :class:`Tenure` that began.
    tenure: Id
    #: The day of the vote.
    date: SingleDate
    #: Id of the :class:`Person` who put the name forward.
    proposed_by: Id | None = None
    #: How the vote went (``"unanimous"``).
    vote: Text | None = None
    #: Whether this renewed a tenure that was already running.
    reelection: bool = False
    #: What the election changed, in a few sentences.
    significance: Text

    def _label(self) -> tuple[str, str]:
        return (f"{self.person} {self.office}", str(self.date))


class Value(_Frozen, frozen=True, kw_only=True):
    """One of the competing values in a :class:`Dispute`.

    >>> (d,) = sovietdata.dataset().disputes_about(sovietdata.FLAGSHIP, "date")
    >>> v = d.values[0]
    >>> v.value, str(v.rank)
    ('1953-09-07', 'preferred')
    """

    #: The value as the source gives it (an EDTF date for date fields).
    value: Text
    #: Preferred, normal or deprecated.
    rank: Rank
    #: Why it has that rank.
    reason: Text
    #: The sources that give this value.
    citations: Annotated[tuple[Citation, ...], msgspec.Meta(min_length=1)]

    def _label(self) -> tuple[str, str]:
        return (self.value, str(self.rank))


class Dispute(Record, frozen=True, kw_only=True):
    """A fact on which sources disagree, with every value they give.

    >>> (d,) = sovietdata.dataset().disputes_about("khrushchev", "born")
    >>> d.question
    'On what day was Khrushchev born (Gregorian calendar)?'
    """

    #: Id of the record the fact belongs to.
    subject: Id
    #: Name of the field on that record; its value must be the preferred one.
    field: Text
    #: The question the values answer, in a sentence.
    question: Text
    #: The competing values: at least two, exactly one preferred.
    values: Annotated[tuple[Value, ...], msgspec.Meta(min_length=2)]
    #: Anything a reader should know about the disagreement.
    note: Text | None = None

    def _label(self) -> tuple[str, str]:
        return (f"{self.subject}.{self.field}", "")


class Claim(Record, frozen=True, kw_only=True):
    """One claim of the source article, in our words, with a verdict and evidence.

    >>> c = sovietdata.claims()[0]
    >>> c.number, str(c.verdict), c.related[:1]
    (1, 'incorrect', ('khrushchev-elected-first-secretary',))
    """

    #: Position of the claim in the article (1, 2, ...).
    number: Annotated[int, msgspec.Meta(ge=1)]
    #: Id of the :class:`Source` (the article) the claim comes from.
    article: Id
    #: Which part of the article makes the claim.
    section: Text
    #: The claim in our own words.
    paraphrase: Text
    #: A short verbatim quotation of the article's words, marked as such when shown.
    quote: Annotated[str, msgspec.Meta(min_length=1, max_length=80)] | None = None
    #: The finding.
    verdict: Verdict
    #: Why, in a few sentences.
    explanation: Text
    #: What the article should have said, where it erred.
    correction: Text | None = None
    #: Ids of the records that bear on the claim.
    related: tuple[Id, ...] = ()
    #: The evidence; at least one citation.
    evidence: Annotated[tuple[Citation, ...], msgspec.Meta(min_length=1)]

    def _label(self) -> tuple[str, str]:
        return ("", f"{self.number} {self.verdict}")


class Correction(Fact, frozen=True, kw_only=True):
    """A published change of a fact: the record, the field, the old and new value.

    Corrections are never silent: each changed value since the first release
    has one, with the reason and the citations that show it.
    A correction with no ``field`` withdraws the whole record.

    >>> c = sovietdata.dataset().corrections_of("congress-20")[0]
    >>> c.field, c.date.text()
    ('summary', '30 November 2026')
    """

    #: Id of the corrected record.
    record: Id
    #: Top-level field that changed; None when the record was withdrawn.
    field: Text | None = None
    #: The value before, as text.
    old: Text | None = None
    #: The value after, as text; None when the record was withdrawn.
    new: Text | None = None
    #: The day of the correction.
    date: SingleDate
    #: What was wrong and what shows it.
    reason: Text

    def _label(self) -> tuple[str, str]:
        what = self.record if self.field is None else f"{self.record}.{self.field}"
        return (what, str(self.date))


#: The fields that hold ids of other records, per record type, with the types each may name
#: (:class:`Record` for any). The loader checks each reference against these.
REFERENCES: dict[type[Record], tuple[tuple[str, tuple[type[Record], ...]], ...]] = {
    Source: (("grade", (Grade,)),),
    Body: (("parent", (Body,)),),
    Office: (("body", (Body,)),),
    Tenure: (
        ("person", (Person,)),
        ("office", (Office,)),
        ("start_event", (Event,)),
        ("end_event", (Event,)),
    ),
    Event: (("bodies", (Body,)), ("people", (Person,))),
    Election: (
        ("person", (Person,)),
        ("office", (Office,)),
        ("body", (Body,)),
        ("event", (Event,)),
        ("tenure", (Tenure,)),
        ("proposed_by", (Person,)),
    ),
    Dispute: (("subject", (Record,)),),
    Claim: (("article", (Source,)), ("related", (Record,))),
}

#: Every field name that holds ids of other records.
REFERENCE_FIELDS: frozenset[str] = frozenset(f for refs in REFERENCES.values() for f, _ in refs)
