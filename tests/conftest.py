"""Shared fixtures: the spaCy pipeline and the seed corpus are loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.corpus import Corpus, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_CORPUS = ROOT.parent / "shared" / "corpora" / "kremlin_ukraine_2022_2025"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The project's seed corpus folder (with its manifest)."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    """The five seed documents, parsed (structure only)."""
    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def nlp():
    """The analysis pipeline (English model + actor register ruler), loaded once."""
    from analysis.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_parsed(seed_corpus, nlp, tmp_path_factory):
    """Every seed document with its parsed sentences: [(document, [(sentence, doc), ...])]."""
    from analysis.pipeline import iter_parsed

    cache = tmp_path_factory.mktemp("parse-cache")
    return list(iter_parsed(seed_corpus, nlp, cache_dir=cache))
