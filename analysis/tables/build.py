"""Build a corpus's tables: structure, actors, frames, quotes and speakers.

The corpus orchestrator: :func:`extract_corpus` streams the documents through the
pipeline (in this process or in worker processes, :mod:`analysis.tables.workers`) and the
per-document kernel (:mod:`analysis.extract.document`), and :func:`assemble_tables` turns
the rows into sorted tables; :func:`build_tables` adds the structure tables. The tables
measured from these (co-mention networks) are added by :mod:`analysis.workflow`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis.cache import CacheFolder, RowCache, TableCache, default_cache_dir, open_cache
from analysis.corpus import Corpus, structure_tables
from analysis.extract.actors import actors_table, unlinked_report
from analysis.extract.document import extract_document, merge_rows, syntax_selector
from analysis.extract.frames import attach_actors
from analysis.extract.quotes import attach_speakers, quotes_table, speaker_spans_table
from analysis.lexicon import cached_lexicon
from analysis.nlp import iter_parsed, nlp_fingerprint
from analysis.register import ActorRegister, load_register
from analysis.schema import ACTOR_MENTION_COLUMNS, FRAME_MENTION_COLUMNS, Rows
from analysis.tables.workers import auto_n_process, extract_rows_parallel, worker_state

__all__ = ["assemble_tables", "build_tables", "extract_corpus"]


def build_tables(
    corpus: Corpus,
    *,
    nlp: bool = True,
    progress: bool = False,
    cache: bool = True,
    n_process: int | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table for ``corpus``: structure, and (with ``nlp``) actors, frames, quotes, speakers."""
    tables = structure_tables(corpus)
    if nlp:
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


# --------------------------------------------------------------------------- extraction


def _reported_unusable_cache(corpus: Corpus | Iterable) -> Path | None:
    """The cache folder :func:`analysis.corpus.load_corpus` found unusable (and warned
    about) when it loaded ``corpus``; None if it found none (or did not load it).

    >>> from analysis.corpus import corpus_from_texts
    >>> _reported_unusable_cache(corpus_from_texts({"d": "Peace."})) is None
    True
    """
    return getattr(corpus, "unusable_cache", None)


def _progress(iterable: Iterable, total: int, enabled: bool) -> Iterable:
    """A progress bar on stderr for corpora of more than a few documents."""
    if not enabled or total <= 3:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc="documents", unit="doc", file=sys.stderr)


def extract_corpus(
    corpus: Corpus,
    *,
    progress: bool = False,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    n_process: int | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Run every extraction over ``corpus`` and return the analysis tables.

    With ``cache``, a document whose rows were extracted before by the same code, model,
    register and lexicon is not parsed or extracted again (:class:`analysis.cache.RowCache`), and one
    whose parse is cached is not parsed again (:func:`analysis.nlp.iter_parsed`).
    ``n_process`` worker processes share the remaining documents (each parses and
    extracts whole documents, see :mod:`analysis.tables.workers`); ``None`` picks one process
    for small jobs and one per CPU when there are enough words to process
    (:func:`analysis.tables.workers.auto_n_process`). The tables are the same either way.
    """
    documents = list(corpus)
    register, lexicon = load_register(register_path), cached_lexicon(lexicon_path)
    # The cache is checked once, here: an unusable one prints one warning and the whole
    # run (worker processes included) goes on without it. Loading the corpus may have
    # printed that warning already (its segmentation cache is in the same folder).
    if cache is True and _reported_unusable_cache(corpus) == Path(cache_dir or default_cache_dir()):
        cache = False
    folder = open_cache(cache, cache_dir, "rows")
    # The row cache is keyed by the pipeline's fingerprint, read from the installed model's
    # meta: the model itself is loaded only if some document must be parsed.
    row_cache = (RowCache(nlp_fingerprint(register_path), register, lexicon, folder=folder)
                 if folder is not None else None)
    if row_cache is not None and not folder.check_entries(row_cache.path(d) for d in documents):
        row_cache = None
    # Every document's rows cached, and the tables assembled from exactly those entries
    # too: read them (TableCache), the second run's whole work.
    table_cache = TableCache(folder) if row_cache is not None else None
    table_key = table_cache.key(row_cache, documents) if table_cache is not None else None
    if table_key is not None:
        tables = table_cache.load(table_key)
        if tables is not None:
            return tables
    per_document: list[Rows | None] = [row_cache.load(d) if row_cache else None for d in documents]
    todo = [i for i, rows in enumerate(per_document) if rows is None]
    todo_documents = [documents[i] for i in todo]
    if n_process is None:
        n_process = auto_n_process(sum(d.n_words for d in todo_documents), len(todo_documents))
    n_process = max(1, min(n_process, len(todo_documents)))
    use_cache: CacheFolder | bool = folder if folder is not None and folder.usable else False
    if n_process > 1:
        stream = extract_rows_parallel(todo_documents, n_process, cache=use_cache,
                                       register_path=register_path, lexicon_path=lexicon_path)
        for k, document_rows in _progress(stream, len(todo), progress):
            per_document[todo[k]] = document_rows
    elif todo_documents:
        nlp, _, _ = worker_state(register_path, lexicon_path)
        parsed_stream = iter_parsed(todo_documents, nlp, cache=use_cache, needs_syntax=syntax_selector(lexicon))
        for k, (document, parsed) in enumerate(_progress(parsed_stream, len(todo), progress)):
            document_rows = extract_document(document, parsed, register, lexicon)
            if row_cache is not None:
                row_cache.save(document, document_rows)
            per_document[todo[k]] = document_rows
    tables = assemble_tables(merge_rows(per_document), register, corpus)
    if table_cache is not None and folder.usable:
        if todo or table_key is None:  # rows were (re)written: key the tables by the entries now on disk
            table_key = table_cache.key(row_cache, documents)
        if table_key is not None:
            table_cache.save(table_key, tables)
    return tables


def assemble_tables(rows: Rows, register: ActorRegister, corpus: Corpus | None = None) -> dict[str, pd.DataFrame]:
    """Turn row lists into the sorted analysis tables, joining speakers and actors to frames.

    ``register`` is the one the rows were extracted with; ``corpus`` (the documents the
    rows come from) gives the coverage report its example sentences and the recurring
    names no mention covers. ``actors`` counts what acts and speaks (entity kind
    ``actor``); ``places`` and ``references`` count the other two kinds the same way.
    """
    mentions = pd.DataFrame(rows["actor_mentions"], columns=ACTOR_MENTION_COLUMNS)
    mentions = mentions.sort_values(["doc_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)
    quotes = quotes_table(rows["quotes"])
    spans = speaker_spans_table(rows["speaker_spans"])
    frames = pd.DataFrame(rows["frame_mentions"])
    frames = attach_speakers(frames, spans)
    frames = attach_actors(frames, mentions)
    frames = frames.reindex(columns=FRAME_MENTION_COLUMNS)
    frames = frames.sort_values(["doc_id", "start", "end", "frame_id"], kind="stable").reset_index(drop=True)
    # Imported here so that this function is the only part of the module the statements touch.
    from analysis.extract.stance import statements_table

    statements = statements_table(rows["statements"])  # sorted by doc_id, start, frame_start, actor_id
    return {
        "actor_mentions": mentions,
        "actors": actors_table(mentions, register),
        "places": actors_table(mentions, register, kinds=("place",)),
        "references": actors_table(mentions, register, kinds=("reference",)),
        "register_coverage": unlinked_report(mentions, corpus=corpus),
        "quotes": quotes,
        "speaker_spans": spans,
        "frame_mentions": frames,
        "statements": statements,
    }
