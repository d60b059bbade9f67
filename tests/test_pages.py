"""The generated pages of the book: one anchor per record, headings in the contents, the guide.

The book is built once (the ``html_build`` fixture of ``conftest.py``) and its HTML is read
with BeautifulSoup (which the book's theme depends on). The labels of tenures are checked over
the whole shipped dataset.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

import sovietdata
from sovietdata import Claim, Dispute, Election, Event, Office, Person, Tenure
from sovietdata.edtf import EDTF
from sovietdata.sphinx.markup import record_anchor
from sovietdata.sphinx.pages import claim_title, short_title, tenure_label
from sovietdata.sphinx.typography import en_dash_ranges
from tests.book import Build

DS = sovietdata.dataset()


def soup(build: Build, page: str) -> BeautifulSoup:
    """One page of the built book, parsed."""
    return BeautifulSoup((build.outdir / page).read_text(encoding="utf-8"), "html.parser")


def pages(build: Build) -> Iterator[Path]:
    """The book's own pages (not Sphinx's generated indexes or the highlighted sources)."""
    for path in sorted(build.outdir.rglob("*.html")):
        parts = path.relative_to(build.outdir).parts
        if not parts[0].startswith("_") and parts[0] not in ("genindex.html", "search.html"):
            yield path


@pytest.fixture(scope="module")
def ids(html_build: Build) -> Counter[str]:
    """Every element id in the book's pages, with how many times it occurs."""
    found: Counter[str] = Counter()
    for path in pages(html_build):
        found.update(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))
    return found


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def anchors(node: Tag) -> list[str]:
    """The anchors the links inside a node point to."""
    return [str(a["href"]).split("#")[1] for a in node.select("a[href*='#']")]


# --- anchors -----------------------------------------------------------------------------------


def test_every_record_of_the_shipped_data_has_exactly_one_anchor(ids: Counter[str]) -> None:
    wanted = {record_anchor(record): record for record in DS}
    missing = sorted(a for a in wanted if ids[a] == 0)
    doubled = sorted(a for a in wanted if ids[a] > 1)
    assert not missing, f"{len(missing)} records have no entry: {missing[:10]}"
    assert not doubled, f"anchors used more than once: {doubled[:10]}"


def test_no_anchor_repeats_its_kind(ids: Counter[str]) -> None:
    kinds = {type(r).__name__.lower() for r in DS}
    doubled = [i for i in ids if any(i.startswith(f"{k}-{k}-") for k in kinds)]
    assert not doubled


def test_links_to_record_entries_reach_an_anchor(html_build: Build, ids: Counter[str]) -> None:
    anchors = {record_anchor(r) for r in DS}
    broken: list[str] = []
    for path in pages(html_build):
        for href in re.findall(r'href="[^"#]*#([^"]+)"', path.read_text(encoding="utf-8")):
            to_entry = href in anchors or re.match(r"(claim|dispute|event|tenure|election)-", href)
            if to_entry and ids[href] == 0:
                broken.append(f"{path.name}#{href}")
    assert not broken, broken[:10]


# --- headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "records"),
    [("article/annotated.html", DS.claims), ("article/disputes.html", DS.disputes)],
)
def test_claims_and_disputes_are_headings_in_the_page_contents(
    html_build: Build, page: str, records: tuple[Claim | Dispute, ...]
) -> None:
    html = soup(html_build, page)
    toc = html.select_one("nav.page-toc")
    assert toc is not None
    listed = {a["href"] for a in toc.select("a[href]")}
    for record in records:
        anchor = record_anchor(record)
        assert f"#{anchor}" in listed, f"{anchor} is not in the page's contents"
        section = html.find("section", id=anchor)
        assert isinstance(section, Tag)
        heading = section.find(re.compile(r"h[2-4]"))
        assert heading is not None
        if isinstance(record, Claim):
            assert text(heading).startswith(claim_title(record))
        else:
            assert text(heading).startswith(record.question)


def test_claim_headings_name_the_claim_and_explain_the_article_section(
    html_build: Build,
) -> None:
    html = soup(html_build, "article/annotated.html")
    for claim in DS.claims:
        section = html.find("section", id=record_anchor(claim))
        assert isinstance(section, Tag)
        heading = text(section.find(re.compile(r"h[2-4]")))  # type: ignore[arg-type]
        assert "(Summary)" not in heading
        assert heading.startswith(f"Claim {claim.number}: ")
        head = section.select_one(".sd-claim-head")
        assert head is not None
        assert f"in the article's section “{claim.section}”" in text(head)


def test_short_titles_end_at_a_word() -> None:
    long = "Khrushchev won the post of First Secretary of the Soviet Communist Party at a congress."
    title = short_title(long, 40)
    assert title.endswith("…")
    assert len(title) <= 40
    assert long.startswith(title[:-1])
    assert long[len(title) - 1] == " "
    assert short_title("A short claim.") == "A short claim"
    with pytest.raises(ValueError, match="too short"):
        short_title(long, 5)


# --- the annotated article ----------------------------------------------------------------------


def test_the_article_page_names_the_article_from_its_record(html_build: Build) -> None:
    html = soup(html_build, "article/annotated.html")
    card = html.select_one(".sd-article-source")
    assert card is not None
    source = DS.lookup("seed-article", sovietdata.Source)
    words = text(card)
    assert source.title in words
    assert DS.grade_of(source).name in words
    assert "Author not recorded" in words
    assert "Published not recorded" in words
    link = card.select_one(f'a[href$="#{record_anchor(source)}"]')
    assert link is not None


def test_the_verdict_summary_links_every_claim_it_counts(html_build: Build) -> None:
    html = soup(html_build, "article/annotated.html")
    summary = html.select_one("ul.sd-verdict-summary")
    assert summary is not None
    for line, verdict in zip(
        summary.select("li"),
        [v for v in sovietdata.Verdict if any(c.verdict is v for c in DS.claims)],
        strict=True,
    ):
        counted = [c for c in DS.claims if c.verdict is verdict]
        assert verdict.label in text(line)
        assert anchors(line) == [record_anchor(c) for c in counted]


def test_the_filter_and_the_jump_list_sit_above_the_claims(html_build: Build) -> None:
    html = soup(html_build, "article/annotated.html")
    form = html.select_one("form.sd-filter")
    assert form is not None
    assert form.has_attr("hidden"), "without the script the filter stays hidden and all shows"
    boxes = form.select("input[type=checkbox][name=verdict]")
    assert {b["value"] for b in boxes} == {c.verdict.value for c in DS.claims}
    assert all(b.has_attr("checked") for b in boxes)
    status = form.select_one('[role="status"]')
    assert status is not None
    assert f"{len(DS.claims)} of {len(DS.claims)}" in text(status)
    jump = html.select("ol.sd-jump-list > li")
    assert [anchors(li)[0] for li in jump] == [record_anchor(c) for c in DS.claims]
    first_claim = html.find("section", class_="sd-claim")
    assert first_claim is not None
    assert form.sourceline is not None
    assert first_claim.sourceline is not None
    assert form.sourceline < first_claim.sourceline
    assert html.select_one('script[src*="guide.js"]') is not None


def test_each_claim_folds_its_evidence_and_links_its_records(html_build: Build) -> None:
    html = soup(html_build, "article/annotated.html")
    for claim in DS.claims:
        section = html.find("section", id=record_anchor(claim))
        assert isinstance(section, Tag)
        folded = section.select("details.sd-evidence-fold")
        assert len(folded) == 1
        assert folded[0].select_one("summary") is not None
        assert len(folded[0].select("ul.sd-evidence > li")) == len(claim.evidence)
        assert claim.paraphrase in text(section)
        if claim.related:
            records = section.select_one(".sd-records")
            assert records is not None
            assert not records.select("code"), "a record is shown as a raw id"
            assert anchors(records) == [record_anchor(DS.lookup(r)) for r in claim.related]


# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize("tenure", DS.tenures, ids=lambda t: t.id)
def test_a_tenure_label_names_its_office(tenure: Tenure) -> None:
    office = DS.lookup(tenure.office, Office).title
    label = tenure_label(DS, tenure)
    assert label.startswith(office)
    if tenure.title and not office.startswith(tenure.title):
        assert label == f"{office}, under the title {tenure.title}"


def test_the_whos_who_shows_each_tenure_with_its_office_and_dates(html_build: Build) -> None:
    html = soup(html_build, "reference/people.html")
    for person in DS.people:
        section = html.find("section", id=record_anchor(person))
        assert isinstance(section, Tag)
        items = [text(li) for li in section.select("ul.sd-tenures > li")]
        tenures = DS.tenures_of(person.id)
        assert len(items) == len(tenures)
        for item, tenure in zip(items, tenures, strict=True):
            assert item.startswith(DS.lookup(tenure.office, Office).title), item
            assert tenure.start.text() in item
            if tenure.end:
                assert tenure.end.text() in item


def test_the_fact_card_gives_titles_only_within_their_dates(html_build: Build) -> None:
    html = soup(html_build, "index.html")
    card = html.select_one(".sd-factcard")
    assert card is not None
    election = DS.flagship()
    assert election is not None
    tenure = DS.lookup(election.tenure, Tenure)
    rows = {text(dt): dt.find_next_sibling("dd") for dt in card.select("dt")}
    for label, other in (
        ("Predecessor", DS.predecessor(tenure)),
        ("Successor", DS.successor(tenure)),
    ):
        assert other is not None
        row = text(rows[label])  # type: ignore[arg-type]
        assert DS.lookup(other.person, Person).name in row
        assert other.start.text() in row
        if other.end:
            assert other.end.text() in row
        for title in {t.title for t in DS.tenures if t.title and t is not other}:
            if title in row:
                assert other.title is not None, row
                assert title in other.title, row
    # The page cites the election in its prose; the card links to the entry instead.
    assert not card.select(".footnote-reference, a.sidenote, sup")
    assert card.select_one(f'a[href$="#{record_anchor(election)}"]') is not None


# --- the events page, bibliography and corrections -----------------------------------------


def test_the_events_page_lists_events_elections_and_tenures_in_date_order(
    html_build: Build,
) -> None:
    html = soup(html_build, "reference/events.html")
    entries = html.select(".sd-entry")
    records: list[Event | Election | Tenure] = [*DS.events, *DS.elections, *DS.tenures]
    by_anchor = {record_anchor(r): r for r in records}
    assert len(entries) == len(records)
    keys = []
    for entry in entries:
        record = by_anchor[str(entry["id"])]
        head = entry.select_one(".sd-entry-head")
        assert head is not None
        if isinstance(record, Tenure):
            dates: list[EDTF] = [record.start, *([record.end] if record.end else [])]
        else:
            dates = [record.date]
        keys.append(dates[0].sort_key())
        for date in dates:
            assert date.text() in text(head)
    assert keys == sorted(keys)


def test_bibliography_entries_print_the_title_once(html_build: Build) -> None:
    html = soup(html_build, "reference/bibliography.html")
    for source in DS.sources:
        item = html.find("li", id=record_anchor(source))
        assert isinstance(item, Tag)
        para = item.find("p")
        assert isinstance(para, Tag)
        for address in para.select("a.external"):  # a web address may contain the title
            address.decompose()
        first = text(para)
        title = en_dash_ranges(" ".join(source.title.split()))  # as the page sets ranges
        assert first.count(title) == 1, first


def test_corrections_link_to_their_records(html_build: Build) -> None:
    html = soup(html_build, "reference/corrections.html")
    for correction in DS.corrections:
        box = html.find(id=record_anchor(correction))
        assert isinstance(box, Tag)
        record = DS.get(correction.record)
        if record is not None:
            assert box.select_one(f'a[href$="#{record_anchor(record)}"]') is not None


def test_election_entries_name_the_office_and_differ_by_date(html_build: Build) -> None:
    html = soup(html_build, "reference/events.html")
    heads = []
    for election in DS.elections:
        entry = html.find(id=record_anchor(election))
        assert isinstance(entry, Tag)
        head = entry.select_one(".sd-entry-head")
        assert head is not None
        assert DS.lookup(election.office, Office).title in text(head)
        assert election.date.text() in text(head)
        heads.append(text(head))
    assert len(set(heads)) == len(heads)
