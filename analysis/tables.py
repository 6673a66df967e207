"""Assemble every table the command line writes (``python -m analysis tables``).

The corpus orchestrator: :func:`extract_corpus` streams the documents through the
pipeline (in this process or in worker processes, :mod:`analysis.parallel`) and the
per-document kernel (:mod:`analysis.extract`); :func:`build_tables` adds the structure
tables; :func:`load_tables` reads any written set back.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import pandas as pd

from .corpus import Corpus, structure_tables
from .extract import RowCache, Rows, assemble_tables, extract_document, merge_rows
from .parallel import auto_n_process, extract_rows_parallel, worker_state
from .pipeline import CacheFolder, iter_parsed, open_cache


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
    """Every table for ``corpus``: structure, and (with ``nlp``) actors, frames, quotes, network."""
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
    register and lexicon is not parsed or extracted again (:class:`analysis.extract.RowCache`), and one
    whose parse is cached is not parsed again (:func:`analysis.pipeline.iter_parsed`).
    ``n_process`` worker processes share the remaining documents (each parses and
    extracts whole documents, see :mod:`analysis.parallel`); ``None`` picks one process
    for small jobs and one per CPU when there are enough words to process
    (:func:`analysis.parallel.auto_n_process`). The tables are the same either way.
    """
    documents = list(corpus)
    nlp, register, lexicon = worker_state(register_path, lexicon_path)
    # The cache is checked once, here: an unusable one prints one warning and the whole
    # run (worker processes included) goes on without it.
    folder = open_cache(cache, cache_dir, "rows")
    row_cache = RowCache(nlp, register, lexicon, folder=folder) if folder is not None else None
    if row_cache is not None and not folder.check_entries(row_cache.path(d) for d in documents):
        row_cache = None
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
    else:
        parsed_stream = iter_parsed(todo_documents, nlp, cache=use_cache)
        for k, (document, parsed) in enumerate(_progress(parsed_stream, len(todo), progress)):
            document_rows = extract_document(document, parsed, register, lexicon)
            if row_cache is not None:
                row_cache.save(document, document_rows)
            per_document[todo[k]] = document_rows
    return assemble_tables(merge_rows(per_document), register)


# --------------------------------------------------------------------------- reading back

_TABLE_SUFFIXES = (".parquet", ".csv")


def _natural_key(name: str) -> list:
    """Sort ``part.2`` before ``part.10`` (Dask names parts without zero padding)."""
    import re

    return [int(piece) if piece.isdigit() else piece for piece in re.split(r"(\d+)", name)]


def _parquet_parts(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.rglob("*.parquet") if p.is_file() and not p.name.startswith(("_", "."))),
        key=lambda p: _natural_key(str(p.relative_to(folder))),
    )


def _read_parquet_folder(folder: Path) -> pd.DataFrame:
    """A partitioned table (a folder of Parquet parts), read in part order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = [pq.read_table(p) for p in _parquet_parts(folder)]
    table = pa.concat_tables(parts, promote_options="default") if len(parts) > 1 else parts[0]
    return table.to_pandas()


def load_tables(folder: str | Path, names: "list[str] | tuple[str, ...] | None" = None) -> dict[str, pd.DataFrame]:
    """Read the tables written by ``python -m analysis tables`` (or ``--dask``) back.

    Each table may be ``<name>.parquet``, a folder ``<name>/`` of Parquet parts (a
    partitioned table, read in part order) or ``<name>.csv``; Parquet is preferred when
    both exist, because it keeps dtypes exactly (CSV cannot tell an empty string from a
    missing value). Analyses (rates, networks, keyness) start from these tables, so a
    large corpus is parsed once and never again.

    >>> import tempfile
    >>> from analysis.output import write_tables
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write_tables({"t": pd.DataFrame({"doc_id": ["a"], "start": [0]})}, folder)
    >>> load_tables(folder)["t"].to_dict("list")
    {'doc_id': ['a'], 'start': [0]}
    """
    from .errors import InputError

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "tables folder does not exist")
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_dir():
            if _parquet_parts(path):
                found[path.name] = path  # a partitioned table wins over a single file
        elif path.suffix in _TABLE_SUFFIXES:
            current = found.get(path.stem)
            if current is None or (current.suffix == ".csv" and path.suffix == ".parquet"):
                found[path.stem] = path
    if names is not None:
        missing = [n for n in names if n not in found]
        if missing:
            raise InputError(folder, f"no table(s) named {', '.join(missing)}")
        found = {n: found[n] for n in names}
    if not found:
        raise InputError(folder, "no tables (.parquet, .csv or folders of Parquet parts) in the folder")
    tables: dict[str, pd.DataFrame] = {}
    for name, path in found.items():
        if path.is_dir():
            tables[name] = _read_parquet_folder(path)
        elif path.suffix == ".parquet":
            tables[name] = pd.read_parquet(path)
        else:
            tables[name] = pd.read_csv(path)
    return tables
