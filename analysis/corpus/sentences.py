"""Sentence spans of a paragraph's clean text: spaCy's rule-based sentencizer, repaired and capped.

The sentencizer (a blank English pipeline with the ``sentencizer`` rule, no model) is
loaded on first use, not on import, so that ``import analysis`` does not load spaCy. Its
spans are repaired where it splits after an abbreviation ("Mr. Lavrov") or inside a
sentence, and capped at :data:`SENTENCE_MAX_CHARS`, so the model never receives a text
beyond its limits. This module works on plain strings; the structure parser
(:mod:`analysis.corpus.structure`) maps the spans back to offsets in the document.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "NUMBERED_ABBREVIATIONS",
    "SENTENCE_MAX_CHARS",
    "SENTENCIZER_CHUNK",
    # Underscored names are the package's own: the structure parser uses them.
    "_NoSpaceToCut",
    "_sentencizer",
    "_split_sentences",
]


ABBREVIATIONS = frozenset(
    """mr mrs ms dr st vs e.g i.e cf approx gen col
    lt sen rep gov prof jr sr co corp inc ltd dept est eds ed""".split()
)
# Abbreviations that are also words ("no.", "art."): they only end an abbreviation, not
# a sentence, when a number follows ("No. 229", "para. 24", "p. 5"); "Moscow said no.
# Kyiv said yes." is two sentences.
NUMBERED_ABBREVIATIONS = frozenset("no nos para paras art arts p pp vol vols fig figs".split())


@lru_cache(maxsize=1)
def _sentencizer():
    """A blank English tokenizer with the rule-based sentencizer (fast, no model)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters, error E088), and
# scraped files can hold a whole article on one line. The sentencizer reads a long
# paragraph in chunks of at most this many characters, cut at a space; each chunk after
# the first starts where the previous one's last (possibly cut) sentence started, so the
# sentences are those of one pass over the whole paragraph.
SENTENCIZER_CHUNK = 100_000
# The model parses each sentence's clean text on its own (analysis.nlp), so a
# "sentence" must stay far below max_length too: one without final punctuation can run
# for a whole file. 10,000 characters is about 1,700 words, several times the longest
# sentences of treaties and court rulings, so real sentences are never cut, and it keeps
# the parser's per-sentence time and memory small. Longer spans are cut at the last
# space before the limit.
SENTENCE_MAX_CHARS = 10_000

_WHITESPACE_RE = re.compile(r"\s")


class _NoSpaceToCut(Exception):
    """A run of more than ``SENTENCE_MAX_CHARS`` characters without whitespace at ``index``."""

    def __init__(self, index: int, length: int) -> None:
        super().__init__(index, length)
        self.index, self.length = index, length


def _last_space(text: str, low: int, high: int) -> int:
    """Index of the last whitespace character in ``text[low:high]``, or -1."""
    found = text.rfind(" ", low, high)  # the clean text turns almost every space into " "
    if found != -1:
        return found
    for match in _WHITESPACE_RE.finditer(text, low, high):
        found = match.start()
    return found


def _sentencizer_spans(clean: str) -> list[tuple[int, int]]:
    """The rule-based sentencizer's sentence spans, in chunks below spaCy's max_length.

    >>> _sentencizer_spans("One. Two. Three.")
    [(0, 4), (5, 9), (10, 16)]
    """
    nlp = _sentencizer()
    if len(clean) <= SENTENCIZER_CHUNK:
        return [(sent.start_char, sent.end_char) for sent in nlp(clean).sents]
    spans: list[tuple[int, int]] = []
    position = 0
    while position < len(clean):
        chunk_end = position + SENTENCIZER_CHUNK
        last_chunk = chunk_end >= len(clean)
        if last_chunk:
            chunk_end = len(clean)
        else:
            space = _last_space(clean, position + SENTENCIZER_CHUNK // 2, chunk_end)
            if space != -1:
                chunk_end = space + 1
            # else: 50,000 characters without a space; cut anywhere, _cap_spans refuses it.
        found = [(position + sent.start_char, position + sent.end_char)
                 for sent in nlp(clean[position:chunk_end]).sents]
        if not last_chunk and len(found) > 1:
            spans.extend(found[:-1])  # the last one may be cut: read it again with what follows
            position = found[-1][0]
        else:
            spans.extend(found)
            position = chunk_end
    return spans


def _tail(clean: str, start: int, end: int) -> str:
    """``clean[start:end].rstrip()``, or enough of its end to hold its whole last word.

    Looking only at the end keeps merging many sentences into one linear, not quadratic.
    """
    window = 256
    while True:
        low = max(start, end - window)
        tail = clean[low:end].rstrip()
        if low == start or " " in tail:
            return tail
        window *= 4


def _cap_spans(clean: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut spans longer than ``SENTENCE_MAX_CHARS`` at whitespace (offsets stay exact).

    >>> _cap_spans("aaa bbb ccc", [(0, 11)]) == [(0, 11)]
    True
    """
    capped: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > SENTENCE_MAX_CHARS:
            if clean[start].isspace():  # a piece's leading space is trimmed: do not count it
                start += 1
                continue
            space = _last_space(clean, start + 1, start + SENTENCE_MAX_CHARS + 1)
            if space == -1:
                following = _WHITESPACE_RE.search(clean, start)
                raise _NoSpaceToCut(start, (following.start() if following else len(clean)) - start)
            capped.append((start, space))
            start = space
        capped.append((start, end))
    return capped


def _split_sentences(clean: str) -> list[tuple[int, int]]:
    """Sentence spans in ``clean`` text, repairing the sentencizer's abbreviation splits."""
    spans: list[list[int]] = []
    for start, end in _sentencizer_spans(clean):
        if spans:
            previous_tail = _tail(clean, spans[-1][0], spans[-1][1])
            last_word = previous_tail.rsplit(" ", 1)[-1].rstrip(".").lower()
            next_char = clean[start:end].lstrip("\"'([")[:1]
            abbreviation = last_word in ABBREVIATIONS or (
                last_word in NUMBERED_ABBREVIATIONS and next_char.isdigit())
            if (next_char.islower() or (previous_tail.endswith(".") and abbreviation)
                    or not previous_tail[-1:] in ".!?\"')]…"):
                spans[-1][1] = end
                continue
        spans.append([start, end])
    # The sentencizer leaves an opening quote mark at the end of the previous sentence
    # ('... newspaper. "We ...'): a quote mark after whitespace opens the next sentence.
    for previous, following in zip(spans, spans[1:]):
        tail = clean[previous[0]:previous[1]].rstrip()  # spans do not overlap: linear in all
        if len(tail) >= 2 and tail[-1] in "\"'" and tail[-2].isspace():
            cut = previous[0] + len(tail) - 1
            previous[1], following[0] = cut, cut
    return _cap_spans(clean, [(s, e) for s, e in spans])
