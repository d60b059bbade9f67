"""The EDTF subset: parsing, bounds, prose, and agreement with the reference library."""

from __future__ import annotations

import datetime as dt

import edtf as reference
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sovietdata.edtf import UNKNOWN, EDTFError, Interval, Precision, SingleDate, parse, parse_single


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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "'' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("53", "'53' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("1953-9-7", "'1953-9-7' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("0000", "year 0 is out of range 0001-9999"),
        ("1953-00", "month 00 does not exist"),
        ("1953-04-31", "day 31 does not exist in April 1953"),
        ("1953-09-07/1953-09-03", "interval ends (1953-09-03) before it starts (1953-09-07)"),
        ("../..", "an interval needs at least one known end"),
        ("/", "an interval needs at least one known end"),
        ("../", "an interval needs at least one known end"),
        ("/..", "an interval needs at least one known end"),
        (
            "1953//1954",
            "'1953//1954' is not an EDTF interval: "
            "'/1954' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
    ],
)
def test_rejects(text: str, message: str) -> None:
    with pytest.raises(EDTFError) as caught:
        parse(text)
    assert str(caught.value) == message


def test_rejects_non_strings() -> None:
    with pytest.raises(EDTFError, match="expected an EDTF string, got int"):
        parse(1953)  # type: ignore[arg-type]


def test_parse_single_refuses_intervals() -> None:
    assert parse_single("1953") == SingleDate(1953)
    with pytest.raises(EDTFError, match="not the interval"):
        parse_single("1953/1954")


def test_direct_construction_is_checked() -> None:
    with pytest.raises(EDTFError, match="a day needs a month"):
        SingleDate(1953, None, 7)


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
    assert repr(date) == "SingleDate('1953-09-07')"
    assert repr(span) == "Interval('1953-09-03/1953-09-07')"


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
    assert repr(unknown) == "Interval('1985-04-12/')"
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
    st.text(alphabet="0123456789-/.?~%X ", max_size=24),
)
def test_anything_else_is_a_clear_error(text: str) -> None:
    try:
        value = parse(text)
    except EDTFError:
        return
    assert str(value) == text
