"""The directives of generated pages: fact card, claims, disputes, who's who, glossary and more.

They also render the bibliography, the reliability scale, the counts of checks and the
corrections.

Each renders records of the book's dataset (see :mod:`sovietdata.sphinx.data`) and gives each
entry an anchor (``claim-<n>``, ``person-<id>``, ``source-<id>``, ``dispute-<id>``,
``grade-<id>``, ``correction-<id>``) that notes and other pages link to.
"""

from __future__ import annotations

import enum
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
    models,
)
from sovietdata.edtf import EDTF, SingleDate
from sovietdata.models import REFERENCE_FIELDS
from sovietdata.sphinx.data import dataset
from sovietdata.sphinx.markup import badge, entry_ref, para, person_ref, table
from sovietdata.sphinx.notes import (
    CiteRole,
    all_citations,
    citation_nodes,
    cited_sources,
    correction_links,
)
from sovietdata.text import display, dispute_value, short_name, source_label

__all__ = [
    "Bibliography",
    "CheckCounts",
    "Claims",
    "Corrections",
    "DataDirective",
    "DataFields",
    "DataGlossary",
    "Disputes",
    "FactCard",
    "Grades",
    "WhosWho",
    "claim_anchor",
    "setup",
    "type_words",
]


def claim_anchor(claim: Claim) -> str:
    """The anchor of a claim's box: ``claim-<article id>-<number>``."""
    return f"claim-{claim.article}-{claim.number}"


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


class FactCard(DataDirective):
    """The flagship election as a card: date, body, vote, proposer, predecessor and successor."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        election = ds.flagship()
        if election is None:
            raise self.error("the data has no election for the fact card")
        tenure = ds.lookup(election.tenure, Tenure)
        event = ds.lookup(election.event, Event)
        body = display(ds, ds.lookup(election.body))
        rows: list[tuple[str, list[Node]]] = [
            ("Office", [nodes.Text(ds.lookup(election.office, Office).title)]),
            ("Person", [person_ref(self.env.docname, ds.lookup(election.person, Person))]),
            ("Elected on", [nodes.Text(election.date.text())]),
            ("Elected by", [nodes.Text(f"{body} ({display(ds, event)}, {event.date.text()})")]),
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
        rows.append(("In office", [nodes.Text(self.span(tenure))]))
        dl = nodes.definition_list(classes=["sd-factcard-list"])
        for term, value in rows:
            item = nodes.definition_list_item()
            item += nodes.term(term, term)
            item += nodes.definition("", para(*value))
            dl += item
        card = nodes.container(classes=["sd-factcard"])
        # The note sits on the heading: a sidenote inside the list would break its structure.
        card += para(
            nodes.strong("", display(ds, election)),
            *self.cite(election),
            classes=["sd-factcard-head"],
        )
        card += dl
        return [card]

    def span(self, tenure: Tenure) -> str:
        """A tenure's dates in words."""
        end = tenure.end.text() if tenure.end else "the end of the data"
        return f"{tenure.start.text()} – {end}"

    def tenure_nodes(self, tenure: Tenure) -> list[Node]:
        """A tenure as inline nodes: the holder's name linked to the who's who, and the span."""
        person = self.ds.lookup(tenure.person, Person)
        title = tenure.title or self.ds.lookup(tenure.office, Office).title
        return [
            person_ref(self.env.docname, person),
            nodes.Text(f", {title} ({self.span(tenure)})"),
        ]


class Claims(DataDirective):
    """Every claim of the source article with its verdict badge, explanation and evidence.

    With ``:summary:``, one line per verdict with the number of claims that have it.
    """

    option_spec: ClassVar[dict[str, Any]] = {
        "summary": directives.flag,
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
        if "summary" in self.options:
            return [self.summary(claims)]
        return [self.claim(claim) for claim in claims]

    def summary(self, claims: Sequence[Claim]) -> nodes.bullet_list:
        """One line per verdict with the number of claims that have it."""
        counts = Counter(c.verdict for c in claims)
        items = nodes.bullet_list(classes=["sd-verdict-summary"])
        for verdict in sovietdata.Verdict:
            if counts[verdict]:
                mark = badge(verdict.label, f"sd-verdict-{verdict.value}")
                line = para(mark, f" {counts[verdict]} of {len(claims)} claims")
                items += nodes.list_item("", line)
        return items

    def claim(self, claim: Claim) -> nodes.container:
        """One claim as a box: verdict badge, paraphrase, finding, evidence and corrections."""
        ds, docname = self.ds, self.env.docname
        self.note_sources(claim)
        box = nodes.container(classes=["sd-claim", f"sd-claim-{claim.verdict.value}"])
        self.target(box, claim_anchor(claim))
        box += para(
            nodes.strong("", f"Claim {claim.number}"),
            " ",
            badge(claim.verdict.label, f"sd-verdict-{claim.verdict.value}"),
            " ",
            nodes.emphasis("", f"({claim.section})"),
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
                if isinstance(related, Person):
                    parts.append(person_ref(docname, related))
                else:
                    parts.append(nodes.literal("", related.id))
            box += para(*parts)
        box += self.evidence(claim.evidence)
        corrected = correction_links(ds, docname, claim)
        if corrected:
            box += para(*corrected, classes=["sd-corrected"])
        return box


class Disputes(DataDirective):
    """Every fact the sources disagree on: each value with its rank, reason and sources."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        out: list[Node] = []
        for dispute in ds.disputes:
            self.note_sources(dispute)
            box = nodes.container(classes=["sd-dispute"])
            self.target(box, f"dispute-{dispute.id}")
            subject = ds.lookup(dispute.subject)
            box += para(nodes.strong("", dispute.question), classes=["sd-dispute-head"])
            box += para(
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
                    sources += citation_nodes(ds, self.env.docname, c, quotes=False)
                named = ds.get(value.value) if dispute.field in REFERENCE_FIELDS else None
                shown = display(ds, named) if named is not None else dispute_value(value.value)
                rows.append(
                    [
                        [nodes.Text(shown)],
                        [badge(value.rank.value.capitalize(), f"sd-rank-{value.rank.value}")],
                        [nodes.Text(value.reason)],
                        sources,
                    ]
                )
            box += table(("Value", "Rank", "Reason", "Sources"), rows, ["sd-dispute-table"])
            if dispute.note:
                box += para(nodes.strong("", "Note: "), dispute.note)
            corrected = correction_links(ds, self.env.docname, dispute)
            if corrected:
                box += para(*corrected, classes=["sd-corrected"])
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
            box = nodes.section(classes=["sd-person"])
            box += nodes.title(person.name, person.name)
            self.target(box, f"person-{person.id}")
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
            corrected = correction_links(ds, self.env.docname, person)
            if corrected:
                box += para(*corrected, classes=["sd-corrected"])
            tenures = ds.tenures_of(person.id)
            if tenures:
                items = nodes.bullet_list()
                for t in tenures:
                    title = t.title or ds.lookup(t.office, Office).title
                    end = t.end.text() if t.end else "…"
                    items += nodes.list_item("", para(f"{title}: {t.start.text()} – {end}"))
                box += items
            out.append(box)
        return out


class DataGlossary(DataDirective):
    """A Sphinx glossary of the bodies and offices in the data, so ``{term}`` links to them."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
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
                definition.append(para(nodes.emphasis("", name_ru)))
            definition.append(para(summary))
            # Plain links, not a sidenote: the theme would move a sidenote out of the <dd>.
            definition.append(
                para("Sources: ", *self.source_links(*records), classes=["sd-inline-sources"])
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


class Bibliography(DataDirective):
    """Every source in the data, with an anchor that ``{cite}`` and the evidence lists link to."""

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
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
            parts.append(entry_ref(self.env.docname, f"grade-{grade.id}", grade.name))
            parts.append(f". [{source.kind.value}; id ")
            parts.append(nodes.literal("", source.id))
            parts.append("]")
            item += para(*parts)
            if source.assessment:
                item += para(nodes.emphasis("", source.assessment), classes=["sd-assessment"])
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
            self.target(item, f"grade-{grade.id}")
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

    def record_link(self, record: Record) -> Node:
        """The corrected record's name, linked to its entry where the book has one."""
        label = display(self.ds, record)
        if isinstance(record, Claim):
            anchor = claim_anchor(record)
        elif isinstance(record, Person | Dispute | Source):
            anchor = f"{type(record).__name__.lower()}-{record.id}"
        else:
            return nodes.emphasis("", label)
        return entry_ref(self.env.docname, anchor, label)

    def run(self) -> list[Node]:
        """Build the nodes from the book's dataset."""
        ds = self.ds
        if not ds.corrections:
            return [para("No fact has been corrected.")]
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
    """Register the directives of generated pages."""
    app.add_directive("factcard", FactCard)
    app.add_directive("claims", Claims)
    app.add_directive("disputes", Disputes)
    app.add_directive("whoswho", WhosWho)
    app.add_directive("data-glossary", DataGlossary)
    app.add_directive("bibliography", Bibliography)
    app.add_directive("grades", Grades)
    app.add_directive("check-counts", CheckCounts)
    app.add_directive("corrections", Corrections)
    app.add_directive("data-fields", DataFields)


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
