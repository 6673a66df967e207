"""One document's text -> a :class:`~analysis.corpus.model.Document`: :func:`parse_document`.

The parser's steps, in order: footnote markers and bodies (found in the raw text), the
non-blank lines, blocks with roles (:mod:`analysis.corpus.roles`), then for each block
its paragraph, its pipe table (a Markdown table inside the document, parsed cell by cell
with offsets; not one of the output tables), its speaker turn or dateline, and, for
prose, its sentences (:mod:`analysis.corpus.sentences`). Metadata the manifest does not
give (title, date, kind, voice) is then read from the paragraphs. Every unit keeps
offsets into the original text, and structures that are not running prose are set
aside *before* any NLP so they do not leak into sentences or entities.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from analysis.corpus.footnotes import _find_footnotes
from analysis.corpus.lines import (
    LIST_BULLET_RE,
    MARKDOWN_HEADING_RE,
    _content_lines,
    _dateline,
    _is_blank_char,
    _Line,
    _place_date_line,
)
from analysis.corpus.model import (
    PROSE_ROLES,
    CorpusError,
    Document,
    Paragraph,
    ParsedTable,
    Sentence,
    Turn,
)
from analysis.corpus.roles import _classify
from analysis.corpus.sentences import (
    SENTENCE_MAX_CHARS,
    _NoSpaceToCut,
    _split_sentences,
)
from analysis.dates import date_from_filename, find_dates, parse_date
from analysis.text import CleanView

__all__ = ["parse_document"]

# --------------------------------------------------------------------------- pipe tables
# (Markdown tables inside a document, not the output tables.)


def _parse_table(doc_id: str, table_id: int, text: str, lines: list[_Line], caption: str | None) -> ParsedTable:
    rows: list[tuple[str, ...]] = []
    cells: list[tuple[int, int, int, int]] = []
    for line in lines:
        raw = text[line.start:line.end]
        if re.fullmatch(r"\|?[\s:\-|]+\|?", raw):
            continue  # Markdown alignment row |---|:--:|
        bars = [i for i, ch in enumerate(raw) if ch == "|"]
        if raw.startswith("|"):
            bounds = bars
        else:
            bounds = [-1] + bars
        if not raw.rstrip().endswith("|"):
            bounds = bounds + [len(raw)]
        row_index = len(rows)
        values = []
        for column, (left, right) in enumerate(zip(bounds, bounds[1:])):
            cell = raw[left + 1:right]
            lead = len(cell) - len(cell.lstrip())
            value = cell.strip()
            cell_start = line.start + left + 1 + lead
            values.append(value)
            cells.append((row_index, column, cell_start, cell_start + len(value)))
        rows.append(tuple(values))
    header = rows[0] if rows else ()
    body_cells = tuple((r - 1, c, s, e) for r, c, s, e in cells if r > 0)
    header_cells = tuple((-1, c, s, e) for r, c, s, e in cells if r == 0)
    return ParsedTable(
        doc_id, table_id, lines[0].start, lines[-1].end, caption, header, tuple(rows[1:]),
        header_cells + body_cells,
    )


# --------------------------------------------------------------------------- the document


def parse_document(doc_id: str, text: str, *, path: Path | None = None,
                   meta: dict[str, str] | None = None,
                   split_sentences: Callable[[str], list[tuple[int, int]]] | None = None) -> Document:
    """Parse one document's text into paragraphs, sentences, footnotes, tables and turns.

    ``split_sentences`` gives the sentence spans of a paragraph's clean text (default: the
    rule-based splitter of :mod:`analysis.corpus.sentences`); :func:`analysis.corpus.load_corpus`
    passes one that answers from the segmentation cache.

    >>> [s.text for s in parse_document("d", "Peace. War.").sentences]
    ['Peace.', 'War.']
    >>> [s.text for s in parse_document("d", "Peace. War.", split_sentences=lambda t: [(0, len(t))]).sentences]
    ['Peace. War.']
    """
    split_sentences = split_sentences or _split_sentences
    meta = dict(meta or {})
    markers, footnotes = _find_footnotes(doc_id, text)
    removed_global = [(m.start, m.end) for m in markers] + [(f.start, f.end) for f in footnotes]
    lines = _content_lines(text, removed_global)
    blocks = _classify(doc_id, text, lines)

    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    tables: list[ParsedTable] = []
    turns: list[Turn] = []
    dateline: tuple[int, int, str, str] | None = None  # start, end, place, date as written
    seen_body = False
    current_turn: dict | None = None
    for block in blocks:
        paragraph_id = len(paragraphs)
        start, end, role = block["start"], block["end"], block["role"]
        if role == "table":
            caption = paragraphs[-1].text if paragraphs and paragraphs[-1].role == "heading" else None
            tables.append(_parse_table(doc_id, len(tables), text, block["lines"], caption))
        removed = [(s, e) for s, e in removed_global if s < end and e > start]
        speaker_label = None
        if role == "list_item" or block.get("numbered"):
            bullet = LIST_BULLET_RE.match(text, start)
            if bullet:
                removed.append((bullet.start(), bullet.end()))
        if block.get("marked"):
            hashes = MARKDOWN_HEADING_RE.match(text, start)
            if hashes:
                removed.append((hashes.start(), hashes.end()))
        if "label" in block:
            label_start, label_end, speech_start, speaker_label = block["label"]
            removed.append((label_start, speech_start))
            if current_turn is not None:
                turns.append(Turn(**current_turn))
            current_turn = {"doc_id": doc_id, "turn_id": len(turns), "label": speaker_label,
                            "label_start": label_start, "label_end": label_end,
                            "start": _skip_blank(text, speech_start, end), "end": end}
        elif role == "body" and dateline is None and not seen_body:
            # A dateline is the place (and date) of the document, not running text: it is
            # left out of the sentences, so "BRUSSELS" is never a mention of the EU.
            match = _dateline(text, start, end)
            if match:
                dateline = (match.start(), match.end(), match.group("place").strip(" ,"), match.group("date") or "")
                removed.append((match.start(), match.end()))
        if role == "body":
            seen_body = True
        if current_turn is not None and role in PROSE_ROLES:
            current_turn["end"] = end
        paragraphs.append(Paragraph(doc_id, paragraph_id, start, end, text[start:end], role, speaker_label))
        if role not in PROSE_ROLES:
            continue
        view = CleanView.build(text, start, end, removed)
        try:
            sentence_spans = split_sentences(view.text)
        except _NoSpaceToCut as exc:
            run_start = view.to_original(exc.index)
            byte = len(text[:run_start].encode("utf-8"))
            raise CorpusError(
                path if path is not None else doc_id,
                f"{exc.length} characters without a space at byte {byte} (line {text.count(chr(10), 0, run_start) + 1}):"
                f" too long for one sentence (running text is cut at spaces into sentences of at most"
                f" {SENTENCE_MAX_CHARS} characters); is this embedded data?") from None
        for clean_start, clean_end in sentence_spans:
            chunk = view.text[clean_start:clean_end]
            clean_start += len(chunk) - len(chunk.lstrip())
            clean_end -= len(chunk) - len(chunk.rstrip())
            if clean_end <= clean_start or not any(ch.isalnum() for ch in view.text[clean_start:clean_end]):
                continue
            s_start, s_end = view.original_span(clean_start, clean_end)
            s_view = CleanView.build(text, s_start, s_end, removed)
            sentences.append(Sentence(doc_id, paragraph_id, len(sentences), s_start, s_end,
                                      text[s_start:s_end], s_view))
    if current_turn is not None:
        turns.append(Turn(**current_turn))
    _fill_metadata(meta, doc_id, text, path, paragraphs, dateline)
    return Document(doc_id, path, text, meta, paragraphs, sentences, markers, footnotes, tables, turns)


def _skip_blank(text: str, start: int, end: int) -> int:
    while start < end and _is_blank_char(text[start]):
        start += 1
    return start


def _fill_metadata(meta: dict[str, str], doc_id: str, text: str, path: Path | None,
                   paragraphs: list[Paragraph], dateline: tuple[int, int, str, str] | None) -> None:
    """Fill title, date, kind and voice from the text where the manifest is silent.

    The dateline is the place of a news dateline, or of a header line that states only
    where and when ("Moscow, 3 March 2023"). The date is the first one stated: on a date,
    byline, header or title line near the top, else in the dateline ("BRUSSELS, 14 March 2025 –", basis ``stated: dateline
    '14 March 2025'``; a dateline without a year gives none), else in the file name.
    """
    meta.setdefault("doc_id", doc_id)
    if path is not None:
        meta.setdefault("file", path.name)
    meta["dateline"] = dateline[2] if dateline else ""
    if not dateline:
        # A header line "Moscow, 3 March 2023": the place of the document, never running text.
        for paragraph in paragraphs[:8]:
            found = _place_date_line(paragraph.text) if paragraph.role == "date" else None
            if found:
                meta["dateline"] = found[0]
                break
    if not meta.get("title"):
        titles = [p for p in paragraphs if p.role == "title"]
        if titles:
            meta["title"] = " ".join(titles[0].text.split())
        else:
            first = next((p for p in paragraphs if p.role in PROSE_ROLES), None)
            words = first.text.split() if first else []
            meta["title"] = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    if not meta.get("date"):
        stated = None
        for paragraph in paragraphs[:8]:
            if paragraph.role in ("date", "byline", "header", "title"):
                found = find_dates(paragraph.text)
                if found and len(found[0].iso) == 10:
                    stated = (found[0].iso, f"stated: {paragraph.role} line {found[0].text!r}")
                    break
        if not stated and dateline and dateline[3]:
            iso = parse_date(dateline[3])
            if iso and len(iso) == 10:
                stated = (iso, f"stated: dateline {dateline[3]!r}")
        if stated:
            meta["date"], meta["date_basis"] = stated
        elif path is not None and date_from_filename(path.name):
            meta["date"] = date_from_filename(path.name) or ""
            meta["date_basis"] = "inferred: date in the file name"
        else:
            meta["date"], meta["date_basis"] = "", "unknown"
    meta.setdefault("date_basis", "stated" if meta.get("date") else "unknown")
    has_turns = any(p.speaker_label for p in paragraphs)
    meta.setdefault("kind", "transcript" if has_turns else "unknown")
    if not meta.get("kind"):
        meta["kind"] = "transcript" if has_turns else "unknown"
    if not meta.get("voice"):
        meta["voice"] = "speaker_turns" if has_turns else "author"
    meta.setdefault("outlet", "")
