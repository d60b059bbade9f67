"""The errors that loading raises: every problem names the file, the record and the field."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DataError", "Problem"]


class Problem:
    """One thing wrong with a data file.

    >>> print(Problem("people.toml", "khrushchev", "born", "day 31 does not exist in April 1894"))
    people.toml: record 'khrushchev', field 'born': day 31 does not exist in April 1894
    """

    __slots__ = ("field", "file", "message", "record")

    file: str
    record: str | None
    field: str | None
    message: str

    def __init__(self, file: str, record: str | None, field: str | None, message: str) -> None:
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "record", record)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "message", message)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __str__(self) -> str:
        where = []
        if self.record is not None:
            where.append(f"record {self.record!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        place = f"{self.file}: {', '.join(where)}" if where else self.file
        return f"{place}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.file!r}, {self.record!r}, {self.field!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (
            (self.file, self.record, self.field, self.message)
            == (other.file, other.record, other.field, other.message)
        )

    def __hash__(self) -> int:
        return hash((self.file, self.record, self.field, self.message))


class DataError(ValueError):
    """Data that cannot be loaded; nothing from it is kept.

    :attr:`problems` lists every problem found; the message shows them all,
    the first one on the first line.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = tuple(problems)
        first = str(self.problems[0])
        if len(self.problems) == 1:
            message = first
        else:
            rest = "\n".join(f"  {p}" for p in self.problems[1:])
            message = f"{first}\n({len(self.problems) - 1} more problems)\n{rest}"
        super().__init__(message)
