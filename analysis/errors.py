"""Errors the command line reports as one line (no traceback)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError"]


class InputError(Exception):
    """Bad input: a message that names the file, and the line or byte where it can.

    >>> str(InputError("seeds/x.txt", "file is empty"))
    'seeds/x.txt: file is empty'
    >>> print(InputError("seeds/manifest.csv", "unknown file 'y.txt'", line=3))
    seeds/manifest.csv:3: unknown file 'y.txt'
    """

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
