"""From an edge back to the text: the passages in which two actors are named together.

An edge is only a count, and co-mention is not alliance: "Russia accuses NATO" and a
joint communique make the same edge. :func:`edge_evidence` lists the units behind an edge
(with the same unit, level and roll-up as the graph, so there is one row per unit
counted) so that the relation can be read before anything is said about it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Literal

import pandas as pd

from analysis.measure.network.units import (
    UNIT_KEYS,
    StateMap,
    Unit,
    filter_mentions,
    require_columns,
    unit_keys,
    with_nodes,
)

__all__ = ["edge_evidence"]


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
    keys = unit_keys(unit)
    needed = set(keys) | {"actor_id", "start", "text"}
    if unit == "document":
        needed |= set(UNIT_KEYS["sentence"])  # rows are the sentences of the document
    require_columns(mentions, needed, "actor_mentions")
    df = with_nodes(filter_mentions(mentions, None, False), level, state_of)
    a, b = str(a), str(b)
    df = df[df["node"].isin([a, b])]

    sentence_keys = UNIT_KEYS["sentence"]
    if unit == "sentence":
        require_columns(sentences, sentence_keys + ["paragraph_id", "start", "end", "text"],
                        "sentences")
        units = sentences[sentence_keys + ["paragraph_id", "start", "end", "text"]]
        row_keys = sentence_keys
    elif unit == "paragraph":
        require_columns(sentences, ["doc_id", "paragraph_id", "start", "end", "text"], "sentences")
        units = (_paragraph_spans(sentences, texts) if "sentence_id" in sentences.columns
                 else sentences[["doc_id", "paragraph_id", "start", "end", "text"]])
        row_keys = keys
    else:
        require_columns(sentences, sentence_keys + ["paragraph_id", "start", "end", "text"],
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
