"""The interactive views, checked on their data (no browser): what the widget will draw.

The browser itself is in ``tests/browser/``; here the widget's serialised graph and visual
variables, and the interactive table's HTML, are read directly.
"""

from __future__ import annotations

import json
import re

import networkx as nx
import pandas as pd
import pytest

from analysis.measure.network import build_network, communities, edge_evidence
from analysis.plots.interactive import (
    EVIDENCE_ATTRIBUTE,
    interactive_table,
    network_view,
    with_edge_evidence,
    write_network_html,
)
from analysis.plots.style import KNOWN_COLORS, category_colors

# Two short reports; the actors of each sentence are found by their names below.
TEXTS = {
    "report_a": ("Moscow proposed talks with NATO on security guarantees. "
                 "NATO rejected the proposal, and China urged restraint. "
                 "Russia and China signed a joint statement in Beijing."),
    "report_b": ("China welcomed the dialogue between Russia and NATO. "
                 "The Belarusian minister spoke alone."),
}
NAMES = {"Moscow": ("RUS", "Russia", "state"), "Russia": ("RUS", "Russia", "state"),
         "NATO": ("NATO", "NATO", "igo"), "China": ("CHN", "China", "state"),
         "Belarusian": ("BLR", "Belarus", "state")}


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentence and mention tables of TEXTS, with offsets into the texts."""
    sentences, mentions = [], []
    for doc_id, text in TEXTS.items():
        start = 0
        for number, sentence in enumerate(re.split(r"(?<=\.) ", text)):
            start = text.index(sentence, start)
            end = start + len(sentence)
            sentences.append({"doc_id": doc_id, "paragraph_id": 0, "sentence_id": number,
                              "start": start, "end": end, "text": sentence})
            for match in re.finditer("|".join(NAMES), sentence):
                actor_id, name, kind = NAMES[match.group()]
                mentions.append({"doc_id": doc_id, "paragraph_id": 0, "sentence_id": number,
                                 "start": start + match.start(), "end": start + match.end(),
                                 "text": match.group(), "actor_id": actor_id,
                                 "actor_name": name, "actor_type": kind})
            start = end
    return pd.DataFrame(sentences), pd.DataFrame(mentions)


@pytest.fixture(scope="module")
def tables():
    return _tables()


@pytest.fixture(scope="module")
def graph(tables):
    return build_network(tables[1])


def _nodes(view) -> dict[str, dict]:
    return {node["key"]: node["attributes"] for node in view.data["nodes"]}


def _edges(view) -> dict[frozenset, dict]:
    return {frozenset((e["source"], e["target"])): e["attributes"] for e in view.data["edges"]}


def test_nodes_are_sized_by_mentions_and_labelled_by_name(graph):
    view = network_view(graph)
    nodes = _nodes(view)
    # Belarus is only ever mentioned alone: an isolate, left out like in plot_network.
    assert set(nodes) == {"RUS", "NATO", "CHN"}
    size = view.visual_variables["nodeSize"]
    assert (size["type"], size["attribute"]) == ("continuous", "mentions")
    assert size["range"][0] < size["range"][1]
    for node, attrs in nodes.items():
        assert attrs["mentions"] == graph.nodes[node]["mentions"]
        assert attrs["label"] == graph.nodes[node]["name"]
    assert nodes["RUS"]["mentions"] == 3  # "Moscow", and "Russia" in two sentences
    assert set(_nodes(network_view(graph, drop_isolates=False))) == {"RUS", "NATO", "CHN", "BLR"}


def test_colours_follow_the_communities_of_the_whole_graph(graph):
    table, _ = communities(graph, seed=42)
    view = network_view(graph, communities=table)
    nodes = _nodes(view)
    expected = dict(zip(table["id"], table["community"]))
    assert {n: a["community"] for n, a in nodes.items()} == {n: expected[n] for n in nodes}
    colour = view.visual_variables["nodeColor"]
    assert colour["attribute"] == "community"
    # The static figure's palette: one colour per community drawn, nothing for the rest.
    static = category_colors(expected.values())
    assert dict(colour["palette"]) == {expected[n]: static[expected[n]] for n in nodes}


def test_colour_by_an_attribute_uses_the_fixed_colours(graph):
    colour = network_view(graph, color_by="type").visual_variables["nodeColor"]
    assert colour["attribute"] == "type"
    assert dict(colour["palette"]) == {"state": KNOWN_COLORS["state"], "igo": KNOWN_COLORS["igo"]}


def test_positions_are_the_same_on_every_call(graph):
    first, second = _nodes(network_view(graph)), _nodes(network_view(graph))
    assert {n: (a["x"], a["y"]) for n, a in first.items()} == {
        n: (a["x"], a["y"]) for n, a in second.items()}
    assert len({(a["x"], a["y"]) for a in first.values()}) == len(first)  # no two on one spot


def test_ties_carry_their_first_sentences(tables, graph):
    sentences, mentions = tables
    H = with_edge_evidence(graph, mentions, sentences, first=1)
    assert H is not graph and EVIDENCE_ATTRIBUTE not in next(iter(graph.edges(data=True)))[2]
    for a, b, attrs in H.edges(data=True):
        rows = edge_evidence(mentions, sentences, a, b)
        assert attrs["evidence_shown"] == f"1 of {len(rows)}"
        line = attrs[EVIDENCE_ATTRIBUTE]
        doc_id, start, end = re.match(r"\[1\] (\S+) (\d+)-(\d+): ", line).groups()
        # The offsets give back the sentence in the original text.
        assert TEXTS[doc_id][int(start):int(end)] == line.split(": ", 1)[1]
    # China and Russia are named together in two sentences of two reports.
    both = with_edge_evidence(graph, mentions, sentences).edges["CHN", "RUS"]
    assert both["evidence_shown"] == "2 of 2"
    assert both[EVIDENCE_ATTRIBUTE].splitlines()[1].endswith(
        "China welcomed the dialogue between Russia and NATO.")


def test_evidence_reaches_the_widget(tables, graph):
    sentences, mentions = tables
    view = network_view(with_edge_evidence(graph, mentions, sentences))
    edges = _edges(view)
    assert edges[frozenset(("NATO", "RUS"))][EVIDENCE_ATTRIBUTE].startswith(
        "[1] report_a 0-55: Moscow proposed talks with NATO")
    assert view.renderer_settings["enableEdgeClickEvents"] is True  # a click shows it
    assert view.visual_variables["edgeSize"]["attribute"] == "count"


def test_evidence_of_any_graph_and_bad_arguments():
    G = nx.Graph([("A", "B", {"weight": 0.5})])
    statements = pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [19], "actor_id": ["A"],
                               "stance": ["support"], "frame_id": ["dialogue"],
                               "text": ["We welcome dialogue."]})
    H = with_edge_evidence(G, evidence_of=lambda a, b: statements)
    assert H.edges["A", "B"][EVIDENCE_ATTRIBUTE] == (
        "[1] d 0-19: A support dialogue: We welcome dialogue.")
    with pytest.raises(ValueError, match="mentions and sentences"):
        with_edge_evidence(G)
    with pytest.raises(ValueError, match="first"):
        with_edge_evidence(G, evidence_of=lambda a, b: statements, first=0)
    # No mention counts on the nodes (a statement network): sized by degree instead.
    view = network_view(G, weight="weight", color_by="type")
    assert view.visual_variables["nodeSize"]["attribute"] == "degree"
    assert _nodes(view)["A"]["degree"] == 1


def test_standalone_page_holds_the_whole_view(tmp_path, tables, graph):
    sentences, mentions = tables
    page = write_network_html(with_edge_evidence(graph, mentions, sentences),
                              tmp_path / "network.html", title="Actors <named> together")
    text = page.read_text(encoding="utf-8")
    assert "<title>Actors &lt;named&gt; together</title>" in text
    state = json.loads(re.search(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>',
        text, re.DOTALL).group(1))
    (model,) = [m for m in state["state"].values() if m["model_name"] == "SigmaModel"]
    data = model["state"]["data"]
    assert sorted(n["key"] for n in data["nodes"]) == ["CHN", "NATO", "RUS"]
    assert all(EVIDENCE_ATTRIBUTE in e["attributes"] for e in data["edges"])


def test_interactive_table_has_a_stable_id_and_escapes_text():
    evidence = pd.DataFrame({"doc_id": ["report_a", "report_b"], "start": [0, 0],
                             "end": [55, 52], "text": ["Moscow proposed <talks> with NATO.",
                                                       "China welcomed the dialogue."]})
    first, again = interactive_table(evidence).data, interactive_table(evidence.copy()).data
    assert first == again  # no random id: the same output on every run
    other = interactive_table(evidence.iloc[:1]).data
    ids = [re.search(r'<table id="(itables_\w+)"', t).group(1) for t in (first, other)]
    assert ids[0] != ids[1]
    named = interactive_table(evidence, name="evidence NATO-RUS", columns=["doc_id", "text"]).data
    assert '<table id="itables_evidence_NATO_RUS"' in named
    assert "report_a" in named and '"start"' not in named
    assert "<talks>" not in first  # cell text is shown as text, never run as HTML
    with pytest.raises(ValueError, match="table id"):
        interactive_table(evidence, name="--")
