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
from .dates import date_status
from .register import UNLINKED_PREFIX

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


def nothing_to_show(table: Any, what: str, where: str = "in this corpus") -> None:
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


# =======================================================================================
# --- 02-04 ---
# (section owned by the 02-04 notebooks helper: tables for 02_actors, 03_framing_terms and
# 04_voices. Each returns a small, sorted table; the charts come from analysis.plots.)
# =======================================================================================

#: The three core frames of the series (the others give their context).
CORE_FRAMES = ("indivisibility", "reciprocity", "non_aggression")
#: Display order of voices: the text's own narrator, then reported and quoted speech.
VOICES = ("narrator", "reported", "quoted")
#: Actor types shown on their own in per-document charts; the rest are grouped.
MAIN_ACTOR_TYPES = ("state", "igo", "person", "region", "collective")
OTHER_REGISTER = "other (in register)"
NOT_IN_REGISTER = "not in register"
AMBIGUOUS_TYPE = "ambiguous"


def _type_group(actor_type: Any, method: Any, ambiguous: Any) -> str:
    if bool(ambiguous):
        return AMBIGUOUS_TYPE
    if method == "ner":
        return NOT_IN_REGISTER
    return actor_type if actor_type in MAIN_ACTOR_TYPES else OTHER_REGISTER


def mentions_by_type(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per document and type of actor (tidy: doc_id, actor_type, mentions).

    Types other than :data:`MAIN_ACTOR_TYPES` are grouped as ``"other (in register)"``;
    named entities the register does not know (``method == "ner"``) are
    ``"not in register"``; unresolved ambiguous names are ``"ambiguous"``.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "actor_type": ["state", "media", "person"],
    ...                   "method": ["register", "register", "ner"], "ambiguous": [False] * 3})
    >>> mentions_by_type(m).values.tolist()
    [['a', 'other (in register)', 1], ['a', 'state', 1], ['b', 'not in register', 1]]
    """
    if not len(mentions):
        return pd.DataFrame({"doc_id": pd.Series(dtype=object), "actor_type": pd.Series(dtype=object),
                             "mentions": pd.Series(dtype="int64")})
    groups = [_type_group(t, m, a) for t, m, a in
              zip(mentions["actor_type"], mentions["method"], mentions["ambiguous"])]
    table = mentions.assign(actor_type=groups).groupby(["doc_id", "actor_type"]).size()
    return table.rename("mentions").reset_index().sort_values(["doc_id", "actor_type"], kind="stable") \
        .reset_index(drop=True)


def type_order(present: Iterable[str]) -> list[str]:
    """Actor-type groups in a fixed reading order (main types, other, not in register, ambiguous)."""
    order = list(MAIN_ACTOR_TYPES) + [OTHER_REGISTER, NOT_IN_REGISTER, AMBIGUOUS_TYPE]
    present = set(present)
    return [t for t in order if t in present] + sorted(present - set(order))


def mentions_by_type_table(mentions: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: mentions by type of actor, the total, and (with ``documents``)
    mentions per 1,000 words. Sorted by total, most first (ties by doc_id)."""
    tidy = mentions_by_type(mentions)
    if tidy.empty:
        return pd.DataFrame(columns=["doc_id", "total"])
    wide = tidy.pivot_table(index="doc_id", columns="actor_type", values="mentions", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=type_order(wide.columns))
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    wide = wide.reset_index()
    if documents is not None:
        words = documents.set_index("doc_id")["n_words"]
        wide["n_words"] = wide["doc_id"].map(words).fillna(0).astype("int64")
        wide["per_1000_words"] = (wide["total"] * 1000 / wide["n_words"].where(wide["n_words"] > 0)).round(1)
    wide = wide.sort_values("doc_id", kind="stable").sort_values("total", ascending=False, kind="stable")
    return wide.reset_index(drop=True)


def _linked(mentions: pd.DataFrame) -> pd.DataFrame:
    ids = mentions["actor_id"].astype(str)
    return mentions[~ids.str.startswith(("unlinked:", "ambiguous:"))]


def actor_document_matrix(mentions: pd.DataFrame, n_actors: int = 12, n_documents: int = 10) -> pd.DataFrame:
    """Mentions of the most mentioned register actors (rows) in each document (columns).

    Rows: the ``n_actors`` actors with most mentions (ties by id), labelled by name.
    Columns: every document if there are at most ``n_documents``, otherwise the
    ``n_documents`` documents with most mentions of those actors; in doc_id order.
    """
    linked = _linked(mentions)
    if linked.empty:
        return pd.DataFrame()
    counts = linked.groupby("actor_id").size()
    actors = sorted(counts.index, key=lambda a: (-counts[a], a))[:n_actors]
    part = linked[linked["actor_id"].isin(actors)]
    wide = pd.crosstab(part["actor_id"], part["doc_id"])
    if wide.shape[1] > n_documents:
        totals = wide.sum(axis=0)
        keep = sorted(wide.columns, key=lambda d: (-totals[d], d))[:n_documents]
        wide = wide[sorted(keep)]
    wide = wide.reindex(actors).fillna(0).astype("int64")
    names = linked.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    wide.index = [names.get(a, a) for a in wide.index]
    wide.index.name = "actor"
    wide.columns.name = None
    return wide


def _form(text: Any) -> str:
    return " ".join(str(text).replace("\u2019", "'").split())


def mention_kinds_table(mentions: pd.DataFrame, n: int = 12) -> pd.DataFrame:
    """How the ``n`` most mentioned register actors are named: mentions by ``mention_kind``.

    Columns: actor_id, actor_name, one column per kind (name, alias, demonym, metonym,
    title, in that order), total. Sorted by total, most first.
    """
    linked = _linked(mentions)
    kinds = ["name", "alias", "demonym", "metonym", "title", "pronoun"]
    if linked.empty:
        return pd.DataFrame(columns=["actor_id", "actor_name"] + kinds[:5] + ["total"])
    wide = pd.crosstab(linked["actor_id"], linked["mention_kind"])
    present = [k for k in kinds if k in wide.columns] + sorted(c for c in wide.columns if c not in kinds)
    wide = wide.reindex(columns=present, fill_value=0)
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    names = linked.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    wide.insert(0, "actor_name", [names.get(a, a) for a in wide.index])
    wide = wide.reset_index().rename(columns={"index": "actor_id"})
    wide = wide.sort_values(["total", "actor_id"], ascending=[False, True], kind="stable").head(n)
    return wide.reset_index(drop=True)


def surface_forms(mentions: pd.DataFrame, actor_id: str | None = None, n: int | None = None) -> pd.DataFrame:
    """The words in the texts that were counted as an actor: one row per (form, actor, kind).

    ``form`` is the mention's text on one line, with a straight apostrophe. Columns: form,
    actor_id, mention_kind, mentions, documents; sorted by mentions (most first), then
    form. ``actor_id`` keeps one actor.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "text": ["Moscow", "the Kremlin", "Moscow"],
    ...                   "actor_id": ["RUS"] * 3, "mention_kind": ["metonym"] * 3})
    >>> surface_forms(m).values.tolist()
    [['Moscow', 'RUS', 'metonym', 2, 2], ['the Kremlin', 'RUS', 'metonym', 1, 1]]
    """
    table = mentions if actor_id is None else mentions[mentions["actor_id"] == actor_id]
    columns = ["form", "actor_id", "mention_kind", "mentions", "documents"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    table = table.assign(form=table["text"].map(_form))
    out = table.groupby(["form", "actor_id", "mention_kind"]).agg(
        mentions=("doc_id", "size"), documents=("doc_id", "nunique")).reset_index()
    out = out.sort_values(["mentions", "form", "actor_id"], ascending=[False, True, True], kind="stable")
    return out.head(n).reset_index(drop=True) if n is not None else out.reset_index(drop=True)


def register_forms(register: Any, actor_id: str) -> pd.DataFrame:
    """The forms the register lists for one actor, with the mention kind each gives.

    Generated spellings (all capitals, without accents, curly apostrophes) are not listed.
    """
    actor = register.get(actor_id)
    if actor is None:
        return pd.DataFrame(columns=["form", "mention_kind"])
    return pd.DataFrame(actor.forms(), columns=["form", "mention_kind"])


def ambiguous_names_table(register: Any, max_cues: int = 6) -> pd.DataFrame:
    """The register's ambiguous names: each form, its candidate actors and their first cue words."""
    rows = []
    for amb in register.ambiguous.values():
        for candidate, cues in amb.candidates:
            shown = ", ".join(cues[:max_cues]) + (", …" if len(cues) > max_cues else "")
            rows.append({"form": " / ".join(amb.forms + amb.demonyms), "candidate": candidate,
                         "candidate_name": register.name_of(candidate), "cue_words": shown})
    return pd.DataFrame(rows, columns=["form", "candidate", "candidate_name", "cue_words"])


def ambiguous_mentions(mentions: pd.DataFrame, register: Any, *, summary: bool = False) -> pd.DataFrame:
    """Every mention written as an ambiguous name (Brussels, Korea, ...) and what it became.

    ``resolved_to`` is the chosen actor id, or ``"(unresolved)"`` when the context did not
    decide (then ``candidates`` lists the possible actors). In corpus order. With
    ``summary``: one row per (text, resolved_to) with mentions and documents, most first.
    """
    forms = {f for amb in register.ambiguous.values() for f in amb.forms + amb.demonyms}
    forms |= {f.upper() for f in forms}
    columns = ["doc_id", "sentence_id", "text", "resolved_to", "candidates"]
    if summary:
        columns = ["text", "resolved_to", "mentions", "documents"]
    hits = mentions[mentions["text"].map(_form).isin(forms)]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    out = hits.assign(resolved_to=[("(unresolved)" if amb else a) for a, amb in zip(hits["actor_id"], hits["ambiguous"])])
    if summary:
        out = out.groupby(["text", "resolved_to"]).agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        out = out.reset_index().sort_values(["mentions", "text", "resolved_to"], ascending=[False, True, True],
                                            kind="stable")
    return out[columns].reset_index(drop=True)


def _dates_of(documents: pd.DataFrame | None) -> dict[str, str] | None:
    if documents is None or "date" not in documents.columns:
        return None
    return dict(zip(documents["doc_id"], documents["date"].fillna("").astype(str)))


def roll_up_table(mentions: pd.DataFrame, register: Any = None, documents: pd.DataFrame | None = None,
                  n: int | None = 12) -> pd.DataFrame:
    """What rolling persons and institutions up to states adds, for the ``n`` largest results.

    Uses :func:`analysis.actors.roll_up` (``level="state"``) with each document's date (a
    person counts for the state they served *at that date*). Columns: actor_id, name,
    itself (mentions of the actor itself), via_persons, via_others (institutions and
    regions with a parent), total, and ``from``: the rolled-up actors with their mention
    counts, largest first. Sorted by total.
    """
    from .actors import roll_up
    from .register import load_register

    register = register or load_register()
    columns = ["actor_id", "name", "itself", "via_persons", "via_others", "total", "from"]
    linked = _linked(mentions)
    if linked.empty:
        return pd.DataFrame(columns=columns)
    rolled = roll_up(linked, "state", register, dates=_dates_of(documents))
    source_types = rolled["source_actor_id"].map(lambda a: register.type_of(a) or "")
    via = ["itself" if s == t else ("via_persons" if ty == "person" else "via_others")
           for s, t, ty in zip(rolled["source_actor_id"], rolled["actor_id"], source_types)]
    rolled = rolled.assign(via=via)
    wide = pd.crosstab(rolled["actor_id"], rolled["via"]).reindex(
        columns=["itself", "via_persons", "via_others"], fill_value=0)
    wide["total"] = wide.sum(axis=1)
    moved = rolled[rolled["via"] != "itself"].groupby(["actor_id", "source_actor_id"]).size()
    sources = {}
    for target, group in moved.groupby(level=0):
        items = sorted(((s, int(c)) for (_, s), c in group.items()), key=lambda kv: (-kv[1], kv[0]))
        sources[target] = ", ".join(f"{s} {c}" for s, c in items[:5]) + (", …" if len(items) > 5 else "")
    wide.columns.name = None
    wide = wide.reset_index()
    wide.insert(1, "name", wide["actor_id"].map(register.name_of))
    wide["from"] = wide["actor_id"].map(sources).fillna("")
    wide = wide.sort_values(["total", "actor_id"], ascending=[False, True], kind="stable")
    if n is not None:
        wide = wide.head(n)
    return wide[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- frames


def lexicon_table(lexicon: Any = None, core: Sequence[str] = CORE_FRAMES, max_patterns: int = 4) -> pd.DataFrame:
    """The frames of the lexicon: id, label, core (True for the three core frames),
    definition, and the first ``max_patterns`` patterns (``+ n more``). Lexicon order."""
    from .lexicon import default_lexicon

    lexicon = lexicon or default_lexicon()
    rows = []
    for frame in lexicon:
        patterns = [p for p, _ in frame.patterns]
        shown = "; ".join(patterns[:max_patterns])
        if len(patterns) > max_patterns:
            shown += f"; + {len(patterns) - max_patterns} more"
        rows.append({"frame_id": frame.id, "label": frame.label, "core": frame.id in core,
                     "definition": frame.definition, "patterns": shown})
    return pd.DataFrame(rows, columns=["frame_id", "label", "core", "definition", "patterns"])


def rates_matrix(rates: pd.DataFrame, by: str, frames: Sequence[str] | None = None, *,
                 n: int | None = None, order: str = "total", words: bool = False) -> pd.DataFrame:
    """Rates per 1,000 words (``per_1000`` of :mod:`analysis.rates`) as a wide table.

    Rows: the groups of ``by`` (documents, kinds, speakers); columns: ``frames`` (default:
    all, in the rates' order). ``order="total"`` sorts rows by the sum of the shown rates
    (largest first, ties by label); ``"input"`` keeps the rates' order (speakers: most
    words first). ``n`` keeps the first ``n`` rows. ``words=True`` adds the group's word
    count as a first column (drop it before drawing the rates).

    >>> r = pd.DataFrame({"kind": ["a", "a", "b", "b"], "frame_id": ["x", "y", "x", "y"],
    ...                   "words": [10, 10, 20, 20], "per_1000": [1.0, 0.0, 2.0, 3.0]})
    >>> rates_matrix(r, "kind", words=True).reset_index().values.tolist()
    [['b', 20, 2.0, 3.0], ['a', 10, 1.0, 0.0]]
    """
    table = rates if frames is None else rates[rates["frame_id"].isin(list(frames))]
    frame_order = list(frames) if frames is not None else list(dict.fromkeys(table["frame_id"]))
    groups = list(dict.fromkeys(table[by]))
    wide = table.pivot_table(index=by, columns="frame_id", values="per_1000", aggfunc="sum", dropna=False)
    wide = wide.reindex(index=groups, columns=frame_order)
    if order == "total":
        total = wide.fillna(0).sum(axis=1)
        wide = wide.loc[sorted(wide.index, key=lambda g: (-float(total[g]), str(g)))]
    elif order != "input":
        raise ValueError("order must be 'total' or 'input'")
    if n is not None:
        wide = wide.head(n)
    if words:
        counts = table.drop_duplicates(by).set_index(by)["words"]
        wide.insert(0, "words", counts.reindex(wide.index).to_numpy())
    wide.columns.name = None
    return wide


def frames_by_voice(frame_mentions: pd.DataFrame, frames: Sequence[str] = CORE_FRAMES) -> pd.DataFrame:
    """Mentions of each frame in each voice (tidy: frame_id, voice, mentions; zeros included)."""
    grid = pd.MultiIndex.from_product([list(frames), list(VOICES)], names=["frame_id", "voice"])
    if len(frame_mentions):
        counts = frame_mentions.groupby(["frame_id", "voice"]).size()
    else:
        counts = pd.Series(dtype="int64")
    out = counts.reindex(grid, fill_value=0).rename("mentions").reset_index()
    return out.astype({"mentions": "int64"})


def frames_by_voice_table(frame_mentions: pd.DataFrame, frames: Sequence[str] = CORE_FRAMES) -> pd.DataFrame:
    """One row per frame: mentions as narrator, reported and quoted, total, and the share
    (%) in other people's words (reported + quoted). Frames in the given order."""
    tidy = frames_by_voice(frame_mentions, frames)
    wide = tidy.pivot_table(index="frame_id", columns="voice", values="mentions", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=list(frames), columns=list(VOICES), fill_value=0)
    wide["total"] = wide.sum(axis=1)
    others = wide["reported"] + wide["quoted"]
    wide["others_share_%"] = (100 * others / wide["total"].where(wide["total"] > 0)).round(1)
    wide.columns.name = None
    return wide.reset_index()


def frame_speakers_table(frame_mentions: pd.DataFrame, frames: Sequence[str] = CORE_FRAMES,
                         n: int = 10, register: Any = None) -> pd.DataFrame:
    """Who says the frames: mentions of each frame per speaker (``"(none)"`` = no speaker known),
    with the speaker's name from the register and the voices they used. Sorted by total."""
    columns = ["speaker_id", "name"] + list(frames) + ["total", "voices"]
    part = frame_mentions[frame_mentions["frame_id"].isin(list(frames))] if len(frame_mentions) else frame_mentions
    if part.empty:
        return pd.DataFrame(columns=columns)
    speaker = part["speaker_id"].where(part["speaker_id"].notna() & (part["speaker_id"] != ""), "(none)")
    part = part.assign(speaker_id=speaker.astype(str))
    wide = pd.crosstab(part["speaker_id"], part["frame_id"]).reindex(columns=list(frames), fill_value=0)
    wide["total"] = wide.sum(axis=1)
    voices = part.groupby("speaker_id")["voice"].agg(
        lambda v: ", ".join(x for x in VOICES if x in set(v)))
    wide["voices"] = voices.reindex(wide.index)
    wide.columns.name = None
    wide = wide.reset_index()
    wide.insert(1, "name", [speaker_name(s, register) for s in wide["speaker_id"]])
    wide = wide.sort_values(["total", "speaker_id"], ascending=[False, True], kind="stable").head(n)
    return wide[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- voices


def speaker_name(speaker_id: Any, register: Any = None) -> str:
    """A readable name for a speaker id: the register's name, else the id without its
    ``unlinked:`` prefix (``"reporter"``, ``"question"`` stay as they are)."""
    if speaker_id is None or (isinstance(speaker_id, float) and math.isnan(speaker_id)) or speaker_id == "":
        return "(none)"
    if register is None:
        from .register import load_register

        register = load_register()
    text = str(speaker_id)
    if ";" in text:
        return " and ".join(speaker_name(part, register) for part in text.split(";"))
    actor = register.get(text)
    return actor.name if actor is not None else text.split(":", 1)[-1]


def quotes_by_speaker(quotes: pd.DataFrame, n: int | None = 15, register: Any = None) -> pd.DataFrame:
    """Quotes per speaker: speaker_id, name, direct, indirect, total (most first).

    Quotes without a resolved speaker are counted as ``"(unresolved)"``.
    """
    columns = ["speaker_id", "name", "direct", "indirect", "total"]
    if not len(quotes):
        return pd.DataFrame(columns=columns)
    speaker = quotes["speaker_id"].where(quotes["speaker_id"].notna() & (quotes["speaker_id"] != ""),
                                         "(unresolved)").astype(str)
    wide = pd.crosstab(speaker, quotes["kind"]).reindex(columns=["direct", "indirect"], fill_value=0)
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    wide.index.name = "speaker_id"
    wide = wide.reset_index()
    wide.insert(1, "name", ["(unresolved)" if s == "(unresolved)" else speaker_name(s, register)
                            for s in wide["speaker_id"]])
    wide = wide.sort_values(["total", "speaker_id"], ascending=[False, True], kind="stable")
    return (wide.head(n) if n is not None else wide)[columns].reset_index(drop=True)


def resolution_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes by how their speaker was found (``resolution``) and kind (direct/indirect)."""
    order = ["named", "pronoun", "role", "turn", "epigraph", "none"]
    if not len(quotes):
        return pd.DataFrame(columns=["resolution", "direct", "indirect", "total"])
    wide = pd.crosstab(quotes["resolution"], quotes["kind"]).reindex(columns=["direct", "indirect"], fill_value=0)
    present = [r for r in order if r in wide.index] + sorted(r for r in wide.index if r not in order)
    wide = wide.reindex(present)
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    wide.index.name = "resolution"
    return wide.reset_index()


def voice_table(words: pd.DataFrame) -> pd.DataFrame:
    """Per document: whose voice the running text is in, and how its words split by voice.

    ``words`` is :func:`analysis.rates.span_words`. Columns: doc_id, narrator_speaker (the
    speaker of most narrator words: the manifest's ``voice``, or the main speaker of a
    transcript), narrator, reported, quoted (words), total, and quoted_or_reported_% .
    """
    columns = ["doc_id", "narrator_speaker", *VOICES, "total", "quoted_or_reported_%"]
    if not len(words):
        return pd.DataFrame(columns=columns)
    wide = pd.crosstab(words["doc_id"], words["voice"]).reindex(columns=list(VOICES), fill_value=0)
    wide["total"] = wide.sum(axis=1)
    wide["quoted_or_reported_%"] = (100 * (wide["reported"] + wide["quoted"]) / wide["total"]).round(1)
    narr = words[words["voice"] == "narrator"].groupby(["doc_id", "speaker_id"]).size().rename("n").reset_index()
    narr = narr.sort_values(["doc_id", "n", "speaker_id"], ascending=[True, False, True], kind="stable")
    main = narr.drop_duplicates("doc_id").set_index("doc_id")["speaker_id"]
    wide.columns.name = None
    wide = wide.reset_index()
    wide.insert(1, "narrator_speaker", wide["doc_id"].map(main).fillna("(none)"))
    return wide[columns].sort_values("doc_id", kind="stable").reset_index(drop=True)


def speaks_for(actor_id: str, state: str, register: Any) -> bool:
    """True if ``actor_id`` speaks for ``state`` in an official capacity: the state itself,
    one of its institutions (an ``institution`` whose parent chain leads to the state), or
    a person who held a role of the state or of one of its institutions (at any date).
    Nationality alone is not enough: a Russian journalist or expert does not speak for Russia.

    >>> from analysis.register import load_register
    >>> r = load_register()
    >>> [speaks_for(a, "RUS", r) for a in ("RUS", "lavrov", "karaganov", "NATO")]
    [True, True, False, False]
    """
    actor = register.get(actor_id)
    if actor is None:
        return False
    if actor.type == "state":
        return actor.id == state
    if actor.type == "institution":
        return register.state_of(actor.id) == state
    if actor.type == "person":
        for role in actor.affiliation:
            holder = register.get(role.state)
            if role.state == state or (holder is not None and holder.type == "institution"
                                        and register.state_of(role.state) == state):
                return True
    return False


def speakers_of_state(speaker_ids: Iterable[Any], register: Any = None, state: str = "RUS",
                      also: Iterable[str] = ()) -> list[str]:
    """The speaker ids that speak for ``state`` (:func:`speaks_for`), plus the ids in
    ``also`` (e.g. a manifest voice the register does not know, such as ``RUS_MFA``).
    A joint speaker ("CHN;RUS") counts if one of its parts does. Sorted.

    >>> speakers_of_state(["putin", "reporter", "NATO", "RUS", "CHN;RUS", "lavrov", "karaganov"])
    ['CHN;RUS', 'RUS', 'lavrov', 'putin']
    """
    if register is None:
        from .register import load_register

        register = load_register()
    also = set(also)
    out = set()
    for sid in speaker_ids:
        if sid is None or (isinstance(sid, float) and math.isnan(sid)):
            continue
        parts = str(sid).split(";")
        if any(p in also or speaks_for(p, state, register) for p in parts):
            out.add(str(sid))
    return sorted(out)


def voice_groups(words: pd.DataFrame, group_a: Iterable[str], labels: tuple[str, str],
                 exclude: Iterable[str] = ("(none)",)) -> pd.Series:
    """The group label of each word row: ``labels[0]`` if its speaker is in ``group_a``,
    ``labels[1]`` for every other known speaker, missing for speakers in ``exclude``
    (by default words whose speaker is unknown)."""
    group_a, exclude = set(group_a), set(exclude)
    speaker = words["speaker_id"].astype(str)
    out = pd.Series(labels[1], index=words.index, dtype=object)
    out[speaker.isin(group_a)] = labels[0]
    out[speaker.isin(exclude)] = None
    return out


def group_summary(words: pd.DataFrame, groups: pd.Series, register: Any = None, max_speakers: int = 6) -> pd.DataFrame:
    """Words per group of speakers and the speakers with most words in each (for keyness)."""
    rows = []
    data = words.assign(_group=groups).dropna(subset=["_group"])
    for label, part in data.groupby("_group", sort=False):
        counts = part["speaker_id"].value_counts()
        ranked = sorted(counts.index, key=lambda s: (-counts[s], s))
        shown = ", ".join(f"{s} {counts[s]:,}" for s in ranked[:max_speakers])
        if len(ranked) > max_speakers:
            shown += f", + {len(ranked) - max_speakers} more"
        rows.append({"group": label, "words": int(len(part)), "speakers": len(ranked),
                     "documents": int(part["doc_id"].nunique()), "main_speakers (words)": shown})
    out = pd.DataFrame(rows, columns=["group", "words", "speakers", "documents", "main_speakers (words)"])
    return out.sort_values("group", kind="stable").reset_index(drop=True)


def register_with(entry: str, register_path: str | os.PathLike | None = None) -> Any:
    """The register (default: the packaged one) with one more actor, to try an entry out.

    ``entry`` is the YAML of one actor, written as in ``actors.yaml`` (starting with
    ``id:``). An actor with the same id is replaced. The result is validated like the file
    itself, so a mistake (an unknown type, a form that another actor already has, a
    ``parent`` that does not exist) raises :class:`analysis.register.RegisterError` with
    the reason. Nothing is written: paste the entry into the file (or a copy passed with
    ``--register``) once it validates.
    """
    import yaml

    from .register import DEFAULT_PATH, _loader, parse_register

    path = Path(register_path) if register_path is not None else DEFAULT_PATH
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())  # noqa: S506 - a SafeLoader
    new = yaml.load(entry, Loader=_loader())  # noqa: S506
    if not isinstance(new, dict) or "id" not in new:
        raise ValueError("the entry must be one actor: a mapping that starts with 'id:'")
    actors = [a for a in (data.get("actors") or []) if not (isinstance(a, dict) and a.get("id") == new["id"])]
    data["actors"] = actors + [new]
    for section in ("states",):
        data[section] = [a for a in (data.get(section) or []) if not (isinstance(a, dict) and a.get("id") == new["id"])]
    return parse_register(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), path)


def first_value(table: pd.DataFrame, column: str, default: Any = None) -> Any:
    """``table[column]`` of the first row, or ``default`` when the table is empty
    (for exercise checks that must also run on a corpus where the table is empty).

    >>> first_value(pd.DataFrame({"x": [3, 4]}), "x"), first_value(pd.DataFrame({"x": []}), "x")
    (3, None)
    """
    if table is None or not len(table):
        return default
    value = table[column].iloc[0]
    return value.item() if hasattr(value, "item") else value


def register_coverage_line(mentions: pd.DataFrame, prefix: str = UNLINKED_PREFIX) -> str:
    """How many actor mentions the register links, as one sentence (notebook 02).

    A mention is unlinked when its ``actor_id`` starts with ``prefix`` (as in
    :func:`analysis.actors.unlinked_report`). Without mentions there is no share to give.

    >>> register_coverage_line(pd.DataFrame({"actor_id": ["RUS", "RUS", "USA", "unlinked:Smith"]}))
    '75.0% of the actor mentions are linked to the register'
    >>> register_coverage_line(pd.DataFrame({"actor_id": []}))
    'No actor mentions in this corpus: nothing to show here.'
    """
    if mentions is None or not len(mentions):
        return "No actor mentions in this corpus: nothing to show here."
    unlinked = mentions["actor_id"].astype(str).str.startswith(prefix).sum()
    return f"{1 - unlinked / len(mentions):.1%} of the actor mentions are linked to the register"


def with_sentence(rows: pd.DataFrame, corpus: Corpus, column: str = "sentence") -> pd.DataFrame:
    """``rows`` (with doc_id and sentence_id) plus the text of each row's sentence, to read
    a mention in its context.

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Moscow objected. Kyiv agreed."})
    >>> with_sentence(pd.DataFrame({"doc_id": ["d"], "sentence_id": [1]}), c)["sentence"].tolist()
    ['Kyiv agreed.']
    """
    wanted = set(zip(rows["doc_id"], rows["sentence_id"])) if len(rows) else set()
    texts: dict[tuple[str, int], str] = {}
    for doc_id in sorted({d for d, _ in wanted}):
        for sentence in corpus[doc_id].sentences:
            if (doc_id, sentence.sentence_id) in wanted:
                texts[(doc_id, sentence.sentence_id)] = sentence.text
    out = rows.copy()
    out[column] = [texts.get((d, s), "") for d, s in zip(rows["doc_id"], rows["sentence_id"])]
    return out


# =======================================================================================
# --- 05-06 ---
# (section owned by the 05-06 helper: co-mention networks and the timeline)
# =======================================================================================


def pick_tie(G: Any, preferred: Iterable[tuple[str, str]] = (("NATO", "RUS"),),
             weight: str = "count") -> tuple[str, str] | None:
    """A tie of ``G`` to read as an example: the first ``preferred`` pair that is a tie,
    else the heaviest tie (ties broken by the actors' ids), else None (a graph without ties).

    >>> import networkx as nx
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


def export_network(G: Any, folder: str | os.PathLike, name: str = "co_mentions") -> pd.DataFrame:
    """Write ``G`` as ``<name>.gexf`` (Gephi) and ``<name>.graphml`` in ``folder``, read both
    files back and return one row per file: file (the name only, never a full path),
    format, nodes and ties read back (they must equal the graph's).
    """
    import networkx as nx

    from .network import export_graph

    rows = []
    for suffix, reader in ((".gexf", nx.read_gexf), (".graphml", nx.read_graphml)):
        path = export_graph(G, Path(folder) / f"{name}{suffix}")
        back = reader(path)
        rows.append({"file": path.name, "format": suffix[1:].upper(),
                     "nodes": back.number_of_nodes(), "ties": back.number_of_edges()})
    return pd.DataFrame(rows, columns=["file", "format", "nodes", "ties"])


def most_common(values: Iterable[Any]) -> Any:
    """The most frequent value (ties: the smallest), or None for no values.

    >>> most_common([2014, 2022, 2014, 2022, 1997]), most_common([])
    (2014, None)
    """
    counts = pd.Series(list(values), dtype=object).value_counts()
    if counts.empty:
        return None
    best = sorted(v for v in counts.index if counts[v] == counts.max())[0]
    return best.item() if hasattr(best, "item") else best


def p_value(value: Any, decimals: int = 4) -> str:
    """A p-value (such as the disparity filter's ``alpha``) as text: ``<0.0001`` below the
    last decimal shown, empty when missing.

    >>> [p_value(v) for v in (0.0226, 0.0000113, None, float("nan"))]
    ['0.0226', '<0.0001', '', '']
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    smallest = 10 ** -decimals
    return f"<{smallest:.{decimals}f}" if value < smallest else f"{value:.{decimals}f}"
