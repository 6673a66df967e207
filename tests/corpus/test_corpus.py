"""Tests for analysis.corpus: documents -> paragraphs -> sentences, footnotes, tables, turns.

The central invariant: every unit's ``start``/``end`` are offsets into the document's
original text (the file decoded as UTF-8) and ``text[start:end]`` is exactly the unit.
It is checked on every unit of every seed and, with hypothesis, on random texts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import (
    PROSE_ROLES,
    Corpus,
    CorpusError,
    Document,
    corpus_from_texts,
    count_words,
    documents_table,
    footnotes_table,
    load_corpus,
    paragraphs_table,
    parse_document,
    sentences_table,
    tables_table,
    turns_table,
)
from analysis.errors import InputError
from analysis.text import CHAR_MAP, HOMOGLYPHS
from tests.paths import SHARED_CORPUS


SEED_IDS = [
    "000_7d7a01f1c81f0d76",
    "001_8d28a85c5ffc81f4",
    "002_34ea7ae64c1b966a",
    "003_2a18997b5bd812c8",
    "004_30ad00b5f467db46",
]
MARKER_RE = re.compile(r"\[footnoteRef:\d+\]|\[\^\d+\]")


def _doc(text: str, doc_id: str = "t") -> Document:
    return corpus_from_texts({doc_id: text})[doc_id]


def _roles(document: Document) -> list[tuple[str, str]]:
    return [(p.role, p.text) for p in document.paragraphs]


def _normalises_to(original_char: str, clean_char: str) -> bool:
    return (original_char == clean_char or CHAR_MAP.get(original_char) == clean_char
            or HOMOGLYPHS.get(original_char) == clean_char)


def assert_offsets(document: Document) -> None:
    """The offset invariant on every unit of ``document`` (and the clean-text contract)."""
    text = document.text
    previous_end = 0
    for p in document.paragraphs:
        assert text[p.start:p.end] == p.text
        assert p.text and p.text == p.text.strip()
        assert p.start >= previous_end, "paragraphs overlap or are out of order"
        previous_end = p.end
    paragraphs = {p.paragraph_id: p for p in document.paragraphs}
    assert [p.paragraph_id for p in document.paragraphs] == list(range(len(document.paragraphs)))
    previous_end = 0
    for i, s in enumerate(document.sentences):
        assert s.sentence_id == i
        assert text[s.start:s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end, "sentences overlap or are out of order"
        previous_end = s.end
        paragraph = paragraphs[s.paragraph_id]
        assert paragraph.start <= s.start < s.end <= paragraph.end
        assert paragraph.role in PROSE_ROLES
        assert not MARKER_RE.search(s.clean_text)
        for k, char in enumerate(s.clean_text):
            j = s.to_original(k)
            assert s.start <= j < s.end
            assert _normalises_to(text[j], char), (text[j], char)
        assert s.original_span(0, len(s.clean_text)) == (s.start, s.end)
    for m in document.markers:
        assert MARKER_RE.fullmatch(text[m.start:m.end])
        assert str(m.number) in text[m.start:m.end]
        assert not any(s.start < m.end and m.start < s.end and m.start > s.start and m.end < s.end
                       and MARKER_RE.search(s.clean_text) for s in document.sentences)
    for f in document.footnotes:
        body = text[f.start:f.end]
        assert body.startswith((f"[{f.number}:", f"[^{f.number}]:"))
        assert f.text in " ".join(body.split())
    # Footnote bodies and markers never reach the clean text NLP sees.
    removed = [(m.start, m.end) for m in document.markers] + [(f.start, f.end) for f in document.footnotes]
    for s in document.sentences:
        for k in range(len(s.clean_text)):
            j = s.to_original(k)
            assert not any(a <= j < b for a, b in removed)
    for table in document.tables:
        assert text[table.start:table.end].startswith("|")
        for row, column, start, end in table.cells:
            value = text[start:end]
            assert value == value.strip()
            expected = table.header[column] if row == -1 else table.rows[row][column]
            assert value == expected
        for s in document.sentences:  # table cells are not sentences
            assert s.end <= table.start or s.start >= table.end
    for turn in document.turns:
        label = text[turn.label_start:turn.label_end]
        assert " ".join(label.split()) == turn.label
        assert turn.label_end <= turn.start <= turn.end <= len(text)


# --------------------------------------------------------------------------- seeds


def test_seed_corpus_loads_with_manifest(seed_corpus):
    assert [d.doc_id for d in seed_corpus] == SEED_IDS
    assert len(seed_corpus) == 5
    for document in seed_corpus:
        assert document.meta["title"]
        assert document.meta["kind"] in {"news", "analysis", "official_statement"}
        assert document.sentences


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_offset_invariant_on_every_seed_unit(seed_corpus, doc_id):
    assert_offsets(seed_corpus[doc_id])


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_seed_text_is_the_file_decoded_as_utf8(seed_corpus, seed_dir, doc_id):
    document = seed_corpus[doc_id]
    assert document.text == (seed_dir / f"{doc_id}.txt").read_bytes().decode("utf-8")


def test_seed_000_dateline(seed_corpus):
    document = seed_corpus["000_7d7a01f1c81f0d76"]
    assert document.meta["dateline"] == "MOSCOW"
    first = document.sentences[0]
    assert document.paragraphs[0].text.startswith("MOSCOW – In a significant")
    assert first.text.startswith("In a significant diplomatic overture")
    assert "MOSCOW" not in first.clean_text
    assert {p.role for p in document.paragraphs} == {"body"}


def test_seed_004_header_lines_date_title_byline(seed_corpus):
    document = seed_corpus["004_30ad00b5f467db46"]
    assert _roles(document)[:5] == [
        ("header", "The Embassy of the Russian Federation in the Republic of India"),
        ("header", "/Today's working hours: 08.00-14.00"),
        ("date", "15 december / 2022"),
        ("title", "On security guarantees"),
        ("byline", document.paragraphs[4].text),
    ]
    assert document.paragraphs[4].text.startswith("(from the briefing by Russian Foreign Ministry\nSpokeswoman")
    assert {p.role for p in document.paragraphs[5:]} == {"body"}
    # Header lines and the date line are not sentences.
    assert all(s.paragraph_id >= 3 for s in document.sentences)
    # NBSP in "Spokeswoman\u00a0Maria Zakharova": the clean text has a plain space.
    assert "\u00a0" in document.paragraphs[4].text
    byline = [s for s in document.sentences if s.paragraph_id == 4]
    assert "Spokeswoman Maria Zakharova" in " ".join(s.clean_text for s in byline)


def test_seed_004_stated_date_without_manifest(seed_dir, tmp_path):
    shutil.copy(seed_dir / "004_30ad00b5f467db46.txt", tmp_path)
    document = load_corpus(tmp_path)["004_30ad00b5f467db46"]
    assert document.meta["date"] == "2022-12-15"
    assert document.meta["date_basis"].startswith("stated")
    assert document.meta["title"] == "On security guarantees"


def test_seed_003_epigraphs_headings_separator(seed_corpus):
    document = seed_corpus["003_2a18997b5bd812c8"]
    roles = _roles(document)
    assert roles[1][0] == "epigraph" and roles[1][1].startswith("Peace is indivisible.")
    assert roles[2][0] == "attribution" and roles[2][1].startswith("From the speech of the People")
    assert roles[3][0] == "epigraph" and roles[3][1].startswith("Russia seeks to transform Eurasia")
    assert roles[4] == ("attribution", "Concept of the Foreign Policy of the Russian Federation")
    assert [t for r, t in roles if r == "heading"] == [
        "History Brief",
        "Collapse of the Euro-Atlantic Concept",
        "Growing Tension in Eurasia",
        "Constructive Alternative",
        "Goals and Participants",
        "And what\u2019s in practice?",
        "On the Eurasian Charter",
    ]
    assert [t for r, t in roles if r == "separator"] == ["* * *"]
    # The abstract opens the file after a leading space: the paragraph is trimmed.
    assert roles[0][0] == "body" and document.paragraphs[0].start == 1


def test_seed_003_footnote_markers_and_bodies(seed_corpus):
    document = seed_corpus["003_2a18997b5bd812c8"]
    assert [m.number for m in document.markers] == list(range(1, 9))
    assert [f.number for f in document.footnotes] == list(range(1, 9))
    first = document.footnotes[0]
    assert first.url == "http://www.kremlin.ru/events/president/news/74285"
    assert first.accessed == "2025-02-16"
    assert first.text.startswith("Meeting with the leadership of the Ministry of Foreign Affairs")
    assert document.footnotes[2].url is None and document.footnotes[2].accessed is None
    assert document.footnotes[7].url == "www.kremlin.ru/catalog/countries/CN/events/740"
    # Markers are kept out of the clean text but their position is recorded.
    for marker in document.markers:
        assert document.text[marker.start:marker.end] == f"[footnoteRef:{marker.number}]"
    assert not any("footnoteRef" in s.clean_text for s in document.sentences)
    # Footnote bodies (on lines of their own here) are neither paragraphs nor sentences.
    assert not any(p.text.startswith("[1:") for p in document.paragraphs)
    for f in document.footnotes:
        assert all(s.end <= f.start or s.start >= f.end for s in document.sentences)
    # The footnotes table links each body to its marker and to the sentence it follows.
    table = footnotes_table(Corpus([document]))
    assert list(table["number"]) == list(range(1, 9))
    row = table.iloc[0]
    sentence = document.sentences[int(row["sentence_id"])]
    assert sentence.end <= row["marker_start"]
    assert "Putin speaking at the Ministry of Foreign Affairs" in sentence.clean_text or \
        sentence.end == row["marker_start"]


def test_seed_003_marker_inside_a_sentence_is_removed_from_clean_text(seed_corpus):
    document = seed_corpus["003_2a18997b5bd812c8"]
    marker = document.markers[7]  # "...opinions of all its participants[footnoteRef:8]. Obviously"
    sentence = next(s for s in document.sentences if s.start < marker.start < s.end)
    assert "[footnoteRef:8]" in sentence.text
    assert sentence.clean_text.endswith("opinions of all its participants.")


def test_seed_003_normalisation_keeps_offsets(seed_corpus):
    document = seed_corpus["003_2a18997b5bd812c8"]
    sentence = next(s for s in document.sentences if "polycentric" in s.text)
    assert "of \u0430 polycentric" in sentence.text  # Cyrillic "а" in the original
    assert "of a polycentric" in sentence.clean_text
    k = sentence.clean_text.index("of a polycentric") + 3
    assert document.text[sentence.to_original(k)] == "\u0430"
    nbsp = next(s for s in document.sentences if "14 June,\u00a0Vladimir\u00a0Putin" in s.text)
    assert "14 June, Vladimir Putin" in nbsp.clean_text
    assert "\u2019" not in " ".join(s.clean_text for s in document.sentences)


def test_seed_001_pipe_tables(seed_corpus):
    document = seed_corpus["001_8d28a85c5ffc81f4"]
    assert len(document.tables) == 2
    timeline, snapshot = document.tables
    frame = timeline.frame
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["Date", "Event", "Why it\u2019s relevant"]
    assert list(frame["Date"]) == ["May 1997", "2014", "Feb 2022", "May 2025", "Dec 2025"]
    assert timeline.caption == "Key timeline points"
    assert list(snapshot.frame.columns) == ["Area", "What the EU/NATO documents say", "Latest cited figures"]
    assert snapshot.frame.shape == (4, 3)
    assert snapshot.caption == "Snapshot: Current measurable pressure points"
    # Table rows are not sentences.
    assert not any(s.text.startswith("|") or "May 1997 |" in s.text for s in document.sentences)
    cells = tables_table(Corpus([document]))
    assert set(cells["table_id"]) == {0, 1}
    assert (cells["row"] == -1).sum() == 6  # two header rows of three cells
    for row in cells.itertuples():
        assert document.text[row.start:row.end] == row.value


def test_seed_001_headings_list_items_and_trailing_blank_lines(seed_corpus):
    document = seed_corpus["001_8d28a85c5ffc81f4"]
    assert [t for r, t in _roles(document) if r == "heading"] == [
        "Background: Why this matters now",
        "Key timeline points",
        "What Russia proposed",
        "What non-aggression pact implies in practice",
        "NATO and EU baseline positions",
        "Snapshot: Current measurable pressure points",
        "Where the proposal fits in existing rules",
        "Final thoughts",
    ]
    items = [p for p in document.paragraphs if p.role == "list_item"]
    assert len(items) == 3 and all(p.text.startswith("- ") for p in items)
    item_sentences = [s for s in document.sentences if s.paragraph_id == items[0].paragraph_id]
    assert item_sentences[0].clean_text.startswith("Commit parties")  # bullet dropped
    assert document.text.endswith("\n\n\n\n\n\n\n")
    assert document.paragraphs[-1].text.endswith("Helsinki-era commitments.")
    assert document.turns == []  # "Background:" is a heading, not a speaker


def test_seed_002_plain_news(seed_corpus):
    document = seed_corpus["002_34ea7ae64c1b966a"]
    assert len(document.paragraphs) == 11
    assert {p.role for p in document.paragraphs} == {"body"}
    quoted = [s for s in document.sentences if s.text.startswith("\u201cWe recognize")]
    assert quoted and quoted[0].clean_text.startswith('"We recognize')


def test_seed_tables_have_documented_columns(seed_corpus):
    docs = documents_table(seed_corpus)
    assert list(docs["doc_id"]) == SEED_IDS
    assert {"title", "date", "date_basis", "kind", "voice", "n_sentences", "n_words", "n_footnotes",
            "n_tables", "dateline"} <= set(docs.columns)
    assert docs.set_index("doc_id").loc["003_2a18997b5bd812c8", "n_footnotes"] == 8
    assert docs.set_index("doc_id").loc["001_8d28a85c5ffc81f4", "n_tables"] == 2
    sentences = sentences_table(seed_corpus)
    assert list(sentences.columns[:5]) == ["doc_id", "paragraph_id", "sentence_id", "start", "end"]
    for row in sentences.itertuples():
        assert seed_corpus.text_of(row.doc_id, row.start, row.end) == row.text
    paragraphs = paragraphs_table(seed_corpus)
    for row in paragraphs.itertuples():
        assert seed_corpus.text_of(row.doc_id, row.start, row.end) == row.text
    assert len(turns_table(seed_corpus)) == 0
    assert docs["n_words"].sum() == sum(count_words(s) for s in sentences["clean_text"])


# --------------------------------------------------------------------------- synthetic texts


@pytest.mark.parametrize(
    ("line", "place", "rest"),
    [
        ("MOSCOW \u2013 Russia said it was ready.", "MOSCOW", "Russia said it was ready."),
        ("WASHINGTON, Dec 5 (Reuters) - The United States said it would study the offer.",
         "WASHINGTON", "The United States said it would study the offer."),
        ("KYIV, Ukraine (AP) \u2014 Officials said the talks had stalled.", "KYIV, Ukraine",
         "Officials said the talks had stalled."),
        ("BRUSSELS\u00a0\u2014 NATO ministers met on Tuesday.", "BRUSSELS", "NATO ministers met on Tuesday."),
    ],
)
def test_datelines(line, place, rest):
    document = _doc(f"Talks resume in Geneva\n\n{line}\nMore text follows here.\n")
    assert document.meta["dateline"] == place
    assert document.sentences[1].clean_text == rest
    assert_offsets(document)


@pytest.mark.parametrize(
    ("line", "place", "date", "basis"),
    [
        ("BRUSSELS, 14 March 2025 \u2013 The European Commission imposed tariffs.", "BRUSSELS", "2025-03-14",
         "stated: dateline '14 March 2025'"),
        ("NEW YORK, March 14, 2025 \u2014 The United States vetoed a draft resolution.", "NEW YORK", "2025-03-14",
         "stated: dateline 'March 14, 2025'"),
        ("BERLIN (Reuters) \u2013 Turnout was high in the election.", "BERLIN", "", "unknown"),
        ("LONDON, 3 June 2021 (AP) - Ministers met on Thursday.", "LONDON", "2021-06-03",
         "stated: dateline '3 June 2021'"),
        ("Brussels, 14 March 2025 \u2013 The Commission acted on Friday.", "Brussels", "2025-03-14",
         "stated: dateline '14 March 2025'"),
        ("WASHINGTON, Dec 5 (Reuters) - The United States said it would study the offer.", "WASHINGTON", "",
         "unknown"),  # no year: no date is made up
    ],
)
def test_news_datelines_give_place_and_date(line, place, date, basis):
    """issue 13: "CITY, 14 March 2025 \u2013", "CITY, March 14, 2025 \u2014", "CITY (Agency) \u2013"."""
    document = _doc(f"Tariffs and vetoes\n\n{line}\nMore text follows here.\n")
    assert document.meta["dateline"] == place
    assert (document.meta["date"], document.meta["date_basis"]) == (date, basis)
    first = document.sentences[1]
    assert place not in first.clean_text and first.clean_text[:1].isupper()  # the place is no running text
    assert_offsets(document)


def test_a_header_place_and_date_line_is_the_dateline():
    """issue 13: "Moscow, 3 March 2023" above a text is its place and date, not prose."""
    document = _doc("Embassy of Somewhere\nPress office\nMoscow, 3 March 2023\n\nOn peace\n\nWe want peace.\n")
    assert [p.role for p in document.paragraphs] == ["header", "header", "date", "title", "body"]
    assert (document.meta["dateline"], document.meta["date"]) == ("Moscow", "2023-03-03")
    assert not any("Moscow" in s.clean_text for s in document.sentences)
    weekday = _doc("Tuesday, 3 March 2023\n\nOn peace\n\nWe want peace.\n")
    assert weekday.meta["dateline"] == ""


def test_a_manifest_date_wins_over_the_dateline():
    corpus = corpus_from_texts({"t": "BRUSSELS, 14 March 2025 \u2013 The Commission acted.\n"},
                               {"t": {"date": "2025-03-15", "date_basis": "stated"}})
    assert corpus["t"].meta["date"] == "2025-03-15" and corpus["t"].meta["dateline"] == "BRUSSELS"


def test_capitalised_words_before_a_dash_are_no_dateline():
    for text in ("Russia \u2013 The talks went on.\n", "Moscow - Beijing relations grew.\n"):
        assert _doc(text).meta["dateline"] == ""


def test_no_dateline_in_ordinary_sentences():
    document = _doc("NATO - the alliance - said nothing.\nThe EU agreed.\n")
    assert document.meta["dateline"] == ""
    assert document.sentences[0].text.startswith("NATO")


def test_header_lines_and_stated_date_make_metadata():
    document = _doc("Embassy of Somewhere\nPress office\n3 March 2023\n\nOn peace\n\nWe want peace. It is good.\n")
    assert [p.role for p in document.paragraphs] == ["header", "header", "date", "title", "body"]
    assert document.meta["date"] == "2023-03-03"
    assert document.meta["title"] == "On peace"
    assert [s.text for s in document.sentences] == ["On peace", "We want peace.", "It is good."]


def test_headings_and_what_is_not_a_heading():
    text = (
        "Security talks\n\n"
        "Good afternoon.\n"
        "Thank you\n"
        "Russia said it was ready for talks on a new security architecture in Europe.\n"
        "Background\n"
        "The talks began in 2021 and stalled a few weeks later.\n"
        "(Applause.)\n"
        "The ministers met again in Geneva on Tuesday and agreed to continue.\n"
        "Is this the end?\n"
        "Nobody knows yet, officials said after the meeting.\n"
        "Join us! (Laughter.)\n"
        "The meeting ended at noon, and the delegations left the city.\n"
    )
    document = _doc(text)
    assert [t for r, t in _roles(document) if r == "heading"] == ["Background", "Is this the end?"]
    assert _roles(document)[0] == ("title", "Security talks")


def test_question_lines_are_not_headings_without_other_headings():
    document = _doc("Speech\n\nWe have many tasks ahead of us this year.\nWhat is the priority here?\n"
                    "The priority is the economy, and we will work on it.\n")
    assert [p.role for p in document.paragraphs] == ["title", "body", "body", "body"]


def test_lines_of_verse_are_not_headings():
    text = (
        "Let me read a poem to you now, if you allow me.\n"
        "The great day of Borodino\n"
        "With brotherly commemoration\n"
        "We shall recall in solemn rhyme\n"
        "Yet firm we stood, with steadfast tread,\n"
        "And met with breast the hostile tide\n"
        "Of tribes ruled by that haughty pride\n"
        "And equal proved the unequal fight.\n"
        "That is the poem I wanted to read to you today, colleagues.\n"
    )
    document = _doc(text)
    assert "heading" not in {p.role for p in document.paragraphs}


def test_markdown_headings_and_numbered_headings():
    text = ("## Background\n\nRussia made an offer. It was rejected.\n\n"
            "2. Growing tension\n\nThe alliance expanded its presence in the region.\n")
    document = _doc(text)
    headings = [p for p in document.paragraphs if p.role == "heading"]
    assert [p.text for p in headings] == ["## Background", "2. Growing tension"]
    clean = [s.clean_text for s in document.sentences]
    assert clean[0] == "Background" and "Growing tension" in clean
    assert_offsets(document)


def test_epigraph_and_attribution():
    text = ("Abstract of the article goes here. It is short.\n\n"
            "Peace is indivisible.\n\n"
            "From the speech of Maxim Litvinov at the League of Nations, 1935\n\n"
            "The article begins here. It continues.\n")
    document = _doc(text)
    assert [p.role for p in document.paragraphs] == ["body", "epigraph", "attribution", "body"]


def test_pipe_table_with_alignment_row_and_caption():
    text = ("Sanctions packages\n\nThe EU adopted many packages.\n\nTable 1. Packages\n"
            "| Package | Date | Measures |\n|:--------|-----:|:--------:|\n"
            "| 16th | 24 Feb 2025 | Aluminium |\n| 17th | 20 May 2025 | Shadow fleet |\n\n"
            "The table shows two packages.\n")
    document = _doc(text)
    (table,) = document.tables
    assert table.header == ("Package", "Date", "Measures")
    assert table.rows == (("16th", "24 Feb 2025", "Aluminium"), ("17th", "20 May 2025", "Shadow fleet"))
    assert table.caption == "Table 1. Packages"
    assert table.frame.shape == (2, 3)
    assert not any("|" in s.text for s in document.sentences)
    assert_offsets(document)


def test_table_rows_without_outer_pipes_and_ragged_rows():
    text = "Intro line here.\n| a | b |\n| 1 | 2 | 3\n| 4 |\n\nAfter.\n"
    document = _doc(text)
    (table,) = document.tables
    assert table.header == ("a", "b")
    assert list(table.frame.columns) == ["a", "b"]
    assert table.frame.shape == (2, 2)
    assert_offsets(document)


def test_footnote_markers_and_bodies():
    text = ("Peace\u00a0is indivisible.[footnoteRef:1] Security is common.[footnoteRef:2]\n"
            "[1:  Speech // Site. URL: https://example.org/a (date accessed: 15.02.2025).]\n"
            "[2:  A book without a link.]\n")
    document = _doc(text)
    assert [s.clean_text for s in document.sentences] == ["Peace is indivisible.", "Security is common."]
    assert [(f.number, f.url, f.accessed) for f in document.footnotes] == [
        (1, "https://example.org/a", "2025-02-15"), (2, None, None)]
    assert len(document.paragraphs) == 1
    assert_offsets(document)


def test_bracketed_number_without_a_marker_is_prose():
    document = _doc("The ratio was [3: 1] in favour of the motion, officials said.\n")
    assert document.footnotes == []
    assert "[3: 1]" in document.sentences[0].clean_text


def test_markdown_footnotes():
    text = ("Russia offers guarantees\n\nLavrov said Moscow was ready.[^1] NATO disagreed.[^2]\n\n"
            "[^1]: TASS, 5 December 2025. https://tass.com/politics/1 (accessed 6 December 2025)\n"
            "[^2]: NATO press release, https://www.nato.int/x\n")
    document = _doc(text)
    assert [p.role for p in document.paragraphs] == ["title", "body"]
    assert [s.clean_text for s in document.sentences[1:]] == ["Lavrov said Moscow was ready.", "NATO disagreed."]
    assert [(f.number, f.url, f.accessed) for f in document.footnotes] == [
        (1, "https://tass.com/politics/1", "2025-12-06"), (2, "https://www.nato.int/x", None)]
    assert_offsets(document)


def test_normalisation_of_quotes_nbsp_and_homoglyphs():
    document = _doc("\u201cWe\u00a0are ready,\u201d she said. It is \u0430 step to \u0430 new order.\n")
    assert [s.clean_text for s in document.sentences] == [
        '"We are ready," she said.', "It is a step to a new order."]
    assert_offsets(document)


def test_crlf_line_endings():
    text = "Security talks resume\r\n\r\nMOSCOW \u2013 Russia said it was ready.\r\nBackground\r\nThe talks began in 2021.\r\n"
    document = _doc(text)
    assert [p.role for p in document.paragraphs] == ["title", "body", "heading", "body"]
    assert document.meta["dateline"] == "MOSCOW"
    assert not any("\r" in p.text for p in document.paragraphs)
    assert_offsets(document)


def test_byte_order_mark():
    document = _doc("\ufeffSecurity talks resume in Geneva\n\nRussia said it was ready. Officials agreed.\n")
    assert document.meta["title"] == "Security talks resume in Geneva"
    assert document.paragraphs[0].start == 1
    assert document.paragraphs[0].role == "title"
    assert_offsets(document)


def test_hard_wrapped_text_is_joined_into_paragraphs():
    text = (
        "Russia offers written guarantees\n\n"
        "Russia said on Monday that it was ready to offer written guarantees of\n"
        "non-aggression to members of NATO and the European Union, in remarks that\n"
        "officials in Brussels described as an attempt to split the alliance.\n\n"
        "Western diplomats were sceptical. One said the offer was a tactic designed\n"
        "to slow down military aid to Ukraine.\n"
    )
    document = _doc(text)
    assert [p.role for p in document.paragraphs] == ["title", "body", "body"]
    first = document.sentences[1]
    assert first.text.count("\n") == 2
    assert "guarantees of non-aggression" in first.clean_text
    assert_offsets(document)


def test_one_sentence_per_line_is_not_joined():
    text = ("Short statements\n\nRussia is ready for talks with NATO and the EU.\n"
            "The talks must be based on the principle of indivisible security.\n"
            "Nobody should strengthen its security at the expense of others.\n")
    document = _doc(text)
    assert len(document.paragraphs) == 4


def test_bullet_lists():
    text = ("Moscow listed three demands:\n\n* No NATO expansion.\n* No offensive weapons.\n"
            "1. First point here.\n2) Second point here.\n\u2022 A dotted bullet\n\nThat was all.\n")
    document = _doc(text)
    items = [p for p in document.paragraphs if p.role == "list_item"]
    assert len(items) == 5
    cleaned = [s.clean_text for s in document.sentences if s.paragraph_id in {p.paragraph_id for p in items}]
    assert cleaned == ["No NATO expansion.", "No offensive weapons.", "First point here.",
                       "Second point here.", "A dotted bullet"]
    assert_offsets(document)


def test_transcript_speaker_labels_become_turns():
    text = ("Briefing by the Spokeswoman\n\n"
            "Question: What is Russia's position on the guarantees?\n\n"
            "Maria Zakharova: We are ready. Security must be indivisible.\n"
            "It cannot be otherwise.\n\n"
            "Question: Will you talk to NATO?\n\n"
            "Maria Zakharova: Yes.\n")
    document = _doc(text)
    assert [t.label for t in document.turns] == ["Question", "Maria Zakharova", "Question", "Maria Zakharova"]
    assert "heading" not in {p.role for p in document.paragraphs}
    second = document.turns[1]
    assert text[second.start:second.end] == "We are ready. Security must be indivisible.\nIt cannot be otherwise."
    assert document.sentences[1].clean_text == "What is Russia's position on the guarantees?"
    assert document.meta["kind"] == "transcript"
    assert document.meta["voice"] == "speaker_turns"
    assert_offsets(document)


def test_label_alone_on_its_line_and_long_titled_labels():
    text = ("Meeting with ministers\n\n"
            "President of Russia Vladimir Putin:\nColleagues, good afternoon.\nLet us begin.\n"
            "Deputy President of the Republic of South Africa Paul Mashatile: Thank you.\n"
            "Amro Abdelhamid (retranslated): Mr President, a question.\n"
            "Vladimir Putin: Really?\n"
            "Thank you\n"
            "Vladimir Putin: Good.\n")
    document = _doc(text)
    assert [t.label for t in document.turns] == [
        "President of Russia Vladimir Putin",
        "Deputy President of the Republic of South Africa Paul Mashatile",
        "Amro Abdelhamid (retranslated)",
        "Vladimir Putin",
        "Vladimir Putin",
    ]
    first = document.turns[0]
    assert text[first.start:first.end] == "Colleagues, good afternoon.\nLet us begin."
    assert document.sentences[1].clean_text == "Colleagues, good afternoon."
    assert "heading" not in {p.role for p in document.paragraphs}
    assert_offsets(document)


def test_a_title_with_a_colon_is_not_a_speaker_label():
    text = ("Valdai Club: Plenary Session\n\nFyodor Lukyanov: Good afternoon. We begin.\n"
            "Vladimir Putin: Thank you. Let us start.\nFyodor Lukyanov: Why?\n")
    document = _doc(text)
    assert [(p.role, p.speaker_label) for p in document.paragraphs] == [
        ("title", None), ("body", "Fyodor Lukyanov"), ("body", "Vladimir Putin"), ("body", "Fyodor Lukyanov")]


def test_colon_phrases_are_not_speaker_labels():
    text = ("Russia's position\n\nAs for the East Group of Forces: it is advancing.\n"
            "My question is: what next?\nFirst: we need peace. Second: we need trust.\n"
            "Note: this article was updated.\nThe reason is simple: nobody wants war.\n")
    document = _doc(text)
    assert document.turns == []


def test_a_lone_labelled_line_in_an_article_is_a_turn_but_a_labelled_heading_is_not():
    text = ("Background: Why this matters now\nRussia made an offer on Monday. NATO said no.\n"
            "Lavrov: We are ready to talk to everyone who wants to talk.\n")
    document = _doc(text)
    assert [(p.role, p.speaker_label) for p in document.paragraphs] == [
        ("title", None), ("body", None), ("body", "Lavrov")]


def test_news_front_matter_title_byline_and_labelled_date_line():
    text = ("Russia offers NATO a pact\nBy Jane Smith and John Doe\nPublished: 5 May 2023, 10:32 GMT\n\n"
            "Moscow said on Monday it was ready. NATO said no.\n")
    document = _doc(text)
    assert [p.role for p in document.paragraphs] == ["title", "byline", "date", "body"]
    assert document.meta["title"] == "Russia offers NATO a pact"
    assert document.meta["date"] == "2023-05-05"
    assert document.meta["date_basis"].startswith("stated")


def test_hard_wrapped_text_with_headings_directly_above_paragraphs():
    text = ("Report on the talks\n\nBACKGROUND\n"
            "Russia said on Monday that it was ready to offer written guarantees of\n"
            "non-aggression to members of NATO and the European Union, in remarks that\n"
            "officials in Brussels described as an attempt to split the alliance.\n\n"
            "Next steps\nWestern diplomats were sceptical. One said the offer was a tactic designed\n"
            "to slow down military aid to Ukraine, while another said it deserved a\n"
            "careful reading before any response was drafted.\n")
    document = _doc(text)
    assert [p.role for p in document.paragraphs] == ["title", "heading", "body", "heading", "body"]
    assert document.paragraphs[2].text.count("\n") == 2
    assert_offsets(document)


@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "-"])
def test_attribution_opened_by_a_dash_is_not_a_list(dash):
    text = (f"Abstract text here. It is short.\n\nPeace is indivisible.\n\n{dash} Maxim Litvinov, 1935\n\n"
            "The article begins here. It continues.\n")
    document = _doc(text)
    assert [p.role for p in document.paragraphs] == ["body", "epigraph", "attribution", "body"]


def test_form_feed_and_other_line_separators_are_spaces_in_clean_text():
    document = _doc("Peace is\x0cindivisible.\u2028It is.\n")
    assert [s.clean_text for s in document.sentences] == ["Peace is indivisible.", "It is."]
    assert_offsets(document)


def test_plain_folder_without_manifest(tmp_path):
    (tmp_path / "kremlin_20220221_1.txt").write_text(
        "Address by the President\n\nCitizens of Russia, friends. I speak to you today.\n", encoding="utf-8")
    (tmp_path / "briefing.txt").write_text(
        "Ministry of Foreign Affairs\n15 december / 2022\n\nOn security guarantees\n\nWe proposed a treaty.\n",
        encoding="utf-8")
    (tmp_path / "notes.txt").write_text("just some words without a title or a date here\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("not a corpus file", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["briefing", "kremlin_20220221_1", "notes"]
    briefing, address, notes = corpus
    assert briefing.meta["title"] == "On security guarantees"
    assert (briefing.meta["date"], briefing.meta["date_basis"][:6]) == ("2022-12-15", "stated")
    assert address.meta["title"] == "Address by the President"
    assert address.meta["date"] == "2022-02-21"
    assert address.meta["date_basis"].startswith("inferred")
    assert notes.meta["date"] == "" and notes.meta["date_basis"] == "unknown"
    assert notes.meta["title"] == "just some words without a title or a date here"
    for document in corpus:
        assert document.meta["file"] == f"{document.doc_id}.txt"
        assert_offsets(document)


def test_manifest_with_spreadsheet_bom(tmp_path, seed_dir):
    shutil.copy(seed_dir / "002_34ea7ae64c1b966a.txt", tmp_path / "a.txt")
    (tmp_path / "manifest.csv").write_bytes(b"\xef\xbb\xbfdoc_id,file,title\nnews,a.txt,A title\n")
    corpus = load_corpus(tmp_path)
    assert corpus["news"].meta["title"] == "A title"


# --------------------------------------------------------------------------- bad input (library level)


def _write_manifest(folder: Path, rows: str) -> None:
    (folder / "manifest.csv").write_text(rows, encoding="utf-8")


@pytest.mark.parametrize(
    ("setup", "fragment"),
    [
        (lambda d: (d / "a.txt").write_bytes(b"caf\xe9\n"), "a.txt: not valid UTF-8 at byte 3"),
        (lambda d: (d / "a.txt").write_bytes(b""), "a.txt: file is empty"),
        (lambda d: (d / "a.txt").write_bytes(b"  \n\n"), "a.txt: file is empty"),
        (lambda d: (d / "a.txt").write_bytes(b"PK\x03\x04\x00\x00binary"), "a.txt: binary file"),
        (lambda d: (d / "a.txt").write_bytes("text".encode("utf-16")), "a.txt: file is UTF-16"),
        (lambda d: None, "no .txt files"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    _write_manifest(d, "doc_id,file\na,a.txt\nb,b.txt\n")), "manifest.csv:3: file 'b.txt' does not exist"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    _write_manifest(d, "doc_id,file\na,../a.txt\n")), "manifest.csv:2: file '../a.txt' is outside"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    _write_manifest(d, "doc_id,file\na,/etc/hostname\n")), "is outside the corpus folder"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    _write_manifest(d, "doc_id,file\na,a.txt\na,a.txt\n")), "manifest.csv:3: doc_id 'a' repeats"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    _write_manifest(d, "id,path\na,a.txt\n")), "manifest.csv:1: missing required column(s): doc_id, file"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    _write_manifest(d, "doc_id,file\n")), "manifest.csv: manifest lists no documents"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    _write_manifest(d, "doc_id,file\n,a.txt\n")), "manifest.csv:2: empty doc_id or file"),
        (lambda d: ((d / "a.txt").write_text("Hi there.", encoding="utf-8"),
                    (d / "manifest.csv").write_bytes(b"doc_id,file\nx\xff,a.txt\n")), "manifest.csv: not valid UTF-8 at byte 13 (line 2)"),
    ],
)
def test_bad_input_raises_one_clear_error(tmp_path, setup, fragment):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    setup(corpus_dir)
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_dir)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert isinstance(info.value, InputError)


def test_missing_folder_and_file_instead_of_folder(tmp_path):
    with pytest.raises(CorpusError, match="corpus folder does not exist"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="not a folder"):
        load_corpus(tmp_path / "f.txt")


# --------------------------------------------------------------------------- property test

_WORDS = ["Peace", "is", "indivisible", "security", "NATO", "Eurasia", "the", "of", "Russia",
          "Vladimir", "Putin", "said", "U.S.", "Mr", "no.", "e.g.", "1997", "20th"]
_FRAGMENTS = st.sampled_from(
    _WORDS + [
        " ", " ", " ", "\u00a0", "\u202f", "\t",
        "\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u00ab", "\u00bb",
        ".", ". ", ", ", "? ", "! ", ": ", " \u2013 ", " - ", "(", ")", "<...>",
        "[footnoteRef:1]", "[footnoteRef:2]", "[^3]", "|", " | ",
        "\u0430", " \u0430 ", "\u0440\u0435\u0430\u0441\u0435", "\u043c\u0438\u0440", "Eur\u0430sia",
        "\u00ad", "\u200b", "\r",
    ]
)
_LINE_STARTS = st.sampled_from(
    ["", "", "", "", "- ", "* ", "1. ", "## ", "| ", "MOSCOW \u2013 ", "Question: ", "Maria Zakharova: ",
     "[1: ", "[^3]: ", "(", "\ufeff", "   "])


@st.composite
def _documents(draw):
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(_LINE_STARTS)
        body = "".join(draw(st.lists(_FRAGMENTS, max_size=25)))
        end = draw(st.sampled_from(["", "", ".", "?", "]", " |", ")"]))
        lines.append(start + body + end)
        lines.extend([""] * draw(st.integers(0, 2)))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", "\n", "\n\n\n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_offsets_hold_on_random_texts(text):
    document = parse_document("random", text)
    assert_offsets(document)
    # Every non-blank character of a prose paragraph that is not structure is in a sentence
    # or is punctuation/markup: at least, no sentence is empty and every sentence has a letter or digit.
    for s in document.sentences:
        assert any(ch.isalnum() for ch in s.clean_text)


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the shared Kremlin corpus is not available")
def test_robustness_on_an_unseen_corpus():
    """126 Kremlin transcripts (read in place, never copied): offsets hold, turns are found,
    short lines ("Thank you", "Why?", "(Applause.)") are not headings."""
    corpus = load_corpus(SHARED_CORPUS)
    assert len(corpus) >= 100
    for document in corpus:
        text = document.text
        for unit in [*document.paragraphs, *document.sentences]:
            assert text[unit.start:unit.end] == unit.text
        for s in document.sentences[::25]:
            for k, char in enumerate(s.clean_text):
                assert _normalises_to(text[s.to_original(k)], char)
        assert document.paragraphs[0].role == "title"
        assert document.meta["date"] and document.meta["date_basis"].startswith("inferred")
    headings = [p.text for d in corpus for p in d.paragraphs if p.role == "heading"]
    assert len(headings) <= 10, headings
    assert not [h for h in headings if h.endswith("?") or h.startswith("(") or ":" in h]
    turns = turns_table(corpus)
    assert len(turns) > 3900
    assert {"Vladimir Putin", "President of Russia Vladimir Putin", "Question"} <= set(turns["label"])
    assert not turns["label"].str.lower().str.startswith(("as for", "my question")).any()
    assert not turns["label"].isin(["First", "Second", "Third"]).any()  # "First: ..." enumerates
    assert "First Deputy Prime Minister Denis Manturov" in set(turns["label"])


def test_word_abbreviations_need_a_number():
    # "no." is the word "no" unless a number follows ("No. 229"); "Mr." never ends a sentence.
    document = _doc("Moscow said no. Kyiv said yes. Decree No. 229 of March 31 was signed. "
                    "See para. 24 of the Concept. Mr. Lavrov agreed.\n")
    assert [s.clean_text for s in document.sentences] == [
        "Moscow said no.", "Kyiv said yes.", "Decree No. 229 of March 31 was signed.",
        "See para. 24 of the Concept.", "Mr. Lavrov agreed."]


def test_docstring_examples():
    import analysis.corpus
    from tests.doctests import failed_examples

    assert failed_examples(analysis.corpus) == 0


def test_a_greeting_opening_a_speech_is_no_speaker_label():
    """ "Mr. President:" or "Ladies and Gentlemen:" over a speech greets the chair or the
    audience; the speech stays in the document's voice, while a named label still opens a turn."""
    speech = ("Statement of the delegation\n\nMadam President:\nOur country welcomes the new session. "
              "We call for dialogue.\n\nLadies and Gentlemen:\nThe pandemic is a warning to us all.\n")
    document = _doc(speech)
    assert document.turns == []
    assert document.meta["voice"] == "author"
    assert "Our country welcomes the new session." in [s.clean_text for s in document.sentences]
    hearing = ("Hearing on the port\n\nMr. Okafor: The port is open.\n\nMs. Lindqvist: Thank you.\n")
    assert [t.label for t in _doc(hearing).turns] == ["Mr. Okafor", "Ms. Lindqvist"]


def test_layout_words_are_data_and_a_broken_list_names_its_file(tmp_path, monkeypatch):
    from analysis.corpus import lines
    from analysis.errors import InputError

    # The lists the reader uses are the data file's.
    assert lines.ADDRESS_OFFICES == lines._layout_words("address_offices")
    assert "excellencies" in lines.ADDRESS_WORDS and "note" in lines.NOT_SPEAKERS
    broken = tmp_path / "layout.yaml"
    monkeypatch.setattr(lines, "LAYOUT_DATA", broken)
    lines._layout_data.cache_clear()
    try:
        broken.write_text("ordinals: [first, second\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            lines._layout_words("ordinals")
        assert str(broken) in str(caught.value) and caught.value.line is not None
        lines._layout_data.cache_clear()
        broken.write_text("ordinals: {first: 1}\n", encoding="utf-8")
        with pytest.raises(InputError, match="ordinals"):
            lines._layout_words("ordinals")
        with pytest.raises(InputError, match="missing the list 'courtesy_words'"):
            lines._layout_words("courtesy_words")
    finally:
        lines._layout_data.cache_clear()
