"""The shared look of every chart: text sizes, colours, the figure factory and label helpers.

Everything a chart needs to look like the others lives here, so that a change of style is
made once:

* sizes: :data:`TITLE_SIZE`, :data:`LABEL_SIZE`, :data:`TICK_SIZE`;
* colours: a colour-blind friendly qualitative palette (Okabe & Ito 2008, then tab20),
  fixed colours for the categories that recur across charts (:data:`KNOWN_COLORS`,
  :data:`ACTOR_TYPE_COLORS`, :data:`VOICE_COLORS`, :data:`PRECISION_COLORS`), grey for
  "other" and missing values (:data:`OTHER_COLOR`), and :func:`category_colors`, which maps
  the categories of one chart onto them deterministically;
* :func:`_new_axes`, the one way a plot function gets its figure and axes (a new
  ``Figure``, not ``pyplot``, or the caller's ``Axes``);
* :func:`_sort_key` (numbers numerically, before strings), :func:`_outlined` (a white halo
  around text) and :func:`_wrap` (wrap long labels).

>>> category_colors([2, 10, None])
{2: '#0072B2', 10: '#E69F00'}
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib.patheffects as path_effects
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.schema import is_blank

__all__ = [
    "TITLE_SIZE", "LABEL_SIZE", "TICK_SIZE", "OTHER_COLOR", "KNOWN_COLORS", "ACTOR_TYPE_COLORS",
    "VOICE_COLORS", "PRECISION_COLORS", "category_colors",
]

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
    # bipartite graphs (analysis.measure.network.actor_frame_network / speaker_frame_network)
    "actor": "#0072B2", "frame": "#E69F00", "speaker": "#009E73",
    # Register types that the actor charts show most often, so that a type has one colour
    # in the bar charts of 02_actors and in the network figures.
    "igo": "#E69F00", "region": "#CC79A7", "collective": "#882255",
}

#: Colours of the actor-type groups of :func:`analysis.notebook.mentions_by_type`.
ACTOR_TYPE_COLORS: dict[str, str] = {
    "state": KNOWN_COLORS["state"], "igo": KNOWN_COLORS["igo"], "person": KNOWN_COLORS["person"],
    "region": KNOWN_COLORS["region"], "collective": KNOWN_COLORS["collective"],
    "other (in register)": "#D55E00", "not in register": OTHER_COLOR, "ambiguous": "#000000",
}
#: Colours of the voices of a text (analysis.extract.quotes.speaker_spans).
VOICE_COLORS: dict[str, str] = {"narrator": "#0072B2", "reported": "#56B4E9", "quoted": "#E69F00"}

#: Colours of the precision of a referenced date (analysis.measure.timeline.dated_references).
PRECISION_COLORS: dict[str, str] = {"day": "#D55E00", "month": "#E69F00", "year": "#0072B2",
                                    "decade": "#56B4E9"}


def _palette(n: int, avoid: Iterable[Any] = ()) -> list[Any]:
    avoid = set(avoid)
    free = [c for c in _OKABE_ITO if c not in avoid]
    if n <= len(free):
        return free[:n]
    tab20 = colormaps["tab20"]
    return [tab20(i % 20) for i in range(n)]


def category_colors(categories: Iterable[Any], max_colors: int = 12,
                    fixed: Mapping[Any, Any] | None = None) -> dict[Any, Any]:
    """Map categories to colours deterministically.

    Categories in ``fixed`` (default :data:`KNOWN_COLORS`) keep their colour; the others
    take the free palette colours in sorted order (numbers numerically: community 2
    before community 10). With more than ``max_colors`` categories the most frequent
    ``max_colors - 1`` get a colour and the rest grey (``OTHER_COLOR``), as do missing
    values (None, NaN, blank strings: callers look them up with
    ``.get(value, OTHER_COLOR)``).

    >>> category_colors(["state", "person", "state", "club"])
    {'person': '#009E73', 'state': '#0072B2', 'club': '#E69F00'}
    """
    fixed = KNOWN_COLORS if fixed is None else fixed
    values = [c for c in categories if not is_blank(c)]
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


def _sort_key(value: Any) -> tuple[int, Any]:
    """Sort numbers before strings, numbers numerically (community 2 before community 10)."""
    if isinstance(value, (int, float, np.integer, np.floating)):
        return (0, float(value))
    return (1, str(value))


def _new_axes(ax: Axes | None, figsize: tuple[float, float], *, panels: int = 1,
              width_ratios: Sequence[float] | None = None) -> tuple[Figure, list[Axes]]:
    """The figure and axes a plot function draws into: the one way every chart gets them.

    With ``ax`` given, that axes and its figure (the caller's layout): ``[ax]`` alone, as a
    caller's layout has no room for extra panels. Otherwise a new ``Figure`` of ``figsize``
    with constrained layout and ``panels`` axes side by side (``width_ratios``): built
    without ``pyplot``, so nothing is registered in its global state, it works under Agg
    and in scripts, and a notebook shows the returned figure exactly once.

    >>> fig, [ax] = _new_axes(None, (4, 3))
    >>> _new_axes(ax, (9, 9), panels=2) == (fig, [ax])  # the caller's axes, alone
    True
    >>> fig, axes = _new_axes(None, (8, 3), panels=2, width_ratios=[3, 1])
    >>> len(axes), fig.axes == axes
    (2, True)
    """
    if ax is not None:
        return ax.figure, [ax]
    fig = Figure(figsize=figsize, layout="constrained")
    if panels == 1:
        return fig, [fig.add_subplot()]
    return fig, list(fig.subplots(1, panels, width_ratios=width_ratios))


def _note_empty(ax: Axes, message: str, *, axis_off: bool = False) -> None:
    """Say in the middle of ``ax`` that there is nothing to draw ("no actors to draw"):
    every chart draws its empty case this way (``axis_off``: no frame and ticks either).

    >>> fig, [ax] = _new_axes(None, (4, 3))
    >>> _note_empty(ax, "no documents", axis_off=True)
    >>> [t.get_text() for t in ax.texts], ax.axison
    (['no documents'], False)
    """
    if axis_off:
        ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=LABEL_SIZE)


def _set_title(fig: Figure, ax: Axes, title: str, *, over_figure: bool = False) -> None:
    """The chart's title on ``ax``, or centred over the whole figure (``over_figure``: a
    chart with a legend column beside the axes)."""
    if over_figure:
        fig.suptitle(title, fontsize=TITLE_SIZE, fontweight="bold")
    else:
        ax.set_title(title, fontsize=TITLE_SIZE, fontweight="bold")


def _outlined(text_artist: Text) -> None:
    """White halo so labels stay readable over edges and nodes."""
    text_artist.set_path_effects([path_effects.withStroke(linewidth=3, foreground="white")])


def _wrap(label: Any, width: int) -> str:
    """``label`` as text, wrapped at ``width`` characters (not within words; 0: unwrapped)."""
    return textwrap.fill(str(label), width=width, break_long_words=False) if width else str(label)


GRID_COLOR = "#dddddd"


def _heatmap_axes(ax: Axes, data: pd.DataFrame, xlabel: str, ylabel: str, wrap: int) -> None:
    """Label a heatmap of ``data`` drawn with ``imshow``: wrapped column names (slanted when
    there are many), row names, white lines between the cells, no ticks and no frame."""
    n_rows, n_cols = data.shape
    ax.set_xticks(np.arange(n_cols), [_wrap(c, wrap) for c in data.columns],
                  rotation=30 if n_cols > 4 else 0, ha="right" if n_cols > 4 else "center",
                  rotation_mode="anchor", fontsize=TICK_SIZE)
    ax.set_yticks(np.arange(n_rows), [str(i) for i in data.index], fontsize=TICK_SIZE)
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="both", length=0)
    for side in ax.spines.values():
        side.set_visible(False)


def _value_grid(ax: Axes, axis: str, color: str = GRID_COLOR) -> None:
    """Light grid lines along the value ``axis`` ("x" or "y"), drawn behind the data."""
    ax.grid(axis=axis, color=color, linewidth=0.8)
    ax.set_axisbelow(True)
