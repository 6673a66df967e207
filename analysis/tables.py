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
    n_process: int | None = None,
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
