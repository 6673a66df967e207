"""Network charts: the co-mention graph itself, and bar charts of its measures.

* :func:`plot_network` -- the graph: node area by mentions, edge width by co-mention
  count, colours by type or community, the main nodes labelled (positions from
  :mod:`analysis.plots.layout`);
* :func:`plot_centrality` -- the top actors by one centrality measure;
* :func:`plot_tie_rankings` -- the same ties ranked by count and by association;
* :func:`plot_degree_comparison` -- ties per actor before and after the backbone filter.

The tables and graphs come from :mod:`analysis.measure.network`. Node and bar colours come
from :func:`analysis.plots.style.category_colors` computed over the whole graph or table,
so that one actor type has one colour in every chart of the same graph.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from analysis.measure.network import communities as louvain
from analysis.plots.layout import _layout
from analysis.plots.style import (
    LABEL_SIZE,
    _OKABE_ITO,
    OTHER_COLOR,
    TICK_SIZE,
    TITLE_SIZE,
    category_colors,
    _new_axes,
    _note_empty,
    _outlined,
    _set_title,
    _sort_key,
    _value_grid,
    _wrap,
)
from analysis.schema import is_blank

__all__ = ["category_labels", "plot_network", "plot_centrality", "plot_tie_rankings", "plot_degree_comparison"]


_MEASURE_LABELS = {
    "weighted_degree": "Weighted degree (sum of co-mention counts)",
    "degree": "Degree (number of co-mentioned actors)",
    "betweenness": "Betweenness centrality (normalised)",
    "eigenvector": "Eigenvector centrality",
    "pagerank": "PageRank",
    "mentions": "Mentions",
}


def category_labels(shown: Sequence[Any], color_by: str) -> list[str]:
    """Legend labels of the colours drawn. Communities are numbered 1, 2, 3 … without gaps
    in the drawing (a drawing of part of a network may hold communities 1, 3 and 5); a
    number that differs from the community's number in the tables says that one too.

    >>> category_labels([1, 3, 5], "community")
    ['Community 1', 'Community 2 (no. 3 in the table)', 'Community 3 (no. 5 in the table)']
    >>> category_labels([0, 2], "community")  # 0: the actors that form a community on their own
    ['Each on its own (no. 0)', 'Community 1 (no. 2 in the table)']
    >>> category_labels(["igo", "state"], "type")
    ['igo', 'state']
    """
    if color_by != "community":
        return [str(c) for c in shown]
    out, number = [], 0
    for c in shown:
        if str(c) == "0":
            out.append("Each on its own (no. 0)")
            continue
        number += 1
        out.append(f"Community {number}" + ("" if str(number) == str(c) else f" (no. {c} in the table)"))
    return out


def _community_map(G: nx.Graph, communities: Any, seed: int, weight: str) -> dict[Any, Any]:
    if communities is None:
        communities, _ = louvain(G, seed=seed, weight=weight)
    if isinstance(communities, pd.DataFrame):
        return dict(zip(communities["id"], communities["community"]))
    if isinstance(communities, Mapping):
        return dict(communities)
    # a list of sets, as returned by networkx
    return {n: i for i, part in enumerate(communities, start=1) for n in part}


def plot_network(
    G: nx.Graph,
    ax: Axes | None = None,
    seed: int = 42,
    top_labels: int = 15,
    color_by: str = "type",
    communities: pd.DataFrame | Mapping[Any, Any] | Iterable[set] | None = None,
    title: str | None = None,
    *,
    weight: str = "count",
    size_by: str = "mentions",
    layout: Literal["spring", "kamada_kawai"] = "spring",
    drop_isolates: bool = True,
    figsize: tuple[float, float] = (11, 8.5),
) -> Figure:
    """Draw a co-mention network: one call, readable defaults.

    Node area grows with ``size_by`` (default ``mentions``; area ~ sqrt of the value, so
    the most mentioned actor does not swallow the picture), edge width and darkness with
    ``weight`` (default ``count``). The ``top_labels`` nodes with the largest ``size_by``
    are labelled with their ``name``. Colours by ``color_by``: ``"type"`` (or any node
    attribute, e.g. ``"bipartite"``) or ``"community"`` (uses ``communities`` -- the table
    from :func:`analysis.measure.network.communities`, a dict or a list of sets -- or computes
    Louvain communities with ``seed``). The layout is seeded, so the same graph gives the
    same picture. Isolates are left out by default (they have no position to explain).
    Connected components are laid out separately and packed side by side.

    A sentence-level graph of a whole corpus is usually a hairball: draw
    ``backbone(G)`` (the disparity-filter backbone) instead, or raise ``min_count``.

    Remember when reading it: distance and edges show co-mention, not alliance.

    >>> from analysis.measure.network import build_network
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["d"] * 4, "paragraph_id": [0] * 4,
    ...                   "sentence_id": [0, 0, 1, 1], "actor_id": ["RUS", "USA", "RUS", "CHN"],
    ...                   "actor_name": ["Russia", "USA", "Russia", "China"],
    ...                   "actor_type": ["state"] * 4})
    >>> fig = plot_network(build_network(m))
    >>> fig.get_suptitle()
    'Co-mention network (sentence level): 3 actors, 2 links'
    """
    # A new figure has a narrow second panel for the legends; in the caller's layout (``ax``
    # given) there is none and the legends go inside ``ax``.
    fig, axes = _new_axes(ax, figsize, panels=2, width_ratios=[5, 1])
    ax, legend_ax = axes[0], (axes[1] if len(axes) > 1 else None)
    if legend_ax is not None:
        legend_ax.set_axis_off()
    ax.set_axis_off()
    H = G.copy()
    if drop_isolates and H.number_of_edges() > 0:
        H.remove_nodes_from([n for n in list(H.nodes) if H.degree(n) == 0])
    if title is None:
        unit = G.graph.get("unit")
        level = f" ({unit} level)" if unit else ""
        noun = "nodes" if G.graph.get("kind") else "actors"  # bipartite: actors + frames
        title = (f"Co-mention network{level}: {H.number_of_nodes()} {noun}, "
                 f"{H.number_of_edges()} links")
    _set_title(fig, ax, title, over_figure=legend_ax is not None)  # centred over the legend column too
    if H.number_of_nodes() == 0:
        _note_empty(ax, "no actors to draw")
        return fig

    nodes = list(H.nodes)
    pos = _layout(H, layout, seed, weight)

    # --- colours: computed over all of G, so they match plot_centrality on the same graph
    if color_by == "community":
        cmap_nodes = _community_map(G, communities, seed, weight)
        legend_title = "Community"
    else:
        cmap_nodes = {n: d.get(color_by) for n, d in G.nodes(data=True)}
        legend_title = color_by.replace("_", " ").capitalize()
    colors = category_colors(cmap_nodes.values())
    node_colors = [colors.get(cmap_nodes.get(n), OTHER_COLOR) for n in nodes]

    # --- edges: width and opacity by weight, heavy edges drawn last (on top)
    edges = sorted(H.edges(data=True), key=lambda e: e[2].get(weight, 1))
    if edges:
        w = np.array([float(d.get(weight, 1)) for _, _, d in edges])
        rel = w / w.max() if w.max() > 0 else np.ones_like(w)
        segments = [(pos[u], pos[v]) for u, v, _ in edges]
        rgba = [(0.35, 0.35, 0.40, 0.25 + 0.55 * r) for r in rel]
        ax.add_collection(LineCollection(segments, linewidths=0.6 + 6.0 * rel,
                                         colors=rgba, zorder=1))

    # --- nodes: area ~ sqrt(value)
    values = np.array([float(H.nodes[n].get(size_by, 1) or 0) for n in nodes])
    vmax = values.max() if values.max() > 0 else 1.0
    sizes = 60 + 1900 * np.sqrt(values / vmax)
    xy = np.array([pos[n] for n in nodes])
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=node_colors, edgecolors="white",
               linewidths=1.2, zorder=2)

    # --- labels for the main nodes (by size, then weighted degree, then id)
    strength = dict(H.degree(weight=weight))
    ranked = sorted(range(len(nodes)), key=lambda i: (-values[i], -strength[nodes[i]],
                                                      str(nodes[i])))
    # Draw the most important label last, so it ends up on top where labels overlap.
    for i in reversed(ranked[: max(top_labels, 0)]):
        n = nodes[i]
        label = textwrap.fill(str(H.nodes[n].get("name", n)), width=18,
                              break_long_words=False)
        t = ax.text(xy[i, 0], xy[i, 1], label, fontsize=LABEL_SIZE, ha="center",
                    va="center", zorder=3, linespacing=0.95,
                    fontweight="bold" if i == ranked[0] else None)
        _outlined(t)

    # --- legends: colours (categories present in the drawing) and reference sizes
    shown = [c for c in colors if any(cmap_nodes.get(n) == c for n in nodes)]
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10,
                      markerfacecolor=colors[c], markeredgecolor="white", label=label)
               for c, label in zip(sorted(shown, key=_sort_key),
                                   category_labels(sorted(shown, key=_sort_key), color_by))]
    if any(is_blank(cmap_nodes.get(n)) for n in nodes):
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=10,
                              markerfacecolor=OTHER_COLOR, label="(none)"))
    style = {"fontsize": TICK_SIZE, "title_fontsize": LABEL_SIZE, "alignment": "left"}
    if legend_ax is None:
        # Inside the caller's axes there is no room reserved: only the colour legend,
        # where it hides the fewest nodes.
        if handles:
            ax.legend(handles=handles, title=legend_title, loc="best", framealpha=0.85,
                      **style)
        return _finish_network_axes(ax)
    target = legend_ax
    style["frameon"] = False
    color_legend = target.legend(handles=handles, title=legend_title, loc="upper left",
                                 **style) if handles else None
    if len(set(values)) > 1:  # sizes differ: show what they mean
        refs = sorted({v for v in (vmax, round(vmax / 4), 1) if v >= 1}, reverse=True)
        size_handles = [Line2D([], [], marker="o", linestyle="", color="#888888",
                               markeredgecolor="white",
                               markersize=math.sqrt(60 + 1900 * math.sqrt(v / vmax)),
                               label=f"{v:g}") for v in refs]
        if color_legend is not None:
            target.add_artist(color_legend)  # a second legend() call replaces the first
        target.legend(handles=size_handles, title=size_by.replace("_", " ").capitalize(),
                      loc="lower left", labelspacing=2.2, handlelength=3.5,
                      handletextpad=1.2, borderpad=1.2, **style)

    return _finish_network_axes(ax)


def _finish_network_axes(ax: Axes) -> Figure:
    ax.margins(0.08)
    ax.autoscale_view()
    ax.set_aspect("equal", adjustable="datalim")
    return ax.figure


def plot_centrality(
    table: pd.DataFrame,
    measure: str = "weighted_degree",
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    color_by: str | None = "type",
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Horizontal bar chart of the ``top`` actors by one centrality ``measure``.

    ``table`` is :func:`analysis.measure.network.centrality_table` (or any table with ``id``,
    ``name`` and the measure). Bars are coloured by ``color_by`` (default ``type``, if the
    column exists; colours computed over the whole table, so they match
    :func:`plot_network` of the same graph) and labelled with their values.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"id": ["a", "b"], "name": ["Alpha", "Beta"],
    ...                   "weighted_degree": [3, 5]})
    >>> fig = plot_centrality(t)
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['Alpha', 'Beta']
    """
    if measure not in table.columns:
        raise ValueError(f"table has no column {measure!r}; columns: {list(table.columns)}")
    df = table[table[measure].notna()].copy()
    df["_id"] = df["id"].astype(str) if "id" in df.columns else df.index.astype(str)
    df = df.sort_values([measure, "_id"], ascending=[False, True]).head(top)
    df = df.iloc[::-1]  # barh draws bottom-up: largest at the top
    if figsize is None:
        figsize = (9, 1.6 + 0.42 * max(len(df), 1))
    fig, [ax] = _new_axes(ax, figsize)
    label = _MEASURE_LABELS.get(measure, measure.replace("_", " ").capitalize())
    short = label.split(" (")[0]
    if short.split()[0][1:].islower():  # "Weighted degree" -> "weighted degree",
        short = short[0].lower() + short[1:]  # but "PageRank" stays
    ax.set_title(title or f"Top {len(df)} actors by {short}",
                 fontsize=TITLE_SIZE, fontweight="bold")
    if df.empty:
        _note_empty(ax, "nothing to show")
        return fig

    names = (df["name"].where(df["name"].notna(), df["_id"]) if "name" in df.columns
             else df["_id"]).astype(str)
    if color_by and color_by in table.columns:
        colors = category_colors(table[color_by])
        bar_colors = [colors.get(v, OTHER_COLOR) for v in df[color_by]]
    else:
        colors, bar_colors = {}, [_OKABE_ITO[0]] * len(df)
    y = np.arange(len(df))
    vals = df[measure].astype(float).to_numpy()
    ax.barh(y, vals, color=bar_colors, height=0.7)
    ax.set_yticks(y, names, fontsize=TICK_SIZE)
    ax.set_xlabel(label, fontsize=LABEL_SIZE)
    ax.set_ylabel("Actor", fontsize=LABEL_SIZE)
    ax.tick_params(axis="x", labelsize=TICK_SIZE)
    integer = bool(np.all(np.isclose(vals, np.round(vals))))
    if integer:  # counts (mentions, degree): whole-number ticks only
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for yi, v in zip(y, vals):
        ax.text(v, yi, f" {v:.0f}" if integer else f" {v:.3g}", va="center",
                fontsize=TICK_SIZE - 1)
    ax.set_xlim(0, vals.max() * 1.12 if vals.max() > 0 else 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if colors:
        present = sorted({v for v in df[color_by] if not is_blank(v)}, key=_sort_key)
        handles = [Line2D([], [], marker="s", linestyle="", markersize=10,
                          markerfacecolor=colors[c], markeredgecolor=colors[c], label=str(c))
                   for c in present]
        if handles:
            ax.legend(handles=handles, title=color_by.replace("_", " ").capitalize(),
                      loc="lower right", fontsize=TICK_SIZE, title_fontsize=LABEL_SIZE)
    return fig


def _tie_label(row: Any, width: int = 40) -> str:
    return _wrap(f"{row['source_name']} – {row['target_name']}", width)


def plot_tie_rankings(
    by_count: pd.DataFrame,
    by_association: pd.DataFrame,
    association: str = "npmi",
    title: str | None = None,
    *,
    min_count: int | None = None,
    unit: str = "units",
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Two rankings of the same ties side by side: by ``count`` (left) and by ``association``.

    Both tables come from :func:`analysis.measure.network.top_ties` (columns source_name,
    target_name, count and the association measure). The left panel answers "which pairs
    are mentioned together most often?", the right one "which pairs are mentioned together
    more often than their own frequencies predict?". ``min_count`` (the filter used for
    the right-hand table) is written in its title; ``unit`` names the units counted
    ("sentences", "paragraphs"). Bars carry their values.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"source_name": ["NATO"], "target_name": ["Russia"], "count": [3], "npmi": [0.2]})
    >>> fig = plot_tie_rankings(t, t)
    >>> [ax.get_title() for ax in fig.axes]
    ['Most frequent ties', 'Strongest association (NPMI)']
    """
    rows = max(len(by_count), len(by_association), 3)
    if figsize is None:
        figsize = (13, 1.8 + 0.38 * rows)
    fig, axes = _new_axes(None, figsize, panels=2)
    fig.suptitle(title or "Which actors are mentioned together?", fontsize=TITLE_SIZE, fontweight="bold")
    label = _MEASURE_LABELS.get(association, association.upper() if len(association) <= 5 else association)
    right_title = f"Strongest association ({label})"
    if min_count:
        right_title += f"\nties seen in at least {min_count} {unit}"
    panels = [(axes[0], by_count, "count", "Most frequent ties", f"{unit.capitalize()} mentioning both (count)",
               _OKABE_ITO[0]),
              (axes[1], by_association, association, right_title, label, _OKABE_ITO[2])]
    for ax, table, measure, panel_title, xlabel, color in panels:
        ax.set_title(panel_title, fontsize=LABEL_SIZE + 1)
        ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
        ax.spines[["top", "right"]].set_visible(False)
        if table.empty or measure not in table.columns:
            ax.set_yticks([])
            _note_empty(ax, "no ties")
            continue
        values = table[measure].astype(float).to_numpy()
        positions = np.arange(len(table))[::-1]
        ax.barh(positions, values, color=color, height=0.7)
        ax.set_yticks(positions, [_tie_label(r, 34) for _, r in table.iterrows()], fontsize=TICK_SIZE)
        ax.set_ylim(len(table) - rows - 0.4, len(table) - 0.4)
        low, high = min(0.0, float(np.nanmin(values))), max(0.0, float(np.nanmax(values)))
        span = (high - low) or 1.0
        ax.set_xlim(low - (0.12 * span if low < 0 else 0), high + 0.15 * span)
        ax.axvline(0, color="#555555", linewidth=0.8)
        integer = bool(np.allclose(values, np.round(values)))
        if integer:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for y, v in zip(positions, values):
            ax.text(v, y, f" {v:.0f}" if integer else f" {v:.2f}", va="center",
                    ha="left" if v >= 0 else "right", fontsize=TICK_SIZE - 1)
        _value_grid(ax, "x")
    return fig


def plot_degree_comparison(
    table: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    before: str = "ties_before",
    after: str = "ties_after",
    labels: tuple[str, str] = ("all ties", "backbone"),
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Paired bars: each actor's number of ties before and after the backbone filter.

    ``table`` is :func:`analysis.measure.network.degree_comparison` (name, ties_before,
    ties_after), drawn in its order (first row on top).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["Russia"], "ties_before": [60], "ties_after": [9]})
    >>> fig = plot_degree_comparison(t)
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['Russia']
    """
    if figsize is None:
        figsize = (9, 1.8 + 0.45 * max(len(table), 3))
    fig, [ax] = _new_axes(ax, figsize)
    ax.set_title(title or "Ties per actor, before and after the backbone filter",
                 fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Number of co-mentioned actors (degree)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Actor", fontsize=LABEL_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    if table.empty:
        _note_empty(ax, "no actors")
        return fig
    positions = np.arange(len(table))[::-1]
    first = table[before].astype(float).to_numpy()
    second = table[after].astype(float).to_numpy()
    ax.barh(positions + 0.2, first, height=0.4, color=OTHER_COLOR, label=labels[0])
    ax.barh(positions - 0.2, second, height=0.4, color=_OKABE_ITO[0], label=labels[1])
    ax.set_yticks(positions, [str(v) for v in table["name"]], fontsize=TICK_SIZE)
    vmax = max(float(first.max()), 1.0)
    for y, a, b in zip(positions, first, second):
        ax.text(a, y + 0.2, f" {a:.0f}", va="center", fontsize=TICK_SIZE - 1)
        ax.text(b, y - 0.2, f" {b:.0f}", va="center", fontsize=TICK_SIZE - 1)
    ax.set_xlim(0, vmax * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(-0.6, len(table) - 0.4)
    _value_grid(ax, "x")
    ax.legend(loc="lower right", fontsize=TICK_SIZE, frameon=True, framealpha=0.9)
    return fig
