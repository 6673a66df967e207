"""Tests for analysis.dates: dates written in running text, header lines and file names."""

from __future__ import annotations

import pytest

from analysis.dates import date_from_filename, find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("15 december / 2022", "2022-12-15"),  # the header line of seed 004
        ("December 15, 2022", "2022-12-15"),
        ("15 December 2022", "2022-12-15"),
        ("15 Dec. 2022", "2022-12-15"),
        ("Dec. 5, 2025", "2025-12-05"),
        ("1st March 2024", "2024-03-01"),
        ("5th of May 2022", "2022-05-05"),
        ("15.02.2025", "2025-02-15"),  # footnote access dates in seed 003
        ("2022-12-15", "2022-12-15"),
        ("29 February 2024", "2024-02-29"),
        ("15\u00a0December\u00a02022", "2022-12-15"),
        ("May 1997", "1997-05"),  # month precision (the timeline table of seed 001)
        ("Sept 2021", "2021-09"),
        ("(December 15, 2022)", "2022-12-15"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2014",  # a bare year is not a date
        "mid-2022",
        "29 February 2023",  # no such day
        "31 June 2022",
        "Today's working hours: 08.00-14.00",
        "The talks were held on December 15, 2022 in Geneva with many participants",
        "May 1997 and May 2025",  # two dates: not "one date"
    ],
)
def test_parse_date_rejects(text):
    assert parse_date(text) is None


def test_impossible_date_is_not_read_as_its_month():
    assert find_dates("on 31 June 2022 it rained") == []


def test_find_dates_in_running_text_with_offsets():
    text = "Signed in May 1997, renewed on 29 February 2024 and accessed 15.03.2025."
    found = find_dates(text)
    assert [(m.text, m.iso) for m in found] == [
        ("May 1997", "1997-05"), ("29 February 2024", "2024-02-29"), ("15.03.2025", "2025-03-15"),
    ]
    for match in found:
        assert text[match.start:match.end] == match.text


def test_find_dates_prefers_the_longest_reading():
    # "December 15, 2021" must not also yield "December ... 2021" at month precision.
    found = find_dates("the anniversary (December 15, 2021) of the transfer")
    assert [(m.text, m.iso) for m in found] == [("December 15, 2021", "2021-12-15")]


def test_find_dates_in_the_seeds(seed_corpus):
    text = seed_corpus["004_30ad00b5f467db46"].text
    isos = {m.iso for m in find_dates(text)}
    assert {"2022-12-15", "2021-12-15"} <= isos
    text = seed_corpus["003_2a18997b5bd812c8"].text
    isos = {m.iso for m in find_dates(text)}
    assert "2024-02-29" in isos  # "on 29 February 2024"
    assert "1935-01-17" in isos  # the epigraph's attribution: "January 17, 1935"


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("kremlin_20220221_67828.txt", "2022-02-21"),
        ("2022-12-15_briefing.txt", "2022-12-15"),
        ("memo_2025_10_30.txt", "2025-10-30"),
        ("000_7d7a01f1c81f0d76.txt", None),
        ("report_20221345.txt", None),  # month 13
        ("id_120220221.txt", None),  # digits run on: not a date
    ],
)
def test_date_from_filename(name, iso):
    assert date_from_filename(name) == iso


def test_docstring_examples():
    import doctest

    import analysis.dates

    assert doctest.testmod(analysis.dates).failed == 0
