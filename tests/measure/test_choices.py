"""The data-driven defaults of the notebooks' parameters (analysis.measure.summaries.choices):
each picks its example from the corpus at hand, never from the seed corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import corpus_from_texts, documents_table
from analysis.measure.summaries import choices
from analysis.register import load_register
from analysis.tables import extract_corpus

TEXTS = {
    "summit": ("Leaders meet in Lisbon\n\nThe European Commission proposed new tariffs on steel. "
               "France and Germany said the tariffs would protect jobs. Emmanuel Macron said the talks "
               "would go on. The talks ended without a deal."),
    "reply": ("A reply from Beijing\n\nChina said the tariffs broke the rules of the World Trade "
              "Organization. China will answer the tariffs, the ministry said."),
}


@pytest.fixture(scope="module")
def tables():
    return extract_corpus(corpus_from_texts(TEXTS), progress=False)


def test_frames_followed_are_those_the_corpus_uses(tables):
    frame_mentions = tables["frame_mentions"]
    followed = choices.frames_to_follow(frame_mentions)
    assert followed, "the lexicon finds the talks"
    assert set(followed) <= set(frame_mentions["frame_id"])
    assert "indivisibility" not in followed  # a core frame the corpus never uses is not followed
    assert choices.frames_to_follow(frame_mentions.iloc[0:0]) == []


def test_the_example_term_and_the_density_come_from_the_corpus(tables):
    term = choices.frequent_frame_term(tables["frame_mentions"])
    assert term == "talks"
    # notebook 00 has no frame table: the lexicon reads the sentences itself
    corpus = corpus_from_texts(TEXTS)
    sentences = [s.text for d in corpus.documents for s in d.sentences]
    assert choices.frequent_frame_term(None, texts=sentences) == "talks"
    documents = documents_table(corpus)
    density = choices.frame_density(tables["frame_mentions"], documents)
    assert density == pytest.approx(len(tables["frame_mentions"]) / documents["n_words"].sum() * 1000, abs=0.001)
    assert density > 0


def test_roll_up_and_register_examples_are_actors_of_the_corpus(tables):
    register = load_register()
    actors = tables["actors"]
    example = choices.actor_with_parent(actors, register)
    assert example in set(actors["id"])
    assert register.state_of(example) not in (None, example)
    entry = choices.example_register_entry(register, actors.loc[actors["type"] == "state", "id"])
    first_state = actors.loc[actors["type"] == "state", "id"].iloc[0]
    assert entry.startswith(f"id: {first_state}_MFA\n") and f"parent: {first_state}" in entry
    # a state whose ministry the register already has is skipped, not duplicated
    assert choices.example_register_entry(register, ["NOT_A_STATE"]) is None


def test_ambiguous_names_are_those_written_in_the_corpus():
    register = load_register()
    assert choices.ambiguous_names_in(register, TEXTS.values()) == []
    found = choices.ambiguous_names_in(register, ["Brussels rejected the plan.", "Brussels and Korea."])
    assert found[0] == "brussels"
    examples = choices.ambiguity_examples(register, "brussels")
    mentions = extract_corpus(corpus_from_texts(examples), progress=False)["actor_mentions"]
    resolved = mentions[mentions["text"] == "Brussels"].set_index("doc_id")["actor_id"]
    assert resolved["note_unclear"] == "ambiguous:brussels"
    assert len(set(resolved.drop("note_unclear"))) == len(resolved) - 1  # each candidate once


def test_keyness_groups_come_from_a_manifest_column():
    words = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "c"], "word": ["tariffs", "steel", "jobs", "rules", "trade"]})
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "voice": ["reporter", "reporter", "EC"],
                              "kind": ["news", "news", "statement"], "n_words": [2, 1, 2]})
    groups, labels = choices.manifest_groups(words, documents)
    assert labels == ("voice: reporter", "voice: other")
    assert groups.tolist() == ["voice: reporter"] * 3 + ["voice: other"] * 2
    groups, labels = choices.manifest_groups(words, documents, "voice", "EC")
    assert labels[0] == "voice: European Commission" and groups.tolist()[-1] == labels[0]
    # one value only: nothing to compare
    groups, _ = choices.manifest_groups(words, documents.assign(voice="reporter"))
    assert groups.isna().all()


def test_short_titles_are_short_unique_and_fall_back_to_the_id():
    documents = pd.DataFrame({"doc_id": ["003_2a18997b5bd812c8", "x", "y"],
                              "title": ["Shaping the architecture of equal and indivisible Eurasian security",
                                        "Note", "Note"]})
    shown = choices.short_titles(documents, max_chars=30)
    assert shown["003_2a18997b5bd812c8"] == "Shaping the architecture of…"
    assert len(shown["003_2a18997b5bd812c8"]) <= 30
    assert shown["x"] != shown["y"]
