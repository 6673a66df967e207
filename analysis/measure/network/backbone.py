"""Which ties stand out: the disparity-filter backbone of a weighted co-mention graph.

Heavy ties gather around the most mentioned actors, so a global threshold on ``count``
keeps only their edges. The disparity filter (Serrano, Boguñá & Vespignani 2009) instead
asks, for each actor, whether a tie takes a surprisingly large share of that actor's
co-mentions, so the strong ties of rarely mentioned actors survive too. The comparison
tables show what the filter kept and dropped, tie by tie and actor by actor.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import networkx as nx
import pandas as pd

from analysis.measure.network.summaries import top_ties

__all__ = ["backbone", "backbone_comparison", "degree_comparison", "disparity_table"]


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

