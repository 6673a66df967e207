"""Syntax where it pays: which sentences the parser reads, and what the quote finder reads in them.

**Which sentences.** The parser roughly doubles the time spaCy takes, and only the quote
finder reads its output (who is the subject of "said", which clause is what was said).
So the pipeline parses a sentence with the parser only when :data:`NEEDS_SYNTAX` says so:
the sentence holds a quotation mark, or a word that can be a speech, cognition, naming
or evidence cue ("said", "according", "statement", "believes", "called", "showed" ...;
the cue lists of ``data/quotes/cues.yaml``). Every other sentence gets the tagger, lemmatizer and entity
recogniser only; its tags and entities are the same either way, so the other tables do
not depend on the choice.

The selection is part of the parse cache's key (:attr:`CueSentences.version`, a hash
of the rule and its word lists), so editing a cue list never reuses a cached parse made
without syntax for a sentence that now needs it.

>>> NEEDS_SYNTAX("“We are ready,” he said."), NEEDS_SYNTAX("The talks resumed on Monday.")
(True, False)
>>> NEEDS_SYNTAX("According to the ministry, 40 people died."), NEEDS_SYNTAX("Officials fear a new war.")
(True, True)

**What is read.** Where a sentence has a parse (``Token.dep``/``Token.head``, see
:func:`parsed`), the cue stage asks this module for

* the **subject of a cue** (:func:`verb_subject`): its ``nsubj`` wherever it stands
  (before the verb, or inverted: '"...," said X'); the agent of a passive cue ("was told
  by X"); the subject of the verb a participle, a coordinated verb or an "as" phrase
  hangs on (", saying ...", "and added", "X was quoted as saying"); the noun a relative
  clause modifies ("officials, who said");
* the **speaker's phrase** (:func:`subject_phrase`): the subject's whole subtree (the
  mention the ``speaker_start``/``speaker_end`` columns give: "Jeff Weaver, Sanders'
  campaign manager,") and its **core**, the words that name the speaker: the head's own
  phrase, or the name apposed to a role ("Algeria's ambassador, Amar Bendjama" -> "Amar
  Bendjama");
* the **source of "according to"** (:func:`according_source`);
* the **content** of a cue (:func:`verb_complement`): its clausal complement (``ccomp``,
  with or without "that"; ``xcomp``: "wants to ..."), else its object or prepositional
  complement ("accused Y of ...", "warned of ...");
* the **verb a quotation hangs on** (:func:`quote_governor`): the nearest head outside
  the quoted tokens.

Sentences without a parse (``spacy.blank`` pipelines, sentences the selection skipped)
get ``None`` from every helper, and the stages fall back to their token patterns.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from analysis.extract.quotes.model import load_attribution_model
from analysis.extract.quotes.structures import ProseParagraph
from analysis.extract.quotes.words import (
    COGNITION_FORMS, INTENT_FORMS, CUE_FORMS, DOCUMENT_NOUNS, EVIDENCE_FORMS, NAMING_FORMS, NOUN_CUES, RELATIVE_WORDS_LEFT, SOURCE_NOUNS,
    INTENT_PREPOSITIONS, QUESTION_CONJUNCTIONS, QUESTION_CUE_LEMMAS, STANCE_CUE_LEMMAS,
    verb_forms,
)

__all__ = [
    "CueSentences", "NEEDS_SYNTAX", "QUOTATION_MARKS",
    "parsed", "subtree", "verb_subject", "subject_phrase", "according_source", "verb_complement",
    "quote_governor", "is_negated", "governs", "coordinated_with", "COORDINATED_DEPS",
]

# Straight and typographic double and single quotation marks, guillemets, low-9 marks.
QUOTATION_MARKS = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b\u2039\u203a'"
_WORD = re.compile(r"[^\W\d_]+")
# Bump when the rule below changes (the word lists are hashed on their own).
_RULE_VERSION = "2"

# Dependency labels (spaCy's English scheme, ClearNLP style).
_SUBJECT = frozenset({"nsubj", "csubj"})
# Relations of a clause coordinated with a cue's, not reported by it (see governs).
COORDINATED_DEPS = frozenset({"conj", "parataxis"})
_PASSIVE_SUBJECT = "nsubjpass"
# A verb without a subject of its own takes the subject of the verb it hangs on:
# a participle (", saying"), a coordinated verb ("and added"), "as saying", "continued to say".
_CLIMB = frozenset({"advcl", "conj", "xcomp", "pcomp", "prep"})
# Left dependents that belong to the head's own name phrase ("Kremlin spokesman Dmitry Peskov").
_CORE_LEFT = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "punct", "prep"})
# Complements that say what was said, best first.
_CLAUSE_COMPLEMENTS = ("ccomp", "xcomp")
_OBJECT_COMPLEMENTS = frozenset({"dobj", "prep", "oprd", "attr", "dative", "acomp"})
# Marks and punctuation that never open or close a speaker's phrase.
_EDGE_PUNCTUATION = frozenset({",", ";", ":", "-", "\u2013", "\u2014", "--", "(", "\""})


class CueSentences:
    """A sentence needs syntax when it holds a quotation mark or a possible cue word.

    ``cue_words`` are lower-case word forms; an apostrophe counts only between letters
    of a word ("it's") when it is not a quotation mark, so ``'`` is in
    :data:`QUOTATION_MARKS` but "it's" alone does not select a sentence.
    ``followed_cue_words`` select a sentence only before one of the words they map to
    ("seeks to", "voted to", "voted against": the verbs of intent, whose forms are often
    nouns, "the vote", "an aim").

    >>> cues = CueSentences(frozenset({"said"}), {"votes": frozenset({"to", "for"})})
    >>> cues("The votes were counted."), cues("She votes to keep it."), cues("He votes for it.")
    (False, True, True)
    """

    def __init__(self, cue_words: frozenset[str], followed_cue_words: Mapping[str, frozenset[str]] | None = None) -> None:
        self.cue_words = cue_words
        self.followed_cue_words = dict(followed_cue_words or {})
        digest = hashlib.sha256(_RULE_VERSION.encode())
        for word in sorted(cue_words):
            digest.update(word.encode("utf-8") + b"\x00")
        digest.update(b"\x01")
        for word in sorted(self.followed_cue_words):
            digest.update(word.encode("utf-8") + b"\x02" + " ".join(sorted(self.followed_cue_words[word])).encode("utf-8") + b"\x00")
        digest.update(QUOTATION_MARKS.encode("utf-8"))
        self.version = digest.hexdigest()[:12]

    def __call__(self, text: str) -> bool:
        for index, char in enumerate(text):
            if char in QUOTATION_MARKS:
                inside_word = (char in "'\u2019" and 0 < index < len(text) - 1
                               and text[index - 1].isalpha() and text[index + 1].isalpha())
                if not inside_word:
                    return True
        words = [word.lower() for word in _WORD.findall(text)]
        return any(word in self.cue_words for word in words) or any(
            following in self.followed_cue_words.get(word, ()) for word, following in zip(words, words[1:]))


# The base and "-s" forms of the verbs of taking a stance and of "talk" are mostly nouns
# ("support for", "attacks", "questions", "the talks"): they do not send a sentence to the parser on their own (the token
# patterns still read "X supports Y"); their "-ed" and "-ing" forms do.
_NOUN_LIKE_FORMS = frozenset(form for lemma in STANCE_CUE_LEMMAS for form in (lemma, lemma + "s"))
_NOUN_LIKE_NAMING_FORMS = frozenset({"talk", "talks"})

NEEDS_SYNTAX = CueSentences(
    (frozenset(CUE_FORMS) - _NOUN_LIKE_FORMS) | frozenset(COGNITION_FORMS) | (frozenset(NAMING_FORMS) - _NOUN_LIKE_NAMING_FORMS)
    | frozenset(EVIDENCE_FORMS) | frozenset(form for noun in NOUN_CUES for form in (noun, noun + "s"))
    | frozenset({"according"}) | frozenset(verb_forms("quote"))
    # The verb forms the learned model (:mod:`.learned`) may accept: it reads parsed verbs only.
    | load_attribution_model().parse_forms,
    {form: frozenset({"to"}) | INTENT_PREPOSITIONS.get(lemma, frozenset()) for form, lemma in INTENT_FORMS.items()})


# --------------------------------------------------------------------------- the tree


def parsed(para: ProseParagraph, i: int) -> bool:
    """Whether the sentence of token ``i`` has a dependency parse."""
    if not para.syntax:
        return False
    return para.syntax[para.tokens[i].sent] and para.tokens[i].head >= 0


def subtree(para: ProseParagraph, i: int) -> tuple[int, int]:
    """Token range of the subtree of token ``i`` (the parser's trees are projective)."""
    lo = hi = i
    stack = [i]
    while stack:
        k = stack.pop()
        lo, hi = min(lo, k), max(hi, k)
        stack.extend(para.children[k])
    return lo, hi + 1


def _children(para: ProseParagraph, i: int, *deps: str) -> list[int]:
    return [c for c in para.children[i] if para.tokens[c].dep in deps]


def is_negated(para: ProseParagraph, v: int) -> bool:
    """The verb has a negation ("did not say", "never said")."""
    return bool(_children(para, v, "neg"))


def verb_subject(para: ProseParagraph, v: int) -> tuple[int, str] | None:
    """The head token of the speaker of the cue verb ``v`` and how it was found
    (``active``, ``agent``, ``inherited``, ``relative``, ``issuer``: the subject of the
    verb whose object is the document a participle hangs on), or None.

    A passive cue names its speaker only by its agent ("was told by X"); "it was stated"
    names none. A verb without a subject takes the subject (active or passive) of the
    verb it hangs on, so "X was quoted as saying" and "X, asked about it, said" give X.
    """
    if not parsed(para, v):
        return None
    toks = para.tokens
    x, how = v, "active"
    for _ in range(6):
        subjects = _children(para, x, *_SUBJECT)
        if subjects:
            head = subjects[0]
            if toks[head].lower in RELATIVE_WORDS_LEFT and toks[x].dep == "relcl" and toks[x].head != x:
                return toks[x].head, "relative"  # "officials, who said": the officials
            return head, how
        passive = _children(para, x, _PASSIVE_SUBJECT)
        agents = _children(para, x, "agent")
        if agents:
            objects = _children(para, agents[0], "pobj")
            return (objects[0], "agent") if objects else None
        if passive:
            # The cue itself passive: no speaker ("it was stated"); a verb it hangs on
            # passive: its subject speaks ("X was quoted as saying").
            return (passive[0], how) if x != v else None
        if toks[x].dep == "acl" and toks[x].head != x:
            noun = toks[x].head
            if toks[noun].lower in DOCUMENT_NOUNS or toks[noun].lower in SOURCE_NOUNS:
                # "a statement saying ...": the statement, or whoever issued it ("His
                # office put out a statement saying ...": his office).
                issuer = _issuer(para, noun)
                return (issuer, "issuer") if issuer is not None else (noun, "inherited")
            # "an email to supporters stating ...": whoever sent it, the subject of the
            # verb the noun hangs on.
            for _ in range(6):
                if toks[noun].pos in {"VERB", "AUX"} or toks[noun].head in (noun, -1):
                    break
                noun = toks[noun].head
            if toks[noun].pos not in {"VERB", "AUX"}:
                return None
            x, how = noun, "inherited"
            continue
        if toks[x].dep in _CLIMB and toks[x].head != x:
            x, how = toks[x].head, "inherited"
            if _issuer(para, next((c for c in para.children[x] if toks[c].dep == "dobj"), -1)) is not None:
                # "The town released a statement Wednesday saying ...": the issuer speaks.
                how = "issuer"
            # A participle the parse hangs on a reported clause belongs to the reporter:
            # "Carson said he saw no need ..., telling X" -> Carson, not "he".
            while toks[x].dep == "ccomp" and toks[x].head != x and toks[toks[x].head].lower in CUE_FORMS \
                    and toks[v].tag == "VBG":
                x = toks[x].head
            continue
        return None
    return None


def _issuer(para: ProseParagraph, noun: int) -> int | None:
    """The subject head of the verb whose object is the document noun at ``noun`` ("the
    town released a statement": town), or None (not a document noun, no such subject)."""
    toks = para.tokens
    if noun < 0 or toks[noun].lower not in DOCUMENT_NOUNS or toks[noun].dep != "dobj":
        return None
    verb = toks[noun].head
    subjects = [c for c in para.children[verb] if toks[c].dep in _SUBJECT] if verb != noun else []
    if not subjects or toks[subjects[0]].lower in RELATIVE_WORDS_LEFT:
        return None
    return subjects[0]


def governs(para: ProseParagraph, head: int, i: int) -> bool:
    """Whether token ``i`` lies inside what the verb ``head`` reports: ``head`` is its
    ancestor in the dependency parse, not through a coordinated clause ("Reid said X,
    but he gave a compliment: '...'": the compliment is no part of what Reid said)."""
    toks = para.tokens
    below, k = i, toks[i].head
    for _ in range(len(toks)):
        if k < 0:
            return False
        if k == head:
            return toks[below].dep not in COORDINATED_DEPS
        if toks[k].head == k:
            return False
        below, k = k, toks[k].head
    return False


def coordinated_with(para: ProseParagraph, v: int, other: int) -> bool:
    """Whether the verb ``other`` heads a clause coordinated with the clause of the verb
    ``v`` ("X said ..., but he gave ...": gave with said), by the parse."""
    toks = para.tokens
    if not (parsed(para, v) and parsed(para, other)) or toks[other].sent != toks[v].sent:
        return False
    below, k = other, toks[other].head
    for _ in range(len(toks)):
        if k < 0 or toks[below].head == below:
            return False
        if k == v:
            return toks[below].dep in COORDINATED_DEPS
        below, k = k, toks[k].head
    return False


def _trim(para: ProseParagraph, a: int, b: int) -> tuple[int, int]:
    toks = para.tokens
    while a < b and (toks[a].text in _EDGE_PUNCTUATION or toks[a].mark):
        a += 1
    while b > a and (toks[b - 1].text in _EDGE_PUNCTUATION or toks[b - 1].mark or toks[b - 1].text == "."):
        b -= 1
    # A closing parenthesis belongs to the phrase only when it opens inside it.
    if b > a and toks[b - 1].text == ")" and not any(t.text == "(" for t in toks[a:b - 1]):
        b -= 1
    return a, b


def subject_phrase(para: ProseParagraph, head: int, v: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The speaker's phrase of subject head ``head`` (cue verb ``v``): ``(full, core)``.

    ``full`` is the head's subtree, never reaching over the cue verb or into quoted
    text; ``core`` the words naming the speaker: the head's own phrase (its determiners,
    modifiers, compounds and possessor: "Kremlin spokesman Dmitry Peskov", "Algeria's
    ambassador"), widened to an actor mention holding the head ("Ministry of Foreign
    Affairs"), or, when the head names no person, a person apposed to it ("Algeria's
    ambassador, Amar Bendjama" -> "Amar Bendjama").
    """
    toks = para.tokens
    a, b = subtree(para, head)
    s0, s1 = para.sent_tokens[toks[head].sent]
    a, b = max(a, s0), min(b, s1)
    if a <= v < b:
        a, b = (a, v) if head < v else (v + 1, b)
        # "a young farmer, who said": the relative clause holding the cue is no part of it.
        for c in _children(para, head, "relcl"):
            lo, hi = subtree(para, c)
            if lo <= v < hi and head < lo:
                b = min(b, lo)
    for k in range(head - 1, a - 1, -1):
        if toks[k].mark or toks[k].quote >= 0:
            a = k + 1
            break
    for k in range(head + 1, b):
        if toks[k].mark or toks[k].quote >= 0:
            b = k
            break
    a, b = _trim(para, a, b)
    if not a <= head < b:
        return (head, head + 1), (head, head + 1)
    lo = head
    for c in para.children[head]:
        if c < head and toks[c].dep in _CORE_LEFT - {"punct", "prep"}:
            lo = min(lo, subtree(para, c)[0])
    hi = head + 1
    for m in para.mentions:
        if not m.hint and m.t0 <= head < m.t1:
            lo, hi = min(lo, m.t0), max(hi, m.t1)
    core = _trim(para, max(lo, a), min(hi, b))
    has_person = any(m.person and not m.hint and m.t0 < core[1] and core[0] < m.t1 for m in para.mentions)
    if not has_person:
        for c in _children(para, head, "appos"):
            ca, cb = subtree(para, c)
            person = next((m for m in para.mentions if m.person and not m.hint and m.t0 >= ca and m.t1 <= cb), None)
            if person is not None:
                core = (person.t0, person.t1)
                break
    return (a, b), core


def according_source(para: ProseParagraph, i: int) -> int | None:
    """The head of the source of "according to" at token ``i`` (the object of "to")."""
    if not parsed(para, i):
        return None
    for to in _children(para, i, "prep"):
        if para.tokens[to].lower == "to":
            objects = _children(para, to, "pobj")
            return objects[0] if objects else None
    return None


def verb_complement(para: ProseParagraph, v: int, subject: tuple[int, int] | None = None,
                    ) -> tuple[int, int, str] | None:
    """What the cue verb ``v`` introduces: ``(first token, end token, kind)``.

    ``kind`` is ``clause`` (a ``ccomp``, its "that" left out; or the "if"/"whether"
    question of "asked"), ``to`` (an ``xcomp``:
    "wants to ...", "urged them to ..."), ``trailing`` (a clause before the cue: "...,
    he said") or ``np`` (objects and prepositional complements after the verb: "accused
    Y of ...", "denied the report"). The range never holds the subject.
    """
    if not parsed(para, v):
        return None
    toks = para.tokens
    s1 = para.sent_tokens[toks[v].sent][1]
    for dep in _CLAUSE_COMPLEMENTS:
        for c in _children(para, v, dep):
            a, b = subtree(para, c)
            if a < v < b:
                a = v + 1  # "which officials said will go ...": the relative word is no part of it
            if subject is not None and a < subject[1] and subject[0] < b:
                continue
            while a < b and (toks[a].lower == "that" and toks[a].dep == "mark" or toks[a].text in {",", ":"}):
                a += 1
            if b - a < 2:
                continue
            if b <= v:
                return a, b, "trailing"
            return a, b, "clause" if dep == "ccomp" else "to"
    if CUE_FORMS.get(toks[v].lower) in QUESTION_CUE_LEMMAS:
        # "asked the students if they were serious": the parse makes the question an adverbial clause
        for c in _children(para, v, "advcl"):
            a, b = subtree(para, c)
            if a > v and toks[a].lower in QUESTION_CONJUNCTIONS and toks[a].dep == "mark" and b - a >= 3:
                return a, b, "clause"
    after = [c for c in para.children[v] if c > v and toks[c].dep in _OBJECT_COMPLEMENTS
             and not (subject is not None and subject[0] <= c < subject[1])]
    if after:
        a = min(subtree(para, c)[0] for c in after)
        b = max(subtree(para, c)[1] for c in after)
        a, b = max(a, v + 1), min(b, s1)
        if b - a >= 1:
            return a, b, "np"
    return None


def quote_governor(para: ProseParagraph, a: int, b: int) -> int | None:
    """The token outside the quoted tokens ``[a, b)`` that their parse hangs on: the head
    of the quoted words, climbing over nouns to the nearest verb (None without a parse)."""
    toks = para.tokens
    inside = range(a, b)
    heads = [toks[k].head for k in inside if parsed(para, k) and not toks[k].mark
             and toks[k].head not in inside and toks[k].head != k and not toks[toks[k].head].mark]
    if not heads:
        return None
    x = heads[0]
    for _ in range(6):
        if toks[x].pos in {"VERB", "AUX"}:
            return x
        if toks[x].head == x or toks[x].head < 0:
            return None
        x = toks[x].head
    return None
