"""Bipartite networks of actors (or speakers) and frames or references, and their tables.

Which frames appear next to which actors (:func:`actor_frame_network`: counted per unit,
like the co-mention graph), which references or places are named next to which actors
(:func:`actor_reference_network`: who invokes the Helsinki Final Act) and which frames each
speaker uses
(:func:`speaker_frame_network`: counted per frame mention, split by voice, because being
quoted using a frame is not the same as being reported using it). An actor next to a frame
is not necessarily the one who uses it: it may be its target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import networkx as nx
import pandas as pd

from analysis.measure.network.units import (
    ACTOR_KINDS,
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

__all__ = ["actor_frame_network", "actor_reference_network", "bipartite_edges", "bipartite_matrix",
           "speaker_frame_network"]


def actor_frame_network(
    actor_mentions: pd.DataFrame,
    frame_mentions: pd.DataFrame,
    unit: Unit = "sentence",
    *,
    level: Literal["actor", "state"] = "actor",
    state_of: StateMap | None = None,
    register_only: bool = False,
    entity_kinds: Iterable[str] | None = ACTOR_KINDS,
) -> nx.Graph:
    """Bipartite graph actor -- frame: which actors appear in the units that use a frame.

    Node keys are prefixed (``"actor:RUS"``, ``"frame:security"``) so that an actor and a
    frame with the same id cannot collide; attributes: ``bipartite`` ("actor"/"frame"),
    ``entity_id`` (the unprefixed id), ``name``, ``type`` (actor_type or "frame"),
    ``mentions`` (rows) and ``units``. Edge ``count`` = number of units containing both
    the actor and the frame; ``documents`` = documents with such a unit.

    An actor next to a frame is not necessarily the one who uses it (or endorses it): it
    may be the target of the framing. For who *speaks* a frame use
    :func:`speaker_frame_network`. ``register_only`` and ``entity_kinds`` (actors only by
    default) as in :func:`build_network`.

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
    am = with_nodes(filter_mentions(actor_mentions, None, False, register_only, entity_kinds), level, state_of)
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


def actor_reference_network(
    actor_mentions: pd.DataFrame,
    unit: Unit = "sentence",
    *,
    kinds: Iterable[str] = ("reference",),
    level: Literal["actor", "state"] = "actor",
    state_of: StateMap | None = None,
    register_only: bool = False,
) -> nx.Graph:
    """Bipartite graph actor -- reference: which actors are named in the units that name
    an agreement, a document or an event (``kinds=("place",)``: a region or a city).

    Places and references are no nodes of the co-mention graph of actors
    (:func:`build_network` counts actors by default); this graph asks the other question:
    who invokes the Helsinki Final Act, who is named next to Eurasia. Node keys are
    ``"actor:<id>"`` and ``"<kind>:<id>"`` (``"reference:HELSINKI_FINAL_ACT"``), with
    ``bipartite`` (``actor`` or the kind), ``entity_id``, ``name``, ``type``, ``mentions``,
    ``units`` and ``documents``; edge ``count`` = units naming both, ``documents``.
    ``level="state"`` rolls the actors (not the references) up to their states. Being
    named next to a reference is not invoking it in every case: read the sentences
    (:func:`edge_evidence` works on these ids too).

    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["d"] * 3, "paragraph_id": [0] * 3, "sentence_id": [0, 0, 1],
    ...                   "actor_id": ["RUS", "HELSINKI_FINAL_ACT", "USA"],
    ...                   "actor_name": ["Russia", "Helsinki Final Act", "United States"],
    ...                   "actor_type": ["state", "agreement", "state"],
    ...                   "entity_kind": ["actor", "reference", "actor"]})
    >>> G = actor_reference_network(m)
    >>> list(G.edges(data="count"))
    [('actor:RUS', 'reference:HELSINKI_FINAL_ACT', 1)]
    >>> bipartite_edges(G)[["actor", "reference", "reference_name", "count"]].values.tolist()
    [['RUS', 'HELSINKI_FINAL_ACT', 'Helsinki Final Act', 1]]
    """
    kinds = tuple(kinds)
    if not kinds or "actor" in kinds:
        raise ValueError("kinds names the other side (reference, place), not actors")
    keys = unit_keys(unit)
    require_columns(actor_mentions, set(keys) | {"actor_id", "entity_kind"}, "actor_mentions")
    side = kinds[0] if len(kinds) == 1 else "reference_or_place"
    am = with_nodes(filter_mentions(actor_mentions, None, False, register_only, ACTOR_KINDS), level, state_of)
    am["_unit"] = unit_tuples(am, keys)
    rm = with_nodes(filter_mentions(actor_mentions, None, False, register_only, kinds), "actor", None)
    rm["_unit"] = unit_tuples(rm, keys)

    G = nx.Graph(unit=unit, level=level, kind=f"actor-{side}", sides=("actor", side))
    for prefix, frame, lvl in (("actor", am, level), (side, rm, "actor")):
        attrs = actor_node_attrs(frame, lvl, None, "_unit")
        for node in sorted(attrs):
            a = attrs[node]
            G.add_node(f"{prefix}:{node}", bipartite=prefix, entity_id=node, name=a["name"], type=a["type"],
                       mentions=a["mentions"], units=a["units"], documents=a["documents"])
    pairs = (am[["_unit", "node"]].drop_duplicates()
             .merge(rm[["_unit", "node"]].drop_duplicates().rename(columns={"node": "other"}), on="_unit"))
    if not pairs.empty:
        pairs["doc_id"] = pairs["_unit"].map(lambda t: t[0])
        agg = (pairs.groupby(["node", "other"], sort=True)
               .agg(count=("_unit", "nunique"), documents=("doc_id", "nunique")))
        for (node, other), r in agg.iterrows():
            G.add_edge(f"actor:{node}", f"{side}:{other}", count=int(r["count"]), documents=int(r["documents"]))
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
    if isinstance(G.graph.get("sides"), (tuple, list)) and len(G.graph["sides"]) == 2:
        return tuple(G.graph["sides"])  # type: ignore[return-value]
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
    # Frames are named by their ids; references and places have names of their own.
    right_names = [f"{right}_name"] if right != "frame" else []
    rows = []
    for u, v, d in G.edges(data=True):
        a, b = (u, v) if G.nodes[u].get("bipartite") == left else (v, u)
        row = {left: G.nodes[a].get("entity_id", a), f"{left}_name": G.nodes[a].get("name", a),
               right: G.nodes[b].get("entity_id", b)}
        if right_names:
            row[right_names[0]] = G.nodes[b].get("name", b)
        rows.append(row | d)
    attrs = sorted({k for r in rows for k in r} - {left, f"{left}_name", right, *right_names})
    first = [a for a in ("count", "documents") if a in attrs]
    table = pd.DataFrame(rows, columns=[left, f"{left}_name", right, *right_names] + first
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
    columns = f"{right}_name" if f"{right}_name" in edges.columns else right
    matrix = edges.pivot_table(index=f"{left}_name", columns=columns, values=weight,
                               aggfunc="sum", fill_value=0)
    rows = sorted(matrix.index, key=lambda r: (-matrix.loc[r].sum(), str(r)))[:top]
    matrix = matrix.loc[rows]
    matrix = matrix.loc[:, matrix.sum(axis=0) > 0]
    cols = sorted(matrix.columns, key=lambda c: (-matrix[c].sum(), str(c)))
    matrix = matrix[cols].astype(int)
    matrix.index.name, matrix.columns.name = left, right
    return matrix
