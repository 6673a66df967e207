"""analysis.workflow: every table of a corpus (corpus_tables), and opening them from a folder the
command line wrote, or building them (open_tables)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.measure.network import co_mention_tables
from analysis.tables.build import build_tables
from analysis.workflow import NLP_TABLES, corpus_tables, open_tables
from tests.cli_helpers import run_cli

CO_MENTION_TABLES = {"co_mentions", "co_mentions_backbone"}

TEXTS = {
    "moscow.txt": "A note on security\n\nMOSCOW – Russia's foreign minister said on 3 March 2024 that security "
                  "in Eurasia is indivisible. NATO and the United States rejected the proposal.\n",
    "beijing.txt": "Second note\n\nChina and Russia said the security of one state cannot come at the expense "
                   "of another. The European Union and NATO did not comment.\n",
}


def write_corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert sorted(left) == sorted(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True, obj=name)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("workflow") / "corpus", TEXTS)


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    return load_corpus(corpus_dir)


@pytest.fixture(scope="module")
def built(corpus, nlp) -> dict[str, pd.DataFrame]:
    """corpus_tables of the corpus, in this process and without any cache."""
    return corpus_tables(corpus, cache=False, n_process=1)


@pytest.fixture(scope="module")
def written(corpus_dir, tmp_path_factory) -> Path:
    """The folder ``python -m analysis tables`` writes for the corpus."""
    out = tmp_path_factory.mktemp("written") / "tables"
    result = run_cli("tables", str(corpus_dir), "--out", str(out), "--no-cache", "--quiet", cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def written_without_nlp(corpus_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("written-no-nlp") / "tables"
    result = run_cli("tables", str(corpus_dir), "--out", str(out), "--no-nlp", "--quiet", cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return out


# --------------------------------------------------------------------------- corpus_tables


def test_corpus_tables_adds_the_co_mention_tables_to_build_tables(corpus, built):
    base = build_tables(corpus, cache=False, n_process=1)
    assert set(built) == set(base) | CO_MENTION_TABLES
    assert not CO_MENTION_TABLES & set(base)
    assert_same_tables({name: built[name] for name in base}, base)
    assert_same_tables({name: built[name] for name in CO_MENTION_TABLES},
                       co_mention_tables(base["actor_mentions"]))
    assert len(built["co_mentions"]) > 0  # the corpus has actors mentioned together


def test_corpus_tables_without_nlp_is_the_structure(corpus):
    assert_same_tables(corpus_tables(corpus, nlp=False), build_tables(corpus, nlp=False))


def test_nlp_tables_are_the_tables_that_need_the_model(corpus, built):
    structure = build_tables(corpus, nlp=False)
    assert set(NLP_TABLES) == set(built) - set(structure)


# --------------------------------------------------------------------------- open_tables


def test_open_tables_without_a_folder_builds(corpus, built):
    assert_same_tables(open_tables(None, corpus, cache=False, n_process=1), built)
    assert_same_tables(open_tables(None, corpus, nlp=False), build_tables(corpus, nlp=False))


def test_open_tables_reads_what_the_command_line_wrote(written, corpus, built):
    assert (written / "documents.parquet").is_file() and (written / "co_mentions.csv").is_file()
    assert_same_tables(open_tables(written, corpus), built)


def test_open_tables_of_another_corpus_names_the_folder(written, tmp_path):
    other = load_corpus(write_corpus(tmp_path / "other", {"minsk.txt": "Belarus and Russia met in Minsk.\n"}))
    with pytest.raises(InputError, match="another corpus") as error:
        open_tables(written, other)
    assert error.value.path == str(written)


def test_open_tables_of_an_edited_corpus_names_the_folder(written, corpus_dir, tmp_path):
    """Same file names, but a document changed since the tables were written."""
    edited = dict(TEXTS, **{"beijing.txt": TEXTS["beijing.txt"] + "\nA third sentence was added later.\n"})
    with pytest.raises(InputError, match="another corpus") as error:
        open_tables(written, load_corpus(write_corpus(tmp_path / "edited", edited)))
    assert error.value.path == str(written)


def test_open_tables_of_a_no_nlp_folder_names_the_folder(written_without_nlp, corpus):
    with pytest.raises(InputError, match="--no-nlp") as error:
        open_tables(written_without_nlp, corpus)
    assert error.value.path == str(written_without_nlp)
    assert all(name in str(error.value) for name in NLP_TABLES)


def test_open_tables_of_a_no_nlp_folder_without_nlp(written_without_nlp, corpus):
    assert_same_tables(open_tables(written_without_nlp, corpus, nlp=False), build_tables(corpus, nlp=False))


def test_open_tables_of_a_folder_that_is_not_tables_names_it(tmp_path, corpus):
    missing = tmp_path / "missing"
    with pytest.raises(InputError) as error:
        open_tables(missing, corpus)
    assert error.value.path == str(missing)
    other = tmp_path / "other tables"
    other.mkdir()
    pd.DataFrame({"x": [1]}).to_parquet(other / "something.parquet")
    with pytest.raises(InputError, match="no documents table") as error:
        open_tables(other, corpus)
    assert error.value.path == str(other)

