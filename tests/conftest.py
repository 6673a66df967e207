"""Shared fixtures, session-scoped: the spaCy pipeline, the register, the seed corpus, its
parses and its tables are made once per test run, whatever folder a test lives in.

Helpers that are not fixtures live in ``tests/paths.py`` (folders) and
``tests/cli_helpers.py`` (running the command line).

Session fixtures hand out the same objects to every test: a test must not modify them
(copy a table before changing it).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import Corpus, load_corpus
from analysis.register import ActorRegister, load_register
from tests.paths import SEEDS


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The project's seed corpus folder (with its manifest)."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    """The five seed documents, parsed (structure only)."""
    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def register() -> ActorRegister:
    """The default actor register (``analysis/data/actors.yaml``)."""
    return load_register()


@pytest.fixture(scope="session")
def nlp():
    """The analysis pipeline (English model + actor register ruler), loaded once."""
    from analysis.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_parsed(seed_corpus, nlp, tmp_path_factory):
    """Every seed document with its parsed sentences: [(document, [(sentence, doc), ...])],
    parsed as the tables are (the dependency parser on the sentences the quote finder reads)."""
    from analysis.extract.document import NEEDS_SYNTAX
    from analysis.nlp import iter_parsed

    cache = tmp_path_factory.mktemp("parse-cache")
    return list(iter_parsed(seed_corpus, nlp, cache_dir=cache, needs_syntax=NEEDS_SYNTAX))


@pytest.fixture(scope="session")
def seed_tables(seed_corpus, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Every table of the seeds, as ``python -m analysis tables`` writes them (structure,
    actors, frames, quotes, speakers, co-mentions), from one process with a fresh cache."""
    from analysis.corpus import structure_tables
    from analysis.measure.network import co_mention_tables
    from analysis.tables.build import extract_corpus

    cache = tmp_path_factory.mktemp("seed-tables-cache")
    tables = structure_tables(seed_corpus)
    tables.update(extract_corpus(seed_corpus, cache_dir=cache, n_process=1))
    tables.update(co_mention_tables(tables["actor_mentions"]))
    return tables
