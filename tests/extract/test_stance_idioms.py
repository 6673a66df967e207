"""analysis.extract.stance: idioms whose words say the opposite of their parts ("spare no
effort", "not hesitate to"), demands made through someone else ("ask the Council to ..."),
moments that arrive or pass ("the time for dialogue has come"), and violations denied or
forbidden (issue 16, the round measured on the seventh dev set), each on sentences written
for it."""

from __future__ import annotations

import pytest

from analysis.extract.stance import STANCE_SENTENCES

from tests.extract.stance_helpers import readings, stance


# --------------------------------------------------------------------------- affirming negations


@pytest.mark.parametrize("text, frame_id", [
    ("We will spare no effort to facilitate the resumption of negotiations.", "dialogue_negotiation"),
    ("We will spare no effort to bring the two sides back to the negotiating table.", "dialogue_negotiation"),
    ("We will not hesitate to impose sanctions on those responsible.", "sanctions"),
    ("The Union never fails to hold talks with its partners.", "dialogue_negotiation"),
])
def test_a_negated_verb_of_holding_back_affirms(nlp, text, frame_id):
    assert stance(nlp, text, frame_id) == "support"


def test_holding_back_without_a_negation_is_no_support(nlp):
    # Hesitating is no act in favour; only its negation is a commitment.
    assert stance(nlp, "We hesitate to impose sanctions.", "sanctions") != "support"
    # And the refraining verb cancels only its own negation, not one on the frame's verb.
    assert stance(nlp, "We will spare no effort, but we will not impose sanctions.", "sanctions") != "support"


# --------------------------------------------------------------------------- demands through others


@pytest.mark.parametrize("text, frame_id", [
    ("We ask the Security Council to appoint an envoy to lead the negotiations.", "dialogue_negotiation"),
    ("We urge both sides to conclude the talks without delay.", "dialogue_negotiation"),
    ("We must continue to strive to complete the negotiations by the earliest possible date.", "dialogue_negotiation"),
])
def test_asking_someone_to_carry_out_the_frame_supports_it(nlp, text, frame_id):
    assert stance(nlp, text, frame_id) == "support"


def test_carrying_out_the_frame_without_a_demand_above_stays_a_report(nlp):
    # The envoy's leading the talks is someone's act; nobody asks for it.
    assert stance(nlp, "The Council appointed an envoy who leads the negotiations.", "dialogue_negotiation") != "oppose"
    assert readings(nlp, "The Council appointed an envoy to the region.", "dialogue_negotiation") == []


# --------------------------------------------------------------------------- moments


@pytest.mark.parametrize("text, frame_id", [
    ("The time for dialogue has come.", "dialogue_negotiation"),
    ("The time has come for dialogue.", "dialogue_negotiation"),
    ("This year has taught us that the time for mutual reliance is upon us.", "reciprocity"),
    ("Now is the time for negotiations.", "dialogue_negotiation"),
    ("The time for sanctions is not over.", "sanctions"),
])
def test_a_moment_that_arrives_calls_for_the_frame(nlp, text, frame_id):
    assert readings(nlp, text, frame_id) == [("support", "demand")]


@pytest.mark.parametrize("text", [
    "The time for dialogue is over.",
    "The time for dialogue has not yet come.",
])
def test_a_moment_gone_or_not_come_is_against_the_frame(nlp, text):
    assert stance(nlp, text, "dialogue_negotiation") == "oppose"


def test_a_moment_that_only_is_takes_no_position(nlp):
    assert stance(nlp, "The time for dialogue was short.", "dialogue_negotiation") == "neutral"


# --------------------------------------------------------------------------- violations denied


@pytest.mark.parametrize("text, frame_id", [
    ("Our sovereignty must not be compromised to that effect.", "sovereignty_territorial_integrity"),
    ("The sovereignty of States must never be violated.", "sovereignty_territorial_integrity"),
    ("We will never undermine the dialogue between our peoples.", "dialogue_negotiation"),
])
def test_a_violation_forbidden_or_renounced_holds_to_the_frame(nlp, text, frame_id):
    found = readings(nlp, text, frame_id)
    assert found == [("support", "negated")], found


def test_a_violation_reported_still_supports(nlp):
    assert stance(nlp, "Russia violated the sovereignty of Ukraine.", "sovereignty_territorial_integrity") == "support"


def test_the_new_words_select_the_sentences_to_parse():
    assert STANCE_SENTENCES("We will spare no effort to resume the negotiations.")
    assert STANCE_SENTENCES("The time for dialogue has come.")
    assert not STANCE_SENTENCES("The time has come.")  # no frame mention: no parse
