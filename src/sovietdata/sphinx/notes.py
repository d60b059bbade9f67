"""Citations and notes: the ``{cite}`` role, the list of a page's sources, links to entries.

A ``{cite}`` makes a numbered note (a sidenote in sphinx-book-theme) listing the sources a
record cites, each with its grade on the reliability scale, a mark where a quotation was not
found again, and links to the record's published corrections. The notes are collected while
a page is read and put at its end; the links to bibliography and who's who entries are
resolved before the theme moves the notes into the margin.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

import sovietdata
from sovietdata import Citation, Finding, Record, Source
from sovietdata._loader import citations_in
from sovietdata.sphinx.data import dataset
from sovietdata.sphinx.markup import entry_ref, para, source_ref
from sovietdata.text import source_label

__all__ = [
    "CiteRole",
    "PageSources",
    "ResolveDataLinks",
    "all_citations",
    "append_notes",
    "citation_nodes",
    "cited_sources",
    "correction_links",
    "grade_label",
    "not_found",
    "setup",
    "sources_here",
    "where",
]

logger = logging.getLogger(__name__)


def grade_label(ds: sovietdata.Dataset, source: Source) -> nodes.inline:
    """The source's grade on the reliability scale, as a short label after its name."""
    grade = ds.grade_of(source)
    return nodes.inline(
        "", f" ({grade.name.lower()})", classes=["sd-grade", f"sd-grade-{grade.id}"]
    )


def not_found(citation: Citation) -> list[Node]:
    """A warning that the quotation was not found again, when its check says so."""
    check = citation.check
    if check is None or check.found is not Finding.NOT_FOUND:
        return []
    what = "quotation" if citation.quote else "passage"
    text = f"{what} not found again in any copy available (checked {check.date.text()})"
    return [nodes.Text(" "), nodes.inline("", f"[{text}]", classes=["sd-not-found"])]


def correction_links(ds: sovietdata.Dataset, docname: str, record: Record) -> list[Node]:
    """``Corrected: <date>`` links to the published corrections of a record, if it has any."""
    out: list[Node] = []
    for i, correction in enumerate(ds.corrections_of(record.id)):
        out.append(nodes.Text(" Corrected: " if not i else ", "))
        label = f"{correction.field or 'record'}, {correction.date.text()}"
        out.append(entry_ref(docname, f"correction-{correction.id}", label))
    if out:
        out.append(nodes.Text("."))
    return out


def where(citation: Citation) -> str:
    """Where in the source a citation points: its locator and page, as text."""
    return ", ".join(x for x in (citation.locator, citation.page and f"p. {citation.page}") if x)


def citation_nodes(
    ds: sovietdata.Dataset, docname: str, citation: Citation, *, quotes: bool
) -> list[Node]:
    """One citation: the linked source label, where in it, and optionally the quotation."""
    source = ds.lookup(citation.source, Source)
    out: list[Node] = [source_ref(docname, source), grade_label(ds, source)]
    place = where(citation)
    if place:
        out.append(nodes.Text(f", {place}"))
    if citation.url and citation.url != source.url:
        out += [nodes.Text(" ("), nodes.reference("", "page", refuri=citation.url), nodes.Text(")")]
    if quotes and citation.quote:
        lang = citation.quote_language or source.language
        quote = nodes.inline(
            citation.quote, f"“{citation.quote}”", classes=["sd-quote", f"language-{lang}"]
        )
        out += [nodes.Text(": "), quote]
        if citation.translation:
            out.append(nodes.Text(f" (“{citation.translation}”)"))
    if quotes and citation.note:
        out += [nodes.Text(" "), nodes.emphasis(citation.note, citation.note)]
    out += not_found(citation)
    return out


def cited_sources(ds: sovietdata.Dataset, citations: Iterable[Citation]) -> list[Citation]:
    """The citations with each source once, keeping the first and its place."""
    seen: dict[str, Citation] = {}
    for c in citations:
        seen.setdefault(c.source, c)
    return list(seen.values())


def all_citations(record: Record) -> list[Citation]:
    """Every citation a record makes: its citations, a claim's evidence, a dispute's values'."""
    return [citation for _, citation in citations_in(record)]


class CiteRole(SphinxRole):
    """``{cite}`record-id```: a numbered sidenote with the record's sources."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Build the nodes from the book's dataset."""
        ds = dataset(self.env)
        record = ds.get(self.text.strip())
        if record is None:
            try:
                ds.lookup(self.text.strip())
            except LookupError as err:
                message = str(err.args[0] if err.args else err)
            msg = self.inliner.reporter.error(f"{{cite}}`{self.text}`: {message}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        document = self.inliner.document
        notes: list[nodes.footnote] = document.__dict__.setdefault("_sovietdata_notes", [])
        number = str(len(notes) + 1)
        ref_id, note_id = f"sd-ref-{number}", f"sd-note-{number}"
        content: list[Node] = []
        for i, citation in enumerate(cited_sources(ds, all_citations(record))):
            if i:
                content.append(nodes.Text("; "))
            content += citation_nodes(ds, self.env.docname, citation, quotes=False)
        content.append(nodes.Text("."))
        content += correction_links(ds, self.env.docname, record)
        note = nodes.footnote(
            "", nodes.label("", number), para(*content), ids=[note_id], backrefs=[ref_id]
        )
        notes.append(note)
        cited: dict[str, None] = document.__dict__.setdefault("_sovietdata_cited", {})
        for citation in all_citations(record):
            cited.setdefault(citation.source)
        ref = nodes.footnote_reference(f"[{number}]", number, ids=[ref_id], refid=note_id)
        return [ref], []


class sources_here(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Placeholder for the list of sources cited on a page, filled once the page is read."""


class PageSources(SphinxDirective):
    """The sources cited on this page through ``{cite}``, each once, linked to the bibliography."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        return [sources_here()]


def append_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Put the footnotes the ``{cite}`` role made at the end of the page and list its sources."""
    notes: list[nodes.footnote] = doctree.__dict__.pop("_sovietdata_notes", [])
    cited: dict[str, None] = doctree.__dict__.pop("_sovietdata_cited", {})
    ds = dataset(app.env)
    docname = app.env.docname
    for placeholder in list(doctree.findall(sources_here)):
        if not cited:
            logger.warning(
                "page-sources: this page cites nothing", location=placeholder, type="sovietdata"
            )
        items = nodes.bullet_list(classes=["sd-page-sources"])
        for source in sorted(
            (ds.lookup(i, Source) for i in cited), key=lambda s: source_label(s).lower()
        ):
            entry: list[Node | str] = [source_ref(docname, source)]
            if source.authors:  # otherwise the label is the title already
                entry.append(f": {source.title}")
            items += nodes.list_item("", para(*entry))
        placeholder.replace_self(items)
    for note in notes:
        doctree += note


class ResolveDataLinks(SphinxPostTransform):
    """Resolve the links to bibliography and who's who entries before the theme moves footnotes.

    sphinx-book-theme turns footnotes into sidenotes at priority 1 and, for notes inside
    containers, keeps nodes whose parent links are stale, so Sphinx's own resolver (priority
    10) would miss the links inside them. These links are plain anchors and are resolved here.

    A book need not have every generated page: where it has no page of a kind of entry at
    all (no ``bibliography``, say), names of that kind stay plain text. Where it has one, a
    missing entry is a warning, since the page should list every record.
    """

    default_priority = 0
    #: The application this transform works for, set by :func:`setup` (the builder makes URIs).
    sphinx_app: Sphinx

    def run(self, **kwargs: Any) -> None:
        """Turn each link to a generated entry into a reference, or plain text without one."""
        labels = self.env.domains.standard_domain.anonlabels
        kinds = {label.split("-", 1)[0] for label in labels}
        for node in list(self.document.findall(addnodes.pending_xref)):
            if not node.get("sovietdata"):
                continue
            target = node["reftarget"]
            if target not in labels:
                if target.split("-", 1)[0] in kinds:
                    logger.warning(
                        "no entry %r to link to", target, location=node, type="sovietdata"
                    )
                node.replace_self(node.children)
                continue
            docname, anchor = labels[target]
            uri = self.sphinx_app.builder.get_relative_uri(node["refdoc"], docname) + "#" + anchor
            node.replace_self(nodes.reference("", "", *node.children, refuri=uri, internal=True))


def setup(app: Sphinx) -> None:
    """Register the ``{cite}`` role, the ``page-sources`` directive and the link resolver."""
    app.add_role("cite", CiteRole())
    app.add_directive("page-sources", PageSources)
    app.add_node(sources_here)
    app.connect("doctree-read", append_notes)
    app.add_post_transform(type("ResolveDataLinks", (ResolveDataLinks,), {"sphinx_app": app}))
