"""The errors that loading raises: every problem names the file, the record and the field."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

__all__ = ["DataError", "Problem"]


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong with a data file.

    >>> from sovietdata.errors import Problem
    >>> print(Problem("people.toml", "khrushchev", "born", "day 31 does not exist in April 1894"))
    people.toml: record 'khrushchev', field 'born': day 31 does not exist in April 1894
    """

    #: The file at fault.
    file: str
    #: Id of the record at fault (or its position, such as ``person[3]``), if any.
    record: str | None
    #: The field at fault, as a path such as ``citations[0].source``, if any.
    field: str | None
    #: What is wrong.
    message: str

    def __str__(self) -> str:
        where = []
        if self.record is not None:
            where.append(f"record {self.record!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        place = f"{self.file}: {', '.join(where)}" if where else self.file
        return f"{place}: {self.message}"


class DataError(ValueError):
    r"""Data that cannot be loaded; nothing from it is kept.

    :attr:`problems` lists every problem found, in the order of the files and
    of the records in them; the message shows them all, the first one on the
    first line. Each problem says what was expected, in words, and what was
    found, with the name you may have meant for a mistyped field, section or id.

    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.toml"
    >>> _ = bad.write_text('''
    ... [[source]]
    ... id = "x"
    ... kind = "book"
    ... grade = "scholarly"
    ... title = "T"
    ... publshed = "1999"
    ... url = "example.org"
    ... ''', encoding="utf-8")
    >>> try:
    ...     sovietdata.load(bad)
    ... except sovietdata.DataError as error:
    ...     for problem in error.problems:
    ...         print(f"{problem.record}, {problem.field}: {problem.message}")
    x, publshed: unknown field; did you mean 'published'?
    x, url: expected a web address starting with http:// or https://; got 'example.org'
    """

    #: Every problem found, in the order of the files and of the records in them.
    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = tuple(problems)
        first = str(self.problems[0])
        if len(self.problems) == 1:
            message = first
        else:
            more = len(self.problems) - 1
            rest = "\n".join(f"  {p}" for p in self.problems[1:])
            message = f"{first}\n({more} more problem{'s' if more > 1 else ''})\n{rest}"
        super().__init__(message)
