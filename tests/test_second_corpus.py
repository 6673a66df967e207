"""The whole notebook series on a second, non-seed corpus (``tests/data/trade_corpus``).

Five short news reports, a statement and an analysis about the EU-Mercosur trade agreement,
with a manifest, written for this test. Every notebook ``notebooks/NN_*.ipynb`` (whatever
exist) runs under papermill the way ``python -m analysis report`` runs them, and must
finish without an error or a warning, and without an output that names an actor, a person
or a framing term of the seed corpus (``tests/data/seed_terms.yaml``) that this corpus
does not contain: a user's run never presents seed observations as theirs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from analysis.corpus import load_corpus
from analysis.notebook.leaks import output_texts, seed_leaks
from analysis.report import find_notebooks, run_report

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "trade_corpus"
SEED_TERMS = yaml.safe_load((DATA / "seed_terms.yaml").read_text(encoding="utf-8"))["terms"]


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    tmp = tmp_path_factory.mktemp("second_corpus")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp / "cache"))
    try:
        written = run_report(CORPUS, tmp / "build", quiet=True)
    finally:
        monkeypatch.undo()
    return {p.stem: nbformat.read(p, as_version=4) for p in written["notebooks"]}


def test_the_corpus_is_not_the_seed_corpus():
    text = " ".join(d.text for d in load_corpus(CORPUS).documents)
    assert "NATO" not in text and "Russia" not in text and "indivisib" not in text.lower()


def test_every_notebook_runs_without_error_or_warning(executed):
    assert sorted(executed) == [p.stem for p in find_notebooks()]
    for name, book in executed.items():
        bad = [(n, o.get("ename") or o.get("name")) for n, c in enumerate(book.cells, start=1) if c.cell_type == "code"
               for o in c.get("outputs", []) if o.get("output_type") == "error" or o.get("name") == "stderr"]
        assert bad == [], name


def test_no_output_names_a_seed_actor_or_term_the_corpus_lacks(executed):
    corpus_text = " ".join(d.text for d in load_corpus(CORPUS).documents)
    leaks = {name: seed_leaks(book, SEED_TERMS, corpus_text) for name, book in executed.items()}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_the_checker_would_see_a_seed_actor_in_an_output(executed):
    """The leak check reads the outputs the notebooks really have (not an empty list)."""
    texts = [text for book in executed.values() for _, text in output_texts(book)]
    assert any("Mercosur" in text for text in texts)
    assert seed_leaks(executed["02_actors"], ["European Union"], corpus_text="") != []


def test_notebooks_show_this_corpus_examples_and_the_frame_building_aid(executed):
    printed = {name: "\n".join(text for _, text in output_texts(book)) for name, book in executed.items()}
    # 03: the lexicon hardly fits this corpus: the notebook says so and proposes a frame
    assert "the lexicon hardly fits this corpus" in printed["03_framing_terms"]
    assert "  - id: " in printed["03_framing_terms"] and "patterns:" in printed["03_framing_terms"]
    # 04: keyness groups from the manifest's voice column: the reporters against the Commission
    assert "group A: voice: reporter; group B: voice: other" in printed["04_voices"]
    # 05: the strongest tie of this corpus is read, named by actors of this corpus
    assert "European Union – Mercosur" in printed["05_co_mention_networks"]
