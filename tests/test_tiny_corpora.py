"""The notebook series on corpora too small to show anything: they must run to the end and
say so ("nothing to show here"), not raise.

Each notebook runs with papermill (in a kernel of this Python, as ``python -m analysis
report`` runs it) on a one-sentence corpus; the two notebooks that depend most on actor
mentions (02, 05) also run on a corpus without any actor. The unit tests below check the
library functions the notebooks use on empty tables.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import nbformat
import pandas as pd
import pytest

from analysis.measure import network as net
from analysis import notebook as nb
from analysis.report import execute_notebook, find_notebooks, output_problems

NOTEBOOKS = {path.stem: path for path in find_notebooks()}

CORPORA = {
    "one_sentence": {"one.txt": "The weather was fine on Tuesday.\n"},
    "no_actors": {
        "a.txt": "The weather was fine on Tuesday. It rained later in the week.\n\n"
                 "The farmers were happy with the harvest this year.\n",
        "b.txt": "The committee met in the capital.\n",
    },
}

NO_ACTORS = "No actor mentions in this corpus: nothing to show here."
NO_NETWORK = "No actor mentions in this corpus, so no network: nothing to show here."
# The line each notebook prints on these corpora (None: the notebook has something to show
# even for one sentence: the corpus itself).
EXPECTED = {
    "00_start_here": None,
    "01_corpus": None,
    "02_actors": NO_ACTORS,
    "03_framing_terms": "No frame mentions in this corpus: nothing to show here.",
    "04_voices": "No quotes in this corpus: nothing to show here.",
    "05_co_mention_networks": NO_NETWORK,
    "06_timeline": "No dated references in this corpus: nothing to show here.",
    "07_statements": "No statements in this corpus: nothing to show here.",
}
# Every notebook on one sentence; the actor-heavy notebooks also on several sentences
# without actors (keeps the test near a minute: each run starts a kernel and spaCy).
RUNS = [("one_sentence", name) for name in EXPECTED] + [("no_actors", "02_actors"),
                                                         ("no_actors", "05_co_mention_networks")]


def _write_corpus(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _printed(book) -> str:
    return "".join(o.get("text", "") for c in book.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream")


@pytest.mark.parametrize(("corpus", "name"), RUNS, ids=[f"{c}-{n}" for c, n in RUNS])
def test_notebook_runs_on_a_tiny_corpus_and_says_there_is_nothing_to_show(corpus, name, tmp_path, monkeypatch):
    assert set(EXPECTED) == set(NOTEBOOKS), "a notebook was added or renamed: list it in EXPECTED"
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))  # a fresh parse cache
    folder = _write_corpus(tmp_path / corpus, CORPORA[corpus])
    figures = tmp_path / "figures"
    executed = execute_notebook(NOTEBOOKS[name], tmp_path / f"{name}.ipynb",
                                {"corpus_dir": str(folder), "figures_dir": str(figures)})

    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert errors == []
    problems = [p for p in output_problems(executed, name) if "absolute path" not in p]  # corpus_dir is in tmp
    assert problems == []
    printed = _printed(executed)
    if EXPECTED[name] is not None:
        assert EXPECTED[name] in printed, printed
    assert "nothing to show" not in printed or EXPECTED[name] is not None
    # every chart is still drawn and saved (empty but valid), never skipped with an error
    saved = sorted(figures.glob("*.png")) if figures.exists() else []
    shown = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
             if "image/png" in o.get("data", {})]
    assert len(saved) == len(shown)


# ---------------------------------------------------------------------------- library


def test_nothing_to_show_prints_one_line_only_for_an_empty_table(capsys):
    assert nb.nothing_to_show(pd.DataFrame({"x": []}), "quotes") is None
    nb.nothing_to_show(pd.DataFrame({"x": [1]}), "quotes")
    nb.nothing_to_show(None, "ties", "in this network")
    assert capsys.readouterr().out.splitlines() == [
        "No quotes in this corpus: nothing to show here.",
        "No ties in this network: nothing to show here.",
    ]


def test_register_coverage_line_handles_no_mentions():
    empty = pd.DataFrame(columns=["actor_id", "text"])
    assert nb.register_coverage_line(empty) == NO_ACTORS
    mentions = pd.DataFrame({"actor_id": ["RUS", "unlinked:Smith", "NATO", "unlinked:Jones"]})
    assert nb.register_coverage_line(mentions) == "50.0% of the actor mentions are linked to the register"


def test_rolled_up_nodes_of_empty_and_actor_level_graphs_are_empty_tables_with_columns():
    columns = ["id", "name", "mentions", "members"]
    for graph in (nx.Graph(), nx.Graph([("RUS", "USA")])):  # no nodes / no `members` attribute
        table = net.rolled_up_nodes(graph)
        assert table.columns.tolist() == columns and table.empty
        # and the display helper can still sort it, as notebook 05 does
        assert nb.show(table, sort_by=["mentions", "id"], ascending=[False, True]).empty


def test_rolled_up_nodes_keeps_only_nodes_with_several_members():
    G = nx.Graph()
    G.add_node("USA", name="United States", mentions=3, members="USA")
    G.add_node("RUS", name="Russia", mentions=9, members="RUS;lavrov;putin")
    G.add_node("EU", name="European Union", mentions=1)  # no members recorded
    assert net.rolled_up_nodes(G).to_dict("records") == [
        {"id": "RUS", "name": "Russia", "mentions": 9, "members": "RUS;lavrov;putin"}]


def test_state_network_of_no_mentions_rolls_up_nothing():
    from analysis.register import load_register

    register = load_register()
    mentions = pd.DataFrame(columns=["doc_id", "sentence_id", "paragraph_id", "start", "end", "text",
                                     "actor_id", "actor_type", "mention_kind"])
    S = net.build_network(mentions, unit="sentence", level="state", state_of=register.state_of,
                          names=register.name_of, register_only=True)
    assert S.number_of_nodes() == 0
    assert net.rolled_up_nodes(S).empty


def test_failed_cell_skips_the_cells_papermill_adds():
    from analysis.report import failed_cell

    v4 = nbformat.v4
    book = v4.new_notebook(cells=[
        v4.new_markdown_cell("An Exception was encountered", metadata={"tags": ["papermill-error-cell-tag"]}),
        v4.new_code_cell("corpus_dir = 'x'", metadata={"tags": ["parameters"]}),
        v4.new_code_cell("corpus_dir = 'y'", metadata={"tags": ["injected-parameters"]}),
        v4.new_markdown_cell("Text"),
        v4.new_code_cell("ok = 1"),
        v4.new_markdown_cell("anchor", metadata={"tags": ["papermill-error-cell-tag"]}),
        v4.new_code_cell("# why\nbroken()", outputs=[v4.new_output("error", ename="NameError", evalue="broken",
                                                                    traceback=[])]),
        v4.new_code_cell("after = 2"),
    ])
    assert failed_cell(book) == (4, "# why\nbroken()")
    book.cells[6].outputs = []
    assert failed_cell(book) is None
    book.cells[6].metadata["papermill"] = {"exception": True}  # raised without an error output
    assert failed_cell(book) == (4, "# why\nbroken()")
