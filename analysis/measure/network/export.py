"""Graphs out of Python: GEXF/GraphML files for Gephi, tidy node and edge tables, and
statements as the Discourse Network Analyzer's event list.

The files keep every node and tie attribute, converted to the few types both formats
accept, so a graph opened in Gephi shows the same counts and association measures as the
tables. The tables (``actors.csv``, ``co_mentions.csv``) have one row per node or tie, a
fixed column order and a stable sort, so the files are the same on every run.

:func:`dna_event_list` / :func:`write_dna_event_list` give the ``statements`` table in the
columns of DNA's event-list export (``Exporter.eventCSV`` of leifeld/dna, DNA 3, for its
default statement type "DNA Statement": person, organization, concept, agreement), so that
an analyst can check the automatic coding next to hand-coded DNA data and re-code it.
No DNA database file is written: DNA's SQLite schema is not stable in its public source.
``Sql.createTables`` of leifeld/dna (``dna/src/main/java/sql/Sql.java``) lays out DNA 3.0
(e.g. commit 03d731712548e5f4640467df40f2250e812f291f) with ``DATASHORTTEXT(StatementId,
VariableId, Entity)`` and ``ENTITIES(VariableId, Value, ...)``; a later version of the same
file ties values to roles instead (``DATASHORTTEXT(StatementId, RoleVariableLinkId,
Entity)``); DNA 2 files keep coder permissions in a ``CODERPERMISSIONS`` table that DNA 3
reads only for old files. A file also needs the Admin coder's password as the hash DNA's
password encryptor made (``CODERS.Password``), which DNA checks when it opens the file.
A file written for one version would not open in another, so the event list (which DNA
versions read alike) is the exchange format.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from analysis.output import escape_formula

__all__ = [
    "DNA_EVENT_COLUMNS", "dna_event_list", "edges_table", "export_graph", "export_network",
    "nodes_table", "read_dna_event_list", "write_dna_event_list",
]

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


#: The columns of DNA's event list (``Exporter.eventCSV``) for the default statement type.
DNA_EVENT_COLUMNS = [
    "statement_id", "time", "person", "organization", "concept", "agreement",
    "start_position", "stop_position", "text", "coder", "document_id", "document_title",
    "document_author", "document_source", "document_section", "document_type",
]
# DNA writes these unquoted (numbers); every other column is quoted text.
_DNA_NUMBERS = {"statement_id", "agreement", "start_position", "stop_position", "coder"}
# DNA writes the time bare too (``s.getDateTime().format(formatter)``), though it is text.
_DNA_BARE = {"time"}


def _dna_time(date: Any) -> str:
    """DNA's ``yyyy-MM-dd HH:mm:ss`` from an ISO date; a partial date (``2025-12``,
    ``2025``) as its first day, as DNA needs a full date; "" when there is none."""
    text = "" if date is None or (isinstance(date, float) and math.isnan(date)) else str(date).strip()
    day = {4: text + "-01-01", 7: text + "-01"}.get(len(text), text[:10])
    return f"{day} 00:00:00" if len(day) == 10 else ""


def dna_event_list(
    statements: pd.DataFrame,
    *,
    documents: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    persons: set[str] | frozenset[str] | None = None,
    coder: int = 1,
) -> pd.DataFrame:
    """The ``statements`` table as DNA's event list: one row per support or oppose
    statement, in the table's order, with DNA's column names (:data:`DNA_EVENT_COLUMNS`).

    * ``statement_id`` counts from 1; ``time`` is the statement's date (a partial date as
      its first day); ``agreement`` is 1 for support, 0 for oppose. Neutral statements
      are left out: DNA's ``agreement`` is boolean.
    * The actor goes to ``person`` when its id is in ``persons`` (e.g. the register's
      person ids), else to ``organization``, by its display name (``actor_name``, else
      the id); ``concept`` is the ``frame_id``.
    * ``start_position`` / ``stop_position`` are the sentence's offsets in the original
      text; ``text`` is the sentence (from ``sentences``, matched on doc_id and offsets),
      else the frame mention's text.
    * ``document_id`` is the package's ``doc_id``; title, author, source, section and type
      come from ``documents`` (``title``, ``author``, ``outlet``, ``section``, ``kind``)
      when given.

    >>> s = pd.DataFrame({"doc_id": ["d1", "d1"], "start": [0, 30], "end": [29, 60],
    ...     "frame_id": ["sanctions", "sanctions"], "actor_id": ["FRA", "CUB"],
    ...     "actor_name": ["France", "Cuba"], "stance": ["support", "oppose"],
    ...     "frame_text": ["sanctions", "sanctions"], "date": ["2020-09", "2020-09"]})
    >>> dna_event_list(s)[["statement_id", "time", "organization", "concept", "agreement"]].values.tolist()
    [[1, '2020-09-01 00:00:00', 'France', 'sanctions', 1], [2, '2020-09-01 00:00:00', 'Cuba', 'sanctions', 0]]
    """
    rows = statements[statements["stance"].isin(["support", "oppose"])].reset_index(drop=True)
    persons = persons or set()
    names = (rows["actor_name"].where(rows["actor_name"].notna(), rows["actor_id"])
             if "actor_name" in rows.columns else rows["actor_id"]).astype(str)
    is_person = rows["actor_id"].astype(str).isin(persons)
    text = rows["frame_text"].astype(str) if "frame_text" in rows.columns else pd.Series("", index=rows.index)
    if sentences is not None and len(rows):
        lookup = {(d, int(a), int(b)): t for d, a, b, t in
                  zip(sentences["doc_id"], sentences["start"], sentences["end"], sentences["text"])}
        found = [lookup.get((d, int(a), int(b))) for d, a, b in zip(rows["doc_id"], rows["start"], rows["end"])]
        text = pd.Series([f if f is not None else t for f, t in zip(found, text)], index=rows.index)
    meta: dict[str, dict[str, str]] = {}
    if documents is not None:
        for record in documents.to_dict("records"):
            meta[str(record["doc_id"])] = {
                key: "" if record.get(column) is None or (isinstance(record.get(column), float)
                                                          and math.isnan(record.get(column))) else str(record.get(column))
                for key, column in (("document_title", "title"), ("document_author", "author"),
                                    ("document_source", "outlet"), ("document_section", "section"),
                                    ("document_type", "kind"))}
    dates = rows["date"] if "date" in rows.columns else pd.Series("", index=rows.index)
    table = pd.DataFrame({
        "statement_id": range(1, len(rows) + 1),
        "time": [_dna_time(d) for d in dates],
        "person": names.where(is_person, ""),
        "organization": names.where(~is_person, ""),
        "concept": rows["frame_id"].astype(str),
        "agreement": (rows["stance"] == "support").astype(int),
        "start_position": rows["start"].astype(int),
        "stop_position": rows["end"].astype(int),
        "text": text.astype(str),
        "coder": coder,
        "document_id": rows["doc_id"].astype(str),
    })
    for key in DNA_EVENT_COLUMNS[-5:]:
        table[key] = [meta.get(d, {}).get(key, "") for d in table["document_id"]]
    return table[DNA_EVENT_COLUMNS]


def _dna_text(value: Any) -> str:
    # DNA's own escaping: semicolons become commas, double quotes single quotes; and, as
    # in every CSV of the package, a cell a spreadsheet would run as a formula gets a "'".
    text = str(escape_formula(str(value)))
    return '"' + text.replace(";", ",").replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def write_dna_event_list(events: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`dna_event_list` rows as DNA writes its event list: UTF-8, ``;``
    between cells, the header and every text cell in double quotes, numbers and the time
    bare. The file is written whole or not at all (a temporary file in the same folder,
    renamed over ``path``).

    >>> import tempfile, os
    >>> s = pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [9], "frame_id": ["peace"],
    ...     "actor_id": ["UN"], "stance": ["support"], "frame_text": ["peace; now"], "date": ["2020"]})
    >>> p = write_dna_event_list(dna_event_list(s), os.path.join(tempfile.mkdtemp(), "events.csv"))
    >>> print(p.read_text().splitlines()[1])
    1;2020-01-01 00:00:00;"";"UN";"peace";1;0;9;"peace, now";1;"d";"";"";"";"";""
    """
    missing = [c for c in DNA_EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise ValueError(f"event list lacks column(s) {missing}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [";".join(f'"{c}"' for c in DNA_EVENT_COLUMNS)]
    for record in events[DNA_EVENT_COLUMNS].itertuples(index=False):
        lines.append(";".join(str(int(v)) if c in _DNA_NUMBERS else str(v) if c in _DNA_BARE
                              else _dna_text(v) for c, v in zip(DNA_EVENT_COLUMNS, record)))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def read_dna_event_list(path: str | Path) -> pd.DataFrame:
    """Read a DNA event list (written by DNA or by :func:`write_dna_event_list`) back:
    text columns as text (empty cells as ""), the number columns as integers.

    >>> import tempfile, os
    >>> s = pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [9], "frame_id": ["peace"],
    ...     "actor_id": ["UN"], "stance": ["oppose"], "date": ["2020-09-15"]})
    >>> p = write_dna_event_list(dna_event_list(s), os.path.join(tempfile.mkdtemp(), "e.csv"))
    >>> read_dna_event_list(p)[["organization", "agreement", "time"]].values.tolist()
    [['UN', 0, '2020-09-15 00:00:00']]
    """
    table = pd.read_csv(path, sep=";", quotechar='"', dtype=str, keep_default_na=False,
                        encoding="utf-8")
    for column in _DNA_NUMBERS & set(table.columns):
        table[column] = table[column].astype(int)
    return table
