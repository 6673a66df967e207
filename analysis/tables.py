"""Assemble every table the command line writes (``python -m analysis tables``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .corpus import (
    Corpus,
    documents_table,
    footnotes_table,
    paragraphs_table,
    sentences_table,
    tables_table,
    turns_table,
)


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


def build_tables(
    corpus: Corpus,
    *,
    nlp: bool = True,
    progress: bool = False,
    cache: bool = True,
    n_process: int = 1,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table for ``corpus``: structure, and (with ``nlp``) actors, frames, quotes, network."""
    tables = structure_tables(corpus)
    if nlp:
        from .extract import extract_corpus

        tables.update(
            extract_corpus(
                corpus,
                progress=progress,
                cache=cache,
                n_process=n_process,
                register_path=register_path,
                lexicon_path=lexicon_path,
            )
        )
    return tables
