"""Co-mention networks of political actors: build, filter, measure, explain, export.

Two actors are linked when they are mentioned in the same *unit* of text (a sentence, a
paragraph or a whole document). The edge ``count`` is the number of units in which both
appear, so an actor mentioned five times in one sentence still contributes 1 to that
sentence's edges -- this keeps long lists and repeated names from dominating.

Reading these networks (please read before interpreting a graph)
----------------------------------------------------------------
* **Co-mention is not alliance.** An edge only says that two actors are *talked about
  together*. "Russia accuses NATO of expansion" links Russia and NATO as strongly as a joint
  communique does. The sign of the relation (cooperation, conflict, comparison, a list of
  participants) is not in the graph; read the sentences behind an edge with
  :func:`edge_evidence` before saying anything about it.
* **The graph reflects the corpus, not the world.** A dense Russia--Ukraine edge in a corpus
  of Russian Foreign Ministry briefings is a statement about what that ministry talks about.
* **Counts grow with document length and with the number of documents from one source.**
  Compare ``count`` with ``pmi``/``npmi``/``jaccard`` (association beyond what the actors'
  own frequency predicts) and use :func:`backbone` to keep the edges that stand out *locally*.
* **Extraction errors propagate.** Pronoun resolution and ambiguous names create or move
  edges; ``build_network(..., exclude_kinds={"pronoun"}, drop_ambiguous=True)`` gives a
  conservative variant to check that a finding survives.
* **Centrality is descriptive.** A high betweenness means an actor is often mentioned
  alongside otherwise separate actors (e.g. a mediator, or simply the speaker's own
  government); it is not a measure of power.

Association measures (unit-based)
---------------------------------
With ``N`` units, ``n_a`` units mentioning *a*, ``n_b`` mentioning *b* and ``n_ab``
mentioning both::

    p(a) = n_a / N      p(b) = n_b / N      p(a, b) = n_ab / N
    pmi     = log2( p(a, b) / (p(a) p(b)) )       (bits; 0 = as often as chance)
    npmi    = pmi / -log2 p(a, b)                  (in [-1, 1]; 1 = always together)
    jaccard = n_ab / (n_a + n_b - n_ab)            (does not depend on N)

By default ``N`` is the number of units that mention **at least one actor** (after
filtering). This is the population in which a co-mention is possible at all, and it does
not need the sentence table. It makes PMI smaller than with ``N`` = all sentences of the
corpus (PMI grows with ``log2 N``), so PMI values are comparable only between networks built
with the same choice. Pass ``n_units`` (e.g. ``len(sentences)``) to use another population.

Example
-------
>>> import pandas as pd
>>> m = pd.DataFrame({
...     "doc_id": ["d1"] * 4, "paragraph_id": [0] * 4, "sentence_id": [0, 0, 1, 1],
...     "actor_id": ["RUS", "USA", "RUS", "CHN"],
...     "actor_name": ["Russia", "United States", "Russia", "China"],
...     "actor_type": ["state"] * 4})
>>> G = build_network(m)
>>> sorted(G.edges(data="count"))
[('CHN', 'RUS', 1), ('RUS', 'USA', 1)]
>>> G.nodes["RUS"]["mentions"], G.graph["n_units"]
(2, 2)
"""

from __future__ import annotations

import math
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "UNIT_KEYS",
    "build_network",
    "disparity_table",
    "backbone",
    "centrality_table",
    "communities",
    "actor_frame_network",
    "speaker_frame_network",
    "edge_evidence",
    "export_graph",
    "nodes_table",
    "rolled_up_nodes",
    "edges_table",
]

Unit = Literal["sentence", "paragraph", "document"]
StateMap = Callable[[str], "str | None"] | Mapping[str, str]

#: Columns that identify one unit of co-occurrence (see docs/design.md: sentence_id and
#: paragraph_id are numbered within a document, so doc_id is always part of the key).
UNIT_KEYS: dict[str, list[str]] = {
    "sentence": ["doc_id", "sentence_id"],
    "paragraph": ["doc_id", "paragraph_id"],
    "document": ["doc_id"],
}

# Preferred column order of the tidy tables; other attributes follow alphabetically.
_NODE_COLUMNS = ["id", "name", "type", "bipartite", "entity_id", "mentions", "units",
                 "documents", "members"]
_EDGE_COLUMNS = ["source", "target", "source_name", "target_name", "count", "documents",
                 "pmi", "npmi", "jaccard", "alpha"]


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------

def _unit_keys(unit: str) -> list[str]:
    try:
        return UNIT_KEYS[unit]
    except KeyError:
        raise ValueError(f"unit must be one of {sorted(UNIT_KEYS)}, got {unit!r}") from None


def _require(df: pd.DataFrame, columns: Iterable[str], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table lacks column(s) {missing}")


def _is_missing(value: Any) -> bool:
    """None, NaN, pd.NA or a blank string."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not "missing"
        return False


def _present(values: pd.Series) -> pd.Series:
    """Boolean mask of non-missing values (bool dtype even for an empty column, where an
    object-dtype mask would be read by ``df[...]`` as a list of column names)."""
    return ~values.map(_is_missing).astype(bool)


def _state_lookup(state_of: StateMap | None) -> Callable[[str], str]:
    """Turn a dict or a callable into ``actor_id -> node id``.

    Actors the mapping does not know (missing key, ``None``/empty result or ``KeyError``)
    stay themselves: an international organisation has no state, and dropping it silently
    would change the network more than keeping it.
    """
    if state_of is None:
        return lambda a: a
    if isinstance(state_of, Mapping):
        return lambda a: a if _is_missing(state_of.get(a)) else str(state_of[a])
    if not callable(state_of):
        raise TypeError("state_of must be a callable or a mapping")

    def lookup(a: str) -> str:
        try:
            s = state_of(a)
        except KeyError:
            return a
        return a if _is_missing(s) else str(s)

    return lookup


def _name_lookup(names: Mapping[str, str] | Callable[[str], str | None] | None,
                 key: str) -> str | None:
    if names is None:
        return None
    try:
        value = names.get(key) if isinstance(names, Mapping) else names(key)
    except KeyError:
        return None
    return None if _is_missing(value) else str(value)


def _mode(values: pd.Series) -> Any:
    """Most frequent non-missing value; ties broken by sorted order (deterministic)."""
    values = values.dropna()
    values = values[values.astype(str).str.strip() != ""]
    if values.empty:
        return None
    counts = values.astype(str).value_counts()
    top = counts[counts == counts.max()].index
    return sorted(top)[0]


#: Prefixes of actor ids that are not register entries: names found by named-entity
#: recognition only (``unlinked:...``) and names standing for several actors (``ambiguous:...``).
NOT_IN_REGISTER = ("unlinked:", "ambiguous:")


def _group_modes(df: pd.DataFrame, key: str, column: str) -> dict[Any, Any]:
    """:func:`_mode` of ``column`` in every ``key`` group at once (None where a group has
    no usable value): the same result as ``groupby(key)[column].agg(_mode)``, vectorised."""
    values = df[column]
    present = values.notna()
    text = values[present].astype(str)
    text = text[text.str.strip() != ""]
    out: dict[Any, Any] = dict.fromkeys(df[key].unique())
    if len(text):
        pairs = pd.DataFrame({"k": df.loc[text.index, key], "v": text})
        counts = pairs.groupby(["k", "v"], sort=False).size().reset_index(name="n")
        counts = counts.sort_values(["n", "v"], ascending=[False, True], kind="stable")
        best = counts.drop_duplicates("k")
        out.update(zip(best["k"], best["v"]))
    return out


def _filter_mentions(mentions: pd.DataFrame, exclude_kinds: Iterable[str] | None,
                     drop_ambiguous: bool, register_only: bool = False) -> pd.DataFrame:
    df = mentions[_present(mentions["actor_id"])]
    if register_only:
        df = df[~df["actor_id"].astype(str).str.startswith(NOT_IN_REGISTER)]
    if exclude_kinds and "mention_kind" in df.columns:
        df = df[~df["mention_kind"].isin(set(exclude_kinds))]
    if drop_ambiguous and "ambiguous" in df.columns:
        df = df[~df["ambiguous"].eq(True)]  # NaN/None count as not ambiguous
    df = df.copy()
    df["actor_id"] = df["actor_id"].astype(str)
    return df


def _with_nodes(df: pd.DataFrame, level: str, state_of: StateMap | None) -> pd.DataFrame:
    """Add the column ``node``: the actor id, or its state at level="state"."""
    if level not in ("actor", "state"):
        raise ValueError(f"level must be 'actor' or 'state', got {level!r}")
    if level == "state" and state_of is None:
        raise ValueError("level='state' needs state_of (e.g. register.state_of or a dict)")
    lookup = _state_lookup(state_of if level == "state" else None)
    # Map each distinct id once: the register lookup may be slow, the table may be long.
    mapping = {a: lookup(a) for a in df["actor_id"].unique()}
    df = df.assign(node=df["actor_id"].map(mapping))
    return df


def _unit_tuples(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    return pd.Series(list(zip(*(df[k] for k in keys))), index=df.index, dtype=object)


def _actor_node_attrs(df: pd.DataFrame, level: str,
                      names: Mapping[str, str] | Callable[[str], str | None] | None,
                      unit_col: str) -> dict[str, dict[str, Any]]:
    """Node attributes: id, name, type, mentions, units, documents (+ members for states)."""
    attrs: dict[str, dict[str, Any]] = {}
    # Name/type of a node come from rows where the node id *is* the actor id (the state
    # itself was mentioned); otherwise from `names`, otherwise the id / "state".
    own = df[df["actor_id"] == df["node"]]
    own_names = _group_modes(own, "node", "actor_name") if "actor_name" in df else {}
    own_types = _group_modes(own, "node", "actor_type") if "actor_type" in df else {}
    mentioned_itself = set(own["node"])
    groups = df.groupby("node", sort=True)
    sizes = groups.size().to_dict()
    units = groups[unit_col].nunique().to_dict()
    documents = groups["doc_id"].nunique().to_dict()
    members = groups["actor_id"].unique().to_dict() if level == "state" else {}
    for node in sizes:
        name = _name_lookup(names, node) or own_names.get(node)
        typ = own_types.get(node)
        if level == "state" and node not in mentioned_itself:
            typ = "state"  # a roll-up target that is never mentioned by name
        a: dict[str, Any] = {
            "id": node,
            "name": name if name is not None else node,
            "type": typ if typ is not None else "unknown",
            "mentions": int(sizes[node]),
            "units": int(units[node]),
            "documents": int(documents[node]),
        }
        if level == "state":
            a["members"] = ";".join(sorted(members[node]))
        attrs[node] = a
    return attrs


def _association(n_ab: int, n_a: int, n_b: int, n: int) -> dict[str, float]:
    pmi = math.log2(n_ab * n / (n_a * n_b))
    h = -math.log2(n_ab / n)
    # p(a,b) = 1: both actors are in every unit; PMI is 0 but association is perfect.
    npmi = 1.0 if h == 0 else pmi / h
    return {"pmi": pmi, "npmi": npmi, "jaccard": n_ab / (n_a + n_b - n_ab)}


# ---------------------------------------------------------------------------------------
# building
# ---------------------------------------------------------------------------------------

def build_network(
    mentions: pd.DataFrame,
    unit: Unit = "sentence",
    level: Literal["actor", "state"] = "actor",
    state_of: StateMap | None = None,
    min_count: int = 1,
    *,
    n_units: int | None = None,
    names: Mapping[str, str] | Callable[[str], str | None] | None = None,
    exclude_kinds: Iterable[str] | None = None,
    drop_ambiguous: bool = False,
    register_only: bool = False,
) -> nx.Graph:
    """Co-mention graph of actors: an edge for every pair mentioned in the same unit.

    Parameters
    ----------
    mentions
        ``actor_mentions`` table (doc_id, paragraph_id, sentence_id, actor_id, actor_name,
        actor_type, ...). Rows without an actor_id are ignored.
    unit
        ``"sentence"`` (default; the tightest, least noisy context), ``"paragraph"`` or
        ``"document"`` (every pair of actors in a document is linked -- very dense).
    level
        ``"actor"`` keeps persons, institutions and states apart; ``"state"`` rolls every
        actor up to ``state_of(actor_id)`` (Lavrov and the Foreign Ministry become Russia).
        Actors the mapping does not know stay themselves (e.g. NATO, the UN).
    state_of
        ``register.state_of`` or a dict ``actor_id -> state id``. Required for
        ``level="state"``, ignored otherwise.
    min_count
        Drop edges seen in fewer than ``min_count`` units. Nodes are always kept (an actor
        mentioned only alone is an isolate, not absent).
    n_units
        Population size ``N`` for PMI/NPMI (see the module docstring). Default: the number
        of units mentioning at least one actor. Must be at least that number.
    names
        Optional ``id -> display name`` (dict or callable); wins over the names in the
        table. Useful for state nodes that are never mentioned by name themselves.
    exclude_kinds
        ``mention_kind`` values to ignore, e.g. ``{"pronoun"}`` for a conservative graph.
    drop_ambiguous
        Ignore rows flagged ``ambiguous``.
    register_only
        Keep only actors of the register: drop ``unlinked:`` names (found by named-entity
        recognition, not in the register) and ``ambiguous:`` names. On a large corpus the
        unlinked names are hundreds of rare nodes ("New Year", "Volga") that crowd the graph.

    Returns
    -------
    networkx.Graph
        Nodes (sorted by id) carry ``id, name, type, mentions`` (rows), ``units`` (units
        mentioning the node), ``documents`` and, at state level, ``members`` (";"-joined
        actor ids rolled into the node). Edges (sorted) carry ``count`` (units with both),
        ``documents`` (documents with such a unit), ``pmi``, ``npmi``, ``jaccard``.
        ``G.graph`` records unit, level, n_units, n_documents, min_count. There are never
        self-loops: an actor mentioned twice in a sentence, or two persons of one state at
        state level, count once for that unit.

    Co-mention is not alliance: an edge means "talked about together", whatever the
    relation. Check the text with :func:`edge_evidence`.

    Example
    -------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["d"] * 3, "paragraph_id": [0] * 3,
    ...                   "sentence_id": [0, 0, 0], "actor_id": ["putin", "lavrov", "USA"],
    ...                   "actor_name": ["Vladimir Putin", "Sergey Lavrov", "United States"],
    ...                   "actor_type": ["person", "person", "state"]})
    >>> G = build_network(m, level="state", state_of={"putin": "RUS", "lavrov": "RUS"},
    ...                   names={"RUS": "Russia"})
    >>> list(G.edges(data="count")), G.nodes["RUS"]["members"]
    ([('RUS', 'USA', 1)], 'lavrov;putin')
    """
    keys = _unit_keys(unit)
    _require(mentions, set(keys) | {"actor_id"}, "actor_mentions")
    if min_count < 1:
        raise ValueError("min_count must be >= 1")
    df = _with_nodes(_filter_mentions(mentions, exclude_kinds, drop_ambiguous, register_only),
                     level, state_of)
    df["_unit"] = _unit_tuples(df, keys)

    G = nx.Graph()
    node_attrs = _actor_node_attrs(df, level, names, "_unit")
    unit_sets = df.groupby("_unit", sort=True)["node"].agg(lambda s: sorted(set(s)))
    observed = len(unit_sets)
    if n_units is None:
        n_units = observed
    elif n_units < observed:
        raise ValueError(f"n_units={n_units} is smaller than the {observed} units with actors")

    G.graph.update(unit=unit, level=level, n_units=int(n_units),
                   n_units_with_actors=int(observed),
                   n_documents=int(df["doc_id"].nunique()), min_count=int(min_count),
                   pmi_log_base=2)
    for node in sorted(node_attrs):
        G.add_node(node, **node_attrs[node])

    pair_units: Counter[tuple[str, str]] = Counter()
    pair_docs: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for unit_key, nodes in unit_sets.items():
        # nodes are unique and sorted, so every pair is (smaller, larger) and never (a, a).
        for pair in combinations(nodes, 2):
            pair_units[pair] += 1
            pair_docs[pair].add(unit_key[0])

    for (a, b) in sorted(pair_units):
        n_ab = pair_units[(a, b)]
        if n_ab < min_count:
            continue
        G.add_edge(a, b, count=int(n_ab), documents=len(pair_docs[(a, b)]),
                   **_association(n_ab, G.nodes[a]["units"], G.nodes[b]["units"], n_units))
    return G


# ---------------------------------------------------------------------------------------
# backbone (disparity filter)
# ---------------------------------------------------------------------------------------

def _check_weights(G: nx.Graph, weight: str) -> None:
    if G.is_directed() or G.is_multigraph():
        raise TypeError("expects an undirected simple nx.Graph")
    for u, v, w in G.edges(data=weight):
        if w is None or (isinstance(w, float) and math.isnan(w)):
            raise ValueError(f"edge ({u!r}, {v!r}) has no {weight!r} value")
        if w < 0:
            raise ValueError(f"edge ({u!r}, {v!r}) has negative {weight!r}={w}; the "
                             "disparity filter needs non-negative weights (not pmi/npmi)")


def disparity_table(G: nx.Graph, weight: str = "count") -> pd.DataFrame:
    """Disparity-filter p-values of every edge seen from both of its endpoints.

    For endpoint *i* with degree ``k > 1`` and strength ``s`` (sum of its edge weights),
    the edge of weight ``w`` gets ``alpha = (1 - w/s) ** (k - 1)``: the probability that
    an edge gets at least that share of *i*'s strength when the strength is split
    uniformly at random among *i*'s ``k`` edges (Serrano, Boguñá & Vespignani 2009, PNAS
    106:6483, eq. 2, closed form of ``1 - (k-1) ∫_0^{w/s} (1-x)^{k-2} dx``).
    For ``k = 1`` the null model is undefined (a single edge always carries 100% of the
    strength), so that endpoint's alpha is NaN. Self-loops are ignored.

    Returns a DataFrame: source, target, weight, alpha_source, alpha_target (sorted).
    Use it to choose ``alpha``: ``(table[["alpha_source", "alpha_target"]].min(axis=1) <
    a).sum()`` edges survive :func:`backbone` at level ``a``.

    >>> G = nx.Graph([("a", "b", {"count": 3}), ("a", "c", {"count": 1})])
    >>> disparity_table(G).round(3).to_dict("records")[0]
    {'source': 'a', 'target': 'b', 'weight': 3, 'alpha_source': 0.25, 'alpha_target': nan}
    """
    _check_weights(G, weight)
    degree: dict[Any, int] = {}
    strength: dict[Any, float] = {}
    for n in G.nodes:
        nbrs = [v for v in G[n] if v != n]
        degree[n] = len(nbrs)
        strength[n] = float(sum(G[n][v][weight] for v in nbrs))

    def alpha(node: Any, w: float) -> float:
        k, s = degree[node], strength[node]
        if k <= 1:
            return math.nan
        if s == 0:
            return 1.0  # all weights 0: nothing stands out
        return (1.0 - w / s) ** (k - 1)

    rows = []
    for u, v, w in G.edges(data=weight):
        if u == v:
            continue
        a, b = (u, v) if str(u) <= str(v) else (v, u)
        rows.append({"source": a, "target": b, "weight": w,
                     "alpha_source": alpha(a, w), "alpha_target": alpha(b, w)})
    table = pd.DataFrame(rows, columns=["source", "target", "weight", "alpha_source",
                                        "alpha_target"])
    return table.sort_values(["source", "target"], key=lambda s: s.astype(str),
                             ignore_index=True)


def backbone(
    G: nx.Graph,
    alpha: float = 0.05,
    weight: str = "count",
    min_count: int = 1,
    *,
    rule: Literal["or", "and"] = "or",
    keep_isolates: bool = False,
) -> nx.Graph:
    """Disparity-filter backbone: keep the edges that are unusually strong *locally*.

    Unlike a global threshold on ``count``, the disparity filter (Serrano, Boguñá &
    Vespignani 2009) keeps an edge when it takes a surprisingly large share of an
    endpoint's total weight, so the ties of rarely mentioned actors survive next to the
    heavy edges of the most mentioned ones. See :func:`disparity_table` for the formula.

    Parameters
    ----------
    alpha
        Significance level; smaller keeps fewer edges. No multiple-testing correction.
    weight
        Non-negative edge attribute (``"count"``; not ``pmi``/``npmi``, which can be < 0).
    min_count
        Edges with ``weight < min_count`` are removed *before* the filter (treated as
        noise; they then do not add to the endpoints' degree and strength either).
    rule
        ``"or"`` (the paper's and the usual choice): keep the edge if it is significant for
        **either** endpoint, ``min(alpha_u, alpha_v) < alpha``. ``"and"``: significant for
        **both** endpoints, ``max(alpha_u, alpha_v) < alpha`` -- a much sparser backbone.
    keep_isolates
        Keep nodes that lose all their edges (default: drop them).

    Degree-1 convention: the test is undefined for a node with a single edge, so such an
    endpoint does not vote; the edge is judged by its other endpoint alone (as in the
    common Python and R implementations, e.g. the ``disparityfilter`` R package). An edge
    whose both endpoints have degree 1 (an isolated pair) has no test and is dropped.
    Note: some implementations (e.g. R ``bibnets``) instead keep every degree-1 edge.

    Returns a new graph with the kept edges (all their attributes plus ``alpha``, the value
    that was compared with the threshold under ``rule``) and the nodes' attributes;
    ``G.graph`` gains ``backbone_alpha``, ``backbone_rule``, ``backbone_weight``.

    Example (hub ``h`` with one strong and two weak ties):

    >>> G = nx.Graph()
    >>> G.add_edge("h", "a", count=8); G.add_edge("h", "b", count=1)
    >>> G.add_edge("h", "c", count=1); G.add_edge("a", "b", count=1)
    >>> B = backbone(G, alpha=0.1)
    >>> [(u, v, round(a, 4)) for u, v, a in B.edges(data="alpha")]  # (1 - 8/10)^2
    [('h', 'a', 0.04)]
    """
    if rule not in ("or", "and"):
        raise ValueError("rule must be 'or' or 'and'")
    if not 0 < alpha <= 1:
        raise ValueError("alpha must be in (0, 1]")
    _check_weights(G, weight)
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True)
                     if u != v and d[weight] >= min_count)
    table = disparity_table(H, weight)
    pair = table[["alpha_source", "alpha_target"]]
    # NaN endpoints (degree 1) are skipped by min/max; both NaN -> NaN -> never kept.
    table["alpha"] = pair.min(axis=1) if rule == "or" else pair.max(axis=1)
    kept = table[table["alpha"] < alpha]

    B = nx.Graph()
    B.graph.update(G.graph)
    B.graph.update(backbone_alpha=alpha, backbone_rule=rule, backbone_weight=weight,
                   backbone_min_count=min_count)
    alphas = {(r.source, r.target): float(r.alpha) for r in kept.itertuples()}
    keep_nodes = set(G.nodes) if keep_isolates else {n for e in alphas for n in e}
    for n, d in G.nodes(data=True):  # keep G's (sorted) node order
        if n in keep_nodes:
            B.add_node(n, **d)
    for u, v, d in G.edges(data=True):
        key = (u, v) if (u, v) in alphas else (v, u)
        if key in alphas:
            B.add_edge(u, v, **d, alpha=alphas[key])
    return B


# ---------------------------------------------------------------------------------------
# measures
# ---------------------------------------------------------------------------------------

def centrality_table(G: nx.Graph, weight: str = "count") -> pd.DataFrame:
    """One row per node: id, name, type, mentions, degree, weighted_degree, betweenness,
    eigenvector, pagerank; sorted by weighted_degree (desc), then id; rounded to 4 places.

    * ``degree``: number of distinct co-mentioned actors; ``weighted_degree``: sum of
      ``weight`` over the node's edges.
    * ``betweenness``: normalised, on shortest paths with *distance = 1 / weight*
      (a frequent co-mention is a short distance; networkx treats weights as distances).
    * ``eigenvector``: weighted, power iteration (max 1000 iterations); NaN for every node
      if it does not converge or the graph has no edges. On a disconnected graph the
      scores concentrate on the component with the largest leading eigenvalue.
    * ``pagerank``: weighted, damping 0.85.

    These describe position in the *co-mention* graph, not influence or power.

    >>> G = nx.Graph([("a", "b", {"count": 2}), ("b", "c", {"count": 1})])
    >>> centrality_table(G)[["id", "degree", "weighted_degree", "betweenness"]].values.tolist()
    [['b', 2, 3, 1.0], ['a', 1, 2, 0.0], ['c', 1, 1, 0.0]]
    """
    columns = ["id", "name", "type", "mentions", "degree", "weighted_degree",
               "betweenness", "eigenvector", "pagerank"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = d.get(weight, 1)  # unweighted graphs: every edge weighs 1
        H.add_edge(u, v, w=w, dist=(1.0 / w) if w > 0 else math.inf)

    betweenness = nx.betweenness_centrality(H, weight="dist", normalized=True)
    try:
        if H.number_of_edges() == 0:
            raise nx.PowerIterationFailedConvergence(0)
        eigen = nx.eigenvector_centrality(H, weight="w", max_iter=1000, tol=1e-8)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigen = {}
    pagerank = nx.pagerank(H, weight="w")
    rows = []
    for n, d in G.nodes(data=True):
        rows.append({
            "id": n, "name": d.get("name", n), "type": d.get("type"),
            "mentions": d.get("mentions"),
            "degree": H.degree(n), "weighted_degree": H.degree(n, weight="w"),
            "betweenness": betweenness[n], "eigenvector": eigen.get(n, math.nan),
            "pagerank": pagerank[n],
        })
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["weighted_degree", "degree", "id"],
                              ascending=[False, False, True], ignore_index=True)
    return table.round(4)


def communities(
    G: nx.Graph, seed: int = 42, weight: str = "count", resolution: float = 1.0
) -> tuple[pd.DataFrame, float]:
    """Louvain communities with reproducible output.

    Returns ``(table, modularity)``: ``table`` has columns id, community (sorted by
    community, id); ``modularity`` is that of the partition (NaN for a graph without
    edges). Communities are numbered from 1 by size (largest first), ties broken by the
    smallest member id, so the numbering is stable. The run is reproducible across
    processes and ``PYTHONHASHSEED`` values: nodes are relabelled to integers in sorted
    order before calling ``networkx.community.louvain_communities(seed=seed)``, so no set
    of strings (whose iteration order depends on the hash seed) steers the algorithm.

    A community is a group of actors often *mentioned together* -- a topic or an arena of
    the discourse, not a coalition. Louvain is a heuristic: check stability by varying
    ``seed`` and ``resolution`` (> 1: more, smaller communities).

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"),
    ...               ("x", "z"), ("c", "x")])
    >>> table, q = communities(G)  # no "count" attribute: every edge weighs 1
    >>> table.groupby("community")["id"].apply("".join).tolist(), round(q, 3)
    (['abc', 'xyz'], 0.357)
    """
    nodes = sorted(G.nodes, key=str)
    if not nodes:
        return pd.DataFrame(columns=["id", "community"]), math.nan
    index = {n: i for i, n in enumerate(nodes)}
    H = nx.Graph()
    H.add_nodes_from(range(len(nodes)))
    for u, v, d in sorted(((index[u], index[v], d) for u, v, d in G.edges(data=True)
                           if u != v), key=lambda e: (min(e[:2]), max(e[:2]))):
        H.add_edge(min(u, v), max(u, v), w=d.get(weight, 1))
    if H.number_of_edges() == 0:
        parts = [{i} for i in range(len(nodes))]
        q = math.nan
    else:
        parts = nx.community.louvain_communities(H, weight="w", resolution=resolution,
                                                 seed=seed)
        q = nx.community.modularity(H, parts, weight="w", resolution=resolution)
    # Ints sort like the string-sorted ids, so min(part) is the smallest member id.
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    rows = [{"id": nodes[i], "community": c} for c, part in enumerate(parts, start=1)
            for i in part]
    return pd.DataFrame(rows, columns=["id", "community"]), float(q)


# ---------------------------------------------------------------------------------------
# bipartite networks with frames
# ---------------------------------------------------------------------------------------

def actor_frame_network(
    actor_mentions: pd.DataFrame,
    frame_mentions: pd.DataFrame,
    unit: Unit = "sentence",
    *,
    level: Literal["actor", "state"] = "actor",
    state_of: StateMap | None = None,
    register_only: bool = False,
) -> nx.Graph:
    """Bipartite graph actor -- frame: which actors appear in the units that use a frame.

    Node keys are prefixed (``"actor:RUS"``, ``"frame:security"``) so that an actor and a
    frame with the same id cannot collide; attributes: ``bipartite`` ("actor"/"frame"),
    ``entity_id`` (the unprefixed id), ``name``, ``type`` (actor_type or "frame"),
    ``mentions`` (rows) and ``units``. Edge ``count`` = number of units containing both
    the actor and the frame; ``documents`` = documents with such a unit.

    An actor next to a frame is not necessarily the one who uses it (or endorses it): it
    may be the target of the framing. For who *speaks* a frame use
    :func:`speaker_frame_network`. ``register_only`` as in :func:`build_network`.

    >>> import pandas as pd
    >>> am = pd.DataFrame({"doc_id": ["d", "d"], "paragraph_id": [0, 0],
    ...                    "sentence_id": [0, 1], "actor_id": ["RUS", "NATO"],
    ...                    "actor_name": ["Russia", "NATO"], "actor_type": ["state", "org"]})
    >>> fm = pd.DataFrame({"doc_id": ["d", "d"], "paragraph_id": [0, 0],
    ...                    "sentence_id": [0, 0], "frame_id": ["security", "security"]})
    >>> list(actor_frame_network(am, fm).edges(data="count"))
    [('actor:RUS', 'frame:security', 1)]
    """
    keys = _unit_keys(unit)
    _require(actor_mentions, set(keys) | {"actor_id"}, "actor_mentions")
    _require(frame_mentions, set(keys) | {"frame_id"}, "frame_mentions")
    am = _with_nodes(_filter_mentions(actor_mentions, None, False, register_only), level, state_of)
    am["_unit"] = _unit_tuples(am, keys)
    fm = frame_mentions[_present(frame_mentions["frame_id"])].copy()
    fm["frame_id"] = fm["frame_id"].astype(str)
    fm["_unit"] = _unit_tuples(fm, keys)

    G = nx.Graph(unit=unit, level=level, kind="actor-frame")
    actors = _actor_node_attrs(am, level, None, "_unit")
    for node in sorted(actors):
        a = actors[node]
        G.add_node(f"actor:{node}", bipartite="actor", entity_id=node, name=a["name"],
                   type=a["type"], mentions=a["mentions"], units=a["units"],
                   documents=a["documents"])
    for frame, rows in fm.groupby("frame_id", sort=True):
        G.add_node(f"frame:{frame}", bipartite="frame", entity_id=frame, name=frame,
                   type="frame", mentions=int(len(rows)), units=int(rows["_unit"].nunique()),
                   documents=int(rows["doc_id"].nunique()))

    pairs = (am[["_unit", "node"]].drop_duplicates()
             .merge(fm[["_unit", "frame_id"]].drop_duplicates(), on="_unit"))
    if not pairs.empty:
        pairs["doc_id"] = pairs["_unit"].map(lambda t: t[0])
        agg = (pairs.groupby(["node", "frame_id"], sort=True)
               .agg(count=("_unit", "nunique"), documents=("doc_id", "nunique")))
        for (node, frame), r in agg.iterrows():
            G.add_edge(f"actor:{node}", f"frame:{frame}", count=int(r["count"]),
                       documents=int(r["documents"]))
    return G


def speaker_frame_network(
    frame_mentions: pd.DataFrame,
    *,
    names: Mapping[str, str] | Callable[[str], str | None] | None = None,
) -> nx.Graph:
    """Bipartite graph speaker -- frame from the ``speaker_id`` of each frame mention.

    Rows without a speaker_id are skipped. Node keys ``"speaker:<id>"`` / ``"frame:<id>"``,
    attributes ``bipartite`` ("speaker"/"frame"), ``entity_id``, ``name`` (from ``names``,
    e.g. ``dict(zip(actor_mentions.actor_id, actor_mentions.actor_name))``, else the id),
    ``mentions``. Edge ``count`` = frame mentions by that speaker, ``documents``, and one
    ``voice_<v>`` count per voice (quoted / reported / narrator): a frame a speaker is
    *quoted* using differs from one the journalist *reports* them using.

    >>> import pandas as pd
    >>> fm = pd.DataFrame({"doc_id": ["d"] * 3, "frame_id": ["security"] * 3,
    ...                    "speaker_id": ["zakharova", "zakharova", None],
    ...                    "voice": ["quoted", "reported", "narrator"]})
    >>> G = speaker_frame_network(fm)
    >>> G.edges["speaker:zakharova", "frame:security"]
    {'count': 2, 'documents': 1, 'voice_narrator': 0, 'voice_quoted': 1, 'voice_reported': 1}
    """
    _require(frame_mentions, ["doc_id", "frame_id", "speaker_id"], "frame_mentions")
    fm = frame_mentions[_present(frame_mentions["speaker_id"])
                        & _present(frame_mentions["frame_id"])].copy()
    fm["speaker_id"] = fm["speaker_id"].astype(str)
    fm["frame_id"] = fm["frame_id"].astype(str)
    has_voice = "voice" in fm.columns
    voices = sorted({"quoted", "reported", "narrator"}
                    | (set(fm["voice"].dropna().astype(str)) if has_voice else set()))

    G = nx.Graph(kind="speaker-frame")
    for spk, rows in fm.groupby("speaker_id", sort=True):
        G.add_node(f"speaker:{spk}", bipartite="speaker", entity_id=spk,
                   name=_name_lookup(names, spk) or spk, type="speaker",
                   mentions=int(len(rows)), documents=int(rows["doc_id"].nunique()))
    for frame, rows in fm.groupby("frame_id", sort=True):
        G.add_node(f"frame:{frame}", bipartite="frame", entity_id=frame, name=frame,
                   type="frame", mentions=int(len(rows)),
                   documents=int(rows["doc_id"].nunique()))
    for (spk, frame), rows in fm.groupby(["speaker_id", "frame_id"], sort=True):
        attrs: dict[str, Any] = {"count": int(len(rows)),
                                 "documents": int(rows["doc_id"].nunique())}
        vc = rows["voice"].astype(str).value_counts() if has_voice else pd.Series(dtype=int)
        attrs.update({f"voice_{v}": int(vc.get(v, 0)) for v in voices})
        G.add_edge(f"speaker:{spk}", f"frame:{frame}", **attrs)
    return G


# ---------------------------------------------------------------------------------------
# evidence: from an edge back to the text
# ---------------------------------------------------------------------------------------

def _paragraph_spans(sentences: pd.DataFrame,
                     texts: Mapping[str, str] | None) -> pd.DataFrame:
    """Paragraph rows (doc_id, paragraph_id, start, end, text) from sentence rows.

    The paragraph span runs from its first sentence's start to its last sentence's end.
    With ``texts`` (doc_id -> original document text) the text is an exact slice; without
    it the sentence texts are joined and each gap between sentences is filled with the
    same number of spaces, so ``start + i`` is still the offset of ``text[i]``.
    """
    rows = []
    for (doc, par), g in sentences.sort_values("start").groupby(["doc_id", "paragraph_id"],
                                                               sort=True):
        start, end = int(g["start"].min()), int(g["end"].max())
        if texts is not None and doc in texts:
            text = texts[doc][start:end]
        else:
            parts, pos = [], start
            for s, e, t in zip(g["start"], g["end"], g["text"]):
                parts.append(" " * max(0, int(s) - pos))
                parts.append(str(t))
                pos = int(e)
            text = "".join(parts)
        rows.append({"doc_id": doc, "paragraph_id": par, "start": start, "end": end,
                     "text": text})
    return pd.DataFrame(rows, columns=["doc_id", "paragraph_id", "start", "end", "text"])


def edge_evidence(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    a: str,
    b: str,
    unit: Unit = "sentence",
    *,
    level: Literal["actor", "state"] = "actor",
    state_of: StateMap | None = None,
    texts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The passages behind the edge ``a -- b``: every unit in which both are mentioned.

    Use the same ``unit``/``level``/``state_of`` as for :func:`build_network`; then the
    number of rows equals the edge's ``count``.

    Parameters
    ----------
    mentions
        ``actor_mentions`` table.
    sentences
        Sentence table (doc_id, paragraph_id, sentence_id, start, end, text). For
        ``unit="paragraph"`` a paragraph table (no sentence_id column) is accepted too.
    texts
        Optional ``doc_id -> document text`` to cut paragraphs exactly from the original
        (otherwise whitespace between sentences is rendered as spaces, lengths preserved).

    Returns
    -------
    DataFrame with doc_id, paragraph_id, sentence_id (sentence unit only), start, end,
    text (the unit; ``document.text[start:end]``), a_id, a_mentions, b_id, b_mentions
    (the mention texts in text order, ";"-separated), sorted by doc_id and start.
    For ``unit="document"`` a whole document is too long to read as evidence, so the rows
    are the *sentences* mentioning a or b in documents that mention both (one of
    a_mentions / b_mentions may then be empty).

    >>> import pandas as pd
    >>> text = "Russia and China met. NATO objected."
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "paragraph_id": [0, 0],
    ...                   "sentence_id": [0, 1], "start": [0, 22], "end": [21, 36],
    ...                   "text": [text[0:21], text[22:36]]})
    >>> m = pd.DataFrame({"doc_id": ["d"] * 3, "paragraph_id": [0] * 3,
    ...                   "sentence_id": [0, 0, 1], "start": [0, 11, 22], "end": [6, 16, 26],
    ...                   "text": ["Russia", "China", "NATO"],
    ...                   "actor_id": ["RUS", "CHN", "NATO"]})
    >>> edge_evidence(m, s, "RUS", "CHN")[["start", "end", "text", "a_mentions"]].values.tolist()
    [[0, 21, 'Russia and China met.', 'Russia']]
    >>> edge_evidence(m, s, "RUS", "NATO", unit="paragraph")["text"].tolist()
    ['Russia and China met. NATO objected.']
    """
    keys = _unit_keys(unit)
    needed = set(keys) | {"actor_id", "start", "text"}
    if unit == "document":
        needed |= set(UNIT_KEYS["sentence"])  # rows are the sentences of the document
    _require(mentions, needed, "actor_mentions")
    df = _with_nodes(_filter_mentions(mentions, None, False), level, state_of)
    a, b = str(a), str(b)
    df = df[df["node"].isin([a, b])]

    sentence_keys = UNIT_KEYS["sentence"]
    if unit == "sentence":
        _require(sentences, sentence_keys + ["paragraph_id", "start", "end", "text"],
                 "sentences")
        units = sentences[sentence_keys + ["paragraph_id", "start", "end", "text"]]
        row_keys = sentence_keys
    elif unit == "paragraph":
        _require(sentences, ["doc_id", "paragraph_id", "start", "end", "text"], "sentences")
        units = (_paragraph_spans(sentences, texts) if "sentence_id" in sentences.columns
                 else sentences[["doc_id", "paragraph_id", "start", "end", "text"]])
        row_keys = keys
    else:
        _require(sentences, sentence_keys + ["paragraph_id", "start", "end", "text"],
                 "sentences")
        units = sentences[sentence_keys + ["paragraph_id", "start", "end", "text"]]
        row_keys = sentence_keys  # rows are sentences, selection is by document

    # Units (per `unit`) that contain both a and b.
    per_unit = df.groupby(keys)["node"].agg(lambda s: set(s))
    both = per_unit[per_unit.map(lambda s: {a, b} <= s)].index
    both_df = pd.DataFrame(list(both), columns=keys) if len(both) else pd.DataFrame(
        columns=keys)
    df = df.merge(both_df, on=keys)
    out_keys = (["doc_id", "paragraph_id", "sentence_id"] if unit != "paragraph"
                else ["doc_id", "paragraph_id"])
    columns = out_keys + ["start", "end", "text", "a_id", "a_mentions", "b_id",
                          "b_mentions"]
    if df.empty:  # no unit with both: an empty table with the usual columns
        return pd.DataFrame(columns=columns)

    def joined(node: str) -> pd.Series:
        sub = df[df["node"] == node].sort_values("start")
        return sub.groupby(row_keys)["text"].agg(lambda t: ";".join(map(str, t)))

    ev = pd.concat({"a_mentions": joined(a), "b_mentions": joined(b)}, axis=1).reset_index()
    ev = ev.merge(units, on=row_keys, how="left")
    if ev["text"].isna().any():
        warnings.warn("some mentions point to units missing from the sentences table",
                      stacklevel=2)
    ev["a_id"], ev["b_id"] = a, b
    ev[["a_mentions", "b_mentions"]] = ev[["a_mentions", "b_mentions"]].fillna("")
    return ev[columns].sort_values(["doc_id", "start"], ignore_index=True)


# ---------------------------------------------------------------------------------------
# export and tidy tables
# ---------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A value GEXF/GraphML writers accept: str, int, float or bool (never None/list)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ";".join(str(v) for v in items)
    if isinstance(value, (bool, int, float, str)):
        return value
    return None if value is None else str(value)


def _safe_attrs(items: list[dict[str, Any]]) -> None:
    """Give every attribute one type across ``items`` (in place): both formats declare
    one type per attribute key and reject None.

    numbers (with None) -> float with NaN; int only -> int; bool (with None) -> str;
    anything else -> str with None -> "". Keys absent from an item stay absent.
    """
    for k in sorted({k for d in items for k in d}):
        holders = [d for d in items if k in d]
        values = [_plain(d[k]) for d in holders]
        kinds = {type(v) for v in values if v is not None}
        has_none = any(v is None for v in values)
        if kinds and kinds <= {int, float}:
            as_float = has_none or float in kinds
            converted = [math.nan if v is None else float(v) if as_float else v
                         for v in values]
        elif kinds == {bool} and not has_none:
            converted = values
        else:
            converted = ["" if v is None else str(v) for v in values]
        for d, v in zip(holders, converted):
            d[k] = v


def export_graph(G: nx.Graph, path: str | Path, *, weight: str = "count") -> Path:
    """Write ``G`` as GEXF (Gephi) or GraphML, chosen by the file suffix.

    Attributes are converted to types both formats accept: numpy scalars -> Python,
    lists/sets -> ";"-joined strings, None -> NaN (numeric attributes) or "" (text), and
    an attribute is made float everywhere if some nodes/edges have a float. For Gephi an
    edge ``weight`` is added from ``weight`` (default ``count``) when absent. In GEXF the
    node key is the GEXF id (a node's ``id`` attribute, if it differs from the key, is
    written as ``id_attr``) and graph-level attributes are not stored; GraphML keeps them.

    >>> import tempfile, os
    >>> G = nx.Graph([("a", "b", {"count": 2, "pmi": None})])
    >>> p = export_graph(G, os.path.join(tempfile.mkdtemp(), "g.graphml"))
    >>> nx.read_graphml(p).edges["a", "b"]["count"]
    2
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gexf", ".graphml"):
        raise ValueError(f"export_graph writes .gexf or .graphml, not {path.name!r}")
    H = G.__class__()
    nodes = [dict(d) for _, d in G.nodes(data=True)]
    for (n, _), d in zip(G.nodes(data=True), nodes):
        if "id" in d and str(d["id"]) != str(n):
            d["id_attr"] = d.pop("id")  # GEXF would use it as the node id
    edges = [dict(d) for _, _, d in G.edges(data=True)]
    for d in edges:
        if "weight" not in d and weight in d:
            d["weight"] = d[weight]
    _safe_attrs(nodes)
    _safe_attrs(edges)
    graph_attrs = [dict(G.graph)]
    _safe_attrs(graph_attrs)
    H.graph.update({k: v for k, v in graph_attrs[0].items() if v is not None})
    for (n, _), d in zip(G.nodes(data=True), nodes):
        H.add_node(n, **d)
    for (u, v, _), d in zip(G.edges(data=True), edges):
        H.add_edge(u, v, **d)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".gexf":
        nx.write_gexf(H, path)
    else:
        nx.write_graphml(H, path)
    return path


def _ordered(df: pd.DataFrame, preferred: list[str]) -> pd.DataFrame:
    first = [c for c in preferred if c in df.columns]
    rest = sorted(c for c in df.columns if c not in first)
    return df[first + rest]


def nodes_table(G: nx.Graph) -> pd.DataFrame:
    """Tidy node table (for ``actors.csv``): id, name, type, mentions, units, documents,
    then any other attributes; one row per node, sorted by id.

    >>> nodes_table(nx.Graph([("b", "a")])).to_dict("list")
    {'id': ['a', 'b']}
    >>> nodes_table(nx.Graph()).columns.tolist()
    ['id', 'name', 'type', 'mentions', 'units', 'documents']
    """
    rows = [{**d, "id": n} for n, d in G.nodes(data=True)]
    # an empty graph still gets the usual header (an empty actors.csv stays readable)
    cols = sorted({k for r in rows for k in r}) or _NODE_COLUMNS[:3] + _NODE_COLUMNS[5:8]
    df = pd.DataFrame(rows, columns=cols)
    df = _ordered(df, _NODE_COLUMNS)
    return df.sort_values("id", key=lambda s: s.astype(str), ignore_index=True)


def edges_table(G: nx.Graph) -> pd.DataFrame:
    """Tidy edge table (for ``co_mentions.csv``): source, target (source < target as
    strings), source_name, target_name, count, documents, pmi, npmi, jaccard, then any
    other attributes; sorted by source, target.

    >>> G = nx.Graph([("b", "a", {"count": 3})]); G.nodes["a"]["name"] = "Alpha"
    >>> edges_table(G).to_dict("records")
    [{'source': 'a', 'target': 'b', 'source_name': 'Alpha', 'target_name': 'b', 'count': 3}]
    """
    rows = []
    for u, v, d in G.edges(data=True):
        s, t = (u, v) if str(u) <= str(v) else (v, u)
        rows.append({**d, "source": s, "target": t,
                     "source_name": G.nodes[s].get("name", s),
                     "target_name": G.nodes[t].get("name", t)})
    cols = sorted({k for r in rows for k in r}) or _EDGE_COLUMNS[:-1]  # usual header
    df = _ordered(pd.DataFrame(rows, columns=cols), _EDGE_COLUMNS)
    return df.sort_values(["source", "target"], key=lambda s: s.astype(str),
                          ignore_index=True)


# ---------------------------------------------------------------------------------------
# reading a graph: summaries, ranked ties, backbone and community tables
# ---------------------------------------------------------------------------------------

__all__ += ["graph_summary", "top_ties", "backbone_comparison", "degree_comparison",
            "community_summary", "bipartite_edges", "bipartite_matrix"]

_TIE_COLUMNS = ["source", "target", "source_name", "target_name", "count", "documents",
                "pmi", "npmi", "jaccard"]


def graph_summary(G: nx.Graph, weight: str = "count") -> dict[str, Any]:
    """A one-row description of a co-mention graph (build a table from several with
    ``pd.DataFrame([graph_summary(G1), graph_summary(G2)])``).

    Keys: unit, level, actors (nodes), ties (edges), ties_2plus (edges seen in at least 2
    units), density (ties / possible ties), isolates (actors never co-mentioned),
    components (connected groups of at least 2 actors), largest_component (actors in the
    largest one), units (``G.graph['n_units']``: units mentioning an actor).

    >>> graph_summary(nx.Graph([("a", "b", {"count": 2}), ("b", "c", {"count": 1})]))["ties_2plus"]
    1
    """
    n, m = G.number_of_nodes(), G.number_of_edges()
    components = [c for c in nx.connected_components(G) if len(c) > 1]
    return {
        "unit": G.graph.get("unit", ""),
        "level": G.graph.get("level", ""),
        "actors": n,
        "ties": m,
        "ties_2plus": sum(1 for _, _, w in G.edges(data=weight, default=1) if w >= 2),
        "density": (2 * m / (n * (n - 1))) if n > 1 else math.nan,
        "isolates": sum(1 for v in G if G.degree(v) == 0),
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "units": G.graph.get("n_units", math.nan),
    }


def top_ties(G: nx.Graph, n: int | None = 10, by: str = "count", *, min_count: int = 1,
             ascending: bool = False) -> pd.DataFrame:
    """The ``n`` ties ranked by ``by`` (``count``, ``npmi``, ``pmi``, ``jaccard``, ``alpha`` ...).

    Ties seen in fewer than ``min_count`` units are left out first: association measures
    are unstable for rare pairs (two actors mentioned once, together, get NPMI = 1). Ties
    are broken by count (larger first), then by the actors' ids, so the order is stable.
    Columns: source, target, source_name, target_name, count, documents, pmi, npmi,
    jaccard (and alpha for a backbone), as in :func:`edges_table`.

    >>> G = nx.Graph([("a", "b", {"count": 1}), ("b", "c", {"count": 3})])
    >>> top_ties(G, 1)[["source", "target", "count"]].values.tolist()
    [['b', 'c', 3]]
    """
    table = edges_table(G)
    if table.empty:
        return table.reindex(columns=list(dict.fromkeys(list(table.columns) + _TIE_COLUMNS)))
    if by not in table.columns:
        raise ValueError(f"no tie attribute {by!r}; attributes: {list(table.columns)}")
    if "count" in table.columns:
        table = table[table["count"] >= min_count]
    keys, order = [by], [ascending]
    if by != "count" and "count" in table.columns:
        keys, order = keys + ["count"], order + [False]
    table = table.sort_values(keys + ["source", "target"], ascending=order + [True, True],
                              kind="mergesort", na_position="last")
    return (table.head(n) if n is not None else table).reset_index(drop=True)


def backbone_comparison(G: nx.Graph, B: nx.Graph, n: int | None = 10,
                        weight: str = "count") -> pd.DataFrame:
    """The ``n`` strongest ties of ``G`` (by ``weight``) and whether the backbone ``B`` kept them.

    Columns: source_name, target_name, count, npmi, alpha (the disparity-filter p-value
    of the tie: the smaller of its two endpoints' values, see :func:`disparity_table`;
    empty when both endpoints have a single tie), kept (True if the tie is in ``B``).
    """
    columns = ["source", "target", "source_name", "target_name", weight, "npmi", "alpha", "kept"]
    ranked = top_ties(G, n, by=weight)
    if ranked.empty:
        return pd.DataFrame(columns=columns)
    alphas = disparity_table(G, weight)
    alphas["alpha"] = alphas[["alpha_source", "alpha_target"]].min(axis=1)
    ranked = ranked.merge(alphas[["source", "target", "alpha"]], on=["source", "target"], how="left")
    ranked["kept"] = [B.has_edge(u, v) for u, v in zip(ranked["source"], ranked["target"])]
    if "npmi" not in ranked.columns:
        ranked["npmi"] = math.nan
    return ranked[columns]


def degree_comparison(G: nx.Graph, B: nx.Graph, n: int | None = 10) -> pd.DataFrame:
    """How many ties each actor has before (``G``) and after (``B``) the backbone filter.

    Columns: id, name, ties_before, ties_after, kept_share (ties_after / ties_before);
    the ``n`` actors with most ties before, ties broken by id.

    >>> G = nx.Graph([("h", "a"), ("h", "b"), ("a", "b")]); B = nx.Graph([("h", "a")])
    >>> degree_comparison(G, B).values.tolist()[0]
    ['a', 'a', 2, 1, 0.5]
    """
    rows = [{"id": v, "name": d.get("name", v), "ties_before": G.degree(v),
             "ties_after": B.degree(v) if v in B else 0} for v, d in G.nodes(data=True)]
    table = pd.DataFrame(rows, columns=["id", "name", "ties_before", "ties_after"])
    table["kept_share"] = (table["ties_after"] / table["ties_before"].where(table["ties_before"] > 0)).astype(float)
    table = table.sort_values(["ties_before", "id"], ascending=[False, True], kind="mergesort",
                              key=lambda s: s.astype(str) if s.name == "id" else s)
    return (table.head(n) if n is not None else table).reset_index(drop=True)


def community_summary(G: nx.Graph, table: pd.DataFrame, top: int = 6,
                      size_by: str = "mentions") -> pd.DataFrame:
    """One row per community of :func:`communities`: its size and its main members.

    Columns: community, actors (members), mentions (sum of ``size_by``), members (the
    ``top`` members with most ``size_by``, by name, ";"-joined; ``…`` when there are more),
    internal_ties (ties inside the community). Communities of a single actor are counted
    together in one last row, community 0 ("single actors"), when there are any.
    """
    columns = ["community", "actors", "mentions", "members", "internal_ties"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    rows, singles = [], []
    for community, group in table.groupby("community", sort=True):
        ids = list(group["id"])
        if len(ids) == 1:
            singles.extend(ids)
            continue
        ranked = sorted(ids, key=lambda v: (-float(G.nodes[v].get(size_by, 0) or 0), str(v)))
        names = [str(G.nodes[v].get("name", v)) for v in ranked[:top]]
        rows.append({"community": int(community), "actors": len(ids),
                     "mentions": int(sum(float(G.nodes[v].get(size_by, 0) or 0) for v in ids)),
                     "members": "; ".join(names) + ("; …" if len(ids) > top else ""),
                     "internal_ties": G.subgraph(ids).number_of_edges()})
    if singles:
        ranked = sorted(singles, key=lambda v: (-float(G.nodes[v].get(size_by, 0) or 0), str(v)))
        names = [str(G.nodes[v].get("name", v)) for v in ranked[:top]]
        rows.append({"community": 0, "actors": len(singles),
                     "mentions": int(sum(float(G.nodes[v].get(size_by, 0) or 0) for v in singles)),
                     "members": "(single actors) " + "; ".join(names) + ("; …" if len(singles) > top else ""),
                     "internal_ties": 0})
    return pd.DataFrame(rows, columns=columns)


def _bipartite_kinds(G: nx.Graph) -> tuple[str, str]:
    kinds = sorted({str(d.get("bipartite")) for _, d in G.nodes(data=True) if d.get("bipartite")})
    if len(kinds) != 2:
        if G.graph.get("kind") == "speaker-frame":
            return "speaker", "frame"
        return "actor", "frame"
    return (kinds[0], kinds[1]) if kinds[1] == "frame" else (kinds[1], kinds[0])


def bipartite_edges(G: nx.Graph) -> pd.DataFrame:
    """The ties of a bipartite graph (:func:`actor_frame_network`, :func:`speaker_frame_network`)
    with the two sides in their own columns: ``<kind>``, ``<kind>_name``, ``frame``, then the
    tie attributes (count, documents, voice_...). Sorted by count (desc), then ids.

    >>> import pandas as pd
    >>> fm = pd.DataFrame({"doc_id": ["d"], "frame_id": ["security"], "speaker_id": ["zakharova"]})
    >>> bipartite_edges(speaker_frame_network(fm))[["speaker", "frame", "count"]].values.tolist()
    [['zakharova', 'security', 1]]
    """
    left, right = _bipartite_kinds(G)
    rows = []
    for u, v, d in G.edges(data=True):
        a, b = (u, v) if G.nodes[u].get("bipartite") == left else (v, u)
        rows.append({left: G.nodes[a].get("entity_id", a), f"{left}_name": G.nodes[a].get("name", a),
                     right: G.nodes[b].get("entity_id", b), **d})
    attrs = sorted({k for r in rows for k in r} - {left, f"{left}_name", right})
    first = [a for a in ("count", "documents") if a in attrs]
    table = pd.DataFrame(rows, columns=[left, f"{left}_name", right] + first
                         + [a for a in attrs if a not in first])
    if table.empty:
        return table
    return table.sort_values(["count", left, right], ascending=[False, True, True],
                             kind="mergesort").reset_index(drop=True)


def bipartite_matrix(G: nx.Graph, top: int = 15, weight: str = "count") -> pd.DataFrame:
    """The bipartite graph as a table: one row per actor (or speaker), one column per frame.

    Cells are the tie ``weight`` (0 when there is no tie). Only the ``top`` rows with the
    largest total are kept (ties by name); rows are sorted by total, columns by total
    (both largest first, then by name). The index holds the display names.
    """
    left, right = _bipartite_kinds(G)
    edges = bipartite_edges(G)
    if edges.empty:
        return pd.DataFrame(index=pd.Index([], name=left))
    matrix = edges.pivot_table(index=f"{left}_name", columns=right, values=weight,
                               aggfunc="sum", fill_value=0)
    rows = sorted(matrix.index, key=lambda r: (-matrix.loc[r].sum(), str(r)))[:top]
    matrix = matrix.loc[rows]
    matrix = matrix.loc[:, matrix.sum(axis=0) > 0]
    cols = sorted(matrix.columns, key=lambda c: (-matrix[c].sum(), str(c)))
    matrix = matrix[cols].astype(int)
    matrix.index.name, matrix.columns.name = left, right
    return matrix


__all__ += ["top_subgraph"]


def top_subgraph(G: nx.Graph, n: int = 40, by: str = "mentions") -> nx.Graph:
    """The ``n`` nodes with the largest ``by`` (a node attribute, default ``mentions``; ties
    broken by id) and the ties among them, as a new graph with ``G``'s attributes.

    To draw a large network readably: ``plot_network(top_subgraph(backbone(G), 40))``.
    A graph with at most ``n`` nodes is returned as a copy.

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> for v, k in zip("abc", [3, 2, 1]): G.nodes[v]["mentions"] = k
    >>> sorted(top_subgraph(G, 2).edges())
    [('a', 'b')]
    """
    if G.number_of_nodes() <= n:
        return G.copy()
    ranked = sorted(G.nodes, key=lambda v: (-float(G.nodes[v].get(by, 0) or 0), str(v)))[:n]
    H = G.subgraph(ranked).copy()
    H.graph["top_subgraph"] = f"{n} nodes with most {by}"
    return H


def rolled_up_nodes(G: nx.Graph) -> pd.DataFrame:
    """The nodes of a state-level graph (``build_network(level="state")``) that stand for
    several actors of the register: id, name, mentions, members (``;``-separated), sorted
    by id. An empty table with these columns when no node has several members (a graph
    without nodes, or one built at actor level).

    >>> G = nx.Graph()
    >>> G.add_node("RUS", name="Russia", mentions=5, members="RUS;lavrov")
    >>> G.add_node("USA", name="United States", mentions=2, members="USA")
    >>> rolled_up_nodes(G).to_dict("list")
    {'id': ['RUS'], 'name': ['Russia'], 'mentions': [5], 'members': ['RUS;lavrov']}
    >>> rolled_up_nodes(nx.Graph()).columns.tolist()
    ['id', 'name', 'mentions', 'members']
    """
    nodes = nodes_table(G).reindex(columns=["id", "name", "mentions", "members"])
    # An empty or actor-level graph has no `members` values: reindex fills the column with
    # float NaN, which has no `.str` accessor; compare as text instead.
    members = nodes["members"].astype(object).where(nodes["members"].notna(), "").astype(str)
    return nodes[members.str.contains(";", regex=False)].reset_index(drop=True)
