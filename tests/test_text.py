"""The text layer: every EDTF form of the data format in words."""

from __future__ import annotations

import pytest

import sovietdata
from sovietdata import text
from sovietdata.edtf import EDTFError, parse

#: Every form the data format accepts, and how it reads.
FORMS = [
    # a day, a month, a year
    ("1953-09-07", "7 September 1953"),
    ("1953-09", "September 1953"),
    ("1953", "1953"),
    ("1956-02-29", "29 February 1956"),
    ("0042", "AD 42"),
    ("0988-07", "July AD 988"),
    # qualified dates
    ("1894-04-15?", "15 April 1894 (uncertain)"),
    ("1953-09~", "c. September 1953"),
    ("1953-09-07~", "c. 7 September 1953"),
    ("1953%", "c. 1953 (uncertain)"),
    # spans of days: in one month, across months, across years
    ("1953-09-03/1953-09-07", "3–7 September 1953"),
    ("1954-02-23/1954-03-02", "23 February – 2 March 1954"),
    ("1952-12-30/1953-01-02", "30 December 1952 – 2 January 1953"),
    ("1953-09-07/1953-09-07", "7 September 1953"),
    # spans of months and of years
    ("1953-09/1953-11", "September–November 1953"),
    ("1953-11/1954-02", "November 1953 – February 1954"),
    ("1953/1956", "1953–1956"),
    ("0900/1100", "AD 900–1100"),
    ("0999-12-30/1000-01-02", "30 December AD 999 – 2 January 1000"),
    # spans of mixed precision
    ("1953/1956-02", "1953 – February 1956"),
    ("1953/1953-09-07", "1953 – 7 September 1953"),
    ("1953-09-07/1953-10", "7 September 1953 – October 1953"),
    # qualified spans: both ends alike, or one end alone
    ("1957-06-18?/1957-06-21?", "18–21 June 1957 (uncertain)"),
    ("1953~/1956~", "c. 1953–1956"),
    ("1953%/1956%", "c. 1953–1956 (uncertain)"),
    ("1957-06-18/1957-06-21?", "18–21 June 1957 (end uncertain)"),
    ("1957-06-18?/1957-06-21", "18–21 June 1957 (start uncertain)"),
    ("1953~/1956", "1953–1956 (start approximate)"),
    ("1953-09/1953-11~", "September–November 1953 (end approximate)"),
    ("1953%/1956", "1953–1956 (start uncertain and approximate)"),
    ("1953?/1956~", "1953–1956 (start uncertain, end approximate)"),
    ("1953%/1956?", "1953–1956 (uncertain, start approximate)"),
    ("1954-02-23~/1954-03-02~", "c. 23 February – 2 March 1954"),
    ("1953-09-07/1953-09-07?", "7 September 1953 (end uncertain)"),
    # open ends
    ("1953-09-07/..", "from 7 September 1953"),
    ("../1953", "until 1953"),
    ("1953-09-07?/..", "from 7 September 1953 (uncertain)"),
    ("../1953~", "until c. 1953"),
    # unknown ends
    ("1985-04-12/", "from 12 April 1985 to an unknown date"),
    ("/1985-04-12", "from an unknown date to 12 April 1985"),
    ("1985-04~/", "from c. April 1985 to an unknown date"),
    ("/1985?", "from an unknown date to 1985 (uncertain)"),
]


@pytest.mark.parametrize(("edtf", "words"), FORMS)
def test_every_form_in_words(edtf: str, words: str) -> None:
    value = parse(edtf)
    assert text.date(value) == words
    assert value.text() == words
    assert str(value) == edtf


def test_the_table_covers_the_forms() -> None:
    assert len(FORMS) >= 30
    assert len({edtf for edtf, _ in FORMS}) == len(FORMS)


#: The English humanizer of ProfessionalWiki/EDTF (tests/Functional/EnglishHumanizationTest.php):
#: its forms that are in our subset, with our wording (theirs is in a comment in text.py).
THEIRS = [
    ("1975-07-01", "1 July 1975"),
    ("1975-07", "July 1975"),
    ("1975", "1975"),
    ("0042", "AD 42"),
    ("2019/2021", "2019–2021"),
    ("2019-01/2021-02", "January 2019 – February 2021"),
    ("2019/2021-02-09", "2019 – 9 February 2021"),
    ("2019/..", "from 2019"),
    ("../2021", "until 2021"),
    ("2019/", "from 2019 to an unknown date"),
    ("/2021", "from an unknown date to 2021"),
    ("2019-04-01~", "c. 1 April 2019"),
    ("2019-04-01?", "1 April 2019 (uncertain)"),
    ("2023-01?", "January 2023 (uncertain)"),
    ("2019~", "c. 2019"),
    ("2019?", "2019 (uncertain)"),
    ("2019%", "c. 2019 (uncertain)"),
    ("1985-12-01%", "c. 1 December 1985 (uncertain)"),
]


@pytest.mark.parametrize(("edtf", "words"), THEIRS)
def test_the_forms_of_another_humanizer(edtf: str, words: str) -> None:
    assert text.date(parse(edtf)) == words


@pytest.mark.parametrize(
    "edtf",
    [
        "0",
        "-1234",
        "1975-22",
        "XXXX-12-XX",
        "197X",
        "2020-XX-11",
        "2023-01-?14",
        "?2019-?04-?01",
        "1985-04-12T23:20:30Z",
        "[2020, 2021]",
        "{2020..2022}",
    ],
)
def test_the_other_forms_of_another_humanizer_are_outside_the_subset(edtf: str) -> None:
    with pytest.raises(EDTFError):
        parse(edtf)


def test_only_edtf_values_are_written() -> None:
    with pytest.raises(TypeError, match="expected an EDTF value, got str"):
        text.date("1953")  # type: ignore[arg-type]


def test_a_title_ending_in_a_number_takes_its_year_in_brackets() -> None:
    ds = sovietdata.dataset()
    labels = text.source_labels(ds)
    ending = [
        s
        for s in ds.sources
        if not s.authors and s.published and text.shorten(s.title)[-1:].isdigit()
    ]
    assert ending  # the shipped data has such titles ("Dethroning Stalin, 1953-6")
    for source in ending:
        assert source.published is not None
        assert f"({source.published.year})" in labels[source.id], labels[source.id]
