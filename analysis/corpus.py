"""Files -> documents -> paragraphs -> sentences, with footnotes, tables and offsets.

Every unit keeps ``start``/``end`` offsets into its document's original text (the file
decoded as UTF-8, nothing else changed), so ``document.text[start:end]`` is the unit.
Structures that are not running prose (header lines, pipe tables, footnote markers and
bodies, list bullets, datelines, speaker labels) are recognised *before* any NLP so they
do not leak into sentences or entities.

>>> corpus = corpus_from_texts({"memo": "MOSCOW – Peace is indivisible. It is."})
>>> [s.text for s in corpus["memo"].sentences]
['Peace is indivisible.', 'It is.']
>>> corpus["memo"].meta["dateline"]
'MOSCOW'
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import pandas as pd

from .dates import check_iso_date, date_from_filename, find_dates, parse_date
from .errors import InputError
from .text import INVISIBLE_CHARS, CleanView

MANIFEST_NAME = "manifest.csv"
MANIFEST_REQUIRED = ("doc_id", "file")
# A progress bar is shown (when asked for) above this many documents.
PROGRESS_MIN_DOCUMENTS = 3
MANIFEST_COLUMNS = ("doc_id", "file", "title", "kind", "outlet", "date", "date_basis", "voice")

# Paragraph roles whose text is analysed as sentences.
PROSE_ROLES = frozenset(
    {"title", "heading", "body", "list_item", "epigraph", "attribution", "byline"}
)

FOOTNOTE_MARKER_RE = re.compile(r"\[footnoteRef:(\d+)\]|\[\^(\d+)\]")
FOOTNOTE_BODY_START_RE = re.compile(r"\[(\d+):|^\[\^(\d+)\]:", re.MULTILINE)
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
ACCESSED_RE = re.compile(r"(?:date accessed|accessed|retrieved)[:\s]*([^)\]]+)", re.IGNORECASE)
LIST_BULLET_RE = re.compile(r"(?:[-*•·▪◦‣–]|\d{1,2}[.)])[ \t\u00a0]+(?=\S)")
NUMBERED_RE = re.compile(r"\d{1,2}[.)][ \t\u00a0]+(?=\S)")
MARKDOWN_HEADING_RE = re.compile(r"#{1,6}[ \t\u00a0]+(?=\S)")
BYLINE_RE = re.compile(r"By[ \u00a0]+[A-Z][\w.'’\-]+(?:[ \u00a0]+[A-Z][\w.'’\-]+)+")
SEPARATOR_RE = re.compile(r"[\s*\-_=~•·#]{3,}")
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
DATELINE_RE = re.compile(
    r"(?P<place>[A-Z][A-Z'.\-]{2,}(?:[ ,]+[A-Z][A-Za-z'.\-]+){0,3})"
    rf"(?:,?[ \u00a0]+{_MONTH_ABBR}[ \u00a0]+\d{{1,2}})?"  # WASHINGTON, Dec 5 (Reuters) -
    r"[ \u00a0]*(?:\([^)]{1,40}\)[ \u00a0]*)?[–—-]{1,2}[ \u00a0]+"
    r"(?=[\"“‘'(]?[^\W_a-z])"  # the story starts with a capital or a digit: not "NATO - the alliance"
)
# A transcript label: "Vladimir Putin: ...", "Question: ...", "Deputy President of the Republic
# of South Africa Paul Mashatile: ...", "Amro Abdelhamid (retranslated): ...", or the label alone
# on its line with the speech on the next. Words are checked again by _valid_label.
_LABEL_CONNECTOR = r"(?:of|the|for|and|at|on|to|in|de|da|del|der|di|du|la|le|von|van|al|el|bin|ibn|y)"
_LABEL_WORD = r"[^\W\d_][\w.'’\-]*"
_LABEL_PAREN = r"\([^()\n:]{1,80}\)"
SPEAKER_LABEL_RE = re.compile(
    rf"(?P<label>{_LABEL_WORD}(?:[ \u00a0]+(?:{_LABEL_CONNECTOR}|{_LABEL_WORD})|[ \u00a0]*{_LABEL_PAREN}){{0,15}})"
    r"[ \u00a0]?:(?:[ \u00a0]+(?=\S)|[ \t\u00a0]*$)"
)
NOT_SPEAKERS = frozenset(
    """background note notes nb update updated updates source sources key see url photo photos
    image images picture read editor editors tags tag summary conclusion conclusions abstract
    keywords keyword disclaimer warning important caption figure table chart map video audio
    watch listen breaking analysis opinion context timeline why what how where when who total
    example examples date dates time place venue location address tel phone fax email e-mail
    website web credit credits category categories topic topics related also posted published
    by author authors contact attention subject re fw fwd from to cc bcc pp part chapter section
    step objective objectives goal goals aim aims purpose result results outcome note
    definition hint tip tips""".split()
)
# One-word labels that enumerate points ("First: ..."), while "First Deputy Prime Minister ...:" is a speaker.
ORDINALS = frozenset("first second third fourth fifth firstly secondly thirdly lastly next finally".split())
# First words that open a clause, not a name or a title ("As for the East Group: ...").
NOT_LABEL_START = frozenset(
    """a an as at but and or so if when then now here there this that these those it its we i
    they he she you my our his her their your in on for of to with after before since while
    finally however thus therefore today yesterday tomorrow also yes no
    well so once again meanwhile besides moreover""".split()
)
TERMINAL_PUNCT = ".!:;,…–—-"
# Lines made only of these words are courtesies, not headings ("Thank you", "Good afternoon").
COURTESY_WORDS = frozenset(
    """thank thanks you very much so a lot all good morning afternoon evening night day hello
    hi ok okay yes no yeah right sure please bye goodbye welcome everyone colleagues friends
    again indeed of course alright fine great excellent""".split()
)
ABBREVIATIONS = frozenset(
    """mr mrs ms dr st vs e.g i.e cf approx gen col
    lt sen rep gov prof jr sr co corp inc ltd dept est eds ed""".split()
)
# Abbreviations that are also words ("no.", "art."): they only end an abbreviation, not
# a sentence, when a number follows ("No. 229", "para. 24", "p. 5"); "Moscow said no.
# Kyiv said yes." is two sentences.
NUMBERED_ABBREVIATIONS = frozenset("no nos para paras art arts p pp vol vols fig figs".split())


logger = logging.getLogger(__name__)


class CorpusError(InputError):
    """A corpus file or manifest cannot be read."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (usually one line of the file) with its structural role."""

    doc_id: str
    paragraph_id: int
    start: int
    end: int
    text: str
    role: str
    speaker_label: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose; ``clean_text`` is what NLP sees, offsets refer to the original."""

    doc_id: str
    paragraph_id: int
    sentence_id: int
    start: int
    end: int
    text: str
    view: CleanView = field(repr=False)

    @property
    def clean_text(self) -> str:
        """The sentence without footnote markers, normalised for matching."""
        return self.view.text

    def to_original(self, clean_index: int) -> int:
        """Map an index of :attr:`clean_text` to an index of the document's text."""
        return self.view.to_original(clean_index)

    def original_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Map a span of :attr:`clean_text` to a span of the document's text."""
        return self.view.original_span(clean_start, clean_end)


@dataclass(frozen=True)
class FootnoteMarker:
    """A footnote reference in the running text (``[footnoteRef:3]``)."""

    doc_id: str
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Footnote:
    """A footnote body (``[3: Source // Site. URL: ... (date accessed: 15.02.2025).]``)."""

    doc_id: str
    number: int
    start: int
    end: int
    text: str
    url: str | None
    accessed: str | None


@dataclass(frozen=True)
class ParsedTable:
    """A pipe table; ``cells`` holds (row, column, start, end) of every cell."""

    doc_id: str
    table_id: int
    start: int
    end: int
    caption: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cells: tuple[tuple[int, int, int, int], ...]

    @property
    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame with its header row as column names."""
        width = len(self.header)
        rows = [list(row[:width]) + [""] * (width - len(row)) for row in self.rows]
        return pd.DataFrame(rows, columns=list(self.header))


@dataclass(frozen=True)
class Turn:
    """A speaker turn opened by a transcript label (``Vladimir Putin: ...``)."""

    doc_id: str
    turn_id: int
    label: str
    label_start: int
    label_end: int
    start: int
    end: int


@dataclass
class Document:
    """One parsed document. ``meta`` holds manifest columns (or values read from the text)."""

    doc_id: str
    path: Path | None
    text: str
    meta: dict[str, str]
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    markers: list[FootnoteMarker]
    footnotes: list[Footnote]
    tables: list[ParsedTable]
    turns: list[Turn]

    @property
    def n_words(self) -> int:
        """Words (alphabetic tokens) in the analysed sentences."""
        return sum(count_words(s.clean_text) for s in self.sentences)


_WORD_COUNT_RE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")


def count_words(text: str) -> int:
    """Count words the same way everywhere (runs of letters, with inner ' and -).

    >>> count_words("Russia's non-aggression pact, 2025.")
    3
    """
    return len(_WORD_COUNT_RE.findall(text))


# --------------------------------------------------------------------------- reading


def read_text_file(path: Path) -> str:
    """Read a corpus file as UTF-8, with clear errors for empty, binary or mis-encoded files.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.txt").write_bytes("\u00a0\u2003\\n\u200b".encode("utf-8"))
    9
    >>> read_text_file(folder / "a.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    analysis.corpus.CorpusError: ...a.txt: file is empty (only whitespace)
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read file ({exc.strerror})") from None
    if not data:
        raise CorpusError(path, "file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CorpusError(path, "file is UTF-16 (byte-order mark at byte 0), not UTF-8")
    nul_at = data.find(b"\x00")  # anywhere: UTF-8 text never holds NUL
    if nul_at != -1:
        line = data.count(b"\n", 0, nul_at) + 1
        raise CorpusError(path, f"binary file (NUL byte at byte {nul_at}, line {line})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(
            path, f"not valid UTF-8 at byte {exc.start} (line {line}): {exc.reason}"
        ) from None
    if _VISIBLE_CHAR_RE.search(text) is None:
        # Non-breaking spaces, ideographic spaces, zero-width spaces, a BOM: nothing to read.
        raise CorpusError(path, "file is empty" if not data.strip() else "file is empty (only whitespace)")
    return text


# A character that is neither whitespace (any Unicode space) nor invisible (zero-width, BOM).
_VISIBLE_CHAR_RE = re.compile("[^\\s" + "".join(sorted(INVISIBLE_CHARS)) + "]")


def _unclosed_quote_line(content: str) -> int | None:
    """The line where a quoted CSV field opens and is never closed, or None.

    >>> _unclosed_quote_line('doc_id,title\\na,"ok"\\nb,"runs on\\nc,x\\n')
    3
    >>> _unclosed_quote_line('doc_id,title\\na,"two ""quoted"" words"\\n') is None
    True
    """
    line, opened_on = 1, None
    in_quotes, field_start = False, True
    index = 0
    while index < len(content):
        char = content[index]
        if in_quotes:
            if char == '"':
                if content.startswith('"', index + 1):
                    index += 1  # "" is an escaped quote inside the field
                else:
                    in_quotes, opened_on = False, None
        elif char == '"' and field_start:
            in_quotes, opened_on = True, line
        field_start = not in_quotes and char in ",\n\r"
        if char == "\n":
            line += 1
        index += 1
    return opened_on if in_quotes else None


def read_manifest(folder: Path) -> list[dict[str, str]]:
    """Read and validate ``manifest.csv`` in ``folder``; return its rows.

    The CSV is read strictly: a quote that is never closed, a NUL, a row with more cells
    than the header, an impossible ``date`` or a ``date_basis`` that contradicts the date
    are errors naming the line, never documents silently lost or dates silently wrong.
    """
    path = folder / MANIFEST_NAME
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read file ({exc.strerror})") from None
    nul_at = data.find(b"\x00")
    if nul_at != -1:
        raise CorpusError(path, f"NUL byte at byte {nul_at}", line=data.count(b"\n", 0, nul_at) + 1)
    try:
        content = data.decode("utf-8-sig")  # -sig: tolerate the BOM spreadsheets write
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(path, f"not valid UTF-8 at byte {exc.start} (line {line}): {exc.reason}") from None
    # strict=True: a stray quote ('"a"b') is an error, and so is a quoted field still open
    # at the end of the file, which the lenient reader returns as one cell swallowing
    # every row after it.
    reader = csv.DictReader(io.StringIO(content, newline=""), strict=True)
    try:
        columns = [c.strip() for c in (reader.fieldnames or [])]
        missing = [c for c in MANIFEST_REQUIRED if c not in columns]
        if missing:
            raise CorpusError(path, f"missing required column(s): {', '.join(missing)}", line=1)
        rows = []
        for row in reader:
            if None in row:  # DictReader's key for cells beyond the header
                raise CorpusError(
                    path, f"{len(columns) + len(row[None])} cells but the header has {len(columns)}",
                    line=reader.line_num)
            rows.append(
                {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                | {"_line": str(reader.line_num)}
            )
    except csv.Error as exc:
        opened_on = _unclosed_quote_line(content)
        if opened_on is not None:
            raise CorpusError(path, "quoted field is never closed (it runs to the end of the file)",
                              line=opened_on) from None
        # The inner reader's count: DictReader's own only moves after a row was read whole.
        raise CorpusError(path, f"malformed CSV ({exc})", line=reader.reader.line_num) from None
    if not rows:
        raise CorpusError(path, "manifest lists no documents")
    seen: dict[str, str] = {}
    for row in rows:
        line = int(row["_line"])
        doc_id, file_name = row.get("doc_id", ""), row.get("file", "")
        if not doc_id or not file_name:
            raise CorpusError(path, "empty doc_id or file", line=line)
        if doc_id in seen:
            raise CorpusError(path, f"doc_id {doc_id!r} repeats (first on line {seen[doc_id]})", line=line)
        seen[doc_id] = str(line)
        _check_manifest_date(path, line, row)
        if Path(file_name).is_absolute() or os.path.normpath(file_name).split(os.sep)[0] == "..":
            raise CorpusError(path, f"file {file_name!r} is outside the corpus folder", line=line)
        target = _inside_corpus(folder, folder / file_name)
        if not _is_file(target):
            raise CorpusError(path, f"file {file_name!r} does not exist", line=line)
    return rows


def _check_manifest_date(path: Path, line: int, row: dict[str, str]) -> None:
    """Refuse an impossible ``date`` and a ``date_basis`` that contradicts it, in place.

    A date without a basis is what the manifest states (``stated``), as without the column.
    """
    date, basis = row.get("date", ""), row.get("date_basis", "")
    if date:
        try:
            check_iso_date(date)
        except ValueError as exc:
            raise CorpusError(path, f"date {date!r} is impossible: {exc}", line=line) from None
    if not basis:
        if date:
            row["date_basis"] = "stated"
        return
    word = basis.split(":", 1)[0].strip().lower()
    if word not in ("stated", "inferred", "unknown"):
        raise CorpusError(path, f"date_basis {basis!r} must start with stated, inferred or unknown",
                          line=line)
    if date and word == "unknown":
        raise CorpusError(path, f"date_basis {basis!r} says unknown but date is {date!r}", line=line)
    if not date and word != "unknown":
        raise CorpusError(path, f"date_basis {basis!r} says {word} but date is empty", line=line)


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False where the name cannot even be looked up (too long)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _inside_corpus(folder: Path, path: Path) -> Path:
    """Resolve ``path``; refuse it if a symbolic link on the way leads out of ``folder``.

    The same check, with the same message, whether a manifest names the file or not.
    """
    root = folder.resolve()
    try:
        target = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links (Python < 3.13)
        raise CorpusError(path, f"cannot follow the symbolic link ({exc})") from None
    if target.is_relative_to(root):
        return target
    # Name the link at fault: the first component of the path that is a link leading out.
    link = folder
    for part in path.relative_to(folder).parts:
        link = link / part
        if link.is_symlink() and not link.resolve().is_relative_to(root):
            break
    raise CorpusError(link, f"symbolic link points outside the corpus folder (to {link.resolve()})")


def load_corpus(folder: str | Path, *, use_manifest: bool = True, progress: bool = False) -> "Corpus":
    """Load a folder of ``.txt`` files (with an optional ``manifest.csv``) as a :class:`Corpus`.

    Without a manifest, every ``*.txt`` file is a document whose ``doc_id`` is the file
    stem; title and date are read from the text (or the file name) where they are stated.
    ``progress`` shows a progress bar on stderr for corpora of more than a few documents.
    """
    folder = Path(folder)
    if not folder.exists():
        raise CorpusError(folder, "corpus folder does not exist")
    if not folder.is_dir():
        raise CorpusError(folder, "not a folder")
    entries: list[tuple[str, Path, dict[str, str]]] = []
    if use_manifest and (folder / MANIFEST_NAME).is_file():
        for row in read_manifest(folder):
            meta = {k: v for k, v in row.items() if not k.startswith("_")}
            entries.append((row["doc_id"], folder / row["file"], meta))
    else:
        files, skipped = _folder_documents(folder)
        if skipped:
            _warn_skipped(folder, skipped)
        if not files:
            raise CorpusError(folder, "no .txt files in the corpus folder")
        entries = [(p.stem, p, {"doc_id": p.stem, "file": p.name}) for p in files]
    # Read (and check) every file before parsing any, so bad input fails fast and alone.
    loaded = [(doc_id, path, meta, read_text_file(path)) for doc_id, path, meta in entries]
    if progress and len(loaded) > PROGRESS_MIN_DOCUMENTS:
        from tqdm.auto import tqdm

        loaded = tqdm(loaded, desc="parsing", unit="doc", file=sys.stderr)
    documents = [parse_document(doc_id, text, path=path, meta=meta) for doc_id, path, meta, text in loaded]
    return Corpus(documents, root=folder)


def _folder_documents(folder: Path) -> tuple[list[Path], list[str]]:
    """The ``*.txt`` files of ``folder`` (sorted) and the names of every other entry.

    ``manifest.csv`` is not counted as skipped; sub-folders are named with a final ``/``,
    links that lead nowhere with ``(broken link)``. A ``.txt`` link leading out of the
    folder is refused, as it is when a manifest names it.
    """
    files: list[Path] = []
    skipped: list[str] = []
    try:
        listing = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise CorpusError(folder, f"cannot list the folder ({exc.strerror})") from None
    for entry in listing:
        if entry.name == MANIFEST_NAME:
            continue
        if entry.suffix == ".txt" and _is_file(entry):
            _inside_corpus(folder, entry)
            files.append(entry)
        elif entry.is_symlink() and not entry.exists():
            skipped.append(f"{entry.name} (broken link)")
        elif entry.is_dir():
            skipped.append(f"{entry.name}/")
        else:
            skipped.append(entry.name)
    return files, skipped


# How many skipped names the warning lists before "and N more": enough to see the pattern
# (a folder of .TXT files, a sub-folder), short enough for one line of a terminal log.
SKIPPED_NAMES_SHOWN = 10


def _warn_skipped(folder: Path, skipped: list[str]) -> None:
    """One warning line naming what a folder without a manifest holds besides ``.txt`` files.

    Logged (not printed) under ``analysis.corpus``: with no logging set up, Python prints the
    bare message on stderr, one line; a notebook or a test can silence or capture it.
    """
    names = ", ".join(skipped[:SKIPPED_NAMES_SHOWN])
    if len(skipped) > SKIPPED_NAMES_SHOWN:
        names += f", and {len(skipped) - SKIPPED_NAMES_SHOWN} more"
    noun = "entry" if len(skipped) == 1 else "entries"
    logger.warning("warning: %s: skipped %d %s not read as documents: %s", folder, len(skipped), noun, names)


def corpus_from_texts(texts: Mapping[str, str], meta: Mapping[str, Mapping[str, str]] | None = None) -> "Corpus":
    """Build a corpus from in-memory texts (``{doc_id: text}``), e.g. in tests or teaching."""
    documents = [
        parse_document(doc_id, text, path=None, meta=dict((meta or {}).get(doc_id, {})))
        for doc_id, text in texts.items()
    ]
    return Corpus(documents, root=None)


# --------------------------------------------------------------------------- parsing


@lru_cache(maxsize=1)
def _sentencizer():
    """A blank English tokenizer with the rule-based sentencizer (fast, no model)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


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
    """The date of a line that only states one ("15 december / 2022", "Published: 5 May 2023, 10:32 GMT")."""
    if len(text) > 80:
        return None
    stem = _TRAILING_TIME_RE.sub("", _DATE_LABEL_RE.sub("", text.strip()))
    return parse_date(stem)


def _is_courtesy(text: str) -> bool:
    """A line of courtesies ("Thank you very much", "Good afternoon"), never a heading."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and all(word in COURTESY_WORDS for word in words)


def _ends_sentence(text: str) -> bool:
    return FOOTNOTE_MARKER_RE.sub("", text).rstrip()[-1:] in ".!?…\"”’')]"


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
    lowercase = [w for w in words if not w[0].isupper() and not re.fullmatch(_LABEL_CONNECTOR, w)]
    if not lowercase:
        return match
    if lenient and len(lowercase) <= 3 and len(words) >= 4 and all(w[0].isupper() for w in words[-2:]):
        return match
    return None


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


# spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters, error E088), and
# scraped files can hold a whole article on one line. The sentencizer reads a long
# paragraph in chunks of at most this many characters, cut at a space; each chunk after
# the first starts where the previous one's last (possibly cut) sentence started, so the
# sentences are those of one pass over the whole paragraph.
SENTENCIZER_CHUNK = 100_000
# The model parses each sentence's clean text on its own (analysis.pipeline), so a
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


def _classify(doc_id: str, text: str, lines: list[_Line]) -> list[dict]:
    """Group lines into paragraphs and give each a role."""
    blocks: list[dict] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        raw = text[line.start:line.end]
        if raw.startswith("|") and raw.count("|") >= 2:
            j = i
            while j < len(lines) and text[lines[j].start:lines[j].end].startswith("|") and (
                j == i or not lines[j].blank_before):
                j += 1
            blocks.append({"role": "table", "lines": lines[i:j], "blank_before": line.blank_before})
            i = j
            continue
        if SEPARATOR_RE.fullmatch(raw) and not any(ch.isalnum() for ch in raw):
            blocks.append({"role": "separator", "lines": [line], "blank_before": line.blank_before})
            i += 1
            continue
        if MARKDOWN_HEADING_RE.match(raw):
            blocks.append({"role": "heading", "lines": [line], "blank_before": line.blank_before,
                           "marked": True})
            i += 1
            continue
        j = i + 1
        # A parenthesis opened on one line and closed on a following one joins the lines.
        depth = raw.count("(") - raw.count(")")
        while depth > 0 and j < len(lines) and j - i < 4 and not lines[j].blank_before:
            nxt = text[lines[j].start:lines[j].end]
            depth += nxt.count("(") - nxt.count(")")
            j += 1
        if depth != 0:
            j = i + 1
        role = "list_item" if LIST_BULLET_RE.match(raw) else "body"
        blocks.append({"role": role, "lines": lines[i:j], "blank_before": line.blank_before})
        i = j
    for index, block in enumerate(blocks):
        block["start"] = block["lines"][0].start
        block["end"] = block["lines"][-1].end
        block["text"] = text[block["start"]:block["end"]]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        block["blank_after"] = following is None or following["blank_before"]
    _find_speaker_labels(text, blocks)
    _merge_wrapped_lines(text, blocks)
    for block in blocks:
        block["text"] = text[block["start"]:block["end"]]
    _assign_front_matter(blocks)
    return blocks


def _find_speaker_labels(text: str, blocks: list[dict]) -> None:
    """Mark transcript labels ("Name: speech"), in place.

    A label on a line that reads like a heading ("Background: Why this matters now") only
    counts when the document is a transcript: two or more labelled lines, with a label that
    repeats or a labelled line of prose. A label alone on its line ("Vladimir Putin:") is
    joined with the next paragraph, which holds the speech.
    """
    candidates = []
    for index, block in enumerate(blocks):
        if block["role"] != "body":
            continue
        first = block["lines"][0]
        match = _speaker_label(text, first.start, first.end)
        if match is None:
            continue
        label = " ".join(match.group("label").split())
        alone = match.end() >= first.end and len(block["lines"]) == 1
        rest = text[match.end():block["end"]]
        short = alone or _is_heading_like(rest)
        if index == 0 and short and not alone and block["blank_after"]:
            block["not_label"] = True  # a title set off by a blank line: "Valdai Club: Plenary Session"
            continue
        candidates.append((index, match, label, alone, short))
    if not candidates:
        return
    counts: dict[str, int] = {}
    for _, _, label, _, _ in candidates:
        counts[label] = counts.get(label, 0) + 1
    transcript = len(candidates) >= 2 and (
        max(counts.values()) >= 2 or any(not short for *_, short in candidates))
    if transcript:
        found = {c[0] for c in candidates}
        for index, block in enumerate(blocks):
            if block["role"] != "body" or index in found or block.get("not_label"):
                continue
            first = block["lines"][0]
            match = _speaker_label(text, first.start, first.end, lenient=True)
            if match is not None:
                alone = match.end() >= first.end and len(block["lines"]) == 1
                candidates.append((index, match, " ".join(match.group("label").split()), alone, False))
        candidates.sort(key=lambda c: c[0])
    for index, match, label, alone, short in candidates:
        if short and not transcript:
            continue
        blocks[index]["label"] = (match.start(), match.start() + len(match.group("label").rstrip()),
                                  match.end(), label)
        blocks[index]["label_only"] = alone
    # Join a label alone on its line with the paragraph that follows it.
    merged: list[dict] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.get("label_only") and block["role"] == "body"
                and "label" not in block):
            previous["end"] = block["end"]
            previous["lines"] = previous["lines"] + block["lines"]
            previous["blank_after"] = block["blank_after"]
            previous["label_only"] = False
            continue
        merged.append(block)
    blocks[:] = merged


def _merge_wrapped_lines(text: str, blocks: list[dict]) -> None:
    """Join hard-wrapped lines (fixed-width text) into paragraphs, in place.

    A text is hard-wrapped when its prose lines are all of moderate length and most lines
    followed directly by another prose line stop in mid-sentence. Then consecutive prose
    lines (no blank line between, no label or bullet opening the second) form a paragraph.
    """
    body = [b for b in blocks if b["role"] == "body" and len(b["lines"]) == 1]
    if len(body) < 3:
        return
    lengths = [b["end"] - b["start"] for b in body]
    if max(lengths) > 120 or sum(1 for n in lengths if 35 <= n <= 100) / len(lengths) < 0.6:
        return
    pairs = [
        (a, b) for a, b in zip(blocks, blocks[1:])
        if a["role"] == "body" and b["role"] == "body" and not b["blank_before"] and "label" not in b
    ]
    if len(pairs) < 2:
        return
    open_ended = sum(1 for a, _ in pairs if not _ends_sentence(a["text"]) or a["text"].rstrip()[-1:] in ",;")
    if open_ended / len(pairs) < 0.5:
        return
    # A line much shorter than the wrapping width ends its paragraph (or is a heading).
    width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    # Wrapped lines often go on in mid-sentence, in lowercase; lines of verse start with capitals.
    if sum(1 for _, b in pairs if b["text"][:1].islower()) / len(pairs) < 0.25:
        return
    merged: list[dict] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (previous is not None and block["role"] == "body" and previous["role"] == "body"
                and not block["blank_before"] and "label" not in block):
            last = previous["lines"][-1]
            if last.end - last.start >= 0.6 * width:
                previous["end"] = block["end"]
                previous["lines"] = previous["lines"] + block["lines"]
                previous["blank_after"] = block["blank_after"]
                continue
        merged.append(block)
    blocks[:] = merged


def _assign_front_matter(blocks: list[dict]) -> None:
    """Header lines, stated date, title, byline, epigraphs, headings, in place."""
    # Header zone: short lines above a line that is only a date, at the very top.
    # They are header lines when a title follows the date (an embassy's page: name, opening
    # hours, date, then the title); above a date that the text follows directly, they are
    # the title and byline of an article.
    for index, block in enumerate(blocks[:6]):
        if block["role"] == "body" and "label" not in block and _date_line(block["text"]):
            above = blocks[:index]
            if all(b["role"] == "body" and len(b["text"].split()) <= 15
                   and not b["text"].rstrip().endswith(".") for b in above):
                after = blocks[index + 1] if index + 1 < len(blocks) else None
                title_follows = after is not None and after["role"] == "body" and _is_heading_like(after["text"])
                if title_follows:
                    for b in above:
                        b["role"] = "header"
                block["role"] = "date"
            break
    prose = [b for b in blocks if b["role"] == "body" and "label" not in b]
    if not prose:
        return
    # Title: the first prose line, if it looks like one and something follows it. A long
    # line still is one when a blank line sets it off and it does not end a sentence.
    first = prose[0]
    index = blocks.index(first)
    standalone = (first["blank_after"] and len(first["text"].split()) <= 30
                  and first["text"].rstrip()[-1:] not in ".!?…" and first["text"][:1].isupper()
                  and len(first["lines"]) == 1)
    if (index < 4 and index + 1 < len(blocks) and not _is_courtesy(first["text"])
            and (_is_heading_like(first["text"]) or standalone)):
        first["role"] = "title"
    # Byline/source: a parenthesised paragraph near the top, before any speaker's turn,
    # or a short "By Jane Smith" line.
    for block in blocks[:6]:
        if "label" in block:
            break
        stripped = block["text"].strip()
        if block["role"] == "body" and (
                (stripped.startswith("(") and stripped.endswith(")"))
                or (BYLINE_RE.match(stripped) and len(stripped.split()) <= 16)):
            block["role"] = "byline"
    # Epigraphs: a prose paragraph followed by its attribution, before the main text starts.
    last_attribution = -10
    for index, block in enumerate(blocks[:14]):
        if index == 0 or "label" in block:
            continue
        if block["role"] == "list_item":  # "– Maxim Litvinov": a dash, not a one-item list
            lone = all(b["role"] != "list_item" for b in blocks[index - 1:index] + blocks[index + 1:index + 2])
            if not (lone and block["text"][:1] in "—–―-"):
                continue
        elif block["role"] != "body":
            continue
        previous = blocks[index - 1]
        if previous["role"] not in ("body",) or not block["blank_before"] or "label" in previous:
            continue
        words = block["text"].split()
        starts_like_source = re.match(r"(?:From|[—–―-])\s", block["text"]) is not None
        chained = _is_heading_like(block["text"]) and index - last_attribution <= 4
        if len(words) <= 40 and not block["text"].rstrip().endswith(".") and (
            starts_like_source or chained) and len(previous["text"].split()) <= 80:
            previous["role"] = "epigraph"
            block["role"] = "attribution"
            last_attribution = index
    _assign_headings(blocks)


def _assign_headings(blocks: list[dict]) -> None:
    """Headings: short lines without final punctuation that introduce more text, in place.

    Not headings: courtesies ("Thank you"), stage directions ("(Applause.)"), lines of verse
    (three or more such lines in a row, or a line continuing one that stops mid-sentence),
    and questions, unless the document has other headings (a question in a speech or a
    transcript is part of the talk, "And what's in practice?" between sections is a heading).
    """
    def candidate(block: dict) -> bool:
        if block["role"] == "list_item":
            # A lone numbered line before prose ("2. Growing tension") is a numbered heading.
            bullet = NUMBERED_RE.match(block["text"])
            return bullet is not None and _is_heading_like(block["text"][bullet.end():])
        return (block["role"] == "body" and "label" not in block
                and _is_heading_like(block["text"]) and not _is_courtesy(block["text"]))

    flags = [candidate(b) for b in blocks]
    # Runs of three or more adjacent heading-like lines are verse or an address block.
    index = 0
    while index < len(blocks):
        if not flags[index]:
            index += 1
            continue
        end = index + 1
        while end < len(blocks) and flags[end] and not blocks[end]["blank_before"]:
            end += 1
        if end - index >= 3:
            for k in range(index, end):
                flags[k] = False
        index = end
    accepted: list[int] = []
    questions: list[int] = []
    for index, block in enumerate(blocks):
        if not flags[index]:
            continue
        if block["role"] == "list_item":
            neighbours = blocks[max(index - 1, 0):index] + blocks[index + 1:index + 2]
            if any(b["role"] == "list_item" for b in neighbours):
                continue
        following = blocks[index + 1:index + 2]
        if not following or following[0]["role"] not in ("body", "list_item", "table", "heading"):
            continue
        previous = blocks[index - 1] if index else None
        if (previous is not None and not block["blank_before"] and previous["role"] == "body"
                and index - 1 not in accepted and len(previous["text"].split()) <= 14
                and not _ends_sentence(previous["text"])):
            flags[index] = False  # continues a line that stops mid-sentence (verse)
            continue
        if FOOTNOTE_MARKER_RE.sub("", block["text"]).rstrip().endswith("?"):
            questions.append(index)
            continue
        accepted.append(index)
    for index in accepted:
        if blocks[index]["role"] == "list_item":
            blocks[index]["numbered"] = True
        blocks[index]["role"] = "heading"
    marked = any(b.get("marked") for b in blocks)
    if accepted or marked:
        in_turn = False
        for index, block in enumerate(blocks):
            if "label" in block:
                in_turn = True
            if index in questions and not in_turn:
                block["role"] = "heading"


def parse_document(doc_id: str, text: str, *, path: Path | None = None,
                   meta: dict[str, str] | None = None) -> Document:
    """Parse one document's text into paragraphs, sentences, footnotes, tables and turns."""
    meta = dict(meta or {})
    markers, footnotes = _find_footnotes(doc_id, text)
    removed_global = [(m.start, m.end) for m in markers] + [(f.start, f.end) for f in footnotes]
    lines = _content_lines(text, removed_global)
    blocks = _classify(doc_id, text, lines)

    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    tables: list[ParsedTable] = []
    turns: list[Turn] = []
    dateline: tuple[int, int, str] | None = None
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
            match = DATELINE_RE.match(text, start, end)
            if match and match.group("place").split()[0].strip(",").isupper():
                dateline = (match.start(), match.end(), match.group("place").strip(" ,"))
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
            sentence_spans = _split_sentences(view.text)
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
                   paragraphs: list[Paragraph], dateline: tuple[int, int, str] | None) -> None:
    """Fill title, date, kind and voice from the text where the manifest is silent."""
    meta.setdefault("doc_id", doc_id)
    if path is not None:
        meta.setdefault("file", path.name)
    meta["dateline"] = dateline[2] if dateline else ""
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


# --------------------------------------------------------------------------- corpus


class Corpus:
    """An ordered collection of parsed documents, indexable by ``doc_id``."""

    def __init__(self, documents: Iterable[Document], root: Path | None = None) -> None:
        self.documents: list[Document] = list(documents)
        self.root = root
        self._by_id = {d.doc_id: d for d in self.documents}

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, doc_id: str) -> Document:
        return self._by_id[doc_id]

    def __repr__(self) -> str:
        return f"<Corpus: {len(self)} documents, {sum(len(d.sentences) for d in self)} sentences>"

    @property
    def sentences(self) -> Iterator[Sentence]:
        """All sentences in corpus order."""
        for document in self.documents:
            yield from document.sentences

    def text_of(self, doc_id: str, start: int, end: int) -> str:
        """The original text of a span: the way back from any table row to the document."""
        return self._by_id[doc_id].text[start:end]


# --------------------------------------------------------------------------- tables


def documents_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document: manifest metadata plus structure counts."""
    rows = []
    for d in corpus:
        row = {c: d.meta.get(c, "") for c in MANIFEST_COLUMNS}
        row.update({
            "dateline": d.meta.get("dateline", ""),
            "n_chars": len(d.text),
            "n_paragraphs": len(d.paragraphs),
            "n_sentences": len(d.sentences),
            "n_words": d.n_words,
            "n_footnotes": len(d.footnotes),
            "n_tables": len(d.tables),
            "n_turns": len(d.turns),
        })
        rows.append(row)
    return pd.DataFrame(rows)


def paragraphs_table(corpus: Corpus) -> pd.DataFrame:
    """One row per paragraph with its role and offsets."""
    rows = [
        {"doc_id": p.doc_id, "paragraph_id": p.paragraph_id, "start": p.start, "end": p.end,
         "role": p.role, "speaker_label": p.speaker_label or "", "text": p.text}
        for d in corpus for p in d.paragraphs
    ]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph_id", "start", "end", "role", "speaker_label", "text"])


def sentences_table(corpus: Corpus) -> pd.DataFrame:
    """One row per sentence: original text and offsets, and the clean text NLP sees."""
    roles = {(p.doc_id, p.paragraph_id): p.role for d in corpus for p in d.paragraphs}
    rows = [
        {"doc_id": s.doc_id, "paragraph_id": s.paragraph_id, "sentence_id": s.sentence_id,
         "start": s.start, "end": s.end, "role": roles[(s.doc_id, s.paragraph_id)],
         "n_words": count_words(s.clean_text), "text": s.text, "clean_text": s.clean_text}
        for s in corpus.sentences
    ]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph_id", "sentence_id", "start", "end",
                                       "role", "n_words", "text", "clean_text"])


def footnotes_table(corpus: Corpus) -> pd.DataFrame:
    """Footnote bodies with their marker's position and the sentence the marker follows."""
    rows = []
    for d in corpus:
        marker_by_number = {m.number: m for m in d.markers}
        for f in d.footnotes:
            marker = marker_by_number.get(f.number)
            sentence_id = None
            if marker is not None:
                before = [s for s in d.sentences if s.start <= marker.start]
                sentence_id = before[-1].sentence_id if before else None
            rows.append({
                "doc_id": d.doc_id, "number": f.number, "start": f.start, "end": f.end,
                "marker_start": marker.start if marker else None,
                "marker_end": marker.end if marker else None,
                "sentence_id": sentence_id, "url": f.url or "", "accessed": f.accessed or "",
                "text": f.text,
            })
    frame = pd.DataFrame(rows, columns=["doc_id", "number", "start", "end", "marker_start", "marker_end",
                                        "sentence_id", "url", "accessed", "text"])
    for column in ("marker_start", "marker_end", "sentence_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def tables_table(corpus: Corpus) -> pd.DataFrame:
    """Every cell of every pipe table in long form, with offsets (header cells: row -1)."""
    rows = []
    for d in corpus:
        for table in d.tables:
            for row, column, start, end in table.cells:
                rows.append({
                    "doc_id": d.doc_id, "table_id": table.table_id, "row": row, "column": column,
                    "header": table.header[column] if column < len(table.header) else "",
                    "start": start, "end": end, "value": d.text[start:end],
                    "caption": table.caption or "",
                })
    return pd.DataFrame(rows, columns=["doc_id", "table_id", "row", "column", "header", "start", "end",
                                       "value", "caption"])


def turns_table(corpus: Corpus) -> pd.DataFrame:
    """Speaker turns of transcripts (``Name: ...`` labels) with their spans."""
    rows = [t.__dict__ for d in corpus for t in d.turns]
    return pd.DataFrame(rows, columns=["doc_id", "turn_id", "label", "label_start", "label_end", "start", "end"])


def structure_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Tables that need no NLP: documents, paragraphs, sentences, footnotes, tables, turns."""
    return {
        "documents": documents_table(corpus),
        "paragraphs": paragraphs_table(corpus),
        "sentences": sentences_table(corpus),
        "footnotes": footnotes_table(corpus),
        "tables": tables_table(corpus),
        "turns": turns_table(corpus),
    }
