"""Time axes: what the documents refer back to, by date, by decade, and named agreements.

* :func:`plot_reference_timeline` -- one row per document: its referenced dates and its
  own date;
* :func:`plot_references_by_decade` -- dated references per decade referred to;
* :func:`plot_agreement_dates` -- named agreements and events at the year written next
  to them;
* :func:`decimal_year` -- where an ISO date (or a decade) sits on a year axis.

The tables come from :mod:`analysis.measure.timeline`. A date is drawn as what it covers:
a day as a point, a month or a year as a bracket over that month or year, a decade as a
bar over its ten years. Its precision comes from :func:`analysis.dates.date_precision`,
like everywhere else in the package; colours of the precisions are
:data:`analysis.plots.style.PRECISION_COLORS`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis.dates import date_precision, date_status
from analysis.plots.style import (
    LABEL_SIZE,
    _OKABE_ITO,
    OTHER_COLOR,
    PRECISION_COLORS,
    TICK_SIZE,
    TITLE_SIZE,
    category_colors,
    _new_axes,
    _note_empty,
    _outlined,
    _sort_key,
    _value_grid,
    _wrap,
)

__all__ = ["MIN_DOT_GAP", "STACK_OFFSETS", "stacked_offsets", "decimal_year", "plot_reference_timeline", "plot_references_by_decade",
           "plot_agreement_dates"]


def decimal_year(date: str, precision: str | None = None) -> float:
    """The middle of what an ISO date (or a year) covers, as a year with a fraction.

    ``precision="decade"`` reads ``date`` as the first year of a decade (the ``precision``
    column of :func:`analysis.measure.timeline.dated_references`); otherwise the precision
    is the date's own (:func:`analysis.dates.date_precision` of its first ten characters,
    so that a timestamp counts as its day; anything else as its year).

    >>> decimal_year("1997"), decimal_year("1997-07"), decimal_year("1930", "decade")
    (1997.5, 1997.5416666666667, 1935.0)
    """
    date = str(date)
    year = int(date[:4])
    if precision == "decade":
        return year + 5.0
    own = date_precision(date[:10])
    if own == "day":
        day = dt.date.fromisoformat(date[:10])
        days = 366 if calendar.isleap(year) else 365
        return year + (day.timetuple().tm_yday - 0.5) / days
    if own == "month":
        return year + (int(date[5:7]) - 0.5) / 12
    return year + 0.5


def _date_span(date: str) -> tuple[float, float] | None:
    """The interval a document date covers (a day, a month or a year), in decimal years.

    A day is one point (its middle); None without a year. The precision is read as in
    :func:`decimal_year`.
    """
    date = str(date or "")
    if not re.match(r"^\d{4}", date):
        return None
    year = int(date[:4])
    precision = date_precision(date[:10])
    if precision == "day":
        mid = decimal_year(date)
        return mid, mid
    if precision == "month":
        month = int(date[5:7])
        return year + (month - 1) / 12, year + month / 12
    return float(year), year + 1.0


#: Dots of one timeline row closer than this share of the x axis are stacked (not drawn over each other).
MIN_DOT_GAP = 0.012
#: The vertical offsets of stacked dots, in rows: the row itself, then above, below, further above ...
STACK_OFFSETS = (0.0, 0.22, -0.22, 0.38, -0.38)


def stacked_offsets(xs: Sequence[float], gap: float) -> list[float]:
    """Vertical offsets for dots at the sorted positions ``xs`` of one row: each dot takes
    the first lane of :data:`STACK_OFFSETS` whose last dot is at least ``gap`` to its left
    (the last lane when none is free). Deterministic: the same positions, the same lanes.

    >>> stacked_offsets([2000.0, 2000.5, 2001.0, 2010.0], gap=1.0)
    [0.0, 0.22, 0.0, 0.0]
    >>> stacked_offsets([1.0, 1.0, 1.0], gap=0.5)
    [0.0, 0.22, -0.22]
    """
    last: list[float | None] = [None] * len(STACK_OFFSETS)
    out = []
    for x in xs:
        lane = next((i for i, seen in enumerate(last) if seen is None or x - seen >= gap), len(last) - 1)
        last[lane] = x
        out.append(STACK_OFFSETS[lane])
    return out


def plot_reference_timeline(
    references: pd.DataFrame,
    documents: pd.DataFrame,
    ax: Axes | None = None,
    title: str | None = None,
    *,
    max_documents: int = 30,
    figsize: tuple[float, float] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """What each document refers back to: one row per document, referenced dates on a year axis.

    ``references`` is :func:`analysis.measure.timeline.dated_references`; ``documents`` has doc_id,
    date and date_status (:func:`analysis.measure.timeline.document_lags`) or date_basis
    (:func:`analysis.corpus.documents_table`). Each dot is a referenced date, coloured by
    its precision (a decade is a bar over its ten years; larger dots: several references to
    the same date: area ~ square root of the number). The diamond is the document's own date, filled when stated in the
    document, hollow when inferred; a date known only to the month or year is drawn as a
    bracket over that month or year. A grey line joins a document's earliest reference to
    its own date: its length is the longest look back. Rows are sorted by the documents'
    own dates (oldest on top); with more than ``max_documents`` documents, those with most
    references are drawn and the title says so. ``labels`` names the rows (``{doc_id:
    short title}``, e.g. :func:`analysis.measure.summaries.short_titles`; the doc_id
    otherwise). Dots closer than :data:`MIN_DOT_GAP` of the axis to the previous dot of
    their row are stacked above and below it (:func:`stacked_offsets`), so none hides
    another; the same data always give the same picture.

    >>> refs = pd.DataFrame({"doc_id": ["a"] * 3, "date": ["2021", "2022", "1975"],
    ...                      "precision": ["year"] * 3})
    >>> docs = pd.DataFrame({"doc_id": ["a"], "date": ["2023-05-01"], "date_status": ["stated"]})
    >>> fig = plot_reference_timeline(refs, docs, labels={"a": "A short title"})
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A short title (2023-05-01)']
    """
    docs = documents.copy()
    docs["date"] = docs["date"].fillna("").astype(str)
    if "date_status" not in docs.columns:
        docs["date_status"] = docs.get("date_basis", pd.Series("", index=docs.index)).fillna("").map(date_status)
    counts = references.groupby("doc_id").size() if len(references) else pd.Series(dtype=int)
    docs["references"] = docs["doc_id"].map(counts).fillna(0).astype(int)
    n_all = len(docs)
    if n_all > max_documents:
        docs = docs.sort_values(["references", "doc_id"], ascending=[False, True], kind="mergesort")
        docs = docs.head(max_documents)
    docs = docs.sort_values(["date", "doc_id"], kind="mergesort").reset_index(drop=True)
    if figsize is None:
        figsize = (12, 2.2 + 0.38 * max(len(docs), 3))
    fig, [ax] = _new_axes(ax, figsize)
    if title is None:
        title = "What the documents refer back to"
        if n_all > len(docs):
            title += f"\n(the {len(docs)} documents with most dated references, of {n_all})"
    ax.set_title(title, fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Year referred to (and the document's own date)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Document (sorted by its own date)", fontsize=LABEL_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    if docs.empty:
        _note_empty(ax, "no documents")
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
    # dots that would hide each other are stacked: the gap is a share of the whole axis
    dots = refs[refs["precision"] != "decade"].drop_duplicates(["doc_id", "date", "precision"])
    dot_x = [decimal_year(r.date, r.precision) for r in dots.itertuples(index=False)]
    spans = [_date_span(d) for d in docs["date"]]
    extent = [v for v in dot_x] + [v for sp in spans if sp for v in sp]
    extent += [float(int(r.date[:4])) + k for r in refs[refs["precision"] == "decade"].itertuples(index=False) for k in (0, 10)]
    gap = MIN_DOT_GAP * ((max(extent) - min(extent)) if extent else 1.0)
    lane_of: dict[tuple[str, float], float] = {}
    for doc_id in docs["doc_id"]:
        own = sorted({round(float(v), 6) for v, d in zip(dot_x, dots["doc_id"]) if d == doc_id})
        lane_of.update({(doc_id, v): off for v, off in zip(own, stacked_offsets(own, gap))})
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
        y = np.array([y_of[d] + lane_of.get((d, round(float(v), 6)), 0.0) for d, v in zip(grouped["doc_id"], x)])
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
    names = labels or {}
    shown = [f"{names.get(d, d)} ({date or 'no date'})" for d, date in zip(docs["doc_id"], docs["date"])]
    ax.set_yticks([y_of[d] for d in docs["doc_id"]], shown, fontsize=TICK_SIZE)
    ax.set_ylim(-0.7, len(docs) - 0.3)
    if xs:
        low, high = min(xs), max(xs)
        pad = max(2.0, 0.03 * (high - low))
        ax.set_xlim(low - pad, high + pad)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}")
    _value_grid(ax, "x", "#e5e5e5")
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

    ``table`` is :func:`analysis.measure.timeline.references_by_decade` (decade, references, ...).

    >>> import pandas as pd
    >>> fig = plot_references_by_decade(pd.DataFrame({"decade": [1930, 2020], "references": [2, 9]}))
    >>> fig.axes[0].get_xlabel()
    'Decade referred to'
    """
    fig, [ax] = _new_axes(ax, figsize)
    ax.set_title(title or "When do the references point to?", fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel("Decade referred to", fontsize=LABEL_SIZE)
    ax.set_ylabel("Dated references", fontsize=LABEL_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    if table.empty:
        ax.set_xticks([])
        ax.set_yticks([])
        _note_empty(ax, "no dated references")
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
    _value_grid(ax, "y")
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

    ``table`` is :func:`analysis.measure.timeline.agreement_dates` (name, type, mentions, year,
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
    fig, [ax] = _new_axes(ax, figsize)
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
        _note_empty(ax, "no dated agreements or events")
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
    _value_grid(ax, "x", "#e5e5e5")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=colors[t],
                      markeredgecolor="white", label=str(t))
               for t in sorted(set(dated["type"]), key=_sort_key)]
    if documents_span is not None:
        handles.append(Patch(facecolor="#f0e0c0", label="when the documents\nwere written"))
    ax.legend(handles=handles, title="Type", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize=TICK_SIZE, title_fontsize=LABEL_SIZE, frameon=False, alignment="left")
    return fig
