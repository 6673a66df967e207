"""How the notebooks show things: stable display tables, figures as PNG, one-line messages.

nbval compares a notebook's stored outputs with a fresh run, so everything a notebook
shows must be the same on every run and every machine. The helpers here only format and
show what the library computed:

* :func:`setup` fixes pandas and matplotlib display options and remembers where figures
  are saved (the notebook's ``figures_dir`` parameter);
* :func:`show` turns any table into a small, sorted, rounded display table, and
  :func:`figure_table` is the table behind a chart;
* :func:`show_figure` displays a figure as a PNG only (no ``<Figure ...>`` text is
  stored, no metadata that changes between runs) and :func:`save_figure` saves it as PNG
  and SVG;
* :func:`nothing_to_show` and :func:`register_coverage_line` are the one-line messages;
  :func:`p_value` formats a p-value; :func:`example_row` and :func:`pick_tie` choose the
  example a notebook reads;

>>> show(pd.DataFrame({"word": ["b", "a"], "share": [0.123456, 0.5]}), sort_by="word")
  word  share
0    a   0.50
1    b   0.12
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Iterable, Sequence, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from analysis.schema import UNLINKED_PREFIX, is_missing

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "FIGURES_ENV", "FIGURE_DPI", "describe_figure", "example_row", "figure_png",
    "figure_table", "nothing_to_show", "p_value", "pick_tie", "register_coverage_line", "save_figure",
    "setup", "show", "show_figure",
]

#: The environment variable that names the folder figures are saved in (see :func:`setup`).
FIGURES_ENV = "ANALYSIS_FIGURES_DIR"
#: Resolution of saved and displayed PNGs.
FIGURE_DPI = 150

_settings: dict[str, Any] = {"figures_dir": None}


# =======================================================================================
# setup
# =======================================================================================


def setup(figures_dir: str | os.PathLike | None = None) -> None:
    """Fix display options for stable outputs; remember where figures are saved.

    ``figures_dir`` (a notebook parameter) wins over the ``ANALYSIS_FIGURES_DIR``
    environment variable; with neither, figures are only displayed.
    """
    _settings["figures_dir"] = figures_dir or os.environ.get(FIGURES_ENV) or None
    pd.set_option("display.max_colwidth", 200)
    pd.set_option("display.max_rows", 40)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 2)
    import matplotlib

    matplotlib.rcParams.update({
        "font.size": 11,
        "axes.titlesize": 14,
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "figure.dpi": 100,
        "svg.hashsalt": "analysis",   # stable ids inside SVG files
        "svg.fonttype": "path",
        "path.simplify": True,
    })


# =======================================================================================
# tables
# =======================================================================================


def _shorten(value: Any, max_chars: int | None) -> Any:
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())  # newlines, tabs and NBSP -> one space
    if max_chars is not None and len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text


def show(
    frame: pd.DataFrame,
    n: int | None = 10,
    *,
    sort_by: str | Sequence[str] | None = None,
    ascending: bool | Sequence[bool] = True,
    columns: Sequence[str] | None = None,
    decimals: int = 2,
    max_chars: int | None = 70,
) -> pd.DataFrame:
    """A small display copy of ``frame``: chosen columns, sorted, first ``n`` rows, rounded.

    Sorting is stable (ties keep the table's own order, which is deterministic for every
    table of the package). Floats are rounded to ``decimals``; text is put on one line and
    cut at ``max_chars`` characters. The index is renumbered from 0.

    >>> show(pd.DataFrame({"x": [3, 1, 2]}), n=2, sort_by="x", ascending=False)
       x
    0  3
    1  2
    """
    table = frame.copy()
    # Sort before choosing columns, so a table can be sorted by a column it does not show.
    if sort_by is not None:
        table = table.sort_values(sort_by, ascending=ascending, kind="mergesort")
    if columns is not None:
        table = table[list(columns)]
    if n is not None:
        table = table.head(n)
    table = table.reset_index(drop=True)
    for column in table.columns:
        series = table[column]
        if pd.api.types.is_float_dtype(series):
            table[column] = series.round(decimals)
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            table[column] = series.map(lambda v: _shorten(v, max_chars))
    return table


def nothing_to_show(table: Sized | None, what: str, where: str = "in this corpus") -> None:
    """Print one line when ``table`` has no rows, so that a notebook run on a tiny corpus
    says why its tables are empty and its charts blank; print nothing otherwise.

    ``table`` is anything with a length (a DataFrame, a list, a graph's nodes). A notebook
    calls it once, where its data are loaded: on a corpus with data it prints nothing, so
    the notebook's outputs stay the same. It returns nothing, so that a cell ending with it
    shows no value.

    >>> nothing_to_show(pd.DataFrame({"x": []}), "actor mentions")
    No actor mentions in this corpus: nothing to show here.
    >>> nothing_to_show(pd.DataFrame({"x": [1]}), "actor mentions")
    """
    if table is None or not len(table):
        print(f"No {what} {where}: nothing to show here.")


def figure_table(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    hue: str | None = None,
    n: int | None = None,
    decimals: int = 1,
    extra: Sequence[str] = (),
) -> pd.DataFrame:
    """The table behind a bar chart: label ``x``, colour ``hue``, value ``y`` (and ``extra``).

    Sorted like the chart reads, largest value first (ties by label), rounded.

    >>> data = pd.DataFrame({"doc": ["a", "b"], "kind": ["news", "news"], "words": [5, 9]})
    >>> figure_table(data, "doc", "words", hue="kind")
      doc  kind  words
    0   b  news      9
    1   a  news      5
    """
    columns = [x] + ([hue] if hue else []) + [y] + [c for c in extra if c not in (x, y, hue)]
    table = data[columns].sort_values(x, kind="mergesort")
    return show(table, n, sort_by=y, ascending=False, decimals=decimals, max_chars=None)


def example_row(table: pd.DataFrame, contains: str | None = None, column: str = "text") -> pd.Series:
    """The first row whose ``column`` contains ``contains`` (case-insensitive), else the first row.

    >>> rows = pd.DataFrame({"text": ["Moscow objected.", "NATO met in Brussels."]})
    >>> example_row(rows, "brussels")["text"], example_row(rows, "Paris")["text"]
    ('NATO met in Brussels.', 'Moscow objected.')
    """
    if table.empty:
        raise ValueError("the table is empty")
    if contains:
        hits = table[table[column].str.contains(contains, case=False, regex=False)]
        if not hits.empty:
            return hits.iloc[0]
    return table.iloc[0]


def pick_tie(G: nx.Graph, preferred: Iterable[tuple[str, str]] = (),
             weight: str = "count") -> tuple[str, str] | None:
    """A tie of ``G`` to read as an example: the first ``preferred`` pair that is a tie,
    else the heaviest tie (ties broken by the actors' ids), else None (a graph without ties).

    >>> G = nx.Graph([("CHN", "RUS", {"count": 2}), ("EU", "USA", {"count": 5})])
    >>> pick_tie(G), pick_tie(G, preferred=[("RUS", "CHN")]), pick_tie(nx.Graph())
    (('EU', 'USA'), ('CHN', 'RUS'), None)
    """
    for a, b in preferred:
        if G.has_edge(a, b):
            return tuple(sorted((str(a), str(b))))  # type: ignore[return-value]
    edges = [(-float(d.get(weight, 1)), *sorted((str(u), str(v)))) for u, v, d in G.edges(data=True)]
    if not edges:
        return None
    _, a, b = min(edges)
    return a, b


# =======================================================================================
# one-line messages and numbers
# =======================================================================================


def register_coverage_line(mentions: pd.DataFrame | None, prefix: str = UNLINKED_PREFIX) -> str:
    """How many actor mentions the register links, as one sentence (notebook 02).

    A mention is unlinked when its ``actor_id`` starts with ``prefix`` (as in
    :func:`analysis.extract.actors.unlinked_report`). Without mentions there is no share to give.

    >>> register_coverage_line(pd.DataFrame({"actor_id": ["RUS", "RUS", "USA", "unlinked:Smith"]}))
    '75.0% of the actor mentions are linked to the register'
    >>> register_coverage_line(pd.DataFrame({"actor_id": []}))
    'No actor mentions in this corpus: nothing to show here.'
    """
    if mentions is None or not len(mentions):
        return "No actor mentions in this corpus: nothing to show here."
    unlinked = mentions["actor_id"].astype(str).str.startswith(prefix).sum()
    return f"{1 - unlinked / len(mentions):.1%} of the actor mentions are linked to the register"


def p_value(value: Any, decimals: int = 4) -> str:
    """A p-value (such as the disparity filter's ``alpha``) as text: ``<0.0001`` below the
    last decimal shown, empty when missing.

    >>> [p_value(v) for v in (0.0226, 0.0000113, None, float("nan"))]
    ['0.0226', '<0.0001', '', '']
    """
    if is_missing(value):
        return ""
    value = float(value)
    smallest = 10 ** -decimals
    return f"<{smallest:.{decimals}f}" if value < smallest else f"{value:.{decimals}f}"


# =======================================================================================
# figures and files
# =======================================================================================


def save_figure(fig: Figure, name: str, figures_dir: str | os.PathLike | None = None,
                png: bytes | None = None) -> list[Path]:
    """Save ``fig`` as ``<name>.png`` and ``<name>.svg`` in ``figures_dir`` (if one is set).

    ``figures_dir`` defaults to the folder given to :func:`setup` (or ``$ANALYSIS_FIGURES_DIR``).
    ``png``: the figure already rendered by :func:`figure_png` (the notebook shows those
    bytes), written as they are instead of rendering the figure again.
    Returns the files written (none when no folder is set).
    """
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '_', '-' and '.' only")
    folder = figures_dir or _settings.get("figures_dir") or os.environ.get(FIGURES_ENV)
    if not folder:
        return []
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png_path, svg = folder / f"{name}.png", folder / f"{name}.svg"
    png_path.write_bytes(png if png is not None else figure_png(fig))
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "analysis"}):
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png_path, svg]


def figure_png(fig: Figure, dpi: int = FIGURE_DPI) -> bytes:
    """The figure as PNG bytes (no software or date metadata, so the bytes are stable).

    >>> from matplotlib.figure import Figure
    >>> png = figure_png(Figure(figsize=(2, 1)), dpi=50)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png == figure_png(Figure(figsize=(2, 1)), dpi=50)
    (True, True)
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def describe_figure(fig: Figure) -> str:
    """A text alternative for ``fig``: its title and axis labels (for the HTML ``alt``).

    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); ax = fig.add_subplot(); _ = ax.set(title="Words", xlabel="n", ylabel="doc")
    >>> describe_figure(fig)
    'Chart: Words (x axis: n; y axis: doc)'
    """
    title = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    parts = []
    for ax in fig.axes:
        title = title or ax.get_title()
        labels = [f"{axis} axis: {label}" for axis, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if label]
        if labels:
            parts.append("; ".join(labels))
    text = "Chart: " + (" ".join(title.split()) or "untitled")
    return text + (f" ({' | '.join(parts)})" if parts else "")


def show_figure(fig: Figure, name: str | None = None, figures_dir: str | os.PathLike | None = None,
                alt: str | None = None) -> None:
    """Display ``fig`` in the notebook as a PNG only (no text repr), and save it if asked.

    With a ``name`` the figure is also saved (see :func:`save_figure`). ``alt`` is the text
    alternative in the HTML report (default: :func:`describe_figure`).
    """
    from IPython.display import display

    data = figure_png(fig)  # rendered once, shown and saved
    if name is not None:
        save_figure(fig, name, figures_dir, png=data)
    width = round(fig.get_figwidth() * 100)  # shown at 100 dpi, sharp on high-density screens
    display(
        {"image/png": base64.b64encode(data).decode("ascii")},
        metadata={"image/png": {"width": width, "alt": alt or describe_figure(fig)}},
        raw=True,
    )
