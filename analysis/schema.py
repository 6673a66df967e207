"""The shapes the layers pass on: row tables and their columns, id prefixes, missing cells.

Every module that builds or reads a table takes these names from here, so a column list
or an id prefix is spelled once. Every row table has ``doc_id`` and ``start``/``end``
(character offsets into the document's original text), so a count can be traced back.

>>> sorted(ROW_TABLES)
['actor_mentions', 'frame_mentions', 'quotes', 'speaker_spans', 'statements']
>>> is_register_id("RUS"), is_register_id(UNLINKED_PREFIX + "john smith")
(True, False)
>>> is_missing(float("nan")), is_missing(""), is_blank("  ")
(True, False, True)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = [
    "ACTOR_MENTION_COLUMNS", "AMBIGUOUS_PREFIX", "FRAME_MATCH_COLUMNS", "FRAME_MENTION_COLUMNS",
    "NOT_IN_REGISTER_PREFIXES", "QUOTE_COLUMNS", "ROW_TABLES", "Rows", "SPEAKER_SPAN_COLUMNS",
    "STATEMENT_COLUMNS",
    "UNLINKED_PREFIX", "is_blank", "is_missing", "is_register_id",
]

# The tables the per-document kernel (analysis.extract.document) returns rows for.
ROW_TABLES = ("actor_mentions", "frame_mentions", "quotes", "speaker_spans", "statements")
Rows = dict[str, list[dict]]  # table name -> row dicts, for one document or a corpus

#: ``actor_id`` counts a named body under the actor it belongs to ("the European Commission"
#: -> EU, ``mention_kind`` institution); ``institution_id`` keeps the body's own register id
#: (EC) on such rows, missing on the others.
ACTOR_MENTION_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start", "end", "text", "actor_id", "actor_name",
    "actor_type", "entity_kind", "mention_kind", "method", "ambiguous", "candidates", "institution_id",
]
#: A framing-term match, before speakers and actors are joined.
FRAME_MATCH_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start", "end", "text", "frame_id",
]
#: The full ``frame_mentions`` table, after speakers and actors are joined.
FRAME_MENTION_COLUMNS = FRAME_MATCH_COLUMNS + ["speaker_id", "voice", "actors"]
#: ``speaker_start``/``speaker_end`` are the offsets of the speaker's mention at the cue
#: ("he" in "he said"; the antecedent is in ``speaker_id``), ``cue_start``/``cue_end``
#: those of the cue; both missing when there is none.
QUOTE_COLUMNS = [
    "doc_id", "paragraph_id", "quote_id", "start", "end", "text", "kind", "speaker_id",
    "speaker_name", "speaker_text", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
    "resolution", "method",
]
SPEAKER_SPAN_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start", "end", "speaker_id", "voice", "quote_id",
]
#: One position an actor takes on a frame in a sentence (DNA's statement): ``start``/``end``
#: are the sentence's offsets, ``frame_start``/``frame_end`` the frame mention's;
#: ``actor_role`` is ``speaker`` (of a quote, a reported clause or a transcript turn),
#: ``voice`` (the document's voice, an actor, in its narration), ``narrator`` (a voice that is
#: no actor, such as a news report's ``reporter``, in its narration) or ``reported`` (the
#: subject of the stance verb: "Western capitals rejected ..."); ``stance`` is support / oppose / neutral,
#: ``cue``/``cue_start``/``cue_end`` the words that carry it (empty and missing without one),
#: ``method`` the rule, ``quote_id`` the quote row the statement comes from (or missing).
STATEMENT_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start", "end",
    "frame_id", "frame_start", "frame_end", "frame_text",
    "actor_id", "actor_name", "actor_role",
    "stance", "cue", "cue_start", "cue_end",
    "method", "confidence", "date", "quote_id",
]

# Actor ids outside the register: a name the register could not settle between several
# actors ("ambiguous:<key>"), and a name it does not hold at all ("unlinked:<name>").
AMBIGUOUS_PREFIX = "ambiguous:"
UNLINKED_PREFIX = "unlinked:"
NOT_IN_REGISTER_PREFIXES = (UNLINKED_PREFIX, AMBIGUOUS_PREFIX)


def is_register_id(actor_id: Any) -> bool:
    """Whether ``actor_id`` is a register actor's id (not unlinked, ambiguous or missing)."""
    return not is_missing(actor_id) and not str(actor_id).startswith(NOT_IN_REGISTER_PREFIXES)


def is_missing(value: Any) -> bool:
    """Whether a table cell holds nothing: None, NaN, pandas NA or NaT (an empty string
    is a value; see :func:`is_blank`). List-like cells are never missing."""
    if value is None:
        return True
    if not pd.api.types.is_scalar(value):  # pd.isna of [None] would be a (truthy) array
        return False
    return bool(pd.isna(value))


def is_blank(value: Any) -> bool:
    """:func:`is_missing`, or a string of only whitespace."""
    if isinstance(value, str):
        return not value.strip()
    return is_missing(value)
