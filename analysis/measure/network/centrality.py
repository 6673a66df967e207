"""Positions and groups in a co-mention graph: centrality scores and Louvain communities.

Centrality says which actors are mentioned alongside many others, or alongside otherwise
separate ones (betweenness); communities are groups of actors often mentioned together.
Both describe the *discourse* -- topics, arenas, who is talked about with whom -- not
power or coalitions. Communities are numbered deterministically, so tables built from
them are stable from run to run.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

__all__ = ["centrality_table", "communities", "community_summary"]


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
