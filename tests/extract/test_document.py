"""analysis.extract.document: the per-document kernel and the merging of its rows."""

from __future__ import annotations

import pytest

from analysis.corpus import corpus_from_texts
from analysis.extract.document import extract_document, merge_rows
from analysis.lexicon import load_lexicon
from analysis.nlp import iter_parsed
from analysis.schema import (
    ACTOR_MENTION_COLUMNS,
    FRAME_MATCH_COLUMNS,
    QUOTE_COLUMNS,
    ROW_TABLES,
    SPEAKER_SPAN_COLUMNS,
    STATEMENT_COLUMNS,
)

TEXTS = {
    "lavrov": 'Russian Foreign Minister Sergey Lavrov said: "Security is indivisible, and we offer NATO '
              'guarantees of non-aggression." NATO rejected the idea of mutual guarantees.\n\n'
              "China said the security of one state cannot come at the expense of another.\n",
    "peskov": 'Kremlin spokesman Dmitry Peskov told reporters: "We are ready for talks." '
              "He added that Ukraine and the European Union must respect reciprocity.\n",
}
META = {doc_id: {"date": "2024-05-01", "voice": "reporter"} for doc_id in TEXTS}
# The columns of each kernel row (frame rows are matches: speakers and actors come later).
ROW_COLUMNS = {
    "actor_mentions": ACTOR_MENTION_COLUMNS,
    "frame_mentions": FRAME_MATCH_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "speaker_spans": SPEAKER_SPAN_COLUMNS,
    "statements": STATEMENT_COLUMNS,
}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def parsed_texts(nlp):
    """[(document, parsed)] for TEXTS, parsed without the cache."""
    return list(iter_parsed(corpus_from_texts(TEXTS, META), nlp, cache=False))


@pytest.fixture(scope="module")
def rows_of(parsed_texts, register, lexicon):
    """{doc_id: (document, rows)}: the kernel's rows of each text."""
    return {document.doc_id: (document, extract_document(document, parsed, register, lexicon))
            for document, parsed in parsed_texts}


@pytest.mark.parametrize("doc_id", sorted(TEXTS))
def test_every_row_table_is_returned_with_rows(rows_of, doc_id):
    _document, rows = rows_of[doc_id]
    assert set(rows) == set(ROW_TABLES)
    for name in ROW_TABLES:
        assert rows[name], f"{doc_id}: no {name} rows"
        for row in rows[name]:
            assert list(row) == ROW_COLUMNS[name], name


@pytest.mark.parametrize("doc_id", sorted(TEXTS))
def test_rows_carry_doc_id_and_offsets_that_slice_the_text(rows_of, doc_id):
    document, rows = rows_of[doc_id]
    for name in ROW_TABLES:
        for row in rows[name]:
            assert row["doc_id"] == doc_id
            assert 0 <= row["start"] < row["end"] <= len(document.text), (name, row)
            if "text" in row:
                assert document.text[row["start"]:row["end"]] == row["text"], (name, row)


def test_quote_cues_slice_the_text(rows_of):
    for document, rows in rows_of.values():
        for row in rows["quotes"]:
            if row["cue"]:
                assert document.text[row["cue_start"]:row["cue_end"]] == row["cue"], row


@pytest.mark.parametrize("doc_id", sorted(TEXTS))
def test_speaker_spans_tile_every_sentence(rows_of, doc_id):
    """Each sentence is split into speaker spans without gaps or overlaps."""
    document, rows = rows_of[doc_id]
    for sentence in document.sentences:
        spans = sorted((r["start"], r["end"]) for r in rows["speaker_spans"]
                       if r["sentence_id"] == sentence.sentence_id)
        assert spans, sentence
        assert spans[0][0] == sentence.start and spans[-1][1] == sentence.end
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), spans


def test_the_quotation_is_given_to_its_speaker(rows_of):
    _document, rows = rows_of["lavrov"]
    direct = [r for r in rows["quotes"] if r["text"].startswith("Security is indivisible")]
    assert [r["speaker_id"] for r in direct] == ["lavrov"]
    quoted = [r for r in rows["speaker_spans"] if r["voice"] == "quoted"]
    assert [(r["start"], r["end"]) for r in quoted] == [(direct[0]["start"], direct[0]["end"])]


def test_kernel_rows_are_the_rows_of_the_seed_tables(seed_parsed, seed_tables, register, lexicon):
    """On the seeds, the kernel gives exactly as many rows per document as the built tables hold."""
    for document, parsed in seed_parsed:
        rows = extract_document(document, parsed, register, lexicon)
        for name in ROW_TABLES:
            table = seed_tables[name]
            assert len(rows[name]) == int((table["doc_id"] == document.doc_id).sum()), (document.doc_id, name)
            built = table[table["doc_id"] == document.doc_id]
            assert sorted((r["start"], r["end"]) for r in rows[name]) == \
                sorted(zip(built["start"].tolist(), built["end"].tolist())), (document.doc_id, name)


# --------------------------------------------------------------------------- merge_rows


def test_merge_rows_keeps_corpus_order(rows_of):
    first, second = rows_of["lavrov"][1], rows_of["peskov"][1]
    sizes = {name: (len(first[name]), len(second[name])) for name in ROW_TABLES}
    merged = merge_rows([first, second])
    assert set(merged) == set(ROW_TABLES)
    for name in ROW_TABLES:
        assert merged[name] == first[name] + second[name]
    backwards = merge_rows(iter([second, first]))  # any iterable, e.g. a stream of workers' results
    for name in ROW_TABLES:
        assert backwards[name] == second[name] + first[name]
        assert [r["doc_id"] for r in backwards[name]] == \
            ["peskov"] * sizes[name][1] + ["lavrov"] * sizes[name][0]
    # the inputs are not changed
    assert {name: (len(first[name]), len(second[name])) for name in ROW_TABLES} == sizes


def test_merge_rows_of_no_documents_is_empty_tables():
    assert merge_rows([]) == {name: [] for name in ROW_TABLES}


@pytest.mark.parametrize("position", [0, 1])
def test_merge_rows_refuses_a_missing_document(rows_of, position):
    per_document = [rows_of["lavrov"][1], rows_of["peskov"][1]]
    per_document[position] = None
    with pytest.raises(ValueError, match="missing"):
        merge_rows(per_document)


# --------------------------------------------------------------------------- statements


def test_statements_are_held_by_the_speaker_of_the_quote(rows_of):
    document, rows = rows_of["peskov"]
    talks = [r for r in rows["statements"] if r["frame_id"] == "dialogue_negotiation"]
    assert [(r["frame_text"], r["actor_id"], r["actor_role"]) for r in talks] == [("talks", "peskov", "speaker")]
    quote_ids = {q["quote_id"] for q in rows["quotes"]}
    assert talks[0]["quote_id"] in quote_ids
    assert document.text[talks[0]["frame_start"]:talks[0]["frame_end"]] == "talks"


def test_the_parser_reads_the_sentences_of_quotes_and_of_stance_cues():
    from analysis.extract.document import NEEDS_SYNTAX
    from analysis.extract.quotes.syntax import NEEDS_SYNTAX as QUOTE_SYNTAX
    from analysis.extract.stance import STANCE_SENTENCES

    for text in ('"We are ready," he said.', "We do not support the sanctions.", "Sanctions hurt farmers."):
        assert NEEDS_SYNTAX(text) == (QUOTE_SYNTAX(text) or STANCE_SENTENCES(text)) == True  # noqa: E712
    assert not NEEDS_SYNTAX("The talks began on Monday in Geneva.")
