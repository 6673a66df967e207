"""Charts of statements and stance: who supports which frame, who agrees with whom.

* :func:`plot_stance_matrix` -- actors x frames, each cell support minus opposition
  (blue: support, red: opposition), the table of
  :func:`analysis.measure.network.stance_matrix`;
* :func:`plot_statement_network` -- a congruence, conflict or subtract network of
  :func:`analysis.measure.network.statement_network`: tie width by weight, blue ties of
  agreement and red ties of disagreement, nodes coloured by group;
* :func:`plot_window_series` -- one value per time window
  (:func:`analysis.measure.network.time_window_summary`);
* :func:`plot_polarisation` -- observed against expected ties within and between groups
  (:func:`analysis.measure.network.polarisation_table`).

Colours: support / agreement is the palette's blue, opposition / disagreement its
vermillion, everywhere (:data:`STANCE_COLORS`). Each chart draws the table it is given;
the notebook shows that table next to it.

>>> import pandas as pd
>>> fig = plot_stance_matrix(pd.DataFrame({"sanctions": [2, -1]}, index=["France", "Cuba"]))
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['France', 'Cuba']
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.plots.layout import _layout
from analysis.plots.style import (
    LABEL_SIZE,
    OTHER_COLOR,
    TICK_SIZE,
    TITLE_SIZE,
    category_colors,
    _heatmap_axes,
    _new_axes,
    _note_empty,
    _outlined,
    _set_title,
    _sort_key,
    _value_grid,
)

__all__ = [
    "STANCE_COLORS", "plot_polarisation", "plot_stance_matrix", "plot_statement_network",
    "plot_window_series",
]

#: Support (agreement) and opposition (disagreement) in every chart of statements.
STANCE_COLORS: dict[str, str] = {"support": "#0072B2", "oppose": "#D55E00", "neutral": OTHER_COLOR,
                                 "agree": "#0072B2", "disagree": "#D55E00"}
_DIVERGING = LinearSegmentedColormap.from_list(
    "stance", [STANCE_COLORS["oppose"], "#f7f7f7", STANCE_COLORS["support"]])


def plot_stance_matrix(
    matrix: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = "Who supports and who opposes which frame?",
    *,
    mixed: pd.DataFrame | None = None,
    xlabel: str = "Frame",
    ylabel: str = "Actor",
    wrap: int = 16,
) -> Figure:
    """Actors (rows) x frames (columns), each cell support minus opposition.

    ``matrix`` is :func:`~analysis.measure.network.stance_matrix`'s wide table. Blue
    cells: more support than opposition, red: more opposition, white: as much of both
    (or no statement); the number is written in the cell, an empty cell is "·". With
    ``mixed`` (a table of the same shape, True where the actor both supported and
    opposed the frame) those cells get a "±" after the number.
    """
    data = matrix.astype(float)
    n_rows, n_cols = data.shape
    label_chars = max([len(str(i)) for i in data.index] + [1])
    figsize = (min(max(2.5 + 0.085 * label_chars + 1.0 * max(n_cols, 1), 6.5), 15.0),
               2.2 + 0.42 * max(n_rows, 2))
    fig, [ax] = _new_axes(ax, figsize)
    ax.set_title(title or "", fontsize=TITLE_SIZE, fontweight="bold")
    if data.empty:
        _note_empty(ax, "no statements to show", axis_off=True)
        return fig
    values = data.to_numpy()
    limit = float(np.abs(values).max()) or 1.0
    image = ax.imshow(values, cmap=_DIVERGING, vmin=-limit, vmax=limit, aspect="auto")
    _heatmap_axes(ax, data, xlabel, ylabel, wrap)
    marks = mixed.reindex(index=data.index, columns=data.columns).fillna(False).to_numpy() \
        if mixed is not None else np.zeros_like(values, dtype=bool)
    for i in range(n_rows):
        for j in range(n_cols):
            v = values[i, j]
            text = f"{v:+.0f}" if v else ("±" if marks[i, j] else "·")
            if v and marks[i, j]:
                text += " ±"
            color = "white" if abs(v) > 0.6 * limit else "black"
            ax.text(j, i, text, ha="center", va="center", fontsize=TICK_SIZE, color=color)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
    bar.ax.tick_params(labelsize=TICK_SIZE - 1)
    bar.set_label("support − opposition (statements)", fontsize=LABEL_SIZE - 1)
    return fig


def plot_statement_network(
    G: nx.Graph,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    groups: Mapping[Any, Any] | None = None,
    group_label: str = "Group",
    top_labels: int = 20,
    seed: int = 42,
    layout: Literal["spring", "kamada_kawai"] = "spring",
    drop_isolates: bool = True,
    figsize: tuple[float, float] = (11, 8.5),
) -> Figure:
    """Draw a statement network: blue ties of agreement, red ties of disagreement.

    The tie width grows with ``|weight|``; in a ``subtract`` network a positive weight is
    drawn blue and a negative one red, in a ``conflict`` network every tie is red. Node
    area grows with the actor's number of statements; the ``top_labels`` actors with
    most statements are labelled. ``groups`` (actor -> group, e.g. a membership mapping
    or a community table turned into a dict) colours the nodes; actors without a group
    are grey. The layout is seeded (spring, on ``|weight|``), so the same network gives
    the same picture; isolates are left out by default.

    >>> from analysis.measure.network.statements import statement_network, toy_statements
    >>> G = statement_network(toy_statements([("d", "A", "f", "support"), ("d", "B", "f", "oppose")]), "conflict")
    >>> plot_statement_network(G).get_suptitle()
    'Conflict network: 2 actors, 1 tie'
    """
    fig, axes = _new_axes(ax, figsize, panels=2, width_ratios=[5, 1])
    ax, legend_ax = axes[0], (axes[1] if len(axes) > 1 else None)
    ax.set_axis_off()
    if legend_ax is not None:
        legend_ax.set_axis_off()
    kind = str(G.graph.get("kind", "statement"))
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, {**d, "_w": abs(float(d.get("weight", 1.0)))})
                     for u, v, d in G.edges(data=True))
    if drop_isolates and H.number_of_edges() > 0:
        H.remove_nodes_from([n for n in list(H.nodes) if H.degree(n) == 0])
    if title is None:
        ties = H.number_of_edges()
        title = (f"{kind.capitalize()} network: {H.number_of_nodes()} actors, "
                 f"{ties} tie{'s' if ties != 1 else ''}")
    _set_title(fig, ax, title, over_figure=legend_ax is not None)
    if H.number_of_nodes() == 0:
        _note_empty(ax, "no actors to draw")
        return fig
    pos = _layout(H, layout, seed, "_w")
    nodes = sorted(H.nodes, key=str)

    edges = sorted(H.edges(data=True), key=lambda e: (e[2]["_w"], str(e[0]), str(e[1])))
    if edges:
        w = np.array([d["_w"] for _, _, d in edges])
        rel = w / w.max() if w.max() > 0 else np.ones_like(w)
        segments = [(pos[u], pos[v]) for u, v, _ in edges]
        colors = []
        for (_, _, d), r in zip(edges, rel):
            negative = kind == "conflict" or float(d.get("weight", 0)) < 0
            base = STANCE_COLORS["disagree" if negative else "agree"]
            rgb = tuple(int(base[k:k + 2], 16) / 255 for k in (1, 3, 5))
            colors.append((*rgb, 0.25 + 0.6 * r))
        ax.add_collection(LineCollection(segments, linewidths=0.6 + 6.0 * rel, colors=colors, zorder=1))

    values = np.array([float(H.nodes[n].get("statements", 1) or 0) for n in nodes])
    vmax = values.max() if values.max() > 0 else 1.0
    sizes = 60 + 1500 * np.sqrt(values / vmax)
    membership = {n: (groups or {}).get(n) for n in nodes}
    palette = category_colors(membership.values(), fixed={})
    node_colors = [palette.get(membership[n], OTHER_COLOR) if membership[n] is not None else OTHER_COLOR
                   for n in nodes]
    xy = np.array([pos[n] for n in nodes])
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=node_colors, edgecolors="white", linewidths=1.2, zorder=2)
    ranked = sorted(range(len(nodes)), key=lambda i: (-values[i], str(nodes[i])))
    for i in reversed(ranked[: max(top_labels, 0)]):
        label = textwrap.fill(str(H.nodes[nodes[i]].get("name", nodes[i])), width=18, break_long_words=False)
        _outlined(ax.text(xy[i, 0], xy[i, 1], label, fontsize=LABEL_SIZE - 1, ha="center",
                          va="center", zorder=3, linespacing=0.95))

    handles = [Line2D([], [], color=STANCE_COLORS["agree"], linewidth=3, label="agreement"),
               Line2D([], [], color=STANCE_COLORS["disagree"], linewidth=3, label="disagreement")]
    if kind == "congruence":
        handles = handles[:1]
    elif kind == "conflict":
        handles = handles[1:]
    shown = sorted({g for g in membership.values() if g is not None}, key=_sort_key)
    group_handles = [Line2D([], [], marker="o", linestyle="", markersize=10, markerfacecolor=palette[g],
                            markeredgecolor="white", label=str(g)) for g in shown]
    if groups is not None and any(g is None for g in membership.values()):
        group_handles.append(Line2D([], [], marker="o", linestyle="", markersize=10,
                                    markerfacecolor=OTHER_COLOR, markeredgecolor="white", label="(none)"))
    style = {"fontsize": TICK_SIZE, "title_fontsize": LABEL_SIZE, "alignment": "left"}
    target = legend_ax if legend_ax is not None else ax
    tie_legend = target.legend(handles=handles, title="Ties", loc="upper left", frameon=False, **style)
    if group_handles:
        target.add_artist(tie_legend)
        target.legend(handles=group_handles, title=group_label, loc="lower left", frameon=False, **style)
    ax.margins(0.08)
    ax.autoscale_view()
    ax.set_aspect("equal", adjustable="datalim")
    return fig


def plot_window_series(
    summary: pd.DataFrame,
    value: str = "ties",
    ax: Axes | None = None,
    title: str | None = None,
    *,
    ylabel: str | None = None,
) -> Figure:
    """One point per time window of :func:`~analysis.measure.network.time_window_summary`:
    ``value`` (ties, statements, total_weight, polarisation ...) against the window's
    start date, the windows in order, joined by a line.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"window": [1, 2], "window_start": ["2020-01-01", "2020-04-01"],
    ...                   "window_end": ["2021-01-01", "2021-04-01"], "ties": [3, 5]})
    >>> plot_window_series(s).axes[0].get_ylabel()
    'Ties'
    """
    fig, [ax] = _new_axes(ax, (9, 4.2))
    ax.set_title(title or f"{value.replace('_', ' ').capitalize()} per time window",
                 fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_ylabel(ylabel or value.replace("_", " ").capitalize(), fontsize=LABEL_SIZE)
    ax.set_xlabel("Window (start date)", fontsize=LABEL_SIZE)
    if summary.empty:
        _note_empty(ax, "no dated statements")
        return fig
    table = summary.sort_values("window", kind="mergesort")
    x = np.arange(len(table))
    y = table[value].astype(float).to_numpy()
    ax.plot(x, y, color=STANCE_COLORS["support"], marker="o", linewidth=2)
    step = max(1, math.ceil(len(table) / 12))  # at most about 12 date labels
    ax.set_xticks(x[::step], table["window_start"].astype(str).to_numpy()[::step],
                  rotation=30 if len(table) > 4 else 0, ha="right" if len(table) > 4 else "center",
                  fontsize=TICK_SIZE)
    ax.tick_params(axis="y", labelsize=TICK_SIZE)
    _value_grid(ax, "y")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def plot_polarisation(table: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Figure:
    """Observed against expected ties, block by block (:func:`polarisation_table`):
    congruence within each group, conflict between groups; paired horizontal bars.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"block": ["within x"], "compared": ["congruence"], "observed": [2.0], "expected": [1.0]})
    >>> [t.get_text() for t in plot_polarisation(t).axes[0].get_yticklabels()]
    ['within x (congruence)']
    """
    height = 1.8 + 0.55 * max(len(table), 2)
    fig, [ax] = _new_axes(ax, (9, height))
    ax.set_title(title or "Observed and expected ties, within and between groups",
                 fontsize=TITLE_SIZE, fontweight="bold")
    if table.empty:
        _note_empty(ax, "no groups to compare", axis_off=True)
        return fig
    y = np.arange(len(table))[::-1]
    labels = [f"{b} ({c})" for b, c in zip(table["block"], table["compared"])]
    colors = [STANCE_COLORS["agree" if c == "congruence" else "disagree"] for c in table["compared"]]
    ax.barh(y + 0.2, table["observed"], height=0.38, color=colors, label="observed")
    ax.barh(y - 0.2, table["expected"], height=0.38, color=OTHER_COLOR, label="expected (even spread)")
    ax.set_yticks(y, labels, fontsize=TICK_SIZE)
    ax.set_xlabel("Sum of tie weights over the block's dyads", fontsize=LABEL_SIZE)
    ax.tick_params(axis="x", labelsize=TICK_SIZE)
    _value_grid(ax, "x")
    ax.legend(fontsize=TICK_SIZE, frameon=False, loc="lower right")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig
