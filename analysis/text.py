"""Offset-preserving text normalisation.

Analysis needs a cleaned view of the text (no footnote markers, plain spaces and quotes,
no Cyrillic look-alike letters inside English words), but every result must point back
into the *original* text. :class:`CleanView` keeps both: a cleaned string and the
segments that map each of its characters to an index of the original.

Normalisation is one character for one character, so only *removals* (footnote markers,
zero-width characters, soft hyphens) shift offsets, and those are recorded as segments.

>>> view = CleanView.build("Peace\\u00a0is indivisible.[footnoteRef:1] Yes.", 0, 41,
...                        removed=[(21, 36)])
>>> view.text
'Peace is indivisible. Yes.'
>>> view.to_original(22)   # the "Y" of "Yes" in the original
37
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

# Characters replaced one-for-one before matching. Why these: non-breaking and narrow
# spaces split names ("Vladimir\u00a0Putin") for spaCy's tokenizer; curly quotes and
# apostrophes defeat patterns written with straight ones; non-breaking hyphens split
# "non\u2011aggression" into a different token sequence than "non-aggression".
CHAR_MAP: dict[str, str] = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u202f": " ",  # narrow no-break space
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2008": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\r": " ",
    "\n": " ",
    "\x0b": " ",  # vertical tab
    "\x0c": " ",  # form feed (page breaks in text extracted from PDF)
    "\x85": " ",  # next line
    "\u2028": " ",  # line separator
    "\u2029": " ",  # paragraph separator
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2212": "-",  # minus sign
}

# Characters dropped from the clean view (they carry no text and break tokens).
INVISIBLE_CHARS = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

# Cyrillic letters that look like Latin ones. Replaced only inside a Latin context, so
# Russian words quoted in an English text stay Russian.
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "У": "Y",
}

_WORD_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_TRANSLATION = str.maketrans(CHAR_MAP)


def _is_latin(char: str) -> bool:
    return ("A" <= char <= "Z") or ("a" <= char <= "z") or ("\u00c0" <= char <= "\u024f")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def homoglyph_fixes(text: str) -> dict[int, str]:
    """Return {index: latin letter} for Cyrillic look-alikes that sit in Latin context.

    A word (a run of letters) qualifies when all its Cyrillic letters are look-alikes and
    it either contains Latin letters itself or its neighbouring words are Latin.

    >>> homoglyph_fixes("the goal of \\u0430 polycentric world")
    {12: 'a'}
    >>> homoglyph_fixes("\\u0430 \\u0432\\u043e\\u0442")   # Russian stays Russian
    {}
    """
    if not _CYRILLIC_RE.search(text):
        return {}
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    fixes: dict[int, str] = {}
    for position, (start, end) in enumerate(words):
        word = text[start:end]
        cyrillic = [i for i, ch in enumerate(word) if _is_cyrillic(ch)]
        if not cyrillic or any(word[i] not in HOMOGLYPHS for i in cyrillic):
            continue
        latin_inside = any(_is_latin(ch) for ch in word)
        if not latin_inside:
            neighbours = [words[j] for j in (position - 1, position + 1) if 0 <= j < len(words)]
            if not neighbours or not all(
                all(_is_latin(ch) for ch in text[s:e]) for s, e in neighbours
            ):
                continue
        for i in cyrillic:
            fixes[start + i] = HOMOGLYPHS[word[i]]
    return fixes


def normalise(text: str) -> str:
    """Normalise ``text`` one character for one character (same length, same offsets).

    >>> normalise("Russia\\u2019s \\u201cindivisible\\u201d\\u00a0security")
    'Russia\\'s "indivisible" security'
    """
    clean = text.translate(_TRANSLATION)
    fixes = homoglyph_fixes(text)
    if not fixes:
        return clean
    chars = list(clean)
    for index, letter in fixes.items():
        chars[index] = letter
    return "".join(chars)


@dataclass(frozen=True)
class CleanView:
    """A cleaned copy of ``original[start:end]`` with a map back to original offsets.

    ``segments`` holds ``(clean_start, original_start, length)`` triples in order; every
    character of :attr:`text` belongs to exactly one segment.
    """

    text: str
    segments: tuple[tuple[int, int, int], ...]
    original_end: int

    @classmethod
    def build(
        cls,
        original: str,
        start: int,
        end: int,
        removed: Iterable[tuple[int, int]] = (),
    ) -> "CleanView":
        """Clean ``original[start:end]``, dropping the ``removed`` spans and invisibles."""
        cuts = sorted((max(s, start), min(e, end)) for s, e in removed if s < end and e > start)
        keep: list[tuple[int, int]] = []
        cursor = start
        for cut_start, cut_end in cuts:
            if cut_start > cursor:
                keep.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
        if cursor < end:
            keep.append((cursor, end))
        # Split kept ranges further at invisible characters.
        pieces: list[tuple[int, int]] = []
        for keep_start, keep_end in keep:
            piece_start = keep_start
            for i in range(keep_start, keep_end):
                if original[i] in INVISIBLE_CHARS:
                    if i > piece_start:
                        pieces.append((piece_start, i))
                    piece_start = i + 1
            if piece_start < keep_end:
                pieces.append((piece_start, keep_end))
        segments: list[tuple[int, int, int]] = []
        raw_parts: list[str] = []
        clean_pos = 0
        for piece_start, piece_end in pieces:
            segments.append((clean_pos, piece_start, piece_end - piece_start))
            raw_parts.append(original[piece_start:piece_end])
            clean_pos += piece_end - piece_start
        clean = normalise("".join(raw_parts))
        return cls(text=clean, segments=tuple(segments), original_end=end)

    def to_original(self, clean_index: int) -> int:
        """Map an index of :attr:`text` (0..len) to an index of the original text."""
        if not self.segments:
            return self.original_end
        if clean_index >= len(self.text):
            clean_start, original_start, length = self.segments[-1]
            return original_start + length
        starts = [seg[0] for seg in self.segments]
        pos = bisect.bisect_right(starts, clean_index) - 1
        clean_start, original_start, _ = self.segments[max(pos, 0)]
        return original_start + (clean_index - clean_start)

    def original_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Map a half-open span of :attr:`text` to a half-open span of the original."""
        if clean_end <= clean_start:
            point = self.to_original(clean_start)
            return point, point
        return self.to_original(clean_start), self.to_original(clean_end - 1) + 1


def spans_overlap(a: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    """True if span ``a`` overlaps any span in ``spans``."""
    return any(a[0] < e and s < a[1] for s, e in spans)
