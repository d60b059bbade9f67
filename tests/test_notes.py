"""Notes and cards: labels that tell sources apart, and a ``{cite}`` in every place a page has."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sovietdata
from sovietdata import Source
from sovietdata.sphinx.notes import all_citations, card_disputes, cited_sources, evidence_nodes
from sovietdata.text import display, source_label, source_labels
from tests.test_extension import book, build

RECORD = "khrushchev-elected-first-secretary"
#: When a citation was checked: after each, or once after a list all checked on one day.
CHECKED = re.compile(r"\b(?:Checked|Each checked) \d{1,2} [A-Z][a-z]+ \d{4}")


def test_every_shipped_source_has_a_label_of_its_own() -> None:
    ds = sovietdata.dataset()
    labels = source_labels(ds)
    assert set(labels) == {s.id for s in ds.sources}
    assert len(set(labels.values())) == len(labels)
    assert source_label(ds.lookup("taubman-ru", Source), ds) != "Taubman"
    khrushchev = [labels[s.id] for s in ds.sources if s.title == "Nikita Khrushchev"]
    assert len(khrushchev) >= 5
    assert len(set(khrushchev)) == len(khrushchev)


def test_no_label_is_cut_mid_word_or_shows_a_path() -> None:
    ds = sovietdata.dataset()
    for source in ds.sources:
        label = source_labels(ds)[source.id]
        for cut in re.findall(r"(\S+)…", label):
            words = [w.rstrip(".,;:–-") for w in source.title.split()]
            assert cut in words, (source.id, label)
        assert "/" not in label.replace("1953–6", ""), (source.id, label)


class _Checker(HTMLParser):
    """Nesting of the HTML elements a note touches: every element closed in order."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if tag in ("div", "aside", "section", "p", "table", "ol", "ul") and any(
            t in ("span", "small", "sup", "a") for t in self.stack
        ):
            self.errors.append(f"<{tag}> inside {self.stack[-3:]}")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-3:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


CONF = (
    'extensions = ["myst_parser", "sovietdata.sphinx"]\nexclude_patterns = ["_build"]\n'
    'myst_enable_extensions = ["deflist"]\n'
)


def _page(tmp_path: Path, text: str) -> str:
    out, warnings = build(book(tmp_path, text, CONF))
    assert not warnings
    html = (out / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<body") : html.index("</body>") + 7]
    checker = _Checker()
    checker.feed(body)
    assert not checker.errors, checker.errors
    return html


PLACES = {
    "paragraph": f"A sentence.{{cite}}`{RECORD}`\n",
    "table": f"| A | B |\n|---|---|\n| a value{{cite}}`{RECORD}` | b |\n",
    "definition list": f"Term\n: A definition.{{cite}}`{RECORD}`\n",
    "heading": f"## A heading{{cite}}`{RECORD}`\n\nText.\n",
    "admonition": f"```{{note}}\nAn aside.{{cite}}`{RECORD}`\n```\n",
    "figure caption": (
        f"```{{figure}} pic.png\n:alt: A picture\n\nA caption.{{cite}}`{RECORD}`\n```\n"
    ),
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_note_in_every_place_renders_once_with_its_card(tmp_path: Path, place: str) -> None:
    (tmp_path / "pic.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )
    html = _page(tmp_path, f"# Page\n\n{PLACES[place]}")
    assert html.count('class="sd-note-ref') == 1
    (note_id,) = re.findall(r'class="sd-note-ref[^"]*" id="sd-ref-1" href="#([^"]+)"', html)
    # the number links to the note, which is on the page once, beside the text or at its end
    assert html.count(f'id="{note_id}"') == 1
    margin = f'<small class="sd-sidenote marginnote" id="{note_id}"' in html
    assert margin == (place == "paragraph"), place
    if not margin:
        assert re.search(rf'<aside class="sd-endnotes"[^>]*><ol><li [^>]*id="{note_id}"', html)
    # the note names each source once, by its label; the card has the detail
    ds = sovietdata.dataset()
    first = ds.sources_of(RECORD)[0]
    assert html.count(f">{source_label(first, ds)}<") >= 2  # note and card
    assert 'data-sd-card="sd-c1"' in html
    card = html.split('<div class="sd-card" id="sd-c1" data-sd-n="1">')[1].split("</div>")[0]
    # this book has no entry to link to: the card is a link's target and keeps its evidence
    assert CHECKED.search(card)
    assert f">{source_label(first, ds)}<" in card
    assert "<template" not in html
    assert 'class="footnote' not in html


def test_a_note_beside_a_myst_footnote_takes_the_next_number(tmp_path: Path) -> None:
    html = _page(
        tmp_path,
        f"# Page\n\nOne.[^a] Two.{{cite}}`{RECORD}` Three.[^b]\n\n[^a]: First.\n\n[^b]: Second.\n",
    )
    numbers = re.findall(r'class="sd-note-ref[^"]*"[^>]*>.*?<sup>(\d+)</sup>', html)
    assert numbers == ["3"]


def test_two_notes_in_a_row_are_kept_apart(tmp_path: Path) -> None:
    html = _page(tmp_path, f"# Page\n\nA sentence.{{cite}}`{RECORD}`{{cite}}`khrushchev`\n")
    assert html.count("sd-note-ref sd-note-ref-next") == 1
    assert '<span class="sd-note-sep" aria-hidden="true">, </span>' in html


def test_a_note_on_a_source_gives_the_source(tmp_path: Path) -> None:
    html = _page(tmp_path, "# Page\n\nThe account.{cite}`seed-article`\n")
    ds = sovietdata.dataset()
    source = ds.lookup("seed-article", Source)
    side = html.split('<small class="sd-sidenote marginnote"')[1].split("</small>")[0]
    assert source_label(source, ds) in side
    assert f"({ds.grade_of(source).name.lower()})" in side


def test_a_value_opens_one_card_per_record_and_field(tmp_path: Path) -> None:
    text = (
        "# Page\n\n"
        f"On {{fact}}`{RECORD}.date` and again {{fact}}`{RECORD}.date`, "
        "{who}`khrushchev` and {fact}`khrushchev.born`.\n"
    )
    html = _page(tmp_path, text)
    ds = sovietdata.dataset()
    election = ds.lookup(RECORD)
    cards = re.findall(r'<div class="sd-card" id="([^"]+)"', html)
    assert cards == ["sd-c1", "sd-c2", "sd-c3"]
    assert html.count('data-sd-card="') == 4
    born = next(c for c in cards if "— born of " in _card(html, c))
    body = _card(html, born)
    assert "Known to the day" in body
    (dispute,) = ds.disputes_about("khrushchev", "born")
    assert "Sources disagree" in body
    assert "preferred" in body
    assert dispute.question in body  # a link where the book has a disputes page
    date_card = html.split(f'id="{cards[0]}"')[1]
    assert CHECKED.search(date_card)
    # without script, a value is a link: to its entry, or to its card
    assert re.search(
        r'<a class="[^"]*reference internal" href="#sd-c1"><span class="sd-fact"', html
    )
    assert f"of {display(ds, election)}</p>" in _card(html, "sd-c1")


def _card(html: str, card_id: str) -> str:
    """The HTML of one card, up to the next card or the page's templates."""
    rest = html.split(f'<div class="sd-card" id="{card_id}"')[1]
    return re.split(r'<div class="sd-card"|<template', rest)[0]


#: A page with an entry for every event, election, tenure, person, dispute and source.
ENTRIES = (
    "---\norphan: true\n---\n# Entries\n\n"
    "```{events}\n```\n\n```{whoswho}\n```\n\n```{disputes}\n```\n\n```{bibliography}\n```\n"
)


def test_a_record_s_evidence_is_written_once_for_all_its_cards(tmp_path: Path) -> None:
    (tmp_path / "entries.md").write_text(ENTRIES, encoding="utf-8")
    text = (
        "# Page\n\n"
        f"Elected on {{fact}}`{RECORD}.date` by the {{fact}}`{RECORD}.body`, "
        f"as First Secretary.{{cite}}`{RECORD}` Khrushchev, born {{fact}}`khrushchev.born`.\n"
    )
    html = _page(tmp_path, text)
    ds = sovietdata.dataset()
    election = ds.lookup(RECORD)
    # three cards of the election (date, body, its note) and one of Khrushchev's birth
    cards = re.findall(r'<div class="sd-card" id="([^"]+)"', html)
    assert len(cards) == 4
    slots = re.findall(r'<div class="sd-ev" data-sd-ev="([^"]+)"></div>', html)
    assert sorted(slots) == sorted([RECORD] * 3 + ["khrushchev"])
    # each record's evidence once, in a template at the end, quotations and checks included
    assert html.count(f'<template id="sd-ev-{RECORD}">') == 1
    assert html.count('<template id="sd-ev-khrushchev">') == 1
    evidence = html.split(f'<template id="sd-ev-{RECORD}">')[1].split("</template>")[0]
    quoted = [(c, c.quote) for c in cited_sources(ds, all_citations(election)) if c.quote]
    assert quoted
    cards_html = html.split('<section class="sd-cards"')[1].split("<template")[0]
    for citation, text in quoted:
        quote = escape(text, quote=False).replace('"', "&quot;")
        assert evidence.count(quote) == 1
        assert quote not in cards_html
        if citation.translation:
            assert citation.translation in evidence
    assert CHECKED.search(evidence)
    assert f'href="entries.html#election-{RECORD}"' in evidence  # its entry
    # a card shows the disputes about its own field only, each once on the page
    by_field = {d.field: d for d in ds.disputes_about(election)}
    assert {"date", "body"} <= set(by_field)
    for field in ("date", "body"):
        card = next(c for c in cards if f"— {field} of " in _card(html, c))
        body = _card(html, card)
        assert by_field[field].question in body
        others = [d.question for f, d in by_field.items() if f != field]
        assert not any(q in body for q in others), field
    note_card = next(c for c in cards if "— election</p>" in _card(html, c))
    assert "Sources disagree" not in _card(html, note_card)  # an election has no name
    assert html.count(by_field["date"].question) == 1


def test_a_card_on_a_named_record_shows_the_disputes_about_its_name() -> None:
    ds = sovietdata.dataset()
    (titled,) = [d for d in ds.disputes if d.field in ("name", "title")][:1]
    record = ds.lookup(titled.subject)
    assert card_disputes(ds, record, "") == ds.disputes_about(record, titled.field)
    assert card_disputes(ds, ds.lookup(RECORD), "") == ()
    assert card_disputes(ds, ds.lookup(RECORD), "date") == ds.disputes_about(RECORD, "date")
    with pytest.raises(ValueError, match="no field 'birth'"):
        card_disputes(ds, ds.lookup("khrushchev"), "birth")


def test_a_note_at_the_end_of_the_page_shows_the_evidence_its_cards_copy(tmp_path: Path) -> None:
    (tmp_path / "entries.md").write_text(ENTRIES, encoding="utf-8")
    text = (
        "# Page\n\n| What | When |\n|---|---|\n"
        f"| The election{{cite}}`{RECORD}` | {{fact}}`{RECORD}.date` |\n"
    )
    html = _page(tmp_path, text)
    ds = sovietdata.dataset()
    # no template: the note listed at the end holds the evidence, shown, and both cards copy it
    assert "<template" not in html
    note = html.split('<aside class="sd-endnotes"')[1].split("</aside>")[0]
    assert note.count(f'<div id="sd-ev-{RECORD}">') == 1
    for citation in cited_sources(ds, all_citations(ds.lookup(RECORD))):
        assert f">{source_label(ds.lookup(citation.source, Source), ds)}<" in note
    assert CHECKED.search(note)
    slots = re.findall(r'<div class="sd-ev" data-sd-ev="([^"]+)"></div>', html)
    assert slots == [RECORD, RECORD]
    assert len(CHECKED.findall(html)) == len(CHECKED.findall(note))


def test_a_list_of_citations_checked_on_one_day_says_the_day_once() -> None:
    ds = sovietdata.dataset()

    def days(record: sovietdata.Record) -> list[str]:
        cited = cited_sources(ds, all_citations(record))
        return [c.check.date.text() if c.check else "" for c in cited]

    records = [r for r in (*ds.events, *ds.elections, *ds.people) if len(days(r)) > 1]
    one_day = next(r for r in records if len(set(days(r))) == 1 and "" not in days(r))
    text = " ".join(n.astext() for n in evidence_nodes(ds, "index", one_day))
    assert text.count(f"Each checked {days(one_day)[0]}.") == 1
    assert "Checked " not in text
    assert text.count("Found ") == len(days(one_day))
    several = next((r for r in records if len(set(days(r))) > 1), None)
    if several is not None:  # checked on different days: each says its own
        text = " ".join(n.astext() for n in evidence_nodes(ds, "index", several))
        assert "Each checked" not in text
        assert text.count("Checked ") == sum(1 for d in days(several) if d)
