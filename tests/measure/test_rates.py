"""Frame rates per 1,000 words: arithmetic, zeros for absent frames, speakers, periods."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.corpus import corpus_from_texts, count_words
from analysis.measure.rates import (
    NO_SPEAKER,
    _WORD_RE,
    document_periods,
    frame_rates,
    rates_by_document,
    rates_by_kind,
    rates_by_period,
    rates_by_speaker,
    speaker_word_counts,
)

FRAMES = ["indivisibility", "reciprocity", "non_aggression"]


@pytest.fixture
def mentions() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "c"],
        "frame_id": ["reciprocity", "reciprocity", "indivisibility", "reciprocity", "non_aggression"],
        "speaker_id": ["lavrov", None, "lavrov", "zakharova", "lavrov"],
    })


@pytest.fixture
def documents() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "n_words": [400, 1600, 3000],
        "kind": ["news", "news", "transcript"],
        "date": ["2022-02-24", "2022-11-03", "2023-05"],
    })


def test_rates_by_document_arithmetic_and_zeros(mentions, documents):
    out = rates_by_document(mentions, documents, frames=FRAMES)
    assert list(out.columns) == ["doc_id", "frame_id", "mentions", "words", "per_1000"]
    # 3 docs x 3 frames, frames absent from a document are zero rows.
    assert len(out) == 9
    got = {(r.doc_id, r.frame_id): (r.mentions, r.words, r.per_1000) for r in out.itertuples()}
    assert got[("a", "reciprocity")] == (2, 400, 5.0)          # 2 / 400 * 1000
    assert got[("a", "indivisibility")] == (1, 400, 2.5)       # 1 / 400 * 1000
    assert got[("a", "non_aggression")] == (0, 400, 0.0)
    assert got[("b", "reciprocity")] == (1, 1600, 0.62)        # 0.625 rounded half-even
    assert got[("c", "non_aggression")] == (1, 3000, 0.33)     # 0.3333... -> 0.33
    # Sorted: documents in table order, frames in the given order.
    assert out["doc_id"].tolist() == ["a"] * 3 + ["b"] * 3 + ["c"] * 3
    assert out["frame_id"].tolist()[:3] == FRAMES


def test_default_frames_are_the_lexicon(mentions, documents):
    from analysis.lexicon import load_lexicon

    out = rates_by_document(mentions, documents)
    assert out["frame_id"].tolist()[: len(load_lexicon())] == load_lexicon().frame_ids
    assert out["mentions"].sum() == len(mentions)


def test_rates_by_kind_sums_words_of_the_kind(mentions, documents):
    out = rates_by_kind(mentions, documents, frames=FRAMES, decimals=3)
    got = {(r.kind, r.frame_id): (r.mentions, r.words, r.per_1000) for r in out.itertuples()}
    assert got[("news", "reciprocity")] == (3, 2000, 1.5)        # (2 + 1) / (400 + 1600)
    assert got[("news", "indivisibility")] == (1, 2000, 0.5)
    assert got[("transcript", "non_aggression")] == (1, 3000, 0.333)
    assert got[("transcript", "reciprocity")] == (0, 3000, 0.0)
    assert out["kind"].drop_duplicates().tolist() == ["news", "transcript"]


def test_rates_by_speaker(mentions):
    words = pd.DataFrame({"speaker_id": ["lavrov", "zakharova", NO_SPEAKER, "lavrov", "tiny"],
                          "n_words": [1000, 500, 250, 1000, 10]})
    out = rates_by_speaker(mentions, words, frames=FRAMES, min_words=100)
    got = {(r.speaker_id, r.frame_id): (r.mentions, r.words, r.per_1000) for r in out.itertuples()}
    assert got[("lavrov", "indivisibility")] == (1, 2000, 0.5)   # word rows are summed
    assert got[("lavrov", "non_aggression")] == (1, 2000, 0.5)
    assert got[("zakharova", "reciprocity")] == (1, 500, 2.0)
    assert got[(NO_SPEAKER, "reciprocity")] == (1, 250, 4.0)     # the narrator's mention
    assert "tiny" not in set(out["speaker_id"])                  # below min_words
    assert out["speaker_id"].drop_duplicates().tolist() == ["lavrov", "zakharova", NO_SPEAKER]
    with pytest.raises(ValueError, match="speaker_id"):
        rates_by_speaker(mentions.drop(columns="speaker_id"), words)


def test_speaker_word_counts_narrowest_span_wins():
    text = 'Zakharova said: "Peace is indivisible and security is universal." The end.'
    corpus = corpus_from_texts({"d": text})
    quote_start = text.index('"') + 1
    quote_end = text.rindex('"')
    spans = pd.DataFrame({
        "doc_id": ["d", "d"],
        "start": [0, quote_start], "end": [len(text) - len(" The end."), quote_end],
        "speaker_id": ["narrator_turn", "zakharova"], "voice": ["reported", "quoted"],
    })
    out = speaker_word_counts(spans, corpus).set_index("speaker_id")["n_words"].to_dict()
    # Quote: Peace is indivisible and security is universal = 7 words.
    # Outer span minus the quote: Zakharova said = 2. Outside every span: The end = 2.
    assert out == {"zakharova": 7, "narrator_turn": 2, NO_SPEAKER: 2}
    assert sum(out.values()) == sum(count_words(s.clean_text) for s in corpus.sentences)


def test_word_definition_matches_the_corpus_module():
    sample = "Russia's non-aggression pact (2025), U.S.-led talks; l'esprit; don't-stop 42 x"
    assert len(_WORD_RE.findall(sample)) == count_words(sample)


def test_rates_by_period_year_and_quarter(mentions, documents):
    out = rates_by_period(mentions, documents, "Y", frames=FRAMES)
    assert list(out.columns) == ["period", "period_start", "frame_id", "mentions", "words", "per_1000"]
    got = {(r.period, r.frame_id): (r.mentions, r.words, r.per_1000) for r in out.itertuples()}
    assert got[("2022", "reciprocity")] == (3, 2000, 1.5)
    assert got[("2023", "non_aggression")] == (1, 3000, 0.33)
    assert out["period_start"].iloc[0] == pd.Timestamp("2022-01-01")
    assert out.attrs["undated"] == []

    q = rates_by_period(mentions, documents, "Q", frames=FRAMES)
    assert q["period"].drop_duplicates().tolist() == ["2022Q1", "2022Q4", "2023Q2"]
    assert q.loc[(q["period"] == "2022Q4") & (q["frame_id"] == "reciprocity"), "per_1000"].item() == 0.62


def test_vague_or_missing_dates_are_left_out_and_reported(mentions, documents):
    docs = documents.assign(date=["2022-02-24", "2022", ""])
    out = rates_by_period(mentions, docs, "Q", frames=FRAMES)
    assert out["period"].unique().tolist() == ["2022Q1"]
    assert out.attrs["undated"] == ["b", "c"]
    assert document_periods(docs, "Y").tolist()[:2] == ["2022", "2022"]
    with pytest.raises(ValueError, match="freq"):
        document_periods(docs, "W")


def test_group_without_words_has_nan_rate():
    fm = pd.DataFrame({"doc_id": ["a"], "frame_id": ["reciprocity"]})
    words = pd.DataFrame({"doc_id": ["a", "z"], "n_words": [100, 0]})
    out = frame_rates(fm, words, "doc_id", frames=["reciprocity"])
    assert out["per_1000"].iloc[0] == 10.0 and math.isnan(out["per_1000"].iloc[1])


def test_empty_mentions_give_all_zero_rows(documents):
    out = rates_by_document(pd.DataFrame(columns=["doc_id", "frame_id"]), documents, frames=FRAMES)
    assert len(out) == 9 and out["mentions"].sum() == 0 and (out["per_1000"] == 0).all()


def test_seed_rates_from_the_tables(seed_corpus, seed_parsed):
    """End to end on the seeds: rates computed from the tables, as from Parquet."""
    from analysis.corpus import documents_table
    from analysis.extract.frames import extract_frame_mentions, frame_mentions_table

    fm = frame_mentions_table([r for _, parsed in seed_parsed for r in extract_frame_mentions(parsed)])
    docs = documents_table(seed_corpus)
    out = rates_by_document(fm, docs)
    row = out[(out["doc_id"] == "000_7d7a01f1c81f0d76") & (out["frame_id"] == "non_aggression")].iloc[0]
    n_words = int(docs.loc[docs["doc_id"] == "000_7d7a01f1c81f0d76", "n_words"].item())
    assert row["mentions"] == 9 and row["words"] == n_words
    assert row["per_1000"] == round(9 * 1000 / n_words, 2)
    assert out.groupby("doc_id")["frame_id"].count().nunique() == 1  # same frames everywhere


def test_docstring_examples():
    import doctest

    import analysis.measure.rates

    assert doctest.testmod(analysis.measure.rates).failed == 0
