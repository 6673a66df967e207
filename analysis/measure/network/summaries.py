"""Reading a graph: a one-row summary, the strongest ties, the most mentioned actors.

Small tables that describe a co-mention graph without drawing it: its size, density and
components (:func:`graph_summary`), its ties ranked by count or association
(:func:`top_ties`, leaving out rare pairs whose association is unstable), the part worth
drawing (:func:`top_subgraph`) and, at state level, the nodes that stand for several
actors (:func:`rolled_up_nodes`), so that a roll-up is visible rather than silent.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pandas as pd

from analysis.measure.network.export import edges_table, nodes_table

__all__ = ["graph_summary", "rolled_up_nodes", "top_subgraph", "top_ties"]

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

