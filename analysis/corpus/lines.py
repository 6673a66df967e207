"""A document's lines, and what one line looks like: the shapes the structure parser knows.

The text is cut into its non-blank lines (:func:`_content_lines`, which also drops lines
made only of footnote bodies), and each line's shape is tested on its own: a heading or
title (short, capitalised, no final punctuation), a line that only states a date, a line
of courtesies, a transcript's speaker label, a list bullet, a Markdown heading, a
separator, a byline, a dateline. These tests look at one line only; deciding a
paragraph's role from its neighbours is the job of :mod:`analysis.corpus.roles`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from analysis.corpus.footnotes import FOOTNOTE_MARKER_RE
from analysis.dates import parse_date
from analysis.text import INVISIBLE_CHARS, WordListError, load_word_lists, word_set

__all__ = [
    "BYLINE_RE",
    "COURTESY_WORDS",
    "DATELINE_RE",
    "LIST_BULLET_RE",
    "MARKDOWN_HEADING_RE",
    "NOT_LABEL_START",
    "NOT_SPEAKERS",
    "ADDRESS_HONORIFICS",
    "ADDRESS_OFFICES",
    "ADDRESS_WORDS",
    "is_form_of_address",
    "NUMBERED_RE",
    "ORDINALS",
    "SEPARATOR_RE",
    "SPEAKER_LABEL_RE",
    "TERMINAL_PUNCT",
    # Underscored names are the package's own: the roles and the structure parser use them.
    "_Line",
    "_content_lines",
    "_date_line",
    "_dateline",
    "_place_date_line",
    "_ends_sentence",
    "_is_blank_char",
    "_is_courtesy",
    "_is_heading_like",
    "_speaker_label",
]


LIST_BULLET_RE = re.compile(r"(?:[-*•·▪◦‣–]|\d{1,2}[.)])[ \t\u00a0]+(?=\S)")
NUMBERED_RE = re.compile(r"\d{1,2}[.)][ \t\u00a0]+(?=\S)")
MARKDOWN_HEADING_RE = re.compile(r"#{1,6}[ \t\u00a0]+(?=\S)")
BYLINE_RE = re.compile(r"By[ \u00a0]+[A-Z][\w.'’\-]+(?:[ \u00a0]+[A-Z][\w.'’\-]+)+")
SEPARATOR_RE = re.compile(r"[\s*\-_=~•·#]{3,}")
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_DAY_NUMBER = r"\d{1,2}(?:st|nd|rd|th)?"
# The date of a dateline as written: "14 March 2025", "March 14, 2025", "Dec 5" (no year).
_DATELINE_DATE = (
    rf"(?:{_DAY_NUMBER}[ \u00a0]+{_MONTH_ABBR}(?:,?[ \u00a0]+\d{{4}})?"
    rf"|{_MONTH_ABBR}[ \u00a0]+{_DAY_NUMBER}(?:,?[ \u00a0]+\d{{4}})?)"
)
_PLACE_WORD = r"[A-Z][A-Za-z'’.\-]+"
# A news dateline: PLACE[, Country][, date][ (Agency)] – story. "BRUSSELS, 14 March 2025 –",
# "NEW YORK, March 14, 2025 —", "KYIV, Ukraine (AP) —", "WASHINGTON, Dec 5 (Reuters) -".
# The parser takes it when the place is written in capitals, or when a date follows it
# ("Brussels, 14 March 2025 –"): a capitalised word before a dash is otherwise prose.
DATELINE_RE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:[ \u00a0]+{_PLACE_WORD}){{0,3}}"
    rf"(?:,[ \u00a0]+(?!{_MONTH_ABBR}[ \u00a0]*\d){_PLACE_WORD}(?:[ \u00a0]+{_PLACE_WORD}){{0,2}})?)"
    rf"(?:,?[ \u00a0]+(?P<date>{_DATELINE_DATE}))?"
    r"[ \u00a0]*(?:\((?P<agency>[^)]{1,40})\)[ \u00a0]*)?[–—-]{1,2}[ \u00a0]+"
    r"(?=[\"“‘'(]?[^\W_a-z])"  # the story starts with a capital or a digit: not "NATO - the alliance"
)


def _dateline(text: str, start: int, end: int) -> re.Match | None:
    """The dateline opening ``text[start:end]``, if it is one (see :data:`DATELINE_RE`).

    >>> line = "BRUSSELS, 14 March 2025 \u2013 The Commission acted."
    >>> match = _dateline(line, 0, len(line))
    >>> match.group("place"), match.group("date")
    ('BRUSSELS', '14 March 2025')
    >>> line = "Brussels, March 14, 2025 \u2014 The Commission acted."
    >>> _dateline(line, 0, len(line)).group("place")
    'Brussels'
    >>> _dateline("Russia \u2013 The talks went on.", 0, 28) is None
    True
    """
    match = DATELINE_RE.match(text, start, end)
    if match is None:
        return None
    first = match.group("place").split()[0].strip(",")
    if len(first) >= 3 and first.isupper():
        return match
    return match if match.group("date") else None
# A transcript label: "Vladimir Putin: ...", "Question: ...", "Deputy President of the Republic
# of South Africa Paul Mashatile: ...", "Amro Abdelhamid (retranslated): ...", or the label alone
# on its line with the speech on the next. Words are checked again by _speaker_label.
_LABEL_CONNECTOR = r"(?:of|the|for|and|at|on|to|in|de|da|del|der|di|du|la|le|von|van|al|el|bin|ibn|y)"
_LABEL_WORD = r"[^\W\d_][\w.'’\-]*"
_LABEL_PAREN = r"\([^()\n:]{1,80}\)"
SPEAKER_LABEL_RE = re.compile(
    rf"(?P<label>{_LABEL_WORD}(?:[ \u00a0]+(?:{_LABEL_CONNECTOR}|{_LABEL_WORD})|[ \u00a0]*{_LABEL_PAREN}){{0,15}})"
    r"[ \u00a0]?:(?:[ \u00a0]+(?=\S)|[ \t\u00a0]*$)"
)
# The layout words (labels that name no speaker, forms of address, courtesy lines) are
# data: analysis/data/layout.yaml, read once when this module is imported, so that an
# edit that breaks a list fails at once, naming the file.
LAYOUT_DATA = Path(__file__).resolve().parents[1] / "data" / "layout.yaml"


class LayoutDataError(WordListError):
    """The layout word lists (``analysis/data/layout.yaml``) cannot be read as lists."""


def _layout_words(key: str) -> frozenset[str]:
    """The list ``key`` of the layout data file, lowercase words.

    >>> "excellencies" in _layout_words("address_words")
    True
    """
    value = _layout_data().get(key)
    if value is None:
        raise LayoutDataError(LAYOUT_DATA, f"missing the list {key!r}")
    try:
        return frozenset(word.lower() for word in word_set(value, key))
    except ValueError as exc:
        raise LayoutDataError(LAYOUT_DATA, str(exc)) from None


@lru_cache(maxsize=1)
def _layout_data() -> Mapping[str, Any]:
    return load_word_lists(LAYOUT_DATA, LayoutDataError)


# Labels ending in ":" that name a part of the text, not a speaker ("Note:", "Source:").
NOT_SPEAKERS = _layout_words("not_speakers")
# One-word labels that enumerate points ("First: ..."), while "First Deputy Prime Minister ...:" is a speaker.
ORDINALS = _layout_words("ordinals")
# First words that open a clause, not a name or a title ("As for the East Group: ...").
NOT_LABEL_START = _layout_words("not_label_start")
# Forms of address, not speakers: a line "Mr. President:" or "Excellencies:" opening a speech
# greets the chair or the audience (a speaker label names who speaks: "Vladimir Putin:",
# "Question:"). A label is an address when it is an honorific followed only by an office
# ("Mr. President", "Madam Chair"), or made only of address words ("Ladies and Gentlemen").
ADDRESS_HONORIFICS = _layout_words("address_honorifics")
ADDRESS_OFFICES = _layout_words("address_offices")
ADDRESS_WORDS = _layout_words("address_words")
TERMINAL_PUNCT = ".!:;,…–—-"
# Lines made only of these words are courtesies, not headings ("Thank you", "Good afternoon").
COURTESY_WORDS = _layout_words("courtesy_words")


@dataclass
class _Line:
    start: int
    end: int
    blank_before: bool
    kind: str = "text"  # text | table | separator | list


def _is_blank_char(char: str) -> bool:
    return char.isspace() or char in INVISIBLE_CHARS


def _content_lines(text: str, removed: list[tuple[int, int]]) -> list[_Line]:
    """Non-blank lines, trimmed of surrounding whitespace and invisible characters (a BOM)."""
    lines: list[_Line] = []
    blank = True
    removed = sorted(removed)
    for match in re.finditer(r"[^\n]*(?:\n|$)", text):
        if match.start() == len(text) and not match.group(0):
            break
        start, end = match.start(), match.end()
        while start < end and _is_blank_char(text[start]):
            start += 1
        while end > start and _is_blank_char(text[end - 1]):
            end -= 1
        if start == end:
            blank = True
            continue
        # Drop a line made only of removed material (a footnote body on its own line).
        if removed and not _has_visible(text, start, end, removed):
            blank = True
            continue
        lines.append(_Line(start, end, blank))
        blank = False
    return lines


def _has_visible(text: str, start: int, end: int, removed: list[tuple[int, int]]) -> bool:
    """True if ``text[start:end]`` has a non-blank character outside the ``removed`` spans."""
    cursor = start
    for cut_start, cut_end in removed:
        if cut_end <= cursor or cut_start >= end:
            continue
        if any(not _is_blank_char(ch) for ch in text[cursor:max(cursor, cut_start)]):
            return True
        cursor = max(cursor, cut_end)
    return any(not _is_blank_char(ch) for ch in text[cursor:end])


_TRAILING_PAREN_RE = re.compile(r"\s*\([^()]*\)$")


def _is_heading_like(text: str) -> bool:
    """Short, capitalised, without final punctuation: the shape of a heading or title.

    >>> [_is_heading_like(t) for t in ("History Brief", "Thank you.", "(Applause.)",
    ...                                 "Join us! (Laughter.)", "And what's in practice?")]
    [True, False, False, False, True]
    """
    text = FOOTNOTE_MARKER_RE.sub("", text).strip()
    words = text.split()
    if not words or len(words) > 14:
        return False
    if text.startswith("(") and text.endswith(")"):
        return False  # a stage direction or a note: "(Applause.)"
    stem = _TRAILING_PAREN_RE.sub("", text)
    if stem != text and stem[-1:] in ".!?…":
        return False  # "Thank you. (Applause.)"
    first = text.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    last = text[-1]
    if last == "?":
        return len(words) <= 8
    return last not in TERMINAL_PUNCT and last not in "\"”’'"


_DATE_LABEL_RE = re.compile(r"^(?:[A-Z][\w ]{0,30}:|(?:Published|Posted|Updated|Dated?)\b)[ \t\u00a0]*", re.IGNORECASE)
_TRAILING_TIME_RE = re.compile(
    r"[ ,\u00a0]*(?:at[ \u00a0]+)?\d{1,2}[:.]\d{2}(?:[ \u00a0]*(?:[ap]\.?m\.?|[A-Z]{2,4}|[+-]\d{2}:?\d{2}))*[ \u00a0]*$",
    re.IGNORECASE)


def _date_line(text: str) -> str | None:
    """The date of a line that only states one ("15 december / 2022", "Published: 5 May 2023, 10:32 GMT"),
    or a place and a date ("Moscow, 3 March 2023": see :func:`_place_date_line`)."""
    if len(text) > 80:
        return None
    stem = _TRAILING_TIME_RE.sub("", _DATE_LABEL_RE.sub("", text.strip()))
    found = parse_date(stem)
    if found is None and _place_date_line(text) is not None:
        found = parse_date(_place_date_line(text)[1])  # type: ignore[index]
    return found


_PLACE_DATE_RE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:[ \u00a0]+{_PLACE_WORD}){{0,2}}),[ \u00a0]+(?P<date>\S.*)")
# Words that open a date line without being its place ("Tuesday, 3 March 2023").
_NOT_PLACES = frozenset(w.lower() for w in calendar.day_name) | frozenset(w.lower() for w in calendar.month_name[1:])


def _place_date_line(text: str) -> tuple[str, str] | None:
    """(place, date) of a header line that states where and when a text was written.

    >>> _place_date_line("Moscow, 3 March 2023"), _place_date_line("New York, March 14, 2025")
    (('Moscow', '3 March 2023'), ('New York', 'March 14, 2025'))
    >>> _place_date_line("Tuesday, 3 March 2023") is None, _place_date_line("Moscow, the capital") is None
    (True, True)
    """
    match = _PLACE_DATE_RE.fullmatch(text.strip())
    if match is None or match.group("place").split()[0].lower() in _NOT_PLACES:
        return None
    stem = _TRAILING_TIME_RE.sub("", match.group("date"))
    iso = parse_date(stem)
    return (match.group("place"), stem.strip()) if iso and len(iso) == 10 else None


def _is_courtesy(text: str) -> bool:
    """A line of courtesies ("Thank you very much", "Good afternoon"), never a heading."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and all(word in COURTESY_WORDS for word in words)


def _ends_sentence(text: str) -> bool:
    return FOOTNOTE_MARKER_RE.sub("", text).rstrip()[-1:] in ".!?…\"”’')]"


def is_form_of_address(words: list[str]) -> bool:
    """Whether the words of a would-be label greet someone rather than name a speaker.

    >>> is_form_of_address(["Mr.", "President"]), is_form_of_address(["Ladies", "and", "Gentlemen"])
    (True, True)
    >>> is_form_of_address(["Mr.", "Lavrov"]), is_form_of_address(["The", "President"])
    (False, False)
    """
    lower = [w.lower().strip(".,'’") for w in words]
    if len(lower) >= 2 and lower[0] in ADDRESS_HONORIFICS:
        return all(w in ADDRESS_OFFICES or w in ADDRESS_WORDS for w in lower[1:])
    return all(w in ADDRESS_WORDS for w in lower) and lower[0] != "and"


def _speaker_label(text: str, start: int, end: int, lenient: bool = False) -> re.Match | None:
    """The transcript label opening the line ``text[start:end]``, if it looks like one.

    Every word of a label is capitalised or a connector ("of", "the", ...). ``lenient``
    (used once a document is known to be a transcript) also allows up to three other
    lowercase words before a capitalised name: "Head of the CPRF faction Gennady Zyuganov".
    """
    match = SPEAKER_LABEL_RE.match(text, start, end)
    if match is None:
        return None
    label = match.group("label")
    words = re.sub(_LABEL_PAREN, " ", label).split()
    if not words or len(words) > 16:
        return None
    first = words[0].lower().strip(".'’")
    if first in NOT_SPEAKERS or first in NOT_LABEL_START or (len(words) == 1 and first in ORDINALS):
        return None
    if re.fullmatch(_LABEL_CONNECTOR, words[-1]) or not words[0][0].isupper():
        return None
    if is_form_of_address(words):
        return None
    lowercase = [w for w in words if not w[0].isupper() and not re.fullmatch(_LABEL_CONNECTOR, w)]
    if not lowercase:
        return match
    if lenient and len(lowercase) <= 3 and len(words) >= 4 and all(w[0].isupper() for w in words[-2:]):
        return match
    return None
