"""The EDTF subset: parsing, bounds, prose, and agreement with the reference library."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

import edtf as reference
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sovietdata
from sovietdata.edtf import (
    EDTF,
    UNKNOWN,
    EDTFError,
    Interval,
    Precision,
    SingleDate,
    Unknown,
    parse,
    parse_single,
)

from .test_text import FORMS


@pytest.mark.parametrize(
    ("text", "precision", "lower", "upper"),
    [
        ("1953", Precision.YEAR, dt.date(1953, 1, 1), dt.date(1953, 12, 31)),
        ("1953-02", Precision.MONTH, dt.date(1953, 2, 1), dt.date(1953, 2, 28)),
        ("1956-02", Precision.MONTH, dt.date(1956, 2, 1), dt.date(1956, 2, 29)),
        ("1953-09-07", Precision.DAY, dt.date(1953, 9, 7), dt.date(1953, 9, 7)),
        ("1953-09-03/1953-09-07", Precision.DAY, dt.date(1953, 9, 3), dt.date(1953, 9, 7)),
        ("1953/1953-09-07", Precision.YEAR, dt.date(1953, 1, 1), dt.date(1953, 9, 7)),
        ("1964-10-14/..", Precision.DAY, dt.date(1964, 10, 14), dt.date.max),
        ("../1922-04-03", Precision.DAY, dt.date.min, dt.date(1922, 4, 3)),
        ("1985-04-12/", Precision.DAY, dt.date(1985, 4, 12), dt.date.max),
        ("/1985", Precision.YEAR, dt.date.min, dt.date(1985, 12, 31)),
        ("1985-04~/", Precision.MONTH, dt.date(1985, 4, 1), dt.date.max),
        # The end may be coarser than the start; it is refused only when wholly before it.
        ("1953-09-15/1953-09", Precision.MONTH, dt.date(1953, 9, 15), dt.date(1953, 9, 30)),
        ("1953-09/1953-09-01", Precision.MONTH, dt.date(1953, 9, 1), dt.date(1953, 9, 1)),
    ],
)
def test_bounds_and_precision(
    text: str, precision: Precision, lower: dt.date, upper: dt.date
) -> None:
    value = parse(text)
    assert (value.precision, value.lower(), value.upper()) == (precision, lower, upper)
    assert str(value) == text


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("1953-09-07", "7 September 1953"),
        ("1953-09", "September 1953"),
        ("1953", "1953"),
        ("1894-04-15?", "15 April 1894 (uncertain)"),
        ("1953-09~", "c. September 1953"),
        ("1953%", "c. 1953 (uncertain)"),
        ("1953-09-03/1953-09-07", "3–7 September 1953"),
        ("1957-06-22/1957-07-29", "22 June – 29 July 1957"),
        ("1952-10-05/1953-03-05", "5 October 1952 – 5 March 1953"),
        ("1953/1954", "1953–1954"),
        ("1953-09/1953-10", "September–October 1953"),
        ("1964-10-14/..", "from 14 October 1964"),
        ("../1922", "until 1922"),
    ],
)
def test_prose(text: str, prose: str) -> None:
    assert parse(text).text() == prose


_SYNTAX = "{!r} is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "'' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("53", "'53' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("1953-9-7", "'1953-9-7' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("0000", "'0000' is not a date of the years 0001-9999"),
        ("1953-00", "'1953-00' is not a date: month 00 does not exist"),
        ("1953-13-01", "'1953-13-01' is not a date: month 13 does not exist"),
        (
            "2001-21",
            "'2001-21' is not a date: month 21 does not exist (EDTF seasons, 21-41, are refused)",
        ),
        ("1953-04-31", "'1953-04-31' is not a date: day 31 does not exist in April 1953"),
        ("1953-02-29", "'1953-02-29' is not a date: day 29 does not exist in February 1953"),
        (
            "1953-09-07/1953-09-03",
            "'1953-09-07/1953-09-03' is not an EDTF interval: "
            "the end (1953-09-03) is before the start (1953-09-07)",
        ),
        ("../..", "'../..' is not an EDTF interval: at least one end must be a known date"),
        ("/", "'/' is not an EDTF interval: at least one end must be a known date"),
        ("../", "'../' is not an EDTF interval: at least one end must be a known date"),
        ("/..", "'/..' is not an EDTF interval: at least one end must be a known date"),
        (
            "1953//1954",
            "'1953//1954' is not an EDTF interval: "
            "'/1954' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            "0000/1953",
            "'0000/1953' is not an EDTF interval: '0000' is not a date of the years 0001-9999",
        ),
        (
            "1953-02-30/1954",
            "'1953-02-30/1954' is not an EDTF interval: "
            "'1953-02-30' is not a date: day 30 does not exist in February 1953",
        ),
        # What the module's docstring names as refused, from levels 0, 1 and 2.
        ("1985-04-12T23:20:30", _SYNTAX.format("1985-04-12T23:20:30")),
        ("Y170000002", _SYNTAX.format("Y170000002")),
        ("-0100", _SYNTAX.format("-0100")),
        ("197X", _SYNTAX.format("197X")),
        ("1985-XX", _SYNTAX.format("1985-XX")),
        ("2004-?06", _SYNTAX.format("2004-?06")),
        ("[1667,1668]", _SYNTAX.format("[1667,1668]")),
        ("{1667,1668}", _SYNTAX.format("{1667,1668}")),
        ("1950S2", _SYNTAX.format("1950S2")),
        (" 1953", _SYNTAX.format(" 1953")),
        # Digits of other scripts: Arabic-Indic, Extended Arabic-Indic, Devanagari, full-width.
        ("١٩٥٣", "'١٩٥٣' is not an EDTF date: write its digits as 0-9"),
        ("۱۹۵۳-۰۹", "'۱۹۵۳-۰۹' is not an EDTF date: write its digits as 0-9"),
        ("१९५३", "'१९५३' is not an EDTF date: write its digits as 0-9"),
        ("１９５３-09-07", "'１９５３-09-07' is not an EDTF date: write its digits as 0-9"),
        (
            "١٩٥٣-٠٩-٠٣/١٩٥٣-٠٩-٠٧",
            "'١٩٥٣-٠٩-٠٣/١٩٥٣-٠٩-٠٧' is not an EDTF interval: write its digits as 0-9",
        ),
        ("1953-09-0٧/..", "'1953-09-0٧/..' is not an EDTF interval: write its digits as 0-9"),
    ],
)
def test_rejects(text: str, message: str) -> None:
    with pytest.raises(EDTFError) as caught:
        parse(text)
    assert str(caught.value) == message


def test_rejects_non_strings() -> None:
    with pytest.raises(EDTFError) as caught:
        parse(1953)  # type: ignore[arg-type]
    assert str(caught.value) == "expected an EDTF string, got int 1953"


def test_parse_single_refuses_intervals() -> None:
    assert parse_single("1953") == SingleDate(1953)
    with pytest.raises(EDTFError) as caught:
        parse_single("1953/1954")
    assert str(caught.value) == "expected a single date, not the interval '1953/1954'"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: SingleDate(1953, None, 7), "a day needs a month"),
        (lambda: SingleDate(0), "year 0 is out of range 0001-9999"),
        (lambda: SingleDate(1953, 2, 29), "day 29 does not exist in February 1953"),
        (lambda: Interval(None, UNKNOWN), "at least one end must be a known date"),
        (
            lambda: Interval(SingleDate(1953, 9), SingleDate(1953, 8, 31)),
            "the end (1953-08-31) is before the start (1953-09)",
        ),
    ],
)
def test_direct_construction_is_checked(build: Callable[[], object], message: str) -> None:
    with pytest.raises(EDTFError) as caught:
        build()
    assert str(caught.value) == message


def test_values_are_immutable_and_hashable() -> None:
    date = parse_single("1953-09-07")
    with pytest.raises(AttributeError, match="immutable"):
        date.day = 8  # type: ignore[misc]
    span = parse("1953-09-03/1953-09-07")
    assert isinstance(span, Interval)
    with pytest.raises(AttributeError, match="immutable"):
        span.end = None  # type: ignore[misc]
    assert len({date, parse("1953-09-07"), span, parse("1953-09-03/1953-09-07")}) == 2
    assert date != span
    assert repr(date) == "sovietdata.edtf.parse('1953-09-07')"
    assert repr(span) == "sovietdata.edtf.parse('1953-09-03/1953-09-07')"


def test_open_and_unknown_ends_differ_in_text_not_in_bounds() -> None:
    open_, unknown = parse("1985-04-12/.."), parse("1985-04-12/")
    assert isinstance(open_, Interval)
    assert isinstance(unknown, Interval)
    assert (open_.end, open_.unknown_end, open_.unknown_start) == (None, False, False)
    assert (unknown.end, unknown.unknown_end, unknown.unknown_start) == (None, True, False)
    assert open_ != unknown
    assert len({open_, unknown, parse("1985-04-12/")}) == 2
    assert unknown == Interval(SingleDate(1985, 4, 12), UNKNOWN)
    assert parse("/1985") == Interval(UNKNOWN, SingleDate(1985))
    assert repr(unknown) == "sovietdata.edtf.parse('1985-04-12/')"
    assert (open_.lower(), open_.upper()) == (unknown.lower(), unknown.upper())
    assert open_.text() != unknown.text()
    # An unknown end bounds nothing: the interval can overlap and contain anything after its start.
    assert unknown.overlaps(parse("2000"))
    assert unknown.contains(parse("2000"))
    assert not unknown.overlaps(parse("1985-04-11"))
    assert parse("/1985").overlaps(parse("1900"))
    assert not parse("/1985").overlaps(parse("1986"))


def test_containment_and_overlap() -> None:
    plenum = parse("1953-09-03/1953-09-07")
    assert isinstance(plenum, Interval)
    assert plenum.contains(parse("1953-09-07"))
    assert not plenum.contains(parse("1953-09"))
    assert plenum.overlaps(parse("1953-09"))
    assert not plenum.overlaps(parse("1953-09-13"))
    assert parse("1953-09-07").sort_key() < parse("1953-09-13").sort_key()


def _date_texts() -> st.SearchStrategy[str]:
    def render(d: dt.date, precision: int, qualifier: str) -> str:
        parts = [f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}"][:precision]
        return "-".join(parts) + qualifier

    return st.builds(
        render,
        st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)),
        st.integers(1, 3),
        st.sampled_from(["", "?", "~", "%"]),
    )


def _reference_bounds(text: str) -> tuple[dt.date, dt.date]:
    value = reference.parse_edtf(text)
    low, high = value.lower_strict(), value.upper_strict()
    return dt.date(*low[:3]), dt.date(*high[:3])


@given(_date_texts())
def test_single_dates_agree_with_the_reference_library(text: str) -> None:
    ours = parse(text)
    assert (ours.lower(), ours.upper()) == _reference_bounds(text)
    assert str(ours) == text


@given(_date_texts(), _date_texts())
def test_intervals_agree_with_the_reference_library(a: str, b: str) -> None:
    low, high = sorted([a, b], key=lambda t: parse(t).lower())
    text = f"{low}/{high}"
    try:
        ours = parse(text)
    except EDTFError:
        # Ours refuses an interval whose latest end precedes its earliest start.
        assert parse(high).upper() < parse(low).lower()
        return
    assert (ours.lower(), ours.upper()) == _reference_bounds(text)


@given(_date_texts())
def test_an_unknown_end_has_the_bounds_of_an_open_one(text: str) -> None:
    for unknown, open_ in ((f"{text}/", f"{text}/.."), (f"/{text}", f"../{text}")):
        assert (parse(unknown).lower(), parse(unknown).upper()) == (
            parse(open_).lower(),
            parse(open_).upper(),
        )
        assert str(parse(unknown)) == unknown


@given(
    st.text(alphabet="0123456789-/.?~%XYT ٠١٩५", max_size=24),
)
def test_anything_else_is_a_clear_error_quoting_the_whole_input(text: str) -> None:
    try:
        value = parse(text)
    except EDTFError as error:
        message = str(error)
    else:
        assert str(value) == text
        assert all(c in "0123456789-/.?~%" for c in text)
        return
    assert message.startswith(repr(text))


# The order: by earliest day, then latest, then the EDTF text.


@pytest.mark.parametrize(("edtf", "words"), FORMS)
def test_repr_evaluates_to_an_equal_value(edtf: str, words: str) -> None:
    value = parse(edtf)
    assert repr(value) == f"sovietdata.edtf.parse({edtf!r})"
    again = eval(repr(value), {"sovietdata": sovietdata})
    assert again == value
    assert type(again) is type(value)
    assert hash(again) == hash(value)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("1953-09-07", 1953),
        ("1953-09", 1953),
        ("0042", 42),
        ("1894-04-15?", 1894),
        ("1952-12-30/1953-01-02", 1952),
        ("1953~/1956", 1953),
        ("1953-09-07/..", 1953),
        ("1985-04-12/", 1985),
        # An open or unknown start has no year: lower() is date.min, a bound, not a year.
        ("../1953", None),
        ("/1985-04-12", None),
    ],
)
def test_every_kind_has_the_year_of_its_start(text: str, year: int | None) -> None:
    value = parse(text)
    assert value.year == year
    if year is not None:
        assert value.lower().year == year
        assert isinstance(value, SingleDate) or (
            isinstance(value, Interval) and value.start is not None
        )


def test_every_form_has_bounds() -> None:
    for edtf, _ in FORMS:
        value = parse(edtf)
        assert value.lower() <= value.upper()


def test_dates_and_spans_sort_together() -> None:
    texts = [
        "1953-09-07",
        "1953-09-03/1953-09-07",
        "1985-04-12/",
        "1953",
        "../1953",
        "/1953",
        "1953-09",
        "1953/..",
        "1953-09-07?",
        "1953/1953",
        "1952-12-30/1953-01-02",
    ]
    ordered = [str(v) for v in sorted(parse(t) for t in texts)]
    assert ordered == [
        "../1953",  # date.min, then 1953-12-31; ".." sorts before "/"
        "/1953",
        "1952-12-30/1953-01-02",
        "1953",  # 1953-01-01 to 1953-12-31, and "1953" < "1953/1953"
        "1953/1953",
        "1953/..",  # 1953-01-01 to date.max
        "1953-09",
        "1953-09-03/1953-09-07",
        "1953-09-07",
        "1953-09-07?",
        "1985-04-12/",
    ]


def test_records_sort_by_date_across_kinds() -> None:
    events = sovietdata.dataset().events
    assert {type(e.date) for e in events} == {SingleDate, Interval}
    ordered = sorted(events, key=lambda e: e.date)
    keys = [e.date.sort_key() for e in ordered]
    assert keys == sorted(keys)
    assert ordered == sorted(events, key=lambda e: e.date.sort_key())
    # The dataset keeps its events in this order.
    assert [e.date for e in events] == sorted(e.date for e in events)


def test_comparison_with_anything_else_is_a_type_error() -> None:
    date: Any = parse("1953")
    others: list[Any] = ["1953", 1953, None, dt.date(1953, 1, 1)]
    for other in others:
        for compare in (operator.lt, operator.le, operator.gt, operator.ge):
            with pytest.raises(TypeError):
                compare(date, other)
    assert date != "1953"


def _values() -> st.SearchStrategy[EDTF]:
    singles = _date_texts().map(parse_single)
    ends = st.one_of(singles, st.none(), st.just(UNKNOWN))

    def interval(start: SingleDate | Unknown | None, end: SingleDate | Unknown | None) -> EDTF:
        try:
            return Interval(start, end)
        except EDTFError:
            return start if isinstance(start, SingleDate) else parse("1953")

    return st.one_of(singles, st.builds(interval, ends, ends))


@given(_values(), _values(), _values())
def test_the_order_is_total_and_agrees_with_equality_and_hashing(a: EDTF, b: EDTF, c: EDTF) -> None:
    # Exactly one of <, ==, > holds, and the others follow from it.
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)
    assert (a < b) == (b > a)
    assert (a < b) == (a.sort_key() < b.sort_key())
    if a == b:
        assert hash(a) == hash(b)
        assert str(a) == str(b)
    if a <= b <= c:
        assert a <= c
    assert (a.lower(), a.upper()) <= (b.lower(), b.upper()) or b < a
    assert parse(str(a)) == a
