"""analysis.plots: every public chart draws the seed tables, one bar / point / label per row.

The expected numbers are counted from the tables given to each chart, and compared with the
artists on the figure (bars are ``ax.patches``, points the offsets of scatter collections,
labels the tick labels and texts), so a chart that drops or duplicates a row fails.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from analysis import plots
from analysis.corpus import documents_table
from analysis.measure.keyness import keyness_by_group, top_terms
from analysis.measure.network import (
    backbone,
    build_network,
    centrality_table,
    degree_comparison,
    top_ties,
)
from analysis.measure.rates import span_words, words_by_voice
from analysis.measure.timeline import (
    agreement_dates,
    agreements_on_timeline,
    dated_references,
    references_by_decade,
)


# --------------------------------------------------------------------------- helpers


def ticks(labels) -> list[str]:
    return [label.get_text() for label in labels]


def bar_widths_top_down(ax) -> list[float]:
    """Widths of horizontal bars, from the top bar down."""
    bars = sorted(ax.patches, key=lambda p: -(p.get_y() + p.get_height() / 2))
    return [p.get_width() for p in bars]


def points(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


def unwrap(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- inputs


@pytest.fixture(scope="module")
def graph(seed_tables):
    return build_network(seed_tables["actor_mentions"])


@pytest.fixture(scope="module")
def documents(seed_corpus):
    return documents_table(seed_corpus)


@pytest.fixture(scope="module")
def references(seed_corpus):
    return dated_references(seed_corpus)


@pytest.fixture(scope="module")
def words(seed_tables, seed_corpus):
    return span_words(seed_tables["speaker_spans"], seed_corpus)


def test_public_functions_are_all_tested():
    """A new chart in analysis.plots needs a test here."""
    charts = {name for name in plots.__all__ if name.startswith("plot_")}
    tested = {name[len("test_"):].split("__")[0] for name in globals() if name.startswith("test_plot_")}
    assert charts <= tested, sorted(charts - tested)


# --------------------------------------------------------------------------- networks


def test_plot_network__one_point_per_connected_actor_one_line_per_tie(graph):
    top_labels = 7
    fig = plots.plot_network(graph, top_labels=top_labels)
    assert isinstance(fig, Figure)
    connected = [n for n in graph.nodes if graph.degree(n) > 0]
    assert 0 < len(connected) < graph.number_of_nodes()  # the seeds have isolates: they are left out
    ax = fig.axes[0]
    assert points(ax) == len(connected)
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(lines) == 1 and len(lines[0].get_segments()) == graph.number_of_edges()
    assert len(ax.texts) == top_labels
    assert fig.get_suptitle().endswith(f"{len(connected)} actors, {graph.number_of_edges()} links")


def test_plot_network__labels_name_the_most_mentioned_actors(graph):
    fig = plots.plot_network(graph, top_labels=3, drop_isolates=False)
    assert points(fig.axes[0]) == graph.number_of_nodes()
    labels = {unwrap(t.get_text()) for t in fig.axes[0].texts}
    most = max(graph.nodes, key=lambda n: graph.nodes[n]["mentions"])
    assert graph.nodes[most]["name"] in labels and len(labels) == 3


def test_plot_network__draws_into_a_given_axes(graph):
    fig = Figure()
    ax = fig.subplots()
    assert plots.plot_network(graph, ax=ax, top_labels=0) is fig
    assert len(fig.axes) == 1 and not ax.texts and points(ax) > 0


@pytest.mark.parametrize("top", [5, 12])
def test_plot_centrality__top_bars_largest_on_top(graph, top):
    table = centrality_table(graph)
    fig = plots.plot_centrality(table, "weighted_degree", top=top)
    ax = fig.axes[0]
    assert len(ax.patches) == top
    widths = bar_widths_top_down(ax)
    assert widths == sorted(table["weighted_degree"].nlargest(top).astype(float), reverse=True)
    labels = ticks(ax.get_yticklabels())
    assert len(labels) == top
    top_name = table.loc[table["weighted_degree"].idxmax(), "name"]
    assert labels[-1] == top_name  # the last tick is the top bar


def test_plot_centrality__unknown_measure_is_refused(graph):
    with pytest.raises(ValueError, match="no column"):
        plots.plot_centrality(centrality_table(graph), "nope")


def test_plot_tie_rankings__one_bar_per_tie_in_each_panel(graph):
    by_count = top_ties(graph, 8)
    by_npmi = top_ties(graph, 6, by="npmi", min_count=2)
    fig = plots.plot_tie_rankings(by_count, by_npmi, "npmi", min_count=2, unit="sentences")
    left, right = fig.axes
    assert len(left.patches) == len(by_count) == 8
    assert len(right.patches) == len(by_npmi) == 6
    assert bar_widths_top_down(left) == by_count["count"].astype(float).tolist()
    assert np.allclose(bar_widths_top_down(right), by_npmi["npmi"].astype(float))
    first = by_count.iloc[0]
    assert unwrap(ticks(left.get_yticklabels())[0]) == f"{first['source_name']} – {first['target_name']}"
    assert "at least 2 sentences" in right.get_title()


def test_plot_degree_comparison__two_bars_per_actor(graph):
    table = degree_comparison(graph, backbone(graph))
    fig = plots.plot_degree_comparison(table)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(table) > 0
    assert ticks(ax.get_yticklabels()) == table["name"].astype(str).tolist()
    upper = sorted((p for p in ax.patches), key=lambda p: -(p.get_y() + p.get_height() / 2))
    # top down: each actor's "before" bar above its "after" bar
    assert [p.get_width() for p in upper[0::2]] == table["ties_before"].astype(float).tolist()
    assert [p.get_width() for p in upper[1::2]] == table["ties_after"].astype(float).tolist()


# --------------------------------------------------------------------------- corpus


def test_plot_words_per_document__one_bar_per_document_longest_on_top(documents):
    fig = plots.plot_words_per_document(documents)
    ax = fig.axes[0]
    assert len(ax.patches) == len(documents) == 5
    assert bar_widths_top_down(ax) == sorted(documents["n_words"].astype(float), reverse=True)
    longest_first = documents.sort_values("n_words", ascending=False)["doc_id"].tolist()
    assert ticks(ax.get_yticklabels()) == longest_first
    legend = ax.get_legend()
    assert legend is not None and len(legend.get_texts()) == documents["kind"].nunique()


def test_plot_words_per_document__top_keeps_the_longest(documents):
    fig = plots.plot_words_per_document(documents, top=3)
    ax = fig.axes[0]
    assert len(ax.patches) == 3
    assert bar_widths_top_down(ax) == sorted(documents["n_words"].astype(float), reverse=True)[:3]
    assert "3 longest of 5" in ax.get_title()


# --------------------------------------------------------------------------- frames and voices


def test_plot_heat_table__one_cell_text_per_value(seed_tables):
    fm = seed_tables["frame_mentions"]
    matrix = pd.crosstab(fm["doc_id"], fm["frame_id"])
    fig = plots.plot_heat_table(matrix, title="Frames", fmt="{:.0f}")
    ax = fig.axes[0]
    n_rows, n_cols = matrix.shape
    assert len(ax.texts) == n_rows * n_cols
    assert [t.get_text() for t in ax.texts] == [f"{v:.0f}" for v in matrix.to_numpy().ravel()]
    assert ticks(ax.get_yticklabels()) == [str(i) for i in matrix.index]
    assert [unwrap(t) for t in ticks(ax.get_xticklabels())] == [str(c) for c in matrix.columns]
    assert len(fig.axes) == 2  # and a colour bar


def test_plot_stacked_bars__one_segment_per_label_and_stack(words):
    table = words_by_voice(words)
    fig = plots.plot_stacked_bars(table, "doc_id", "voice", "n_words", title="Words by voice")
    ax = fig.axes[0]
    labels, voices = table["doc_id"].nunique(), table["voice"].nunique()
    assert len(ax.patches) == labels * voices
    totals = table.groupby("doc_id")["n_words"].sum()
    assert ticks(ax.get_yticklabels()) == totals.sort_values(ascending=False).index.tolist()
    # each bar's segments add up to its total
    by_row: dict[float, float] = {}
    for p in ax.patches:
        y = round(p.get_y() + p.get_height() / 2, 6)
        by_row[y] = by_row.get(y, 0.0) + p.get_width()
    assert sorted(by_row.values(), reverse=True) == sorted(totals.astype(float), reverse=True)
    assert len(ax.get_legend().get_texts()) == voices


def test_plot_stacked_bars__wide_table_and_top(words):
    wide = words_by_voice(words).pivot_table(index="doc_id", columns="voice", values="n_words",
                                             fill_value=0).reset_index()
    voices = [c for c in wide.columns if c != "doc_id"]
    fig = plots.plot_stacked_bars(wide, "doc_id", voices, "words", title="Words", top=2)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(voices)
    assert len(ax.get_yticklabels()) == 2
    assert f"2 largest of {len(wide)}" in ax.get_title()


def test_plot_keyness__one_bar_per_term_on_its_side(words):
    labels = ("quoted", "narrator")
    result = keyness_by_group(words["word"], words["voice"], labels)
    top = top_terms(result, 6, labels=labels)
    fig = plots.plot_keyness(top, labels)
    left, right = fig.axes  # group b on the left, group a on the right
    for ax, side in ((left, labels[1]), (right, labels[0])):
        part = top[top["side"] == side]
        assert len(part) > 0
        assert len(ax.patches) == len(part)
        assert ticks(ax.get_yticklabels()) == part["term"].tolist()
        assert np.allclose(bar_widths_top_down(ax), part["z"].abs())
        assert ax.get_title().endswith(side)


# --------------------------------------------------------------------------- timeline


def test_plot_reference_timeline__one_row_per_document_one_point_per_date(references, documents):
    fig = plots.plot_reference_timeline(references, documents)
    ax = fig.axes[0]
    labels = ticks(ax.get_yticklabels())
    assert len(labels) == len(documents)
    assert {label.split(" ")[0] for label in labels} == set(documents["doc_id"])
    not_decades = references[references["precision"] != "decade"]
    dated_documents = documents["date"].fillna("").str.match(r"^\d{4}").sum()
    assert points(ax) == len(not_decades.drop_duplicates(["doc_id", "date"])) + dated_documents


def test_plot_reference_timeline__max_documents(references, documents):
    fig = plots.plot_reference_timeline(references, documents, max_documents=2)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == 2
    assert f"of {len(documents)}" in ax.get_title()


def test_plot_references_by_decade__one_bar_per_decade(references):
    table = references_by_decade(references)
    fig = plots.plot_references_by_decade(table)
    ax = fig.axes[0]
    assert len(ax.patches) == len(table) > 1
    assert [p.get_height() for p in ax.patches] == table["references"].astype(float).tolist()
    assert [t.get_text() for t in ax.texts] == [f"{v:.0f}" for v in table["references"]]


@pytest.fixture(scope="module")
def agreements(references, seed_tables, seed_corpus):
    return agreement_dates(agreements_on_timeline(references, seed_tables["actor_mentions"], texts=seed_corpus))


def test_plot_agreement_dates__one_row_per_dated_name(agreements):
    dated = agreements[agreements["year"].notna()]
    assert 0 < len(dated) < len(agreements)  # undated names are left out
    fig = plots.plot_agreement_dates(agreements, documents_span=(2022, 2025))
    ax = fig.axes[0]
    assert [unwrap(t) for t in ticks(ax.get_yticklabels())] == \
        dated.sort_values(["year", "name"], kind="mergesort")["name"].tolist()
    other_years = sum(len([y for y in str(r.years).split(";") if y and int(y) != int(r.year)])
                      for r in dated.itertuples())
    assert points(ax) == len(dated) + other_years
    assert [t.get_text() for t in ax.texts] == [str(int(y)) for y in dated.sort_values(
        ["year", "name"], kind="mergesort")["year"]]
    assert len(ax.patches) == 1  # the shaded span of the documents' own dates


def test_plot_agreement_dates__top_keeps_the_most_mentioned(agreements):
    dated = agreements[agreements["year"].notna()]
    fig = plots.plot_agreement_dates(agreements, top=4)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == 4
    assert f"4 most mentioned of {len(dated)}" in ax.get_title()
    shown = {unwrap(t) for t in ticks(ax.get_yticklabels())}
    assert max(dated["mentions"]) in set(dated[dated["name"].isin(shown)]["mentions"])


# --------------------------------------------------------------------------- nothing to draw


def _empty_calls(graph):
    centrality = centrality_table(graph).head(0)
    ties = top_ties(graph, 3).head(0)
    return {
        "plot_network": lambda: plots.plot_network(nx.Graph()),
        "plot_centrality": lambda: plots.plot_centrality(centrality),
        "plot_words_per_document": lambda: plots.plot_words_per_document(
            pd.DataFrame({"doc_id": [], "n_words": [], "kind": []})),
        "plot_heat_table": lambda: plots.plot_heat_table(pd.DataFrame()),
        "plot_stacked_bars": lambda: plots.plot_stacked_bars(
            pd.DataFrame({"doc": [], "voice": [], "words": []}), "doc", "voice", "words"),
        "plot_keyness": lambda: plots.plot_keyness(pd.DataFrame({"side": [], "term": [], "z": []}), ("a", "b")),
        "plot_tie_rankings": lambda: plots.plot_tie_rankings(ties, ties),
        "plot_degree_comparison": lambda: plots.plot_degree_comparison(
            pd.DataFrame({"name": [], "ties_before": [], "ties_after": []})),
        "plot_reference_timeline": lambda: plots.plot_reference_timeline(
            pd.DataFrame({"doc_id": [], "date": [], "precision": []}),
            pd.DataFrame({"doc_id": [], "date": [], "date_basis": []})),
        "plot_references_by_decade": lambda: plots.plot_references_by_decade(
            pd.DataFrame({"decade": [], "references": []})),
        "plot_agreement_dates": lambda: plots.plot_agreement_dates(
            pd.DataFrame({"name": [], "type": [], "mentions": [], "year": [], "years": []})),
    }


EMPTY_CHARTS = ["plot_network", "plot_centrality", "plot_words_per_document", "plot_heat_table",
                "plot_stacked_bars", "plot_keyness", "plot_tie_rankings", "plot_degree_comparison",
                "plot_reference_timeline", "plot_references_by_decade", "plot_agreement_dates"]


def test_every_chart_is_tried_on_empty_tables(graph):
    assert sorted(_empty_calls(graph)) == sorted(EMPTY_CHARTS)
    assert set(EMPTY_CHARTS) == {name for name in plots.__all__ if name.startswith("plot_")}


@pytest.mark.parametrize("name", EMPTY_CHARTS)
def test_empty_tables_draw_an_empty_figure(graph, name):
    fig = _empty_calls(graph)[name]()
    assert isinstance(fig, Figure)
    assert all(len(ax.patches) == 0 for ax in fig.axes)
    assert any(ax.texts for ax in fig.axes)  # says there is nothing to show


# --------------------------------------------------------------------------- as a reader sees them


def test_plot_reference_timeline__rows_named_by_labels_and_close_dots_stacked():
    refs = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"],
                         "date": ["2020", "2021", "2021-03", "1975", "2021"],
                         "precision": ["year", "year", "month", "year", "year"]})
    docs = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2022-05-01", "2023"],
                         "date_status": ["stated", "inferred"]})
    fig = plots.plot_reference_timeline(refs, docs, labels={"a": "Talks on trade", "b": "A statement"})
    ax = fig.axes[0]
    assert ticks(ax.get_yticklabels()) == ["Talks on trade (2022-05-01)", "A statement (2023)"]
    # row a (on top, y = 1): 2020, 2021 and March 2021 are closer than the gap on a 1975-2023
    # axis: they take three lanes; 1975 stays on the row
    ys = {}
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            for x, y in collection.get_offsets():
                ys.setdefault(round(float(x), 2), []).append(round(float(y), 2))
    assert ys[1975.5] == [1.0]
    lanes = sorted(ys[2020.5] + ys[2021.5] + [y for x, v in ys.items() if 2021.1 < x < 2021.3 for y in v if y > 0.5])
    assert len(set(lanes)) == 3 and 1.0 in lanes  # three different heights: nothing drawn over another
    assert 0.0 in ys[2021.5]  # row b's own dot stays on its row


def test_stacked_offsets_give_a_free_lane_to_each_close_dot():
    assert plots.timelines.stacked_offsets([1.0, 5.0, 9.0], gap=1.0) == [0.0, 0.0, 0.0]
    assert plots.timelines.stacked_offsets([1.0, 1.2, 1.4, 3.0], gap=1.0) == [0.0, 0.22, -0.22, 0.0]


def test_plot_network__community_legend_is_numbered_without_gaps():
    G = nx.Graph()
    for a, b in [("A", "B"), ("C", "D"), ("E", "F")]:
        G.add_edge(a, b, count=2)
    for n in G:
        G.nodes[n].update(name=f"Actor {n}", mentions=3)
    drawn = G.subgraph(["A", "B", "E", "F"])  # communities 1 and 3 are drawn, 2 is not
    communities = pd.DataFrame({"id": list("ABCDEF"), "community": [1, 1, 2, 2, 3, 3]})
    fig = plots.plot_network(drawn, color_by="community", communities=communities)
    legend_texts = [t.get_text() for legend in fig.legends + [a.get_legend() for a in fig.axes if a.get_legend()]
                    for t in legend.get_texts()]
    assert "Community 1" in legend_texts
    assert "Community 2 (no. 3 in the table)" in legend_texts
    assert not any(t.startswith("Community 3") for t in legend_texts)


def test_count_axes_have_whole_number_ticks_only():
    table = pd.DataFrame({"doc": ["a", "b"], "kind": ["x", "y"], "n": [1, 2]})
    fig = plots.plot_stacked_bars(table, "doc", "kind", "n", title="t")
    fig.canvas.draw()
    values = [t for t in fig.axes[0].get_xticks() if 0 <= t <= 2]
    assert values and all(float(v).is_integer() for v in values)
    G = nx.Graph([("A", "B", {"count": 1})])
    for n in G:
        G.nodes[n].update(name=n, mentions=1, type="state")
    fig = plots.plot_centrality(centrality_table(G), measure="degree", top=2)
    fig.canvas.draw()
    assert all(float(v).is_integer() for v in fig.axes[0].get_xticks())
