"""Stage 5b: attributions a learned model reads where no cue word list reaches.

News attributes far more than speech: "slammed Democratic contenders", "explained his
reasoning", "promotes his ideals", "defended the vote". Attribution corpora (PARC,
PolNeAR) count every verb by which a source acts on a content; word lists of speech and
belief verbs (:mod:`.cues`) find a third of them. This stage scores every other parsed
verb that has a subject and a complement (a clause, an infinitive or an object) with a
logistic model over features of the parse (the verb's lemma and what it takes, how its
subject hangs on it and what kind of word heads it, negation, the complement's shape)
and turns the ones that pass the model's threshold into ``indirect`` rows with the
subject as the speaker. It scores, the same way, the structures that attribute a
content without a reporting verb (:func:`structure_candidates`): a possessed noun with a
complement ("Calloway's proposal to ..."), a noun or a predicate adjective after a
copula or "have" ("X is a fierce opponent of ...", "X has doubts about ...", "X was wary
of ..."), and a passive whose agent is the source of its subject ("the tariff was
championed by X").

The model is data, not code: ``analysis/data/quotes/attribution_model.json`` holds the
weights, the threshold and the verb forms it may accept, whose sentences must be parsed; it is trained by
``benchmarks/train_attribution.py`` (its figures come from document-level
cross-validation) and read with :func:`load_attribution_model`. A row it adds keeps the
cue's and the speaker's offsets like any other, and has ``resolution`` of its speaker as
usual; the ``cue`` is the verb.

The parser reads every sentence that holds a verb form the model may accept
(:data:`.syntax.NEEDS_SYNTAX` adds the model's ``parse_forms``):

>>> model = load_attribution_model()
>>> model.parse_forms <= NEEDS_SYNTAX.cue_words
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

from analysis.corpus import Document
from analysis.extract.quotes.structures import Cue, ProseParagraph
from analysis.extract.quotes.model import DEFAULT_MODEL_PATH, AttributionModel, load_attribution_model
from analysis.extract.quotes.syntax import (
    NEEDS_SYNTAX, is_negated, parsed, subject_phrase, subtree, verb_complement, verb_subject,
)
from analysis.extract.quotes.tables import quote_row
from analysis.extract.quotes.words import (
    COGNITION_FORMS, COGNITION_LEMMAS, EVIDENCE_FORMS, EVIDENCE_LEMMAS, FIRST_PERSON,
    FIRST_PERSON_POSSESSIVE, SECOND_PERSON_POSSESSIVE, RELATIVE_WORDS_LEFT,
    INTENT_FORMS, INTENT_LEMMAS, SECOND_PERSON,
)

__all__ = [
    "DEFAULT_MODEL_PATH", "AttributionModel", "AttributionScorer", "Candidate",
    "load_attribution_model", "verb_candidates", "structure_candidates", "learned_cues", "learned_rows", "candidate_features",
]

# Parts of speech of a verb the model reads (auxiliaries and copulas are not attributions).
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
_COPULAS = frozenset({"be", "have", "do", "get", "become", "seem", "remain"})
# Subjects that are the speaker or the addressee (see verb_candidates): the rules'
# first person, and "you".
_NARRATOR_OR_ADDRESSEE = FIRST_PERSON | SECOND_PERSON
_NARRATOR_OR_ADDRESSEE_POSSESSIVE = FIRST_PERSON_POSSESSIVE | SECOND_PERSON_POSSESSIVE
# Verbs of belief, intent and evidence give rows of their own kinds (``belief``,
# ``according_to``) by the rules alone: where a rule turns one down ("the new rules want
# to ...": no one's belief), the model does not take it back as reported speech.
_RULE_VERB_FORMS = frozenset(COGNITION_FORMS) | frozenset(INTENT_FORMS) | frozenset(EVIDENCE_FORMS)
_RULE_VERB_LEMMAS = COGNITION_LEMMAS | INTENT_LEMMAS | EVIDENCE_LEMMAS
# Complement lengths in words, as bins: a one-word object is rarely what was said.
_LENGTH_BINS = (1, 2, 4, 8, 16)
# Tags of function words whose word itself is a feature when they open the complement.
_FUNCTION_TAGS = frozenset({"DT", "IN", "TO", "WDT", "WP", "WRB", "PRP", "PRP$", "CC", "RB"})


class AttributionScorer(Protocol):
    """What :func:`learned_cues` asks of a model (the training script passes a recorder):
    the verb forms it may accept (``None``: any) and whether it accepts a candidate."""

    parse_forms: frozenset[str] | None

    def accepts(self, features: Sequence[str], para: ProseParagraph, candidate: "Candidate") -> bool: ...


@dataclass(frozen=True)
class Candidate:
    """A parsed verb with a subject and a complement: token indices of the paragraph."""

    v: int
    a: int  # complement tokens [a, b)
    b: int
    kind: str  # clause | to | np | trailing (the clause before the verb) | passive | noun | adj
    head: int  # the subject's head token
    how: str  # how the subject hangs on the verb (see :func:`.syntax.verb_subject`; poss | attr | pred)


def _bin(words: int) -> str:
    for edge in reversed(_LENGTH_BINS):
        if words >= edge:
            return f"{edge}+"
    return "0"


def _subject_mention(para: ProseParagraph, head: int):
    """The actor mention (person, organisation, state) the subject's head token is in, if any."""
    return next((m for m in para.mentions if m.t0 <= head < m.t1 and not m.hint), None)


def candidate_features(para: ProseParagraph, c: Candidate) -> list[str]:
    """The model's features of candidate ``c``: strings such as ``lemma=slam``,
    ``lemma=slam|np``, ``subj_pos=PROPN``, ``in_quote``."""
    toks = para.tokens
    v, h = toks[c.v], toks[c.head]
    lemma = (v.lemma or v.lower).lower()
    first = toks[c.a]
    features = [f"lemma={lemma}", f"lemma={lemma}|{c.kind}", f"kind={c.kind}", f"tag={v.tag}",
                f"lemma={lemma}|how={c.how}", f"lemma={lemma}|comp_head={toks[c.a].pos}",
                f"vdep={v.dep}", f"how={c.how}", f"kind={c.kind}|vdep={v.dep}",
                f"subj_pos={h.pos}", f"subj_ent={h.ent or '-'}", f"len={_bin(c.b - c.a)}",
                f"kind={c.kind}|len={_bin(c.b - c.a)}", f"first={first.tag}"]
    if c.kind in {"np", "noun", "adj"} and first.dep == "prep":
        features += [f"prep={first.lower}", f"lemma={lemma}|prep={first.lower}"]
    if first.tag in _FUNCTION_TAGS:
        features.append(f"first_word={first.lower}")
    particle = next((toks[k].lower for k in para.children[c.v] if toks[k].dep == "prt"), None)
    if particle is not None:
        features += [f"prt={particle}", f"lemma={lemma}|prt={particle}"]
    # What kind of word heads the subject: a person, another actor, a pronoun, a common
    # noun (by its lemma: "officials", "critics"), or anything else; and with the verb.
    mention = _subject_mention(para, c.head)
    if mention is not None:
        subject_kind = "person" if mention.person else "actor"
    elif h.pos == "PRON":
        subject_kind = "pron"
        features.append(f"subj_pron={h.lower}")
    elif h.pos == "NOUN":
        subject_kind = "noun"
        features.append(f"subj_noun={(h.lemma or h.lower).lower()}")
    else:
        subject_kind = h.pos.lower() or "other"
    features += [f"subj={subject_kind}", f"lemma={lemma}|subj={subject_kind}", f"how={c.how}|subj={subject_kind}"]
    # The complement's head: its part of speech and entity type ("won Iowa", "spent Tuesday").
    head = next((k for k in range(c.a, c.b) if not c.a <= toks[k].head < c.b or toks[k].head == k), c.a)
    features += [f"comp_head={toks[head].pos}", f"comp_ent={toks[head].ent or '-'}"]
    if toks[head].pos == "NOUN":  # what is acted on: "criticism", "claims", "the nomination"
        noun = (toks[head].lemma or toks[head].lower).lower()
        features += [f"comp_noun={noun}", f"lemma={lemma}|comp_noun={noun}"]
    # A verb inside a report the rules already give is mostly part of someone else's
    # content ("X said the residents live with ..."), not an attribution of its own.
    if any(cue.comp is not None and cue.comp[0] <= v.start < cue.comp[1] for cue in para.cues):
        features.append("inside_report")
    if any(toks[k].mark for k in range(c.a, c.b)):
        features.append("comp_quoted")
    if v.quote >= 0:
        features.append("in_quote")
    if any(toks[k].tag in {"MD"} for k in para.children[c.v]):
        features.append("modal")
    if any(t.tag in {"VBD", "VBZ", "VBP", "MD"} for t in toks[c.a:c.b]):
        features.append("comp_finite")
    return features


def verb_candidates(para: ProseParagraph, taken: Iterable[int] = (),
                    forms: frozenset[str] | None = None) -> list[Candidate]:
    """Every candidate of ``para`` whose word is no cue list's (nor in ``taken``) and, if
    ``forms`` (lower-case words) is given, one of them: a parsed verb with a subject and
    a complement, and the structures that attribute a content without such a verb
    (:func:`structure_candidates`)."""
    toks = para.tokens
    skip = set(taken)
    found = []
    for v, t in enumerate(toks):
        if v in skip or t.tag not in _VERB_TAGS or t.mark or not parsed(para, v):
            continue
        lemma = (t.lemma or t.lower).lower()
        if lemma in _COPULAS or t.dep in {"aux", "auxpass", "amod"} or (forms is not None and t.lower not in forms):
            continue
        if lemma in _RULE_VERB_LEMMAS or t.lower in _RULE_VERB_FORMS:
            continue
        subject = verb_subject(para, v)
        if subject is None:
            continue
        head, how = subject
        if not _speaker_head(para, head, v) or is_negated(para, v):
            continue
        full, _ = subject_phrase(para, head, v)
        complement = verb_complement(para, v, full)
        if complement is not None:
            a, b = _trim_end(para, complement[0], complement[1])
            complement = (a, b, complement[2])
        # A complement that holds its own subject ("touched upon by Gromyko", the passive's
        # agent) is no content of that subject's; a passive with an agent reports its
        # subject instead ("the plan was criticised by the mayor": the plan).
        if complement is None or complement[1] <= complement[0] or (full[0] < complement[1] and complement[0] < full[1]):
            complement = _passive_content(para, v, full) if how == "agent" else None
        if complement is None:
            continue
        a, b, kind = complement
        # A speech or naming verb of the cue lists that gave no rule cue, its subject no
        # actor mention (a participle taking its clause's subject: "The X campaign released
        # an ad, questioning ..."; "Proponents like X urged ..."), is a candidate like any
        # other verb: the model scores it, and its row still needs a subject that resolves
        # to a speaker (a group, a role phrase, a pronoun's antecedent), so "the policy
        # supporting tenants" gives none.
        found.append(Candidate(v, a, b, kind, head, how))
    found.extend(structure_candidates(para, skip, forms))
    return found


def _speaker_head(para: ProseParagraph, head: int, v: int) -> bool:
    """Whether subject head ``head`` of cue word ``v`` can be a speaker the model reads: in
    the cue's sentence, no quotation mark, no narrator's or addressee's word ("we saw",
    "you know", "our view of": no report of someone else's words)."""
    toks = para.tokens
    s0, s1 = para.sent_tokens[toks[v].sent]
    return s0 <= head < s1 and not toks[head].mark and toks[head].lower not in _NARRATOR_OR_ADDRESSEE


def _trim_end(para: ProseParagraph, a: int, b: int) -> tuple[int, int]:
    while b > a and para.tokens[b - 1].text in {".", ",", ";", ":"}:
        b -= 1
    return a, b


def _passive_content(para: ProseParagraph, v: int, full: tuple[int, int]) -> tuple[int, int, str] | None:
    """The passive subject of ``v`` as its content ("The move was criticised by X"), or None."""
    toks = para.tokens
    s0, s1 = para.sent_tokens[toks[v].sent]
    for c in para.children[v]:
        if toks[c].dep == "nsubjpass" and toks[c].lower not in RELATIVE_WORDS_LEFT:
            a, b = subtree(para, c)
            a, b = _trim_end(para, max(a, s0), min(b, s1, v))
            if b > a and not (full[0] < b and a < full[1]):
                return a, b, "passive"
    return None


# What a noun or an adjective attributes: a prepositional phrase with its object ("her
# criticism of the plan", "wary of the deal"), an infinitive ("his refusal to sign",
# "eager to run") or a clause ("the claim that ...", "sure that ...").
_HEAD_COMPLEMENTS = frozenset({"prep", "xcomp", "ccomp", "acl"})


def _head_complement(para: ProseParagraph, x: int) -> tuple[int, int] | None:
    """The first complement of the noun or adjective ``x`` after it (see
    :data:`_HEAD_COMPLEMENTS`), its "that" left out, within the sentence."""
    toks = para.tokens
    s1 = para.sent_tokens[toks[x].sent][1]
    for c in sorted(para.children[x]):
        if c <= x or toks[c].dep not in _HEAD_COMPLEMENTS:
            continue
        if toks[c].dep == "prep" and not any(toks[k].dep in {"pobj", "pcomp"} for k in para.children[c]):
            continue
        if toks[c].dep == "acl" and not any(toks[k].dep in {"aux", "mark"} and toks[k].lower in {"to", "that"}
                                            for k in para.children[c]):
            continue  # "the man running the campaign": no content
        a, b = subtree(para, c)
        a, b = max(a, x + 1), min(b, s1)
        while a < b and toks[a].lower == "that" and toks[a].dep == "mark":
            a += 1
        a, b = _trim_end(para, a, b)
        if b > a and not any(toks[k].mark for k in (a, b - 1)):
            return a, b
        return None
    return None


def structure_candidates(para: ProseParagraph, skip: Iterable[int] = (),
                         forms: frozenset[str] | None = None) -> list[Candidate]:
    """The attributions without a reporting verb, each a :class:`Candidate` whose ``v`` is
    the word that attributes:

    * ``noun``: a noun with a possessor and a complement ("Lund's criticism of the plan",
      "his refusal to sign"; ``how`` ``poss``), or a noun a copula or "have" takes, with
      that verb's subject ("X is a fierce critic of Y", "X has doubts about Y"; ``how``
      ``attr``);
    * ``adj``: a predicate adjective with a complement, with its copula's subject ("X is
      wary of the deal", "X was eager to run"; ``how`` ``pred``).
    """
    toks = para.tokens
    skip = set(skip)
    found = []
    for x, t in enumerate(toks):
        if x in skip or t.mark or t.pos not in {"NOUN", "ADJ"} or not parsed(para, x):
            continue
        if forms is not None and t.lower not in forms:
            continue
        head = how = None
        verb = t.head if t.head != x and t.head >= 0 else None
        if t.pos == "NOUN":
            poss = [c for c in para.children[x] if toks[c].dep == "poss" and c < x]
            if poss:
                if toks[poss[0]].lower in _NARRATOR_OR_ADDRESSEE_POSSESSIVE:
                    continue
                head, how = poss[0], "poss"
            elif t.dep in {"attr", "dobj"} and verb is not None \
                    and (toks[verb].lemma or toks[verb].lower).lower() in _COPULAS:
                head, how = _subject_of(para, verb), "attr"
        elif t.dep == "acomp" and verb is not None:
            head, how = _subject_of(para, verb), "pred"
        if head is None or not _speaker_head(para, head, x):
            continue
        if verb is not None and how != "poss" and is_negated(para, verb):
            continue
        complement = _head_complement(para, x)
        if complement is None:
            continue
        a, b = complement
        full, _ = subject_phrase(para, head, x)
        if full[0] < b and a < full[1]:
            continue
        found.append(Candidate(x, a, b, "noun" if t.pos == "NOUN" else "adj", head, how))
    return found


def _subject_of(para: ProseParagraph, verb: int) -> int | None:
    subject = verb_subject(para, verb)
    return None if subject is None else subject[0]


def learned_cues(para: ProseParagraph, scorer: AttributionScorer) -> list[Cue]:
    """Cues for the candidates ``scorer`` accepts, each with its subject and complement
    (``comp_kind`` ``learned``); the verbs of ``para.cues`` are left to the rules."""
    taken = {k for cue in para.cues for k in range(cue.v0, cue.v1)}
    toks = para.tokens
    cues = []
    # Only the verbs whose sentences the parser is sure to read: a row must not depend on
    # whether its sentence happened to be parsed for another reason (a quotation mark).
    for c in verb_candidates(para, taken, scorer.parse_forms):
        if not scorer.accepts(candidate_features(para, c), para, c):
            continue
        full, core = subject_phrase(para, c.head, c.v)
        cue = Cue(para.index, c.v, c.v + 1, "verb", subject=full, core=core if core != full else None,
                  comp=(toks[c.a].start, toks[c.b - 1].end), comp_kind="learned", sent=toks[c.v].sent)
        cues.append(cue)
    return cues


def _overlap_matches(a: int, b: int, c: int, d: int) -> bool:
    """Two spans that say the same (their overlap covers half the shorter one)."""
    shared = min(b, d) - max(a, c)
    return shared > 0 and shared >= 0.5 * min(b - a, d - c)


def learned_rows(document: Document, para: ProseParagraph, cues: Sequence[Cue], rows: Sequence[dict]) -> list[dict]:
    """``indirect`` rows (``mixed`` with a quoted part) of the learned ``cues`` of ``para``,
    leaving out a cue whose subject resolves to no speaker, a report that ``rows`` (the
    rule rows so far) already give and one that lies wholly inside an accepted direct
    quotation (the quoted speaker's own verbs)."""
    own = [(r["start"], r["end"]) for r in rows if r["paragraph_id"] == para.paragraph.paragraph_id]
    accepted = [q for q in para.quotes if q.accepted]
    found = []
    for cue in cues:
        # A row must say who: a subject that resolves to no speaker ("sanctions policy
        # increasing the cost", "these demands reflect") answers no question of who says
        # what, and on PolNeAR fewer than half of such rows are attributions.
        if cue.speaker is None or cue.speaker.speaker_id is None:
            continue
        a, b = cue.comp
        start, end = para.original_span(a, b)
        if any(_overlap_matches(start, end, s, e) for s, e in own):
            continue
        if any(q.open_at <= a and (q.close_at is None or q.close_at + 1 >= b) for q in accepted):
            continue
        kind = "mixed" if para.quotes_within(a, b) else "indirect"  # as the rules' reports (report_kind)
        row = quote_row(document, para, a, b, kind, cue.speaker, cue)
        row["method"] = "model"
        found.append(row)
    return found
