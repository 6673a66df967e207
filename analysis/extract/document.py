"""The per-document kernel: actors, quotes and speakers, framing terms, statements of one document.

:func:`extract_document` does everything for one parsed document and returns plain row
dicts, so it can run in worker processes (:mod:`analysis.tables.workers`) and be cached
as data (:class:`analysis.cache.RowCache`); :mod:`analysis.tables.build` streams the
corpus through the pipeline and assembles the tables from the rows. The pipeline runs
the dependency parser only on the sentences :data:`NEEDS_SYNTAX` picks: those the quote
finder reads syntax in (quotation marks, cue words) and those the stance rules read it in
(a stance cue or a negation in a sentence with a frame mention,
:data:`analysis.extract.stance.STANCE_SENTENCES`); callers pass it to
:func:`analysis.nlp.iter_parsed`.

>>> NEEDS_SYNTAX("He said so."), NEEDS_SYNTAX("We reject sanctions."), NEEDS_SYNTAX("Talks began.")
(True, True, False)
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Iterable

from analysis.corpus import Document, Sentence
from analysis.extract.actors import extract_actor_mentions
from analysis.extract.frames import extract_frame_mentions
from analysis.extract.quotes import extract_quotes, speaker_spans
from analysis.extract.quotes.syntax import NEEDS_SYNTAX as QUOTE_SYNTAX
from analysis.extract.stance import STANCE_SENTENCES, extract_statements, stance_sentences
from analysis.lexicon import FrameLexicon
from analysis.register import ActorRegister
from analysis.schema import ACTOR_MENTION_COLUMNS, ROW_TABLES, Rows

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["AnySentences", "NEEDS_SYNTAX", "extract_document", "merge_rows", "syntax_selector"]


class AnySentences:
    """A sentence selector that picks what any of ``selectors`` picks; its ``version``
    hashes theirs (the parse cache's key names the rule that chose the parsed sentences).

    >>> either = AnySentences(lambda text: "a" in text, lambda text: "b" in text)
    >>> either("abc"), either("b"), either("c")
    (True, True, False)
    """

    def __init__(self, *selectors) -> None:
        self.selectors = selectors
        digest = hashlib.sha256(b"any-sentences/1")
        for selector in selectors:
            digest.update(str(getattr(selector, "version", "")).encode("utf-8") + b"\x00")
        self.version = digest.hexdigest()[:12]

    def __call__(self, text: str) -> bool:
        return any(selector(text) for selector in self.selectors)


# What a DataFrame holds where a row lacks a column.
_MISSING = float("nan")

#: The sentences the dependency parser reads: the quote finder's and the stance rules'.
NEEDS_SYNTAX = AnySentences(QUOTE_SYNTAX, STANCE_SENTENCES)


def syntax_selector(lexicon: FrameLexicon | None = None) -> AnySentences:
    """:data:`NEEDS_SYNTAX` for the frames of ``lexicon``: the stance rules need the tree
    where the lexicon in use finds a frame (its version is then part of the parse key).

    >>> syntax_selector() is NEEDS_SYNTAX
    True
    """
    stance = stance_sentences(lexicon)
    return NEEDS_SYNTAX if stance is STANCE_SENTENCES else AnySentences(QUOTE_SYNTAX, stance)


def extract_document(document: Document, parsed: list[tuple[Sentence, "Doc"]], register: ActorRegister,
                     lexicon: FrameLexicon) -> Rows:
    """Rows of every per-document table (:data:`analysis.schema.ROW_TABLES`) for one
    parsed document (what :func:`analysis.nlp.iter_parsed` yields for it)."""
    # The manifest (e.g. a "setting" column) tells which organisation "this Assembly" is.
    actor_rows = extract_actor_mentions(parsed, register, dates=document.meta.get("date") or None,
                                        setting=document.meta)
    # Speakers are actors: a place or a reference ("the Charter") does not speak. Plain
    # dicts with the table's columns, as a DataFrame of them would give back (the quote
    # finder reads rows): a DataFrame per document cost more than the rows on short texts.
    speaker_candidates = [{column: row.get(column, _MISSING) for column in ACTOR_MENTION_COLUMNS}
                          for row in actor_rows if row.get("entity_kind", "actor") == "actor"]
    quote_rows = extract_quotes(document, parsed, speaker_candidates, register=register)
    span_rows = speaker_spans(document, quote_rows, register=register)
    frame_rows = extract_frame_mentions(parsed, lexicon)
    # Only sentences with a frame mention can hold a statement.
    framed = {row["sentence_id"] for row in frame_rows}
    statement_rows = extract_statements(document, [pair for pair in parsed if pair[0].sentence_id in framed],
                                        span_rows, actor_rows, register, lexicon, quote_rows=quote_rows)
    return {
        "actor_mentions": actor_rows,
        "frame_mentions": frame_rows,
        "quotes": quote_rows,
        "speaker_spans": span_rows,
        "statements": statement_rows,
    }


def merge_rows(per_document: Iterable[Rows | None]) -> Rows:
    """Concatenate per-document rows (in corpus order) into one row list per table."""
    rows: Rows = {name: [] for name in ROW_TABLES}
    for document_rows in per_document:
        if document_rows is None:
            raise ValueError("a document's rows are missing")
        for name in ROW_TABLES:
            rows[name].extend(document_rows[name])
    return rows
