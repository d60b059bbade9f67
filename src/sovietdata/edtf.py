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
``1953-09-03/1953-09-07``       an interval; ``..`` leaves an end open
==============================  =========================================

This module parses exactly that subset (EDTF levels 0 and 1 without seasons,
unspecified digits or times) with no dependency, so that importing
:mod:`sovietdata` stays cheap; the test suite checks it against the reference
implementation, the ``edtf`` package.

>>> from sovietdata.edtf import parse
>>> d = parse("1953-09")
>>> d.precision, d.lower(), d.upper()
(<Precision.MONTH: 2>, datetime.date(1953, 9, 1), datetime.date(1953, 9, 30))
>>> parse("1953-09-03/1953-09-07").text()
'3–7 September 1953'
"""

from __future__ import annotations

import abc
import calendar
import datetime as _dt
import enum
import functools
import re

__all__ = ["EDTF", "EDTFError", "Interval", "Precision", "SingleDate", "parse", "parse_single"]

_MONTHS = (
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

_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[?~%])?")


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
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
    """

    __slots__ = ()

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

    @abc.abstractmethod
    def text(self) -> str:
        """The value in English prose, at its own precision.

        >>> parse("1953-09-07").text()
        '7 September 1953'
        """

    def sort_key(self) -> tuple[_dt.date, _dt.date]:
        """A key that orders values by their earliest, then their latest, day.

        >>> sorted(["1953-09-07", "1953", "1953-09"], key=lambda t: parse(t).sort_key())
        ['1953', '1953-09', '1953-09-07']
        """
        return (self.lower(), self.upper())

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
        if month is not None and not 1 <= month <= 12:
            raise EDTFError(f"month {month:02d} does not exist")
        if day is not None:
            assert month is not None  # checked above
            if not 1 <= day <= _days_in_month(year, month):
                raise EDTFError(f"day {day:02d} does not exist in {_MONTHS[month - 1]} {year}")
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
        """The year."""
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
        """The date in English prose, at its own precision.

        >>> parse("1953-09").text(), parse("1953~").text()
        ('September 1953', 'c. 1953')
        """
        parts = []
        if self._day is not None:
            parts.append(str(self._day))
        if self._month is not None:
            parts.append(_MONTHS[self._month - 1])
        parts.append(str(self._year))
        out = " ".join(parts)
        if self._approximate:
            out = "c. " + out
        if self._uncertain:
            out += " (uncertain)"
        return out

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

    def __repr__(self) -> str:
        return f"SingleDate('{self}')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SingleDate) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


class Interval(EDTF):
    """A span between two dates; either end may be open (``..``).

    >>> i = parse("1953-03-05/1953-03-14")
    >>> i.start.text(), i.end.text() if i.end else None
    ('5 March 1953', '14 March 1953')
    >>> i.contains(parse("1953-03-09"))
    True
    """

    __slots__ = ("_end", "_start")

    _start: SingleDate | None
    _end: SingleDate | None

    def __init__(self, start: SingleDate | None, end: SingleDate | None) -> None:
        if start is None and end is None:
            raise EDTFError("an interval needs at least one known end")
        if start is not None and end is not None and end.upper() < start.lower():
            raise EDTFError(f"interval ends ({end}) before it starts ({start})")
        object.__setattr__(self, "_start", start)
        object.__setattr__(self, "_end", end)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def start(self) -> SingleDate | None:
        """The first date, or None when the interval is open at the start."""
        return self._start

    @property
    def end(self) -> SingleDate | None:
        """The last date, or None when the interval is open at the end."""
        return self._end

    @property
    def precision(self) -> Precision:
        """The coarser precision of the two ends."""
        ends = [d.precision for d in (self._start, self._end) if d is not None]
        return min(ends)

    def lower(self) -> _dt.date:
        """The earliest day the interval can begin (``date.min`` when open).

        >>> parse("1953-09/1953-10").lower(), parse("../1953").lower()
        (datetime.date(1953, 9, 1), datetime.date(1, 1, 1))
        """
        return self._start.lower() if self._start is not None else _dt.date.min

    def upper(self) -> _dt.date:
        """The latest day the interval can end (``date.max`` when open).

        >>> parse("1953-09/1953-10").upper()
        datetime.date(1953, 10, 31)
        """
        return self._end.upper() if self._end is not None else _dt.date.max

    def contains(self, date: EDTF) -> bool:
        """Whether ``date`` falls wholly within this interval.

        >>> plenum = parse("1953-09-03/1953-09-07")
        >>> plenum.contains(parse("1953-09-07")), plenum.contains(parse("1953-09-13"))
        (True, False)
        """
        return self.lower() <= date.lower() and date.upper() <= self.upper()

    def text(self) -> str:
        """The interval in English prose, sharing month and year where they agree.

        >>> parse("1962-10-16/1962-10-28").text()
        '16–28 October 1962'
        >>> parse("1956-02-24/1956-02-25?").text()
        '24 February 1956 – 25 February 1956 (uncertain)'
        >>> parse("1953-09-07/..").text()
        'from 7 September 1953'
        """
        s, e = self._start, self._end
        if s is None:
            assert e is not None
            return f"until {e.text()}"
        if e is None:
            return f"from {s.text()}"
        plain = not (s.uncertain or s.approximate or e.uncertain or e.approximate)
        if plain and s.precision == e.precision == Precision.DAY:
            if (s.year, s.month) == (e.year, e.month):
                return f"{s.day}–{e.text()}"
            if s.year == e.year:
                return f"{s.day} {_MONTHS[(s.month or 1) - 1]} – {e.text()}"
        if plain and s.precision == e.precision == Precision.YEAR:
            return f"{s.year}–{e.year}"
        return f"{s.text()} – {e.text()}"

    def __str__(self) -> str:
        left = ".." if self._start is None else str(self._start)
        right = ".." if self._end is None else str(self._end)
        return f"{left}/{right}"

    def __repr__(self) -> str:
        return f"Interval('{self}')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interval) and (self._start, self._end) == (
            other._start,
            other._end,
        )

    def __hash__(self) -> int:
        return hash((self._start, self._end))


def _single(text: str) -> SingleDate:
    m = _DATE.fullmatch(text)
    if m is None:
        raise EDTFError(f"{text!r} is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    q = m["q"]
    return SingleDate(
        int(m["year"]),
        int(m["month"]) if m["month"] else None,
        int(m["day"]) if m["day"] else None,
        uncertain=q in ("?", "%"),
        approximate=q in ("~", "%"),
    )


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> EDTF:
    if "/" in text:
        left, _, right = text.partition("/")
        try:
            start = None if left == ".." else _single(left)
            end = None if right == ".." else _single(right)
        except EDTFError as error:
            raise EDTFError(f"{text!r} is not an EDTF interval: {error}") from None
        return Interval(start, end)
    return _single(text)


def parse(text: str) -> EDTF:
    """Parse an EDTF date or interval.

    Raises :class:`EDTFError` for anything outside the supported subset, and
    for impossible dates such as 30 February:

    >>> parse("1953-02-30")
    Traceback (most recent call last):
    ...
    sovietdata.edtf.EDTFError: day 30 does not exist in February 1953
    """
    if not isinstance(text, str):
        raise EDTFError(f"expected an EDTF string, got {type(text).__name__}")
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
