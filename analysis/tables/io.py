"""Tables on disk: write a set (CSV and Parquet) and read any written set back.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = write_tables({"t": pd.DataFrame({"doc_id": ["a"], "start": [0]})}, folder)
>>> sorted(load_tables(folder))
['t']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from analysis.errors import InputError
from analysis.output import csv_safe

__all__ = ["load_tables", "partition_bounds", "write_partitioned", "write_tables"]


def _holds_carriage_return(frame: pd.DataFrame) -> bool:
    """Whether a text cell of ``frame`` holds a carriage return.

    >>> _holds_carriage_return(pd.DataFrame({"a": ["x", None], "b": [1, 2]}))
    False
    >>> _holds_carriage_return(pd.DataFrame({"a": ["x", "y" + chr(13) + "z"]}))
    True
    """
    # A loop over the values as a NumPy object array, not Series.map (which builds a Series
    # per column) nor ``.array`` (whose items come one ``__getitem__`` call at a time): this
    # runs on every text column of every table written.
    return any(any(isinstance(value, str) and "\r" in value for value in frame[column].to_numpy(dtype=object))
               for column in frame.columns if frame[column].dtype == object)


def write_tables(tables: Mapping[str, pd.DataFrame], folder: Path, formats: tuple[str, ...] = ("csv", "parquet")) -> list[Path]:
    """Write each table as ``<name>.csv`` and ``<name>.parquet`` in ``folder``.

    CSV is for people and spreadsheets: a text cell that a spreadsheet would run as a
    formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
    leading apostrophe there. Parquet is for round trips (:func:`load_tables`
    prefers it) and keeps every value exactly.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> frame = pd.DataFrame({"doc_id": ["=cmd"], "title": ["@home"], "start": [-3]})
    >>> [p.name for p in write_tables({"t": frame}, folder)]
    ['t.csv', 't.parquet']
    >>> print((folder / "t.csv").read_text(), end="")
    doc_id,title,start
    '=cmd,'@home,-3
    >>> pd.read_parquet(folder / "t.parquet").to_dict("list")
    {'doc_id': ['=cmd'], 'title': ['@home'], 'start': [-3]}
    """
    written: list[Path] = []
    for name, frame in tables.items():
        if "csv" in formats:
            path = folder / f"{name}.csv"
            safe = csv_safe(frame)
            # pandas quotes a cell holding the line terminator, not one holding a bare
            # carriage return, whose row would then split when read back: such a table
            # is written with CRLF line ends (RFC 4180's own), so those cells are quoted.
            terminator = "\r\n" if _holds_carriage_return(safe) else "\n"
            safe.to_csv(path, index=False, lineterminator=terminator)
            written.append(path)
        if "parquet" in formats:
            path = folder / f"{name}.parquet"
            frame.to_parquet(path, index=False)
            written.append(path)
    return written


def partition_bounds(weights: Sequence[int], parts: int) -> list[tuple[int, int]]:
    """Split ``range(len(weights))`` into at most ``parts`` contiguous runs of similar weight.

    >>> partition_bounds([5, 1, 1, 1, 1, 1], 2)
    [(0, 1), (1, 6)]
    """
    parts = max(1, min(parts, len(weights)))
    total = sum(weights) or 1
    bounds: list[tuple[int, int]] = []
    start, running = 0, 0
    for i, weight in enumerate(weights):
        running += weight
        remaining_items = len(weights) - (i + 1)
        remaining_parts = parts - len(bounds) - 1
        if (running >= total * (len(bounds) + 1) / parts and remaining_parts > 0) or remaining_items == remaining_parts > 0:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(weights):
        bounds.append((start, len(weights)))
    return bounds


def write_partitioned(tables: dict[str, "pd.DataFrame"], out_dir: Path, parts: int) -> dict[str, Path]:
    """Write each table as ``out_dir/<name>/part.NNNNN.parquet``, split into up to ``parts``
    contiguous row ranges (never splitting a document), all parts with the same schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    written: dict[str, Path] = {}
    for name, frame in tables.items():
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if len(frame) and "doc_id" in frame.columns and parts > 1:
            doc_ids = frame["doc_id"].to_numpy()
            starts = [0] + [i for i in range(1, len(doc_ids)) if doc_ids[i] != doc_ids[i - 1]]
            sizes = [b - a for a, b in zip(starts, starts[1:] + [len(doc_ids)])]
            runs = [(starts[a], starts[b - 1] + sizes[b - 1]) for a, b in partition_bounds(sizes, parts)]
        else:
            runs = [(0, len(frame))]
        for k, (a, b) in enumerate(runs):
            pq.write_table(table.slice(a, b - a), folder / f"part.{k:05d}.parquet")
        written[name] = folder
    return written


_TABLE_SUFFIXES = (".parquet", ".csv")


def _natural_key(name: str) -> list:
    """Sort ``part.2`` before ``part.10`` (Dask names parts without zero padding)."""
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
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write_tables({"t": pd.DataFrame({"doc_id": ["a"], "start": [0]})}, folder)
    >>> load_tables(folder)["t"].to_dict("list")
    {'doc_id': ['a'], 'start': [0]}
    """
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
