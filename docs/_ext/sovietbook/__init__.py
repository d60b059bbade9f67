"""Sphinx extension that renders the book's facts from the sovietdata package at build time.

Roles (MyST syntax shown):

``{fact}`id```, ``{fact}`id.field```, ``{fact}`id.field|format```
    A record's name, or one of its field values, as prose. Formats: ``text`` (the default),
    ``year``, ``month``, ``iso``, ``short`` (a person's family name) and ``lower``
    (first letter in lower case). An unknown record, field or format, or an unset field,
    is a build error that names the key.
``{who}`person-id```
    A person's family name, as running prose uses it.
``{cite}`record-id```
    A numbered sidenote listing the sources the record cites, linked to the bibliography.

Directives: ``factcard``, ``claims``, ``disputes``, ``whoswho``, ``data-glossary``,
``bibliography``, ``grades`` (the reliability scale), ``check-counts`` (what the checks of the
citations found), ``corrections`` and ``datafigure`` (``timeline`` or ``succession``), each
generated from the data.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Node, system_message
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

import sovietdata
from sovietdata import (
    Citation,
    Claim,
    Dispute,
    Event,
    Finding,
    Office,
    Person,
    Record,
    Source,
    Tenure,
)
from sovietdata._loader import REFERENCE_FIELDS

from . import figures
from .text import (
    FactError,
    display,
    fact,
    short_name,
    source_label,
    value_or_date,
)

__all__ = ["setup"]

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def _ds() -> sovietdata.Dataset:
    return sovietdata.dataset()


def data_fingerprint() -> str:
    """A hash of the shipped data and of this extension; when it changes, every page is re-read."""
    digest = hashlib.blake2b(digest_size=16)
    data = importlib.resources.files("sovietdata") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- small node builders -------------------------------------------------------------------


def _para(*children: Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    return nodes.paragraph(
        "",
        "",
        *(nodes.Text(c) if isinstance(c, str) else c for c in children),
        classes=list(classes),
    )


def _badge(text: str, kind: str) -> nodes.inline:
    return nodes.inline(text, text, classes=["sd-badge", kind])


def _entry_ref(docname: str, anchor: str, label: str) -> addnodes.pending_xref:
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
        sovietbook=True,
    )


def _source_ref(docname: str, source: Source) -> addnodes.pending_xref:
    """A link to a source's entry in the bibliography."""
    return _entry_ref(docname, f"source-{source.id}", source_label(source))


def _person_ref(docname: str, person: Person) -> addnodes.pending_xref:
    """A link to a person's entry in the who's who."""
    return _entry_ref(docname, f"person-{person.id}", person.name)


def _grade(ds: sovietdata.Dataset, source: Source) -> nodes.inline:
    """The source's grade on the reliability scale, as a short label after its name."""
    grade = ds.grade_of(source)
    return nodes.inline(
        "", f" ({grade.name.lower()})", classes=["sd-grade", f"sd-grade-{grade.id}"]
    )


def _not_found(citation: Citation) -> list[Node]:
    """A warning that the quotation was not found again, when its check says so."""
    check = citation.check
    if check is None or check.found is not Finding.NOT_FOUND:
        return []
    what = "quotation" if citation.quote else "passage"
    text = f"{what} not found again in any copy available (checked {check.date.text()})"
    return [nodes.Text(" "), nodes.inline("", f"[{text}]", classes=["sd-not-found"])]


def _correction_links(ds: sovietdata.Dataset, docname: str, record: Record) -> list[Node]:
    """``Corrected: <date>`` links to the published corrections of a record, if it has any."""
    out: list[Node] = []
    for i, correction in enumerate(ds.corrections_of(record.id)):
        out.append(nodes.Text(" Corrected: " if not i else ", "))
        label = f"{correction.field or 'record'}, {correction.date.text()}"
        out.append(_entry_ref(docname, f"correction-{correction.id}", label))
    if out:
        out.append(nodes.Text("."))
    return out


def _where(citation: Citation) -> str:
    return ", ".join(x for x in (citation.locator, citation.page and f"p. {citation.page}") if x)


def _citation_nodes(
    ds: sovietdata.Dataset, docname: str, citation: Citation, *, quotes: bool
) -> list[Node]:
    """One citation: the linked source label, where in it, and optionally the quotation."""
    source = ds.lookup(citation.source, Source)
    out: list[Node] = [_source_ref(docname, source), _grade(ds, source)]
    where = _where(citation)
    if where:
        out.append(nodes.Text(f", {where}"))
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
    out += _not_found(citation)
    return out


def _cited_sources(ds: sovietdata.Dataset, citations: Iterable[Citation]) -> list[Citation]:
    """The citations with each source once, keeping the first and its place."""
    seen: dict[str, Citation] = {}
    for c in citations:
        seen.setdefault(c.source, c)
    return list(seen.values())


def _all_citations(record: Record) -> list[Citation]:
    if isinstance(record, Claim):
        return list(record.evidence)
    if isinstance(record, Dispute):
        return [c for v in record.values for c in v.citations]
    return list(getattr(record, "citations", ()))


def _table(
    header: Sequence[str], rows: Sequence[Sequence[list[Node]]], classes: list[str]
) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for title in header:
        row += nodes.entry("", _para(title))
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", _para(*cell))
        body += row
    return table


# --- roles ------------------------------------------------------------------------------------


class FactRole(SphinxRole):
    """``{fact}`id.field|format```: a value from the data, as text."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        try:
            text = fact(_ds(), self.text)
        except FactError as err:
            msg = self.inliner.reporter.error(
                f"{{{self.name}}}`{self.text}`: {err}", line=self.lineno
            )
            prb = self.inliner.problematic(self.rawtext, self.rawtext, msg)
            return [prb], [msg]
        return [nodes.inline(self.rawtext, text, classes=["sd-fact"])], []


class WhoRole(SphinxRole):
    """``{who}`person-id```: a person's family name."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        person = _ds().get(self.text.strip(), Person)
        if person is None:
            try:
                _ds().lookup(self.text.strip(), Person)
            except LookupError as err:
                message = str(err).strip("'\"")
            msg = self.inliner.reporter.error(f"{{who}}`{self.text}`: {message}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        name = short_name(person)
        return [nodes.inline(self.rawtext, name, classes=["sd-fact"])], []


class CiteRole(SphinxRole):
    """``{cite}`record-id```: a numbered sidenote with the record's sources."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        ds = _ds()
        record = ds.get(self.text.strip())
        if record is None:
            try:
                ds.lookup(self.text.strip())
            except LookupError as err:
                message = str(err).strip("'\"")
            msg = self.inliner.reporter.error(f"{{cite}}`{self.text}`: {message}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        document = self.inliner.document
        notes: list[nodes.footnote] = document.__dict__.setdefault("_sovietbook_notes", [])
        number = str(len(notes) + 1)
        ref_id, note_id = f"sd-ref-{number}", f"sd-note-{number}"
        content: list[Node] = []
        for i, citation in enumerate(_cited_sources(ds, _all_citations(record))):
            if i:
                content.append(nodes.Text("; "))
            content += _citation_nodes(ds, self.env.docname, citation, quotes=False)
        content.append(nodes.Text("."))
        content += _correction_links(ds, self.env.docname, record)
        note = nodes.footnote(
            "", nodes.label("", number), _para(*content), ids=[note_id], backrefs=[ref_id]
        )
        notes.append(note)
        cited: dict[str, None] = document.__dict__.setdefault("_sovietbook_cited", {})
        for citation in _all_citations(record):
            cited.setdefault(citation.source)
        ref = nodes.footnote_reference(f"[{number}]", number, ids=[ref_id], refid=note_id)
        return [ref], []


class sources_here(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Placeholder for the list of sources cited on a page, filled once the page is read."""


class PageSources(SphinxDirective):
    """The sources cited on this page through ``{cite}``, each once, linked to the bibliography."""

    def run(self) -> list[Node]:
        return [sources_here()]


def _append_notes(app: Sphinx, doctree: nodes.document) -> None:
    """Put the footnotes the ``{cite}`` role made at the end of the page and list its sources."""
    notes: list[nodes.footnote] = doctree.__dict__.pop("_sovietbook_notes", [])
    cited: dict[str, None] = doctree.__dict__.pop("_sovietbook_cited", {})
    ds = _ds()
    docname = app.env.docname
    for placeholder in list(doctree.findall(sources_here)):
        if not cited:
            logger.warning(
                "page-sources: this page cites nothing", location=placeholder, type="sovietbook"
            )
        items = nodes.bullet_list(classes=["sd-page-sources"])
        for source in sorted(
            (ds.lookup(i, Source) for i in cited), key=lambda s: source_label(s).lower()
        ):
            entry: list[Node | str] = [_source_ref(docname, source), f": {source.title}"]
            items += nodes.list_item("", _para(*entry))
        placeholder.replace_self(items)
    for note in notes:
        doctree += note


# --- directives ------------------------------------------------------------------------------


class _DataDirective(SphinxDirective):
    has_content = False

    @property
    def ds(self) -> sovietdata.Dataset:
        return _ds()

    def cite(self, record: Record) -> list[Node]:
        """The inline nodes of a ``{cite}`` for a record, made through the role."""
        role = CiteRole()
        made, _ = role("cite", f"{{cite}}`{record.id}`", record.id, self.lineno, self.state.inliner)
        return made

    def source_links(self, *records: Record) -> list[Node]:
        """The sources the records cite, each once, as links to the bibliography."""
        out: list[Node] = []
        cited = [c for record in records for c in _all_citations(record)]
        for i, citation in enumerate(_cited_sources(self.ds, cited)):
            if i:
                out.append(nodes.Text("; "))
            out += _citation_nodes(self.ds, self.env.docname, citation, quotes=False)
        out.append(nodes.Text("."))
        for record in records:
            self.note_sources(record)
        return out

    def note_sources(self, record: Record) -> None:
        """Count a record's sources as cited on this page, for ``page-sources``."""
        cited: dict[str, None] = self.state.document.__dict__.setdefault("_sovietbook_cited", {})
        for citation in _all_citations(record):
            cited.setdefault(citation.source)

    def target(self, node: nodes.Element, name: str) -> None:
        node["ids"].append(name)
        node["names"].append(name)
        self.state.document.note_explicit_target(node)


class FactCard(_DataDirective):
    """The flagship election as a card: date, body, vote, proposer, predecessor and successor."""

    def run(self) -> list[Node]:
        ds = self.ds
        election = ds.flagship()
        if election is None:
            raise self.error("the data has no election for the fact card")
        tenure = ds.lookup(election.tenure, Tenure)
        event = ds.lookup(election.event, Event)
        body = display(ds, ds.lookup(election.body))
        rows: list[tuple[str, list[Node]]] = [
            ("Office", [nodes.Text(ds.lookup(election.office, Office).title)]),
            ("Person", [_person_ref(self.env.docname, ds.lookup(election.person, Person))]),
            ("Elected on", [nodes.Text(election.date.text())]),
            ("Elected by", [nodes.Text(f"{body} ({display(ds, event)}, {event.date.text()})")]),
        ]
        if election.vote:
            rows.append(("Vote", [nodes.Text(election.vote.capitalize())]))
        if election.proposed_by:
            proposer = ds.lookup(election.proposed_by, Person)
            rows.append(("Proposed by", [_person_ref(self.env.docname, proposer)]))
        for label, other in (
            ("Predecessor", ds.predecessor(tenure)),
            ("Successor", ds.successor(tenure)),
        ):
            if other is not None:
                rows.append((label, self.tenure_nodes(other)))
        rows.append(("In office", [nodes.Text(self.span(tenure))]))
        dl = nodes.definition_list(classes=["sd-factcard-list"])
        for term, value in rows:
            item = nodes.definition_list_item()
            item += nodes.term(term, term)
            item += nodes.definition("", _para(*value))
            dl += item
        card = nodes.container(classes=["sd-factcard"])
        # The note sits on the heading: a sidenote inside the list would break its structure.
        card += _para(
            nodes.strong("", display(ds, election)),
            *self.cite(election),
            classes=["sd-factcard-head"],
        )
        card += dl
        return [card]

    def span(self, tenure: Tenure) -> str:
        end = tenure.end.text() if tenure.end else "the end of the data"
        return f"{tenure.start.text()} – {end}"

    def tenure_nodes(self, tenure: Tenure) -> list[Node]:
        person = self.ds.lookup(tenure.person, Person)
        title = tenure.title or self.ds.lookup(tenure.office, Office).title
        return [
            _person_ref(self.env.docname, person),
            nodes.Text(f", {title} ({self.span(tenure)})"),
        ]


class Claims(_DataDirective):
    """Every claim of the source article with its verdict badge, explanation and evidence.

    With ``:summary:``, one line per verdict with the number of claims that have it.
    """

    option_spec: ClassVar[dict[str, Any]] = {"summary": directives.flag}

    def run(self) -> list[Node]:
        claims = self.ds.claims
        if not claims:
            raise self.error("the data has no claims")
        if "summary" in self.options:
            return [self.summary(claims)]
        return [self.claim(claim) for claim in claims]

    def summary(self, claims: Sequence[Claim]) -> nodes.bullet_list:
        counts = Counter(c.verdict for c in claims)
        items = nodes.bullet_list(classes=["sd-verdict-summary"])
        for verdict in sovietdata.Verdict:
            if counts[verdict]:
                badge = _badge(verdict.label, f"sd-verdict-{verdict.value}")
                line = _para(badge, f" {counts[verdict]} of {len(claims)} claims")
                items += nodes.list_item("", line)
        return items

    def claim(self, claim: Claim) -> nodes.container:
        ds, docname = self.ds, self.env.docname
        self.note_sources(claim)
        box = nodes.container(classes=["sd-claim", f"sd-claim-{claim.verdict.value}"])
        self.target(box, f"claim-{claim.number}")
        box += _para(
            nodes.strong("", f"Claim {claim.number}"),
            " ",
            _badge(claim.verdict.label, f"sd-verdict-{claim.verdict.value}"),
            " ",
            nodes.emphasis("", f"({claim.section})"),
            classes=["sd-claim-head"],
        )
        box += _para(claim.paraphrase, classes=["sd-claim-paraphrase"])
        if claim.quote:
            quote = nodes.inline("", f"“{claim.quote}”", classes=["sd-quote"])
            box += nodes.block_quote(
                "", _para("The article's words: ", quote), classes=["sd-article-quote"]
            )
        box += _para(nodes.strong("", "Finding: "), claim.explanation)
        if claim.correction:
            box += _para(nodes.strong("", "Correction: "), claim.correction)
        if claim.related:
            parts: list[Node] = [nodes.strong("", "Records: ")]
            for i, related in enumerate(ds.lookup(r) for r in claim.related):
                if i:
                    parts.append(nodes.Text("; "))
                if isinstance(related, Person):
                    parts.append(_person_ref(docname, related))
                else:
                    parts.append(nodes.literal("", related.id))
            box += _para(*parts)
        evidence = nodes.bullet_list(classes=["sd-evidence"])
        for citation in claim.evidence:
            cited = _citation_nodes(ds, docname, citation, quotes=True)
            evidence += nodes.list_item("", _para(*cited))
        box += _para(nodes.strong("", "Evidence"))
        box += evidence
        corrected = _correction_links(ds, docname, claim)
        if corrected:
            box += _para(*corrected, classes=["sd-corrected"])
        return box


class Disputes(_DataDirective):
    """Every fact the sources disagree on: each value with its rank, reason and sources."""

    def run(self) -> list[Node]:
        ds = self.ds
        out: list[Node] = []
        for dispute in ds.disputes:
            self.note_sources(dispute)
            box = nodes.container(classes=["sd-dispute"])
            self.target(box, f"dispute-{dispute.id}")
            subject = ds.lookup(dispute.subject)
            box += _para(nodes.strong("", dispute.question), classes=["sd-dispute-head"])
            box += _para(
                "About: ",
                nodes.emphasis("", display(ds, subject)),
                " (field ",
                nodes.literal("", dispute.field),
                ")",
            )
            rows: list[list[list[Node]]] = []
            for value in dispute.values:
                sources: list[Node] = []
                for i, c in enumerate(value.citations):
                    if i:
                        sources.append(nodes.Text("; "))
                    sources += _citation_nodes(ds, self.env.docname, c, quotes=False)
                named = ds.get(value.value) if dispute.field in REFERENCE_FIELDS else None
                shown = display(ds, named) if named is not None else value_or_date(value.value)
                rows.append(
                    [
                        [nodes.Text(shown)],
                        [_badge(value.rank.value.capitalize(), f"sd-rank-{value.rank.value}")],
                        [nodes.Text(value.reason)],
                        sources,
                    ]
                )
            box += _table(("Value", "Rank", "Reason", "Sources"), rows, ["sd-dispute-table"])
            if dispute.note:
                box += _para(nodes.strong("", "Note: "), dispute.note)
            corrected = _correction_links(ds, self.env.docname, dispute)
            if corrected:
                box += _para(*corrected, classes=["sd-corrected"])
            out.append(box)
        return out


class WhosWho(_DataDirective):
    """Every person in the data: names, life dates, offices and summary."""

    def run(self) -> list[Node]:
        ds = self.ds
        out: list[Node] = []
        for person in sorted(ds.people, key=short_name):
            # A section per person, so the page's table of contents lists everyone.
            box = nodes.section(classes=["sd-person"])
            box += nodes.title(person.name, person.name)
            self.target(box, f"person-{person.id}")
            names: list[Node] = [nodes.inline("", person.name_ru, classes=["language-ru"])]
            if person.full_name:
                names = [nodes.Text(f"{person.full_name}; "), *names]
            box += _para(*names, *self.cite(person), classes=["sd-person-head"])
            life = []
            if person.born:
                life.append(
                    f"Born {person.born.text()}"
                    + (f", {person.born_place}" if person.born_place else "")
                )
            if person.died:
                life.append(
                    f"died {person.died.text()}"
                    + (f", {person.died_place}" if person.died_place else "")
                )
            if life:
                box += _para("; ".join(life) + ".")
            box += _para(person.summary)
            corrected = _correction_links(ds, self.env.docname, person)
            if corrected:
                box += _para(*corrected, classes=["sd-corrected"])
            tenures = ds.tenures_of(person.id)
            if tenures:
                items = nodes.bullet_list()
                for t in tenures:
                    title = t.title or ds.lookup(t.office, Office).title
                    end = t.end.text() if t.end else "…"
                    items += nodes.list_item("", _para(f"{title}: {t.start.text()} – {end}"))
                box += items
            out.append(box)
        return out


class DataGlossary(_DataDirective):
    """A Sphinx glossary of the bodies and offices in the data, so ``{term}`` links to them."""

    def run(self) -> list[Node]:
        ds = self.ds
        entries: list[tuple[str, str | None, str, tuple[Record, ...]]] = []
        for body in ds.bodies:
            entries.append((body.name, body.name_ru, body.summary, (body,)))
        for office in ds.offices:
            entries.append((office.title, office.title_ru, office.summary, (office,)))
        entries += self.title_entries()
        glossary = addnodes.glossary()
        glossary["sorted"] = False  # already sorted here
        dl = nodes.definition_list(classes=["glossary"])
        glossary += dl
        for name, name_ru, summary, records in sorted(entries, key=lambda e: e[0].lower()):
            item = nodes.definition_list_item()
            term = make_glossary_term(
                self.env,
                [nodes.Text(name)],
                None,
                self.env.docname,
                self.lineno,
                None,
                self.state.document,
            )
            item += term
            definition: list[Node] = []
            if name_ru:
                definition.append(_para(nodes.emphasis("", name_ru)))
            definition.append(_para(summary))
            # Plain links, not a sidenote: the theme would move a sidenote out of the <dd>.
            definition.append(
                _para("Sources: ", *self.source_links(*records), classes=["sd-inline-sources"])
            )
            item += nodes.definition("", *definition)
            dl += item
        return [glossary]

    def title_entries(self) -> list[tuple[str, str | None, str, tuple[Record, ...]]]:
        """Titles that offices went by at times (General Secretary, ...), with who held them."""
        ds = self.ds
        by_title: dict[str, list[Tenure]] = {}
        for tenure in ds.tenures:
            office = ds.lookup(tenure.office, Office)
            if tenure.title and not office.title.startswith(tenure.title):
                by_title.setdefault(tenure.title, []).append(tenure)
        entries: list[tuple[str, str | None, str, tuple[Record, ...]]] = []
        for title, tenures in by_title.items():
            held = "; ".join(
                f"{ds.lookup(t.office, Office).title}, held under this title by "
                f"{ds.lookup(t.person, Person).name} from {t.start.text()}"
                + (f" to {t.end.text()}" if t.end else "")
                for t in tenures
            )
            summary = f"A title that an office in the data went by at the time: {held}."
            entries.append((title, None, summary, tuple(tenures)))
        return entries


class Bibliography(_DataDirective):
    """Every source in the data, with an anchor that ``{cite}`` and the evidence lists link to."""

    def run(self) -> list[Node]:
        ds = self.ds
        out = nodes.bullet_list(classes=["sd-bibliography"])
        for source in sorted(ds.sources, key=lambda s: (source_label(s).lower(), s.id)):
            item = nodes.list_item(classes=["sd-source"])
            self.target(item, f"source-{source.id}")
            parts: list[Node | str] = [nodes.strong("", source_label(source)), ". "]
            if source.authors:
                parts.append(" and ".join(source.authors) + ". ")
            if source.editors:
                parts.append("Edited by " + " and ".join(source.editors) + ". ")
            parts.append(nodes.emphasis("", source.title, classes=[f"language-{source.language}"]))
            parts.append(". ")
            imprint = ", ".join(
                x
                for x in (
                    source.container,
                    source.publisher,
                    source.place,
                    source.published.text() if source.published else None,
                )
                if x
            )
            if imprint:
                parts.append(imprint + ". ")
            if source.isbn:
                parts.append(f"ISBN {source.isbn}. ")
            if source.url:
                parts.append(nodes.reference("", source.url, refuri=source.url))
                parts.append(". ")
            grade = ds.grade_of(source)
            parts.append("Grade: ")
            parts.append(_entry_ref(self.env.docname, f"grade-{grade.id}", grade.name))
            parts.append(f". [{source.kind.value}; id ")
            parts.append(nodes.literal("", source.id))
            parts.append("]")
            item += _para(*parts)
            if source.assessment:
                item += _para(nodes.emphasis("", source.assessment), classes=["sd-assessment"])
            out += item
        return [out]


class Grades(_DataDirective):
    """The reliability scale: each grade with its definition and how many sources have it."""

    def run(self) -> list[Node]:
        ds = self.ds
        counts = Counter(s.grade for s in ds.sources)
        items = nodes.bullet_list(classes=["sd-grades"])
        for grade in ds.grades:
            count = counts[grade.id]
            item = nodes.list_item()
            self.target(item, f"grade-{grade.id}")
            parts: list[Node | str] = [
                nodes.strong("", grade.name),
                f" ({count} source{'s' if count != 1 else ''}). ",
                grade.definition,
            ]
            if not grade.supports_dates:
                parts.append(nodes.strong("", " Never alone the source of a date of the story."))
            item += _para(*parts)
            items += item
        return [items]


class CheckCounts(_DataDirective):
    """What the checks of the citations found, counted from the data at build time."""

    def run(self) -> list[Node]:
        ds = self.ds
        citations = [c for record in ds for c in _all_citations(record)]
        checked = [c.check for c in citations if c.check is not None]
        found = Counter(check.found for check in checked)
        rows = [
            ("Sources", len(ds.sources)),
            ("Citations", len(citations)),
            ("Citations checked against their source", len(checked)),
            ("… found verbatim", found[Finding.VERBATIM]),
            ("… found in substance (OCR noise, spelling)", found[Finding.SUBSTANCE]),
            ("… not found in any copy available", found[Finding.NOT_FOUND]),
            ("Citations not yet checked", len(citations) - len(checked)),
            ("Published corrections", len(ds.corrections)),
        ]
        body: list[list[list[Node]]] = [
            [[nodes.Text(name)], [nodes.Text(str(count))]] for name, count in rows
        ]
        return [_table(("What", "Count"), body, ["sd-check-counts"])]


class Corrections(_DataDirective):
    """Every published correction, newest first, each with the anchor its record links to."""

    def record_link(self, record: Record) -> Node:
        """The corrected record's name, linked to its entry where the book has one."""
        label = display(self.ds, record)
        anchor = {
            Claim: lambda r: f"claim-{r.number}",
            Person: lambda r: f"person-{r.id}",
            Dispute: lambda r: f"dispute-{r.id}",
            Source: lambda r: f"source-{r.id}",
        }.get(type(record))
        if anchor is None:
            return nodes.emphasis("", label)
        return _entry_ref(self.env.docname, anchor(record), label)

    def run(self) -> list[Node]:
        ds = self.ds
        if not ds.corrections:
            return [_para("No fact has been corrected.")]
        out: list[Node] = []
        for correction in ds.corrections:
            self.note_sources(correction)
            box = nodes.container(classes=["sd-correction"])
            self.target(box, f"correction-{correction.id}")
            record = ds.get(correction.record)
            name: Node = (
                self.record_link(record)
                if record is not None
                else nodes.literal("", correction.record)
            )
            what = f" ({correction.field})" if correction.field else " (record withdrawn)"
            box += _para(
                nodes.strong("", correction.date.text()),
                ": ",
                name,
                what,
                classes=["sd-correction-head"],
            )
            if correction.old is not None:
                box += _para(nodes.strong("", "Was: "), correction.old)
            if correction.new is not None:
                box += _para(nodes.strong("", "Now: "), correction.new)
            box += _para(nodes.strong("", "Why: "), correction.reason)
            evidence = nodes.bullet_list(classes=["sd-evidence"])
            for citation in correction.citations:
                cited = _citation_nodes(ds, self.env.docname, citation, quotes=True)
                evidence += nodes.list_item("", _para(*cited))
            box += _para(nodes.strong("", "Evidence"))
            box += evidence
            out.append(box)
        return out


class DataFigure(_DataDirective):
    """A figure drawn from the data, in a light and a dark version, with alt text from the data."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "start": directives.nonnegative_int,
        "end": directives.nonnegative_int,
    }

    def run(self) -> list[Node]:
        kind = self.arguments[0]
        if kind not in figures.KINDS:
            raise self.error(f"unknown figure {kind!r}; use one of {', '.join(figures.KINDS)}")
        start = self.options.get("start", 1952)
        end = self.options.get("end", 1966)
        outdir = Path(self.env.app.doctreedir) / "sovietbook-figures"
        drawn = figures.draw(kind, self.ds, start, end, outdir)
        figure = nodes.figure(classes=["sd-figure"])
        for mode, path in drawn.paths.items():
            rel = "/" + Path(os.path.relpath(path, self.env.srcdir)).as_posix()
            image = nodes.image(
                rel, uri=rel, alt=drawn.alt, classes=[f"only-{mode}", "sd-figure-img"]
            )
            figure += image
            self.env.note_dependency(str(path))
        figure += nodes.caption(drawn.caption, drawn.caption)
        return [figure]


class ResolveDataLinks(SphinxPostTransform):
    """Resolve the links to bibliography and who's who entries before the theme moves footnotes.

    sphinx-book-theme turns footnotes into sidenotes at priority 1 and, for notes inside
    containers, keeps nodes whose parent links are stale, so Sphinx's own resolver (priority
    10) would miss the links inside them. These links are plain anchors and are resolved here.
    """

    default_priority = 0

    def run(self, **kwargs: Any) -> None:
        labels = self.env.domains.standard_domain.anonlabels
        for node in list(self.document.findall(addnodes.pending_xref)):
            if not node.get("sovietbook"):
                continue
            target = node["reftarget"]
            if target not in labels:
                logger.warning("no entry %r to link to", target, location=node, type="sovietbook")
                node.replace_self(node.children)
                continue
            docname, anchor = labels[target]
            uri = self.app.builder.get_relative_uri(node["refdoc"], docname) + "#" + anchor
            node.replace_self(nodes.reference("", "", *node.children, refuri=uri, internal=True))


# --- wiring ---------------------------------------------------------------------------------


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read every page when the data (or this extension) changed since the last build."""
    fingerprint = data_fingerprint()
    if getattr(env, "sovietbook_fingerprint", None) == fingerprint:
        return []
    env.sovietbook_fingerprint = fingerprint  # type: ignore[attr-defined]
    return sorted(env.found_docs - added - removed)


def _static(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the roles, directives, static files and rebuild rule."""
    app.add_role("fact", FactRole())
    app.add_role("who", WhoRole())
    app.add_role("cite", CiteRole())
    app.add_directive("factcard", FactCard)
    app.add_directive("claims", Claims)
    app.add_directive("disputes", Disputes)
    app.add_directive("whoswho", WhosWho)
    app.add_directive("data-glossary", DataGlossary)
    app.add_directive("bibliography", Bibliography)
    app.add_directive("datafigure", DataFigure)
    app.add_directive("grades", Grades)
    app.add_directive("check-counts", CheckCounts)
    app.add_directive("corrections", Corrections)
    app.add_directive("page-sources", PageSources)
    app.add_node(sources_here)
    app.connect("doctree-read", _append_notes)
    app.add_post_transform(ResolveDataLinks)
    app.connect("env-get-outdated", _outdated)
    app.connect("config-inited", _static)
    app.add_css_file("sovietbook.css")
    return {
        "version": sovietdata.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
