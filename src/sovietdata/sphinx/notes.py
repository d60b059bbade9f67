"""Citations, notes and cards: the ``{cite}`` role, the list of a page's sources, links to entries.

A ``{cite}`` makes a numbered note listing the sources a record cites (or the source it
names), each once by a label that tells it apart and with its grade on the reliability
scale. Read, the notes are footnotes at the end of the page, numbered after the page's own
footnotes, as every builder can write them.

The HTML builders write them otherwise (:class:`CardsForHTML`): a note in a paragraph of the
running text stands beside its sentence, in the margin; one in a table, heading, caption,
admonition or definition list is listed at the end of the page. Each note number and each
value of the data (``{fact}``, ``{who}``) opens a card with the full detail: the value and
its precision, the rival values where sources disagree, each source with its grade, place,
quotation and check, and a link to the record's entry. The cards are written into the page,
one per record and field, and shown by ``cards.js``; without it, a value links to its
record's entry (or its card) and a note number to its note.

A record's evidence (its sources, each with its quotation) is written once per page, however
many cards the record has: in a ``<template id="sd-ev-<record id>">`` at its end, or, where
a note on the record is listed at the end, in that note, which shows it; ``cards.js`` copies it
into each card as the page loads. A card shows the disputes about
its own field only (a card on a record, those about its name).

The EPUB builder keeps the footnotes (:class:`NotesForEPUB`): each number is an
``epub:type="noteref"`` link to an ``<aside epub:type="footnote">``, which e-readers open
where it is called; the e-book has no cards and no script.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

import sovietdata
from sovietdata import Citation, Dispute, Finding, Record, Source
from sovietdata._loader import citations_in
from sovietdata.edtf import EDTF
from sovietdata.sphinx.data import dataset
from sovietdata.sphinx.markup import para, record_anchor, record_ref
from sovietdata.text import display, dispute_value, precision, source_label

__all__ = [
    "STATIC",
    "CardsForHTML",
    "CiteRole",
    "NotesForEPUB",
    "PageSources",
    "ResolveDataLinks",
    "all_citations",
    "append_notes",
    "card_disputes",
    "card_nodes",
    "citation_nodes",
    "cited_sources",
    "correction_links",
    "evidence_nodes",
    "grade_label",
    "not_found",
    "note_nodes",
    "setup",
    "sources_here",
    "where",
    "xhtml",
]

logger = logging.getLogger(__name__)

#: The folder of ``cards.js`` and ``cards.css``, added to every HTML page (the extension's
#: ``setup`` puts the folder on the static path).
STATIC = Path(__file__).parent / "static"
#: How many sources a note names, beside the text or at the end of the page; its card lists
#: them all.
NOTE_SOURCES = 2


def grade_label(ds: sovietdata.Dataset, source: Source) -> nodes.inline:
    """The source's grade on the reliability scale, as a short label after its name."""
    grade = ds.grade_of(source)
    return nodes.inline("", f" ({grade.name.lower()})", classes=["sd-grade"])


def source_link(ds: sovietdata.Dataset, docname: str, source: Source) -> addnodes.pending_xref:
    """A link to a source's bibliography entry, by the label that tells it apart from the rest."""
    return record_ref(docname, source, source_label(source, ds))


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
        out.append(record_ref(docname, correction, label))
    if out:
        out.append(nodes.Text("."))
    return out


def where(citation: Citation) -> str:
    """Where in the source a citation points: its locator and page, as text."""
    return ", ".join(x for x in (citation.locator, citation.page and f"p. {citation.page}") if x)


def citation_nodes(
    ds: sovietdata.Dataset, docname: str, citation: Citation, *, quotes: bool, dated: bool = True
) -> list[Node]:
    """One citation: the linked source label, where in it, optionally quotation and check.

    With ``dated`` false the check says what it found but not when (a list of citations all
    checked on one day says the day once).
    """
    source = ds.lookup(citation.source, Source)
    out: list[Node] = [source_link(ds, docname, source), grade_label(ds, source)]
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
    if quotes and citation.check is not None and citation.check.found is not Finding.NOT_FOUND:
        check = citation.check
        found = check.found.label
        said = f"Checked {check.date.text()}: {found}" if dated else found[:1].upper() + found[1:]
        out.append(nodes.Text(f" {said}."))
    out += not_found(citation)
    return out


def cited_sources(ds: sovietdata.Dataset, citations: Iterable[Citation]) -> list[Citation]:
    """The citations with each source once, keeping the first and its place."""
    seen: dict[str, Citation] = {}
    for c in citations:
        seen.setdefault(c.source, c)
    return list(seen.values())


def all_citations(record: Record) -> list[Citation]:
    """Every citation a record makes: its citations, a claim's evidence, a dispute's values'.

    A source cites itself: its one citation names it.
    """
    if isinstance(record, Source):
        return [Citation(source=record.id)]
    return [citation for _, citation in citations_in(record)]


def source_nodes(ds: sovietdata.Dataset, docname: str, source: Source) -> list[Node]:
    """A source as a note gives it: its label and grade, where it was seen, its address."""
    out: list[Node] = [source_link(ds, docname, source), grade_label(ds, source)]
    seen = ", ".join(x for x in (source.container, source.publisher) if x)
    if seen:
        out.append(nodes.Text(f", {seen}"))
    if source.url:
        out += [nodes.Text(", "), nodes.reference("", source.url, refuri=source.url)]
    out.append(nodes.Text("."))
    return out


def note_nodes(
    ds: sovietdata.Dataset, docname: str, record: Record, *, limit: int = 0
) -> list[Node]:
    """The text of a note: each source once by label and grade (at most ``limit``, if given).

    A note on a :class:`~sovietdata.models.Source` gives the source itself.
    """
    if isinstance(record, Source):
        return source_nodes(ds, docname, record)
    content: list[Node] = []
    citations = cited_sources(ds, all_citations(record))
    shown = citations[:limit] if limit and len(citations) > limit + 1 else citations
    for i, citation in enumerate(shown):
        if i:
            content.append(nodes.Text("; "))
        source = ds.lookup(citation.source, Source)
        content += [source_link(ds, docname, source), grade_label(ds, source)]
    if len(shown) < len(citations):
        content.append(nodes.Text(f"; and {len(citations) - len(shown)} more"))
    content.append(nodes.Text("."))
    if not limit:  # a short note leaves the corrections to the card
        content += correction_links(ds, docname, record)
    return content


class CiteRole(SphinxRole):
    """``{cite}`record-id```: a numbered note with the record's sources, or the source named."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Build the nodes from the book's dataset."""
        ds = dataset(self.env)
        record = ds.get(self.text.strip())
        if record is None:
            message = f"no record with id {self.text.strip()!r}"
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
        content = note_nodes(ds, self.env.docname, record)
        note = nodes.footnote(
            "", nodes.label("", number), para(*content), ids=[note_id], backrefs=[ref_id]
        )
        note["sovietdata"] = record.id
        notes.append(note)
        cited: dict[str, None] = document.__dict__.setdefault("_sovietdata_cited", {})
        for citation in all_citations(record):
            cited.setdefault(citation.source)
        ref = nodes.footnote_reference(f"[{number}]", number, ids=[ref_id], refid=note_id)
        ref["sovietdata"] = record.id
        return [ref], []


class sources_here(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Placeholder for the list of sources cited on a page, filled once the page is read."""


class PageSources(SphinxDirective):
    """The sources cited on this page through ``{cite}``, each once, linked to the bibliography."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        return [sources_here()]


def append_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Put the notes the ``{cite}`` role made at the end of the page and list its sources.

    The notes are numbered after the page's own footnotes, so that no two share a number.
    """
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
        labelled = [(source_label(s, ds), s) for s in (ds.lookup(i, Source) for i in cited)]
        for label, source in sorted(labelled, key=lambda pair: pair[0].lower()):
            entry: list[Node | str] = [record_ref(docname, source, label)]
            if source.authors:  # otherwise the label is the title already
                entry.append(f": {source.title}")
            items += nodes.list_item("", para(*entry))
        placeholder.replace_self(items)
    others = [
        int(label.astext())
        for footnote in doctree.findall(nodes.footnote)
        for label in footnote.findall(nodes.label)
        if label.astext().isdigit()
    ]
    offset = max(others, default=0)
    refs = {
        ref["refid"]: ref
        for ref in doctree.findall(nodes.footnote_reference)
        if "sovietdata" in ref
    }
    for note in notes:
        if offset:
            old = next(iter(note.findall(nodes.label)))
            number = str(int(old.astext()) + offset)
            old.replace_self(nodes.label("", number))
            ref = refs.get(note["ids"][0])
            if ref is not None:
                ref.replace_self(nodes.footnote_reference(f"[{number}]", number, **ref.attributes))
        doctree += note


class ResolveDataLinks(SphinxPostTransform):
    """Resolve the links to bibliography and who's who entries before the theme moves footnotes.

    sphinx-book-theme turns footnotes into sidenotes at priority 1 and, for notes inside
    containers, keeps nodes whose parent links are stale, so Sphinx's own resolver (priority
    10) would miss the links inside them. These links are plain anchors and are resolved here.

    A book need not have every generated page: where it has no page of a kind of entry at
    all (no ``bibliography``, say), names of that kind stay plain text. Where it has one, a
    missing entry is a warning, since the page should list every record.

    In HTML a link is a bare ``<a href>`` around its label (``sd_link``): a chapter has
    hundreds, each otherwise wrapped in a ``<span>`` and classed as the theme never styles.
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
            if self.sphinx_app.builder.format != "html":
                node.replace_self(
                    nodes.reference("", "", *node.children, refuri=uri, internal=True)
                )
                continue
            children: list[Node] = []
            for child in node.children:  # the label's plain <span> adds nothing
                bare = type(child) is nodes.inline and not child["classes"] and not child["ids"]
                children += child.children if bare else [child]
            node.replace_self(sd_link("", "", *children, refuri=uri))


# --- HTML: notes beside the text, cards --------------------------------------------------------


class sd_link(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A link to an entry of the book in HTML: ``<a href>``, with no class."""


def _visit_link(self: Any, node: sd_link) -> None:
    self.body.append(f'<a href="{self.attval(node["refuri"])}">')


def _depart_link(self: Any, node: sd_link) -> None:
    self.body.append("</a>")


class sd_trigger(nodes.Inline, nodes.TextElement):  # noqa: N801
    """What opens a card: a value of the data, or a note's number (``note`` set)."""


class sd_sidenote(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A note in the margin beside its sentence (below it on a narrow screen, when opened)."""


class sd_endnotes(nodes.General, nodes.Element):  # noqa: N801
    """The notes that cannot stand in the margin, listed at the end of the page."""


class sd_card(nodes.General, nodes.Element):  # noqa: N801
    """One card: a value (or a record's sources) in full, hidden until its trigger opens it."""


class sd_cards(nodes.General, nodes.Element):  # noqa: N801
    """Every card of a page, at its end: hidden on screen, printed as numbered notes."""


class sd_evidence(nodes.General, nodes.Element):  # noqa: N801
    """A record's evidence, written once per page for its cards to copy.

    In a ``<template>``, or (``shown``) in a note at the end of the page, which shows it.
    """


class sd_evidence_slot(nodes.General, nodes.Element):  # noqa: N801
    """Where a card shows its record's evidence, copied from the record's ``<template>``."""


def _visit_trigger(self: Any, node: sd_trigger) -> None:
    if node.get("note"):
        self.body.append(
            f'<a class="sd-note-ref{" sd-note-ref-next" if node.get("next") else ""}" '
            f'id="{node["ids"][0]}" href="#{node["note"]}" data-sd-card="{node["card"]}" '
            f'data-sd-n="{node["n"]}">'
            + ('<span class="sd-note-sep" aria-hidden="true">, </span>' if node.get("next") else "")
            + f"<sup>{self.encode(node['number'])}</sup>"
        )
    else:
        self.body.append(
            f'<span class="sd-fact" data-sd-card="{node["card"]}" data-sd-n="{node["n"]}">'
        )


def _depart_trigger(self: Any, node: sd_trigger) -> None:
    self.body.append("</a>" if node.get("note") else "</span>")


def _visit_sidenote(self: Any, node: sd_sidenote) -> None:
    self.body.append(
        f'<small class="sd-sidenote marginnote" id="{node["ids"][0]}" role="note">'
        f'<span class="sd-sidenote-number">{self.encode(node["number"])}</span> '
    )


def _depart_sidenote(self: Any, node: sd_sidenote) -> None:
    self.body.append("</small>")


def _visit_endnotes(self: Any, node: sd_endnotes) -> None:
    self.body.append('<aside class="sd-endnotes" aria-label="Notes"><ol>')


def _depart_endnotes(self: Any, node: sd_endnotes) -> None:
    self.body.append("</ol></aside>")


def _visit_card(self: Any, node: sd_card) -> None:
    # cards.js makes it a dialog named by its title (the card is only ever opened by it)
    self.body.append(f'<div class="sd-card" id="{node["ids"][0]}" data-sd-n="{node["n"]}">')


def _depart_card(self: Any, node: sd_card) -> None:
    self.body.append("</div>")


def _visit_cards(self: Any, node: sd_cards) -> None:
    self.body.append(
        '<section class="sd-cards" aria-label="Values and sources">'
        '<h2 class="sd-cards-title">Values and sources</h2>'
    )


def _depart_cards(self: Any, node: sd_cards) -> None:
    self.body.append("</section>")


def _visit_evidence(self: Any, node: sd_evidence) -> None:
    tag = "div" if node.get("shown") else "template"
    self.body.append(f'<{tag} id="sd-ev-{self.attval(node["record"])}">')


def _depart_evidence(self: Any, node: sd_evidence) -> None:
    self.body.append("</div>" if node.get("shown") else "</template>")


def _visit_evidence_slot(self: Any, node: sd_evidence_slot) -> None:
    self.body.append(f'<div class="sd-ev" data-sd-ev="{self.attval(node["record"])}">')


def _depart_evidence_slot(self: Any, node: sd_evidence_slot) -> None:
    self.body.append("</div>")


#: Where a note can stand beside its sentence: paragraphs of the running text and their lists.
_MARGIN_PARENTS = (
    nodes.section,
    nodes.document,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
    nodes.block_quote,
    nodes.compound,
)


def _in_margin_place(node: Node) -> bool:
    parent = node.parent
    if not isinstance(parent, nodes.paragraph):
        return False
    up = parent.parent
    while up is not None and not isinstance(up, (nodes.section, nodes.document)):
        if not isinstance(up, _MARGIN_PARENTS):
            return False
        up = up.parent
    return True


def _field_words(field: str) -> str:
    return field.replace("_", " ")


#: The field that names a record of each kind, where it has one (disputes of it go on the
#: record's own card).
_NAME_FIELDS = ("name", "title")


def card_disputes(ds: sovietdata.Dataset, record: Record, field: str) -> tuple[Dispute, ...]:
    """The disputes a card shows: those about its field, or (``field`` empty) about the name.

    A card on a source shows none: sources are not disputed.

    Raises:
        ValueError: the record has no field of that name.

    """
    if isinstance(record, Source):
        return ()
    if not field:
        names = [f for f in _NAME_FIELDS if f in type(record).__struct_fields__]
        return tuple(d for f in names for d in ds.disputes_about(record, f))
    return ds.disputes_about(record, field)


def evidence_nodes(ds: sovietdata.Dataset, docname: str, record: Record) -> list[Node]:
    """A record's evidence: its sources with quotations, its corrections, a link to its entry.

    Each source is given once, with its grade, place, quotation and check. A source's evidence
    is the source itself: its label, grade, where it was seen, its address.
    """
    link = record_ref(docname, record, display(ds, record))
    entry = para("Entry: ", link, classes=["sd-card-entry"])
    if isinstance(record, Source):
        return [para(*source_nodes(ds, docname, record)), entry]
    out: list[Node] = []
    citations = cited_sources(ds, all_citations(record))
    if citations:
        out.append(para("Sources:" if len(citations) > 1 else "Source:"))
        items = nodes.bullet_list(classes=["sd-card-sources"])
        days = {
            c.check.date.text() if c.check and c.check.found is not Finding.NOT_FOUND else ""
            for c in citations
        }
        dated = len(citations) == 1 or len(days) != 1 or "" in days
        for citation in citations:
            cited = citation_nodes(ds, docname, citation, quotes=True, dated=dated)
            items += nodes.list_item("", para(*cited))
        out.append(items)
        if not dated:
            out.append(para(f"Each checked {days.pop()}."))
    corrections = correction_links(ds, docname, record)
    if corrections:
        out.append(para(*corrections))
    out.append(entry)
    return out


def card_nodes(
    ds: sovietdata.Dataset,
    docname: str,
    record: Record,
    field: str,
    title_id: str = "",
    *,
    evidence: bool = True,
) -> list[Node]:
    """The content of a card: the value and its precision, rival values, sources, the entry.

    ``field`` is empty for a card on the record itself (its name, or a note's sources). The
    rival values are those of :func:`card_disputes`. With ``evidence`` false the card holds,
    instead of the record's evidence (:func:`evidence_nodes`), the place ``cards.js`` copies
    it into from the page's one ``<template>`` of it. ``title_id``, if given, is the title's id.

    Raises:
        ValueError: the record has no field of that name.

    """
    out: list[Node] = []
    name = display(ds, record)
    value = getattr(record, field) if field else None
    if field:
        from sovietdata.sphinx.roles import value_text  # noqa: PLC0415 - roles imports this module

        shown = value_text(ds, field, value, "text")
        head = para(nodes.strong(shown, shown), f" — {_field_words(field)} of {name}")
    else:
        head = para(nodes.strong(name, name), f" — {type(record).__name__.lower()}")
    if title_id:
        head["ids"] = [title_id]
    head["classes"].append("sd-card-title")
    out.append(head)
    if isinstance(value, EDTF):
        out.append(para(f"Known {precision(value)}.", classes=["sd-card-precision"]))
    for dispute in card_disputes(ds, record, field):
        out.append(para("Sources disagree: ", record_ref(docname, dispute, dispute.question)))
        values = nodes.bullet_list(classes=["sd-card-values"])
        for rival in dispute.values:
            words = dispute_value(rival.value)
            values += nodes.list_item(
                "",
                para(nodes.strong(words, words), f" ({rival.rank.value}): {rival.reason}"),
            )
        out.append(values)
    if evidence:
        out += evidence_nodes(ds, docname, record)
    else:
        out.append(sd_evidence_slot(record=record.id))
    return out


class CardsForHTML(SphinxPostTransform):
    """Notes beside their sentences, cards for values and notes: for HTML builders only.

    Runs before :class:`ResolveDataLinks`, whose links the cards contain, and before the
    theme's sidenotes (so the ``{cite}`` notes are never the theme's).
    """

    default_priority = -1
    #: The web builders; an e-book keeps its footnotes.
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs: Any) -> None:  # noqa: PLR0912, PLR0915 - one pass over a page
        """Replace the notes and values of a page by triggers, margin notes and cards."""
        ds = dataset(self.env)
        docname = self.env.docname
        labels = self.env.domains.standard_domain.anonlabels
        cards: dict[tuple[str, str], sd_card] = {}

        evidence: dict[str, Record] = {}  # the records whose cards copy their evidence
        held: set[str] = set()  # those whose evidence a note at the end of the page shows

        def card(record: Record, field: str) -> sd_card:
            key = (record.id, field)
            if key not in cards:
                n = str(len(cards) + 1)
                node = sd_card(ids=[f"sd-c{n}"], n=n)
                # a card is a link's target without script only where there is no entry: it
                # keeps its evidence; the others copy the page's one copy of it
                linked = record_anchor(record) in labels
                node += card_nodes(ds, docname, record, field, evidence=not linked)
                if linked:
                    evidence.setdefault(record.id, record)
                cards[key] = node
            return cards[key]

        footnotes = {
            n["ids"][0]: n for n in self.document.findall(nodes.footnote) if "sovietdata" in n
        }
        endnotes = sd_endnotes()
        for ref in list(self.document.findall(nodes.footnote_reference)):
            if "sovietdata" not in ref or ref["refid"] not in footnotes:
                continue
            record = ds.lookup(ref["sovietdata"])
            target = card(record, "")
            note = footnotes.pop(ref["refid"])
            number = ref.astext()
            index = ref.parent.index(ref)
            before = ref.parent[index - 1] if index else None
            if isinstance(before, sd_sidenote):  # two notes in a row: keep them apart
                before = ref.parent[index - 2] if index > 1 else None
            trigger = sd_trigger(
                "",
                ids=ref["ids"],
                note=ref["refid"],
                card=target["ids"][0],
                n=target["n"],
                number=number,
                next=isinstance(before, sd_trigger) and bool(before.get("note")),
            )
            note.parent.remove(note)
            if _in_margin_place(ref):
                short = note_nodes(ds, docname, record, limit=NOTE_SOURCES)
                side = sd_sidenote("", "", *short, ids=[ref["refid"]], number=number)
                ref.replace_self([trigger, side])
            else:
                mark = nodes.inline("", number, classes=["sd-endnote-number"])
                if record.id in evidence and record.id not in held:
                    # the note shows the evidence in full, and the record's cards copy it
                    held.add(record.id)
                    shown = sd_evidence(
                        "", *evidence_nodes(ds, docname, record), record=record.id, shown=True
                    )
                    item = nodes.list_item("", para(mark), shown)
                else:
                    short = note_nodes(ds, docname, record, limit=NOTE_SOURCES)
                    item = nodes.list_item("", para(mark, " ", *short))
                item["ids"] = [ref["refid"]]
                item["classes"].append("sd-endnote")
                endnotes += item
                ref.replace_self(trigger)
        for fact in list(self.document.findall(nodes.inline)):
            if "sovietdata" not in fact or "sd-fact" not in fact["classes"]:
                continue
            record = ds.lookup(fact["sovietdata"])
            target = card(record, fact.get("sovietdata_field", ""))
            trigger = sd_trigger("", "", *fact.children, card=target["ids"][0], n=target["n"])
            up: Node | None = fact.parent
            while up is not None and not isinstance(
                up, (nodes.reference, addnodes.pending_xref, nodes.title)
            ):
                up = up.parent
            if up is not None:
                fact.replace_self(trigger)  # no link inside a link or a heading
            elif record_anchor(record) in labels:
                xref = record_ref(docname, record, "")
                xref.replace(xref.children[0], trigger)
                fact.replace_self(xref)
            else:  # no entry to link to: the link opens the card, at the end of the page
                fact.replace_self(
                    nodes.reference("", "", trigger, refid=target["ids"][0], internal=True)
                )
        if len(endnotes):
            self.document += endnotes
        if cards:
            templates = [
                sd_evidence("", *evidence_nodes(ds, docname, record), record=record.id)
                for record in evidence.values()
                if record.id not in held
            ]
            self.document += sd_cards("", *cards.values(), *templates)


# --- EPUB: notes an e-reader opens where they are called; raw HTML written as XHTML -------------


class sd_noteref(nodes.footnote_reference):  # noqa: N801
    """A note's number in an e-book: ``<a epub:type="noteref">``, which opens its note in place."""


class sd_footnote(nodes.footnote):  # noqa: N801
    """A note of an e-book: ``<aside epub:type="footnote">``, which e-readers open in place."""


def _visit_noteref(self: Any, node: sd_noteref) -> None:
    self.body.append(
        self.starttag(
            node,
            "a",
            suffix="",
            classes=["footnote-reference"],
            role="doc-noteref",
            href=f"#{node['refid']}",
            **{"epub:type": "noteref"},
        )
    )
    self.body.append("<sup>")


def _depart_noteref(self: Any, node: sd_noteref) -> None:
    self.body.append("</sup></a>")


def _visit_footnote(self: Any, node: sd_footnote) -> None:
    if not isinstance(node.previous_sibling(), nodes.footnote):
        self.body.append('<section class="footnote-list" aria-label="Notes">\n')
    self.body.append(
        self.starttag(
            node, "aside", classes=["footnote"], role="doc-footnote", **{"epub:type": "footnote"}
        )
    )


def _depart_footnote(self: Any, node: sd_footnote) -> None:
    self.body.append("</aside>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.footnote):
        self.body.append("</section>\n")


#: HTML's elements without content, closed in their start tag in XHTML.
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _XHTMLWriter(HTMLParser):
    """Rewrites a piece of HTML as XHTML: attributes with values, empty elements closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> str:
        pairs = "".join(
            f' {name}="{html.escape(name if value is None else value)}"' for name, value in attrs
        )
        return f"<{tag}{pairs}{end}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, " /" if tag in _VOID else ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, " /"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")


def xhtml(markup: str) -> str:
    """A piece of HTML as XHTML, as an e-book's pages must be (its tags may be left open).

    >>> from sovietdata.sphinx.notes import xhtml
    >>> xhtml('<form hidden><input type="checkbox" checked> A &amp; B</form>')
    '<form hidden="hidden"><input type="checkbox" checked="checked" /> A &amp; B</form>'
    """
    writer = _XHTMLWriter()
    writer.feed(markup)
    writer.close()
    return "".join(writer.out)


class NotesForEPUB(SphinxPostTransform):
    """Notes as EPUB footnotes, and raw HTML as XHTML: for the EPUB builder only.

    A note number links to an ``<aside epub:type="footnote">`` at the end of its page, which
    e-readers open beside the text where it is called; the rest of the page is the same as the
    web edition's without its cards and scripts (:class:`CardsForHTML` is for web builders).
    """

    default_priority = -1
    builders = ("epub",)

    def run(self, **kwargs: Any) -> None:
        """Replace footnotes and their references, and rewrite raw HTML."""
        for ref in list(self.document.findall(nodes.footnote_reference)):
            ref.replace_self(sd_noteref(ref.rawsource, "", *ref.children, **ref.attributes))
        for note in list(self.document.findall(nodes.footnote)):
            epub_note = sd_footnote(note.rawsource, *note.children, **note.attributes)
            label, first = [*epub_note.children, None, None][:2]
            if isinstance(label, nodes.label) and isinstance(first, nodes.paragraph):
                # "1. Its sources…" on one line, the number linking back to where it is called
                number = nodes.Text(f"{label.astext()}.")
                if epub_note["backrefs"]:
                    back = nodes.reference("", "", number, refid=epub_note["backrefs"][0])
                    back["classes"].append("footnote-backlink")
                    first.insert(0, back)
                else:
                    first.insert(0, number)
                first.insert(1, nodes.Text(" "))
                epub_note.remove(label)
            note.replace_self(epub_note)
        for raw in list(self.document.findall(nodes.raw)):
            if "html" in raw.get("format", "").split():
                raw.replace_self(nodes.raw("", xhtml(raw.astext()), format="html"))


#: The cards' script and stylesheet, for web pages only: an e-book has no cards.
_CARDS_FILES = ("_static/cards.css", "_static/cards.js")


def _no_cards_in_epub(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Keep the cards' files out of the e-book (its checker cannot read ``:has(>``).

    Listed as the e-book is packed, after the environment is saved: listed earlier, the next
    build would take the longer list for a change of configuration and read every page again.
    """
    if app.builder.name == "epub":
        app.config.epub_exclude_files += list(_CARDS_FILES)
    return []


def _no_cards_on_epub_pages(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Link no page of the e-book to the cards' files."""
    if app.builder.name != "epub":
        return
    for key in ("css_files", "script_files"):
        files = context.get(key, [])
        context[key] = [f for f in files if getattr(f, "filename", f) not in _CARDS_FILES]


def setup(app: Sphinx) -> None:
    """Register the ``{cite}`` role, the ``page-sources`` directive, the cards and the links."""
    app.add_role("cite", CiteRole())
    app.add_directive("page-sources", PageSources)
    app.add_node(sources_here)
    app.add_node(sd_link, html=(_visit_link, _depart_link))
    app.add_node(sd_trigger, html=(_visit_trigger, _depart_trigger))
    app.add_node(sd_sidenote, html=(_visit_sidenote, _depart_sidenote))
    app.add_node(sd_endnotes, html=(_visit_endnotes, _depart_endnotes))
    app.add_node(sd_card, html=(_visit_card, _depart_card))
    app.add_node(sd_cards, html=(_visit_cards, _depart_cards))
    app.add_node(sd_evidence, html=(_visit_evidence, _depart_evidence))
    app.add_node(sd_evidence_slot, html=(_visit_evidence_slot, _depart_evidence_slot))
    app.connect("doctree-read", append_notes)
    app.add_post_transform(CardsForHTML)
    app.add_node(sd_noteref, html=(_visit_noteref, _depart_noteref))
    app.add_node(sd_footnote, html=(_visit_footnote, _depart_footnote))
    app.add_post_transform(NotesForEPUB)
    app.add_post_transform(type("ResolveDataLinks", (ResolveDataLinks,), {"sphinx_app": app}))
    app.add_css_file("cards.css")
    app.add_js_file("cards.js", loading_method="defer")
    app.connect("html-collect-pages", _no_cards_in_epub)
    app.connect("html-page-context", _no_cards_on_epub_pages)
