"""analysis.extract.stance: the stance rules on sentences written for them, the statements
table (holders, columns, offsets) and the statements of the seeds."""

from __future__ import annotations

import pytest

from analysis.corpus import corpus_from_texts
from analysis.extract.document import NEEDS_SYNTAX, extract_document
from analysis.extract.quotes.syntax import NEEDS_SYNTAX as QUOTE_SYNTAX
from analysis.extract.stance import (
    STANCE_SENTENCES,
    StanceDataError,
    load_stance_cues,
    sentence_stances,
    statements_table,
)
from analysis.lexicon import LexiconError, FrameLexicon, load_lexicon
from analysis.nlp import iter_parsed
from analysis.schema import STATEMENT_COLUMNS


@pytest.fixture(scope="module")
def lexicon() -> FrameLexicon:
    return load_lexicon()


def stances(nlp, text: str, frame_id: str | None = None) -> list[tuple[str, str, str]]:
    """(mention text, stance, method) of every frame mention of ``text``, parsed."""
    doc = nlp(text)
    assert doc.has_annotation("DEP")
    return [(r.text, r.stance, r.method) for r in sentence_stances(doc) if frame_id in (None, r.frame_id)]


def stance_of(nlp, text: str, mention: str) -> tuple[str, str]:
    found = [(s, m) for t, s, m in stances(nlp, text) if t == mention]
    assert len(found) == 1, (text, stances(nlp, text))
    return found[0]


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("text, mention", [
    ("We firmly support the resumption of negotiations between the parties.", "negotiations"),
    ("Our government has always upheld the territorial integrity of its neighbours.", "territorial integrity"),
    ("The delegation welcomed the dialogue between the two governments.", "dialogue"),
    ("We call for genuine negotiations without preconditions.", "negotiations"),
    ("My country remains committed to dialogue with all its partners.", "dialogue"),
    ("We defend the sovereignty of every nation.", "sovereignty"),
])
def test_support_verbs_nouns_and_adjectives(nlp, text, mention):
    assert stance_of(nlp, text, mention)[0] == "support"


@pytest.mark.parametrize("text, mention", [
    ("We reject the sanctions imposed on our farmers.", "sanctions"),
    ("The government condemned the new embargo.", "embargo"),
    ("We demand the lifting of the blockade.", "blockade"),
    ("These sanctions are counterproductive and cruel.", "sanctions"),
    ("We are against sanctions of any kind.", "sanctions"),
])
def test_oppose_verbs_nouns_and_adjectives(nlp, text, mention):
    assert stance_of(nlp, text, mention)[0] == "oppose"


def test_an_evaluative_adjective_modifying_the_frame(nlp):
    assert stance_of(nlp, "The farmers suffer under an unacceptable embargo.", "embargo") == \
        ("oppose", "evaluative_adjective")


def test_a_frame_polarity_pattern_carries_its_stance(nlp):
    """'unilateral sanctions' is a sanctions mention that is against sanctions ("unilateral"
    is no opposing adjective of its own)."""
    found = stances(nlp, "The islanders have lived under unilateral sanctions for decades.", "sanctions")
    assert found == [("unilateral sanctions", "oppose", "frame_polarity")]
    found = stances(nlp, "The islanders have lived under unilateral coercive measures for decades.", "sanctions")
    assert [(text, stance) for text, stance, _method in found] == [("unilateral coercive measures", "oppose")]


@pytest.mark.parametrize("text, mention", [
    ("We do not support sanctions against our neighbours.", "sanctions"),
    ("There is no justification for these sanctions.", "sanctions"),
    ("We will never accept talks under pressure.", "talks"),
])
def test_negation_turns_the_stance_round(nlp, text, mention):
    assert stance_of(nlp, text, mention) == ("oppose", "negated")


def test_negating_an_opposing_verb_supports(nlp):
    assert stance_of(nlp, "We have never rejected dialogue with our neighbours.", "dialogue")[0] == "support"


@pytest.mark.parametrize("text, mention", [
    ("The invading army violated the sovereignty of its small neighbour.", "sovereignty"),
    ("We condemn the attacks on the territorial integrity of our country.", "territorial integrity"),
    ("We reject any interference in our internal affairs.", "interference in our internal affairs"),
])
def test_a_violation_of_the_frame_supports_it(nlp, text, mention):
    assert stance_of(nlp, text, mention) == ("support", "violation")


@pytest.mark.parametrize("text, mention", [
    ("There is no alternative to negotiations.", "negotiations"),
    ("Dialogue is the only way to end this conflict.", "Dialogue"),
])
def test_no_alternative_and_the_only_way_support(nlp, text, mention):
    assert stance_of(nlp, text, mention) == ("support", "no_alternative")


def test_settling_through_the_frame_supports_it(nlp):
    assert stance_of(nlp, "Disputes must be settled through dialogue.", "dialogue") == ("support", "means")


def test_what_the_frame_does_as_subject(nlp):
    assert stance_of(nlp, "Sanctions hurt the poorest families first.", "Sanctions") == ("oppose", "harm_verb")


@pytest.mark.parametrize("text, mention", [
    ("The sanctions were discussed at the meeting on Tuesday.", "sanctions"),
    ("Do you support the sanctions?", "sanctions"),
    ("The minister spoke about sovereignty for an hour.", "sovereignty"),
    ("We have been accused of rejecting dialogue.", "dialogue"),
])
def test_neutral_when_no_rule_applies(nlp, text, mention):
    assert stance_of(nlp, text, mention)[0] == "neutral"


def test_a_negative_word_elsewhere_in_the_sentence_says_nothing_about_the_frame(nlp):
    """The rule is not "negative word => oppose": the cue must govern the mention."""
    text = "The occupation is illegal, and the talks will resume in May."
    assert stance_of(nlp, text, "talks")[0] != "oppose"


def test_without_a_parse_the_token_window_decides_with_less_confidence():
    import spacy

    blank = spacy.blank("en")
    readings = sentence_stances(blank("We do not support sanctions."))
    assert [(r.text, r.stance, r.method) for r in readings] == [("sanctions", "oppose", "negated")]
    assert readings[0].confidence < 0.8


# --------------------------------------------------------------------------- holders


def statements_of(nlp, register, lexicon, texts: dict[str, str], meta: dict[str, dict]) -> dict[str, list[dict]]:
    corpus = corpus_from_texts(texts, meta)
    out = {}
    for document, parsed in iter_parsed(corpus, nlp, cache=False, needs_syntax=NEEDS_SYNTAX):
        out[document.doc_id] = (document, extract_document(document, parsed, register, lexicon)["statements"])
    return out


@pytest.fixture(scope="module")
def holder_rows(nlp, register, lexicon):
    texts = {
        "speech": '"We support dialogue with everyone," Russian Foreign Minister Sergey Lavrov said. '
                  "Cuba rejects the blockade.\n",
        "news": "China and Russia oppose the sanctions.\n\nThe weather was fine.\n",
    }
    meta = {"speech": {"voice": "CUB", "date": "2020-09-25"}, "news": {"voice": "reporter", "date": ""}}
    return statements_of(nlp, register, lexicon, texts, meta)


def test_the_speaker_of_a_quote_holds_its_position_and_the_voice_its_narration(holder_rows):
    _document, rows = holder_rows["speech"]
    held = {(r["frame_text"], r["actor_id"], r["actor_role"], r["stance"]) for r in rows}
    assert ("dialogue", "lavrov", "speaker", "support") in held
    assert ("blockade", "CUB", "voice", "oppose") in held
    quoted = [r for r in rows if r["frame_text"] == "dialogue"]
    assert all(r["quote_id"] is not None for r in quoted)
    assert all(r["date"] == "2020-09-25" for r in rows)


def test_a_reported_position_with_several_actors_gives_one_row_each(holder_rows):
    _document, rows = holder_rows["news"]
    assert sorted((r["actor_id"], r["actor_role"], r["stance"]) for r in rows) == \
        [("CHN", "reported", "oppose"), ("RUS", "reported", "oppose")]


def test_a_demand_on_others_is_the_speakers_position(nlp, register, lexicon):
    """A modal makes the clause the speaker's demand; "it" as subject names no one."""
    texts = {"d": "All states must respect the sovereignty of their neighbours.\n\n"
                  "It is right to call for the lifting of the embargo.\n"}
    rows = statements_of(nlp, register, lexicon, texts, {"d": {"voice": "CUB"}})["d"][1]
    assert sorted((r["frame_text"], r["actor_id"], r["actor_role"], r["stance"]) for r in rows) == \
        [("embargo", "CUB", "voice", "oppose"), ("sovereignty", "CUB", "voice", "support")]


def test_a_third_party_position_is_not_the_speakers(nlp, register, lexicon):
    """"They rejected the talks" reports a position: the speaker takes none."""
    rows = statements_of(nlp, register, lexicon, {"d": "They rejected the talks.\n"}, {"d": {"voice": "CUB"}})["d"][1]
    assert [(r["actor_id"], r["stance"], r["method"]) for r in rows] == [("CUB", "neutral", "reported_position")]


def test_what_is_said_according_to_a_document_is_the_narrators(nlp, register, lexicon):
    """The Charter is the source of an "according to" report (a quote row with a speaker
    id), yet the speech's voice holds the position."""
    text = "According to the UN Charter, sovereignty must be respected.\n"
    corpus = corpus_from_texts({"d": text}, {"d": {"voice": "CUB"}})
    (document, parsed), = iter_parsed(corpus, nlp, cache=False, needs_syntax=NEEDS_SYNTAX)
    rows = extract_document(document, parsed, register, lexicon)
    assert [(q["kind"], q["speaker_id"]) for q in rows["quotes"]] == [("according_to", "UN_CHARTER")]
    assert [(r["actor_id"], r["actor_role"], r["stance"]) for r in rows["statements"]] == [("CUB", "voice", "support")]


def test_a_voice_that_is_no_actor_holds_its_narration_as_narrator(nlp, register, lexicon):
    """A news story's own words are the text's position (role ``narrator``, which actor
    networks can leave out), never an actor's ``voice``."""
    rows = statements_of(nlp, register, lexicon, {"n": "The sanctions are illegal.\n"}, {"n": {"voice": "reporter"}})
    assert [(r["actor_id"], r["actor_role"], r["stance"]) for r in rows["n"][1]] == [("reporter", "narrator", "oppose")]


def test_rows_have_the_columns_and_offsets_slice_the_text(holder_rows):
    for document, rows in holder_rows.values():
        for row in rows:
            assert list(row) == STATEMENT_COLUMNS
            assert document.text[row["frame_start"]:row["frame_end"]] == row["frame_text"]
            assert row["start"] <= row["frame_start"] < row["frame_end"] <= row["end"]
            if row["cue"]:
                assert document.text[row["cue_start"]:row["cue_end"]] == row["cue"]
            assert row["stance"] in ("support", "oppose", "neutral")
            assert 0 < row["confidence"] <= 1


def test_statements_table_sorts_and_types(holder_rows):
    rows = [row for _document, doc_rows in holder_rows.values() for row in doc_rows]
    table = statements_table(list(reversed(rows)))
    assert list(table.columns) == STATEMENT_COLUMNS
    keys = list(zip(table["doc_id"], table["start"], table["frame_start"], table["actor_id"]))
    assert keys == sorted(keys)
    assert str(table["quote_id"].dtype) == "Int64"


# --------------------------------------------------------------------------- the seeds


def test_the_seeds_give_statements_for_their_speakers(seed_tables, seed_corpus):
    table = seed_tables["statements"]
    assert list(table.columns) == STATEMENT_COLUMNS
    # The seeds' speakers: Zakharova (voice of the briefing, quoted in the news), Lavrov.
    assert {"zakharova", "lavrov"} <= set(table["actor_id"])
    assert {"speaker", "voice"} <= set(table["actor_role"])
    assert {"support", "oppose", "neutral"} <= set(table["stance"])
    for row in table.itertuples():
        assert seed_corpus[row.doc_id].text[row.frame_start:row.frame_end] == row.frame_text
    # The news reports' narrators ("reporter") are no actor: their statements carry the
    # role "narrator", never an actor's role.
    assert set(table.loc[table["actor_id"] == "reporter", "actor_role"]) == {"narrator"}
    assert "narrator" not in set(table.loc[table["actor_id"] != "reporter", "actor_role"])


def test_every_seed_statement_is_a_frame_mention(seed_tables):
    mentions = set(zip(seed_tables["frame_mentions"]["doc_id"], seed_tables["frame_mentions"]["start"],
                       seed_tables["frame_mentions"]["frame_id"]))
    statements = seed_tables["statements"]
    assert set(zip(statements["doc_id"], statements["frame_start"], statements["frame_id"])) <= mentions


# --------------------------------------------------------------------------- data and selector


def test_the_selector_picks_stance_cues_and_negations_and_extends_the_quote_selector():
    assert STANCE_SENTENCES("The council rejected the sanctions.")
    assert STANCE_SENTENCES("This is not a dialogue.")
    assert not STANCE_SENTENCES("The talks began on Monday in Geneva.")  # a frame, but no cue
    assert not STANCE_SENTENCES("The council rejected the plan.")  # a cue, but no frame
    assert NEEDS_SYNTAX("Sanctions hurt farmers.") and not QUOTE_SYNTAX("Sanctions hurt farmers.")
    assert NEEDS_SYNTAX.version not in (QUOTE_SYNTAX.version, STANCE_SENTENCES.version)


def test_a_bad_stance_file_names_the_file_and_line(tmp_path):
    good = load_stance_cues()
    assert "condemn" in good["oppose_verbs"]
    text = (tmp_path / "ok.yaml")
    from analysis.extract.stance import DEFAULT_STANCE_PATH

    source = DEFAULT_STANCE_PATH.read_text(encoding="utf-8")
    text.write_text(source + "\nunknown_list: a b\n", encoding="utf-8")
    with pytest.raises(StanceDataError) as caught:
        load_stance_cues(text)
    line = source.count("\n") + 2
    assert str(caught.value) == f"{text}:{line}: unknown list 'unknown_list'"
    text.write_text(source.replace("oppose_verbs: >-", "oppose_verbs:\n  nested: [1]\nold_oppose: >-"), encoding="utf-8")
    with pytest.raises(StanceDataError, match=r":\d+: "):
        load_stance_cues(text)
    text.write_text("support_verbs: [a\n", encoding="utf-8")
    with pytest.raises(StanceDataError, match=r"^.*:2: not valid YAML"):
        load_stance_cues(text)


def test_frame_polarity_is_validated():
    base = {"id": "sanctions", "label": "S", "definition": "d", "patterns": ["sanction*"]}
    lexicon = FrameLexicon.from_dict({"frames": [{**base, "polarity": {"oppose": ["illegal sanctions"]}}]})
    assert lexicon["sanctions"].polarity == (("illegal sanctions", "lower", "oppose"),)
    assert ("illegal sanctions", "lower") in lexicon["sanctions"].patterns  # a mention like any pattern
    with pytest.raises(LexiconError, match="polarity must be one of"):
        FrameLexicon.from_dict({"frames": [{**base, "polarity": {"against": ["x"]}}]})
    plain = FrameLexicon.from_dict({"frames": [base]})
    assert "polarity" not in plain["sanctions"].to_dict()  # lexicons without it keep their version


@pytest.mark.parametrize("text, mention", [
    ("Our government put dialogue at the heart of its foreign policy.", "dialogue"),
    ("We placed negotiations at the centre of our efforts.", "negotiations"),
])
def test_putting_the_frame_at_the_centre_supports_it(nlp, text, mention):
    assert stance_of(nlp, text, mention)[0] == "support"


def test_relations_based_on_the_frame_support_it(nlp):
    assert stance_of(nlp, "We build relations based on mutual respect.", "mutual respect")[0] == "support"


def test_a_frame_verb_under_a_modal_is_a_demand(nlp):
    assert stance_of(nlp, "Those responsible must be held accountable and sanctioned.", "sanctioned") == \
        ("support", "demand")


def test_a_negated_threat_opposes_the_threat_frame(nlp):
    assert stance_of(nlp, "Our exercises pose no threat to anyone.", "threat")[0] == "oppose"
    assert stance_of(nlp, "Terrorism remains a threat to the region.", "threat")[0] == "support"


def test_the_parse_follows_the_lexicon_in_use(tmp_path):
    """A corpus read with its own lexicon gets the tree where *its* frames are mentioned:
    the packaged selector ignores "tariffs", a lexicon with a tariffs frame does not."""
    from analysis.extract.document import syntax_selector

    path = tmp_path / "frames.yaml"
    path.write_text("frames:\n  - id: tariffs\n    label: Tariffs\n    patterns:\n      - tariff*\n",
                    encoding="utf-8")
    own = syntax_selector(load_lexicon(path))
    assert syntax_selector() is NEEDS_SYNTAX
    # ("lift": a stance cue that is no quote cue; "We oppose ..." goes to the parser for the quote finder)
    assert not NEEDS_SYNTAX("We will lift the tariffs.")
    assert own("We will lift the tariffs.") and own("Tariffs are unacceptable.")
    assert not own("Tariffs rose in May.")  # a frame mention but no stance cue or negation
    assert own("He said so.")  # the quote finder's sentences are still parsed
    assert own.version != NEEDS_SYNTAX.version  # the parse cache keeps the two apart
