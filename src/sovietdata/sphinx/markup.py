"""Small builders of docutils nodes that the roles and directives share."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from docutils.nodes import Node
from sphinx import addnodes

from sovietdata import Person, Record, Source
from sovietdata.text import source_label

__all__ = [
    "badge",
    "entry_ref",
    "para",
    "person_ref",
    "record_anchor",
    "record_ref",
    "source_ref",
    "table",
]


def para(*children: Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of text and nodes, with optional classes."""
    return nodes.paragraph(
        "",
        "",
        *(nodes.Text(c) if isinstance(c, str) else c for c in children),
        classes=list(classes),
    )


def badge(text: str, kind: str) -> nodes.inline:
    """A small coloured label (a verdict or a rank)."""
    return nodes.inline(text, text, classes=["sd-badge", kind])


def record_anchor(record: Record) -> str:
    """The one stable anchor of a record's entry in the book: ``<kind>-<id>``.

    The kind is the record type in lower case (``person``, ``body``, ``office``, ``source``,
    ``event``, ``election``, ``tenure``, ``dispute``, ``claim``, ``correction``, ``grade``);
    an id that already starts with its kind (``dispute-election-date``) is not prefixed twice.
    """
    kind = type(record).__name__.lower()
    return record.id if record.id.startswith(f"{kind}-") else f"{kind}-{record.id}"


def entry_ref(docname: str, anchor: str, label: str) -> addnodes.pending_xref:
    """A link to an entry the book generates (``source-<id>``, ``person-<id>``), by its anchor."""
    return addnodes.pending_xref(
        "",
        nodes.inline(label, label),
        refdomain="std",
        reftype="ref",
        reftarget=anchor,
        refexplicit=True,
        refwarn=True,
        refdoc=docname,
        sovietdata=True,
    )


def record_ref(docname: str, record: Record, label: str) -> addnodes.pending_xref:
    """A link to a record's entry, wherever the book lists records of its kind."""
    return entry_ref(docname, record_anchor(record), label)


def source_ref(docname: str, source: Source) -> addnodes.pending_xref:
    """A link to a source's entry in the bibliography."""
    return entry_ref(docname, f"source-{source.id}", source_label(source))


def person_ref(docname: str, person: Person) -> addnodes.pending_xref:
    """A link to a person's entry in the who's who."""
    return entry_ref(docname, f"person-{person.id}", person.name)


def table(
    header: Sequence[str], rows: Sequence[Sequence[list[Node]]], classes: list[str]
) -> nodes.table:
    """A table with a header row, each cell a list of inline nodes."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for title in header:
        row += nodes.entry("", para(title))
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", para(*cell))
        body += row
    return table
