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
    # mkdtemp makes the folder private (0700); give it the permissions of a normal mkdir.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    backup = None
    try:
        if target.exists() or target.is_symlink():
            # A fresh, unique name: a backup left by a killed run never blocks this one.
            backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            backup.rmdir()
            os.replace(target, backup)
        os.replace(staging, target)
    except BaseException:
        if backup is not None and not target.exists():
            os.replace(backup, target)  # put the previous output back
            backup = None
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if backup is not None:
            if backup.is_dir() and not backup.is_symlink():
                shutil.rmtree(backup, ignore_errors=True)
            else:
                backup.unlink(missing_ok=True)


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
