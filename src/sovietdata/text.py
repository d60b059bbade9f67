"""The text layer: how the values of the data are written for people.

One wording for each kind of value, used by the methods that render it (such as
:meth:`sovietdata.edtf.EDTF.text`), the command line, the exports and the book,
so that a date reads the same everywhere. The wording is English, set to stand
inside a sentence: it starts in lower case where it starts with a word
(``from``, ``until``, ``c.``).

Dates
    :func:`date` writes a date or a span of dates at the precision the
    sources give, with its qualifiers and its open or unknown ends;
    :func:`span` a tenure's time in office; :func:`dispute_value` a value
    of a dispute, which may be a date.
Records
    :func:`display` gives the name a reader uses for any record,
    :func:`short_name` a person's family name.
Citations and sources
    :func:`citation` writes a citation as a line of text,
    :func:`source_label` the short label of a source (author and year), one that
    tells it apart from the dataset's other sources (:func:`source_labels`).
Precision
    :func:`precision` says in words how precisely a date is known.

>>> from sovietdata import text
>>> text.date(sovietdata.edtf.parse("1957-06-18/1957-06-21?"))
'18–21 June 1957 (end uncertain)'
"""

from __future__ import annotations

from typing import Final

from sovietdata._dataset import Dataset
from sovietdata.edtf import (
    EDTF,
    MONTHS,
    EDTFError,
    Interval,
    Precision,
    SingleDate,
    parse,
)
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

__all__ = [
    "citation",
    "date",
    "display",
    "dispute_value",
    "locus",
    "precision",
    "short_name",
    "shorten",
    "source_entry",
    "source_label",
    "source_labels",
    "span",
]


# --- Dates --------------------------------------------------------------------------------------
#
# Checked against the English humanizer of ProfessionalWiki/EDTF (PHP; its
# tests/Functional/EnglishHumanizationTest.php and i18n/en.json). Of its forms,
# these are in our subset, written differently on purpose:
#
# - "1975-07-01": theirs "July 1st, 1975", ours "1 July 1975". Day, month, year
#   without an ordinal, the order of the book and of the historians it cites,
#   and no comma to fight with the sentence around it. "1975-07" and "1975"
#   read the same in both ("July 1975", "1975").
# - "0042": theirs "Year 42", ours "AD 42"; the era is the usual English mark
#   of a year too short to read as one.
# - "2019/2021": theirs "2019 to 2021", ours "2019–2021"; "2019-01/2021-02":
#   theirs "January 2019 to February 2021", ours "January 2019 – February 2021";
#   "2019/2021-02-09": theirs "2019 to February 9th, 2021", ours
#   "2019 – 9 February 2021". Ours writes a span with the en dash (closed
#   between single words, spaced otherwise) and writes a month and year the two
#   ends share once ("3–7 September 1953"); theirs always writes both ends whole.
# - "2019/..": theirs "2019 or later", ours "from 2019"; "../2021": theirs
#   "2021 or earlier", ours "until 2021". Ours reads an open end as a span that
#   runs on (a tenure that has not ended in the data), not as a single date
#   whose value is uncertain.
# - "2019/": theirs "From 2019 to unknown", ours "from 2019 to an unknown date";
#   "/2021": theirs "From unknown to 2021", ours "from an unknown date to 2021":
#   an unknown end is a date no source gives, said in a whole phrase.
# - "2019-04-01~": theirs "Circa April 1st, 2019 (date is approximate)", ours
#   "c. 1 April 2019"; "2019-04-01?" and "2023-01?": theirs "Maybe … (date is
#   uncertain)", ours "1 April 2019 (uncertain)", "January 2023 (uncertain)";
#   "2019%": theirs "Maybe circa 2019 (date is uncertain and approximate)",
#   ours "c. 2019 (uncertain)". Ours marks each qualifier once, with the
#   historian's "c." and a parenthesis, where theirs marks it twice.
# - A qualified span: theirs writes each end as a date of its own, so
#   "1957-06-18/1957-06-21?" would read "June 18th, 1957 to Maybe June 21st, 1957
#   (date is uncertain)". Ours writes the span as if plain and says which end
#   is qualified: "18–21 June 1957 (end uncertain)"; a qualifier both ends share
#   is said once for the whole span ("c. 1953–1956").
# - Theirs capitalizes the first word; ours does not (see the module docstring).
#
# Its other forms are outside our subset and refused by the parser: year 0 and
# negative years, seasons ("1975-22"), unspecified digits ("197X",
# "XXXX-12-XX"), qualification of one part of a date ("2023-01-?14"), times,
# and the sets and ranges of level 2 ("[2020, 2021]", "{2020..2022}").

#: The dash between single words or numbers: "3–7 September 1953", "1953–1956".
_CLOSED: Final = "–"
#: The dash between words with spaces in them: "23 February – 2 March 1954".
_SPACED: Final = " – "


def date(value: EDTF) -> str:
    """A date or a span of dates in English prose, at the precision it is known.

    :param value: a :class:`~sovietdata.edtf.SingleDate` or an
        :class:`~sovietdata.edtf.Interval`, as :func:`sovietdata.edtf.parse`
        returns.
    :returns: the wording, for use inside a sentence.
    :raises TypeError: if ``value`` is not an EDTF value (a string must be
        parsed first).

    A day, a month or a year:

    >>> from sovietdata.edtf import parse
    >>> text.date(parse("1953-09-07")), text.date(parse("1953-09")), text.date(parse("1953"))
    ('7 September 1953', 'September 1953', '1953')

    A span of two dates at the same precision writes once the month and year
    its ends share. Its en dash is closed between single words or numbers
    ("3–7", "September–November", "1953–1956") and spaced otherwise:

    >>> text.date(parse("1953-09-03/1953-09-07")), text.date(parse("1954-02-23/1954-03-02"))
    ('3–7 September 1953', '23 February – 2 March 1954')
    >>> text.date(parse("1953-09/1953-11")), text.date(parse("1953/1956"))
    ('September–November 1953', '1953–1956')
    >>> text.date(parse("1953/1956-02"))
    '1953 – February 1956'

    Qualifiers: ``~`` is "c.", ``?`` is "(uncertain)", ``%`` both. A qualifier
    on one end of a span is named with the end it belongs to:

    >>> text.date(parse("1894-04-15?")), text.date(parse("1953~")), text.date(parse("1953%"))
    ('15 April 1894 (uncertain)', 'c. 1953', 'c. 1953 (uncertain)')
    >>> text.date(parse("1957-06-18/1957-06-21?")), text.date(parse("1953~/1956~"))
    ('18–21 June 1957 (end uncertain)', 'c. 1953–1956')

    An open end (``..``) and an unknown end (empty):

    >>> text.date(parse("1953-09-07/..")), text.date(parse("../1953"))
    ('from 7 September 1953', 'until 1953')
    >>> text.date(parse("1985-04-12/")), text.date(parse("/1985"))
    ('from 12 April 1985 to an unknown date', 'from an unknown date to 1985')

    >>> text.date("1953")
    Traceback (most recent call last):
    ...
    TypeError: expected an EDTF value, got str (parse it with sovietdata.edtf.parse)
    """
    if isinstance(value, SingleDate):
        return _qualified(_plain(value), uncertain=value.uncertain, approximate=value.approximate)
    if isinstance(value, Interval):
        return _interval(value)
    raise TypeError(
        f"expected an EDTF value, got {type(value).__name__} (parse it with sovietdata.edtf.parse)"
    )


def _year(year: int) -> str:
    """A year as a number, with the era where the number is too short to read as a year."""
    return str(year) if year >= 1000 else f"AD {year}"


def _month(day: SingleDate) -> str:
    """The name of the month of a date that has one."""
    assert day.month is not None  # every caller checked the precision
    return MONTHS[day.month - 1]


def _plain(day: SingleDate) -> str:
    """A date without its qualifiers: ``7 September 1953``, ``September 1953``, ``1953``."""
    if day.precision is Precision.YEAR:
        return _year(day.year)
    if day.precision is Precision.MONTH:
        return f"{_month(day)} {_year(day.year)}"
    return f"{day.day} {_month(day)} {_year(day.year)}"


def _qualified(words: str, *, uncertain: bool, approximate: bool) -> str:
    """Words with the marks of the qualifiers: ``c.`` before, ``(uncertain)`` after."""
    if approximate:
        words = f"c. {words}"
    if uncertain:
        words += " (uncertain)"
    return words


def _join(left: str, right: str) -> str:
    """Two whole ends of a span, with the en dash spaced when either end has a space."""
    return left + (_SPACED if " " in left or " " in right else _CLOSED) + right


def _span(start: SingleDate, end: SingleDate) -> str:
    """A span of two known dates without their qualifiers, sharing what the ends share."""
    if (start.year, start.month, start.day) == (end.year, end.month, end.day):
        return _plain(end)
    precision = start.precision
    if precision != end.precision or (precision is not Precision.YEAR and start.year != end.year):
        return _join(_plain(start), _plain(end))
    if precision is Precision.YEAR:
        era = "AD " if start.year < 1000 else ""  # "AD 900–1100": the era once, for both
        return f"{era}{start.year}{_CLOSED}{end.year}"
    if precision is Precision.MONTH:
        head = _month(start)
    elif start.month == end.month:
        head = str(start.day)
    else:
        head = f"{start.day} {_month(start)}"
    return head + (_SPACED if " " in head else _CLOSED) + _plain(end)


def _interval(span: Interval) -> str:
    """An interval: a span of two dates, or one date with an open or unknown end."""
    start, end = span.start, span.end
    if start is None:
        assert end is not None  # an interval has at least one known end
        return f"{'from an unknown date to' if span.unknown_start else 'until'} {date(end)}"
    if end is None:
        return f"from {date(start)}{' to an unknown date' if span.unknown_end else ''}"
    notes: list[str] = []
    if start.uncertain and end.uncertain:
        notes.append("uncertain")
    for name, side, other in (("start", start, end), ("end", end, start)):
        alone = []
        if side.uncertain and not other.uncertain:
            alone.append("uncertain")
        if side.approximate and not other.approximate:
            alone.append("approximate")
        if alone:
            notes.append(f"{name} {' and '.join(alone)}")
    words = _span(start, end)
    if start.approximate and end.approximate:
        words = f"c. {words}"
    return f"{words} ({', '.join(notes)})" if notes else words


# --- Records, citations and sources -------------------------------------------------------------


def short_name(person: Person) -> str:
    """The family name a reader knows a person by: the last word of their name.

    >>> text.short_name(sovietdata.lookup("khrushchev", sovietdata.Person))
    'Khrushchev'
    """
    return person.name.rsplit(" ", 1)[-1]


#: Names of the languages of the shipped sources, for labels that must tell copies apart.
LANGUAGES: Final = {
    "en": "English",
    "ru": "Russian",
    "de": "German",
    "fr": "French",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
    "hu": "Hungarian",
    "hr": "Croatian",
    "nl": "Dutch",
    "uk": "Ukrainian",
}

#: The longest title a label keeps whole; a longer one is cut at a word and ends in "…".
_TITLE_WIDTH: Final = 48


def shorten(words: str, width: int = _TITLE_WIDTH) -> str:
    """Words cut at the last whole word that fits in ``width`` characters, ending in "…".

    >>> text.shorten("Nikita Khrushchev deposed as leader of Soviet Union in surprise move", 30)
    'Nikita Khrushchev deposed as…'
    >>> text.shorten("Taubman 2003")
    'Taubman 2003'
    """
    if len(words) <= width:
        return words
    cut = words[: width - 1]
    if " " in cut and not words[width - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-—(«“'\"") + "…"


def _who(source: Source) -> str:
    names = [a.split(",", 1)[0] for a in source.authors]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


def _base_label(source: Source) -> str:
    year = f" {source.published.year}" if source.published else ""
    if source.authors:
        return _who(source) + year
    title = shorten(source.title)
    if year and title[-1:].isdigit():  # "Dethroning Stalin, 1953–6 (2016)", not "… 1953–6 2016"
        year = f" ({year.strip()})"
    return title + year


def _site(source: Source) -> str:
    """Where a source was seen: its container or publisher, without asides in brackets."""
    site = source.container or source.publisher or ""
    site = site.split(" (", 1)[0].split(",", 1)[0].strip()
    return "" if "/" in site else site  # a path or address is no name for a place


def _host(source: Source) -> str:
    if not source.url:
        return ""
    host = source.url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].rstrip(".")
    return host.removeprefix("www.")


def source_label(source: Source, ds: Dataset | None = None) -> str:
    """A short label for a source: family names and year, or the title (cut at a word) and year.

    Given the dataset the source belongs to, the label tells it apart from every other
    source there (see :func:`source_labels`); without it, the label may be shared.

    Raises:
        LookupError: ``ds`` is given and holds no source with this id.

    >>> text.source_label(sovietdata.lookup("taubman-2003", sovietdata.Source))
    'Taubman 2003'
    >>> ds = sovietdata.dataset()
    >>> text.source_label(ds.lookup("taubman-ru", sovietdata.Source), ds)
    'Taubman (Хрущев)'

    """
    if ds is None:
        return _base_label(source)
    labels = source_labels(ds)
    if source.id not in labels:
        ds.lookup(source.id, Source)  # raises, with suggestions
    return labels[source.id]


_LABELS: list[tuple[Dataset, dict[str, str]]] = []


def source_labels(ds: Dataset) -> dict[str, str]:
    """A label for every source of ``ds``, each different from all the others.

    A label is the authors' family names and the year, or the title and the year. Where two
    sources would share one, each gets what tells it apart, in this order: the title (for an
    author's works), the language, where it was seen (container or publisher), the host of its
    address; two records alike in all of these are numbered in file order.

    >>> labels = text.source_labels(sovietdata.dataset())
    >>> labels["wikipedia-khrushchev-wikiwand"], labels["britannica-kids-khrushchev"]
    ('Nikita Khrushchev (Wikipedia, wikiwand.com)', 'Nikita Khrushchev (Britannica Kids)')
    """
    for cached, labels in _LABELS:
        if cached is ds:
            return labels
    labels = _distinct(ds.sources)
    _LABELS[:] = [(ds, labels)]
    return labels


def _distinct(sources: tuple[Source, ...]) -> dict[str, str]:
    groups: dict[str, list[Source]] = {}
    for source in sources:
        # An author's works go together: "Taubman" beside "Taubman 2003" reads as the same book.
        key = _who(source) if source.authors else _base_label(source)
        groups.setdefault(key.casefold(), []).append(source)
    labels: dict[str, str] = {}
    for group in groups.values():
        bases = [_base_label(s) for s in group]
        # Alone, or an author's works each told apart by its year: the label is enough.
        clashing = [
            s
            for s, base in zip(group, bases, strict=True)
            if bases.count(base) > 1 or not s.published
        ]
        if len(group) == 1 or not clashing:
            labels.update((s.id, base) for s, base in zip(group, bases, strict=True))
            continue
        asides: dict[str, list[str]] = {s.id: [] for s in group}
        qualifiers = (
            lambda s: shorten(s.title, 32) if s.authors else "",
            lambda s: LANGUAGES.get(s.language, s.language),
            _site,
            _host,
        )
        pool = group  # what a qualifier must tell apart: first the group, then the clashes left
        for qualifier in qualifiers:
            values = {s.id: qualifier(s) for s in pool}
            if len(set(values.values())) == 1:
                continue  # says nothing the others do not
            pool = clashing
            for s in clashing:
                if values[s.id]:
                    asides[s.id].append(values[s.id])
            seen: dict[str, list[Source]] = {}
            for s in clashing:
                seen.setdefault(", ".join(asides[s.id]), []).append(s)
            clashing = [s for same in seen.values() if len(same) > 1 for s in same]
            if not clashing:
                break
        for number, s in enumerate(clashing, 1):
            asides[s.id].append(f"record {number}")
        for s in group:
            aside = ", ".join(asides[s.id])
            labels[s.id] = f"{_base_label(s)} ({aside})" if aside else _base_label(s)
    return labels


def precision(value: EDTF) -> str:
    """How precisely a date is known, in words: ``to the day``, ``a span of months``, ...

    >>> from sovietdata.edtf import parse
    >>> text.precision(parse("1953-09-07")), text.precision(parse("1953-09~"))
    ('to the day', 'to the month, approximate')
    >>> text.precision(parse("1957-06-18/1957-06-21?")), text.precision(parse("1953-09-07/.."))
    ('a span of days, end uncertain', 'from a day on, with an open end')
    """
    unit = {Precision.DAY: "day", Precision.MONTH: "month", Precision.YEAR: "year"}
    if isinstance(value, SingleDate):
        words = [f"to the {unit[value.precision]}"]
        if value.approximate:
            words.append("approximate")
        if value.uncertain:
            words.append("uncertain")
        return ", ".join(words)
    if not isinstance(value, Interval):
        raise TypeError(f"expected an EDTF value, got {type(value).__name__}")
    start, end = value.start, value.end
    if start is None or end is None:
        known = start or end
        assert known is not None  # an interval has at least one known end
        side = "from" if start is not None else "until"
        kind = "an unknown" if value.unknown_start or value.unknown_end else "an open"
        return f"{side} a {unit[known.precision]} on, with {kind} end".replace("until a", "to a")
    finest = unit[min(start.precision, end.precision)]
    words = [f"a span of {finest}s"]
    for end_name, part in (("start", start), ("end", end)):
        marks = [
            m for m, on in (("approximate", part.approximate), ("uncertain", part.uncertain)) if on
        ]
        if marks:
            words.append(f"{end_name} {' and '.join(marks)}")
    return ", ".join(words)


def span(tenure: Tenure) -> str:
    """A tenure's time in office: start to end, or to an open end.

    >>> text.span(sovietdata.lookup("khrushchev-first-secretary", sovietdata.Tenure))
    '7 September 1953 – 14 October 1964'
    """
    if tenure.end is None:
        return f"from {date(tenure.start)}"
    return f"{date(tenure.start)} – {date(tenure.end)}"


def display(ds: Dataset, record: Record) -> str:  # noqa: PLR0911 - one return per record type
    """The name a reader would use for a record: a name, a title, or a short description.

    Raises:
        LookupError: a tenure or election names a person or office ``ds`` does not hold.

    >>> text.display(sovietdata.dataset(), sovietdata.election())
    'Nikita Khrushchev elected First Secretary of the Central Committee of the CPSU'

    """
    match record:
        case Person() | Body() | Grade():
            return record.name
        case Office() | Event():
            return record.title
        case Source():
            return source_label(record, ds)
        case Tenure():
            person = ds.lookup(record.person, Person).name
            title = record.title or ds.lookup(record.office, Office).title
            return f"{person}, {title}"
        case Election():
            person = ds.lookup(record.person, Person).name
            return f"{person} elected {ds.lookup(record.office, Office).title}"
        case Claim():
            return f"Claim {record.number}"
        case Dispute():
            return record.question
        case Correction():
            return f"Correction of {record.record}" + (f".{record.field}" if record.field else "")
    return record.id  # pragma: no cover - every record type is matched above


def dispute_value(value: str) -> str:
    """A dispute's value in words: an EDTF date as prose, anything else as it is.

    >>> text.dispute_value("1953-09-07"), text.dispute_value("cc-plenum")
    ('7 September 1953', 'cc-plenum')
    """
    try:
        return date(parse(value))
    except EDTFError:
        return value


def source_entry(ds: Dataset, source_id: str) -> str:
    """A source as a bibliography entry: authors, title, container, imprint and address.

    Raises:
        LookupError: ``ds`` holds no source with this id.

    >>> print(text.source_entry(sovietdata.dataset(), "taubman-2003"))  # doctest: +ELLIPSIS
    Taubman, William. Khrushchev: The Man and His Era...

    """
    source = ds.lookup(source_id, Source)
    imprint = ", ".join(
        x for x in (source.publisher, date(source.published) if source.published else None) if x
    )
    segments = [
        " and ".join(source.authors),
        source.title,
        source.container or "",
        imprint,
        f"<{source.url}>" if source.url else "",
    ]
    return ". ".join(s.rstrip(".") for s in segments if s) + "."


def locus(ds: Dataset, cited: Citation) -> str:
    """What a citation adds to its source's entry: where to look, its own address, the quotation.

    Empty for a citation that names only its source.

    Raises:
        LookupError: the citation names a source ``ds`` does not hold.

    >>> text.locus(sovietdata.dataset(), sovietdata.Citation(source="taubman-2003", page="258"))
    'p. 258.'

    """
    source = ds.lookup(cited.source, Source)
    where = ", ".join(x for x in (cited.locator, cited.page and f"p. {cited.page}") if x)
    own_url = cited.url if cited.url and cited.url != source.url else None
    segments = [s for s in (where, f"<{own_url}>" if own_url else "") if s]
    line = ". ".join(s.rstrip(".") for s in segments) + "." if segments else ""
    if cited.quote:
        line += f' "{cited.quote}"'
    if cited.translation:
        line += f' ("{cited.translation}")'
    return line.strip()


def citation(ds: Dataset, cited: Citation) -> str:
    """A citation as a line of text: the source's entry, then where in it to look, the quotation.

    Raises:
        LookupError: the citation names a source ``ds`` does not hold.

    >>> print(text.citation(sovietdata.dataset(), sovietdata.election().citations[0]))
    ... # doctest: +ELLIPSIS
    Russian State Archive of Contemporary History (RGANI)...

    """
    return " ".join(x for x in (source_entry(ds, cited.source), locus(ds, cited)) if x)
