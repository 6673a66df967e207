"""Folders the tests read: the checkout, its seed corpus and the optional shared corpus."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ROOT", "SEEDS", "SHARED_CORPUS"]

#: The checkout (the folder holding ``analysis/``, ``tests/``, ``seeds/``).
ROOT = Path(__file__).resolve().parent.parent
#: The five seed documents and their manifest.
SEEDS = ROOT / "seeds"
#: The shared Kremlin corpus next to the checkout (not always there: tests using it skip).
SHARED_CORPUS = ROOT.parent / "shared" / "corpora" / "kremlin_ukraine_2022_2025"
