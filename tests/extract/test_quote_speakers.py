"""Speaker constructions of issue 12 (third session), one test each, on invented sentences.

Like ``test_quote_constructions.py``: the real pipeline (selective parse, cues, speakers,
tables) runs on the texts below, and each test checks the row of one passage: its kind,
its speaker id and that ``document.text[speaker_start:speaker_end]`` is the mention of
the right subject phrase. The names and sentences are made up; none comes from PolNeAR or
another development set.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import Corpus, corpus_from_texts
from analysis.schema import is_missing

TEXTS = {
    # The outermost report holds the quotation: the inner clause's subject is not the speaker.
    "nested_belief": (
        "Harbour dispute\n\n"
        "Marta Kolar said she believes \"the harbour will be open again before the end of the summer.\"\n"
    ),
    "nested_speech": (
        "Farm subsidies\n\n"
        "Olaf Brenner said he told the farmers: \"Nobody will lose a single euro of support this year.\"\n"
    ),
    "nested_pronoun_object": (
        "Rail strike\n\n"
        "Ines Vidal says she would sit the union down and tell them \"no more strikes this winter\".\n"
    ),
    # A colon after a paragraph of its own, in a sentence nobody parses (no cue word).
    "colon_lead_name": (
        "Council meeting\n\n"
        "Mayor Karin Olsen spoke for twenty minutes.\n\n"
        "Olsen continued:\n\n"
        "\u201cWe will rebuild the bridge, and we will rebuild it in steel this time.\u201d\n"
    ),
    # A bracketed party tag between the name and the verb.
    "bracketed_tag": (
        "Senate vote\n\n"
        "Sen. Lena Hartwell (D-Ore.) said, \u201cThis bill will not pass without the farm vote.\u201d\n"
    ),
    "bracketed_tag_comma": (
        "House vote\n\n"
        "Rep. Tom Garrity (R-Ohio), said, \u201cWe have the votes and we will use them.\u201d\n"
    ),
    # Whoever issues the statement a participle hangs on speaks.
    "statement_issuer": (
        "Harbour fees\n\n"
        "The port authority released a statement on Monday saying the new fees "
        "\u201cwill be withdrawn within a month.\u201d\n"
    ),
    # A quoted part of a reported clause is the speaker's words (mixed): a predicate, and
    # one quoted word naming a quality alike.
    "mixed_predicate": (
        "Budget row\n\n"
        "Nora Lind said the finance minister \"misled parliament\" about the deficit.\n"
    ),
    "term_mark": (
        "Budget row\n\n"
        "Nora Lind said the budget was \"reckless\".\n"
    ),
    # "said he ..." after an apposed subject: "he" opens the reported clause, it is no
    # inverted subject ("..., said Y, a professor" ends its sentence).
    "apposed_subject_said_he": (
        "Dam protest\n\n"
        "Piet Aalders, a farmer from the valley who organised the protest, said he and his "
        "neighbours were worried about the new dam.\n"
    ),
    # A coordinated clause with its own subject ends the report ("..., but she gave ...").
    "coordinated_clause": (
        "Senate debate\n\n"
        "Greta Munk said both bills were \"dead on arrival,\" but she gave the sponsors some "
        "credit: \"They worked hard on this and it shows in every page of it.\"\n"
    ),
    # A quotation no cue introduces is the subject's of the verb it hangs on.
    "governing_verb": (
        "Primary result\n\n"
        "Lena Marsh credited her rival's win to \"a closed primary, where the independents "
        "of this state were not allowed to vote.\"\n"
    ),
    # A main clause after a subordinate one ends the subordinate cue's report.
    "subordinate_clause": (
        "Union talks\n\n"
        "After Eva Roth informed the board that she had resigned, Paul Stein wrote that the "
        "union would strike.\n"
    ),
    # An attribution line with a place after the name names the quotation above it.
    "attribution_line_place": (
        "Voices from the rally\n\n"
        "\"We came here because nobody in the capital listens to the farmers any more.\"\n\n"
        "- Carla Benz, Ohio.\n"
    ),
    # Verbs of verbal attack and defence report what was said of their object.
    "attack_verb": (
        "Tariff row\n\n"
        "Senator Ruth Calder slammed the new tariffs on steel during a radio interview.\n"
    ),
    # Groups and kinds of people no mention covers speak as ``unlinked:`` + the group's
    # head (a partitive's object, an agent noun, a noun a "who" clause describes); "they"
    # takes such a group of the sentence before; nobody stays without a speaker.
    "group_partitive": "Harbour poll\n\nIn the survey, 62 percent of fishermen said the new harbour fees were unfair.\n",
    "group_ratio": "Harbour poll\n\nIn the survey, 7 in 10 shopkeepers said the ferry should stay public.\n",
    "group_agent_noun": "Mine closure\n\nEnvironmentalists argued that the mine would poison the river for decades.\n",
    "group_who_clause": "Town hall\n\nThe people who attended the meeting said the mayor had ignored their questions.\n",
    "group_they": (
        "Mine protest\n\nEnvironmentalists gathered outside the ministry on Friday. "
        "They said the mine would poison the river.\n"
    ),
    "group_they_nobody": "Mine closure\n\nThe mine closed on Friday. They said the river would recover.\n",
    "group_nobody": "Town hall\n\nNobody said the mayor had ignored their questions.\n",
    "group_no_determiner": "Town hall\n\nNo residents said the mayor had ignored their questions.\n",
    "group_none_of": "Town hall\n\nNone of the residents said the mayor had ignored their questions.\n",
    # A plural noun no list holds whose singular is a role noun ("candidate").
    "group_role_lemma": "Harbour debate\n\nTwo presidential candidates said the harbour fees were unfair.\n",
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return corpus_from_texts(TEXTS)


@pytest.fixture(scope="module")
def quotes(corpus) -> pd.DataFrame:
    """The ``quotes`` table of every text above, from the real pipeline, no cache."""
    from analysis.tables.build import extract_corpus

    return extract_corpus(corpus, cache=False, n_process=1)["quotes"]


def row_for(quotes: pd.DataFrame, doc_id: str, passage: str, kind: str) -> pd.Series:
    """The one row of ``doc_id`` and ``kind`` whose content holds ``passage``."""
    rows = quotes[(quotes["doc_id"] == doc_id) & (quotes["kind"] == kind)
                  & quotes["text"].str.contains(passage, regex=False)]
    assert len(rows) == 1, (
        f"{len(rows)} {kind} rows hold {passage!r}; the rows of {doc_id}:\n"
        + quotes[quotes["doc_id"] == doc_id][["kind", "text", "speaker_id", "cue"]].to_string())
    return rows.iloc[0]


def mention(corpus, row: pd.Series) -> str:
    """The text of the row's speaker mention (it must have offsets)."""
    assert not is_missing(row["speaker_start"]), f"no speaker offsets: {row.to_dict()}"
    return corpus[row["doc_id"]].text[int(row["speaker_start"]):int(row["speaker_end"])]


@pytest.mark.parametrize("doc_id, passage, speaker_id, phrase", [
    pytest.param("nested_belief", "open again before the end", "unlinked:marta kolar", "Marta Kolar",
                 id="said-he-believes"),
    pytest.param("nested_speech", "lose a single euro", "unlinked:olaf brenner", "Olaf Brenner",
                 id="said-he-told"),
    pytest.param("nested_pronoun_object", "no more strikes", "unlinked:ines vidal", "Ines Vidal",
                 id="says-she-would-tell"),
])
def test_outermost_report_speaks_the_quotation(corpus, quotes, doc_id, passage, speaker_id, phrase):
    row = row_for(quotes, doc_id, passage, "direct")
    assert row["speaker_id"] == speaker_id
    assert mention(corpus, row) == phrase


def test_colon_paragraph_with_a_bare_name_introduces_the_next_quote(corpus, quotes):
    row = row_for(quotes, "colon_lead_name", "rebuild the bridge", "direct")
    assert row["speaker_id"] == "unlinked:karin olsen"
    assert mention(corpus, row) == "Olsen"


@pytest.mark.parametrize("doc_id, passage, speaker_id, name", [
    pytest.param("bracketed_tag", "without the farm vote", "unlinked:lena hartwell", "Lena Hartwell",
                 id="tag-said"),
    pytest.param("bracketed_tag_comma", "we will use them", "unlinked:tom garrity", "Tom Garrity",
                 id="tag-comma-said"),
])
def test_bracketed_party_tag_after_the_name(corpus, quotes, doc_id, passage, speaker_id, name):
    row = row_for(quotes, doc_id, passage, "direct")
    assert row["speaker_id"] == speaker_id
    # The mention is the name's phrase (the tag may stay in it), never the tag alone.
    text = mention(corpus, row)
    assert name in text and text.index(name) < text.find("(") if "(" in text else name in text


def test_issuer_of_a_statement_saying(corpus, quotes):
    row = row_for(quotes, "statement_issuer", "withdrawn within a month", "direct")
    assert mention(corpus, row) == "The port authority"


def test_quoted_predicate_or_single_word_in_a_clause_is_mixed(quotes):
    mixed = row_for(quotes, "mixed_predicate", "misled parliament", "mixed")
    assert mixed["speaker_id"] == "unlinked:nora lind"
    term = row_for(quotes, "term_mark", "reckless", "mixed")
    assert term["speaker_id"] == "unlinked:nora lind"


def test_apposed_subject_then_said_he_reports_the_clause(quotes):
    row = row_for(quotes, "apposed_subject_said_he", "were worried about the new dam", "indirect")
    assert row["speaker_id"] == "unlinked:piet aalders"
    assert row["text"].startswith("he and his neighbours")


def test_coordinated_clause_ends_the_report(corpus, quotes):
    report = row_for(quotes, "coordinated_clause", "both bills were", "mixed")
    assert "gave" not in report["text"] and not report["text"].rstrip(" ,\"").endswith("but")
    quote = row_for(quotes, "coordinated_clause", "worked hard on this", "direct")
    assert mention(corpus, quote) == "she"


def test_attack_verb_reports_its_object(quotes):
    row = row_for(quotes, "attack_verb", "the new tariffs on steel", "indirect")
    assert row["speaker_id"] == "unlinked:ruth calder"


def test_uncued_quotation_is_the_subject_of_its_governing_verb(corpus, quotes):
    row = row_for(quotes, "governing_verb", "a closed primary", "direct")
    assert row["speaker_id"] == "unlinked:lena marsh"
    assert mention(corpus, row) == "Lena Marsh"


def test_main_clause_ends_the_report_of_a_subordinate_cue(quotes):
    informed = row_for(quotes, "subordinate_clause", "she had resigned", "indirect")
    assert "Stein" not in informed["text"] and "strike" not in informed["text"]
    wrote = row_for(quotes, "subordinate_clause", "the union would strike", "indirect")
    assert wrote["speaker_id"] == "unlinked:paul stein"


def test_attribution_line_with_a_place(corpus, quotes):
    row = row_for(quotes, "attribution_line_place", "listens to the farmers", "direct")
    assert row["speaker_id"] == "unlinked:carla benz"
    assert "Ohio" not in mention(corpus, row)


@pytest.mark.parametrize("doc_id, passage, speaker_id", [
    pytest.param("group_partitive", "harbour fees were unfair", "unlinked:fishermen", id="percent-of"),
    pytest.param("group_ratio", "ferry should stay public", "unlinked:shopkeepers", id="n-in-10"),
    pytest.param("group_agent_noun", "poison the river for decades", "unlinked:environmentalists", id="agent-noun"),
    pytest.param("group_who_clause", "ignored their questions", "unlinked:people", id="who-clause"),
    pytest.param("group_they", "poison the river", "unlinked:environmentalists", id="they-group"),
])
def test_group_of_people_speaks(quotes, doc_id, passage, speaker_id):
    assert row_for(quotes, doc_id, passage, "indirect")["speaker_id"] == speaker_id


@pytest.mark.parametrize("doc_id, passage", [
    pytest.param("group_nobody", "ignored their questions", id="nobody"),
    pytest.param("group_no_determiner", "ignored their questions", id="no-residents"),
    pytest.param("group_none_of", "ignored their questions", id="none-of"),
    pytest.param("group_they_nobody", "river would recover", id="they-without-group"),
])
def test_nobody_is_no_speaker(quotes, doc_id, passage):
    assert is_missing(row_for(quotes, doc_id, passage, "indirect")["speaker_id"])


def test_plural_of_a_role_noun_speaks_as_a_group(quotes):
    """ "candidates" is in no word list; its lemma "candidate" is a role noun."""
    assert row_for(quotes, "group_role_lemma", "harbour fees were unfair", "indirect")["speaker_id"] \
        == "unlinked:presidential candidates"


class _EverySentence:
    version = "test-every-sentence/1"

    def __call__(self, text: str) -> bool:
        return True


class _AcceptAll:
    """A scorer that accepts every candidate of the learned stage: what it leaves without a
    row has no speaker (a row must say who)."""

    parse_forms = None

    def accepts(self, features, para, candidate) -> bool:
        return True


def _learned_rows(nlp, register, texts: dict[str, str]) -> dict[str, list[dict]]:
    from analysis.extract.actors import extract_actor_mentions
    from analysis.extract.quotes import extract_quotes
    from analysis.nlp import iter_parsed
    from analysis.schema import ACTOR_MENTION_COLUMNS

    out = {}
    for document, parsed in iter_parsed(corpus_from_texts(texts), nlp, cache=False, needs_syntax=_EverySentence()):
        actors = [{c: row.get(c) for c in ACTOR_MENTION_COLUMNS} for row in extract_actor_mentions(parsed, register)
                  if row.get("entity_kind", "actor") == "actor"]
        rows = extract_quotes(document, parsed, actors, register=register, attribution=_AcceptAll())
        out[document.doc_id] = [r for r in rows if r["method"] == "model"]
    return out


# The speakers of learned candidates: a possessive pronoun is whoever its subject pronoun
# would be ("his" -> "he", "their" -> "they", "its" -> "it"); a partitive's group may lie
# outside the subject's core ("54 percent" of "54 percent of the fishermen").
SPEAKER_TEXTS = {
    "his": "Bridge\n\nTomas Lind spoke to reporters on Monday. His claim that the bridge was safe surprised the engineers.\n",
    "their": ("Harbour\n\nSeveral fishermen met the minister on Friday. "
              "Their warning that the harbour would silt up was ignored.\n"),
    "its": ("Tariffs\n\nThe European Commission met on Monday. "
            "Its claim that the tariffs were legal was rejected by Beijing.\n"),
    "their_nobody": "Harbour\n\nThe harbour closed on Friday. Their warning that the river would flood was ignored.\n",
    "partitive_core": "Harbour poll\n\nIn the survey, 54 percent of the fishermen held a favourable view of the mayor.\n",
}


@pytest.fixture(scope="module")
def learned(nlp, register):
    return _learned_rows(nlp, register, SPEAKER_TEXTS)


def _learned_row(learned, doc_id: str, cue: str) -> dict:
    rows = [r for r in learned[doc_id] if r["cue"] == cue]
    assert len(rows) == 1, [(r["cue"], r["text"], r["speaker_id"]) for r in learned[doc_id]]
    return rows[0]


@pytest.mark.parametrize("doc_id, cue, content, speaker_id, mention_text", [
    pytest.param("his", "claim", "the bridge was safe", "unlinked:tomas lind", "His", id="his"),
    pytest.param("their", "warning", "the harbour would silt up", "unlinked:fishermen", "Their", id="their"),
    pytest.param("partitive_core", "held", "a favourable view of the mayor", "unlinked:fishermen",
                 "54 percent of the fishermen", id="partitive-core"),
])
def test_possessive_pronoun_and_partitive_speakers(learned, doc_id, cue, content, speaker_id, mention_text):
    row = _learned_row(learned, doc_id, cue)
    text = SPEAKER_TEXTS[doc_id]
    assert (row["text"], row["speaker_id"]) == (content, speaker_id)
    assert text[int(row["speaker_start"]):int(row["speaker_end"])] == mention_text


def test_its_is_the_organisation_before_it(learned):
    met = _learned_row(learned, "its", "met")
    claim = _learned_row(learned, "its", "claim")
    assert claim["speaker_id"] == met["speaker_id"] and not is_missing(claim["speaker_id"])
    assert claim["speaker_text"] == "Its"


def test_their_without_a_group_before_it_gives_no_row(learned):
    assert not [r for r in learned["their_nobody"] if r["cue"] == "warning"]


def test_a_speech_naming_its_own_state_by_a_common_noun_speaks_as_its_voice():
    """"The Kingdom" in Saudi Arabia's speech is the speaking state, not an unknown place;
    the same words in a news story (no speech) stay what the text names."""
    from analysis.tables.build import extract_corpus

    text = "Regional security\n\nThe Kingdom stressed that it will never abandon the people of Yemen.\n"
    speech = corpus_from_texts({"s": text}, {"s": {"voice": "SAU", "kind": "speech"}})
    assert row_for(extract_corpus(speech, cache=False, n_process=1)["quotes"], "s", "abandon the people",
                   "indirect")["speaker_id"] == "SAU"
    news = corpus_from_texts({"n": text}, {"n": {"voice": "reporter"}})
    assert row_for(extract_corpus(news, cache=False, n_process=1)["quotes"], "n", "abandon the people",
                   "indirect")["speaker_id"] != "SAU"
