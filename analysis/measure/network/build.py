"""The co-mention graph of actors and the association of every pair.

An edge links two actors named in the same unit; its ``count`` is the number of such
units, so repeating a name inside one sentence adds nothing. Raw counts grow with how
often each actor is mentioned at all, so every edge also carries PMI, NPMI and Jaccard
(see :mod:`analysis.measure.network` for the formulas and the choice of ``N``): they say
whether two actors are named together more often than their own frequencies predict.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations
from typing import Any, Literal

import networkx as nx
import pandas as pd

from analysis.measure.network.units import (
    ACTOR_KINDS,
    StateMap,
    Unit,
    actor_node_attrs,
    filter_mentions,
    require_columns,
    unit_keys,
    unit_tuples,
    with_nodes,
)

__all__ = ["build_network"]


def _association(n_ab: int, n_a: int, n_b: int, n: int) -> dict[str, float]:
    pmi = math.log2(n_ab * n / (n_a * n_b))
    h = -math.log2(n_ab / n)
    # p(a,b) = 1: both actors are in every unit; PMI is 0 but association is perfect.
    npmi = 1.0 if h == 0 else pmi / h
    return {"pmi": pmi, "npmi": npmi, "jaccard": n_ab / (n_a + n_b - n_ab)}


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
    entity_kinds: Iterable[str] | None = ACTOR_KINDS,
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
    entity_kinds
        The ``entity_kind`` values counted: by default actors only (who acts and speaks),
        so that regions and agreements (Eurasia, the Helsinki Final Act) are no nodes;
        ``("actor", "place", "reference")`` or None counts every row. For who invokes
        which reference see :func:`actor_reference_network`.

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
    keys = unit_keys(unit)
    require_columns(mentions, set(keys) | {"actor_id"}, "actor_mentions")
    if min_count < 1:
        raise ValueError("min_count must be >= 1")
    df = with_nodes(filter_mentions(mentions, exclude_kinds, drop_ambiguous, register_only, entity_kinds),
                    level, state_of)
    df["_unit"] = unit_tuples(df, keys)

    G = nx.Graph()
    node_attrs = actor_node_attrs(df, level, names, "_unit")
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

