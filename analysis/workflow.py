"""The whole flow for one corpus: every table, built once, written, or read back.

:func:`corpus_tables` is what ``python -m analysis tables`` writes: the tables of
:func:`analysis.tables.build_tables` (structure, actors, frames, quotes, speakers) and the
co-mention tables measured from them (:func:`analysis.measure.network.co_mention_tables`).
:func:`open_tables` is how a notebook starts: from the tables ``report`` (or ``tables``)
wrote when it is given their folder, else by building them, so a notebook opened alone
in JupyterLab runs as well.

>>> from analysis.corpus import corpus_from_texts
>>> corpus = corpus_from_texts({"d1": "Russia and China signed the treaty. NATO objected."})
>>> sorted(corpus_tables(corpus, nlp=False))
['documents', 'footnotes', 'paragraphs', 'sentences', 'tables', 'turns']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.corpus import Corpus, load_corpus, structure_tables
from analysis.errors import InputError
from analysis.measure.network import co_mention_tables
from analysis.output import atomic_folder
from analysis.register import load_register
from analysis.tables.build import assemble_tables, build_tables
from analysis.tables.io import load_tables, write_partitioned
from analysis.tables.workers import extract_rows_with_dask

__all__ = ["NLP_TABLES", "corpus_tables", "open_tables", "write_tables_with_dask"]

# The tables that need the language model (open_tables checks a folder holds them).
NLP_TABLES = ("actor_mentions", "actors", "places", "references", "register_coverage", "quotes", "speaker_spans",
              "frame_mentions", "statements", "co_mentions", "co_mentions_backbone")


def corpus_tables(
    corpus: Corpus,
    *,
    nlp: bool = True,
    progress: bool = False,
    cache: bool = True,
    n_process: int | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of ``corpus``: :func:`analysis.tables.build_tables` and, with ``nlp``,
    the co-mention tables (``co_mentions``, ``co_mentions_backbone``)."""
    tables = build_tables(corpus, nlp=nlp, progress=progress, cache=cache, n_process=n_process,
                          register_path=register_path, lexicon_path=lexicon_path)
    if nlp:
        tables.update(co_mention_tables(tables["actor_mentions"]))
    return tables


def _check_same_documents(folder: Path, tables: dict[str, pd.DataFrame], corpus: Corpus) -> None:
    """Tables built from another corpus (or an older version of it) would count other texts."""
    written = tables.get("documents")
    if written is None or "doc_id" not in written.columns:
        raise InputError(folder, "no documents table: not a folder `python -m analysis tables` wrote")
    ours = {document.doc_id: document.n_words for document in corpus}
    theirs = dict(zip(written["doc_id"], written["n_words"])) if "n_words" in written.columns else {}
    if set(theirs) != set(ours) or any(int(theirs[k]) != ours[k] for k in ours):
        differ = sorted(set(ours) ^ set(theirs)) or sorted(k for k in ours if int(theirs[k]) != ours[k])
        raise InputError(folder, f"the tables were built from another corpus (documents differ: {', '.join(differ[:5])})")


def open_tables(tables_dir: str | Path | None, corpus: Corpus, *, nlp: bool = True,
                **options) -> dict[str, pd.DataFrame]:
    """The tables of ``corpus``: read from ``tables_dir`` when given, else built
    (:func:`corpus_tables` with ``nlp`` and ``options``; parses and rows are cached on disk).

    A folder must hold the tables of this very corpus (the documents and their word
    counts must match) and, with ``nlp``, the tables that need the language model;
    otherwise an :class:`~analysis.errors.InputError` names the folder, rather than a
    notebook quietly showing another corpus's numbers.

    >>> import tempfile
    >>> from analysis.corpus import corpus_from_texts
    >>> from analysis.tables.io import write_tables
    >>> corpus = corpus_from_texts({"d1": "Peace is indivisible."})
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write_tables(corpus_tables(corpus, nlp=False), folder)
    >>> open_tables(folder, corpus, nlp=False)["documents"]["doc_id"].tolist()
    ['d1']
    >>> open_tables(folder, corpus_from_texts({"d2": "Another text."}), nlp=False)
    Traceback (most recent call last):
    analysis.errors.InputError: ...: the tables were built from another corpus (documents differ: d1, d2)
    """
    if tables_dir is None:
        return corpus_tables(corpus, nlp=nlp, **options)
    folder = Path(tables_dir)
    tables = load_tables(folder)
    _check_same_documents(folder, tables, corpus)
    missing = [name for name in NLP_TABLES if name not in tables] if nlp else []
    if missing:
        raise InputError(folder, f"no {', '.join(missing)} table(s): written with --no-nlp?")
    return tables


def write_tables_with_dask(
    corpus_dir: str | Path,
    out_dir: str | Path,
    scheduler: str | None = None,
    npartitions: int | None = None,
    *,
    n_workers: int = 2,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
    progress: bool = False,
) -> dict[str, Path]:
    """Extract every table of ``corpus_dir`` on Dask and write them to ``out_dir``.

    The rows come from :func:`analysis.tables.workers.extract_rows_with_dask` (same
    options); every table is written as a folder of Parquet parts
    (``out_dir/<table>/part.00000.parquet``...), replacing ``out_dir`` whole on success.
    :func:`analysis.tables.load_tables` reads them back into the same DataFrames as
    :func:`corpus_tables`. Returns ``{table name: folder}``.
    """
    corpus = load_corpus(corpus_dir, cache=cache, cache_dir=cache_dir)
    rows, parts = extract_rows_with_dask(
        corpus, scheduler, npartitions, n_workers=n_workers, cache=cache, cache_dir=cache_dir,
        register_path=register_path, lexicon_path=lexicon_path, progress=progress)
    tables = structure_tables(corpus)
    tables.update(assemble_tables(rows, load_register(register_path), corpus))
    tables.update(co_mention_tables(tables["actor_mentions"]))
    with atomic_folder(out_dir) as staging:
        write_partitioned(tables, staging, parts)
    return {name: Path(out_dir) / name for name in tables}
