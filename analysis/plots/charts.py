"""Bar charts and heat tables of counts and rates: documents, frames, voices, distinctive words.

* :func:`plot_words_per_document` -- words per document, coloured by kind (01_corpus);
* :func:`plot_heat_table` -- a wide table drawn as a heat map, values written in the cells
  (02_actors, 03_framing_terms);
* :func:`plot_stacked_bars` -- one bar per label, one segment per category, from a tidy
  or a wide table (02_actors, 04_voices);
* :func:`plot_keyness` -- the distinctive terms of two groups, side by side (03, 04).

Each draws the table a notebook shows next to it, in the table's terms: bars are sorted
and capped (``top``) the same way, and the title says when rows were left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from analysis.plots.style import (
    LABEL_SIZE,
    _OKABE_ITO,
    OTHER_COLOR,
    TICK_SIZE,
    TITLE_SIZE,
    category_colors,
    _heatmap_axes,
    _new_axes,
    _note_empty,
    _sort_key,
    _value_grid,
    _wrap,
)

__all__ = ["plot_words_per_document", "plot_heat_table", "plot_stacked_bars", "plot_keyness"]


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
    fig, [ax] = _new_axes(ax, figsize)
    if title is None:
        title = "Words per document, by kind" if color_by else "Words per document"
        if n_all > len(data):
            title += f"\n(the {len(data)} longest of {n_all} documents)"
    ax.set_title(title, fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Words in analysed sentences", fontsize=LABEL_SIZE)
    ax.set_ylabel("Document", fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    if data.empty:
        _note_empty(ax, "no documents")
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
    _value_grid(ax, "x")
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
    fig, [ax] = _new_axes(ax, figsize)
    ax.set_title(title or "", fontsize=TITLE_SIZE, fontweight="bold")
    if data.empty:
        _note_empty(ax, "nothing to show", axis_off=True)
        return fig
    values = data.to_numpy()
    finite = values[np.isfinite(values)]
    vmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = ax.imshow(np.nan_to_num(values, nan=0.0), cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    _heatmap_axes(ax, data, xlabel, ylabel, wrap)
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
    fig, [ax] = _new_axes(ax, figsize)
    if title is not None and n_all > len(wide):
        title += f"\n(the {len(wide)} largest of {n_all})"
    ax.set_title(title or "", fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel(xlabel if xlabel is not None else value.replace("_", " ").capitalize(), fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel if ylabel is not None else label.replace("_", " ").capitalize(), fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    if wide.empty:
        _note_empty(ax, "nothing to show")
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
    if integer:  # counts: whole-number ticks only (no 0.5 shown as "0" and "1" twice)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:,.0f}")
    if totals:
        for y, v in zip(positions, left):
            ax.text(v + vmax * 0.01, y, f"{v:,.0f}" if integer else f"{v:,.1f}", va="center",
                    ha="left", fontsize=TICK_SIZE - 1)
    ax.set_xlim(0, vmax * 1.12)
    ax.set_ylim(-0.6, len(wide) - 0.4)
    ax.spines[["top", "right"]].set_visible(False)
    _value_grid(ax, "x")
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

    ``top`` is :func:`analysis.measure.keyness.top_terms` (columns side, term, z); ``labels`` are
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
    fig, axes = _new_axes(None, figsize, panels=2)
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
            _note_empty(ax, "no distinctive terms")
            continue
        z = part["z"].abs().astype(float).to_numpy()
        positions = np.arange(len(part))[::-1]
        ax.barh(positions, z, color=colors[side], height=0.7)
        ax.set_yticks(positions, part["term"].astype(str).tolist(), fontsize=TICK_SIZE)
        ax.set_ylim(-0.6, rows - 0.4 if len(part) < rows else len(part) - 0.4)
        if len(part) < rows:
            ax.set_ylim(len(part) - rows - 0.4, len(part) - 0.4)
        ax.set_xlim(0, xmax)
        _value_grid(ax, "x")
        for y, v in zip(positions, z):
            ax.text(v, y, f" {v:.1f}", va="center", ha="left", fontsize=TICK_SIZE - 1)
        ax.axvline(1.96, color="#555555", linestyle="--", linewidth=1, label="|z| = 1.96")
        ax.legend(loc="lower right", fontsize=TICK_SIZE - 1, frameon=False)
    return fig
