"""From ``actor_mentions`` rows to what a network counts: units of text and actor nodes.

A co-mention network counts *units* (a sentence, a paragraph or a whole document) in which
actors are named together, so every network of this package first turns mention rows into
(unit, node) pairs. The helpers here do that one way for all of them, so that the graph of
:func:`~analysis.measure.network.build.build_network`, the bipartite graphs and the
evidence behind an edge count the same things:

* which rows count (:func:`filter_mentions`: rows without an actor id never do; unlinked
  and ambiguous names, pronouns or ambiguous rows can be left out; networks of actors
  keep the rows of :data:`ACTOR_KINDS` unless told otherwise);
* which node a row belongs to (:func:`with_nodes`: the actor itself, or at
  ``level="state"`` the state it rolls up to -- an actor the mapping does not know stays
  itself, because dropping it silently would change the network more than keeping it);
* which unit it is in (:data:`UNIT_KEYS`; ``doc_id`` is always part of the key, since
  sentences and paragraphs are numbered within a document);
* what a node is called and how often it is mentioned (:func:`actor_node_attrs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import pandas as pd

from analysis.schema import NOT_IN_REGISTER_PREFIXES, is_blank

__all__ = [
    "ACTOR_KINDS", "UNIT_KEYS", "StateMap", "Unit", "actor_node_attrs", "filter_mentions", "name_lookup",
    "present", "require_columns", "unit_keys", "unit_tuples", "with_nodes",
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


def unit_keys(unit: str) -> list[str]:
    """The key columns of a unit ("sentence", "paragraph" or "document")."""
    try:
        return UNIT_KEYS[unit]
    except KeyError:
        raise ValueError(f"unit must be one of {sorted(UNIT_KEYS)}, got {unit!r}") from None


def require_columns(df: pd.DataFrame, columns: Iterable[str], table: str) -> None:
    """Raise ValueError naming the ``columns`` that ``df`` (the ``table`` table) lacks."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table lacks column(s) {missing}")


def present(values: pd.Series) -> pd.Series:
    """Boolean mask of non-missing values (bool dtype even for an empty column, where an
    object-dtype mask would be read by ``df[...]`` as a list of column names)."""
    return ~values.map(is_blank).astype(bool)


def _state_lookup(state_of: StateMap | None) -> Callable[[str], str]:
    """Turn a dict or a callable into ``actor_id -> node id``.

    Actors the mapping does not know (missing key, ``None``/empty result or ``KeyError``)
    stay themselves: an international organisation has no state, and dropping it silently
    would change the network more than keeping it.
    """
    if state_of is None:
        return lambda a: a
    if isinstance(state_of, Mapping):
        return lambda a: a if is_blank(state_of.get(a)) else str(state_of[a])
    if not callable(state_of):
        raise TypeError("state_of must be a callable or a mapping")

    def lookup(a: str) -> str:
        try:
            s = state_of(a)
        except KeyError:
            return a
        return a if is_blank(s) else str(s)

    return lookup


def name_lookup(names: Mapping[str, str] | Callable[[str], str | None] | None,
                key: str) -> str | None:
    """The display name ``names`` (a dict or a callable) gives ``key``; None when it gives
    none (no mapping, a missing key, ``KeyError`` or a blank value)."""
    if names is None:
        return None
    try:
        value = names.get(key) if isinstance(names, Mapping) else names(key)
    except KeyError:
        return None
    return None if is_blank(value) else str(value)


def _mode(values: pd.Series) -> Any:
    """Most frequent non-missing value; ties broken by sorted order (deterministic)."""
    values = values.dropna()
    values = values[values.astype(str).str.strip() != ""]
    if values.empty:
        return None
    counts = values.astype(str).value_counts()
    top = counts[counts == counts.max()].index
    return sorted(top)[0]


def _group_modes(df: pd.DataFrame, key: str, column: str) -> dict[Any, Any]:
    """:func:`_mode` of ``column`` in every ``key`` group at once (None where a group has
    no usable value): the same result as ``groupby(key)[column].agg(_mode)``, vectorised."""
    values = df[column]
    notna = values.notna()
    text = values[notna].astype(str)
    text = text[text.str.strip() != ""]
    out: dict[Any, Any] = dict.fromkeys(df[key].unique())
    if len(text):
        pairs = pd.DataFrame({"k": df.loc[text.index, key], "v": text})
        counts = pairs.groupby(["k", "v"], sort=False).size().reset_index(name="n")
        counts = counts.sort_values(["n", "v"], ascending=[False, True], kind="stable")
        best = counts.drop_duplicates("k")
        out.update(zip(best["k"], best["v"]))
    return out


#: The entity kinds a network of actors counts by default: who acts and speaks, not the
#: places and references (agreements, events) named next to them.
ACTOR_KINDS = ("actor",)


def filter_mentions(mentions: pd.DataFrame, exclude_kinds: Iterable[str] | None,
                    drop_ambiguous: bool, register_only: bool = False,
                    entity_kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows a network counts, with ``actor_id`` as text: rows with an actor id, minus
    (on request) names not in the register, the ``exclude_kinds`` mention kinds and the
    rows flagged ambiguous; with ``entity_kinds``, only rows of those entity kinds (a
    table without the ``entity_kind`` column, made before it existed, is not filtered).
    A copy: the caller may add columns.

    >>> m = pd.DataFrame({"actor_id": ["RUS", "EURASIA", "unlinked:x"],
    ...                   "entity_kind": ["actor", "place", "actor"]})
    >>> filter_mentions(m, None, False, entity_kinds=ACTOR_KINDS)["actor_id"].tolist()
    ['RUS', 'unlinked:x']
    """
    df = mentions[present(mentions["actor_id"])]
    if entity_kinds is not None and "entity_kind" in df.columns:
        df = df[df["entity_kind"].isin(set(entity_kinds))]
    if register_only:
        df = df[~df["actor_id"].astype(str).str.startswith(NOT_IN_REGISTER_PREFIXES)]
    if exclude_kinds and "mention_kind" in df.columns:
        df = df[~df["mention_kind"].isin(set(exclude_kinds))]
    if drop_ambiguous and "ambiguous" in df.columns:
        df = df[~df["ambiguous"].eq(True)]  # NaN/None count as not ambiguous
    df = df.copy()
    df["actor_id"] = df["actor_id"].astype(str)
    return df


def with_nodes(df: pd.DataFrame, level: str, state_of: StateMap | None) -> pd.DataFrame:
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


def unit_tuples(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """One hashable unit id per row: the tuple of its ``keys`` values (doc_id first)."""
    return pd.Series(list(zip(*(df[k] for k in keys))), index=df.index, dtype=object)


def actor_node_attrs(df: pd.DataFrame, level: str,
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
        name = name_lookup(names, node) or own_names.get(node)
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

