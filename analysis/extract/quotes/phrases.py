"""Token patterns the cue and clause rules are built from: noun phrases, finite verbs,
clause starts and sentence ends, read from the tagger's tags (no dependency parse).

A noun phrase is a run of :func:`is_np_token` tokens (names, nouns, adjectives,
determiners and the words inside names such as "of" and "'s"), read leftwards from a cue
verb (:func:`np_left`: its subject) or rightwards (:func:`np_right`: an inverted subject,
"said Zakharova"). A clause starts where a subject is followed by a finite verb before
any clause stop (:func:`clause_ahead`).

>>> from analysis.corpus import Paragraph
>>> words = [("Lavrov", "NNP", "PROPN"), ("said", "VBD", "VERB"), ("it", "PRP", "PRON"),
...          ("is", "VBZ", "AUX"), ("over", "RB", "ADV"), (".", ".", "PUNCT")]
>>> toks, at = [], 0
>>> for i, (w, tag, pos) in enumerate(words):
...     toks.append(Token(i, w, w.lower(), tag, pos, "", "O", "", at, at + len(w), 0))
...     at += len(w) + 1
>>> para = ProseParagraph(0, Paragraph("d", 0, 0, 25, "", "body"), [], "Lavrov said it is over .",
...                       [0], toks, [(0, 6)])
>>> np_left(para, 1, 0), np_right(para, 2, 6), clause_ahead(para, 2, 6), is_finite(toks[1])
((0, 1), (2, 3), True, True)
"""

from __future__ import annotations

from analysis.extract.quotes.structures import ProseParagraph, Token
from analysis.extract.quotes.words import (
    AUX_SKIP, CLAUSE_STOPS, FINITE_TAGS, NEGATIONS, NP_INNER, NP_POS, NP_TAGS, RELATIVE_WORDS_LEFT,
    RELATIVE_WORDS_RIGHT, SUBJECT_PRONOUNS,
)

__all__ = [
    "is_np_token", "np_left", "np_right", "skip_left", "is_finite", "sentence_token_bounds",
    "token_before", "token_at_or_after", "clause_ahead", "is_open_mark", "sentence_end",
]


def is_np_token(t: Token) -> bool:
    """Whether a token may stand inside a noun phrase (not a quote mark or a separator)."""
    if t.mark or t.text in {",", ";", ":", "(", ")", '"'}:
        return False
    if t.pos:
        return t.pos in NP_POS or t.tag in NP_TAGS or t.lower in NP_INNER
    return t.text[:1].isalnum() or t.lower in NP_INNER


def np_left(para: ProseParagraph, end: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase ending at token ``end - 1`` (not before ``floor``), or None."""
    toks = para.tokens
    j = end - 1
    if j < floor or not is_np_token(toks[j]) or toks[j].lower in NP_INNER - {"'s"}:
        return None
    while j - 1 >= floor and is_np_token(toks[j - 1]) and end - (j - 1) <= 16:
        # A pronoun only heads a phrase; "that"/"who" open a clause.
        if toks[j - 1].lower in RELATIVE_WORDS_LEFT or toks[j - 1].tag in {"WP", "WDT"} or (
                toks[j - 1].tag == "PRP" and toks[j - 1].lower in SUBJECT_PRONOUNS):
            break
        j -= 1
    while j < end - 1 and toks[j].lower in NP_INNER - {"'s"}:
        j += 1
    return j, end


def np_right(para: ProseParagraph, start: int, stop: int) -> tuple[int, int] | None:
    """The noun phrase starting at token ``start`` (before ``stop``), or None."""
    toks = para.tokens
    if start >= stop or not is_np_token(toks[start]) or toks[start].lower in NP_INNER:
        return None
    j = start
    while j + 1 < stop and is_np_token(toks[j + 1]) and j + 1 - start < 16:
        if toks[j + 1].lower in RELATIVE_WORDS_RIGHT:
            break
        j += 1
    while j > start and toks[j].lower in NP_INNER:
        j -= 1
    return start, j + 1


def skip_left(para: ProseParagraph, k: int, floor: int) -> tuple[int, bool]:
    """Move left from token ``k`` over adverbs and auxiliaries; (index, negated)."""
    toks = para.tokens
    negated = False
    while k >= floor and (toks[k].tag in {"RB", "RBR", "RBS"} or toks[k].lower in AUX_SKIP
                          or toks[k].lower in NEGATIONS):
        if toks[k].lower in NEGATIONS:
            negated = True
        k -= 1
    return k, negated


def is_finite(t: Token) -> bool:
    """A finite verb (by tag; untagged: a word ending in -s or -ed)."""
    return t.tag in FINITE_TAGS if t.tag else t.lower.endswith(("s", "ed"))


def sentence_token_bounds(para: ProseParagraph, i: int) -> tuple[int, int]:
    """Token range of the sentence holding token ``i``."""
    return para.sent_tokens[para.tokens[i].sent]


def token_before(para: ProseParagraph, k: int) -> int | None:
    """Index of the last token ending at or before paragraph-text index ``k``."""
    best = None
    for t in para.tokens:
        if t.end <= k:
            best = t.i
        else:
            break
    return best


def token_at_or_after(para: ProseParagraph, k: int) -> int | None:
    """Index of the first token starting at or after paragraph-text index ``k``."""
    for t in para.tokens:
        if t.start >= k:
            return t.i
    return None


def clause_ahead(para: ProseParagraph, k: int, s1: int) -> bool:
    """Whether a clause (subject, then a finite verb) starts at token ``k``."""
    toks = para.tokens
    if toks[k].tag == "PRP" and toks[k].lower not in SUBJECT_PRONOUNS:
        return False
    depth = 0
    for j in range(k, min(s1, k + 24)):
        t = toks[j]
        if t.text == "(":
            depth += 1
            continue
        if t.text == ")":
            depth = max(depth - 1, 0)
            continue
        if depth:
            continue
        if t.mark or t.text in {'"', "'"}:
            continue  # a quotation inside the clause (Peskov: ... was "probably ...")
        if j > k and t.quote < 0 and (t.lower in CLAUSE_STOPS or t.tag == "WDT"):
            return False
        if j > k and is_finite(t) and t.tag and not (j + 1 < s1 and toks[j + 1].text in {"-", "\u2011"}):
            return True  # ("would-be" is no verb)
    return False


def is_open_mark(para: ProseParagraph, t: Token) -> bool:
    """Whether the token is the opening mark of one of the paragraph's quoted spans."""
    return any(q.open_at == t.start for q in para.quotes)


def sentence_end(para: ProseParagraph, s1: int) -> int:
    """Paragraph-text end of the sentence whose tokens stop at ``s1``, without a final
    full stop outside quotation marks (nor an opening mark a splitter left there)."""
    toks = para.tokens
    k = s1 - 1
    while k > 0 and toks[k].mark and is_open_mark(para, toks[k]):
        k -= 1
    if toks[k].text in {".", "!", "?", ";", ":", "\u2026"} and k >= 1:
        k -= 1
    return toks[k].end

