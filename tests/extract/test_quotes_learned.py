"""The learned attribution stage (:mod:`analysis.extract.quotes.learned`) on sentences
written for these tests (invented names; none from PolNeAR or another development set).

The packaged model adds ``indirect`` rows (``method`` ``model``) for verbs no cue list
knows, each with a speaker; it never changes a rule row nor the voice of a text, never
takes back what a rule turned down (a negated verb, a verb of evidence whose subject names
no actor, a narrator's own "we"), and reads only sentences the parse selection sends to the
parser.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.corpus import corpus_from_texts
from analysis.errors import InputError
from analysis.extract.quotes.model import AttributionModel, AttributionModelError, load_attribution_model
from analysis.extract.quotes.syntax import NEEDS_SYNTAX

TEXTS = {
    "harbour": (
        "Harbour deal divides the council\n\n"
        "Senator Ines Calloway lambasted the harbour contract as a giveaway to the port operator.\n\n"
        "The mayor, Tomas Horvat, decried the closure of the ferry line.\n\n"
        "Union leaders pushed for a second vote on the contract.\n\n"
        "Mayor Horvat said that the contract would be published in May.\n"
    ),
    "turned_down": (
        "Council notes\n\n"
        "Mayor Horvat did not decry the closure of the ferry line.\n\n"
        "We welcomed the decision to publish the accounts.\n\n"
        "The new tariff pushed prices higher across the region.\n\n"
        "The data suggest that prices rose in the spring.\n"
    ),
}


@pytest.fixture(scope="module")
def corpus():
    return corpus_from_texts(TEXTS, {doc_id: {"voice": "reporter"} for doc_id in TEXTS})


@pytest.fixture(scope="module")
def quotes(corpus) -> pd.DataFrame:
    """The ``quotes`` table from the real pipeline (selective parse, no cache)."""
    from analysis.tables.build import extract_corpus

    return extract_corpus(corpus, cache=False, n_process=1)["quotes"]


def model_rows(quotes: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    return quotes[(quotes["doc_id"] == doc_id) & (quotes["method"] == "model")]


@pytest.mark.parametrize("cue, content, speaker_id, speaker_text", [
    ("lambasted", "the harbour contract as a giveaway to the port operator", "unlinked:ines calloway",
     "Senator Ines Calloway"),
    ("decried", "the closure of the ferry line", "unlinked:tomas horvat", "The mayor, Tomas Horvat"),
    ("pushed", "for a second vote on the contract", "unlinked:union leaders", "Union leaders"),
])
def test_a_verb_no_cue_list_knows_reports_what_its_subject_said(corpus, quotes, cue, content, speaker_id,
                                                                 speaker_text):
    rows = model_rows(quotes, "harbour")
    row = rows[rows["cue"] == cue]
    assert len(row) == 1, rows[["cue", "text", "speaker_id"]].to_string()
    row = row.iloc[0]
    text = corpus["harbour"].text
    assert row["kind"] == "indirect" and row["text"] == content and row["speaker_id"] == speaker_id
    # Every offset leads back to the text: the content, the cue and the speaker's mention.
    assert text[int(row["start"]):int(row["end"])] == content
    assert text[int(row["cue_start"]):int(row["cue_end"])] == cue
    assert text[int(row["speaker_start"]):int(row["speaker_end"])] == speaker_text


def test_the_rules_keep_their_rows_and_their_method(quotes):
    said = quotes[(quotes["doc_id"] == "harbour") & (quotes["cue"] == "said")]
    assert said[["kind", "text", "method"]].values.tolist() == [
        ["indirect", "the contract would be published in May", "rule"]]
    assert set(quotes["method"]) == {"rule", "model"}


def test_what_a_rule_turns_down_the_model_does_not_take_back(quotes):
    """A negated verb reports nothing; "we" of the narration is the narrator's own act; a
    tariff that "pushed prices" and data that "suggest" are no speakers."""
    assert model_rows(quotes, "turned_down").empty, model_rows(quotes, "turned_down")[["cue", "text"]]
    assert quotes[quotes["doc_id"] == "turned_down"].empty


def test_without_the_model_only_the_model_rows_go(corpus, nlp, register):
    """The learned stage only adds: a scorer that accepts nothing leaves the rule rows as they are."""
    from analysis.extract.actors import extract_actor_mentions
    from analysis.extract.document import NEEDS_SYNTAX as DOCUMENT_SYNTAX
    from analysis.extract.quotes import extract_quotes
    from analysis.nlp import iter_parsed
    from analysis.schema import ACTOR_MENTION_COLUMNS

    nothing = AttributionModel({}, bias=-50.0, threshold=0.5, parse_forms=frozenset())
    for document, parsed in iter_parsed(corpus, nlp, cache=False, needs_syntax=DOCUMENT_SYNTAX):
        actors = [{c: row.get(c) for c in ACTOR_MENTION_COLUMNS} for row in extract_actor_mentions(parsed, register)
                  if row.get("entity_kind", "actor") == "actor"]
        with_model = extract_quotes(document, parsed, actors, register=register)
        without = extract_quotes(document, parsed, actors, register=register, attribution=nothing)
        strip = [{k: v for k, v in r.items() if k != "quote_id"} for r in with_model if r["method"] == "rule"]
        assert strip == [{k: v for k, v in r.items() if k != "quote_id"} for r in without]
        assert all(r["method"] == "rule" for r in without)
        if document.doc_id == "harbour":
            assert len(with_model) > len(without)


def test_the_parser_reads_every_verb_form_the_model_may_accept():
    model = load_attribution_model()
    assert model.parse_forms and model.parse_forms <= NEEDS_SYNTAX.cue_words
    assert NEEDS_SYNTAX("Senator Ines Calloway lambasted the harbour contract.")


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not an attribution model"),
    (json.dumps({"weights": {"lemma=slam": "heavy"}, "bias": 0, "threshold": 0.5, "parse_forms": []}),
     "not an attribution model"),
    (json.dumps({"weights": {}, "bias": 0, "threshold": 0.5}), "not an attribution model"),
    (json.dumps({"weights": {}, "bias": 0, "threshold": 1.5, "parse_forms": []}), "not a probability"),
])
def test_a_broken_model_file_is_named_in_one_line(tmp_path, content, problem):
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AttributionModelError) as caught:
        load_attribution_model(path)
    message = str(caught.value)
    assert isinstance(caught.value, InputError) and str(path) in message and problem in message
    assert "\n" not in message


def test_every_model_row_names_its_speaker(quotes):
    """A subject that resolves to no one gives no model row: who says what is the question."""
    rows = quotes[quotes["method"] == "model"]
    assert len(rows) >= 3 and rows["speaker_id"].notna().all(), rows[["cue", "speaker_id"]]


def test_the_voice_of_a_model_row_stays_the_narrators(corpus):
    """Model rows attribute acts as much as words ("lambasted the contract"), so the voice
    partition, which frame mentions and statements read, is the rules' alone."""
    from analysis.tables.build import extract_corpus

    tables = extract_corpus(corpus, cache=False, n_process=1)
    text = corpus["harbour"].text
    position = text.index("the harbour contract as a giveaway")
    spans = tables["speaker_spans"]
    here = spans[(spans["doc_id"] == "harbour") & (spans["start"] <= position) & (position < spans["end"])]
    assert here[["speaker_id", "voice"]].values.tolist() == [["reporter", "narrator"]]
    said = text.index("the contract would be published")
    there = spans[(spans["doc_id"] == "harbour") & (spans["start"] <= said) & (said < spans["end"])]
    assert there["voice"].tolist() == ["reported"]
