"""Statements: who takes which position (support / oppose / neutral) on which frame.

A *statement*, as the Discourse Network Analyzer codes them by hand, is an actor, a
concept and a qualifier placed in a document. :func:`extract_statements` codes them
automatically, one row per frame mention and holder (:data:`analysis.schema.STATEMENT_COLUMNS`),
with the words that carry the stance (``cue``), the rule (``method``) and a ``confidence``.

**Who holds the position.** The speaker of the quotation or reported clause the mention
is in (``actor_role`` ``speaker``, from the speaker spans of :mod:`analysis.extract.quotes`);
else, in the document's own narration, its voice (the manifest's ``voice``: ``voice`` when
it is an actor of the register, ``narrator`` when it is not, as a news story's ``reporter``;
the turn's speaker in a transcript: ``speaker``); and the subject of the stance verb when
the sentence reports someone else's position ("Western capitals rejected the proposal":
``reported``), also through a verb of saying or believing ("the West believed that the
architecture should be NATO-centric"), a noun of position ("NATO's position is that ...")
or a pronoun ("he rejected ...": the nearest person named before it in the paragraph).
"We", "our country", "my Government" are the speaker; a demand ("all states must ...") is
the speaker's whoever its subject. A joint speaker ("CHN;RUS") or a subject of several
actors ("China and Russia reject ...") gives one row per actor.

**The stance, from syntax and polarity.** Not from a list of negative words: a cue counts
only where the dependency parse links it to the frame mention. From the mention's head
the rules climb the tree to the predicates that govern it, up to a clause boundary:

* verbs, nouns and adjectives of support and opposition with the frame as object or
  complement ("we *support* dialogue", "the *lifting of* sanctions", "*committed to*
  dialogue", "*illegal* sanctions", "sanctions are *counterproductive*");
* a *violation* of the frame supports it, reported or condemned ("Russia *violated*
  Ukraine's sovereignty", "we condemn *attacks on* territorial integrity");
* "*no alternative to* X" and "X is *the only way*" support X;
* settling something *through* the frame supports it ("resolve disputes through dialogue",
  "serve the region *by way of* diplomacy");
* a *change* of the frame under a cue is against it as it is ("we called for *amendments
  to* the sanctions regime"; alone, "the reform of the architecture is pending", none);
* concluding what a demand or a readiness above asks for supports it ("both sides should
  seize the opportunity to *conclude* an agreement of mutual recognition");
* coordinated verbs: a conjunct with a subject or an object of its own keeps its own cue
  ("we do not accept the blockade and demand dialogue": no "not" on the demand), and a
  noun the parse joined to an earlier object over an objectless coordinated verb is that
  verb's object ("abandon the practice ... and maintain, as we do, a policy of sovereignty");
* what the frame does as subject ("sanctions *hurt* the poor": against them), and harm
  done by it ("the *devastating consequences of* the blockade");
* carrying the frame out ("Norway *hosted* the talks", "the EU *imposed* sanctions"),
  a demand on it ("assurances *should be given*"), "*give* diplomacy *a chance*";
* nouns and particle verbs of reversal ("a call for the *roll-back* of sanctions", "a
  *suspension or lifting* of the embargo", "*roll back* the sanctions") and privatives
  ("a future *free from* sanctions", "a world *without* embargoes"; "no peace *without*
  dialogue" is for it) are against the frame; a *pretext* turns round what it is for
  ("a pretext to lift sanctions" is for them);
* a negation on the path turns the stance round ("we do *not* support sanctions",
  "there is *no* justification for sanctions", "we accept *neither* sanctions nor ...";
  "*not only* ... but also" is none);
* the speaker's own judgement wins: an evaluative adjective on the frame noun over the
  act the verbs describe ("imposing more *unjust* blockades", "*neither* the *illegal*
  blockade nor ..."), a judging sentence adverb over a reported act ("*Regrettably*, the
  embargo is being tightened"); a reported actor keeps the position of its act;
* presenting something *as* the frame holds it ("framing the guarantees *as* a mutual
  endeavor");
* a *perception* frame (``perception_frames``: threat_perception) is held by whoever
  presents something as a threat, fighting it included ("we must *counter* these
  threats"); only denying it opposes ("poses *no* threat", "*imaginary* threats",
  "*underestimate* the threat");
* a coercive measure (``coercion_frames``: sanctions) shown as done to someone by someone
  else ("the embargo *imposed on* Cuba", "the blockade *against* the island") is against
  it, when nothing else decides and the speaker neither imposes nor demands it;
* a valued role given to the frame ("an *important role in* negotiating the treaty",
  "diplomacy is an *integral part of* our policy") and the table of a meeting ("bring the
  parties *to the negotiating table*"; "walk away *from* it" is against) are for it;
* a mention whose pattern carries a polarity in the lexicon (``polarity:`` of a frame in
  ``frames.yaml``: "unilateral coercive measures") takes it when no predicate decides; a
  violation under "non-" is the principle ("*non-*interference in the internal affairs");
* a demand for an effort put into the frame ("we *should invest* more in dialogue", "it is
  *time for* negotiations") and an outcome to attain ("help us *achieve* a sovereign
  country": held by whoever sets the aim; not attaining it is a forecast) are for it; so is
  saying it of oneself ("*we are* a sovereign people"), the frame as the adjective of a valued
  noun ("their *sovereign right*", "*important* reciprocal agreements") and "*no better* way
  *than* through dialogue";
* a harm verb whose object is a harm is a benefit ("a framework that can *prevent* conflicts");
* who holds it: not the subject of a condition ("*if* Turkey will recognize ..."), the
  speaker when the subject is no actor ("the world needs ..."), the voice when a speech names
  its state by a common noun ("*The Kingdom* will ..."), the person something is said
  "according to";
* questions, mentions and reports without a position are ``neutral`` (method ``default``),
  but a negative polar question expects "yes" and reads as the assertion ("Should we
  *not* support dialogue?": method ``rhetorical_question``). A news story's report of what
  a named actor did about the frame without a position is that actor's, ``neutral``.

The cue words are in ``analysis/data/stance.yaml`` (:func:`load_stance_cues`). Sentences
without a parse (the pipeline parses only the sentences :data:`STANCE_SENTENCES` or the
quote finder pick) fall back to a window of tokens before and after the mention, with a
lower confidence.

>>> import spacy
>>> nlp = spacy.blank("en")  # no parse: the token window decides
>>> [(r.text, r.stance, r.method) for r in sentence_stances(nlp("We reject illegal sanctions."))]
[('illegal sanctions', 'oppose', 'oppose_verb')]
>>> STANCE_SENTENCES("We do not support sanctions."), STANCE_SENTENCES("The talks began.")
(True, False)
>>> STANCE_SENTENCES("We do not support it.")  # no frame mention: no parse needed for a stance
False
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import pandas as pd
import yaml

from analysis.corpus import Document, Sentence
from analysis.errors import InputError
from analysis.extract.quotes.words import names_the_speaking_state, verb_forms
from analysis.lexicon import FrameLexicon, default_lexicon, tokens_from_doc
from analysis.register import ActorRegister
from analysis.schema import STATEMENT_COLUMNS, UNLINKED_PREFIX, is_missing
from analysis.text import load_word_lists, read_utf8_file

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = [
    "DEFAULT_STANCE_PATH", "STANCES", "STANCE_SENTENCES", "StanceCues", "StanceDataError",
    "StanceReading", "StanceSentences", "extract_statements", "load_stance_cues",
    "sentence_stances", "statements_table",
]

DEFAULT_STANCE_PATH = Path(__file__).resolve().parents[1] / "data" / "stance.yaml"
#: The values of ``statements.stance``.
STANCES = ("support", "oppose", "neutral")

# Confidence of each kind of evidence: a cue the parse links to the mention, the same
# cue found only by its distance in the token window, and no cue at all.
TREE_CONFIDENCE = 0.8
WINDOW_CONFIDENCE = 0.55
DEFAULT_CONFIDENCE = 0.5
# How far the rules climb from the mention (dependency arcs), and how many tokens the
# window fallback looks at before and after it.
MAX_CLIMB = 8
WINDOW_BEFORE = 5
WINDOW_AFTER = 4

_WORD_LISTS = (
    "support_verbs", "oppose_verbs", "support_nouns", "oppose_nouns", "harm_nouns", "violation_verbs",
    "violation_nouns", "harm_verbs", "benefit_verbs", "support_adjectives", "oppose_adjectives",
    "oppose_prepositions", "alternative_nouns", "only_words", "only_nouns", "settling_verbs",
    "means_prepositions", "negations", "clause_boundaries", "question_marks", "first_person",
    "distancing_verbs", "modal_verbs", "settling_prepositions", "transparent_verbs", "third_person",
    "central_nouns", "effect_nouns", "harm_adjectives", "enact_verbs", "non_negating_followers",
    "perception_frames", "denial_adjectives", "perceiving_verbs", "negating_subjects",
    "position_nouns", "witnessing_verbs", "asserting_verbs", "downplaying_verbs",
    "reporting_verbs", "characterizing_verbs", "privative_prepositions", "pretext_nouns", "deploring_adverbs", "welcoming_adverbs",
    "change_nouns", "means_nouns", "concluding_verbs", "pursuing_verbs", "pursuing_nouns",
    "pursuing_adjectives", "conformity_nouns", "outcome_nouns", "oppose_predicate_nouns", "setting_nouns",
    "coercion_frames", "imposing_verbs", "target_prepositions", "role_nouns", "role_adjectives",
    "table_nouns", "table_prepositions", "off_table_prepositions", "topic_nouns",
    "averted_nouns", "moment_nouns", "attaining_verbs", "requesting_verbs", "refraining_verbs",
    "arrival_verbs", "arrival_words", "passing_words",
)
_PREPOSITION_MAPS = (
    "support_phrasal_verbs", "oppose_phrasal_verbs", "support_adjective_prepositions",
    "oppose_adjective_prepositions", "support_verb_objects", "oppose_particle_verbs", "enact_particle_verbs",
    "irregular_forms",
)
_COPULAS = frozenset({"be", "remain", "become", "seem", "appear", "prove"})


class StanceDataError(InputError, ValueError):
    """The stance cue file is invalid; the message names the file and the line."""


@dataclass(frozen=True)
class StanceCues:
    """The cue words of ``stance.yaml``: word lists (frozensets of lemmas) and
    ``{word: prepositions}`` maps; ``version`` hashes the content."""

    lists: Mapping[str, frozenset[str]]
    maps: Mapping[str, Mapping[str, frozenset[str]]]
    version: str

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists[name]

    def preps(self, name: str, word: str) -> frozenset[str]:
        """The prepositions ``word`` takes in the map ``name`` (empty if none)."""
        return self.maps[name].get(word, frozenset())

    def forms(self) -> frozenset[str]:
        """Every word form of every cue and negation (lower case), for :class:`StanceSentences`."""
        out: set[str] = set()
        irregular = self.maps["irregular_forms"]
        lemmas: set[str] = set()
        for name in _WORD_LISTS:
            # (a modal or "we" alone may decide: "we should invest in dialogue", "we are a
            # sovereign people"; with a frame mention required they cost little parse)
            if name not in ("clause_boundaries", "question_marks", "only_words",
                            "means_prepositions", "settling_prepositions", "transparent_verbs",
                            "third_person", "central_nouns", "effect_nouns", "non_negating_followers",
                            "perception_frames", "reporting_verbs", "characterizing_verbs", "witnessing_verbs", "asserting_verbs",
                            "means_nouns", "change_nouns", "concluding_verbs", "outcome_nouns",
                            "coercion_frames", "target_prepositions", "role_adjectives",
                            "table_prepositions", "off_table_prepositions", "topic_nouns",
                            "averted_nouns", "refraining_verbs", "arrival_words", "passing_words"):
                lemmas |= self[name]
        for name in _PREPOSITION_MAPS[:-1]:
            lemmas |= set(self.maps[name])
        for lemma in lemmas:
            out.update(verb_forms(lemma) if lemma.isalpha() and len(lemma) > 1 else (lemma,))
            out.update((lemma + "s", lemma + "es"))
            out.update(irregular.get(lemma, ()))
        # spaCy splits "cannot" and "don't": the selector sees the written words.
        out.update({"cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't"})
        return frozenset(out)


def _line_of_key(text: str, key: str) -> int | None:
    """The 1-based line of the top-level ``key`` in the YAML ``text`` (None if absent)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, _value in node.value:
        if key_node.value == key:
            return key_node.start_mark.line + 1
    return None


def _words(value: Any) -> frozenset[str] | None:
    if isinstance(value, str):
        return frozenset(word.lower() for word in value.split())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return frozenset(item.lower() for item in value)
    return None


def load_stance_cues(path: str | Path | None = None) -> StanceCues:
    """Load and validate the stance cue file (default: ``analysis/data/stance.yaml``).

    A file that is not valid YAML, lacks a list, holds an unknown key or a list of the
    wrong shape raises :class:`StanceDataError` naming the file and the line.

    >>> cues = load_stance_cues()
    >>> "reject" in cues["oppose_verbs"], sorted(cues.preps("support_phrasal_verbs", "call"))
    (True, ['for', 'on'])
    """
    path = Path(path) if path is not None else DEFAULT_STANCE_PATH
    data = load_word_lists(path, StanceDataError, what="stance cues")

    def line_of(key: str) -> int | None:  # only for a message: the file is read again
        return _line_of_key(read_utf8_file(path, "stance cues", StanceDataError), key)

    unknown = sorted(set(map(str, data)) - set(_WORD_LISTS) - set(_PREPOSITION_MAPS))
    if unknown:
        raise StanceDataError(path, f"unknown list {unknown[0]!r}", line=line_of(unknown[0]))
    lists: dict[str, frozenset[str]] = {}
    for name in _WORD_LISTS:
        if name not in data:
            raise StanceDataError(path, f"missing the list {name!r}")
        words = _words(data[name])
        if words is None or not words:
            raise StanceDataError(path, f"{name!r} must be words separated by spaces (or a list of words)",
                                  line=line_of(name))
        lists[name] = words
    maps: dict[str, dict[str, frozenset[str]]] = {}
    for name in _PREPOSITION_MAPS:
        raw = data.get(name)
        if raw is None:
            raise StanceDataError(path, f"missing the map {name!r}")
        if not isinstance(raw, dict) or not all(isinstance(k, str) and _words(v) for k, v in raw.items()):
            raise StanceDataError(path, f"{name!r} must map each word to words separated by spaces",
                                  line=line_of(name))
        maps[name] = {k.lower(): _words(v) or frozenset() for k, v in raw.items()}
    payload = json.dumps({"lists": {k: sorted(v) for k, v in lists.items()},
                          "maps": {k: {w: sorted(p) for w, p in m.items()} for k, m in maps.items()}},
                         sort_keys=True)
    return StanceCues(lists, maps, hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12])


@lru_cache(maxsize=1)
def _default_cues() -> StanceCues:
    return load_stance_cues()


# --------------------------------------------------------------------------- the selector


class StanceSentences:
    """A sentence needs the parse when it holds a form of a stance cue or a negation and,
    with a ``lexicon``, a mention of one of its frames (the stance rules read the tree
    only around frame mentions; without that condition the parser would read most
    sentences of a speech: "not", "need", "important" are everywhere).

    Callable on a sentence's text, with a ``version`` (a hash of the word forms and the
    lexicon's version), like :class:`analysis.extract.quotes.syntax.CueSentences`, so the
    two can be combined and the choice can be part of the parse cache's key.

    >>> StanceSentences(frozenset({"reject"}))("They rejected it.")
    False
    >>> StanceSentences(frozenset({"rejected"}))("They REJECTED it.")
    True
    >>> from analysis.lexicon import load_lexicon
    >>> framed = StanceSentences(frozenset({"rejected"}), load_lexicon())
    >>> framed("They rejected it."), framed("They rejected the sanctions.")
    (False, True)
    """

    def __init__(self, forms: frozenset[str], lexicon: FrameLexicon | None = None) -> None:
        self.forms = forms
        self.lexicon = lexicon
        digest = hashlib.sha256(b"stance-sentences/2")
        for word in sorted(forms):
            digest.update(word.encode("utf-8") + b"\x00")
        digest.update(b"lexicon:" + (lexicon.version.encode("utf-8") if lexicon is not None else b""))
        self.version = digest.hexdigest()[:12]

    def __call__(self, text: str) -> bool:
        lower = text.lower()
        if not any(word.strip(".,;:!?\"()[]\u201c\u201d\u2018\u2019") in self.forms for word in lower.split()):
            return False
        return self.lexicon is None or bool(self.lexicon.match_text(text))


#: The selector of the packaged cues (:func:`load_stance_cues`) and frames (``frames.yaml``);
#: :func:`stance_sentences` makes the one for another lexicon (``--lexicon``).
STANCE_SENTENCES = StanceSentences(_default_cues().forms(), default_lexicon())

_SELECTORS: dict[str, StanceSentences] = {}


def stance_sentences(lexicon: FrameLexicon | None = None) -> StanceSentences:
    """The selector for the packaged cues and ``lexicon`` (default: the packaged frames),
    made once per lexicon version: a corpus read with its own lexicon gets the parse on
    the sentences that mention *its* frames.

    >>> stance_sentences() is STANCE_SENTENCES
    True
    """
    if lexicon is None or lexicon.version == STANCE_SENTENCES.lexicon.version:
        return STANCE_SENTENCES
    if lexicon.version not in _SELECTORS:
        _SELECTORS[lexicon.version] = StanceSentences(_default_cues().forms(), lexicon)
    return _SELECTORS[lexicon.version]


# --------------------------------------------------------------------------- one sentence


@dataclass
class StanceReading:
    """The stance found on one frame mention of a sentence (offsets into the Doc's text).

    ``holder_span`` is the character range of the subject of the stance verb when that
    subject is not the speaker ("Western capitals rejected ..."), else None.
    """

    frame_id: str
    start: int
    end: int
    text: str
    stance: str = "neutral"
    method: str = "default"
    confidence: float = DEFAULT_CONFIDENCE
    cue_start: int | None = None
    cue_end: int | None = None
    holder_span: tuple[int, int] | None = None
    first_person_subject: bool = False
    # With a reported holder: the stance the reported actor takes, and what is left of it
    # for the speaker who reports it (usually nothing: ``neutral``).
    reported_stance: str | None = None
    speaker_stance: str | None = None
    speaker_method: str | None = None
    # The subject of the nearest verb above the mention that has one, or the possessor of
    # the noun cue ("Moscow's advocacy for ..."): who acts in the sentence, for a narrator
    # that takes no position of its own (see :func:`extract_statements`).
    agent_span: tuple[int, int] | None = None
    # With no stance: the head word of the subject of the nearest verb above the mention,
    # when the frame is not in that subject ("Zakharova did not delve into these
    # guarantees"): a narrator's report of what someone did about the frame.
    actor_head_span: tuple[int, int] | None = None
    # The holder comes from a verb of saying or believing ("the West believed that ..."),
    # not from the stance verb itself: a holder who is no actor leaves the speaker nothing.
    holder_reports: bool = False


def _lemma(token: "Token") -> str:
    return (token.lemma_ or token.text).lower()


# ``Doc.user_data`` key: token indices whose negation the rules skip (the "not" of a
# negative polar question, see :func:`_rhetorical_negation`).
_IGNORED_NEGATIONS = "stance_ignored_negations"


def _negations_of(token: "Token", cues: StanceCues) -> list["Token"]:
    """Negating dependents of ``token``: "not", "never", "no" (as determiner), "without";
    not a "not" after it that opens a contrast ("the problem, *not* the solution")."""
    if _lemma(token) in cues["refraining_verbs"] or (
            token.dep_ in ("dobj", "obj") and _lemma(token.head) in cues["refraining_verbs"]):
        return []  # "we will spare no effort", "we will not hesitate to": an affirmation
    return _negating_children(token, cues)


def _negating_children(token: "Token", cues: StanceCues) -> list["Token"]:
    """The negating dependents of ``token`` as written, whatever the word they negate
    (:func:`_negations_of` drops them where the negation affirms: "not hesitate to")."""
    out: list["Token"] = []
    ignored = token.doc.user_data.get(_IGNORED_NEGATIONS, ())
    for child in token.children:
        if _not_only(child, cues) or child.i in ignored:
            continue
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in cues["negating_subjects"]:
            out.append(child)  # "nobody supports the sanctions"
            continue
        if child.lower_ == "no" and _unrivalled(token):
            continue  # "there is no better way than through mutual respect": the best way
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod", "preconj", "cc") and child.lower_ in cues["negations"]
                                   and child.lower_ not in ("nor",)):
            if child.i > token.i and any(c.dep_ in ("appos", "conj") and c.i > child.i for c in token.children):
                continue  # "sanctions are the problem, not the solution": the "not" is the contrast's
            out.append(child)
    return out


def _unrivalled(noun: "Token") -> bool:
    """``noun`` has a comparative and a "than" ("no better way than X", "no other option
    than X", "no greater threat than X"): with "no" it says X is the best, not nothing."""
    comparative = any(c.dep_ == "amod" and (c.tag_ in ("JJR", "RBR") or c.lower_ == "other") for c in noun.children)
    return comparative and any(t.lower_ == "than" for t in noun.subtree)


def _not_only(token: "Token", cues: StanceCues) -> bool:
    """``token`` is the "not" of "not only ... but also" (or "not just", "not merely"), or
    the "no" of "no less": no negation."""
    doc = token.doc
    nxt = token.nbor(1) if token.i + 1 < len(doc) else None
    if token.lower_ not in ("not", "n't", "no") or nxt is None:
        return False
    if nxt.lower_ in cues["non_negating_followers"]:
        return True
    # The verb in between: "talks should not focus only on Ukraine, but also on guarantees".
    ahead = doc[token.i + 2:token.i + 4]
    return nxt.pos_ in ("VERB", "AUX") and any(t.lower_ in ("only", "just", "merely") for t in ahead) \
        and any(t.lower_ == "but" for t in doc[token.i + 2:])


def _mention_head(doc: "Doc", start: int, end: int) -> "Token | None":
    inside = [t for t in doc if start <= t.idx < end and not t.is_space]
    if not inside:
        return None
    for token in inside:
        if not (start <= token.head.idx < end) or token.head is token:
            return token
    return inside[-1]


@dataclass
class _Cue:
    token: "Token"
    sign: int  # +1 for the frame, -1 against it
    method: str
    violation: bool = False
    verb: "Token | None" = None  # the verb whose subject holds the position, if any
    change: bool = False  # a change of the frame ("amendments to the sanctions"): decides only under a cue


def _evaluative(token: "Token", cues: StanceCues) -> _Cue | None:
    """An evaluative adjective modifying ``token`` ("illegal sanctions")."""
    for child in token.children:
        if child.dep_ in ("amod", "acomp", "advmod") and child.pos_ in ("ADJ", "VERB"):
            lemma = _lemma(child)
            if lemma in cues["support_adjectives"]:
                return _Cue(child, +1, "evaluative_adjective")
            if lemma in cues["oppose_adjectives"]:
                return _Cue(child, -1, "evaluative_adjective")
    return None


def _only(token: "Token", cues: StanceCues) -> bool:
    """``token`` is "way"/"option"... modified by "only"/"sole" ("the only way")."""
    return _lemma(token) in cues["only_nouns"] and any(
        c.lower_ in cues["only_words"] for c in token.children if c.dep_ in ("amod", "advmod", "det", "nummod"))


def _copular_reading(verb: "Token", frame_child: "Token", cues: StanceCues) -> _Cue | None:
    """What a copula says of its subject, the frame: "sanctions are illegal", "dialogue
    is the only way", "dialogue is essential"; or of its attribute, the frame: "the only
    way is dialogue"."""
    for child in verb.children:
        if child is frame_child:
            continue
        if child.dep_ in ("acomp", "attr", "oprd", "nsubj"):
            lemma = _lemma(child)
            if child.dep_ != "nsubj" and lemma in cues["support_adjectives"]:
                return _Cue(child, +1, "evaluative_adjective")
            if child.dep_ != "nsubj" and lemma in cues["oppose_adjectives"]:
                return _Cue(child, -1, "evaluative_adjective")
            if _only(child, cues):
                return _Cue(child, +1, "no_alternative")
            if child.dep_ in ("attr", "acomp"):
                found = _evaluative(child, cues)  # "sanctions are an illegal tool"
                if found is not None:
                    return found
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                # "the embargo is an obstacle to development", "remains a cause of concern"
                named = [child] + [g for c in child.children if c.dep_ == "prep" and c.lower_ == "of"
                                   for g in c.children if g.dep_ == "pobj"]
                if any(_lemma(n) in cues["oppose_predicate_nouns"] for n in named):
                    return _Cue(child, -1, "evaluative_noun")
    return None


def _step(child: "Token", cues: StanceCues, head: "Token | None" = None,
          dep: str | None = None) -> tuple[_Cue | None, "Token | None"]:
    """The cue (if any) the head of ``child`` is for the frame below, and the token to
    climb to next (None: stop). ``head`` and ``dep`` replace the parse's arc where it is
    repaired (:func:`_stranded_verb`)."""
    head = child.head if head is None else head
    dep = child.dep_ if dep is None else dep
    if head is child:
        return None, None
    lemma = _lemma(head)
    # A clause of its own, except a clause as the subject of a copula ("establishing the
    # system has become imperative": what the copula says is said of the clause's object).
    if dep in cues["clause_boundaries"] and not (dep == "csubj" and lemma in _COPULAS):
        return None, None
    if dep == "advmod" and head.dep_ in ("amod", "acomp") and child.pos_ == "ADV":
        # "the mutually reinforcing pillars": the adverb describes; a cue above speaks of the noun
        return None, None
    if dep == "compound" and head.pos_ == "NOUN" and _noun_lemmas(head) & cues["oppose_nouns"]:
        return _Cue(head, -1, "oppose_noun"), head  # "sanctions relief", "embargo removal"
    if dep == "acl" and head.pos_ == "NOUN" and lemma in cues["pretext_nouns"]:
        return _Cue(head, -1, "pretext"), head  # "a pretext to lift sanctions": for the sanctions
    if dep == "compound" and head.pos_ == "NOUN" and _lemma(head) in cues["change_nouns"]:
        return _Cue(head, -1, "change_noun", change=True), head  # "a sanctions review"
    if dep == "compound" and head.pos_ == "NOUN" and _lemma(head) in cues["pursuing_nouns"]:
        # "we have exerted mediation efforts", "the EU's sanctions plan": pursuing the frame;
        # what is said of the efforts above ("rejected the mediation efforts") still counts.
        return _Cue(head, +1, "pursuit"), head
    if child.pos_ in ("NOUN", "PROPN") and dep in ("conj", "dobj") and child.head.i == head.i:
        stranded = _stranded_verb(child)
        if stranded is not None:  # "abandon the practice and maintain, as we do, a policy of sovereignty"
            # What the verb says decides: the verb it is joined to is the parse's guess
            # (in the example the negated "do not subordinate" of a relative clause).
            cue, nxt = _step(child, cues, head=stranded, dep="dobj")
            return cue, None if cue is not None else nxt
    if dep in ("conj", "appos", "compound", "amod", "nmod", "poss", "cc", "punct", "det"):
        return None, head
    if head.pos_ in ("VERB", "AUX"):
        if dep in ("dobj", "obj", "nsubjpass", "xcomp", "oprd", "dative", "attr") or (dep == "nsubj" and head.tag_ == "VBN"):
            if dep == "attr" and lemma in _COPULAS:
                return _copular_reading(head, child, cues), head
            if any(c.dep_ == "prt" and c.lower_ in cues.preps("oppose_particle_verbs", lemma) for c in head.children):
                return _Cue(head, -1, "oppose_verb", verb=head), head  # "roll back the sanctions"
            if dep in ("dobj", "obj") and any(c.dep_ == "prt" and c.lower_ in cues.preps("enact_particle_verbs", lemma)
                                              for c in head.children):
                return _Cue(head, +1, "enact", verb=head), head  # "the United States snapped back the sanctions"
            if lemma in cues["support_verbs"]:
                return _Cue(head, +1, "support_verb", verb=head), head
            if lemma in cues["attaining_verbs"]:
                # "help us achieve a sovereign Afghanistan", "until they regain their
                # sovereignty": an outcome presented as the aim; whoever attains it takes no
                # position, the speaker who sets it as the aim does (no holder verb).
                return _Cue(head, +1, "attain"), head
            if lemma in cues["oppose_verbs"]:
                if head.dep_ in ("ccomp", "xcomp", "oprd") and _lemma(head.head) in cues["witnessing_verbs"]:
                    # "we watched the system being dismantled": someone else's act, a violation
                    return _Cue(head, -1, "violation", violation=True), head
                return _Cue(head, -1, "oppose_verb", verb=head), head
            if lemma in cues["violation_verbs"]:
                # The violator is no holder: whoever reports the violation takes the position.
                return _Cue(head, -1, "violation", violation=True), head
            if dep in ("dobj", "obj", "nsubjpass") and (_puts_at_centre(head, cues) or _puts_at_centre(child, cues)):
                return _Cue(head, +1, "support_verb", verb=head), head
            if dep in ("dobj", "obj") and any(c.dep_ == "prep" and c.lower_ == "with" for c in head.children) \
                    and "with" in cues.preps("support_phrasal_verbs", lemma):
                return None, None  # "providing the Sanctions Committee with data": the recipient
            if dep in ("dobj", "obj") and lemma in cues["enact_verbs"] | cues["transparent_verbs"] | cues["concluding_verbs"] \
                    and _pursued(head, cues):
                # "the EU continues to coordinate sanctions", "efforts to convene the talks", "a
                # proposal to conclude agreements on guarantees": carried out by intent; the
                # climb goes on from the word of intent (its negation).
                return _Cue(head, +1, "enact", verb=_proposer(head, cues) or head), head.head
            if lemma in cues["transparent_verbs"] and dep != "nsubjpass" and head.dep_ in ("xcomp", "pcomp", "conj", "csubj"):
                return None, head  # "we need to equip ourselves with ...": the cue is above
            shared = _shared_governor(head, dep)
            if shared is not None:
                found = _verb_cue(shared, cues)
                if found is not None:
                    return found, shared
            if dep == "dative" and any(_lemma(c) in cues.preps("support_verb_objects", lemma)
                                       for c in head.children if c.dep_ == "dobj"):
                return _Cue(head, +1, "support_verb", verb=head), head  # "give diplomacy a chance"
            # "Cameroon has led a national dialogue"; a passive without a demand ("we see that
            # the embargo is being tightened") describes someone else's act: no position.
            if lemma in cues["enact_verbs"] and dep in ("dobj", "obj") and \
                    head.dep_ not in ("xcomp", "pcomp", "acl", "amod", "relcl", "advcl"):
                return _Cue(head, +1, "enact", verb=head), head
            if dep in ("dobj", "obj", "nsubjpass") and _has_modal(head, cues):
                return _Cue(head, +1, "demand", verb=head), head  # "assurances should be given"
            if dep in ("dobj", "obj") and lemma in cues["concluding_verbs"] | cues["enact_verbs"] and _demanded_above(head, cues):
                # "both sides should seize the opportunity to conclude an agreement of mutual recognition"
                return _Cue(head, +1, "demand", verb=head), head
            # Another verb governs the frame ("mitigating threats"): what is said above it
            # is about that act, not about the frame.
            return None, None
        if dep in ("nsubj", "csubj"):
            if lemma in _COPULAS:
                found = _copular_reading(head, child, cues)
                if found is None and dep == "nsubj" and _has_modal(head, cues):
                    found = _Cue(head, +1, "demand", verb=head)  # "the architecture should be inclusive"
                return found, None
            if lemma in cues["harm_verbs"]:
                if _averts(head, cues):
                    return _Cue(head, +1, "benefit_verb"), None  # "dialogue prevents conflicts"
                return _Cue(head, -1, "harm_verb"), None
            if lemma in cues["benefit_verbs"]:
                return _Cue(head, +1, "benefit_verb"), None
            return None, None  # the frame acts: what its verb's governors say is not about it
        return None, head
    if head.pos_ == "ADP" or head.dep_ in ("prep", "agent"):
        prep = head.lower_
        grand = head.head
        if grand is head:
            return None, None
        if prep in cues["oppose_prepositions"] and _lemma(child) in cues["setting_nouns"]:
            return None, None  # "against the backdrop of the formation of a multipolar world": where, not against
        if grand.lower_ == "than" and grand.pos_ == "ADP" and grand.head is not grand:
            grand = grand.head  # "no better way of achieving peace than through dialogue": the means of "achieving"
        glemma = _lemma(grand)
        attached = _object_complement(head, grand, cues)
        if attached is not None:
            grand, glemma = attached, _lemma(attached)
        if prep in cues["oppose_prepositions"] and child.dep_ == "pobj" and grand.pos_ in ("AUX", "VERB") \
                and glemma in _COPULAS:
            return _Cue(head, -1, "oppose_preposition", verb=grand), grand  # "we are against sanctions"
        if prep in cues["privative_prepositions"] and child.dep_ == "pobj":
            return _privative(head, grand, cues)
        if grand.pos_ in ("VERB", "AUX"):
            if head.dep_ == "agent" and child.dep_ == "pobj":
                # The frame as the agent of a passive: what it does ("a country strangled by
                # embargo", "growth fostered by dialogue"), as with the frame as subject.
                if glemma in cues["harm_verbs"]:
                    return _Cue(grand, -1, "harm_verb"), None
                if glemma in cues["benefit_verbs"]:
                    return _Cue(grand, +1, "benefit_verb"), None
            if prep == "as" and glemma in cues["characterizing_verbs"] and any(
                    c.dep_ in ("dobj", "obj", "nsubjpass") for c in grand.children):
                # "framing the guarantees as a mutual endeavor": presents something as the frame
                return _Cue(grand, +1, "characterized", verb=grand), grand
            if prep in cues.preps("support_phrasal_verbs", glemma):
                return _Cue(grand, +1, "support_verb", verb=grand), grand
            if prep in cues.preps("oppose_phrasal_verbs", glemma):
                return _Cue(grand, -1, "oppose_verb", verb=grand), grand
            if prep in cues["means_prepositions"] and not (
                    glemma in cues["harm_verbs"] or glemma in cues["oppose_verbs"] or glemma in cues["violation_verbs"]):
                return _Cue(head, +1, "means", verb=grand), None  # "promote peace through dialogue"
            if prep in cues["settling_prepositions"] and glemma in cues["settling_verbs"]:
                return _Cue(head, +1, "means"), None
            if glemma in cues["support_verbs"] and grand.tag_ == "VBN" and prep in ("to",):
                return _Cue(grand, +1, "support_verb", verb=grand), grand  # "committed to"
            if prep in cues["oppose_prepositions"]:
                return _Cue(head, -1, "oppose_preposition"), grand
            if glemma in cues["transparent_verbs"] and grand.dep_ in ("xcomp", "pcomp", "conj"):
                return None, grand  # "need to equip ourselves with a security architecture"
            if grand.tag_ == "VBN":  # the participle as an adjective: "an order based on multipolar principles"
                for name, sign, method in (("support_adjective_prepositions", +1, "support_adjective"),
                                           ("oppose_adjective_prepositions", -1, "oppose_adjective")):
                    if prep in cues.preps(name, grand.lower_) or prep in cues.preps(name, glemma):
                        return _Cue(grand, sign, method), grand
            if prep == "for" and glemma in cues["arrival_verbs"] and any(
                    c.dep_ == "nsubj" and _lemma(c) in cues["moment_nouns"] for c in grand.children):
                return _Cue(grand, +1, "demand", verb=grand), grand  # "the time has come for dialogue"
            if prep in ("towards", "toward") and child.dep_ == "pobj" and not (
                    glemma in cues["harm_verbs"] | cues["oppose_verbs"] | cues["violation_verbs"]):
                # "rebalance the relationship towards greater reciprocity", "move towards
                # negotiations": the frame as the goal of the move.
                return _Cue(head, +1, "goal", verb=grand), grand
            if prep in _PURPOSE_PREPOSITIONS and child.dep_ == "pobj" and _has_modal(grand, cues) and not (
                    glemma in cues["harm_verbs"] | cues["oppose_verbs"] | cues["violation_verbs"]):
                # "we should invest more in dialogue", "all parties must put more effort into talks":
                # a demand on an effort put into the frame.
                return _Cue(grand, +1, "demand", verb=grand), grand
            return None, None  # "protect the countries from threats" without a cue: no stance
        if grand.pos_ == "ADJ" or grand.tag_ in ("JJ", "VBN"):
            if prep in cues.preps("support_adjective_prepositions", glemma) or \
                    prep in cues.preps("support_adjective_prepositions", grand.lower_):
                return _Cue(grand, +1, "support_adjective", verb=grand.head if grand.dep_ == "acomp" else None), grand
            if prep in cues.preps("oppose_adjective_prepositions", glemma) or \
                    prep in cues.preps("oppose_adjective_prepositions", grand.lower_):
                return _Cue(grand, -1, "oppose_adjective", verb=grand.head if grand.dep_ == "acomp" else None), grand
            return None, grand
        if grand.pos_ in ("NOUN", "PROPN", "PRON"):
            before = head.doc[head.i - 1] if head.i > 0 else None
            if before is not None and before.dep_ == "conj" and before.head.i == grand.i and before.pos_ == "NOUN":
                # "common interests and respect for the sovereignty": the parse hangs the
                # phrase on the first conjunct; the noun just before it is its governor.
                grand, glemma = before, _lemma(before)
            names = _noun_lemmas(grand)
            if prep == "with" and glemma in cues["conformity_nouns"] and (
                    glemma == "compliance" or grand.head.lower_ == "in"):
                return _Cue(grand, +1, "support_noun"), None  # "in line with its territorial integrity"
            means_verb = _means_noun_verb(head, grand, cues)
            if means_verb is not None and not (
                    _lemma(means_verb) in cues["harm_verbs"] | cues["oppose_verbs"] | cues["violation_verbs"]):
                return _Cue(grand, +1, "means", verb=means_verb), None  # "by way of diplomacy"
            if glemma in cues["change_nouns"] and prep in ("of", "to"):
                return _Cue(grand, -1, "change_noun", change=True), grand  # "amendments to the sanctions regime"
            if prep in cues["means_prepositions"] and glemma in cues["only_nouns"] and _only(grand, cues) | _unrivalled(grand):
                return _Cue(grand, +1, "no_alternative"), None  # "no better way to peace than through dialogue"
            if glemma in cues["moment_nouns"] and prep == "for" and grand.dep_ == "attr" and _lemma(grand.head) in _COPULAS:
                return _Cue(grand, +1, "demand"), grand  # "it is time for global negotiations"
            if glemma in cues["moment_nouns"] and prep == "for" and grand.dep_ == "nsubj":
                sign = _moment_sign(grand.head, cues)
                if sign:
                    return _Cue(grand, sign, "demand"), grand  # "the time for dialogue has come"
            if glemma in cues["alternative_nouns"]:
                negated = _negations_of(grand, cues) or (grand.head.pos_ in ("VERB", "AUX") and _negations_of(grand.head, cues))
                if negated:
                    return _Cue(grand, +1, "no_alternative"), None
                return None, None
            if glemma in cues["support_nouns"]:
                return _Cue(grand, +1, "support_noun"), grand
            if names & cues["oppose_nouns"] or (glemma not in cues["support_nouns"] and any(
                    _noun_lemmas(c) & cues["oppose_nouns"] for c in grand.children if c.dep_ == "conj")):
                return _Cue(grand, -1, "oppose_noun"), grand  # "the roll-back of", "a suspension or lifting of"
            if glemma in cues["pretext_nouns"]:
                return _Cue(grand, -1, "pretext"), grand  # "under the pretext of lifting sanctions"
            if glemma in cues["violation_nouns"]:
                return _Cue(grand, -1, "violation", violation=True), grand
            if glemma in cues["harm_nouns"]:
                return _Cue(grand, -1, "harm_noun"), grand
            if glemma in cues["effect_nouns"] and prep == "of" and any(
                    _lemma(c) in cues["harm_adjectives"] for c in grand.children if c.dep_ in ("amod", "conj")):
                return _Cue(grand, -1, "harm_noun"), grand  # "the negative impact of the embargo"
            if prep in cues["oppose_prepositions"]:
                return _Cue(head, -1, "oppose_preposition"), grand
            if _only(grand, cues):
                return _Cue(grand, +1, "no_alternative"), grand  # "the only way to dialogue" is rare; "only way of"
            return None, grand
        return None, grand
    if head.pos_ in ("NOUN", "PROPN") and dep in ("pobj", "dobj"):
        return None, head
    return None, head


# Prepositions of an effort put into something ("invest in", "work for"): under a modal of
# demand the frame they introduce is what is asked for.
_PURPOSE_PREPOSITIONS = frozenset({"in", "into", "for", "toward", "towards"})
# Prepositions that begin a noun's complement ("the claim to sovereignty", "the talks on
# guarantees"), which the parse often hangs on the verb instead of the verb's object.
_NOUN_COMPLEMENT_PREPOSITIONS = frozenset({"to", "of", "on", "over", "about", "regarding", "concerning"})


def _object_complement(prep: "Token", verb: "Token", cues: StanceCues) -> "Token | None":
    """The object noun a prepositional phrase belongs to when the parse hangs it on a verb
    of support or opposition instead: in "we support the claim by Argentina to its
    sovereignty" spaCy attaches "to its sovereignty" to "support"; it completes "claim"
    (None when the verb takes the preposition itself, "call for", or has no such object)."""
    if verb.pos_ not in ("VERB", "AUX") or prep.lower_ not in _NOUN_COMPLEMENT_PREPOSITIONS or _verb_cue(verb, cues) is None:
        return None
    lemma = _lemma(verb)
    if prep.lower_ in cues.preps("support_phrasal_verbs", lemma) | cues.preps("oppose_phrasal_verbs", lemma):
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN") and c.i < prep.i]
    return objects[-1] if objects else None


def _averts(verb: "Token", cues: StanceCues) -> bool:
    """A harm verb whose object is a harm itself ("prevent future conflicts", "avert war"):
    doing it is a benefit."""
    return _lemma(verb) in cues["harm_verbs"] and any(
        c.dep_ in ("dobj", "obj") and _noun_lemmas(c) & cues["averted_nouns"] for c in verb.children)


def _pursued(verb: "Token", cues: StanceCues) -> bool:
    """``verb`` is the "to" (or gerund) complement of a word of pursuing an aim (``pursuing_verbs``,
    ``pursuing_nouns``, ``pursuing_adjectives``): "continue to coordinate", "efforts to
    convene", "ready to host", "it is our aim to hold", "our goal is to hold"."""
    # (a "to" infinitive the parse reads as a relative clause is one too: "the initiative to create ...")
    if verb.dep_ not in ("xcomp", "acl", "advcl", "relcl") or verb.head is verb:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not (
            verb.tag_ == "VBG" and verb.dep_ == "xcomp"):  # (or a gerund: "start building", "keep holding")
        return False
    governor = verb.head
    lemma = _lemma(governor)
    if governor.pos_ == "VERB" and lemma in cues["pursuing_verbs"]:
        return True
    if governor.pos_ == "VERB" and lemma in cues["refraining_verbs"] and _negating_children(governor, cues):
        return True  # "we will not hesitate to impose sanctions", "never fail to hold talks"
    if governor.pos_ in ("NOUN", "PROPN") and lemma in cues["pursuing_nouns"]:
        return True
    if governor.pos_ == "ADJ" and lemma in cues["pursuing_adjectives"]:
        return True
    # "it is the aim of X to hold ...", "our goal is to hold ...", "we stand ready to host ..."
    # "put forward the initiative to create ...", "took the decision to hold ..."
    deps = ("attr", "acomp", "nsubj") if lemma in _COPULAS else ("acomp", "oprd", "dobj")
    return any(c.dep_ in deps and _lemma(c) in cues["pursuing_nouns"] | cues["pursuing_adjectives"]
               for c in governor.children)


def _proposer(verb: "Token", cues: StanceCues) -> "Token | None":
    """The verb whose object is the word of intent ``verb`` hangs on: its subject sets out
    to do it ("Putin put forward the initiative to create a security architecture": Putin).
    None when the word of intent is no verb's object."""
    governor = verb.head
    if governor.pos_ in ("NOUN", "PROPN") and _lemma(governor) in cues["pursuing_nouns"] \
            and governor.dep_ in ("dobj", "obj") and governor.head.pos_ == "VERB":
        return governor.head
    if governor.pos_ == "VERB" and _lemma(governor) not in _COPULAS and any(
            c.dep_ in ("dobj", "obj") and _lemma(c) in cues["pursuing_nouns"] for c in governor.children):
        return governor  # the parse may hang the infinitive on the verb ("put forward the initiative | to create")
    return None


def _stranded_verb(conjunct: "Token") -> "Token | None":
    """The verb a noun is the object of when the parse has joined it to an earlier noun
    over that verb: in "abandon the practice ... and maintain, as we do, a policy of
    sovereignty" spaCy makes "policy" a conjunct of "practice" (or a second object of
    "abandon"); "maintain", a coordinated verb left without an object between the two,
    governs it. None when no such verb stands between them (a noun or a proper noun in
    between: the verb has its object elsewhere)."""
    head = conjunct.head
    doc = conjunct.doc
    if conjunct.dep_ == "dobj":
        # A second object of the same verb: the first one is the noun it was joined over.
        earlier = [c for c in head.children if c.dep_ == "dobj" and c.i < conjunct.i]
        if head.pos_ not in ("VERB", "AUX") or not earlier:
            return None
        head = earlier[-1]
    elif head.pos_ not in ("NOUN", "PROPN"):
        return None
    lo, hi = head.i + 1, conjunct.left_edge.i
    verbs = [t for t in doc[lo:hi] if t.pos_ == "VERB" and t.dep_ == "conj"]
    if not verbs:
        return None
    verb = verbs[-1]
    if any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp", "attr", "oprd") for c in verb.children):
        return None
    coordinated = any(c.dep_ == "cc" for c in verb.children) or (verb.i > 0 and doc[verb.i - 1].dep_ == "cc")
    if not coordinated or verb.head.i == head.i:
        return None
    for t in doc[verb.i + 1:hi]:
        # (a noun of an aside, "as the Charter does", "over the years", is no object of the verb)
        inside_aside = any(a.dep_ in ("advcl", "parataxis", "prep") and verb.i < a.i < hi for a in (t, *t.ancestors))
        if (t.pos_ in ("NOUN", "PROPN") or t.dep_ == "cc") and not inside_aside:
            return None  # ("hurt and kill, and the blockade": the noun is coordinated after all)
    return verb


def _means_noun_verb(prep: "Token", noun: "Token", cues: StanceCues) -> "Token | None":
    """The verb of "by way of" / "by means of" (``means_nouns`` after "by"), a means like
    "through": "Fiji serves its community by way of diplomacy" (None if ``prep`` and
    ``noun`` are no such phrase)."""
    if prep.lower_ != "of" or _lemma(noun) not in cues["means_nouns"] and noun.lower_ not in cues["means_nouns"]:
        return None
    by = noun.head
    if noun.dep_ != "pobj" or by.lower_ not in cues["settling_prepositions"]:
        return None
    for _ in range(3):  # "by way of X, by way of Y": the second "by" is a conjunct of the first
        if by.dep_ == "conj" and by.head.pos_ == "ADP":
            by = by.head
    verb = by.head
    return verb if verb.pos_ in ("VERB", "AUX") and verb is not by else None


def _moment_sign(verb: "Token", cues: StanceCues) -> int:
    """+1 when ``verb``, said of a moment ("the time for X ..."), has it arrive ("has
    come", "is upon us", "now is the time"), -1 when gone ("is over"), else 0."""
    # (the climb stops at the moment noun: a negation of the verb is read here, "the time
    # for sanctions is not over")
    turned = -1 if _negations_of(verb, cues) else +1
    if _lemma(verb) in cues["arrival_verbs"]:
        return turned
    if _lemma(verb) not in _COPULAS:
        return 0
    words = {c.lower_ for c in verb.children if c.dep_ in ("prep", "advmod", "acomp", "attr")}
    if words & cues["passing_words"]:
        return -turned
    return turned if words & cues["arrival_words"] else 0


def _demanded_above(verb: "Token", cues: StanceCues) -> bool:
    """``verb`` is the act a demand or a readiness of the holder asks for: a modal on a
    verb whose complement it is ("they should seize the opportunity to conclude ...",
    "we must try to reach ..."), or "ready to" ("we stand ready to sign ..."); not the
    modal of ``verb`` itself (see :func:`_step`)."""
    x = verb
    for _ in range(3):
        if (x.dep_ == "xcomp" or x.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)) \
                and x.head is not x:
            x = x.head  # (a "to" of purpose too: "ask the Council to appoint an envoy to lead the talks")
        elif x.dep_ == "acl" and x.head.dep_ in ("dobj", "obj") and x.head.head.pos_ in ("VERB", "AUX"):
            x = x.head.head  # "seize the opportunity to conclude", "take steps to adopt"
        else:
            return False
        if x.pos_ == "ADJ" and "to" in cues.preps("support_adjective_prepositions", _lemma(x)):
            return True  # "ready to sign"
        if _has_modal(x, cues) or _is_demand(x, cues) or _lemma(x) in cues["requesting_verbs"]:
            return True  # (asking someone to do it: "we ask the Council to appoint an envoy to lead the talks")
    return False


def _noun_lemmas(token: "Token") -> frozenset[str]:
    """The lemma of a noun, and, when spaCy has split a hyphenated noun ("roll-back": the
    noun "back" with "roll" in front), the whole word with and without the hyphen."""
    lemmas = {_lemma(token)}
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].tag_ == "HYPH" and doc[token.i - 2].head.i == token.i:
        left = _lemma(doc[token.i - 2])
        lemmas.update({f"{left}-{_lemma(token)}", f"{left}{_lemma(token)}", f"{left}-{token.lower_}"})
    return frozenset(lemmas)


def _privative(prep: "Token", governor: "Token", cues: StanceCues) -> tuple[_Cue | None, "Token | None"]:
    """The frame as the object of "without" (``privative_prepositions``) hanging on
    ``governor``: the holder wants it absent ("a world without sanctions", "we want to live
    without sanctions"; with a verb of support or opposition the two combine). A "without"
    before its verb is a condition ("Without dialogue, nothing moves") and a copula only
    says what exists: no position. A negation on the governor, collected by the climb,
    makes it a necessity ("no peace without dialogue": for the frame)."""
    if governor.pos_ in ("NOUN", "PROPN"):
        return _Cue(prep, -1, "privative"), governor
    if governor.pos_ not in ("VERB", "AUX") or _lemma(governor) in _COPULAS or prep.i < governor.i:
        return None, None
    found = _verb_cue(governor, cues)
    if found is not None:  # "we want a world without sanctions" (the parse hangs it on the verb)
        return _Cue(prep, -found.sign, "privative", verb=governor), governor
    return _Cue(prep, -1, "privative", verb=governor), governor


def _verb_cue(verb: "Token", cues: StanceCues) -> _Cue | None:
    """The cue a verb of support or opposition is, as the governor of the frame."""
    lemma = _lemma(verb)
    if lemma in cues["support_verbs"]:
        return _Cue(verb, +1, "support_verb", verb=verb)
    if lemma in cues["oppose_verbs"]:
        return _Cue(verb, -1, "oppose_verb", verb=verb)
    return None


def _shared_governor(verb: "Token", dep: str) -> "Token | None":
    """The verb that governs the frame through ``verb`` when the parse hides it:
    the first of coordinated verbs sharing the object ("strengthening and streamlining the
    architecture": strengthening), or the verb of which ``verb`` is a bare participle read
    as a clause ("we support the talks launched in Doha": support)."""
    governor = verb.head
    if governor is verb or governor.pos_ not in ("VERB", "AUX"):
        return None
    if dep in ("dobj", "obj") and verb.dep_ == "conj" and not any(c.dep_ in ("dobj", "obj") for c in governor.children):
        return governor
    if dep == "nsubj" and verb.tag_ == "VBN" and verb.dep_ == "ccomp" and not any(
            c.dep_ in ("aux", "auxpass") for c in verb.children):
        return governor
    return None


def _has_modal(verb: "Token", cues: StanceCues) -> bool:
    """``verb`` carries a modal of demand ("must", "should")."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in cues["modal_verbs"] for c in verb.children)


@dataclass
class _Path:
    cues: list[_Cue]
    negations: list["Token"]
    distanced: bool = False  # the clause is someone's charge ("accused of rejecting ...")


# Nouns without a cue the climb may pass ("the principle of sovereignty", "the formation
# of a multipolar world"): further up, a cue speaks of something else.
MAX_PLAIN_NOUNS = 1


def _distanced(token: "Token", cues: StanceCues) -> bool:
    """``token`` is, or hangs by a preposition on, a distancing verb ("accused of rejecting")."""
    x = token
    for _ in range(3):
        if _lemma(x) in cues["distancing_verbs"] and x.pos_ in ("VERB", "AUX"):
            return True  # (not the noun: "the legitimate claim to its sovereignty")
        if x.head is x or x.dep_ not in ("pcomp", "pobj", "prep", "xcomp", "ccomp"):
            return False
        x = x.head
    return False


def _own_conjunct(node: "Token", nxt: "Token", found: list[_Cue]) -> bool:
    """``node`` is a coordinated verb with a predication of its own, so the climb stops
    before the first conjunct ``nxt``: a subject of its own ("talks have not taken place
    and our country supports negotiations": a clause of its own), or, once a cue is found,
    an object of its own beside the first conjunct's ("we do not accept the blockade and
    demand dialogue": the "not" of "accept" says nothing of the demand) or beside a
    complement of the first conjunct ("we do not yield to threats and promote dialogue"). Verbs sharing
    the object ("we do not accept and support sanctions") are no such conjuncts."""
    if node.dep_ != "conj" or node.pos_ not in ("VERB", "AUX") or node.head.i != nxt.i or nxt.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in node.children):
        return True
    objects = ("dobj", "obj", "attr", "oprd")
    if not found or not any(c.dep_ in objects for c in node.children):
        return False
    if any(c.dep_ in objects for c in nxt.children):
        return True
    # The first conjunct's own complement before the coordination ("those who do not bend
    # to its designs and sponsor the overthrow of governments"): the object after it is
    # the second verb's alone, not one the two share ("we do not accept and support sanctions").
    return any(nxt.i < c.i < node.i and c.dep_ in ("prep", "dative", "xcomp", "ccomp", "acomp") for c in nxt.children)


def _climb(frame_head: "Token", cues: StanceCues) -> _Path:
    """The cues and negations between the frame's head and the clause it belongs to."""
    found: list[_Cue] = []
    negations: list["Token"] = []
    node = frame_head
    seen = {frame_head.i}
    plain_nouns = 0
    for _ in range(MAX_CLIMB):
        cue, nxt = _step(node, cues)
        if cue is not None:
            found.append(cue)
            # "no alternative to X" decides; so does harm done by X: deploring or not
            # ignoring "the damage of sanctions" is against them too.
            if cue.method in ("no_alternative", "harm_noun"):
                break
            if nxt is None and node.dep_ in ("nsubj", "csubj") and _lemma(node.head) in _COPULAS:
                # What a copula says of the frame, negated on the copula or on the word it
                # says: "sanctions are not illegal", "dialogue is not useful".
                negations.extend(_negations_of(node.head, cues))
                if cue.token.head.i == node.head.i and cue.token.i != node.head.i:
                    negations.extend(_negations_of(cue.token, cues))
        if nxt is None or nxt.i in seen:
            break
        if _own_conjunct(node, nxt, found):
            break
        if _distanced(nxt, cues):
            return _Path(found, negations, distanced=True)
        if cue is None and nxt.pos_ in ("NOUN", "PROPN") and node.dep_ not in ("conj", "appos", "compound", "amod", "nmod", "poss") \
                and _lemma(nxt) not in cues["outcome_nouns"]:
            plain_nouns += 1
            if plain_nouns > MAX_PLAIN_NOUNS:
                break
        seen.add(nxt.i)
        # A negation on a governing word turns round what the cues above it say.
        if cue is not None or nxt.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            if not (cue is not None and cue.method == "no_alternative"):
                negations.extend(_negations_of(nxt, cues))
            if nxt.lower_ in cues["negations"]:  # "without"
                negations.append(nxt)
        node = nxt
    return _Path(found, negations)


def _subject_of(verb: "Token") -> tuple["Token | None", bool]:
    """The subject of ``verb`` (climbing over "to"-complements and coordinated verbs) and
    whether it is a passive agent."""
    x = verb
    for _ in range(4):
        subjects = [c for c in x.children if c.dep_ in ("nsubj", "csubj")]
        if len(subjects) > 1:
            # "Mr. President, my country has never stopped believing ...": the parse makes the
            # vocative a second subject; the subject is the one nearest the verb.
            return min(subjects, key=lambda c: abs(x.i - c.i)), False
        for child in x.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child, False
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0], True
        if any(c.dep_ == "nsubjpass" for c in x.children):
            return None, False
        if x.dep_ in ("xcomp", "conj", "acomp") and x.head is not x:
            x = x.head
            continue
        if x.dep_ == "pcomp" and x.head.lower_ in ("by", "through", "in") and x.head.head.pos_ in ("VERB", "AUX"):
            x = x.head.head  # "By framing ... as ..., Russia seeks": who does the main verb does it
            continue
        break
    return None, False


def _hypothetical(verb: "Token") -> bool:
    """``verb`` is in a condition ("if Turkey will recognize ...", "unless they lift ..."):
    its subject is supposed to act, not said to hold a position."""
    x = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in x.children):
            return True
        if x.dep_ not in ("xcomp", "conj") or x.head is x:
            return False
        x = x.head
    return False


def _span(token: "Token") -> tuple[int, int]:
    return token.idx, token.idx + len(token.text)


def _tree_reading(doc: "Doc", reading: StanceReading, polarity: str | None, cues: StanceCues) -> bool:
    """Fill ``reading`` from the parse; True when a rule decided."""
    head = _mention_head(doc, reading.start, reading.end)
    if head is None:
        return False
    if reading.frame_id in cues["perception_frames"]:
        return _perception_reading(reading, head, cues)
    path = _climb(head, cues)
    if path.distanced:
        reading.method, reading.confidence = "distanced", TREE_CONFIDENCE
        return True
    inner: list[_Cue] = []
    if polarity == "violation":
        inner.append(_Cue(head, -1, "violation", violation=True))
    chain = inner + path.cues
    if chain and all(c.change for c in chain):
        # A change with no position above it ("the reform of the architecture is pending"):
        # calling for it is against the frame as it is, reporting it is none.
        chain = []
    if polarity in ("oppose", "violation"):
        # "imposing unilateral coercive measures": the name already rejects what is imposed.
        chain = [c for c in chain if c.method != "enact"]
    if chain and chain[-1].token.pos_ == "NOUN" and _under_topic(chain[-1].token, cues):
        # "the announcements concerning the lifting of the blockade", "the issue of the
        # upcoming lifting of the embargo": a topic talked about, no position on it.
        chain = []
    # The speaker's own judgement of the frame, an evaluative adjective on its noun
    # ("unjust blockades"), decides over the act the verbs above describe (see below).
    judgement = _evaluative(head, cues) if polarity != "violation" else None
    if chain:
        # "we accept neither sanctions nor pressure": "neither" on the frame negates its verb
        # (on a later conjunct the climb finds it on the first one).
        path.negations.extend(c for c in head.children if c.lower_ == "neither"
                              and c.dep_ in ("preconj", "det", "cc", "advmod"))
    else:
        own = judgement or _relative_clause(head, cues) or _gerund_compound(head, cues)
        if own is None and head.pos_ == "VERB" and _is_demand(head, cues):
            own = _Cue(head, +1, "demand")  # "those responsible must be sanctioned"
        if own is None and polarity in ("support", "oppose"):
            own = _Cue(head, +1 if polarity == "support" else -1, "frame_polarity")
        if own is None and reading.frame_id in cues["coercion_frames"]:
            own = _imposed_on(head, cues)
        if own is None:
            own = _valued_role(head, cues) or _at_the_table(head, cues)
        if own is None and reading.frame_id not in cues["coercion_frames"]:
            own = _self_description(head, cues) or _valued_noun(head, cues)
        if own is not None:
            chain = [own]
            # What the mention says of itself is negated on the mention ("no threat"); not
            # its judgement: "neither the illegal blockade nor ..." still calls it illegal.
            if own is not judgement:
                path.negations.extend(_negations_of(head, cues))
    if not chain:
        if _judged_enactment(reading, head, cues):
            return True
        reading.actor_head_span = _acting_subject_head(head)
        return False
    sign = 1
    for cue in chain:
        sign *= cue.sign
    negated = len(path.negations) % 2 == 1
    if negated:
        sign = -sign
    top = chain[-1]
    if top.violation:
        sign = -sign  # a violation reported or deplored: the frame is a value to the speaker
    reading.stance = "support" if sign > 0 else "oppose"
    if negated and top.violation:
        # A violation denied or forbidden holds to the frame as much as one deplored: "our
        # sovereignty must not be compromised", "we will never undermine the dialogue".
        reading.stance = "support"
    # Not carrying a frame out takes no side on it ("the Union did not impose sanctions",
    # "they can impose neither talks nor war on us": whoever speaks rejects the imposing).
    # Nor does not attaining it ("we will not achieve sovereignty alone": a forecast).
    not_enacted = negated and all(c.method in ("enact", "attain") for c in chain)
    if not_enacted:
        reading.stance = "neutral"
    # The rule is the one nearest the frame ("call for the lifting of sanctions": the
    # lifting opposes them; calling for it keeps that stance).
    inner_cue = next((c for c in chain if c.violation), chain[0])
    reading.method = "negated" if negated else inner_cue.method
    reading.confidence = TREE_CONFIDENCE - (0.1 if negated else 0.0)
    if top.method == "frame_polarity":
        reading.confidence = TREE_CONFIDENCE - 0.05
    cue_tokens = [c.token for c in chain if c.token is not head] + (list(path.negations) if negated else [])
    if not cue_tokens:  # the mention carries its own polarity
        cue_tokens = [head]
    reading.cue_start = min(t.idx for t in cue_tokens)
    reading.cue_end = max(t.idx + len(t.text) for t in cue_tokens)
    if reading.cue_end - reading.cue_start > 40:  # cues far apart: the one nearest the frame
        reading.cue_start, reading.cue_end = _span(inner_cue.token)
    verb = next((c.verb for c in reversed(chain) if c.verb is not None), None)
    reporter = _reporting_verb(verb if verb is not None else head, cues)
    if reporter is not None and not _names_a_holder(verb, cues):
        verb = reporter  # "the West believed that the architecture should be NATO-centric"
    subject = None
    if verb is not None and (verb is reporter or not _is_demand(verb, cues)):
        subject, _passive = _subject_of(verb)
    if subject is None and reporter is None and (verb is None or not _is_demand(verb, cues)):
        subject = _position_holder(verb if verb is not None else head, cues)  # "NATO's position is that ..."
    if subject is not None and verb is not None and verb is not reporter and _hypothetical(verb):
        subject = None  # "if Turkey will recognize the sovereign rights of Cyprus": the speaker's condition
    reading.agent_span = _agent_span(head, chain, cues)
    if subject is not None:
        if _first_person(subject.subtree, cues):
            reading.first_person_subject = True
        elif _names_someone(subject, cues):
            # Someone else's position: theirs (when the sentence names them as an
            # actor), and the reporter's own only when they deny it the frame ("they
            # did not respect the principle": the reporter holds to it).
            reading.holder_span = _subtree_span(subject)
            reading.holder_reports = reporter is not None and verb is reporter
            reading.reported_stance = reading.stance
            if negated and chain[-1].sign > 0 and not top.violation and not not_enacted:
                reading.speaker_stance, reading.speaker_method = "support", "violation"
            else:
                reading.speaker_stance, reading.speaker_method = "neutral", "reported_position"
    # A judging adverb speaks of an act the sentence reports (a verb: "Regrettably, the EU
    # lifted the sanctions"), not of a judgement it already makes ("Unfortunately, we were
    # victims of unilateral measures" is against them once, not for them).
    reported_act = inner_cue.token.pos_ in ("VERB", "AUX") and inner_cue.method in ("support_verb", "oppose_verb", "enact")
    if reported_act and not top.violation and not (reading.first_person_subject and not negated):
        adverb = _judging_adverb(head, cues)
        if adverb is not None:  # "Regrettably, the EU lifted the sanctions": the speaker is for them
            _set_speaker_stance(reading, adverb.sign * sign, "judged", adverb.token)
    if judgement is not None and chain[0] is not judgement:
        _set_speaker_stance(reading, judgement.sign, "evaluative_adjective", judgement.token)
    return True


def _set_speaker_stance(reading: StanceReading, sign: int, method: str, cue: "Token") -> None:
    """The speaker's own position, by a judgement of theirs (a sentence adverb, an
    evaluative adjective): the reading's stance, or, when the sentence reports another
    actor's act, the speaker's beside it (the actor keeps the position of the act)."""
    stance = "support" if sign > 0 else "oppose"
    if reading.holder_span is not None:
        reading.speaker_stance, reading.speaker_method = stance, method
        return
    reading.stance, reading.method, reading.confidence = stance, method, TREE_CONFIDENCE
    reading.cue_start, reading.cue_end = _span(cue)


def _judging_adverb(token: "Token", cues: StanceCues) -> _Cue | None:
    """A sentence adverb of judgement (``deploring_adverbs``: -1, ``welcoming_adverbs``: +1)
    on ``token`` or the verbs above it, across complement clauses ("Regrettably, we see
    that ...") but not out of a relative or adverbial clause, whose event is another."""
    x = token
    for _ in range(MAX_CLIMB):
        for child in x.children:
            if child.dep_ == "advmod":
                if _lemma(child) in cues["deploring_adverbs"] or child.lower_ in cues["deploring_adverbs"]:
                    return _Cue(child, -1, "judged")
                if _lemma(child) in cues["welcoming_adverbs"] or child.lower_ in cues["welcoming_adverbs"]:
                    return _Cue(child, +1, "judged")
        if x.head.i == x.i or x.dep_ in ("relcl", "advcl", "acl", "parataxis", "csubj"):
            return None
        x = x.head
    return None


def _judged_enactment(reading: StanceReading, head: "Token", cues: StanceCues) -> bool:
    """The frame carried out by a verb that takes no position by itself, a passive
    ("the embargo is being tightened"), under a sentence adverb of judgement: the speaker
    is against (deploring) or for (welcoming) the frame. True when that decided."""
    governor = head.head
    if governor.i == head.i or head.dep_ not in ("nsubjpass", "dobj", "obj") or _lemma(governor) not in cues["enact_verbs"]:
        return False
    adverb = _judging_adverb(head, cues)
    if adverb is None:
        return False
    _set_speaker_stance(reading, adverb.sign, "judged", adverb.token)
    lo, hi = sorted((adverb.token, governor), key=lambda t: t.i)
    if hi.idx + len(hi.text) - lo.idx <= 40:
        reading.cue_start, reading.cue_end = lo.idx, hi.idx + len(hi.text)
    return True


def _perception_reading(reading: StanceReading, head: "Token", cues: StanceCues) -> bool:
    """A mention of a perception frame (``perception_frames``: a threat) read from the parse.

    Presenting something as a threat holds the frame, whatever verb governs it ("counter
    the threats" too); a negation on the mention or on the verb asserting it, or a denial
    adjective ("imaginary threats"), opposes it ("the threat or use of force", a principle,
    is no mention: the lexicon excludes it). The holder is the subject of a verb of perceiving above it
    ("Moscow criticized the buildup as provocative"); else whoever speaks.
    """
    modifiers = [c for c in head.children if c.i < head.i and c.dep_ in ("amod", "advmod", "compound", "nmod")]
    if head.dep_ == "compound" and head.head.pos_ == "NOUN":
        # "inflated threat perceptions": the adjective of the phrase the threat names
        modifiers += [c for c in head.head.children if c.i < head.i and c.dep_ == "amod"]
    left_text = head.doc.text[head.left_edge.idx:head.idx].lower()
    denial = [c for c in modifiers if _lemma(c) in cues["denial_adjectives"] or c.lower_ in cues["denial_adjectives"]]
    if not denial and any(f"{word} " in left_text for word in cues["denial_adjectives"] if "-" in word):
        denial = [head.doc[head.left_edge.i]]
    negations = list(_negations_of(head, cues))
    downplayed: list["Token"] = []
    governor = head.head
    if head.pos_ != "VERB" and governor is not head:
        # Only the verb that asserts the threat denies it when negated ("does not pose a
        # threat", "is not a threat"); "these threats are not new" or "did not stop its
        # threats" still hold it.
        asserted = (head.dep_ in ("attr", "oprd") and _lemma(governor) in _COPULAS) or (
            head.dep_ in ("dobj", "obj") and _lemma(governor) in cues["asserting_verbs"])
        if asserted:
            negations.extend(_negations_of(governor, cues))
        if _lemma(governor) in cues["downplaying_verbs"] and head.dep_ in ("dobj", "obj", "nsubjpass"):
            downplayed.append(governor)  # "underestimate the threat"
            if not asserted:  # "we cannot underestimate the threat": the negation turns it round
                negations.extend(_negations_of(governor, cues))
    denial += downplayed
    sign = -1 if denial else +1
    if len(negations) % 2 == 1:
        sign = -sign
    reading.stance = "support" if sign > 0 else "oppose"
    reading.method = "denied" if denial else ("negated" if negations else "perception")
    reading.confidence = TREE_CONFIDENCE if (denial or negations) else TREE_CONFIDENCE - 0.05
    cue_tokens = denial + negations or [head]
    reading.cue_start = min(t.idx for t in cue_tokens)
    reading.cue_end = max(t.idx + len(t.text) for t in cue_tokens)
    node = head
    for _ in range(MAX_CLIMB):  # the verb of perceiving, within the clause
        if node.head is node or node.dep_ in cues["clause_boundaries"]:
            break
        node = node.head
        if node.pos_ == "VERB" and _lemma(node) in cues["perceiving_verbs"]:
            subject, _passive = _subject_of(node)
            if subject is not None:
                _perceived_by(reading, subject, cues)
            break
    if reading.holder_span is None and not reading.first_person_subject:
        holder = _position_holder(head, cues)  # "Russia's perception that NATO expansion poses a threat"
        if holder is not None:
            _perceived_by(reading, holder, cues)
    return True


def _names_someone(subject: "Token", cues: StanceCues) -> bool:
    """``subject`` names someone other than the speaker: a name, an entity or "he"/"they"."""
    return subject.lower_ in cues["third_person"] or (subject.pos_ != "PRON" and (
        subject.pos_ == "PROPN" or any(t.ent_type_ for t in subject.subtree)))


def _first_person(tokens: Iterable["Token"], cues: StanceCues) -> bool:
    """One of ``tokens`` is a word of ``first_person`` ("we", "our"), not a name spelt
    like one ("the US rejects ...": the United States, not "us").

    >>> from analysis.nlp import load_model
    >>> nlp = load_model()
    >>> _first_person(nlp("Our government"), _default_cues()), _first_person(nlp("The US government"), _default_cues())
    (True, False)
    """
    return any(t.lower_ in cues["first_person"] and t.pos_ != "PROPN" and t.text != "US" for t in tokens)


def _subtree_span(token: "Token") -> tuple[int, int]:
    return min(t.idx for t in token.subtree), max(t.idx + len(t.text) for t in token.subtree)


def _perceived_by(reading: StanceReading, subject: "Token", cues: StanceCues) -> None:
    """Give the perception to ``subject``: "we" is the speaker's own, a named actor's is theirs."""
    if _first_person(subject.subtree, cues):
        reading.first_person_subject = True
    elif _names_someone(subject, cues):
        reading.holder_span = _subtree_span(subject)
        reading.reported_stance = reading.stance
        reading.speaker_stance, reading.speaker_method = "neutral", "reported_position"


def _perception_window(doc: "Doc", reading: StanceReading, cues: StanceCues) -> None:
    """A perception frame's mention without a parse: a negation or denial adjective just
    before it opposes, else support."""
    tokens = [t for t in doc if not t.is_space]
    first = next((k for k, t in enumerate(tokens) if t.idx >= reading.start), None)
    if first is None:
        return
    before = tokens[max(0, first - 3):first]
    denial = [t for t in before if t.lower_ in cues["denial_adjectives"]]
    negations = [t for t in before if t.lower_ in cues["negations"]]
    sign = -1 if denial else +1
    if len(negations) % 2 == 1:
        sign = -sign
    reading.stance = "support" if sign > 0 else "oppose"
    reading.method = "denied" if denial else ("negated" if negations else "perception")
    reading.confidence = WINDOW_CONFIDENCE
    cue_tokens = denial + negations or [tokens[first]]
    reading.cue_start = min(t.idx for t in cue_tokens)
    reading.cue_end = max(t.idx + len(t.text) for t in cue_tokens)


def _names_a_holder(verb: "Token | None", cues: StanceCues) -> bool:
    """``verb`` has a subject that holds its position: not a demand (whose holder is the
    speaker), not subjectless or passive, not "it" / "this"."""
    if verb is None or _is_demand(verb, cues):
        return False
    subject, _passive = _subject_of(verb)
    if subject is None:
        return False
    return subject.pos_ != "PRON" or subject.lower_ in cues["third_person"] or _first_person(subject.subtree, cues)


def _agent_span(head: "Token", chain: list[_Cue], cues: StanceCues) -> tuple[int, int] | None:
    """The character span of who acts in the sentence around the mention: the possessor of
    a noun cue ("Moscow's advocacy for guarantees"), else the possessor of a noun of
    pursuit above the mention ("Moscow's willingness to engage in talks") or the subject of
    the nearest verb above it that has one ("Russia presented drafts demanding guarantees")."""
    found = None
    for cue in reversed(chain):
        if cue.token.pos_ == "NOUN":
            # The possessor acts only when the frame is the noun's complement ("Moscow's
            # advocacy for guarantees"); reached through "as" or a means ("the OSCE's
            # revitalization as a platform for dialogue") the possessor is what is acted on.
            prep = next((c for c in cue.token.children if c.dep_ == "prep" and c.left_edge.i <= head.i <= c.right_edge.i), None)
            if prep is None or prep.lower_ == "as" or prep.lower_ in cues["means_prepositions"] | cues["settling_prepositions"]:
                continue
            found = next((c for c in cue.token.children if c.dep_ == "poss"), None)
            if found is not None:
                break
    x = head
    for _ in range(2 * MAX_CLIMB):
        if found is not None or x.head is x:
            break
        x = x.head
        if x.pos_ == "NOUN" and _lemma(x) in cues["pursuing_nouns"]:
            # "signaling Moscow's willingness to engage in negotiations": who is willing acts.
            found = next((c for c in x.children if c.dep_ == "poss"), None)
        elif x.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "mark" and c.lower_ == "for" for c in x.children):
                continue  # "called for Russia to withdraw ... before talks": who is called on is no agent
            found = next((c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if found is None or found.pos_ == "PRON":
        return None
    return _subtree_span(found)


def _acting_subject_head(head: "Token") -> tuple[int, int] | None:
    """The span of the head word of the subject of the nearest verb above ``head``, within
    its clause, when that subject is a name (no pronoun) and does not hold the frame
    itself; else None."""
    x = head
    for _ in range(MAX_CLIMB):
        if x.head.i == x.i or x.dep_ in ("relcl", "acl", "advcl", "csubj"):
            return None
        x = x.head
        if x.pos_ in ("VERB", "AUX"):
            subject = next((c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.pos_ != "PROPN" or subject.left_edge.i <= head.i <= subject.right_edge.i:
                return None
            return _span(subject)
    return None


def _holder_of_noun(noun: "Token") -> "Token | None":
    """The possessor or ``of`` object of a noun of position ("NATO's view", "the view of Moscow")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _position_holder(token: "Token", cues: StanceCues) -> "Token | None":
    """Whose position the clause holding ``token`` is, when it is the complement of a
    copula whose subject is a noun of position ("NATO's position is that ...", "the view of
    Moscow is that ...") or the clause of such a noun ("Russia's perception that NATO
    expansion poses a threat"): the noun's possessor or ``of`` object; else None."""
    x = token
    for _ in range(MAX_CLIMB):
        if x.head is x:
            return None
        if x.dep_ in ("acl", "ccomp") and x.head.pos_ == "NOUN" and _lemma(x.head) in cues["position_nouns"] \
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in x.children):
            return _holder_of_noun(x.head)
        if x.dep_ == "ccomp" and _lemma(x.head) in _COPULAS:
            for noun in x.head.children:
                if noun.dep_ == "nsubj" and _lemma(noun) in cues["position_nouns"]:
                    return _holder_of_noun(noun)
            return None
        if x.dep_ in cues["clause_boundaries"]:
            return None
        x = x.head
    return None


def _reporting_verb(token: "Token", cues: StanceCues) -> "Token | None":
    """The verb of saying or believing whose clause holds ``token`` ("they believe that
    ... should be ..."), climbing the clause's own verbs to its root; None if none."""
    x = token
    for _ in range(MAX_CLIMB):
        if x.head is x:
            return None
        if x.dep_ == "ccomp" and x.head.pos_ in ("VERB", "AUX") and _lemma(x.head) in cues["reporting_verbs"]:
            return x.head
        if x.dep_ in cues["clause_boundaries"]:
            return None
        x = x.head
    return None


def _puts_at_centre(verb: "Token", cues: StanceCues) -> bool:
    """The verb puts its object at the heart / centre of something ("put dialogue at the heart of")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("at", "in"):
            if any(_lemma(c) in cues["central_nouns"] for c in prep.children if c.dep_ == "pobj"):
                return True
    return False


def _relative_clause(token: "Token", cues: StanceCues) -> _Cue | None:
    """What a relative clause or participle says the frame does: "sanctions that hurt the
    poor", "blockades that serve only to oppress" (against), "talks that bring peace" (for)."""
    for child in token.children:
        if child.dep_ not in ("relcl", "acl"):
            continue
        verbs = [child] + [c for c in child.children if c.dep_ in ("xcomp", "conj")]
        for verb in verbs:
            if _averts(verb, cues):  # "a framework that can prevent conflicts"
                return _Cue(verb, +1, "benefit_verb")
            if _lemma(verb) in cues["harm_verbs"]:
                return _Cue(verb, -1, "harm_verb")
        for verb in verbs:
            if _lemma(verb) in cues["benefit_verbs"] and child.dep_ == "relcl":
                return _Cue(verb, +1, "benefit_verb")
    return None


def _valued_noun(token: "Token", cues: StanceCues) -> _Cue | None:
    """The frame as the adjective of a noun of value or basis ("their sovereign right",
    "on the basis of mutual respect" is the lexicon's; "a reciprocal commitment"): the
    frame is what the valued thing is made of."""
    if token.dep_ != "amod" or token.pos_ != "ADJ" or token.head.pos_ != "NOUN" or _negations_of(token.head, cues):
        return None
    noun = token.head
    if _lemma(noun) in cues["support_nouns"] and not (noun.dep_ == "pobj" and noun.head.lower_ == "of"):
        # (not a noun of description after "of": "issues of mutual importance")
        return _Cue(noun, +1, "support_noun")
    for sibling in noun.children:  # "important reciprocal agreements", "unfair reciprocal tariffs"
        if sibling.dep_ == "amod" and sibling is not token and sibling.i < token.i:
            if _lemma(sibling) in cues["support_adjectives"]:
                return _Cue(sibling, +1, "evaluative_adjective")
            if _lemma(sibling) in cues["oppose_adjectives"]:
                return _Cue(sibling, -1, "evaluative_adjective")
    return None


def _self_description(token: "Token", cues: StanceCues) -> _Cue | None:
    """The speaker says the frame of themselves ("we are a sovereign and respectable
    people", "our country is sovereign"): claiming it for oneself is holding to it."""
    predicate = token.head if token.dep_ in ("amod", "conj") and token.head.pos_ in ("NOUN", "ADJ") else token
    if predicate.dep_ not in ("attr", "acomp") or _lemma(predicate.head) not in _COPULAS:
        return None
    subjects = [c for c in predicate.head.children if c.dep_ == "nsubj"]
    if not subjects or not _first_person(subjects[0].subtree, cues) or _negations_of(predicate.head, cues):
        return None
    return _Cue(token, +1, "self_description")


def _gerund_compound(token: "Token", cues: StanceCues) -> _Cue | None:
    """A gerund right after the frame noun that the parse hangs on it ("the sanctions
    lifting commitments", "an embargo easing plan"): a compound noun, read like "the lifting
    of sanctions"."""
    doc = token.doc
    if token.i + 1 >= len(doc):
        return None
    nxt = doc[token.i + 1]
    # On the frame ("sanctions" <- "lifting") or, flat, beside it on the same noun
    # ("sanctions" and "lifting" both on "commitments").
    beside = token.dep_ in ("compound", "nmod") and nxt.head.i == token.head.i and nxt.head.i > nxt.i
    if not (nxt.head.i == token.i or beside) or nxt.dep_ not in ("acl", "amod", "compound") or nxt.tag_ != "VBG":
        return None
    lemma = _lemma(nxt)
    if lemma in cues["oppose_verbs"] or nxt.lower_ in cues["oppose_nouns"]:
        return _Cue(nxt, -1, "oppose_noun")
    return None


def _under_topic(noun: "Token", cues: StanceCues) -> bool:
    """The noun cue is what a noun of ``topic_nouns`` is about ("the issue of the lifting
    of sanctions", "announcements made concerning the lifting of the blockade").

    >>> from analysis.nlp import load_model
    >>> nlp = load_model()
    >>> doc = nlp("The question of the lifting of sanctions was raised.")
    >>> _under_topic(doc[4], _default_cues()), _under_topic(nlp("We call for the lifting of sanctions.")[5], _default_cues())
    (True, False)
    """
    t = noun
    for _ in range(4):
        if t.dep_ not in ("pobj", "pcomp", "prep", "acl") or t.head is t:
            return False
        t = t.head
        if t.pos_ == "NOUN":
            return _lemma(t) in cues["topic_nouns"]
    return False


def _valued_role(head: "Token", cues: StanceCues) -> _Cue | None:
    """The frame given a valued role (a noun of ``role_nouns`` with an adjective of
    ``role_adjectives``): for it. The frame in the noun's complement ("we played an
    *important role in* negotiating the treaty", "the *key role of* diplomacy"), or as the
    subject of a copula or of "play" / "have" with that noun ("diplomacy is an *integral
    part of* our policy", "dialogue plays a *key role*").

    >>> from analysis.nlp import load_model
    >>> nlp = load_model()
    >>> _valued_role(nlp("Mediation plays a central role in our foreign policy.")[0], _default_cues()).token.text
    'central'
    >>> _valued_role(nlp("Mediation plays a role in our foreign policy.")[0], _default_cues()) is None
    True
    """
    def valued(noun: "Token") -> "Token | None":
        for n in [noun, *(c for c in noun.children if c.dep_ == "conj")]:
            if _lemma(n) in cues["role_nouns"]:
                adjective = next((c for c in n.children if c.dep_ == "amod"
                                  and (_lemma(c) in cues["role_adjectives"] or c.lower_ in cues["role_adjectives"])), None)
                if adjective is not None:
                    return adjective
        return None

    token = head
    if token.dep_ in ("pobj", "pcomp") and token.head.dep_ == "prep" and token.head.lower_ in ("in", "of", "to"):
        governor = token.head.head
        # "played a major role in the mediation": the parse may hang "in" on the verb.
        nouns = [governor] + [c for c in governor.children if c.dep_ == "dobj"] if governor.pos_ in ("VERB", "AUX") \
            else [governor]
        for noun in nouns:
            adjective = valued(noun)
            if adjective is not None:
                return _Cue(adjective, +1, "valued_role")
    if head.dep_ == "nsubj" and (_lemma(head.head) in _COPULAS or _lemma(head.head) in ("play", "have")):
        for noun in head.head.children:
            if noun.dep_ in ("attr", "dobj"):
                adjective = valued(noun)
                if adjective is not None:
                    return _Cue(adjective, +1, "valued_role")
    return None


def _at_the_table(head: "Token", cues: StanceCues) -> _Cue | None:
    """The frame naming the table of a meeting (a compound of ``table_nouns``): bringing
    someone *to* it, sitting *at* it, putting proposals *on* it is for the frame
    (``table_prepositions``), walking away *from* it against (``off_table_prepositions``).

    >>> from analysis.nlp import load_model
    >>> nlp = load_model()
    >>> _at_the_table(nlp("They walked away from the negotiating table.")[5], _default_cues()).sign
    -1
    """
    table = head.head
    if head.dep_ != "compound" or _lemma(table) not in cues["table_nouns"] or table.dep_ != "pobj":
        return None
    prep = table.head.lower_
    if prep in cues["table_prepositions"]:
        return _Cue(table.head, +1, "negotiating_table")
    if prep in cues["off_table_prepositions"]:
        return _Cue(table.head, -1, "negotiating_table")
    return None


def _imposed_on(head: "Token", cues: StanceCues) -> _Cue | None:
    """A coercive measure (``coercion_frames``) the sentence shows as done to someone by
    someone else, with no cue of its own: against it ("the embargo imposed on Cuba", "the
    measures imposed by the Government of X have tried to subdue ...", "the blockade
    against Cuba", "the embargo continues to be imposed on ..."). The participle (or
    passive) of one of ``imposing_verbs`` on the mention, or a target after one of
    ``target_prepositions`` on its noun; not when the speaker imposes it ("imposed by
    us") or demands it ("sanctions must be imposed on ...": the demand decides).

    >>> from analysis.nlp import load_model
    >>> nlp = load_model()
    >>> doc = nlp("The embargo imposed on the island has lasted sixty years.")
    >>> _imposed_on(doc[1], _default_cues()).token.text
    'imposed'
    >>> _imposed_on(nlp("The sanctions were discussed.")[1], _default_cues()) is None
    True
    >>> _imposed_on(nlp("The sanctions imposed by us have worked.")[1], _default_cues()) is None
    True
    """
    verbs = [c for c in head.children if c.dep_ in ("acl", "advcl", "relcl")]
    if head.dep_ in ("nsubjpass", "nsubj"):
        verbs.append(head.head)
        verbs.extend(c for c in head.head.children if c.dep_ == "xcomp")  # "continues to be imposed"
    for verb in verbs:
        if _lemma(verb) not in cues["imposing_verbs"] or (verb.tag_ != "VBN" and verb.dep_ != "relcl"):
            continue
        if _is_demand(verb, cues) or (verb.head is not verb and _is_demand(verb.head, cues)):
            return None
        # Who imposes it: the agent of the participle, the subject of "the blockade it imposes".
        doers = [t for c in verb.children if c.dep_ in ("agent", "nsubj") for t in c.subtree]
        if _first_person(doers, cues):
            return None
        return _Cue(verb, -1, "imposed_on")
    if head.pos_ in ("NOUN", "PROPN"):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in cues["target_prepositions"] \
                    and any(c.dep_ == "pobj" for c in prep.children):
                return _Cue(prep, -1, "imposed_on")
    return None


def _is_demand(verb: "Token", cues: StanceCues) -> bool:
    """The verb is a demand of the speaker: a modal ("all states must respect ...") or an
    imperative (no subject, base form, sentence root)."""
    x = verb
    for _ in range(4):  # "must be held accountable and sanctioned": the modal of the verb it joins
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in cues["modal_verbs"] for c in x.children):
            return True
        if x.dep_ not in ("conj", "oprd", "xcomp", "acomp") or x.head is x:
            break
        x = x.head
    return verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _window_reading(doc: "Doc", reading: StanceReading, polarity: str | None, cues: StanceCues) -> bool:
    """Fill ``reading`` from the tokens around the mention (no parse); True when a cue was found."""
    tokens = [t for t in doc if not t.is_space]
    first = next((k for k, t in enumerate(tokens) if t.idx >= reading.start), None)
    last = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].idx < reading.end), None)
    if first is None or last is None:
        return False
    decided: tuple[int, str, "Token"] | None = None
    # Before the mention: the nearest cue, not across a clause-ending mark.
    for k in range(first - 1, max(-1, first - 1 - WINDOW_BEFORE), -1):
        t = tokens[k]
        if t.text in (".", ";", ":", "?", "!"):
            break
        lemma = _lemma(t)
        if lemma in cues["alternative_nouns"] and any(x.lower_ in cues["negations"] for x in tokens[max(0, k - 2):k]):
            decided = (+1, "no_alternative", t)
            break
        for name, sign, method in (("support_verbs", +1, "support_verb"), ("oppose_verbs", -1, "oppose_verb"),
                                   ("support_nouns", +1, "support_noun"), ("oppose_nouns", -1, "oppose_noun"),
                                   ("violation_verbs", -1, "violation"), ("violation_nouns", -1, "violation"),
                                   ("oppose_prepositions", -1, "oppose_preposition")):
            if lemma in cues[name] or t.lower_ in cues[name]:
                decided = (sign, method, t)
                break
        if decided is None and (cues.preps("support_phrasal_verbs", lemma) or cues.preps("support_adjective_prepositions", t.lower_)):
            decided = (+1, "support_verb", t)
        if decided is None and (cues.preps("oppose_phrasal_verbs", lemma) or cues.preps("oppose_adjective_prepositions", t.lower_)):
            decided = (-1, "oppose_verb", t)
        if decided is not None:
            break
    if decided is None:
        for k in range(first - 1, max(-1, first - 3), -1):  # "illegal (unilateral) sanctions"
            lemma = _lemma(tokens[k])
            if lemma in cues["support_adjectives"]:
                decided = (+1, "evaluative_adjective", tokens[k])
                break
            if lemma in cues["oppose_adjectives"]:
                decided = (-1, "evaluative_adjective", tokens[k])
                break
    if decided is None:  # "sanctions are (not) illegal"
        after = tokens[last + 1:last + 1 + WINDOW_AFTER]
        if after and _lemma(after[0]) in _COPULAS:
            for t in after[1:]:
                lemma = _lemma(t)
                if lemma in cues["support_adjectives"]:
                    decided = (+1, "evaluative_adjective", t)
                elif lemma in cues["oppose_adjectives"]:
                    decided = (-1, "evaluative_adjective", t)
                elif lemma in cues["only_words"]:
                    decided = (+1, "no_alternative", t)
                if decided is not None:
                    break
    if decided is None and polarity in ("support", "oppose"):
        decided = (+1 if polarity == "support" else -1, "frame_polarity", tokens[first])
    if decided is None and polarity == "violation":
        decided = (+1, "violation", tokens[first])
    if decided is None:
        return False
    sign, method, cue = decided
    if polarity == "violation" and method != "violation":
        sign = -sign
    lo, hi = sorted((cue.i, tokens[first].i))
    between = [t for t in doc[max(0, lo - 2):hi] if t.lower_ in cues["negations"] and t.i != cue.i
               and not _not_only(t, cues)]
    negated = method != "no_alternative" and len(between) % 2 == 1
    if negated:
        sign = -sign
    if method == "violation":
        sign = +1 if not negated else -1
    reading.stance = "support" if sign > 0 else "oppose"
    reading.method = "negated" if negated else method
    reading.confidence = WINDOW_CONFIDENCE - (0.05 if negated else 0.0)
    span_tokens = [cue] + (between if negated else [])
    reading.cue_start = min(t.idx for t in span_tokens)
    reading.cue_end = max(t.idx + len(t.text) for t in span_tokens)
    return True


def _rhetorical_negation(doc: "Doc", cues: StanceCues) -> "Token | None":
    """The "not" of a negative polar question ("Should we not ...?", "Are sanctions not
    illegal?", "Isn't it ...?"): a question opening with its auxiliary (after a
    conjunction or adverb: "But is it not ...") whose clause is negated is rhetorical, it
    expects "yes". None for any other sentence (a genuine question, "Why ...?").

    >>> from analysis.nlp import load_model
    >>> nlp = load_model()
    >>> _rhetorical_negation(nlp("Should we not support dialogue?"), _default_cues()).text
    'not'
    >>> _rhetorical_negation(nlp("Do we support dialogue?"), _default_cues()) is None
    True
    """
    words = [t for t in doc if not t.is_punct and not t.is_space]
    while words and words[0].dep_ in ("cc", "advmod") and words[0].pos_ in ("CCONJ", "ADV"):
        words = words[1:]  # "But", "So", "And yet"
    if not words or words[0].pos_ != "AUX" or words[0].tag_ not in ("MD", "VBZ", "VBP", "VBD"):
        return None
    first = words[0]
    clause = first if first.dep_ == "ROOT" else first.head
    if clause.dep_ != "ROOT":
        return None
    for token in words[1:4]:  # right after the auxiliary or its subject: "Is it not", "Isn't"
        on_clause = token.head.i == clause.i or (token.head.head.i == clause.i and token.head.dep_ in ("acomp", "attr"))
        if token.dep_ == "neg" and on_clause and token.lower_ in cues["negations"] | {"n't"}:
            return token
    return None


_NON_PREFIX = re.compile(r"\bnon[-\u2010\u2011]\s*$", re.IGNORECASE)


def _prefixed_polarity(doc: "Doc", start: int, polarity: str | None) -> str | None:
    """The polarity of a mention, less what a "non-" before it denies: harm done to the
    frame under "non-" is its principle ("non-interference in the internal affairs of
    States" supports sovereignty, where "interference in the internal affairs" is a
    violation of it).

    >>> import spacy
    >>> doc = spacy.blank("en")("We uphold non-interference in the internal affairs of States.")
    >>> _prefixed_polarity(doc, doc.text.index("interference"), "violation")
    'support'
    >>> _prefixed_polarity(doc, 0, "violation")
    'violation'
    """
    if polarity == "violation" and _NON_PREFIX.search(doc.text[:start]):
        return "support"
    return polarity


def sentence_stances(doc: "Doc", lexicon: FrameLexicon | None = None, cues: StanceCues | None = None,
                     ) -> list[StanceReading]:
    """The stance on every frame mention of one sentence (a spaCy Doc of its clean text).

    With a dependency parse (``doc.has_annotation("DEP")``) the rules read the tree;
    without one the token window decides (lower confidence). Offsets index ``doc.text``.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> [(r.text, r.stance, r.method) for r in sentence_stances(nlp("There is no alternative to dialogue."))]
    [('dialogue', 'support', 'no_alternative')]
    >>> [(r.text, r.stance) for r in sentence_stances(nlp("Do you support sanctions?"))]
    [('sanctions', 'neutral')]
    """
    lexicon = lexicon or default_lexicon()
    cues = cues or _default_cues()
    polarity_of = {(f.id, text): kind for f in lexicon for text, _fld, kind in f.polarity}
    has_tree = doc.has_annotation("DEP")
    question = doc.text.rstrip().endswith(tuple(cues["question_marks"]))
    out: list[StanceReading] = []
    for m in lexicon.match_tokens(tokens_from_doc(doc)):
        reading = StanceReading(str(m.frame_id), m.start, m.end, doc.text[m.start:m.end])
        rhetorical = _rhetorical_negation(doc, cues) if question and has_tree else None
        if question and rhetorical is None:
            reading.method, reading.confidence = "question", TREE_CONFIDENCE if has_tree else WINDOW_CONFIDENCE
        elif rhetorical is not None:
            # "Should we not support dialogue?" asks for the answer "yes": read as "we
            # should support dialogue", without the question's own "not".
            polarity = _prefixed_polarity(doc, m.start, polarity_of.get((str(m.frame_id), m.pattern)))
            doc.user_data[_IGNORED_NEGATIONS] = frozenset({rhetorical.i})
            try:
                if _tree_reading(doc, reading, polarity, cues) and reading.stance != "neutral":
                    reading.method, reading.confidence = "rhetorical_question", TREE_CONFIDENCE - 0.1
                else:
                    reading.method, reading.confidence = "question", TREE_CONFIDENCE
            finally:
                doc.user_data.pop(_IGNORED_NEGATIONS, None)
        else:
            polarity = _prefixed_polarity(doc, m.start, polarity_of.get((str(m.frame_id), m.pattern)))
            decided = _tree_reading(doc, reading, polarity, cues) if has_tree else False
            if not has_tree and reading.frame_id in cues["perception_frames"]:
                _perception_window(doc, reading, cues)
            elif not decided and not has_tree:
                _window_reading(doc, reading, polarity, cues)
        out.append(reading)
    return out


# --------------------------------------------------------------------------- one document


def _is_actor(actor_id: Any, register: ActorRegister) -> bool:
    if is_missing(actor_id) or not str(actor_id).strip():
        return False
    return register.get(str(actor_id)) is not None or str(actor_id).startswith(UNLINKED_PREFIX)


def _span_at(spans: Sequence[Mapping[str, Any]], start: int) -> Mapping[str, Any] | None:
    best = None
    for span in spans:
        if span["start"] <= start < span["end"] and (best is None or span["end"] - span["start"] < best["end"] - best["start"]):
            best = span
    return best


def _self_reference(actor_id: str, voice: Any, register: ActorRegister) -> bool:
    """``actor_id`` is a common noun a state's speech uses for itself ("The Kingdom will
    continue to ...": ``unlinked:kingdom`` in a speech whose voice is a state; the quote
    finder resolves such a speaker to the voice, this is for the subject of a reporting verb).

    >>> from analysis.register import load_register
    >>> reg = load_register()
    >>> _self_reference("unlinked:kingdom", "SAU", reg), _self_reference("unlinked:kingdom", "reporter", reg)
    (True, False)
    """
    if not voice or not str(actor_id).startswith(UNLINKED_PREFIX) or register.type_of(str(voice)) != "state":
        return False
    return names_the_speaking_state(str(actor_id)[len(UNLINKED_PREFIX):])


def _holders(document: Document, span: Mapping[str, Any] | None, register: ActorRegister,
             ) -> list[tuple[str, str, Any]]:
    """(actor_id, role, quote_id) of whoever speaks the span.

    The narration of a voice that is no actor of the register (a news story's
    ``reporter``) is the voice's with the role ``narrator``: the text's own position, which
    a network of actors may leave out; an unresolved quotation is nobody's, but in a speech
    (``kind: speech``) an actor's words in quotation marks that name no one else are the
    speaker's own (a transcript quoting the whole passage, a slogan the speaker takes up)."""
    voice = document.meta.get("voice") or None
    narration = span is None or span.get("voice") == "narrator"
    if span is None or is_missing(span.get("speaker_id")):
        if narration and voice and not _is_actor(voice, register):
            return [(str(voice), "narrator", None)]
        if span is not None and span.get("voice") == "quoted" and document.meta.get("kind") == "speech" \
                and voice and _is_actor(voice, register):
            return [(str(voice), "voice", None if is_missing(span.get("quote_id")) else int(span["quote_id"]))]
        return []
    quote_id = None if is_missing(span.get("quote_id")) else int(span["quote_id"])
    out = []
    for actor_id in str(span["speaker_id"]).split(";"):
        if not _is_actor(actor_id, register):
            if narration and actor_id == voice:
                out.append((actor_id, "narrator", quote_id))
            continue
        if span.get("voice") == "narrator" and actor_id == voice:
            role = "voice"
        else:
            role = "speaker"
        out.append((actor_id, role, quote_id))
    return out


_AS_BEFORE_SPEAKER = re.compile(r"(?:^|[\s,;(\u2014\u2013])as\s+$", re.IGNORECASE)


def _endorsed_report(document: Document, quote: Mapping[str, Any]) -> bool:
    """Whether a quote row is introduced by "as" before its speaker ("As X said, ...", "...,
    as the minister noted, ..."), the way a speaker cites someone in support of their own point.

    >>> from analysis.corpus import corpus_from_texts
    >>> doc = corpus_from_texts({"d": "As Lavrov said, talks are the only way."})["d"]
    >>> _endorsed_report(doc, {"kind": "indirect", "speaker_start": 3}), _endorsed_report(doc, {"kind": "indirect", "speaker_start": 0})
    (True, False)
    """
    start = quote.get("speaker_start")
    if is_missing(start) or quote.get("kind") == "according_to":
        return False
    return _AS_BEFORE_SPEAKER.search(document.text[max(0, int(start) - 12):int(start)]) is not None


def _by_person(quote: Mapping[str, Any], persons: Sequence[tuple[int, int]]) -> bool:
    """The quote's speaker mention holds a person's name (``persons``: their offsets)."""
    span = _speaker_mention_span(quote)
    return span is not None and any(span[0] <= lo and hi <= span[1] for lo, hi in persons)


def _speaker_mention_span(quote: Mapping[str, Any] | None) -> tuple[int, int] | None:
    """The offsets of a quote row's speaker mention (None without one)."""
    if quote is None or is_missing(quote.get("speaker_start")) or is_missing(quote.get("speaker_end")):
        return None
    return int(quote["speaker_start"]), int(quote["speaker_end"])


def _own_institution(actor_id: str, span: tuple[int, int] | None, actors: Sequence[Mapping[str, Any]]) -> str:
    """The named body's own id when the mention of ``actor_id`` inside ``span`` is an
    institution counted under it ("the European Commission" -> EC, not EU), else ``actor_id``.

    >>> mentions = [{"start": 4, "end": 23, "actor_id": "EU", "institution_id": "EC"}]
    >>> _own_institution("EU", (0, 23), mentions), _own_institution("EU", None, mentions)
    ('EC', 'EU')
    """
    if span is None:
        return actor_id
    lo, hi = span
    for mention in actors:
        own = mention.get("institution_id")
        if not is_missing(own) and own and mention["actor_id"] == actor_id \
                and mention["start"] < hi and lo < mention["end"]:
            return str(own)
    return actor_id


def _actors_in(span: tuple[int, int], sentence_id: int, actors: Sequence[Mapping[str, Any]],
               register: ActorRegister) -> list[str]:
    """The register actors of the mentions inside ``span`` (document offsets) of the sentence."""
    lo, hi = span
    out: list[str] = []
    for mention in actors:
        if lo <= mention["start"] and mention["end"] <= hi and mention["sentence_id"] == sentence_id:
            for actor_id in str(mention["actor_id"]).split(";"):
                if _is_actor(actor_id, register) and actor_id not in out:
                    out.append(actor_id)
    return out


def _antecedent(subject: str, start: int, paragraph_id: int, actors: Sequence[Mapping[str, Any]],
                register: ActorRegister) -> list[str]:
    """The actor a third-person pronoun subject stands for: the nearest actor mention before
    it in the same paragraph, a person for "he" / "she", a collective for "they" (empty
    when the subject is no such pronoun or none precedes it).

    >>> from analysis.register import load_register
    >>> mentions = [{"actor_id": "lavrov", "start": 0, "end": 6, "paragraph_id": 0},
    ...             {"actor_id": "NATO", "start": 20, "end": 24, "paragraph_id": 0}]
    >>> _antecedent("He", 40, 0, mentions, load_register()), _antecedent("they", 40, 0, mentions, load_register())
    (['lavrov'], ['NATO'])
    """
    word = subject.strip().lower()
    if word not in ("he", "she", "they"):
        return []
    before = [m for m in actors if m.get("paragraph_id") == paragraph_id and m["end"] <= start]
    for mention in sorted(before, key=lambda m: m["start"], reverse=True):
        ids = [a for a in str(mention["actor_id"]).split(";") if _is_actor(a, register)]
        persons = [a for a in ids if register.type_of(a) == "person"]
        chosen = persons if word in ("he", "she") else [a for a in ids if register.type_of(a) != "person"]
        if chosen:
            return chosen
    return []


def _actor_names(actor_rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {str(r["actor_id"]): str(r.get("actor_name") or r["actor_id"]) for r in actor_rows
            if not is_missing(r.get("actor_id"))}


def extract_statements(document: Document, parsed: Iterable[tuple[Sentence, "Doc"]],
                       span_rows: Sequence[Mapping[str, Any]], actor_rows: Sequence[Mapping[str, Any]],
                       register: ActorRegister, lexicon: FrameLexicon | None = None,
                       cues: StanceCues | None = None,
                       quote_rows: Sequence[Mapping[str, Any]] = ()) -> list[dict]:
    """``statements`` rows of one parsed document (columns :data:`analysis.schema.STATEMENT_COLUMNS`).

    ``span_rows`` are the document's :func:`analysis.extract.quotes.speaker_spans`,
    ``actor_rows`` its actor mentions (a reported holder must be an actor mention in the
    subject), ``quote_rows`` its quotes: what is said "according to" a document or data
    (kind ``according_to``) is the narrator's, not the source's. A frame mention nobody
    holds (narration of a voice that is no actor, an unresolved speaker) gives no row.

    >>> import spacy
    >>> from analysis.corpus import corpus_from_texts
    >>> from analysis.register import load_register
    >>> doc = corpus_from_texts({"d": "We reject the sanctions."}, {"d": {"voice": "CUB"}})["d"]
    >>> nlp = spacy.blank("en")
    >>> spans = [{"sentence_id": 0, "start": 0, "end": 24, "speaker_id": "CUB", "voice": "narrator",
    ...           "quote_id": None}]
    >>> rows = extract_statements(doc, [(s, nlp(s.clean_text)) for s in doc.sentences], spans, [], load_register())
    >>> [(r["actor_id"], r["actor_role"], r["frame_text"], r["stance"], r["cue"]) for r in rows]
    [('CUB', 'voice', 'sanctions', 'oppose', 'reject')]
    """
    lexicon = lexicon or default_lexicon()
    cues = cues or _default_cues()
    spans_by_sentence: dict[int, list[Mapping[str, Any]]] = {}
    for span in span_rows:
        spans_by_sentence.setdefault(int(span["sentence_id"]), []).append(span)
    actors = [r for r in actor_rows if not is_missing(r.get("actor_id")) and r.get("entity_kind", "actor") == "actor"]
    names = _actor_names(actors)
    date = str(document.meta.get("date") or "")
    # What is said "according to" a person is theirs ("According to Professor X, mankind is
    # at risk"); according to a report, a survey or data it is the narrator's.
    persons = [(m["start"], m["end"]) for m in actors if m.get("actor_type") == "person"]
    sourced = {int(q["quote_id"]) for q in quote_rows if q.get("kind") == "according_to"
               and not is_missing(q.get("quote_id")) and not _by_person(q, persons)}
    endorsed = {int(q["quote_id"]) for q in quote_rows if _endorsed_report(document, q)}
    quotes_by_id = {int(q["quote_id"]): q for q in quote_rows if not is_missing(q.get("quote_id"))}
    rows: list[dict] = []
    for sentence, doc in parsed:
        readings = sentence_stances(doc, lexicon, cues)
        if not readings:
            continue
        sentence_spans = spans_by_sentence.get(sentence.sentence_id, [])
        for reading in readings:
            frame_start, frame_end = sentence.original_span(reading.start, reading.end)
            span = _span_at(sentence_spans, frame_start)
            if span is not None and not is_missing(span.get("quote_id")) and int(span["quote_id"]) in sourced:
                narration = [s for s in sentence_spans if s.get("voice") == "narrator"]
                span = narration[0] if narration else None
            holders = _holders(document, span, register)
            if span is not None and not is_missing(span.get("quote_id")) and int(span["quote_id"]) in endorsed:
                # "As the Secretary-General has stressed, we can overcome ...": the narrator
                # makes the point their own; both hold it.
                narration = [sp for sp in sentence_spans if sp.get("voice") == "narrator"]
                holders = holders + [h for h in _holders(document, narration[0] if narration else None, register)
                                     if h[0] not in {a for a, _r, _q in holders}]
            # Each holder with the stance it takes: (actor_id, role, quote_id, stance, method).
            held = [(a, role, q, reading.stance, reading.method) for a, role, q in holders]
            if reading.holder_span is None and reading.agent_span is not None and reading.stance != "neutral" \
                    and holders and all(role == "narrator" for _a, role, _q in holders) \
                    and _actors_in(sentence.original_span(*reading.agent_span), sentence.sentence_id, actors, register):
                # A news story reports positions rather than taking them: the one in "Russia
                # presented drafts demanding guarantees" is Russia's.
                reading.holder_span = reading.agent_span
                reading.reported_stance = reading.stance
                reading.speaker_stance, reading.speaker_method = "neutral", "reported_position"
            if reading.holder_span is None and reading.actor_head_span is not None and reading.method == "default" \
                    and holders and all(role == "narrator" for _a, role, _q in holders):
                lo, hi = sentence.original_span(*reading.actor_head_span)
                if any(m["start"] <= lo and hi <= m["end"] and m["sentence_id"] == sentence.sentence_id
                       for m in actors):
                    # A news story's report of what someone did about the frame without a
                    # position ("Zakharova did not delve into the guarantees"): theirs, neutral.
                    reading.holder_span = reading.actor_head_span
                    reading.reported_stance, reading.speaker_stance = "neutral", "neutral"
                    reading.speaker_method = "reported_position"
            if reading.holder_span is not None:
                lo, hi = sentence.original_span(*reading.holder_span)
                quote_id = None if span is None or is_missing(span.get("quote_id")) else int(span["quote_id"])
                reported = _actors_in((lo, hi), sentence.sentence_id, actors, register)
                if not reported:  # "he said he supports ...": whom the pronoun stands for
                    reported = _antecedent(document.text[lo:hi], lo, sentence.paragraph_id, actors, register)
                speaker_ids = [h[0] for h in holders]
                # The speaker naming itself ("Cuba rejects ...") keeps its own role; so does a
                # speaker naming the state they speak for ("Lavrov stated that Moscow is
                # prepared to extend guarantees": his position too, as with "we").
                states = {a: register.state_of(a, date or None) for a, _role, _q in holders}
                # "The Kingdom stressed that ...": a state's speech naming itself by a common noun.
                voice = document.meta.get("voice")
                self_named = not reported and _self_reference(
                    UNLINKED_PREFIX + " ".join(document.text[lo:hi].lower().split()), voice, register)
                held = [(a, role, q, reading.stance, reading.method) for a, role, q in holders
                        if a in reported or (role != "narrator" and states[a] != a and states[a] in reported)
                        or (self_named and a == voice)]
                if not held and not reported and not reading.holder_reports \
                        and document.text[lo:hi].strip().lower() not in cues["third_person"]:
                    # The subject is no actor ("The world needs all nations to work for mutual
                    # success"): nobody else holds the position; the speaker states it ("they",
                    # unresolved, is someone else all the same).
                    held = [(a, role, q, reading.stance, reading.method) for a, role, q in holders]
                if not held:
                    held = [(a, role, q, reading.speaker_stance or "neutral", reading.speaker_method or "default")
                            for a, role, q in holders]
                    if reported:  # the speaker only reports a position that is named as someone's
                        held = [h for h in held if h[3] != "neutral"]
                held += [(a, "reported", quote_id, reading.reported_stance or reading.stance, reading.method)
                         for a in reported if a not in speaker_ids]
            if reading.cue_start is not None and reading.cue_end is not None:
                cue_start, cue_end = sentence.original_span(reading.cue_start, reading.cue_end)
                cue = document.text[cue_start:cue_end]
            else:
                cue_start = cue_end = None
                cue = ""
            holder_lo_hi = sentence.original_span(*reading.holder_span) if reading.holder_span is not None else None
            for actor_id, role, quote_id, stance, method in held:
                # A named body speaks or acts for itself ("the Commission has emphasized
                # sanctions": EC, not the EU it belongs to).
                where = holder_lo_hi if role == "reported" else _speaker_mention_span(quotes_by_id.get(quote_id))
                actor_id = _own_institution(actor_id, where, actors)
                if role == "narrator" and method in ("frame_polarity", "imposed_on"):
                    # A report names the principle ("the Act enshrined sovereign equality")
                    # or the measures someone imposes on someone ("the sanctions imposed on
                    # Russia"): that is the speaker's position, not the reporter's.
                    stance, method = "neutral", "default"
                rows.append({
                    "doc_id": document.doc_id, "paragraph_id": sentence.paragraph_id,
                    "sentence_id": sentence.sentence_id, "start": sentence.start, "end": sentence.end,
                    "frame_id": reading.frame_id, "frame_start": frame_start, "frame_end": frame_end,
                    "frame_text": document.text[frame_start:frame_end],
                    "actor_id": actor_id, "actor_name": names.get(actor_id) or register.name_of(actor_id),
                    "actor_role": role, "stance": stance, "cue": cue,
                    "cue_start": cue_start, "cue_end": cue_end, "method": method,
                    "confidence": float(reading.confidence), "date": date, "quote_id": quote_id,
                })
    return rows


def statements_table(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows of :func:`extract_statements` as the sorted ``statements`` table.

    >>> list(statements_table([]).columns) == STATEMENT_COLUMNS
    True
    """
    frame = pd.DataFrame(list(rows), columns=STATEMENT_COLUMNS)
    for column in ("cue_start", "cue_end", "quote_id"):
        frame[column] = frame[column].astype("Int64")
    frame["confidence"] = frame["confidence"].astype(float)
    for column in ("paragraph_id", "sentence_id", "start", "end", "frame_start", "frame_end"):
        frame[column] = frame[column].astype("int64")
    for column in ("cue", "date"):
        frame[column] = frame[column].fillna("").astype(str)
    frame = frame.sort_values(["doc_id", "start", "frame_start", "actor_id"], kind="stable").reset_index(drop=True)
    return frame
