"""analysis.tables.build: which tables build_tables gives, and that they come from the kernel's rows."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.tables.build as build_module
from analysis.corpus import corpus_from_texts, structure_tables
from analysis.schema import ROW_TABLES
from analysis.tables.build import assemble_tables, build_tables, extract_corpus

TEXTS = {
    "b_note": 'Russian Foreign Minister Sergey Lavrov said: "Security is indivisible." NATO disagreed.\n',
    "a_note": "China and Russia signed a treaty of mutual guarantees. The European Union did not comment.\n",
}


@pytest.fixture(scope="module")
def corpus():
    return corpus_from_texts(TEXTS)


def test_without_nlp_only_the_structure_tables(corpus, monkeypatch):
    """nlp=False never starts the extraction (no model, no cache) and gives the structure tables."""
    def no_extraction(*args, **kwargs):
        raise AssertionError("extract_corpus called with nlp=False")

    monkeypatch.setattr(build_module, "extract_corpus", no_extraction)
    tables = build_tables(corpus, nlp=False)
    expected = structure_tables(corpus)
    assert list(tables) == list(expected)
    assert not set(tables) & set(ROW_TABLES)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(tables[name], frame, obj=name)


@pytest.fixture(scope="module")
def full(corpus, nlp):
    return build_tables(corpus, cache=False, n_process=1)


def test_with_nlp_structure_and_extracted_tables(corpus, full):
    structure = structure_tables(corpus)
    extracted = extract_corpus(corpus, cache=False, n_process=1)
    assert set(full) == set(structure) | set(extracted)
    assert set(ROW_TABLES) <= set(extracted)
    assert not set(structure) & set(extracted)
    for name in structure:
        pd.testing.assert_frame_equal(full[name], structure[name], obj=name)
    for name in extracted:
        pd.testing.assert_frame_equal(full[name], extracted[name], obj=name)


@pytest.mark.parametrize("name", ["actor_mentions", "frame_mentions"])
def test_mention_tables_are_sorted_by_document_and_offset(full, name):
    table = full[name]
    assert len(table)
    keys = list(zip(table["doc_id"], table["start"]))
    assert keys == sorted(keys)
    assert list(table.index) == list(range(len(table)))


@pytest.mark.parametrize("name", ["quotes", "speaker_spans"])
def test_quote_tables_keep_corpus_order_and_text_order(corpus, full, name):
    """Quotes and speaker spans come in corpus order, each document's rows in text order."""
    table = full[name]
    order = [d.doc_id for d in corpus]
    runs = [doc_id for i, doc_id in enumerate(table["doc_id"]) if i == 0 or table["doc_id"].iloc[i - 1] != doc_id]
    assert runs == [d for d in order if d in set(table["doc_id"])]
    for doc_id, rows in table.groupby("doc_id", sort=False):
        assert rows["start"].tolist() == sorted(rows["start"]), doc_id


def test_every_document_of_the_corpus_is_in_the_tables(corpus, full):
    assert set(full["documents"]["doc_id"]) == set(TEXTS)
    assert set(full["actor_mentions"]["doc_id"]) == set(TEXTS)
    assert set(full["speaker_spans"]["doc_id"]) == set(TEXTS)


def test_frame_mentions_get_the_actors_of_their_sentence(full):
    frames, mentions = full["frame_mentions"], full["actor_mentions"]
    assert len(frames)
    for row in frames.itertuples(index=False):
        same = mentions[(mentions["doc_id"] == row.doc_id) & (mentions["sentence_id"] == row.sentence_id)]
        expected = sorted(set(same["actor_id"]))
        got = row.actors.split(";") if isinstance(row.actors, str) and row.actors else []
        assert sorted(got) == expected, row


def test_frame_mentions_get_the_speaker_of_their_span(full):
    frames, spans = full["frame_mentions"], full["speaker_spans"]
    checked = 0
    for row in frames.itertuples(index=False):
        around = spans[(spans["doc_id"] == row.doc_id) & (spans["start"] <= row.start) & (spans["end"] >= row.end)]
        if len(around) == 1:
            assert (row.speaker_id, row.voice) == (around["speaker_id"].iloc[0], around["voice"].iloc[0]), row
            checked += 1
    assert checked > 0


def test_assemble_tables_of_no_rows_gives_empty_tables_with_columns(register):
    tables = assemble_tables({name: [] for name in ROW_TABLES}, register)
    for name in ROW_TABLES:
        assert tables[name].empty and len(tables[name].columns) > 0, name
