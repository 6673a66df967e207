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

Negated cues ("did not say"), infinitives ("to say") and attributive participles ("the
stated aim") are no cues.
"""

from __future__ import annotations

from analysis.extract.quotes.phrases import (
    clause_ahead, is_finite, is_open_mark, np_left, np_right, sentence_end, sentence_token_bounds,
    skip_left, token_before,
)
from analysis.extract.quotes.roles import roles_in
from analysis.extract.quotes.structures import Cue, ProseParagraph
from analysis.extract.quotes.words import (
    ASPECT_VERBS, BE_FORMS, COORDINATORS, CUE_FORMS, DOCUMENT_HEAD_STOPS, DOCUMENT_NOUNS, HAVE_FORMS,
    LIST_JOINERS, NON_CLAUSE_STARTS, NON_CUE_BEFORE, NOUN_CUES, NP_CUE_LEMMAS, NP_TAGS,
    PARENTHETICAL_STOPS, PARTICIPLE_OPENERS, RECIPIENT_CUE_LEMMAS, SOURCE_PREPOSITIONS, SPEAKER_NOUNS,
    SUBJECT_CONJUNCTIONS, SUBJECT_PRONOUNS, SUBJECT_START_TAGS,
)

__all__ = [
    "find_cues", "verb_cue", "can_name_speaker", "subject_of", "joint_subject", "in_subject_position",
    "participle_subject", "source_phrase", "is_document_np", "find_complement", "according_complement",
    "noun_cue",
]


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
            if np_ and can_name_speaker(para, np_):
                cue = Cue(para.index, i, i + 2, "according", subject=np_, sent=t.sent)
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
        # Noun cues: "the words of X that ...", "X's statement that ..."
        if t.lower in NOUN_CUES:
            cue = noun_cue(para, i, s0, s1)
            if cue:
                cues.append(cue)
            continue
        lemma = CUE_FORMS.get(t.lower)
        if lemma is None or t.tag in {"JJ", "NN", "NNS", "NNP"}:
            continue
        if lemma == "point" and not (i + 1 < n and toks[i + 1].lower == "out"):
            continue
        v1 = i + 2 if lemma == "point" else i + 1
        cue = verb_cue(para, i, v1, s0, s1)
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
    cues.sort(key=lambda c: c.v0)
    return cues


def verb_cue(para: ProseParagraph, i: int, v1: int, s0: int, s1: int) -> Cue | None:
    """A cue verb at token ``i``: its form, subject and complement (None if not a cue)."""
    toks = para.tokens
    t = toks[i]
    k, negated = skip_left(para, i - 1, s0)
    if negated:
        return None
    before = toks[k] if k >= s0 else None
    # Infinitives ("to say", "would like to remind") and "worth recalling" are no cues.
    if before is not None and before.lower in NON_CUE_BEFORE:
        return None
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
    find_complement(para, cue, s0, s1)
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
    lemma = CUE_FORMS.get(toks[cue.v0].lower, "")
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
        if lemma in NP_CUE_LEMMAS and toks[k].tag != "PRP":
            cue.comp = (toks[k].start, sentence_end(para, s1))
            cue.comp_kind = "np"
            return
    # Trailing cue: "<clause>, X stated on Tuesday." -- nothing but adjuncts after it.
    if cue.form == "verb" and cue.subject and cue.subject[0] < cue.v0:
        before = cue.subject[0] - 1
        rest = toks[k:s1]
        if before > s0 and toks[before].text in {",", "\u2013", "\u2014"} and all(
                r.tag in {"IN", "DT", "NNP", "NN", "CD", "RB", ".", ",", "JJ"} or r.text in {".", "!"}
                for r in rest) and not any(r.mark for r in rest):
            first = toks[s0]
            cue.comp = (first.start, toks[before - 1].end)
            cue.comp_kind = "trailing"


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
    if cue.v0 - 1 > s0 and toks[cue.v0 - 1].text == "," and all(
            t.text in {".", "!", "?"} for t in toks[after:s1]):
        cue.comp = (toks[s0].start, toks[cue.v0 - 2].end)
        cue.comp_kind = "trailing"


def noun_cue(para: ProseParagraph, i: int, s0: int, s1: int) -> Cue | None:
    """ "the words of X that ..." or "X's statement that ..." """
    toks = para.tokens
    if i + 1 < s1 and toks[i + 1].lower == "of":
        np_ = np_right(para, i + 2, s1)
        if np_ and np_[1] < s1 and toks[np_[1]].lower == "that" and can_name_speaker(para, np_):
            cue = Cue(para.index, i, i + 1, "noun", subject=np_, sent=toks[i].sent)
            if np_[1] + 1 < s1:
                cue.comp = (toks[np_[1] + 1].start, sentence_end(para, s1))
                cue.comp_kind = "that"
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

