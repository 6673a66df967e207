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
from analysis.extract.quotes.cues import can_name_speaker, is_name, opens_clause
from analysis.extract.quotes.phrases import is_finite, token_at_or_after, token_before
from analysis.extract.quotes.resolve import SpeakerResolver
from analysis.extract.quotes.syntax import governs, parsed, quote_governor, subject_phrase, verb_subject
from analysis.extract.quotes.structures import Cue, ProseParagraph, QuotedSpan, Speaker, Token
from analysis.extract.quotes.tables import quote_row
from analysis.extract.quotes.words import ATTRIBUTION_DASHES, SUBJECT_PRONOUNS, TITLE_NOUNS

__all__ = [
    "MIN_PARTIAL_WORDS", "MIN_UNCUED_SENTENCE_WORDS", "MIN_UNCUED_WORDS", "MAX_ATTRIBUTION_LINE_WORDS",
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
# How a quote attaches to a cue that may itself sit inside another report's clause
# (see outermost_report); a trailing cue ('"...," she said') stands outside any clause.
OUTER_REPORT_HOWS = frozenset({"adjacent", "adjacent-that", "colon", "embedded"})
# An attribution line under a quotation ("- Laura Whitfield.") has at most this many words.
MAX_ATTRIBUTION_LINE_WORDS = 6

# Curly and angle marks by side, in the original text (clean_text has straight ones).
OPEN_DOUBLE_MARKS = "\u201c\u201e\u201f\u00ab"
CLOSE_DOUBLE_MARKS = "\u201d\u00bb"
OPEN_SINGLE_MARKS = "\u2018\u201b"
CLOSE_SINGLE_MARK = "\u2019"
# The marks of clean_text.
QUOTE_CHARS = frozenset({'"', "'"})
# Punctuation that ends a sentence.
TERMINAL_PUNCTUATION = ".!?\u2026"


def mark_role(text: str, k: int, original: str, open_now: bool, width: int = 1) -> str:
    """'open' or 'close' for the quotation mark at ``text[k:k + width]`` (its original
    first char ``original``; ``width`` 2 for a doubled apostrophe ``''``).

    The context decides when it is clear (space before and a word after: opening), since
    some sources swap curly marks (``no ”red lines“ with Russia``); otherwise a curly mark
    says which side it is; a straight mark alternates.
    """
    prev = text[k - 1] if k > 0 else " "
    nxt = text[k + width] if k + width < len(text) else " "
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


def double_marks(text: str) -> list[tuple[int, int]]:
    """``(index, width)`` of the double quotation marks of a text: ``"`` (curly marks are
    straight in ``clean_text``) and the doubled apostrophe ``''`` some archives write
    for one (``''We need Chapter 9,'' said Ms. Acosta``).

    >>> double_marks("''We are,'' he said. \\"Yes\\"")
    [(0, 2), (9, 2), (21, 1), (25, 1)]
    """
    return [(m.start(), len(m.group())) for m in _DOUBLE_MARK.finditer(text)]


# A straight double mark, or two apostrophes not followed by a third (of three, the last
# two are the mark: the first closes a single quote). Scanned left to right like a loop.
_DOUBLE_MARK = re.compile(r"\"|''(?!')")


def find_quote_spans(document: Document, para: ProseParagraph, open_before: bool = False) -> list[QuotedSpan]:
    """Quoted spans of one paragraph: double quotes first, then single quotes outside them.

    With ``open_before`` (the previous paragraph left a quote open and this one does not
    open a new one: a line break inside a quotation), a closing mark before any opening
    one closes a span that starts at the paragraph's beginning (``open_at`` -1)."""
    text = para.text
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_width = 1
    for k, width in double_marks(text):
        role = mark_role(text, k, document.text[para.to_original(k)], open_at is not None, width)
        if role == "open" and open_at is None:
            open_at, open_width = k, width
        elif role == "open":
            # Two opening marks in a row: the first was never closed; drop it.
            open_at, open_width = k, width
        elif open_at is not None:
            spans.append(content_span(para, open_at, k, single=False, width=open_width))
            open_at = None
        elif open_before and not spans:
            spans.append(content_span(para, -1, k, single=False))
    if open_at is not None:
        spans.append(content_span(para, open_at, None, single=False, width=open_width))
    inside = [(q.open_at, q.close_at + 1 if q.close_at is not None else len(text)) for q in spans]
    doubled = {k + j for k, width in double_marks(text) if width == 2 for j in range(2)}
    single_open: int | None = None
    for k, ch in enumerate(text):
        if ch != "'" or k in doubled or any(s <= k <= e for s, e in inside):
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


def content_span(para: ProseParagraph, open_at: int, close_at: int | None, single: bool,
                 width: int = 1) -> QuotedSpan:
    """The content between two marks (the opening one ``width`` characters wide; at -1:
    opened in the previous paragraph), without surrounding spaces or a final comma."""
    text = para.text
    a = open_at + width if open_at >= 0 else 0
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
        # What a naming cue calls something ("called the vote 'a great day for ...'") is
        # part of a mixed quote, not a quotation row of its own.
        return words >= MIN_PARTIAL_WORDS and (cue is None or cue.sense != "naming")
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
                 last_quoted: Speaker | None, lead: Cue | None = None, recent: Speaker | None = None) -> list[dict]:
    """The direct-quotation rows of a paragraph: each quoted span that is a quotation, with
    the speaker of its cue, of the part it continues, or (``last_quoted``) of the quote
    that ended the previous paragraph; ``lead`` is the previous paragraph's closing colon
    cue ('Cruz continued:'), which introduces a quotation opening this paragraph; a
    quotation with no cue at all is the most recent speaker's of this paragraph (a
    quote or a speech cue before it), else ``recent`` (the previous paragraph's last)."""
    rows = []
    previous: QuotedSpan | None = None
    previous_trailing_end: int | None = None
    for q in para.quotes:
        cue, how = quote_cue(para, q)
        if cue is not None and how in OUTER_REPORT_HOWS:
            cue = outermost_report(para, cue)
        if cue is None and q.continues_from is not None and q.continues_from.accepted:
            cue, how = q.continues_from.cue, "continued"
            q.speaker = q.continues_from.speaker
        elif cue is None and previous is not None and previous.accepted and previous_trailing_end is not None \
                and para.text[previous_trailing_end:q.open_at].strip(" .,;:\u2013\u2014") == "":
            cue, how = previous.cue, "split"
            q.speaker = previous.speaker
        elif cue is None and q.open_at <= 0 and q is para.quotes[0] and lead is not None \
                and lead.speaker is not None:
            cue, how = lead, "adjacent"
        elif cue is None and q.open_at == 0 and last_quoted is not None and not q.single:
            how = "carried"
            q.speaker = last_quoted
        q.accepted = is_quotation(para, q, cue, how)
        if not q.accepted:
            continue
        if cue is None and q.speaker is None:
            cue = _governing_subject_cue(para, q, resolver)
        q.cue, q.how = cue, how
        if q.speaker is None:
            # An attribution line under the quotation names it before the voice heard last.
            q.speaker = cue.speaker if cue is not None else _attribution_line_speaker(para, q, paras, resolver) \
                or _recent_speaker(para, q, recent) or Speaker(None, None, None, "none")
        cue_para = paras[cue.para] if cue is not None else None
        earlier = q.continues_from
        if q.open_at < 0 and earlier is not None and earlier.row is not None:
            # Opened on the line before and never reopened: one quotation broken by a
            # line break, so one row running on to this paragraph's closing mark.
            end = para.original_span(q.a, q.b)[1]
            earlier.row.update(end=end, text=document.text[earlier.row["start"]:end])
            if earlier.row["speaker_id"] is None and q.speaker.speaker_id is not None:
                fresh = quote_row(document, paras[earlier.para], earlier.a, earlier.b, "direct", q.speaker, cue, cue_para)
                earlier.row.update({k: v for k, v in fresh.items() if k not in {"quote_id", "end", "text"}})
                earlier.speaker, earlier.cue = q.speaker, cue
            q.row = earlier.row
            previous, previous_trailing_end = q, None
            continue
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
        if cue is not None and (how == "trailing" or how == "embedded" and cue.comp_kind == "trailing"):
            # The end of the cue clause ('she explained.'): a following quote is its second part.
            toks = para.tokens
            end_tok = max(cue.v1, cue.subject[1] if cue.subject else cue.v1)
            while end_tok < len(toks) and toks[end_tok].text not in {".", ",", ";", ":"} and not toks[end_tok].mark:
                end_tok += 1
            previous_trailing_end = toks[end_tok - 1].end if end_tok > 0 else None
    return rows


def outermost_report(para: ProseParagraph, cue: Cue) -> Cue:
    """The speech cue whose reported clause holds ``cue`` (the outermost one), else ``cue``.

    A quotation introduced inside a report belongs to the report's source, whoever the
    inner clause names: "Benjamin said he believes '...'", "Kasich says he would tell
    Putin '...'", "He said his parents told him: '...'" -- the writer quotes Benjamin,
    Kasich, him (and the inner "he" or "his parents" would be the wrong mention). Only a
    speech or "according to" cue with a speaker is an outer report: "X believes Y said
    '...'" stays Y's; an outer source nobody resolved replaces only an unresolved one.
    """
    toks = para.tokens
    inner_known = cue.speaker is not None and cue.speaker.speaker_id is not None
    at = toks[cue.subject[0]].start if cue.subject is not None else toks[cue.v0].start
    holding = [c for c in para.cues
               if c is not cue and c.sent == cue.sent and c.sense == "speech" and c.comp is not None
               and c.speaker is not None and c.speaker.start is not None
               and (c.speaker.speaker_id is not None or not inner_known)
               and c.comp_kind != "parenthetical" and c.comp[0] <= at < c.comp[1]
               and toks[c.v0].start < at]
    if parsed(para, cue.v0):
        holding = [c for c in holding if governs(para, c.v0, cue.v0)]
    return min(holding, key=lambda c: c.comp[0]) if holding else cue


def _governing_subject_cue(para: ProseParagraph, q: QuotedSpan, resolver: SpeakerResolver) -> Cue | None:
    """For a quotation no cue introduces, the verb its words hang on in the parse, when
    that verb's subject can name a speaker: 'Sanders credited the win to "..."', 'She
    thanked the mayor for "..."', 'He urged the party to "..."' -- whatever the verb, the
    quoted words are its subject's (a thing's subject, "The ad targets '...'", is no
    speaker, and the quotation keeps the most recent speaker as before). None otherwise."""
    toks = para.tokens
    inside = [t.i for t in toks if q.a <= t.start and t.end <= q.b]
    if not inside or not parsed(para, inside[0]):
        return None
    v = quote_governor(para, inside[0], inside[-1] + 1)
    if v is None or toks[v].quote >= 0 or toks[v].sent != toks[inside[0]].sent:
        return None
    found = verb_subject(para, v)
    if found is None or toks[found[0]].quote >= 0 or toks[found[0]].mark:
        return None
    full, core = subject_phrase(para, found[0], v)
    if not (can_name_speaker(para, full) or is_name(para, core)):
        return None
    cue = Cue(para.index, v, v + 1, "verb", subject=full, sent=toks[v].sent)
    cue.core = core if core != full and can_name_speaker(para, core) else None
    cue.speaker = resolver.resolve(para, cue.core or full, full)
    return cue


def _attribution_line_speaker(para: ProseParagraph, q: QuotedSpan, paras: list[ProseParagraph],
                             resolver: SpeakerResolver) -> Speaker | None:
    """The speaker named by an attribution line right under a paragraph that ends with
    the quotation: the next paragraph is a dash and a short name ("- Laura Whitfield.",
    "— Whitfield"), the layout of fact checks and quote boxes. None if there is none."""
    if para.text[q.b:].strip(" \"'.,;:!?") != "" or para.index + 1 >= len(paras):
        return None
    line = paras[para.index + 1]
    if line.paragraph.paragraph_id != para.paragraph.paragraph_id + 1 or not line.tokens:
        return None
    toks = line.tokens
    # The dash is a token, or, when the corpus reader took the line for a list item, the
    # item's marker left out of the sentence text.
    first = 1 if toks[0].text in ATTRIBUTION_DASHES else 0
    dash_marks = {d[0] for d in ATTRIBUTION_DASHES}
    # The tokenizer may glue a hyphen to the name ("-President Obama").
    glued = toks[0].text[:1] in dash_marks and toks[0].text[1:2].isupper()
    if not first and not glued and not (line.paragraph.role == "list_item"
                                        and line.paragraph.text.lstrip()[:1] in dash_marks):
        return None
    # The name is the line, or its part before a comma ("- Jane Roe, Ohio.", "- Jane Roe,
    # tweeting after the debate.": what follows the comma places or explains her).
    end = next((k for k in range(first + 1, len(toks)) if toks[k].text == ","), len(toks))
    while end > first + 1 and toks[end - 1].text in {".", ","}:
        end -= 1
    words = [t for t in toks[first:end] if t.text[:1].isalnum() or glued and t.i == 0]
    if not words or len(words) > MAX_ATTRIBUTION_LINE_WORDS \
            or not words[0].text[1 if glued and words[0].i == 0 else 0:][:1].isupper():
        return None
    speaker = resolver.resolve(line, (first, end))
    return speaker if speaker.speaker_id is not None else None


def _recent_speaker(para: ProseParagraph, q: QuotedSpan, recent: Speaker | None) -> Speaker | None:
    """The news convention for a quotation nobody introduces: the voice quoted or
    reported last goes on speaking (this paragraph before the quote, else ``recent``)."""
    before: list[tuple[int, Speaker]] = [
        (c.v0, c.speaker) for c in para.cues
        if c.sense == "speech" and c.speaker is not None and c.speaker.speaker_id is not None
        and para.tokens[c.v0].start < q.open_at]
    before += [(0, p.speaker) for p in para.quotes
               if p is not q and p.accepted and p.speaker is not None and p.speaker.speaker_id is not None
               and p.b <= q.open_at]
    if before:
        return max(before, key=lambda item: item[0])[1]
    return recent if recent is not None and recent.speaker_id is not None else None


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
    # The outermost report holding the quote speaks it ("Kasich says he believes ... '...'",
    # "Trump said he responded: '...'": the news source is the one the writer quotes);
    # a cognition cue only when no speech cue holds it.
    holding = sorted((c for c in para.cues if c.sent == s and c.comp is not None and c.speaker is not None),
                     key=lambda c: (c.sense == "belief", c.comp[0]))
    # Where the parse reaches the quote, a report holds it only when the quote hangs
    # below the cue ("After X informed Y that ..., X wrote that Z '...'": wrote, whose
    # clause the quote is in, not informed, whose pattern clause runs on over it).
    first_inside = next((t.i for t in para.tokens if q.a <= t.start and t.end <= q.b), None)
    if first_inside is not None and parsed(para, first_inside):
        governing = [c for c in holding if governs(para, c.v0, first_inside)]
        holding = governing or holding
    for cue in holding:
        # A quote opening inside the clause, even one running on past its sentence
        # ('He said Cruz "has courage ... . He is not ..."'), or anywhere in the sentence
        # of a parenthetical cue ('The problem, she said, is that "..."').
        if cue.comp[0] <= q.open_at < cue.comp[1] or cue.comp_kind == "parenthetical":
            return cue, "embedded"
    # The parse: the quoted words hang on a cue the patterns could not reach ('she told
    # the mayors who gathered in X, "..."', 'saying at one point, "..."').
    inside = [t.i for t in para.tokens if q.a <= t.start and t.end <= q.b]
    if inside and parsed(para, inside[0]):
        governor = quote_governor(para, inside[0], inside[-1] + 1)
        cue = next((c for c in para.cues if c.v0 == governor and c.speaker is not None and c.sense == "speech"), None)
        if cue is not None:
            mark = token_before(para, q.open_at)
            if mark is not None and para.tokens[mark].text in {",", ":"} and governor < inside[0]:
                return cue, "adjacent"
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
            toks = nxt.tokens
            speaker.start, speaker.end = nxt.original_span(toks[chosen.t0].start, toks[chosen.t1 - 1].end)
        else:
            line = nxt.paragraph.text.strip()
            speaker = Speaker(None, None, line, "epigraph")
            if line:
                speaker.start = nxt.paragraph.start + nxt.paragraph.text.index(line)
                speaker.end = speaker.start + len(line)
        cue = nxt
    row = quote_row(document, para, a, b, "direct", speaker, None)
    if cue is not None:
        c0, c1 = cue.original_span(0, len(cue.text))
        row.update(cue=document.text[c0:c1], cue_start=c0, cue_end=c1)
    return row

