"""Bipartite networks of actors (or speakers) and frames, and their tables.

Which frames appear next to which actors (:func:`actor_frame_network`: counted per unit,
like the co-mention graph) and which frames each speaker uses
(:func:`speaker_frame_network`: counted per frame mention, split by voice, because being
quoted using a frame is not the same as being reported using it). An actor next to a frame
is not necessarily the one who uses it: it may be its target.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import networkx as nx
import pandas as pd

from analysis.measure.network.units import (
    StateMap,
    Unit,
    actor_node_attrs,
    filter_mentions,
    name_lookup,
    present,
    require_columns,
    unit_keys,
    unit_tuples,
    with_nodes,
)

__all__ = ["actor_frame_network", "bipartite_edges", "bipartite_matrix", "speaker_frame_network"]


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
    keys = unit_keys(unit)
    require_columns(actor_mentions, set(keys) | {"actor_id"}, "actor_mentions")
    require_columns(frame_mentions, set(keys) | {"frame_id"}, "frame_mentions")
    am = with_nodes(filter_mentions(actor_mentions, None, False, register_only), level, state_of)
    am["_unit"] = unit_tuples(am, keys)
    fm = frame_mentions[present(frame_mentions["frame_id"])].copy()
    fm["frame_id"] = fm["frame_id"].astype(str)
    fm["_unit"] = unit_tuples(fm, keys)

    G = nx.Graph(unit=unit, level=level, kind="actor-frame")
    actors = actor_node_attrs(am, level, None, "_unit")
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
    require_columns(frame_mentions, ["doc_id", "frame_id", "speaker_id"], "frame_mentions")
    fm = frame_mentions[present(frame_mentions["speaker_id"])
                        & present(frame_mentions["frame_id"])].copy()
    fm["speaker_id"] = fm["speaker_id"].astype(str)
    fm["frame_id"] = fm["frame_id"].astype(str)
    has_voice = "voice" in fm.columns
    voices = sorted({"quoted", "reported", "narrator"}
                    | (set(fm["voice"].dropna().astype(str)) if has_voice else set()))

    G = nx.Graph(kind="speaker-frame")
    for spk, rows in fm.groupby("speaker_id", sort=True):
        G.add_node(f"speaker:{spk}", bipartite="speaker", entity_id=spk,
                   name=name_lookup(names, spk) or spk, type="speaker",
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
