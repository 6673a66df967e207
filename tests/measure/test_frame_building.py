"""The frame-building aid: candidate terms around seed words, and the lexicon snippet."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analysis.lexicon import FrameLexicon, LexiconError
from analysis.measure.frame_building import frequent_words, lexicon_snippet, propose_terms, seed_regex

TEXTS = {
    "farm": ("Farmers fear that cheap beef imports will ruin family farms. "
             "The beef quota protects family farms, the minister said. "
             "Cheap imports of beef worry farmers in Normandy. "
             "The weather in Normandy was mild on Tuesday."),
    "trade": ("Carmakers welcome lower tariffs on cars. "
              "The minister met union leaders on Tuesday. "
              "Lower tariffs help exporters of machinery."),
}


def _sentences() -> pd.DataFrame:
    """A sentences table of TEXTS: one row per sentence with its offsets in the document."""
    rows = []
    for doc_id, text in TEXTS.items():
        start = 0
        for sentence_id, part in enumerate(text.split(". ")):
            sentence = part if part.endswith(".") else part + "."
            begin = text.index(sentence, start)
            rows.append({"doc_id": doc_id, "sentence_id": sentence_id, "start": begin,
                         "end": begin + len(sentence), "text": sentence})
            start = begin + len(sentence)
    return pd.DataFrame(rows)


def test_candidates_are_the_words_around_the_seeds_with_offsets_into_the_text():
    sentences = _sentences()
    table = propose_terms(sentences, ["beef"], min_count=2, n=None)
    terms = table["term"].tolist()
    # the words of the three beef sentences that recur there, not the seed itself
    assert {"cheap", "farmers", "family farms", "imports", "farms", "family"} <= set(terms)
    assert "beef" not in terms
    assert "tuesday" not in terms  # only in sentences without a seed
    row = table.set_index("term").loc["family farms"]
    assert row["with_seeds"] == 2 and row["elsewhere"] == 0
    # the offsets point at the words in the original document
    assert TEXTS[row["doc_id"]][row["start"]:row["end"]] == "family farms"
    assert row["sentence"] in TEXTS[row["doc_id"]]


def test_keyness_ranks_words_typical_of_the_seed_sentences_above_shared_words():
    sentences = _sentences()
    table = propose_terms(sentences, ["tariff*"], min_count=1, n=None).set_index("term")
    # "lower" is in both tariff sentences and nowhere else; "minister" is also elsewhere
    assert table.loc["lower", "with_seeds"] == 2
    assert table.loc["lower", "z"] > 0
    assert "minister" not in table.index  # not in a tariff sentence at all
    assert table["z"].is_monotonic_decreasing


def test_no_seed_sentence_gives_an_empty_table_and_bad_seeds_are_refused():
    assert propose_terms(_sentences(), ["submarine*"]).empty
    with pytest.raises(ValueError):
        propose_terms(_sentences(), [])
    with pytest.raises(ValueError):
        seed_regex("two words")
    with pytest.raises(ValueError):
        seed_regex("***")


def test_every_sentence_a_seed_sentence_gives_counts_without_z():
    sentences = _sentences()
    only_beef = sentences[sentences["text"].str.contains("beef")]
    table = propose_terms(only_beef, ["beef"], min_count=2)
    assert len(table) and table["z"].isna().all()


def test_frequent_words_leave_out_stop_words_and_excluded_names():
    texts = list(TEXTS.values())
    # beef 3 times; then the words used twice, alphabetically; "the", "of", "in" are stop words
    assert frequent_words(texts, 3) == ["beef", "cheap", "family"]
    assert "normandy" in frequent_words(texts, 10)
    assert "normandy" not in frequent_words(texts, 10, exclude=["Normandy"])


def test_snippet_is_a_frame_entry_that_the_lexicon_loads():
    snippet = lexicon_snippet("Farm protection", ["family farms", "cheap imports"], seeds=["beef", "quota*"])
    entry = yaml.safe_load("frames:\n" + snippet)["frames"][0]
    assert entry["id"] == "farm_protection"
    assert entry["patterns"] == ["beef", "quota*", "family farms", "cheap imports"]
    lexicon = FrameLexicon.from_dict({"frames": [entry]})
    matches = lexicon.match_text("Cheap imports of beef worry family farms.")
    text = "Cheap imports of beef worry family farms."
    assert sorted(text[m.start_char:m.end_char] for m in matches) == ["Cheap imports", "beef", "family farms"]
    # pasted into a copy of frames.yaml, under `frames:`, it is indented like the others
    assert snippet.startswith("  - id: farm_protection\n")


def test_snippet_refuses_a_frame_without_patterns_and_a_pattern_the_lexicon_refuses():
    with pytest.raises(ValueError):
        lexicon_snippet("empty", [])
    with pytest.raises(LexiconError):
        lexicon_snippet("stars", ["a*b*c*d*e*f*g*h"])  # more "*" in one word than the lexicon allows
