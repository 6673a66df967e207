"""analysis.extract.stance: the rules added for the blind gold set (issue 16), each on
sentences written for it: perception frames (threats), enacting a frame, demands and
shared governors the parse hides, harm adjectives on nouns of effect, reported holders
(verbs of saying and believing, pronouns) and the narration of a voice that is no actor."""

from __future__ import annotations

import pytest
import spacy

from analysis.extract.stance import sentence_stances
from analysis.lexicon import FrameLexicon, load_lexicon

from tests.extract.stance_helpers import readings, stance, statements


@pytest.fixture(scope="module")
def lexicon() -> FrameLexicon:
    return load_lexicon()


# --------------------------------------------------------------------------- perception frames


@pytest.mark.parametrize("text", [
    "Our armed forces will counter these threats with determination.",
    "We must eliminate the threats to our borders.",
    "Drought is the gravest threat our farmers face.",
    "Rising seas are not only a danger to the islands but also a threat to peace.",
    "Nobody should underestimate the threat of famine.",
])
def test_presenting_or_fighting_a_threat_holds_the_perception(nlp, text):
    assert stance(nlp, text, "threat_perception") == "support"


@pytest.mark.parametrize("text", [
    "Our exercises pose no threat to anyone.",
    "This small republic is not a threat to its neighbours.",
    "They keep inventing imaginary threats to justify their budget.",
    "Some capitals underestimate the threat of disinformation.",
])
def test_denying_a_threat_opposes_the_perception(nlp, text):
    assert stance(nlp, text, "threat_perception") == "oppose"


def test_without_a_parse_a_threat_is_held_unless_denied_just_before():
    blank = spacy.blank("en")
    assert [r.stance for r in sentence_stances(blank("Piracy is a growing threat."))] == ["support"]
    assert [r.stance for r in sentence_stances(blank("The fleet is no threat at all."))] == ["oppose"]
    assert [r.stance for r in sentence_stances(blank("Stop inventing imaginary threats."))] == ["oppose"]


def test_the_subject_of_a_verb_of_perceiving_holds_the_perception(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "Moscow has criticized the naval drills near its coast as a provocation.\n", "CUB")
    assert [(f, a, s) for f, a, _role, s in rows if f == "threat_perception"] == [("threat_perception", "RUS", "support")]


# --------------------------------------------------------------------------- what the parse hides


def test_an_object_shared_by_coordinated_verbs_takes_the_first_verbs_cue(nlp):
    assert stance(nlp, "We praise his work of supporting and expanding the regional security architecture.",
                  "security_architecture") == "support"


def test_a_bare_participle_read_as_a_clause_keeps_the_governing_verb(nlp):
    assert stance(nlp, "We warmly welcome the negotiations launched last spring in Geneva.",
                  "dialogue_negotiation") == "support"


def test_give_it_a_chance_supports_the_frame(nlp):
    assert stance(nlp, "Let us give negotiations a chance.", "dialogue_negotiation") == "support"


def test_a_clause_as_the_subject_of_a_copula_passes_on_its_object(nlp):
    assert stance(nlp, "Building a new security architecture has become essential.",
                  "security_architecture") == "support"


# --------------------------------------------------------------------------- demands and enacting


@pytest.mark.parametrize("text, frame_id", [
    ("Binding security assurances should be provided to all non-nuclear states.", "security_guarantees"),
    ("Any future security architecture must be regional.", "security_architecture"),
])
def test_a_modal_demand_on_the_frame_supports_it(nlp, text, frame_id):
    assert stance(nlp, text, frame_id) == "support"


def test_a_negated_demand_opposes(nlp):
    assert stance(nlp, "New sanctions should not be imposed on the island.", "sanctions") == "oppose"


@pytest.mark.parametrize("text, frame_id", [
    ("Norway hosted the talks between the two delegations.", "dialogue_negotiation"),
    ("The union imposed new sanctions on the regime.", "sanctions"),
    ("Our Government convened a national dialogue last year.", "dialogue_negotiation"),
])
def test_enacting_the_frame_supports_it(nlp, text, frame_id):
    assert stance(nlp, text, frame_id) == "support"


def test_a_passive_act_of_others_is_no_enactment(nlp):
    # (Without a judging adverb: "Regrettably, ..." makes it the speaker's complaint, see
    # test_stance_judgement.py.)
    assert stance(nlp, "We note that the blockade is being tightened again.", "sanctions") == "neutral"
    assert stance(nlp, "New sanctions must be imposed on the aggressor.", "sanctions") == "support"


def test_enacting_what_the_name_rejects_stays_against(nlp):
    """"unilateral coercive measures" names sanctions with a rejection: imposing them does
    not turn the speaker's word round."""
    assert stance(nlp, "Some powers keep imposing unilateral coercive measures on small nations.",
                  "sanctions") == "oppose"


def test_demanding_and_ordering_support_their_object(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "Russia is demanding written security guarantees.\n", "CUB")
    # (reported, or the speaker of reported speech, as the quotation finder reads it)
    assert [(f, a, s) for f, a, _role, s in rows if a != "CUB"] == [("security_guarantees", "RUS", "support")]


@pytest.mark.parametrize("text", [
    "The island has suffered the devastating consequences of the blockade for decades.",
    "Nobody can ignore the adverse effects of the sanctions on hospitals.",
    "We deplore the damage of the embargo to our economy.",
    "Governments should relax the sanctions during the pandemic.",
])
def test_harm_done_by_the_frame_and_easing_it_oppose(nlp, text):
    assert stance(nlp, text, "sanctions") == "oppose"


def test_harm_adjectives_count_only_on_nouns_of_effect(nlp):
    """"negative security assurances" is a term of disarmament, no judgement."""
    assert all(s != "oppose" for s, _m in readings(
        nlp, "The treaty mentions negative security assurances.", "security_guarantees"))


def test_the_provision_of_the_frame_supports_it(nlp):
    assert stance(nlp, "The provision of security guarantees is on the agenda.", "security_guarantees") == "support"


# --------------------------------------------------------------------------- holders


def test_a_settling_means_is_held_by_the_subject_of_its_verb(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "The European Union continues to tighten the pressure on the regime through sanctions.\n", "CUB")
    assert ("sanctions", "EU", "reported", "support") in rows


def test_the_subject_of_a_verb_of_believing_holds_the_clause(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "The West believed that any security architecture should be centred on NATO.\n", "CUB")
    assert ("security_architecture", "WEST", "reported", "support") in rows
    assert not [r for r in rows if r[1] == "CUB" and r[3] != "neutral"]


def test_a_pronoun_subject_is_the_nearest_person_before_it(nlp, register, lexicon):
    """Through the pipeline; :func:`analysis.extract.stance._antecedent` (doctest) without the quote finder."""
    text = "Sergey Lavrov arrived in Minsk on Monday. He rejected the sanctions once more.\n"
    rows = statements(nlp, register, lexicon, text, "BLR")
    # (the quotation finder already reads "He rejected" as his reported speech: role speaker)
    assert [(a, s) for _f, a, _role, s in rows] == [("lavrov", "oppose")]


def test_first_person_subjects_are_the_voice(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "My Government firmly rejects the blockade.\n", "CUB")
    assert rows == [("sanctions", "CUB", "voice", "oppose")]


def test_a_reporter_naming_a_principle_takes_no_position(nlp, register, lexicon):
    """A news story's narration is the ``reporter``'s (role ``narrator``), and naming a
    principle there ("sovereign equality") is description, not invocation."""
    rows = statements(nlp, register, lexicon,
                      "The Final Act of 1975 enshrined the sovereign equality of states.\n", "reporter")
    assert rows == [("sovereignty_territorial_integrity", "reporter", "narrator", "neutral")]


def test_a_noun_of_position_gives_the_clause_to_its_possessor(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "NATO's official position is that Russia has violated the sovereignty of Georgia.\n", "CUB")
    assert ("sovereignty_territorial_integrity", "NATO", "reported", "support") in rows


def test_an_opposition_act_the_speaker_watched_is_a_violation(nlp):
    """"We watched the system being dismantled": someone else dismantled it; the speaker
    deplores it (support), unlike "we must dismantle the blockade"."""
    assert stance(nlp, "For years we watched the security architecture being dismantled.",
                  "security_architecture") == "support"
    assert stance(nlp, "We must dismantle the blockade.", "sanctions") == "oppose"


def test_readiness_for_the_frame_supports_it(nlp):
    assert stance(nlp, "The proposal signals readiness for negotiation.", "dialogue_negotiation") == "support"


def test_an_adverb_describing_an_adjective_takes_no_cue_from_above(nlp):
    """"mutually reinforcing pillars": the cue is about the pillars, not about reciprocity."""
    assert stance(nlp, "We fully subscribe to the three mutually reinforcing pillars of the Charter.",
                  "reciprocity") == "neutral"


@pytest.mark.parametrize("text", [
    "The deal promised sanctions relief within a year.",
    "The talks ended with an agreement on embargo removal.",
])
def test_the_frame_compounded_with_a_noun_of_ending_is_opposed(nlp, text):
    assert stance(nlp, text, "sanctions") == "oppose"


def test_a_reporter_gives_a_position_to_the_actor_who_takes_it(nlp, register, lexicon):
    """News narration reports positions: the one in a sentence whose agent is an actor is
    the actor's, and the reporter keeps its own only when no actor acts."""
    rows = statements(nlp, register, lexicon,
                      "In 2021, Russia presented draft treaties demanding security guarantees.\n", "reporter")
    assert [(a, role, s) for _f, a, role, s in rows] == [("RUS", "reported", "support")]
    rows = statements(nlp, register, lexicon, "Moscow's advocacy for dialogue is well known.\n", "reporter")
    assert [(a, s) for f, a, _role, s in rows if f == "dialogue_negotiation"] == [("RUS", "support")]


# --------------------------------------------------------------------------- changes, means, stranded verbs


@pytest.mark.parametrize("text, frame_id, expected", [
    # a change of the frame under a cue is against the frame as it is ...
    ("The delegation called for a revision of the embargo.", "sanctions", "oppose"),
    ("Our ministers pressed for amendments to the sanctions.", "sanctions", "oppose"),
    ("We support a sanctions review.", "sanctions", "oppose"),
    # ... resisting it is for the frame ...
    ("We resist any review of the blockade.", "sanctions", "support"),
    # ... and a change named without a cue takes no position
    ("A review of the sanctions regime is under way.", "sanctions", "neutral"),
    ("The reform of our regional security architecture can no longer wait.", "security_architecture", "neutral"),
])
def test_a_change_of_the_frame_reads_by_the_cue_above_it(nlp, text, frame_id, expected):
    assert stance(nlp, text, frame_id) == expected


def test_calling_for_the_reform_of_the_frame_is_not_against_it(nlp):
    assert stance(nlp, "We call for the reform of the regional security architecture.",
                  "security_architecture") != "oppose"


@pytest.mark.parametrize("text", [
    "Malta will help its neighbours by way of quiet diplomacy.",
    "The dispute was settled by means of negotiations.",
])
def test_by_way_of_and_by_means_of_are_means(nlp, text):
    assert stance(nlp, text, "dialogue_negotiation") == "support"


@pytest.mark.parametrize("text", [
    "The two governments should seize this chance to conclude a treaty of mutual assistance.",
    "We stand ready to sign a treaty on mutual recognition.",
])
def test_concluding_what_a_demand_or_a_readiness_asks_for_supports_it(nlp, text):
    assert stance(nlp, text, "reciprocity") == "support"


def test_concluding_without_a_demand_takes_no_position(nlp):
    assert stance(nlp, "Last year the two governments concluded a treaty of mutual assistance.",
                  "reciprocity") == "neutral"


@pytest.mark.parametrize("text", [
    # spaCy joins the last noun phrase to the first object, over the verb that governs it.
    "The United States must abandon the old practice of criminalizing those who do not obey them "
    "and maintain, as we do, a policy of independence and sovereignty.",
    "Western capitals must give up the habit of punishing governments that resist and defend, "
    "as we have always done, the principle of sovereignty.",
    "The council must reject the old doctrine of punishing small nations who refuse to obey and "
    "uphold, as the Charter does, a culture of sovereignty.",
])
def test_an_object_stranded_after_a_coordinated_verb_takes_that_verbs_cue(nlp, text):
    assert stance(nlp, text, "sovereignty_territorial_integrity") == "support"


def test_a_coordinated_noun_after_a_conjunction_keeps_the_first_verb(nlp):
    """"hurt and kill, and the blockade": the verb without an object is no governor of a
    noun coordinated after a conjunction of its own."""
    assert [s for s, _m in readings(nlp, "We reject sanctions that hurt and kill, and the blockade.",
                                    "sanctions")] == ["oppose", "oppose"]


def test_a_stranded_object_after_an_aside_takes_the_verbs_violation(nlp):
    assert stance(nlp, "They lifted the embargo that had hurt our farmers and damaged, over the years, "
                       "our economy and sovereignty.", "sovereignty_territorial_integrity") == "support"


@pytest.mark.parametrize("text, frame_id", [
    ("We do not accept the blockade and demand a dialogue.", "dialogue_negotiation"),
    ("Talks have not taken place and our country supports negotiations.", "dialogue_negotiation"),
    ("We will never recognize the annexation and will defend the territorial integrity of our neighbour.",
     "sovereignty_territorial_integrity"),
])
def test_a_conjunct_with_a_predication_of_its_own_keeps_its_cue(nlp, text, frame_id):
    """The negation of the first of two coordinated verbs says nothing of the second when
    that one has a subject or an object of its own."""
    found = readings(nlp, text, frame_id)
    assert found[-1][0] == "support", found


def test_coordinated_verbs_sharing_the_object_share_the_negation(nlp):
    assert stance(nlp, "We do not accept and support sanctions.", "sanctions") == "oppose"


# --------------------------------------------------------------------------- stop 24: intent, passive agents, demand nouns


@pytest.mark.parametrize("text, frame_id", [
    ("The ministers continue to coordinate sanctions against the junta.", "sanctions"),
    ("Our efforts to convene peace talks in the capital have borne fruit.", "dialogue_negotiation"),
    ("It is the intention of my Government to hold negotiations with the rebels.", "dialogue_negotiation"),
    ("Our goal is to host a dialogue between the parties.", "dialogue_negotiation"),
    ("We stand ready to host the negotiations in our capital.", "dialogue_negotiation"),
])
def test_carrying_out_the_frame_by_intent_supports_it(nlp, text, frame_id):
    assert readings(nlp, text, frame_id) == [("support", "enact")]


def test_no_intent_or_a_refusal_is_no_enactment(nlp):
    # A negated word of intent takes no side, as a negated enactment; refusing is against.
    assert stance(nlp, "We are not ready to hold talks with the junta.", "dialogue_negotiation") == "neutral"
    assert stance(nlp, "The junta refused to hold talks with the opposition.", "dialogue_negotiation") == "oppose"
    # A verb of intent over a verb that does not carry the frame out says nothing of it.
    assert stance(nlp, "They plan to discuss the sanctions tomorrow.", "sanctions") == "neutral"


@pytest.mark.parametrize("text, frame_id, expected", [
    ("The island was crippled by the embargo for sixty years.", "sanctions", ("oppose", "harm_verb")),
    ("Our prosperity was fostered by dialogue with our neighbours.", "dialogue_negotiation", ("support", "benefit_verb")),
])
def test_the_frame_as_the_agent_of_a_passive_does_what_its_verb_says(nlp, text, frame_id, expected):
    assert readings(nlp, text, frame_id) == [expected]


def test_a_noun_of_demand_supports_its_object_for_its_possessor(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "China's request for legally binding security guarantees surprised the delegates.\n", "reporter")
    assert ("security_guarantees", "CHN", "reported", "support") in rows
    assert stance(nlp, "The demand for sanctions relief grew louder.", "sanctions") == "oppose"


def test_the_clause_of_a_noun_of_perception_is_its_possessors(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "The talks stalled over China's perception that the alliance poses a threat to its security.\n",
                      "reporter")
    assert ("threat_perception", "CHN", "reported", "support") in rows


def test_who_is_called_on_to_act_is_no_agent_of_the_caller(nlp, register, lexicon):
    """"X called for Y to withdraw before meaningful talks": the judgement is X's, not Y's."""
    rows = statements(nlp, register, lexicon,
                      "French diplomats called for Russia to withdraw its troops as a condition for meaningful talks.\n",
                      "reporter")
    assert not [r for r in rows if r[1] == "RUS"]
    assert ("dialogue_negotiation", "FRA", "reported", "support") in rows or \
        ("dialogue_negotiation", "FRA", "speaker", "support") in rows


def test_a_speaker_naming_the_state_they_speak_for_holds_its_position(nlp, register, lexicon):
    text = ("The Russian foreign minister Sergey Lavrov said on Monday that Moscow was ready "
            "to hold talks with its neighbours.\n")
    rows = statements(nlp, register, lexicon, text, "reporter")
    assert ("dialogue_negotiation", "lavrov", "speaker", "support") in rows
    assert ("dialogue_negotiation", "RUS", "reported", "support") in rows
    # Another state named in the reported clause is not the speaker's: only its own row.
    rows = statements(nlp, register, lexicon,
                      "Sergey Lavrov said on Monday that Kyiv was ready to hold talks.\n", "reporter")
    assert ("dialogue_negotiation", "UKR", "reported", "support") in rows
    assert not [r for r in rows if r[1] == "lavrov" and r[3] == "support"]


@pytest.mark.parametrize("text, frame_id, expected", [
    ("We seek a world order based on multipolar principles.", "multipolarity", "support"),
    ("We reject any world order based on multipolar principles.", "multipolarity", "oppose"),
    ("We want a settlement in line with the territorial integrity of the country.",
     "sovereignty_territorial_integrity", "support"),
    ("We welcome the results of the peace talks in the capital.", "dialogue_negotiation", "support"),
    ("We will defend our values and respect for the sovereignty of states.",
     "sovereignty_territorial_integrity", "support"),
])
def test_bases_standards_and_outcomes_of_the_frame(nlp, text, frame_id, expected):
    assert stance(nlp, text, frame_id) == expected


# --------------------------------------------------------------------------- stop 25: joining, endorsed citations, "it" chains


def test_joining_the_frame_supports_it(nlp):
    assert readings(nlp, "All states of the region can join the dialogue.", "dialogue_negotiation") == \
        [("support", "support_verb")]
    assert stance(nlp, "We refuse to join the sanctions.", "sanctions") == "oppose"


def test_an_infinitive_read_as_a_relative_clause_still_carries_intent(nlp):
    # The parse may hang "to create" on "initiative" as a relative clause.
    assert readings(nlp, "The initiative to create a Eurasian security architecture is designed to address "
                         "many challenges.", "security_architecture") == [("support", "enact")]


def test_a_point_cited_with_as_is_the_speakers_own_too(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon,
                      "As the Secretary-General has stressed, we can overcome the pandemic only through "
                      "mutual cooperation.\n", "FRA")
    assert ("reciprocity", "FRA", "voice", "support") in rows, rows


def test_it_stands_for_the_first_it_of_the_sentence_not_a_name_in_a_phrase(nlp, register, lexicon):
    # "the UN headquarters", "the agreement with Iran": no antecedent of "it"; the speaker
    # (the voice) calls the sanctions unilateral.
    rows = statements(nlp, register, lexicon,
                      "The country where the UN headquarters is located rejects the nuclear agreement with Iran; "
                      "it promotes trade wars; it expands coercion and unilateral sanctions.\n", "CUB")
    assert [r for r in rows if r[0] == "sanctions"] == [("sanctions", "CUB", "voice", "oppose")], rows


def test_emphasising_the_frame_supports_it_and_its_harm_opposes_it(nlp):
    assert readings(nlp, "The Commission has emphasized sanctions as a central lever.", "sanctions") == \
        [("support", "support_verb")]
    # The climb stops at the harm noun before it reaches the verb.
    assert stance(nlp, "We highlight the devastating impact of sanctions on our people.", "sanctions") == "oppose"


def test_formalising_the_frame_carries_it_out(nlp):
    assert readings(nlp, "Moscow is ready to formalize guarantees in a legal document.", "security_guarantees") == \
        [("support", "enact")]


# --------------------------------------------------------------------------- stop 26: compounds, predicate nouns, gerunds


def test_a_denial_adjective_on_the_phrase_a_threat_names_denies_it(nlp):
    # "inflated" qualifies "perceptions", the head of the compound "threat perceptions".
    assert stance(nlp, "The plan could reduce what Paris calls inflated threat perceptions.",
                  "threat_perception") == "oppose"
    assert stance(nlp, "Paris is alarmed by growing threat perceptions.", "threat_perception") == "support"


def test_a_frame_naming_efforts_or_a_plan_is_pursued(nlp):
    assert readings(nlp, "We have exerted mediation efforts to end the crisis.", "dialogue_negotiation") == \
        [("support", "pursuit")]
    # What is said of the efforts above still counts.
    assert stance(nlp, "They rejected the mediation efforts.", "dialogue_negotiation") == "oppose"


def test_a_predicate_noun_of_rejection_opposes_the_frame(nlp):
    assert readings(nlp, "The blockade of the island remains a cause of grave concern.", "sanctions") == \
        [("oppose", "evaluative_noun")]
    assert stance(nlp, "The embargo is an obstacle to development.", "sanctions") == "oppose"
    assert stance(nlp, "Preventive diplomacy is an integral part of our foreign policy.",
                  "dialogue_negotiation") == "support"


def test_establishing_the_frame_and_starting_to_build_it_support_it(nlp):
    assert readings(nlp, "The article examines the establishment of a Eurasian security architecture.",
                    "security_architecture") == [("support", "support_noun")]
    assert stance(nlp, "We proposed that we start building a new security architecture.",
                  "security_architecture") == "support"
    assert stance(nlp, "They stopped holding talks.", "dialogue_negotiation") == "oppose"


def test_providing_with_the_frame_supports_it_but_not_its_recipient(nlp):
    assert stance(nlp, "We are ready to provide our neighbours with guarantees of non-aggression.",
                  "non_aggression") == "support"
    # The committee is who is given the data: no position on sanctions.
    assert stance(nlp, "We have been providing the Sanctions Committee with data on our losses.",
                  "sanctions") == "neutral"


def test_against_a_backdrop_is_where_not_against(nlp):
    assert stance(nlp, "The idea gains weight against the backdrop of the formation of a multipolar world.",
                  "multipolarity") == "support"


def test_mutually_acceptable_is_a_stock_phrase_of_reciprocity(nlp):
    assert readings(nlp, "The sides looked for a mutually acceptable formula.", "reciprocity") == \
        [("support", "frame_polarity")]
    assert stance(nlp, "The two plans are mutually exclusive and mutually reinforcing.", "reciprocity") == "neutral"


def test_whoever_puts_forward_an_initiative_holds_what_it_would_create(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "In June Vladimir Putin put forward the initiative to create a "
                                              "Eurasian security architecture.\n", "RUS_MFA")
    assert ("security_architecture", "putin", "reported", "support") in rows, rows
    # The speaker's own initiative stays the speaker's.
    rows = statements(nlp, register, lexicon, "We put forward the initiative to create a Eurasian security "
                                              "architecture.\n", "RUS_MFA")
    assert rows == [("security_architecture", "RUS_MFA", "voice", "support")], rows


def test_creating_the_frame_carries_it_out(nlp):
    assert readings(nlp, "The two states created a joint security architecture.", "security_architecture") == \
        [("support", "enact")]


def test_a_named_body_holds_its_own_position(nlp, register, lexicon):
    # The mention counts under the EU (actor_mentions.actor_id); the statement is the Commission's.
    rows = statements(nlp, register, lexicon, "The European Commission has emphasized sanctions as a central "
                                              "lever.\n", "reporter")
    assert ("sanctions", "EC", "speaker", "support") in rows, rows
    rows = statements(nlp, register, lexicon, "U.S. State Department spokespersons have called for meaningful "
                                              "talks.\n", "reporter")
    assert ("dialogue_negotiation", "USA_STATE_DEPARTMENT", "reported", "support") in rows, rows


def test_a_coercive_measure_shown_as_imposed_on_someone_is_opposed(nlp):
    # The participle, the relative clause, the passive and a target after "against".
    assert readings(nlp, "The embargo imposed on the islanders has lasted for decades.", "sanctions") == \
        [("oppose", "imposed_on")]
    assert stance(nlp, "The blockade that the superpower imposes on its neighbour keeps growing.",
                  "sanctions") == "oppose"
    assert stance(nlp, "Many families suffer while the sanctions continue to be imposed on them.",
                  "sanctions") == "oppose"
    assert readings(nlp, "Our delegation drew attention to the blockade against the small island.", "sanctions") == \
        [("oppose", "imposed_on")]


def test_a_coercive_measure_the_speaker_imposes_or_demands_is_not_opposed(nlp):
    assert stance(nlp, "The sanctions imposed by us on the junta remain in force.", "sanctions") != "oppose"
    assert readings(nlp, "Tough sanctions must be imposed on the junta.", "sanctions") == [("support", "demand")]
    # A measure with no one it is done to says nothing by itself.
    assert stance(nlp, "The sanctions were discussed at length.", "sanctions") == "neutral"


def test_a_reporter_takes_no_side_by_naming_what_is_imposed_on_whom(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "The sanctions imposed on the country entered their third year.\n",
                      "reporter")
    assert rows == [("sanctions", "reporter", "narrator", "neutral")], rows
    rows = statements(nlp, register, lexicon, "The sanctions imposed on the country entered their third year.\n",
                      "CUB")
    assert rows == [("sanctions", "CUB", "voice", "oppose")], rows


def test_deploring_the_lack_of_a_frame_supports_it(nlp):
    assert readings(nlp, "The lack of dialogue between the two capitals worries us.", "dialogue_negotiation") == \
        [("support", "violation")]
    assert stance(nlp, "Our farmers suffer from the absence of reciprocity in trade.", "reciprocity") == "support"


def test_deserving_a_frame_is_for_it_and_not_deserving_it_against(nlp):
    assert stance(nlp, "A peaceful people does not deserve sanctions.", "sanctions") == "oppose"
    assert stance(nlp, "Our region deserves a new security architecture.", "security_architecture") == "support"


def test_a_vision_of_the_frame_holds_it(nlp):
    assert stance(nlp, "The minister outlined his vision of a multipolar world.", "multipolarity") == "support"


@pytest.mark.parametrize("text", [
    "Only a reliable security architecture will spare the continent new wars.",
    "The parties began a peaceful dialogue last spring.",
])
def test_approving_adjectives_on_the_frame_noun_support_it(nlp, text):
    found = readings(nlp, text, "security_architecture" if "architecture" in text else "dialogue_negotiation")
    assert found == [("support", "evaluative_adjective")], found


@pytest.mark.parametrize("text", [
    "Our diplomats played a leading role in the mediation between the two clans.",
    "Quiet diplomacy is a major part of our foreign policy.",
    "Mediation plays a central role in our foreign policy.",
])
def test_giving_the_frame_a_valued_role_supports_it(nlp, text):
    assert readings(nlp, text, "dialogue_negotiation") == [("support", "valued_role")]


def test_a_role_without_a_valuing_adjective_takes_no_side(nlp):
    assert stance(nlp, "Mediation played a role in the affair.", "dialogue_negotiation") == "neutral"


def test_the_negotiating_table_carries_the_frame(nlp):
    assert readings(nlp, "Our envoys brought both factions back to the negotiating table.", "dialogue_negotiation") == \
        [("support", "negotiating_table")]
    assert stance(nlp, "The rebels walked away from the negotiating table.", "dialogue_negotiation") == "oppose"


def test_a_negated_verb_with_a_complement_of_its_own_leaves_the_next_conjunct_alone(nlp):
    # "not" is on "yield", which has its own "to threats"; "promote" has its own object.
    assert readings(nlp, "We do not yield to threats and promote dialogue.", "dialogue_negotiation") == \
        [("support", "support_verb")]
    # Two verbs sharing one object share the negation too.
    assert stance(nlp, "We do not accept and support sanctions.", "sanctions") == "oppose"


def test_the_us_is_no_first_person(nlp, register, lexicon):
    # "US" lower-cased is "us": the United States rejecting the talks is its position, not the speaker's.
    doc = nlp("The US rejects the talks with its neighbour.")
    (reading,) = [r for r in sentence_stances(doc) if r.frame_id == "dialogue_negotiation"]
    assert (reading.stance, reading.first_person_subject, reading.holder_span) == ("oppose", False, (0, 6))
    assert readings(nlp, "The blockade imposed by the US government has lasted for decades.", "sanctions") == \
        [("oppose", "imposed_on")]
    doc = nlp("We reject the talks with terrorists.")
    assert [r.first_person_subject for r in sentence_stances(doc)] == [True]


def test_non_before_a_violation_makes_it_the_principle(nlp):
    # "interference in the internal affairs" is harm done to sovereignty; "non-" denies it.
    assert stance(nlp, "Our foreign policy rests on non-interference in the internal affairs of our neighbours.",
                  "sovereignty_territorial_integrity") == "support"
    assert stance(nlp, "We cherish non-interference in the internal affairs of other nations.",
                  "sovereignty_territorial_integrity") == "support"
    # Without it, upholding the interference is against the frame.
    assert stance(nlp, "They defend interference in the internal affairs of other nations.",
                  "sovereignty_territorial_integrity") == "oppose"


def test_an_unattributed_quotation_in_a_speech_is_the_speakers(nlp, register, lexicon):
    text = "Mr. President,\n“Our people will never bow to the blockade, and we reject the sanctions.\n"
    rows = statements(nlp, register, lexicon, text, {"voice": "CUB", "kind": "speech"})
    assert ("sanctions", "CUB", "voice", "oppose") in rows, rows
    # Not in a document that is no speech: an unresolved quotation stays nobody's.
    assert statements(nlp, register, lexicon, text, {"voice": "CUB", "kind": "news"}) == []


def test_part_of_the_problem_is_no_valued_role(nlp):
    assert readings(nlp, "Sanctions are a major part of the problem.", "sanctions") == [("oppose", "evaluative_noun")]
    assert stance(nlp, "Sanctions are the problem, not the solution.", "sanctions") == "oppose"


def test_in_a_news_story_whoever_is_willing_holds_the_position(nlp, register, lexicon):
    rows = statements(nlp, register, lexicon, "The spokesman spoke at length, signaling Moscow's readiness to engage "
                                              "in negotiations with its neighbours.\n", "reporter")
    assert ("dialogue_negotiation", "RUS", "reported", "support") in rows, rows


def test_a_noun_cue_a_topic_is_about_takes_no_position(nlp):
    assert stance(nlp, "The question of the lifting of the embargo was raised by several delegations.",
                  "sanctions") == "neutral"
    assert stance(nlp, "Reports concerning the lifting of the blockade have not been confirmed.",
                  "sanctions") == "neutral"
    # Asked for, the same noun is against the frame.
    assert stance(nlp, "Several delegations asked for the lifting of the embargo.", "sanctions") == "oppose"
