"""Co-mention networks of political actors: build, filter, measure, explain, export.

Two actors are linked when they are mentioned in the same *unit* of text (a sentence, a
paragraph or a whole document). The edge ``count`` is the number of units in which both
appear, so an actor mentioned five times in one sentence still contributes 1 to that
sentence's edges -- this keeps long lists and repeated names from dominating.

Reading these networks (please read before interpreting a graph)
----------------------------------------------------------------
* **Co-mention is not alliance.** An edge only says that two actors are *talked about
  together*. "Russia accuses NATO of expansion" links Russia and NATO as strongly as a joint
  communique does. The sign of the relation (cooperation, conflict, comparison, a list of
  participants) is not in the graph; read the sentences behind an edge with
  :func:`edge_evidence` before saying anything about it.
* **The graph reflects the corpus, not the world.** A dense Russia--Ukraine edge in a corpus
  of Russian Foreign Ministry briefings is a statement about what that ministry talks about.
* **Counts grow with document length and with the number of documents from one source.**
  Compare ``count`` with ``pmi``/``npmi``/``jaccard`` (association beyond what the actors'
  own frequency predicts) and use :func:`backbone` to keep the edges that stand out *locally*.
* **Actors, not places or references.** Nodes are the mentions whose ``entity_kind`` is
  ``actor`` (:data:`ACTOR_KINDS`): regions, cities named as locations, agreements and
  events are not parties to a co-mention ("ABM Treaty -- INF Treaty" is no tie between
  actors). ``entity_kinds=None`` counts them too; :func:`actor_reference_network` shows
  who is named next to which reference or place.
* **Extraction errors propagate.** Pronoun resolution and ambiguous names create or move
  edges; ``build_network(..., exclude_kinds={"pronoun"}, drop_ambiguous=True)`` gives a
  conservative variant to check that a finding survives.
* **Centrality is descriptive.** A high betweenness means an actor is often mentioned
  alongside otherwise separate actors (e.g. a mediator, or simply the speaker's own
  government); it is not a measure of power.

Association measures (unit-based)
---------------------------------
With ``N`` units, ``n_a`` units mentioning *a*, ``n_b`` mentioning *b* and ``n_ab``
mentioning both::

    p(a) = n_a / N      p(b) = n_b / N      p(a, b) = n_ab / N
    pmi     = log2( p(a, b) / (p(a) p(b)) )       (bits; 0 = as often as chance)
    npmi    = pmi / -log2 p(a, b)                  (in [-1, 1]; 1 = always together)
    jaccard = n_ab / (n_a + n_b - n_ab)            (does not depend on N)

By default ``N`` is the number of units that mention **at least one actor** (after
filtering). This is the population in which a co-mention is possible at all, and it does
not need the sentence table. It makes PMI smaller than with ``N`` = all sentences of the
corpus (PMI grows with ``log2 N``), so PMI values are comparable only between networks built
with the same choice. Pass ``n_units`` (e.g. ``len(sentences)``) to use another population.

Example
-------
>>> import pandas as pd
>>> m = pd.DataFrame({
...     "doc_id": ["d1"] * 4, "paragraph_id": [0] * 4, "sentence_id": [0, 0, 1, 1],
...     "actor_id": ["RUS", "USA", "RUS", "CHN"],
...     "actor_name": ["Russia", "United States", "Russia", "China"],
...     "actor_type": ["state"] * 4})
>>> G = build_network(m)
>>> sorted(G.edges(data="count"))
[('CHN', 'RUS', 1), ('RUS', 'USA', 1)]
>>> G.nodes["RUS"]["mentions"], G.graph["n_units"]
(2, 2)

Modules
-------
* :mod:`.build` -- :func:`build_network` (counts and association measures), on top of
  :mod:`.units` (which rows count, which unit and node each belongs to);
* :mod:`.backbone` -- the disparity filter and what it keeps;
* :mod:`.centrality` -- centrality scores and Louvain communities;
* :mod:`.bipartite` -- actor--frame, actor--reference and speaker--frame networks;
* :mod:`.evidence` -- the passages behind an edge;
* :mod:`.summaries` -- one-row summaries, ranked ties, the part worth drawing;
* :mod:`.export` -- GEXF/GraphML files, tidy node/edge tables, DNA's event list;
* :mod:`.co_mentions` -- the co-mention tables the command line writes;
* :mod:`.statements` -- DNA-style statement networks (congruence, conflict, subtract,
  actor x frame stances, time windows, polarisation, the statements behind a tie);
* :mod:`.memberships` -- group memberships over time (``analysis/data/memberships.yaml``).
"""

from __future__ import annotations

from analysis.measure.network.backbone import (
    backbone,
    backbone_comparison,
    degree_comparison,
    disparity_table,
)
from analysis.measure.network.bipartite import (
    actor_frame_network,
    actor_reference_network,
    bipartite_edges,
    bipartite_matrix,
    speaker_frame_network,
)
from analysis.measure.network.build import build_network
from analysis.measure.network.centrality import (
    centrality_table,
    communities,
    community_summary,
)
from analysis.measure.network.co_mentions import co_mention_tables
from analysis.measure.network.evidence import edge_evidence
from analysis.measure.network.export import (
    DNA_EVENT_COLUMNS,
    dna_event_list,
    edges_table,
    export_graph,
    export_network,
    nodes_table,
    read_dna_event_list,
    write_dna_event_list,
)
from analysis.measure.network.memberships import (
    Memberships,
    MembershipsError,
    load_memberships,
)
from analysis.measure.network.statements import (
    KERNELS,
    actor_frame_stances,
    adjusted_rand,
    camp_communities,
    camp_separation,
    export_statement_networks,
    kernel_weights,
    kernel_window_networks,
    polarisation,
    polarisation_table,
    prepare_statements,
    registered_statements,
    stance_counts,
    stance_matrix,
    stance_table,
    statement_evidence,
    statement_network,
    statement_ties,
    time_window_networks,
    time_window_summary,
)
from analysis.measure.network.summaries import (
    graph_summary,
    rolled_up_nodes,
    top_subgraph,
    top_ties,
)
from analysis.measure.network.units import ACTOR_KINDS, UNIT_KEYS

__all__ = [
    "ACTOR_KINDS",
    "DNA_EVENT_COLUMNS",
    "KERNELS",
    "Memberships",
    "MembershipsError",
    "UNIT_KEYS",
    "actor_frame_network",
    "actor_frame_stances",
    "actor_reference_network",
    "adjusted_rand",
    "backbone",
    "backbone_comparison",
    "bipartite_edges",
    "bipartite_matrix",
    "build_network",
    "camp_communities",
    "camp_separation",
    "centrality_table",
    "co_mention_tables",
    "communities",
    "community_summary",
    "degree_comparison",
    "disparity_table",
    "dna_event_list",
    "edge_evidence",
    "edges_table",
    "export_graph",
    "export_network",
    "export_statement_networks",
    "graph_summary",
    "kernel_weights",
    "kernel_window_networks",
    "load_memberships",
    "nodes_table",
    "polarisation",
    "polarisation_table",
    "prepare_statements",
    "read_dna_event_list",
    "registered_statements",
    "rolled_up_nodes",
    "speaker_frame_network",
    "stance_counts",
    "stance_matrix",
    "stance_table",
    "statement_evidence",
    "statement_network",
    "statement_ties",
    "time_window_networks",
    "time_window_summary",
    "top_subgraph",
    "top_ties",
    "write_dna_event_list",
]
