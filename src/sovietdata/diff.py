r"""What changed between two versions of the data: per record and field.

The comparison reads the data files as they are written, without validating
them against today's record types, so the data of an older release (which
the current loader may refuse) can be compared with today's. Records are
matched by id; citations by their source and what they point at; the values
of a dispute by the value.

>>> import pathlib, tempfile
>>> from sovietdata import diff
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "old.toml").write_text('[[person]]\nid = "x"\nname = "A"\n', encoding="utf-8")
>>> _ = (folder / "new.toml").write_text('[[person]]\nid = "x"\nname = "B"\n', encoding="utf-8")
>>> for change in diff.compare(folder / "old.toml", folder / "new.toml"):
...     print(change.section, change.record, change.field, change.change, change.old, change.new)
person x name changed A B

Release numbers follow the data, as in the Data Package version recipe:
:func:`bump` says which part of the version a set of changes calls for.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import msgspec

from sovietdata import _loader
from sovietdata.errors import DataError, Problem

__all__ = ["Bump", "Change", "ChangeKind", "bump", "compare", "read", "render_json", "render_text"]

_PathLike = str | os.PathLike[str]
#: Raw records of a data version: section -> record id -> the record as parsed.
Records = Mapping[str, Mapping[str, Mapping[str, Any]]]

#: Fields whose items are compared one by one rather than as a whole.
_CITATION_FIELDS = ("citations", "evidence")


class ChangeKind(enum.StrEnum):
    """Whether something was added, removed or changed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Change(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One difference between two versions of the data.

    ``field`` is None when a whole record was added or removed; otherwise it is
    the path of the field (``summary``, ``values[1953-09-13].rank``,
    ``citations[rgani-2021 "…"]``). ``old`` and ``new`` hold the values as
    written in the files (None on the side where there is nothing).
    """

    #: Section of the data file (``event``, ``person``, ...).
    section: str
    #: Id of the record.
    record: str
    #: Path of the field, or None for the whole record.
    field: str | None = None
    #: Added, removed or changed.
    change: ChangeKind
    #: The value before.
    old: Any = None
    #: The value after.
    new: Any = None

    @property
    def top_field(self) -> str | None:
        """The record's top-level field the change is in (``values`` for ``values[x].rank``).

        >>> from sovietdata import diff
        >>> changed = diff.ChangeKind.CHANGED
        >>> c = diff.Change(section="d", record="x", field="values[1].rank", change=changed)
        >>> c.top_field
        'values'
        """
        if self.field is None:
            return None
        return self.field.split("[", 1)[0].split(".", 1)[0]


class Bump(enum.IntEnum):
    """The part of the version a set of changes calls for (Data Package version recipe)."""

    NONE = 0
    #: Corrections of values: a patch.
    PATCH = 1
    #: New records: a minor version.
    MINOR = 2
    #: A changed field or record type: a major version.
    MAJOR = 3


def read(*paths: _PathLike) -> dict[str, dict[str, dict[str, Any]]]:
    """The records of data files or folders, as parsed, without validation.

    Raises:
        DataError: a file cannot be read or parsed, a section is not an array of
            tables, or a record has no string id; nothing is returned then.

    """
    problems, documents = _loader.read_documents(paths)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for file, document in documents:
        for section, entries in document.items():
            if not isinstance(entries, list):
                problems.append(Problem(file, None, section, "expected an array of tables"))
                continue
            for index, raw in enumerate(entries):
                record_id = raw.get("id") if isinstance(raw, dict) else None
                if not isinstance(record_id, str):
                    problems.append(
                        Problem(file, f"{section}[{index}]", "id", "a record needs an id")
                    )
                    continue
                out.setdefault(section, {})[record_id] = raw
    if problems:
        raise DataError(problems)
    return out


def _citation_key(citation: Mapping[str, Any]) -> str:
    where = next(
        (str(citation[k]) for k in ("quote", "locator", "page", "url") if citation.get(k)), ""
    )
    if len(where) > 48:
        where = where[:47] + "…"
    return f"{citation.get('source', '?')} {json.dumps(where, ensure_ascii=False)}"


def _by_key(items: Iterable[Any], key: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if isinstance(item, dict):
            k = key(item)
            while k in out:  # the same citation twice: keep both
                k += "+"
            out[k] = item
    return out


def _compare_items(  # noqa: PLR0917  (one call site per kind of list)
    section: str, record: str, field: str, old: Any, new: Any, key: Any
) -> Iterator[Change]:
    before = _by_key(old if isinstance(old, list) else [], key)
    after = _by_key(new if isinstance(new, list) else [], key)
    for k, item in before.items():
        path = f"{field}[{k}]"
        if k not in after:
            yield Change(
                section=section, record=record, field=path, change=ChangeKind.REMOVED, old=item
            )
        elif field == "values":
            yield from _compare_fields(section, record, item, after[k], prefix=path + ".")
        elif item != after[k]:
            yield Change(
                section=section,
                record=record,
                field=path,
                change=ChangeKind.CHANGED,
                old=item,
                new=after[k],
            )
    for k, item in after.items():
        if k not in before:
            yield Change(
                section=section,
                record=record,
                field=f"{field}[{k}]",
                change=ChangeKind.ADDED,
                new=item,
            )


def _compare_fields(
    section: str, record: str, old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = ""
) -> Iterator[Change]:
    for name in dict.fromkeys([*old, *new]):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        path = prefix + name
        if name in _CITATION_FIELDS:
            yield from _compare_items(section, record, path, before, after, _citation_key)
        elif name == "values" and not prefix:
            yield from _compare_items(
                section, record, "values", before, after, lambda v: str(v.get("value"))
            )
        elif before is None:
            yield Change(
                section=section, record=record, field=path, change=ChangeKind.ADDED, new=after
            )
        elif after is None:
            yield Change(
                section=section, record=record, field=path, change=ChangeKind.REMOVED, old=before
            )
        else:
            yield Change(
                section=section,
                record=record,
                field=path,
                change=ChangeKind.CHANGED,
                old=before,
                new=after,
            )


def compare(
    old: _PathLike | Sequence[_PathLike], new: _PathLike | Sequence[_PathLike]
) -> tuple[Change, ...]:
    """Every difference between two versions of the data, record by record.

    ``old`` and ``new`` are each a data file or folder, or a list of them.
    Records come in section order, then by id; removed records before changed
    ones before added ones within a section.

    Raises:
        DataError: either side cannot be read or parsed.

    """
    before = read(*([old] if isinstance(old, str | os.PathLike) else old))
    after = read(*([new] if isinstance(new, str | os.PathLike) else new))
    return compare_records(before, after)


def compare_records(before: Records, after: Records) -> tuple[Change, ...]:
    """:func:`compare` on records already read with :func:`read`."""
    changes: list[Change] = []
    order = list(_loader.SECTIONS)
    sections = sorted(
        set(before) | set(after), key=lambda s: (order.index(s) if s in order else len(order), s)
    )
    for section in sections:
        old = before.get(section, {})
        new = after.get(section, {})
        for record_id in sorted(old.keys() - new.keys()):
            changes.append(
                Change(
                    section=section, record=record_id, change=ChangeKind.REMOVED, old=old[record_id]
                )
            )
        for record_id in sorted(old.keys() & new.keys()):
            changes.extend(_compare_fields(section, record_id, old[record_id], new[record_id]))
        for record_id in sorted(new.keys() - old.keys()):
            changes.append(
                Change(
                    section=section, record=record_id, change=ChangeKind.ADDED, new=new[record_id]
                )
            )
    return tuple(changes)


def bump(changes: Iterable[Change], *, schema_changed: bool = False) -> Bump:
    """The part of the version these changes call for.

    A changed field or record type (``schema_changed``) is a major version,
    new records a minor one, any other change (a corrected value, a citation) a patch.

    >>> from sovietdata import diff
    >>> diff.bump([diff.Change(section="event", record="e", change=diff.ChangeKind.ADDED)])
    <Bump.MINOR: 2>
    """
    level = Bump.MAJOR if schema_changed else Bump.NONE
    for change in changes:
        if change.field is None and change.change is ChangeKind.ADDED:
            level = max(level, Bump.MINOR)
        else:
            level = max(level, Bump.PATCH)
    return level


def _short(value: Any, width: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(changes: Sequence[Change]) -> str:
    """The changes as text: a line per record, and under it a line per field.

    ``+`` marks what was added, ``-`` what was removed, ``~`` what changed.
    """
    marks = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.CHANGED: "~"}
    lines: list[str] = []
    current: tuple[str, str] | None = None
    for change in changes:
        if change.field is None:
            lines.append(
                f"{marks[change.change]} {change.section} {change.record} ({change.change})"
            )
            current = None
            continue
        if current != (change.section, change.record):
            lines.append(f"~ {change.section} {change.record}")
            current = (change.section, change.record)
        lines.append(f"    {marks[change.change]} {change.field}")
        if change.old is not None:
            lines.append(f"        - {_short(change.old)}")
        if change.new is not None:
            lines.append(f"        + {_short(change.new)}")
    records = len({(c.section, c.record) for c in changes})
    plural = "s" if len(changes) != 1 else ""
    lines.append(f"{len(changes)} change{plural} in {records} record{'s' if records != 1 else ''}")
    return "\n".join(lines) + "\n"


def render_json(changes: Sequence[Change]) -> str:
    """The changes as a JSON array of objects (section, record, field, change, old, new)."""
    return (
        json.dumps(
            [msgspec.to_builtins(c, enc_hook=str) for c in changes],
            ensure_ascii=False,
            indent=2,
            default=str,
        )
        + "\n"
    )
