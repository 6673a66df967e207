"""analysis.extract.stance: the speaker's own judgement and the words that turn a frame
round, each on sentences written for it: an evaluative adjective on the frame noun over
the act the verbs describe, nouns and particle verbs of reversal under a demand
("the roll-back of", "a suspension or lifting of", "roll back"), privatives ("free
from", "without"), "neither ... nor", judging sentence adverbs ("regrettably"), pretexts,
negated copulas and negative polar questions."""

from __future__ import annotations

import pytest

from analysis.corpus import corpus_from_texts
from analysis.extract.document import NEEDS_SYNTAX, extract_document
from analysis.extract.stance import sentence_stances
from analysis.lexicon import FrameLexicon, load_lexicon
from analysis.nlp import iter_parsed


@pytest.fixture(scope="module")
def lexicon() -> FrameLexicon:
    return load_lexicon()


def stance(nlp, text: str, frame_id: str) -> str:
    """The stance of the one mention of ``frame_id`` in ``text``, parsed."""
    doc = nlp(text)
    assert doc.has_annotation("DEP")
    found = [r.stance for r in sentence_stances(doc) if r.frame_id == frame_id]
    assert len(found) == 1, (text, found)
    return found[0]


def statements(nlp, register, lexicon, text: str, voice: str) -> list[tuple[str, str, str]]:
    """(actor_id, actor_role, stance) of the sanctions statements of one document."""
    corpus = corpus_from_texts({"d": text}, {"d": {"voice": voice}})
    (document, parsed), = iter_parsed(corpus, nlp, cache=False, needs_syntax=NEEDS_SYNTAX)
    rows = extract_document(document, parsed, register, lexicon)["statements"]
    return sorted((r["actor_id"], r["actor_role"], r["stance"]) for r in rows if r["frame_id"] == "sanctions")


# --------------------------------------------------------------------------- evaluative adjectives


@pytest.mark.parametrize("text", [
    "The occupying army keeps imposing cruel blockades on the villages.",
    "Neither the unlawful embargo nor the threats of our neighbours have stopped our reforms.",
    "We want a prosperous region, free from poverty and arbitrary sanctions.",
])
def test_an_evaluative_adjective_on_the_frame_decides_over_the_act(nlp, text):
    assert stance(nlp, text, "sanctions") == "oppose"


def test_a_reported_act_keeps_its_position_beside_the_speakers_adjective(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "The European Union imposed cruel sanctions on the island.\n", "CUB")
    assert ("CUB", "voice", "oppose") in rows
    assert ("EU", "reported", "support") in rows


# --------------------------------------------------------------------------- reversal


@pytest.mark.parametrize("text, frame_id, expected", [
    ("We call for the roll-back of the sanctions on our region.", "sanctions", "oppose"),
    ("We endorse the appeal for a suspension or removal of the embargo.", "sanctions", "oppose"),
    ("Our partners want to roll back the sanctions.", "sanctions", "oppose"),
    ("The rebels broke off the negotiations last week.", "dialogue_negotiation", "oppose"),
    ("We deeply regret the suspension of the negotiations.", "dialogue_negotiation", "support"),
])
def test_nouns_and_particle_verbs_of_reversal(nlp, text, frame_id, expected):
    assert stance(nlp, text, frame_id) == expected


# --------------------------------------------------------------------------- privatives and neither/nor


@pytest.mark.parametrize("text, frame_id, expected", [
    ("Our children deserve a future free from sanctions.", "sanctions", "oppose"),
    ("We want to live in a world without embargoes.", "sanctions", "oppose"),
    ("There can be no lasting peace without dialogue.", "dialogue_negotiation", "support"),
    ("Stability cannot be achieved without negotiations.", "dialogue_negotiation", "support"),
    ("Without negotiations, the conflict will drag on for years.", "dialogue_negotiation", "neutral"),
])
def test_privatives_want_the_frame_absent_unless_negated(nlp, text, frame_id, expected):
    assert stance(nlp, text, frame_id) == expected


@pytest.mark.parametrize("text", [
    "We accept neither sanctions nor ultimatums.",
    "We accept neither ultimatums nor sanctions.",
])
def test_neither_nor_negates_the_verb_of_each_conjunct(nlp, text):
    assert stance(nlp, text, "sanctions") == "oppose"


# --------------------------------------------------------------------------- judging adverbs


@pytest.mark.parametrize("text, frame_id, expected", [
    ("Sadly, we observe that the blockade is being extended.", "sanctions", "oppose"),
    ("Unfortunately, the sanctions on the island were lifted.", "sanctions", "support"),
    ("Fortunately, the talks were resumed in the spring.", "dialogue_negotiation", "support"),
    # A judgement already made is not turned round by the adverb.
    ("Unfortunately, our nation remains a victim of sanctions.", "sanctions", "oppose"),
])
def test_a_judging_adverb_gives_the_speakers_view_of_the_act(nlp, text, frame_id, expected):
    assert stance(nlp, text, frame_id) == expected


def test_without_a_judging_adverb_a_passive_act_stays_neutral(nlp):
    assert stance(nlp, "We observe that the blockade is being extended.", "sanctions") == "neutral"


def test_a_judging_adverb_on_a_reported_act_is_the_speakers_position(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "Regrettably, the European Union imposed new sanctions.\n", "CUB")
    assert ("CUB", "voice", "oppose") in rows
    assert ("EU", "reported", "support") in rows


# --------------------------------------------------------------------------- pretexts


@pytest.mark.parametrize("text, expected", [
    ("The crisis served as an excuse to abandon the embargo.", "support"),
    ("The naval drills are a pretext for new sanctions against us.", "oppose"),
])
def test_a_pretext_turns_round_what_it_is_for(nlp, text, expected):
    assert stance(nlp, text, "sanctions") == expected


# --------------------------------------------------------------------------- copulas and questions


def test_a_negated_copula_turns_its_judgement_round(nlp):
    assert stance(nlp, "These sanctions are not unjust.", "sanctions") == "support"
    assert stance(nlp, "Such talks are not useful.", "dialogue_negotiation") == "oppose"


@pytest.mark.parametrize("text, frame_id, expected", [
    ("Should we not strengthen the dialogue between our nations?", "dialogue_negotiation", "support"),
    ("Are these blockades not unjust?", "sanctions", "oppose"),
    ("Do we support the talks?", "dialogue_negotiation", "neutral"),
    ("Why are the sanctions still in place?", "sanctions", "neutral"),
])
def test_a_negative_polar_question_expects_yes(nlp, text, frame_id, expected):
    assert stance(nlp, text, frame_id) == expected


# --------------------------------------------------------------------------- presenting and agents


def test_presenting_something_as_the_frame_holds_it(nlp):
    doc = nlp("By casting the accord as a mutually beneficial bargain, Beijing hopes to win partners.")
    found = [(r.stance, r.method) for r in sentence_stances(doc) if r.frame_id == "reciprocity"]
    assert found == [("support", "characterized")]


def test_the_possessor_of_a_noun_reached_through_as_is_no_agent(nlp):
    """"the forum's revitalization as a platform": the forum is revitalized, the subject acts."""
    doc = nlp("Russia has long campaigned for the forum's revitalization as a platform for dialogue.")
    (reading,) = [r for r in sentence_stances(doc) if r.frame_id == "dialogue_negotiation"]
    assert reading.stance == "support"
    assert doc.text[slice(*reading.agent_span)] == "Russia"


def test_a_gerund_compound_after_the_frame_reads_as_its_noun(nlp):
    assert stance(nlp, "We insist that the embargo easing timetable remains binding.", "sanctions") == "oppose"


def test_a_narrated_act_without_a_position_is_the_actors_and_neutral(nlp, register, lexicon):
    corpus = corpus_from_texts({"d": "Lavrov did not comment on the sanctions during the visit.\n"},
                               {"d": {"voice": "reporter"}})
    (document, parsed), = iter_parsed(corpus, nlp, cache=False, needs_syntax=NEEDS_SYNTAX)
    rows = extract_document(document, parsed, register, lexicon)["statements"]
    assert [(r["actor_id"], r["stance"]) for r in rows if r["frame_id"] == "sanctions"] == [("lavrov", "neutral")]


def test_not_carrying_the_frame_out_takes_no_side(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "The European Union did not impose new sanctions.\n", "CUB")
    assert ("CUB", "voice", "support") not in rows
    assert all(stance == "neutral" for _actor, _role, stance in rows)
