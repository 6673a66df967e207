"""Matplotlib figures: one call per chart, each returns a ``matplotlib.figure.Figure``.

Conventions for every function in this module (please keep them when adding a section):

* ``ax=None`` creates a new figure; pass an ``Axes`` to draw into an existing layout.
* Figures are built with ``matplotlib.figure.Figure`` directly, not ``pyplot``: nothing
  is registered in pyplot's global state, it works under the Agg backend and in scripts
  without ``plt.show()``, and a notebook shows the returned figure exactly once.
  Save with ``fig.savefig("x.png", dpi=150)``.
* Colours come from :func:`category_colors` (sorted categories -> a fixed qualitative
  palette), so the same category gets the same colour in every chart of one graph/table.

Sections: shared helpers | networks. Add new sections at the end, with the same header.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import matplotlib.patheffects as path_effects
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

__all__ = ["category_colors", "plot_network", "plot_centrality"]


# =======================================================================================
# shared helpers
# =======================================================================================

TITLE_SIZE = 14
LABEL_SIZE = 11
TICK_SIZE = 10
OTHER_COLOR = "#b0b0b0"  # for "other" / missing categories

# Colour-blind friendly qualitative palette (Okabe & Ito 2008), then tab20 for more.
_OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
              "#F0E442", "#000000"]


#: Fixed colours for common categories, so that "state" has the same colour in every
#: chart (actor- and state-level graphs, bar charts) whatever else is present.
KNOWN_COLORS: dict[str, str] = {
    "state": "#0072B2", "person": "#009E73", "institution": "#D55E00",
    "organisation": "#E69F00", "organization": "#E69F00", "party": "#CC79A7",
    "media": "#56B4E9",
    # bipartite graphs (analysis.network.actor_frame_network / speaker_frame_network)
    "actor": "#0072B2", "frame": "#E69F00", "speaker": "#009E73",
}


def _palette(n: int, avoid: Iterable[Any] = ()) -> list[Any]:
    avoid = set(avoid)
    free = [c for c in _OKABE_ITO if c not in avoid]
    if n <= len(free):
        return free[:n]
    from matplotlib import colormaps
    tab20 = colormaps["tab20"]
    return [tab20(i % 20) for i in range(n)]


def category_colors(categories: Iterable[Any], max_colors: int = 12,
                    fixed: Mapping[Any, Any] | None = None) -> dict[Any, Any]:
    """Map categories to colours deterministically.

    Categories in ``fixed`` (default :data:`KNOWN_COLORS`) keep their colour; the others
    take the free palette colours in sorted order (numbers numerically: community 2
    before community 10). With more than ``max_colors`` categories the most frequent
    ``max_colors - 1`` get a colour and the rest grey (``OTHER_COLOR``), as do missing
    values (callers look them up with ``.get(value, OTHER_COLOR)``).

    >>> category_colors(["state", "person", "state", "club"])
    {'person': '#009E73', 'state': '#0072B2', 'club': '#E69F00'}
    """
    fixed = KNOWN_COLORS if fixed is None else fixed
    values = [c for c in categories if not _missing(c)]
    counts = pd.Series(values, dtype=object).value_counts(sort=False)
    distinct = sorted(counts.index, key=_sort_key)
    if len(distinct) > max_colors:
        ranked = sorted(distinct, key=lambda c: (-counts[c], _sort_key(c)))
        keep = set(ranked[: max_colors - 1])
        distinct = [c for c in distinct if c in keep]
    colors = {c: fixed[c] for c in distinct if isinstance(c, str) and c in fixed}
    rest = [c for c in distinct if c not in colors]
    colors.update(zip(rest, _palette(len(rest), avoid=colors.values())))
    for c in counts.index:
        colors.setdefault(c, OTHER_COLOR)
    return colors


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _sort_key(value: Any) -> tuple[int, Any]:
    # numbers before strings, numbers numerically (community 2 before community 10)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return (0, float(value))
    return (1, str(value))


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _outlined(text_artist: Any) -> None:
    """White halo so labels stay readable over edges and nodes."""
    text_artist.set_path_effects([path_effects.withStroke(linewidth=3, foreground="white")])


# =======================================================================================
# networks
# =======================================================================================

_MEASURE_LABELS = {
    "weighted_degree": "Weighted degree (sum of co-mention counts)",
    "degree": "Degree (number of co-mentioned actors)",
    "betweenness": "Betweenness centrality (normalised)",
    "eigenvector": "Eigenvector centrality",
    "pagerank": "PageRank",
    "mentions": "Mentions",
}


def _community_map(G: nx.Graph, communities: Any, seed: int, weight: str) -> dict[Any, Any]:
    if communities is None:
        from analysis.network import communities as louvain  # plots sits after network
        communities, _ = louvain(G, seed=seed, weight=weight)
    if isinstance(communities, pd.DataFrame):
        return dict(zip(communities["id"], communities["community"]))
    if isinstance(communities, Mapping):
        return dict(communities)
    # a list of sets, as returned by networkx
    return {n: i for i, part in enumerate(communities, start=1) for n in part}


def _component_layout(G: nx.Graph, layout: str, seed: int,
                      weight: str) -> dict[Any, np.ndarray]:
    if G.number_of_nodes() == 1:
        return {n: np.zeros(2) for n in G}
    if layout == "spring":
        # Weighted springs pull frequent co-mentions together; a k above the default
        # spreads nodes so that labels overlap less.
        k = 2.0 / math.sqrt(G.number_of_nodes())
        return nx.spring_layout(G, seed=seed, weight=weight, k=k, iterations=300)
    if layout == "kamada_kawai":
        # kamada_kawai reads weights as *distances*; use the topology (deterministic).
        return nx.kamada_kawai_layout(G, weight=None)
    raise ValueError("layout must be 'spring' or 'kamada_kawai'")


def _layout(G: nx.Graph, layout: str, seed: int, weight: str) -> dict[Any, np.ndarray]:
    """Lay out each connected component on its own, then pack them in rows.

    A single spring layout of a disconnected graph (typical after ``backbone``) pushes
    the components far apart and squeezes each into an unreadable clump.
    """
    if layout not in ("spring", "kamada_kawai"):
        raise ValueError("layout must be 'spring' or 'kamada_kawai'")
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)),
                   key=lambda c: (-len(c), str(c[0])))
    largest = len(comps[0])
    row_width = 2.2 * 2 if len(comps) > 1 else math.inf  # room for ~2 large components
    pos: dict[Any, np.ndarray] = {}
    x = y = row_height = 0.0
    for comp in comps:
        sub = G.subgraph(comp).copy()
        p = _component_layout(sub, layout, seed, weight)
        xy = np.array([p[n] for n in comp], dtype=float)
        xy -= xy.mean(axis=0)
        extent = np.abs(xy).max() or 1.0
        radius = math.sqrt(len(comp) / largest)  # area of a component ~ its node count
        xy = xy / extent * radius
        size = 2 * radius + 0.4  # diameter plus a gap
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        center = np.array([x + size / 2, y - size / 2])
        for n, c in zip(comp, xy):
            pos[n] = c + center
        x += size
        row_height = max(row_height, size)
    return pos


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
    from :func:`analysis.network.communities`, a dict or a list of sets -- or computes
    Louvain communities with ``seed``). The layout is seeded, so the same graph gives the
    same picture. Isolates are left out by default (they have no position to explain).
    Connected components are laid out separately and packed side by side.

    A sentence-level graph of a whole corpus is usually a hairball: draw
    ``backbone(G)`` (the disparity-filter backbone) instead, or raise ``min_count``.

    Remember when reading it: distance and edges show co-mention, not alliance.

    >>> from analysis.network import build_network
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["d"] * 4, "paragraph_id": [0] * 4,
    ...                   "sentence_id": [0, 0, 1, 1], "actor_id": ["RUS", "USA", "RUS", "CHN"],
    ...                   "actor_name": ["Russia", "USA", "Russia", "China"],
    ...                   "actor_type": ["state"] * 4})
    >>> fig = plot_network(build_network(m))
    >>> fig.get_suptitle()
    'Co-mention network (sentence level): 3 actors, 2 links'
    """
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        ax, legend_ax = fig.subplots(1, 2, width_ratios=[5, 1])
        legend_ax.set_axis_off()
    else:  # the caller's layout: legends go inside their axes
        fig, legend_ax = ax.figure, None
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
    if legend_ax is not None:  # centred over the whole figure, legend column included
        fig.suptitle(title, fontsize=TITLE_SIZE, fontweight="bold")
    else:
        ax.set_title(title, fontsize=TITLE_SIZE, fontweight="bold")
    if H.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no actors to draw", ha="center", va="center",
                fontsize=LABEL_SIZE, transform=ax.transAxes)
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
                      markerfacecolor=colors[c], markeredgecolor="white",
                      label=(f"{legend_title} {c}" if color_by == "community" else str(c)))
               for c in sorted(shown, key=_sort_key)]
    if any(_missing(cmap_nodes.get(n)) for n in nodes):
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

    ``table`` is :func:`analysis.network.centrality_table` (or any table with ``id``,
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
    fig, ax = _new_axes(ax, figsize)
    label = _MEASURE_LABELS.get(measure, measure.replace("_", " ").capitalize())
    short = label.split(" (")[0]
    if short.split()[0][1:].islower():  # "Weighted degree" -> "weighted degree",
        short = short[0].lower() + short[1:]  # but "PageRank" stays
    ax.set_title(title or f"Top {len(df)} actors by {short}",
                 fontsize=TITLE_SIZE, fontweight="bold")
    if df.empty:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center",
                transform=ax.transAxes, fontsize=LABEL_SIZE)
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
    for yi, v in zip(y, vals):
        ax.text(v, yi, f" {v:.0f}" if integer else f" {v:.3g}", va="center",
                fontsize=TICK_SIZE - 1)
    ax.set_xlim(0, vals.max() * 1.12 if vals.max() > 0 else 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if colors:
        present = sorted({v for v in df[color_by] if not _missing(v)}, key=_sort_key)
        handles = [Line2D([], [], marker="s", linestyle="", markersize=10,
                          markerfacecolor=colors[c], markeredgecolor=colors[c], label=str(c))
                   for c in present]
        if handles:
            ax.legend(handles=handles, title=color_by.replace("_", " ").capitalize(),
                      loc="lower right", fontsize=TICK_SIZE, title_fontsize=LABEL_SIZE)
    return fig


# =======================================================================================
# --- corpus ---
# (section owned by the notebooks helper: charts for 01_corpus.ipynb)
# =======================================================================================

__all__ += ["plot_words_per_document"]


def plot_words_per_document(
    table: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    label: str = "doc_id",
    value: str = "n_words",
    color_by: str | None = "kind",
    top: int = 25,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Horizontal bars: words per document (longest on top), coloured by kind of document.

    ``table`` is :func:`analysis.notebook.documents_overview` (or any table with the
    ``label``, ``value`` and ``color_by`` columns). With more than ``top`` documents only the
    ``top`` longest are drawn and the title says so. Bars carry their values.
    :func:`analysis.notebook.figure_table` with the same columns gives the table behind it.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"doc_id": ["a", "b"], "kind": ["news", "analysis"], "n_words": [5, 9]})
    >>> fig = plot_words_per_document(t)
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['b', 'a']
    """
    data = table.sort_values(label, kind="mergesort")
    data = data.sort_values(value, ascending=False, kind="mergesort")
    n_all = len(data)
    data = data.head(top)
    if figsize is None:
        figsize = (9, 1.6 + 0.32 * max(len(data), 3))
    fig, ax = _new_axes(ax, figsize)
    if title is None:
        title = "Words per document, by kind" if color_by else "Words per document"
        if n_all > len(data):
            title += f"\n(the {len(data)} longest of {n_all} documents)"
    ax.set_title(title, fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Words in analysed sentences", fontsize=LABEL_SIZE)
    ax.set_ylabel("Document", fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    if data.empty:
        ax.text(0.5, 0.5, "no documents", ha="center", va="center", transform=ax.transAxes)
        return fig
    labels = [str(v) for v in data[label]]
    values = data[value].astype(float).to_numpy()
    positions = np.arange(len(data))[::-1]  # first row on top
    if color_by and color_by in data.columns:
        kinds = data[color_by].fillna("").astype(str).replace("", "unknown")
        colors = category_colors(table[color_by].fillna("").astype(str).replace("", "unknown"))
        bar_colors = [colors[k] for k in kinds]
    else:
        kinds, colors, bar_colors = None, {}, ["#0072B2"] * len(data)
    ax.barh(positions, values, color=bar_colors, edgecolor="white", height=0.75)
    ax.set_yticks(positions, labels)
    vmax = values.max() if values.max() > 0 else 1.0
    for y, v in zip(positions, values):
        ax.text(v + vmax * 0.01, y, f"{v:,.0f}", va="center", ha="left", fontsize=TICK_SIZE)
    ax.set_xlim(0, vmax * 1.15)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:,.0f}")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    if kinds is not None:
        shown = sorted(set(kinds), key=_sort_key)
        handles = [Line2D([], [], marker="s", linestyle="", markersize=10,
                          markerfacecolor=colors[k], markeredgecolor="white", label=k)
                   for k in shown]
        # Outside the axes, on the right: never hides a bar.
        ax.legend(handles=handles, title=color_by.replace("_", " ").capitalize(),
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=TICK_SIZE,
                  title_fontsize=LABEL_SIZE, frameon=False, alignment="left")
    return fig


# =======================================================================================
# --- frames and voices ---
# (section owned by the notebooks helper: charts for 02_actors, 03_framing_terms and
# 04_voices: heat tables, stacked bars, keyness)
# =======================================================================================

__all__ += ["plot_heat_table", "plot_stacked_bars", "plot_keyness"]


def _wrap(label: Any, width: int) -> str:
    return textwrap.fill(str(label), width=width, break_long_words=False) if width else str(label)


def plot_heat_table(
    matrix: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    xlabel: str = "",
    ylabel: str = "",
    value_label: str = "",
    fmt: str = "{:.1f}",
    cmap: str = "Blues",
    wrap: int = 16,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """A table drawn as a heat map: one coloured cell per value, the value written in it.

    ``matrix`` is a wide table: its index labels the rows (top to bottom, in order) and its
    columns label the columns (left to right). Colour darkens with the value (``cmap``,
    from 0 to the largest value); zeros are written in grey. ``fmt`` formats the numbers
    (``"{:.0f}"`` for counts). Column labels are wrapped at ``wrap`` characters. The table
    itself (``matrix``, rounded) is what a notebook shows next to the figure.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"news": [1.5, 0.0], "analysis": [0.2, 3.0]}, index=["reciprocity", "deterrence"])
    >>> fig = plot_heat_table(m, title="Rates")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['reciprocity', 'deterrence']
    """
    data = matrix.astype(float)
    n_rows, n_cols = data.shape
    if figsize is None:
        figsize = (min(3.2 + 1.05 * max(n_cols, 1), 15), 1.9 + 0.42 * max(n_rows, 2))
    fig, ax = _new_axes(ax, figsize)
    ax.set_title(title or "", fontsize=TITLE_SIZE, fontweight="bold")
    if data.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center",
                transform=ax.transAxes, fontsize=LABEL_SIZE)
        return fig
    values = data.to_numpy()
    finite = values[np.isfinite(values)]
    vmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = ax.imshow(np.nan_to_num(values, nan=0.0), cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks(np.arange(n_cols), [_wrap(c, wrap) for c in data.columns],
                  rotation=30 if n_cols > 4 else 0, ha="right" if n_cols > 4 else "center",
                  rotation_mode="anchor", fontsize=TICK_SIZE)
    ax.set_yticks(np.arange(n_rows), [str(i) for i in data.index], fontsize=TICK_SIZE)
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    cell_size = TICK_SIZE if n_cols <= 12 else TICK_SIZE - 2
    for i in range(n_rows):
        for j in range(n_cols):
            v = values[i, j]
            if not np.isfinite(v):
                text, color = "–", "#888888"
            elif v == 0:
                text, color = fmt.format(0.0), "#9a9a9a"
            else:
                text = fmt.format(v)
                color = "white" if v > 0.6 * vmax else "black"
            ax.text(j, i, text, ha="center", va="center", fontsize=cell_size, color=color)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
    bar.ax.tick_params(labelsize=TICK_SIZE - 1)
    if value_label:
        bar.set_label(value_label, fontsize=LABEL_SIZE - 1)
    return fig


def plot_stacked_bars(
    table: pd.DataFrame,
    label: str,
    stack: str,
    value: str,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
    stack_order: Iterable[Any] | None = None,
    colors: Mapping[Any, Any] | None = None,
    top: int = 25,
    legend_title: str | None = None,
    totals: bool = True,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Horizontal stacked bars from a tidy table: one bar per ``label``, one segment per ``stack``.

    Bars are sorted by their total, largest on top (ties by label); with more than
    ``top`` labels only the ``top`` largest are drawn and the title says so. Segments
    follow ``stack_order`` (default: sorted) and take ``colors`` (default
    :func:`category_colors`). With ``totals`` each bar carries its total.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"doc": ["a", "a", "b"], "voice": ["quoted", "narrator", "narrator"],
    ...                   "words": [5, 10, 30]})
    >>> fig = plot_stacked_bars(t, "doc", "voice", "words", title="Words")
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['b', 'a']
    """
    wide = table.pivot_table(index=label, columns=stack, values=value, aggfunc="sum", fill_value=0)
    if stack_order is not None:
        order = [s for s in stack_order if s in wide.columns]
        order += sorted((s for s in wide.columns if s not in order), key=_sort_key)
    else:
        order = sorted(wide.columns, key=_sort_key)
    wide = wide.reindex(columns=order)
    total = wide.sum(axis=1)
    ranked = sorted(wide.index, key=lambda k: (-float(total[k]), _sort_key(k)))
    n_all = len(ranked)
    ranked = ranked[:top]
    wide = wide.loc[ranked]
    if figsize is None:
        figsize = (10, 1.8 + 0.36 * max(len(wide), 3))
    fig, ax = _new_axes(ax, figsize)
    if title is not None and n_all > len(wide):
        title += f"\n(the {len(wide)} largest of {n_all})"
    ax.set_title(title or "", fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel(xlabel if xlabel is not None else value.replace("_", " ").capitalize(), fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel if ylabel is not None else label.replace("_", " ").capitalize(), fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    if wide.empty:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes,
                fontsize=LABEL_SIZE)
        return fig
    palette = dict(colors) if colors is not None else category_colors(order)
    positions = np.arange(len(wide))[::-1]
    left = np.zeros(len(wide))
    for s in order:
        width = wide[s].astype(float).to_numpy()
        ax.barh(positions, width, left=left, color=palette.get(s, OTHER_COLOR), edgecolor="white",
                height=0.75, label=str(s))
        left += width
    ax.set_yticks(positions, [str(k) for k in wide.index])
    vmax = left.max() if left.max() > 0 else 1.0
    if totals:
        integer = bool(np.allclose(left, np.round(left)))
        for y, v in zip(positions, left):
            ax.text(v + vmax * 0.01, y, f"{v:,.0f}" if integer else f"{v:,.1f}", va="center",
                    ha="left", fontsize=TICK_SIZE - 1)
    ax.set_xlim(0, vmax * 1.12)
    ax.set_ylim(-0.6, len(wide) - 0.4)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(title=legend_title if legend_title is not None else stack.replace("_", " ").capitalize(),
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=TICK_SIZE,
              title_fontsize=LABEL_SIZE, frameon=False, alignment="left")
    return fig


def plot_keyness(
    top: pd.DataFrame,
    labels: tuple[str, str],
    title: str | None = None,
    *,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Distinctive terms of two groups, side by side: group b on the left, group a on the right.

    ``top`` is :func:`analysis.keyness.top_terms` (columns side, term, z); ``labels`` are
    the two side labels used there, ``(a, b)``. Bar length is the z-score of the
    log-odds ratio (its absolute value), the most distinctive term of each group on top.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"side": ["A", "B"], "term": ["mutual", "sanctions"], "z": [1.7, -1.6]})
    >>> fig = plot_keyness(t, ("A", "B"))
    >>> [ax.get_title() for ax in fig.axes]
    ['More typical of B', 'More typical of A']
    """
    label_a, label_b = labels
    parts = {side: top[top["side"] == side] for side in (label_a, label_b)}
    rows = max(len(parts[label_a]), len(parts[label_b]), 3)
    if figsize is None:
        figsize = (12, 2.0 + 0.34 * rows)
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(1, 2)
    fig.suptitle(title or f"Distinctive words: {label_a} vs {label_b}", fontsize=TITLE_SIZE,
                 fontweight="bold")
    colors = {label_a: _OKABE_ITO[0], label_b: _OKABE_ITO[1]}
    for ax, side in zip(axes, (label_b, label_a)):
        part = parts[side]
        ax.set_title(f"More typical of {_wrap(side, 40)}", fontsize=LABEL_SIZE + 1)
        ax.set_xlabel("|z| of the log-odds ratio", fontsize=LABEL_SIZE)
        ax.spines[["top", "right"]].set_visible(False)
        if part.empty:
            ax.set_yticks([])
            ax.text(0.5, 0.5, "no distinctive terms", ha="center", va="center",
                    transform=ax.transAxes, fontsize=LABEL_SIZE)
            continue
        z = part["z"].abs().astype(float).to_numpy()
        positions = np.arange(len(part))[::-1]
        ax.barh(positions, z, color=colors[side], height=0.7)
        ax.set_yticks(positions, part["term"].astype(str).tolist(), fontsize=TICK_SIZE)
        ax.set_ylim(-0.6, rows - 0.4 if len(part) < rows else len(part) - 0.4)
        if len(part) < rows:
            ax.set_ylim(len(part) - rows - 0.4, len(part) - 0.4)
        ax.set_xlim(0, z.max() * 1.15)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        for y, v in zip(positions, z):
            ax.text(v, y, f" {v:.1f}", va="center", ha="left", fontsize=TICK_SIZE - 1)
    return fig
