"""Files -> documents -> paragraphs -> sentences, with footnotes, tables and offsets.

Every unit keeps ``start``/``end`` offsets into its document's original text (the file
decoded as UTF-8, nothing else changed), so ``document.text[start:end]`` is the unit.
Structures that are not running prose (header lines, pipe tables, footnote markers and
bodies, list bullets, datelines, speaker labels) are recognised *before* any NLP so they
do not leak into sentences or entities.

A :class:`Corpus` is an ordered collection of parsed :class:`Document` objects, indexable
by ``doc_id``. A document holds its text, its metadata (manifest columns, or values read
from the text), and its units: paragraphs with their roles, sentences (with the clean
text NLP sees), footnote markers and bodies, pipe tables (Markdown tables inside the
document, not the output tables) and speaker turns.

The modules of the package, in the order the data flows:

* :mod:`analysis.corpus.files`: a folder of ``.txt`` files (and ``manifest.csv``), read
  and checked strictly, -> texts -> a Corpus (:func:`load_corpus`, :func:`corpus_from_texts`);
* :mod:`analysis.corpus.structure`: one text -> a Document (:func:`parse_document`),
  with :mod:`~analysis.corpus.footnotes` (markers and bodies, found first),
  :mod:`~analysis.corpus.lines` (what one line looks like) and
  :mod:`~analysis.corpus.roles` (lines -> paragraphs with roles);
* :mod:`analysis.corpus.sentences`: a paragraph's clean text -> sentence spans;
* :mod:`analysis.corpus.records`: a Corpus -> the structure tables (DataFrames);
* :mod:`analysis.corpus.model`: the classes all of them share.

Each module imports only those below it (files and records at the top, model at the
bottom). Import the names from ``analysis.corpus`` itself: the split into modules is
the package's own business.

>>> corpus = corpus_from_texts({"memo": "MOSCOW – Peace is indivisible. It is."})
>>> [s.text for s in corpus["memo"].sentences]
['Peace is indivisible.', 'It is.']
>>> corpus["memo"].meta["dateline"]
'MOSCOW'
"""

from __future__ import annotations

from analysis.corpus.files import (
    MANIFEST_NAME,
    MANIFEST_REQUIRED,
    PROGRESS_MIN_DOCUMENTS,
    SKIPPED_NAMES_SHOWN,
    corpus_from_texts,
    load_corpus,
    read_manifest,
    read_sources,
    read_text_file,
)
from analysis.corpus.model import (
    PROSE_ROLES,
    Corpus,
    CorpusError,
    Document,
    Footnote,
    FootnoteMarker,
    Paragraph,
    ParsedTable,
    Sentence,
    Turn,
    count_words,
)
from analysis.corpus.records import (
    MANIFEST_COLUMNS,
    documents_table,
    footnotes_table,
    paragraphs_table,
    sentences_table,
    structure_tables,
    tables_table,
    turns_table,
)
from analysis.corpus.sentences import SENTENCE_MAX_CHARS, SENTENCIZER_CHUNK
from analysis.corpus.structure import parse_document

__all__ = [
    # The data model
    "Corpus",
    "CorpusError",
    "Document",
    "Footnote",
    "FootnoteMarker",
    "Paragraph",
    "ParsedTable",
    "Sentence",
    "Turn",
    "PROSE_ROLES",
    "count_words",
    # Reading files
    "MANIFEST_NAME",
    "MANIFEST_REQUIRED",
    "PROGRESS_MIN_DOCUMENTS",
    "SKIPPED_NAMES_SHOWN",
    "corpus_from_texts",
    "load_corpus",
    "read_manifest",
    "read_sources",
    "read_text_file",
    # Parsing one document, and its sentences
    "parse_document",
    "SENTENCE_MAX_CHARS",
    "SENTENCIZER_CHUNK",
    # The structure tables
    "MANIFEST_COLUMNS",
    "documents_table",
    "footnotes_table",
    "paragraphs_table",
    "sentences_table",
    "structure_tables",
    "tables_table",
    "turns_table",
]
