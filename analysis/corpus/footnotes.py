"""Footnote markers (``[footnoteRef:3]``, ``[^3]``) and footnote bodies in a document's text.

They are found first, in the raw text and before any line is looked at, because they are
not running prose: the markers are cut out of the sentences' clean text and the bodies
become :class:`~analysis.corpus.model.Footnote` objects, never paragraphs, so neither
leaks into sentences or entities.
"""

from __future__ import annotations

import re

from analysis.corpus.model import Footnote, FootnoteMarker
from analysis.dates import parse_date

__all__ = [
    "ACCESSED_RE",
    "FOOTNOTE_BODY_START_RE",
    "FOOTNOTE_MARKER_RE",
    "URL_RE",
    # Underscored names are the package's own: the structure parser uses them.
    "_find_footnotes",
]


FOOTNOTE_MARKER_RE = re.compile(r"\[footnoteRef:(\d+)\]|\[\^(\d+)\]")
FOOTNOTE_BODY_START_RE = re.compile(r"\[(\d+):|^\[\^(\d+)\]:", re.MULTILINE)
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
ACCESSED_RE = re.compile(r"(?:date accessed|accessed|retrieved)[:\s]*([^)\]]+)", re.IGNORECASE)


def _find_closing_bracket(text: str, open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _find_footnotes(doc_id: str, text: str) -> tuple[list[FootnoteMarker], list[Footnote]]:
    # "[^3]" opening a line and followed by ":" starts a Markdown footnote body, not a marker.
    body_starts = {m.start() for m in FOOTNOTE_BODY_START_RE.finditer(text) if m.group(2) is not None}
    markers = [
        FootnoteMarker(doc_id, int(m.group(1) or m.group(2)), m.start(), m.end())
        for m in FOOTNOTE_MARKER_RE.finditer(text) if m.start() not in body_starts
    ]
    marker_numbers = {m.number for m in markers}
    footnotes: list[Footnote] = []
    for match in FOOTNOTE_BODY_START_RE.finditer(text):
        number = int(match.group(1) or match.group(2))
        if match.group(2) is not None:  # Markdown "[^3]: body" runs to the end of the line
            end = text.find("\n", match.end())
            end = len(text) if end == -1 else end
        else:
            if number not in marker_numbers:
                continue  # "[1: ..." without a marker is more likely prose than a footnote
            end = _find_closing_bracket(text, match.start())
            if end == -1:
                continue
        body_start = match.end()
        body_end = end - 1 if text[end - 1] == "]" and match.group(1) else end
        raw = text[body_start:body_end]
        body = " ".join(raw.split())
        url_match = URL_RE.search(body)
        url = url_match.group(0).rstrip(").,;]") if url_match else None
        accessed = None
        accessed_match = ACCESSED_RE.search(body)
        if accessed_match:
            accessed = parse_date(accessed_match.group(1)) or accessed_match.group(1).strip()
        footnotes.append(Footnote(doc_id, number, match.start(), end, body, url, accessed))
    return markers, footnotes
