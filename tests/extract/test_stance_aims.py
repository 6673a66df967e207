"""analysis.extract.stance: aims, demands and self-descriptions the rules read as
positions, and who holds them (issue 16, the round measured on the fifth dev set), each
on sentences written for it."""

from __future__ import annotations

import pytest

from analysis.extract.stance import STANCE_SENTENCES, sentence_stances
from analysis.lexicon import FrameLexicon, load_lexicon

from tests.extract.stance_helpers import readings, stance, statements


@pytest.fixture(scope="module")
def lexicon() -> FrameLexicon:
    return load_lexicon()


# --------------------------------------------------------------------------- demands and aims


@pytest.mark.parametrize("text, frame_id", [
    ("We should invest far more in dialogue.", "dialogue_negotiation"),
    ("All parties must put more effort into negotiations.", "dialogue_negotiation"),
    ("It is time for negotiations between the two parties.", "dialogue_negotiation"),
])
def test_a_demand_for_an_effort_put_into_the_frame_supports_it(nlp, text, frame_id):
    assert readings(nlp, text, frame_id) == [("support", "demand")]


def test_a_demand_on_an_act_against_the_frame_is_no_support(nlp):
    # The preposition of purpose does not make every modal a demand for the frame.
    assert stance(nlp, "We must protect our farmers from sanctions.", "sanctions") != "support"
    assert stance(nlp, "We should not invest in dialogue with them.", "dialogue_negotiation") == "oppose"


@pytest.mark.parametrize("text", [
    "The aim is to help the people achieve a sovereign and united country.",
    "They will not rest until they regain their sovereignty.",
])
def test_an_outcome_to_attain_is_for_the_frame(nlp, text):
    assert readings(nlp, text, "sovereignty_territorial_integrity") == [("support", "attain")]


def test_not_attaining_the_frame_is_a_forecast_not_a_position(nlp):
    assert stance(nlp, "The talks will not achieve reciprocity.", "reciprocity") == "neutral"


def test_a_proposal_to_conclude_agreements_on_the_frame_supports_it(nlp):
    assert readings(nlp, "Last year the ministry put forward a proposal to conclude agreements on security "
                         "guarantees.", "security_guarantees") == [("support", "enact")]


def test_instituting_the_frame_carries_it_out(nlp):
    assert readings(nlp, "In 2019 I instituted a permanent dialogue framework with the opposition.",
                    "dialogue_negotiation") == [("support", "enact")]


@pytest.mark.parametrize("text, frame_id", [
    ("History has taught us the value of dialogue.", "dialogue_negotiation"),
    ("We call for the restitution of the sovereignty of the islands.", "sovereignty_territorial_integrity"),
    ("We keep calling on a new spirit of reciprocity.", "reciprocity"),
    ("The negotiators should focus on security guarantees.", "security_guarantees"),
])
def test_nouns_and_phrasal_verbs_of_value_and_appeal(nlp, text, frame_id):
    assert stance(nlp, text, frame_id) == "support"


def test_not_interested_in_the_frame_is_against_it(nlp):
    assert stance(nlp, "Washington was not at all interested in dialogue.", "dialogue_negotiation") == "oppose"
    assert stance(nlp, "Washington is interested in dialogue.", "dialogue_negotiation") == "support"


def test_not_only_with_the_verb_in_between_is_no_negation(nlp):
    assert stance(nlp, "The talks should not focus only on Ukraine, but also on security guarantees.",
                  "security_guarantees") == "support"
    assert stance(nlp, "The talks should not focus on security guarantees.", "security_guarantees") == "oppose"


# --------------------------------------------------------------------------- parse repairs


def test_a_complement_the_parse_hangs_on_the_verb_belongs_to_its_object(nlp):
    # spaCy attaches "to its sovereignty" to "support"; it completes "claim".
    assert stance(nlp, "We support the legitimate claim by Argentina to its sovereignty over the islands.",
                  "sovereignty_territorial_integrity") == "support"
    # A noun cue on that object still speaks: condemning an attack on the frame supports it.
    assert stance(nlp, "We condemn the attack by the militia on the territorial integrity of the country.",
                  "sovereignty_territorial_integrity") == "support"


def test_a_harm_verb_whose_object_is_a_harm_is_a_benefit(nlp):
    assert readings(nlp, "They agreed to forge a new security framework that can prevent future conflicts.",
                    "security_architecture")[0][0] == "support"
    assert stance(nlp, "Sanctions that prevent access to medicine are a disgrace.", "sanctions") == "oppose"


def test_harmed_by_the_frame_is_against_it(nlp):
    assert readings(nlp, "Despite being disadvantaged by the blockade, the island helps others.",
                    "sanctions") == [("oppose", "harm_verb")]


# --------------------------------------------------------------------------- self-descriptions


@pytest.mark.parametrize("text", [
    "We are a sovereign and proud people.",
    "Our country is a sovereign state.",
])
def test_claiming_the_frame_for_oneself_holds_to_it(nlp, text):
    assert readings(nlp, text, "sovereignty_territorial_integrity") == [("support", "self_description")]
    assert STANCE_SENTENCES(text)  # "we" and "our" alone send the sentence to the parser


def test_a_self_description_of_others_or_denied_is_none(nlp):
    assert stance(nlp, "They are a sovereign people.", "sovereignty_territorial_integrity") == "neutral"
    assert stance(nlp, "We are not a sovereign people yet.", "sovereignty_territorial_integrity") == "neutral"


# --------------------------------------------------------------------------- holders


def test_a_speech_naming_its_own_state_by_a_common_noun_is_the_voice(nlp, register, lexicon):
    text = "The Kingdom stressed that dialogue is the only way to peace.\n"
    rows = statements(nlp, register, lexicon, text, {"voice": "SAU", "kind": "speech"})
    assert [(f, a, s) for f, a, _r, s in rows] == [("dialogue_negotiation", "SAU", "support")], rows


def test_the_subject_of_a_reporting_verb_naming_the_speaking_state_is_the_voice(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "The Kingdom believes that dialogue is the only way to peace.\n",
                      {"voice": "SAU", "kind": "speech"})
    assert [(f, a, s) for f, a, _r, s in rows] == [("dialogue_negotiation", "SAU", "support")], rows


def test_what_a_person_is_cited_for_is_theirs_what_a_report_says_the_speakers(nlp, register, lexicon):
    meta = {"voice": "PAK", "kind": "speech"}
    person = statements(nlp, register, lexicon,
                        "According to Professor Jane Miller, mankind faces the growing threat of nuclear war.\n", meta)
    assert [a for f, a, _r, _s in person if f == "threat_perception"] == ["unlinked:jane miller"], person
    report = statements(nlp, register, lexicon,
                        "According to the report, mankind faces the growing threat of nuclear war.\n", meta)
    assert [a for f, a, _r, _s in report if f == "threat_perception"] == ["PAK"], report


def test_presenting_someone_as_a_mediator_is_their_position(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "President Recep Tayyip Erdogan has positioned Ankara as a mediator.\n", {"voice": "reporter"})
    assert ("dialogue_negotiation", "erdogan", "reported", "support") in rows, rows


def test_the_frame_as_the_adjective_of_a_valued_noun(nlp):
    assert readings(nlp, "Small states exert their sovereign right to set their own taxes.",
                    "sovereignty_territorial_integrity") == [("support", "support_noun")]
    assert stance(nlp, "This required only a mutual readiness to listen.", "reciprocity") == "support"
    # A noun of description after "of" is no value claimed: "issues of mutual importance".
    assert stance(nlp, "They met to talk about issues of mutual importance.", "reciprocity") == "neutral"


def test_the_frame_as_the_goal_of_a_move(nlp):
    assert readings(nlp, "The two economies are moving towards reciprocity.", "reciprocity") == [("support", "goal")]


# --------------------------------------------------------------------------- the dev6 round


def test_no_better_way_than_the_frame_is_the_best_way(nlp):
    assert stance(nlp, "There is no better way to peace than through dialogue.", "dialogue_negotiation") == "support"
    assert stance(nlp, "There is no better way of achieving peace than through dialogue.",
                  "dialogue_negotiation") == "support"
    assert stance(nlp, "There is no dialogue.", "dialogue_negotiation") != "support"


def test_snapping_back_sanctions_carries_them_out(nlp, register, lexicon):
    assert readings(nlp, "The Union stepped up the sanctions.", "sanctions") == [("support", "enact")]
    rows = statements(nlp, register, lexicon, "Last month the United States snapped back the sanctions.\n", "ISR")
    assert ("sanctions", "USA", "reported", "support") in rows, rows


def test_an_evaluative_adjective_beside_the_frame_adjective_speaks_of_it(nlp):
    assert readings(nlp, "The compact sets forth important reciprocal agreements.",
                    "reciprocity") == [("support", "evaluative_adjective")]
    assert stance(nlp, "The deal contains unfair reciprocal clauses.", "reciprocity") == "oppose"


def test_holding_the_frame_as_a_noun_supports_it(nlp):
    assert stance(nlp, "We welcomed the news of the holding of the National Dialogue Conference.",
                  "dialogue_negotiation") == "support"


def test_a_condition_on_someone_else_is_the_speakers_position(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "If Turkey will recognize the sovereign rights of Cyprus, the revenues will be released.\n",
                      {"voice": "CYP", "kind": "speech"})
    assert ("sovereignty_territorial_integrity", "CYP", "voice", "support") in rows, rows
    assert not any(actor == "TUR" for _f, actor, _r, _s in rows), rows


def test_a_subject_that_is_no_actor_leaves_the_position_to_the_speaker(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "The World needs all nations to work together for mutual success.\n",
                      {"voice": "KNA", "kind": "speech"})
    assert ("reciprocity", "KNA", "voice", "support") in rows, rows


def test_a_vocative_the_parse_makes_a_subject_is_no_holder(nlp, register, lexicon):
    # spaCy makes "Mr. President" a second subject of "stopped"; the subject is "my country".
    (reading,) = sentence_stances(nlp("Mr. President, in conclusion, my country has never stopped believing in dialogue."))
    assert (reading.stance, reading.holder_span, reading.first_person_subject) == ("support", None, True)
