"""Small helpers the notebooks call, so that notebooks stay thin and their outputs stable.

Every notebook of the series starts with a ``parameters`` cell (``corpus_dir``,
``figures_dir``) and then calls :func:`setup`. After that:

* :func:`show` turns any table into a small, sorted, rounded display table (what nbval
  compares, so it must be the same on every run);
* :func:`show_figure` displays a figure (as a PNG only: no ``<Figure ...>`` text is
  stored) and, when ``figures_dir`` is set, saves it as PNG and SVG;
* :func:`figure_table` is the table behind a chart: the plotted values, sorted and rounded;
* :func:`check` checks an exercise answer and prints one line of feedback.

The ``corpus`` section describes a corpus for ``01_corpus.ipynb`` (dates and their
precision, paragraph roles, pipe tables, what is not analysed).

>>> show(pd.DataFrame({"word": ["b", "a"], "share": [0.123456, 0.5]}), sort_by="word")
  word  share
0    a   0.50
1    b   0.12
"""

from __future__ import annotations

import base64
import io
import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .corpus import PROSE_ROLES, Corpus, ParsedTable, documents_table, paragraphs_table

FIGURES_ENV = "ANALYSIS_FIGURES_DIR"
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
    if columns is not None:
        table = table[list(columns)]
    if sort_by is not None:
        table = table.sort_values(sort_by, ascending=ascending, kind="mergesort")
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
    """The first row whose ``column`` contains ``contains`` (case-insensitive), else the first row."""
    if table.empty:
        raise ValueError("the table is empty")
    if contains:
        hits = table[table[column].str.contains(contains, case=False, regex=False)]
        if not hits.empty:
            return hits.iloc[0]
    return table.iloc[0]


# =======================================================================================
# figures
# =======================================================================================


def save_figure(fig, name: str, figures_dir: str | os.PathLike | None = None) -> list[Path]:
    """Save ``fig`` as ``<name>.png`` and ``<name>.svg`` in ``figures_dir`` (if one is set).

    ``figures_dir`` defaults to the folder given to :func:`setup` (or ``$ANALYSIS_FIGURES_DIR``).
    Returns the files written (none when no folder is set).
    """
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '_', '-' and '.' only")
    folder = figures_dir or _settings.get("figures_dir") or os.environ.get(FIGURES_ENV)
    if not folder:
        return []
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    fig.savefig(png, dpi=FIGURE_DPI, metadata={"Software": None})
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "analysis"}):
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]


def figure_png(fig, dpi: int = FIGURE_DPI) -> bytes:
    """The figure as PNG bytes (no software or date metadata, so the bytes are stable)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def describe_figure(fig) -> str:
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


def show_figure(fig, name: str | None = None, figures_dir: str | os.PathLike | None = None,
                alt: str | None = None) -> None:
    """Display ``fig`` in the notebook as a PNG only (no text repr), and save it if asked.

    With a ``name`` the figure is also saved (see :func:`save_figure`). ``alt`` is the text
    alternative in the HTML report (default: :func:`describe_figure`).
    """
    from IPython.display import display

    if name is not None:
        save_figure(fig, name, figures_dir)
    data = figure_png(fig)
    width = round(fig.get_figwidth() * 100)  # shown at 100 dpi, sharp on high-density screens
    display(
        {"image/png": base64.b64encode(data).decode("ascii")},
        metadata={"image/png": {"width": width, "alt": alt or describe_figure(fig)}},
        raw=True,
    )


# =======================================================================================
# exercises
# =======================================================================================


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, (set, frozenset)):
        return frozenset(_normalise(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if isinstance(value, pd.Series):
        return [_normalise(v) for v in value.tolist()]
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):  # numpy scalar
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def _matches(answer: Any, expected: Any, tolerance: float) -> bool:
    answer, expected = _normalise(answer), _normalise(expected)
    if isinstance(expected, bool) or isinstance(answer, bool):
        return answer is expected or answer == expected
    if isinstance(expected, (int, float)) and isinstance(answer, (int, float)):
        return math.isclose(answer, expected, rel_tol=0, abs_tol=tolerance)
    if isinstance(expected, frozenset) and isinstance(answer, list):
        return frozenset(answer) == expected
    if isinstance(expected, list) and isinstance(answer, frozenset):
        return answer == frozenset(expected)
    return answer == expected


def check(answer: Any, expected: Any, *, tolerance: float = 1e-6, hint: str | None = None) -> None:
    """Check an exercise answer and print one line of feedback.

    Strings are compared without case and extra spaces, numbers within ``tolerance``,
    a set matches a list with the same items in any order. ``answer is None`` means
    "not answered yet". Returns nothing, so the cell shows only the printed line
    (use :func:`is_correct` for the bare comparison).

    >>> check(None, 5)
    No answer yet: replace None with your answer and run the cell again.
    >>> check(" MOSCOW", "moscow")
    Correct.
    >>> check(4, 5, hint="count the rows, not the columns")
    Not yet: 4 is not the expected answer. Hint: count the rows, not the columns.
    """
    if answer is None:
        print("No answer yet: replace None with your answer and run the cell again.")
    elif is_correct(answer, expected, tolerance=tolerance):
        print("Correct.")
    else:
        message = f"Not yet: {answer!r} is not the expected answer."
        if hint:
            hint = hint.strip()
            message += f" Hint: {hint}" + ("" if hint[-1] in ".!?" else ".")
        print(message)


def is_correct(answer: Any, expected: Any, *, tolerance: float = 1e-6) -> bool:
    """The comparison :func:`check` makes, as a boolean.

    >>> is_correct({"b", "a"}, ["a", "b"]), is_correct(2.0000001, 2), is_correct("x", "y")
    (True, True, False)
    """
    return _matches(answer, expected, tolerance)


# =======================================================================================
# corpus (for 01_corpus.ipynb)
# =======================================================================================


def date_precision(date: str) -> str:
    """``day``, ``month``, ``year`` or ``unknown`` for an ISO date such as ``2025-12``.

    >>> [date_precision(d) for d in ("2025-10-30", "2025-12", "2025", "")]
    ['day', 'month', 'year', 'unknown']
    """
    date = (date or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return "day"
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return "month"
    if re.fullmatch(r"\d{4}", date):
        return "year"
    return "unknown"


def date_status(date_basis: str) -> str:
    """``stated``, ``inferred`` or ``unknown``: the word before the first colon of ``date_basis``.

    >>> date_status("inferred: date in the file name"), date_status(""), date_status("stated")
    ('inferred', 'unknown', 'stated')
    """
    word = (date_basis or "").split(":", 1)[0].strip().lower()
    return word if word in ("stated", "inferred") else "unknown"


def documents_overview(corpus: Corpus) -> pd.DataFrame:
    """One row per document: kind, date (with precision and status) and lengths.

    ``words_per_sentence`` is the mean sentence length in words.
    """
    docs = documents_table(corpus)
    overview = pd.DataFrame({
        "doc_id": docs["doc_id"],
        "kind": docs["kind"].replace("", "unknown"),
        "date": docs["date"],
        "precision": docs["date"].map(date_precision),
        "status": docs["date_basis"].map(date_status),
        "n_paragraphs": docs["n_paragraphs"],
        "n_sentences": docs["n_sentences"],
        "n_words": docs["n_words"],
    })
    sentences = overview["n_sentences"].where(overview["n_sentences"] > 0)
    overview["words_per_sentence"] = (overview["n_words"] / sentences).astype(float).round(1)
    return overview.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def dates_table(corpus: Corpus) -> pd.DataFrame:
    """Each document's date, how precise it is, whether it is stated or inferred, and why."""
    docs = documents_table(corpus)
    table = pd.DataFrame({
        "doc_id": docs["doc_id"],
        "date": docs["date"],
        "precision": docs["date"].map(date_precision),
        "status": docs["date_basis"].map(date_status),
        "basis": docs["date_basis"],
    })
    return table.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def paragraph_roles(corpus: Corpus) -> pd.DataFrame:
    """Paragraphs per document and role (columns in a fixed order), with an ``analysed`` total.

    ``analysed`` counts paragraphs whose text becomes sentences (see ``PROSE_ROLES``).
    """
    paragraphs = paragraphs_table(corpus)
    order = ["title", "byline", "header", "date", "epigraph", "attribution", "heading", "body",
             "list_item", "table", "separator"]
    counts = pd.crosstab(paragraphs["doc_id"], paragraphs["role"]) if not paragraphs.empty \
        else pd.DataFrame(index=pd.Index([], name="doc_id"))
    roles = [r for r in order if r in counts.columns] + sorted(c for c in counts.columns if c not in order)
    counts = counts.reindex(columns=roles, fill_value=0)
    counts["analysed"] = counts[[r for r in roles if r in PROSE_ROLES]].sum(axis=1) if roles else 0
    counts.columns.name = None
    return counts.reset_index().sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def not_analysed(corpus: Corpus) -> pd.DataFrame:
    """Paragraphs kept out of the sentences (header lines, dates, tables, separators)."""
    paragraphs = paragraphs_table(corpus)
    table = paragraphs[~paragraphs["role"].isin(PROSE_ROLES)]
    return table[["doc_id", "paragraph_id", "role", "start", "end", "text"]].reset_index(drop=True)


def pipe_tables(corpus: Corpus) -> list[tuple[str, ParsedTable]]:
    """Every pipe table of the corpus as ``(doc_id, table)``, in corpus order."""
    return [(document.doc_id, table) for document in corpus for table in document.tables]


def roles_of(corpus: Corpus, roles: Iterable[str]) -> pd.DataFrame:
    """Paragraphs with one of ``roles`` (e.g. epigraphs and their attributions), in order."""
    paragraphs = paragraphs_table(corpus)
    table = paragraphs[paragraphs["role"].isin(list(roles))]
    return table[["doc_id", "paragraph_id", "role", "start", "end", "text"]].reset_index(drop=True)
