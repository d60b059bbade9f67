"""The ``jsonld`` format: the dataset as schema.org JSON-LD, each claim a ``ClaimReview``.

Named ``jsonld_format``, like the other format modules, so that no module of the
package shares a name with the standard library or with a function it exports.
The context is the package data file ``sovietdata/context.jsonld``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import metadata
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Final

from sovietdata import Dataset, text
from sovietdata.edtf import EDTF, Interval, SingleDate
from sovietdata.export.shared import Json, dumps
from sovietdata.models import (
    Body,
    Claim,
    Election,
    Event,
    Office,
    Person,
    Record,
    Source,
    SourceKind,
    Tenure,
    Verdict,
)

__all__ = [
    "ANNOTATED_PAGE",
    "ID_PREFIX",
    "RATINGS",
    "VERDICT_SCALE_ID",
    "claim_url",
    "default_base_url",
    "jsonld_context",
    "render",
    "to_jsonld",
]

#: Prefix of every JSON-LD node id: ``urn:sovietdata:khrushchev``.
ID_PREFIX: Final = "urn:sovietdata:"
_WIKIDATA: Final = "http://www.wikidata.org/entity/"

#: ClaimReview rating of each verdict that is a degree of truth, from 1 (incorrect) up, as the
#: verdict scale (``sovietdata/verdicts.toml``) gives it; ``unverifiable`` is not a degree of
#: truth and has no rating.
RATINGS: Final[Mapping[Verdict, int]] = MappingProxyType(
    {v: v.rating for v in Verdict if v.rating is not None}
)
#: Where the book shows each claim of the article, relative to the book's base address.
ANNOTATED_PAGE: Final = "article/annotated.html"
#: Id of the verdict scale's ``DefinedTermSet`` node.
VERDICT_SCALE_ID: Final = ID_PREFIX + "verdict-scale"

_CREATIVE_WORK: Final[Mapping[SourceKind, str]] = {
    SourceKind.BOOK: "Book",
    SourceKind.ARTICLE: "Article",
    SourceKind.NEWSPAPER: "NewsArticle",
    SourceKind.WEBSITE: "WebPage",
}


def jsonld_context() -> Json:
    """The JSON-LD context shipped as ``sovietdata/context.jsonld`` (schema.org as vocabulary).

    >>> export.jsonld_context()["@vocab"]
    'http://schema.org/'
    """
    text = files("sovietdata").joinpath("context.jsonld").read_text(encoding="utf-8")
    context: Json = json.loads(text)["@context"]
    return context


def _ref(record_id: str) -> Json:
    return {"@id": ID_PREFIX + record_id}


def _iso(date: SingleDate) -> str:
    """An ISO 8601 date at the date's own precision, without EDTF qualifiers."""
    out = f"{date.year:04d}"
    if date.month is not None:
        out += f"-{date.month:02d}"
    if date.day is not None:
        out += f"-{date.day:02d}"
    return out


def _span(date: EDTF) -> Json:
    if isinstance(date, SingleDate):
        return {"startDate": _iso(date)}
    assert isinstance(date, Interval)
    out: Json = {}
    if date.start is not None:
        out["startDate"] = _iso(date.start)
    if date.end is not None:
        out["endDate"] = _iso(date.end)
    return out


def _place(name: str | None) -> Json | None:
    return {"@type": "Place", "name": name} if name else None


def _node(record_id: str, kind: str, **properties: Any) -> Json:
    """A node with its id and type; properties that are None or empty are left out."""
    node: Json = {"@id": ID_PREFIX + record_id, "@type": kind}
    node.update((k, v) for k, v in properties.items() if v not in (None, [], ""))
    return node


def _about(ds: Dataset, record: Record) -> list[Json]:
    return [_ref(s.id) for s in ds.sources_of(record)]


# Records that become nodes of their own (tenures as OrganizationRole nodes inside bodies).
_NODES: Final = (Person, Body, Tenure, Event, Election, Source, Claim)


def _refs(ds: Dataset, ids: Iterable[str]) -> list[Json]:
    """References to the records that are nodes in the graph; offices and disputes are not."""
    return [_ref(i) for i in dict.fromkeys(ids) if isinstance(ds.get(i), _NODES)]


def _person(ds: Dataset, p: Person) -> Json:
    names = [{"@value": p.name_ru, "@language": "ru"}] if p.name_ru else []
    if p.full_name:
        names.append({"@value": p.full_name, "@language": "en"})
    return _node(
        p.id,
        "Person",
        name=p.name,
        alternateName=names,
        birthDate=_iso(p.born) if p.born else None,
        birthPlace=_place(p.born_place),
        deathDate=_iso(p.died) if p.died else None,
        deathPlace=_place(p.died_place),
        description=p.summary,
        sameAs=_WIKIDATA + p.wikidata if p.wikidata else None,
        subjectOf=_about(ds, p),
    )


def _role(ds: Dataset, t: Tenure) -> Json:
    office = ds.lookup(t.office, Office)
    return _node(
        t.id,
        "OrganizationRole",
        roleName=t.title or office.title,
        startDate=_iso(t.start),
        endDate=_iso(t.end) if t.end else None,
        member=_ref(t.person),
        description=t.note,
    )


def _organization(ds: Dataset, b: Body) -> Json:
    roles = [_role(ds, t) for t in ds.tenures if ds.lookup(t.office, Office).body == b.id]
    return _node(
        b.id,
        "Organization",
        name=b.name,
        alternateName={"@value": b.name_ru, "@language": "ru"} if b.name_ru else None,
        description=b.summary,
        parentOrganization=_ref(b.parent) if b.parent else None,
        sameAs=_WIKIDATA + b.wikidata if b.wikidata else None,
        member=roles,
        subjectOf=_about(ds, b),
    )


def _event(ds: Dataset, e: Event) -> Json:
    return _node(
        e.id,
        "Event",
        name=e.title,
        **_span(e.date),
        description=e.summary,
        location=_place(e.place),
        organizer=[_ref(b) for b in e.bodies],
        attendee=[_ref(p) for p in e.people],
        subjectOf=_about(ds, e),
    )


def _election(ds: Dataset, e: Election) -> Json:
    return _node(
        e.id,
        "Event",
        name=text.display(ds, e),
        startDate=_iso(e.date),
        description=e.significance,
        superEvent=_ref(e.event),
        organizer=_ref(e.body),
        about=_ref(e.person),
        subjectOf=_about(ds, e),
    )


def _creative_work(s: Source) -> Json:
    return _node(
        s.id,
        _CREATIVE_WORK.get(s.kind, "CreativeWork"),
        name=s.title,
        author=[{"name": a} for a in s.authors],
        editor=[{"name": a} for a in s.editors],
        isPartOf={"@type": "CreativeWork", "name": s.container} if s.container else None,
        publisher={"@type": "Organization", "name": s.publisher} if s.publisher else None,
        locationCreated=_place(s.place),
        datePublished=_iso(s.published) if s.published else None,
        url=s.url,
        isbn=s.isbn,
        inLanguage=s.language,
    )


def default_base_url() -> str | None:
    """The book's address as the package metadata gives it (``[project.urls] Documentation``).

    None when the project configures none, as today; the exports then write addresses
    relative to the book's root.
    """
    try:
        urls: list[str] = metadata.metadata("sovietdata").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - the package runs from a checkout
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().casefold() == "documentation" and url.strip():
            return url.strip()
    return None


def claim_url(claim: Claim, base_url: str | None = None) -> str:
    """The address of a claim's entry on the book's annotated-article page.

    The anchor is the claim's record anchor in the book (its id, which starts with
    ``claim-``); without ``base_url`` the address is relative to the book's root.
    Raises :class:`ValueError` for a base address that is not ``http(s)://``.

    >>> claim = sovietdata.claims()[0]
    >>> export.claim_url(claim)
    'article/annotated.html#claim-elected-at-20th-congress'
    >>> export.claim_url(claim, "https://example.org/book")
    'https://example.org/book/article/annotated.html#claim-elected-at-20th-congress'
    """
    # The same string as sovietdata.sphinx.markup.record_anchor, which export does not import.
    anchor = claim.id if claim.id.startswith("claim-") else f"claim-{claim.id}"
    page = f"{ANNOTATED_PAGE}#{anchor}"
    if base_url is None:
        return page
    if not base_url.startswith(("http://", "https://")) or any(c.isspace() for c in base_url):
        raise ValueError(f"base address must be an http(s):// address, not {base_url!r}")
    return f"{base_url.rstrip('/')}/{page}"


def _verdict_id(verdict: Verdict) -> str:
    return f"{VERDICT_SCALE_ID}/{verdict.value}"


def _verdict_scale() -> Json:
    """The verdict scale as a ``DefinedTermSet`` of ``DefinedTerm`` nodes."""
    terms = [
        {
            "@id": _verdict_id(v),
            "@type": "DefinedTerm",
            "termCode": v.value,
            "name": v.label,
            "description": v.definition,
            "inDefinedTermSet": {"@id": VERDICT_SCALE_ID},
        }
        for v in Verdict
    ]
    return {
        "@id": VERDICT_SCALE_ID,
        "@type": "DefinedTermSet",
        "name": "Verdict scale",
        "description": "The verdicts of the fact-check. Degrees of truth are rated from 1 "
        f"(least true) to {max(RATINGS.values())}; "
        + ", ".join(
            f"{v.label.lower()} is not a degree of truth and has no rating"
            for v in Verdict
            if not v.degree_of_truth
        )
        + ".",
        "hasDefinedTerm": terms,
    }


def _rating(verdict: Verdict) -> Json:
    rating: Json = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.degree_of_truth:
        rating["ratingValue"] = RATINGS[verdict]
        rating["bestRating"] = max(RATINGS.values())
        rating["worstRating"] = min(RATINGS.values())
    rating["ratingExplanation"] = verdict.definition
    rating["additionalType"] = {"@id": _verdict_id(verdict)}
    return rating


def _claim_review(ds: Dataset, c: Claim, base_url: str | None) -> Json:
    claim: Json = {
        "@id": f"{ID_PREFIX}{c.id}#claim",
        "@type": "Claim",
        "appearance": _ref(c.article),
        "position": c.number,
    }
    if c.quote:
        claim["text"] = c.quote
    checked = [e.check.date for e in c.evidence if e.check is not None]
    corrected = [x.date for x in ds.corrections_of(c)]
    return _node(
        c.id,
        "ClaimReview",
        url=claim_url(c, base_url),
        claimReviewed=c.paraphrase,
        itemReviewed=claim,
        reviewRating=_rating(c.verdict),
        reviewBody=c.explanation if not c.correction else f"{c.explanation} {c.correction}",
        author={"@type": "Organization", "name": "sovietdata"},
        datePublished=_iso(min(checked, key=lambda d: d.sort_key())) if checked else None,
        dateModified=_iso(max(corrected, key=lambda d: d.sort_key())) if corrected else None,
        about=_refs(ds, c.related),
        citation=_refs(ds, (e.source for e in c.evidence)),
    )


def to_jsonld(ds: Dataset, *, base_url: str | None = None) -> Json:
    """The dataset as a JSON-LD document with schema.org types and an inline context.

    The ``@context`` is :func:`jsonld_context`, so the document needs nothing
    from the network to be processed; the ``@graph`` holds schema.org nodes:

    - ``Person`` for people, with ``alternateName`` in Russian, ``birthDate`` and
      ``deathDate`` as ISO dates at their known precision, ``sameAs`` the Wikidata entity;
    - ``Event`` for events and elections (``startDate``, ``endDate``, ``location``,
      ``organizer`` for the bodies, ``attendee`` for the people);
    - ``Organization`` for bodies (``parentOrganization``, and ``member`` holding an
      ``OrganizationRole`` for each tenure of an office of the body);
    - ``Book``, ``Article``, ``NewsArticle``, ``WebPage`` or ``CreativeWork`` for sources;
    - a ``ClaimReview`` for each claim of the article, rated as :data:`RATINGS` says
      (a verdict that is not a degree of truth has no ``ratingValue``), with the verdict
      as the rating's ``alternateName`` and its ``additionalType``, a ``DefinedTerm`` of
      the verdict scale (a ``DefinedTermSet``, :data:`VERDICT_SCALE_ID`); its ``url`` is
      :func:`claim_url` (relative to the book's root unless ``base_url`` is given),
      ``datePublished`` the day its evidence was first checked and ``dateModified`` the
      day of its newest correction; the ``Claim`` it reviews has an ``@id`` of its own
      and its ``appearance``, the article.

    Node ids are :data:`ID_PREFIX` followed by the record id.

    >>> import sovietdata
    >>> doc = export.to_jsonld(sovietdata.dataset())
    >>> {"Person", "Event", "Organization", "ClaimReview"} <= {n["@type"] for n in doc["@graph"]}
    True
    """
    graph: list[Json] = []
    graph += (_person(ds, p) for p in ds.people)
    graph += (_organization(ds, b) for b in ds.bodies)
    graph += (_event(ds, e) for e in ds.events)
    graph += (_election(ds, e) for e in ds.elections)
    graph += (_creative_work(s) for s in ds.sources)
    if ds.claims:
        graph.append(_verdict_scale())
    graph += (_claim_review(ds, c, base_url) for c in ds.claims)
    return {"@context": jsonld_context(), "@graph": graph}


def render(ds: Dataset, *, base_url: str | None = None) -> str:
    """:func:`to_jsonld` as text: what ``sovietdata export --format jsonld`` writes.

    ``base_url`` defaults to :func:`default_base_url`.
    """
    return dumps(to_jsonld(ds, base_url=base_url or default_base_url()))
