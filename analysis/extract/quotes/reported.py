"""Stage 5: reported (indirect) speech rows.

Every resolved cue with a complement other than an adjacent quotation gives an
``indirect`` row spanning the reported clause up to the end of the sentence (without the
final full stop), cut short where a later cue of the same sentence begins (", adding
that ..."). No row is given for a "clause" of at most :data:`MAX_VERBLESS_REPORT_WORDS`
words without a finite verb ("In fact, our partners are saying ..."), for the narrator's
own first-person report ("We said that ..."), for an unresolved "it", for a trailing
cue whose clause is itself a quotation with its cue, nor for a clause that is wholly a
direct quotation (the direct row says it all).

A row's ``kind`` says what it reports (:func:`report_kind`):

* ``indirect``: what was said, in the journalist's words ("Lavrov said that ...",
  "X accused Y of ...", "X denied the report");
* ``mixed``: a report that quotes part of the words: a naming cue with a quotation
  ("X called the vote 'a great day'"), a noun-phrase report holding one ("X denounced
  'the witch hunt'"), or a clause holding any quoted part ("X said the vote was 'a
  victory for all of us'", "said the plan was 'absurd'"). Quotation marks inside what a
  speaker is reported to say give the speaker's own words, even a single one: that is
  the usual definition of a mixed (partial) quotation, in attribution corpora such as
  PARC and PolNeAR as in news style; scare quotes and titles stand outside reports;
* ``belief``: a cognition cue ("X believes that ...", "X wants to ...", "officials fear
  ..."), only for persons (a named person, he/she/they, a phrase for people, a count of
  people: "50 percent believe", "many researchers think");
* ``according_to``: anything "according to" a source, a speaker or a document or data
  ("according to Peskov, ...", "according to a survey by X"), and what a document or
  data shows or says as the subject of an evidence or speech verb ("a poll showed X
  ahead", "the records indicate that ..."): the analyst can tell the attributions the
  journalist makes this way from what a speaker is reported to say. The source still
  gives the speaker ("according to Peskov" -> peskov; a survey: none).
"""

from __future__ import annotations

from dataclasses import replace

from analysis.corpus import Document, count_words
from analysis.extract.quotes.phrases import is_finite, np_right
from analysis.extract.quotes.roles import roles_in
from analysis.extract.quotes.structures import Cue, ProseParagraph, QuotedSpan
from analysis.extract.quotes.syntax import coordinated_with, governs, parsed, quote_governor
from analysis.extract.quotes.tables import quote_row
from analysis.extract.quotes.words import (
    ARTICLES, COGNITION_FORMS, COORDINATORS, FIRST_PERSON, GROUP_WORDS, INTENT_COGNITION_LEMMAS, MENTAL_STATE_LEMMAS, PLURAL_PERSON_NOUNS,
    QUESTION_OPENERS, SOURCE_NOUNS, SPEAKER_NOUNS,
)

__all__ = ["MAX_VERBLESS_REPORT_WORDS", "MAX_HEADLINE_LABEL_WORDS", "indirect_rows", "headline_rows",
           "report_kind", "names_the_object", "is_according_to"]

# A reported "clause" this short without a finite verb is no report ("In fact, our
# partners are saying the same thing": "In fact"; "He pointed out several elements").
MAX_VERBLESS_REPORT_WORDS = 2
# A headline's speaker label is a name or a short phrase ("Clinton camp", "IG report");
# a longer one is a title ("Obama To Asians Worried About U.S. Election").
MAX_HEADLINE_LABEL_WORDS = 4
# Pronouns that may hold a belief (a person or people).
_BELIEF_PRONOUNS = frozenset({"he", "she", "they"})


def report_kind(para: ProseParagraph, cue: Cue, a: int, b: int) -> str | None:
    """The ``kind`` of the report of ``cue`` spanning paragraph text ``[a, b)``
    (None: no row; see the module docstring)."""
    quoted = [q for q in para.quotes_within(a, b) if not q.accepted]
    if cue.sense == "intent":
        return "belief"  # what an actor sets out to do: any actor may
    if cue.sense == "belief":
        return "belief" if _holds_beliefs(para, cue) else None
    if cue.sense == "naming":
        return "mixed" if any(names_the_object(para, cue, q) for q in quoted) else None
    if cue.sense in {"source", "evidence"} or is_according_to(cue.form, para.tokens[cue.v0].lower):
        return "according_to"
    # A clause or noun-phrase report holding a quoted part, with a direct row of its own
    # or not, is a mixed quote: the report quotes part of what was said ('X stated that Y
    # was "probably among the causes"', 'said the plan was "absurd"').
    if para.quotes_within(a, b):
        return "mixed"
    return "indirect"


def is_according_to(form: str, first_word: str) -> bool:
    """Whether a cue of ``form`` opening with ``first_word`` is "according to X" (the
    "according" form also covers "in the words of X", which stays a report of speech).

    >>> is_according_to("according", "According"), is_according_to("according", "in")
    (True, False)
    """
    return form == "according" and first_word.lower() == "according"


def names_the_object(para: ProseParagraph, cue: Cue, q: QuotedSpan) -> bool:
    """Whether a naming cue's quotation is what the object is called: the predicate of
    the verb itself ("called the vote 'a great day'", "hailed it as 'fantastic'"), not
    words deeper in its complement ("describes the use of ... to pose 'threats'")."""
    toks = para.tokens
    inside = [t.i for t in toks if q.a <= t.start and t.end <= q.b]
    if not inside:
        return False
    if parsed(para, inside[0]):
        return quote_governor(para, inside[0], inside[-1] + 1) == cue.v0
    mark = next((t.i for t in toks if t.start == q.open_at), None)
    if mark is None or mark <= cue.v1:
        return False
    if toks[mark - 1].lower == "as":
        return True
    np_ = np_right(para, cue.v1, mark)
    return np_ is not None and np_[1] == mark


def _holds_beliefs(para: ProseParagraph, cue: Cue) -> bool:
    """A belief is a person's: a person speaker, he/she/they, or a phrase for people. An
    intent with an infinitive is anyone's ("the group plans to run ads")."""
    speaker = cue.speaker
    if speaker is not None and speaker.person:
        return True
    if speaker is not None and COGNITION_FORMS.get(para.tokens[cue.v0].lower) in INTENT_COGNITION_LEMMAS \
            and cue.comp_kind == "to":
        return True
    np_ = cue.core or cue.subject
    if np_ is None:
        return False
    words = [t.lower for t in para.tokens[np_[0]:np_[1]]]
    if len(words) == 1 and words[0] in _BELIEF_PRONOUNS:
        return True
    head = words[-1] if words else ""
    if head in GROUP_WORDS or any(ch.isdigit() for ch in head):
        return True  # "50 percent believe", "some fear", "12 think"
    last = para.tokens[np_[1] - 1]
    return head in PLURAL_PERSON_NOUNS or (head in SPEAKER_NOUNS and head.endswith("s")) \
        or (last.tag == "NNS" and COGNITION_FORMS.get(para.tokens[cue.v0].lower) in MENTAL_STATE_LEMMAS)


def indirect_rows(document: Document, para: ProseParagraph) -> list[dict]:
    """Reported clauses of a paragraph (not those that are wholly a direct quotation)."""
    rows = []
    accepted = [q for q in para.quotes if q.accepted]
    cues = [c for c in para.cues if c.comp is not None and c.comp_kind != "quote" and c.speaker is not None]
    # A later cue inside an earlier clause ends that clause (", adding that ...").
    spans: list[tuple[Cue, int, int]] = []
    for cue in cues:
        a, b = cue.comp
        for other in para.cues:
            if other is cue or other.sent != cue.sent or other.speaker is None:
                continue
            start_tok = other.v0
            if other.subject is not None and para.tokens[other.subject[0]].start >= a:
                if other.subject[0] < other.v0 and not coordinated_with(para, cue.v0, other.v0) \
                        and not (parsed(para, cue.v0) and governs(para, other.v0, cue.v0)):
                    continue  # "said Russia seeks ...": a report inside the clause, not its end
                # "X said ..., but he gave ...": a coordinated clause ends the report; so does
                # the main clause after a subordinate one ("Asked why he would not endorse
                # her, Sanders said ...": endorse reports nothing past "her").
                start_tok = min(other.v0, other.subject[0])
            other_start = para.tokens[start_tok].start
            if a < other_start < b and (other.comp and other.comp[0] > a or other.quote_open is not None):
                b = min(b, other_start)
        text = para.text
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:\u2013\u2014-"):
            b -= 1
            # A coordinator left before a clause that ended the report (", but").
            for word in COORDINATORS:
                if text[:b].rstrip().lower().endswith(" " + word) and b < cue.comp[1]:
                    b = len(text[:b].rstrip()) - len(word)
                    break
        while a < b and (text[a].isspace() or text[a] in ",;:\u2013\u2014-"):
            a += 1
        spans.append((cue, a, b))
    for cue, a, b in spans:
        words = count_words(para.text[a:b])
        named = words <= MAX_VERBLESS_REPORT_WORDS and _name_object(para, cue, a, b)
        if b - a < 3 or words < 2 and not named:
            continue
        inside = [t for t in para.tokens if a <= t.start < b]
        if words <= MAX_VERBLESS_REPORT_WORDS and any(t.tag for t in inside) \
                and not any(is_finite(t) for t in inside if t.tag) and not named:
            # "In fact, they are saying ...", "You mentioned several elements": no clause
            # (a name as the verb's object is: "is endorsing John Kasich"; "reported from
            # Los Angeles" is not)
            continue
        if _question(para, cue):
            continue  # "Do you support Donald Trump?": asked, not reported
        np_ = cue.subject or cue.source
        if np_ is not None and para.tokens[np_[0]].lower in FIRST_PERSON and np_[1] - np_[0] == 1:
            continue  # the narrator's own report of what they said: still the narrator
        if cue.speaker.speaker_id is None and np_ is not None and np_[1] - np_[0] == 1 \
                and para.tokens[np_[0]].lower == "it":
            continue  # an unresolved "it" is rarely a speaker ("it reaffirms Russia's vision")
        if cue.comp_kind == "trailing" and (
                any(t.mark for t in para.tokens if a <= t.start < b)
                or any(c is not cue and c.speaker is not None and c.sense != "naming"
                       and a <= para.tokens[c.v0].start < b for c in cues)
                or any(c is not cue and c.subject is not None and c.comp is not None and c.sense != "naming"
                       and a <= para.tokens[c.v0].start < b for c in para.cues)):
            # '"...," he said, according to ...': the clause is a quote and its cue (a cue
            # verb reporting nothing, "Social media has added another link, she noted", is
            # none, nor a naming verb without a quotation, "Walker will speak at ...")
            continue
        # Wholly a direct quotation (with its marks)? Then the direct row says it all.
        if any(q.open_at <= a and (q.close_at is None or q.close_at + 1 >= b) for q in accepted):
            continue
        kind = report_kind(para, cue, a, b)
        if kind is not None:
            rows.append(quote_row(document, para, a, b, kind, cue.speaker, cue))
    return rows



def headline_rows(document: Document, paras: list[ProseParagraph], rows: list[dict]) -> list[dict]:
    """The report of a news headline that names its speaker before a colon ("Clinton: I
    support D.C. statehood.", "Poll: Trump and Clinton tied", "Lavrov: the West must ...").

    The corpus reads "Name: text" as a transcript label; in a document with that one label,
    on its first prose paragraph, it is the headline convention instead, and the text is a
    report unless it is wholly a quotation: then the label speaks the direct row (among
    ``rows``, the document's rows so far) where no cue named a speaker. The label must be
    able to name a speaker: no article first ("The Latest: ...", "The Ninth Circle: ..."),
    at most :data:`MAX_HEADLINE_LABEL_WORDS` words, and a role, speaker or source noun last
    ("Newspaper", "Clinton camp", "Report") or a name the document mentions as an actor
    (a bare kicker, "BOOM: ...", "Breaking: ...", names nobody). The text needs a verb or a
    quotation. A source noun gives ``according_to`` and no speaker, as "according to a poll".
    """
    if len(document.turns) != 1 or not paras:
        return []
    turn, para = document.turns[0], paras[0]
    if para.narrator is None or para.narrator.resolution != "turn" \
            or not para.paragraph.start <= turn.label_start < para.paragraph.end:
        return []
    words = turn.label.split()
    if not words or len(words) > MAX_HEADLINE_LABEL_WORDS or words[0].lower() in ARTICLES:
        return []
    last = words[-1].lower().strip(".,'\u2019")
    source = last in SOURCE_NOUNS
    if not (source or last in SPEAKER_NOUNS or last in PLURAL_PERSON_NOUNS or roles_in(turn.label.lower())
            or _mentioned_name(paras, words[-1])):
        return []
    if not (para.quotes or any(t.tag[:2] in {"VB", "MD"} for t in para.tokens if t.tag)):
        return []
    text = para.text
    a, b = 0, len(text.rstrip())
    while b > a and text[b - 1] in ".;:":
        b -= 1
    if count_words(text[a:b]) < 2:
        return []
    speaker = replace(para.narrator, start=turn.label_start, end=turn.label_end)
    if source:
        speaker = replace(speaker, speaker_id=None, speaker_name=None, resolution="none")
    colon = document.text.find(":", turn.label_end, turn.start)
    cue = {"cue": ":", "cue_start": colon, "cue_end": colon + 1} if colon >= 0 else {}
    if any(q.accepted and q.open_at <= a + 1 and (q.close_at is None or q.close_at + 2 >= b) for q in para.quotes):
        # Wholly a quotation ("Trump: 'I'm the Worst Thing ...'"): the direct row's speaker.
        start, end = para.original_span(a, b)
        for row in rows:
            if row["kind"] == "direct" and row["speaker_id"] is None and row["speaker_text"] is None \
                    and start <= row["start"] and row["end"] <= end:
                row.update(speaker_id=speaker.speaker_id, speaker_name=speaker.speaker_name,
                           speaker_text=document.text[turn.label_start:turn.label_end],
                           speaker_start=turn.label_start, speaker_end=turn.label_end,
                           resolution=speaker.resolution, **cue)
        return []
    kind = "mixed" if para.quotes else "according_to" if source else "indirect"
    row = quote_row(document, para, a, b, kind, speaker, None)
    row.update(cue)
    return [row]


def _question(para: ProseParagraph, cue: Cue) -> bool:
    """The cue's sentence is a question opened by an auxiliary ("Do you support X?",
    "Did she say that ...?"): it asks about a position, it reports none."""
    s0, s1 = para.sent_tokens[para.tokens[cue.v0].sent]
    toks = para.tokens
    last = next((toks[k] for k in range(s1 - 1, s0 - 1, -1) if not toks[k].mark), None)
    return last is not None and last.text == "?" and toks[s0].lower in QUESTION_OPENERS


def _mentioned_name(paras: list[ProseParagraph], word: str) -> bool:
    """Whether a capitalised label word is part of an actor mention somewhere in the document."""
    if not word[:1].isupper():
        return False
    word = word.lower().strip(".,'\u2019")
    return any(word in m.text.lower().replace("\u2019", "'").split() for para in paras for m in para.mentions
               if not m.hint)


def _name_object(para: ProseParagraph, cue: Cue, a: int, b: int) -> bool:
    """A one- or two-word report is the object of a verb that takes a noun phrase when it
    is a name right after the verb ("Leahy has endorsed Clinton", "is endorsing John
    Kasich"). Other short objects stay with the stance rules, which read them as positions
    ("My Government rejects the blockade"); a name after a preposition the complement
    finder skipped is a place or a medium ("reported from Los Angeles", "criticized on
    Twitter")."""
    if cue.comp_kind != "np":
        return False
    inside = [t for t in para.tokens if a <= t.start < b and t.text[:1].isalnum()]
    return 0 < len(inside) <= MAX_VERBLESS_REPORT_WORDS and inside[0].i == cue.v1 \
        and all(t.tag in {"NNP", "NNPS"} for t in inside)
