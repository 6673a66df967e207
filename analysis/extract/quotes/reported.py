"""Stage 5: reported (indirect) speech rows.

Every resolved cue with a complement other than an adjacent quotation gives an
``indirect`` row spanning the reported clause up to the end of the sentence (without the
final full stop), cut short where a later cue of the same sentence begins (", adding
that ..."). No row is given for a "clause" of at most :data:`MAX_VERBLESS_REPORT_WORDS`
words without a finite verb ("In fact, our partners are saying ..."), for the narrator's
own first-person report ("We said that ..."), for an unresolved "it", for a trailing
cue whose clause is itself a quotation with its cue, nor for a clause that is wholly a
direct quotation (the direct row says it all).
"""

from __future__ import annotations

from analysis.corpus import Document, count_words
from analysis.extract.quotes.phrases import is_finite
from analysis.extract.quotes.structures import Cue, ProseParagraph
from analysis.extract.quotes.tables import quote_row
from analysis.extract.quotes.words import FIRST_PERSON

__all__ = ["MAX_VERBLESS_REPORT_WORDS", "indirect_rows"]

# A reported "clause" this short without a finite verb is no report ("In fact, our
# partners are saying the same thing": "In fact"; "He pointed out several elements").
MAX_VERBLESS_REPORT_WORDS = 2


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
                start_tok = min(other.v0, other.subject[0])
            other_start = para.tokens[start_tok].start
            if a < other_start < b and (other.comp and other.comp[0] > a or other.quote_open is not None):
                b = min(b, other_start)
        text = para.text
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:\u2013\u2014-"):
            b -= 1
        while a < b and (text[a].isspace() or text[a] in ",;:\u2013\u2014-"):
            a += 1
        spans.append((cue, a, b))
    for cue, a, b in spans:
        if b - a < 3 or count_words(para.text[a:b]) < 2:
            continue
        inside = [t for t in para.tokens if a <= t.start < b]
        if count_words(para.text[a:b]) <= MAX_VERBLESS_REPORT_WORDS and any(t.tag for t in inside) \
                and not any(is_finite(t) for t in inside if t.tag):
            continue  # "In fact, they are saying ...", "You mentioned several elements": no clause
        np_ = cue.subject or cue.source
        if np_ is not None and para.tokens[np_[0]].lower in FIRST_PERSON and np_[1] - np_[0] == 1:
            continue  # the narrator's own report of what they said: still the narrator
        if cue.speaker.speaker_id is None and np_ is not None and np_[1] - np_[0] == 1 \
                and para.tokens[np_[0]].lower == "it":
            continue  # an unresolved "it" is rarely a speaker ("it reaffirms Russia's vision")
        if cue.comp_kind == "trailing" and (
                any(t.mark for t in para.tokens if a <= t.start < b)
                or any(c is not cue and c.speaker is not None and a <= para.tokens[c.v0].start < b for c in cues)
                or any(c is not cue and c.subject is not None and a <= para.tokens[c.v0].start < b
                       for c in para.cues)):
            continue  # '"...," he said, according to ...': the clause is a quote and its cue
        # Wholly a direct quotation (with its marks)? Then the direct row says it all.
        if any(q.open_at <= a and (q.close_at is None or q.close_at + 1 >= b) for q in accepted):
            continue
        rows.append(quote_row(document, para, a, b, "indirect", cue.speaker, cue))
    return rows

