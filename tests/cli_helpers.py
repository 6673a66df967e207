"""Helpers shared by the command-line tests: run the CLI in a subprocess and fingerprint folders.

The tests import them by their full name, ``from tests.cli_helpers import run_cli`` (``tests``
is a package; pytest puts the checkout on ``sys.path``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Sequence

from tests.paths import ROOT

__all__ = ["ROOT", "run_cli", "tree_hashes", "leftovers", "assert_bad_input_refused"]


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` in ``cwd`` with this checkout on the path (plus ``env``)."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=cwd, env=environment, capture_output=True, text=True,
        timeout=600,
    )


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, links followed (relative path -> hash)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(parent: Path, name: str) -> list[str]:
    """Staging or backup folders that atomic_folder may have left next to ``name``."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def assert_bad_input_refused(tmp_path: Path, setup: Callable[[Path], object], expected: Sequence[str],
                             *options: str) -> None:
    """Build a corpus with ``setup`` in ``tmp_path/corpus``, run ``tables`` on it, and check
    the bad-input promise: exit 2, one ``error:`` line holding every ``expected`` fragment,
    no traceback, nothing on stdout, no output or staging folder, every file unchanged."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    setup(corpus)
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(tmp_path / "out"), "--no-nlp", *options, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in expected:
        assert fragment in lines[0], (fragment, lines[0])
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path, "out") == []
    assert tree_hashes(tmp_path) == before  # inputs untouched, nothing else written
