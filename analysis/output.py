"""Write a set of tables (and other files) to a folder whole or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd


@contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder next to ``target``; on success it replaces ``target``.

    If the body raises, the temporary folder is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    backup = None
    if target.exists():
        backup = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, backup)
    os.replace(staging, target)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def write_tables(tables: Mapping[str, pd.DataFrame], folder: Path, formats: tuple[str, ...] = ("csv", "parquet")) -> list[Path]:
    """Write each table as ``<name>.csv`` and ``<name>.parquet`` in ``folder``."""
    written: list[Path] = []
    for name, frame in tables.items():
        if "csv" in formats:
            path = folder / f"{name}.csv"
            frame.to_csv(path, index=False)
            written.append(path)
        if "parquet" in formats:
            path = folder / f"{name}.parquet"
            frame.to_parquet(path, index=False)
            written.append(path)
    return written
