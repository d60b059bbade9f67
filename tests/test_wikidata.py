"""The Wikidata formats against their published syntax, and read back into the data.

QuickStatements v1: https://www.wikidata.org/wiki/Help:QuickStatements (tab-separated
parts; times ``+1953-09-07T00:00:00Z/11``; strings in double quotes; monolingual text
``en:"..."``; reference properties with ``S``). Wikibase JSON:
https://www.mediawiki.org/wiki/Wikibase/DataModel/JSON.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

import sovietdata
from sovietdata import Dataset, Rank, export
from sovietdata.edtf import parse_single

from .conftest import MINIMAL, Document

ENTITY = re.compile(r"Q[1-9][0-9]*")
PROPERTY = re.compile(r"P[1-9][0-9]*")
TIME = re.compile(r"\+\d{4}-\d\d-\d\dT00:00:00Z/(9|10|11)")
STRING = re.compile(r'"[^"\t|]*"')
MONOLINGUAL = re.compile(r'[a-z]{2,3}(?:-[a-z0-9]+)*:"[^"\t|]*"')
VALUE = re.compile(rf"{ENTITY.pattern}|{TIME.pattern}|{STRING.pattern}|{MONOLINGUAL.pattern}")


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return sovietdata.dataset()


def load(tmp_path: Path, document: Document) -> Dataset:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return sovietdata.load(path)


def small_doc() -> Document:
    """Two holders of one office, both with Wikidata ids, and a disputed birth date."""
    doc = copy.deepcopy(MINIMAL)
    doc["person"][0].update(wikidata="Q100", born="1900-01-15?")
    doc["person"][1].update(wikidata="Q200", born="1905~")
    doc["office"][0]["wikidata"] = "Q300"
    doc["source"][0]["url"] = "https://example.org/book"
    return doc


# --- QuickStatements ------------------------------------------------------------------------


def parse_line(line: str) -> tuple[str, str, str, list[tuple[str, str]]]:
    """A QuickStatements v1 line as item, property, value and the (property, value) pairs."""
    parts = line.split("\t")
    assert len(parts) % 2 == 1, line
    item, prop, value, *rest = parts
    assert ENTITY.fullmatch(item), line
    assert PROPERTY.fullmatch(prop), line
    assert VALUE.fullmatch(value), line
    pairs = list(zip(rest[::2], rest[1::2], strict=True))
    for key, val in pairs:
        assert re.fullmatch(r"[PS][1-9][0-9]*", key), line
        assert VALUE.fullmatch(val), (key, val)
    # Qualifiers come before references.
    kinds = [k[0] for k, _ in pairs]
    assert kinds == sorted(kinds), line
    return item, prop, value, pairs


def test_every_shipped_line_follows_the_v1_grammar(shipped: Dataset) -> None:
    text = export.to_quickstatements(shipped)
    assert text.endswith("\n")
    lines = text.splitlines()
    assert lines
    for line in lines:
        parse_line(line)
    qids = {p.wikidata for p in shipped.people if p.wikidata}
    assert {line.split("\t")[0] for line in lines} <= qids


def test_position_held_line(shipped: Dataset) -> None:
    lines = export.to_quickstatements(shipped).splitlines()
    khrushchev = shipped.lookup("khrushchev", sovietdata.Person).wikidata
    office = shipped.lookup("first-secretary-cpsu", sovietdata.Office).wikidata
    found = [
        parse_line(line) for line in lines if line.startswith(f"{khrushchev}\tP39\t{office}\t")
    ]
    assert found
    for _, _, _, pairs in found:
        quals = dict(p for p in pairs if p[0].startswith("P"))
        assert quals["P580"] == "+1953-09-07T00:00:00Z/11"
        assert quals["P582"] == "+1964-10-14T00:00:00Z/11"
        assert quals["P1365"] == shipped.lookup("stalin", sovietdata.Person).wikidata
        assert quals["P1366"] == shipped.lookup("brezhnev", sovietdata.Person).wikidata
    # One line per citation of the tenure, each with its reference.
    tenure = shipped.lookup("khrushchev-first-secretary", sovietdata.Tenure)
    assert len(found) == len(tenure.citations)
    references = [dict(p for p in pairs if p[0].startswith("S")) for *_, pairs in found]
    assert all(r["S813"] == "+2026-11-30T00:00:00Z/11" for r in references)
    assert any(r.get("S1683", "").startswith('ru:"7 сентября 1953') for r in references)


def test_dates_keep_their_precision_and_qualifiers(tmp_path: Path) -> None:
    doc = small_doc()
    doc["person"][0]["died"] = "1970-05"
    ds = load(tmp_path, doc)
    lines = [parse_line(line) for line in export.to_quickstatements(ds).splitlines()]
    values = {(i, p): (v, dict(q for q in pairs)) for i, p, v, pairs in lines}
    born, quals = values[("Q100", "P569")]
    assert born == "+1900-01-15T00:00:00Z/11"
    assert quals["P1480"] == "Q18122778"  # uncertain: presumably
    assert values[("Q100", "P570")][0] == "+1970-05-00T00:00:00Z/10"
    born, quals = values[("Q200", "P569")]
    assert born == "+1905-00-00T00:00:00Z/9"
    assert quals["P1480"] == "Q5727902"  # approximate: circa


def disputed_birth(doc: Document) -> Document:
    doc["dispute"].append(
        {
            "id": "born-first",
            "subject": "first",
            "field": "born",
            "question": "When was he born?",
            "values": [
                {"value": "1900-01-15?", "rank": "preferred", "reason": "The record.",
                 "citations": [{"source": "book", "page": "3", "quote": "born 15 January"}]},
                {"value": "1900-01-02", "rank": "deprecated", "reason": "Old Style.",
                 "citations": [{"source": "blog", "url": "https://example.org/day"}]},
            ],
        }
    )  # fmt: skip
    return doc


def test_quickstatements_writes_only_preferred_values(tmp_path: Path) -> None:
    ds = load(tmp_path, disputed_birth(small_doc()))
    lines = [parse_line(line) for line in export.to_quickstatements(ds).splitlines()]
    born = [(v, pairs) for i, p, v, pairs in lines if (i, p) == ("Q100", "P569")]
    assert [v for v, _ in born] == ["+1900-01-15T00:00:00Z/11"]
    refs = dict(p for p in born[0][1] if p[0].startswith("S"))
    assert refs == {
        "S854": '"https://example.org/book"',
        "S304": '"3"',
        "S1683": 'en:"born 15 January"',
    }
    report = export.wikidata_report(ds, "quickstatements")
    assert "born-first: deprecated value 1900-01-02 of P569: no ranks, left out" in report
    assert "born-first: preferred rank of P569: stated with normal rank" in report


def test_text_quickstatements_cannot_hold_is_left_out_and_reported(tmp_path: Path) -> None:
    doc = small_doc()
    doc["tenure"][0]["citations"] = [{"source": "book", "quote": 'he said "yes"', "page": "4"}]
    ds = load(tmp_path, doc)
    text = export.to_quickstatements(ds)
    for line in text.splitlines():
        parse_line(line)
    assert 'said "yes"' not in text
    assert '\tS304\t"4"' in text
    report = export.wikidata_report(ds, "quickstatements")
    tenure = doc["tenure"][0]["id"]
    assert f"{tenure}: P1683 text with a double quote, tab, new line or '|'" in report


# --- Wikibase JSON --------------------------------------------------------------------------


def check_snak(snak: dict[str, Any], prop: str | None = None) -> None:
    assert snak["snaktype"] == "value"
    assert PROPERTY.fullmatch(snak["property"])
    if prop is not None:
        assert snak["property"] == prop
    value = snak["datavalue"]
    kind = value["type"]
    datatypes = {
        "wikibase-entityid": {"wikibase-item"},
        "time": {"time"},
        "string": {"string", "url"},
        "monolingualtext": {"monolingualtext"},
    }
    assert snak["datatype"] in datatypes[kind]
    v = value["value"]
    if kind == "wikibase-entityid":
        assert v["entity-type"] == "item"
        assert v["id"] == f"Q{v['numeric-id']}"
    elif kind == "time":
        assert set(v) == {"time", "timezone", "before", "after", "precision", "calendarmodel"}
        assert re.fullmatch(r"\+\d{4}-\d\d-\d\dT00:00:00Z", v["time"])
        assert v["precision"] in (9, 10, 11)
        assert v["calendarmodel"] == "http://www.wikidata.org/entity/Q1985727"
        assert (v["timezone"], v["before"], v["after"]) == (0, 0, 0)
    elif kind == "monolingualtext":
        assert set(v) == {"text", "language"}
        assert v["text"]
    else:
        assert isinstance(v, str)
        assert v
        if snak["datatype"] == "url":
            assert v.startswith(("http://", "https://"))


def check_statement(st: dict[str, Any], prop: str) -> None:
    assert st["type"] == "statement"
    assert st["rank"] in ("preferred", "normal", "deprecated")
    check_snak(st["mainsnak"], prop)
    quals = st.get("qualifiers", {})
    assert list(quals) == st.get("qualifiers-order", [])
    for qprop, snaks in quals.items():
        for snak in snaks:
            check_snak(snak, qprop)
    for ref in st.get("references", []):
        assert set(ref) == {"snaks", "snaks-order"}
        assert list(ref["snaks"]) == ref["snaks-order"]
        assert ref["snaks-order"]
        for rprop, snaks in ref["snaks"].items():
            for snak in snaks:
                check_snak(snak, rprop)
    if st["rank"] == "deprecated":
        reasons = [s["datavalue"]["value"]["id"] for s in quals["P2241"]]
        assert reasons == ["Q41755623"]


def test_wikibase_structure(shipped: Dataset) -> None:
    doc = export.to_wikibase(shipped)
    assert set(doc) == {"entities"}
    for qid, entity in doc["entities"].items():
        assert entity["id"] == qid
        assert entity["type"] == "item"
        for prop, statements in entity["claims"].items():
            assert prop in ("P39", "P569", "P570")
            for st in statements:
                check_statement(st, prop)


def test_disputed_dates_carry_every_value_with_its_rank(shipped: Dataset) -> None:
    doc = export.to_wikibase(shipped)
    (dispute,) = shipped.disputes_about("khrushchev", "born")
    born = doc["entities"]["Q35314"]["claims"]["P569"]
    assert [s["rank"] for s in born] == [str(v.rank) for v in dispute.values]
    for st, value in zip(born, dispute.values, strict=True):
        assert len(st.get("references", [])) == len(value.citations)
    ranks = [s["rank"] for e in doc["entities"].values() for p in e["claims"].values() for s in p]
    assert "preferred" in ranks


def test_a_deprecated_value_has_its_rank_and_reason(tmp_path: Path) -> None:
    ds = load(tmp_path, disputed_birth(small_doc()))
    born = export.to_wikibase(ds)["entities"]["Q100"]["claims"]["P569"]
    for st in born:
        check_statement(st, "P569")
    assert [s["rank"] for s in born] == ["preferred", "deprecated"]
    preferred, deprecated = born
    assert preferred["qualifiers-order"] == ["P1480"]  # 1900-01-15?: presumably
    assert deprecated["qualifiers-order"] == ["P2241"]
    reason = deprecated["qualifiers"]["P2241"][0]["datavalue"]["value"]["id"]
    assert reason == "Q41755623"  # incorrect value
    report = export.wikidata_report(ds, "wikibase")
    assert "born-first: the reason for each rank, in words (P2241 gives an item)" in report


def test_reference_snaks_of_a_citation(tmp_path: Path) -> None:
    doc = small_doc()
    doc["tenure"][0]["citations"] = [
        {
            "source": "book",
            "page": "12",
            "url": "https://example.org/book/p12",
            "quote": "избран",
            "quote_language": "ru",
            "check": {"date": "2024-02-03", "found": "verbatim"},
        },
        {"source": "blog", "quote": "not there",
         "check": {"date": "2024-02-03", "found": "not-found"}},
    ]  # fmt: skip
    ds = load(tmp_path, doc)
    (p39,) = export.to_wikibase(ds)["entities"]["Q100"]["claims"]["P39"]
    first, second = p39["references"]
    assert first["snaks-order"] == ["P854", "P304", "P1683", "P813"]
    assert first["snaks"]["P854"][0]["datavalue"]["value"] == "https://example.org/book/p12"
    assert first["snaks"]["P304"][0]["datavalue"]["value"] == "12"
    quote = first["snaks"]["P1683"][0]["datavalue"]["value"]
    assert quote == {"text": "избран", "language": "ru"}
    retrieved = first["snaks"]["P813"][0]["datavalue"]["value"]
    assert (retrieved["time"], retrieved["precision"]) == ("+2024-02-03T00:00:00Z", 11)
    # A quotation its check did not find is not stated; the source has no address.
    assert second["snaks-order"] == ["P813"]
    report = export.wikidata_report(ds, "wikibase")
    tenure = doc["tenure"][0]["id"]
    assert f"{tenure}: a quotation of blog not found when checked: left out" in report
    assert f"{tenure}: a citation of blog has no address: no reference URL (P854)" in report
    assert f"{tenure}: stated in (P248): source book has no Wikidata id in the data" in report


def test_report_names_what_cannot_be_carried(shipped: Dataset) -> None:
    report = export.wikidata_report(shipped, "wikibase")
    assert report
    assert all(re.fullmatch(r"[a-z0-9-]+: .+", line) for line in report)
    ids = {line.split(":")[0] for line in report}
    assert ids <= {r.id for r in shipped}
    for person in shipped.people:
        if person.wikidata is None:
            assert f"{person.id}: no Wikidata id: no statements" in report
    assert "khrushchev-ukraine-1938: P1365: kosior has no Wikidata id" in report
    qs = export.wikidata_report(shipped, "quickstatements")
    assert set(report) < set(qs)  # QuickStatements leaves out the ranks besides
    with pytest.raises(ValueError, match="no report for format 'csv'"):
        export.wikidata_report(shipped, "csv")


# --- Read back ------------------------------------------------------------------------------


def test_wikibase_reads_back_into_the_data(shipped: Dataset) -> None:
    positions, dates = export.read_wikibase(json.loads(export.render(shipped, "wikibase")))
    expected = []
    for t in shipped.tenures:
        try:
            expected.append(export.position_held(shipped, t))
        except ValueError:
            person = shipped.lookup(t.person, sovietdata.Person)
            office = shipped.lookup(t.office, sovietdata.Office)
            assert person.wikidata is None or office.wikidata is None
    assert sorted(positions, key=repr) == sorted(expected, key=repr)
    assert len(positions) > 5
    for person in shipped.people:
        if person.wikidata is None:
            assert person.wikidata not in dates
            continue
        got = dates.get(person.wikidata, {})
        assert got.get("born") == person.born, person.id
        assert got.get("died") == person.died, person.id


def test_read_back_keeps_precision_and_qualifiers(tmp_path: Path) -> None:
    doc = small_doc()
    doc["person"][0]["died"] = "1970-05"
    ds = load(tmp_path, doc)
    positions, dates = export.read_wikibase(export.to_wikibase(ds))
    assert dates["Q100"] == {"born": parse_single("1900-01-15?"), "died": parse_single("1970-05")}
    assert dates["Q200"] == {"born": parse_single("1905~")}
    found = [(p.person, p.office, str(p.start), str(p.end), p.replaces, p.replaced_by)
             for p in positions]  # fmt: skip
    assert found == [
        ("Q100", "Q300", "1950-01-07", "1955-06", None, "Q200"),
        ("Q200", "Q300", "1955-06", "None", "Q100", None),
    ]


def test_read_back_refuses_what_it_cannot_read(shipped: Dataset) -> None:
    doc = export.to_wikibase(shipped)
    bad = copy.deepcopy(doc)
    st = bad["entities"]["Q35314"]["claims"]["P569"][0]
    st["mainsnak"]["datavalue"]["value"]["precision"] = 7
    with pytest.raises(ValueError, match="precision 7"):
        export.read_wikibase(bad)
    bad = copy.deepcopy(doc)
    st = bad["entities"]["Q35314"]["claims"]["P569"][0]
    st["mainsnak"]["datavalue"]["value"]["calendarmodel"] = (
        "http://www.wikidata.org/entity/Q1985786"
    )
    with pytest.raises(ValueError, match="not a Gregorian date"):
        export.read_wikibase(bad)


def test_ranks_follow_the_disputes(shipped: Dataset) -> None:
    doc = export.to_wikibase(shipped)
    for d in shipped.disputes:
        person = shipped.get(d.subject, sovietdata.Person)
        if person is None or person.wikidata is None or d.field not in ("born", "died"):
            continue
        prop = {"born": "P569", "died": "P570"}[d.field]
        statements = doc["entities"][person.wikidata]["claims"][prop]
        preferred = [s for s in statements if s["rank"] == "preferred"]
        assert len(preferred) == 1
        assert sum(v.rank is Rank.PREFERRED for v in d.values) == 1
