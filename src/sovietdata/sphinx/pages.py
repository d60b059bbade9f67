"""The directives of generated pages: fact card, claims, disputes, who's who, glossary and more.

They also render the bibliography, the reliability scale, the counts of checks and the
corrections.

Each renders records of the book's dataset (see :mod:`sovietdata.sphinx.data`) and gives each
record's entry its one anchor, :func:`~sovietdata.sphinx.markup.record_anchor` (``person-<id>``,
``claim-<id>``, ``event-<id>`` and so on), that notes and other pages link to. Claims, disputes,
people and events are headings, so a page's table of contents lists them.
"""

from __future__ import annotations

import enum
import html
import types
import typing
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar

import msgspec
from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

import sovietdata
from sovietdata import (
    Body,
    Citation,
    Claim,
    Election,
    Event,
    Finding,
    Office,
    Person,
    Record,
    Source,
    Tenure,
    models,
)
from sovietdata.edtf import EDTF, SingleDate
from sovietdata.models import REFERENCE_FIELDS
from sovietdata.sphinx.data import dataset
from sovietdata.sphinx.markup import (
    badge,
    entry_ref,
    para,
    person_ref,
    record_anchor,
    record_ref,
    table,
)
from sovietdata.sphinx.notes import (
    CiteRole,
    all_citations,
    citation_nodes,
    cited_sources,
)
from sovietdata.text import display, dispute_value, short_name, source_label

__all__ = [
    "ArticleSource",
    "Bibliography",
    "CheckCounts",
    "Claims",
    "Corrections",
    "DataDirective",
    "DataFields",
    "DataGlossary",
    "Disputes",
    "Events",
    "FactCard",
    "Grades",
    "WhosWho",
    "claim_title",
    "folded",
    "setup",
    "short_title",
    "tenure_label",
    "type_words",
]


def short_title(text: str, limit: int = 60) -> str:
    """A sentence shortened to at most ``limit`` characters at a word's end, with "…" if cut.

    Raises:
        ValueError: ``limit`` is smaller than 10.

    """
    if limit < 10:
        raise ValueError(f"short_title: a limit of {limit} characters is too short (at least 10)")
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[: limit - 1]
    return cut.rstrip(" ,;:–-") + "…"


def claim_title(claim: Claim) -> str:
    """A claim's heading: its number and the start of the claim in the book's words."""
    return f"Claim {claim.number}: {short_title(claim.paraphrase)}"


def tenure_label(ds: sovietdata.Dataset, tenure: Tenure) -> str:
    """The office a tenure holds, and the title it was held under where that title differs.

    A tenure's title never stands for its office: two heads of the Ukrainian party held the
    title General Secretary, which was not the office of the party's leader.

    Raises:
        LookupError: the tenure names an office ``ds`` does not hold.

    """
    office = ds.lookup(tenure.office, Office).title
    if tenure.title and not office.startswith(tenure.title):
        return f"{office}, under the title {tenure.title}"
    return office


def _span(tenure: Tenure) -> str:
    """A tenure's dates in words, with an open end said as such."""
    end = tenure.end.text() if tenure.end else "the end of the data"
    return f"{tenure.start.text()} – {end}"


class folded(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Content folded under a summary line: ``<details>`` in HTML, the content alone elsewhere."""


def _visit_folded(self: HTML5Translator, node: folded) -> None:
    self.body.append(self.starttag(node, "details", ""))
    self.body.append(f"<summary>{self.encode(node['summary'])}</summary>")


def _depart_folded(self: HTML5Translator, node: folded) -> None:
    self.body.append("</details>\n")


def _pass(self: Any, node: folded) -> None:
    """Builders other than HTML show the folded content as it is."""


def _section(title: str, anchor: str, classes: Sequence[str]) -> nodes.section:
    """A heading whose id is ``anchor``, so the page's contents list it and links reach it."""
    section = nodes.section(classes=list(classes))
    section += nodes.title(title, title)
    section["ids"].append(anchor)
    section["names"].append(anchor)
    return section


class DataDirective(SphinxDirective):
    """Base of the directives that render the data: the dataset, notes and source links."""

    has_content = False

    @property
    def ds(self) -> sovietdata.Dataset:
        """The dataset the book renders."""
        return dataset(self.env)

    def cite(self, record: Record) -> list[Node]:
        """The inline nodes of a ``{cite}`` for a record, made through the role."""
        role = CiteRole()
        made, _ = role("cite", f"{{cite}}`{record.id}`", record.id, self.lineno, self.state.inliner)
        return made

    def link(self, record: Record, label: str | None = None) -> Node:
        """A record's name linked to its entry (plain text where the book has no such page)."""
        return record_ref(self.env.docname, record, label or display(self.ds, record))

    def corrected(self, record: Record) -> list[Node]:
        """``Corrected: <field, date>`` links to the published corrections of a record."""
        out: list[Node] = []
        for i, correction in enumerate(self.ds.corrections_of(record.id)):
            out.append(nodes.Text("Corrected: " if not i else ", "))
            out.append(
                self.link(correction, f"{correction.field or 'record'}, {correction.date.text()}")
            )
        if out:
            out.append(nodes.Text("."))
            return [para(*out, classes=["sd-corrected"])]
        return out

    def source_links(self, *records: Record) -> list[Node]:
        """The sources the records cite, each once, as links to the bibliography."""
        out: list[Node] = []
        cited = [c for record in records for c in all_citations(record)]
        for i, citation in enumerate(cited_sources(self.ds, cited)):
            if i:
                out.append(nodes.Text("; "))
            out += citation_nodes(self.ds, self.env.docname, citation, quotes=False)
        out.append(nodes.Text("."))
        for record in records:
            self.note_sources(record)
        return out

    def note_sources(self, record: Record) -> None:
        """Count a record's sources as cited on this page, for ``page-sources``."""
        cited: dict[str, None] = self.state.document.__dict__.setdefault("_sovietdata_cited", {})
        for citation in all_citations(record):
            cited.setdefault(citation.source)

    def evidence(self, citations: Sequence[Citation]) -> list[Node]:
        """An "Evidence" heading and each citation with its grade, quotation and translation."""
        items = nodes.bullet_list(classes=["sd-evidence"])
        for citation in citations:
            cited = citation_nodes(self.ds, self.env.docname, citation, quotes=True)
            items += nodes.list_item("", para(*cited))
        return [para(nodes.strong("", "Evidence")), items]

    def target(self, node: nodes.Element, name: str) -> None:
        """Give a node an anchor that notes and other pages can link to."""
        node["ids"].append(name)
        node["names"].append(name)
        self.state.document.note_explicit_target(node)

    def heading(self, title: str, record: Record, classes: Sequence[str]) -> nodes.section:
        """A record's entry as a heading whose anchor is the record's."""
        section = _section(title, record_anchor(record), classes)
        self.state.document.note_explicit_target(section)
        return section


def _rows(rows: Sequence[tuple[str, Sequence[Node]]], classes: list[str]) -> nodes.definition_list:
    """Label and value pairs as a definition list."""
    dl = nodes.definition_list(classes=classes)
    for term, value in rows:
        item = nodes.definition_list_item()
        item += nodes.term(term, term)
        item += nodes.definition("", para(*value))
        dl += item
    return dl


class FactCard(DataDirective):
    """The flagship election as a card: date, body, vote, proposer, predecessor and successor.

    The card's heading links to the election's entry, where its sources are: the page that
    shows the card cites the election in its prose, and a second note would repeat the first.
    """

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        election = ds.flagship()
        if election is None:
            raise self.error("the data has no election for the fact card")
        tenure = ds.lookup(election.tenure, Tenure)
        event = ds.lookup(election.event, Event)
        rows: list[tuple[str, list[Node]]] = [
            ("Office", [self.link(ds.lookup(election.office, Office))]),
            ("Person", [person_ref(self.env.docname, ds.lookup(election.person, Person))]),
            ("Elected on", [nodes.Text(election.date.text())]),
            (
                "Elected by",
                [
                    self.link(ds.lookup(election.body)),
                    nodes.Text(" ("),
                    self.link(event),
                    nodes.Text(f", {event.date.text()})"),
                ],
            ),
        ]
        if election.vote:
            rows.append(("Vote", [nodes.Text(election.vote.capitalize())]))
        if election.proposed_by:
            proposer = ds.lookup(election.proposed_by, Person)
            rows.append(("Proposed by", [person_ref(self.env.docname, proposer)]))
        for label, other in (
            ("Predecessor", ds.predecessor(tenure)),
            ("Successor", ds.successor(tenure)),
        ):
            if other is not None:
                rows.append((label, self.tenure_nodes(other)))
        rows.append(("In office", [self.link(tenure, _span(tenure))]))
        card = nodes.container(classes=["sd-factcard"])
        card += para(
            nodes.strong("", "", self.link(election, display(ds, election))),
            classes=["sd-factcard-head"],
        )
        card += _rows(rows, ["sd-factcard-list"])
        return [card]

    def tenure_nodes(self, tenure: Tenure) -> list[Node]:
        """A tenure as inline nodes: the holder linked, the title held where it differs, the span.

        The card's office row names the office; a title is shown only beside the tenure's own
        dates, never beyond them.
        """
        ds = self.ds
        person = ds.lookup(tenure.person, Person)
        office = ds.lookup(tenure.office, Office).title
        differs = tenure.title and not office.startswith(tenure.title)
        title = f", as {tenure.title}" if differs else ""
        return [
            person_ref(self.env.docname, person),
            nodes.Text(f"{title} ("),
            self.link(tenure, _span(tenure)),
            nodes.Text(")"),
        ]


def _filter_html(claims: Sequence[Claim]) -> str:
    """The verdict filter's form: hidden until the page's script runs, so without it all shows."""
    counts = Counter(c.verdict for c in claims)
    boxes = "".join(
        f'<label class="sd-filter-option"><input type="checkbox" name="verdict" '
        f'value="{html.escape(v.value)}" checked> '
        f'<span class="sd-badge sd-verdict-{html.escape(v.value)}">{html.escape(v.label)}</span> '
        f"({counts[v]})</label>"
        for v in sovietdata.Verdict
        if counts[v]
    )
    total = len(claims)
    return (
        '<form class="sd-filter" hidden>'
        f"<fieldset><legend>Show the claims whose verdict is</legend>{boxes}"
        '<button type="button" class="sd-filter-all">Show all</button></fieldset>'
        f'<p class="sd-filter-count" role="status" aria-live="polite">'
        f"Showing {total} of {total} claims.</p></form>"
    )


class Claims(DataDirective):
    """Every claim of the source article, each a heading with its verdict, finding and evidence.

    With ``:summary:``, one line per verdict with the number of claims that have it, each
    claim linked. With ``:index:``, the verdict filter and a list of links to every claim.
    Without either, every claim: a heading, the verdict badge, the claim in the book's words,
    the finding, and the evidence folded (open on request, always open in print).
    """

    option_spec: ClassVar[dict[str, Any]] = {
        "summary": directives.flag,
        "index": directives.flag,
        "article": directives.unchanged_required,
    }

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset; with ``:article: ID``, that article's claims."""
        claims = self.ds.claims
        article = self.options.get("article")
        if article is not None:
            if self.ds.get(article, Source) is None:
                raise self.error(f"no source with id {article!r} for :article:")
            claims = tuple(c for c in claims if c.article == article)
        if not claims:
            raise self.error("the data has no claims" + (f" of {article!r}" if article else ""))
        if "summary" in self.options and "index" in self.options:
            raise self.error("claims: give :summary: or :index:, not both")
        if "summary" in self.options:
            return [self.summary(claims)]
        if "index" in self.options:
            return self.index(claims)
        return [self.claim(claim) for claim in claims]

    def summary(self, claims: Sequence[Claim]) -> nodes.bullet_list:
        """One line per verdict with the number of claims that have it, each claim linked."""
        items = nodes.bullet_list(classes=["sd-verdict-summary"])
        for verdict in sovietdata.Verdict:
            counted = [c for c in claims if c.verdict is verdict]
            if not counted:
                continue
            mark = badge(verdict.label, f"sd-verdict-{verdict.value}")
            line = para(mark, f" {len(counted)} of {len(claims)} claims: ")
            for i, claim in enumerate(counted):
                if i:
                    line += nodes.Text(", ")
                line += self.link(claim, str(claim.number))
            items += nodes.list_item("", line)
        return items

    def index(self, claims: Sequence[Claim]) -> list[Node]:
        """The verdict filter (shown by the page's script) and a link to every claim."""
        jump = nodes.enumerated_list(classes=["sd-jump-list"])
        for claim in claims:
            item = nodes.list_item(classes=["sd-jump", f"sd-jump-{claim.verdict.value}"])
            item += para(
                self.link(claim, short_title(claim.paraphrase)),
                " ",
                badge(claim.verdict.label, f"sd-verdict-{claim.verdict.value}"),
            )
            jump += item
        guide = nodes.container(classes=["sd-claim-index"])
        guide += nodes.raw("", _filter_html(claims), format="html")
        guide += jump
        return [guide]

    def claim(self, claim: Claim) -> nodes.section:
        """One claim as a heading: verdict badge, the claim, finding, records and evidence."""
        ds = self.ds
        self.note_sources(claim)
        box = self.heading(
            claim_title(claim), claim, ["sd-claim", f"sd-claim-{claim.verdict.value}"]
        )
        box += para(
            badge(claim.verdict.label, f"sd-verdict-{claim.verdict.value}"),
            nodes.inline("", f" in the article's section “{claim.section}”", classes=["sd-where"]),
            classes=["sd-claim-head"],
        )
        box += para(claim.paraphrase, classes=["sd-claim-paraphrase"])
        if claim.quote:
            quote = nodes.inline("", f"“{claim.quote}”", classes=["sd-quote"])
            box += nodes.block_quote(
                "", para("The article's words: ", quote), classes=["sd-article-quote"]
            )
        box += para(nodes.strong("", "Finding: "), claim.explanation)
        if claim.correction:
            box += para(nodes.strong("", "Correction: "), claim.correction)
        if claim.related:
            parts: list[Node] = [nodes.strong("", "Records: ")]
            for i, related in enumerate(ds.lookup(r) for r in claim.related):
                if i:
                    parts.append(nodes.Text("; "))
                parts.append(self.link(related))
            box += para(*parts, classes=["sd-records"])
        count = len(cited_sources(ds, claim.evidence))
        fold = folded(
            summary=f"Evidence: {count} source{'s' if count != 1 else ''}",
            classes=["sd-evidence-fold"],
        )
        fold += self.evidence(claim.evidence)[1:]
        box += fold
        box += self.corrected(claim)
        return box


class ArticleSource(DataDirective):
    """The article a page reviews, as the data knows it: title, author, date, address, grade.

    The one argument is the source's id. What the data does not record is said plainly.
    """

    required_arguments = 1

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        source = ds.get(self.arguments[0], Source)
        if source is None:
            raise self.error(f"article-source: no source with id {self.arguments[0]!r}")
        self.note_sources(source)
        unknown = "not recorded"
        site = ", ".join(x for x in (source.container, source.publisher, source.place) if x)
        where: list[Node] = [nodes.Text(site or unknown)]
        if source.url:
            where = [
                *where,
                nodes.Text(", at "),
                nodes.reference("", source.url, refuri=source.url),
            ]
        grade = ds.grade_of(source)
        rows: list[tuple[str, list[Node]]] = [
            ("Title", [nodes.emphasis("", source.title, classes=[f"language-{source.language}"])]),
            ("Kind", [nodes.Text(source.kind.value.capitalize())]),
            ("Author", [nodes.Text(" and ".join(source.authors) or unknown)]),
            ("Published", [nodes.Text(source.published.text() if source.published else unknown)]),
            ("Where", where),
            ("Grade", [entry_ref(self.env.docname, record_anchor(grade), grade.name)]),
        ]
        if source.assessment:
            rows.append(("Assessment", [nodes.Text(source.assessment)]))
        rows.append(("Entry", [self.link(source, "in the bibliography")]))
        card = nodes.container(classes=["sd-factcard", "sd-article-source"])
        card += _rows(rows, ["sd-factcard-list"])
        return [card]


class Disputes(DataDirective):
    """Every fact the sources disagree on, each a heading: each value, its rank, reason, sources."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        out: list[Node] = []
        for dispute in ds.disputes:
            self.note_sources(dispute)
            box = self.heading(dispute.question, dispute, ["sd-dispute"])
            subject = ds.lookup(dispute.subject)
            box += para(
                "About: ",
                self.link(subject),
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
                    sources += citation_nodes(ds, self.env.docname, c, quotes=False)
                named = ds.get(value.value) if dispute.field in REFERENCE_FIELDS else None
                shown = display(ds, named) if named is not None else dispute_value(value.value)
                rows.append(
                    [
                        [nodes.inline("", shown, classes=["sd-value"])],
                        [badge(value.rank.value.capitalize(), f"sd-rank-{value.rank.value}")],
                        [nodes.Text(value.reason)],
                        sources,
                    ]
                )
            box += table(("Value", "Rank", "Reason", "Sources"), rows, ["sd-dispute-table"])
            if dispute.note:
                box += para(nodes.strong("", "Note: "), dispute.note)
            box += self.corrected(dispute)
            out.append(box)
        return out


class WhosWho(DataDirective):
    """Every person in the data: names, life dates, offices and summary."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        out: list[Node] = []
        for person in sorted(ds.people, key=short_name):
            # A section per person, so the page's table of contents lists everyone.
            box = self.heading(person.name, person, ["sd-person"])
            names: list[Node] = []
            if person.name_ru:
                names.append(nodes.inline("", person.name_ru, classes=["language-ru"]))
            if person.full_name:
                names = [nodes.Text(f"{person.full_name}" + ("; " if names else "")), *names]
            box += para(*names, *self.cite(person), classes=["sd-person-head"])
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
                box += para("; ".join(life) + ".")
            box += para(person.summary)
            box += self.corrected(person)
            tenures = ds.tenures_of(person.id)
            if tenures:
                items = nodes.bullet_list(classes=["sd-tenures"])
                for t in tenures:
                    items += nodes.list_item(
                        "", para(f"{tenure_label(ds, t)}: ", self.link(t, _span(t)))
                    )
                box += items
            out.append(box)
        return out


#: What an entry of the events page shows: date, kind, title, text, and the records it names.
_Parts = tuple[str, str, str, list[Node | str], list[Record]]


class Events(DataDirective):
    """Every event, election and tenure in date order, under a heading per decade.

    Each entry has its record's anchor, its date in words, the bodies and people it names
    linked to their entries, and a note with its sources.
    """

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        records: list[tuple[tuple[Any, ...], Event | Election | Tenure]] = []
        for event in ds.events:
            records.append((event.date.sort_key(), event))
        for election in ds.elections:
            records.append((election.date.sort_key(), election))
        for tenure in ds.tenures:
            records.append((tenure.start.sort_key(), tenure))
        if not records:
            raise self.error("the data has no events, elections or tenures")
        order: dict[type[Record], int] = {Event: 0, Election: 1, Tenure: 2}
        records.sort(key=lambda r: (r[0], order[type(r[1])], r[1].id))
        out: list[Node] = []
        decade: nodes.section | None = None
        for key, record in records:
            year = key[0].year
            name = f"The {year // 10 * 10}s"
            if decade is None or decade["names"][0] != f"events-{year // 10 * 10}s":
                decade = _section(name, f"events-{year // 10 * 10}s", ["sd-decade"])
                out.append(decade)
            decade += self.entry(record)
        return out

    def entry(self, record: Event | Election | Tenure) -> nodes.container:
        """One record's entry: kind, date, what happened, who and which bodies, and a note."""
        box = nodes.container(classes=["sd-entry", f"sd-entry-{type(record).__name__.lower()}"])
        self.target(box, record_anchor(record))
        self.note_sources(record)
        if isinstance(record, Event):
            when, kind, title, body, named = self.event(record)
        elif isinstance(record, Election):
            when, kind, title, body, named = self.election(record)
        else:
            when, kind, title, body, named = self.tenure(record)
        box += para(
            nodes.strong("", when),
            " ",
            badge(kind, "sd-kind"),
            " ",
            nodes.strong("", title),
            *self.cite(record),
            classes=["sd-entry-head"],
        )
        if body:
            box += para(*body)
        links: list[Node] = []
        for other in named:
            links += [nodes.Text("; " if links else "Named: "), self.link(other)]
        if links:
            box += para(*links, ".", classes=["sd-entry-named"])
        box += self.corrected(record)
        return box

    def event(self, event: Event) -> _Parts:
        """An event's date, kind, title, place and summary, and the bodies and people it names."""
        ds = self.ds
        body: list[Node | str] = [f"{event.place}. "] if event.place else []
        body.append(event.summary)
        named: list[Record] = [ds.lookup(b, Body) for b in event.bodies]
        named += [ds.lookup(p, Person) for p in event.people]
        return event.date.text(), event.kind.value.replace("-", " "), event.title, body, named

    def election(self, election: Election) -> _Parts:
        """An election's date and title, the body and meeting, proposer, vote and significance."""
        ds = self.ds
        body: list[Node | str] = ["By the ", self.link(ds.lookup(election.body)), " at the "]
        body += [self.link(ds.lookup(election.event, Event)), "."]
        if election.proposed_by:
            body += [" Proposed by ", self.link(ds.lookup(election.proposed_by, Person)), "."]
        if election.vote:
            body.append(f" Vote: {election.vote}.")
        body += [" ", election.significance]
        named: list[Record] = [ds.lookup(election.person, Person)]
        return election.date.text(), "election", display(ds, election), body, named

    def tenure(self, tenure: Tenure) -> _Parts:
        """A tenure's span, holder and office, the events that began and ended it, its note."""
        ds = self.ds
        person = ds.lookup(tenure.person, Person)
        body: list[Node | str] = []
        if tenure.start_event:
            body += ["Began with the ", self.link(ds.lookup(tenure.start_event, Event))]
            body.append("; ended with the " if tenure.end_event else ". ")
        elif tenure.end_event:
            body.append("Ended with the ")
        if tenure.end_event:
            body += [self.link(ds.lookup(tenure.end_event, Event)), ". "]
        if tenure.note:
            body.append(tenure.note)
        title = f"{person.name}, {tenure_label(ds, tenure)}"
        return _span(tenure), "tenure", title, body, [person, ds.lookup(tenure.office, Office)]


class DataGlossary(DataDirective):
    """A Sphinx glossary of the bodies and offices in the data, so ``{term}`` links to them."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        entries: list[tuple[str, str | None, str, tuple[Record, ...], Record | None]] = []
        for body in ds.bodies:
            entries.append((body.name, body.name_ru, body.summary, (body,), body))
        for office in ds.offices:
            entries.append((office.title, office.title_ru, office.summary, (office,), office))
        entries += [(*e, None) for e in self.title_entries()]
        glossary = addnodes.glossary()
        glossary["sorted"] = False  # already sorted here
        dl = nodes.definition_list(classes=["glossary"])
        glossary += dl
        for name, name_ru, summary, records, record in sorted(entries, key=lambda e: e[0].lower()):
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
            if record is not None:
                self.target(term, record_anchor(record))
            item += term
            definition: list[Node] = []
            if name_ru:
                definition.append(para(nodes.emphasis("", name_ru)))
            definition.append(para(summary))
            # Plain links, not a sidenote: the theme would move a sidenote out of the <dd>.
            definition.append(
                para("Sources: ", *self.source_links(*records), classes=["sd-inline-sources"])
            )
            if record is not None:
                definition += self.corrected(record)
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


class Bibliography(DataDirective):
    """Every source in the data, with an anchor that ``{cite}`` and the evidence lists link to.

    An entry gives the title once: after the label where the label names authors, as the
    entry's head where it has none.
    """

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        out = nodes.bullet_list(classes=["sd-bibliography"])
        for source in sorted(ds.sources, key=lambda s: (source_label(s).lower(), s.id)):
            item = nodes.list_item(classes=["sd-source"])
            self.target(item, record_anchor(source))
            title = nodes.emphasis("", source.title, classes=[f"language-{source.language}"])
            parts: list[Node | str] = []
            if source.authors:
                parts += [nodes.strong("", source_label(source)), ". "]
                parts.append(" and ".join(source.authors) + ". ")
            if source.editors:
                parts.append("Edited by " + " and ".join(source.editors) + ". ")
            parts += [nodes.strong("", "", title) if not source.authors else title, ". "]
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
            parts.append(entry_ref(self.env.docname, record_anchor(grade), grade.name))
            parts.append(f". [{source.kind.value}; id ")
            parts.append(nodes.literal("", source.id))
            parts.append("]")
            item += para(*parts)
            if source.assessment:
                item += para(nodes.emphasis("", source.assessment), classes=["sd-assessment"])
            corrected = self.corrected(source)
            item += corrected
            out += item
        return [out]


class Grades(DataDirective):
    """The reliability scale: each grade with its definition and how many sources have it."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        counts = Counter(s.grade for s in ds.sources)
        items = nodes.bullet_list(classes=["sd-grades"])
        for grade in ds.grades:
            count = counts[grade.id]
            item = nodes.list_item()
            self.target(item, record_anchor(grade))
            parts: list[Node | str] = [
                nodes.strong("", grade.name),
                f" ({count} source{'s' if count != 1 else ''}). ",
                grade.definition,
            ]
            if not grade.supports_dates:
                parts.append(nodes.strong("", " Never alone the source of a date of the story."))
            item += para(*parts)
            items += item
        return [items]


class CheckCounts(DataDirective):
    """What the checks of the citations found, counted from the data at build time."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        citations = [c for record in ds for c in all_citations(record)]
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
        return [table(("What", "Count"), body, ["sd-check-counts"])]


class Corrections(DataDirective):
    """Every published correction, newest first, each with the anchor its record links to."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        if not ds.corrections:
            return [para("No fact has been corrected.")]
        out: list[Node] = []
        for correction in ds.corrections:
            self.note_sources(correction)
            box = nodes.container(classes=["sd-correction"])
            self.target(box, record_anchor(correction))
            record = ds.get(correction.record)
            name: Node = (
                self.link(record) if record is not None else nodes.literal("", correction.record)
            )
            what = f" ({correction.field})" if correction.field else " (record withdrawn)"
            box += para(
                nodes.strong("", correction.date.text()),
                ": ",
                name,
                what,
                classes=["sd-correction-head"],
            )
            if correction.old is not None:
                box += para(nodes.strong("", "Was: "), correction.old)
            if correction.new is not None:
                box += para(nodes.strong("", "Now: "), correction.new)
            box += para(nodes.strong("", "Why: "), correction.reason)
            box += self.evidence(correction.citations)
            out.append(box)
        return out


def setup(app: Sphinx) -> None:
    """Register the directives of generated pages, the folded node and the guide's script."""
    app.add_directive("factcard", FactCard)
    app.add_directive("claims", Claims)
    app.add_directive("article-source", ArticleSource)
    app.add_directive("disputes", Disputes)
    app.add_directive("whoswho", WhosWho)
    app.add_directive("events", Events)
    app.add_directive("data-glossary", DataGlossary)
    app.add_directive("bibliography", Bibliography)
    app.add_directive("grades", Grades)
    app.add_directive("check-counts", CheckCounts)
    app.add_directive("corrections", Corrections)
    app.add_directive("data-fields", DataFields)
    app.add_node(
        folded,
        html=(_visit_folded, _depart_folded),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    # The verdict filter and the printing of folded evidence; the extension ships the folder.
    app.add_js_file("guide.js", loading_method="defer")


# --- the data file format, from the record types --------------------------------------------


def _attr_docs() -> dict[tuple[str, str], str]:
    """The ``#:`` comments of the record types' fields, by (class name, field)."""
    from sphinx.pycode import ModuleAnalyzer  # noqa: PLC0415 - only for this page

    docs = ModuleAnalyzer.for_module("sovietdata.models").find_attr_docs()
    return {key: " ".join(lines).strip() for key, lines in docs.items()}


_ALIASES: dict[object, tuple[str, str]] = {
    models.Id: ("id", '"my-record"'),
    models.Text: ("text", '"…"'),
    models.Url: ("web address (http:// or https://)", '"https://example.org/page"'),
    models.QId: ("Wikidata id (Q and digits)", '"Q35314"'),
    models.Isbn: ("ISBN-13, digits only", '"9780393051445"'),
    models.Lang: ("language tag (en, ru, …)", '"en"'),
}


def type_words(annotation: object) -> tuple[str, str]:  # noqa: PLR0911 - one per kind of type
    """How a field's type reads in the format's tables, and a placeholder for its template."""
    if annotation in _ALIASES:
        return _ALIASES[annotation]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)]
        return type_words(inner[0])
    if origin is typing.Annotated:
        base, *metas = args
        limits = [m for m in metas if isinstance(m, msgspec.Meta)]
        words, example = type_words(base)
        if base is int and limits and limits[0].ge is not None:
            return f"whole number from {limits[0].ge}", str(limits[0].ge)
        if limits and limits[0].max_length is not None:
            return f"{words} of at most {limits[0].max_length} characters", example
        return words, example
    if origin is tuple:
        item, _ = type_words(args[0])
        if isinstance(args[0], type) and issubclass(args[0], msgspec.Struct):
            return f"tables of {args[0].__name__.lower()} fields", ""
        return f"list of {item}s", "[]"
    if annotation is bool:
        return "true or false", "false"
    if annotation is SingleDate:
        return "EDTF date (1953, 1953-09, 1953-09-07, with ? ~ %)", '"1953-09-07"'
    if annotation is EDTF:
        return "EDTF date or span (1953-09-03/1953-09-07, open or unknown ends)", '"1953-09-07"'
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        values = [str(m.value) for m in annotation]
        return "one of " + ", ".join(values), f'"{values[0]}"'
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return f"inline table of {annotation.__name__.lower()} fields", ""
    return getattr(annotation, "__name__", str(annotation)), '"…"'


class DataFields(DataDirective):
    """Every section of a data file: a table of its fields (type, required, meaning) and a template.

    Written from the record types themselves, so the page cannot fall behind the format.
    """

    def run(self) -> list[Node]:
        """Build a section per record type, with its table and its template."""
        from sovietdata._loader import SECTIONS  # noqa: PLC0415 - the file sections, in order

        docs = _attr_docs()
        out: list[Node] = []
        for name, kind in SECTIONS.items():
            section = nodes.section()
            section += nodes.title(f"[[{name}]]", f"[[{name}]]")
            self.target(section, f"format-{name}")
            hints = typing.get_type_hints(kind, include_extras=True)
            rows: list[list[list[Node]]] = []
            template = [f"[[{name}]]"]
            for field in msgspec.structs.fields(kind):
                words, example = type_words(hints[field.name])
                meaning = next(
                    (
                        docs[(c.__name__, field.name)]
                        for c in kind.__mro__
                        if (c.__name__, field.name) in docs
                    ),
                    "",
                )
                rows.append(
                    [
                        [nodes.literal("", field.name)],
                        [nodes.Text(words)],
                        [nodes.Text("required" if field.required else "optional")],
                        [nodes.Text(meaning)],
                    ]
                )
                if field.required and example:
                    template.append(f"{field.name} = {example}")
                elif field.required:
                    item = field.name if field.name != "values" else "values"
                    template += ["", f"[[{name}.{item}]]", 'source = "a-source-id"', 'page = "1"']
            section += table(("Field", "Type", "", "Meaning"), rows, ["sd-fields"])
            section += para(f"A [[{name}]] to start from, with its required fields:")
            section += nodes.literal_block(
                "\n".join(template), "\n".join(template), language="toml"
            )
            out.append(section)
        return out
