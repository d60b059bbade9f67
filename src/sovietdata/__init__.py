"""Typed, sourced data on how Nikita Khrushchev became First Secretary of the CPSU.

>>> import sovietdata
>>> e = sovietdata.election()
>>> e.date.text(), e.vote, sovietdata.lookup(e.proposed_by).name
('7 September 1953', 'unanimous', 'Georgy Malenkov')

The shipped dataset is read and validated on first use, then kept; a data file
of your own goes through the same checks with :func:`load`.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, TypeVar, overload

from sovietdata import _cache, _dataset, _loader
from sovietdata._dataset import Dataset
from sovietdata.edtf import EDTF, Interval, Precision, SingleDate
from sovietdata.errors import DataError, Problem
from sovietdata.models import (
    Body,
    BodyKind,
    Check,
    Citation,
    Claim,
    Correction,
    Dispute,
    Election,
    Event,
    EventKind,
    Fact,
    Finding,
    Grade,
    Office,
    Person,
    Rank,
    Record,
    Source,
    SourceKind,
    Tenure,
    Value,
    Verdict,
)

__version__ = "1.1.0"

__all__ = [
    "EDTF",
    "FLAGSHIP",
    "SHIPPED_DATA",
    "Body",
    "BodyKind",
    "Check",
    "Citation",
    "Claim",
    "Correction",
    "DataError",
    "Dataset",
    "Dispute",
    "Election",
    "Event",
    "EventKind",
    "Fact",
    "Finding",
    "Grade",
    "Interval",
    "Office",
    "Person",
    "Precision",
    "Problem",
    "Rank",
    "Record",
    "SingleDate",
    "Source",
    "SourceKind",
    "Tenure",
    "Value",
    "Verdict",
    "__version__",
    "claims",
    "dataset",
    "election",
    "get",
    "load",
    "lookup",
    "search",
    "timeline",
    "validate",
]


#: Id of the flagship record: the Central Committee electing Khrushchev First Secretary.
FLAGSHIP = _dataset.FLAGSHIP

if TYPE_CHECKING:
    from pathlib import Path

#: The folder of the shipped data files (a :class:`pathlib.Path`). Load files of your own
#: beside it, so that they can refer to its records and add to them:
#: ``sovietdata.load(sovietdata.SHIPPED_DATA, "mine.toml")``.
SHIPPED_DATA: Path

if not TYPE_CHECKING:  # pragma: no branch  (type checkers see SHIPPED_DATA, not a catch-all)

    def __getattr__(name: str) -> object:
        """Make :data:`SHIPPED_DATA` on first use, so that ``import sovietdata`` needs no pathlib.

        >>> sovietdata.SHIPPED_DATA.name, (sovietdata.SHIPPED_DATA / "people.toml").is_file()
        ('data', True)
        >>> beside = sovietdata.load(sovietdata.SHIPPED_DATA)
        >>> len(beside) == len(sovietdata.dataset())
        True
        """
        if name == "SHIPPED_DATA":
            from pathlib import Path  # noqa: PLC0415  (kept out of the import)

            globals()[name] = shipped = Path(_loader.SHIPPED_FOLDER)
            return shipped
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


R = TypeVar("R", bound=Record)

_PathLike = str | os.PathLike[str]


def _check_paths(function: str, paths: tuple[object, ...]) -> None:
    for path in paths:
        if not isinstance(path, str | os.PathLike):
            raise TypeError(
                f"{function}() takes paths as files or folders (a str or a pathlib.Path), "
                f"not {_dataset.described(path)}"
            )


def validate(*paths: _PathLike) -> tuple[Problem, ...]:
    r"""Check data files without loading them: every problem found, or ``()``.

    A directory stands for the ``*.toml`` and ``*.json`` files in it.
    A path that is neither a str nor a :class:`os.PathLike` raises :class:`TypeError`.

    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
    >>> _ = bad.write_text('[[person]]\nid = "x"\nname = 5\n', encoding="utf-8")
    >>> for problem in sovietdata.validate(bad):
    ...     print(problem.record, problem.field, problem.message, sep=" | ")
    x | name | expected text that is not empty; got 5
    x | citations | required field is missing
    x | summary | required field is missing
    """
    _check_paths("validate", paths)
    problems, _ = _loader.read_paths(paths)
    return tuple(problems)


def load(*paths: _PathLike) -> Dataset:
    """Load and validate data files of your own, in the shipped format.

    Raises :class:`~sovietdata.errors.DataError`, naming each file, record and field at fault,
    and loads nothing, if anything is wrong; :class:`TypeError` if a path is
    neither a str nor a :class:`os.PathLike`.

    >>> import pathlib, tempfile
    >>> mine = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
    >>> _ = mine.write_text('''
    ... [[source]]
    ... id = "notes"
    ... kind = "book"
    ... grade = "scholarly"
    ... title = "My notes"
    ...
    ... [[person]]
    ... id = "khrushchev"
    ... name = "Nikita Khrushchev"
    ... name_ru = "Никита Хрущёв"
    ... born = "1894-04"
    ... summary = "A person in my notes."
    ... [[person.citations]]
    ... source = "notes"
    ... page = "12"
    ... ''', encoding="utf-8")
    >>> sovietdata.load(mine).lookup("khrushchev", sovietdata.Person).born.text()
    'April 1894'
    """
    _check_paths("load", paths)
    problems, records = _loader.read_paths(paths)
    return Dataset(_loader.build(problems, records))


@functools.cache
def dataset() -> Dataset:
    """The shipped dataset, read and validated on first call and kept after.

    Later processes take it from a cache keyed by the data files' contents,
    in ``$XDG_CACHE_HOME/sovietdata`` (or ``$SOVIETDATA_CACHE_DIR``; set that to
    an empty string to turn the cache off); the records are the same either way.

    >>> sovietdata.dataset() is sovietdata.dataset()
    True
    """
    # The data ship as plain files beside this module. Plain os.path keeps
    # importlib.resources and pathlib out of the import, halving its time.
    folder = os.path.join(os.path.dirname(__file__), "data")
    return Dataset(_cache.load_shipped(folder, __version__))


@overload
def get(record_id: str) -> Record | None: ...
@overload
def get(record_id: str, kind: type[R]) -> R | None: ...
def get(record_id: str, kind: type[Record] = Record) -> Record | None:
    """A record of the shipped dataset by id, or None (see :meth:`~sovietdata.Dataset.get`).

    Raises:
        TypeError: ``record_id`` is not a str, or ``kind`` is not a record type.

    >>> sovietdata.get("beria", sovietdata.Person).died.text()
    '23 December 1953'

    """
    return dataset().get(record_id, kind)


@overload
def lookup(record_id: str) -> Record: ...
@overload
def lookup(record_id: str, kind: type[R]) -> R: ...
def lookup(record_id: str, kind: type[Record] = Record) -> Record:
    """A record of the shipped dataset by id (see :meth:`~sovietdata.Dataset.lookup`).

    Raises:
        LookupError: no record has this id (the message suggests ids), or it is not a ``kind``.
        TypeError: ``record_id`` is not a str, or ``kind`` is not a record type.

    >>> sovietdata.lookup("stalin", sovietdata.Person).died.text()
    '5 March 1953'
    >>> sovietdata.lookup("Nikita Khrushchev")
    Traceback (most recent call last):
    ...
    LookupError: no record with id 'Nikita Khrushchev'; did you mean 'khrushchev'?
    >>> sovietdata.lookup(None)
    Traceback (most recent call last):
    ...
    TypeError: lookup() takes record_id as an id (a str such as 'khrushchev'), not None

    """
    return dataset().lookup(record_id, kind)


def timeline(
    *, start: int | None = None, end: int | None = None, person: str | Person | None = None
) -> tuple[Event | Election, ...]:
    """The shipped events and elections in date order (see :meth:`~sovietdata.Dataset.timeline`).

    ``start`` and ``end`` are years; ``person`` is an id or a :class:`~sovietdata.models.Person`.

    Raises:
        TypeError: ``start`` or ``end`` is not a year, or ``person`` is neither an id nor a Person.
        ValueError: ``start`` is after ``end``.
        LookupError: no person has this id.

    >>> [r.id for r in sovietdata.timeline(start=1955, end=1955)]
    ['cc-plenum-1955-01', 'malenkov-resigns-premiership']
    >>> [r.id for r in sovietdata.timeline(start=1964, end=1964, person="brezhnev")]
    ['khrushchev-ouster', 'brezhnev-elected-first-secretary']
    >>> sovietdata.timeline(start="1953")
    Traceback (most recent call last):
    ...
    TypeError: timeline() takes start as a year (an int such as 1953) or None, not the str '1953'

    """
    return dataset().timeline(start=start, end=end, person=person)


def search(text: str) -> tuple[Record, ...]:
    """Records of the shipped dataset whose id, name, title or Russian name matches ``text``.

    Case and accents do not count, and ``ё`` is ``е``; the best matches come
    first (see :meth:`~sovietdata.Dataset.search`).

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: ``text`` is empty or blank.

    >>> [r.id for r in sovietdata.search("хрущёв")][:1]
    ['khrushchev']
    >>> [r.id for r in sovietdata.search("malenkov")][:2]
    ['malenkov', 'malenkov-leaves-secretariat']

    """
    return dataset().search(text)


def claims() -> tuple[Claim, ...]:
    """The source article's claims, in article order, each with its verdict.

    >>> c = sovietdata.claims()[0]
    >>> c.verdict, c.verdict.label
    (<Verdict.INCORRECT: 'incorrect'>, 'Incorrect')
    """
    return dataset().claims


def election() -> Election:
    """The flagship record: the Central Committee electing Khrushchev First Secretary.

    >>> e = sovietdata.election()
    >>> str(e.date), sovietdata.lookup(e.body).name
    ('1953-09-07', 'Plenum of the Central Committee')
    """
    return dataset().lookup(FLAGSHIP, Election)
