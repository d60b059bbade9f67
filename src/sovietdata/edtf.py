"""Dates with their precision: the subset of EDTF (ISO 8601-2) that the data uses.

The data files write every date in `Extended Date/Time Format
<https://www.loc.gov/standards/datetime/>`_ notation, so a fact known only to
the month or the year is never given a made-up day:

==============================  =========================================
``1953-09-07``                  a day
``1953-09``                     a month, day unknown
``1953``                        a year, month unknown
``1894-04-15?``                 uncertain (level 1 qualifier ``?``)
``1953-09~``                    approximate (``~``); ``%`` is both
``1953-09-03/1953-09-07``       an interval
``1953-09-07/..``               an interval with an open end (``..``)
``1985-04-12/``                 an interval with an unknown end (empty)
==============================  =========================================

The subset, exactly. :func:`parse` accepts:

- from EDTF level 0, a date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in the
  years 0001-9999, written with the digits 0-9, that is a day of the
  (proleptic Gregorian) calendar; and an interval of two such dates joined by
  ``/`` whose end is not before its start (its last possible day is not
  before the start's first possible day: ``1953-09/1953-09-01`` is accepted);
- from EDTF level 1, a qualifier ``?`` (uncertain), ``~`` (approximate) or
  ``%`` (both) after a whole date, alone or as either end of an interval; and
  the extended interval, one of whose ends, but not both, is open (``..``) or
  unknown (an empty side): ``1953-09-07/..``, ``../1953``, ``1985-04-12/``,
  ``/1985``.

It refuses everything else, including:

- from level 0: the year ``0000``, and dates with a time (``1985-04-12T23:20:30``);
- from level 1: years with a ``Y`` prefix or more than four digits
  (``Y170000002``), negative years (``-0100``), seasons (``2001-21``),
  unspecified digits (``197X``, ``1985-XX``), and an interval with no known
  end (``../..``, ``/``, ``../``, ``/..``);
- all of level 2 (qualifiers on a part of a date such as ``2004-?06``, sets
  ``[…]`` and ``{…}``, exponents, significant digits);
- digits of other scripts (``١٩٥٣``), spaces, and anything that is not a string.

A refused input raises :class:`EDTFError`, whose message quotes the whole input
and says what is wrong with it. The module has no dependency, so that importing
:mod:`sovietdata` stays cheap; the test suite checks it against the reference
implementation, the ``edtf`` package.

An open end means the span has no end in the data (it goes on, or went on
before, as far as the data is concerned); an unknown end means there was one
but no source gives it. Both are ``None`` as :attr:`Interval.start` or
:attr:`Interval.end`; :attr:`Interval.unknown_start` and
:attr:`Interval.unknown_end` tell them apart. For the bounds the two are the
same: nothing limits how far an unknown end can lie, so :meth:`EDTF.lower` and
:meth:`EDTF.upper` give ``date.min`` and ``date.max`` for either, and
:meth:`EDTF.overlaps` stays "can the two share a day". (The ``edtf`` package
guesses ten years from the known end instead; this module does not invent a
bound.) The prose of every form is in :func:`sovietdata.text.date`.

Every value, a date or an interval, is ordered by its earliest day, then its
latest, then its EDTF text (see :class:`EDTF`), so dates of both kinds sort
together; its ``repr`` is the call that parses it again.

>>> from sovietdata.edtf import parse
>>> d = parse("1953-09")
>>> d.precision, d.lower(), d.upper()
(<Precision.MONTH: 2>, datetime.date(1953, 9, 1), datetime.date(1953, 9, 30))
>>> parse("1953-09-03/1953-09-07").text()
'3–7 September 1953'
>>> i = parse("1985-04-12/")
>>> i.unknown_end, i.upper(), i.text()
(True, datetime.date(9999, 12, 31), 'from 12 April 1985 to an unknown date')
>>> try:
...     parse("1985-04-12/1953")
... except sovietdata.edtf.EDTFError as error:
...     print(error)
'1985-04-12/1953' is not an EDTF interval: the end (1953) is before the start (1985-04-12)
"""

from __future__ import annotations

import abc
import datetime as _dt
import enum
import functools
import re
import reprlib
from typing import Final

__all__ = [
    "EDTF",
    "MONTHS",
    "UNKNOWN",
    "EDTFError",
    "Interval",
    "Precision",
    "SingleDate",
    "Unknown",
    "parse",
    "parse_single",
]

#: The English names of the months, January first.
MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# [0-9], not \d: \d also matches the digits of other scripts (Arabic-Indic, Devanagari, ...).
_DATE = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<q>[?~%])?"
)
_ASCII_DIGITS = frozenset("0123456789")
_SEASONS = range(21, 42)


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    # The Gregorian leap year rule, as calendar.isleap has it (kept out of the import).
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


class EDTFError(ValueError):
    """A string that is not a date in the supported EDTF subset.

    >>> try:
    ...     parse("7 September 1953")
    ... except sovietdata.edtf.EDTFError as error:
    ...     print(error)
    '7 September 1953' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)
    """


class Precision(enum.IntEnum):
    """How much of a date is known: the year, the month, or the day.

    >>> [parse(t).precision.name for t in ("1953", "1953-09", "1953-09-07")]
    ['YEAR', 'MONTH', 'DAY']
    >>> sovietdata.Precision.MONTH < sovietdata.Precision.DAY
    True
    """

    YEAR = 1
    MONTH = 2
    DAY = 3


class EDTF(abc.ABC):
    """What every EDTF value offers: bounds, precision, ordering and prose.

    >>> from sovietdata.edtf import EDTF, parse
    >>> isinstance(parse("1953"), EDTF), isinstance(parse("1953/1954"), EDTF)
    (True, True)

    Values of every kind, single dates and intervals with known, open or
    unknown ends, have one total order: by the earliest day (:meth:`lower`),
    then by the latest day (:meth:`upper`), then by the EDTF text
    (``str(value)``), which tells apart values of the same bounds. An open or
    unknown start counts as ``date.min`` and an open or unknown end as
    ``date.max``, as in the bounds. The order agrees with ``==`` (two values are
    equal exactly when neither is before the other) and with hashing, so
    ``sorted(records, key=lambda r: r.date)`` works across dates and spans:

    >>> texts = ["1953-09-07", "1953-09-03/1953-09-07", "1953", "../1953", "1953-09", "1953/.."]
    >>> [str(d) for d in sorted(parse(t) for t in texts)]
    ['../1953', '1953', '1953/..', '1953-09', '1953-09-03/1953-09-07', '1953-09-07']
    >>> parse("1953") < parse("1953/1953"), parse("1953-09-07") == parse("1953-09-07")
    (True, True)

    Comparing with anything that is not an EDTF value raises :class:`TypeError`.
    The ``repr`` of a value is the call that parses it, an expression that gives an
    equal value where :mod:`sovietdata` is imported:

    >>> parse("1953-09-03/1953-09-07")
    sovietdata.edtf.parse('1953-09-03/1953-09-07')
    >>> eval(repr(parse("1985-04-12/"))) == parse("1985-04-12/")
    True
    """

    __slots__ = ()

    @property
    @abc.abstractmethod
    def year(self) -> int | None:
        """The year of the start; ``None`` for an interval whose start is open or unknown.

        >>> parse("1953-09-07").year, parse("1953-09-03/1954").year, parse("../1953").year
        (1953, 1953, None)
        """

    @property
    @abc.abstractmethod
    def precision(self) -> Precision:
        """How much of the date is known (the coarser end, for an interval)."""

    @abc.abstractmethod
    def lower(self) -> _dt.date:
        """The earliest calendar day the value can mean.

        >>> parse("1953-09").lower()
        datetime.date(1953, 9, 1)
        """

    @abc.abstractmethod
    def upper(self) -> _dt.date:
        """The latest calendar day the value can mean.

        >>> parse("1956-02").upper()
        datetime.date(1956, 2, 29)
        """

    def text(self) -> str:
        """The value in English prose, at its own precision: :func:`sovietdata.text.date`.

        >>> parse("1953-09-07").text(), parse("1953-09-03/1953-09-07").text()
        ('7 September 1953', '3–7 September 1953')
        """
        from sovietdata.text import date  # noqa: PLC0415 - sovietdata.text imports this module

        return date(self)

    def sort_key(self) -> tuple[_dt.date, _dt.date, str]:
        """The key of the order: the earliest day, the latest day, the EDTF text.

        ``a < b`` exactly when ``a.sort_key() < b.sort_key()``.

        >>> sorted(["1953-09-07", "1953", "1953-09"], key=lambda t: parse(t).sort_key())
        ['1953', '1953-09', '1953-09-07']
        >>> parse("1953-09").sort_key()
        (datetime.date(1953, 9, 1), datetime.date(1953, 9, 30), '1953-09')
        """
        return (self.lower(), self.upper(), str(self))

    def __lt__(self, other: EDTF) -> bool:
        if not isinstance(other, EDTF):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: EDTF) -> bool:
        if not isinstance(other, EDTF):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: EDTF) -> bool:
        if not isinstance(other, EDTF):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: EDTF) -> bool:
        if not isinstance(other, EDTF):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    def __repr__(self) -> str:
        return f"sovietdata.edtf.parse({str(self)!r})"

    def overlaps(self, other: EDTF) -> bool:
        """Whether the two values can share a calendar day.

        >>> parse("1953-09").overlaps(parse("1953-09-03/1953-09-07"))
        True
        """
        return self.lower() <= other.upper() and other.lower() <= self.upper()


class SingleDate(EDTF):
    """One date with its precision and EDTF qualifiers.

    >>> from sovietdata.edtf import SingleDate
    >>> d = SingleDate(1894, 4, 15, uncertain=True)
    >>> str(d), d.text(), d.precision.name
    ('1894-04-15?', '15 April 1894 (uncertain)', 'DAY')
    """

    __slots__ = ("_approximate", "_day", "_month", "_uncertain", "_year")

    _year: int
    _month: int | None
    _day: int | None
    _uncertain: bool
    _approximate: bool

    def __init__(
        self,
        year: int,
        month: int | None = None,
        day: int | None = None,
        *,
        uncertain: bool = False,
        approximate: bool = False,
    ) -> None:
        if not 1 <= year <= 9999:
            raise EDTFError(f"year {year} is out of range 0001-9999")
        if month is None and day is not None:
            raise EDTFError("a day needs a month")
        if month is not None and month in _SEASONS:
            raise EDTFError(f"month {month:02d} does not exist (EDTF seasons, 21-41, are refused)")
        if month is not None and not 1 <= month <= 12:
            raise EDTFError(f"month {month:02d} does not exist")
        if day is not None:
            assert month is not None  # checked above
            if not 1 <= day <= _days_in_month(year, month):
                raise EDTFError(f"day {day:02d} does not exist in {MONTHS[month - 1]} {year}")
        setattr_ = object.__setattr__
        setattr_(self, "_year", year)
        setattr_(self, "_month", month)
        setattr_(self, "_day", day)
        setattr_(self, "_uncertain", uncertain)
        setattr_(self, "_approximate", approximate)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def year(self) -> int:
        """The year.

        >>> parse("1953-09").year
        1953
        """
        return self._year

    @property
    def month(self) -> int | None:
        """The month (1-12), or None where only the year is known."""
        return self._month

    @property
    def day(self) -> int | None:
        """The day of the month, or None where it is not known."""
        return self._day

    @property
    def uncertain(self) -> bool:
        """True when the source is unsure of the date (EDTF ``?``)."""
        return self._uncertain

    @property
    def approximate(self) -> bool:
        """True when the date is approximate (EDTF ``~``)."""
        return self._approximate

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self._day is not None:
            return Precision.DAY
        if self._month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def lower(self) -> _dt.date:
        """The earliest calendar day the date can mean.

        >>> parse("1953").lower()
        datetime.date(1953, 1, 1)
        """
        return _dt.date(self._year, self._month or 1, self._day or 1)

    def upper(self) -> _dt.date:
        """The latest calendar day the date can mean.

        >>> parse("1953").upper()
        datetime.date(1953, 12, 31)
        """
        month = self._month or 12
        day = self._day or _days_in_month(self._year, month)
        return _dt.date(self._year, month, day)

    def text(self) -> str:
        """The date in English prose, at its own precision: :func:`sovietdata.text.date`.

        >>> parse("1953-09").text(), parse("1953~").text()
        ('September 1953', 'c. 1953')
        """
        return super().text()

    def _key(self) -> tuple[int, int | None, int | None, bool, bool]:
        return (self._year, self._month, self._day, self._uncertain, self._approximate)

    def __str__(self) -> str:
        out = f"{self._year:04d}"
        if self._month is not None:
            out += f"-{self._month:02d}"
        if self._day is not None:
            out += f"-{self._day:02d}"
        if self._uncertain and self._approximate:
            out += "%"
        elif self._uncertain:
            out += "?"
        elif self._approximate:
            out += "~"
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SingleDate) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


class Unknown(enum.Enum):
    """The type of :data:`UNKNOWN`, the one value it has."""

    UNKNOWN = "unknown"


#: An interval end that there was but no source gives (EDTF level 1 writes it as an empty
#: side, ``1985-04-12/``), where ``None`` is an open end (``..``): ``Interval(start, UNKNOWN)``.
UNKNOWN: Final = Unknown.UNKNOWN


class Interval(EDTF):
    """A span between two dates; one end may be open (``..``) or unknown (empty).

    >>> i = parse("1953-03-05/1953-03-14")
    >>> i.start.text(), i.end.text() if i.end else None
    ('5 March 1953', '14 March 1953')
    >>> i.contains(parse("1953-03-09"))
    True

    The constructor takes a :class:`SingleDate` for a known end, ``None`` for an
    open one and :data:`UNKNOWN` for an unknown one, and raises :class:`EDTFError`
    when neither end is known or the end comes before the start:

    >>> from sovietdata.edtf import UNKNOWN, Interval, SingleDate
    >>> str(Interval(SingleDate(1985, 4, 12), UNKNOWN)), str(Interval(None, SingleDate(1985)))
    ('1985-04-12/', '../1985')
    >>> Interval(UNKNOWN, None)
    Traceback (most recent call last):
    ...
    sovietdata.edtf.EDTFError: at least one end must be a known date
    """

    __slots__ = ("_end", "_start", "_unknown_end", "_unknown_start")

    _start: SingleDate | None
    _end: SingleDate | None
    _unknown_start: bool
    _unknown_end: bool

    def __init__(
        self, start: SingleDate | Unknown | None, end: SingleDate | Unknown | None
    ) -> None:
        first = start if isinstance(start, SingleDate) else None
        last = end if isinstance(end, SingleDate) else None
        if first is None and last is None:
            raise EDTFError("at least one end must be a known date")
        if first is not None and last is not None and last.upper() < first.lower():
            raise EDTFError(f"the end ({last}) is before the start ({first})")
        setattr_ = object.__setattr__
        setattr_(self, "_start", first)
        setattr_(self, "_end", last)
        setattr_(self, "_unknown_start", start is UNKNOWN)
        setattr_(self, "_unknown_end", end is UNKNOWN)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def year(self) -> int | None:
        """The year of the start, or ``None`` when the start is open or unknown.

        There is then no year to give: :meth:`lower` is ``date.min``, a bound
        and not a year of the data, and the end's year is not the start's.

        >>> parse("1953-09-03/1954").year, parse("../1953").year, parse("/1953").year
        (1953, None, None)
        """
        return self._start.year if self._start is not None else None

    @property
    def start(self) -> SingleDate | None:
        """The first date, or None when the start is open or unknown."""
        return self._start

    @property
    def end(self) -> SingleDate | None:
        """The last date, or None when the end is open or unknown."""
        return self._end

    @property
    def unknown_start(self) -> bool:
        """True when the start is unknown (an empty side), not open (``..``).

        >>> parse("/1985").unknown_start, parse("../1985").unknown_start
        (True, False)
        """
        return self._unknown_start

    @property
    def unknown_end(self) -> bool:
        """True when the end is unknown (an empty side), not open (``..``).

        >>> parse("1985/").unknown_end, parse("1985/..").unknown_end
        (True, False)
        """
        return self._unknown_end

    @property
    def precision(self) -> Precision:
        """The coarser precision of the known ends."""
        ends = [d.precision for d in (self._start, self._end) if d is not None]
        return min(ends)

    def lower(self) -> _dt.date:
        """The earliest day the interval can begin (``date.min`` when open or unknown).

        >>> parse("1953-09/1953-10").lower(), parse("../1953").lower(), parse("/1953").lower()
        (datetime.date(1953, 9, 1), datetime.date(1, 1, 1), datetime.date(1, 1, 1))
        """
        return self._start.lower() if self._start is not None else _dt.date.min

    def upper(self) -> _dt.date:
        """The latest day the interval can end (``date.max`` when open or unknown).

        >>> parse("1953-09/1953-10").upper(), parse("1953/").upper()
        (datetime.date(1953, 10, 31), datetime.date(9999, 12, 31))
        """
        return self._end.upper() if self._end is not None else _dt.date.max

    def contains(self, date: EDTF) -> bool:
        """Whether ``date`` falls wholly within this interval's bounds.

        An unknown end bounds nothing, as an open one, so a date after the
        known start of ``1953/`` is counted as within it: it can be.

        >>> plenum = parse("1953-09-03/1953-09-07")
        >>> plenum.contains(parse("1953-09-07")), plenum.contains(parse("1953-09-13"))
        (True, False)
        """
        return self.lower() <= date.lower() and date.upper() <= self.upper()

    def text(self) -> str:
        """The interval in English prose: :func:`sovietdata.text.date`.

        >>> parse("1962-10-16/1962-10-28").text()
        '16–28 October 1962'
        >>> parse("1957-06-18/1957-06-21?").text()
        '18–21 June 1957 (end uncertain)'
        >>> parse("1953-09-07/..").text()
        'from 7 September 1953'
        """
        return super().text()

    def __str__(self) -> str:
        start = self._side(self._start, self._unknown_start)
        return f"{start}/{self._side(self._end, self._unknown_end)}"

    @staticmethod
    def _side(date: SingleDate | None, unknown: bool) -> str:
        if date is not None:
            return str(date)
        return "" if unknown else ".."

    def _key(self) -> tuple[SingleDate | None, SingleDate | None, bool, bool]:
        return (self._start, self._end, self._unknown_start, self._unknown_end)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interval) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def _single(text: str) -> SingleDate:
    m = _DATE.fullmatch(text)
    if m is None:
        raise EDTFError(f"{text!r} is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(m["year"])
    if year == 0:
        raise EDTFError(f"{text!r} is not a date of the years 0001-9999")
    q = m["q"]
    try:
        return SingleDate(
            year,
            int(m["month"]) if m["month"] else None,
            int(m["day"]) if m["day"] else None,
            uncertain=q in ("?", "%"),
            approximate=q in ("~", "%"),
        )
    except EDTFError as error:
        raise EDTFError(f"{text!r} is not a date: {error}") from None


def _side(text: str) -> SingleDate | Unknown | None:
    if text == "..":
        return None
    if not text:
        return UNKNOWN
    return _single(text)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> EDTF:
    kind = "interval" if "/" in text else "date"
    if any(c.isdecimal() and c not in _ASCII_DIGITS for c in text):
        raise EDTFError(f"{text!r} is not an EDTF {kind}: write its digits as 0-9")
    if kind == "date":
        return _single(text)
    left, _, right = text.partition("/")
    try:
        return Interval(_side(left), _side(right))
    except EDTFError as error:
        raise EDTFError(f"{text!r} is not an EDTF interval: {error}") from None


def parse(text: str) -> EDTF:
    """Parse an EDTF date or interval.

    Raises :class:`EDTFError` for anything outside the supported subset (see
    the module's docstring), and for impossible dates such as 30 February; the
    message quotes the whole input:

    >>> parse("1953-02-30")
    Traceback (most recent call last):
    ...
    sovietdata.edtf.EDTFError: '1953-02-30' is not a date: day 30 does not exist in February 1953
    >>> parse("1953-09-07/1953-09-31")
    Traceback (most recent call last):
    ...
    sovietdata.edtf.EDTFError: '1953-09-07/1953-09-31' is not an EDTF interval: '1953-09-31' ...
    """
    if not isinstance(text, str):
        raise EDTFError(f"expected an EDTF string, got {type(text).__name__} {reprlib.repr(text)}")
    # Values are immutable, so one parsed value can serve every record that repeats it.
    return _parse(text)


def parse_single(text: str) -> SingleDate:
    """Parse an EDTF date that must be a single date, not an interval.

    >>> from sovietdata.edtf import parse_single
    >>> parse_single("1953-09-07").text()
    '7 September 1953'
    """
    value = parse(text)
    if not isinstance(value, SingleDate):
        raise EDTFError(f"expected a single date, not the interval {text!r}")
    return value
