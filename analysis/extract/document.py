"""The per-document kernel: actors, quotes and speakers, framing terms of one document.

:func:`extract_document` does everything for one parsed document and returns plain row
dicts, so it can run in worker processes (:mod:`analysis.tables.workers`) and be cached
as data (:class:`analysis.cache.RowCache`); :mod:`analysis.tables.build` streams the
corpus through the pipeline and assembles the tables from the rows. The pipeline runs
the dependency parser only on the sentences :data:`NEEDS_SYNTAX` picks (those the quote
finder reads syntax in); callers pass it to :func:`analysis.nlp.iter_parsed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pandas as pd

from analysis.corpus import Document, Sentence
from analysis.extract.actors import extract_actor_mentions
from analysis.extract.frames import extract_frame_mentions
from analysis.extract.quotes import extract_quotes, speaker_spans
from analysis.extract.quotes.syntax import NEEDS_SYNTAX
from analysis.lexicon import FrameLexicon
from analysis.register import ActorRegister
from analysis.schema import ACTOR_MENTION_COLUMNS, ROW_TABLES, Rows

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["NEEDS_SYNTAX", "extract_document", "merge_rows"]


def extract_document(document: Document, parsed: list[tuple[Sentence, "Doc"]], register: ActorRegister,
                     lexicon: FrameLexicon) -> Rows:
    """Rows of every per-document table (:data:`analysis.schema.ROW_TABLES`) for one
    parsed document (what :func:`analysis.nlp.iter_parsed` yields for it)."""
    # The manifest (e.g. a "setting" column) tells which organisation "this Assembly" is.
    actor_rows = extract_actor_mentions(parsed, register, dates=document.meta.get("date") or None,
                                        setting=document.meta)
    # Speakers are actors: a place or a reference ("the Charter") does not speak.
    speaker_candidates = pd.DataFrame([row for row in actor_rows if row.get("entity_kind", "actor") == "actor"],
                                      columns=ACTOR_MENTION_COLUMNS)
    quote_rows = extract_quotes(document, parsed, speaker_candidates, register=register)
    span_rows = speaker_spans(document, quote_rows, register=register)
    frame_rows = extract_frame_mentions(parsed, lexicon)
    return {
        "actor_mentions": actor_rows,
        "frame_mentions": frame_rows,
        "quotes": quote_rows,
        "speaker_spans": span_rows,
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
