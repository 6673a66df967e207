"""Stage 3: speech cues, their subjects and what they introduce.

A cue is a speech-act verb of ``data/quotes/cues.yaml`` in any form ("said", "stressing",
"was stated by"), "according to X" / "in the words of X", a cue noun ("X's statement
that ...") or a name before a colon and a quote ("Zakharova: “...”"). For every cue,
:func:`find_cues` reads

* its **subject**, the noun phrase of the speaker, from token patterns: left of the
  verb over adverbs, auxiliaries and a parenthetical ("Putin, in his Address ...,
  noted"), inverted after it ('"...," said Zakharova'), widened over a joint subject
  ("China and Russia said"), or the subject of the clause a participle hangs on
  (", saying ...");
* or its **source**, a document phrase before an agentless passive ("In the joint
  statement ..., it was stressed that ...");
* and its **complement** (:func:`find_complement`): an adjacent quotation, a
  that-clause, a bare clause, a noun phrase for the verbs that report a point made, the
  rest of the sentence ("As X said, ..."), or the clause before it ("..., X said").

Where the sentence has a dependency parse (:mod:`.syntax`), the parse gives the subject
first (active, passive agent, inverted, appositive, inherited by a participle or a
coordinated verb, "X was quoted as saying"), with the phrase's core that names the
speaker (:attr:`Cue.core`); the token patterns above are the fallback. A subject must
name a possible speaker (an actor, a pronoun, a role or speaker noun, a name), except
for the speech verbs of ``speaker_subject_lemmas`` ("say", "tell", "argue" ...): their
own subject speaks whatever noun names it ("the farmers said", "a young beekeeper, who
said"). The parse also gives the complement the patterns miss ("acknowledged Sunday
that ...", "accused Y of ...", "wants to ..."), and the content of a possessed cue noun
("the senator's claim that ...", "her criticism of the plan").

Besides speech cues, :func:`find_cues` reads **cognition cues** ("believes", "wants",
"fears": ``sense`` belief), **naming cues** ("called the vote 'a great day'": ``sense``
naming, a report only with a quoted complement, active voice only), "according to"
a document or data ("according to a survey by ...": ``sense`` source) and **evidence
cues**, what a document or data shows ("a poll showed X ahead", "the study found that
...": ``sense`` evidence, only with a parsed subject headed by a source noun).

Negated cues ("did not say"), infinitives ("to say") and attributive participles ("the
stated aim", "the architecture proposed by ...") are no cues.
"""

from __future__ import annotations

from analysis.extract.quotes.phrases import (
    clause_ahead, is_finite, is_open_mark, np_left, np_right, sentence_end, sentence_token_bounds,
    skip_left, token_before,
)
from analysis.extract.quotes.roles import roles_in
from analysis.extract.quotes.structures import Cue, ProseParagraph, QuotedSpan, Token
from analysis.extract.quotes.syntax import (
    according_source, is_negated, parsed, subject_phrase, subtree, verb_complement, verb_subject,
)
from analysis.extract.quotes.words import (
    ASPECT_VERBS, BE_FORMS, COGNITION_FORMS, INTENT_FORMS, INTENT_PREPOSITIONS, COORDINATORS, CUE_FORMS, DOCUMENT_HEAD_STOPS, DOCUMENT_NOUNS,
    ENTITY_ACTOR_TYPES, EVIDENCE_FORMS, EVIDENCE_LEMMAS, GROUP_WORDS, HAVE_FORMS, LIST_JOINERS, MENTAL_STATE_LEMMAS,
    AS_REPORT_LEMMAS, REPORT_PREPOSITIONS, NAMING_FORMS, NAMING_LEMMAS, NON_CLAUSE_STARTS, NON_CUE_BEFORE, NOUN_CUE_PREPOSITIONS, NOUN_CUES,
    NP_CUE_LEMMAS, OBJECT_NOUN_CUES, NP_TAGS, PARENTHETICAL_STOPS, PARTICIPLE_OPENERS, PLURAL_PERSON_NOUNS,
    POSSESSIVE_ENDINGS,
    RECIPIENT_CUE_LEMMAS, SOURCE_NOUNS, STANCE_CUE_LEMMAS, SOURCE_PREPOSITIONS, SPEAKER_NOUNS, SPEAKER_SUBJECT_LEMMAS,
    RELATIVE_WORDS_RIGHT, SUBJECT_CONJUNCTIONS, SUBJECT_PRONOUNS, SUBJECT_START_TAGS,
)

__all__ = [
    "find_cues", "verb_cue", "cue_lemma", "can_name_speaker", "subject_of", "joint_subject",
    "in_subject_position", "participle_subject", "source_phrase", "is_document_np", "find_complement",
    "according_complement", "is_title_case", "TITLE_CASE_SHARE", "noun_cue", "position_cues", "lead_cue", "is_name", "is_group", "opens_clause",
]

# Cue verbs whose complement may be a plain noun phrase: the verbs that report a point
# made ("stressed the need"), the naming verbs ("called the vote 'a great day'") and the
# evidence verbs ("the poll showed a close race").
_NP_LEMMAS = NP_CUE_LEMMAS | NAMING_LEMMAS | EVIDENCE_LEMMAS
# How a mention hangs on a common-noun subject head that names no one by itself: as
# its possessor, inside a modifying clause or a place phrase it makes no speaker
# ("Russia's proposal", "the discussions, facilitated by the U.S.", "partnerships within
# the SCO"); apposed or after "of" it does ("Friends of Mr. Clinton").
_NAMING_ATTACHMENTS = frozenset({"appos", "prep", "conj", "nmod", "compound"})
# A bracketed tag between a name and its verb ("(R-Ohio)", "(D-N.Y.)") has at most this
# many tokens: a longer bracket is an aside, not part of the subject.
MAX_BRACKETED_TAG_TOKENS = 8


def cue_lemma(word: str) -> tuple[str, str] | None:
    """``(lemma, sense)`` of a cue verb form: speech, belief (cognition), intent, naming
    or evidence (what a document or data shows).

    >>> cue_lemma("said"), cue_lemma("believes"), cue_lemma("dubbed"), cue_lemma("ran")
    (('say', 'speech'), ('believe', 'belief'), ('dub', 'naming'), None)
    >>> cue_lemma("showed"), cue_lemma("sought")
    (('show', 'evidence'), ('seek', 'intent'))
    """
    if word in CUE_FORMS:
        return CUE_FORMS[word], "speech"
    if word in COGNITION_FORMS:
        return COGNITION_FORMS[word], "belief"
    if word in INTENT_FORMS:
        return INTENT_FORMS[word], "intent"
    if word in NAMING_FORMS:
        return NAMING_FORMS[word], "naming"
    if word in EVIDENCE_FORMS:
        return EVIDENCE_FORMS[word], "evidence"
    return None


def _lemma_at(para: ProseParagraph, v: int) -> str:
    """The cue lemma of the verb at token ``v`` ("" when it is no cue verb)."""
    found = cue_lemma(para.tokens[v].lower)
    return found[0] if found else ""


def find_cues(para: ProseParagraph) -> list[Cue]:
    """Every speech cue of a paragraph with its subject and what it introduces."""
    toks = para.tokens
    cues: list[Cue] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.quote >= 0 or t.mark:
            continue
        s0, s1 = sentence_token_bounds(para, i)
        # "according to X" / "in the words of X"
        if t.lower == "according" and i + 1 < n and toks[i + 1].lower == "to":
            np_ = np_right(para, i + 2, s1)
            core = None
            head = according_source(para, i)
            if head is not None and head > i + 1:
                np_, core = subject_phrase(para, head, i)
            if np_ is None:
                continue
            np_ = _source_before_clause(para, np_)
            if core is not None and core[1] > np_[1]:
                core = None
            # "According to" always names a source: a speaker, or a document or data
            # ("according to a survey", "according to one global index").
            source_head = toks[head] if head is not None else toks[np_[1] - 1]
            named = can_name_speaker(para, np_) or is_name(para, np_)
            sense = "source" if source_head.lower in SOURCE_NOUNS or not named else "speech"
            if named or source_head.pos in {"NOUN", "PROPN"} or source_head.tag in NP_TAGS:
                cue = Cue(para.index, i, i + 2, "according", subject=np_, sent=t.sent, sense=sense)
                if core is not None and core != np_ and can_name_speaker(para, core):
                    cue.core = core
                according_complement(para, cue, s0, s1)
                cues.append(cue)
            continue
        if t.lower == "words" and i >= 2 and toks[i - 1].lower == "the" and toks[i - 2].lower == "in" \
                and i + 1 < n and toks[i + 1].lower == "of":
            np_ = np_right(para, i + 2, s1)
            if np_:
                cue = Cue(para.index, i - 2, i + 2, "according", subject=np_, sent=t.sent)
                according_complement(para, cue, s0, s1)
                cues.append(cue)
            continue
        # Noun cues: "the words of X that ...", "X's statement that ...", "her promise to"
        if t.lower in NOUN_CUES or (t.lower.endswith("s") and t.lower[:-1] in NOUN_CUES):
            cue = noun_cue(para, i, s0, s1)
            if cue:
                cues.append(cue)
                continue
            if t.tag in {"NN", "NNS"} or t.pos == "NOUN" or not t.tag:
                continue  # a noun ("the claim"); a verb of the same spelling is read below
        found = cue_lemma(t.lower)
        if found is None or t.tag in {"JJ", "NN", "NNS", "NNP"} or t.tag == "NNPS" and not is_title_case(para, s0, s1):
            # (a plural name is no verb, but in a title-case headline the tagger reads
            # verbs so: "Jeb Bush Aide Slams Rubio Donor", "..., Calls Trump's Remarks ...")
            continue
        lemma, sense = found
        if lemma == "point" and not (i + 1 < n and toks[i + 1].lower == "out"):
            continue
        v1 = i + 2 if lemma == "point" else i + 1
        cue = verb_cue(para, i, v1, s0, s1, sense)
        if cue:
            cues.append(cue)
    # Colon cues: "Zakharova: “...”" (a name right before a colon and a quote).
    for q in para.quotes:
        k = token_before(para, q.open_at)
        if k is not None and toks[k].text == ":" and k >= 1:
            np_ = np_left(para, k, sentence_token_bounds(para, k)[0])
            if np_ and any(m.t0 >= np_[0] and m.t1 <= np_[1] for m in para.mentions) \
                    and in_subject_position(para, np_, sentence_token_bounds(para, k)[0]):
                cues.append(Cue(para.index, k, k + 1, "colon", subject=np_, quote_open=q.open_at,
                                 sent=toks[k].sent))
    cues.extend(position_cues(para, cues))
    para.lead = lead_cue(para, cues)
    if para.lead is not None and para.lead not in cues:
        cues.append(para.lead)
    cues.sort(key=lambda c: c.v0)
    return cues


def position_cues(para: ProseParagraph, cues: list[Cue]) -> list[Cue]:
    """Cues that a quotation's position proves, whatever the verb: a clause before a
    colon and the quote ('Cruz continued: "..."', 'Reid gave the Texan a compliment:
    "..."'), and the news attribution after a quote that opens its clause ('"...," he
    continued.', '"...?" asked the boy'). The verb need not be a speech cue; its subject
    is any noun phrase or pronoun, since the construction itself says who speaks."""
    toks = para.tokens
    out: list[Cue] = []
    taken = {c.quote_open for c in cues if c.quote_open is not None}
    for q in para.quotes:
        mark = next((t.i for t in toks if t.start == q.open_at), None)
        if mark is not None and q.open_at not in taken and mark >= 2 and toks[mark - 1].text == ":":
            s0 = sentence_token_bounds(para, mark - 1)[0]
            cue = _clause_cue(para, mark - 1, s0)
            if cue is not None:
                cue.quote_open, cue.quote_sep = q.open_at, ":"
                cue.comp, cue.comp_kind = (q.open_at, q.b), "quote"
                out.append(cue)
        if q.close_at is None:
            continue
        cue = _trailing_attribution(para, q, cues + out)
        if cue is not None:
            out.append(cue)
    return out


def lead_cue(para: ProseParagraph, cues: list[Cue]) -> Cue | None:
    """The cue of a paragraph that ends with a colon after its clause ('Cruz called them
    on it:', 'he declared:'): the next paragraph's opening quotation is its words."""
    toks = para.tokens
    if not toks or toks[-1].text != ":" or (para.quotes and para.quotes[-1].close_at is None):
        return None
    s0 = sentence_token_bounds(para, len(toks) - 1)[0]
    last = [c for c in cues if c.sent == toks[-1].sent and c.subject is not None and c.quote_open is None]
    if last:
        return last[-1]
    cue = _clause_cue(para, len(toks) - 1, s0)
    if cue is not None:
        cue.quote_sep = ":"
    return cue


def _clause_cue(para: ProseParagraph, colon: int, s0: int) -> Cue | None:
    """A cue for the clause ending at the colon token ``colon``: its main verb and a
    subject that can name a speaker (the parse's, else the token patterns')."""
    toks = para.tokens
    verbs = [j for j in range(s0, colon) if toks[j].quote < 0 and not toks[j].mark and is_finite(toks[j])]
    if parsed(para, colon) and verbs:
        # The clause nearest the colon speaks ("Reid said ..., but he gave the Texan a
        # compliment:": he), skipping verbs of relative clauses.
        v = next((j for j in reversed(verbs) if toks[j].dep not in {"relcl", "acl"}), verbs[-1])
        found = verb_subject(para, v)
        if found is not None and s0 <= found[0] < colon:
            full, core = subject_phrase(para, found[0], v)
            head = para.tokens[found[0]]
            # The construction proves a speaker: a pronoun or a capitalised word will do
            # ("Pence continued:", the tagger may call the name a plural noun).
            if can_name_speaker(para, full) or is_name(para, full) or head.lower in SUBJECT_PRONOUNS \
                    or head.text[:1].isupper() and head.pos in {"NOUN", "PROPN"}:
                cue = Cue(para.index, v, v + 1, "verb", subject=full, sent=toks[v].sent)
                cue.core = core if core != full and can_name_speaker(para, core) else None
                return cue
        return None
    for v in reversed(verbs):
        np_ = subject_of(para, v, s0) or _bare_name_subject(para, v, s0)
        if np_ is not None:
            return Cue(para.index, v, v + 1, "verb", subject=np_, sent=toks[v].sent)
    return None


def _bare_name_subject(para: ProseParagraph, v: int, s0: int) -> tuple[int, int] | None:
    """A capitalised name right before the verb at ``v`` that no mention covers ("Cruz
    continued:" in a sentence nobody parsed: it holds no quote and no cue word). As in
    the parse's path of :func:`_clause_cue`, the colon construction proves a speaker."""
    k, negated = skip_left(para, v - 1, s0)
    if negated or k < s0:
        return None
    np_ = np_left(para, k + 1, s0)
    if np_ is None or not is_name(para, np_) or not in_subject_position(para, np_, s0):
        return None
    return np_


def is_name(para: ProseParagraph, np_: tuple[int, int]) -> bool:
    """A phrase of capitalised proper nouns (a name the NER missed: "Cardin", "Pence"),
    after an optional title ("Sen.") or article.

    A parsed subject or a quotation's attribution that is such a name is a speaker
    (:meth:`~analysis.extract.quotes.resolve.SpeakerResolver.resolve` gives it an
    ``unlinked:`` id)."""
    toks = [t for t in para.tokens[np_[0]:np_[1]] if t.lower not in ("the", "'s", "-", ".")]
    return bool(toks) and len(toks) <= 4 and all(t.text[:1].isupper() and (
        t.tag in {"NNP", "NNPS"} or t.pos == "PROPN" or t.ent in ENTITY_ACTOR_TYPES) for t in toks)


def _trailing_attribution(para: ProseParagraph, q: QuotedSpan, cues: list[Cue]) -> Cue | None:
    """'"...," he continued.' / '"...?" asked the boy': subject and verb right after a
    quote that opens its clause and ends with a comma, a question or exclamation mark or
    a dash; nothing but adjuncts may follow them in the clause."""
    toks = para.tokens
    content = para.text[q.a:q.close_at].rstrip()
    if not content.endswith((",", "?", "!", "\u2014", "-")) or not opens_clause(para, q):
        return None
    k = next((t.i for t in toks if t.start > q.close_at), None)
    if k is None:
        return None
    while k < len(toks) and toks[k].text in {",", "\u2013", "\u2014", "-", "--"}:
        k += 1
    if k >= len(toks) or toks[k].mark:
        return None
    _, s1 = sentence_token_bounds(para, k)
    for c in cues:
        if c.subject is not None and min(c.v0, c.subject[0]) == k:
            return None  # a cue of its own is already there
    t = toks[k]
    if t.quote >= 0:
        return None
    if is_finite(t) and t.lower not in BE_FORMS | HAVE_FORMS \
            and not any(m.t0 == k and not m.hint for m in para.mentions):
        np_ = np_right(para, k + 1, s1)  # inverted: "asked the boy"
        if np_ is None or not _noun_phrase(para, np_):
            return None
        v, subject = k, np_
    else:
        # A name the tagger took for a verb ('"...," Trump shot back': "trump") is
        # still the subject when an actor mention covers it.
        named = next((m for m in para.mentions if m.t0 == k and not m.hint), None)
        np_ = (k, named.t1) if named is not None else np_right(para, k, s1)
        if np_ is None or np_[1] >= s1 or named is None and not _noun_phrase(para, np_):
            return None
        v = np_[1]
        if v < s1 and toks[v].text == ",":
            # An apposition: '"...," Representative Steve Cohen, Democrat of Tennessee, told'
            close = next((j for j in range(v + 1, min(s1, v + 14)) if toks[j].text == ","), None)
            if close is None:
                return None
            np_, v = (np_[0], close), close + 1
        while v < s1 and toks[v].tag in {"RB", "RBR"}:
            v += 1
        if v >= s1 or not is_finite(toks[v]) or toks[v].lower in BE_FORMS | HAVE_FORMS | NON_CUE_BEFORE:
            return None
        subject = np_
    # The clause ends after the attribution: only adjuncts, then "," "." or the sentence end.
    end = max(v + 1, subject[1])
    while end < s1 and toks[end].text not in {",", ".", ";", "!", "?"} and not toks[end].mark:
        if is_finite(toks[end]) or toks[end].text == ":":
            return None
        end += 1
    return Cue(para.index, v, v + 1, "verb", subject=subject, sent=toks[v].sent)


def _noun_phrase(para: ProseParagraph, np_: tuple[int, int]) -> bool:
    """A phrase headed by a noun, a name or a personal pronoun (a possible speaker)."""
    head = para.tokens[np_[1] - 1]
    return head.pos in {"NOUN", "PROPN"} or head.lower in SUBJECT_PRONOUNS or head.tag in {"NN", "NNS", "NNP", "NNPS"}


def opens_clause(para: ProseParagraph, q: QuotedSpan) -> bool:
    """The quote starts its sentence (or follows a colon, a dash, another quote, or a
    short lead-in: 'Yet, "it is hard ...," added X', 'And "...," she said')."""
    # The sentence of the content: a splitter may leave an opening mark at the end of
    # the previous sentence ('... approach. "' + 'Yes, this is ...').
    s = para.sentence_at(q.a)
    s_start = para.offsets[s]
    if q.open_at < s_start:
        return True
    before = para.text[s_start:q.open_at].strip()
    if not before:
        return True
    if before[-1] in ":\u2013\u2014\"'" or before.endswith("--"):
        return True
    return len(before.rstrip(",").split()) == 1  # "Yet,", "Meantime", "And"


def verb_cue(para: ProseParagraph, i: int, v1: int, s0: int, s1: int, sense: str = "speech") -> Cue | None:
    """A cue verb at token ``i``: its form, subject and complement (None if not a cue).

    With a parse, the parse's subject and complement win where they name a speaker
    (see :mod:`.syntax`); the token patterns give the rest.
    """
    toks = para.tokens
    t = toks[i]
    k, negated = skip_left(para, i - 1, s0)
    if negated:
        return None
    before = toks[k] if k >= s0 else None
    lemma = _lemma_at(para, i)
    syntax = parsed(para, i)
    if t.tag == "VBG" and lemma in STANCE_CUE_LEMMAS and not _progressive(para, i, s0):
        # "..., supporting the former combatants": a policy may do it too; but a speaker
        # the participle describes takes the stance ("an outside group backing Rubio").
        return _stance_participle(para, i, v1, s0, s1, sense) if syntax else None
    # Infinitives ("to say", "would like to remind") and "worth recalling" are no cues,
    # unless the parse hangs the infinitive on a speaker's verb ("he went on to say").
    if before is not None and before.lower in NON_CUE_BEFORE and not (
            syntax and before.lower == "to" and t.dep == "xcomp" and _infinitive_speaker(para, i)):
        return None
    if syntax and (is_negated(para, i) or (t.tag == "VBN" and t.dep == "amod")):
        return None  # "never said"; "the stated aim", "the plan proposed by ..."
    if sense in {"evidence", "intent"} and not syntax:
        return None  # only the parse tells a poll that "showed" from a person who "found",
        # and an infinitive ("voted to raise") from a preposition ("voted to the end")
    cue = _pattern_cue(para, i, v1, s0, s1, k, before) if sense != "evidence" else None
    if syntax:
        cue = _syntax_cue(para, i, v1, s0, s1, cue, evidence=sense == "evidence", belief=sense == "belief")
    if cue is None or (sense == "evidence") != (cue.sense == "evidence"):
        return None  # an evidence verb without a document or data subject: a person who "found"
    cue.sense = sense
    if sense == "naming" and cue.form == "passive":
        return None  # "was described as ...": the journalist's description
    # "called for a special prosecutor", "spoke of a new era": what follows the preposition
    # is reported; "described the plan as reckless": the object and what it is described as.
    prepositional = sense == "naming" and i + 2 < s1 and toks[i + 1].lower in REPORT_PREPOSITIONS.get(lemma, ()) \
        and toks[i + 2].ent not in _TIME_ENTITIES  # "spoke on Monday": when, not what
    if prepositional or (sense == "naming" and lemma in AS_REPORT_LEMMAS and any(
            toks[j].lower == "as" for j in range(i + 2, min(s1, i + 10)))):
        cue.sense = "speech"
    if sense == "intent":
        return _intent_complement(para, cue, s1)
    find_complement(para, cue, s0, s1)
    if syntax and (cue.comp is None or cue.comp_kind == "np"):
        # The parse sees a clause past adjuncts the patterns stop at ("warned Saturday
        # that ..."), and complements they miss.
        _syntax_complement(para, cue, s0, s1, keep=cue.comp is not None)
    if prepositional and cue.quote_open is None and not toks[i + 2].mark:
        # What follows the preposition, whole: "a special prosecutor to oversee ...", "the board to resign".
        cue.comp, cue.comp_kind = (toks[i + 2].start, sentence_end(para, s1)), "np"
    return cue


def _intent_complement(para: ProseParagraph, cue: Cue, s1: int) -> Cue | None:
    """An intent verb reports the infinitive right after it, whole ("declined to renew its
    sponsorship of the event"), or what one of its ``intent_prepositions`` governs ("voted
    against the levy"), and nothing else ("sought a meeting", "seeks assurances to prevent
    ...": the infinitive says what the assurances are for)."""
    toks = para.tokens
    if cue.subject is not None and cue.subject[1] - cue.subject[0] == 1 and toks[cue.subject[0]].lower == "it":
        return None  # "it aims to promote stability": a plan or a law, more often than an actor
    lemma = INTENT_FORMS.get(toks[cue.v0].lower, "")
    if cue.v1 + 1 < s1 and toks[cue.v1].lower in INTENT_PREPOSITIONS.get(lemma, ()) and toks[cue.v1].head == cue.v0:
        # "voted against the levy": what the vote was for or against (a report, not an intent)
        a, b = subtree(para, cue.v1)
        if b - a >= 2:
            cue.comp = (toks[a + 1].start, sentence_end(para, s1) if b >= s1 else toks[b - 1].end)
            cue.comp_kind, cue.sense = "np", "speech"
            cue.v1 += 1  # the cue is "voted for"; what follows it is the report
            return cue
    found = verb_complement(para, cue.v0, cue.subject)
    if found is None or found[2] != "to" or found[0] != cue.v1 or toks[found[0]].lower != "to":
        return None
    a, b, _ = found
    # The parse hangs the subject of a coordinated clause on the object ("refused to
    # release his taxes and his party lost the vote": "party" a conj of "taxes"); a finite
    # verb right after the infinitive's words shows it, and the last "and" ends the intent.
    if b < s1 and (is_finite(toks[b]) or toks[b].tag == "MD"):
        cc = [k for k in range(a + 1, b) if toks[k].dep == "cc"]
        if cc:
            b = cc[-1]
    cue.comp = (toks[a].start, sentence_end(para, s1) if b >= s1 else toks[b - 1].end)
    cue.comp_kind = "to"
    return cue


def _stance_participle(para: ProseParagraph, i: int, v1: int, s0: int, s1: int, sense: str) -> Cue | None:
    """A stance participle modifying a noun that names a speaker ("a group backing Rubio",
    "senators opposing the bill"): that noun phrase is the subject; its object is reported."""
    toks = para.tokens
    head = toks[i].head
    if toks[i].dep != "acl" or not s0 <= head < i or toks[head].quote >= 0:
        return None
    if not (_heads_speaker(para, head) or is_group(para, head) or toks[head].lower in PLURAL_PERSON_NOUNS):
        return None
    full, core = subject_phrase(para, head, i)
    if not (can_name_speaker(para, full) or is_name(para, core) or is_group(para, head)):
        return None
    cue = Cue(para.index, i, v1, "participle", subject=full, sent=toks[i].sent, sense=sense)
    if core != full and can_name_speaker(para, core):
        cue.core = core
    objects = [c for c in para.children[i] if toks[c].dep in {"dobj", "ccomp", "xcomp"}]
    if not objects:
        return None
    a, b = subtree(para, objects[0])
    cue.comp, cue.comp_kind = (toks[a].start, toks[min(b, s1) - 1].end), "np"
    return cue


def _progressive(para: ProseParagraph, i: int, s0: int) -> bool:
    """The participle at ``i`` follows a form of "be" (adverbs between): "is (now) supporting"."""
    j = i - 1
    while j >= s0 and para.tokens[j].tag in {"RB", "RBR"}:
        j -= 1
    return j >= s0 and para.tokens[j].lower in BE_FORMS


def _infinitive_speaker(para: ProseParagraph, i: int) -> bool:
    """The infinitive cue ``i`` ("went on to say") has a subject that is someone, not "it"."""
    found = verb_subject(para, i)
    return found is not None and para.tokens[found[0]].lower != "it" and _heads_speaker(para, found[0])


def _syntax_cue(para: ProseParagraph, i: int, v1: int, s0: int, s1: int, cue: Cue | None, *,
                evidence: bool = False, belief: bool = False) -> Cue | None:
    """The cue at token ``i`` with the parse's subject where it names a speaker (it wins
    over the patterns' subject: it sees appositions, relative clauses and inversions).

    For an ``evidence`` verb the subject must instead be the verb's own, headed by a
    document or data noun ("a poll showed"); the cue then has ``sense`` evidence.
    Speech verbs never take such a subject ("The data suggest that ..." is nobody
    speaking)."""
    toks = para.tokens
    found = verb_subject(para, i)
    if found is None:
        return cue
    head, how = found
    if not s0 <= head < s1 or toks[head].quote >= 0 or toks[head].mark:
        return cue  # (a subject inside quoted words is a misparse)
    if evidence:
        if how in {"inherited", "issuer"} or not _is_source_head(para, head):
            return None
        # "a poll showed", "the records reveal": the document or data is the source (an
        # issuer named in the phrase, "a CNN poll", is resolved as its speaker).
        full, _ = subject_phrase(para, head, i)
        return Cue(para.index, i, v1, "verb", subject=full, sent=toks[i].sent, sense="evidence")
    # The verb itself may prove a speaker ("the farmers said"), but only its own subject:
    # a subject inherited from the verb a participle hangs on may be a thing ("Russia's
    # proposal arrives as NATO ..., saying"); else the subject must name a speaker.
    by_verb = (how == "issuer" or how != "inherited" and _lemma_at(para, i) in SPEAKER_SUBJECT_LEMMAS) \
        and _nominal(para, head)
    # People hold beliefs: a count of them or a plural noun as the subject of a cognition
    # verb ("50 percent believe", "many researchers believe", "some fear").
    by_verb = by_verb or belief and how in {"active", "relative"} and (
        is_group(para, head) or toks[head].tag == "NNS" and _lemma_at(para, i) in MENTAL_STATE_LEMMAS)
    if not (by_verb or _heads_speaker(para, head)):
        return cue
    full, core = subject_phrase(para, head, i)
    if not (by_verb or can_name_speaker(para, full) or is_name(para, core) or is_group(para, head)):
        return cue
    if cue is None:
        t = toks[i]
        form = "verb"
        if how == "agent":
            form = "passive"
        elif how in {"inherited", "issuer"} and t.tag == "VBG" and toks[i].dep in {"advcl", "conj", "pcomp"}:
            form = "participle"
        if any(toks[c].lower == "as" and toks[c].dep == "mark" for c in para.children[i]):
            form = "as"
        cue = Cue(para.index, i, v1, form, sent=t.sent)
    if cue.source is not None and cue.subject is None:
        return cue  # "In the statement ..., it was stressed": the document speaks
    cue.subject = full
    cue.core = core if core != full and can_name_speaker(para, core) and not _coordinated(para, head) else None
    return cue


def is_group(para: ProseParagraph, head: int) -> bool:
    """A subject head that counts people ("12 said", "one firm says", "Some said",
    "Forty percent of the voters asked say"): a number or a group word."""
    t = para.tokens[head]
    return t.tag == "CD" and any(ch.isdigit() for ch in t.text) or t.lower in GROUP_WORDS


def _is_source_head(para: ProseParagraph, head: int) -> bool:
    """The subject head is a document or data noun (``source_nouns``: "poll", "records",
    "study"), by its word or its lemma ("polls" -> "poll")."""
    t = para.tokens[head]
    return t.pos in {"NOUN", "PROPN"} and (t.lower in SOURCE_NOUNS or t.lemma.lower() in SOURCE_NOUNS)


def _nominal(para: ProseParagraph, head: int) -> bool:
    """A subject head that can stand for someone: a noun, a name, a number or a personal
    or group pronoun (not "this", "that", "what": "That is what they said")."""
    t = para.tokens[head]
    return t.pos in {"NOUN", "PROPN", "NUM"} or t.tag in {"NN", "NNS", "NNP", "NNPS", "CD"} \
        or t.lower in SUBJECT_PRONOUNS or t.lower in GROUP_WORDS


def _heads_speaker(para: ProseParagraph, head: int) -> bool:
    """Whether the head word of a parsed subject can be a speaker: an actor mention, a
    pronoun, a role, speaker or document noun, or a proper name ("Russia's partnerships
    underscore" and "the Kremlin's insistence suggests" are no one speaking)."""
    toks = para.tokens
    t = toks[head]
    if any(m.t0 <= head < m.t1 for m in para.mentions):
        return True
    if t.lower in SUBJECT_PRONOUNS or t.lower in SPEAKER_NOUNS or t.lower in DOCUMENT_NOUNS or is_group(para, head) \
            or t.lower in SOURCE_NOUNS or roles_in(t.lower) or t.pos == "PROPN" or t.tag in {"NNP", "NNPS"} \
            or t.ent in ENTITY_ACTOR_TYPES:
        return True
    for m in para.mentions:
        if m.hint:
            continue
        k, step = m.t0, m.t0
        for _ in range(12):  # climb from the mention to the head; the last step says how it hangs
            if k == head or toks[k].head in (k, -1):
                break
            step, k = k, toks[k].head
        if k == head and step != head and toks[step].dep in _NAMING_ATTACHMENTS \
                and (toks[step].dep != "prep" or toks[step].lower == "of"):
            return True
    return False


def _coordinated(para: ProseParagraph, head: int) -> bool:
    """The subject is a coordination ("China and Russia"): the whole phrase is resolved."""
    return any(para.tokens[c].dep in {"conj", "cc"} for c in para.children[head])


def _syntax_complement(para: ProseParagraph, cue: Cue, s0: int, s1: int, keep: bool = False) -> None:
    """The complement the patterns missed, from the parse: a clause (with or without
    "that", after adjuncts: "acknowledged Sunday that ..."), an infinitive ("wants to
    ..."), or for the verbs that take one, an object ("accused Y of ...")."""
    toks = para.tokens
    found = verb_complement(para, cue.v0, cue.subject)
    if found is None:
        return
    a, b, kind = found
    lemma = _lemma_at(para, cue.v0)
    if kind == "np" and lemma not in _NP_LEMMAS:
        return
    if kind == "np" and a == cue.v1 and toks[a].dep == "prep" and a + 1 < b:
        a += 1  # "warned of a long recession": what was warned of
    if kind == "trailing":
        first = min(cue.v0, cue.subject[0]) if cue.subject is not None else cue.v0
        if cue.subject is None or cue.subject[0] < b or first - 1 < 0 or toks[first - 1].text not in {",", "\u2013", "\u2014"}:
            return  # only "<clause>, X said" / "<clause>, said X"
        if cue.subject[0] > cue.v0 and any(is_finite(t) and t.quote < 0 for t in toks[cue.subject[1]:s1]):
            # "X, a rabbi ..., said he and others were alarmed": "he" opens the reported
            # clause; an inverted subject ends its sentence ("..., said Y, a professor").
            return
        cue.comp, cue.comp_kind = (toks[a].start, toks[b - 1].end), "trailing"
        return
    if toks[a].mark and is_open_mark(para, toks[a]):
        cue.quote_open = toks[a].start
        cue.quote_sep = "that" if a > 0 and toks[a - 1].lower == "that" else ""
        cue.comp, cue.comp_kind = (toks[a].start, sentence_end(para, s1)), "that"
        return
    cue.comp = (toks[a].start, sentence_end(para, s1))
    cue.comp_kind = kind if kind in {"np", "to"} else "clause"  # ("to": an infinitive, "wants to ...")


def _pattern_cue(para: ProseParagraph, i: int, v1: int, s0: int, s1: int, k: int,
                 before: Token | None) -> Cue | None:
    """The cue at token ``i`` from token patterns: its form and subject (no complement)."""
    toks = para.tokens
    t = toks[i]
    aux = [x.lower for x in toks[k + 1:i]]
    passive = t.tag == "VBN" and any(a in BE_FORMS for a in aux) and not any(a in HAVE_FORMS for a in aux[-1:])
    progressive = t.tag == "VBG" and any(a in BE_FORMS for a in aux)
    cue = Cue(para.index, i, v1, "verb", sent=t.sent)
    if passive:
        cue.form = "passive"
        if i + 1 < s1 and toks[v1].lower == "by":
            cue.subject = np_right(para, v1 + 1, s1)
        elif before is not None and before.lower == "it":
            cue.source = source_phrase(para, s0, k)
        elif before is not None and before.lower == "as":  # "As stated in the documents"
            cue.source = None
        if cue.subject is None and cue.source is None:
            return None
    elif t.tag == "VBG" and not progressive:
        if before is not None and before.lower in ASPECT_VERBS and is_finite(before):
            cue.subject = subject_of(para, k, s0)
        else:
            if before is None or (before.text not in {",", "\u2013", "\u2014"}
                                  and before.lower not in PARTICIPLE_OPENERS):
                if not (before is None and i == s0):
                    return None
            cue.form = "participle"
            cue.subject = participle_subject(para, i, s0)
    elif t.tag == "VBN" and not aux and before is not None and before.tag in {"DT", "PRP$", "IN"}:
        return None  # "the stated pitch", "as stated in"
    elif t.tag == "VBN" and not aux and v1 < s1 and toks[v1].lower == "by":
        return None  # "the architecture proposed by our country": an attributive passive
    elif before is not None and before.lower in COORDINATORS and k - 1 >= s0:
        # Coordinated verbs: "..., recognizes the need ..., and emphasizes that ...".
        cue.subject = participle_subject(para, k, s0)
    else:
        subject = subject_of(para, i, s0)
        if subject is None:
            # Inverted: '"...," said Zakharova' / 'says the spokeswoman'.
            if before is None or before.text in {",", '"', "'"} or before.mark:
                subject = np_right(para, v1, s1)
                if subject and not can_name_speaker(para, subject):
                    subject = None
        cue.subject = subject
        if subject is not None and subject[0] - 1 >= s0 and toks[subject[0] - 1].lower == "as" \
                and (subject[0] - 1 == s0 or toks[subject[0] - 2].text in {",", "\u2013", "\u2014"}):
            cue.form = "as"
    if cue.subject is None and cue.source is None:
        return None
    return cue


def can_name_speaker(para: ProseParagraph, np_: tuple[int, int]) -> bool:
    """Whether a noun phrase can name a speaker (actor, pronoun, role or speaker noun)."""
    toks = para.tokens[np_[0]:np_[1]]
    if any(m.t0 < np_[1] and np_[0] < m.t1 for m in para.mentions):
        return True
    words = " ".join(t.lower for t in toks)
    if roles_in(words):
        return True
    if any(t.lower in SUBJECT_PRONOUNS or t.lower in SPEAKER_NOUNS for t in toks):
        return True
    # "the Commission": a capitalised short name, resolved against earlier mentions.
    return len(toks) in (2, 3) and toks[0].lower == "the" and all(t.text[:1].isupper() for t in toks[1:])


def subject_of(para: ProseParagraph, v: int, s0: int) -> tuple[int, int] | None:
    """Subject noun phrase left of the verb at token ``v`` (over adverbs, auxiliaries and
    a parenthetical set off by commas: "Putin, in his Address ..., noted")."""
    toks = para.tokens
    k, negated = skip_left(para, v - 1, s0)
    if negated or k < s0:
        return None
    if toks[k].text == ")" or toks[k].text == "," and k - 1 > s0 and toks[k - 1].text == ")":
        # A bracketed tag after the name: "Sen. Jane Roe (D-Ore.) said", "Rep. John Doe
        # (R-Texas), said": the name before the opening bracket is the subject.
        return _bracketed_subject(para, k if toks[k].text == ")" else k - 1, s0)
    if toks[k].text == ",":
        # A parenthetical: find its opening comma; it must start with a preposition,
        # a participle or an article (an appositive), and follow a noun phrase.
        j = k - 1
        while j > s0 and toks[j].text != "," and k - j < 30:
            j -= 1
        if j > s0 and toks[j].text == "," and toks[j + 1].tag in {"IN", "VBG", "VBN", "DT", "RB"} \
                and toks[j + 1].lower not in PARENTHETICAL_STOPS:
            np_ = np_left(para, j, s0)
            if np_ and can_name_speaker(para, np_):
                return np_
        return None
    np_ = np_left(para, k + 1, s0)
    if np_ is None:
        return None
    np_ = joint_subject(para, np_, s0)
    if not can_name_speaker(para, np_):
        # "Putin, in his Address ... 2024 noted": a parenthetical whose closing comma
        # is missing. Take the phrase before the comma that opens it.
        j = k
        while j > s0 and toks[j].text != "," and k - j < 30:
            j -= 1
        if j > s0 and toks[j].text == "," and toks[j + 1].tag == "IN" and toks[j + 1].pos == "ADP":
            before = np_left(para, j, s0)
            if before and can_name_speaker(para, before) and in_subject_position(para, before, s0):
                return before
        return None
    return np_ if in_subject_position(para, np_, s0) else None


def _bracketed_subject(para: ProseParagraph, close: int, s0: int) -> tuple[int, int] | None:
    """The speaker phrase before a short bracketed tag closing at token ``close``."""
    toks = para.tokens
    j = close - 1
    while j > s0 and toks[j].text != "(" and close - j <= MAX_BRACKETED_TAG_TOKENS:
        j -= 1
    if toks[j].text != "(":
        return None
    np_ = np_left(para, j, s0)
    if np_ is None or not (can_name_speaker(para, np_) or is_name(para, np_)) \
            or not in_subject_position(para, np_, s0):
        return None
    return np_


def joint_subject(para: ProseParagraph, np_: tuple[int, int], s0: int) -> tuple[int, int]:
    """ "China and Russia said", "Putin, Xi and Lula stated": widen a subject over the
    coordinated phrases before it when every one of them names an actor."""
    toks = para.tokens

    def named(span: tuple[int, int]) -> bool:
        return any(m.t0 >= span[0] and m.t1 <= span[1] and not m.hint for m in para.mentions)

    if not named(np_):
        return np_
    start, joined = np_[0], False
    while start - 2 >= s0 and toks[start - 1].lower in LIST_JOINERS and not toks[start - 1].mark:
        if toks[start - 1].lower == "," and not joined:
            break  # "A, B and C": a comma only separates items left of an "and"
        left = np_left(para, start - 1, s0)
        if left is None or not named(left) or (left[0] - 1 >= s0 and toks[left[0] - 1].pos == "ADP"):
            break  # "In Moscow, Lavrov and Wang said": Moscow is no speaker
        joined = joined or toks[start - 1].lower == "and"
        start = left[0]
    return (start, np_[1]) if joined else np_


def in_subject_position(para: ProseParagraph, np_: tuple[int, int], s0: int) -> bool:
    """Whether a noun phrase can be a subject where it stands: not the object of a
    preposition ("frameworks such as BRICS underscore" is not BRICS speaking)."""
    k = np_[0] - 1
    if k < s0:
        return True
    prev = para.tokens[k]
    if prev.pos == "ADP" and not (prev.lower == "as" and (k == s0 or para.tokens[k - 1].lower != "such")):
        return False
    if prev.lower in SUBJECT_CONJUNCTIONS:
        return False  # "X and Y said": a joint subject we do not split
    return True


def participle_subject(para: ProseParagraph, v: int, s0: int) -> tuple[int, int] | None:
    """Subject of a participle cue (", saying ..."): the subject of the nearest finite verb
    to its left that names a speaker (skipping verbs of reported clauses)."""
    toks = para.tokens
    j = v - 1
    while j >= s0:
        if toks[j].quote < 0 and not toks[j].mark and (
                is_finite(toks[j]) or (toks[j].tag == "VBN" and j > s0 and toks[j - 1].lower in HAVE_FORMS)):
            np_ = subject_of(para, j, s0)
            if np_ is not None and can_name_speaker(para, np_):
                return np_
        j -= 1
    return None


def source_phrase(para: ProseParagraph, s0: int, k: int) -> tuple[int, int] | None:
    """A sentence-initial "In the joint statement of ..." phrase before an agentless passive."""
    toks = para.tokens
    if toks[s0].lower not in SOURCE_PREPOSITIONS:
        return None
    j = s0 + 1
    while j < k and toks[j].text != ",":
        j += 1
    # The phrase may carry a date with commas ("on May 16, 2024,"): take the last comma before k.
    last_comma = max((x for x in range(s0 + 1, k + 1) if toks[x].text == ","), default=None)
    if last_comma is None:
        return None
    np_ = (s0 + 1, last_comma)
    head_words = {t.lower for t in toks[np_[0]:min(np_[1], np_[0] + 5)]}
    return np_ if head_words & DOCUMENT_NOUNS else None


def is_document_np(para: ProseParagraph, np_: tuple[int, int]) -> bool:
    """The phrase is headed by a document or speech noun ("the Astana Declaration of ...")."""
    toks = para.tokens
    head = np_[0]
    while head < np_[1] and toks[head].lower not in DOCUMENT_HEAD_STOPS:
        head += 1
    return toks[head - 1].lower in DOCUMENT_NOUNS if head > np_[0] else False


def find_complement(para: ProseParagraph, cue: Cue, s0: int, s1: int) -> None:
    """What the cue introduces: an adjacent quote, a that-clause, a bare clause, a noun
    phrase, the rest of the sentence ("As X said, ..."), or the clause before it
    ("..., X said")."""
    toks = para.tokens
    j = cue.v1
    if cue.form != "as" and cue.subject and cue.subject[0] >= cue.v1:
        j = cue.subject[1]  # inverted subject: look after it
    # Adjuncts before the complement: adverbs, time/place phrases, a recipient.
    k = j
    steps = 0
    lemma = _lemma_at(para, cue.v0)
    while k < s1 and steps < 12:
        t = toks[k]
        if t.mark or t.lower == "that" or t.text in {":", ","}:
            break
        if t.tag in {"RB", "RBR"} or t.tag == "IN" or (lemma in RECIPIENT_CUE_LEMMAS and t.tag in NP_TAGS):
            k += 1
            steps += 1
            continue
        if t.tag in {"DT", "NNP", "NN", "NNS", "CD", "JJ", "PRP$"} and k > j and toks[k - 1].tag == "IN":
            k += 1
            steps += 1
            continue
        break
    # A longer time or place phrase before "that": "said on 3 March 2024 that ...",
    # "stated at the meeting in Minsk that ...". Only after a preposition was skipped, and
    # only up to a "that" (else the words may be the reported clause's subject).
    if k < s1 and toks[k].lower != "that" and any(x.tag == "IN" for x in toks[j:k]):
        m = k
        while m < s1 and m - k < 10 and not toks[m].mark and toks[m].lower != "that" and toks[m].tag in {
                "IN", "DT", "NNP", "NNPS", "NN", "NNS", "CD", "JJ", "RB", "PRP$", "POS", ","}:
            m += 1
        if m < s1 and toks[m].lower == "that" and m + 1 < s1 and clause_ahead(para, m + 1, s1):
            k = m
    # Adjacent quotation: cue [adjuncts] (":" | "," | "that") "
    look = k
    if look < s1 and toks[look].text in {":", ",", "that"}:
        look += 1
    if look < s1 and toks[look].mark and is_open_mark(para, toks[look]):
        cue.quote_open = toks[look].start
        cue.quote_sep = toks[look - 1].text if look > k else ""
        cue.comp = (toks[look].start, sentence_end(para, s1))
        cue.comp_kind = "that" if toks[look - 1].lower == "that" else "quote"
        return
    if cue.form == "as":
        # "As X said[, adjunct], <clause>"
        while k < s1 and toks[k].text != ",":
            k += 1
        if k + 1 < s1:
            cue.comp = (toks[k + 1].start, sentence_end(para, s1))
            cue.comp_kind = "as"
        return
    if k < s1 and toks[k].lower == "that" and k + 1 < s1 and (
            toks[k + 1].text == "," or clause_ahead(para, k + 1, s1)):
        # "said that Russia is ready" (not "announced that in your Address").
        cue.comp = (toks[k + 1].start, sentence_end(para, s1))
        cue.comp_kind = "that"
        return
    if k < s1 and toks[k].tag in SUBJECT_START_TAGS and toks[k].lower not in NON_CLAUSE_STARTS:
        if clause_ahead(para, k, s1):
            cue.comp = (toks[k].start, sentence_end(para, s1))
            cue.comp_kind = "clause"
            return
        if lemma in _NP_LEMMAS and toks[k].tag != "PRP":
            cue.comp = (toks[k].start, sentence_end(para, s1))
            cue.comp_kind = "np"
            return
    # Trailing cue: "<clause>, X stated on Tuesday." -- nothing but adjuncts after it.
    if cue.form == "verb" and cue.subject and cue.subject[0] < cue.v0:
        before = cue.subject[0] - 1
        rest = toks[k:s1]
        stop = next((n for n, r in enumerate(rest) if r.text in {".", "!", "?"}), None)
        if stop is not None:
            rest = rest[:stop + 1]  # a splitter may leave the next sentence's quote here
        if before > s0 and toks[before].mark and toks[before - 1].text == ",":
            before -= 1  # 'The new plans "will not solve it," X said': the comma inside the mark
        if before > s0 and toks[before].text in {",", "\u2013", "\u2014"} and all(
                r.tag in {"IN", "DT", "NNP", "NN", "CD", "RB", ".", ",", "JJ"} or r.text in {".", "!"}
                for r in rest) and not any(r.mark for r in rest):
            first = toks[s0]
            cue.comp = (first.start, toks[before - 1].end)
            cue.comp_kind = "trailing"
            return
    # Inverted trailing cue: "<clause>, said X, a professor at ..." -- the subject ends the sentence.
    if cue.form == "verb" and cue.subject and cue.subject[0] > cue.v0 and cue.comp is None:
        before = cue.v0 - 1
        if before > s0 and toks[before].mark and toks[before - 1].text == ",":
            before -= 1
        after = toks[cue.subject[1]:s1]
        stop = next((n for n, r in enumerate(after) if r.text in {".", "!", "?"}), len(after))
        if before > s0 and toks[before].text in {",", "\u2013", "\u2014"} and all(
                r.tag in {"IN", "DT", "NNP", "NN", "CD", "RB", ",", "JJ"} or r.text in {".", "!"}
                for r in after[:stop]) and not any(r.mark for r in after[:stop]):
            cue.comp = (toks[s0].start, toks[before - 1].end)
            cue.comp_kind = "trailing"
            return
    # Parenthetical cue: "The problem, she said, is that ..." / "In Miami, X said, Y is ...":
    # the sentence around it is what was said; the row is the part after it.
    if cue.form == "verb" and cue.subject and cue.comp is None and k + 1 < s1 and toks[k].text == ",":
        first = min(cue.subject[0], cue.v0)
        # The parse reads "X said" between commas as a parenthetical (parataxis) also where the
        # tagger misreads the verb after it ("The hashtag, Mr. Abboud said, accompanied ...")
        # or the clause goes on without a finite verb (", strategists said, for Democrats to ...").
        if first - 1 > s0 and toks[first - 1].text == "," and not toks[k + 1].mark and (
                is_finite(toks[k + 1]) or clause_ahead(para, k + 1, s1)
                or (parsed(para, cue.v0) and toks[cue.v0].dep == "parataxis")):
            cue.comp = (toks[k + 1].start, sentence_end(para, s1))
            cue.comp_kind = "parenthetical"
            return
    # A headline in title case ("Clinton Says Russians Hacked DNC, Calls ..."): the tagger
    # reads its verbs as names, so the clause after the cue is taken up to a comma.
    if cue.comp is None and cue.form == "verb" and cue.subject and cue.subject[0] < cue.v0 \
            and k < s1 and toks[k].text[:1].isupper() and not toks[k].mark and is_title_case(para, s0, s1):
        end = next((m for m in range(k, s1) if toks[m].text in {",", ";", ":"} or toks[m].mark), s1)
        if end - k >= 2:
            cue.comp = (toks[k].start, sentence_end(para, end) if end == s1 else toks[end - 1].end)
            cue.comp_kind = "clause"


# A sentence is in title case when this share of its longer words (4+ letters) is capitalised.
TITLE_CASE_SHARE = 0.8


def is_title_case(para: ProseParagraph, s0: int, s1: int) -> bool:
    """Whether the sentence of tokens ``[s0, s1)`` is set in title case, as many headlines
    are (at least three longer words, :data:`TITLE_CASE_SHARE` of them capitalised)."""
    words = [t.text for t in para.tokens[s0 + 1:s1] if len(t.text) >= 4 and t.text.isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def according_complement(para: ProseParagraph, cue: Cue, s0: int, s1: int) -> None:
    """What "according to X" introduces: the rest of the sentence when it opens the
    sentence ("According to X, ..."), the clause before it when it ends it."""
    toks = para.tokens
    assert cue.subject is not None
    after = cue.subject[1]
    if cue.v0 == s0 or (cue.v0 - 1 >= s0 and toks[cue.v0 - 1].text in {",", "\u2013"} and cue.v0 - 1 == s0):
        if after < s1 and toks[after].text == "," and after + 1 < s1:
            nxt = toks[after + 1]
            if nxt.mark and is_open_mark(para, nxt):
                cue.quote_open = nxt.start
            cue.comp = (nxt.start, sentence_end(para, s1))
            cue.comp_kind = "as"
        return
    if not (cue.v0 - 1 > s0 and toks[cue.v0 - 1].text in _ASIDE_OPENERS):
        return
    # The source phrase may go on past the noun phrase: a relative clause, a participle
    # or an apposition ("according to a report Tuesday from WKOW, the ABC affiliate in
    # Madison", "according to members who spoke with reporters"), up to a delimiter.
    k = after
    while k < s1 and not (toks[k].text in _ASIDE_CLOSERS and toks[k].text != "," or toks[k].text == ","
                          and k + 1 < s1 and toks[k + 1].lower not in RELATIVE_WORDS_RIGHT
                          and _clause_follows(toks, k + 1, s1)):
        if is_finite(toks[k]) and not any(t.lower in RELATIVE_WORDS_RIGHT for t in toks[after:k]):
            return  # a clause of its own after the source: not an aside of the sentence
        k += 1
    if all(t.text in {".", "!", "?"} or t.text in _ASIDE_CLOSERS for t in toks[k:s1]):
        cue.comp = (toks[s0].start, toks[cue.v0 - 2].end)
        cue.comp_kind = "trailing"
    elif cue.v0 - 1 > s0 + 1 and any(is_finite(t) for t in toks[k + 1:s1]) and not any(
            _speech_verb(t) for t in toks[s0:cue.v0]) and not any(
            _speech_verb(toks[m]) and m + 1 < s1 and (toks[m + 1].lower == "that" or toks[m + 1].mark)
            for m in range(k, s1)):
        # An aside inside the sentence ("Notably absent, according to members, was any
        # mention ...", "most Americans - 63 percent, according to the report - still
        # believe ..."): the report is the whole sentence around it, unless a cue verb of
        # the sentence reports it ("he said, according to the transcript, that ...", "the
        # minister, according to aides, said that ..."; "agreed on a timetable" reports nothing).
        cue.comp = (toks[s0].start, sentence_end(para, s1))
        cue.comp_kind = "aside"


def _source_before_clause(para: ProseParagraph, np_: tuple[int, int]) -> tuple[int, int]:
    """The source phrase of "according to", cut at a comma where the sentence's own
    clause begins (a parse may hang the clause on the source: "According to the AP, 571
    delegates supported Clinton"); a relative clause of the source stays in it."""
    toks = para.tokens
    for k in range(np_[0] + 1, np_[1] - 1):
        if toks[k].text == "," and _clause_follows(toks, k + 1, np_[1]):
            return (np_[0], k)
    return np_


# Entity labels of a time: "spoke on Monday" says when they spoke, not what about.
_TIME_ENTITIES = frozenset({"DATE", "TIME"})

# What sets off "according to X" inside a sentence, and what closes it.
_ASIDE_OPENERS = frozenset({",", "-", "\u2013", "\u2014", "("})
_ASIDE_CLOSERS = frozenset({",", "-", "\u2013", "\u2014", ")"})


def _speech_verb(t: Token) -> bool:
    """A verb that is a speech cue ("said", "told"), which would report the clause itself."""
    found = cue_lemma(t.lower)
    return found is not None and found[1] == "speech" and t.tag[:2] == "VB"


def _clause_follows(toks: list[Token], k: int, s1: int) -> bool:
    """Whether the tokens from ``k`` hold a finite verb before any relative word (the
    sentence goes on after a comma; "the body that leads the talks" is an apposition)."""
    for t in toks[k:s1]:
        if t.lower in RELATIVE_WORDS_RIGHT:
            return False
        if is_finite(t):
            return True
    return False


def noun_cue(para: ProseParagraph, i: int, s0: int, s1: int) -> Cue | None:
    """ "the words of X that ..." (the clause to the end of the sentence); from the parse,
    a possessed cue noun with its clause or prepositional object ("the senator's claim that
    ...", "his criticism of the plan"); without one, "X's statement that ..." to the end
    of the sentence."""
    toks = para.tokens
    if toks[i].tag and toks[i].tag not in {"NN", "NNS"} and toks[i].pos != "NOUN":
        return None  # "call" and "pledge" are verbs too: the verb cue reads those
    if i + 1 < s1 and toks[i + 1].lower == "of":
        np_ = np_right(para, i + 2, s1)
        if np_ and np_[1] < s1 and toks[np_[1]].lower == "that" and can_name_speaker(para, np_):
            cue = Cue(para.index, i, i + 1, "noun", subject=np_, sent=toks[i].sent)
            if np_[1] + 1 < s1:
                cue.comp = (toks[np_[1] + 1].start, sentence_end(para, s1))
                cue.comp_kind = "that"
            return cue
    if parsed(para, i):
        # The parse sees where the noun's clause ends ("X's claim that Y drew laughter").
        cue = _possessed_noun_cue(para, i)
        if cue is not None:
            return cue
    if i >= 1 and toks[i - 1].lower == "'s" and i + 1 < s1 and toks[i + 1].lower == "that":
        np_ = np_left(para, i - 1, s0)
        if np_ and can_name_speaker(para, np_):
            cue = Cue(para.index, i, i + 1, "noun", subject=np_, sent=toks[i].sent)
            if i + 2 < s1:
                cue.comp = (toks[i + 2].start, sentence_end(para, s1))
                cue.comp_kind = "that"
            return cue
    return None


def _without_possessive(para: ProseParagraph, span: tuple[int, int]) -> tuple[int, int]:
    """The span without a final possessive ending ("Elena Marsh's" -> "Elena Marsh")."""
    a, b = span
    return (a, b - 1) if b - a > 1 and para.tokens[b - 1].lower in POSSESSIVE_ENDINGS else span


def _possessed_noun_cue(para: ProseParagraph, i: int) -> Cue | None:
    """A cue noun whose parse gives a possessor that can speak and a content: its clause
    (``acl``/``ccomp``: "claim that ...", "promise to ...") or, for the nouns of
    ``object_noun_cues``, the object of a preposition of ``noun_cue_prepositions``
    ("criticism of the plan", "call for talks")."""
    toks = para.tokens
    owners = [c for c in para.children[i] if toks[c].dep == "poss"]
    if not owners or toks[owners[0]].quote >= 0:
        return None
    full, core = (_without_possessive(para, span) for span in subject_phrase(para, owners[0], i))
    if not (can_name_speaker(para, full) or is_name(para, core)):
        return None
    content: tuple[int, int] | None = None
    kind = "np"
    for c in para.children[i]:
        if c <= i:
            continue
        # A content clause: "that ..." or "to ..." (an acl in a participle, "the
        # endorsement, delivered on the radio", only describes the noun).
        if toks[c].dep == "ccomp" or toks[c].dep == "acl" and (toks[c].tag == "VB" or any(
                toks[m].dep == "mark" and toks[m].lower == "that" for m in para.children[c])):
            content, kind = subtree(para, c), "clause"
            break
        if toks[c].dep == "prep" and toks[c].lower in NOUN_CUE_PREPOSITIONS and (
                toks[i].lower in OBJECT_NOUN_CUES or toks[i].lower[:-1] in OBJECT_NOUN_CUES):
            objects = [o for o in para.children[c] if toks[o].dep in {"pobj", "pcomp"}]
            if objects:
                content = subtree(para, objects[0])
                break
    if content is None:
        return None
    a, b = content
    while a < b and (toks[a].lower == "that" and toks[a].dep == "mark" or toks[a].text in {",", ":"}):
        a += 1
    if b - a < 1 or toks[a].mark:
        return None  # a quotation right after the noun is a title or a direct quote's business
    cue = Cue(para.index, i, i + 1, "noun", subject=full, sent=toks[i].sent)
    cue.core = core if core != full and can_name_speaker(para, core) else None
    cue.comp, cue.comp_kind = (toks[a].start, toks[b - 1].end), kind
    return cue

