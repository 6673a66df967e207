"""Reading a corpus from disk: text files, ``manifest.csv`` and folder scanning -> a :class:`Corpus`.

Input is checked strictly and refused with one :class:`~analysis.corpus.model.CorpusError`
naming the file and the line or byte: empty, binary or mis-encoded files, a malformed
manifest, an impossible date, a file outside the corpus folder. Every file is read and
checked before any is parsed, so bad input fails fast and alone. Without a manifest,
entries of the folder that are not ``.txt`` files are named in one warning.
:func:`corpus_from_texts` builds a corpus the same way from in-memory texts.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import sys
from pathlib import Path
from typing import Mapping

from analysis.corpus.disk_cache import RecordingSegmenter, SegmentCache
from analysis.corpus.model import Corpus, CorpusError, Document
from analysis.corpus.sentences import _split_sentences
from analysis.corpus.structure import parse_document
from analysis.dates import check_iso_date
from analysis.text import INVISIBLE_CHARS

__all__ = [
    "MANIFEST_NAME",
    "MANIFEST_REQUIRED",
    "PROGRESS_MIN_DOCUMENTS",
    "SKIPPED_NAMES_SHOWN",
    "corpus_from_texts",
    "load_corpus",
    "read_manifest",
    "read_sources",
    "read_text_file",
]


MANIFEST_NAME = "manifest.csv"
MANIFEST_REQUIRED = ("doc_id", "file")
# A progress bar is shown (when asked for) above this many documents.
PROGRESS_MIN_DOCUMENTS = 3


# The package's name, not this module's: the warning about skipped entries is logged under
# ``analysis.corpus``, where notebooks and tests silence or capture it.
logger = logging.getLogger("analysis.corpus")


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


def read_sources(folder: str | Path, *, use_manifest: bool = True) -> list[tuple[str, Path, dict[str, str], str]]:
    """The documents of a corpus folder before any parsing: ``(doc_id, path, meta, text)``
    in corpus order, every file read and checked (:func:`read_text_file`).

    The first half of :func:`load_corpus`, on its own so that a caller can tell from the
    texts whether anything changed (the ``tables`` command's output cache) without
    parsing them. Without a manifest, it warns once about entries that are not ``.txt`` files.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.txt").write_text("Peace.", encoding="utf-8")
    6
    >>> [(doc_id, meta, text) for doc_id, _, meta, text in read_sources(folder)]
    [('a', {'doc_id': 'a', 'file': 'a.txt'}, 'Peace.')]
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
    return [(doc_id, path, meta, read_text_file(path)) for doc_id, path, meta in entries]


def load_corpus(folder: str | Path, *, use_manifest: bool = True, progress: bool = False,
                cache: bool = True, cache_dir: str | Path | None = None,
                sources: list[tuple[str, Path, dict[str, str], str]] | None = None) -> "Corpus":
    """Load a folder of ``.txt`` files (with an optional ``manifest.csv``) as a :class:`Corpus`.

    Without a manifest, every ``*.txt`` file is a document whose ``doc_id`` is the file
    stem; title and date are read from the text (or the file name) where they are stated.
    ``progress`` shows a progress bar on stderr for corpora of more than a few documents.
    With ``cache``, each document's sentence segmentation is read from (or written to) the
    cache folder (``cache_dir``, default ``$ANALYSIS_CACHE_DIR``), keyed by its text, the
    segmentation code and spaCy's version (:class:`analysis.corpus.disk_cache.SegmentCache`):
    the documents are the same either way, a second load is faster. ``sources`` are the
    folder's documents as :func:`read_sources` returned them, when the caller has read
    them already (they are not read twice).
    """
    folder = Path(folder)
    loaded = sources if sources is not None else read_sources(folder, use_manifest=use_manifest)
    if progress and len(loaded) > PROGRESS_MIN_DOCUMENTS:
        from tqdm.auto import tqdm

        loaded = tqdm(loaded, desc="parsing", unit="doc", file=sys.stderr)
    segments = SegmentCache(cache_dir) if cache else None
    documents = [_parse_with_cache(doc_id, text, path, meta, segments) for doc_id, path, meta, text in loaded]
    corpus = Corpus(documents, root=folder)
    if segments is not None and segments.root_unusable:
        corpus.unusable_cache = segments.root
    return corpus


def _parse_with_cache(doc_id: str, text: str, path: Path | None, meta: dict[str, str],
                      segments: SegmentCache | None) -> Document:
    """:func:`parse_document`, with the sentence spans from the segmentation cache when it has them."""
    if segments is None:
        return parse_document(doc_id, text, path=path, meta=meta)
    splitter = RecordingSegmenter(_split_sentences, segments.known(text))
    document = parse_document(doc_id, text, path=path, meta=meta, split_sentences=splitter)
    if splitter.computed:
        segments.save(text, splitter.used)
    return document


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


def corpus_from_texts(texts: Mapping[str, str], meta: Mapping[str, Mapping[str, str]] | None = None, *,
                      cache: bool = False, cache_dir: str | Path | None = None) -> "Corpus":
    """Build a corpus from in-memory texts (``{doc_id: text}``), e.g. in tests or teaching.

    With ``cache``, the sentence segmentation is read from (or written to) the
    segmentation cache, as :func:`load_corpus` does: a notebook that builds the same
    example texts on every run then does not import spaCy to segment them again. The
    documents are the same either way.

    >>> import tempfile
    >>> texts = {"memo": "Talks resumed. Both sides agreed."}
    >>> folder = tempfile.mkdtemp()
    >>> cached = corpus_from_texts(texts, cache=True, cache_dir=folder)
    >>> again = corpus_from_texts(texts, cache=True, cache_dir=folder)
    >>> [s.text for s in again.sentences] == [s.text for s in corpus_from_texts(texts).sentences]
    True
    """
    segments = SegmentCache(cache_dir) if cache else None
    documents = [
        _parse_with_cache(doc_id, text, None, dict((meta or {}).get(doc_id, {})), segments)
        for doc_id, text in texts.items()
    ]
    corpus = Corpus(documents, root=None)
    if segments is not None and segments.root_unusable:
        corpus.unusable_cache = segments.root
    return corpus
