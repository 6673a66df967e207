"""analysis.schema: the missing-cell and register-id tests, and the column lists the tables really have."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import corpus_from_texts
from analysis.schema import (
    ACTOR_MENTION_COLUMNS,
    AMBIGUOUS_PREFIX,
    FRAME_MATCH_COLUMNS,
    FRAME_MENTION_COLUMNS,
    NOT_IN_REGISTER_PREFIXES,
    QUOTE_COLUMNS,
    ROW_TABLES,
    SPEAKER_SPAN_COLUMNS,
    STATEMENT_COLUMNS,
    UNLINKED_PREFIX,
    is_blank,
    is_missing,
    is_register_id,
)
from analysis.tables.build import build_tables

# A small news text with something for every row table: actors, a quotation with its
# speaker, framing terms, and a second paragraph (reported speech).
TEXTS = {
    "note_a": 'Russian Foreign Minister Sergey Lavrov said: "Security is indivisible, and we offer NATO '
              'guarantees of non-aggression." NATO rejected the idea of mutual guarantees.\n\n'
              "China said the security of one state cannot come at the expense of another.\n",
    "note_b": "The weather was fine on Tuesday.\n",  # no actor, no quote, no framing term
}

COLUMNS = {
    "actor_mentions": ACTOR_MENTION_COLUMNS,
    "frame_mentions": FRAME_MENTION_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "speaker_spans": SPEAKER_SPAN_COLUMNS,
    "statements": STATEMENT_COLUMNS,
}


# --------------------------------------------------------------------------- missing cells


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, np.float32("nan"), pd.NA, pd.NaT])
def test_nothing_is_missing(value):
    assert is_missing(value)
    assert is_blank(value)


@pytest.mark.parametrize("value", ["", " ", "x", 0, 0.0, -1, False, math.inf, [], ["a"], [None, None],
                                   ("a",), {"k": None}, np.array([np.nan, np.nan])])
def test_values_are_not_missing(value):
    """An empty string is a value; list-like cells (even of missing values) are never missing."""
    assert not is_missing(value)


@pytest.mark.parametrize("value", [[None], np.array([np.nan])])
def test_a_one_element_list_of_nothing_is_not_missing(value):
    assert not is_missing(value)


@pytest.mark.parametrize("value", ["", " ", "\t\n", "\u00a0"])
def test_whitespace_strings_are_blank_but_not_missing(value):
    assert is_blank(value)
    assert not is_missing(value)


@pytest.mark.parametrize("value", ["a", " a ", 0, [], False])
def test_values_are_not_blank(value):
    assert not is_blank(value)


# --------------------------------------------------------------------------- register ids


@pytest.mark.parametrize("actor_id", ["RUS", "lavrov", "NATO"])
def test_register_ids(actor_id):
    assert is_register_id(actor_id)


@pytest.mark.parametrize("actor_id", [UNLINKED_PREFIX + "john smith", AMBIGUOUS_PREFIX + "georgia", None,
                                      float("nan"), pd.NA])
def test_ids_outside_the_register(actor_id):
    assert not is_register_id(actor_id)


def test_prefixes_are_the_two_kinds_outside_the_register():
    assert set(NOT_IN_REGISTER_PREFIXES) == {UNLINKED_PREFIX, AMBIGUOUS_PREFIX}
    assert all(prefix.endswith(":") for prefix in NOT_IN_REGISTER_PREFIXES)


def test_is_register_id_agrees_with_the_register(seed_tables, register):
    """An id of the seed mentions (or an unknown name) is a register id exactly when the register holds it."""
    ids = set(seed_tables["actor_mentions"]["actor_id"]) | {UNLINKED_PREFIX + "john smith"}
    assert len(ids) > 10
    for actor_id in ids:
        assert is_register_id(actor_id) == (register.get(actor_id) is not None), actor_id


# --------------------------------------------------------------------------- column lists


def test_frame_mention_columns_extend_the_match_columns():
    assert FRAME_MENTION_COLUMNS[:len(FRAME_MATCH_COLUMNS)] == FRAME_MATCH_COLUMNS
    assert len(set(FRAME_MENTION_COLUMNS)) == len(FRAME_MENTION_COLUMNS)


@pytest.mark.parametrize("name", ROW_TABLES)
def test_every_row_table_traces_back_to_the_text(name):
    assert {"doc_id", "start", "end"} <= set(COLUMNS[name])
    assert len(set(COLUMNS[name])) == len(COLUMNS[name])


@pytest.fixture(scope="module")
def small_tables(nlp) -> dict[str, pd.DataFrame]:
    return build_tables(corpus_from_texts(TEXTS), cache=False, n_process=1)


@pytest.mark.parametrize("name", ROW_TABLES)
def test_build_tables_has_the_schema_columns(small_tables, name):
    table = small_tables[name]
    assert list(table.columns) == COLUMNS[name]
    assert len(table) > 0  # the text has something for every table
    assert set(table["doc_id"]) <= set(TEXTS)


@pytest.mark.parametrize("name", ROW_TABLES)
def test_a_corpus_without_anything_to_find_keeps_the_columns(nlp, name):
    tables = build_tables(corpus_from_texts({"weather": TEXTS["note_b"]}), cache=False, n_process=1)
    if name == "speaker_spans":  # the narrator speaks every sentence
        assert len(tables[name]) > 0
    else:
        assert tables[name].empty
    assert list(tables[name].columns) == COLUMNS[name]


def test_seed_tables_have_the_schema_columns(seed_tables):
    for name in ROW_TABLES:
        assert list(seed_tables[name].columns) == COLUMNS[name], name
