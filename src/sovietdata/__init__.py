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
from typing import TypeVar, overload

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

__version__ = "1.0.0"

__all__ = [
    "EDTF",
    "FLAGSHIP",
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
    "timeline",
    "validate",
]


#: Id of the flagship record: the Central Committee electing Khrushchev First Secretary.
FLAGSHIP = _dataset.FLAGSHIP

R = TypeVar("R", bound=Record)

_PathLike = str | os.PathLike[str]


def validate(*paths: _PathLike) -> tuple[Problem, ...]:
    r"""Check data files without loading them: every problem found, or ``()``.

    A directory stands for the ``*.toml`` and ``*.json`` files in it.

    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
    >>> _ = bad.write_text('[[person]]\nid = "x"\nname = 5\n', encoding="utf-8")
    >>> for problem in sovietdata.validate(bad):
    ...     print(problem.record, problem.field, problem.message)
    x name Expected `str`, got `int`
    """
    problems, _ = _loader.read_paths(paths)
    return tuple(problems)


def load(*paths: _PathLike) -> Dataset:
    """Load and validate data files of your own, in the shipped format.

    Raises :class:`~sovietdata.errors.DataError`, naming each file, record and field at fault,
    and loads nothing, if anything is wrong.

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

    >>> sovietdata.get("beria", sovietdata.Person).died
    SingleDate('1953-12-23')
    """
    return dataset().get(record_id, kind)


@overload
def lookup(record_id: str) -> Record: ...
@overload
def lookup(record_id: str, kind: type[R]) -> R: ...
def lookup(record_id: str, kind: type[Record] = Record) -> Record:
    """A record of the shipped dataset by id; :class:`LookupError` with a hint if none.

    >>> sovietdata.lookup("stalin", sovietdata.Person).died.text()
    '5 March 1953'
    """
    return dataset().lookup(record_id, kind)


def timeline(
    *, start: int | None = None, end: int | None = None, person: str | None = None
) -> tuple[Event, ...]:
    """The shipped events in date order (see :meth:`~sovietdata.Dataset.timeline`).

    >>> [e.id for e in sovietdata.timeline(start=1955, end=1955)]
    ['cc-plenum-1955-01', 'malenkov-resigns-premiership']
    """
    return dataset().timeline(start=start, end=end, person=person)


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
