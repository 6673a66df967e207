"""Statement networks in the manner of the Discourse Network Analyzer (DNA, Leifeld).

A *statement* is one row of the ``statements`` table: an actor (``actor_id``) takes a
``stance`` (``support`` / ``oppose`` / ``neutral``) on a frame (``frame_id``) in a
sentence of a document (``doc_id``, ``start``/``end``) at a date. DNA calls the frame the
*concept* and the stance the *qualifier* (its boolean ``agreement``). From statements this
module builds what DNA's exporter builds, following its source code (``Exporter.java``,
``Polarisation.java`` of leifeld/dna, DNA 3); where it does something else, the function
says so.

* **One-mode actor networks** (:func:`statement_network`): ``congruence`` ties two actors
  who take the same stance on the same frame, ``conflict`` two actors who take opposite
  stances, ``subtract`` is congruence minus conflict. With the counts ``x[i, f, s]`` of
  actor *i*'s statements with stance *s* on frame *f*, DNA's boolean-qualifier rule
  (``Exporter.computeOneModeMatrix``) is::

      congruence(i, j) = sum over frames f and stances s of  x[i,f,s] * x[j,f,s]
      conflict(i, j)   = sum over frames f of  x[i,f,+] * x[j,f,-] + x[i,f,-] * x[j,f,+]

  (products of counts: two actors who each support a frame in two documents have
  congruence 4 on it). ``neutral`` statements take no part unless ``include_neutral``;
  then the stances are DNA's *integer* qualifier -1 / 0 / +1 and a pair of stances
  weighs ``1 - |q1 - q2| / 2`` in congruence and ``|q1 - q2| / 2`` in conflict (support
  with neutral: half agreement, half disagreement). DNA divides by the range of the
  integer values *found in the data*; the scale here is always -1..+1, so that a
  support-neutral pair means the same in a corpus without any opposition (DNA would
  then call it a full disagreement). DNA's qualifier aggregation ``ignore`` (ties
  whatever the stances) is the co-mention network of :mod:`.co_mentions`, not repeated
  here.
* **Normalisation** (DNA's one-mode options), with ``n_i`` actor *i*'s statements::

      "no"       the counts above
      "average"  divided by (n_i + n_j) / 2                       (average activity)
      "jaccard"  divided by m10 + m01 + m11 over the (frame, stance) cells: m10 the
                 statements of i in cells where j has none, m01 the reverse, m11 the
                 products x_i * x_j of the cells both use
      "cosine"   divided by n_i * n_j

  DNA's "cosine" is ``sqrt(n_i^2) * sqrt(n_j^2)`` = ``n_i * n_j`` in its code, not the
  Euclidean norms of the actors' frame vectors; it is reproduced as DNA computes it.
  ``subtract`` normalises congruence and conflict by the same denominator, as DNA.
* **Duplicates** (:func:`prepare_statements`): DNA's ``"document"`` rule, the default,
  counts a repeated statement (same actor, frame and stance) once per document;
  ``"include"`` counts every row; ``"acrossrange"`` once in the whole table. DNA's
  calendar rules (once per week, month, year) are not offered: DNA's month and week
  rules compare the month or week number without the year.
* **Two-mode actor x frame network** (:func:`actor_frame_stances`): DNA's qualifier
  aggregation *combine*: tie code 1 = support only, 2 = oppose only, 3 = both (mixed),
  DNA's lexical rank of the binary (oppose, support) pattern; and ``subtract`` = support
  minus oppose. With ``include_neutral`` a neutral statement changes neither code (DNA's
  integer qualifier would rank the three-value pattern instead: support only 1,
  neutral only 2, oppose only 4, their sums for mixtures), and a tie
  of only neutral statements gets code 0, which DNA's boolean qualifier does not have.
  DNA's two-mode normalisations (activity, prominence) are left to the caller (divide
  the table's columns).
* **Time windows** (:func:`time_window_networks`): one network per window of document
  dates. DNA centres a window of ``w`` units (``[t - (w-1)/2, t + (w-1)/2]``, both ends
  included) on every time unit ``t`` and keeps only windows wholly inside the date
  range; here windows start at the first date and move on by ``step`` days
  (``[start, start + window)``) while they start on or before the last date, so that a
  corpus whose documents share one date still has one window. DNA applies the
  duplicate rule once to the whole table; here it is applied within each window (the
  same for the ``document`` rule; ``acrossrange`` then means once per window). A
  partial date (``2025-12``, ``2025``) counts as its first day; undated statements are
  left out of the windows.
* **Kernel smoothing** (:func:`kernel_window_networks`): DNA's kernel-smoothed slices,
  every statement weighted by a kernel of its distance from the slice's mid-point
  (uniform, Epanechnikov, triangular, gaussian; :func:`kernel_weights` says where the
  kernels differ from DNA's code).
* **Polarisation** (:func:`polarisation`): DNA's score (``Polarisation.qualityAbsdiff``):
  observed congruence within groups and conflict between groups compared with what DNA
  expects of each dyad, ``share * total / D`` (``share`` the block's part of the ``D``
  within- or between-group dyads), summed as absolute differences and divided by the
  total congruence plus conflict. DNA's expectation counts the share twice (the
  expected values of all blocks add up to less than the observed total: half of it for
  two groups of equal size), so even a random grouping shows "more than expected"; the
  score is comparable between groupings of the same network, not an excess over
  chance. DNA *searches* for the most polarised grouping (greedy or genetic, ``k``
  groups); here the groups are given (a membership mapping, e.g. :mod:`.memberships`)
  or are the Louvain communities of the congruence network (fixed seed). DNA builds the
  two networks with its kernel code (normalisation ``average`` in its kernel form);
  here they are :func:`statement_network`'s, normalised by average activity.
* **Evidence** (:func:`statement_evidence`): the statements behind every tie, with
  ``doc_id``, the sentence and cue offsets and the cue words.

Reading these networks: a statement is what the extraction read as a position. Irony,
hedging, positions implied by silence and wrong speakers are not seen (notebook 07).

>>> rows = [("d1", "RUS", "sovereignty", "support"), ("d1", "CHN", "sovereignty", "support"),
...         ("d2", "USA", "sovereignty", "oppose")]
>>> s = toy_statements(rows)
>>> sorted(statement_network(s, "congruence").edges(data="weight"))
[('CHN', 'RUS', 1.0)]
>>> sorted(statement_network(s, "conflict").edges(data="weight"))
[('CHN', 'USA', 1.0), ('RUS', 'USA', 1.0)]
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Iterator, Literal

import networkx as nx
import numpy as np
import pandas as pd

from analysis.measure.network.centrality import communities
from analysis.measure.network.export import edges_table, export_network
from analysis.measure.network.units import name_lookup, present, require_columns
from analysis.schema import NOT_IN_REGISTER_PREFIXES

__all__ = [
    "DUPLICATE_RULES",
    "KERNELS",
    "NETWORK_KINDS",
    "NORMALIZATIONS",
    "STANCES",
    "STANCE_VALUES",
    "actor_frame_stances",
    "adjusted_rand",
    "camp_communities",
    "camp_separation",
    "export_statement_networks",
    "kernel_weights",
    "kernel_window_networks",
    "parse_statement_date",
    "polarisation",
    "polarisation_table",
    "prepare_statements",
    "registered_statements",
    "stance_counts",
    "stance_matrix",
    "stance_table",
    "statement_evidence",
    "statement_network",
    "statement_ties",
    "time_window_networks",
    "time_window_summary",
    "toy_statements",
]

NetworkKind = Literal["congruence", "conflict", "subtract"]
Normalization = Literal["no", "average", "jaccard", "cosine"]
DuplicateRule = Literal["document", "include", "acrossrange"]
Names = Mapping[str, str] | Callable[[str], "str | None"] | None

#: The stances of the ``statements`` table.
STANCES = ("support", "oppose", "neutral")
#: DNA's integer qualifier for each stance (its boolean ``agreement`` is 1 / 0 for support / oppose).
STANCE_VALUES = {"support": 1, "neutral": 0, "oppose": -1}
NETWORK_KINDS = ("congruence", "conflict", "subtract")
NORMALIZATIONS = ("no", "average", "jaccard", "cosine")
DUPLICATE_RULES = ("document", "include", "acrossrange")

# The columns every function here needs; the others (cue, offsets, names) are used when present.
_NEEDED = ["doc_id", "start", "end", "frame_id", "actor_id", "stance"]
_EVIDENCE_COLUMNS = ["doc_id", "sentence_id", "start", "end", "frame_start", "frame_end",
                     "frame_text", "cue", "cue_start", "cue_end", "method", "confidence", "date"]


def toy_statements(rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    """A small ``statements`` table from ``(doc_id, actor_id, frame_id, stance[, date])``
    tuples, for examples and tests: every row its own sentence, in order, the actor's
    name is its id, ``cue`` is the stance word.

    >>> toy_statements([("d1", "RUS", "sovereignty", "support")])[["doc_id", "start", "end", "stance"]].values.tolist()
    [['d1', 0, 10, 'support']]
    """
    records = []
    for i, row in enumerate(rows):
        doc_id, actor, frame, stance = row[:4]
        date = row[4] if len(row) > 4 else ""
        records.append({
            "doc_id": doc_id, "paragraph_id": 0, "sentence_id": i, "start": 10 * i,
            "end": 10 * i + 10, "frame_id": frame, "frame_start": 10 * i + 5,
            "frame_end": 10 * i + 9, "frame_text": frame, "actor_id": actor,
            "actor_name": actor, "actor_role": "voice", "stance": stance,
            "cue": stance if stance != "neutral" else "", "cue_start": 10 * i,
            "cue_end": 10 * i + 4, "method": "default", "confidence": 1.0, "date": date,
            "quote_id": None})
    return pd.DataFrame(records)


def registered_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements whose actor is in the register: without the names the register
    does not know (``unlinked:...``) or could not settle (``ambiguous:...``), which would
    otherwise become nodes of their own (a "Mr. President" addressed in every UN speech),
    and without the narration of a voice that is no actor (``actor_role`` ``narrator``: a
    news report's ``reporter``, whose framing is the outlet's, not a political actor's
    position). A copy, in the table's order.

    >>> s = toy_statements([("d", "FRA", "f", "support"), ("d", "unlinked:mr. president", "f", "support"),
    ...                     ("d", "reporter", "f", "neutral")])
    >>> s.loc[2, "actor_role"] = "narrator"
    >>> registered_statements(s)["actor_id"].tolist()
    ['FRA']
    """
    require_columns(statements, ["actor_id"], "statements")
    ids = statements["actor_id"]
    keep = present(ids) & ~ids.astype(str).str.startswith(NOT_IN_REGISTER_PREFIXES)
    if "actor_role" in statements.columns:
        keep &= statements["actor_role"].astype(str) != "narrator"
    return statements[keep].copy()


def prepare_statements(
    statements: pd.DataFrame,
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
) -> pd.DataFrame:
    """The statements a network counts: rows with an actor, a frame and a known stance
    (``neutral`` only with ``include_neutral``), after DNA's duplicate rule.

    ``duplicates``: ``"document"`` (DNA's rule, the default) keeps the first row (by
    ``doc_id``, ``start``) of each (document, actor, frame, stance); ``"include"`` keeps
    every row; ``"acrossrange"`` keeps one per (actor, frame, stance) in the whole table.
    A copy, sorted by doc_id, start, frame_id, actor_id.

    >>> s = toy_statements([("d1", "RUS", "peace", "support"), ("d1", "RUS", "peace", "support"),
    ...                     ("d2", "RUS", "peace", "support"), ("d2", "RUS", "peace", "neutral")])
    >>> len(prepare_statements(s)), len(prepare_statements(s, duplicates="include"))
    (2, 3)
    >>> len(prepare_statements(s, duplicates="acrossrange", include_neutral=True))
    2
    """
    require_columns(statements, _NEEDED, "statements")
    if duplicates not in DUPLICATE_RULES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_RULES}, got {duplicates!r}")
    rows = statements[present(statements["actor_id"]) & present(statements["frame_id"])
                      & present(statements["stance"])].copy()
    rows["actor_id"] = rows["actor_id"].astype(str)
    rows["frame_id"] = rows["frame_id"].astype(str)
    rows["stance"] = rows["stance"].astype(str)
    unknown = sorted(set(rows["stance"]) - set(STANCES))
    if unknown:
        raise ValueError(f"statements table has unknown stance(s) {unknown}; stances are {list(STANCES)}")
    if not include_neutral:
        rows = rows[rows["stance"] != "neutral"]
    sort_keys = [c for c in ("doc_id", "start", "frame_id", "actor_id") if c in rows.columns]
    rows = rows.sort_values(sort_keys, kind="mergesort")
    if duplicates == "document":
        rows = rows.drop_duplicates(["doc_id", "actor_id", "frame_id", "stance"])
    elif duplicates == "acrossrange":
        rows = rows.drop_duplicates(["actor_id", "frame_id", "stance"])
    return rows.reset_index(drop=True)


def stance_counts(statements: pd.DataFrame, by: str = "actor_role") -> pd.DataFrame:
    """How many statements (every row, before any duplicate rule) have each stance, by
    ``by`` (``actor_role``: speaker / voice / reported; or ``method``, ``frame_id`` ...):
    one row per stance (support, oppose, neutral), one column per value of ``by``
    (sorted) and ``total``.

    >>> stance_counts(toy_statements([("d", "A", "f", "support"), ("d", "B", "f", "oppose")])).values.tolist()
    [['support', 1, 1], ['oppose', 1, 1], ['neutral', 0, 0]]
    """
    require_columns(statements, ["stance", by], "statements")
    values = statements[by].astype(object).where(present(statements[by]), "(none)").astype(str)
    table = pd.crosstab(statements["stance"].astype(str), values)
    table = table.reindex(index=list(STANCES), fill_value=0)
    table = table[sorted(table.columns)] if len(table.columns) else table
    table["total"] = table.sum(axis=1)
    table = table.astype(int).reset_index().rename(columns={"index": "stance", "row_0": "stance"})
    table.columns.name = None
    return table.rename(columns={table.columns[0]: "stance"})


def _stance_levels(include_neutral: bool) -> list[str]:
    return ["oppose", "neutral", "support"] if include_neutral else ["oppose", "support"]


def _count_array(rows: pd.DataFrame, actors: list[str], frames: list[str],
                 levels: list[str]) -> np.ndarray:
    """``x[i, f, s]``: how many of ``rows`` actor i has with stance s on frame f."""
    x = np.zeros((len(actors), len(frames), len(levels)))
    if rows.empty:
        return x
    ai = {a: i for i, a in enumerate(actors)}
    fi = {f: i for i, f in enumerate(frames)}
    si = {s: i for i, s in enumerate(levels)}
    idx = (rows["actor_id"].map(ai).to_numpy(), rows["frame_id"].map(fi).to_numpy(),
           rows["stance"].map(si).to_numpy())
    np.add.at(x, idx, 1.0)
    return x


def _similarity(levels: list[str]) -> np.ndarray:
    """DNA's qualifier proximity ``1 - |q1 - q2| / range`` between the stance levels."""
    q = np.array([STANCE_VALUES[s] for s in levels], dtype=float)
    spread = q.max() - q.min()
    return 1.0 - np.abs(q[:, None] - q[None, :]) / spread


def _one_mode(x: np.ndarray, levels: list[str], kind: str, normalization: str,
              activity: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(weights, raw values) of the actor x actor network, diagonal zero. ``activity``
    (default: each actor's count of statements, ``x`` summed) is the ``n_i`` of the
    average and cosine normalisations; the kernel-smoothed networks pass the actors'
    summed kernel weights."""
    sim = _similarity(levels)
    # congruence[i, j] = sum_f x[i, f, :] @ sim @ x[j, f, :]
    agree = np.einsum("ifk,kl,jfl->ij", x, sim, x)
    disagree = np.einsum("ifk,kl,jfl->ij", x, 1.0 - sim, x)
    raw = {"congruence": agree, "conflict": disagree, "subtract": agree - disagree}[kind]
    n = x.sum(axis=(1, 2)) if activity is None else activity
    if normalization == "no":
        norm = np.ones_like(raw)
    elif normalization == "average":
        norm = (n[:, None] + n[None, :]) / 2.0
    elif normalization == "cosine":
        norm = np.outer(n, n)
    else:  # jaccard, over the (frame, stance) cells
        cells = x.reshape(x.shape[0], -1)
        used = cells > 0
        m10 = cells @ (~used).T            # i's statements in cells j does not use
        m01 = m10.T
        m11 = (cells * 1.0) @ (cells * 1.0).T  # products where both use a cell (0 elsewhere)
        norm = m10 + m01 + m11
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = np.where(norm == 0, 0.0, raw / np.where(norm == 0, 1.0, norm))
    np.fill_diagonal(weights, 0.0)
    np.fill_diagonal(raw, 0.0)
    return weights, raw


def _actor_names(rows: pd.DataFrame, names: Names) -> dict[str, str]:
    own = {}
    if "actor_name" in rows.columns:
        named = rows[present(rows["actor_name"])]
        own = dict(zip(named["actor_id"], named["actor_name"].astype(str)))
    return {a: name_lookup(names, a) or own.get(a, a) for a in rows["actor_id"].unique()}


def _check_options(kind: str, normalization: str) -> None:
    if kind not in NETWORK_KINDS:
        raise ValueError(f"kind must be one of {NETWORK_KINDS}, got {kind!r}")
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {NORMALIZATIONS}, got {normalization!r}")


def statement_network(
    statements: pd.DataFrame,
    kind: NetworkKind = "congruence",
    normalization: Normalization = "no",
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    names: Names = None,
) -> nx.Graph:
    """The one-mode actor network of DNA: ``congruence``, ``conflict`` or ``subtract``.

    Weights and normalisations are DNA's (see the module docstring). Every actor with a
    counted statement is a node (attributes ``name``, ``statements``, ``support``,
    ``oppose``, ``neutral``, ``frames``, ``documents``); a tie is drawn where the weight is
    not 0 (``subtract`` ties can be negative), with ``weight`` (normalised), ``value``
    (before normalisation) and ``frames`` (the frames the tie rests on, ``;``-joined).
    ``G.graph`` records kind, normalization, duplicates and include_neutral.

    >>> s = toy_statements([("d1", "A", "f", "support"), ("d2", "A", "f", "support"),
    ...                     ("d1", "B", "f", "support"), ("d1", "B", "g", "oppose")])
    >>> G = statement_network(s, "congruence", "average")
    >>> G.edges["A", "B"]["value"], G.edges["A", "B"]["weight"]  # 2 x 1, divided by (2 + 2) / 2
    (2.0, 1.0)
    """
    _check_options(kind, normalization)
    rows = prepare_statements(statements, duplicates=duplicates, include_neutral=include_neutral)
    levels = _stance_levels(include_neutral)
    actors = sorted(rows["actor_id"].unique())
    frames = sorted(rows["frame_id"].unique())
    x = _count_array(rows, actors, frames, levels)
    G = nx.Graph(kind=kind, normalization=normalization, duplicates=duplicates,
                 include_neutral=include_neutral, statements=len(rows))
    labels = _actor_names(rows, names)
    for actor, group in rows.groupby("actor_id", sort=True):
        counts = group["stance"].value_counts()
        G.add_node(actor, name=labels[actor], type="actor", statements=len(group),
                   support=int(counts.get("support", 0)), oppose=int(counts.get("oppose", 0)),
                   neutral=int(counts.get("neutral", 0)),
                   frames=";".join(sorted(group["frame_id"].unique())),
                   documents=int(group["doc_id"].nunique()))
    if len(actors) < 2:
        return G
    weights, raw = _one_mode(x, levels, kind, normalization)
    sim = _similarity(levels)
    # Per frame, does the pair contribute to this kind of tie? (for the `frames` attribute)
    agree_f = np.einsum("ifk,kl,jfl->ijf", x, sim, x)
    disagree_f = np.einsum("ifk,kl,jfl->ijf", x, 1.0 - sim, x)
    contributes = {"congruence": agree_f > 0, "conflict": disagree_f > 0,
                   "subtract": (agree_f > 0) | (disagree_f > 0)}[kind]
    for i in range(len(actors)):
        for j in range(i + 1, len(actors)):
            if raw[i, j] == 0 and weights[i, j] == 0:
                continue
            G.add_edge(actors[i], actors[j], weight=round(float(weights[i, j]), 10),
                       value=float(raw[i, j]),
                       frames=";".join(f for f, on in zip(frames, contributes[i, j]) if on))
    return G


def statement_ties(G: nx.Graph, n: int | None = None) -> pd.DataFrame:
    """The ties of a statement network, strongest first (by |weight|, then value, then
    ids): source, target, source_name, target_name, weight, value, frames.

    >>> s = toy_statements([("d1", "A", "f", "support"), ("d1", "B", "f", "support")])
    >>> statement_ties(statement_network(s)).values.tolist()
    [['A', 'B', 'A', 'B', 1.0, 1.0, 'f']]
    """
    columns = ["source", "target", "source_name", "target_name", "weight", "value", "frames"]
    table = edges_table(G).reindex(columns=columns)
    if table.empty:
        return table
    order = table.assign(_abs=table["weight"].abs()).sort_values(
        ["_abs", "value", "source", "target"], ascending=[False, False, True, True], kind="mergesort")
    table = order.drop(columns="_abs").reset_index(drop=True)
    return table.head(n) if n is not None else table


# =======================================================================================
# two-mode: actor x frame with stances
# =======================================================================================


def stance_table(
    statements: pd.DataFrame,
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    names: Names = None,
) -> pd.DataFrame:
    """One row per actor and frame (DNA's two-mode network as a table): actor_id,
    actor_name, frame_id, support, oppose, neutral, statements, documents, subtract
    (support - oppose), combine (DNA's code: 1 support only, 2 oppose only, 3 both; 0
    neutral only) and tie (support / oppose / mixed / neutral). Sorted by statements
    (most first), then actor and frame.

    >>> s = toy_statements([("d1", "A", "f", "support"), ("d2", "A", "f", "oppose"),
    ...                     ("d1", "B", "f", "oppose")])
    >>> stance_table(s)[["actor_id", "support", "oppose", "combine", "tie"]].values.tolist()
    [['A', 1, 1, 3, 'mixed'], ['B', 0, 1, 2, 'oppose']]
    """
    columns = ["actor_id", "actor_name", "frame_id", "support", "oppose", "neutral", "statements",
               "documents", "subtract", "combine", "tie"]
    rows = prepare_statements(statements, duplicates=duplicates, include_neutral=include_neutral)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    counts = (rows.groupby(["actor_id", "frame_id", "stance"]).size().unstack("stance", fill_value=0)
              .reindex(columns=list(STANCES), fill_value=0))
    documents = rows.groupby(["actor_id", "frame_id"])["doc_id"].nunique()
    table = counts.reset_index()
    table["documents"] = documents.reindex(pd.MultiIndex.from_frame(table[["actor_id", "frame_id"]])).to_numpy()
    table["statements"] = table[list(STANCES)].sum(axis=1)
    table["subtract"] = table["support"] - table["oppose"]
    # DNA's lexical rank of the binary (disagree, agree) vector: [0,1] -> 1, [1,0] -> 2, [1,1] -> 3.
    table["combine"] = 2 * (table["oppose"] > 0).astype(int) + (table["support"] > 0).astype(int)
    table["tie"] = table["combine"].map({0: "neutral", 1: "support", 2: "oppose", 3: "mixed"})
    labels = _actor_names(rows, names)
    table["actor_name"] = table["actor_id"].map(labels)
    table = table[columns].sort_values(["statements", "actor_id", "frame_id"],
                                       ascending=[False, True, True], kind="mergesort")
    for column in ["support", "oppose", "neutral", "statements", "documents", "subtract", "combine"]:
        table[column] = table[column].astype(int)
    table.columns.name = None
    return table.reset_index(drop=True)


def actor_frame_stances(
    statements: pd.DataFrame,
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    names: Names = None,
) -> nx.Graph:
    """DNA's two-mode actor x frame network with qualifier aggregation *combine*.

    Node keys ``"actor:<id>"`` and ``"frame:<id>"`` (attributes ``bipartite``,
    ``entity_id``, ``name``, ``type``, ``statements``), as the co-mention bipartite graphs
    of :mod:`.bipartite`. Every tie carries the columns of :func:`stance_table`: support,
    oppose, neutral, count (= statements), documents, subtract, combine, tie.

    >>> s = toy_statements([("d1", "A", "f", "support"), ("d2", "A", "f", "oppose")])
    >>> actor_frame_stances(s).edges["actor:A", "frame:f"]["tie"]
    'mixed'
    """
    table = stance_table(statements, duplicates=duplicates, include_neutral=include_neutral, names=names)
    G = nx.Graph(kind="actor-frame-stance", sides=("actor", "frame"), duplicates=duplicates,
                 include_neutral=include_neutral)
    for actor, group in table.groupby("actor_id", sort=True):
        G.add_node(f"actor:{actor}", bipartite="actor", entity_id=actor,
                   name=str(group["actor_name"].iloc[0]), type="actor",
                   statements=int(group["statements"].sum()))
    for frame, group in table.groupby("frame_id", sort=True):
        G.add_node(f"frame:{frame}", bipartite="frame", entity_id=frame, name=frame, type="frame",
                   statements=int(group["statements"].sum()))
    for row in table.itertuples(index=False):
        G.add_edge(f"actor:{row.actor_id}", f"frame:{row.frame_id}", support=row.support,
                   oppose=row.oppose, neutral=row.neutral, count=row.statements,
                   documents=row.documents, subtract=row.subtract, combine=row.combine, tie=row.tie)
    return G


def stance_matrix(table: pd.DataFrame, top: int = 15, value: str = "subtract") -> pd.DataFrame:
    """:func:`stance_table` as a wide table: one row per actor (display name), one column
    per frame, cells ``value`` (default support - oppose; 0 where the actor made no
    statement on the frame). The ``top`` actors with most statements (ties by name);
    rows and columns ordered by statements, most first.

    >>> s = toy_statements([("d1", "A", "f", "support"), ("d1", "B", "f", "oppose")])
    >>> stance_matrix(stance_table(s)).to_dict()
    {'f': {'A': 1, 'B': -1}}
    """
    if table.empty:
        return pd.DataFrame(index=pd.Index([], name="actor"))
    wide = table.pivot_table(index="actor_name", columns="frame_id", values=value, aggfunc="sum",
                             fill_value=0)
    volume = table.pivot_table(index="actor_name", columns="frame_id", values="statements",
                               aggfunc="sum", fill_value=0)
    rows = sorted(wide.index, key=lambda r: (-volume.loc[r].sum(), str(r)))[:top]
    wide, volume = wide.loc[rows], volume.loc[rows]
    cols = [c for c in sorted(wide.columns, key=lambda c: (-volume[c].sum(), str(c))) if volume[c].sum() > 0]
    wide = wide[cols].astype(int)
    wide.index.name, wide.columns.name = "actor", "frame"
    return wide


# =======================================================================================
# evidence
# =======================================================================================


def statement_evidence(
    statements: pd.DataFrame,
    a: str | None = None,
    b: str | None = None,
    *,
    kind: NetworkKind = "congruence",
    include_neutral: bool = False,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The statements behind every tie of a one-mode statement network (or of one tie,
    ``a`` -- ``b``, or of every tie of actor ``a``).

    One row per statement and tie: source, target (the pair, source < target), frame_id,
    relation (``agree`` / ``disagree``: what ties the pair on that frame), actor_id,
    stance, and where they are: doc_id, sentence_id, start, end (the sentence), the frame
    mention and the cue with their offsets, method, confidence, date; with ``sentences``
    (the sentences table) also the sentence ``text``. Every statement row is listed (the
    duplicate rule only changes how a tie is *counted*). ``subtract`` lists both
    relations. Sorted by source, target, frame_id, relation, actor_id, doc_id, start.

    >>> s = toy_statements([("d1", "A", "f", "support"), ("d2", "B", "f", "support"),
    ...                     ("d2", "C", "f", "oppose")])
    >>> statement_evidence(s, "A", "B")[["source", "target", "relation", "actor_id", "doc_id"]].values.tolist()
    [['A', 'B', 'agree', 'A', 'd1'], ['A', 'B', 'agree', 'B', 'd2']]
    >>> len(statement_evidence(s, kind="conflict"))  # A-C and B-C, two statements each
    4
    """
    if kind not in NETWORK_KINDS:
        raise ValueError(f"kind must be one of {NETWORK_KINDS}, got {kind!r}")
    rows = prepare_statements(statements, duplicates="include", include_neutral=include_neutral)
    extra = [c for c in _EVIDENCE_COLUMNS if c in rows.columns and c not in ("doc_id", "start", "end")]
    base = ["doc_id", "start", "end", "actor_id", "frame_id", "stance"] + extra
    columns = (["source", "target", "frame_id", "relation", "actor_id", "stance", "doc_id"]
               + [c for c in ("sentence_id",) if c in extra] + ["start", "end"]
               + [c for c in extra if c != "sentence_id"] + (["text"] if sentences is not None else []))
    if rows.empty:
        return pd.DataFrame(columns=columns)
    positions = rows[["actor_id", "frame_id", "stance"]].drop_duplicates()
    pairs = positions.merge(positions, on="frame_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    if a is not None:
        a = str(a)
        pairs = pairs[(pairs["actor_id_a"] == a) | (pairs["actor_id_b"] == a)]
    if b is not None:
        b = str(b)
        pairs = pairs[(pairs["actor_id_a"] == b) | (pairs["actor_id_b"] == b)]
    qa = pairs["stance_a"].map(STANCE_VALUES)
    qb = pairs["stance_b"].map(STANCE_VALUES)
    proximity = 1 - (qa - qb).abs() / 2  # DNA's 1 - |q1 - q2| / range on the -1..1 scale
    # A pair of stances can be partly agreement and partly disagreement (support/neutral).
    agree = pairs[proximity > 0].assign(relation="agree")
    disagree = pairs[proximity < 1].assign(relation="disagree")
    chosen = {"congruence": [agree], "conflict": [disagree], "subtract": [agree, disagree]}[kind]
    links = pd.concat(chosen, ignore_index=True)
    if links.empty:
        return pd.DataFrame(columns=columns)
    links = links.rename(columns={"actor_id_a": "source", "actor_id_b": "target"})
    sides = []
    for side in ("a", "b"):
        keyed = links[["source", "target", "frame_id", "relation", f"stance_{side}"]].copy()
        keyed["actor_id"] = links["source"] if side == "a" else links["target"]
        keyed = keyed.rename(columns={f"stance_{side}": "stance"})
        sides.append(keyed)
    keys = pd.concat(sides, ignore_index=True).drop_duplicates()
    evidence = keys.merge(rows[base], on=["actor_id", "frame_id", "stance"])
    if sentences is not None:
        require_columns(sentences, ["doc_id", "start", "end", "text"], "sentences")
        evidence = evidence.merge(sentences[["doc_id", "start", "end", "text"]],
                                  on=["doc_id", "start", "end"], how="left")
    evidence = evidence[columns].sort_values(
        ["source", "target", "frame_id", "relation", "actor_id", "doc_id", "start"], kind="mergesort")
    return evidence.reset_index(drop=True)


# =======================================================================================
# time windows
# =======================================================================================


def parse_statement_date(value: Any) -> dt.date | None:
    """A statement's ``date`` as a day: partial dates count as their first day (DNA needs
    a full date); blank or unreadable values are None.

    >>> parse_statement_date("2025-12"), parse_statement_date("2025"), parse_statement_date("")
    (datetime.date(2025, 12, 1), datetime.date(2025, 1, 1), None)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()[:10]
    for form, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(text) == size:
            try:
                return dt.datetime.strptime(text, form).date()
            except ValueError:
                return None
    return None


def _windows(dates: pd.Series, window_days: int, step_days: int,
             start: dt.date | None, stop: dt.date | None) -> list[tuple[dt.date, dt.date]]:
    days = [d for d in dates if d is not None]
    if not days:
        return []
    first = start or min(days)
    last = stop or max(days)
    spans, begin = [], first
    while begin <= last:
        spans.append((begin, begin + dt.timedelta(days=window_days)))
        begin = begin + dt.timedelta(days=step_days)
    return spans


def time_window_networks(
    statements: pd.DataFrame,
    window_days: int = 365,
    step_days: int = 90,
    kind: NetworkKind = "congruence",
    normalization: Normalization = "no",
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    start: str | None = None,
    stop: str | None = None,
    names: Names = None,
) -> pd.DataFrame:
    """A series of statement networks over moving windows of document dates, as one tidy
    table of per-window ties: window (1, 2, ...), window_start, window_end (the day after
    the window: ``[window_start, window_end)``), source, target, source_name, target_name,
    weight, value, frames. Windows start at ``start`` (default: the first date) and move
    on by ``step_days`` while they start on or before ``stop`` (default: the last date);
    see the module docstring for how this differs from DNA. The duplicate rule is applied
    within each window. :func:`time_window_summary` gives one row per window.

    >>> s = toy_statements([("d1", "A", "f", "support", "2020-01-01"), ("d1", "B", "f", "support", "2020-01-01"),
    ...                     ("d2", "A", "f", "oppose", "2020-06-01"), ("d2", "B", "f", "support", "2020-06-01")])
    >>> series = time_window_networks(s, window_days=100, step_days=100, kind="subtract")
    >>> series[["window", "window_start", "source", "target", "weight"]].values.tolist()
    [[1, '2020-01-01', 'A', 'B', 1.0], [2, '2020-04-10', 'A', 'B', -1.0]]
    """
    _check_window_options(kind, normalization, window_days, step_days)
    columns = ["window", "window_start", "window_end", "source", "target", "source_name",
               "target_name", "weight", "value", "frames"]
    parts = []
    for number, begin, end, _, G in _window_series(statements, window_days, step_days, start, stop, kind,
                                                   normalization, duplicates, include_neutral, names):
        ties = statement_ties(G)
        if ties.empty:
            continue
        ties.insert(0, "window_end", end.isoformat())
        ties.insert(0, "window_start", begin.isoformat())
        ties.insert(0, "window", number)
        parts.append(ties)
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def _check_window_options(kind: str, normalization: str, window_days: int, step_days: int) -> None:
    """The checks every time-window series makes of its options (ValueError)."""
    _check_options(kind, normalization)
    if window_days < 1 or step_days < 1:
        raise ValueError("window_days and step_days must be at least 1")


def _dated_rows(statements: pd.DataFrame) -> pd.DataFrame:
    """The dated statements, with their day in ``_day`` (undated ones left out)."""
    require_columns(statements, _NEEDED + ["date"], "statements")
    rows = statements.assign(_day=statements["date"].map(parse_statement_date))
    return rows[rows["_day"].notna()]


def _window_series(statements: pd.DataFrame, window_days: int, step_days: int, start: str | None,
                   stop: str | None, kind: NetworkKind, normalization: Normalization,
                   duplicates: DuplicateRule, include_neutral: bool, names: Names = None,
                   ) -> Iterator[tuple[int, dt.date, dt.date, pd.DataFrame, nx.Graph]]:
    """``(window, start, end, its statements, its network)`` for each moving window."""
    rows = _dated_rows(statements)
    spans = _windows(rows["_day"], window_days, step_days,
                     parse_statement_date(start) if start else None,
                     parse_statement_date(stop) if stop else None)
    for number, (begin, end) in enumerate(spans, start=1):
        inside = rows[(rows["_day"] >= begin) & (rows["_day"] < end)].drop(columns="_day")
        yield number, begin, end, inside, statement_network(
            inside, kind, normalization, duplicates=duplicates, include_neutral=include_neutral, names=names)


def time_window_summary(
    statements: pd.DataFrame,
    window_days: int = 365,
    step_days: int = 90,
    kind: NetworkKind = "congruence",
    normalization: Normalization = "no",
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    start: str | None = None,
    stop: str | None = None,
    groups: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per window of :func:`time_window_networks`: window, window_start,
    window_end, documents, statements (after the duplicate rule), actors, ties,
    total_weight (sum of the tie weights), and with ``groups`` (actor -> group) the
    window's DNA polarisation score (:func:`polarisation`). Undated statements are in no
    window.

    >>> s = toy_statements([("d1", "A", "f", "support", "2020-01-01"), ("d2", "B", "f", "support", "2020-03-01")])
    >>> time_window_summary(s, 30, 30)[["window", "statements", "ties"]].values.tolist()
    [[1, 1, 0], [2, 0, 0], [3, 1, 0]]
    """
    _check_window_options(kind, normalization, window_days, step_days)
    columns = ["window", "window_start", "window_end", "documents", "statements", "actors", "ties",
               "total_weight"] + (["polarisation"] if groups is not None else [])
    records = []
    for number, begin, end, inside, G in _window_series(statements, window_days, step_days, start, stop, kind,
                                                        normalization, duplicates, include_neutral):
        record = {"window": number, "window_start": begin.isoformat(), "window_end": end.isoformat(),
                  "documents": int(inside["doc_id"].nunique()), "statements": int(G.graph["statements"]),
                  "actors": G.number_of_nodes(), "ties": G.number_of_edges(),
                  "total_weight": float(sum(w for _, _, w in G.edges(data="weight")))}
        if groups is not None:
            record["polarisation"] = polarisation(inside, groups, duplicates=duplicates,
                                                  include_neutral=include_neutral)["polarisation"]
        records.append(record)
    return pd.DataFrame(records, columns=columns)


# =======================================================================================
# kernel-smoothed time slices
# =======================================================================================


#: The kernels of :func:`kernel_window_networks` (DNA's ``kernel`` argument).
KERNELS = ("uniform", "epanechnikov", "triangular", "gaussian")


def kernel_weights(days_from_mid: Any, window_days: int, kernel: str) -> np.ndarray:
    """The weight of a statement ``days_from_mid`` days away from a slice's mid-point, for
    a window of ``window_days``: the kernel density at the standardised distance
    ``d = 2 * days / window_days`` (``d`` in -1..1 inside the window), as DNA's
    ``Exporter.zeta``: ``uniform`` 0.5, ``epanechnikov`` 0.75 (1 - d^2), ``triangular``
    1 - |d| (0 outside the window), ``gaussian`` the standard normal density (never 0).

    DNA's code computes its Epanechnikov weight as 0.75 (1 - d)^2 and its triangular one
    as |1 - d|; both are lopsided (a statement half a window *after* the mid-point weighs
    1.69 and 0.5 *before* it 0.19 under DNA's Epanechnikov), so the textbook kernels,
    symmetric around the mid-point, are used here.

    >>> kernel_weights([0, 5, -5, 10, 11], 20, "triangular").tolist()
    [1.0, 0.5, 0.5, 0.0, 0.0]
    >>> kernel_weights([0, 10], 20, "epanechnikov").tolist(), kernel_weights([3, 30], 20, "uniform").tolist()
    ([0.75, 0.0], [0.5, 0.0])
    """
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}")
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    d = 2.0 * np.asarray(days_from_mid, dtype=float) / float(window_days)
    inside = np.abs(d) <= 1.0
    if kernel == "gaussian":
        return np.exp(-0.5 * d * d) / math.sqrt(2.0 * math.pi)
    if kernel == "uniform":
        return np.where(inside, 0.5, 0.0)
    if kernel == "epanechnikov":
        return np.where(inside, 0.75 * (1.0 - d * d), 0.0)
    return np.where(inside, 1.0 - np.abs(d), 0.0)


def kernel_window_networks(
    statements: pd.DataFrame,
    window_days: int = 365,
    step_days: int = 30,
    kernel: str = "epanechnikov",
    kind: NetworkKind = "congruence",
    normalization: Literal["no", "average"] = "no",
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    start: str | None = None,
    stop: str | None = None,
    indent: bool = False,
    names: Names = None,
) -> pd.DataFrame:
    """DNA's kernel-smoothed time slices (``Exporter.computeKernelSmoothedTimeSlices`` /
    ``processTimeSlice``): one actor network per mid-point, in which every statement
    counts with the kernel weight of its distance from the mid-point
    (:func:`kernel_weights`) instead of 1 inside a window and 0 outside.

    Mid-points run from ``start`` (default: the first date) to ``stop`` (default: the
    last date) every ``step_days`` days (DNA: every time unit); with ``indent`` they start
    half a window after ``start`` and end half a window before ``stop`` (DNA's
    ``indentTime``), so that no slice reaches past the data. As in DNA, a pair of
    statements (one of each actor, on the same frame) adds its qualifier proximity times
    ``sqrt(z1 * z2)`` (the kernel weights of the two statements) to congruence, its
    distance times the same to conflict. DNA's duplicate rule is applied once to the
    whole table before smoothing, as DNA filters before slicing.

    ``normalization``: ``"no"`` or ``"average"`` (DNA implements no other for kernel
    slices). Here ``average`` divides by the mean of the two actors' summed kernel
    weights, so that under the uniform kernel a slice equals :func:`statement_network`
    on the statements of the window ``[mid - w/2, mid + w/2]`` with DNA's average
    activity; DNA's own kernel code instead multiplies by the sum over (frame, stance)
    cells of ``2 / (n_i + n_j)``, which does not reduce to its unsmoothed normalisation.

    One tidy table of ties: window (1, 2, ...), window_mid, window_start, window_end (the
    first and last day a statement can weigh in the slice, ``mid -/+ w/2`` rounded down to
    whole days; the first and last date of the data under the gaussian kernel), source, target, source_name, target_name, weight, value (before
    normalisation). Undated statements are left out.

    >>> s = toy_statements([("d1", "A", "f", "support", "2020-01-01"), ("d2", "B", "f", "support", "2020-01-11")])
    >>> t = kernel_window_networks(s, 40, kernel="triangular", start="2020-01-11", stop="2020-01-11")
    >>> t[["window_mid", "source", "target", "weight"]].round(4).values.tolist()  # sqrt(0.5 * 1)
    [['2020-01-11', 'A', 'B', 0.7071]]
    """
    _check_window_options(kind, normalization, window_days, step_days)
    if normalization not in ("no", "average"):
        raise ValueError("kernel-smoothed networks take normalization 'no' or 'average' (as DNA)")
    kernel_weights([0], window_days, kernel)  # validates the kernel
    columns = ["window", "window_mid", "window_start", "window_end", "source", "target",
               "source_name", "target_name", "weight", "value"]
    rows = prepare_statements(_dated_rows(statements), duplicates=duplicates, include_neutral=include_neutral)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    first = parse_statement_date(start) if start else min(rows["_day"])
    last = parse_statement_date(stop) if stop else max(rows["_day"])
    half = dt.timedelta(days=window_days / 2)
    mid, end = (first + half, last - half) if indent else (first, last)
    mid, end = dt.date.fromordinal(int(mid.toordinal())), dt.date.fromordinal(int(end.toordinal()))
    levels = _stance_levels(include_neutral)
    actors = sorted(rows["actor_id"].unique())
    frames = sorted(rows["frame_id"].unique())
    ai = {a: i for i, a in enumerate(actors)}
    fi = {f: i for i, f in enumerate(frames)}
    si = {s: i for i, s in enumerate(levels)}
    idx = (rows["actor_id"].map(ai).to_numpy(), rows["frame_id"].map(fi).to_numpy(),
           rows["stance"].map(si).to_numpy())
    ordinals = np.array([d.toordinal() for d in rows["_day"]])
    labels = _actor_names(rows, names)
    parts, number = [], 0
    while mid <= end:
        number += 1
        z = kernel_weights(mid.toordinal() - ordinals, window_days, kernel)
        # Sum of sqrt(z) per (actor, frame, stance): the products of these sums are the
        # sums over statement pairs of sqrt(z1 * z2), DNA's pair weight.
        y = np.zeros((len(actors), len(frames), len(levels)))
        np.add.at(y, idx, np.sqrt(z))
        activity = np.zeros(len(actors))
        np.add.at(activity, idx[0], z)
        weights, raw = _one_mode(y, levels, kind, normalization, activity=activity)
        if kernel == "gaussian":  # every statement weighs: the slice spans the data
            begin, finish = min(rows["_day"]), max(rows["_day"])
        else:  # the days whose weight can be above 0: |days from mid| <= w / 2
            begin = mid - dt.timedelta(days=window_days // 2)
            finish = mid + dt.timedelta(days=window_days // 2)
        records = [{"window": number, "window_mid": mid.isoformat(), "window_start": begin.isoformat(),
                    "window_end": finish.isoformat(), "source": actors[i], "target": actors[j],
                    "source_name": labels[actors[i]], "target_name": labels[actors[j]],
                    "weight": round(float(weights[i, j]), 10), "value": round(float(raw[i, j]), 10)}
                   for i in range(len(actors)) for j in range(i + 1, len(actors))
                   if round(float(weights[i, j]), 10) != 0]
        parts.extend(records)
        mid = mid + dt.timedelta(days=step_days)
    return pd.DataFrame(parts, columns=columns)


# =======================================================================================
# polarisation
# =======================================================================================


def _matrices(statements: pd.DataFrame, duplicates: str, include_neutral: bool,
              normalization: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    rows = prepare_statements(statements, duplicates=duplicates, include_neutral=include_neutral)
    levels = _stance_levels(include_neutral)
    actors = sorted(rows["actor_id"].unique())
    frames = sorted(rows["frame_id"].unique())
    x = _count_array(rows, actors, frames, levels)
    congruence, _ = _one_mode(x, levels, "congruence", normalization)
    conflict, _ = _one_mode(x, levels, "conflict", normalization)
    return actors, congruence, conflict


def _group_labels(actors: list[str], groups: Mapping[str, str] | None, others: str | None,
                  congruence: np.ndarray, seed: int) -> dict[str, str]:
    if groups is None:  # Louvain communities of the congruence network
        G = nx.Graph()
        G.add_nodes_from(actors)
        for i in range(len(actors)):
            for j in range(i + 1, len(actors)):
                if congruence[i, j] > 0:
                    G.add_edge(actors[i], actors[j], count=float(congruence[i, j]))
        table, _ = communities(G, seed=seed, weight="count")
        return {a: f"community {c}" for a, c in zip(table["id"], table["community"])}
    labels = {a: str(groups[a]) for a in actors if a in groups}
    if others is not None:
        labels.update({a: others for a in actors if a not in groups})
    return labels


def polarisation_table(
    statements: pd.DataFrame,
    groups: Mapping[str, str] | None = None,
    *,
    others: str | None = "rest",
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    normalization: Normalization = "average",
    seed: int = 42,
) -> pd.DataFrame:
    """Observed against expected ties, block by block: DNA's polarisation in detail.

    ``groups`` maps actor ids to a group label (e.g. :meth:`Memberships.group_of`); actors
    it does not name form the group ``others`` (None: left out). Without ``groups`` the
    groups are the Louvain communities of the congruence network (``seed``). The
    congruence and conflict networks are normalised by ``normalization`` (DNA's
    polarisation uses average activity). One row per block (within a group, or between
    two): block, group_a, group_b, actors_a, actors_b, dyads (ordered pairs, as DNA
    counts them), compared (``congruence`` within a group, ``conflict`` between groups),
    observed (the sum over the block's dyads), expected (DNA's expectation, per dyad
    ``share * total / D``: ``total`` the whole network's sum of that tie kind, ``D`` all
    within-group or all between-group dyads, ``share`` the block's part of ``D``) times
    the dyads, difference (observed - expected: positive where the block has more of
    the compared ties than an even spread) and absdiff (the sum of ``|observed -
    expected|`` over the block's dyads, what DNA adds up).

    >>> s = toy_statements([("d", "A", "f", "support"), ("d", "B", "f", "support"),
    ...                     ("d", "C", "f", "oppose"), ("d", "D", "f", "oppose")])
    >>> t = polarisation_table(s, {"A": "x", "B": "x", "C": "y", "D": "y"})
    >>> t[["block", "compared", "observed", "expected", "absdiff"]].values.tolist()
    [['within x', 'congruence', 2.0, 1.0, 1.0], ['within y', 'congruence', 2.0, 1.0, 1.0], ['between x-y', 'conflict', 8.0, 4.0, 4.0]]
    """
    columns = ["block", "group_a", "group_b", "actors_a", "actors_b", "dyads", "compared",
               "observed", "expected", "difference", "absdiff"]
    actors, congruence, conflict = _matrices(statements, duplicates, include_neutral, normalization)
    labels = _group_labels(actors, groups, others, congruence, seed)
    keep = [i for i, a in enumerate(actors) if a in labels]
    if len(keep) < 2:
        return pd.DataFrame(columns=columns)
    congruence, conflict = congruence[np.ix_(keep, keep)], conflict[np.ix_(keep, keep)]
    member = np.array([labels[actors[i]] for i in keep])
    names = sorted(set(member))
    size = {g: int((member == g).sum()) for g in names}
    n = len(keep)
    within_dyads = sum(k * (k - 1) for k in size.values())
    between_dyads = n * (n - 1) - within_dyads
    total_congruence, total_conflict = float(np.abs(congruence).sum()), float(np.abs(conflict).sum())
    records = []
    for gi, ga in enumerate(names):
        for gb in names[gi:]:
            rows_a, rows_b = member == ga, member == gb
            if ga == gb:
                dyads = size[ga] * (size[ga] - 1)
                if dyads == 0:
                    continue
                block = congruence[np.ix_(rows_a, rows_a)]
                mask = ~np.eye(size[ga], dtype=bool)
                # DNA: clusterFactor * (congruenceNorm / numWithinClusterDyads)
                per_dyad = (dyads / within_dyads) * (total_congruence / within_dyads)
                values = block[mask]
                compared, label = "congruence", f"within {ga}"
            else:
                dyads = 2 * size[ga] * size[gb]  # ordered pairs both ways, as DNA sums them
                values = np.concatenate([conflict[np.ix_(rows_a, rows_b)].ravel(),
                                         conflict[np.ix_(rows_b, rows_a)].ravel()])
                # DNA: betweenFactor * (conflictNorm / numBetweenClusterDyads), betweenFactor
                # = n_a * n_b / numBetweenClusterDyads for every dyad of the pair of groups
                per_dyad = (size[ga] * size[gb] / between_dyads) * (total_conflict / between_dyads)
                compared, label = "conflict", f"between {ga}-{gb}"
            records.append({"block": label, "group_a": ga, "group_b": gb, "actors_a": size[ga],
                            "actors_b": size[gb], "dyads": dyads, "compared": compared,
                            "observed": float(values.sum()), "expected": float(per_dyad * dyads),
                            "difference": float((values - per_dyad).sum()),
                            "absdiff": float(np.abs(values - per_dyad).sum())})
    table = pd.DataFrame(records, columns=columns)
    order = table["compared"].map({"congruence": 0, "conflict": 1})
    return table.assign(_o=order).sort_values(["_o", "group_a", "group_b"], kind="mergesort").drop(
        columns="_o").reset_index(drop=True)


def polarisation(
    statements: pd.DataFrame,
    groups: Mapping[str, str] | None = None,
    *,
    others: str | None = "rest",
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    normalization: Normalization = "average",
    seed: int = 42,
) -> dict[str, Any]:
    """DNA's polarisation score of a grouping of actors (``Polarisation.qualityAbsdiff``).

    The sum of :func:`polarisation_table`'s ``absdiff`` (congruence within groups and
    conflict between groups, each against an even spread), divided by the total
    congruence plus the total conflict of the network (DNA's ``normaliseScores``). DNA
    searches the grouping that maximises it; here it is measured for the given
    ``groups`` (or the congruence network's Louvain communities).

    Because DNA adds up *absolute* deviations, a grouping that splits two camps deviates
    from an even spread as much as one that separates them, and can score as high (the
    example below). ``signed_polarisation`` (not DNA's) adds the signed differences
    instead: positive when congruence gathers inside the groups and conflict between
    them, negative when the grouping cuts across the camps.

    Returns a dict: polarisation (DNA's normalised score; NaN without any congruence or
    conflict, or with fewer than two groups), signed_polarisation, absdiff, total_congruence, total_conflict, groups
    (number), actors (grouped actors), grouping ("given" or "communities").

    >>> s = toy_statements([("d", "A", "f", "support"), ("d", "B", "f", "support"),
    ...                     ("d", "C", "f", "oppose"), ("d", "D", "f", "oppose")])
    >>> camps = polarisation(s, {"A": "x", "B": "x", "C": "y", "D": "y"})
    >>> mixed = polarisation(s, {"A": "x", "C": "x", "B": "y", "D": "y"})
    >>> camps["polarisation"], mixed["polarisation"]
    (0.5, 0.5)
    >>> round(camps["signed_polarisation"], 4), round(mixed["signed_polarisation"], 4)
    (0.5, -0.1667)
    """
    table = polarisation_table(statements, groups, others=others, duplicates=duplicates,
                               include_neutral=include_neutral, normalization=normalization, seed=seed)
    actors, congruence, conflict = _matrices(statements, duplicates, include_neutral, normalization)
    labels = _group_labels(actors, groups, others, congruence, seed)
    keep = [i for i, a in enumerate(actors) if a in labels]
    total_congruence = float(np.abs(congruence[np.ix_(keep, keep)]).sum()) if keep else 0.0
    total_conflict = float(np.abs(conflict[np.ix_(keep, keep)]).sum()) if keep else 0.0
    absdiff = float(table["absdiff"].sum()) if len(table) else 0.0
    difference = float(table["difference"].sum()) if len(table) else 0.0
    total = total_congruence + total_conflict
    n_groups = len({labels[actors[i]] for i in keep})
    # One group has no between-group dyads: nothing to polarise (DNA needs k >= 2 too).
    defined = bool(total) and n_groups >= 2
    return {"polarisation": absdiff / total if defined else math.nan,
            "signed_polarisation": difference / total if defined else math.nan, "absdiff": absdiff,
            "total_congruence": total_congruence, "total_conflict": total_conflict,
            "groups": n_groups, "actors": len(keep),
            "grouping": "given" if groups is not None else "communities"}


def _camp_labels(G: nx.Graph, camp: Mapping[str, str], others: str) -> dict[str, str]:
    return {n: str(camp.get(n, others)) for n in G.nodes}


def camp_communities(
    G: nx.Graph,
    camp: Mapping[str, str],
    *,
    others: str = "rest",
    seed: int = 42,
    weight: str = "weight",
) -> pd.DataFrame:
    """The Louvain communities of a (congruence) network and the camps of their members.

    ``camp`` maps actor ids to a camp label (e.g. :meth:`Memberships.group_of`); the other
    actors are ``others``. One row per community (numbered by size, as
    :func:`~analysis.measure.network.communities` numbers them, with ``seed``): community,
    actors, one column per camp label (how many members it has there, labels sorted), and
    members (the member ids, sorted, ``;``-joined). Weights must not be negative (a
    congruence or conflict network, not subtract).

    >>> s = toy_statements([("d", "FRA", "f", "support"), ("d", "DEU", "f", "support"),
    ...                     ("d", "CUB", "f", "oppose"), ("d", "VEN", "f", "oppose")])
    >>> camp_communities(statement_network(s), {"FRA": "EU", "DEU": "EU"}).values.tolist()
    [[1, 2, 0, 2, 'CUB;VEN'], [2, 2, 2, 0, 'DEU;FRA']]
    """
    labels = _camp_labels(G, camp, others)
    names = sorted(set(labels.values()) | {others})
    columns = ["community", "actors", *names, "members"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    table, _ = communities(G, seed=seed, weight=weight)
    rows = []
    for community, group in table.groupby("community", sort=True):
        ids = sorted(group["id"])
        counts = pd.Series([labels[i] for i in ids]).value_counts()
        rows.append({"community": int(community), "actors": len(ids),
                     **{name: int(counts.get(name, 0)) for name in names}, "members": ";".join(ids)})
    return pd.DataFrame(rows, columns=columns)


def adjusted_rand(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Adjusted Rand index of two labellings of the same items (Hubert & Arabie 1985): 1
    the same partition, about 0 as by chance; NaN for fewer than two items or when both
    labellings put everything in one group.

    >>> adjusted_rand([1, 1, 2, 2], ["x", "x", "y", "y"]), round(adjusted_rand([1, 1, 2, 2], ["x", "y", "x", "y"]), 4)
    (1.0, -0.5)
    """
    n = len(a)
    if n < 2:
        return math.nan

    def pairs(values: Iterable[Any]) -> float:
        return float(sum(c * (c - 1) / 2 for c in pd.Series(list(values), dtype=object).value_counts()))

    joint = pairs(zip(a, b))
    left, right = pairs(a), pairs(b)
    expected = left * right / (n * (n - 1) / 2)
    top = (left + right) / 2
    return (joint - expected) / (top - expected) if top != expected else math.nan


def camp_separation(
    G: nx.Graph,
    camp: Mapping[str, str],
    *,
    others: str = "rest",
    seed: int = 42,
    weight: str = "weight",
) -> dict[str, Any]:
    """How well a (congruence) network separates a camp from the others.

    Over the actors with at least one tie: ``camp_modularity`` (the modularity of the
    two-way partition camp / others, with the tie weights: 0 no more agreement inside the
    camps than chance, above about 0.3 clearly separate camps), ``camp_modularity_max``
    (the modularity the same partition would reach if every tie's weight stayed inside
    the camps, the actors' tie strengths kept: ``1 - sum over the two sides of (strength
    share)^2``; a small camp in a large network cannot reach 0.3, so read
    ``camp_modularity`` against it), ``camp_assortativity``
    (networkx's attribute assortativity of the camp label, unweighted: 1 every tie inside
    a camp, 0 as by chance, negative ties across), ``adjusted_rand`` (the two largest
    Louvain communities, ``seed``, against the camps, over their members: 1 the same split,
    0 as by chance), and the counts actors, tied_actors, camp_actors (tied actors in the
    camp), ties, ties_across (ties between the camp and the others). NaN where a measure
    is undefined (no ties, or everyone on one side).

    >>> s = toy_statements([("d", "FRA", "f", "support"), ("d", "DEU", "f", "support"),
    ...                     ("d", "CUB", "f", "oppose"), ("d", "VEN", "f", "oppose")])
    >>> result = camp_separation(statement_network(s), {"FRA": "EU", "DEU": "EU"})
    >>> result["camp_modularity"], result["camp_assortativity"], result["adjusted_rand"]
    (0.5, 1.0, 1.0)
    """
    labels = _camp_labels(G, camp, others)
    tied = sorted(n for n in G.nodes if G.degree(n) > 0)
    H = G.subgraph(tied)
    in_camp = {n for n in tied if labels[n] != others}
    result: dict[str, Any] = {
        "actors": G.number_of_nodes(), "tied_actors": len(tied), "camp_actors": len(in_camp),
        "ties": G.number_of_edges(),
        "ties_across": sum(1 for u, v in G.edges if (labels[u] != others) != (labels[v] != others)),
        "camp_modularity": math.nan, "camp_modularity_max": math.nan, "camp_assortativity": math.nan,
        "adjusted_rand": math.nan,
    }
    parts = [p for p in (in_camp, set(tied) - in_camp) if p]
    if H.number_of_edges() and len(parts) == 2:
        result["camp_modularity"] = float(nx.community.modularity(H, parts, weight=weight))
        strength = dict(H.degree(weight=weight))
        total = sum(strength.values())
        result["camp_modularity_max"] = float(1.0 - sum((sum(strength[n] for n in p) / total) ** 2 for p in parts))
        side = {n: ("camp" if n in in_camp else "others") for n in tied}
        result["camp_assortativity"] = float(nx.attribute_assortativity_coefficient(_with_side(H, side), "side"))
    table = camp_communities(G, camp, others=others, seed=seed, weight=weight)
    largest = table.sort_values(["actors", "community"], ascending=[False, True], kind="mergesort").head(2)
    members = [(m, int(c)) for c, ms in zip(largest["community"], largest["members"]) for m in ms.split(";") if m]
    if len(largest) == 2:
        result["adjusted_rand"] = adjusted_rand([c for _, c in members],
                                                 [labels[m] != others for m, _ in members])
    return result


def _with_side(H: nx.Graph, side: Mapping[str, str]) -> nx.Graph:
    """``H`` rebuilt in sorted order with the node attribute ``side`` (a stable input)."""
    K = nx.Graph()
    K.add_nodes_from((n, {"side": side[n]}) for n in sorted(H.nodes))
    K.add_edges_from(sorted(tuple(sorted(e)) for e in H.edges))
    return K


# =======================================================================================
# export
# =======================================================================================


def export_statement_networks(
    statements: pd.DataFrame,
    folder: str | os.PathLike,
    normalization: Normalization = "no",
    *,
    duplicates: DuplicateRule = "document",
    include_neutral: bool = False,
    names: Names = None,
    prefix: str = "statements",
) -> pd.DataFrame:
    """Write the congruence, conflict, subtract and two-mode (actor x frame) networks as
    GEXF and GraphML files (``<prefix>_<network>.gexf`` / ``.graphml``) in ``folder``,
    read every file back and return one row per file: network, file, format, nodes,
    ties (as read back). Gephi's edge ``weight`` is the tie weight (two-mode: the number
    of statements).

    >>> import tempfile
    >>> s = toy_statements([("d1", "A", "f", "support"), ("d1", "B", "f", "oppose")])
    >>> table = export_statement_networks(s, tempfile.mkdtemp())
    >>> table[["network", "format", "nodes", "ties"]].values.tolist()[:2]
    [['congruence', 'GEXF', 2, 0], ['congruence', 'GRAPHML', 2, 0]]
    """
    graphs = {kind: statement_network(statements, kind, normalization, duplicates=duplicates,
                                      include_neutral=include_neutral, names=names)
              for kind in NETWORK_KINDS}
    graphs["two_mode"] = actor_frame_stances(statements, duplicates=duplicates,
                                             include_neutral=include_neutral, names=names)
    parts = []
    for network, G in graphs.items():
        written = export_network(G, Path(folder), f"{prefix}_{network}")
        written.insert(0, "network", network)
        parts.append(written)
    return pd.concat(parts, ignore_index=True)
