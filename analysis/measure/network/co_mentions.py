"""The co-mention tables the command line writes, and how they are measured.

``co_mentions`` holds every tie between actors (``entity_kind`` actor: not places or
references) named in one sentence (with count, PMI,
NPMI and Jaccard); ``co_mentions_backbone`` the ties the disparity filter keeps at alpha
0.05. They are measured here, once, so the command line, the workflow and the parallel
runs write the same tables.
"""

from __future__ import annotations

import pandas as pd

from analysis.measure.network.backbone import backbone
from analysis.measure.network.build import build_network
from analysis.measure.network.export import edges_table

__all__ = ["co_mention_tables"]


def co_mention_tables(actor_mentions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The co-mention tables the command line writes: ``co_mentions`` (every tie between
    actors named in one sentence, with count, PMI, NPMI and Jaccard) and
    ``co_mentions_backbone`` (the ties the disparity filter keeps at alpha 0.05, with
    their alpha; notebook 05 explains the filter).

    >>> mentions = pd.DataFrame({"doc_id": ["d"] * 2, "sentence_id": [0, 0], "paragraph_id": [0, 0],
    ...     "start": [0, 9], "end": [6, 15], "actor_id": ["RUS", "CHN"], "name": ["Russia", "China"],
    ...     "type": ["state", "state"], "kind": ["register", "register"]})
    >>> co_mention_tables(mentions)["co_mentions"][["source", "target", "count"]].to_dict("records")
    [{'source': 'CHN', 'target': 'RUS', 'count': 1}]
    """
    graph = build_network(actor_mentions, unit="sentence", level="actor")
    return {"co_mentions": edges_table(graph), "co_mentions_backbone": edges_table(backbone(graph))}
