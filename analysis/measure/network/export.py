"""Graphs out of Python: GEXF/GraphML files for Gephi and tidy node and edge tables.

The files keep every node and tie attribute, converted to the few types both formats
accept, so a graph opened in Gephi shows the same counts and association measures as the
tables. The tables (``actors.csv``, ``co_mentions.csv``) have one row per node or tie, a
fixed column order and a stable sort, so the files are the same on every run.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["edges_table", "export_graph", "export_network", "nodes_table"]

# Preferred column order of the tidy tables; other attributes follow alphabetically.
_NODE_COLUMNS = ["id", "name", "type", "bipartite", "entity_id", "mentions", "units",
                 "documents", "members"]
_EDGE_COLUMNS = ["source", "target", "source_name", "target_name", "count", "documents",
                 "pmi", "npmi", "jaccard", "alpha"]


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


def export_network(G: nx.Graph, folder: str | os.PathLike,
                   name: str = "co_mentions") -> pd.DataFrame:
    """Write ``G`` as ``<name>.gexf`` (Gephi) and ``<name>.graphml`` in ``folder``, read both
    files back and return one row per file: file (the name only, never a full path),
    format, nodes and ties read back (they must equal the graph's).
    """
    rows = []
    for suffix, reader in ((".gexf", nx.read_gexf), (".graphml", nx.read_graphml)):
        path = export_graph(G, Path(folder) / f"{name}{suffix}")
        back = reader(path)
        rows.append({"file": path.name, "format": suffix[1:].upper(),
                     "nodes": back.number_of_nodes(), "ties": back.number_of_edges()})
    return pd.DataFrame(rows, columns=["file", "format", "nodes", "ties"])
