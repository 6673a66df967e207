"""The word lists of the quote finder, loaded once from ``analysis/data/quotes/*.yaml``.

Every list the stages read English with lives in a data file with a comment saying what
it is for: speech cues (``cues.yaml``), title, document and speaker nouns
(``nouns.yaml``), role nouns and office words (``roles.yaml``), the register's persons'
gender and offices (``persons.yaml``), function words and tags (``grammar.yaml``) and
transcript labels (``transcripts.yaml``). Here they become module constants (frozensets
and read-only mappings) so that a rule reads ``t.lower in SPEAKER_NOUNS``, and the files
are parsed once per process (:func:`load_quote_data` is cached).

A word list is written in its file as words separated by white space (as one would type
them) or, when it holds punctuation or phrases, as a YAML list. A file that is not valid
YAML, or lacks a list, or holds a list of the wrong shape, raises one
:class:`QuoteDataError` naming the file (and the line, for YAML errors) when the package
is imported, so an edit that breaks a list never runs silently.

>>> CUE_FORMS["said"], CUE_FORMS["emphasizes"], CUE_FORMS["pointing"]
('say', 'emphasize', 'point')
>>> sorted(DEFAULT_PERSONS["zakharova"][1]), DEFAULT_PERSONS["zakharova"][0]
(['diplomat', 'spokesperson'], 'f')
>>> ROLE_NOUNS["spokeswoman"], "officials" in SPEAKER_NOUNS
(('spokesperson', 'f'), True)
>>> COGNITION_FORMS["believes"], NAMING_FORMS["dubbed"]
('believe', 'dub')
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

from analysis.text import WordListError, load_word_lists, word_set

__all__ = [
    "QUOTE_DATA_DIR", "QuoteDataError", "load_quote_data", "word_set", "verb_forms",
    # cues.yaml
    "CUE_LEMMAS", "NP_CUE_LEMMAS", "STANCE_CUE_LEMMAS", "IRREGULAR_FORMS", "CUE_FORMS", "NOUN_CUES", "OBJECT_NOUN_CUES", "NOUN_CUE_PREPOSITIONS",
    "COGNITION_LEMMAS", "MENTAL_STATE_LEMMAS", "COGNITION_FORMS", "INTENT_LEMMAS", "INTENT_COGNITION_LEMMAS", "INTENT_FORMS", "INTENT_PREPOSITIONS", "QUESTION_CUE_LEMMAS", "QUESTION_CONJUNCTIONS", "NAMING_LEMMAS", "NAMING_FORMS", "REPORT_PREPOSITIONS", "AS_REPORT_LEMMAS", "EVIDENCE_LEMMAS", "EVIDENCE_FORMS",
    "SOURCE_NOUNS",
    "RECIPIENT_CUE_LEMMAS", "SPEAKER_SUBJECT_LEMMAS", "ASPECT_VERBS", "PARTICIPLE_OPENERS", "NON_CUE_BEFORE",
    "COORDINATORS", "SOURCE_PREPOSITIONS", "NON_CLAUSE_STARTS",
    # nouns.yaml
    "TITLE_NOUNS", "DOCUMENT_NOUNS", "SPEAKER_NOUNS", "GROUP_WORDS", "PLURAL_PERSON_NOUNS", "PLURAL_STATE_TYPES",
    "SELF_REFERENCE_NOUNS", "names_the_speaking_state",
    "PERSON_NOUN_ENDINGS", "NON_PERSON_NOUN_ENDINGS", "PARTITIVE_HEADS", "NEGATIVE_DETERMINERS",
    # roles.yaml
    "ROLE_NOUNS", "ROLE_COVERS", "OFFICE_WORDS", "OFFICE_IDS",
    # persons.yaml
    "DEFAULT_PERSONS", "PERSON_ACTOR_TYPES", "ENTITY_ACTOR_TYPES",
    # grammar.yaml
    "SUBJECT_PRONOUNS", "OBJECT_PRONOUNS", "PRONOUN_GENDER", "POSSESSIVE_PRONOUNS", "FIRST_PERSON", "SECOND_PERSON", "FIRST_PERSON_POSSESSIVE", "SECOND_PERSON_POSSESSIVE", "INDEFINITE_PRONOUNS",
    "BE_FORMS", "HAVE_FORMS", "AUX_SKIP", "NEGATIONS", "NP_POS", "NP_TAGS", "NP_INNER",
    "RELATIVE_WORDS_LEFT", "RELATIVE_WORDS_RIGHT", "ARTICLES", "QUESTION_OPENERS", "INDEFINITE_DETERMINERS",
    "PAIR_WORDS", "POSSESSIVE_ENDINGS", "ROLE_PHRASE_SKIP", "ROLE_COMPLEMENT_PREPOSITIONS", "TITLE_POS", "TITLE_TAGS", "TITLE_INNER_WORDS", "TITLE_STOPS",
    "CLAUSE_STOPS", "SUBJECT_START_TAGS", "FINITE_TAGS", "PARENTHETICAL_STOPS", "LIST_JOINERS",
    "SUBJECT_CONJUNCTIONS", "OFFICE_JOINERS", "DOCUMENT_HEAD_STOPS", "ATTRIBUTION_DASHES",
    # transcripts.yaml
    "ANONYMOUS_LABELS", "LABEL_ORG_WORDS", "NAME_PARTICLES", "NON_ACTOR_VOICES",
    "UNQUOTED_PARAGRAPH_ROLES",
]

#: Folder of the quote finder's data files.
QUOTE_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "quotes"

class QuoteDataError(WordListError):
    """A data file of the quote finder that cannot be read as the lists it must hold."""


def _data_path(name: str) -> Path:
    return QUOTE_DATA_DIR / f"{name}.yaml"


@lru_cache(maxsize=None)
def load_quote_data(name: str) -> Mapping[str, Any]:
    """The parsed data file ``analysis/data/quotes/<name>.yaml`` (parsed once).

    A file that cannot be read, is not valid YAML or is not a mapping raises
    :class:`QuoteDataError` naming it.

    >>> sorted(load_quote_data("cues"))[:3]
    ['as_report_lemmas', 'aspect_verbs', 'cognition_lemmas']
    """
    return load_word_lists(_data_path(name), QuoteDataError)


def _entry(name: str, key: str) -> Any:
    """The entry ``key`` of data file ``name`` (a :class:`QuoteDataError` if it is missing)."""
    data = load_quote_data(name)
    if data.get(key) is None:
        raise QuoteDataError(_data_path(name), f"missing the list {key!r}")
    return data[key]


def _words(name: str, key: str) -> frozenset[str]:
    entry = _entry(name, key)
    try:
        return word_set(entry, key)
    except ValueError as exc:
        raise QuoteDataError(_data_path(name), str(exc)) from None


def _mapping(name: str, key: str, build: Callable[[Any], Any]) -> Any:
    """``build(entry)`` for a structured entry; a shape error names the file and the list."""
    entry = _entry(name, key)
    try:
        return build(entry)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise QuoteDataError(_data_path(name), f"{key!r} is malformed: {type(exc).__name__}: {exc}") from None


# --------------------------------------------------------------------------- cues.yaml

#: Speech-act verbs that introduce quotations and reported speech (lemmas).
#: Verbs of taking a stance ("backed the plan"): speech cues reporting their object.
STANCE_CUE_LEMMAS = _words("cues", "stance_cue_lemmas")
CUE_LEMMAS = _words("cues", "cue_lemmas") | STANCE_CUE_LEMMAS
#: Cue verbs that may report a point made with a plain noun phrase ("X stressed the need").
NP_CUE_LEMMAS = _words("cues", "np_cue_lemmas") | STANCE_CUE_LEMMAS
#: Every form of the cue verbs the regular rule of :func:`verb_forms` gets wrong.
IRREGULAR_FORMS: Mapping[str, tuple[str, ...]] = _mapping("cues", "irregular_forms", lambda entry: MappingProxyType(
    {str(lemma): tuple(str(form) for form in forms) for lemma, forms in entry.items()}))


def verb_forms(lemma: str) -> tuple[str, ...]:
    """Inflected forms of a regular English verb (enough for the cue list).

    >>> verb_forms("deny"), verb_forms("stress"), verb_forms("say")
    (('deny', 'denies', 'denied', 'denying'), ('stress', 'stresses', 'stressed', 'stressing'), ('say', 'says', 'said', 'saying'))
    """
    if lemma in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[lemma]
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    return lemma, third, past, ing


#: Every inflected form of a cue verb -> its lemma (no form belongs to two lemmas).
CUE_FORMS: Mapping[str, str] = MappingProxyType(
    {form: lemma for lemma in CUE_LEMMAS for form in verb_forms(lemma)})
def _require_subset(name: str, words: frozenset[str], of_name: str, of_words: frozenset[str]) -> None:
    """Stop with the data file's name when the list ``name`` holds words that ``of_name`` lacks."""
    if not words <= of_words:
        raise QuoteDataError(_data_path("cues"), f"'{name}' holds words that are no {of_name}: "
                             + " ".join(sorted(words - of_words)))


def _forms(lemmas: frozenset[str]) -> Mapping[str, str]:
    """Every form of each verb of ``lemmas`` -> its lemma."""
    return MappingProxyType({form: lemma for lemma in lemmas for form in verb_forms(lemma)})


#: Cue verbs whose "if"/"whether" clause is what was asked ("asked the students if ...").
QUESTION_CUE_LEMMAS = _words("cues", "question_cue_lemmas")
#: The words that open such a clause.
QUESTION_CONJUNCTIONS = _words("cues", "question_conjunctions")
#: Nouns that cue reported speech: "the words of X that ...", "X's statement that ...".
NOUN_CUES = _words("cues", "noun_cues")
#: Cue nouns whose prepositional object is what they report ("his criticism of the plan").
OBJECT_NOUN_CUES = _words("cues", "object_noun_cues")
_require_subset("object_noun_cues", OBJECT_NOUN_CUES, "noun_cues", NOUN_CUES)
#: Prepositions whose object is what a possessed cue noun reports ("his criticism of the plan").
NOUN_CUE_PREPOSITIONS = _words("cues", "noun_cue_prepositions")
#: Cognition verbs: what a speaker believes, wants or fears (``kind`` = belief).
COGNITION_LEMMAS = _words("cues", "cognition_lemmas")
#: Cognition verbs of a mental state only people have ("many researchers believe").
MENTAL_STATE_LEMMAS = _words("cues", "mental_state_lemmas")
_require_subset("mental_state_lemmas", MENTAL_STATE_LEMMAS, "cognition_lemmas", COGNITION_LEMMAS)
#: Every form of a cognition verb -> its lemma.
COGNITION_FORMS = _forms(COGNITION_LEMMAS)
#: Verbs of intent: cues only with an infinitive, held by any actor (``kind`` = belief).
INTENT_LEMMAS = _words("cues", "intent_lemmas")
#: Verbs of intent that report what follows these prepositions ("voted against the levy").
INTENT_PREPOSITIONS: Mapping[str, frozenset[str]] = _mapping("cues", "intent_prepositions", lambda entry: MappingProxyType(
    {str(verb): frozenset(str(entry[verb]).split()) for verb in entry}))
#: Cognition verbs that state an intent with an infinitive ("the group plans to run ads").
INTENT_COGNITION_LEMMAS = _words("cues", "intent_cognition_lemmas")
_require_subset("intent_cognition_lemmas", INTENT_COGNITION_LEMMAS, "cognition_lemmas", COGNITION_LEMMAS)
#: Every form of an intent verb -> its lemma.
INTENT_FORMS = _forms(INTENT_LEMMAS)
#: Naming verbs: cues only with a quoted complement ("called the vote 'a great day'": mixed).
NAMING_LEMMAS = _words("cues", "naming_lemmas")
#: Every form of a naming verb -> its lemma.
NAMING_FORMS = _forms(NAMING_LEMMAS)
#: Naming verbs that report what follows these prepositions ("called for talks", "spoke of a new era").
REPORT_PREPOSITIONS: Mapping[str, frozenset[str]] = _mapping("cues", "report_prepositions", lambda entry: MappingProxyType(
    {str(verb): frozenset(str(entry[verb]).split()) for verb in entry}))
#: Naming verbs that report a characterisation with "as" ("described the plan as reckless").
AS_REPORT_LEMMAS = _words("cues", "as_report_lemmas")
#: Evidence verbs: what a document or data shows ("a poll showed ...": ``according_to``).
EVIDENCE_LEMMAS = _words("cues", "evidence_lemmas")
#: Every form of an evidence verb -> its lemma.
EVIDENCE_FORMS = _forms(EVIDENCE_LEMMAS)
#: Heads of "according to" sources that are documents or data, not speakers (``according_to``).
SOURCE_NOUNS = _words("cues", "source_nouns")
#: Speech verbs whose every nominal subject is a speaker ("the farmers said", "12 said").
SPEAKER_SUBJECT_LEMMAS = _words("cues", "speaker_subject_lemmas")
if not SPEAKER_SUBJECT_LEMMAS <= CUE_LEMMAS:
    # A verb listed here but not among the cues would silently never apply.
    raise QuoteDataError(_data_path("cues"), "'speaker_subject_lemmas' holds verbs that are no cue_lemmas: "
                         + " ".join(sorted(SPEAKER_SUBJECT_LEMMAS - CUE_LEMMAS)))
#: Cue verbs whose recipient may stand before what is reported ("told reporters that").
RECIPIENT_CUE_LEMMAS = _words("cues", "recipient_cue_lemmas")
#: Aspect verbs before a cue participle ("continues saying").
ASPECT_VERBS = _words("cues", "aspect_verbs")
#: Words before a participle cue that make it an adjunct (", saying", "while stressing").
PARTICIPLE_OPENERS = _words("cues", "participle_openers")
#: Words before a cue verb that make it no cue ("to say", "worth recalling").
NON_CUE_BEFORE = _words("cues", "non_cue_before")
#: Conjunctions before a coordinated cue verb ("..., and emphasizes that").
COORDINATORS = _words("cues", "coordinators")
#: Prepositions opening a document phrase before an agentless passive cue ("In the statement").
SOURCE_PREPOSITIONS = _words("cues", "source_prepositions")
#: Words after a cue that start no reported clause ("announced this").
NON_CLAUSE_STARTS = _words("cues", "non_clause_starts")

# --------------------------------------------------------------------------- nouns.yaml

#: Nouns that make a following quoted span a title, term or mentioned word, not a quote.
TITLE_NOUNS = _words("nouns", "title_nouns")
#: Nouns for documents and speech events: "the joint statement of ... said", "In his speech".
DOCUMENT_NOUNS = _words("nouns", "document_nouns")
#: Heads of noun phrases that can be unnamed speakers ("officials said that ...").
SPEAKER_NOUNS = _words("nouns", "speaker_nouns")
#: Heads of subjects that count people ("some said", "one firm says", "12 percent say").
GROUP_WORDS = _words("nouns", "group_words")
#: Plural nouns after "two"/"both" that mean persons ("both leaders").
PLURAL_PERSON_NOUNS = _words("nouns", "plural_person_nouns")
#: A speech's common nouns for the state that speaks ("The Kingdom will ...").
SELF_REFERENCE_NOUNS = _words("nouns", "self_reference_nouns")


def names_the_speaking_state(phrase: str) -> bool:
    """``phrase`` (lower case) is a speech's common noun for its own state: "the kingdom",
    "this republic" (:data:`SELF_REFERENCE_NOUNS` after a determiner or "our"/"my").

    >>> names_the_speaking_state("the kingdom"), names_the_speaking_state("the kingdom of spain")
    (True, False)
    """
    nouns = [w for w in phrase.split() if w not in ("the", "this", "my", "our")]
    return bool(nouns) and all(w in SELF_REFERENCE_NOUNS for w in nouns)
#: Actor types "the two powers/countries" may refer to.
PLURAL_STATE_TYPES = _words("nouns", "plural_state_types")
#: Endings of agent and member nouns: a plural head with one names people ("voters").
PERSON_NOUN_ENDINGS = tuple(sorted(_words("nouns", "person_noun_endings")))
#: ... unless it ends with one of these ("comments").
NON_PERSON_NOUN_ENDINGS = tuple(sorted(_words("nouns", "non_person_noun_endings")))
#: Partitive heads whose "of"/"in" object is the speaking group ("54 percent of voters").
PARTITIVE_HEADS = _words("nouns", "partitive_heads")
#: Words that negate a subject ("no voters", "none of the residents").
NEGATIVE_DETERMINERS = _words("nouns", "negative_determiners")

# --------------------------------------------------------------------------- roles.yaml

#: Role nouns -> (role class, gender). Multiword roles are matched first.
ROLE_NOUNS: Mapping[str, tuple[str, str | None]] = _mapping("roles", "role_nouns", lambda entry: MappingProxyType(
    {str(noun): (str(role), None if gender is None else str(gender)) for noun, (role, gender) in entry.items()}))
#: A role in a subject phrase matches a person holding one of these roles.
ROLE_COVERS: Mapping[str, frozenset[str]] = _mapping("roles", "role_covers", lambda entry: MappingProxyType(
    {str(role): frozenset(str(c) for c in covered) for role, covered in entry.items()}))
#: Words of register office ids that give role classes (see ``office_roles``).
OFFICE_WORDS: Mapping[str, frozenset[str]] = _mapping("roles", "office_words", lambda entry: MappingProxyType(
    {str(role): word_set(words, str(role)) for role, words in entry.items()}))
#: Whole office ids with a fixed meaning.
OFFICE_IDS: Mapping[str, frozenset[str]] = _mapping("roles", "office_ids", lambda entry: MappingProxyType(
    {str(role): word_set(ids, str(role)) for role, ids in entry.items()}))

# --------------------------------------------------------------------------- persons.yaml

#: Persons of the actor register (ids are family names): (gender, role classes), used
#: when the register or the text does not say. Offices are those held in 2022-2026.
DEFAULT_PERSONS: Mapping[str, tuple[str, frozenset[str]]] = _mapping("persons", "default_persons", lambda entry: MappingProxyType({
    str(pid): (str(person["gender"]), word_set(person["roles"], str(pid)))
    for pid, person in entry.items()
}))
#: Values of ``actor_mentions.actor_type`` that mean a person.
PERSON_ACTOR_TYPES = _words("persons", "person_actor_types")
#: spaCy entity labels that stand in for actors -> the actor type they count as.
ENTITY_ACTOR_TYPES: Mapping[str, str] = _mapping(
    "persons", "entity_actor_types", lambda entry: MappingProxyType({str(k): str(v) for k, v in entry.items()}))

# --------------------------------------------------------------------------- grammar.yaml

SUBJECT_PRONOUNS = _words("grammar", "subject_pronouns")
OBJECT_PRONOUNS = _words("grammar", "object_pronouns")
PRONOUN_GENDER: Mapping[str, str] = _mapping(
    "grammar", "pronoun_gender", lambda entry: MappingProxyType({str(k): str(v) for k, v in entry.items()}))
#: Third-person possessives -> the subject pronoun that shares their antecedent ("his" -> "he").
POSSESSIVE_PRONOUNS: Mapping[str, str] = _mapping(
    "grammar", "possessive_pronouns", lambda entry: MappingProxyType({str(k): str(v) for k, v in entry.items()}))
FIRST_PERSON = _words("grammar", "first_person")
SECOND_PERSON = _words("grammar", "second_person")
FIRST_PERSON_POSSESSIVE = _words("grammar", "first_person_possessive")
SECOND_PERSON_POSSESSIVE = _words("grammar", "second_person_possessive")
INDEFINITE_PRONOUNS = _words("grammar", "indefinite_pronouns")
BE_FORMS = _words("grammar", "be_forms")
HAVE_FORMS = _words("grammar", "have_forms")
#: Skipped between a subject and its cue verb: be, have, auxiliaries and "also".
AUX_SKIP = BE_FORMS | HAVE_FORMS | _words("grammar", "auxiliaries")
NEGATIONS = _words("grammar", "negations")
NP_POS = _words("grammar", "np_pos")
NP_TAGS = _words("grammar", "np_tags")
NP_INNER = _words("grammar", "np_inner")
RELATIVE_WORDS_LEFT = _words("grammar", "relative_words_left")
RELATIVE_WORDS_RIGHT = _words("grammar", "relative_words_right")
ARTICLES = _words("grammar", "articles")
#: Auxiliaries that open a yes/no question ("Do you support X?").
QUESTION_OPENERS = _words("grammar", "question_openers")
INDEFINITE_DETERMINERS = _words("grammar", "indefinite_determiners")
PAIR_WORDS = _words("grammar", "pair_words")
#: Words left out of the id of an unnamed speaker by role ("a ministry spokesman" -> "ministry spokesman").
ROLE_PHRASE_SKIP = _words("grammar", "role_phrase_skip")
#: Prepositions after a role noun that open its complement ("ambassador to the UN").
ROLE_COMPLEMENT_PREPOSITIONS = _words("grammar", "role_complement_prepositions")
POSSESSIVE_ENDINGS = _words("grammar", "possessive_endings")
TITLE_POS = _words("grammar", "title_pos")
TITLE_TAGS = _words("grammar", "title_tags")
TITLE_INNER_WORDS = _words("grammar", "title_inner_words")
TITLE_STOPS = _words("grammar", "title_stops")
CLAUSE_STOPS = _words("grammar", "clause_stops")
SUBJECT_START_TAGS = _words("grammar", "subject_start_tags")
FINITE_TAGS = _words("grammar", "finite_tags")
PARENTHETICAL_STOPS = _words("grammar", "parenthetical_stops")
LIST_JOINERS = _words("grammar", "list_joiners")
SUBJECT_CONJUNCTIONS = _words("grammar", "subject_conjunctions")
OFFICE_JOINERS = _words("grammar", "office_joiners")
DOCUMENT_HEAD_STOPS = _words("grammar", "document_head_stops")
#: Dashes opening an attribution line under a quotation ("- Laura Whitfield.").
ATTRIBUTION_DASHES = _words("grammar", "attribution_dashes")

# --------------------------------------------------------------------------- transcripts.yaml

#: Transcript labels that name no one -> the speaker id they get.
ANONYMOUS_LABELS: Mapping[str, str] = _mapping(
    "transcripts", "anonymous_labels", lambda entry: MappingProxyType({str(k): str(v) for k, v in entry.items()}))
#: Words that head an office or organisation in a transcript label.
LABEL_ORG_WORDS = _words("transcripts", "label_org_words")
#: Lower-case particles inside personal names ("bin", "von", "de").
NAME_PARTICLES = _words("transcripts", "name_particles")
#: Manifest voices that are no actor ("reporter", "author", ...).
NON_ACTOR_VOICES = _words("transcripts", "non_actor_voices")
#: Paragraph roles searched for no quotations of their own.
UNQUOTED_PARAGRAPH_ROLES = _words("transcripts", "unquoted_paragraph_roles")
