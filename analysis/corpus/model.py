"""The data model of a corpus: documents and their units, with offsets into the original text.

Every other module of :mod:`analysis.corpus` produces or reads these objects: the
structure parser fills a :class:`Document`, the records turn a :class:`Corpus` into
tables, and the extraction code reads sentences and paragraphs. Every unit keeps
``start``/``end`` offsets into its document's text, so ``document.text[start:end]`` is
the unit. This module imports nothing else of the package, so that the classes can be
used (and type-annotated against) without loading the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from analysis.errors import InputError
from analysis.text import CleanView

__all__ = [
    "PROSE_ROLES",
    "Corpus",
    "CorpusError",
    "Document",
    "Footnote",
    "FootnoteMarker",
    "Paragraph",
    "ParsedTable",
    "Sentence",
    "Turn",
    "count_words",
]


# Paragraph roles whose text is analysed as sentences.
PROSE_ROLES = frozenset(
    {"title", "heading", "body", "list_item", "epigraph", "attribution", "byline"}
)


class CorpusError(InputError):
    """A corpus file or manifest cannot be read."""

    # Its public name: tracebacks (and the doctest of read_text_file) call it
    # analysis.corpus.CorpusError, as they did before the module became a package.
    __module__ = "analysis.corpus"


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


class Corpus:
    """An ordered collection of parsed documents, indexable by ``doc_id``."""

    def __init__(self, documents: Iterable[Document], root: Path | None = None) -> None:
        self.documents: list[Document] = list(documents)
        self.root = root
        # The cache folder that loading this corpus found unusable and warned about, so
        # that the extraction does not warn about it a second time in the same run.
        self.unusable_cache: Path | None = None
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
