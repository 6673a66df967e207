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

__all__ += ["plot_heat_table", "plot_stacked_bars", "plot_keyness", "ACTOR_TYPE_COLORS", "VOICE_COLORS"]

# Register types that the actor charts show most often get fixed colours too, so that a
# type has one colour in the bar charts of 02_actors and in the network figures.
for _type, _color in (("igo", "#E69F00"), ("region", "#CC79A7"), ("collective", "#882255")):
    KNOWN_COLORS.setdefault(_type, _color)

#: Colours of the actor-type groups of :func:`analysis.notebook.mentions_by_type`.
ACTOR_TYPE_COLORS: dict[str, str] = {
    "state": KNOWN_COLORS["state"], "igo": KNOWN_COLORS["igo"], "person": KNOWN_COLORS["person"],
    "region": KNOWN_COLORS["region"], "collective": KNOWN_COLORS["collective"],
    "other (in register)": "#D55E00", "not in register": OTHER_COLOR, "ambiguous": "#000000",
}
#: Colours of the voices of a text (analysis.quotes.speaker_spans).
VOICE_COLORS: dict[str, str] = {"narrator": "#0072B2", "reported": "#56B4E9", "quoted": "#E69F00"}


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
        label_chars = max([len(str(i)) for i in data.index] + [1])
        width = 2.0 + 0.085 * label_chars + 1.0 * max(n_cols, 1)
        width = max(width, 0.55 * len(title or "") * TITLE_SIZE / 72 + 1.0)  # room for the title
        figsize = (min(max(width, 6.0), 15.0), 2.0 + 0.42 * max(n_rows, 2))
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
    stack: str | list[str] | tuple[str, ...],
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

    A wide table works too: give the segment columns as a list, ``stack=["direct",
    "indirect"]`` (they are the segments, in that order); ``value`` then only names the
    x axis.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"doc": ["a", "a", "b"], "voice": ["quoted", "narrator", "narrator"],
    ...                   "words": [5, 10, 30]})
    >>> fig = plot_stacked_bars(t, "doc", "voice", "words", title="Words")
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['b', 'a']
    """
    if isinstance(stack, (list, tuple)):
        columns = list(stack)
        stack_order = columns if stack_order is None else stack_order
        table = table.melt(id_vars=[label], value_vars=columns, var_name="_segment", value_name="_value")
        stack, value_name, value = "_segment", value, "_value"
        legend_title = legend_title if legend_title is not None else ""
        xlabel = xlabel if xlabel is not None else value_name.replace("_", " ").capitalize()
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
    integer = bool(np.allclose(left, np.round(left)))
    if integer:
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:,.0f}")
    if totals:
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
    zmax = float(top["z"].abs().max()) if len(top) else 1.0
    xmax = max(zmax, 1.96) * 1.15  # one scale for both panels, with room for the 1.96 line
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
        ax.set_xlim(0, xmax)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        for y, v in zip(positions, z):
            ax.text(v, y, f" {v:.1f}", va="center", ha="left", fontsize=TICK_SIZE - 1)
        ax.axvline(1.96, color="#555555", linestyle="--", linewidth=1, label="|z| = 1.96")
        ax.legend(loc="lower right", fontsize=TICK_SIZE - 1, frameon=False)
    return fig


# =======================================================================================
# --- timeline ---
# (section owned by the 05-06 helper: charts for 05_co_mention_networks and 06_timeline)
# =======================================================================================

import calendar as _calendar  # noqa: E402 - this section's own imports
import datetime as _dt  # noqa: E402
import re as _re  # noqa: E402

from matplotlib.ticker import MaxNLocator  # noqa: E402

__all__ += ["plot_tie_rankings", "plot_degree_comparison", "plot_reference_timeline",
            "plot_references_by_decade", "plot_agreement_dates", "decimal_year"]

#: Colours of the precision of a referenced date (analysis.timeline.dated_references).
PRECISION_COLORS: dict[str, str] = {"day": "#D55E00", "month": "#E69F00", "year": "#0072B2",
                                    "decade": "#56B4E9"}


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

    Both tables come from :func:`analysis.network.top_ties` (columns source_name,
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
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(1, 2)
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
            ax.text(0.5, 0.5, "no ties", ha="center", va="center", transform=ax.transAxes,
                    fontsize=LABEL_SIZE)
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
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
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

    ``table`` is :func:`analysis.network.degree_comparison` (name, ties_before,
    ties_after), drawn in its order (first row on top).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["Russia"], "ties_before": [60], "ties_after": [9]})
    >>> fig = plot_degree_comparison(t)
    >>> [x.get_text() for x in fig.axes[0].get_yticklabels()]
    ['Russia']
    """
    if figsize is None:
        figsize = (9, 1.8 + 0.45 * max(len(table), 3))
    fig, ax = _new_axes(ax, figsize)
    ax.set_title(title or "Ties per actor, before and after the backbone filter",
                 fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Number of co-mentioned actors (degree)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Actor", fontsize=LABEL_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    if table.empty:
        ax.text(0.5, 0.5, "no actors", ha="center", va="center", transform=ax.transAxes,
                fontsize=LABEL_SIZE)
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
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", fontsize=TICK_SIZE, frameon=True, framealpha=0.9)
    return fig


def decimal_year(date: str, precision: str | None = None) -> float:
    """The middle of what an ISO date (or a year) covers, as a year with a fraction.

    >>> decimal_year("1997"), decimal_year("1997-07"), decimal_year("1930", "decade")
    (1997.5, 1997.5416666666667, 1935.0)
    """
    date = str(date)
    year = int(date[:4])
    if precision == "decade":
        return year + 5.0
    if len(date) >= 10:
        day = _dt.date.fromisoformat(date[:10])
        days = 366 if _calendar.isleap(year) else 365
        return year + (day.timetuple().tm_yday - 0.5) / days
    if len(date) >= 7:
        return year + (int(date[5:7]) - 0.5) / 12
    return year + 0.5


def _date_span(date: str) -> tuple[float, float] | None:
    """The interval a document date covers (a day, a month or a year), in decimal years."""
    date = str(date or "")
    if not _re.match(r"^\d{4}", date):
        return None
    year = int(date[:4])
    if len(date) >= 10:
        mid = decimal_year(date)
        return mid, mid
    if len(date) >= 7:
        month = int(date[5:7])
        return year + (month - 1) / 12, year + month / 12
    return float(year), year + 1.0


def plot_reference_timeline(
    references: pd.DataFrame,
    documents: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    max_documents: int = 30,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """What each document refers back to: one row per document, referenced dates on a year axis.

    ``references`` is :func:`analysis.timeline.dated_references`; ``documents`` has doc_id,
    date and date_status (:func:`analysis.timeline.document_lags`) or date_basis
    (:func:`analysis.corpus.documents_table`). Each dot is a referenced date, coloured by
    its precision (a decade is a bar over its ten years; larger dots: several references to
    the same date: area ~ square root of the number). The diamond is the document's own date, filled when stated in the
    document, hollow when inferred; a date known only to the month or year is drawn as a
    bracket over that month or year. A grey line joins a document's earliest reference to
    its own date: its length is the longest look back. Rows are sorted by the documents'
    own dates (oldest on top); with more than ``max_documents`` documents, those with most
    references are drawn and the title says so.
    """
    from analysis.timeline import date_status as _status  # plots sits after timeline

    docs = documents.copy()
    docs["date"] = docs["date"].fillna("").astype(str)
    if "date_status" not in docs.columns:
        docs["date_status"] = docs.get("date_basis", pd.Series("", index=docs.index)).fillna("").map(_status)
    counts = references.groupby("doc_id").size() if len(references) else pd.Series(dtype=int)
    docs["references"] = docs["doc_id"].map(counts).fillna(0).astype(int)
    n_all = len(docs)
    if n_all > max_documents:
        docs = docs.sort_values(["references", "doc_id"], ascending=[False, True], kind="mergesort")
        docs = docs.head(max_documents)
    docs = docs.sort_values(["date", "doc_id"], kind="mergesort").reset_index(drop=True)
    if figsize is None:
        figsize = (12, 2.2 + 0.38 * max(len(docs), 3))
    fig, ax = _new_axes(ax, figsize)
    if title is None:
        title = "What the documents refer back to"
        if n_all > len(docs):
            title += f"\n(the {len(docs)} documents with most dated references, of {n_all})"
    ax.set_title(title, fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Year referred to (and the document's own date)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Document (sorted by its own date)", fontsize=LABEL_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    if docs.empty:
        ax.text(0.5, 0.5, "no documents", ha="center", va="center", transform=ax.transAxes)
        return fig
    row_of = {d: i for i, d in enumerate(docs["doc_id"])}
    y_of = {d: len(docs) - 1 - i for d, i in row_of.items()}  # first row on top
    refs = references[references["doc_id"].isin(row_of)]
    xs: list[float] = []
    # lines from the earliest reference to the document's date
    for doc in docs.itertuples(index=False):
        span = _date_span(doc.date)
        own = refs[refs["doc_id"] == doc.doc_id]
        if span is not None and len(own):
            first = min(decimal_year(r.date, r.precision) - (5 if r.precision == "decade" else 0)
                        for r in own.itertuples(index=False))
            ax.plot([first, span[0]], [y_of[doc.doc_id]] * 2, color="#cccccc", linewidth=1.2, zorder=1)
    # references: decades as bars, other dates as dots sized by how often they are cited
    for precision in ("decade", "year", "month", "day"):
        part = refs[refs["precision"] == precision]
        if part.empty:
            continue
        color = PRECISION_COLORS[precision]
        if precision == "decade":
            for r in part.drop_duplicates(["doc_id", "date"]).itertuples(index=False):
                x0 = float(int(r.date[:4]))
                ax.plot([x0, x0 + 10], [y_of[r.doc_id]] * 2, color=color, linewidth=7, alpha=0.6,
                        solid_capstyle="butt", zorder=2)
                xs += [x0, x0 + 10]
            continue
        grouped = part.groupby(["doc_id", "date"]).size().reset_index(name="n")
        x = np.array([decimal_year(d, precision) for d in grouped["date"]])
        y = np.array([y_of[d] for d in grouped["doc_id"]])
        ax.scatter(x, y, s=30 * np.sqrt(grouped["n"].to_numpy()), color=color, alpha=0.85,
                   edgecolors="white", linewidths=0.6, zorder=3)
        xs += list(x)
    # the documents' own dates
    for doc in docs.itertuples(index=False):
        span = _date_span(doc.date)
        if span is None:
            continue
        y = y_of[doc.doc_id]
        stated = doc.date_status == "stated"
        if span[1] > span[0]:
            ax.plot([span[0], span[1]], [y, y], color="black", linewidth=1.2, zorder=4)
            for end in span:
                ax.plot([end, end], [y - 0.25, y + 0.25], color="black", linewidth=1.2, zorder=4)
        ax.scatter([(span[0] + span[1]) / 2], [y], marker="D", s=55, zorder=5,
                   facecolors="black" if stated else "white", edgecolors="black", linewidths=1.3)
        xs += list(span)
    labels = [f"{d} ({date or 'no date'})" for d, date in zip(docs["doc_id"], docs["date"])]
    ax.set_yticks([y_of[d] for d in docs["doc_id"]], labels, fontsize=TICK_SIZE)
    ax.set_ylim(-0.7, len(docs) - 0.3)
    if xs:
        low, high = min(xs), max(xs)
        pad = max(2.0, 0.03 * (high - low))
        ax.set_xlim(low - pad, high + pad)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}")
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=PRECISION_COLORS[p],
                      markeredgecolor="white", label=f"referenced {p}")
               for p in ("day", "month", "year")]
    handles.append(Line2D([], [], color=PRECISION_COLORS["decade"], linewidth=7, alpha=0.6,
                          label="referenced decade"))
    handles.append(Line2D([], [], marker="D", linestyle="", markersize=8, markerfacecolor="black",
                          markeredgecolor="black", label="document date, stated"))
    handles.append(Line2D([], [], marker="D", linestyle="", markersize=8, markerfacecolor="white",
                          markeredgecolor="black", label="document date, inferred"))
    handles.append(Line2D([], [], color="#cccccc", linewidth=1.2, label="look back (earliest\nreference to date)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=TICK_SIZE,
              frameon=False, alignment="left")
    return fig


def plot_references_by_decade(
    table: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    value: str = "references",
    figsize: tuple[float, float] = (11, 4.8),
) -> Figure:
    """Bars: dated references per decade referred to, on a true time axis (empty decades stay empty).

    ``table`` is :func:`analysis.timeline.references_by_decade` (decade, references, ...).

    >>> import pandas as pd
    >>> fig = plot_references_by_decade(pd.DataFrame({"decade": [1930, 2020], "references": [2, 9]}))
    >>> fig.axes[0].get_xlabel()
    'Decade referred to'
    """
    fig, ax = _new_axes(ax, figsize)
    ax.set_title(title or "When do the references point to?", fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Decade referred to", fontsize=LABEL_SIZE)
    ax.set_ylabel("Dated references", fontsize=LABEL_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    if table.empty:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(0.5, 0.5, "no dated references", ha="center", va="center", transform=ax.transAxes,
                fontsize=LABEL_SIZE)
        return fig
    decades = table["decade"].astype(int).to_numpy()
    values = table[value].astype(float).to_numpy()
    ax.bar(decades + 5, values, width=8.5, color=_OKABE_ITO[0], edgecolor="white")
    if len(table) <= 30:
        for x, v in zip(decades, values):
            ax.text(x + 5, v, f"{v:.0f}", ha="center", va="bottom", fontsize=TICK_SIZE - 1)
    low, high = int(decades.min()), int(decades.max()) + 10
    ax.set_xlim(low - 5, high + 5)
    span = high - low
    step = 10 if span <= 120 else 20 if span <= 250 else 50
    ticks = np.arange(low // step * step, high + 1, step)
    ax.set_xticks(ticks, [f"{t}s" if step == 10 else f"{t}" for t in ticks], fontsize=TICK_SIZE,
                  rotation=45 if len(ticks) > 12 else 0)
    ax.set_ylim(0, values.max() * 1.12 if values.max() > 0 else 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig


def plot_agreement_dates(
    table: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    documents_span: tuple[float, float] | None = None,
    top: int = 25,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Named agreements and events at the year written next to them (one row each).

    ``table`` is :func:`analysis.timeline.agreement_dates` (name, type, mentions, year,
    years); undated names are left out. Dot area grows with the number of mentions (dated
    or not), colour is the register type, the year is written next to the dot; other years
    written next to the same name are small grey dots.
    ``documents_span`` (first and last year of the documents' own dates) is shaded, to
    show how far back each name reaches. With more than ``top`` dated names, the most
    mentioned are drawn and the title says so. Rows are sorted by year (earliest on top).
    """
    dated = table[table["year"].notna()].copy()
    n_all = len(dated)
    if n_all > top:
        dated = dated.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort").head(top)
    dated = dated.sort_values(["year", "name"], kind="mergesort").reset_index(drop=True)
    if figsize is None:
        figsize = (11, 2.0 + 0.38 * max(len(dated), 3))
    fig, ax = _new_axes(ax, figsize)
    if title is None:
        title = "Named agreements and events, at the year written next to them"
        if n_all > len(dated):
            title += f"\n(the {len(dated)} most mentioned of {n_all} dated names)"
    ax.set_title(title, fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Year written next to the name", fontsize=LABEL_SIZE)
    ax.set_ylabel("Agreement or event (register name)", fontsize=LABEL_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    if dated.empty:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(0.5, 0.5, "no dated agreements or events", ha="center", va="center",
                transform=ax.transAxes, fontsize=LABEL_SIZE)
        return fig
    colors = category_colors(table["type"])
    positions = np.arange(len(dated))[::-1]
    mentions = dated["mentions"].astype(float).to_numpy()
    sizes = 40 + 260 * np.sqrt(mentions / mentions.max())
    xs: list[float] = []
    for y, r in zip(positions, dated.itertuples(index=False)):
        others = [int(v) for v in str(r.years).split(";") if v and int(v) != int(r.year)]
        if others:
            ax.scatter(others, [y] * len(others), s=20, color=OTHER_COLOR, zorder=2)
            xs += others
        xs.append(int(r.year))
    ax.scatter(dated["year"].astype(int).to_numpy(), positions, s=sizes,
               color=[colors.get(t, OTHER_COLOR) for t in dated["type"]], edgecolors="white",
               linewidths=0.8, zorder=3)
    for y, r, size in zip(positions, dated.itertuples(index=False), sizes):
        t = ax.annotate(f"{int(r.year)}", (int(r.year), y), xytext=(math.sqrt(size) / 2 + 3, 0),
                        textcoords="offset points", va="center", fontsize=TICK_SIZE - 1, zorder=4)
        _outlined(t)
    ax.set_yticks(positions, [_wrap(n, 45) for n in dated["name"]], fontsize=TICK_SIZE)
    ax.set_ylim(-0.7, len(dated) - 0.3)
    if documents_span is not None:
        ax.axvspan(documents_span[0], documents_span[1], color="#f0e0c0", alpha=0.7, zorder=0)
        xs += list(documents_span)
    low, high = min(xs), max(xs)
    pad = max(3.0, 0.04 * (high - low))
    ax.set_xlim(low - pad, high + pad)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=colors[t],
                      markeredgecolor="white", label=str(t))
               for t in sorted(set(dated["type"]), key=_sort_key)]
    if documents_span is not None:
        from matplotlib.patches import Patch
        handles.append(Patch(facecolor="#f0e0c0", label="when the documents\nwere written"))
    ax.legend(handles=handles, title="Type", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize=TICK_SIZE, title_fontsize=LABEL_SIZE, frameon=False, alignment="left")
    return fig
