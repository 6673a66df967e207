"""Tests for analysis.measure.timeline (and the timeline section of analysis.plots).

Expected values are written out by hand from the example sentences.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import plots  # noqa: E402
from analysis.corpus import corpus_from_texts, documents_table  # noqa: E402
from analysis.dates import date_status  # noqa: E402
from analysis.measure.timeline import (  # noqa: E402
    LAG_BANDS,
    agreement_dates,
    agreements_on_timeline,
    dated_references,
    document_lags,
    documents_span,
    lag_bands,
    references_by_decade,
    relative_references,
    year_spans,
)


def years_in(text: str) -> list[str]:
    return [text[s:e] for s, e, _, _ in year_spans(text)]


# ---------------------------------------------------------------------------- what is a year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cues before the number
        ("It was signed in 1997 in Paris.", ["1997"]),
        ("The Helsinki Final Act of 1975 matters.", ["1975"]),
        ("the 1975 Helsinki Final Act", ["1975"]),
        ("since 2014 the war", ["2014"]),
        # a bracket after a space (the old cue needed a word boundary before "(")
        ("the NATO–Russia Founding Act (1997) states", ["1997"]),
        # ranges and lists of years: both years
        ("The Great Patriotic War of 1941-1945", ["1941", "1945"]),
        ("the Concert of Europe (1814-1815 Congress of Vienna)", ["1814", "1815"]),
        ("the 1853–1856 Crimean War", ["1853", "1856"]),
        ("a 2021–2025 plan", ["2021", "2025"]),
        ("the programme for 2027˗2036", ["2027", "2036"]),  # U+02D7 as a dash
        ("somewhere in 2015 – 2017 you", ["2015", "2017"]),
        ("in 1645 or 1654, Ukraine", ["1645", "1654"]),
        ("I clearly remember 1998 and 1999 when", ["1998", "1999"]),
        ("France with 1789 and the Chinese with 1949", ["1789", "1949"]),
        ("from 1999 to 2024", ["1999", "2024"]),
        # decades
        ("in the 1930s", ["1930s"]),
        ("In the mid-1980s, the crisis", ["1980s"]),
        ("popular in the 1970s-1980s", ["1970s", "1980s"]),
        ("the 1990's", ["1990's"]),
        # a bare year without cue, where nothing says otherwise
        ("2025 is a long way off.", ["2025"]),
        ("Our 2023 priorities are as follows:", ["2023"]),
        ("\u201c2014 was a turning point", ["2014"]),
        ("2014's coup", ["2014"]),  # a possessive year, not a decade
    ],
)
def test_years_found(text, expected):
    assert years_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "about 2000 people",  # quantities
        "1500 troops were sent",
        "at 1800 hours",
        "between 1500 and 2000 soldiers",  # a range of quantities
        "it rose 2030 per cent",
        "2000% more",
        "a price of $2000",
        "1.2000 kg",
        "2,000 troops",
        "Security Council Resolution 1701.",  # identifiers
        "Federal Law No. 2022",
        "see page 1999",
        "the Zapad-2025 exercise",  # names with a number
        "the Vostok 2022 command post exercise",
        "our Priority 2030 programme",
        "Africa's Agenda 2063",
        "call 555-2014 now",  # a code
        "In 1600 words",  # a round hundred followed by a counted noun
        "the 1994s",  # "s" after a year that is not a decade
        "12345 and 123",  # not four digits
    ],
)
def test_numbers_that_are_not_years(text):
    assert years_in(text) == []


def test_old_years_and_round_hundreds_need_a_cue():
    assert years_in("He was born 1650.") == []
    assert years_in("He was born in 1650.") == ["1650"]
    assert years_in("Putin from 2000 onwards") == ["2000"]
    assert years_in("We counted 2000 more.") == []


def test_year_spans_skips_taken_spans():
    text = "in May 1997 and 1999"
    assert [text[s:e] for s, e, _, _ in year_spans(text, taken=[(3, 11)])] == ["1999"]


# ---------------------------------------------------------------------------- references


def test_dated_references_columns_offsets_and_lag():
    text = ("A note\n\nThe Helsinki Final Act of 1975 matters. In May 1997 and on 29 February 2024 "
            "things happened, and also in the 1930s. About 2000 people came.")
    corpus = corpus_from_texts({"d": text}, meta={"d": {"date": "2025-10-30", "date_basis": "stated: header"}})
    refs = dated_references(corpus)
    assert refs["text"].tolist() == ["1975", "May 1997", "29 February 2024", "1930s"]
    assert refs["date"].tolist() == ["1975", "1997-05", "2024-02-29", "1930"]
    assert refs["precision"].tolist() == ["year", "month", "day", "decade"]
    assert refs["lag_years"].tolist() == [50, 28, 1, 95]
    assert set(refs["date_status"]) == {"stated"}
    for row in refs.itertuples():
        assert corpus["d"].text[row.start:row.end] == row.text


def test_dated_references_without_document_date_and_empty():
    corpus = corpus_from_texts({"d": "Signed in 1997."})
    refs = dated_references(corpus)
    assert refs["lag_years"].isna().all() and refs["date_status"].tolist() == ["unknown"]
    empty = dated_references(corpus_from_texts({"d": "Nothing dated here."}))
    assert empty.empty and "lag_years" in empty.columns


def test_date_status():
    assert [date_status(v) for v in ("stated: line 1", "Inferred: name", "", None, "guess")] == \
        ["stated", "inferred", "unknown", "unknown", "unknown"]


# ---------------------------------------------------------------------------- agreements


def _agreement_case():
    text = ("Treaties\n\nThe system rests on the Helsinki Final Act of 1975, the Charter of Paris for a New "
            "Europe of 1990, the Founding Act between Russia and NATO of 1997. The 1975 Helsinki Final Act "
            "is cited. The Cold War ended, they said in 1991. The UN Charter matters.")
    corpus = corpus_from_texts({"d": text}, meta={"d": {"date": "2025", "date_basis": "inferred: x"}})
    sentences = {s.sentence_id: s for s in corpus["d"].sentences}

    def mention(name, actor_id, actor_type="agreement", nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        sid = next(s.sentence_id for s in sentences.values() if s.start <= start < s.end)
        return {"doc_id": "d", "sentence_id": sid, "start": start, "end": start + len(name),
                "actor_id": actor_id, "actor_name": name, "actor_type": actor_type}

    mentions = pd.DataFrame([
        mention("Helsinki Final Act", "HFA"), mention("Charter of Paris for a New Europe", "PARIS"),
        mention("Founding Act", "FA"), mention("Helsinki Final Act", "HFA", nth=1),
        mention("Cold War", "COLD_WAR", "event"), mention("UN Charter", "UN_CHARTER"),
        mention("Russia", "RUS", "state"),
        {**mention("Founding Act", "unlinked:founding act"), "actor_name": "x"},
    ])
    return corpus, mentions


def test_agreements_are_linked_to_the_date_next_to_them():
    corpus, mentions = _agreement_case()
    refs = dated_references(corpus)
    table = agreements_on_timeline(refs, mentions, texts=corpus)
    got = list(zip(table["actor_id"], table["date"], table["link"]))
    assert got == [
        ("HFA", "1975", "adjacent"),       # "... Final Act of 1975"
        ("PARIS", "1990", "adjacent"),     # not the 1975 before it
        ("FA", "1997", "nearby"),          # "... between Russia and NATO of 1997"
        ("HFA", "1975", "adjacent"),       # "The 1975 Helsinki Final Act"
        ("COLD_WAR", "1991", "same sentence"),  # another clause: weak
        ("UN_CHARTER", "", ""),            # no date in its sentence
    ]  # the unlinked (NER-only) name and the state are left out
    without_text = agreements_on_timeline(refs, mentions)
    assert set(without_text["link"]) <= {"same sentence", ""}

    summary = agreement_dates(table)
    assert summary["actor_id"].tolist() == ["HFA", "PARIS", "FA", "COLD_WAR", "UN_CHARTER"]
    hfa = summary.iloc[0]
    assert (hfa["mentions"], hfa["dated"], hfa["year"], hfa["years"]) == (2, 2, 1975, "1975")
    assert pd.isna(summary.set_index("actor_id").loc["COLD_WAR", "year"])  # same sentence only


def test_agreements_empty_inputs():
    corpus, mentions = _agreement_case()
    refs = dated_references(corpus)
    none = agreements_on_timeline(refs.iloc[0:0], mentions.iloc[0:0], texts=corpus)
    assert none.empty and agreement_dates(none).empty


# ---------------------------------------------------------------------------- summaries


def test_decades_lags_and_bands():
    corpus = corpus_from_texts(
        {"a": "In 1975 and in 1979 and in 2020.", "b": "In 2030 we will see.", "c": "Nothing."},
        meta={"a": {"date": "2022-12-15", "date_basis": "stated: x"}, "b": {"date": "2024"},
              "c": {"date": ""}})
    refs = dated_references(corpus)
    decades = references_by_decade(refs)
    assert decades[["decade", "references", "documents"]].values.tolist() == [[1970, 2, 1], [2020, 1, 1],
                                                                             [2030, 1, 1]]
    assert decades["share"].sum() == pytest.approx(1.0)

    lags = document_lags(refs, documents_table(corpus))
    assert lags["doc_id"].tolist() == ["c", "a", "b"]  # sorted by date; no date first
    a = lags.set_index("doc_id").loc["a"]
    assert (a["references"], a["earliest"], a["max_lag"], a["past_10"], a["date_status"]) == \
        (3, 1975, 47, 2, "stated")
    assert a["median_lag"] == 43.0
    assert lags.set_index("doc_id").loc["c", "references"] == 0

    bands = lag_bands(refs).set_index("band")
    assert bands.loc["looks ahead", "references"] == 1  # 2024 -> 2030
    assert bands.loc["1-4 years back", "references"] == 1
    assert bands.loc["20-49 years back", "references"] == 2
    assert bands["references"].sum() == len(refs)
    assert list(bands.index) == [label for label, _, _ in LAG_BANDS]
    assert documents_span(documents_table(corpus)) == (2022, 2025)
    assert documents_span(pd.DataFrame({"date": ["", None]})) is None


def test_relative_references():
    corpus = corpus_from_texts({"d": "Last December we met. On Tuesday, two years ago, it rained. "
                                     "This may be true. In March we left. In March 2022 we came back."})
    rel = relative_references(corpus)
    assert list(zip(rel["text"], rel["kind"])) == [
        ("Last December", "last/next"), ("On Tuesday", "weekday"), ("two years ago", "ago"),
        ("In March", "month without year")]  # "This may" is a verb; "March 2022" has a year


# ---------------------------------------------------------------------------- figures


def test_timeline_figures_draw_and_survive_empty_input():
    corpus = corpus_from_texts({"a": "In 1975, in the 1930s and in May 2021."},
                               meta={"a": {"date": "2022", "date_basis": "inferred: x"}})
    refs = dated_references(corpus)
    docs = documents_table(corpus)
    fig = plots.plot_reference_timeline(refs, docs)
    assert fig.axes[0].get_xlabel().startswith("Year referred to")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a (2022)"]
    plots.plot_reference_timeline(refs.iloc[0:0], docs)
    plots.plot_reference_timeline(refs.iloc[0:0], docs.iloc[0:0])
    plots.plot_references_by_decade(references_by_decade(refs))
    plots.plot_references_by_decade(references_by_decade(refs.iloc[0:0]))
    table = pd.DataFrame({"actor_id": ["A"], "name": ["Act"], "type": ["agreement"], "mentions": [2],
                          "documents": [1], "dated": [1], "year": pd.array([1975], dtype="Int64"),
                          "years": ["1975;1990"]})
    fig = plots.plot_agreement_dates(table, documents_span=(2022, 2023))
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Act"]
    plots.plot_agreement_dates(table.iloc[0:0])


def test_plot_reference_timeline_keeps_documents_with_most_references():
    texts = {f"d{i}": " ".join(f"In {1990 + k}." for k in range(i)) or "Nothing." for i in range(5)}
    corpus = corpus_from_texts(texts, meta={d: {"date": f"2020-0{i + 1}-01"} for i, d in enumerate(texts)})
    fig = plots.plot_reference_timeline(dated_references(corpus), documents_table(corpus), max_documents=2)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["d3 (2020-04-01)", "d4 (2020-05-01)"]
    assert "2 documents with most dated references, of 5" in fig.axes[0].get_title()


def test_decimal_year():
    assert plots.decimal_year("2000") == 2000.5
    assert plots.decimal_year("2000-01-01") == pytest.approx(2000 + 0.5 / 366)
    assert plots.decimal_year("1930", "decade") == 1935.0


def test_a_date_inside_the_name_dates_it():
    text = "Title\n\nWe remember the Great Patriotic War of 1941-1945 and 2020."
    corpus = corpus_from_texts({"d": text})
    start = text.index("Great")
    name = "Great Patriotic War of 1941-1945"
    mentions = pd.DataFrame([{"doc_id": "d", "sentence_id": corpus["d"].sentences[-1].sentence_id,
                              "start": start, "end": start + len(name), "actor_id": "GPW",
                              "actor_name": "Great Patriotic War", "actor_type": "event"}])
    table = agreements_on_timeline(dated_references(corpus), mentions, texts=corpus)
    assert table[["date", "link"]].values.tolist() == [["1941", "adjacent"]]
