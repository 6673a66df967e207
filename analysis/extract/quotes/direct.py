"""Stage 2 and 4: quotation marks, and which quoted spans are direct quotations.

:func:`find_quote_spans` pairs the quotation marks of a paragraph (double marks first,
then single marks outside them); whether a mark opens or closes is read from its context
(space before and a word after: opening), then from the original curly glyph (some
sources swap “ and ”), then by alternation (:func:`mark_role`).

After cues are found and resolved, :func:`direct_rows` decides for every quoted span
whether it is a quotation (:func:`is_quotation`, the rules of the package docstring): a
cue next to it, inside a reported clause with at least :data:`MIN_PARTIAL_WORDS` words,
sentence-like without a cue, or the continuation of a quotation; never a title or term
after a naming noun. Epigraphs become one row each (:func:`epigraph_row`).

>>> mark_role('say "yes" now', 4, '"', False), mark_role('say "yes" now', 8, '"', True)
('open', 'close')
>>> mark_role("no ”red lines“ here", 3, "\\u201d", False)  # swapped curly marks: context wins
'open'
"""

from __future__ import annotations

import re

from analysis.corpus import Document, count_words
from analysis.extract.quotes.phrases import is_finite, token_at_or_after, token_before
from analysis.extract.quotes.resolve import SpeakerResolver
from analysis.extract.quotes.structures import Cue, ProseParagraph, QuotedSpan, Speaker, Token
from analysis.extract.quotes.tables import quote_row
from analysis.extract.quotes.words import SUBJECT_PRONOUNS, TITLE_NOUNS

__all__ = [
    "MIN_PARTIAL_WORDS", "MIN_UNCUED_SENTENCE_WORDS", "MIN_UNCUED_WORDS",
    "OPEN_DOUBLE_MARKS", "CLOSE_DOUBLE_MARKS", "OPEN_SINGLE_MARKS", "CLOSE_SINGLE_MARK", "QUOTE_CHARS",
    "TERMINAL_PUNCTUATION",
    "mark_role", "find_quote_spans", "content_span", "content_tokens", "is_title_like", "is_sentence_like",
    "opens_clause", "trailing_cue", "is_quotation", "quote_cue", "direct_rows", "epigraph_row",
]

# A fragment inside reported speech needs this many words to count as a quotation.
MIN_PARTIAL_WORDS = 5
# An uncued quoted span counts if it is a sentence of this many words ...
MIN_UNCUED_SENTENCE_WORDS = 4
# ... or has a finite verb and this many words.
MIN_UNCUED_WORDS = 8

# Curly and angle marks by side, in the original text (clean_text has straight ones).
OPEN_DOUBLE_MARKS = "\u201c\u201e\u201f\u00ab"
CLOSE_DOUBLE_MARKS = "\u201d\u00bb"
OPEN_SINGLE_MARKS = "\u2018\u201b"
CLOSE_SINGLE_MARK = "\u2019"
# The marks of clean_text.
QUOTE_CHARS = frozenset({'"', "'"})
# Punctuation that ends a sentence.
TERMINAL_PUNCTUATION = ".!?\u2026"


def mark_role(text: str, k: int, original: str, open_now: bool) -> str:
    """'open' or 'close' for the quotation mark at ``text[k]`` (its original char ``original``).

    The context decides when it is clear (space before and a word after: opening), since
    some sources swap curly marks (``no ”red lines“ with Russia``); otherwise a curly mark
    says which side it is; a straight mark alternates.
    """
    prev = text[k - 1] if k > 0 else " "
    nxt = text[k + 1] if k + 1 < len(text) else " "
    opener = (prev.isspace() or prev in "([{\u2014\u2013-/" or prev in QUOTE_CHARS) and not (
        nxt.isspace() or nxt in ".,;:!?)]}")
    closer = (nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013\u2026" or nxt in QUOTE_CHARS) and not (
        prev.isspace() or prev in "([{")
    if opener and not closer:
        return "open"
    if closer and not opener:
        return "close"
    if original in OPEN_DOUBLE_MARKS or original in OPEN_SINGLE_MARKS:
        return "open"
    if original in CLOSE_DOUBLE_MARKS:
        return "close"
    return "close" if open_now else "open"


def find_quote_spans(document: Document, para: ProseParagraph) -> list[QuotedSpan]:
    """Quoted spans of one paragraph: double quotes first, then single quotes outside them."""
    text = para.text
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    for k, ch in enumerate(text):
        if ch != '"':
            continue
        role = mark_role(text, k, document.text[para.to_original(k)], open_at is not None)
        if role == "open" and open_at is None:
            open_at = k
        elif role == "open":
            # Two opening marks in a row: the first was never closed; drop it.
            open_at = k
        elif open_at is not None:
            spans.append(content_span(para, open_at, k, single=False))
            open_at = None
    if open_at is not None:
        spans.append(content_span(para, open_at, None, single=False))
    inside = [(q.open_at, q.close_at if q.close_at is not None else len(text)) for q in spans]
    single_open: int | None = None
    for k, ch in enumerate(text):
        if ch != "'" or any(s <= k <= e for s, e in inside):
            continue
        original = document.text[para.to_original(k)]
        prev = text[k - 1] if k > 0 else " "
        nxt = text[k + 1] if k + 1 < len(text) else " "
        starts = (prev.isspace() or prev in "([{\u2014\u2013") and nxt.isalnum() and original != CLOSE_SINGLE_MARK
        ends = (prev.isalnum() or prev in ".,!?") and (nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013") \
            and original not in OPEN_SINGLE_MARKS
        if single_open is None and starts:
            single_open = k
        elif single_open is not None and ends:
            if para.sentence_at(single_open) == para.sentence_at(k):
                spans.append(content_span(para, single_open, k, single=True))
            single_open = None
    spans.sort(key=lambda q: q.open_at)
    return spans


def content_span(para: ProseParagraph, open_at: int, close_at: int | None, single: bool) -> QuotedSpan:
    """The content between two marks, without surrounding spaces or a final comma."""
    text = para.text
    a = open_at + 1
    b = close_at if close_at is not None else len(text)
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return QuotedSpan(para.index, open_at, close_at, a, b, single)



def content_tokens(para: ProseParagraph, q: QuotedSpan) -> list[Token]:
    """The tokens between a quoted span's marks."""
    return [t for t in para.tokens if t.start >= q.a and t.end <= q.b]


def is_title_like(para: ProseParagraph, q: QuotedSpan) -> bool:
    """A title, term or mentioned word: after a naming noun, or capitalised words, no verb."""
    k = token_before(para, q.open_at)
    if k is not None and para.tokens[k].lower in TITLE_NOUNS and para.text[para.tokens[k].end:q.open_at].strip() == "":
        return True  # 'the statement "Joint Vision ..."', 'the words "and cooperation"'

    words = re.findall(r"[^\W\d_]+", para.text[q.a:q.b])
    content = [w for w in words if len(w) > 3]
    toks = content_tokens(para, q)
    finite = any(is_finite(t) for t in toks if t.tag)
    if len(words) >= 2 and content and not finite:
        caps = sum(1 for w in content if w[0].isupper())
        if caps / len(content) >= 0.75:
            return True
    return False


def is_sentence_like(para: ProseParagraph, q: QuotedSpan) -> bool:
    """A capital letter, a finite verb and final punctuation inside the marks."""
    text = para.text[q.a:q.b]
    toks = content_tokens(para, q)
    finite = any(is_finite(t) for t in toks if t.tag) if any(t.tag for t in toks) else True
    first = next((ch for ch in text if ch.isalpha()), "")
    ends = text.rstrip("\"' )").endswith(tuple(TERMINAL_PUNCTUATION)) or bool(re.search(r"[.!?]\s+[A-Z]", text))
    return bool(first) and first.isupper() and finite and ends


def opens_clause(para: ProseParagraph, q: QuotedSpan) -> bool:
    """The quote starts its sentence (or follows a colon, a dash or another quote)."""
    # The sentence of the content: a splitter may leave an opening mark at the end of
    # the previous sentence ('... approach. "' + 'Yes, this is ...').
    s = para.sentence_at(q.a)
    s_start = para.offsets[s]
    if q.open_at < s_start:
        return True
    before = para.text[s_start:q.open_at].strip()
    if not before:
        return True
    return before[-1] in ":\u2013\u2014\"'" or before.endswith("--")


def trailing_cue(para: ProseParagraph, q: QuotedSpan) -> Cue | None:
    """A cue right after the closing mark: '"...," Zakharova asserted' / 'said X' /
    '--he said' / ', according to ...'. Only when the quote opens its clause."""
    if q.close_at is None or not opens_clause(para, q):
        return None
    after = token_at_or_after(para, q.close_at + 1)
    if after is None:
        return None
    toks = para.tokens
    k = after
    while k < len(toks) and toks[k].text in {",", "\u2013", "\u2014", "-", "--"}:
        k += 1
    # The quote's own sentence ended ('"... ." Then a new sentence') unless the content
    # ended with ?/! and the next word is lower case ('"Why?" he asked').
    content = para.text[q.a:q.b].rstrip()
    if content.endswith(".") and k == after:
        return None
    first_after = toks[k] if k < len(toks) else None
    if content.endswith(("?", "!")) and first_after is not None and first_after.lower in SUBJECT_PRONOUNS \
            and first_after.text[:1].isupper():
        return None  # '"How old are you?" He said: "..."' -- a new sentence
    for cue in para.cues:
        if cue.quote_sep == ":":
            continue  # 'He said: "..."' introduces the next quote, not the previous one
        if cue.form in {"verb", "according", "participle"} and cue.subject is not None:
            first = min(cue.v0, cue.subject[0])
            if first == k or (cue.v0 == k and cue.subject[0] > cue.v0):
                return cue
    return None


def is_quotation(para: ProseParagraph, q: QuotedSpan, cue: Cue | None, how: str) -> bool:
    """Whether a quoted span is a quotation (see the module docstring for the rules)."""
    words = count_words(para.text[q.a:q.b])
    if words == 0:
        return False
    if how in {"adjacent", "trailing", "colon"}:
        return True
    if how == "adjacent-that":
        return words >= 3 or is_sentence_like(para, q)
    if is_title_like(para, q):
        return False
    if how == "embedded":
        return words >= MIN_PARTIAL_WORDS
    if how in {"split", "continued"}:
        return True
    if how == "carried" and words >= 3:
        return True
    toks = content_tokens(para, q)
    finite = any(is_finite(t) for t in toks if t.tag)
    if is_sentence_like(para, q) and words >= MIN_UNCUED_SENTENCE_WORDS:
        return True
    return finite and words >= MIN_UNCUED_WORDS



def direct_rows(document: Document, para: ProseParagraph, paras: list[ProseParagraph], resolver: SpeakerResolver,
                 last_quoted: Speaker | None) -> list[dict]:
    """The direct-quotation rows of a paragraph: each quoted span that is a quotation, with
    the speaker of its cue, of the part it continues, or (``last_quoted``) of the quote
    that ended the previous paragraph."""
    rows = []
    previous: QuotedSpan | None = None
    previous_trailing_end: int | None = None
    for q in para.quotes:
        cue, how = quote_cue(para, q)
        if cue is None and q.continues_from is not None and q.continues_from.accepted:
            cue, how = q.continues_from.cue, "continued"
            q.speaker = q.continues_from.speaker
        elif cue is None and previous is not None and previous.accepted and previous_trailing_end is not None \
                and para.text[previous_trailing_end:q.open_at].strip(" .,;:\u2013\u2014") == "":
            cue, how = previous.cue, "split"
            q.speaker = previous.speaker
        elif cue is None and q.open_at == 0 and last_quoted is not None and not q.single:
            how = "carried"
            q.speaker = last_quoted
        q.accepted = is_quotation(para, q, cue, how)
        if not q.accepted:
            continue
        q.cue, q.how = cue, how
        if q.speaker is None:
            q.speaker = cue.speaker if cue is not None else Speaker(None, None, None, "none")
        cue_para = paras[cue.para] if cue is not None else None
        q.row = quote_row(document, para, q.a, q.b, "direct", q.speaker, cue, cue_para)
        rows.append(q.row)
        if how not in {"continued", "carried"} and q.speaker.speaker_id is not None:
            # '"First part ...' + new paragraph + '"... second part," she said.': the cue
            # of the last part names the speaker of the earlier, uncued parts too.
            earlier = q.continues_from
            while earlier is not None and earlier.accepted and earlier.row is not None \
                    and earlier.speaker is not None and earlier.speaker.speaker_id is None:
                earlier.speaker, earlier.cue = q.speaker, cue
                fresh = quote_row(document, paras[earlier.para], earlier.a, earlier.b, "direct", q.speaker, cue, cue_para)
                earlier.row.update({k: v for k, v in fresh.items() if k != "quote_id"})
                earlier = earlier.continues_from
        previous = q
        previous_trailing_end = None
        if how == "trailing" and cue is not None:
            # The end of the cue clause ('she explained.'): a following quote is its second part.
            toks = para.tokens
            end_tok = max(cue.v1, cue.subject[1] if cue.subject else cue.v1)
            while end_tok < len(toks) and toks[end_tok].text not in {".", ",", ";", ":"} and not toks[end_tok].mark:
                end_tok += 1
            previous_trailing_end = toks[end_tok - 1].end if end_tok > 0 else None
    return rows


def quote_cue(para: ProseParagraph, q: QuotedSpan) -> tuple[Cue | None, str]:
    """The cue of a quoted span and how it is attached (adjacent/trailing/embedded)."""
    content = para.text[q.a:q.b].rstrip()
    ends_open = content.endswith((",", "?", "!")) or para.text[q.a:q.close_at or q.b].rstrip().endswith(",")
    adjacent = next((c for c in para.cues if c.quote_open == q.open_at and c.speaker is not None), None)
    trailing = trailing_cue(para, q)
    if trailing is not None and trailing.speaker is None:
        trailing = None
    if adjacent is not None and not (trailing is not None and ends_open):
        if adjacent.form == "colon":
            return adjacent, "colon"
        # 'said that "..."' and 'I say "we" because ...' (no comma or colon): the quoted
        # words may be a mentioned word, so they need to look like speech.
        bare = adjacent.comp_kind == "that" or adjacent.quote_sep not in {":", ","}
        return adjacent, "adjacent-that" if bare else "adjacent"
    if trailing is not None:
        return trailing, "trailing"
    if adjacent is not None:
        return adjacent, "adjacent"
    s = para.sentence_at(q.a)
    for cue in reversed(para.cues):
        if cue.sent != s or cue.comp is None or cue.speaker is None:
            continue
        if cue.comp[0] <= q.open_at and (q.b <= cue.comp[1] + 2):
            return cue, "embedded"
    return None, ""



def epigraph_row(document: Document, paras: list[ProseParagraph], para: ProseParagraph, resolver: SpeakerResolver) -> dict | None:
    """An epigraph, spoken by whoever its attribution paragraph names."""
    a, b = 0, len(para.text)
    text = para.text
    while a < b and (text[a].isspace() or text[a] in "\"'"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in "\"'"):
        b -= 1
    if b <= a:
        return None
    nxt = next((p for p in paras if p.index > para.index), None)
    speaker = Speaker(None, None, None, "epigraph")
    cue = None
    if nxt is not None and nxt.paragraph.role == "attribution":
        mentions = [m for m in nxt.mentions if not m.hint]
        persons = [m for m in mentions if m.person]
        chosen = persons[0] if persons else (mentions[-1] if mentions else None)
        if chosen is not None:
            speaker = resolver.from_mention(chosen, "epigraph")
        else:
            speaker = Speaker(None, None, nxt.paragraph.text.strip(), "epigraph")
        cue = nxt
    row = quote_row(document, para, a, b, "direct", speaker, None)
    if cue is not None:
        c0, c1 = cue.original_span(0, len(cue.text))
        row.update(cue=document.text[c0:c1], cue_start=c0, cue_end=c1)
    return row

